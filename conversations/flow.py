"""What every flow module offers, and helpers to start, leave and resume flows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from conversations.types import Button, Context, Msg, Reply

T = TypeVar("T")


class Flow(Protocol):
    async def ask(self, ctx: Context) -> list[Reply]:
        """Ask the question of the current step again."""
        ...

    async def on_text(self, ctx: Context, text: str) -> list[Reply]: ...

    async def on_choice(self, ctx: Context, value: str) -> list[Reply]: ...


RETURN = "_return"


def begin(ctx: Context, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
    """Start a flow; a flow started on top of an unfinished one remembers where to go back to."""
    conv = ctx.conv
    saved: dict[str, Any] | None = None
    if conv.flow and conv.flow not in ("menu", flow):
        saved = {"flow": conv.flow, "step": conv.step, "data": conv.data}
    elif conv.flow == flow:
        saved = conv.data.get(RETURN)
    conv.flow, conv.step, conv.data = flow, step, dict(data or {})
    if saved:
        conv.data[RETURN] = saved


def end(ctx: Context) -> None:
    """Leave the current flow; an earlier, unfinished flow takes over and asks again."""
    conv = ctx.conv
    saved = conv.data.get(RETURN)
    if saved:
        conv.flow, conv.step, conv.data = saved["flow"], saved["step"], saved["data"]
        ctx.resume = True
    else:
        conv.flow, conv.step, conv.data = None, None, {}


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
