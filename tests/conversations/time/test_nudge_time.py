"""Nudge times: before and on the due day, out of quiet hours and Sundays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from conversations.time.nudge_time import again_at, before_is_stale, nudge_plan
from conversations.time.quiet import QuietHours

AMS = ZoneInfo("Europe/Amsterdam")
QUIET = QuietHours(AMS)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


NOW = local(2026, 11, 23, 9, 0)  # Monday


def test_due_in_three_days_gets_only_the_due_day_nudge() -> None:
    assert nudge_plan(date(2026, 11, 26), NOW, QUIET) == [("due", local(2026, 11, 26, 10, 0))]


def test_due_in_four_days_gets_a_nudge_two_days_before_too() -> None:
    assert nudge_plan(date(2026, 11, 27), NOW, QUIET) == [
        ("before", local(2026, 11, 25, 10, 0)),
        ("due", local(2026, 11, 27, 10, 0)),
    ]


def test_nudges_that_are_not_in_the_future_are_left_out() -> None:
    assert nudge_plan(date(2026, 11, 23), NOW, QUIET) == [("due", local(2026, 11, 23, 10, 0))]
    assert nudge_plan(date(2026, 11, 23), local(2026, 11, 23, 10, 0), QUIET) == []
    assert nudge_plan(date(2026, 11, 20), NOW, QUIET) == []


def test_a_sunday_nudge_keeps_its_time_of_day_on_monday() -> None:
    # Due on Sunday 29 November: the "due" nudge moves; due on Tuesday 1 December: "before".
    assert nudge_plan(date(2026, 11, 29), NOW, QUIET) == [
        ("before", local(2026, 11, 27, 10, 0)),
        ("due", local(2026, 11, 30, 10, 0)),
    ]
    assert nudge_plan(date(2026, 12, 1), NOW, QUIET) == [
        ("before", local(2026, 11, 30, 10, 0)),
        ("due", local(2026, 12, 1, 10, 0)),
    ]


def test_a_planned_nudge_in_quiet_hours_moves_to_their_end() -> None:
    late_mornings = QuietHours(AMS, end=time(10, 30))
    assert nudge_plan(date(2026, 11, 29), NOW, late_mornings) == [
        ("before", local(2026, 11, 27, 10, 30)),
        ("due", local(2026, 11, 30, 10, 30)),
    ]


def test_the_local_hour_holds_across_the_switch_to_winter_time() -> None:
    # Summer time ends on Sunday 25 October 2026.
    plan = nudge_plan(date(2026, 10, 26), datetime(2026, 10, 20, 9, 0, tzinfo=UTC), QUIET)
    assert plan == [
        ("before", datetime(2026, 10, 24, 8, 0, tzinfo=UTC)),
        ("due", datetime(2026, 10, 26, 9, 0, tzinfo=UTC)),
    ]


def test_a_before_nudge_is_stale_once_the_due_date_has_come() -> None:
    due = date(2026, 11, 27)
    assert not before_is_stale(due, local(2026, 11, 26, 20, 59), QUIET)
    assert before_is_stale(due, local(2026, 11, 27, 8, 30), QUIET)
    assert before_is_stale(due, local(2026, 11, 30, 8, 30), QUIET)


def test_remind_me_again_keeps_ten_oclock_and_skips_sunday() -> None:
    thursday = local(2026, 11, 19, 15, 0)
    assert again_at(thursday, 3, QUIET) == local(2026, 11, 23, 10, 0)
    assert again_at(thursday, 7, QUIET) == local(2026, 11, 26, 10, 0)
