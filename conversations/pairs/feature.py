"""What pairs handle: /pair and /pairs, the buddy's answer, meetings (planning, picking a
time, moving, cancelling, "did you talk?"), agreements and their nudges, round two, and how
the two of a pair reach each other; see names.py for each button's data."""

from __future__ import annotations

from dataclasses import replace

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.feature import Command, Feature, subject_id
from conversations.core.records import Person, Scheduled
from conversations.core.types import Reply
from conversations.pairs import (
    agreement_flow,
    agreements,
    help_note,
    meeting_actions,
    meeting_cancel,
    meeting_followup,
    meeting_pick,
    meetings,
    pair_answers,
    pairing,
    pairs_overview,
    reach,
    relay,
    round_two,
)
from conversations.pairs.names import (
    AGREEMENT,
    AGREEMENT_CONFIRM,
    AGREEMENT_NUDGE,
    AGREEMENT_RECORD,
    MEETING,
    MEETING_CHANGE,
    MEETING_FOLLOWUP,
    MEETING_TIME,
    PAIR_ANSWER,
    PAIR_MEETING,
    PAIR_REACH,
    ROUND_TWO_PICK,
    TALK,
    WRITE,
)


async def _about_meeting(ctx: Context, item: Scheduled, person: Person) -> list[Reply]:
    meeting_id = subject_id(item)
    if meeting_id is None:
        return []
    replies = await meeting_followup.scheduled_message(ctx, item.kind, meeting_id, person)
    kind = kinds.FOLLOW_UP if item.kind == MEETING_FOLLOWUP else kinds.REMINDER
    return [replace(reply, kind=kind) for reply in replies]


async def _about_agreement(ctx: Context, item: Scheduled, person: Person) -> list[Reply]:
    agreement_id = subject_id(item)
    if agreement_id is None:
        return []
    replies = await agreements.nudge_message(ctx, agreement_id, person, item.kind)
    return [replace(reply, kind=kinds.NUDGE) for reply in replies]


FEATURE = Feature(
    commands=(
        Command("pair", pairing.start, {"coach": 40}),
        Command("pairs", pairs_overview.start, {"candidate": 30, "buddy": 20, "coach": 50}),
    ),
    flows={
        pairing.NAME: pairing,
        pair_answers.DECLINE: pair_answers.DeclineFlow(),
        meetings.NAME: meetings,
        meeting_pick.NO_SLOT: meeting_pick.NoSlotFlow(),
        meeting_cancel.CANCEL: meeting_cancel.CancelFlow(),
        meeting_cancel.END: meeting_cancel.EndFlow(),
        agreement_flow.NAME: agreement_flow,
        help_note.NAME: help_note,
        round_two.NAME: round_two,
        pairs_overview.NAME: pairs_overview,
        reach.NAME: reach,
        relay.NAME: relay,
    },
    keeps_work=frozenset(
        {
            agreement_flow.NAME,
            meetings.NAME,
            pair_answers.DECLINE,
            meeting_pick.NO_SLOT,
            meeting_cancel.CANCEL,
            meeting_cancel.END,
            help_note.NAME,
        }
    ),
    buttons={
        PAIR_ANSWER: pair_answers.on_answer,
        PAIR_MEETING: meeting_actions.on_plan,
        MEETING_TIME: meeting_pick.on_pick,
        MEETING_CHANGE: meeting_actions.on_meeting,
        TALK: meeting_followup.on_talk,
        AGREEMENT_RECORD: agreement_flow.on_new,
        AGREEMENT_CONFIRM: agreements.on_confirm,
        AGREEMENT_NUDGE: agreements.on_nudge,
        ROUND_TWO_PICK: round_two.on_pick,
        PAIR_REACH: relay.on_pair,
        WRITE: relay.on_write,
    },
    scheduled={MEETING: _about_meeting, AGREEMENT: _about_agreement},
)
