"""Settings: LIFTBOT_* variables, .env files and derived URLs."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TOKEN", "BASE_URL", "DATABASE", "TIMEZONE", "LOCALE", "ADMIN_IDS"):
        monkeypatch.delenv(f"LIFTBOT_{name}", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_base_file_url == "https://api.telegram.org/file/bot"
    assert settings.timezone == "Europe/Amsterdam" and settings.locale == "nl"
    assert settings.admin_ids == frozenset() and settings.invite_days == 14


def test_environment_and_comma_separated_admins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFTBOT_ADMIN_IDS", "12, 34,56")
    monkeypatch.setenv("LIFTBOT_TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("LIFTBOT_TELEGRAM_TOKEN", "1:secret")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.admin_ids == frozenset({12, 34, 56})
    assert settings.telegram_base_file_url == "http://127.0.0.1:8081/file/bot"
    assert "secret" not in repr(settings)


def test_dotenv_file(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("LIFTBOT_LOCALE=en\nLIFTBOT_DATABASE=/data/lift.sqlite3\nLIFTBOT_ADMIN_IDS=7\n")
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert settings.locale == "en" and settings.database == Path("/data/lift.sqlite3")
    assert settings.admin_ids == frozenset({7})


@pytest.mark.parametrize(
    "field, value", [("locale", "de"), ("timezone", "Mars/Olympus"), ("invite_days", 0)]
)
def test_bad_settings_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, **{field: value})  # type: ignore[call-arg]


def test_quiet_hours_and_sundays(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QUIET_START", "QUIET_END", "QUIET_SUNDAY"):
        monkeypatch.delenv(f"LIFTBOT_{name}", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.quiet_start, settings.quiet_end) == (time(21, 0), time(8, 30))
    assert settings.quiet_sunday is True
    monkeypatch.setenv("LIFTBOT_QUIET_START", "20:30")
    monkeypatch.setenv("LIFTBOT_QUIET_END", "09:00")
    monkeypatch.setenv("LIFTBOT_QUIET_SUNDAY", "false")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.quiet_start, settings.quiet_end) == (time(20, 30), time(9, 0))
    assert settings.quiet_sunday is False


def test_the_old_nudge_names_still_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QUIET_START", "QUIET_END", "QUIET_SUNDAY", "NUDGE_QUIET_START"):
        monkeypatch.delenv(f"LIFTBOT_{name}", raising=False)
    for name in ("NUDGE_QUIET_END", "NUDGE_ON_SUNDAYS"):
        monkeypatch.delenv(f"LIFTBOT_{name}", raising=False)
    env = tmp_path / ".env"
    env.write_text(
        "LIFTBOT_NUDGE_QUIET_START=22:00\nLIFTBOT_NUDGE_QUIET_END=09:00\n"
        "LIFTBOT_NUDGE_ON_SUNDAYS=true\n"
    )
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert (settings.quiet_start, settings.quiet_end) == (time(22, 0), time(9, 0))
    assert settings.quiet_sunday is False  # nudges on Sundays: Sunday is not quiet
    # The new names win when both are given.
    env.write_text(
        "LIFTBOT_NUDGE_QUIET_END=09:00\nLIFTBOT_QUIET_END=07:45\n"
        "LIFTBOT_NUDGE_ON_SUNDAYS=true\nLIFTBOT_QUIET_SUNDAY=true\n"
    )
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert settings.quiet_end == time(7, 45) and settings.quiet_sunday is True


def test_whatsapps_own_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).whatsapp_rate == 20  # type: ignore[call-arg]
    monkeypatch.setenv("LIFTBOT_WHATSAPP_RATE", "40")
    monkeypatch.setenv("LIFTBOT_WHATSAPP_PER_PERSON_SECONDS", "7.5")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.whatsapp_rate, settings.whatsapp_per_person_seconds) == (40, 7.5)
    # Telegram's pace is not WhatsApp's.
    assert (settings.broadcast_rate, settings.broadcast_per_chat_rate) == (30, 1)
    with pytest.raises(ValidationError):
        Settings(_env_file=None, whatsapp_rate=0)  # type: ignore[call-arg]
