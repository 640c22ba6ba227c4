"""End to end on the real PTB Application: leaving and taking up a task, stop and back
words, and typed button labels, across a restart."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.bot.telegram.helpers import Running, TgChat, invite, join_as_coach, text_of
from tests.fakebotapi import FakeBotApi, TgUser


async def test_a_draft_survives_the_menu_another_task_and_a_restart(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    token = await invite(coach, "Job seeker", "In de Lift Zoetermeer")

    # Joining: the button's own word, typed, counts.
    anna = TgChat(api, TgUser(3001, "Anna", "nl"))
    await anna.send(f"/start {token}", expect="Doe je mee?")
    await anna.send("ja", expect="In welke taal")

    await coach.send("/newevent", expect="Which programme")
    await coach.send("In de Lift Zoetermeer", expect="What kind of meeting")
    await coach.press("main event", expect="Who is the meeting for")
    await coach.press("Keep this", expect="What is the title")
    await coach.send("Meet the employers", expect="When does it start")

    # The menu and another task on top: the draft waits, then comes back with a line.
    await coach.send("/menu", expect="Coach menu")
    await coach.press("Create invite", expect="Who is the invite for")
    await coach.send("Employer", expect="Type its name")
    said = await coach.send("No programme", expect="When does it start")
    assert "?start=" in text_of(said) and "Back to your new meeting:" in text_of(said)

    await liftbot.stop()
    await liftbot.start()  # a new Application on the same database file

    # Back goes to the title, with the title still there; "stop" is never read as a date.
    said = await coach.send("terug", expect="Now it says: Meet the employers")
    assert "cannot read that date" not in text_of(said)
    await coach.send("keep this", expect="When does it start")
    await coach.send("/help", expect="Here is the question again")
    said = await coach.send("stop", expect="Stopped: your new meeting")
    assert "cannot read that date" not in text_of(said)
    await coach.send("/cancel", expect="There is nothing to stop")
