"""Pairs and what they do: meetings and their outcome, agreed actions, round two, and how
the two reach each other."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.storage import Backend
from conversations.core.meeting_records import HelpRequest, Place, Talk
from conversations.core.reach_records import PairContact, Reach
from conversations.core.records import Agreement, Meeting, Pair
from tests.bot.storage.contract import (
    NOW,
    TODAY,
    agreement,
    contract,
    event,
    meeting,
    pair,
    people,
    programme,
)


@contract("create_pair", "pair", "save_pair", "pairs_of_coach", "pairs_of_person")
async def test_pairs_once_at_a_time_and_a_persons_current_pairs(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, other, anna, bert, carl = await people(
            store, ["coach", "coach", "candidate", "buddy", "buddy"]
        )
        group = await programme(store, coach.id)
        draft = Pair(0, group.id, "in_de_lift", anna.id, bert.id, coach.id, "proposed", NOW)
        made = await store.create_pair(draft)
        assert made == replace(draft, id=made.id if made else 0)
        assert made is not None and await store.pair(made.id) == made
        # The same two again while proposed or accepted: no second pair.
        assert await store.create_pair(replace(draft, state="accepted")) is None
        theirs = await pair(store, anna.id, carl.id, other.id)
        assert await store.pairs_of_person(anna.id) == [made, theirs]
        made.state, made.reason, made.answered_at = "declined", "No time", NOW
        await store.save_pair(made)
        assert await store.pair(made.id) == made
        # Declined, so no longer the person's pair; the two may be paired again.
        assert await store.pairs_of_person(anna.id) == [theirs]
        again = await pair(store, anna.id, bert.id, coach.id, "proposed")
        assert await store.pairs_of_person(bert.id) == [again]
        theirs.state, theirs.ended_by = "cancelled", carl.id
        await store.save_pair(theirs)
        assert await store.pair(theirs.id) == theirs
        assert await store.pairs_of_person(carl.id) == []
        # A coach's pairs, whatever their state, in the order they were made.
        assert await store.pairs_of_coach(coach.id) == [made, again]
        assert await store.pairs_of_coach(other.id) == [theirs]
        assert await store.pair(9999) is None


@contract("create_meeting", "meeting", "save_meeting", "meetings_of_pair")
async def test_meeting_round_trip_with_times_and_place(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        duo = await pair(store, anna.id, bert.id, coach.id)
        slots = [NOW + timedelta(days=d, hours=h) for d, h in ((1, 0), (2, 3), (3, 5))]
        place = Place("address", "Stationsweg 1", None, 52.5, 6.08)
        draft = Meeting(0, duo.id, "proposed", NOW, slots, None, place)
        made = await store.create_meeting(draft)
        assert made == replace(draft, id=made.id)
        video = await store.create_meeting(
            Meeting(0, duo.id, "planned", NOW, [], slots[0], Place("video", None, "https://v/1"))
        )
        old = await meeting(store, duo.id, "call")  # from before places: no place
        assert old.place is None and old.slots == [] and old.starts_at is None
        assert await store.meetings_of_pair(duo.id) == [made, video, old]
        made.state, made.starts_at, made.slots = "planned", slots[1], slots[1:2]
        made.closed_by, made.note, made.closed_at = anna.id, "Other times please", NOW
        await store.save_meeting(made)
    async with backend.unit_of_work() as store:
        assert await store.meeting(made.id) == made
        assert await store.meeting(video.id) == video
        assert await store.meeting(9999) is None
        assert await store.meetings_of_pair(9999) == []


@contract("save_talk", "talks_of_pair")
async def test_each_sides_answer_to_did_you_talk_the_latest_counts(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl, dirk = await people(
            store, ["coach", "candidate", "buddy", "candidate", "buddy"]
        )
        duo, other = (
            await pair(store, anna.id, bert.id, coach.id),
            await pair(store, carl.id, dirk.id, coach.id),
        )
        first, second = await meeting(store, duo.id), await meeting(store, duo.id)
        elsewhere = await meeting(store, other.id)
        await store.save_talk(Talk(second.id, anna.id, "yes", NOW))
        await store.save_talk(Talk(first.id, bert.id, "not_yet", NOW + timedelta(hours=2)))
        await store.save_talk(Talk(first.id, anna.id, "not_yet", NOW + timedelta(hours=1)))
        await store.save_talk(Talk(elsewhere.id, carl.id, "never", NOW))
        later = Talk(first.id, bert.id, "yes", NOW + timedelta(hours=3), nothing_agreed=True)
        await store.save_talk(later)
        assert await store.talks_of_pair(duo.id) == [
            Talk(first.id, anna.id, "not_yet", NOW + timedelta(hours=1)),
            later,
            Talk(second.id, anna.id, "yes", NOW),
        ]
        assert await store.talks_of_pair(other.id) == [Talk(elsewhere.id, carl.id, "never", NOW)]


@contract(
    "create_agreement",
    "agreement",
    "save_agreement",
    "agreements_of_pair",
    "create_help_request",
)
async def test_agreement_round_trip_and_a_request_for_help(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        duo = await pair(store, anna.id, bert.id, coach.id)
        draft = Agreement(0, duo.id, "own", "both", TODAY, bert.id, NOW, "Call Jan")
        made = await store.create_agreement(draft)
        assert made == replace(draft, id=made.id)
        second = await agreement(store, duo.id, anna.id, "internship", "confirmed")
        assert await store.agreements_of_pair(duo.id) == [made, second]
        made.state, made.due_on, made.unanswered = "done", TODAY + timedelta(days=3), 2
        made.done_at = NOW + timedelta(days=1)
        await store.save_agreement(made)
        assert await store.agreement(made.id) == made
        assert await store.agreement(9999) is None
        assert await store.agreements_of_pair(9999) == []
        asked = await store.create_help_request(HelpRequest(0, second.id, anna.id, NOW, "Stuck"))
        assert asked == HelpRequest(asked.id, second.id, anna.id, NOW, "Stuck")
        plain = await store.create_help_request(HelpRequest(0, second.id, anna.id, NOW))
        assert plain.id != asked.id and plain.note is None


@contract("save_round_two", "round_two_choices")
async def test_round_two_a_new_choice_replaces_the_old(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, carl, b1, b2, b3 = await people(
            store, ["coach", "candidate", "candidate", "buddy", "buddy", "buddy"]
        )
        group = await programme(store, coach.id)
        main, other = await event(store, group.id), await event(store, group.id, title="o")
        await store.save_round_two(main.id, carl.id, [b3.id, b1.id], NOW)
        await store.save_round_two(main.id, anna.id, [b1.id, b2.id], NOW)
        await store.save_round_two(other.id, anna.id, [b3.id], NOW)
        await store.save_round_two(main.id, anna.id, [b3.id], NOW + timedelta(hours=1))
        assert await store.round_two_choices(main.id) == [
            (anna.id, b3.id),
            (carl.id, b1.id),
            (carl.id, b3.id),
        ]
        await store.save_round_two(main.id, carl.id, [], NOW)
        assert await store.round_two_choices(main.id) == [(anna.id, b3.id)]
        assert await store.round_two_choices(other.id) == [(anna.id, b3.id)]


@contract("reach", "save_reach", "save_pair")
async def test_what_is_shared_is_kept_only_while_shared(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        duo = await pair(store, anna.id, bert.id, coach.id)
        assert await store.reach(duo.id, anna.id) == Reach(duo.id, anna.id)
        phone = Reach(duo.id, anna.id, "+31612345678", None, NOW)
        await store.save_reach(phone)
        both = Reach(duo.id, bert.id, "+31687654321", "bertb", NOW)
        await store.save_reach(both)
        assert await store.reach(duo.id, anna.id) == phone
        name_only = Reach(duo.id, bert.id, None, "bert_b", NOW + timedelta(hours=1))
        await store.save_reach(name_only)
        assert await store.reach(duo.id, bert.id) == name_only
        # Sharing nothing takes the details away.
        await store.save_reach(Reach(duo.id, anna.id))
        assert await store.reach(duo.id, anna.id) == Reach(duo.id, anna.id)
        # So does the pair ending.
        duo.state = "cancelled"
        await store.save_pair(duo)
        assert await store.reach(duo.id, bert.id) == Reach(duo.id, bert.id)


@contract("count_contact", "pair_contacts")
async def test_relayed_messages_are_counted_with_the_last_moment(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl, dirk = await people(
            store, ["coach", "candidate", "buddy", "candidate", "buddy"]
        )
        duo, other = (
            await pair(store, anna.id, bert.id, coach.id),
            await pair(store, carl.id, dirk.id, coach.id),
        )
        assert await store.pair_contacts([duo.id, other.id]) == {}
        await store.count_contact(duo.id, NOW)
        await store.count_contact(duo.id, NOW + timedelta(hours=3))
        await store.count_contact(other.id, NOW + timedelta(hours=1))
        assert await store.pair_contacts([duo.id]) == {
            duo.id: PairContact(duo.id, 2, NOW + timedelta(hours=3))
        }
        # Many ids at once, most of them without messages.
        assert await store.pair_contacts([*range(1000, 1700), other.id, duo.id]) == {
            duo.id: PairContact(duo.id, 2, NOW + timedelta(hours=3)),
            other.id: PairContact(other.id, 1, NOW + timedelta(hours=1)),
        }
