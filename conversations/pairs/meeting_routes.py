"""The flows and record-bound buttons of a pair's meetings and agreements, as the router
takes them in (the prefixes are listed in router.BOUND; see meeting_buttons for what each
button does)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from conversations.core.context import Context
from conversations.core.flow import Flow
from conversations.core.types import Reply
from conversations.pairs import (
    agreement_flow,
    help_note,
    meeting_actions,
    meeting_cancel,
    meeting_followup,
    meeting_pick,
    meetings,
)

FLOWS: dict[str, Flow] = {
    meetings.NAME: meetings,
    meeting_pick.NO_SLOT: meeting_pick.NoSlotFlow(),
    meeting_cancel.CANCEL: meeting_cancel.CancelFlow(),
    meeting_cancel.END: meeting_cancel.EndFlow(),
    agreement_flow.NAME: agreement_flow,
    help_note.NAME: help_note,
}
BOUND_HANDLERS: dict[str, Callable[[Context, int, str], Awaitable[list[Reply]]]] = {
    "mt": meeting_actions.on_plan,
    "ms": meeting_pick.on_pick,
    "mm": meeting_actions.on_meeting,
    "tk": meeting_followup.on_talk,
    "af": agreement_flow.on_new,
}
scheduled_message = meeting_followup.scheduled_message
