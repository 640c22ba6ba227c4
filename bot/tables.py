"""Tables rendered as CSV files that open in a Dutch spreadsheet program: UTF-8 with a
byte-order mark (else Excel reads the bytes as Windows-1252), `;` between the cells (the
comma is the Dutch decimal sign, so Excel expects `;`), labels and coded values in the
reader's language, local times to the minute ("2026-11-23 10:00")."""

from __future__ import annotations

import csv
import io

from bot.i18n import Translator
from conversations.core.types import Msg, Param, Table, When

SEPARATOR = ";"
# A cell starting with one of these is a formula to a spreadsheet program: a name such as
# "=HYPERLINK(...)" typed by someone would run. A leading apostrophe keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(translator: Translator, locale: str, value: Param) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, When):
        local = value.moment.astimezone(translator.zone)
        if value.date_only:
            return local.strftime("%Y-%m-%d")
        return local.strftime("%H:%M" if value.time_only else "%Y-%m-%d %H:%M")
    text = translator.render(locale, value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_bytes(translator: Translator, locale: str, table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    # Coded values (a state, a role) repeat on every row: each is translated once.
    codes: dict[str, str] = {}

    def text(value: Param) -> str:
        if isinstance(value, Msg) and not value.params:
            if value.key not in codes:
                codes[value.key] = cell_text(translator, locale, value)
            return codes[value.key]
        return cell_text(translator, locale, value)

    for row in (table.header, *table.rows):
        writer.writerow([text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
