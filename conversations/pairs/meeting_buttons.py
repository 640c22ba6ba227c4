"""The buttons on a pair and its meetings, each saying what it does. They are bound to the
record (prefixes in names.py): "mt" to the pair, "ms" to a proposal's times, "mm" to a
meeting to move or cancel, "tk" to "did you talk?" after a meeting.

    mt:<pair>:plan    the buddy plans a meeting (times and a place)
    mt:<pair>:ask     the job seeker asks the buddy for a meeting
    mt:<pair>:end     either ends the pair (after "are you sure")
    ms:<meeting>:<n>  the job seeker picks time n;  ms:<meeting>:none  none of them suit
    mm:<meeting>:move / mm:<meeting>:cancel   (cancel after "are you sure")
    tk:<meeting>:yes / notyet / never
"""

from __future__ import annotations

from conversations.core.flow import rows
from conversations.core.records import Meeting, Pair
from conversations.core.types import Button, Msg, When
from conversations.pairs.names import MEETING_CHANGE, MEETING_TIME, PAIR_MEETING, TALK


def plan_row(pair: Pair, person_id: int) -> list[Button]:
    """The buddy plans; the job seeker asks the buddy to."""
    if person_id == pair.buddy_id:
        return [Button(Msg.of("meeting.propose"), f"{PAIR_MEETING}:{pair.id}:plan", bound=True)]
    return [Button(Msg.of("meeting.ask"), f"{PAIR_MEETING}:{pair.id}:ask", bound=True)]


def end_row(pair: Pair) -> list[Button]:
    return [Button(Msg.of("pair.end"), f"{PAIR_MEETING}:{pair.id}:end", bound=True)]


def meeting_row(meeting: Meeting) -> list[Button]:
    return [
        Button(Msg.of("meeting.move"), f"{MEETING_CHANGE}:{meeting.id}:move", bound=True),
        Button(Msg.of("meeting.cancel"), f"{MEETING_CHANGE}:{meeting.id}:cancel", bound=True),
    ]


def new_times_row(pair: Pair) -> list[Button]:
    """For the buddy when none of the times suit: propose other times."""
    return [Button(Msg.of("meeting.new_times"), f"{PAIR_MEETING}:{pair.id}:plan", bound=True)]


def move_times_row(meeting: Meeting) -> list[Button]:
    """For the buddy when asked to move a meeting: other times, instead of this one."""
    return [Button(Msg.of("meeting.new_times"), f"{MEETING_CHANGE}:{meeting.id}:move", bound=True)]


def pick_rows(meeting: Meeting) -> list[list[Button]]:
    """The proposed times, one per row, and "none of these suit me" below them."""
    times = [
        Button(Msg.of("meeting.slot", when=When(s)), f"{MEETING_TIME}:{meeting.id}:{i}", bound=True)
        for i, s in enumerate(meeting.slots)
    ]
    none = Button(Msg.of("meeting.none_suit"), f"{MEETING_TIME}:{meeting.id}:none", bound=True)
    return [*rows(times, 1), [none]]


def talk_rows(meeting: Meeting) -> list[list[Button]]:
    return [
        [Button(Msg.of("talk.yes"), f"{TALK}:{meeting.id}:yes", bound=True)],
        [Button(Msg.of("talk.not_yet"), f"{TALK}:{meeting.id}:notyet", bound=True)],
        [Button(Msg.of("talk.never"), f"{TALK}:{meeting.id}:never", bound=True)],
    ]
