"""What the people screens handle: a coach's /people, and an admin's /handover of
programmes to a new coach."""

from __future__ import annotations

from conversations.core.feature import Command, Feature
from conversations.people import handover, screen

FEATURE = Feature(
    commands=(
        Command("people", screen.start, {"coach": 60}),
        Command("handover", handover.start, {"admin": 30}),
    ),
    flows={screen.NAME: screen, handover.NAME: handover},
)
