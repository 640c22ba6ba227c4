"""A coach types the moment of an event: an unclear time is asked back, the read-back
shows the year when it is not this one, by the engine's own clock."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
from tests.helpers import onboarded_coach, start_programme


async def test_newevent_asks_about_half_8_and_reads_back_next_year(
    engine: Engine, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    # Wednesday 4 December 2030, 14:00 in Amsterdam: far from the machine's own year, so
    # the year shown can only come from the engine's clock.
    clock.set(datetime(2030, 12, 4, 13, 0, tzinfo=UTC))
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("main event")
    await coach.press("Keep this")
    await coach.send("Meet the employers")

    await coach.send("5-1 half 8")
    assert coach.text().startswith(
        "Do you mean 07:30 or 19:30, on Sunday 5 January 2031? Please type it again with the"
        " time on a 24-hour clock, for example ‘5-1-2031 19:30’."
    )
    # The question about the moment follows, so the next answer lands in the right place.
    assert "When does it start?" in coach.text()
    assert coach.labels() == ["⬅️ Back"]

    await coach.send("5-1-2031 19:30")
    assert "I read: Sunday 5 January 2031, 19:30. Is that right?" in coach.text()
    await coach.press("No")

    # This year's dates go without the year; "volgende donderdag" is next week's.
    await coach.send("volgende donderdag half 8 's avonds")
    assert "I read: Thursday 12 December, 19:30. Is that right?" in coach.text()
    await coach.press("Yes")
    assert "How long" in coach.text()


async def test_newevent_in_dutch_asks_in_dutch(engine: Engine, clock: FakeClock) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    await coach.send("/language")
    await coach.press("Nederlands")
    clock.set(datetime(2030, 12, 4, 13, 0, tzinfo=UTC))
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Het evenement")
    await coach.press("Zo laten")
    await coach.send("Ontmoet de werkgevers")
    await coach.send("morgen om 8")
    assert coach.text().startswith(
        "Bedoel je 08:00 of 20:00, op donderdag 5 december? Typ het nog een keer met de tijd"
        " zoals op een klok van 24 uur, bijvoorbeeld ‘5-12 20:00’."
    )
    await coach.send("5-12 20:00")
    assert "Ik lees: donderdag 5 december, 20:00. Klopt dat?" in coach.text()
