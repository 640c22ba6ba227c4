"""/pairs: for coaches every pair with its state, a follow-through funnel per programme
and a CSV; for job seekers and buddies their own pair, with buttons to plan, move or cancel."""

from __future__ import annotations

import csv
import io
from collections import Counter

from conversations.agreements import describe
from conversations.meetings import plan_buttons
from conversations.records import Agreement, Pair
from conversations.types import (
    Attachment,
    Button,
    Context,
    Joined,
    Msg,
    Param,
    Person,
    Reply,
    name_of,
)

OUTCOMES = ("internship", "interview", "work_experience", "introduction")


async def start(ctx: Context) -> list[Reply]:
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if ctx.role == "coach":
        return await coach_view(ctx)
    return await own_view(ctx)


async def _facts(ctx: Context, pair: Pair) -> tuple[str, list[Agreement]]:
    meetings = await ctx.store.meetings_of_pair(pair.id)
    agreements = await ctx.store.agreements_of_pair(pair.id)
    now = ctx.clock.now()
    if pair.state != "accepted":
        return pair.state, agreements
    if any(a.state != "done" for a in agreements) and agreements:
        return "actions", agreements
    if agreements:
        return "done", agreements
    planned = [m for m in meetings if m.state == "planned" and m.starts_at]
    if any(m.starts_at and m.starts_at <= now for m in planned) or any(
        m.state == "call" for m in meetings
    ):
        return "met", agreements
    if planned:
        return "meeting_planned", agreements
    return "accepted", agreements


async def coach_view(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    pairs = await ctx.store.pairs_of_coach(ctx.person.id)
    if not pairs:
        return [Reply(Msg.of("pairs.none"))]
    today = ctx.clock.now().astimezone(ctx.zone).date()
    lines: list[Param] = []
    funnel: Counter[str] = Counter()
    rows = [await _row(ctx, pair) for pair in pairs]
    for pair, state, agreements, candidate, buddy in rows:
        open_ = sum(
            1 for a in agreements if a.state in ("unconfirmed", "confirmed") and a.due_on >= today
        )
        overdue = sum(1 for a in agreements if a.state == "confirmed" and a.due_on < today)
        done = [a for a in agreements if a.state == "done"]
        lines.append(
            Msg.of(
                "pairs.line",
                candidate=name_of(candidate),
                buddy=name_of(buddy),
                state=Msg.of(f"pairs.state.{state}"),
                open=open_,
                done=len(done),
                overdue=overdue,
            )
        )
        if pair.state == "accepted":
            funnel["paired"] += 1
            funnel["met"] += state in ("met", "actions", "done")
            funnel["agreed"] += bool(agreements)
            funnel["done"] += bool(done)
            for outcome in {a.kind for a in done if a.kind in OUTCOMES}:
                funnel[outcome] += 1
    text = Msg.of(
        "pairs.coach",
        lines=Joined(tuple(lines), lines=True),
        paired=funnel["paired"],
        met=funnel["met"],
        agreed=funnel["agreed"],
        done=funnel["done"],
        internship=funnel["internship"],
        interview=funnel["interview"],
        work_experience=funnel["work_experience"],
        introduction=funnel["introduction"],
    )
    return [Reply(text), Reply(Msg.of("pairs.csv"), attachment=export(rows))]


PairRow = tuple[Pair, str, list[Agreement], Person | None, Person | None]


async def _row(ctx: Context, pair: Pair) -> PairRow:
    """A pair with its state, agreements, job seeker and buddy: read once for the overview
    and its CSV."""
    state, agreements = await _facts(ctx, pair)
    candidate = await ctx.store.person(pair.candidate_id)
    return pair, state, agreements, candidate, await ctx.store.person(pair.buddy_id)


def export(rows: list[PairRow]) -> Attachment:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "pair",
            "kind",
            "candidate",
            "buddy",
            "state",
            "agreement",
            "owner",
            "due_on",
            "agreement_state",
        ]
    )
    for pair, state, agreements, candidate, buddy in rows:
        base = [
            pair.id,
            pair.kind,
            candidate.name if candidate else "",
            buddy.name if buddy else "",
            state,
        ]
        if not agreements:
            writer.writerow([*base, "", "", "", ""])
        for a in agreements:
            writer.writerow([*base, a.text or a.kind, a.owner, a.due_on.isoformat(), a.state])
    return Attachment("document", buffer.getvalue().encode(), "pairs.csv")


async def own_view(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    pairs = await ctx.store.pairs_of_person(ctx.person.id)
    if not pairs:
        return [Reply(Msg.of("pairs.none_own"))]
    replies = []
    for pair in pairs:
        other_id = pair.buddy_id if ctx.person.id == pair.candidate_id else pair.candidate_id
        other = await ctx.store.person(other_id)
        state, agreements = await _facts(ctx, pair)
        actions: list[Param] = [describe(a) for a in agreements if a.state != "done"]
        text = Msg.of(
            "pairs.own",
            name=name_of(other),
            state=Msg.of(f"pairs.state.{state}"),
            actions=Joined(tuple(actions), lines=True) if actions else Msg.of("pairs.no_actions"),
        )
        buttons: list[list[Button]] = []
        if pair.state == "accepted":
            buttons = [*plan_buttons(pair)] if ctx.person.id == pair.buddy_id else []
            buttons.append(
                [
                    Button(Msg.of("meeting.move"), f"mt:{pair.id}:move", bound=True),
                    Button(Msg.of("meeting.cancel"), f"mt:{pair.id}:cancel", bound=True),
                ]
            )
        replies.append(Reply(text, buttons=buttons))
    return replies
