"""/pairs: for coaches a follow-through funnel over all their pairs, the pairs ten per page
(turning in place) and the whole list as CSV on a button; for job seekers and buddies their
own pair (conversations/own_pair.py), with buttons that say what they do.

The coach's overview reads only the page shown (ten pairs with their counts and names)
and a funnel that the database counts; the CSV is built only when asked for, in one query.
A programme of 1,000 pairs must not hold the store, and every other chat, for long."""

from __future__ import annotations

from datetime import UTC, datetime, time

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, page, page_buttons, turn_page
from conversations.core.records import name_of
from conversations.core.types import Button, Joined, Msg, Param, Reply, Table, When
from conversations.pairs import own_pair
from conversations.pairs.flow_states import PairsOverviewData, PairsOverviewStep
from conversations.pairs.pair_answers import answer_buttons
from conversations.pairs.pair_states import state_of
from conversations.pairs.reach import in_own_view
from conversations.pairs.relay import with_contact

NAME = "pairs_overview"
STATE = FlowState[PairsOverviewData, PairsOverviewStep]()
LISTED = 10  # pairs per page
OUTCOMES = ("internship", "interview", "work_experience", "introduction")
COLUMNS = (
    "pair",
    "kind",
    "candidate",
    "buddy",
    "state",
    "agreement",
    "owner",
    "due_on",
    "agreement_state",
)


async def start(ctx: Context) -> list[Reply]:
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if ctx.role == "coach":
        STATE.begin(ctx, NAME, "coach", {"page": 0})
        return await ask(ctx)
    return await own_view(ctx)


async def ask(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    ids = await ctx.store.pair_ids_of_coach(ctx.person.id)
    if not ids:
        end(ctx)
        return [Reply(Msg.of("pairs.none"))]
    # Only the page shown is read in full; the funnel is counted by the database.
    shown_ids, number, pages = page(ids, int(STATE.data(ctx).get("page", 0)), LISTED)
    now = ctx.clock.now()
    shown = await ctx.store.pair_summaries(shown_ids, now, now.astimezone(ctx.zone).date())
    people = await ctx.store.people_by_id([i for s in shown for i in (s.candidate_id, s.buddy_id)])
    lines: list[Param] = [
        Msg.of(
            "pairs.line",
            candidate=name_of(people.get(s.candidate_id)),
            buddy=name_of(people.get(s.buddy_id)),
            state=Msg.of(f"pairs.state.{state_of(s)}"),
            open=s.open,
            done=s.done,
            overdue=s.overdue,
        )
        for s in shown
    ]
    lines = await with_contact(ctx, [s.id for s in shown], lines)
    funnel = await ctx.store.pair_funnel(ctx.person.id, now, OUTCOMES)
    heading = (
        Msg.plural("pairs.heading", len(ids))
        if pages == 1
        else Msg.plural("pairs.heading_page", len(ids), page=number + 1, pages=pages)
    )
    text = Msg.of(
        "pairs.coach",
        heading=heading,
        lines=Joined(tuple(lines), lines=True),
        **{key: funnel[key] for key in ("paired", "met", "agreed", "done", *OUTCOMES)},
    )
    nav = page_buttons(number, pages)
    csv = [Button(Msg.of("pairs.button_csv"), "csv")]
    return [Reply(text, buttons=[nav, csv] if nav else [csv])]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    action, _, arg = value.partition(":")
    if action == "page" and arg.isdigit():
        return await turn_page(ctx, ask, int(arg))
    if value == "csv":
        return [Reply(Msg.of("pairs.csv"), table=await export(ctx))]
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def export(ctx: Context) -> Table:
    """Every pair, one row per agreement (or one row without), for a spreadsheet."""
    assert ctx.person is not None
    now = ctx.clock.now()
    sheet = await ctx.store.pair_sheet(ctx.person.id, now, now.astimezone(ctx.zone).date())
    rows: list[tuple[Param, ...]] = []
    for line in sheet:
        pair = line.pair
        base: tuple[Param, ...] = (
            pair.id,
            Msg.of(f"table.pair_kind.{pair.kind}"),
            line.candidate or Msg.of("person.left"),
            line.buddy or Msg.of("person.left"),
            Msg.of(f"pairs.state.{state_of(pair)}"),
        )
        if line.agreement is None or line.due_on is None:
            rows.append((*base, "", "", "", ""))
            continue
        what: Param = (
            (line.text or "")
            if line.agreement == "own"
            else Msg.of(f"agreement.kind.{line.agreement}")
        )
        rows.append(
            (
                *base,
                what,
                Msg.of(f"table.owner.{line.owner}"),
                When(datetime.combine(line.due_on, time(12), UTC), date_only=True),
                Msg.of(f"table.agreement_state.{line.agreement_state}"),
            )
        )
    header = tuple(Msg.of(f"table.column.{column}") for column in COLUMNS)
    return Table("pairs.csv", header, tuple(rows))


async def own_view(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    pairs = await ctx.store.pairs_of_person(ctx.person.id)
    if not pairs:
        return [Reply(Msg.of("pairs.none_own"))]
    replies = []
    for pair in pairs:
        other_id = pair.buddy_id if ctx.person.id == pair.candidate_id else pair.candidate_id
        other = await ctx.store.person(other_id)
        seen = await own_pair.view(ctx, pair, ctx.person.id)
        text = Msg.of(
            "pairs.own",
            name=name_of(other),
            state=Msg.of(f"pairs.state.{seen.state}"),
            meeting=seen.meeting,
            actions=(
                Joined(tuple(seen.actions), lines=True)
                if seen.actions
                else Msg.of("pairs.no_actions")
            ),
        )
        buttons: list[list[Button]] = []
        if pair.state == "proposed" and ctx.person.id == pair.buddy_id:
            # The introduction card may be far up the chat: the answer is here too.
            buttons = answer_buttons(pair)
        if pair.state == "accepted":
            # Plan / ask / end, move / cancel, or "did you talk?": see own_pair.
            buttons = seen.buttons
        text, reaching = await in_own_view(ctx, pair, other, text)
        replies.append(Reply(text, buttons=[*buttons, *reaching]))
        replies += seen.action_replies
    return replies
