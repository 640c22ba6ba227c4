"""Message catalogues (gettext .po, read with Babel) and rendering of replies into text."""

from __future__ import annotations

import string
from datetime import tzinfo
from pathlib import Path

from babel.dates import format_datetime
from babel.lists import format_list
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LOCALES
from conversations.types import Joined, Msg, Param, When


def locales_dir() -> Path:
    """The catalogues: inside the installed package, or ./locales in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "locales", here.parent / "locales"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("no locales/ directory found next to the bot package")


def load_catalogue(locale: str, root: Path | None = None) -> dict[str, str]:
    """All .po files of a locale, merged: liftbot.po plus one file per longer text set."""
    folder = (root or locales_dir()) / locale / "LC_MESSAGES"
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            if message.id and message.string:
                key = str(message.id)
                if key in texts:
                    raise ValueError(f"{path.name} repeats the key {key!r}")
                texts[key] = str(message.string)
    return texts


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Translator:
    """Turns message keys into text in one of the supported languages."""

    def __init__(self, zone: tzinfo, default_locale: str, root: Path | None = None) -> None:
        self.zone = zone
        self.default_locale = default_locale
        self.catalogues = {loc: load_catalogue(loc, root) for loc in SUPPORTED_LOCALES}

    def text(self, locale: str, key: str) -> str:
        catalogue = self.catalogues.get(locale) or self.catalogues[self.default_locale]
        # A missing key is a bug the locale test catches; show the key rather than crash.
        return catalogue.get(key) or self.catalogues[self.default_locale].get(key, key)

    def render(self, locale: str, value: Param) -> str:
        if isinstance(value, Msg):
            template = self.text(locale, value.key)
            params = {name: self.render(locale, param) for name, param in value.params.items()}
            try:
                return template.format(**params)
            except (KeyError, IndexError, ValueError):
                return template
        if isinstance(value, When):
            pattern = "HH:mm" if value.time_only else "EEEE d MMMM, HH:mm"
            if value.date_only:
                pattern = "EEEE d MMMM"
            return format_datetime(value.moment, pattern, tzinfo=self.zone, locale=locale)
        if isinstance(value, Joined):
            if value.lines:
                return "\n".join(self.render(locale, item) for item in value.items)
            return format_list([self.render(locale, item) for item in value.items], locale=locale)
        return str(value)
