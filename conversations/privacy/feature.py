"""What privacy handles: /mydata and /forget, for everyone at any moment."""

from __future__ import annotations

from conversations.core.feature import Command, Feature, at
from conversations.privacy import forget, mydata

FEATURE = Feature(
    commands=(
        Command("mydata", mydata.my_data, at(85), always=True),
        Command("forget", forget.start, at(99), always=True),
    ),
    flows={forget.NAME: forget},
    keeps_work=frozenset({forget.NAME}),
)
