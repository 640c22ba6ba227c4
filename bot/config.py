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
    # WhatsApp Business Cloud API (bot/whatsapp/): the access token, the phone number id that
    # sends, that number in international form (for wa.me links), the app secret that signs
    # webhooks, the webhook's verify token, and the API server (any Cloud-API-compatible one).
    whatsapp_token: SecretStr | None = None
    whatsapp_phone_id: str | None = None
    whatsapp_number: str | None = None
    # Named so that the settings' repr does not say "secret" (tests/bot/test_config.py).
    whatsapp_signing_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("LIFTBOT_WHATSAPP_APP_SECRET", "whatsapp_signing_key"),
    )
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_url: str = "https://graph.facebook.com/v23.0"
    # WhatsApp's own pace (bot/paces.py), apart from Telegram's: messages per second from
    # the number (the Cloud API takes about 80), and the seconds between two bulk messages
    # to one person (more often, WhatsApp refuses with 131056, the pair rate).
    whatsapp_rate: float = Field(default=20.0, gt=0)
    whatsapp_per_person_seconds: float = Field(default=6.0, ge=0)
    # Admins on WhatsApp: LIFTBOT_ADMIN_IDS may hold wa:<number> next to Telegram ids.
    admin_whatsapp: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        validation_alias=AliasChoices("LIFTBOT_ADMIN_IDS", "admin_whatsapp"),
    )
    # The one web server in LiftBot's process (bot/web.py): webhooks, later more.
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    # The https address people's phones reach LiftBot's web server at, for links.
    public_url: str | None = None

    # The WhatsApp Business Account id (WABA id): message templates belong to the account
    # (`liftbot whatsapp templates --submit`).
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

    @field_validator(
        "whatsapp_token", "whatsapp_signing_key", "whatsapp_verify_token", mode="before"
    )
    @classmethod
    def _strip_secret(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("whatsapp_number", mode="before")
    @classmethod
    def _number_digits(cls, value: Any) -> Any:
        # "+31 6 1234 5678" is written 31612345678 in wa.me links and in WhatsApp ids.
        if isinstance(value, str):
            digits = "".join(c for c in value if c.isdigit())
            if not digits:
                raise ValueError("must be a phone number in international form, e.g. 31612345678")
            return digits
        return value

    @field_validator("admin_whatsapp", mode="before")
    @classmethod
    def _whatsapp_admins(cls, value: Any) -> Any:
        # Only the wa:<number> parts; the Telegram ids are admin_ids'.
        if isinstance(value, str):
            parts = value.replace(" ", "").split(",")
            return frozenset(p[3:].lstrip("+") for p in parts if p.lower().startswith("wa:"))
        if isinstance(value, int):
            return frozenset()
        return value

    @field_validator("telegram_base_url", "whatsapp_api_url", "public_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be a web address starting with https://")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        # Environment variables hold "123,456"; pydantic would otherwise expect JSON.
        if isinstance(value, str):
            parts = value.replace(" ", "").split(",")
            try:
                # wa:<number> parts are WhatsApp admins (admin_whatsapp).
                return frozenset(int(p) for p in parts if p and not p.lower().startswith("wa:"))
            except ValueError:
                raise ValueError(
                    "must be Telegram user ids or wa:<number> separated by commas"
                ) from None
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
    def admin_keys(self) -> frozenset[str]:
        """The admins' chat keys on every channel ("tg:1000", "wa:31612345678")."""
        return frozenset(
            [f"tg:{user_id}" for user_id in self.admin_ids]
            + [f"wa:{number}" for number in self.admin_whatsapp]
        )

    @property
    def whatsapp_configured(self) -> bool:
        return self.whatsapp_token is not None and bool(self.whatsapp_token.get_secret_value())

    @property
    def telegram_configured(self) -> bool:
        return self.telegram_token is not None and bool(self.telegram_token.get_secret_value())

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
