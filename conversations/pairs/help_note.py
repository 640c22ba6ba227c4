""" "I need help" with an agreed action (from a nudge or from /pairs): a short note in your
own words, or none, and then the coach hears it in those words."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import end
from conversations.core.types import Msg, Reply
from conversations.joining.fields import check_text, problem_message
from conversations.pairs.agreements import HELP, HELP_STATE, ask_coach_for_help, help_question

NAME = HELP
NOTE_MAX = 300


async def ask(ctx: Context) -> list[Reply]:
    return [help_question()]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    cleaned, problem = check_text("text", text, NOTE_MAX)
    if problem:
        return [Reply(problem_message(problem, cleaned, NOTE_MAX)), *await ask(ctx)]
    return await _send(ctx, cleaned)


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    if value == "skip":
        return await _send(ctx, None)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _send(ctx: Context, note: str | None) -> list[Reply]:
    agreement = await ctx.store.agreement(int(HELP_STATE.data(ctx)["agreement"]))
    end(ctx)
    pair = await ctx.store.pair(agreement.pair_id) if agreement else None
    person = ctx.person
    if agreement is None or pair is None or person is None or pair.state != "accepted":
        return [Reply(Msg.of("pair.already_cancelled"))]
    await ask_coach_for_help(ctx, agreement, person, note)
    return [Reply(Msg.of("nudge.help_sent"))]
