"""End to end with a coach on Telegram and the job seeker and the employer on WhatsApp, in
one process on one database: invitations (the coach chooses the app), an event and Yes, a
pair, a meeting time picked with an "Add to calendar" link that downloads the .ics, the
follow-up and a nudge days later, outside WhatsApp's 24-hour window: each goes as a
template first, and its quick reply opens the full message; the nudge answered Done."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp
import icalendar

from bot.clock import FakeClock
from tests.bot.telegram.helpers import TgChat, create_programme, join_as_coach, plan_event
from tests.bot.telegram.helpers import text_of as tg_text
from tests.bot.whatsapp.helpers import WaChat, WaRunning, text_of
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import NUMBER, QUICK_REPLY, FakeCloudApi, Sent, WaUser


async def token_for(coach: TgChat, who: str) -> str:
    """The coach on Telegram invites someone who uses WhatsApp: a wa.me link."""
    await coach.send("/invite", expect="Which app does the person use?")
    await coach.press("WhatsApp", expect="Who is the invite for")
    await coach.press(who, expect="programme")
    sent = await coach.press("Lift Zoetermeer", expect="QR code")
    assert f"https://wa.me/{NUMBER}?text=start%20" in tg_text(sent)
    return tg_text(sent).split("text=start%20")[1].split()[0]


async def opened(person: WaChat, template: str, expect: str) -> list[Sent]:
    """A template came (the window was closed); its quick reply opens the message."""
    note = (await person.wait(f"[liftbot_{template}]"))[-1]
    assert note.type == "template" and note.buttons() == [(QUICK_REPLY, "held:open")]
    return await person.press(QUICK_REPLY, expect=expect)


async def calendar_file(both: WaRunning, said: list[Sent]) -> icalendar.Calendar:
    """The "Add to calendar" link, fetched from LiftBot's own web server."""
    link = next(word for m in said for word in m.text.split() if "/calendar/" in word)
    assert link.startswith("https://liftbot.example.nl/calendar/") and link.endswith(".ics")
    assert both.bot is not None and both.bot.web is not None
    url = both.bot.web.url + link.removeprefix("https://liftbot.example.nl")
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        return icalendar.Calendar.from_ical(await response.read())


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
    cloud.clock = clock.now  # the fake keeps WhatsApp's 24-hour window on the test's clock
    coach = await join_as_coach(api, apps=True)
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
    said = await anna.press("Wednesday 28 October, 10:00", expect="Add it to your calendar")
    # WhatsApp takes no .ics files: a signed link serves the latest one.
    meeting = (await calendar_file(both, said)).walk("VEVENT")[0]
    assert meeting.decoded("DTSTART") == datetime(2026, 10, 28, 9, 0, tzinfo=UTC)
    assert not any(c.json and c.json.get("type") == "text/calendar" for c in cloud.calls)
    await bert.wait("Agreed with Anna: Wednesday 28 October, 10:00")
    # Bert's link opens his own side's file (with Anna's name).
    theirs = (await calendar_file(both, await bert.wait("calendar with this link"))).walk("VEVENT")
    assert "Anna" in str(theirs[0]["SUMMARY"])

    # The follow-up after the meeting, and an agreement both confirm.
    assert both.bot is not None
    wakeups = both.bot.core.wakeups
    # Nine days since they last wrote: the follow-up goes as a template first.
    clock.set(datetime(2026, 10, 28, 11, 0, tzinfo=UTC))
    await wakeups.run_due()
    await opened(anna, "follow_up", expect="Did you talk with Bert?")
    await opened(bert, "follow_up", expect="Did you talk with Anna?")
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
    # Thirteen days on, the nudge: a template, then the nudge itself, then Done.
    clock.set(datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    await wakeups.run_due()
    await opened(bert, "nudge", expect="Just checking: An introduction to a contact")
    await bert.press("Done", expect="noted as done")
    await opened(anna, "notice", expect="Bert reports: done!")
    # Every request LiftBot sent was one WhatsApp takes: none refused.
    assert cloud.refused == []
    overview = await coach.send("/pairs", expect="Follow-through")
    assert "1 paired → 1 met → 1 agreed → 1 done" in tg_text(overview)
