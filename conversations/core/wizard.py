"""Steps of a multi-step wizard: the path of earlier steps for Back, and the Back and Keep
buttons that go with it.

A wizard moves with `go(ctx, step)` instead of setting `ctx.conv.step`: the step it leaves
is remembered (data["_trail"]), so Back (the button, or typing "terug") returns to it with
what was typed still in the draft. Going forward to a step that is already on the path
shortens the path, so a loop (a check, a preview visited twice) never makes Back go round.
"""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.types import Button, Msg, Param, Reply

TRAIL = "_trail"
BACK = "back"
KEEP = "keep"
# An earlier answer shown with its question again is cut to this many characters.
SHOWN_MAX = 200


def go(ctx: Context, step: str, record: bool = True) -> None:
    """Move on to `step`; the step left is remembered for Back unless `record` is False (a
    question in between that makes no sense to return to)."""
    conv = ctx.conv
    trail = conv.data.get(TRAIL)
    if not isinstance(trail, list):
        trail = conv.data[TRAIL] = []
    if step in trail:
        del trail[trail.index(step) :]
    elif record and conv.step and conv.step != step:
        trail.append(conv.step)
    conv.step = step


def step_back(ctx: Context) -> bool:
    """Return to the previous step; False when this is the first one."""
    trail = ctx.conv.data.get(TRAIL)
    if not isinstance(trail, list) or not trail:
        return False
    ctx.conv.step = str(trail.pop())
    return True


def with_back(ctx: Context, replies: list[Reply]) -> list[Reply]:
    """A Back button under the question, on every step after the first."""
    if replies and ctx.conv.data.get(TRAIL):
        replies[-1].buttons.append([Button(Msg.of("flow.back"), BACK)])
    return replies


def clip(text: str) -> str:
    """An earlier typed answer as shown again: long texts are cut."""
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1].rstrip() + "…"


def with_current(question: Msg, current: Param | None, *buttons: Button) -> Reply:
    """A question asked again with its earlier answer: type a new one or keep it."""
    if current is None or current == "":
        return Reply(question, buttons=[list(buttons)] if buttons else [])
    keep = Button(Msg.of("flow.keep"), KEEP)
    return Reply(
        Msg.of("flow.current", question=question, current=current),
        buttons=[[keep, *buttons]],
    )
