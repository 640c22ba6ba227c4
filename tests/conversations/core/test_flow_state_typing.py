"""mypy catches a misspelt data key or step name of a flow (conversations.core.flow
FlowState): one mypy run over two small modules that use the /newevent wizard's state, one
spelt right and one with four typos."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[3]
RIGHT = """
from conversations.core.context import Context
from conversations.events.event_wizard import NAME, STATE


def plan(ctx: Context) -> str | None:
    STATE.begin(ctx, NAME, "programme", {"draft": {}})
    draft = STATE.data(ctx).setdefault("draft", {})
    draft["title"] = "Walk & Talk"
    STATE.go(ctx, "when")
    if STATE.step(ctx) == "preview":
        return draft.get("venue")
    return None
"""
# Each typo as written in place of the right spelling, and what mypy says about it.
TYPOS = {
    '{"draft": {}}': ('{"drafts": {}}', 'Extra key "drafts" for TypedDict "NewEventData"'),
    'draft["title"]': ('draft["titel"]', 'TypedDict "EventDraft" has no key "titel"'),
    'STATE.go(ctx, "when")': ('STATE.go(ctx, "whenn")', "incompatible type \"Literal['whenn']\""),
    '== "preview"': ('== "previw"', "Non-overlapping equality check"),
}
ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<text>.*)$")


def test_mypy_reports_each_misspelt_key_and_step_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    misspelt = RIGHT
    for right, (typo, _) in TYPOS.items():
        misspelt = misspelt.replace(right, typo)
    (tmp_path / "spelt_right.py").write_text(RIGHT)
    (tmp_path / "misspelt.py").write_text(misspelt)
    # mypy finds conversations/ from the project's root, with the project's settings.
    monkeypatch.chdir(ROOT)
    report, _, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            str(tmp_path / "spelt_right.py"),
            str(tmp_path / "misspelt.py"),
        ]
    )
    errors = [m for line in report.splitlines() if (m := ERROR.match(line))]
    assert status == 1 and len(errors) == len(TYPOS), report
    assert {Path(e["file"]).name for e in errors} == {"misspelt.py"}, report
    found = {int(e["line"]): e["text"] for e in errors}
    for number, line in enumerate(RIGHT.splitlines(), start=1):
        for right, (_, said) in TYPOS.items():
            if right in line:
                assert said in found.get(number, ""), report
