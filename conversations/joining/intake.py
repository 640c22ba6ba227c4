"""The intake questions, the summary and editing any answer (onboarding and /profile).

```mermaid
stateDiagram-v2
    [*] --> ask: first question (or the field to edit)
    ask --> ask: next question
    ask --> other: "other" picked
    other --> ask: next question
    ask --> summary: last question, or an edit
    other --> summary
    summary --> ask: edit a field
    summary --> [*]: all good
```
Steps are named "ask:<field>", "other:<field>" and "summary".
"""

from __future__ import annotations

from typing import Any

from conversations.core.context import Context
from conversations.core.flow import JOINING, FlowState, end, rows
from conversations.core.menus import menu_replies
from conversations.core.records import Conversation, Person
from conversations.core.types import Button, Joined, Msg, Param, Reply
from conversations.core.wizard import KEEP, clip, with_back, with_current
from conversations.events import invitations
from conversations.joining import join_notices
from conversations.joining.fields import (
    FIELDS,
    OTHER_MAX_LEN,
    Field,
    check_text,
    field,
    problem_message,
)
from conversations.joining.flow_states import IntakeData, IntakeFieldStep, IntakeMode, IntakeStep

NAME = "intake"
STATE = FlowState[IntakeData, IntakeStep]()


def _field_step(kind: IntakeFieldStep, spec: Field) -> IntakeStep:
    return f"{kind}:{spec.name}"


def start(ctx: Context, mode: IntakeMode) -> list[Reply]:
    person = _person(ctx)
    first = FIELDS[person.role][0]
    STATE.begin(ctx, NAME, _field_step("ask", first), {"mode": mode})
    return question(ctx)


def start_summary(ctx: Context) -> list[Reply]:
    STATE.begin(ctx, NAME, "summary", {"mode": "profile"})
    return question(ctx)


def holds_work(conv: Conversation) -> bool:
    """A profile only looked at (its summary, nothing being changed) holds no work."""
    return conv.data.get("mode") != "profile" or conv.step != "summary"


def task_name(conv: Conversation) -> str:
    return JOINING if conv.data.get("mode") == "onboarding" else NAME


async def ask(ctx: Context) -> list[Reply]:
    return question(ctx)


def question(ctx: Context) -> list[Reply]:
    """The question of the current step (the summary when there is none)."""
    step = STATE.step(ctx) or "summary"
    if step == "summary":
        return [summary(ctx)]
    kind, _, name = step.partition(":")
    spec = field(_person(ctx).role, name)
    if spec is None:
        return [summary(ctx)]
    if kind == "other":
        return with_back(ctx, [Reply(Msg.of("ask.other"))])
    return _ask_field(ctx, spec)


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step = STATE.step(ctx) or "summary"
    kind, _, name = step.partition(":")
    spec = field(_person(ctx).role, name)
    if spec is None or (kind == "ask" and spec.kind in ("single", "multi")):
        return [Reply(Msg.of("error.use_buttons")), *question(ctx)]
    max_len = OTHER_MAX_LEN if kind == "other" else spec.max_len
    check_kind = "text" if kind == "other" else spec.kind
    cleaned, problem = check_text(check_kind, text, max_len)
    if problem:
        return [Reply(problem_message(problem, cleaned, max_len)), *question(ctx)]
    person = _person(ctx)
    if kind == "other":
        person.profile[f"{spec.name}_other"] = cleaned
    elif spec.name == "name":
        person.name = cleaned
    else:
        person.profile[spec.name] = cleaned
    await ctx.store.save_person(person)
    return await _next(ctx, spec)


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step = STATE.step(ctx) or "summary"
    person = _person(ctx)
    if step == "summary":
        if value == "ok":
            return await _finish(ctx)
        spec = field(person.role, value.removeprefix("edit:"))
        if spec is None:
            return [summary(ctx)]
        STATE.data(ctx)["editing"] = True
        STATE.go(ctx, _field_step("ask", spec))
        return _ask_field(ctx, spec)

    spec = field(person.role, step.partition(":")[2])
    if spec is None:
        return [summary(ctx)]
    action, _, code = value.partition(":")
    if value == KEEP and spec.kind in ("name", "text") and _current(person, spec):
        return await _next(ctx, spec)
    if spec.kind == "single" and action == "opt" and code in spec.options:
        person.profile[spec.name] = code
        await ctx.store.save_person(person)
        if code == spec.other:
            STATE.go(ctx, _field_step("other", spec))
            return question(ctx)
        person.profile.pop(f"{spec.name}_other", None)
        return await _next(ctx, spec)
    if spec.kind == "multi" and action == "tog" and code in spec.options:
        picked = STATE.data(ctx).setdefault("picked", [])
        if code in picked:
            picked.remove(code)
        else:
            picked.append(code)
        reply = _ask_field(ctx, spec)[0]
        reply.edit = True
        return [reply]
    if spec.kind == "multi" and action == "done":
        picked = [c for c in spec.options if c in STATE.data(ctx).get("picked", [])]
        if not picked:
            return [Reply(Msg.of("error.pick_one")), *_ask_field(ctx, spec)]
        person.profile[spec.name] = picked
        STATE.data(ctx).pop("picked", None)
        STATE.data(ctx).pop("picked_for", None)
        await ctx.store.save_person(person)
        if spec.other in picked:
            STATE.go(ctx, _field_step("other", spec))
            return question(ctx)
        person.profile.pop(f"{spec.name}_other", None)
        return await _next(ctx, spec)
    return [Reply(Msg.of("error.use_buttons")), *_ask_field(ctx, spec)]


