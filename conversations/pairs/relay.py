"""Messages between two people through LiftBot: the two of a pair (from /pairs or the Reply
under a message), and a coach with one of their people (from the person's card or the Reply
under a help request) and back.

A message arrives with the sender's first name and a Reply button; numbers stay private.
Only text is passed on: a file or photo could hold anything, and nobody between two people
who hardly know each other checks it (a CV goes to a chosen reviewer through /cv). The text
is not kept: it waits in the outbox, marked as about both people, until it is delivered.
For a pair only a count and the date of the last message are stored, for the coach's view.
The coach never sees the messages of a pair.
"""

from __future__ import annotations

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Person, name_of
from conversations.core.types import Button, FileRef, Msg, Param, Reply, When
from conversations.pairs import reach
from conversations.pairs.flow_states import RelayData, RelayStep
from conversations.pairs.names import PAIR_REACH, WRITE

NAME = "relay"
STATE = FlowState[RelayData, RelayStep]()
LIMIT = 1000  # characters in one message


async def on_pair(ctx: Context, pair_id: int, action: str) -> list[Reply]:
    """The `rl` buttons: write to the other side (or reply), and the sharing choices."""
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    found = await reach.party(ctx, pair_id)
    if found is None or action not in (*reach.ACTIONS, "write", "reply"):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    pair, person, other = found
    reason = reach.closed(pair, other)
    if reason is not None or other is None:
        return [Reply(reason or Msg.of("relay.pair_ended"))]
    if action in ("write", "reply"):
        STATE.begin(ctx, NAME, "text", {"pair": pair.id})
        return await ask(ctx)
    return await reach.on_press(ctx, pair, person, other, action)


async def may_write(ctx: Context, coach: Person, person: Person) -> bool:
    """A coach writes only to people of their own programmes, or whom they invited."""
    if coach.role != "coach" or coach.id == person.id:
        return False
    if person.invited_by == coach.id:
        return True
    return any(p.coach_id == coach.id for p in await ctx.store.programmes_of_member(person.id))


async def on_write(ctx: Context, person_id: int, action: str) -> list[Reply]:
    """The `wr` buttons: "wr:<person>:to", a coach writes to one of their people;
    "wr:<coach>:re", someone answers their coach."""
    me = ctx.person
    if me is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if action == "to" and me.role == "coach":
        target = await ctx.store.person(person_id)
        if target is None:
            return [Reply(Msg.of("relay.person_gone"))]
        if await may_write(ctx, me, target):
            STATE.begin(ctx, NAME, "text", {"to": target.id})
            return await ask(ctx)
    elif action == "re":
        coach = await ctx.store.person(person_id)
        if coach is None:
            return [Reply(Msg.of("relay.coach_gone"))]
        if await may_write(ctx, coach, me):
            STATE.begin(ctx, NAME, "text", {"coach": coach.id})
            return await ask(ctx)
    ctx.button_status = "forged"
    return [Reply(Msg.of("relay.not_your_coach" if action == "re" else "relay.not_your_person"))]


def write_to(person: Person, reply: bool = False) -> Button:
    """For a coach: "✉️ Write to <name>" (a person's card, a note about them), or "↩️ Reply
    to <name>" under a message from them (a help request, their answer)."""
    label = Msg.of("relay.reply_to" if reply else "relay.write", name=name_of(person))
    return Button(label, f"{WRITE}:{person.id}:to", bound=True)


Route = tuple[Person, str, Button]  # who gets it, the key of its text, its Reply button


async def _recipient(ctx: Context) -> Route | Msg:
    """Who the message goes to and how it reaches them, or why it cannot; checked again
    when the text comes, since the pair may have ended or someone left in the meantime."""
    data, me = STATE.data(ctx), ctx.person
    assert me is not None
    reply = Msg.of("relay.reply")
    if "pair" in data:
        found = await reach.party(ctx, int(data["pair"]))
        if found is None:
            return Msg.of("relay.pair_ended")
        pair, _, other = found
        reason = reach.closed(pair, other)
        if reason is not None or other is None:
            return reason or Msg.of("relay.pair_ended")
        return other, "relay.from_pair", Button(reply, f"{PAIR_REACH}:{pair.id}:reply", bound=True)
    if "to" in data:
        target = await ctx.store.person(int(data["to"]))
        if target is None:
            return Msg.of("relay.person_gone")
        if not await may_write(ctx, me, target):
            return Msg.of("relay.not_your_person")
        return target, "relay.from_coach", Button(reply, f"{WRITE}:{me.id}:re", bound=True)
    coach = await ctx.store.person(int(data.get("coach", 0)))
    if coach is None:
        return Msg.of("relay.coach_gone")
    if not await may_write(ctx, coach, me):
        return Msg.of("relay.not_your_coach")
    return coach, "relay.from_person", write_to(me, reply=True)


async def ask(ctx: Context) -> list[Reply]:
    found = await _recipient(ctx)
    if isinstance(found, Msg):
        end(ctx)
        return [Reply(found)]
    return [Reply(Msg.of("relay.ask", name=name_of(found[0]), max=LIMIT))]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    message = text.strip()
    if not message:
        return [Reply(Msg.of("relay.empty")), *await ask(ctx)]
    if len(message) > LIMIT:
        # Not cut short: the person still has the whole text in their own chat.
        too_long = Msg.of("relay.too_long", length=len(message), max=LIMIT)
        return [Reply(too_long), *await ask(ctx)]
    found = await _recipient(ctx)
    pair = STATE.data(ctx).get("pair")
    end(ctx)
    if isinstance(found, Msg):
        return [Reply(found)]
    recipient, key, button = found
    passed_on = Reply(Msg.of(key, name=name_of(ctx.person), text=message), buttons=[[button]])
    # About both: either one's /forget takes it back while it waits to be delivered.
    ctx.notify(recipient, passed_on, about=(recipient.id,), kind=kinds.PAIR)
    if pair is not None:
        await ctx.store.count_contact(int(pair), ctx.clock.now())
    return [Reply(Msg.of("relay.sent", name=name_of(recipient)))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    return await ask(ctx)


async def on_file(ctx: Context, file: FileRef) -> list[Reply]:
    return [Reply(Msg.of("relay.text_only")), *await ask(ctx)]


async def with_contact(ctx: Context, pair_ids: list[int], lines: list[Param]) -> list[Param]:
    """The coach's pair lines, each followed by how often the two wrote through LiftBot and
    when last (never what): contact happened, or not yet."""
    contacts = await ctx.store.pair_contacts(pair_ids)
    noted: list[Param] = []
    for pair_id, line in zip(pair_ids, lines, strict=True):
        contact = contacts.get(pair_id)
        if contact is None:
            noted.append(line)
            continue
        last = When(contact.last_at, date_only=True)
        noted.append(Msg.plural("relay.pairs_line", contact.messages, line=line, last=last))
    return noted
