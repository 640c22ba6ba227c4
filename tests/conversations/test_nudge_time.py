"""Nudge times: out of quiet hours and Sundays, before and on the due day, after downtime."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from conversations.nudge_time import Quiet, after_downtime, next_allowed, nudge_plan

AMS = ZoneInfo("Europe/Amsterdam")
# Week of Saturday 21 November 2026: Sunday 22, Monday 23, Tuesday 24.


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def test_a_quiet_evening_moves_to_the_next_morning() -> None:
    assert next_allowed(local(2026, 11, 24, 22, 0), AMS) == local(2026, 11, 25, 8, 30)
    assert next_allowed(local(2026, 11, 24, 21, 0), AMS) == local(2026, 11, 25, 8, 30)


def test_an_early_morning_moves_to_the_end_of_quiet_hours() -> None:
    assert next_allowed(local(2026, 11, 24, 7, 0), AMS) == local(2026, 11, 24, 8, 30)


def test_allowed_moments_stay_as_they_are() -> None:
    for moment in (local(2026, 11, 24, 8, 30), local(2026, 11, 24, 20, 59)):
        assert next_allowed(moment, AMS) == moment


def test_the_answer_is_in_utc_whatever_zone_comes_in() -> None:
    moment = datetime(2026, 11, 24, 12, 0, tzinfo=AMS)
    assert next_allowed(moment, AMS) == moment
    assert next_allowed(moment, AMS).tzinfo is UTC


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        next_allowed(datetime(2026, 11, 24, 12, 0), AMS)


def test_sunday_moves_to_the_first_allowed_moment_of_monday() -> None:
    monday_morning = local(2026, 11, 23, 8, 30)
    for hour in (0, 7, 10, 20, 23):
        assert next_allowed(local(2026, 11, 22, hour, 0), AMS) == monday_morning


def test_sundays_are_allowed_when_switched_off() -> None:
    sunday = local(2026, 11, 22, 10, 0)
    assert next_allowed(sunday, AMS, Quiet(no_sundays=False)) == sunday


def test_saturday_night_skips_sunday() -> None:
    assert next_allowed(local(2026, 11, 21, 22, 0), AMS) == local(2026, 11, 23, 8, 30)


NOW = local(2026, 11, 23, 9, 0)  # Monday


def test_due_in_three_days_gets_only_the_due_day_nudge() -> None:
    assert nudge_plan(date(2026, 11, 26), NOW, AMS) == [("due", local(2026, 11, 26, 10, 0))]


def test_due_in_four_days_gets_a_nudge_two_days_before_too() -> None:
    assert nudge_plan(date(2026, 11, 27), NOW, AMS) == [
        ("before", local(2026, 11, 25, 10, 0)),
        ("due", local(2026, 11, 27, 10, 0)),
    ]


def test_nudges_that_are_not_in_the_future_are_left_out() -> None:
    assert nudge_plan(date(2026, 11, 23), NOW, AMS) == [("due", local(2026, 11, 23, 10, 0))]
    assert nudge_plan(date(2026, 11, 23), local(2026, 11, 23, 10, 0), AMS) == []
    assert nudge_plan(date(2026, 11, 20), NOW, AMS) == []


def test_a_sunday_nudge_keeps_its_time_of_day_on_monday() -> None:
    # Due on Sunday 29 November: the "due" nudge moves; due on Tuesday 1 December: "before".
    assert nudge_plan(date(2026, 11, 29), NOW, AMS) == [
        ("before", local(2026, 11, 27, 10, 0)),
        ("due", local(2026, 11, 30, 10, 0)),
    ]
    assert nudge_plan(date(2026, 12, 1), NOW, AMS) == [
        ("before", local(2026, 11, 30, 10, 0)),
        ("due", local(2026, 12, 1, 10, 0)),
    ]


def test_a_planned_nudge_in_quiet_hours_moves_to_their_end() -> None:
    late_mornings = Quiet(end=time(10, 30))
    assert nudge_plan(date(2026, 11, 29), NOW, AMS, late_mornings) == [
        ("before", local(2026, 11, 27, 10, 30)),
        ("due", local(2026, 11, 30, 10, 30)),
    ]


def test_the_local_hour_holds_across_the_switch_to_winter_time() -> None:
    # Summer time ends on Sunday 25 October 2026.
    plan = nudge_plan(date(2026, 10, 26), datetime(2026, 10, 20, 9, 0, tzinfo=UTC), AMS)
    assert plan == [
        ("before", datetime(2026, 10, 24, 8, 0, tzinfo=UTC)),
        ("due", datetime(2026, 10, 26, 9, 0, tzinfo=UTC)),
    ]


TUESDAY_11 = local(2026, 11, 24, 11, 0)


def test_not_yet_due_stays_on_time() -> None:
    planned = local(2026, 11, 24, 14, 0)
    assert after_downtime(planned, TUESDAY_11, AMS) == (planned, "on_time")


@pytest.mark.parametrize("late", [timedelta(hours=3), timedelta(hours=11, minutes=59)])
def test_a_little_late_goes_out_now(late: timedelta) -> None:
    assert after_downtime(TUESDAY_11 - late, TUESDAY_11, AMS) == (TUESDAY_11, "late_send")


def test_more_than_the_grace_late_is_moved_to_the_first_allowed_moment() -> None:
    planned = TUESDAY_11 - timedelta(hours=12, minutes=1)
    assert after_downtime(planned, TUESDAY_11, AMS) == (TUESDAY_11, "moved")
    exactly = TUESDAY_11 - timedelta(hours=12)
    assert after_downtime(exactly, TUESDAY_11, AMS)[1] == "moved"


def test_late_at_night_waits_for_the_morning() -> None:
    now = local(2026, 11, 24, 23, 0)
    planned = local(2026, 11, 24, 20, 0)
    assert after_downtime(planned, now, AMS) == (local(2026, 11, 25, 8, 30), "late_send")


def test_two_days_late_on_a_sunday_moves_to_monday_morning() -> None:
    now = local(2026, 11, 22, 12, 0)
    planned = local(2026, 11, 20, 10, 0)
    assert after_downtime(planned, now, AMS) == (local(2026, 11, 23, 8, 30), "moved")
