"""Messages planned for later, as the flows plan them and the scheduler reads them."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import DUE_BATCH, Backend
from tests.bot.storage.contract import NOW, contract, event, people, programme

HOUR = timedelta(hours=1)


@contract("schedule", "due_scheduled", "next_due", "mark_scheduled_sent", "unschedule")
async def test_event_messages_are_planned_once_and_never_sent_twice(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        group = await programme(store, coach.id)
        meet = await event(store, group.id)
        assert await store.next_due() is None
        assert await store.due_scheduled(NOW) == []
        await store.schedule("reminder:2880", anna.id, meet.id, NOW + 2 * HOUR)
        await store.schedule("reminder:120", anna.id, meet.id, NOW + 3 * HOUR)
        await store.schedule("reminder:2880", bert.id, meet.id, NOW + HOUR)
        assert await store.next_due() == NOW + HOUR
        # Planned again: moved, not doubled.
        await store.schedule("reminder:2880", anna.id, meet.id, NOW + HOUR / 2)
        due = await store.due_scheduled(NOW + 2 * HOUR)
        assert [(d.kind, d.person_id, d.event_id, d.due_at, d.subject) for d in due] == [
            ("reminder:2880", anna.id, meet.id, NOW + HOUR / 2, None),
            ("reminder:2880", bert.id, meet.id, NOW + HOUR, None),
        ]
        assert await store.next_due() == NOW + HOUR / 2
        await store.mark_scheduled_sent(due[0].id, NOW + HOUR)
        # Sent is sent: planning it again changes nothing.
        await store.schedule("reminder:2880", anna.id, meet.id, NOW + 5 * HOUR)
        later = NOW + 10 * HOUR
        assert [(d.person_id, d.kind) for d in await store.due_scheduled(later)] == [
            (bert.id, "reminder:2880"),
            (anna.id, "reminder:120"),
        ]
        # Unplanned: only the kinds named, only for that person and event.
        await store.unschedule(anna.id, meet.id, ["reminder:120", "evaluation"])
        await store.unschedule(bert.id, meet.id + 1, ["reminder:2880"])
        assert [(d.person_id, d.kind) for d in await store.due_scheduled(later)] == [
            (bert.id, "reminder:2880")
        ]
        # Planned again after being unplanned: it comes back.
        await store.schedule("reminder:120", anna.id, meet.id, NOW + 4 * HOUR)
        assert [(d.person_id, d.due_at) for d in await store.due_scheduled(later)] == [
            (bert.id, NOW + HOUR),
            (anna.id, NOW + 4 * HOUR),
        ]
        await store.unschedule(bert.id, meet.id, ["reminder:2880"])
        await store.unschedule(anna.id, meet.id, ["reminder:120"])
        assert await store.next_due() is None


@contract("schedule_about", "unschedule_about", "due_scheduled", "mark_scheduled_sent")
async def test_messages_about_a_pair_can_be_planned_again_after_sending(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, bert = await people(store, ["candidate", "buddy"])
        await store.schedule_about("nudge:before", anna.id, "agreement:4", NOW + HOUR)
        await store.schedule_about("nudge:before", bert.id, "agreement:4", NOW + HOUR)
        await store.schedule_about("meeting:talk", anna.id, "meeting:2", NOW + 2 * HOUR)
        (first, second, third) = await store.due_scheduled(NOW + 2 * HOUR)
        assert (first.kind, first.person_id, first.event_id, first.subject) == (
            "nudge:before",
            anna.id,
            None,
            "agreement:4",
        )
        assert (second.person_id, third.subject) == (bert.id, "meeting:2")
        await store.mark_scheduled_sent(first.id, NOW + HOUR)
        # "Remind me again": the same message is planned anew, and goes out again.
        await store.schedule_about("nudge:before", anna.id, "agreement:4", NOW + 3 * HOUR)
        again = await store.due_scheduled(NOW + 3 * HOUR)
        assert [(d.person_id, d.subject, d.due_at) for d in again] == [
            (bert.id, "agreement:4", NOW + HOUR),
            (anna.id, "meeting:2", NOW + 2 * HOUR),
            (anna.id, "agreement:4", NOW + 3 * HOUR),
        ]
        # Unplanned for everyone it was planned for; other subjects stay.
        await store.unschedule_about("agreement:4")
        left = await store.due_scheduled(NOW + 3 * HOUR)
        assert [(d.person_id, d.subject) for d in left] == [(anna.id, "meeting:2")]
        # Planned again after that, it is back.
        await store.schedule_about("nudge:before", bert.id, "agreement:4", NOW)
        assert [d.subject for d in await store.due_scheduled(NOW)] == ["agreement:4"]


@contract("due_scheduled", "replan_scheduled", "next_due", "mark_scheduled_sent")
async def test_due_rows_in_order_a_batch_at_a_time_and_moved_when_quiet(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        (anna,) = await people(store, ["candidate"])
        for n in range(DUE_BATCH + 5):
            # Not made in the order they fall due.
            await store.schedule_about("nudge", anna.id, f"agreement:{n}", NOW - (n % 7) * HOUR)
        await store.schedule_about("nudge", anna.id, "agreement:late", NOW + HOUR)
        first = await store.due_scheduled(NOW)
        assert len(first) == DUE_BATCH
        assert [d.due_at for d in first] == sorted(d.due_at for d in first)
        assert first[0].due_at == NOW - 6 * HOUR
        assert len(await store.due_scheduled(NOW, limit=3)) == 3
        for item in first:
            await store.mark_scheduled_sent(item.id, NOW)
        rest = await store.due_scheduled(NOW)
        assert len(rest) == 5 and not {d.id for d in rest} & {d.id for d in first}
        # Quiet hours: moved to the next allowed moment, still to be sent.
        for item in rest:
            await store.replan_scheduled(item.id, NOW + 2 * HOUR)
        assert await store.due_scheduled(NOW) == []
        assert await store.next_due() == NOW + HOUR
        moved = await store.due_scheduled(NOW + 2 * HOUR)
        assert (moved[0].subject, moved[0].due_at) == ("agreement:late", NOW + HOUR)
        assert {(d.subject, d.due_at) for d in moved[1:]} == {
            (d.subject, NOW + 2 * HOUR) for d in rest
        }
        # A message already sent is not moved back into the plan.
        await store.replan_scheduled(first[0].id, NOW + 3 * HOUR)
        assert first[0].id not in {d.id for d in await store.due_scheduled(NOW + 3 * HOUR)}
