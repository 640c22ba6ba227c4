"""A flow's own data and steps, typed, so mypy catches a misspelt key or step name.

A conversation row keeps the current flow's data as JSON (conv.data) and its step as a
string (conv.step). Each flow declares what it keeps there: its data as a TypedDict
(total=False where keys come step by step, Required[...] for what begin() always sets)
and its steps as a Literal, and reaches both through one typed accessor:

    Step = Literal["kind", "name", "municipality"]

    class Data(TypedDict, total=False):
        kind: ProgrammeKind
        name: str

    STATE = FlowState[Data, Step]()

    STATE.begin(ctx, NAME, "kind", {})
    data = STATE.data(ctx)
    data["name"] = cleaned        # data["nmae"]: error, no such key
    STATE.go(ctx, "municipality")  # STATE.go(ctx, "municipalty"): error, no such step
    if STATE.step(ctx) == "nmae":  # error: can never be equal

Rows outlive a deploy: someone halfway through a wizard last week carries on with this
week's code. So the key and step strings declared here are stored values, like the flow
NAMEs: they never change; a new shape gets new keys.

The data is a view, not a copy: writes land in the row. begin() and end() put a new dict
in place, so take the view again after them (reading the old one on purpose, as a flow
that ends and then uses what was typed, is fine).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypedDict, TypeVar, cast

from conversations.core import flow, wizard
from conversations.core.context import Context

D = TypeVar("D", bound=Mapping[str, object])
S = TypeVar("S", bound=str)


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
        """Start the flow `name` at `step` with `data` (see flow.begin)."""
        flow.begin(ctx, name, step, data)

    def go(self, ctx: Context, step: S, record: bool = True) -> None:
        """Move on to `step`, remembered for Back (see wizard.go)."""
        wizard.go(ctx, step, record)

    def set_step(self, ctx: Context, step: S) -> None:
        """Move to `step` without remembering the one left: there is no Back to it."""
        ctx.conv.step = step
