"""Message catalogues (gettext .po, read with Babel) and rendering of replies into text."""

from __future__ import annotations

import copy
import gettext
import io
import string
from datetime import tzinfo
from pathlib import Path

from babel.dates import format_datetime
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.clock import Clock, SystemClock
from bot.config import SUPPORTED_LOCALES
from conversations.core.types import Joined, Msg, Param, When


def locales_dir() -> Path:
    """The catalogues: inside the installed package, or ./locales in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "locales", here.parent / "locales"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("no locales/ directory found next to the bot package")


def load_catalogue(locale: str, root: Path | None = None) -> Catalog:
    """All .po files of a locale merged into one catalogue: liftbot.po plus one file per
    longer text set. Plural keys keep all their forms (gettext's msgid_plural)."""
    folder = (root or locales_dir()) / locale / "LC_MESSAGES"
    merged: Catalog | None = None
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        if merged is None:
            # The first file's header carries the language's Plural-Forms.
            merged = catalog
            continue
        for message in catalog:
            if not message.id:
                continue
            if message.id in merged:
                raise ValueError(f"{path.name} repeats the key {key_of(message.id)!r}")
            merged[message.id] = message
    if merged is None:
        raise FileNotFoundError(f"no .po files in {folder}")
    return merged


def key_of(message_id: str | tuple[str, ...] | list[str]) -> str:
    """The key of a catalogue entry; a plural entry's msgid and msgid_plural are both the key."""
    return message_id if isinstance(message_id, str) else message_id[0]


def texts(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Every translated key with its forms: one for a plain text, one per plural form."""
    found: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        forms = (message.string,) if isinstance(message.string, str) else message.string or ()
        found[key_of(message.id)] = tuple(str(form) for form in forms)
    return found


def plural_keys(catalog: Catalog) -> set[str]:
    return {key_of(m.id) for m in catalog if m.id and m.pluralizable}


def compiled(catalog: Catalog) -> gettext.GNUTranslations:
    """The catalogue as Python's gettext sees a .mo file, so plurals follow its ngettext."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Translator:
    """Turns message keys into text in one of the supported languages; a key missing in a
    language falls back to the default language, and only then shows the key.

    Dates show their year when it is not the current one, read from `clock` (the real
    time unless given); the engine and the broadcaster use theirs, see `with_clock`."""

    def __init__(
        self,
        zone: tzinfo,
        default_locale: str,
        root: Path | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.zone = zone
        self.clock: Clock = clock or SystemClock()
        self.default_locale = default_locale
        self.catalogues = {
            loc: compiled(load_catalogue(loc, root)) for loc in SUPPORTED_LOCALES
        }
        default = self.catalogues[default_locale]
        for locale, catalogue in self.catalogues.items():
            if locale != default_locale:
                catalogue.add_fallback(default)

    def with_clock(self, clock: Clock) -> Translator:
        """The same catalogues, with "now" read from `clock` (no reloading)."""
        twin = copy.copy(self)
        twin.clock = clock
        return twin

    def _catalogue(self, locale: str) -> gettext.GNUTranslations:
        return self.catalogues.get(locale) or self.catalogues[self.default_locale]

    def text(self, locale: str, key: str) -> str:
        return self._catalogue(locale).gettext(key)

    def plural(self, locale: str, key: str, count: int) -> str:
        return self._catalogue(locale).ngettext(key, key, count)

    def render(self, locale: str, value: Param) -> str:
        if isinstance(value, Msg):
            if value.count is None:
                template = self.text(locale, value.key)
            else:
                template = self.plural(locale, value.key, value.count)
            params = {name: self.render(locale, param) for name, param in value.params.items()}
            try:
                return template.format(**params)
            except (KeyError, IndexError, ValueError):
                return template
        if isinstance(value, When):
            return self._when(locale, value)
        if isinstance(value, Joined):
            if value.lines:
                return "\n".join(self.render(locale, item) for item in value.items)
            return format_list([self.render(locale, item) for item in value.items], locale=locale)
        return str(value)

    def _when(self, locale: str, value: When) -> str:
        if value.time_only:
            return format_datetime(value.moment, "HH:mm", tzinfo=self.zone, locale=locale)
        this_year = self.clock.now().astimezone(self.zone).year
        day = "EEEE d MMMM"
        if value.moment.astimezone(self.zone).year != this_year:
            day += " y"
        pattern = day if value.date_only else f"{day}, HH:mm"
        return format_datetime(value.moment, pattern, tzinfo=self.zone, locale=locale)
