"""End to end on the real PTB stack: the coach's people screen with 25 members turning in
place, a person's card with everything the consent lets the coach see, and someone who
already joined added to a second programme."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from conversations.core.records import Pair
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    add_member,
    create_programme,
    join_as_coach,
    join_candidate,
    plan_event,
    store_of,
    text_of,
)
from tests.fakebotapi import FakeBotApi, SentMessage


async def in_place(
    api: FakeBotApi, chat: TgChat, message: SentMessage, label: str, expect: str
) -> None:
    """Press a button on `message` and wait until that same message says `expect`."""
    api.press(chat.user, message, message.button(label))
    await api.wait_for(lambda: expect in (message.text or ""))


def numbered(message: SentMessage) -> list[str]:
    return [line for line in (message.text or "").split("\n") if line[:1].isdigit()]


async def test_25_people_ten_per_page_turning_in_place(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    store, now = store_of(liftbot), clock.now()
    for n in range(10):
        await add_member(store, 7500 + n, "buddy", f"Bas {n:02}", {"company": "B"}, now)
    for n in range(15):
        await add_member(store, 7000 + n, "candidate", f"Jet {n:02}", {}, now)

    shown = (await coach.send("/people", expect="Everyone, page 1 of 3"))[-1]
    before = len(coach.messages)
    assert (shown.text or "").startswith("👥 In de Lift Zoetermeer (In de Lift): 25 people")
    assert "Job seekers: 15 · Employers: 10" in (shown.text or "")
    # Job seekers first, each line with what the coach needs at a glance.
    assert numbered(shown)[0] == (
        "1. Jet 00, job seeker · preparation 0/3 · no pair yet · not active since joining"
    )
    assert [line.split(",")[0] for line in numbered(shown)] == [
        f"{n + 1}. Jet {n:02}" for n in range(10)
    ]
    labels = [label for label, _ in shown.buttons()]
    assert labels[:10] == [f"{n + 1}. Jet {n:02}" for n in range(10)]
    assert labels[10:] == [
        "Next ➡️",
        "✓ Everyone (25)",
        "Job seekers (15)",
        "Employers (10)",
        "📄 Everyone as CSV",
        "➕ Add someone I coach",
    ]

    api.press(coach.user, shown, shown.button("Next"))
    await api.wait_for(lambda: "page 2 of 3" in (shown.text or ""))
    assert [line.split(",")[0] for line in numbered(shown)] == [
        *(f"{n + 11}. Jet {n + 10:02}" for n in range(5)),
        *(f"{n + 16}. Bas {n:02}" for n in range(5)),
    ]
    assert numbered(shown)[5] == "16. Bas 00, employer · no pair yet · not active since joining"
    api.press(coach.user, shown, shown.button("Next"))
    await api.wait_for(lambda: "page 3 of 3" in (shown.text or ""))
    assert [line.split(",")[0] for line in numbered(shown)] == [
        f"{n + 21}. Bas {n + 5:02}" for n in range(5)
    ]
    assert "Next ➡️" not in [label for label, _ in shown.buttons()]
    api.press(coach.user, shown, shown.button("Previous"))
    await api.wait_for(lambda: "page 2 of 3" in (shown.text or ""))
    assert len(coach.messages) == before and len(shown.edits) == 3  # turned in place

    # Employers only: one page of ten, still in the same message.
    api.press(coach.user, shown, shown.button("Employers (10)"))
    await api.wait_for(lambda: (shown.text or "").count("employer ·") == 10)
    assert "Employers:" in (shown.text or "") and "page" not in (shown.text or "").split("\n")[3]
    assert [line.split(",")[0] for line in numbered(shown)] == [
        f"{n + 1}. Bas {n:02}" for n in range(10)
    ]
    assert "✓ Employers (10)" in [label for label, _ in shown.buttons()]
    assert len(coach.messages) == before


async def test_a_person_card_shows_answers_preparation_invitations_pair_and_last_activity(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))  # Monday
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 5001, "Anna")
    store = store_of(liftbot)
    profile = {"company": "Bakkerij Bert", "need": "warehouse help", "meeting": "coffee"}
    bert = await add_member(store, 6001, "buddy", "Bert", profile, clock.now())

    await anna.send("/prepare", expect="tip 1 of 3")
    for tip in (2, 3):
        await anna.press("Next", expect=f"tip {tip} of 3")
    await anna.press("Next", expect="Write the 3 sentences")
    await anna.send("Hello, I am Anna and I love tidy shelves.", expect="Session 1 done")
    await plan_event(coach, "26-10 10:00", capacity=12)
    await anna.wait("You are invited!")
    await anna.press("Yes", expect="on the map")
    await coach.send("/events", expect="Choose a meeting")
    await coach.press("meet the employers", expect="Present: 0")
    overview = coach.with_button("Mark present")
    api.press(coach.user, overview, overview.button("Mark present"))
    await api.wait_for(lambda: "Tap who is present" in (overview.text or ""))
    await coach.toggle("Anna")
    async with store.unit_of_work():
        carla = await store.person_by_chat("tg:2001")
        found = await store.person_by_chat("tg:5001")
        assert carla is not None and found is not None
        programme = (await store.programmes_of_coach(carla.id))[-1]
        await store.create_pair(
            Pair(0, programme.id, "in_de_lift", found.id, bert, carla.id, "accepted", clock.now())
        )
    clock.set(datetime(2026, 10, 27, 12, 0, tzinfo=UTC))  # Tuesday
    await anna.send("/events", expect="no meetings for you")

    listed = (await coach.send("/people", expect="2 people"))[-1]
    assert "1. Anna, job seeker · preparation 1/3 · pair: accepted · last active Tuesday" in (
        listed.text or ""
    )
    before = len(coach.messages)
    api.press(coach.user, listed, listed.button("Anna"))
    await api.wait_for(lambda: "👤 Anna" in (listed.text or ""))
    card = listed.text or ""
    for part in (
        "👤 Anna, job seeker",
        "Member of In de Lift Zoetermeer (In de Lift) since Monday 19 October",
        "Last active: Tuesday 27 October",
        "• Work wanted: Warehouse",
        "• Sectors: Logistics",
        "• Good at: Planning",
        "• Municipality: Zoetermeer",
        "Preparation: 1 of 3 sessions done",
        "• In de Lift: meet the employers, Monday 26 October, 10:00: said yes · was there",
        "• with Bert: accepted",
    ):
        assert part in card, part
    # What she wrote in the exercise is hers: the coach sees that she did it, not the words.
    assert "tidy shelves" not in card
    assert listed.buttons() == [
        ("✉️ Write to Anna", f"wr:{found.id}:to"),
        ("⬅️ Back to the list", listed.button("Back")),
    ]
    assert len(coach.messages) == before  # the card took the list's place

    api.press(coach.user, listed, listed.button("Back to the list"))
    await api.wait_for(lambda: "👥 In de Lift Zoetermeer" in (listed.text or ""))
    assert len(coach.messages) == before


async def test_someone_who_joined_is_added_to_a_second_programme_and_invited(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 5001, "Anna")
    await create_programme(coach, "Voorjaar Delft")
    await coach.send("/newevent", expect="Which programme")
    await coach.press("Voorjaar Delft", expect="What kind of meeting")
    await coach.press("main event", expect="Who is the meeting for?")
    await coach.press("Keep this", expect="What is the title")
    await coach.send("Spring kick-off", expect="When does it start")
    await coach.send("10-12 19:30", expect="Is that right?")
    await coach.press("Yes", expect="How long")
    await coach.press("2 hours", expect="Where is it")
    await coach.send("Library Delft", expect="What is the address")
    await coach.press("Skip", expect="Send a location")
    await coach.press("Skip", expect="How many people")
    await coach.send("10", expect="A short description")
    await coach.press("Skip", expect="Save and invite?")
    await coach.press("Save and invite", expect="Invitations sent: 0")

    shown = (await coach.send("/people", expect="Whose people"))[-1]
    await in_place(api, coach, shown, "Voorjaar Delft", "No one is in this programme yet")
    labels = [label for label, _ in shown.buttons()]
    assert labels == ["➕ Add someone I coach", "Another programme"]
    await in_place(api, coach, shown, "Add someone I coach", "Who should join")
    assert [label for label, _ in shown.buttons()] == ["Anna (job seeker)", "⬅️ Back to the list"]
    await in_place(api, coach, shown, "Anna", "is now in")
    assert (shown.text or "").startswith(
        "✅ Anna is now in Voorjaar Delft (In de Lift). I told them, and invited them to 1"
        " coming meeting."
    )
    assert "Everyone you coach is in Voorjaar Delft" in (shown.text or "")

    told = await anna.wait("You are invited!")
    assert "Carla added you to Voorjaar Delft (In de Lift)" in text_of(told)
    assert "Spring kick-off" in text_of(told).split("added you")[1]
    await anna.press("Yes", expect="Great that you are coming")

    await in_place(api, coach, shown, "Back to the list", "Voorjaar Delft (In de Lift): 1 person")
    assert "1. Anna, job seeker" in (shown.text or "")
    # She stays in her first programme too.
    await in_place(api, coach, shown, "Another programme", "Whose people")
    await in_place(api, coach, shown, "In de Lift Zoetermeer", "1. Anna, job seeker")

