"""The strings preparation stores. Their values never change: a button sent last week must
still work."""

from __future__ import annotations

CV_REVIEW = "cv"  # cv:<review>:review, for the reviewer of a CV check
