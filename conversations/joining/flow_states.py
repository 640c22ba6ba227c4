"""What the joining flows keep in a conversation row: each flow's steps and data.

Stored values (see conversations.core.flow): a conversation halfway through one of
these flows carries on after an upgrade, so no step name or key here ever changes.
"""

from __future__ import annotations

from typing import Literal, Required, TypedDict

from conversations.core.types import Role

# Consent and language (onboarding.py). The invite and its role are there from the consent
# on; someone whose chat state was lost while joining starts again at "language" without.
OnboardingStep = Literal["consent", "language"]


class OnboardingData(TypedDict, total=False):
    invite: int
    role: Role


# The intake and /profile (intake.py). Its steps name a field of joining.fields:
# "ask:<field>" and "other:<field>" (the words for "other"), then "summary"; a Literal
# cannot spell that, so the steps are built by intake._field_step only.
IntakeStep = str
IntakeFieldStep = Literal["ask", "other"]
IntakeMode = Literal["onboarding", "profile"]


class IntakeData(TypedDict, total=False):
    mode: Required[IntakeMode]
    editing: bool  # asked from the summary: back to the summary after this field
    picked: list[str]  # a multiple choice so far, and the field it is for
    picked_for: str


# /invite (invites.py, and group_invites.py for the group_ steps).
InviteStep = Literal[
    "app", "role", "programme", "group_role", "group_programme", "group_limit", "group_until"
]
InviteRole = Literal["candidate", "buddy"]


class InviteData(TypedDict, total=False):
    # The chat app the invited person uses (a channel's name), when LiftBot runs on several.
    app: str
    role: InviteRole
    programme: int
    limit: int


# /language (language.py): nothing but the question.
LanguageStep = Literal["pick"]
