"""What the pairs flows keep in a conversation row: each flow's steps and data.

Stored values (see conversations.core.flow): a conversation halfway through one of
these flows carries on after an upgrade, so no step name or key here ever changes.
"""

from __future__ import annotations

from typing import Literal, Required, TypedDict

from conversations.core.meeting_records import PlaceData
from conversations.core.records import AgreementKind

# /pair (pairing.py). A suggestion is [buddy id, candidate id, [[reason kind, value], ...]]
# (JSON arrays in the row, read as tuples; bot.sqlite.privacy empties the reasons of one
# that names someone who leaves).
PairStep = Literal["programme", "mode", "candidate", "buddy", "suggestion"]
Suggested = tuple[int, int, list[tuple[str, str]]]


class PairData(TypedDict, total=False):
    programme: int
    page: int
    candidate: int
    suggestions: list[Suggested]
    index: int


# The buddy proposes a meeting (meetings.py): where, then up to three times.
SlotsStep = Literal["place", "pin_name", "link", "slot", "more"]


class SlotsData(TypedDict, total=False):
    pair: Required[int]
    replaces: Required[int | None]  # the planned meeting these times move, if any
    place: PlaceData
    slots: list[str]  # ISO 8601 with their offset


# "None of these suit me", with a note (meeting_pick.py).
NoSlotStep = Literal["note"]


class NoSlotData(TypedDict):
    meeting: int


# "Are you sure?" before cancelling a meeting or ending a pair, with a reason typed
# (meeting_cancel.py).
SureStep = Literal["sure"]


class MeetingCancelData(TypedDict, total=False):
    meeting: Required[int]
    reason: str


class PairEndData(TypedDict, total=False):
    pair: Required[int]
    reason: str


# Recording an agreement (agreement_flow.py).
AgreementStep = Literal["kind", "text", "owner", "due", "date"]
OwnerChoice = Literal["me", "other", "both"]


class AgreementData(TypedDict, total=False):
    pair: Required[int]
    meeting: Required[int]
    kind: AgreementKind
    text: str
    owner: OwnerChoice


# "I need help" with an agreed action, a note for the coach (agreements.py starts it,
# help_note.py is the flow).
HelpNoteStep = Literal["note"]


class HelpNoteData(TypedDict):
    agreement: int


# Round two: the buddies a job seeker would like to meet (round_two.py).
RoundTwoStep = Literal["pick"]


class RoundTwoData(TypedDict):
    event: int
    picked: list[int]  # buddy ids


# A message through LiftBot (relay.py): to the other one of a pair, from a coach to one of
# their people, or to one's coach. Exactly one of the keys.
RelayStep = Literal["text"]


class RelayData(TypedDict, total=False):
    pair: int
    to: int
    coach: int


# Sharing one's phone number with the contact button (reach.py).
ShareNumberStep = Literal["contact"]


class PairOnlyData(TypedDict):
    """A question about one pair: sharing a number, the reason for a decline."""

    pair: int


# The coach's /pairs (pairs_overview.py), a page at a time.
PairsOverviewStep = Literal["coach"]


class PairsOverviewData(TypedDict, total=False):
    page: int


# A buddy who declined a pair may give a reason (pair_answers.py).
PairDeclineStep = Literal["reason"]
