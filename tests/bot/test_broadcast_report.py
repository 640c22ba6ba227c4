"""The coach's report at the end of a broadcast (unit tests): per channel when more than
one took part, WhatsApp's figures whenever it did, in Dutch and English, plurals right."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.broadcast_report import report_text
from bot.i18n import Translator
from bot.storage import DeliveryCount

TRANSLATOR = Translator(ZoneInfo("Europe/Amsterdam"), "nl")


def test_telegram_alone_reads_as_before() -> None:
    counts: list[DeliveryCount] = [("tg", "sent", None, 3), ("tg", "unreachable", None, 1)]
    assert report_text(TRANSLATOR, "en", False, counts) == (
        "Done! Delivered: 3. Unreachable: 1. Failed: 0."
    )


@pytest.mark.parametrize(
    ("locale", "arrived", "expected"),
    [
        ("en", 1, "WhatsApp so far: the message arrived on 1 phone. Read: 0. Did not arrive: 1."),
        ("en", 0, "WhatsApp so far: the message arrived on 0 phones. Read: 0. Did not arrive: 1."),
        (
            "nl",
            1,
            "WhatsApp tot nu toe: het bericht is op 1 telefoon aangekomen. Gelezen: 0."
            " Niet aangekomen: 1.",
        ),
        (
            "nl",
            0,
            "WhatsApp tot nu toe: het bericht is op 0 telefoons aangekomen. Gelezen: 0."
            " Niet aangekomen: 1.",
        ),
    ],
)
def test_whatsapp_alone_adds_what_it_reported_so_far(
    locale: str, arrived: int, expected: str
) -> None:
    counts: list[DeliveryCount] = [
        ("wa", "sent", "failed", 1),
        ("wa", "sent", None, 2),
        ("wa", "unreachable", None, 1),
    ]
    if arrived:
        counts.append(("wa", "sent", "delivered", arrived))
    lines = report_text(TRANSLATOR, locale, False, counts).splitlines()
    assert len(lines) == 2 and lines[1] == expected


def test_two_channels_each_on_a_line_and_a_stop_says_what_was_not_sent() -> None:
    counts: list[DeliveryCount] = [
        ("tg", "pending", None, 2),
        ("tg", "sent", None, 1),
        ("wa", "failed", None, 1),
        ("wa", "sent", "read", 2),
        ("wa", "sent", "delivered", 1),
    ]
    assert report_text(TRANSLATOR, "nl", True, counts).splitlines() == [
        "Gestopt. Afgeleverd: 4. Niet bereikbaar: 0. Mislukt: 1. Niet verstuurd: 2.",
        "Telegram: afgeleverd 1, niet bereikbaar 0, mislukt 0.",
        "WhatsApp: afgeleverd 3, niet bereikbaar 0, mislukt 1.",
        "WhatsApp tot nu toe: het bericht is op 3 telefoons aangekomen. Gelezen: 2."
        " Niet aangekomen: 0.",
    ]
