"""/newevent as a coach types it: a length of time in words, and an empty meetings list that
leaves nothing open to answer."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from conversations.time.durations import parse_minutes
from tests.helpers import onboarded_coach, start_programme


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("90 minuten", 90),
        ("45 min", 45),
        ("1,5 uur", 90),
        ("2,5 uur", 150),
        ("anderhalf uur", 90),
        ("2u", 120),
        ("1u30", 90),
        ("1:30", 90),
        ("2", 120),
        ("90", 90),
        ("3 hours", 180),
        ("an hour and a half", 90),
        ("1.5h", 90),
        ("10 minuten", None),  # shorter than any meeting
        ("13 uur", None),  # longer than a day's programme
        ("lang", None),
        ("", None),
    ],
)
def test_a_typed_length_of_time(typed: str, minutes: int | None) -> None:
    assert parse_minutes(typed) == minutes


async def test_a_typed_length_counts_and_shows_in_the_preview(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Meetup")
    await coach.press("Keep this")
    await coach.send("Walk&Talk")
    await coach.send("1-12 10:00")
    await coach.press("Yes")
    await coach.press("Once")
    await coach.send("a while")
    assert "type how long it lasts, for example ‘45 minutes’" in coach.text()
    await coach.send("45 minutes")
    assert "Where is it?" in coach.text()
    await coach.send("Library")
    await coach.press("Skip")
    await coach.press("Skip")
    await coach.send("12")
    await coach.press("Skip")
    assert "10:00 to 10:45" in coach.text()
    # No description and no repeat: no gap of empty lines where they would be.
    assert "👥 Places: 12\n🎯 For: job seekers and employers\n\nSave and invite?" in coach.text()


async def test_no_meetings_leaves_no_list_open_and_the_draft_comes_back(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Meetup")
    await coach.press("Keep this")
    await coach.send("/events")
    assert "You have no meetings yet" in coach.text()
    # Not "choose one of the buttons" under a message without buttons: the draft is back.
    assert "Back to your new meeting" in coach.text()
    assert "What is the title?" in coach.text()
    await coach.send("Walk&Talk")
    assert "When does it start?" in coach.text()
