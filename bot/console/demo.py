"""`liftbot demo`: LiftBot in the terminal, on the same core as Telegram. It starts with a
short guide and who is at the keyboard (or the ready-made story, set up first); a person
who has not joined yet opens an invite, as their coach would send it. `--story` plays the
whole story by itself (bot/console/story.py).

Works with a person typing and with piped input (`printf '1\\n' | liftbot demo`).
"""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import TextIO

from bot.config import Settings
from bot.console import story
from bot.console.cast import CAST, COACH, Seat
from bot.console.channel import CHANNEL
from bot.console.desk import Desk
from bot.console.folder import DemoFolder
from conversations.core.channel import chat_key
from conversations.core.types import Incoming
from conversations.joining.tokens import hash_token, new_token

# The seats offered when the demo starts; the second job seeker and employer once they joined.
FIRST_SEATS = CAST[:4]


async def run_demo(
    settings: Settings,
    folder: DemoFolder,
    play_story: bool = False,
    reader: TextIO = sys.stdin,
    writer: TextIO = sys.stdout,
) -> bool:
    """The demo until /quit or the end of input, or the story played; False when the
    story got stuck."""
    desk = Desk(settings, folder, reader, writer)

    async def first_start(seat: Seat) -> None:
        await _first_start(desk, seat)

    desk.first_start = first_start
    if play_story:
        return await desk.run(lambda: story.play(desk))
    return await desk.run(lambda: chat(desk))


async def chat(desk: Desk) -> bool:
    """The interactive demo: the guide, who is at the keyboard, then line after line."""
    desk.guide()
    seat = await pick(desk)
    if seat is None:
        return True
    await desk.sit(seat)
    while (line := await desk.read_message()) is not None:
        if not await desk.handle(line):
            break
    return True


async def pick(desk: Desk) -> Seat | None:
    while True:
        names = await desk.load_names()
        seats = [s for s in CAST if s in FIRST_SEATS or s.address in names]
        desk.screen.say()
        desk.screen.note("demo.who")
        if not names:
            desk.screen.say(f"  [0] {desk.screen.text('demo.story_option')}")
        for number, seat in enumerate(seats, start=1):
            desk.screen.say(f"  [{number}] {desk.title(seat)}")
        while (line := await desk.read("> ")) is not None:
            said = line.strip()
            if said == "0" and not names:
                await story.set_up(desk)
                break
            if said.isdigit() and 1 <= int(said) <= len(seats):
                return seats[int(said) - 1]
            if said.lower() in ("/quit", "/exit"):
                return None
            desk.screen.note("demo.pick_number")
        else:
            return None


async def _first_start(desk: Desk, seat: Seat) -> None:
    """A demo person who has not joined yet opens an invite, as their coach (for a coach,
    the admin) would have sent it. Without a coach the job seeker or employer would have
    nobody: coach Carla joins first, as in the story."""
    first = "/start"
    if seat.role != "admin":
        if seat.role != "coach" and COACH.address not in desk.names:
            desk.screen.note("demo.no_coach_yet")
            await story.coach_joins(desk)
        first = f"/start {await invite(desk, seat)}"
        desk.screen.note("demo.invite_made_admin" if seat.role == "coach" else "demo.invite_made")
    desk.screen.say(f"{desk.prompt()}{first}")
    await desk.send(seat, Incoming.from_text(first))


async def invite(desk: Desk, seat: Seat) -> str:
    """A fresh invite; for a job seeker or employer from the demo coach, for their newest
    programme, so they get that coach's invitations."""
    store = desk.core.store
    assert store is not None
    token = new_token()
    now = desk.clock.now()
    async with store.unit_of_work():
        coach = await store.person_by_chat(chat_key(CHANNEL, COACH.address))
        from_coach = coach is not None and seat.role != "coach"
        programmes = await store.programmes_of_coach(coach.id) if coach and from_coach else []
        programme = programmes[-1] if programmes else None
        await store.create_invite(
            token_hash=hash_token(token),
            role=seat.role,
            programme=programme.name if programme else None,
            programme_id=programme.id if programme else None,
            created_by=coach.id if coach and from_coach else None,
            now=now,
            expires_at=now + timedelta(days=desk.settings.invite_days),
        )
    return token
