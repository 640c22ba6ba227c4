"""What the people flows keep in a conversation row: each flow's steps and data.

Stored values (see conversations.core.flow): a conversation halfway through one of these
flows carries on after an upgrade, so no step name or key here ever changes.
"""

from __future__ import annotations

from typing import Literal, TypedDict

# The coach's /people (screen.py, and add.py for the add list): a programme's list, a
# person's card, the people who can be added.
PeopleStep = Literal["programmes", "list", "card", "add"]
PeopleFilter = Literal["all", "candidate", "buddy"]


class PeopleData(TypedDict, total=False):
    programme: int
    page: int
    role: PeopleFilter
    person: int  # whose card is open
    list_page: int  # the list's page, kept while a card or the add list is open


# An admin hands a coach's programme over (handover.py).
HandoverStep = Literal["programme", "coach"]


class HandoverData(TypedDict, total=False):
    programme: int
