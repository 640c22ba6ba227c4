"""The sender's report at the end of a broadcast: what was sent, unreachable and failed;
per channel when more than one took part; and for WhatsApp, what it reported so far about
messages that arrived on the phone, were read or did not arrive (bot/delivery.py).

The report goes out when sending ends, before most of WhatsApp's reports come in: it says
"so far", and the figures are true at that moment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from bot.i18n import Translator
from bot.storage import DeliveryCount, Row
from conversations.core.types import Msg, Param, Table, When

# Chat apps by the first part of a chat key; their names are the same in every language.
NAMES = {"tg": "Telegram", "wa": "WhatsApp"}
# Chat apps that report afterwards what became of a message.
REPORTING = ("wa",)


def report_text(
    translator: Translator,
    locale: str,
    cancelled: bool,
    counts: Sequence[DeliveryCount],
) -> str:
    """`counts`: (channel, state, delivery, how many) of the recipients."""
    totals: Counter[str] = Counter()
    states: dict[str, Counter[str]] = {}
    delivery: dict[str, Counter[str]] = {}
    for channel, state, delivered, many in counts:
        totals[state] += many
        states.setdefault(channel, Counter())[state] += many
        delivery.setdefault(channel, Counter())[delivered or ""] += many
    key = "broadcast.report_cancelled" if cancelled else "broadcast.report"
    lines = [translator.render(locale, Msg.of(key, **_figures(totals)))]
    for channel in sorted(states) if len(states) > 1 else ():
        name = NAMES.get(channel, channel)
        line = Msg.of("broadcast.report.channel", channel=name, **_figures(states[channel]))
        lines.append(translator.render(locale, line))
    for channel in (c for c in REPORTING if c in states):
        seen = delivery[channel]
        arrived = seen["delivered"] + seen["read"]
        line = Msg.plural(
            "broadcast.report.arrived",
            arrived,
            channel=NAMES[channel],
            read=seen["read"],
            failed=seen["failed"],
        )
        lines.append(translator.render(locale, line))
    return "\n".join(lines)


def _figures(counts: Counter[str]) -> dict[str, Param]:
    return {s: counts[s] for s in ("sent", "unreachable", "failed", "pending")}


def report_table(rows: Sequence[Row]) -> Table:
    """Who got the broadcast, for the sender's spreadsheet; what their chat app reported so
    far about the message (nothing on Telegram, which reports nothing)."""
    header = tuple(
        Msg.of(f"table.column.{c}") for c in ("name", "language", "result", "sent_at", "delivery")
    )
    cells: list[tuple[Param, ...]] = [
        (
            row["name"] or "",
            Msg.of(f"language.{row['language']}") if row["language"] else "",
            Msg.of(f"table.result.{row['state']}"),
            When(datetime.fromisoformat(row["sent_at"])) if row["sent_at"] else "",
            _delivery(row["delivery"], row["delivery_error"]),
        )
        for row in rows
    ]
    return Table("broadcast.csv", header, tuple(cells))


def _delivery(state: str | None, error: int | None) -> Param:
    if state is None:
        return ""
    if state == "failed" and error is not None:
        return Msg.of("table.delivery.failed_code", code=str(error))
    return Msg.of(f"table.delivery.{state}")
