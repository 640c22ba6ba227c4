"""Dates as people see them: the year is there whenever it is not the current one."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.i18n import Translator
from conversations.core.types import Msg, When

ZONE = ZoneInfo("Europe/Amsterdam")
NEXT_YEAR = When(datetime(2027, 11, 28, 18, 30, tzinfo=UTC))
THIS_YEAR = When(datetime(2026, 12, 10, 18, 30, tzinfo=UTC))


def translator_on(moment: datetime) -> tuple[Translator, FakeClock]:
    clock = FakeClock(moment)
    return Translator(ZONE, "nl", clock=clock), clock


def test_the_year_shows_when_it_is_not_this_year() -> None:
    translator, _ = translator_on(datetime(2026, 12, 2, 13, 0, tzinfo=UTC))
    assert translator.render("nl", NEXT_YEAR) == "zondag 28 november 2027, 19:30"
    assert translator.render("en", NEXT_YEAR) == "Sunday 28 November 2027, 19:30"
    assert translator.render("nl", THIS_YEAR) == "donderdag 10 december, 19:30"
    assert translator.render("en", THIS_YEAR) == "Thursday 10 December, 19:30"
    last_year = When(datetime(2025, 12, 10, 12, 0, tzinfo=UTC), date_only=True)
    assert translator.render("en", last_year) == "Wednesday 10 December 2025"
    assert translator.render("en", When(NEXT_YEAR.moment, date_only=True)) == (
        "Sunday 28 November 2027"
    )
    assert translator.render("en", When(NEXT_YEAR.moment, time_only=True)) == "19:30"
    # Inside a message, as the coach reads it back.
    read_back = Msg.of("event.when_check", when=NEXT_YEAR)
    assert (
        translator.render("en", read_back)
        == "I read: Sunday 28 November 2027, 19:30. Is that right?"
    )


def test_the_current_year_follows_the_clock_in_local_time() -> None:
    translator, clock = translator_on(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    assert translator.render("en", NEXT_YEAR) == "Sunday 28 November 2027, 19:30"
    # 23:30 UTC on New Year's Eve is already 2027 in Amsterdam.
    clock.set(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert translator.render("en", NEXT_YEAR) == "Sunday 28 November, 19:30"
    assert translator.render("en", THIS_YEAR) == "Thursday 10 December 2026, 19:30"


def test_a_translator_can_take_another_clock_and_keeps_its_own() -> None:
    translator, _ = translator_on(datetime(2026, 12, 2, 13, 0, tzinfo=UTC))
    later = translator.with_clock(FakeClock(datetime(2027, 6, 1, tzinfo=UTC)))
    assert later.render("en", NEXT_YEAR) == "Sunday 28 November, 19:30"
    assert translator.render("en", NEXT_YEAR) == "Sunday 28 November 2027, 19:30"
    # Built the old way, without a clock, it still renders (by the real time).
    assert "28 November" in Translator(ZONE, "nl").render("en", NEXT_YEAR)
