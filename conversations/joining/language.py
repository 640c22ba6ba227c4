"""/language: pick Nederlands or English at any moment, then carry on where you were."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, NoData, end
from conversations.core.menus import stranger
from conversations.core.types import Msg, Reply
from conversations.joining.flow_states import LanguageStep
from conversations.joining.onboarding import LANGUAGES, language_question

NAME = "language"
STATE = FlowState[NoData, LanguageStep]()


async def start(ctx: Context) -> list[Reply]:
    if ctx.person is None:
        # Nothing is stored for strangers, so there is no place to keep a choice.
        return [stranger()]
    STATE.begin(ctx, NAME, "pick", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    return [language_question(ctx)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    code = value.removeprefix("lang:")
    if ctx.person is None or code not in LANGUAGES:
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    ctx.person.language = ctx.locale = code
    await ctx.store.save_person(ctx.person)
    ctx.refresh_commands = True
    end(ctx)
    return [Reply(Msg.of("language.saved"))]
