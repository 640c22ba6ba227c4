"""/mydata shows everything stored about a person: each part under a plain heading in the
chat, split when long, and the same parts under plain keys in the JSON file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.records import Event
from tests.helpers import WORDS, distinctive_candidate, journey, onboarded_coach, stored


async def test_mydata_shows_every_part_in_the_chat_and_the_file(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    trip = await journey(engine, store, clock)
    messages = await trip.seeker.send("/mydata")
    assert all(len(m.text) < 3500 for m in messages)
    chat = "\n".join(m.text for m in messages)
    for part in (
        "• Programme: In de Lift Zoetermeer (In de Lift)",
        "• Invited by: Carla",
        f"• Work wanted: {WORDS['work']} in a warehouse",
        "📝 Your preparation\n\n• Session 1: done on",
        f"Your answer: Hello neighbour, I am {WORDS['prep']}",
        "📅 Your answers to invitations\n\n• Meet the employers, Tuesday 24 November, 19:00: "
        "you are coming · you were there",
        f"• Meet the employers: 4 out of 5\n   Your comment: Lovely, very {WORDS['comment']}",
        "📄 CV checks\n\n• You asked Carla on Wednesday 2 December",
        "• With Dirk (In de Lift Zoetermeer): declined",
        "• With Bert (In de Lift Zoetermeer): accepted",
        "   – Times that did not suit: Thursday 26 November, 10:00\n"
        f"     Where: 📍 {WORDS['place']} café, Dorpsstraat 1\n"
        f"     Your words: ‘{WORDS['none']} mornings are hard for me’",
        "   – Meeting held: Friday 27 November, 14:00\n     Where: 📞 by phone\n"
        "     You said you talked (Wednesday 2 December, 13:00)",
        "   – Meeting called off (Wednesday 9 December, 15:00)\n     Where: 📞 by phone\n"
        f"     Your words: ‘{WORDS['cancel']} at the dentist’",
        "   – Meeting: Wednesday 9 December, 15:00",
        f"   – Agreed: {WORDS['agreement']} internship at Bert's, by Wednesday 16 December · "
        "who: both · done\n"
        f"     You asked for help on Wednesday 2 December, 13:00: {WORDS['help']} forms are hard",
        "⏰ Messages I will still send you",
        "a reminder of your meeting",
    ):
        assert part in chat, part
    assert "No room for" not in chat  # Dirk's reason was for the coach, not for her
    exported = json.loads(messages[-1].attachment.content)  # type: ignore[union-attr]
    assert messages[-1].attachment.filename == "liftbot-mydata.json"  # type: ignore[union-attr]
    assert exported["preparation"][0]["answers"]["neighbour"].endswith("about warehouses.")
    assert exported["invitations"][0]["answer"] == "yes"
    assert exported["invitations"][0]["present_at"] is not None
    assert exported["ratings"] == [
        {"event": "Meet the employers", "rating": 4, "comment": f"Lovely, very {WORDS['comment']}"}
    ]
    assert exported["cv_checks_asked"][0]["file"] == f"console:{WORDS['file']}-cv.pdf"
    bert_pair = exported["pairs"][1]
    assert bert_pair["with"] == "Bert" and bert_pair["state"] == "accepted"
    assert bert_pair["agreements"][0]["text"] == f"{WORDS['agreement']} internship at Bert's"
    meetings = bert_pair["meetings"]
    assert [m["state"] for m in meetings] == ["declined", "held", "cancelled", "planned"]
    assert meetings[0]["place"]["text"] == f"{WORDS['place']} café, Dorpsstraat 1"
    assert meetings[0]["your_note"].startswith(WORDS["none"])
    assert meetings[1]["place"]["kind"] == "phone"
    assert [t["answer"] for t in meetings[1]["did_you_talk"]] == ["yes"]
    assert meetings[2]["your_note"] == f"{WORDS['cancel']} at the dentist"
    assert bert_pair["agreements"][0]["help_asked"][0]["note"] == f"{WORDS['help']} forms are hard"
    assert {s["kind"] for s in exported["scheduled_messages"]} >= {"meeting_reminder:day"}
    assert exported["programmes"] == [
        {"name": "In de Lift Zoetermeer", "kind": "in_de_lift", "municipality": "Zoetermeer"}
    ]

    # The buddy who declined sees his own reason; the coach sees the CV check to give.
    dirk = await trip.dirk.send("/mydata")
    assert f"Your reason to say no: No room for {WORDS['name']}" in "\n".join(m.text for m in dirk)
    carla = "\n".join(m.text for m in await trip.coach.send("/mydata"))
    assert f"• {WORDS['name']} asked you on Wednesday 2 December" in carla
    assert "• Invited by: Admin" in carla


async def test_mydata_of_a_coach_shows_broadcasts_and_forget_erases_them(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    await distinctive_candidate(engine, coach, 3001)
    await coach.send("/broadcast")
    await coach.press("Everyone I coach")
    await coach.send("Plonkerdoodle fair on Friday, see you there!")
    await coach.press("Send as it is")
    await coach.press("Send now")
    messages = await coach.send("/mydata")
    chat = "\n".join(m.text for m in messages)
    assert "📣 Messages you broadcast" in chat and "Plonkerdoodle fair on Friday" in chat
    assert "🧭 Programmes you coach\n\n• In de Lift Zoetermeer (In de Lift)" in chat
    exported = json.loads(messages[-1].attachment.content)  # type: ignore[union-attr]
    assert exported["programmes_coached"][0]["name"] == "In de Lift Zoetermeer"
    assert exported["broadcasts_sent"][0]["texts"] == {
        "*": "Plonkerdoodle fair on Friday, see you there!"
    }
    await coach.send("/forget")
    assert "The messages you broadcast are deleted" in coach.text()
    await coach.press("Yes, delete")
    assert b"Plonkerdoodle" not in stored(engine.settings.database)


async def test_a_long_part_is_split_over_messages(engine: Engine, store: SqliteStore) -> None:
    coach = await onboarded_coach(engine)
    seeker = await distinctive_candidate(engine, coach, 3001)
    async with store.unit_of_work():
        person = await store.person_by_chat("test:3001")
        programme = (await store.programmes_of_member(person.id))[0]  # type: ignore[union-attr]
        for day in range(1, 31):
            start = datetime(2026, 12, day, 18, 0, tzinfo=UTC)
            event = await store.create_event(
                Event(
                    0,
                    programme.id,
                    "meetup",
                    f"Walk&Talk number {day}",
                    start,
                    start,
                    "Library",
                    None,
                    None,
                    None,
                    20,
                    None,
                    f"code{day}",
                    start,
                )
            )
            await store.invite_to_event(event.id, [person.id])  # type: ignore[union-attr]
    messages = await seeker.send("/mydata")
    parts = [m.text for m in messages if "Your answers to invitations" in m.text]
    assert len(parts) == 2 and parts[1].startswith("📅 Your answers to invitations (continued)")
    assert sum(p.count("• Walk&Talk number") for p in parts) == 30
    assert all(len(m.text) < 3500 for m in messages)
