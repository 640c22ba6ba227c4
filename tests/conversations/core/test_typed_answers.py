"""Flow tests for typed answers that match a button: they count as pressing it."""

from __future__ import annotations

from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from tests.helpers import (
    Chat,
    candidate_invite,
    coach_with_programme,
    invite_token,
    new_event_up_to_the_date,
    onboarded_coach,
    start_programme,
)


async def offered_column(store: SqliteStore, user_id: int) -> str:
    async with store.unit_of_work():
        row = await store._row(
            "SELECT offered FROM conversations WHERE chat_key = ?", (f"test:{user_id}",)
        )
    assert row is not None
    return str(row[0])


async def test_typed_ja_at_the_consent_and_the_rest_of_joining(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    anna = Chat(engine, 3000, language="nl")
    await anna.send(f"/start {await candidate_invite(coach)}")
    await anna.send("ja")
    assert "In welke taal" in anna.text()
    await anna.send("Nederlands")
    assert "Hoe mag ik je noemen" in anna.text()
    await anna.send("Anna")
    await anna.send("Magazijn")
    await anna.send("logistiek")  # a multi-choice option, typed: it is ticked
    assert "✅ Logistiek" in anna.labels()
    await anna.send("Klaar!")
    assert "Waar ben je goed in" in anna.text()


async def test_yes_and_no_words_at_yes_no_buttons(engine: Engine, store: SqliteStore) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send("10-12 10:00")
    await coach.send("nee")  # Dutch word, English buttons: "No, again"
    assert "When does it start?" in coach.text()
    await coach.send("10-12 11:00")
    await coach.send("Yes")
    assert "How long does it last?" in coach.text()
    await coach.send("/forget")
    await coach.send("n")
    assert "have not deleted" in coach.text()
    assert "Back to your new meeting:" in coach.text()


async def test_the_programme_name_where_the_invite_says_type_its_name(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "Ontmoetingscafé Zoetermeer", "Zoetermeer")
    await start_programme(coach, "In de Lift", "Ontmoetingscafé Delft", "Delft")
    await coach.send("/invite")
    await coach.send("job seeker")
    assert "Type its name" in coach.text()
    await coach.send("Ontmoetingscafé")  # the start of two buttons: which one is not clear
    assert "choose one of the buttons" in coach.text()
    await coach.send("ontmoetingscafe zoetermeer")  # no accent, no capitals
    assert "Programme: Ontmoetingscafé Zoetermeer (In de Lift)" in coach.text()
    assert invite_token(coach.last.messages if coach.last else [])


async def test_a_menu_label_typed_starts_that_task(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/menu")
    await coach.send("plan a meeting")  # the button says "➕ Plan a meeting"
    assert "Which programme is the meeting for?" in coach.text()
    await coach.send("In de Lift Zoetermeer")
    assert "What kind of meeting" in coach.text()


async def test_a_title_is_not_taken_for_the_choice_before_it(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.send("the main event")
    assert "Who is the meeting for?" in coach.text()
    await coach.send("keep this")
    assert "What is the title?" in coach.text()
    await coach.send("Meetup")  # a label of the kind step before, but this step wants a title
    assert "When does it start?" in coach.text()
    await coach.send("10-12 10:00")
    await coach.send("yes")
    assert "How long" in coach.text()  # a meetup would have been asked whether it repeats
    await coach.send("2 hours")
    await coach.send("Library")
    await coach.send("nee")  # "Type the address, or choose Skip": no means skip
    assert "Send a location" in coach.text()
    await coach.send("skip")
    await coach.send("20")
    await coach.send("skip")
    assert "📌 Meetup" in coach.text()


async def test_labels_are_kept_as_hashes_and_old_rows_still_work(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/invite")
    await coach.send("Job seeker")
    stored = await offered_column(store, 2000)
    assert "Zoetermeer" not in stored and "No programme" not in stored

    # A row written before labels were kept: typing asks for a button, pressing still works.
    async def written_before() -> None:
        async with store.unit_of_work():
            await store._db.execute(
                "UPDATE conversations SET offered = ? WHERE chat_key = 'test:2000'",
                ('["prog:1", "none"]',),
            )

    await written_before()
    await coach.send("No programme")
    assert "choose one of the buttons" in coach.text()
    await written_before()
    await coach.press("No programme")
    assert "Invite for: Job seeker" in coach.text()


async def test_cancel_typed_stops_the_task_and_never_cancels_a_meeting(
    engine: Engine, store: SqliteStore
) -> None:
    from tests.helpers import button, drop_outbox, joined, joined_buddy, outbox, pair_by_hand

    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    dirk = await joined_buddy(engine, coach, 4002, "Dirk", "Someone for the shop")
    await drop_outbox(store)
    await pair_by_hand(coach, "Anna", "Bert")
    await bert.press_data(button(await outbox(store, 4001), "Yes, gladly"))
    await bert.press("Plan a meeting")
    await bert.send("Bakkerij Bert")
    await bert.send("2-12 15:00")
    await bert.press("Send")
    await anna.press_data(button(await outbox(store, 3001), "Wednesday 2 December, 15:00"))

    await anna.send("/profile")
    await anna.press("Work wanted")
    await anna.send("/pairs")  # the meeting with its Cancel button, then the question again
    assert "Cancel" in anna.labels() and "Back to your profile:" in anna.text()
    await anna.send("cancel")
    assert anna.text() == "Stopped: your profile. The answers you gave are saved."
    assert not [m for m in await outbox(store, 4001) if "cancelled" in m.text]
    await anna.send("/pairs")
    assert "meeting planned" in anna.text()
    # Inside "are you sure?", typed words are a reason and never cancel by themselves; "stop"
    # stops asking and the meeting stays.
    await anna.press("Cancel")
    await anna.send("No, leave it, I can come after all")
    assert "Your reason: ‘No, leave it, I can come after all’" in anna.text()
    await anna.send("stop")
    assert anna.text() == "Stopped: cancelling the meeting. The meeting stays as it is."
    assert not [m for m in await outbox(store, 4001) if "cancelled" in m.text]

    # Stopping the reason after a decline: the decline stands and the coach is still told.
    await pair_by_hand(coach, "Anna", "Dirk")
    await dirk.press_data(button(await outbox(store, 4002), "No, not this time"))
    await dirk.send("stop")
    assert "passed it on to the coach" in dirk.text()
    told = (await outbox(store, 2000))[-1].text
    assert told.startswith("Dirk declined the pair with Anna.")


async def test_other_words_for_skip_next_and_done(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send("10-12 10:00")
    await coach.send("ja")
    await coach.send("2 uur")
    await coach.send("Bibliotheek")
    await coach.send("sla over")  # the address: "Overslaan" / "Skip"
    assert "Send a location" in coach.text()
    await coach.send("skip")
    assert "How many people can come?" in coach.text()
    await coach.send("12")
    await coach.send("geen")  # no description
    assert "Save and invite" in " ".join(coach.labels())

    anna = Chat(engine, 3100, language="nl")
    await anna.send(f"/start {await candidate_invite(coach, 'In de Lift Zoetermeer')}")
    for answer in ("ja", "Nederlands", "Anna", "Magazijn", "logistiek", "klaar", "Precies"):
        await anna.send(answer)
    for answer in ("ma", "ik ben klaar", "Zoetermeer", "ja"):
        await anna.send(answer)
    await anna.send("/prepare")
    assert "tip 1 van 3" in anna.text()
    await anna.send("volgende")  # the button says "Verder ➡️"
    assert "tip 2 van 3" in anna.text()


async def test_words_inside_one_label_count(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/newevent")
    await coach.send("In de Lift Zoetermeer")
    await coach.send("main event")  # the button says "The main event"
    assert "Who is the meeting for?" in coach.text()
    await coach.send("back")
    await coach.send("preparation")  # inside three labels: which one is not clear
    assert "choose one of the buttons" in coach.text()
