"""Proposing a meeting: the buddy gives where (an address typed or a map pin, by phone, or
a video call with its link) and up to three times; the job seeker picks one or says none
of them suit (conversations/meeting_pick.py). The buttons that start it, move or cancel a
meeting or end the pair are in conversations/meeting_actions.py; the meeting's own states
in conversations/meeting_records.py.

```mermaid
stateDiagram-v2
    [*] --> place: the buddy presses "Plan a meeting"
    place --> link: video call
    place --> pin_name: a map pin
    place --> slot: an address typed, by phone, or the same place as last time
    link --> slot: an http(s) link
    pin_name --> slot: a name for the place, or skip
    slot --> more: a time
    more --> slot: another time (up to three)
    more --> [*]: send: the job seeker picks (times still open are replaced)
```
"""

from __future__ import annotations

from datetime import datetime

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.meeting_records import Place
from conversations.core.records import Meeting, Pair, name_of
from conversations.core.types import Button, Msg, Reply, When
from conversations.core.wizard import with_back
from conversations.joining.fields import check_text, problem_message
from conversations.pairs.flow_states import SlotsData, SlotsStep
from conversations.pairs.meeting_buttons import pick_rows
from conversations.pairs.meeting_facts import party
from conversations.pairs.meeting_place import LENGTH, PLACE_MAX, pin_reply, read_link, where
from conversations.pairs.names import about_meeting
from conversations.time.when import parse_moment, unclear_message

NAME = "slots"
STATE = FlowState[SlotsData, SlotsStep]()
MAX_SLOTS = 3


async def start(ctx: Context, pair: Pair, replaces: Meeting | None) -> list[Reply]:
    """The buddy proposes; a meeting being moved goes off once the new times are sent."""
    STATE.begin(
        ctx, NAME, "place", {"pair": pair.id, "replaces": replaces.id if replaces else None}
    )
    return await ask(ctx)


async def _last_place(ctx: Context, pair_id: int) -> Place | None:
    for meeting in reversed(await ctx.store.meetings_of_pair(pair_id)):
        if meeting.place is not None:
            return meeting.place
    return None


async def ask(ctx: Context) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    slots = data.get("slots", [])
    if step == "place":
        found = await party(ctx, int(data["pair"]))
        name = name_of(found[2] if found else None)
        buttons = [
            Button(Msg.of("meeting.by_phone"), "phone"),
            Button(Msg.of("meeting.by_video"), "video"),
        ]
        last = await _last_place(ctx, int(data["pair"]))
        text = Msg.of("meeting.ask_place", name=name)
        if last is not None:
            text = Msg.of("meeting.ask_place_again", name=name, where=where(last))
            buttons.append(Button(Msg.of("meeting.same_place"), "same"))
        return with_back(ctx, [Reply(text, buttons=[[b] for b in buttons])])
    if step == "pin_name":
        skip = Button(Msg.of("wizard.skip"), "skip")
        return with_back(ctx, [Reply(Msg.of("meeting.ask_pin_name"), buttons=[[skip]])])
    if step == "link":
        return with_back(ctx, [Reply(Msg.of("meeting.ask_link"))])
    if step == "more":
        buttons = [Button(Msg.of("meeting.send_slots"), "done")]
        if len(slots) < MAX_SLOTS:
            buttons.insert(0, Button(Msg.of("meeting.another"), "more"))
        return [Reply(Msg.plural("meeting.slots_so_far", len(slots)), buttons=[buttons])]
    return with_back(ctx, [Reply(Msg.of("meeting.ask_slot", number=len(slots) + 1))])


