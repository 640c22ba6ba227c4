"""Quiet hours: scheduled messages move out of the night."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from conversations.quiet import is_quiet, out_of_quiet

AMS = ZoneInfo("Europe/Amsterdam")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS).astimezone(UTC)


def test_the_night_is_quiet_in_local_time() -> None:
    assert is_quiet(local(2026, 11, 23, 21, 0), AMS)
    assert is_quiet(local(2026, 11, 24, 7, 59), AMS)
    assert not is_quiet(local(2026, 11, 24, 8, 0), AMS)
    assert not is_quiet(local(2026, 11, 23, 20, 59), AMS)


def test_a_night_message_moves_to_the_morning_when_that_is_early_enough() -> None:
    due = local(2026, 11, 23, 23, 30)
    assert out_of_quiet(due, AMS, latest=local(2026, 11, 24, 10, 0)) == local(2026, 11, 24, 8, 0)


def test_too_late_in_the_morning_moves_it_to_the_evening_before() -> None:
    due = local(2026, 11, 24, 7, 0)  # two hours before a 09:00 start
    moved = out_of_quiet(due, AMS, latest=local(2026, 11, 24, 8, 0))
    assert moved == local(2026, 11, 23, 20, 30)


def test_across_the_switch_to_winter_time() -> None:
    due = local(2026, 10, 25, 2, 30)  # the night the clocks go back
    assert out_of_quiet(due, AMS, latest=local(2026, 10, 25, 12, 0)) == local(2026, 10, 25, 8, 0)
    assert local(2026, 10, 25, 8, 0).hour == 7  # 08:00 CET is 07:00 UTC
