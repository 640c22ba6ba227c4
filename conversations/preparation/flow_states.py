"""What the preparation flows keep in a conversation row: each flow's steps and data.

Stored values (see conversations.core.flow): a conversation halfway through one of these
flows carries on after an upgrade, so no step name or key here ever changes.
"""

from __future__ import annotations

from typing import Literal, TypedDict

# /prepare (prepare.py): a session's tips and exercise, or the overview when all are done.
# Where someone is within a session is kept in the database, not here.
PrepareStep = Literal["session", "overview"]


class PrepareData(TypedDict, total=False):
    session: int  # 1, 2 or 3


# The CV check (cv_check.py): the job seeker picks who and sends the file; the reviewer
# types two tips and two tops.
CvStep = Literal["who", "file", "tips", "tops", "preview"]


class CvData(TypedDict, total=False):
    choices: list[int]  # the reviewers to pick from
    reviewer: int
    review: int
    tips: list[str]
    tops: list[str]
