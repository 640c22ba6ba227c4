"""End to end on the real PTB stack: a Walk&Talk series and the CV check round trip."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    create_programme,
    join_as_coach,
    join_candidate,
    plan_walk_and_talk,
    text_of,
)
from tests.fakebotapi import FakeBotApi, UploadedFile

PDF = UploadedFile("cv-anna.pdf", b"%PDF-1.4 a short CV", "application/pdf")


async def test_walk_and_talk_lands_on_the_last_thursdays(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 8001, "Anna")
    saved = text_of(await plan_walk_and_talk(coach))
    assert "Thursday 31 December, 19:00" in saved

    clock.set(datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
    bot = liftbot.bot
    assert bot is not None and bot.wakeups is not None
    await bot.wakeups.extend_series()
    await anna.wait("Thursday 25 February 2027, 19:00")
    invited = [TgChat.shown(m) for m in anna.messages if "You are invited" in TgChat.shown(m)]
    dates = [line for text in invited for line in text.splitlines() if line.startswith("📅")]
    assert [d.split(",")[0] for d in dates] == [
        "📅 Thursday 26 November",
        "📅 Thursday 31 December",
        # Next year's dates carry their year, by the bot's clock.
        "📅 Thursday 28 January 2027",
        "📅 Thursday 25 February 2027",
    ]
    assert all("19:00 to 21:00" in d for d in dates)


async def test_cv_check_round_trip(api: FakeBotApi, liftbot: Running, clock: FakeClock) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 8101, "Anna")
    await anna.send("/cv", expect="Send your CV as a PDF or a photo")

    anna.mark = len(anna.messages)
    api.send_file(anna.user, UploadedFile("cv.exe", b"MZ", "application/x-msdownload"))
    await anna.wait("Send your CV as a PDF")
    assert "cannot use that file" in text_of(anna.messages[anna.mark - 2 :])
    anna.mark = len(anna.messages)
    api.send_file(anna.user, PDF, size=25 * 1024 * 1024)
    assert "at most 10 MB" in text_of(await anna.wait("Send your CV as a PDF"))
    anna.mark = len(anna.messages)
    api.send_file(anna.user, PDF)
    await anna.wait("Your CV has been sent to Carla")

    # The coach gets the very same file, then a button to answer.
    request = await coach.wait("asks for a CV check")
    document = next(m.document for m in request if m.document is not None)
    assert document.content == PDF.content
    await coach.press("Give tips and tops", expect="Type two tips")
    said = await coach.send("Add your phone number\nShorter lines\nA photo", expect="Type two tips")
    assert "I count 3 tips" in text_of(said)
    await coach.send("Add your phone number\nShorter lines", expect="Type two tops")
    await coach.send("Clear work history\nA strong skills list", expect="This is what the job")
    await coach.press("Send", expect="Sent to Anna")
    result = text_of(await anna.wait("Your CV check from Carla is here"))
    assert "💡 Add your phone number" in result and "⭐ A strong skills list" in result

    # A photo of a CV works too.
    await anna.send("/cv", expect="Send your CV as a PDF or a photo")
    anna.mark = len(anna.messages)
    api.send_file(anna.user, UploadedFile("cv.jpg", b"\xff\xd8\xff", "image/jpeg"), as_photo=True)
    await anna.wait("Your CV has been sent to Carla")
    await coach.wait("asks for a CV check")


async def plan_weekly(coach: TgChat, day: str, weekday: str) -> None:
    await coach.send("/newevent", expect="Which programme")
    await coach.press("Lift Zoetermeer", expect="What kind of meeting")
    await coach.press("Meetup", expect="Who is the meeting for")
    await coach.press("Keep this", expect="What is the title")
    await coach.send("Walk&Talk", expect="When does it start")
    await coach.send(f"{day} 19:00", expect="Is that right?")
    await coach.press("Yes", expect="Does this meetup repeat?")
    await coach.press(f"Every {weekday}", expect="How long")
    await coach.press("2 hours", expect="Where is it")
    await coach.send("Bibliotheek", expect="What is the address")
    await coach.press("Skip", expect="Send a location")
    await coach.press("Skip", expect="How many people")
    await coach.send("30", expect="A short description")
    await coach.press("Skip", expect="Save and invite?")
    await coach.press("Save and invite", expect="Also planned ahead")


async def test_many_meetings_are_listed_in_pages(api: FakeBotApi, liftbot: Running) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    await plan_weekly(coach, "dinsdag 24 november", "Tuesday")
    await plan_weekly(coach, "donderdag 26 november", "Thursday")

    (listed,) = await coach.send("/events", expect="Choose a meeting (page 1 of 2)")
    assert "Walk&Talk, Tuesday 24 November, 19:00" in [t for t, _ in listed.buttons()]
    api.press(coach.user, listed, listed.button("Next"))
    await api.wait_for(lambda: "(page 2 of 2)" in (listed.text or ""))  # the same message
    labels = [t for t, _ in listed.buttons()]
    assert "⬅️ Previous" in labels and "Next ➡️" not in labels
    far = [t for t in labels if t.startswith("Walk&Talk")][-1]
    said = await coach.press(far, expect="Walk&Talk")
    assert far.split(", ", 1)[1] in text_of(said)
