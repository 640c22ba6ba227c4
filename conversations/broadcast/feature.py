"""What broadcasts handle: /broadcast (the wizard) and the pause, go on and stop buttons
under a broadcast's progress."""

from __future__ import annotations

from conversations.broadcast import audience, compose
from conversations.broadcast.names import CONTROL
from conversations.core.feature import Command, Feature

FEATURE = Feature(
    commands=(Command("broadcast", compose.start, {"coach": 65, "admin": 40}),),
    flows={compose.NAME: compose},
    keeps_work=frozenset({compose.NAME}),
    buttons={CONTROL: audience.on_control},
)
