"""The ready-made story, played through the real flows: every step is what a person would
type or press (bot/console/script.py), handed to the demo as if typed at the keyboard, so
the story stays true when a flow changes, and stops loudly when a button it expects is gone.

`liftbot demo --story` plays all of it, each screen shown; `liftbot demo` offers to set up
its first part (everyone joined, the main event planned) without showing it, and the job
seeker or employer who starts without a coach gets coach Carla from its first acts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.console.script import COACH_JOINS, SET_UP, STORY
from bot.console.steps import Act, As, Later, Open, Press, Say, SendFile, Step

if TYPE_CHECKING:
    from bot.console.desk import Desk

# The story starts on a Monday morning, so its weekdays ("donderdag 14:00") and the quiet
# hours fall the same way whenever it is played.
START_DAY = 0
START_TIME = time(9, 30)
LINK = re.compile(r"/start (\S+)")
# A CV as the story's job seeker sends it: a one-page PDF (the demo passes on only its name).
SAMPLE_PDF = b"%PDF-1.4\n% LiftBot demo: a CV\n%%EOF\n"


class Stuck(Exception):
    """A step the story cannot take: the flow no longer offers what it expects."""


async def play(desk: Desk) -> bool:
    """The whole story, screen by screen; False when it got stuck."""
    desk.screen.note("demo.story_intro")
    await _to_monday(desk)
    try:
        await _steps(desk, STORY)
    except Stuck as stuck:
        desk.screen.say()
        desk.screen.note("demo.story_stuck", step=str(stuck))
        return False
    desk.screen.say()
    desk.screen.note("demo.story_end", folder=str(desk.folder.path))
    return True


async def set_up(desk: Desk) -> None:
    """The story's first part, screens not shown: who is in it, ready to go on with."""
    await _to_monday(desk)
    with desk.away():
        await _steps(desk, SET_UP, quietly=True)
    desk.seat = None
    await desk.load_names()
    desk.screen.say()
    desk.screen.note("demo.story_ready")
    desk.now_line()


async def coach_joins(desk: Desk) -> None:
    """Coach Carla joins and starts her programme, screens not shown."""
    with _keep_seat(desk), desk.hidden():
        await _steps(desk, COACH_JOINS, quietly=True)
    await desk.load_names()


@contextmanager
def _keep_seat(desk: Desk) -> Iterator[None]:
    seat, current = desk.seat, desk.channel.current
    try:
        yield
    finally:
        desk.seat, desk.channel.current = seat, current


async def _to_monday(desk: Desk) -> None:
    zone = desk.settings.zone
    today = desk.clock.now().astimezone(zone).date()
    days = (START_DAY - today.weekday()) % 7 or 7
    desk.clock.set(datetime.combine(today + timedelta(days=days), START_TIME, zone))


async def _steps(desk: Desk, steps: Sequence[Step], quietly: bool = False) -> None:
    acts = [step for step in steps if isinstance(step, Act)]
    for step in steps:
        if isinstance(step, Act):
            if quietly:
                desk.screen.say(f"  ✓ {desk.screen.text(step.key)}")
                continue
            _act(desk, f"{acts.index(step) + 1}/{len(acts)}", step)
            continue
        if quietly:
            with desk.hidden():
                await _step(desk, step)
        else:
            await _step(desk, step)


def _act(desk: Desk, number: str, act: Act) -> None:
    desk.screen.say()
    desk.screen.say()
    desk.screen.say(f"▶ {number} · {desk.screen.text(act.key)}")


async def _step(desk: Desk, step: Step) -> None:
    if isinstance(step, As):
        if step.seat != desk.seat:
            await desk.sit(step.seat, look_back=False, start=False)
        return
    if isinstance(step, Say):
        await _type(desk, step.nl if desk.locale == "nl" and step.nl else step.en)
        return
    if isinstance(step, Later):
        await _type(desk, f"/later {step.nl if desk.locale == 'nl' and step.nl else step.en}")
        return
    if isinstance(step, Open):
        link = _link(desk, step)
        await _type(desk, link, shown=f"{link}   ({desk.screen.text(step.note)})")
        return
    if isinstance(step, SendFile):
        path = desk.folder.file(step.name)
        path.write_bytes(SAMPLE_PDF)
        await _type(desk, f"@{path}")
        return
    assert isinstance(step, Press)
    key = desk.screen.find(step.pattern.replace("{lang}", desk.locale), step.first)
    if key is None:
        on_screen = ", ".join(desk.screen.choices.values()) or "-"
        raise Stuck(f"{step.pattern!r} (on screen: {on_screen})")
    await _type(desk, key, shown=f"{key}   ({desk.screen.labels[key]})")


def _link(desk: Desk, step: Open) -> str:
    """The newest "/start ..." on someone's last screen: an invite, or the check-in QR."""
    for item in reversed(desk.channel.last_screen(step.seat.address)):
        found = [m for m in LINK.findall(item.message.text) if m.startswith(step.prefix)]
        if found:
            return f"/start {found[-1]}"
    raise Stuck(f"a link {step.prefix!r}... on the screen of {step.seat.role}")


async def _type(desk: Desk, text: str, shown: str | None = None) -> None:
    desk.screen.say()
    lines = (shown or text).split("\n")
    desk.screen.say(desk.prompt() + " \\\n… ".join(lines))
    if not await desk.handle(text):
        raise Stuck(text)
