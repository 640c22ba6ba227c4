"""Where a pair stands, as /pairs shows it to the coach (lines, CSV) and to the two people.

```mermaid
stateDiagram-v2
    [*] --> proposed: the coach pairs them
    proposed --> declined: the buddy says no
    proposed --> accepted: the buddy says yes
    accepted --> times_proposed: the buddy sends times and a place
    times_proposed --> accepted: "none of these suit me", or withdrawn
    times_proposed --> meeting_planned: the job seeker picks a time
    meeting_planned --> accepted: cancelled (a reason; plan again)
    meeting_planned --> meeting_due: the time has come
    meeting_due --> met: "did you talk?" - "yes"
    meeting_due --> accepted: "not yet", "it is not going to happen"
    met --> met_nothing: "nothing agreed (yet)"
    met --> actions: an agreement is recorded
    met_nothing --> actions
    actions --> done: every action done
    accepted --> cancelled: "End the pair" (confirmed), or one of them left
```

"met" needs someone to say the talk happened (a held meeting); an agreement implies it too
(before issue 11 one could only be recorded after a meeting). The coach's funnel counts
the same in SQL (bot/sqlite/overviews.py).
"""

from __future__ import annotations

from typing import Literal

from conversations.core.overview_records import PairSummary

Stage = Literal[
    "proposed",
    "declined",
    "cancelled",
    "accepted",
    "times_proposed",
    "meeting_planned",
    "meeting_due",
    "met",
    "met_nothing",
    "actions",
    "done",
]
# The stages in which the pair counts as met in the coach's funnel.
MET: tuple[Stage, ...] = ("met", "met_nothing", "actions", "done")


def state_of(summary: PairSummary) -> Stage:
    """The stage of a pair from its counts: its own state until accepted, then how far it
    got (the furthest step counts: a pair that met and plans again is still met)."""
    if summary.state != "accepted":
        return summary.state  # type: ignore[return-value]
    if summary.agreements:
        return "actions" if summary.agreements > summary.done else "done"
    if summary.held:
        return "met_nothing" if summary.nothing else "met"
    if summary.planned > summary.started:
        return "meeting_planned"
    if summary.started or summary.calls:
        return "meeting_due"
    if summary.proposed:
        return "times_proposed"
    return "accepted"
