"""End to end with a coach on Telegram and the job seeker and the employer on WhatsApp, in
one process on one database: invitations, an event and Yes, a pair, a meeting time picked,
the follow-up, an agreement and its nudge answered Done."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    TgChat,
    create_programme,
    join_as_coach,
    plan_event,
)
from tests.bot.telegram.helpers import text_of as tg_text
from tests.bot.whatsapp.helpers import WaChat, WaRunning, text_of
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import FakeCloudApi, WaUser
from tests.helpers import invite_token


async def token_for(coach: TgChat, who: str) -> str:
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press(who, expect="programme")
    return invite_token(await coach.press("Lift Zoetermeer", expect="QR code"))


async def join_as_job_seeker(person: WaChat, token: str) -> None:
    await person.send(f"start {token}", expect="Doe je mee?")
    await person.press("Ja", expect="In welke taal")
    await person.press("English", expect="What may I call you")
    await person.send(person.user.name, expect="What kind of work")
    await person.send("Warehouse", expect="Which sectors")
    await person.toggle("Logistics")
    await person.choose("Done", expect="What are you good at")
    await person.send("Planning", expect="When are you available")
    await person.toggle("Mon")
    await person.choose("Done", expect="Which municipality")
    await person.send("Zoetermeer", expect="This is what I noted")
    await person.press("All good", expect="What would you like to do?")


async def join_as_employer(person: WaChat, token: str) -> None:
    await person.send(f"start {token}", expect="werkgever")
    await person.press("Ja", expect="In welke taal")
    await person.press("English", expect="What may I call you")
    await person.send("Bert", expect="name of your company")
    await person.send("Bakkerij Bert", expect="What kind of people or help")
    await person.send("Warehouse help, mornings", expect="Which sector")
    await person.choose("Logistics", expect="In which municipality is your company")
    await person.send("Zoetermeer", expect="How do you like to meet")
    await person.press("Coffee", expect="This is what I noted")
    await person.press("All good", expect="What would you like to do?")


async def test_a_telegram_coach_with_a_pair_on_whatsapp(
    api: FakeBotApi, cloud: FakeCloudApi, both: WaRunning, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))  # Monday
    coach = await join_as_coach(api)
    await create_programme(coach, "Lift Zoetermeer")
    anna = WaChat(cloud, WaUser("31612340001", "Anna"))
    bert = WaChat(cloud, WaUser("31612340002", "Bert"))
    # The token of the coach's invite, in the first message of a wa.me link.
    await join_as_job_seeker(anna, await token_for(coach, "Job seeker"))
    await join_as_employer(bert, await token_for(coach, "Employer"))

    # An event: the invitation reaches Anna on WhatsApp; Yes gives the venue as a map pin.
    await plan_event(coach, "26-10 10:00", capacity=12)
    await anna.wait("You are invited!")
    said = await anna.press("Yes", expect="on the map")
    pin = await cloud.wait_for(lambda: [m for m in anna.messages if m.type == "location"])
    assert round(pin[0].body["location"]["latitude"], 4) == 52.0607
    assert "Monday 26 October" in text_of(said)

    # The pair: the coach on Telegram, both people on WhatsApp.
    await coach.send("/pair", expect="Which programme")
    await coach.press("Lift Zoetermeer", expect="How do you want to pair?")
    await coach.press("Choose myself", expect="Choose the job seeker")
    await coach.press("Anna", expect="Choose the employer")
    await coach.press("Bert", expect="I am asking Bert")
    await bert.wait("introduces you to Anna")
    await bert.press("Yes, gladly", expect="Now plan a moment with Anna")
    await anna.wait("You are paired with Bert from Bakkerij Bert")
    await coach.wait("Bert accepted the pair with Anna")

    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    await bert.send("Bakkerij Bert, Markt 3", expect="Type time 1")
    await bert.send("28-10 10:00", expect="Another one, or send?")
    await bert.press("Another time", expect="Type time 2")
    await bert.send("29-10 14:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("Bert proposes to meet")
    await anna.press("Wednesday 28 October, 10:00", expect="Add it to your calendar")
    await bert.wait("Agreed with Anna: Wednesday 28 October, 10:00")

    # The follow-up after the meeting, and an agreement both confirm.
    assert both.bot is not None
    wakeups = both.bot.core.wakeups
    clock.set(datetime(2026, 10, 28, 11, 0, tzinfo=UTC))
    await wakeups.run_due()
    await anna.wait("Did you talk with Bert?")
    await bert.wait("Did you talk with Anna?")
    await anna.press("Yes, we talked", expect="What did you agree?")
    await anna.press("An introduction", expect="Who will do it?")
    await anna.press("The other", expect="By when?")
    await anna.press("A date", expect="Type the date")
    said = await anna.send("12 november", expect="asking Bert to confirm")
    assert "by Thursday 12 November" in text_of(said)
    await bert.wait("Anna says you agreed: An introduction to a contact")
    await bert.press("That's right", expect="Confirmed")
    await anna.wait("Bert confirmed")

    # The nudge before the due date; Bert answers Done.
    clock.set(datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    await wakeups.run_due()
    await bert.wait("Just checking: An introduction to a contact")
    await bert.press("Done", expect="noted as done")
    await anna.wait("Bert reports: done!")
    overview = await coach.send("/pairs", expect="Follow-through")
    assert "1 paired → 1 met → 1 agreed → 1 done" in tg_text(overview)
