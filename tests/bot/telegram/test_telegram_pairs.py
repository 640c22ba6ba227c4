"""End to end on the real PTB stack with a fake clock: suggestions for 25 x 25, and a pair
from introduction to the last nudge, across restarts and downtime."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from bot.clock import FakeClock
from conversations.core.records import Pair
from conversations.joining.fields import SECTORS
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    add_member,
    create_programme,
    forged,
    join_as_coach,
    pair_by_hand,
    store_of,
    text_of,
)
from tests.fakebotapi import FakeBotApi, TgUser, UploadedFile

TOWNS = ("Hardenberg", "Ommen", "Dalfsen", "Zoetermeer")


async def test_suggestions_for_25_by_25_are_one_to_one_with_reasons(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "Buddyproject Hardenberg")
    pick = random.Random(25)
    for n in range(25):
        sector = pick.choice(SECTORS[:-1])
        await add_member(
            store_of(liftbot),
            10_000 + n,
            "buddy",
            f"Boss{'abcdefghijklmnopqrstuvwxy'[n]}",
            {
                "company": f"Firm {n}",
                "need": pick.choice(
                    [
                        "warehouse help, mornings",
                        "kitchen help in the evening",
                        "an office assistant",
                    ]
                ),
                "sector": sector,
                "municipality": pick.choice(TOWNS),
                "meeting": "coffee",
            },
            clock.now(),
        )
        await add_member(
            store_of(liftbot),
            20_000 + n,
            "candidate",
            f"Seeker{'abcdefghijklmnopqrstuvwxy'[n]}",
            {
                "work_wanted": pick.choice(["warehouse work", "kitchen", "office work"]),
                "sectors": pick.sample(SECTORS[:-1], 2),
                "strengths": "precise",
                "availability": pick.sample(["mon", "wed", "morning", "evening"], 2),
                "municipality": pick.choice(TOWNS),
            },
            clock.now(),
        )

    await coach.send("/pair", expect="Which programme")
    await coach.press("Buddyproject Hardenberg", expect="How do you want to pair?")
    shown = await coach.press("Suggestions", expect="Suggestion 1 of 25")
    for number in range(1, 26):
        assert "Why: " in text_of(shown)
        expect = "That was every suggestion" if number == 25 else f"Suggestion {number + 1} of 25"
        shown = await coach.press("Pair them", expect=expect)
    async with store_of(liftbot).unit_of_work() as store:
        coach_id = (await store.person_by_chat("tg:2001")).id  # type: ignore[union-attr]
        pairs = await store.pairs_of_coach(coach_id)
    assert len(pairs) == 25
    assert len({p.buddy_id for p in pairs}) == 25 and len({p.candidate_id for p in pairs}) == 25
    # Every buddy got an introduction card with Accept and Decline.
    for n in range(25):
        card = await api.wait_for(
            lambda n=n: [
                m for m in api.chats.get(10_000 + n, []) if "introduces you to" in (m.text or "")
            ]
        )
        assert [t for t, _ in card[0].buttons()] == ["✅ Yes, gladly", "No, not this time"]


async def test_pair_meeting_agreement_and_nudges_across_restarts(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    await add_member(
        store_of(liftbot),
        5001,
        "candidate",
        "Anna",
        {
            "work_wanted": "warehouse",
            "sectors": ["logistics"],
            "strengths": "precise",
            "availability": ["mon", "morning"],
            "municipality": "Zoetermeer",
        },
        clock.now(),
    )
    await add_member(
        store_of(liftbot),
        6001,
        "buddy",
        "Bert",
        {
            "company": "Bakkerij Bert",
            "need": "warehouse help, mornings",
            "sector": "logistics",
            "municipality": "Zoetermeer",
            "meeting": "company",
        },
        clock.now(),
    )
    anna = TgChat(api, TgUser(5001, "Anna", "en"))
    bert = TgChat(api, TgUser(6001, "Bert", "en"))
    eve = TgChat(api, TgUser(6002, "Eve", "en"))
    await add_member(store_of(liftbot), 6002, "buddy", "Eve", {"company": "Eve BV"}, clock.now())

    card = await pair_by_hand(coach, bert, "Anna")
    assert "Work wanted: warehouse" in (card.text or "")
    # Eve forges Bert's button data onto a message in her own chat: refused.
    menu = (await eve.send("/menu", expect="What would you like to do?"))[-1]
    eve.mark = len(eve.messages)
    api.press(eve.user, forged(menu, card.button("Yes, gladly")), card.button("Yes, gladly"))
    await eve.wait("cannot use that button")
    await bert.press("Yes, gladly", expect="Now plan a moment with Anna")
    await anna.wait("You are paired with Bert from Bakkerij Bert")
    await coach.wait("Bert accepted the pair with Anna")

    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    await bert.send("Bakkerij Bert, Markt 3", expect="Type time 1")
    await bert.send("yesterday 10:00", expect="Type time 1")
    await bert.send("26-11 10:00", expect="Another one, or send?")
    await bert.press("Another time", expect="Type time 2")
    await bert.send("27-11 14:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("Bert proposes to meet")
    await anna.press("Thursday 26 November, 10:00", expect="Add it to your calendar")
    await bert.wait("Agreed with Anna: Thursday 26 November, 10:00")

    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # the day before, 10:00 in Amsterdam
    await running.wakeups.run_due()
    await anna.wait("Reminder: your meeting with Bert is Thursday 26 November, 10:00")
    clock.set(datetime(2026, 11, 26, 11, 0, tzinfo=UTC))  # the meeting has passed
    await running.wakeups.run_due()
    await anna.wait("Did you talk with Bert?")
    await bert.wait("Did you talk with Anna?")

    # Both record; each confirms the other's.
    await anna.press("Yes, we talked", expect="What did you agree?")
    await anna.press("An introduction", expect="Who will do it?")
    await anna.press("The other", expect="By when?")
    await anna.press("A date", expect="Type the date")
    await anna.send("1-1-2020", expect="Type the date")
    said = await anna.send("12 december", expect="asking Bert to confirm")
    assert "by Saturday 12 December" in text_of(said)
    await bert.wait("Anna says you agreed: An introduction to a contact, by Saturday 12 December")
    await bert.press("That's right", expect="Confirmed")
    await anna.wait("Bert confirmed")
    await bert.press("Yes, we talked", expect="What did you agree?")
    await bert.press("own words", expect="Type briefly")
    await bert.send("Anna visits the warehouse", expect="Who will do it?")
    await bert.press("Both", expect="By when?")
    await bert.press("In two weeks", expect="asking Anna to confirm")  # Thursday 10 December
    await anna.wait("Bert says you agreed: Anna visits the warehouse")
    await anna.press("No, not right", expect="The coach will take a look")
    await coach.wait("do not agree about an arrangement")

    # Nudge 1 of the introduction: Thursday 10 December 10:00. Restart before it is due.
    await liftbot.stop()
    clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    await liftbot.start()  # start-up sends what is due
    await bert.wait("Just checking: An introduction to a contact")
    await liftbot.stop()
    await liftbot.start()  # and a second restart does not send it again

    # Downtime over the due date (Saturday 12 December 10:00) of more than twelve hours:
    # moved to the next allowed moment, Monday 08:30 (Sunday is off).
    await liftbot.stop()
    clock.set(datetime(2026, 12, 13, 11, 0, tzinfo=UTC))  # Sunday noon in Amsterdam
    await liftbot.start()
    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    clock.set(datetime(2026, 12, 14, 7, 29, tzinfo=UTC))
    await running.wakeups.run_due()
    nudges = [m for m in bert.messages if "Just checking" in (m.text or "")]
    assert len(nudges) == 1
    clock.set(datetime(2026, 12, 14, 7, 30, tzinfo=UTC))  # Monday 08:30
    await running.wakeups.run_due()
    await api.wait_for(
        lambda: len([m for m in bert.messages if "Just checking" in (m.text or "")]) == 2
    )
    # Two nudges without an answer: the coach gets a gentle note.
    await coach.wait("has not answered two reminders")

    await bert.press("I need help", expect="What do you need help with?")
    await bert.press("Send without a note", expect="asked your coach")
    await coach.wait("Bert asks for help with an agreement (Anna and Bert)")
    nudge = bert.with_button("in a week")
    later = nudge.button("in a week")
    await bert.press("Done", expect="noted as done")
    await anna.wait("Bert reports: done!")
    # An old copy of the nudge on another device: "remind me" on a done action.
    bert.mark = len(bert.messages)
    api.press(bert.user, forged(nudge, later), later)
    await bert.wait("already marked done")

    overview = text_of(await coach.send("/pairs", expect="Follow-through"))
    assert "1 paired → 1 met → 1 agreed → 1 done" in overview and "introduction 1" in overview


async def test_a_buddy_checks_the_cv_of_their_job_seeker(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    store, now = store_of(liftbot), clock.now()
    await add_member(store, 5101, "candidate", "Anna", {"work_wanted": "warehouse"}, now)
    await add_member(store, 6101, "buddy", "Bert", {"company": "Bakkerij Bert"}, now)
    anna = TgChat(api, TgUser(5101, "Anna", "en"))
    bert = TgChat(api, TgUser(6101, "Bert", "en"))
    await pair_by_hand(coach, bert, "Anna")
    await bert.press("Yes, gladly", expect="Now plan a moment with Anna")

    await anna.send("/cv", expect="Who would you like to check your CV?")
    await anna.press("Bert, your buddy", expect="Bert will give you two tips and two tops")
    anna.mark = len(anna.messages)
    api.send_file(anna.user, UploadedFile("cv.pdf", b"%PDF-1.4 Anna", "application/pdf"))
    await anna.wait("Your CV has been sent to Bert")
    request = await bert.wait("asks for a CV check")
    assert any(m.document and m.document.content == b"%PDF-1.4 Anna" for m in request)
    await bert.press("Give tips and tops", expect="Type two tips")
    await bert.send("Licence at the top\nShorter profile", expect="Type two tops")
    await bert.send("Clear layout\nWarehouse experience", expect="This is what the job")
    await bert.press("Send", expect="Sent to Anna")
    result = text_of(await anna.wait("Your CV check from Bert is here"))
    assert "⭐ Warehouse experience" in result
    assert not [m for m in coach.messages if "asks for a CV check" in (m.text or "")]


async def test_the_coach_sees_pairs_ten_per_page_turning_in_place_and_all_in_the_csv(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach = await join_as_coach(api)
    await create_programme(coach, "Buddyproject Hardenberg")
    store, now = store_of(liftbot), clock.now()
    for n in range(27):
        candidate = await add_member(store, 7000 + n, "candidate", f"Jet {n:02}", {}, now)
        buddy = await add_member(store, 7500 + n, "buddy", f"Bas {n:02}", {}, now)
        async with store.unit_of_work():
            carla = await store.person_by_chat("tg:2001")
            assert carla is not None
            programme = (await store.programmes_of_coach(carla.id))[-1]
            await store.create_pair(
                Pair(0, programme.id, "buddy", candidate, buddy, carla.id, "accepted", now)
            )

    shown = (await coach.send("/pairs", expect="27 pairs, page 1 of 3"))[-1]
    before = len(coach.messages)

    def lines() -> list[str]:
        return [line for line in (shown.text or "").split("\n") if line.startswith("•")]

    # The funnel over all 27 comes first, then ten pairs.
    assert (shown.text or "").startswith("Follow-through: 27 paired → 0 met")
    assert len(lines()) == 10 and lines()[0].startswith("• Jet 00 ↔ Bas 00: accepted")
    assert [label for label, _ in shown.buttons()] == ["Next ➡️", "📄 All pairs as CSV"]
    api.press(coach.user, shown, shown.button("Next"))
    await api.wait_for(lambda: "page 2 of 3" in (shown.text or ""))
    assert len(lines()) == 10 and lines()[0].startswith("• Jet 10 ↔ Bas 10")
    api.press(coach.user, shown, shown.button("Next"))
    await api.wait_for(lambda: "page 3 of 3" in (shown.text or ""))
    assert [line[2:8] for line in lines()] == [f"Jet {n}" for n in range(20, 27)]
    assert [label for label, _ in shown.buttons()] == ["⬅️ Previous", "📄 All pairs as CSV"]
    assert len(coach.messages) == before and len(shown.edits) == 2  # turned in place

    sent = await coach.press("All pairs as CSV", expect="All pairs and agreements")
    document = sent[-1].document
    assert document is not None and document.filename == "pairs.csv"
    header, *rows = document.content.decode("utf-8-sig").splitlines()
    assert header == (
        "Pair;Kind;Job seeker;Employer;Status;Agreement;Who does it;Due on;Agreement status"
    )
    assert [row.split(";")[2:5] for row in rows] == [
        [f"Jet {n:02}", f"Bas {n:02}", "accepted"] for n in range(27)
    ]
