"""Settings read once from LIFTBOT_* environment variables or a .env file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

SUPPORTED_LOCALES = ("nl", "en")
# The environment to read instead of os.environ, while `reading(environ)` is active.
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("liftbot_environ", default=None)


@contextmanager
def reading(environ: Mapping[str, str]) -> Iterator[None]:
    """Settings() made inside read this environment instead of os.environ (as Starlette's
    Config(environ=...)), so the CLI and its tests pass the environment in."""
    token = _ENVIRON.set(environ)
    try:
        yield
    finally:
        _ENVIRON.reset(token)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LIFTBOT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    telegram_token: SecretStr | None = None
    # python-telegram-bot's base_url: the token is appended to it.
    telegram_base_url: str = "https://api.telegram.org/bot"
    database: Path = Path("liftbot.sqlite3")
    timezone: str = "Europe/Amsterdam"
    locale: str = "nl"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    invite_days: int = Field(default=14, ge=1, le=365)
    # Quiet hours (local time) and quiet Sundays: no message LiftBot sends of its own accord.
    # The LIFTBOT_NUDGE_* names are from when only agreement nudges followed them; still read.
    quiet_start: time = Field(
        default=time(21, 0),
        validation_alias=AliasChoices("LIFTBOT_QUIET_START", "LIFTBOT_NUDGE_QUIET_START"),
    )
    quiet_end: time = Field(
        default=time(8, 30),
        validation_alias=AliasChoices("LIFTBOT_QUIET_END", "LIFTBOT_NUDGE_QUIET_END"),
    )
    quiet_sunday: bool = True
    # The old name said the opposite (true = nudges on Sundays); LIFTBOT_QUIET_SUNDAY wins.
    nudge_on_sundays: bool | None = None
    # Replies to people who write to the bot, per second overall; 0 = no overall cap
    # (replies follow incoming messages; bulk sending has its own pace below).
    reply_rate: float = Field(default=0.0, ge=0)
    # Broadcast pace: messages per second overall and per chat; first retry delay in seconds.
    broadcast_rate: float = Field(default=30.0, gt=0)
    broadcast_per_chat_rate: float = Field(default=1.0, gt=0)
    broadcast_backoff: float = Field(default=1.0, ge=0)
    # Seconds to wait for Telegram's answer to one broadcast message before trying again.
    broadcast_timeout: float = Field(default=10.0, gt=0)

    # -- WhatsApp's message templates (issue 14; `liftbot whatsapp templates --submit`).
    # whatsapp_token and whatsapp_api_url are the WhatsApp channel's settings too: when both
    # branches are merged, one definition of each stays.
    whatsapp_token: SecretStr | None = None
    whatsapp_api_url: str = "https://graph.facebook.com/v23.0"
    # The WhatsApp Business Account id (WABA id): templates belong to the account.
    whatsapp_account_id: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        environ = _ENVIRON.get()
        if environ is not None and isinstance(env_settings, EnvSettingsSource):
            env_settings.env_vars = {
                (name if env_settings.case_sensitive else name.lower()): value
                for name, value in environ.items()
                if value or not env_settings.env_ignore_empty
            }
        return init_settings, env_settings, dotenv_settings, file_secret_settings

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _strip_token(cls, value: Any) -> Any:
        # A token pasted with a space or line break around it is still the token.
        return value.strip() if isinstance(value, str) else value

    @field_validator("telegram_base_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be a web address starting with https://")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        # Environment variables hold "123,456"; pydantic would otherwise expect JSON.
        if isinstance(value, str):
            try:
                return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be a time zone name such as Europe/Amsterdam") from exc
        return value

    @field_validator("locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @model_validator(mode="after")
    def _old_sunday_name(self) -> Settings:
        if self.nudge_on_sundays is not None and "quiet_sunday" not in self.model_fields_set:
            self.quiet_sunday = not self.nudge_on_sundays
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def telegram_base_file_url(self) -> str:
        """The file URL on the same server: .../bot becomes .../file/bot, as Telegram does."""
        base = self.telegram_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("bot")] + "file/bot"
        return base + "/file/bot"
