"""What every flow module offers, and helpers to start, leave and resume flows.

Each flow's own data and steps are typed, so mypy catches a misspelt key or step name.
A conversation row keeps the current flow's data as JSON (conv.data) and its step as a
string (conv.step). Each flow declares what it keeps there (in its package's
flow_states.py): its data as a TypedDict (total=False where keys come step by step,
Required[...] for what begin() always sets) and its steps as a Literal, and reaches both
through a FlowState:

    STATE = FlowState[ProgrammeData, ProgrammeStep]()

    STATE.begin(ctx, NAME, "kind", {})
    data = STATE.data(ctx)
    data["name"] = cleaned         # data["nmae"]: error, no such key
    STATE.go(ctx, "municipality")  # STATE.go(ctx, "municipalty"): error, no such step
    if STATE.step(ctx) == "nmae":  # error: can never be equal

Rows outlive a deploy: someone halfway through a wizard last week carries on with this
week's code. So the keys and step names a flow declares are stored values, like the flow
NAMEs: they never change; a new shape gets new keys.

The data is a view, not a copy: writes land in the row. begin() and end() put a new dict
in place, so take the view again after them (reading the old one on purpose, as a flow that
ends and then uses what was typed, is fine).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypedDict, TypeVar, cast

from conversations.core import wizard
from conversations.core.context import Context
from conversations.core.records import Conversation
from conversations.core.types import Button, Msg, Reply

T = TypeVar("T")
D = TypeVar("D", bound=Mapping[str, object])
S = TypeVar("S", bound=str)


class Flow(Protocol):
    """A flow module. It may also offer on_location(ctx, lat, lon), on_file(ctx, file),
    on_cancel(ctx) (what /cancel does instead of the plain "Stopped: ..." and end()), and
    holds_work(conv) and task_name(conv) (see keeps_work and task below)."""

    async def ask(self, ctx: Context) -> list[Reply]:
        """Ask the question of the current step again."""
        ...

    async def on_text(self, ctx: Context, text: str) -> list[Reply]: ...

    async def on_choice(self, ctx: Context, value: str) -> list[Reply]: ...


RETURN = "_return"
# The task of someone new (consent, language and the intake), whichever flow asks.
JOINING = "joining"
# The flows by name, and those that hold typed work (the wizards, edits, confirmations),
# as the features declare them: the router hands them over once (use). Another task started
# on top of work leaves it waiting, draft and all, and it comes back when that task is done
# ("Back to ..."). Every other flow is browsing or a single question: a new task simply
# replaces it, and nothing typed is lost (the preparation keeps its progress in the database).
_FLOWS: dict[str, Flow] = {}
_KEEPING: set[str] = set()


def use(flows: Mapping[str, Flow], keeping: Iterable[str]) -> None:
    _FLOWS.clear()
    _FLOWS.update(flows)
    _KEEPING.clear()
    _KEEPING.update(keeping)


def keeps_work(conv: Conversation) -> bool:
    """Whether the current flow holds work in progress; a flow may decide by its step and
    data (holds_work: a profile only looked at holds none)."""
    holds_work = getattr(_FLOWS.get(conv.flow or ""), "holds_work", None)
    if holds_work is not None:
        return bool(holds_work(conv))
    return conv.flow in _KEEPING


def task(conv: Conversation) -> str:
    """The task the current flow stands for, as "task.<name>" and "stopped.<name>" name it;
    a flow may name it by its step and data (task_name: joining, a CV review)."""
    task_name = getattr(_FLOWS.get(conv.flow or ""), "task_name", None)
    if task_name is not None:
        return str(task_name(conv))
    return conv.flow or ""


def _waiting(conv: Conversation) -> list[dict[str, Any]]:
    """The flows left waiting under the current one, the most recent first; each frame is
    {"flow", "step", "data"} with its data free of the chain (rows keep it nested)."""
    frames: list[dict[str, Any]] = []
    saved = conv.data.get(RETURN)
    while isinstance(saved, dict) and isinstance(saved.get("data"), dict):
        data = dict(saved["data"])
        below = data.pop(RETURN, None)
        frames.append({"flow": saved.get("flow"), "step": saved.get("step"), "data": data})
        saved = below
    return frames


def _put(conv: Conversation, top: dict[str, Any], waiting: list[dict[str, Any]]) -> None:
    """Make `top` the current flow with `waiting` under it, nested as the row keeps them."""
    below: dict[str, Any] | None = None
    for frame in reversed(waiting):
        data = dict(frame["data"])
        if below is not None:
            data[RETURN] = below
        below = {"flow": frame["flow"], "step": frame["step"], "data": data}
    conv.flow, conv.step, conv.data = top["flow"], top["step"], dict(top["data"])
    conv.data.pop(RETURN, None)
    if below is not None:
        conv.data[RETURN] = below


def begin(ctx: Context, flow: str, step: str, data: Mapping[str, object] | None = None) -> None:
    """Start a flow. Work in progress (KEEPS_WORK) waits underneath; anything else is replaced.

    When the same flow already waits with the same subject (every key of `data` equal), it
    is taken up again where it was instead of starting over (ctx.continued); the same flow
    about something else is stopped (ctx.stopped names it), so one chat never holds two.
    """
    conv = ctx.conv
    waiting = _waiting(conv)
    if keeps_work(conv):
        current = dict(conv.data)
        current.pop(RETURN, None)
        waiting.insert(0, {"flow": conv.flow, "step": conv.step, "data": current})
    fresh = dict(data or {})
    top: dict[str, Any] | None = None
    for frame in [f for f in waiting if f["flow"] == flow]:
        waiting.remove(frame)
        if top is None and all(frame["data"].get(k) == v for k, v in fresh.items()):
            top = frame
            ctx.continued = True
        else:
            other = Conversation(conv.chat_key, flow, frame["step"], frame["data"])
            ctx.stopped.append(task(other))
    _put(conv, top or {"flow": flow, "step": step, "data": fresh}, waiting)
    ctx.began = True


def end(ctx: Context) -> None:
    """Leave the current flow; the task waiting underneath, if any, takes over and asks again."""
    conv = ctx.conv
    waiting = _waiting(conv)
    if waiting:
        _put(conv, waiting[0], waiting[1:])
        ctx.resume = True
    else:
        conv.flow, conv.step, conv.data = None, None, {}


def waiting_task(conv: Conversation) -> bool:
    """Whether a task is waiting under the current flow."""
    return bool(_waiting(conv))


class NoData(TypedDict):
    """The data of a flow that keeps nothing but its step."""


class FlowState(Generic[D, S]):
    """Typed access to the current conversation's data (a D) and step (an S)."""

    def data(self, ctx: Context) -> D:
        """The current flow's data as this flow's TypedDict (the row's own dict)."""
        return cast(D, ctx.conv.data)

    def step(self, ctx: Context) -> S:
        """The step the flow is at; only asked while it is the current flow."""
        return cast(S, ctx.conv.step)

    def begin(self, ctx: Context, name: str, step: S, data: D) -> None:
        """Start the flow `name` at `step` with `data` (see begin)."""
        begin(ctx, name, step, data)

    def go(self, ctx: Context, step: S, record: bool = True) -> None:
        """Move on to `step`, remembered for Back (see wizard.go)."""
        wizard.go(ctx, step, record)

    def set_step(self, ctx: Context, step: S) -> None:
        """Move to `step` without remembering the one left: there is no Back to it."""
        ctx.conv.step = step


