"""What the /broadcast wizard (compose.py) keeps in a conversation row: its steps and draft.

Stored values (see conversations.core.flow): a draft halfway written carries on after
an upgrade, so no step name or key here ever changes.
"""

from __future__ import annotations

from typing import Literal, TypedDict

# The steps that take the text (first version, other language), the audience questions
# asked after "to whom", and all of them.
TextStep = Literal["text", "text2"]
AudienceStep = Literal["programme", "event", "language"]
AUDIENCE_STEPS: tuple[AudienceStep, ...] = ("programme", "event", "language")
Step = (
    TextStep
    | AudienceStep
    | Literal["audience", "event_state", "split", "more", "file", "schedule", "preview"]
)


class Draft(TypedDict, total=False):
    page: int  # of the events list
    event: int  # picked, its attendees still to narrow down
    # Who it goes to, as audience.audience_people reads it: "mine", "prog:<id>",
    # "ev:<id>:<state>", "lang:<code>" ...
    audience: str
    lang: str  # the sender's language: the first text's, when there are two
    texts: dict[str, str]  # by language code, or {"*": text} for everyone
    pending_text: str  # too long for one message: split it or write it again
    split_from: TextStep
    send_at: str  # ISO 8601 with its offset; none: now
    file: tuple[Literal["photo", "document"], str]  # [kind, file id]
