"""CSV files that open in a Dutch spreadsheet: UTF-8 with a byte-order mark, ';' between
the cells, labels and codes in the reader's language, local times to the minute."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.engine import Engine
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from bot.tables import csv_bytes
from conversations.core.types import Msg, Table, When
from tests.helpers import joined, onboarded_coach, outbox, plan


def test_bytes_labels_times_and_formulas() -> None:
    translator = Translator(ZoneInfo("Europe/Amsterdam"), "nl")
    answered = datetime(2026, 11, 23, 9, 0, 41, 123456, tzinfo=UTC)  # 10:00 in Amsterdam
    table = Table(
        "people.csv",
        (Msg.of("table.column.name"), Msg.of("table.column.answer"), Msg.of("table.column.pair")),
        (
            ("Anna; de Vries", Msg.of("table.answer.no"), 12),
            ("=HYPERLINK(\"x\")", Msg.of("table.answer.yes"), When(answered)),
        ),
    )
    dutch = csv_bytes(translator, "nl", table)
    assert dutch == (
        b"\xef\xbb\xbf"
        b"Naam;Antwoord;Koppel\r\n"
        b'"Anna; de Vries";komt niet;12\r\n'
        b"\"'=HYPERLINK(\"\"x\"\")\";komt;2026-11-23 10:00\r\n"
    )
    english = csv_bytes(translator, "en", table).decode("utf-8-sig")
    assert english.splitlines()[0] == "Name;Answer;Pair"
    assert english.splitlines()[1] == '"Anna; de Vries";not coming;12'


async def test_the_event_list_in_the_coach_s_language(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3301, "Anna")
    await plan(coach, "1-12 19:00", capacity="30")
    clock.set(datetime(2026, 11, 23, 9, 0, 41, 123456, tzinfo=UTC))
    invitation = [m for m in await outbox(store, 3301) if "You are invited" in m.text]
    await anna.press_data(next(d for row in invitation[0].buttons for t, d in row if "Yes" in t))

    async def sheet() -> list[str]:
        await coach.send("/events")
        await coach.press("Meet the employers")
        [reply] = await coach.press("CSV")
        assert reply.attachment is not None and reply.attachment.filename.endswith(".csv")
        assert reply.attachment.content.startswith(b"\xef\xbb\xbf")
        return reply.attachment.content.decode("utf-8-sig").splitlines()

    assert await sheet() == [
        "Name;Role;Answer;Answered at;Checked in at;First time",
        "Anna;Job seeker;coming;2026-11-23 10:00;;yes",
    ]
    await coach.send("/language")
    await coach.press("Nederlands")
    assert await sheet() == [
        "Naam;Rol;Antwoord;Geantwoord op;Ingecheckt om;Eerste keer",
        "Anna;Werkzoekende;komt;2026-11-23 10:00;;ja",
    ]
