"""Settings told by their LIFTBOT_* names: unknown variables, suggestions and bad values, with
the environment passed in (os.environ is left alone)."""

from __future__ import annotations

import logging
import sys
from datetime import time
from pathlib import Path

import pytest
from pydantic import AliasChoices, Field, ValidationError

from bot.config import Settings, reading
from bot.settings_check import ENVIRONMENT, bad_settings, load_settings, unknown_variables
from bot.startup_errors import RedactingFormatter, StartupFailed, secrets_of


class Renamed(Settings):
    """A setting with a new name that keeps the old one working, as renamed settings do."""

    nudge_quiet_start: time = Field(
        default=time(21, 0),
        validation_alias=AliasChoices("LIFTBOT_QUIET_START", "LIFTBOT_NUDGE_QUIET_START"),
    )


def load(environ: dict[str, str], env_file: Path | None = None) -> tuple[Settings, list[str]]:
    warnings: list[str] = []
    return load_settings(environ, env_file, warnings.append), warnings


def test_the_given_environment_is_read() -> None:
    settings, warnings = load({"LIFTBOT_LOCALE": "en", "liftbot_admin_ids": "7, 8"})
    assert settings.locale == "en" and settings.admin_ids == frozenset({7, 8})
    assert warnings == []


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("LIFTBOT_ADMIN_ID", "LIFTBOT_ADMIN_IDS"),
        ("LIFTBOT_TIMEZONES", "LIFTBOT_TIMEZONE"),
        ("LIFTBOT_TELEGRAM_TOKN", "LIFTBOT_TELEGRAM_TOKEN"),
        ("LIFTBOT_TOKEN", "LIFTBOT_TELEGRAM_TOKEN"),
        ("LIFTBOT_BASE_URL", "LIFTBOT_TELEGRAM_BASE_URL"),
        ("LIFTBOT_DATABASE_FILE", "LIFTBOT_DATABASE"),
        ("liftbot_locales", "LIFTBOT_LOCALE"),
    ],
)
def test_an_unknown_variable_gets_the_closest_known_one(typed: str, meant: str) -> None:
    settings, warnings = load({typed: "1", "LIFTBOT_LOCALE": "en"})
    assert settings.locale == "en"  # the rest is read as usual
    assert warnings == [
        f"{typed.upper()} (in the environment) is not a LiftBot setting and is ignored;"
        f" did you mean {meant}?"
    ]


def test_no_suggestion_when_nothing_is_close_and_other_variables_are_left_alone() -> None:
    _, warnings = load({"LIFTBOT_WEBHOOK_SECRET": "x", "HOME": "/root", "PATH": "/bin"})
    assert warnings == [
        "LIFTBOT_WEBHOOK_SECRET (in the environment) is not a LiftBot setting and is ignored."
    ]


def test_the_dotenv_file_is_checked_too(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LIFTBOT_TIMEZONE=Europe/Amsterdam\nLIFTBOT_INVITE_DAY=3\nOTHER=1\n")
    _, warnings = load({}, env_file)
    assert warnings == [
        f"LIFTBOT_INVITE_DAY (in {env_file}) is not a LiftBot setting and is ignored;"
        " did you mean LIFTBOT_INVITE_DAYS?"
    ]


def test_known_names_come_from_the_model_and_its_aliases() -> None:
    both = {"LIFTBOT_QUIET_START": ENVIRONMENT, "LIFTBOT_NUDGE_QUIET_START": ENVIRONMENT}
    assert unknown_variables(both, Renamed) == []
    assert unknown_variables({"LIFTBOT_QUIET_STRAT": ENVIRONMENT}, Renamed) == [
        "LIFTBOT_QUIET_STRAT (in the environment) is not a LiftBot setting and is ignored;"
        " did you mean LIFTBOT_QUIET_START?"
    ]


@pytest.mark.parametrize("used", ["LIFTBOT_QUIET_START", "LIFTBOT_NUDGE_QUIET_START"])
def test_a_bad_value_is_named_by_the_variable_that_was_used(used: str) -> None:
    with reading({used: "25:00"}), pytest.raises(ValidationError) as caught:
        Renamed(_env_file=None)  # type: ignore[call-arg]
    assert bad_settings(caught.value, {used: ENVIRONMENT}, Renamed) == [
        f"{used}: must be a time of day such as 21:00 (got '25:00')."
    ]


def test_every_bad_setting_gets_its_own_line() -> None:
    environ = {
        "LIFTBOT_INVITE_DAYS": "400",
        "LIFTBOT_LOCALE": "de",
        "LIFTBOT_TELEGRAM_BASE_URL": "api.telegram.org",
        "LIFTBOT_REPLY_RATE": "-1",
        "LIFTBOT_NUDGE_ON_SUNDAYS": "sometimes",
    }
    with pytest.raises(StartupFailed) as caught:
        load(environ)
    assert sorted(caught.value.lines) == [
        "LIFTBOT_INVITE_DAYS: must be a whole number from 1 to 365 (got '400').",
        "LIFTBOT_LOCALE: must be one of nl, en (got 'de').",
        "LIFTBOT_NUDGE_ON_SUNDAYS: must be true or false (got 'sometimes').",
        "LIFTBOT_REPLY_RATE: must be a number of at least 0 (got '-1').",
        "LIFTBOT_TELEGRAM_BASE_URL: must be a web address starting with https://"
        " (got 'api.telegram.org').",
    ]


def test_a_token_pasted_with_spaces_is_the_token() -> None:
    settings, _ = load({"LIFTBOT_TELEGRAM_TOKEN": " 123:abc\n"})
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123:abc"


def test_the_token_is_cut_out_of_log_lines_and_tracebacks() -> None:
    settings, _ = load({"LIFTBOT_TELEGRAM_TOKEN": "123456:AAsecret part/with+signs"})
    formatter = RedactingFormatter("%(levelname)s %(message)s", secrets_of(settings))
    try:
        raise ValueError("The token `123456:AAsecret part/with+signs` was rejected by the server.")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "GET %s", ("/bot123456:AAsecret%20part/with%2Bsigns",),
            sys.exc_info(),
        )
    shown = formatter.format(record)
    assert "Traceback" in shown and "<token>" in shown
    assert "secret" not in shown and "123456:AA" not in shown
