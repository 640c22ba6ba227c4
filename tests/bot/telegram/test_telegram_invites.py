"""End to end on the real PTB stack: a second programme by invite, group invites for a room,
and meetings that invite only the people they are for."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    create_programme,
    join_as_coach,
    join_candidate,
    join_with,
    text_of,
)
from tests.fakebotapi import FakeBotApi, TgUser
from tests.helpers import invite_token


async def plan_meeting(
    coach: TgChat, programme: str, kind: str, title: str, when: str, audience: str = "Keep this"
) -> str:
    """/newevent with few answers; returns what the coach is told after saving."""
    await coach.send("/newevent", expect="Which programme")
    await coach.press(programme, expect="What kind of meeting")
    await coach.press(kind, expect="Who is the meeting for")
    await coach.press(audience, expect="What is the title")
    await coach.send(title, expect="When does it start")
    await coach.send(when, expect="Is that right?")
    await coach.press("Yes", expect="How long")
    await coach.press("2 hours", expect="Where is it")
    await coach.send("Library", expect="What is the address")
    await coach.press("Skip", expect="Send a location")
    await coach.press("Skip", expect="How many people")
    await coach.send("12", expect="A short description")
    preview = await coach.press("Skip", expect="Save and invite?")
    assert "🎯 For:" in text_of(preview)
    return text_of(await coach.press("Save and invite", expect="Invitations sent"))


async def invite_for(coach: TgChat, who: str, programme: str) -> str:
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press(who, expect="programme")
    return invite_token(await coach.press(programme, expect="QR code"))


async def join_buddy(api: FakeBotApi, coach: TgChat, user_id: int, name: str) -> TgChat:
    token = await invite_for(coach, "Employer", "Lift Zoetermeer")
    buddy = TgChat(api, TgUser(user_id, name, "en"))
    await buddy.send(f"/start {token}", expect="invited as an employer (buddy)")
    await buddy.press("Yes", expect="Which language")
    await buddy.press("English", expect="What may I call you")
    await buddy.send(name, expect="name of your company")
    await buddy.send(f"{name} BV", expect="What kind of people or help")
    await buddy.send("Someone for the early shift", expect="Which sector")
    await buddy.press("Hospitality", expect="In which municipality is your company")
    await buddy.send("Zoetermeer", expect="How do you like to meet")
    await buddy.press("Coffee", expect="This is what I noted")
    await buddy.press("All good", expect="What would you like to do?")
    return buddy


async def test_an_existing_member_is_added_to_a_second_programme_by_its_invite(
    api: FakeBotApi, liftbot: Running
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 5001, "Anna")
    await coach.wait("🆕 Anna has joined In de Lift Zoetermeer as a job seeker.")
    await create_programme(coach, "In de Lift Delft")
    saved = await plan_meeting(coach, "Lift Delft", "Preparation 1", "Delft pitch", "30-11 19:00")
    assert "Invitations sent: 0" in saved

    token = await invite_for(coach, "Job seeker", "Lift Delft")
    said = await anna.send(f"/start {token}", expect="You are now part of it too")
    assert "Welcome to In de Lift Delft (In de Lift)!" in text_of(said)
    assert "The coach, Carla, can see your profile" in text_of(said)
    assert "already joined" not in text_of(said) and "stays valid" not in text_of(said)
    # That programme's coming meeting invites her, and its coach hears she joined.
    invitation = await anna.wait("You are invited!")
    assert "Delft pitch" in text_of(invitation)
    await coach.wait("🆕 Anna has joined In de Lift Delft as a job seeker.")
    await anna.send(f"/start {token}", expect="You already used this invite yourself")

    mydata = await anna.send("/mydata", expect="(JSON)")
    assert "Programme: In de Lift Zoetermeer" in text_of(mydata)
    assert "Programme: In de Lift Delft" in text_of(mydata)


async def test_a_group_invite_for_three_refuses_the_fourth_and_ends_after_its_day(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press("For a group", expect="Who is the group link for")
    await coach.press("Job seekers", expect="For which programme")
    await coach.press("Lift Zoetermeer", expect="How many people may use the link")
    said = await coach.send("0", expect="How many people may use the link")
    assert "from 1 to 500" in text_of(said)
    await coach.send("3", expect="Until when does the link work")
    # The default: the invite days (14) from today, Monday 23 November 2026.
    created = await coach.press("Until Monday 7 December", expect="phone camera")
    assert "For at most 3 people, until Monday 7 December, 23:59." in text_of(created)
    assert created[-1].photo is not None and created[-1].photo.startswith(b"\x89PNG")
    token = invite_token(created)

    names = ("Anna", "Bram", "Carla")
    for n, name in enumerate(names):
        await join_with(api, token, 6001 + n, name)
        await coach.wait(f"🆕 {name} has joined In de Lift Zoetermeer as a job seeker.")
    fourth = TgChat(api, TgUser(6004, "Daan", "en"))
    said = await fourth.send(f"/start {token}", expect="used by as many people as it allows")
    assert "Do you want to join?" not in text_of(said)

    await coach.send("/invite", expect="Who is the invite for")
    listed = await coach.press("My group links", expect="Your group links")
    assert "In de Lift Zoetermeer (In de Lift), Job seekers: 3 of 3 used. Full." in text_of(listed)

    # A second link for this week, until Friday: it works all Friday evening, not after.
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press("For a group", expect="Who is the group link for")
    await coach.press("Job seekers", expect="For which programme")
    await coach.press("Lift Zoetermeer", expect="How many people may use the link")
    await coach.press("10", expect="Until when does the link work")
    created = await coach.send("vrijdag", expect="phone camera")
    assert "until Friday 27 November, 23:59" in text_of(created)
    friday = invite_token(created)
    clock.set(datetime(2026, 11, 27, 21, 30, tzinfo=UTC))  # Friday 22:30 in Amsterdam
    late = TgChat(api, TgUser(6005, "Eva", "en"))
    await late.send(f"/start {friday}", expect="Do you want to join?")
    clock.set(datetime(2026, 11, 27, 23, 30, tzinfo=UTC))  # Saturday 00:30: ended
    said = await late.press("Yes", expect="has now ended")
    assert "worked until Friday 27 November, 23:59" in text_of(said)
    later = TgChat(api, TgUser(6006, "Fenna", "en"))
    await later.send(f"/start {friday}", expect="has now ended")


async def test_a_preparation_meeting_invites_only_job_seekers_the_main_event_both(
    api: FakeBotApi, liftbot: Running
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 7001, "Anna")
    bert = await join_buddy(api, coach, 7002, "Bert")

    saved = await plan_meeting(
        coach, "Lift Zoetermeer", "Preparation 1", "Practise your pitch", "30-11 19:00"
    )
    assert "Invitations sent: 1." in saved
    await anna.wait("Practise your pitch")
    saved = await plan_meeting(
        coach, "Lift Zoetermeer", "main event", "Meet the employers", "10-12 19:00"
    )
    assert "Invitations sent: 2." in saved
    await anna.wait("Meet the employers")
    await bert.wait("Meet the employers")
    assert not any("Practise your pitch" in TgChat.shown(m) for m in bert.messages)

    await coach.send("/events", expect="Choose a meeting")
    shown = await coach.press("Practise your pitch", expect="For: job seekers only")
    assert "✅ Yes: 0 of 12\n" in text_of(shown)
    await coach.send("/events", expect="Choose a meeting")
    shown = await coach.press("Meet the employers", expect="For: job seekers and employers")
    assert "✅ Yes: 0 of 12 (job seekers 0, employers 0)" in text_of(shown)
