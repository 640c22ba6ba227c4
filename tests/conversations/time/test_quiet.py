"""Quiet hours: the one policy for every message LiftBot sends of its own accord."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from conversations.time.quiet import QuietHours, is_stale

AMS = ZoneInfo("Europe/Amsterdam")
QUIET = QuietHours(AMS)  # 21:00-08:30, Sundays quiet
ALL_WEEK = QuietHours(AMS, sunday=False)
# Week of Saturday 21 November 2026: Sunday 22, Monday 23, Tuesday 24.


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def test_the_night_and_sunday_are_quiet_in_local_time() -> None:
    assert QUIET.is_quiet(local(2026, 11, 24, 21, 0))
    assert QUIET.is_quiet(local(2026, 11, 25, 8, 29))
    assert not QUIET.is_quiet(local(2026, 11, 25, 8, 30))
    assert not QUIET.is_quiet(local(2026, 11, 24, 20, 59))
    assert QUIET.is_quiet(local(2026, 11, 22, 12, 0))  # Sunday noon
    assert not ALL_WEEK.is_quiet(local(2026, 11, 22, 12, 0))


def test_a_quiet_evening_moves_to_the_end_of_the_quiet_hours() -> None:
    assert QUIET.next_allowed(local(2026, 11, 24, 22, 0)) == local(2026, 11, 25, 8, 30)
    assert QUIET.next_allowed(local(2026, 11, 24, 21, 0)) == local(2026, 11, 25, 8, 30)
    assert QUIET.next_allowed(local(2026, 11, 24, 7, 0)) == local(2026, 11, 24, 8, 30)


def test_allowed_moments_stay_as_they_are_and_come_back_in_utc() -> None:
    for moment in (local(2026, 11, 24, 8, 30), local(2026, 11, 24, 20, 59)):
        assert QUIET.next_allowed(moment) == moment
    in_amsterdam = datetime(2026, 11, 24, 12, 0, tzinfo=AMS)
    assert QUIET.next_allowed(in_amsterdam) == in_amsterdam
    assert QUIET.next_allowed(in_amsterdam).tzinfo is UTC


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        QUIET.next_allowed(datetime(2026, 11, 24, 12, 0))


def test_saturday_night_and_all_of_sunday_move_to_monday_morning() -> None:
    monday_morning = local(2026, 11, 23, 8, 30)
    assert QUIET.next_allowed(local(2026, 11, 21, 21, 30)) == monday_morning
    for hour in (0, 7, 10, 20, 23):
        assert QUIET.next_allowed(local(2026, 11, 22, hour, 0)) == monday_morning
    assert ALL_WEEK.next_allowed(local(2026, 11, 21, 21, 30)) == local(2026, 11, 22, 8, 30)


def test_the_hours_come_from_the_settings() -> None:
    late = QuietHours(AMS, start=time(20, 0), end=time(9, 15))
    assert late.next_allowed(local(2026, 11, 24, 20, 0)) == local(2026, 11, 25, 9, 15)
    assert late.next_allowed(local(2026, 11, 24, 9, 0)) == local(2026, 11, 24, 9, 15)
    # Quiet hours that do not cross midnight work too.
    small_hours = QuietHours(AMS, start=time(0, 0), end=time(7, 0), sunday=False)
    assert small_hours.next_allowed(local(2026, 11, 24, 23, 0)) == local(2026, 11, 24, 23, 0)
    assert small_hours.next_allowed(local(2026, 11, 24, 3, 0)) == local(2026, 11, 24, 7, 0)


def test_equal_start_and_end_mean_no_quiet_hours() -> None:
    never = QuietHours(AMS, start=time(0, 0), end=time(0, 0), sunday=False)
    for moment in (local(2026, 11, 22, 3, 0), local(2026, 11, 22, 23, 59)):
        assert not never.is_quiet(moment) and never.next_allowed(moment) == moment


def test_a_sunday_keeps_its_hour_on_monday() -> None:
    assert QUIET.on_allowed_day(local(2026, 11, 22, 12).date(), time(10)) == local(
        2026, 11, 23, 10, 0
    )
    assert QUIET.on_allowed_day(local(2026, 11, 24, 12).date(), time(7)) == local(
        2026, 11, 24, 8, 30
    )


def test_the_week_the_clocks_go_forward() -> None:
    # Summer time starts on Sunday 29 March 2026 at 02:00 (CET+1 -> CEST+2).
    assert QUIET.next_allowed(local(2026, 3, 28, 22, 0)) == datetime(2026, 3, 30, 6, 30, tzinfo=UTC)
    assert ALL_WEEK.next_allowed(local(2026, 3, 28, 22, 0)) == datetime(
        2026, 3, 29, 6, 30, tzinfo=UTC
    )
    # Two days before Monday 10:00 summer time is Saturday 10:00 winter time.
    start = local(2026, 3, 30, 10, 0)
    assert QUIET.reminder_at(start, timedelta(days=2)) == datetime(2026, 3, 28, 9, 0, tzinfo=UTC)


def test_the_week_the_clocks_go_back() -> None:
    # Winter time starts on Sunday 25 October 2026 at 03:00 (CEST+2 -> CET+1).
    assert ALL_WEEK.next_allowed(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == datetime(
        2026, 10, 25, 7, 30, tzinfo=UTC
    )
    assert QUIET.next_allowed(local(2026, 10, 24, 23, 0)) == datetime(
        2026, 10, 26, 7, 30, tzinfo=UTC
    )
    # Two hours before Monday 10:00 is 08:00, still quiet: 08:30 winter time.
    start = local(2026, 10, 26, 10, 0)
    assert QUIET.reminder_at(start, timedelta(hours=2)) == datetime(2026, 10, 26, 7, 30, tzinfo=UTC)


TWO_DAYS, ONE_DAY, TWO_HOURS = timedelta(days=2), timedelta(days=1), timedelta(hours=2)


def test_a_reminder_in_allowed_time_goes_out_as_meant() -> None:
    assert QUIET.reminder_at(local(2026, 11, 26, 19, 0), TWO_DAYS) == local(2026, 11, 24, 19, 0)


def test_a_reminder_in_the_night_waits_for_the_morning_while_it_still_fits() -> None:
    # Two days before Thursday 22:00 is Tuesday 22:00: Wednesday 08:30 leaves 37.5 hours.
    assert QUIET.reminder_at(local(2026, 11, 26, 22, 0), TWO_DAYS) == local(2026, 11, 25, 8, 30)
    # Two days before Tuesday 10:00 is a Sunday: Monday 08:30 still leaves more than a day.
    assert QUIET.reminder_at(local(2026, 11, 24, 10, 0), TWO_DAYS) == local(2026, 11, 23, 8, 30)


def test_too_late_in_the_morning_goes_out_the_evening_before() -> None:
    # Two hours before Tuesday 09:00 is 07:00; 08:30 would leave half an hour.
    assert QUIET.reminder_at(local(2026, 11, 24, 9, 0), TWO_HOURS) == local(2026, 11, 23, 20, 30)
    # A day before Monday 10:00 is a quiet Sunday; Monday 08:30 is too close: Saturday evening.
    assert QUIET.reminder_at(local(2026, 11, 23, 10, 0), ONE_DAY) == local(2026, 11, 21, 20, 30)


def test_a_reminder_that_fits_nowhere_is_left_to_the_next_one() -> None:
    # Two hours before Monday 09:00: Monday 08:30 is too close, Sunday is quiet, and
    # Saturday evening would be a day and a half early (the day-before reminder covers it).
    assert QUIET.reminder_at(local(2026, 11, 23, 9, 0), TWO_HOURS) is None


def test_a_reminder_is_stale_when_less_than_half_its_lead_is_left() -> None:
    start = local(2026, 11, 23, 10, 0)
    assert not is_stale(start, TWO_DAYS, local(2026, 11, 22, 10, 0))  # exactly a day left
    assert is_stale(start, TWO_DAYS, local(2026, 11, 22, 10, 1))
    assert is_stale(start, TWO_DAYS, local(2026, 11, 23, 8, 30))
    assert not is_stale(start, TWO_HOURS, local(2026, 11, 23, 8, 30))
    assert is_stale(start, TWO_HOURS, local(2026, 11, 23, 9, 1))
    assert is_stale(start, TWO_HOURS, local(2026, 11, 23, 10, 5))  # it has started
