"""What the flows may ask of storage, one protocol per area; `Store` is all of them, as the
flows' Context holds it. bot.storage.Backend adds what the application shell needs, and
tests/bot/storage/ checks every method of both against every backend."""

from __future__ import annotations

from typing import Protocol

from conversations.core.stores.broadcasts import BroadcastStore
from conversations.core.stores.coaching import CvReviewStore, PreparationStore
from conversations.core.stores.events import (
    AttendanceStore,
    EventStore,
    ProgrammeStore,
    SeriesStore,
)
from conversations.core.stores.overviews import PairOverviewStore, PeopleOverviewStore
from conversations.core.stores.pairs import (
    AgreementStore,
    MeetingStore,
    PairStore,
    ReachStore,
    RoundTwoStore,
)
from conversations.core.stores.people import InviteStore, PersonStore
from conversations.core.stores.privacy import HandoverStore, PersonalDataStore
from conversations.core.stores.schedule import ScheduleStore

__all__ = [
    "AgreementStore",
    "AttendanceStore",
    "BroadcastStore",
    "CvReviewStore",
    "EventStore",
    "HandoverStore",
    "InviteStore",
    "MeetingStore",
    "PairOverviewStore",
    "PairStore",
    "PeopleOverviewStore",
    "PersonStore",
    "PersonalDataStore",
    "PreparationStore",
    "ProgrammeStore",
    "ReachStore",
    "RoundTwoStore",
    "ScheduleStore",
    "SeriesStore",
    "Store",
]


class Store(
    PersonStore,
    InviteStore,
    ProgrammeStore,
    EventStore,
    AttendanceStore,
    SeriesStore,
    PairStore,
    MeetingStore,
    AgreementStore,
    RoundTwoStore,
    ReachStore,
    PreparationStore,
    CvReviewStore,
    ScheduleStore,
    BroadcastStore,
    PairOverviewStore,
    PeopleOverviewStore,
    PersonalDataStore,
    HandoverStore,
    Protocol,
):
    """What the flows may ask of storage; implemented by bot.sqlite.store.SqliteStore."""
