"""The fake Cloud API refuses what WhatsApp refuses (/work/shared/WHATSAPP.md's limits):
otherwise the WhatsApp tests could pass with requests a real number would never send."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cloudapi_rules import check_message, check_upload


def buttons(*titles: str, ids: list[str] | None = None) -> dict[str, Any]:
    ids = ids or [f"id{n}" for n in range(len(titles))]
    return {
        "messaging_product": "whatsapp",
        "to": "31600000001",
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "Kies"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": i, "title": t}}
                    for t, i in zip(titles, ids, strict=True)
                ]
            },
        },
    }


def rows(count: int, title: str = "Row {n}", **row: str) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": "31600000001",
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "Kies"},
            "action": {
                "button": "Kies",
                "sections": [
                    {
                        "title": "Kies",
                        "rows": [
                            {"id": f"r{n}", "title": title.format(n=n), **row} for n in range(count)
                        ],
                    }
                ],
            },
        },
    }


def text(body: str) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": "31600000001",
        "type": "text",
        "text": {"body": body},
    }


def test_what_whatsapp_takes_passes() -> None:
    assert check_message(buttons("Ja", "Nee", "Misschien")) == []
    assert check_message(rows(10, description="x" * 72)) == []
    assert check_message(text("x" * 4096)) == []


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        (buttons("a", "b", "c", "d"), "buttons: 4"),
        (buttons("x" * 21), "button title: length 21"),
        (buttons("Ja", "Ja"), "titles not unique"),
        (buttons("Ja", "Nee", ids=["1", "1"]), "ids not unique"),
        (buttons("Ja", ids=["x" * 257]), "button id"),
        (rows(11), "rows: 11"),
        (rows(2, title="x" * 25), "row title"),
        (rows(2, description="x" * 73), "row description"),
        (text("x" * 4097), "text.body"),
        (text(""), "text.body"),
        ({**text("hoi"), "surprise": 1}, "unknown fields"),
    ],
)
def test_what_whatsapp_refuses_is_refused(message: dict[str, Any], problem: str) -> None:
    assert any(problem in line for line in check_message(message))


def test_a_long_interactive_body_and_list_button_are_refused() -> None:
    long_body = buttons("Ja")
    long_body["interactive"]["body"]["text"] = "x" * 1025
    assert any("body.text" in line for line in check_message(long_body))
    wide = rows(2)
    wide["interactive"]["action"]["button"] = "x" * 21
    assert any("list button" in line for line in check_message(wide))


def test_uploads_of_a_kind_whatsapp_does_not_take_are_refused() -> None:
    assert check_upload("application/pdf", 1000) == []
    assert check_upload("image/png", 1000) == []
    assert check_upload("text/calendar", 100) != []
    assert check_upload("image/png", 6 * 1024 * 1024) != []
