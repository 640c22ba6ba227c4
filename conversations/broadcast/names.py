"""The strings broadcasts store. Their values never change: a button sent last week must
still work."""

from __future__ import annotations

CONTROL = "bc"  # bc:<broadcast>:pause|go|stop, under the progress message
