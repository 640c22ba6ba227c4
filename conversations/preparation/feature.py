"""What preparation handles: /prepare (the sessions) and /cv (a CV check, and the
reviewer's button to answer it)."""

from __future__ import annotations

from conversations.core.feature import Command, Feature
from conversations.preparation import cv_check, prepare
from conversations.preparation.names import CV_REVIEW

FEATURE = Feature(
    commands=(
        Command("prepare", prepare.start, {"candidate": 40}),
        Command("cv", cv_check.start, {"candidate": 50}),
    ),
    flows={cv_check.NAME: cv_check, prepare.NAME: prepare},
    keeps_work=frozenset({cv_check.NAME}),
    buttons={CV_REVIEW: cv_check.on_review},
)
