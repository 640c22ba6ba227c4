"""What joining handles: consent, language and the intake (the flows of someone new),
/profile, /language, and /invite with its links."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.feature import Command, Feature, at
from conversations.core.types import Msg, Reply
from conversations.joining import intake, invites, language, onboarding


async def _profile(ctx: Context) -> list[Reply]:
    if ctx.person is None or ctx.person.role == "admin":
        return [Reply(Msg.of("profile.none"))]
    return intake.start_summary(ctx)


FEATURE = Feature(
    commands=(
        Command("profile", _profile, at(80, "candidate", "buddy", "coach")),
        Command("language", language.start, at(90), always=True),
        Command("invite", invites.start, {"coach": 75, "admin": 20}, refusal="error.coach_only"),
    ),
    flows={
        onboarding.NAME: onboarding,
        intake.NAME: intake,
        language.NAME: language,
        invites.NAME: invites,
    },
    keeps_work=frozenset({onboarding.NAME, intake.NAME}),
)
