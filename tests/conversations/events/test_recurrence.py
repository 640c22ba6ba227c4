"""Recurring series: the dates they fall on and how a rule is stored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from conversations.events.recurrence import JOBON, WALK_AND_TALK, Rule, occurrences

ZONE = ZoneInfo("Europe/Amsterdam")
SEP_2026 = datetime(2026, 9, 1, tzinfo=UTC)
END_APR_2027 = datetime(2027, 4, 30, 22, 0, tzinfo=UTC)


def test_walk_and_talk_on_last_thursdays_through_both_clock_changes() -> None:
    starts = occurrences(WALK_AND_TALK, SEP_2026, END_APR_2027, ZONE)
    assert [s.date() for s in starts] == [
        date(2026, 9, 24),
        date(2026, 10, 29),
        date(2026, 11, 26),
        date(2026, 12, 31),
        date(2027, 1, 28),
        date(2027, 2, 25),
        date(2027, 3, 25),
        date(2027, 4, 29),
    ]
    assert all(s.tzinfo is UTC for s in starts)
    assert all(s.astimezone(ZONE).hour == 19 for s in starts)
    # Summer time until 25 October 2026 and again from 28 March 2027.
    assert [s.hour for s in starts] == [17, 18, 18, 18, 18, 18, 18, 17]


def test_after_is_exclusive_and_until_inclusive() -> None:
    first, second = datetime(2026, 9, 24, 17, tzinfo=UTC), datetime(2026, 10, 29, 18, tzinfo=UTC)
    assert occurrences(WALK_AND_TALK, first, second, ZONE) == [second]
    assert occurrences(WALK_AND_TALK, first, second.replace(minute=1), ZONE) == [second]
    assert occurrences(WALK_AND_TALK, second, second, ZONE) == []


def test_weekly_wednesday_morning() -> None:
    rule = Rule("weekly", "wed", None, 10, 0)
    after = datetime(2026, 10, 12, tzinfo=UTC)
    until = datetime(2026, 11, 5, tzinfo=UTC)
    assert occurrences(rule, after, until, ZONE) == [
        datetime(2026, 10, 14, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 21, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 28, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
    ]


def test_jobon_on_first_wednesdays() -> None:
    starts = occurrences(JOBON, SEP_2026, datetime(2027, 1, 31, tzinfo=UTC), ZONE)
    assert starts == [
        datetime(2026, 9, 2, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 7, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
        datetime(2026, 12, 2, 9, 0, tzinfo=UTC),
        datetime(2027, 1, 6, 9, 0, tzinfo=UTC),
    ]


def test_nothing_in_an_empty_window() -> None:
    assert occurrences(JOBON, END_APR_2027, SEP_2026, ZONE) == []


@pytest.mark.parametrize("rule", [WALK_AND_TALK, JOBON, Rule("weekly", "sun", None, 23, 59)])
def test_json_round_trip(rule: Rule) -> None:
    assert Rule.from_json(rule.to_json()) == rule


def test_json_shape() -> None:
    assert WALK_AND_TALK.to_json() == {
        "freq": "monthly",
        "weekday": "thu",
        "nth": "last",
        "hour": 19,
        "minute": 0,
    }


GOOD = {"freq": "monthly", "weekday": "thu", "nth": "last", "hour": 19, "minute": 0}


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "monthly",
        {},
        {**GOOD, "freq": "daily"},
        {**GOOD, "weekday": "thursday"},
        {**GOOD, "nth": "5th"},
        {**GOOD, "nth": None},
        {**GOOD, "freq": "weekly"},
        {**GOOD, "hour": 24},
        {**GOOD, "hour": -1},
        {**GOOD, "hour": "19"},
        {**GOOD, "hour": True},
        {**GOOD, "minute": 60},
        {**GOOD, "minute": 0.5},
        {key: value for key, value in GOOD.items() if key != "minute"},
    ],
)
def test_bad_json_raises(data: object) -> None:
    with pytest.raises(ValueError):
        Rule.from_json(data)


def test_bad_rule_raises() -> None:
    with pytest.raises(ValueError):
        Rule("weekly", "wed", "1st", 10, 0)
