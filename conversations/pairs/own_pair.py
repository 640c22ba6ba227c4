"""What a job seeker or buddy sees of their own pair in /pairs: where it stands, the meeting
arranged (when and where), and buttons that say what they do:

- nothing arranged: "Plan a meeting" (buddy) or "Ask for a meeting" (job seeker), and "End
  the pair" (either, after "are you sure");
- times proposed: the times and "none of these suit me" (job seeker), Move / Cancel (buddy);
- a time to come: Move / Cancel (cancel after "are you sure", with a reason);
- a time that passed: "did you talk?";
- met: "Record an agreement", and planning a next meeting.

Each open action comes as its own message with Done / I need help."""

from __future__ import annotations

from dataclasses import dataclass, field

from conversations.core.context import Context
from conversations.core.overview_records import PairSummary
from conversations.core.records import Pair
from conversations.core.types import Button, Msg, Param, Reply, When
from conversations.pairs.agreements import describe
from conversations.pairs.meeting_buttons import end_row, meeting_row, pick_rows, plan_row, talk_rows
from conversations.pairs.meeting_facts import arranged, awaiting_answer
from conversations.pairs.meeting_place import where
from conversations.pairs.names import AGREEMENT_NUDGE, AGREEMENT_RECORD
from conversations.pairs.pair_states import Stage, state_of


@dataclass
class OwnPair:
    state: Stage
    meeting: Param  # a line on the meeting arranged, or ""
    actions: list[Param]  # the open actions, described
    buttons: list[list[Button]]
    action_replies: list[Reply] = field(default_factory=list)


async def view(ctx: Context, pair: Pair, person_id: int) -> OwnPair:
    meetings = await ctx.store.meetings_of_pair(pair.id)
    agreements = await ctx.store.agreements_of_pair(pair.id)
    talks = await ctx.store.talks_of_pair(pair.id)
    now = ctx.clock.now()
    planned = [m for m in meetings if m.state == "planned" and m.starts_at]
    held = [m for m in meetings if m.state == "held"]
    summary = PairSummary(
        id=pair.id,
        kind=pair.kind,
        state=pair.state,
        candidate_id=pair.candidate_id,
        buddy_id=pair.buddy_id,
        planned=len(planned),
        started=sum(1 for m in planned if m.starts_at and m.starts_at <= now),
        calls=sum(1 for m in meetings if m.state == "call"),
        agreements=len(agreements),
        open=0,
        overdue=0,
        done=sum(1 for a in agreements if a.state == "done"),
        proposed=sum(1 for m in meetings if m.state == "proposed"),
        held=len(held),
        nothing=sum(1 for t in talks if t.nothing_agreed and t.meeting_id in {m.id for m in held}),
    )
    state = state_of(summary)
    open_ = [a for a in agreements if a.state != "done"]
    result = OwnPair(state, "", [describe(a) for a in open_], [])
    if pair.state != "accepted":
        return result
    current = arranged(meetings, now)
    waiting = awaiting_answer(meetings, now)
    # An old meeting that already led to an agreement needs no "did you talk?" any more.
    if waiting is not None and any(a.created_at >= (waiting.starts_at or now) for a in agreements):
        waiting = None
    buttons: list[list[Button]] = []
    if current is not None and current.state == "proposed":
        result.meeting = Msg.of("pairs.meeting_proposed", where=where(current.place))
        is_buddy = person_id == pair.buddy_id
        buttons = [meeting_row(current)] if is_buddy else pick_rows(current)
    elif current is not None and current.starts_at is not None:
        when = When(current.starts_at)
        result.meeting = Msg.of("pairs.meeting_planned", when=when, where=where(current.place))
        buttons = [meeting_row(current)]
    elif waiting is not None:
        result.meeting = Msg.of("pairs.meeting_passed")
        buttons = talk_rows(waiting)
    else:
        if held:
            record = Msg.of("agreement.record")
            buttons.append([Button(record, f"{AGREEMENT_RECORD}:{held[-1].id}:new", bound=True)])
        buttons += [plan_row(pair, person_id), end_row(pair)]
    result.buttons = buttons
    result.action_replies = [
        Reply(
            Msg.of("pairs.action", what=describe(a)),
            buttons=[
                [
                    Button(Msg.of("nudge.done"), f"{AGREEMENT_NUDGE}:{a.id}:done", bound=True),
                    Button(Msg.of("nudge.help"), f"{AGREEMENT_NUDGE}:{a.id}:help", bound=True),
                ]
            ],
        )
        for a in open_
        if a.state in ("unconfirmed", "confirmed")
    ]
    return result