def summary(ctx: Context) -> Reply:
    person = _person(ctx)
    buttons = [
        Button(Msg.of("summary.edit", field=Msg.of(f"field.{spec.name}")), f"edit:{spec.name}")
        for spec in FIELDS[person.role]
    ]
    ok = Button(Msg.of("summary.ok"), "ok")
    return Reply(
        Msg.of("summary.text", lines=profile_lines(person)),
        buttons=[*rows(buttons, 2), [ok]],
    )


def profile_lines(person: Person) -> Joined:
    """Each answer as "Label: value", in the order the questions were asked."""
    lines: list[Param] = []
    for spec in FIELDS[person.role]:
        lines.append(
            Msg.of("summary.line", field=Msg.of(f"field.{spec.name}"), value=_shown(person, spec))
        )
    return Joined(tuple(lines), lines=True)


def answer(person: Person, spec: Field) -> Param | None:
    """One intake answer as shown (options in the reader's language); None when not given."""
    value: Any = person.name if spec.name == "name" else person.profile.get(spec.name)
    return None if value in (None, "", []) else _shown(person, spec)


def _shown(person: Person, spec: Field) -> Param:
    value: Any = person.name if spec.name == "name" else person.profile.get(spec.name)
    if value in (None, "", []):
        return Msg.of("summary.empty")
    other = person.profile.get(f"{spec.name}_other")

    def option(code: str) -> Param:
        return other if code == spec.other and other else Msg.of(spec.option_key(code))

    if spec.kind == "single":
        return option(str(value))
    if spec.kind == "multi":
        return Joined(tuple(option(code) for code in value))
    return str(value)


def _current(person: Person, spec: Field) -> str:
    value = person.name if spec.name == "name" else person.profile.get(spec.name)
    return str(value) if isinstance(value, str) else ""


def _ask_field(ctx: Context, spec: Field) -> list[Reply]:
    return with_back(ctx, _field_question(ctx, spec))


def _field_question(ctx: Context, spec: Field) -> list[Reply]:
    question = Msg.of(spec.ask_key)
    if spec.kind in ("name", "text"):
        # Asked again (an edit, or Back): the answer so far is shown and can be kept.
        current = _current(_person(ctx), spec)
        return [with_current(question, clip(current) if current else None)]
    if spec.kind == "single":
        buttons = [Button(Msg.of(spec.option_key(c)), f"opt:{c}") for c in spec.options]
        return [Reply(question, buttons=rows(buttons, spec.per_row))]
    data = STATE.data(ctx)
    if data.get("picked_for") != spec.name:
        # Start from the saved answer, so editing keeps what was picked before.
        saved = _person(ctx).profile.get(spec.name) or []
        data["picked"] = [code for code in saved if code in spec.options]
        data["picked_for"] = spec.name
    picked = data["picked"]
    buttons = [
        Button(
            Msg.of("multi.on" if c in picked else "multi.off", label=Msg.of(spec.option_key(c))),
            f"tog:{c}",
        )
        for c in spec.options
    ]
    done = Button(Msg.of("multi.done"), "done")
    return [
        Reply(
            Msg.of("ask.multi", question=question), buttons=[*rows(buttons, spec.per_row), [done]]
        )
    ]


async def _next(ctx: Context, spec: Field) -> list[Reply]:
    person = _person(ctx)
    order = FIELDS[person.role]
    position = order.index(spec)
    if STATE.data(ctx).get("editing") or position + 1 == len(order):
        STATE.go(ctx, "summary")
        STATE.data(ctx).pop("editing", None)
        return [summary(ctx)]
    following = order[position + 1]
    STATE.go(ctx, _field_step("ask", following))
    return _ask_field(ctx, following)


async def _finish(ctx: Context) -> list[Reply]:
    person = _person(ctx)
    first_time = STATE.data(ctx).get("mode") == "onboarding"
    end(ctx)
    if not first_time:
        return [Reply(Msg.of("profile.saved"))]
    person.onboarded_at = ctx.clock.now()
    await ctx.store.save_person(person)
    ctx.refresh_commands = True
    await invitations.invite_newcomer(ctx, person)
    await join_notices.tell_coaches(ctx, person)
    return [Reply(Msg.of(f"welcome.{person.role}", name=person.name or "")), *menu_replies(ctx)]


def _person(ctx: Context) -> Person:
    if ctx.person is None:
        raise LookupError("the intake runs only for a known person")
    return ctx.person
