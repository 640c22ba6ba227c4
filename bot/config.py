"""Settings read once from LIFTBOT_* environment variables or a .env file."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_LOCALES = ("nl", "en")


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

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        # Environment variables hold "123,456"; pydantic would otherwise expect JSON.
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"locale must be one of {', '.join(SUPPORTED_LOCALES)}")
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
