"""Flow tests for the coach's people screen: job seekers and employers apart with counts, a
forged card refused, the CSV in the coach's language, and the last-seen day in /mydata and
gone after /forget."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.records import PrepProgress
from tests.helpers import (
    Chat,
    button,
    drop_outbox,
    joined,
    joined_buddy,
    onboarded_coach,
    outbox,
    plan,
    start_programme,
)


async def member(
    store: SqliteStore, coach_user: int, user_id: int, role: str, name: str, now: datetime
) -> int:
    """Someone who already joined the coach's newest programme (joining is tested apart)."""
    async with store.unit_of_work():
        coach = await store.person_by_chat(f"test:{coach_user}")
        assert coach is not None
        programme = (await store.programmes_of_coach(coach.id))[-1]
        person = await store.create_person(
            chat_key=f"test:{user_id}",
            role=role,  # type: ignore[arg-type]
            language="en",
            programme=programme.name,
            invited_by=coach.id,
            consent_at=now,
            now=now,
        )
        person.name, person.onboarded_at = name, now
        await store.save_person(person)
        await store.add_member(programme.id, person.id, now)
        return person.id


def lines(chat: Chat) -> list[str]:
    return [line for line in chat.text().split("\n") if line[:1].isdigit()]


async def test_job_seekers_and_employers_apart_with_counts(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    for n, name in enumerate(("Anna", "Cem", "Bea")):
        await member(store, 2000, 3000 + n, "candidate", name, clock.now())
    for n, name in enumerate(("Wim", "Vera")):
        await member(store, 2000, 4000 + n, "buddy", name, clock.now())
    await Chat(engine, 3000).send("/menu")  # Anna was here today

    await coach.send("/people")
    assert "In de Lift Zoetermeer (In de Lift): 5 people" in coach.text()
    assert "Job seekers: 3 · Employers: 2" in coach.text()
    # Job seekers first, then employers, each by name.
    assert lines(coach) == [
        "1. Anna, job seeker · preparation 0/3 · no pair yet · last active Monday 23 November",
        "2. Bea, job seeker · preparation 0/3 · no pair yet · not active since joining",
        "3. Cem, job seeker · preparation 0/3 · no pair yet · not active since joining",
        "4. Vera, employer · no pair yet · not active since joining",
        "5. Wim, employer · no pair yet · not active since joining",
    ]
    filters = ["✓ Everyone (5)", "Job seekers (3)", "Employers (2)"]
    assert all(label in coach.labels() for label in filters)

    shown = await coach.press("Employers (2)")
    assert shown[0].edit and len(shown) == 1  # in place
    assert "Employers:" in coach.text()
    assert [line.split(",")[0] for line in lines(coach)] == ["1. Vera", "2. Wim"]
    assert "✓ Employers (2)" in coach.labels() and "Everyone (5)" in coach.labels()
    assert [label for label in coach.labels() if label[:1].isdigit()] == ["1. Vera", "2. Wim"]

    await coach.press("Job seekers (3)")
    assert [line.split(",")[0] for line in lines(coach)] == ["1. Anna", "2. Bea", "3. Cem"]
    await coach.press("Everyone (5)")
    assert len(lines(coach)) == 5


async def test_a_coach_cannot_open_another_coachs_person_card(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    carla = await onboarded_coach(engine, 2000)
    await start_programme(carla, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    anna = await member(store, 2000, 3000, "candidate", "Anna", clock.now())
    dirk = await onboarded_coach(engine, 2100)
    await start_programme(dirk, "Buddyproject", "Buddyproject Delft", "Delft")
    bob = await member(store, 2100, 3100, "candidate", "Bob", clock.now())

    await carla.send("/people")
    version = carla.button("Anna").split(":")[0]
    assert carla.button("Anna") == f"{version}:card:{anna}"

    # Bob's number in Carla's button: never offered to her, refused.
    await carla.press_data(f"{version}:card:{bob}")
    assert "cannot use that button" in carla.text() and "Bob" not in carla.text()
    assert carla.last is not None and carla.last.button_status == "forged"

    # Even when the chat state itself was tampered with to offer it, the database says no.
    async with store.unit_of_work():
        conv = await store.conversation("test:2000")
        assert conv is not None
        conv.offered.append(f"card:{bob}")
        await store.save_conversation(conv, clock.now())
        version = f"v{conv.version}"
    await carla.press_data(f"{version}:card:{bob}")
    assert "not in your programmes" in carla.text() and "Bob" not in carla.text()
    assert carla.last is not None and carla.last.button_status == "forged"
    # Her own people still open, in place.
    shown = await carla.press("Anna")
    assert shown[0].edit and "👤 Anna, job seeker" in carla.text()
    assert "Their answers:" in carla.text()

    # Nor can she add him to her programme: refused, nothing stored, nobody told.
    await carla.press("Back to the list")
    await carla.press("Add someone I coach")
    assert "Everyone you coach is in" in carla.text()
    async with store.unit_of_work():
        conv = await store.conversation("test:2000")
        assert conv is not None
        conv.offered.append(f"add:{bob}")
        await store.save_conversation(conv, clock.now())
        version = f"v{conv.version}"
    await drop_outbox(store)
    await carla.press_data(f"{version}:add:{bob}")
    assert "not in your programmes" in carla.text()
    assert carla.last is not None and carla.last.button_status == "forged"
    async with store.unit_of_work():
        programmes = await store.programmes_of_member(bob)
    assert [p.name for p in programmes] == ["Buddyproject Delft"]
    assert await outbox(store, 3100) == []


async def test_the_csv_has_everyone_in_the_coachs_language(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await plan(coach, "1-12 19:30", capacity="5")
    invitation = [m for m in await outbox(store, 3001) if "You are invited" in m.text]
    await anna.press_data(button(invitation, "Yes"))
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Mark present")
    await coach.press("Anna")
    async with store.unit_of_work():
        found = await store.person_by_chat("test:3001")
        assert found is not None
        await store.save_prep(found.id, PrepProgress(1, 3, {}, clock.now()))
    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press("Anna")
    await coach.press("Bert")
    await coach.send("/language")
    await coach.press("Nederlands")

    await coach.send("/people")
    await coach.press("Iedereen als CSV")
    assert coach.last is not None
    document = coach.last.messages[-1].attachment
    assert document is not None and document.filename.startswith("people-")
    assert document.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    header, *rows = document.content.decode("utf-8-sig").split("\r\n")[:-1]
    assert header.split(";") == [
        "Naam",
        "Rol",
        "Lid sinds",
        "Laatst actief",
        "Voorbereiding gedaan",
        "Uitgenodigd",
        "Ja gezegd",
        "Was er",
        "Koppel",
        "Gezocht werk",
        "Sectoren",
        "Goed in",
        "Beschikbaar",
        "Gemeente",
        "Bedrijf",
        "Zoekt",
        "Sector",
        "Afspreken",
    ]
    # Coded answers (role, pair state, sector, availability, how to meet) in Dutch; what
    # people typed as they typed it.
    assert rows == [
        "Anna;Werkzoekende;2026-11-23;2026-11-23;1;1;1;1;Bert (voorgesteld);Warehouse;"
        "Logistiek;Planning;ma;Zoetermeer;;;;",
        "Bert;Werkgever (buddy);2026-11-23;2026-11-23;;1;0;0;Anna (voorgesteld);;;;;"
        "Zoetermeer;Bert BV;Someone for the warehouse;Logistiek;Koffie drinken ergens",
    ]


async def test_the_last_day_seen_is_in_mydata_and_gone_after_forget(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    clock.set(datetime(2026, 11, 25, 22, 30, tzinfo=UTC))  # 23:30 in Amsterdam
    await anna.send("/mydata")
    assert "Last active: Wednesday 25 November (your coach sees this day)" in anna.text()
    assert anna.last is not None
    exported = json.loads(anna.last.messages[-1].attachment.content)  # type: ignore[union-attr]
    assert exported["last_seen_on"] == "2026-11-25"
    clock.set(datetime(2026, 11, 25, 23, 30, tzinfo=UTC))  # past midnight: the 26th
    await anna.send("/menu")

    async with store.unit_of_work():
        found = await store.person_by_chat("test:3001")
    assert found is not None and found.last_seen_on is not None
    assert found.last_seen_on.isoformat() == "2026-11-26"

    async def stored() -> list[str | None]:
        async with store.unit_of_work():
            rows = await store._rows(
                "SELECT last_seen_on FROM people WHERE id = ?", (found.id,)
            )
        return [row[0] for row in rows]

    await drop_outbox(store)
    await anna.send("/forget")
    await anna.press("Yes, delete")
    assert await stored() == [None]
