"""/programme: a coach starts a programme (an In de Lift edition, a Buddyproject, ...)."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import PROGRAMME_KINDS, Programme
from conversations.core.types import Button, Msg, Reply
from conversations.core.wizard import KEEP, with_back, with_current
from conversations.events.flow_states import ProgrammeData, ProgrammeStep
from conversations.joining.fields import check_text, problem_message

NAME = "programme"
STATE = FlowState[ProgrammeData, ProgrammeStep]()
NAME_MAX = 80
MUNICIPALITY_MAX = 60


def is_coach(ctx: Context) -> bool:
    return (
        ctx.person is not None
        and ctx.person.role == "coach"
        and ctx.person.onboarded_at is not None
    )


async def needs_coach_programme(ctx: Context) -> Reply | None:
    """The kind refusal for someone who is not a coach with a programme, else None."""
    if not is_coach(ctx) or ctx.person is None:
        return Reply(Msg.of("error.coach_only_programme"))
    if not await ctx.store.programmes_of_coach(ctx.person.id):
        return Reply(Msg.of("event.no_programme"))
    return None


def label(programme: Programme) -> Msg:
    return Msg.of(
        "programme.label", name=programme.name, kind=Msg.of(f"programme.kind.{programme.kind}")
    )


async def start(ctx: Context) -> list[Reply]:
    if not is_coach(ctx):
        return [Reply(Msg.of("error.coach_only_programme"))]
    STATE.begin(ctx, NAME, "kind", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "name":
        return with_back(
            ctx, [with_current(Msg.of("programme.ask_name"), STATE.data(ctx).get("name"))]
        )
    if step == "municipality":
        return with_back(ctx, [Reply(Msg.of("programme.ask_municipality"))])
    buttons = [Button(Msg.of(f"programme.kind.{k}"), f"kind:{k}") for k in PROGRAMME_KINDS]
    return [Reply(Msg.of("programme.ask_kind"), buttons=rows(buttons, 1))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    kind = value.removeprefix("kind:")
    if step == "kind" and kind in PROGRAMME_KINDS:
        data["kind"] = kind
        STATE.go(ctx, "name")
        return await ask(ctx)
    if step == "name" and value == KEEP and data.get("name"):
        STATE.go(ctx, "municipality")
        return await ask(ctx)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    if step not in ("name", "municipality"):
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    limit = NAME_MAX if step == "name" else MUNICIPALITY_MAX
    cleaned, problem = check_text("text" if step == "name" else "name", text, limit)
    if problem:
        return [Reply(problem_message(problem, cleaned, limit)), *await ask(ctx)]
    if step == "name":
        data["name"] = cleaned
        STATE.go(ctx, "municipality")
        return await ask(ctx)
    assert ctx.person is not None
    programme = await ctx.store.create_programme(
        kind=data["kind"],
        name=data["name"],
        municipality=cleaned,
        coach_id=ctx.person.id,
        now=ctx.clock.now(),
    )
    end(ctx)
    return [Reply(Msg.of("programme.created", programme=label(programme)))]
