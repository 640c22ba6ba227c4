"""What the privacy flows keep in a conversation row: their steps.

Stored values (see conversations.core.flow): a conversation halfway through one of these
flows carries on after an upgrade, so no step name here ever changes.
"""

from __future__ import annotations

from typing import Literal

# /forget (forget.py): "are you sure?"; it keeps no data.
ForgetStep = Literal["confirm"]
