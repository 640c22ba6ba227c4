"""Loading the settings for `liftbot`: bad values and unknown LIFTBOT_* variables are told by
the variable's name, as people set it, not by pydantic's field names.

The known names come from the Settings model itself (env prefix plus field name, or the
field's aliases), so a setting that is added or renamed needs no list kept here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from datetime import time
from pathlib import Path
from typing import Any, get_args

from dotenv import dotenv_values
from pydantic import AliasChoices, AliasPath, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_settings import SettingsError

from bot.config import Settings, reading
from bot.startup_errors import StartupFailed

PREFIX = str(Settings.model_config.get("env_prefix") or "")
ENVIRONMENT = "the environment"


def variables(model: type[Settings] = Settings) -> dict[str, list[str]]:
    """Each field's variable names, upper case, the one to suggest first."""
    config = model.model_config
    by_name = bool(config.get("validate_by_name") or config.get("populate_by_name"))
    names: dict[str, list[str]] = {}
    for field_name, field in model.model_fields.items():
        aliases = [alias.upper() for alias in _aliases(field)]
        if not aliases or by_name:
            aliases.append(f"{PREFIX}{field_name}".upper())
        names[field_name] = list(dict.fromkeys(aliases))
    return names


def _aliases(field: FieldInfo) -> list[str]:
    """As pydantic-settings reads them: an alias is the whole variable name (no prefix), and
    for a path only its first part names the variable."""
    alias = field.validation_alias or field.alias
    choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
    found = []
    for choice in choices:
        if isinstance(choice, AliasPath) and choice.path and isinstance(choice.path[0], str):
            found.append(choice.path[0])
        elif isinstance(choice, str):
            found.append(choice)
    return found


def unknown_variables(present: Mapping[str, str], model: type[Settings] = Settings) -> list[str]:
    """A line for each LIFTBOT_* variable that is no setting, with the closest known one."""
    known = [name for names in variables(model).values() for name in names]
    lines = []
    for name, where in sorted(present.items()):
        if not name.startswith(PREFIX) or name in known:
            continue
        line = f"{name} (in {where}) is not a LiftBot setting and is ignored"
        closest = closest_variable(name, known)
        lines.append(f"{line}; did you mean {closest}?" if closest else f"{line}.")
    return lines


def closest_variable(name: str, known: list[str]) -> str | None:
    """The known name meant by a typo (LIFTBOT_TIMEZONES) or a shortening (LIFTBOT_TOKEN)."""
    bare = {known_name.removeprefix(PREFIX): known_name for known_name in known}
    typed = name.removeprefix(PREFIX)
    close = difflib.get_close_matches(typed, list(bare), n=1, cutoff=0.7)
    if close:
        return bare[close[0]]
    # Words left out or added: TOKEN for TELEGRAM_TOKEN, DATABASE_FILE for DATABASE.
    words = set(typed.split("_"))
    related = [
        short
        for short in bare
        if words and (words <= set(short.split("_")) or set(short.split("_")) <= words)
    ]
    # The nearest in length only (TOKEN: TELEGRAM_TOKEN and WHATSAPP_TOKEN, not
    # WHATSAPP_VERIFY_TOKEN); a few: name them all; many: no guess is worth it.
    nearest = min((len(short.split("_")) for short in related), default=0)
    related = [bare[short] for short in related if len(short.split("_")) == nearest]
    return " or ".join(related) if 0 < len(related) <= 2 else None


def load_settings(
    environ: Mapping[str, str], env_file: Path | None, warn: Callable[[str], None]
) -> Settings:
    """The settings from this environment and .env file, after a warning for each unknown
    LIFTBOT_* variable; StartupFailed with a line per bad setting."""
    try:
        from_file = dotenv_values(env_file) if env_file is not None and env_file.is_file() else {}
    except (OSError, UnicodeDecodeError) as exc:
        raise StartupFailed(f"cannot read the settings file {env_file}: {exc}.") from exc
    # Both are read without regard to case, and the environment wins, as pydantic-settings does.
    present = {name.upper(): str(env_file) for name in from_file}
    present |= {name.upper(): ENVIRONMENT for name in environ}
    for line in unknown_variables(present):
        warn(line)
    try:
        with reading(environ):
            return Settings(_env_file=env_file)
    except ValidationError as exc:
        raise StartupFailed(*bad_settings(exc, present)) from None
    except SettingsError as exc:
        raise StartupFailed(f"{exc}.") from None


def bad_settings(
    error: ValidationError, present: Mapping[str, str], model: type[Settings] = Settings
) -> list[str]:
    """One line per variable: its name, what it must be, and what it was."""
    names = variables(model)
    field_of = {key: field_name for field_name in names for key in _keys(model, field_name)}
    lines: dict[str, str] = {}
    for detail in error.errors():
        key = str(detail["loc"][0]) if detail["loc"] else ""
        field_name = field_of.get(key) or field_of.get(key.upper())
        if field_name is None:
            continue
        field = model.model_fields[field_name]
        # The name the person used (an older alias, say), else the one to use.
        variable = next((n for n in names[field_name] if n in present), names[field_name][0])
        if variable not in lines:
            lines[variable] = f"{variable}: {_must_be(detail, field)}{_got(detail, field)}."
    return list(lines.values()) or [f"invalid settings ({error.error_count()} errors)."]


def _keys(model: type[Settings], field_name: str) -> list[str]:
    """What an error's location may say for this field: its name or one of its aliases."""
    field = model.model_fields[field_name]
    return [field_name, *_aliases(field), *(alias.upper() for alias in _aliases(field))]


def _must_be(detail: ErrorDetails, field: FieldInfo) -> str:
    if detail["type"] == "value_error":
        # Our own validators' words (config.py), without pydantic's "Value error, ".
        return str((detail.get("ctx") or {}).get("error", detail["msg"]))
    annotation = field.annotation
    if annotation is int:
        return f"must be a whole number{_range(field)}"
    if annotation is float:
        return f"must be a number{_range(field)}"
    if annotation is bool or detail["type"] == "bool_parsing":
        return "must be true or false"
    if annotation is time:
        return "must be a time of day such as 21:00"
    message = detail["msg"]
    return message[:1].lower() + message[1:]


def _range(field: FieldInfo) -> str:
    """The bounds that Field(ge=..., le=...) put in the field's metadata, in words."""
    bounds: dict[str, Any] = {}
    for rule in field.metadata:
        for kind in ("ge", "gt", "le", "lt"):
            if getattr(rule, kind, None) is not None:
                bounds[kind] = getattr(rule, kind)
    if "ge" in bounds and "le" in bounds:
        return f" from {bounds['ge']} to {bounds['le']}"
    if "ge" in bounds:
        return f" of at least {bounds['ge']}"
    if "gt" in bounds:
        return f" above {bounds['gt']}"
    if "le" in bounds:
        return f" of at most {bounds['le']}"
    return ""


def _got(detail: ErrorDetails, field: FieldInfo) -> str:
    value = detail.get("input")
    secret = SecretStr in (field.annotation, *get_args(field.annotation))
    if secret or not isinstance(value, str | int | float):
        return ""  # never echo the token
    shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:40]}..."
    return f" (got {shown!r})"
