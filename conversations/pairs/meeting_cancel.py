"""Cancelling a meeting and ending a pair: each asks "are you sure?" with room for a reason
in your own words; the other side and the coach hear it, with the reason, and whoever is
left is offered to plan again. Only the yes acts: a typed reason is shown back with the
question (a typed "no, leave it" must never cancel), and a question left open waits
(flow.KEEPS_WORK) and changes nothing.
"""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Meeting, Pair, name_of
from conversations.core.types import Button, Msg, Param, Reply, When
from conversations.joining.fields import check_text, problem_message
from conversations.pairs.flow_states import MeetingCancelData, PairEndData, SureStep
from conversations.pairs.meeting_buttons import plan_row
from conversations.pairs.meeting_facts import other_side
from conversations.pairs.names import about_agreement, about_meeting
from conversations.pairs.pair_answers import tell_coach

CANCEL = "meeting_cancel"
END = "pair_end"
CANCEL_STATE = FlowState[MeetingCancelData, SureStep]()
END_STATE = FlowState[PairEndData, SureStep]()
REASON_MAX = 300


def what(meeting: Meeting) -> Msg:
    """ "the meeting of Thursday 26 November, 10:00", or "the times proposed"."""
    if meeting.starts_at is not None:
        return Msg.of("meeting.what.planned", when=When(meeting.starts_at))
    return Msg.of(f"meeting.what.{'call' if meeting.state == 'call' else 'proposed'}")


def _reason(reason: str | None) -> Param:
    return Msg.of("meeting.reason", reason=reason) if reason else ""


def _sure(question: Msg, reason: str | None) -> list[Reply]:
    if reason:
        question = Msg.of("meeting.sure_with_reason", question=question, reason=reason)
    buttons = [
        [Button(Msg.of("meeting.sure_yes"), "yes")],
        [Button(Msg.of("meeting.sure_no"), "no")],
    ]
    return [Reply(question, buttons=buttons)]


async def ask_cancel(ctx: Context, meeting: Meeting) -> list[Reply]:
    CANCEL_STATE.begin(ctx, CANCEL, "sure", {"meeting": meeting.id})
    return await CancelFlow.ask(ctx)


async def ask_end(ctx: Context, pair: Pair) -> list[Reply]:
    END_STATE.begin(ctx, END, "sure", {"pair": pair.id})
    return await EndFlow.ask(ctx)


async def _answer(ctx: Context, text: str, flow: type[CancelFlow] | type[EndFlow]) -> list[Reply]:
    """A typed reason is kept and shown with the question; the yes still has to come."""
    cleaned, problem = check_text("text", text, REASON_MAX)
    if problem:
        return [Reply(problem_message(problem, cleaned, REASON_MAX)), *await flow.ask(ctx)]
    data = CANCEL_STATE.data(ctx) if flow is CancelFlow else END_STATE.data(ctx)
    data["reason"] = cleaned
    return await flow.ask(ctx)


