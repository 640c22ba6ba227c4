"""WhatsApp's templates: one per kind of message LiftBot sends on its own and per language,
within Meta's rules (names, one parameter not at an end, an example, one quick reply);
T(kind, language) with the fallback for languages Meta has none for; the request that goes
instead of a held message; and the 24-hour window."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import SUPPORTED_LOCALES
from bot.held import OPEN_HELD
from bot.i18n import Translator
from bot.messages import Message
from bot.whatsapp.templates import (
    NAME_PATTERN,
    PARAMETER_MAX,
    Templates,
    parameter,
    template_language,
)
from bot.whatsapp.window import WINDOW, outside_window, template_request
from conversations.core import names

TRANSLATOR = Translator(ZoneInfo("Europe/Amsterdam"), "nl")
TEMPLATES = Templates(TRANSLATOR, SUPPORTED_LOCALES)


def test_one_template_per_kind_and_language_within_metas_rules() -> None:
    found = TEMPLATES.all()
    assert {(t.kind, t.language) for t in found} == {
        (kind, language) for kind in names.KINDS for language in ("nl", "en")
    }
    for t in found:
        assert NAME_PATTERN.match(t.name) and t.name == f"liftbot_{t.kind}"
        assert t.body.count("{{1}}") == 1 and not re.search(r"\{\{[02-9]", t.body)
        # Meta refuses a parameter at the very start or end of the body.
        assert not t.body.startswith("{{") and not t.body.rstrip(".").endswith("}}")
        assert len(t.body) <= 1024 and "\n" not in t.body
        assert 0 < len(t.button) <= 25
        assert t.example and parameter(t.example) == t.example
        assert t.category == ("MARKETING" if t.kind == names.BROADCAST else "UTILITY")
    dutch = {t.body for t in found if t.language == "nl"}
    english = {t.body for t in found if t.language == "en"}
    assert not dutch & english and all("Tik op de knop" in b for b in dutch)


def test_the_submission_is_the_json_meta_expects() -> None:
    nudge = TEMPLATES.for_message(names.NUDGE, "nl")
    assert nudge.submission() == {
        "name": "liftbot_nudge",
        "language": "nl",
        "category": "UTILITY",
        "components": [
            {
                "type": "BODY",
                "text": "Hallo! Een korte herinnering van LiftBot over wat je hebt afgesproken:"
                " {{1}}. Tik op de knop hieronder om hem te lezen.",
                "example": {"body_text": [["Stuur je cv naar Bert"]]},
            },
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Lees het bericht"}]},
        ],
    }


@pytest.mark.parametrize(
    ("locale", "expected"), [("nl", "nl"), ("en", "en"), ("ti", "nl"), (None, "nl"), ("ar", "ar")]
)
def test_a_language_meta_has_no_templates_for_falls_back_to_the_default(
    locale: str | None, expected: str
) -> None:
    assert template_language(locale, "nl") == expected


def test_t_of_kind_and_language() -> None:
    assert TEMPLATES.for_message(names.REMINDER, "en").body.startswith("Hello! LiftBot has a rem")
    assert TEMPLATES.for_message(names.REMINDER, "ti").language == "nl"
    # A kind a newer LiftBot wrote, or a language without catalogue yet: a notice, by default.
    assert TEMPLATES.for_message("raffle", "en").kind == names.NOTICE
    arabic = TEMPLATES.for_message(names.PAIR, "ar")
    assert (arabic.kind, arabic.language) == (names.PAIR, "nl")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🔔 Reminder: *Meet the employers*\nThursday 19:30", "🔔 Reminder: Meet the employers"),
        ("\n\n   Hello    there\tyou  ", "Hello there you"),
        ("", "LiftBot"),
        ("***", "LiftBot"),
    ],
)
def test_the_parameter_is_the_start_of_the_message_on_one_line(text: str, expected: str) -> None:
    assert parameter(text) == expected


def test_a_long_first_line_is_cut_at_a_word() -> None:
    long = "Bert proposes to meet on Friday 27 November at 14:00 in the café at Dorpsstraat 1"
    cut = parameter(long)
    assert cut.endswith("…") and len(cut) <= PARAMETER_MAX
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "
    assert parameter("x" * 200) == "x" * (PARAMETER_MAX - 1) + "…"


def test_the_request_that_goes_instead_of_a_held_message() -> None:
    message = Message("Did you and Bert talk?\nTap an answer.", kind=names.FOLLOW_UP, language="en")
    assert template_request(TEMPLATES, "31612345678", message) == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "31612345678",
        "type": "template",
        "template": {
            "name": "liftbot_follow_up",
            "language": {"code": "en"},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": "Did you and Bert talk?"}],
                },
                {
                    "type": "button",
                    "sub_type": "quick_reply",
                    "index": "0",
                    "parameters": [{"type": "payload", "payload": OPEN_HELD}],
                },
            ],
        },
    }


def test_the_window_is_24_hours_after_the_last_message() -> None:
    wrote = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert WINDOW == timedelta(hours=24)
    assert not outside_window(wrote, wrote + timedelta(hours=23, minutes=59))
    assert outside_window(wrote, wrote + timedelta(hours=24))
    assert outside_window(None, wrote)
