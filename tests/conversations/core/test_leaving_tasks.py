"""Flow tests for leaving and taking up tasks: a new task leaves the old one cleanly,
/cancel and the stop words, Back in the wizards, and /help repeating the question."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.i18n import load_catalogue, texts
from bot.sqlite.store import SqliteStore
from conversations.core import router
from conversations.core.records import Conversation
from conversations.core.types import FileRef, Incoming
from tests.helpers import (
    WHEN,
    Chat,
    candidate_invite,
    coach_with_programme,
    joined,
    new_event_up_to_the_date,
    onboarded_coach,
    plan,
)


async def consenting(coach: Chat, user_id: int) -> Chat:
    """A job seeker who opened the coach's invite, agreed and picked English."""
    anna = Chat(coach.engine, user_id)
    await anna.send(f"/start {await candidate_invite(coach)}")
    await anna.press("Yes")
    await anna.press("English")
    return anna


async def conversation(store: SqliteStore, user_id: int) -> Conversation | None:
    async with store.unit_of_work():
        return await store.conversation(f"test:{user_id}")


async def test_an_invite_from_the_events_list_does_not_show_the_list_again(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await coach_with_programme(engine)
    await plan(coach, "10-12 10:00")
    await coach.send("/events")
    assert "Choose a meeting" in coach.text()
    await coach.send("/invite")
    await coach.press("Job seeker")
    await coach.press("In de Lift Zoetermeer")
    assert "?start=" in coach.text()
    assert "Choose a meeting" not in coach.text() and "Meet the employers" not in coach.text()
    assert await conversation(store, 2000) is None  # the list was replaced, not kept
    await coach.send("hello")
    assert "Choose a meeting" not in coach.text()


async def test_sending_a_cv_does_not_bring_back_the_preparation(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    await anna.send("/prepare")
    assert "Session 1" in anna.text()
    await anna.send("/cv")
    await anna._run(Incoming("file", file=FileRef("document", "f1", "application/pdf", 1000)))
    assert "Your CV has been sent to Carla" in anna.text()
    assert "Session" not in anna.text() and len(anna.last.messages) == 1  # type: ignore[union-attr]
    await anna.send("/prepare")  # the progress itself is in the database
    assert "Welcome back" in anna.text() and "Session 1" in anna.text()


async def test_menu_in_the_middle_of_newevent_keeps_the_draft(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send("/menu")
    assert "Coach menu" in coach.text()
    # A menu button that starts another task: the draft waits underneath, and comes back.
    await coach.press("Create invite")
    await coach.press("Job seeker")
    await coach.press("In de Lift Zoetermeer")
    assert "?start=" in coach.text()
    assert "Back to your new meeting:" in coach.text() and WHEN in coach.text()
    # A menu button that shows something: the draft comes back after it too.
    await coach.send("/menu")
    await coach.press("🔎 My data")
    assert "This is what I store" in coach.text()
    assert coach.last is not None
    assert [m.text for m in coach.last.messages][-2:][0] == "Back to your new meeting:"
    # /menu, then the wizard's own menu button: it goes on where it was.
    await coach.send("/menu")
    await coach.press("Plan a meeting")
    assert "You were still busy with your new meeting" in coach.text() and WHEN in coach.text()
    await coach.send("10-12 10:00")
    await coach.press("Yes")
    await coach.press("2 hours")
    await coach.send("Library")
    await coach.press("Skip")
    await coach.press("Skip")
    await coach.send("20")
    await coach.press("Skip")
    assert "📌 Meet the employers" in coach.text()  # the title typed before the menu
    await coach.press("Save and invite")
    assert "Saved: Meet the employers" in coach.text()
    assert await conversation(store, 2000) is None


@pytest.mark.parametrize(
    "word", ["/cancel", "/stop", "stop", "Stop!", "stoppen", "cancel", "annuleren", "afbreken"]
)
async def test_stop_words_end_the_new_meeting(
    engine: Engine, store: SqliteStore, word: str
) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send(word)
    assert coach.text() == "Stopped: your new meeting. Nothing was saved."
    assert await conversation(store, 2000) is None
    await coach.send("/newevent")
    assert "Which programme" in coach.text() and "still busy" not in coach.text()


async def test_stop_in_broadcast_intake_and_a_one_question_flow(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await coach_with_programme(engine)
    await joined(engine, coach, 3001, "Anna")
    await coach.send("/broadcast")
    await coach.press("Everyone I coach")
    await coach.send("annuleren")
    assert coach.text() == "Stopped: your message to a group. Nothing was sent."

    await coach.send("/profile")
    await coach.press("Organisation")
    await coach.send("stop")
    assert coach.text() == "Stopped: your profile. The answers you gave are saved."
    assert await conversation(store, 2000) is None

    # A one-question flow on top of a wizard: stopping it brings the wizard back.
    await new_event_up_to_the_date(coach)
    await coach.send("/language")
    await coach.send("cancel")
    assert "Stopped: your language stays the same." in coach.text()
    assert "Back to your new meeting:" in coach.text() and WHEN in coach.text()
    await coach.send("/invite")
    await coach.send("terug")  # no step before: back stops, as cancel does
    assert "Stopped: no invite link was made." in coach.text() and WHEN in coach.text()
    await coach.send("/cancel")
    await coach.send("/cancel")
    assert coach.text() == "There is nothing to stop right now. /menu shows what you can do."
    await coach.send("stop")
    assert "nothing to stop" in coach.text()


async def test_stopping_while_joining(engine: Engine, store: SqliteStore) -> None:
    coach = await coach_with_programme(engine)
    anna = await consenting(coach, 3001)
    await anna.send("Anna")
    await anna.send("stop")
    assert "almost done joining" in anna.text() and "/forget" in anna.text()
    assert "What kind of work" in anna.text()
    await anna.send("Warehouse")  # the answer still lands in the right field
    assert "Which sectors" in anna.text()

    shy = Chat(engine, 3002)
    await shy.send(f"/start {await candidate_invite(coach)}")
    await shy.send("stop")  # before the consent: stopping is saying no
    assert "not stored anything" in shy.text()
    assert await conversation(store, 3002) is None


@pytest.mark.parametrize("word", ["terug", "Terug!", "vorige", "back"])
async def test_back_word_at_the_date_goes_back_to_the_title(engine: Engine, word: str) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send(word)
    assert "cannot read that date" not in coach.text()
    assert "What is the title?" in coach.text()
    assert "Now it says: Meet the employers" in coach.text()
    await coach.press("Keep this")
    assert WHEN in coach.text()


async def test_back_at_the_first_question_stops(engine: Engine, store: SqliteStore) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/newevent")
    assert "Back" not in coach.labels()
    await coach.send("terug")
    assert coach.text() == "Stopped: your new meeting. Nothing was saved."


async def test_back_button_through_newevent_keeps_what_was_typed(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send("10-12 10:00")
    await coach.press("Yes")
    await coach.press("2 hours")
    await coach.send("Library")
    await coach.press("Back")
    assert "Now it says: Library" in coach.text()
    await coach.press("Back")
    assert "How long does it last?" in coach.text()
    await coach.press("Back")
    assert "I read: Thursday 10 December, 10:00" in coach.text()
    await coach.press("Back")
    assert "Now it says: Thursday 10 December, 10:00" in coach.text()
    await coach.press("Back")
    await coach.send("Meet the bakers")  # a new title replaces the old one
    await coach.press("Keep this")  # the date stays
    await coach.press("Yes")
    await coach.press("1 hour")
    await coach.press("Keep this")  # the venue stays
    await coach.press("Skip")
    await coach.press("Skip")
    await coach.send("12")
    await coach.press("Back")
    assert "Now it says: 12" in coach.text()
    await coach.send("15")
    await coach.press("Skip")
    preview = coach.text()
    assert "📌 Meet the bakers" in preview and "📍 Library" in preview
    assert "Thursday 10 December, 10:00 to 11:00" in preview and "Places: 15" in preview
    await coach.press("Save and invite")
    assert "Saved: Meet the bakers" in coach.text()


async def test_back_button_through_broadcast_keeps_the_text(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await joined(engine, coach, 3001, "Anna")
    await coach.send("/broadcast")
    assert "Back" not in coach.labels()
    await coach.press("Everyone I coach")
    await coach.send("The library is closed on Friday.")
    assert "Send as it is" in coach.text() or "add something" in coach.text()
    await coach.press("Back")
    assert "Now it says: The library is closed on Friday." in coach.text()
    await coach.press("Back")
    assert "Who is the message for?" in coach.text()
    await coach.press("All job seekers")
    assert "Now it says: The library is closed on Friday." in coach.text()
    await coach.press("Keep this")
    await coach.press("version in")
    await coach.send("De bibliotheek is vrijdag dicht.")
    assert "1 person" in coach.text()
    await coach.press("Back")
    assert "Now it says: De bibliotheek is vrijdag dicht." in coach.text()
    await coach.press("Keep this")
    preview = coach.text()
    assert "The library is closed on Friday." in preview
    assert "De bibliotheek is vrijdag dicht." in preview
    await coach.press("Send now")
    assert "Sending" in coach.text() or "1 person" in coach.text()


async def test_help_repeats_the_question_and_the_answer_lands_right(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    messages = await coach.send("/help")
    assert "/newevent: plan a meeting" in messages[0].text
    assert "Type stop (or send /cancel) to stop, or back to go one step back" in coach.text()
    assert messages[-1].text.startswith(WHEN)
    await coach.send("10-12 10:00")
    assert "I read: Thursday 10 December, 10:00" in coach.text()

    await coach.send("/programme")
    await coach.send("/help")
    # A one-question task has no step to go back to: only stopping is offered.
    assert "Type stop (or send /cancel) to stop. Here is the question again:" in coach.text()
    await coach.send("/cancel")

    anna = await consenting(coach, 3001)
    await anna.send("Anna")
    messages = await anna.send("/help")
    assert "Back to joining:" in anna.text() and "What kind of work" in messages[-1].text
    await anna.send("Bakery")
    assert "Which sectors" in anna.text()


async def test_another_command_in_a_wizard_brings_its_question_back(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await new_event_up_to_the_date(coach)
    await coach.send("/pairs")
    assert "Back to your new meeting:" in coach.text() and WHEN in coach.text()
    await coach.send("/frobnicate")
    assert "do not know the command /frobnicate" in coach.text() and WHEN in coach.text()


async def test_the_same_task_about_something_else_is_stopped_and_said(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await plan(coach, "10-12 10:00")
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Change")
    await coach.press("Places")
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Cancel event")
    assert "Stopped: changing the meeting. Nothing was changed." in coach.text()
    assert "Are you sure" in coach.text() or "cancel" in coach.text().lower()


def test_every_task_has_a_name_and_a_stop_text() -> None:
    from conversations.core.flow import task

    for locale in ("nl", "en"):
        catalogue = texts(load_catalogue(locale))
        names = {task(Conversation("x", flow, None, {})) for flow in router.FLOWS}
        names |= {"joining", "cv_review"}
        for name in names:
            assert f"task.{name}" in catalogue, f"{locale}: task.{name}"
            assert f"stopped.{name}" in catalogue, f"{locale}: stopped.{name}"
    # What kept work before flows declared it themselves, by its stored names.
    assert router.ROUTES.keeps_work == {
        "onboarding",
        "intake",
        "newevent",
        "broadcast",
        "programme",
        "event_change",
        "agreement",
        "slots",
        "cv",
        "forget",
        "pair_decline",
        "no_slot",
        "meeting_cancel",
        "pair_end",
        "help_note",
    }


async def test_back_in_the_smaller_wizards(engine: Engine, store: SqliteStore) -> None:
    coach = await onboarded_coach(engine)
    await coach.send("/programme")
    await coach.press("Buddyproject")
    await coach.send("Buddy Hardenberg")
    assert "In which municipality" in coach.text()
    await coach.send("vorige")
    assert "Now it says: Buddy Hardenberg" in coach.text()
    await coach.press("Back")
    assert "What kind of programme" in coach.text()
    await coach.press("Maatjesproject")
    assert "Now it says: Buddy Hardenberg" in coach.text()
    await coach.press("Keep this")
    await coach.send("Hardenberg")
    assert "Done: Buddy Hardenberg (Maatjesproject)" in coach.text()


async def test_a_profile_only_looked_at_does_not_come_back(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/profile")
    assert "This is what I noted" in coach.text()
    await coach.send("/pairs")
    assert "Back to" not in coach.text() and "This is what I noted" not in coach.text()
    # Being in the middle of a change is work in progress: that does come back.
    await coach.send("/profile")
    await coach.press("Organisation")
    await coach.send("/pairs")
    assert "Back to your profile" in coach.text()


async def test_choosing_a_programme_in_people_keeps_the_draft_waiting(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/programme")
    await coach.press("Buddyproject")
    await coach.send("Buddyproject Delft")
    await coach.send("Delft")
    await new_event_up_to_the_date(coach)
    await coach.send("/people")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Another programme")
    await coach.press("Buddyproject Delft")
    await coach.send("/cancel")
    assert "Back to your new meeting:" in coach.text() and WHEN in coach.text()
