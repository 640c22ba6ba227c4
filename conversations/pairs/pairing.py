"""/pair: a coach pairs a job seeker with an employer buddy, by hand or from suggestions;
the buddy accepts or declines.

```mermaid
stateDiagram-v2
    [*] --> programme: /pair
    programme --> mode
    mode --> candidate: by hand
    candidate --> buddy: paged lists
    buddy --> [*]: pair proposed, buddy asked
    mode --> suggestion: suggestions (employer's need first)
    suggestion --> suggestion: accept or skip, one by one
    suggestion --> [*]: stop or none left
```
"""

from __future__ import annotations

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.flow import FlowState, end, page, page_buttons, rows, turn_page
from conversations.core.records import Pair, PairKind, Person, name_of
from conversations.core.types import Button, Joined, Msg, Param, Reply
from conversations.events.programmes import label, needs_coach_programme
from conversations.pairs import matching
from conversations.pairs.flow_states import PairData, PairStep
from conversations.pairs.pair_answers import intro_card

NAME = "pair"
STATE = FlowState[PairData, PairStep]()
PAGE = 8
KIND_FOR: dict[str, PairKind] = {
    "in_de_lift": "in_de_lift",
    "buddyproject": "buddy",
    "maatjesproject": "maatje",
    "walk_and_talk": "buddy",
    "jobon": "buddy",
}


async def start(ctx: Context) -> list[Reply]:
    if refusal := await needs_coach_programme(ctx):
        return [refusal]
    STATE.begin(ctx, NAME, "programme", {})
    return await ask(ctx)


async def _members(ctx: Context, role: str) -> list[Person]:
    found = []
    for person_id in await ctx.store.member_ids(int(STATE.data(ctx)["programme"])):
        person = await ctx.store.person(person_id)
        if person and person.role == role and person.onboarded_at is not None:
            found.append(person)
    return found


async def ask(ctx: Context) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    if step == "programme":
        assert ctx.person is not None
        own = await ctx.store.programmes_of_coach(ctx.person.id)
        buttons = [Button(label(p), f"prog:{p.id}") for p in own[-20:]]
        return [Reply(Msg.of("pair.ask_programme"), buttons=rows(buttons, 1))]
    if step == "mode":
        buttons = [
            Button(Msg.of("pair.by_hand"), "hand"),
            Button(Msg.of("pair.suggest"), "suggest"),
        ]
        return [Reply(Msg.of("pair.ask_mode"), buttons=[buttons])]
    if step in ("candidate", "buddy"):
        people = await _members(ctx, step)
        if not people:
            end(ctx)
            return [Reply(Msg.of(f"pair.no_{step}s"))]
        shown, number, pages = page(people, int(data.get("page", 0)), PAGE)
        choices = [[Button(_short(p), f"{step[0]}:{p.id}")] for p in shown]
        nav = page_buttons(number, pages)
        key = "pair.pick_candidate" if step == "candidate" else "pair.pick_buddy"
        text = Msg.of(key, page=number + 1, pages=pages)
        return [Reply(text, buttons=[*choices, nav] if nav else choices)]
    if step == "suggestion":
        return [await _suggestion(ctx)]
    return []


def _short(person: Person) -> str:
    detail = person.profile.get("company") or person.profile.get("work_wanted") or ""
    return f"{person.name or '?'}: {detail}"[:60]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    action, _, arg = value.partition(":")
    if step == "programme" and action == "prog":
        programme = await ctx.store.programme(int(arg))
        if programme is None or ctx.person is None or programme.coach_id != ctx.person.id:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused"))]
        data["programme"] = programme.id
        STATE.set_step(ctx, "mode")
        return await ask(ctx)
    if step == "mode" and value in ("hand", "suggest"):
        if value == "hand":
            STATE.set_step(ctx, "candidate")
            data["page"] = 0
            return await ask(ctx)
        return await _start_suggestions(ctx)
    if step in ("candidate", "buddy") and action == "page" and arg.isdigit():
        return await turn_page(ctx, ask, int(arg))
    if step == "candidate" and action == "c":
        data["candidate"], data["page"] = int(arg), 0
        STATE.set_step(ctx, "buddy")
        return await ask(ctx)
    if step == "buddy" and action == "b":
        end(ctx)
        return await propose(ctx, int(data["candidate"]), int(arg), int(data["programme"]))
    if step == "suggestion":
        return await _on_suggestion(ctx, value)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def propose(ctx: Context, candidate_id: int, buddy_id: int, programme_id: int) -> list[Reply]:
    """Make the pair and ask the buddy; refuses self-pairs, wrong roles and doubles."""
    candidate = await ctx.store.person(candidate_id)
    buddy = await ctx.store.person(buddy_id)
    programme = await ctx.store.programme(programme_id)
    members = await ctx.store.member_ids(programme_id)
    if (
        candidate is None
        or buddy is None
        or programme is None
        or ctx.person is None
        or candidate.id == buddy.id
        or candidate.role != "candidate"
        or buddy.role != "buddy"
        or candidate.id not in members
        or buddy.id not in members
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("pair.refused"))]
    pair = await ctx.store.create_pair(
        Pair(
            id=0,
            programme_id=programme.id,
            kind=KIND_FOR[programme.kind],
            candidate_id=candidate.id,
            buddy_id=buddy.id,
            coach_id=ctx.person.id,
            state="proposed",
            created_at=ctx.clock.now(),
        )
    )
    if pair is None:
        return [Reply(Msg.of("pair.already", candidate=name_of(candidate), buddy=name_of(buddy)))]
    ctx.notify(
        buddy,
        intro_card(pair, candidate, ctx.person, programme),
        about=(candidate.id,),
        kind=kinds.PAIR,
    )
    return [Reply(Msg.of("pair.proposed", candidate=name_of(candidate), buddy=name_of(buddy)))]


