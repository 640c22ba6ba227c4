"""Starting LiftBot with WhatsApp: what is missing is said by name, a port in use too; a
secret never shows."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakecloudapi import NUMBER, PHONE_ID, TOKEN, VERIFY_TOKEN


def environ(tmp_path: Path, **more: str) -> dict[str, str]:
    return {
        "LIFTBOT_WHATSAPP_TOKEN": TOKEN,
        "LIFTBOT_WHATSAPP_PHONE_ID": PHONE_ID,
        "LIFTBOT_WHATSAPP_NUMBER": NUMBER,
        "LIFTBOT_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "LIFTBOT_WHATSAPP_API_URL": "http://127.0.0.1:9/v23.0",
        "LIFTBOT_DATABASE": str(tmp_path / "start.sqlite3"),
        **more,
    }


def test_no_app_secret_no_whatsapp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"], environ(tmp_path)) == 1
    said = capsys.readouterr().err
    assert "the WhatsApp channel needs LIFTBOT_WHATSAPP_APP_SECRET" in said
    assert "Traceback" not in said and TOKEN not in said


def test_a_port_in_use_is_said_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = environ(
            tmp_path, LIFTBOT_WHATSAPP_APP_SECRET="s3cret-app-secret", LIFTBOT_WEB_PORT=str(port)
        )
        assert main(["run"], settings) == 1
    said = capsys.readouterr().err
    assert f"the web server cannot listen on 127.0.0.1:{port}" in said
    assert "LIFTBOT_WEB_PORT" in said and "s3cret-app-secret" not in said


def test_nothing_configured(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"], {"LIFTBOT_DATABASE": str(tmp_path / "x.sqlite3")}) == 2
    assert "LIFTBOT_WHATSAPP_*" in capsys.readouterr().err


def test_whatsapp_admins_are_read_beside_telegram_ones() -> None:
    from bot.config import Settings, reading

    with reading({"LIFTBOT_ADMIN_IDS": "1000, wa:+31612345678"}):
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.admin_keys == frozenset({"tg:1000", "wa:31612345678"})
    with reading({"LIFTBOT_ADMIN_IDS": "1000,x"}), pytest.raises(ValueError, match="wa:<number>"):
        Settings(_env_file=None)  # type: ignore[call-arg]
