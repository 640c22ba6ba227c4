"""A buddy's answer to a pair: the introduction card with Accept / Decline, what accepting
and declining (with an optional reason for the coach) set in motion, and the notes the
pair's coach gets."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Pair, Person, Programme, name_of
from conversations.core.types import Button, Msg, Reply
from conversations.joining.intake import profile_lines
from conversations.pairs import reach
from conversations.pairs.flow_states import PairDeclineStep, PairOnlyData
from conversations.pairs.meeting_buttons import plan_row
from conversations.pairs.names import PAIR_ANSWER

DECLINE = "pair_decline"
DECLINE_STATE = FlowState[PairOnlyData, PairDeclineStep]()


def intro_card(pair: Pair, candidate: Person, coach: Person, programme: Programme) -> Reply:
    """What the buddy sees: only the intake the job seeker agreed to share, nothing else."""
    text = Msg.of(
        f"pair.intro.{pair.kind}",
        coach=coach.name or "",
        programme=programme.name,
        name=name_of(candidate),
        profile=profile_lines(candidate),
    )
    return Reply(text, buttons=answer_buttons(pair))


def answer_buttons(pair: Pair) -> list[list[Button]]:
    """The buddy's Accept / Decline, on the introduction card and in /pairs."""
    return [
        [
            Button(Msg.of("pair.accept"), f"{PAIR_ANSWER}:{pair.id}:acc", bound=True),
            Button(Msg.of("pair.decline"), f"{PAIR_ANSWER}:{pair.id}:dec", bound=True),
        ]
    ]


def plan_buttons(pair: Pair) -> list[list[Button]]:
    """ "Plan a meeting", for the buddy who accepted: a time and a place (a phone call too)."""
    return [plan_row(pair, pair.buddy_id)]


async def on_answer(ctx: Context, pair_id: int, action: str) -> list[Reply]:
    """The buddy's Accept / Decline on the introduction card."""
    pair = await ctx.store.pair(pair_id)
    person = ctx.person
    if person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if pair is None or pair.buddy_id != person.id or action not in ("acc", "dec"):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if pair.state != "proposed":
        return [Reply(Msg.of(f"pair.already_{pair.state}"))]
    candidate = await ctx.store.person(pair.candidate_id)
    pair.answered_at = ctx.clock.now()
    if action == "dec":
        pair.state = "declined"
        await ctx.store.save_pair(pair)
        DECLINE_STATE.begin(ctx, DECLINE, "reason", {"pair": pair.id})
        skip = Button(Msg.of("wizard.skip"), "skip")
        return [Reply(Msg.of("pair.decline_reason"), buttons=[[skip]])]
    pair.state = "accepted"
    await ctx.store.save_pair(pair)
    if candidate is not None:
        ctx.notify(
            candidate,
            Reply(
                Msg.of(
                    "pair.your_buddy",
                    name=name_of(person),
                    company=person.profile.get("company", ""),
                    meeting=Msg.of(f"option.meeting.{person.profile.get('meeting', 'coffee')}"),
                )
            ),
        )
        # Each side chooses for themselves how the other may reach them.
        ctx.notify(candidate, reach.question(pair, person))
    text = Msg.of("pair.coach_accepted", buddy=name_of(person), candidate=name_of(candidate))
    await tell_coach(ctx, pair, text)
    return [
        Reply(Msg.of("pair.accepted", name=name_of(candidate)), buttons=plan_buttons(pair)),
        reach.question(pair, candidate),
    ]


class DeclineFlow:
    """After a decline: an optional reason for the coach."""

    @staticmethod
    async def ask(ctx: Context) -> list[Reply]:
        skip = Button(Msg.of("wizard.skip"), "skip")
        return [Reply(Msg.of("pair.decline_reason"), buttons=[[skip]])]

    @staticmethod
    async def on_text(ctx: Context, text: str) -> list[Reply]:
        return await _declined(ctx, " ".join(text.split())[:300] or None)

    @staticmethod
    async def on_choice(ctx: Context, value: str) -> list[Reply]:
        return await _declined(ctx, None)

    @staticmethod
    async def on_cancel(ctx: Context) -> list[Reply]:
        # The decline stands; the coach still hears of it, without a reason.
        return await _declined(ctx, None)


async def _declined(ctx: Context, reason: str | None) -> list[Reply]:
    pair = await ctx.store.pair(int(DECLINE_STATE.data(ctx)["pair"]))
    end(ctx)
    if pair is None:
        return []
    pair.reason = reason
    await ctx.store.save_pair(pair)
    candidate = await ctx.store.person(pair.candidate_id)
    text = Msg.of(
        "pair.coach_declined",
        buddy=name_of(ctx.person),
        candidate=name_of(candidate),
        reason=reason or Msg.of("pair.no_reason"),
    )
    await tell_coach(ctx, pair, text)
    return [Reply(Msg.of("pair.declined"))]


async def tell_coach(ctx: Context, pair: Pair, text: Msg) -> None:
    """The pair's coach hears about it (a coach who left hears nothing)."""
    coach = await ctx.store.person(pair.coach_id)
    if coach is not None:
        ctx.notify(coach, Reply(text), about=(pair.candidate_id, pair.buddy_id))