async def _start_suggestions(ctx: Context) -> list[Reply]:
    buddies = await _members(ctx, "buddy")
    candidates = await _members(ctx, "candidate")
    assert ctx.person is not None
    taken = {
        (p.buddy_id, p.candidate_id)
        for p in await ctx.store.pairs_of_coach(ctx.person.id)
        if p.state in ("proposed", "accepted", "declined")
    }
    busy = {
        pid
        for p in await ctx.store.pairs_of_coach(ctx.person.id)
        if p.state in ("proposed", "accepted")
        for pid in (p.buddy_id, p.candidate_id)
    }

    def side(person: Person) -> matching.Side:
        return matching.Side(person.id, person.profile, person.language)

    found = matching.suggest(
        [side(b) for b in buddies if b.id not in busy],
        [side(c) for c in candidates if c.id not in busy],
        exclude=taken,
    )
    if not found:
        end(ctx)
        return [Reply(Msg.of("pair.no_suggestions"))]
    data = STATE.data(ctx)
    data["suggestions"] = [
        (s.buddy_id, s.candidate_id, [(r.kind, r.value) for r in s.reasons]) for s in found
    ]
    STATE.set_step(ctx, "suggestion")
    data["index"] = 0
    return await ask(ctx)


async def _suggestion(ctx: Context) -> Reply:
    data = STATE.data(ctx)
    buddy_id, candidate_id, reasons = data["suggestions"][int(data["index"])]
    buddy = await ctx.store.person(buddy_id)
    candidate = await ctx.store.person(candidate_id)
    why: list[Param] = [_reason(kind, value) for kind, value in reasons]
    text = Msg.of(
        "pair.suggestion",
        number=int(data["index"]) + 1,
        total=len(data["suggestions"]),
        buddy=_short(buddy) if buddy else name_of(None),
        candidate=_short(candidate) if candidate else name_of(None),
        why=Joined(tuple(why)) if why else Msg.of("pair.why_none"),
    )
    buttons = [
        [Button(Msg.of("pair.accept_suggestion"), "take"), Button(Msg.of("pair.skip"), "skip")],
        [Button(Msg.of("pair.stop"), "stop")],
    ]
    return Reply(text, buttons=buttons)


def _reason(kind: str, value: str) -> Param:
    if kind == "sector":
        return Msg.of("pair.why.sector", sector=Msg.of(f"option.sector.{value}"))
    if kind == "availability":
        return Msg.of("pair.why.availability", when=Msg.of(f"option.availability.{value}"))
    if kind == "language":
        return Msg.of("pair.why.language", language=Msg.of(f"language.{value}"))
    return Msg.of(f"pair.why.{kind}", value=value)


async def _on_suggestion(ctx: Context, value: str) -> list[Reply]:
    data = STATE.data(ctx)
    replies: list[Reply] = []
    if value == "stop":
        end(ctx)
        return [Reply(Msg.of("pair.stopped"))]
    if value == "take":
        buddy_id, candidate_id, _ = data["suggestions"][int(data["index"])]
        replies = await propose(ctx, candidate_id, buddy_id, int(data["programme"]))
    elif value != "skip":
        return [Reply(Msg.of("error.use_buttons")), await _suggestion(ctx)]
    data["index"] = int(data["index"]) + 1
    if data["index"] >= len(data["suggestions"]):
        end(ctx)
        return [*replies, Reply(Msg.of("pair.suggestions_done"))]
    return [*replies, await _suggestion(ctx)]