def rows(buttons: Sequence[Button], per_row: int) -> list[list[Button]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def page(items: Sequence[T], number: int, size: int) -> tuple[list[T], int, int]:
    """The items on page `number` (counted from 0, kept in range), that number, and the count
    of pages. A list that shrank since the buttons were sent still shows a real page."""
    pages = max(1, -(-len(items) // size))
    number = min(max(number, 0), pages - 1)
    return list(items[number * size : (number + 1) * size]), number, pages


def page_buttons(number: int, pages: int) -> list[Button]:
    """Previous / next under a paged list; their values are "page:N"."""
    nav: list[Button] = []
    if number > 0:
        nav.append(Button(Msg.of("page.previous"), f"page:{number - 1}"))
    if number + 1 < pages:
        nav.append(Button(Msg.of("page.next"), f"page:{number + 1}"))
    return nav


def paged_list(key: str, buttons: list[Button], number: int, pages: int) -> Reply:
    """A question over a paged list, one button per row; with more than one page the question
    is `{key}_page` (it says which page) and previous / next come below."""
    nav = page_buttons(number, pages)
    if not nav:
        return Reply(Msg.of(key), buttons=rows(buttons, 1))
    text = Msg.of(f"{key}_page", page=number + 1, pages=pages)
    return Reply(text, buttons=[*rows(buttons, 1), nav])


async def turn_page(
    ctx: Context, ask: Callable[[Context], Awaitable[list[Reply]]], number: int
) -> list[Reply]:
    """Show page `number` of the list that `ask` shows, in place of the message pressed on."""
    ctx.conv.data["page"] = number
    listed = (await ask(ctx))[0]
    listed.edit = True
    return [listed]
