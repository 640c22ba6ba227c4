"""End to end on the real PTB stack: broadcasts against a fake server that enforces
Telegram's limits (scaled up ten times to keep the run short: the `fast` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    coach_with_people,
    forged,
    received,
    text_of,
    write,
)
from tests.fakebotapi import TEXT_LIMIT, FakeBotApi, TgUser, UploadedFile, utf16_units


async def test_a_broadcast_reaches_everyone_once_within_the_limits(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 300)
    preview = await write(coach, "The Walk&Talk is on Thursday!", "Donderdag is de Walk&Talk!")
    assert "This goes to 300 people, now" in text_of(preview)
    confirm = coach.with_button("Send now")
    data = confirm.button("Send now")
    await coach.press("Send now", expect="Sending started: 300 people")
    # A second press on the same confirm button (an old copy of it) sends nothing twice.
    coach.mark = len(coach.messages)
    api.press(coach.user, forged(confirm, data), data)
    await coach.wait("older message")
    await coach.wait("Done! Delivered: 300. Unreachable: 0. Failed: 0.")
    english = received(api, 300, "The Walk&Talk is on Thursday!")
    dutch = received(api, 300, "Donderdag is de Walk&Talk!")
    assert all(english[30_000 + n] + dutch[30_000 + n] == 1 for n in range(300))
    assert dutch[30_001] == 1 and english[30_000] == 1  # each in their own language
    # No recipient ever got a 429 (the admin and coach chats may, from quick reply bursts).
    assert set(api.too_many_by_chat) <= {"1000", str(coach.user.id)}, api.too_many_by_chat
    assert any("Sending:" in (m.text or "") for m in coach.messages)
    report = await api.wait_for(
        lambda: next((m.document for m in coach.messages if m.document), None)
    )
    assert report.content.decode("utf-8-sig").count("\nAnna;English;delivered;") == 150


async def test_429_502_and_blocked_people_lose_nobody(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 60)
    await write(coach, "News from your coach")
    # The coach's own replies pass; the first recipients' sends fail in these ways.
    for code, text in (
        (429, "Too Many Requests: retry after 1"),
        (502, "Bad Gateway"),
        (502, "Bad Gateway"),
        (403, "Forbidden: bot was blocked by the user"),
    ):
        api.fail_next(
            "sendMessage",
            error_code=code,
            description=text,
            retry_after=1 if code == 429 else None,
            unless_chat=coach.user.id,
        )
    await coach.press("Send now", expect="Sending started: 60 people")
    await coach.wait("Done! Delivered: 59. Unreachable: 1. Failed: 0.")
    got = received(api, 60, "News from your coach")
    assert sorted(got.values()) == [0] + [1] * 59


async def test_a_send_that_times_out_is_tried_again(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 20)
    await write(coach, "Bring your CV on Thursday")
    # The first recipient's send gets no answer within the 1 s time-out.
    api.stall_next("sendMessage", 2.0, unless_chat=coach.user.id)
    await coach.press("Send now", expect="Sending started: 20 people")
    await coach.wait("Done! Delivered: 20. Unreachable: 0. Failed: 0.")
    # The stalled send still goes through late (as at Telegram when only the answer is
    # lost), so its retry is the one duplicate; nobody is left out.
    await api.wait_for(lambda: received(api, 20, "Bring your CV").total() == 21)
    got = received(api, 20, "Bring your CV")
    assert sorted(got.values()) == [1] * 19 + [2], got


async def test_a_restart_in_the_middle_resumes_without_gaps(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 400)
    await write(coach, "Resume me")
    await coach.press("Send now", expect="Sending started")
    await api.wait_for(lambda: sum(received(api, 400, "Resume me").values()) >= 100)
    await fast.stop()  # in the middle
    sent_before = sum(received(api, 400, "Resume me").values())
    assert sent_before < 400
    await fast.start()
    await coach.wait("Done! Delivered: 400")
    got = received(api, 400, "Resume me")
    assert min(got.values()) == 1 and sum(got.values()) - 400 <= 1


async def test_pause_resume_and_stop(api: FakeBotApi, fast: Running, clock: FakeClock) -> None:
    coach = await coach_with_people(api, fast, clock, 400)
    await write(coach, "Pause me")
    await coach.press("Send now", expect="Sending started")
    progress = await api.wait_for(
        lambda: next((m for m in coach.messages if "Sending:" in (m.text or "")), None)
    )
    api.press(coach.user, progress, progress.button("Pause"))
    await coach.wait("Paused")
    paused_at = sum(received(api, 400, "Pause me").values())
    await coach.send("/help", expect="/broadcast")  # the bot still answers at once
    assert sum(received(api, 400, "Pause me").values()) <= paused_at + 1
    paused = coach.with_button("Resume")
    stop = paused.button("Stop")
    await coach.press("Resume", expect="Going on again")
    # Stop from the same (older) controls: it still belongs to this coach's broadcast.
    coach.mark = len(coach.messages)
    api.press(coach.user, forged(paused, stop), stop)
    await coach.wait("nothing more goes out")
    await coach.wait("Stopped. Delivered:")
    assert sum(received(api, 400, "Pause me").values()) < 400


async def test_refusals(api: FakeBotApi, fast: Running, clock: FakeClock) -> None:
    coach = await coach_with_people(api, fast, clock, 3)
    anna = TgChat(api, TgUser(30_001, "Anna", "en"))
    await anna.send("/broadcast", expect="niet voor jouw rol")
    await coach.send("/broadcast", expect="Who is the message for?")
    await coach.press("By language", expect="Which language")
    await coach.press("English", expect="Type your message")
    said = await coach.send("x" * 5000, expect="one message holds 4096")
    assert "5000 characters" in text_of(said)
    assert "Send as 2 messages" in [t for t, _ in said[-1].buttons()]
    await coach.press("Write again", expect="Type your message")
    await coach.send("🙂", expect="Type your message")
    await coach.send("Short and sweet", expect="Send as it is")
    await coach.press("Send as it is", expect="This goes to 2 people")  # the English ones
    await coach.press("Do not send", expect="nothing was sent")
    assert sum(received(api, 3, "Short and sweet").values()) == 0


async def test_scheduled_broadcast_with_a_photo_goes_out_at_its_time(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 4)
    await coach.send("/broadcast", expect="Who is the message for?")
    await coach.press("Everyone I coach", expect="Type your message")
    await coach.send("See you at the library!", expect="Send as it is, or add something?")
    await coach.press("Photo or document", expect="Send the photo")
    coach.mark = len(coach.messages)
    api.send_file(
        coach.user, UploadedFile("flyer.jpg", b"\xff\xd8\xff", "image/jpeg"), as_photo=True
    )
    await coach.wait("This goes to 4 people, now")
    await coach.press("Send later", expect="When?")
    said = await coach.send("tomorrow 09:00", expect="This goes to 4 people")
    assert "Tuesday 24 November, 09:00" in text_of(said)
    await coach.press("Schedule", expect="Scheduled for Tuesday 24 November, 09:00, to 4 people")
    bot = fast.bot
    assert bot is not None and bot.broadcaster is not None
    await bot.broadcaster.run_once()
    assert sum(1 for n in range(4) for m in api.chats.get(30_000 + n, []) if m.photo) == 0
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # 09:00 in Amsterdam
    await bot.broadcaster.run_once()
    await coach.wait("Done! Delivered: 4")
    photos = [m for n in range(4) for m in api.chats.get(30_000 + n, []) if m.photo]
    assert len(photos) == 4 and all(m.caption == "See you at the library!" for m in photos)


async def test_a_broadcast_with_emoji_is_offered_in_parts_and_sent_within_the_limit(
    api: FakeBotApi,
    fast: Running,
    clock: FakeClock,
) -> None:
    coach = await coach_with_people(api, fast, clock, 3)
    # Under 4,096 characters, but over 4,096 UTF-16 units: Telegram would refuse it whole.
    lines = [
        f"🎉🎉 Regel {n:02}: we zien je graag op de banenmarkt 🗓️ in de bieb" for n in range(66)
    ]
    text = "\n".join(lines)
    assert len(text) < TEXT_LIMIT < utf16_units(text)
    await coach.send("/broadcast", expect="Who is the message for?")
    await coach.press("Everyone I coach", expect="Type your message")
    said = await coach.send(text, expect="one message holds 4096")
    assert "Send as 2 messages" in [label for label, _ in said[-1].buttons()]
    await coach.press("Send as 2 messages", expect="Send as it is")
    await coach.press("Send as it is", expect="This goes to 3 people")
    await coach.press("Send now", expect="Sending started: 3 people")
    await coach.wait("Done! Delivered: 3")

    for n in range(3):
        got = [m.text or "" for m in api.chats[30_000 + n]]
        assert len(got) == 2 and all(utf16_units(part) <= TEXT_LIMIT for part in got)
        assert "\n".join(got) == text
