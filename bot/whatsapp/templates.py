"""The message templates LiftBot needs on WhatsApp: outside the 24-hour window a message
LiftBot sends on its own goes as the approved template for its kind (conversations.core.
names) in the person's language, with one quick-reply button that opens the held message
(bot/held.py). Meta approves each template once (`liftbot whatsapp templates --submit`);
the texts are in locales/*/LC_MESSAGES/whatsapp.po.

Each body has one parameter, {{1}}: the start of the waiting message, so the person sees
what it is about. Meta refuses a parameter at the very start or end of a body, with a line
break or tab, or with more than four spaces in a row; `parameter` makes it so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from bot.held import OPEN_HELD
from bot.i18n import Translator
from conversations.core import names

Category = Literal["UTILITY", "MARKETING"]
# Meta's categories: UTILITY is about something the person takes part in (their meeting,
# their pair, what they agreed); MARKETING is anything else. A coach's broadcast can say
# anything, so it is marketing (Meta would re-categorise it otherwise, and marketing has
# its own limits per person: errors 131049 / 131050).
CATEGORIES: dict[str, Category] = {
    kind: "MARKETING" if kind == names.BROADCAST else "UTILITY" for kind in names.KINDS
}
# LiftBot's languages and the template language Meta has for each. Meta has none for
# Tigrinya, Somali or Amharic: people who read those get the installation's default
# language (as a missing text falls back to it, bot/i18n.py).
META_LANGUAGES = {
    "nl": "nl",
    "en": "en",
    "ar": "ar",
    "tr": "tr",
    "pl": "pl",
    "uk": "uk",
    "fa": "fa",
}
PREFIX = "liftbot_"
# The longest parameter: the start of the message, enough to know what it is about.
PARAMETER_MAX = 60
NAME_PATTERN = re.compile(r"^[a-z0-9_]{1,512}$")


@dataclass(frozen=True)
class Template:
    kind: str
    # Meta's language code (META_LANGUAGES), not always LiftBot's own.
    language: str
    category: Category
    body: str
    # An example value of {{1}}, which Meta asks for with every parameter.
    example: str
    button: str

    @property
    def name(self) -> str:
        """One name per kind; Meta keeps each language as a version of it."""
        return f"{PREFIX}{self.kind}"

    def submission(self) -> dict[str, Any]:
        """The JSON for POST /<WhatsApp Business Account id>/message_templates."""
        return {
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "components": [
                {
                    "type": "BODY",
                    "text": self.body,
                    "example": {"body_text": [[self.example]]},
                },
                {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": self.button}]},
            ],
        }

    def message(self, to: str, text: str) -> dict[str, Any]:
        """The JSON for POST /<phone number id>/messages: this template to `to`, about a
        waiting message with this text; its button sends OPEN_HELD back."""
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": {
                "name": self.name,
                "language": {"code": self.language},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": parameter(text)}]},
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "0",
                        "parameters": [{"type": "payload", "payload": OPEN_HELD}],
                    },
                ],
            },
        }


def parameter(text: str) -> str:
    """{{1}} for a waiting message: its first line with text, without markup, on one line,
    at most PARAMETER_MAX characters (cut at a word, with an ellipsis)."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = re.sub(r"[*_~`]", "", " ".join(line.split())).strip()
    if not line:
        return "LiftBot"
    if len(line) <= PARAMETER_MAX:
        return line
    cut = line[: PARAMETER_MAX - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def template_language(locale: str | None, default_locale: str) -> str:
    """LiftBot's language of the person, as the one Meta has templates for."""
    if locale and locale in META_LANGUAGES:
        return locale
    return default_locale


class Templates:
    """The templates of every kind in every language LiftBot speaks that Meta has."""

    def __init__(self, translator: Translator, locales: tuple[str, ...]) -> None:
        self.default_locale = translator.default_locale
        self._by_key: dict[tuple[str, str], Template] = {}
        for locale in locales:
            if locale not in META_LANGUAGES:
                continue
            for kind in names.KINDS:
                self._by_key[(kind, locale)] = Template(
                    kind=kind,
                    language=META_LANGUAGES[locale],
                    category=CATEGORIES[kind],
                    body=translator.text(locale, f"whatsapp.template.{kind}"),
                    example=translator.text(locale, f"whatsapp.template.{kind}.example"),
                    button=translator.text(locale, "whatsapp.template.button"),
                )

    def all(self) -> list[Template]:
        """By kind, then language: the order `liftbot whatsapp templates` lists them in."""
        return sorted(self._by_key.values(), key=lambda t: (t.kind, t.language))

    def for_message(self, kind: str, locale: str | None) -> Template:
        """T(kind, language): the person's language, else the default (a language Meta has
        but LiftBot has no texts for yet); an unknown kind (a newer LiftBot's row) as a
        notice."""
        language = template_language(locale, self.default_locale)
        for key in (
            (kind, language),
            (kind, self.default_locale),
            (names.NOTICE, language),
            (names.NOTICE, self.default_locale),
        ):
            if key in self._by_key:
                return self._by_key[key]
        raise LookupError(f"no templates for {self.default_locale}")
