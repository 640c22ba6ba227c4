"""What the events flows keep in a conversation row: each flow's steps and data.

Stored values (see conversations.core.flow): a conversation halfway through one of
these flows carries on after an upgrade, so no step name or key here ever changes.
"""

from __future__ import annotations

from typing import Literal, Required, TypedDict

from conversations.core.records import Audience, EventKind, ProgrammeKind

# /programme (programmes.py).
ProgrammeStep = Literal["kind", "name", "municipality"]


class ProgrammeData(TypedDict, total=False):
    kind: ProgrammeKind
    name: str


# /newevent (event_wizard.py): the steps answered by typing (after Back, the earlier answer
# can be kept), those that take any text, and all of them.
NewEventTypedStep = Literal["title", "when", "venue", "address", "capacity", "description"]
NewEventTextStep = Literal["title", "venue", "address", "description"]
NewEventStep = (
    NewEventTypedStep
    | Literal["programme", "kind", "audience", "when_ok", "repeat", "duration", "pin", "preview"]
)
Repeat = Literal["once", "weekly", "1st", "2nd", "3rd", "4th", "last"]


class EventDraft(TypedDict, total=False):
    programme: int
    kind: EventKind
    audience: Audience
    title: str
    starts_at: str  # ISO 8601 with its offset
    repeat: Repeat
    minutes: int
    venue: str
    address: str
    latitude: float
    longitude: float
    capacity: int
    description: str


class NewEventData(TypedDict, total=False):
    draft: EventDraft


# Changing or cancelling an event (event_changes.py).
EventChangeStep = Literal["field", "value", "when_ok", "cancel"]
# What can be changed: typed in, or picked with a button.
TypedField = Literal["when", "venue", "capacity", "description"]
ChangeField = TypedField | Literal["reminders", "audience"]


class EventChangeData(TypedDict, total=False):
    event: Required[int]
    cancel: Required[bool]
    field: ChangeField
    starts_at: str  # the new time, ISO 8601, until it is confirmed


# The coach's /events (coach_events.py): the list, or one of an event's lists.
EventView = Literal["people", "present", "comments", "choices"]
CoachEventsStep = Literal["list"] | EventView


class CoachEventsData(TypedDict, total=False):
    event: int
    page: int
    list_page: int  # the list's page, kept while one event's list is open


# The comment after the stars (checkin.py).
EvaluationStep = Literal["comment"]


class EvaluationData(TypedDict):
    event: int
    rating: int