def _place(ctx: Context, place: Place, next_step: SlotsStep = "slot") -> None:
    STATE.data(ctx)["place"] = place.to_data()
    STATE.go(ctx, next_step)


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    if step in ("place", "pin_name"):
        cleaned, problem = check_text("text", text, PLACE_MAX)
        if problem:
            return [Reply(problem_message(problem, cleaned, PLACE_MAX)), *await ask(ctx)]
        pinned = Place.from_data(data.get("place") or {}) if step == "pin_name" else None
        if pinned is not None:
            _place(ctx, Place("address", cleaned, None, pinned.latitude, pinned.longitude))
        else:
            _place(ctx, Place("address", cleaned))
        return await ask(ctx)
    if step == "link":
        link = read_link(text)
        if link is None:
            return [Reply(Msg.of("meeting.link_bad")), *await ask(ctx)]
        _place(ctx, Place("video", link=link))
        return [Reply(Msg.of("meeting.link_noted", link=link)), *await ask(ctx)]
    if step != "slot":
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    moment, trouble = parse_moment(text, ctx.clock.now(), ctx.zone)
    if moment is None:
        return [Reply(unclear_message(trouble)), *await ask(ctx)]
    slots = [datetime.fromisoformat(s) for s in data.setdefault("slots", [])]
    if any(abs(moment - s) < LENGTH for s in slots):
        return [Reply(Msg.of("meeting.overlap")), *await ask(ctx)]
    data["slots"].append(moment.isoformat())
    STATE.go(ctx, "more")
    return [Reply(Msg.of("meeting.slot_noted", when=When(moment))), *await ask(ctx)]


async def on_location(ctx: Context, latitude: float, longitude: float) -> list[Reply]:
    if STATE.step(ctx) not in ("place", "pin_name"):
        return [Reply(Msg.of("error.text_only")), *await ask(ctx)]
    _place(ctx, Place("address", None, None, latitude, longitude), "pin_name")
    return await ask(ctx)


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    if step == "place" and value == "phone":
        _place(ctx, Place("phone"))
        return await ask(ctx)
    if step == "place" and value == "video":
        STATE.go(ctx, "link")
        return await ask(ctx)
    if step == "place" and value == "same":
        last = await _last_place(ctx, int(data["pair"]))
        if last is not None:
            _place(ctx, last)
        return await ask(ctx)
    if step == "pin_name" and value == "skip":
        STATE.go(ctx, "slot")
        return await ask(ctx)
    if step == "more" and value == "more" and len(data.get("slots", [])) < MAX_SLOTS:
        STATE.go(ctx, "slot")
        return await ask(ctx)
    if step == "more" and value == "done":
        return await _send_slots(ctx)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _send_slots(ctx: Context) -> list[Reply]:
    data = STATE.data(ctx)
    place = Place.from_data(data.get("place") or {})
    if place is None:  # a draft from before places were asked: ask it now
        STATE.go(ctx, "place")
        return await ask(ctx)
    end(ctx)
    found = await party(ctx, int(data["pair"]))
    if found is None:
        return []
    pair, person, other = found
    if pair.state != "accepted":
        return [Reply(Msg.of("meeting.pair_not_active"))]
    now = ctx.clock.now()
    slots = sorted(datetime.fromisoformat(s) for s in data["slots"])
    if any(s <= now for s in slots):
        return [Reply(Msg.of("event.when_past"))]
    moved: Meeting | None = None
    for old in await ctx.store.meetings_of_pair(pair.id):
        # Times still open, and the meeting being moved, give way to the new times.
        if old.state == "proposed" or (old.id == data.get("replaces") and old.state == "planned"):
            if old.state == "planned":
                moved = old
            old.state, old.closed_by, old.closed_at = "moved", person.id, now
            await ctx.store.save_meeting(old)
            await ctx.store.unschedule_about(about_meeting(old.id))
    meeting = await ctx.store.create_meeting(
        Meeting(id=0, pair_id=pair.id, state="proposed", created_at=now, slots=slots, place=place)
    )
    if moved is not None and moved.starts_at is not None:
        text = Msg.of(
            "meeting.pick_moved",
            name=name_of(person),
            old=When(moved.starts_at),
            where=where(place),
        )
    else:
        text = Msg.of("meeting.pick", name=name_of(person), where=where(place))
    for reply in (*pin_reply(place), Reply(text, buttons=pick_rows(meeting))):
        ctx.notify(other, reply, about=(pair.candidate_id, pair.buddy_id), kind=kinds.PAIR)
    return [Reply(Msg.of("meeting.slots_sent", name=name_of(other), where=where(place)))]
