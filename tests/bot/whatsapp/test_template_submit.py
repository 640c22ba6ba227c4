"""`liftbot whatsapp templates [--submit]`: the list, and the submission to a small fake of
Meta's template endpoint on 127.0.0.1 (POST /<WABA id>/message_templates): the JSON Meta
expects for every template, the token in the header only, a refused one reported while the
rest go on, and the token never printed."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from bot.config import SUPPORTED_LOCALES
from bot.i18n import Translator
from bot.whatsapp.template_submit import submit
from bot.whatsapp.templates import Templates

TOKEN = "EAAG-secret-token-never-shown-4f3e2d"
ACCOUNT = "102290129340398"
TEMPLATES = Templates(Translator(ZoneInfo("Europe/Amsterdam"), "nl"), SUPPORTED_LOCALES).all()
# Meta's answer when a template of that name and language exists already.
EXISTS = {
    "error": {
        "message": "Invalid parameter",
        "type": "OAuthException",
        "code": 100,
        "error_subcode": 2388024,
        "error_user_msg": "Content in this language already exists",
    }
}


@dataclass
class FakeMeta:
    """Meta's template endpoint: records each request, refuses (name, language) in `exists`."""

    exists: set[tuple[str, str]] = field(default_factory=set)
    got: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    url: str = ""

    async def create(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.got.append((request.match_info["account"], request.headers["Authorization"], body))
        if (body["name"], body["language"]) in self.exists:
            return web.json_response(EXISTS, status=400)
        return web.json_response({"id": "5940", "status": "PENDING", "category": body["category"]})


@pytest.fixture
async def meta() -> AsyncIterator[FakeMeta]:
    fake = FakeMeta()
    app = web.Application()
    app.router.add_post("/v23.0/{account}/message_templates", fake.create)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}/v23.0"
    yield fake
    await runner.cleanup()


async def test_every_template_is_submitted_as_meta_expects(meta: FakeMeta) -> None:
    meta.exists.add(("liftbot_nudge", "en"))
    results = await submit(TEMPLATES, meta.url + "/", ACCOUNT, TOKEN)
    assert len(meta.got) == len(TEMPLATES) == 16
    for (account, auth, body), template in zip(meta.got, TEMPLATES, strict=True):
        assert account == ACCOUNT and auth == f"Bearer {TOKEN}"
        assert body == template.submission()
        assert set(body) == {"name", "language", "category", "components"}
        body_part, buttons = body["components"]
        assert body_part["type"] == "BODY" and "{{1}}" in body_part["text"]
        assert body_part["example"] == {"body_text": [[template.example]]}
        assert buttons == {
            "type": "BUTTONS",
            "buttons": [{"type": "QUICK_REPLY", "text": template.button}],
        }
    refused = [r for r in results if not r.accepted]
    assert [(r.template.name, r.template.language, r.status) for r in refused] == [
        ("liftbot_nudge", "en", "Content in this language already exists")
    ]
    assert all(r.status == "PENDING" for r in results if r.accepted)


async def test_no_server_is_a_refusal_per_template_not_a_crash() -> None:
    results = await submit(TEMPLATES[:2], "http://127.0.0.1:9/v23.0", ACCOUNT, TOKEN)
    assert [r.accepted for r in results] == [False, False]
    assert all("no answer" in r.status for r in results)


async def liftbot(cwd: Path, *args: str, **settings: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("LIFTBOT_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        cwd=cwd,
        env={**env, **settings},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_the_command_lists_and_submits(meta: FakeMeta, tmp_path: Path) -> None:
    code, out, _ = await liftbot(tmp_path, "whatsapp", "templates")
    assert code == 0 and not meta.got
    assert "liftbot_reminder  UTILITY  nl" in out and "liftbot_broadcast  MARKETING  en" in out
    assert "Hallo! LiftBot heeft een herinnering voor je: {{1}}." in out
    assert "--submit" in out

    code, out, _ = await liftbot(tmp_path, "whatsapp", "templates", "--submit")
    assert code == 2 and "LIFTBOT_WHATSAPP_ACCOUNT_ID" in out and not meta.got

    meta.exists.add(("liftbot_pair", "nl"))
    code, out, err = await liftbot(
        tmp_path,
        "whatsapp",
        "templates",
        "--submit",
        LIFTBOT_WHATSAPP_TOKEN=TOKEN,
        LIFTBOT_WHATSAPP_ACCOUNT_ID=ACCOUNT,
        LIFTBOT_WHATSAPP_API_URL=meta.url,
    )
    assert len(meta.got) == 16
    assert code == 1
    assert "liftbot_pair (nl): refused: Content in this language already exists" in out
    assert "liftbot_pair (en): submitted: PENDING" in out
    assert "15 of 16 submitted" in out
    assert TOKEN not in out + err
