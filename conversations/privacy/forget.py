"""/forget erases everything about a person, after saying what that means for others.
(/mydata, which shows it all, lives in conversations.privacy.mydata.)"""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, NoData, end
from conversations.core.types import Button, Joined, Msg, Reply
from conversations.privacy import leaving
from conversations.privacy.flow_states import ForgetStep

NAME = "forget"
STATE = FlowState[NoData, ForgetStep]()


async def start(ctx: Context) -> list[Reply]:
    if ctx.person is None:
        # Someone who opened an invite but did not agree yet: drop that half-started chat.
        had_pending = ctx.conv.flow is not None
        ctx.conv.flow, ctx.conv.step, ctx.conv.data = None, None, {}
        return [Reply(Msg.of("forget.pending_cleared" if had_pending else "mydata.nothing"))]
    STATE.begin(ctx, NAME, "confirm", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    buttons = [
        [Button(Msg.of("forget.yes"), "yes")],
        [Button(Msg.of("forget.no"), "no")],
    ]
    if ctx.person is None:
        return [Reply(Msg.of("forget.confirm"), buttons=buttons)]
    # Before the yes: what happens to their pairs, places, programmes and events.
    lines = await leaving.consequences(ctx, ctx.person)
    if not lines:
        return [Reply(Msg.of("forget.confirm"), buttons=buttons)]
    text = Msg.of("forget.confirm_with", consequences=Joined(tuple(lines), lines=True))
    return [Reply(text, buttons=buttons)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    if value == "no":
        end(ctx)
        return [Reply(Msg.of("forget.kept"))]
    if value != "yes" or ctx.person is None:
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    await leaving.leave(ctx, ctx.person)
    ctx.person = None
    ctx.conv.flow, ctx.conv.step, ctx.conv.data = None, None, {}
    ctx.refresh_commands = True
    return [Reply(Msg.of("forget.done"))]