class CancelFlow:
    @staticmethod
    async def ask(ctx: Context) -> list[Reply]:
        data = CANCEL_STATE.data(ctx)
        meeting = await ctx.store.meeting(int(data["meeting"]))
        pair = await ctx.store.pair(meeting.pair_id) if meeting else None
        if meeting is None or pair is None or ctx.person is None:
            return []
        other = await ctx.store.person(other_side(pair, ctx.person.id))
        question = Msg.of("meeting.sure_cancel", what=what(meeting), name=name_of(other))
        return _sure(question, data.get("reason"))

    @staticmethod
    async def on_text(ctx: Context, text: str) -> list[Reply]:
        return await _answer(ctx, text, CancelFlow)

    @staticmethod
    async def on_choice(ctx: Context, value: str) -> list[Reply]:
        if value == "yes":
            return await CancelFlow.finish(ctx, CANCEL_STATE.data(ctx).get("reason"))
        meeting = await ctx.store.meeting(int(CANCEL_STATE.data(ctx)["meeting"]))
        end(ctx)
        if value == "no" and meeting is not None:
            return [Reply(Msg.of("meeting.kept", what=what(meeting)))]
        return []

    @staticmethod
    async def finish(ctx: Context, reason: str | None) -> list[Reply]:
        meeting = await ctx.store.meeting(int(CANCEL_STATE.data(ctx)["meeting"]))
        end(ctx)
        pair = await ctx.store.pair(meeting.pair_id) if meeting else None
        person = ctx.person
        if meeting is None or pair is None or person is None:
            return []
        if meeting.state == "cancelled":
            return [Reply(Msg.of("meeting.already_cancelled"), buttons=[plan_row(pair, person.id)])]
        if meeting.state not in ("proposed", "planned") or pair.state != "accepted":
            return [Reply(Msg.of("meeting.no_longer_open"))]
        if meeting.starts_at is not None and meeting.starts_at <= ctx.clock.now():
            # Its time came while the question was open: "did you talk?" is the question now.
            return [Reply(Msg.of("meeting.not_planned_any_more"))]
        meeting.state, meeting.closed_by, meeting.note = "cancelled", person.id, reason
        meeting.closed_at = ctx.clock.now()
        await ctx.store.save_meeting(meeting)
        await ctx.store.unschedule_about(about_meeting(meeting.id))
        other = await ctx.store.person(other_side(pair, person.id))
        about = (pair.candidate_id, pair.buddy_id)
        if other is not None:
            text = Msg.of(
                "meeting.cancelled_by",
                name=name_of(person),
                what=what(meeting),
                reason=_reason(reason),
            )
            ctx.notify(other, Reply(text, buttons=[plan_row(pair, other.id)]), about=about)
        told = Msg.of(
            "meeting.coach_cancelled",
            name=name_of(person),
            other=name_of(other),
            what=what(meeting),
            reason=reason or Msg.of("pair.no_reason"),
        )
        await tell_coach(ctx, pair, told)
        done = Msg.of("meeting.cancelled", name=name_of(other))
        return [Reply(done, buttons=[plan_row(pair, person.id)])]


class EndFlow:
    @staticmethod
    async def ask(ctx: Context) -> list[Reply]:
        data = END_STATE.data(ctx)
        pair = await ctx.store.pair(int(data["pair"]))
        if pair is None or ctx.person is None:
            return []
        other = await ctx.store.person(other_side(pair, ctx.person.id))
        return _sure(Msg.of("pair.sure_end", name=name_of(other)), data.get("reason"))

    @staticmethod
    async def on_text(ctx: Context, text: str) -> list[Reply]:
        return await _answer(ctx, text, EndFlow)

    @staticmethod
    async def on_choice(ctx: Context, value: str) -> list[Reply]:
        if value == "yes":
            return await EndFlow.finish(ctx, END_STATE.data(ctx).get("reason"))
        end(ctx)
        return [Reply(Msg.of("pair.kept"))] if value == "no" else []

    @staticmethod
    async def finish(ctx: Context, reason: str | None) -> list[Reply]:
        pair = await ctx.store.pair(int(END_STATE.data(ctx)["pair"]))
        end(ctx)
        person = ctx.person
        if pair is None or person is None:
            return []
        if pair.state != "accepted":
            return [Reply(Msg.of("pair.already_cancelled"))]
        now = ctx.clock.now()
        pair.state, pair.ended_by, pair.reason = "cancelled", person.id, reason
        await ctx.store.save_pair(pair)
        # Nothing more is planned or sent about it: meetings ahead go off, nudges stop.
        for meeting in await ctx.store.meetings_of_pair(pair.id):
            ahead = meeting.starts_at is None or meeting.starts_at > now
            if meeting.state in ("proposed", "planned") and ahead:
                meeting.state, meeting.closed_by, meeting.closed_at = "cancelled", person.id, now
                await ctx.store.save_meeting(meeting)
            await ctx.store.unschedule_about(about_meeting(meeting.id))
        for agreement in await ctx.store.agreements_of_pair(pair.id):
            await ctx.store.unschedule_about(about_agreement(agreement.id))
        other = await ctx.store.person(other_side(pair, person.id))
        if other is not None:
            text = Msg.of("pair.ended_by", name=name_of(person), reason=_reason(reason))
            ctx.notify(other, Reply(text), about=(pair.candidate_id, pair.buddy_id))
        told = Msg.of(
            "pair.coach_ended",
            name=name_of(person),
            other=name_of(other),
            reason=reason or Msg.of("pair.no_reason"),
        )
        await tell_coach(ctx, pair, told)
        return [Reply(Msg.of("pair.ended", name=name_of(other)))]
