"""What is kept about one person (/mydata), its erasure (/forget), and the programmes of a
coach who left (/handover)."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import Backend
from conversations.core.meeting_records import HelpRequest, Place, Talk
from conversations.core.reach_records import Reach
from conversations.core.records import (
    Broadcast,
    Conversation,
    CvReview,
    Evaluation,
    Meeting,
    PrepProgress,
    Recipient,
    Rsvp,
)
from tests.bot.storage.contract import (
    NOW,
    agreement,
    contract,
    event,
    meeting,
    pair,
    people,
    person,
    programme,
)

HOUR = timedelta(hours=1)


@contract(
    "programmes_of_member",
    "rsvps_of_person",
    "evaluations_of_person",
    "cv_reviews_of_person",
    "all_pairs_of_person",
    "talks_of_person",
    "help_requests_of_person",
    "scheduled_of_person",
    "broadcasts_of_sender",
)
async def test_everything_kept_about_one_person(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl = await people(store, ["coach", "candidate", "buddy", "buddy"])
        first, second = await programme(store, coach.id, "A"), await programme(store, coach.id)
        await store.add_member(second.id, anna.id, NOW)
        await store.add_member(first.id, anna.id, NOW + HOUR)
        await store.add_member(first.id, bert.id, NOW)
        later = await event(store, first.id, timedelta(days=5), title="later")
        sooner = await event(store, second.id, timedelta(days=1), title="sooner")
        await store.invite_to_event(later.id, [anna.id, bert.id])
        await store.invite_to_event(sooner.id, [anna.id])
        await store.save_rsvp(Rsvp(later.id, anna.id, "yes", NOW))
        await store.save_evaluation(Evaluation(later.id, anna.id, 4, "Good"), NOW + HOUR)
        await store.save_evaluation(Evaluation(sooner.id, anna.id, 5, None), NOW)
        await store.save_evaluation(Evaluation(sooner.id, bert.id, 3, None), NOW)
        asked = await store.create_cv_review(CvReview(0, anna.id, coach.id, "photo", "f1", NOW))
        given = await store.create_cv_review(CvReview(0, carl.id, anna.id, "document", "f", NOW))
        ended = await pair(store, anna.id, carl.id, coach.id, "declined")
        current = await pair(store, anna.id, bert.id, coach.id)
        other = await pair(store, carl.id, bert.id, coach.id)
        held = await meeting(store, current.id, "held", NOW)
        again = await meeting(store, current.id, "held", NOW + HOUR)
        await store.save_talk(Talk(again.id, anna.id, "yes", NOW + 2 * HOUR))
        await store.save_talk(Talk(held.id, anna.id, "yes", NOW + HOUR))
        await store.save_talk(Talk(held.id, bert.id, "yes", NOW))
        action = await agreement(store, current.id, bert.id)
        one = await store.create_help_request(HelpRequest(0, action.id, anna.id, NOW, "Help"))
        two = await store.create_help_request(HelpRequest(0, action.id, anna.id, NOW + HOUR))
        await store.create_help_request(HelpRequest(0, action.id, bert.id, NOW))
        await store.schedule("reminder:120", anna.id, later.id, NOW + 3 * HOUR)
        await store.schedule_about("nudge", anna.id, f"agreement:{action.id}", NOW + HOUR)
        await store.schedule("evaluation", anna.id, sooner.id, NOW + 2 * HOUR)
        await store.schedule("evaluation", bert.id, later.id, NOW)
        sent = (await store.due_scheduled(NOW + 2 * HOUR))[0]
        await store.mark_scheduled_sent(sent.id, NOW)  # bert's: sent, no longer planned
        await store.unschedule(anna.id, sooner.id, ["evaluation"])
        sent_one = await store.create_broadcast(
            Broadcast(0, coach.id, "everyone", {"*": "Hi"}, "done", NOW), []
        )
        sent_two = await store.create_broadcast(
            Broadcast(0, coach.id, "buddies", {"*": "Hey"}, "sending", NOW), []
        )

        assert await store.programmes_of_member(anna.id) == [second, first]
        assert await store.programmes_of_member(coach.id) == []
        assert [(e.id, r.state) for e, r in await store.rsvps_of_person(anna.id)] == [
            (sooner.id, "invited"),
            (later.id, "yes"),
        ]
        assert await store.rsvps_of_person(carl.id) == []
        assert await store.evaluations_of_person(anna.id) == [
            Evaluation(sooner.id, anna.id, 5, None),
            Evaluation(later.id, anna.id, 4, "Good"),
        ]
        assert await store.cv_reviews_of_person(anna.id) == [asked, given]
        assert await store.cv_reviews_of_person(bert.id) == []
        assert await store.all_pairs_of_person(anna.id) == [ended, current]
        assert await store.all_pairs_of_person(bert.id) == [current, other]
        assert await store.talks_of_person(anna.id) == [
            Talk(held.id, anna.id, "yes", NOW + HOUR),
            Talk(again.id, anna.id, "yes", NOW + 2 * HOUR),
        ]
        assert await store.help_requests_of_person(anna.id) == [one, two]
        assert [(s.kind, s.subject) for s in await store.scheduled_of_person(anna.id)] == [
            ("nudge", f"agreement:{action.id}"),
            ("reminder:120", None),
        ]
        assert await store.scheduled_of_person(bert.id) == []
        assert await store.broadcasts_of_sender(coach.id) == [sent_one, sent_two]
        assert await store.broadcasts_of_sender(anna.id) == []


@contract("forget_person")
async def test_forget_erases_every_word_and_keeps_the_bare_links(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl = await people(store, ["coach", "candidate", "buddy", "buddy"])
        anna.profile = {"strengths": "cooking", "municipality": "Zwolle"}
        await store.save_person(anna)
        group = await programme(store, coach.id)
        await store.add_member(group.id, anna.id, NOW)
        await store.add_member(group.id, bert.id, NOW)
        past = await event(store, group.id, timedelta(days=-2), title="p")
        coming = await event(store, group.id, timedelta(days=2), title="c")
        for meet in (past, coming):
            await store.invite_to_event(meet.id, [anna.id, bert.id])
            await store.save_rsvp(Rsvp(meet.id, anna.id, "yes", NOW))
        await store.save_evaluation(Evaluation(past.id, anna.id, 4, "Bert was kind"), NOW)
        await store.save_prep(anna.id, PrepProgress(1, 2, {"neighbour": "I cook"}))
        await store.create_cv_review(CvReview(0, anna.id, coach.id, "photo", "anna-cv", NOW))
        # Anna reviews Carl's CV: answered ones keep no tips, a waiting one goes.
        answered = await store.create_cv_review(CvReview(0, carl.id, anna.id, "document", "c", NOW))
        answered.tips, answered.tops, answered.answered_at = ["Shorter"], ["Warm"], NOW
        await store.save_cv_review(answered)
        await store.create_cv_review(CvReview(0, bert.id, anna.id, "document", "b", NOW))
        duo = await pair(store, anna.id, bert.id, coach.id)
        duo.reason = "Anna's reason"
        await store.save_pair(duo)
        others = await pair(store, carl.id, bert.id, coach.id)
        place = Place("address", "Anna's street 1", "https://maps/1", 52.5, 6.1)
        met = await store.create_meeting(
            Meeting(0, duo.id, "held", NOW, [NOW], NOW, place, anna.id, "Anna's note", NOW)
        )
        theirs = await store.create_meeting(Meeting(0, others.id, "held", NOW, [], NOW, place))
        action = await agreement(store, duo.id, bert.id, text="Bert calls Anna's aunt")
        elsewhere = await agreement(store, others.id, anna.id, text="Typed by Anna")
        kept = await agreement(store, others.id, carl.id, text="Carl's own")
        await store.create_help_request(HelpRequest(0, action.id, bert.id, NOW, "Bert asks"))
        await store.create_help_request(HelpRequest(0, kept.id, carl.id, NOW, "Carl asks"))
        await store.save_reach(Reach(duo.id, anna.id, "+31611111111", None, NOW))
        await store.save_reach(Reach(duo.id, bert.id, "+31622222222", None, NOW))
        await store.save_reach(Reach(others.id, carl.id, "+31633333333", None, NOW))
        await store.save_round_two(past.id, anna.id, [bert.id], NOW)
        await store.save_round_two(past.id, carl.id, [bert.id], NOW)
        await store.schedule("reminder:120", anna.id, coming.id, NOW + HOUR)
        await store.schedule("reminder:120", bert.id, coming.id, NOW + HOUR)
        mine = await store.create_broadcast(
            Broadcast(0, anna.id, "everyone", {"*": "Anna writes"}, "sending", NOW),
            [Recipient(bert.id, "tg:3", None)],
        )
        to_her = await store.create_broadcast(
            Broadcast(0, coach.id, "everyone", {"*": "Hi"}, "sending", NOW),
            [Recipient(anna.id, "tg:2", "nl"), Recipient(bert.id, "tg:3", None)],
        )
        await store.save_conversation(Conversation("tg:2", "intake", "summary"), NOW)
        suggestions = {
            "suggestions": [[bert.id, anna.id, [["sector", "care"]]], [carl.id, 99, [["x", "y"]]]],
            "saved": {"suggestions": [[bert.id, anna.id, [["skill", "cook"]]]]},
        }
        await store.save_conversation(Conversation("tg:1", "pair", "suggestion", suggestions), NOW)

    async with backend.unit_of_work() as store:
        await store.forget_person(anna.id, NOW)

    async with backend.unit_of_work() as store:
        assert await store.person(anna.id) is None
        assert await store.person_by_chat("tg:2") is None
        assert await store.conversation("tg:2") is None
        assert await store.member_ids(group.id) == [bert.id]
        assert await store.programmes_of_member(anna.id) == []
        # Answers to what is still to come go (the place is free); the past ones stay.
        assert await store.rsvp(coming.id, anna.id) is None
        assert await store.rsvp(past.id, anna.id) is not None
        assert await store.rsvp(coming.id, bert.id) is not None
        assert await store.evaluations_of_person(anna.id) == [Evaluation(past.id, anna.id, 4, None)]
        assert await store.prep_progress(anna.id) == {}
        reviews = await store.cv_reviews_of_person(anna.id)
        assert [(r.id, r.tips, r.tops) for r in reviews] == [(answered.id, [], [])]
        assert await store.cv_reviews_of_person(bert.id) == []
        assert (await store.pair(duo.id)).reason is None  # type: ignore[union-attr]
        erased = await store.meeting(met.id)
        assert erased is not None and erased.place == Place("address")
        assert (erased.note, erased.state, erased.starts_at) == (None, "held", NOW)
        assert await store.meeting(theirs.id) == theirs  # not her pair: untouched
        assert (await store.agreement(action.id)).text is None  # type: ignore[union-attr]
        assert (await store.agreement(elsewhere.id)).text is None  # type: ignore[union-attr]
        assert (await store.agreement(kept.id)).text == "Carl's own"  # type: ignore[union-attr]
        assert [h.note for h in await store.help_requests_of_person(bert.id)] == [None]
        assert [h.note for h in await store.help_requests_of_person(carl.id)] == ["Carl asks"]
        assert await store.reach(duo.id, anna.id) == Reach(duo.id, anna.id)
        assert await store.reach(duo.id, bert.id) == Reach(duo.id, bert.id)
        assert (await store.reach(others.id, carl.id)).phone == "+31633333333"
        assert await store.round_two_choices(past.id) == [(carl.id, bert.id)]
        assert await store.scheduled_of_person(anna.id) == []
        assert [d.person_id for d in await store.due_scheduled(NOW + HOUR)] == [bert.id]
        assert await store.broadcast(mine.id) is None
        assert await store.broadcasts_of_sender(anna.id) == []
        assert [r["person_id"] for r in await store.recipient_rows(to_her.id)] == [bert.id]
        assert await store.broadcast_counts(to_her.id) == {"pending": 1}
        # A coach halfway through suggestions keeps no reasons about her.
        scrubbed = await store.conversation("tg:1")
        assert scrubbed is not None and scrubbed.data == {
            "suggestions": [[bert.id, anna.id, []], [carl.id, 99, [["x", "y"]]]],
            "saved": {"suggestions": [[bert.id, anna.id, []]]},
        }
        # Others' records keep their links: the pair and its counts are still there.
        assert [p.id for p in await store.pairs_of_coach(coach.id)] == [duo.id, others.id]
        assert await store.everyone() == [coach, bert, carl]


@contract("programmes_without_coach", "hand_over")
async def test_a_departed_coachs_programmes_go_to_another_coach(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        old, new, stays = await people(store, ["coach", "coach", "coach"])
        anna = await person(store, 4, "candidate", invited_by=old.id)
        bert = await person(store, 5, "buddy", invited_by=old.id)
        carl = await person(store, 6, "candidate", invited_by=old.id)  # not in the programme
        first, second = await programme(store, old.id, "A"), await programme(store, old.id, "B")
        own = await programme(store, stays.id, "C")
        for who in (anna, bert):
            await store.add_member(first.id, who.id, NOW)
        moved = await pair(store, anna.id, bert.id, old.id, programme_id=first.id)
        other = await pair(store, carl.id, bert.id, old.id, programme_id=second.id)
        assert await store.programmes_without_coach() == []
        await store.forget_person(old.id, NOW)
        assert await store.programmes_without_coach() == [first, second]
        await store.hand_over(first.id, new.id)
        await store.hand_over(9999, new.id)  # gone meanwhile: nothing happens
        assert await store.programmes_without_coach() == [second]
        assert (await store.programme(first.id)).coach_id == new.id  # type: ignore[union-attr]
        assert (await store.pair(moved.id)).coach_id == new.id  # type: ignore[union-attr]
        assert (await store.pair(other.id)).coach_id == old.id  # type: ignore[union-attr]
        # The members the old coach invited now have the new one as their coach.
        assert (await store.person(anna.id)).invited_by == new.id  # type: ignore[union-attr]
        assert (await store.person(bert.id)).invited_by == new.id  # type: ignore[union-attr]
        assert (await store.person(carl.id)).invited_by == old.id  # type: ignore[union-attr]
        assert await store.programmes_of_coach(new.id) == [await store.programme(first.id)]
        assert await store.programmes_of_coach(stays.id) == [own]
