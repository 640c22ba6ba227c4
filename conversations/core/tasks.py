"""Leaving, stopping and taking up tasks again: /cancel and the stop words, Back, the
"Back to ..." line after an interruption, and the question again after /help.

A task is the flow in `ctx.conv` plus the ones waiting under it (see flow.begin). Stopping
ends the current one and the waiting one comes back with a "Back to ..." line; going back
returns to the wizard's previous step, or stops where there is none. While someone is
still joining there is nothing to go back to: the question stays, with how to leave.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conversations.core.context import Context
from conversations.core.flow import JOINING, Flow, end, keeps_work, task, waiting_task
from conversations.core.types import Msg, Reply
from conversations.core.wizard import TRAIL, step_back

Flows = Mapping[str, Flow]
Where = tuple[str | None, dict[str, Any]]


def joining(ctx: Context) -> bool:
    """Whether the current question is part of joining (consent, language or the intake)."""
    return task(ctx.conv) == JOINING


def back_to(ctx: Context) -> Reply:
    return Reply(Msg.of("flow.back_to", task=Msg.of(f"task.{task(ctx.conv)}")))


async def again(ctx: Context, flows: Flows) -> list[Reply]:
    """The current question once more, after the "Back to ..." line (nothing if it is gone)."""
    flow = flows.get(ctx.conv.flow or "")
    if flow is None:
        return []
    line = back_to(ctx)
    question = await flow.ask(ctx)
    return [line, *question] if question else []


async def resumed(ctx: Context, flows: Flows) -> list[Reply]:
    """After end(): the task that was waiting asks its question again, with "Back to ..."."""
    replies: list[Reply] = []
    # A waiting task may find its subject gone and end too; the next one then comes back.
    for _ in range(len(flows)):
        if not ctx.resume:
            break
        ctx.resume = False
        replies += await again(ctx, flows)
    return replies


async def carry_on(ctx: Context, flows: Flows, before: Where) -> list[Reply]:
    """After a command or a button that did not start a task: the task in progress comes
    back, so the next typed answer lands where the person expects it."""
    conv = ctx.conv
    if ctx.began or ctx.resume or conv.flow is None:
        return []
    if conv.flow != before[0] or conv.data is not before[1]:
        return []
    if keeps_work(conv):
        return await again(ctx, flows)
    if waiting_task(conv):
        # A list or menu on top of work in progress: the work matters more.
        end(ctx)
    return []


def where(ctx: Context) -> Where:
    """Which flow (and which of its drafts) is current: compared by carry_on afterwards."""
    return ctx.conv.flow, ctx.conv.data


async def cancel(ctx: Context, flows: Flows) -> list[Reply]:
    """/cancel or a stop word: end the current task and say what that means."""
    conv = ctx.conv
    flow = flows.get(conv.flow or "")
    if flow is None:
        return [Reply(Msg.of("flow.nothing_to_stop"))]
    on_cancel = getattr(flow, "on_cancel", None)
    if on_cancel is not None:
        replies: list[Reply] = await on_cancel(ctx)
        return replies
    if joining(ctx):
        return [Reply(Msg.of("flow.joining_stays")), *await flow.ask(ctx)]
    stopped = Reply(Msg.of(f"stopped.{task(conv)}"))
    end(ctx)
    return [stopped]


async def back(ctx: Context, flows: Flows) -> list[Reply]:
    """The Back button or a back word: the previous step of a wizard, else as cancel."""
    flow = flows.get(ctx.conv.flow or "")
    if flow is not None and step_back(ctx):
        return await flow.ask(ctx)
    return await cancel(ctx, flows)


async def after_help(ctx: Context, question: list[Reply]) -> list[Reply]:
    """/help in the middle of a question: how to stop, then the question again."""
    if not question:
        return []
    if joining(ctx):
        return [back_to(ctx), *question]
    # "back" is only offered where there is a step to go back to.
    key = "flow.after_help" if ctx.conv.data.get(TRAIL) else "flow.after_help_stop"
    line = Msg.of(key, task=Msg.of(f"task.{task(ctx.conv)}"))
    return [Reply(line), *question]
