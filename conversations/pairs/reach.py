"""How the two of a pair may reach each other, chosen by each for themselves: through
LiftBot (the default: messages are passed on, numbers stay private), their phone number (the
chat app's contact button; only their own number counts, never a number typed or someone
else's card) or their chat username (as the chat app gives it with their own press).

Nothing is shared without the person's own press; what they share reaches only the other
side of that pair (not the coach); either side can stop sharing from /pairs, and the other
side is told. Writing through LiftBot stays possible until the pair ends (see relay.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.reach_records import Reach
from conversations.core.records import Pair, Person, name_of
from conversations.core.types import Button, FileRef, Joined, Msg, Param, Reply, SharedContact
from conversations.pairs.flow_states import PairOnlyData, ShareNumberStep
from conversations.pairs.meeting_buttons import plan_row
from conversations.pairs.names import PAIR_REACH

NAME = "share_number"
STATE = FlowState[PairOnlyData, ShareNumberStep]()
# What the `rl` buttons about sharing do; relay.py handles the rest (writing).
ACTIONS = ("how", "relay", "phone", "user", "stop")


async def party(ctx: Context, pair_id: int) -> tuple[Pair, Person, Person | None] | None:
    """The pair, the person pressing and the other side (None when they left), when the
    presser belongs to the pair."""
    pair = await ctx.store.pair(pair_id)
    person = ctx.person
    if pair is None or person is None or person.id not in (pair.candidate_id, pair.buddy_id):
        return None
    other_id = pair.buddy_id if person.id == pair.candidate_id else pair.candidate_id
    return pair, person, await ctx.store.person(other_id)


def closed(pair: Pair, other: Person | None) -> Msg | None:
    """Why nothing can pass between the two (any more), or None while the pair is on."""
    if pair.state in ("cancelled", "declined") or other is None:
        return Msg.of("relay.pair_ended")
    if pair.state != "accepted":
        return Msg.of("reach.not_yet")
    return None


def write_button(pair: Pair, other: Person | None) -> Button:
    return Button(
        Msg.of("relay.write", name=name_of(other)), f"{PAIR_REACH}:{pair.id}:write", bound=True
    )


def question(pair: Pair, other: Person | None, mine: Reach | None = None) -> Reply:
    """How may the other reach you? Asked of both sides when the pair is accepted, and from
    /pairs; says what is shared now, if anything."""
    now: Param = Msg.of("reach.now_shared", what=_what(mine)) if mine and mine.shares else ""
    first = (
        Button(Msg.of("reach.stop"), f"{PAIR_REACH}:{pair.id}:stop", bound=True)
        if mine and mine.shares
        else Button(Msg.of("reach.relay"), f"{PAIR_REACH}:{pair.id}:relay", bound=True)
    )
    buttons = [
        [first],
        [Button(Msg.of("reach.phone"), f"{PAIR_REACH}:{pair.id}:phone", bound=True)],
        [Button(Msg.of("reach.user"), f"{PAIR_REACH}:{pair.id}:user", bound=True)],
    ]
    return Reply(Msg.of("reach.question", name=name_of(other), now=now), buttons=buttons)


def _what(reach: Reach | None, whose: str = "what") -> Msg:
    """What is shared, as "your ..." (whose="what") or, told to the other, "their ..."."""
    if reach is not None and reach.phone and reach.username:
        return Msg.of(f"reach.{whose}.both")
    return Msg.of(f"reach.{whose}.phone" if reach and reach.phone else f"reach.{whose}.username")


async def on_press(
    ctx: Context, pair: Pair, person: Person, other: Person, action: str
) -> list[Reply]:
    """The buttons of the question above, for an accepted pair the presser belongs to."""
    mine = await ctx.store.reach(pair.id, person.id)
    if action == "how":
        return [question(pair, other, mine)]
    if action in ("relay", "stop"):
        return await _stop(ctx, pair, person, other, mine, action)
    if action == "phone":
        if mine.phone:
            return _already(pair, other, Reply(Msg.of("reach.already_phone", name=name_of(other))))
        STATE.begin(ctx, NAME, "contact", {"pair": pair.id})
        return await ask(ctx)
    username = ctx.username
    if not username:
        # Without a username there is nothing to share: the other two ways still are.
        buttons = question(pair, other, mine).buttons[:2]
        return [Reply(Msg.of("reach.no_username", name=name_of(other)), buttons=buttons)]
    if mine.username == f"@{username}":
        return _already(pair, other, Reply(Msg.of("reach.already_username", name=name_of(other))))
    await ctx.store.save_reach(
        Reach(pair.id, person.id, mine.phone, f"@{username}", ctx.clock.now())
    )
    text = Msg.of("reach.username_other", name=name_of(person), username=f"@{username}")
    ctx.notify(other, Reply(text, buttons=[[write_button(pair, person)]]))
    said = Msg.of("reach.username_shared", name=name_of(other), username=f"@{username}")
    return await then_plan(ctx, pair, person, [Reply(said)])


async def then_plan(ctx: Context, pair: Pair, person: Person, replies: list[Reply]) -> list[Reply]:
    """Right after accepting, how to be reached is settled first; the next step, planning a
    meeting (or asking for one), follows on the same screen while nothing is arranged."""
    if await ctx.store.meetings_of_pair(pair.id):
        return replies
    row = plan_row(pair, person.id)
    if replies[-1].close_keyboard:
        # The reply that takes the contact keyboard away carries no buttons of its own.
        return [*replies, Reply(Msg.of("reach.next"), buttons=[row])]
    replies[-1].buttons.append(row)
    return replies


def _already(pair: Pair, other: Person, said: Reply) -> list[Reply]:
    """Shared already: said so, with the offer to stop."""
    stop = Button(Msg.of("reach.stop"), f"{PAIR_REACH}:{pair.id}:stop", bound=True)
    return [said, Reply(Msg.of("reach.stop_offer", name=name_of(other)), buttons=[[stop]])]


async def _stop(
    ctx: Context, pair: Pair, person: Person, other: Person, mine: Reach, action: str
) -> list[Reply]:
    """Through LiftBot only: whatever was shared is erased and the other side is told."""
    write = [[write_button(pair, other)]]
    if not mine.shares:
        key = "reach.relay_chosen" if action == "relay" else "reach.nothing_shared"
        chosen = Reply(Msg.of(key, name=name_of(other)), buttons=write)
        return await then_plan(ctx, pair, person, [chosen])
    await ctx.store.save_reach(Reach(pair.id, person.id))
    text = Msg.of("reach.stopped_other", name=name_of(person), what=_what(mine, "theirs"))
    ctx.notify(other, Reply(text, buttons=[[write_button(pair, person)]]))
    return [Reply(Msg.of("reach.stopped", name=name_of(other), what=_what(mine)), buttons=write)]


# -- the contact button: sharing one's own phone number ---------------------------------------


async def _subject(ctx: Context) -> tuple[Pair, Person, Person] | Msg:
    """The pair the number is for, while it is still on; else why not."""
    found = await party(ctx, int(STATE.data(ctx).get("pair", 0)))
    if found is None:
        return Msg.of("relay.pair_ended")
    pair, person, other = found
    reason = closed(pair, other)
    if reason is not None or other is None:
        return reason or Msg.of("relay.pair_ended")
    return pair, person, other


async def ask(ctx: Context) -> list[Reply]:
    subject = await _subject(ctx)
    if isinstance(subject, Msg):
        end(ctx)
        return [Reply(subject, close_keyboard=True)]
    button = Msg.of("reach.contact_button")
    text = Msg.of("reach.ask_contact", name=name_of(subject[2]))
    return [Reply(text, contact_button=button)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    # A typed number is not taken: nobody can tell whether it is theirs.
    return [Reply(Msg.of("reach.use_contact_button")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    return await on_text(ctx, value)


async def on_file(ctx: Context, file: FileRef) -> list[Reply]:
    return await on_text(ctx, "")


async def on_cancel(ctx: Context) -> list[Reply]:
    end(ctx)
    return [Reply(Msg.of("reach.number_not_shared"), close_keyboard=True)]


async def on_contact(ctx: Context, contact: SharedContact) -> list[Reply]:
    """A contact card while the contact button is asked for: only the sender's own counts."""
    if not contact.own:
        return [Reply(Msg.of("reach.not_own_contact")), *await ask(ctx)]
    subject = await _subject(ctx)
    end(ctx)
    if isinstance(subject, Msg):
        return [Reply(subject, close_keyboard=True)]
    pair, person, other = subject
    mine = await ctx.store.reach(pair.id, person.id)
    if mine.phone:
        said = Reply(Msg.of("reach.already_phone", name=name_of(other)), close_keyboard=True)
        return _already(pair, other, said)
    phone = _phone(contact.phone)
    await ctx.store.save_reach(Reach(pair.id, person.id, phone, mine.username, ctx.clock.now()))
    text = Msg.of("reach.phone_other", name=name_of(person), phone=phone)
    ctx.notify(other, Reply(text, buttons=[[write_button(pair, person)]]))
    said = Reply(Msg.of("reach.phone_shared", name=name_of(other)), close_keyboard=True)
    return await then_plan(ctx, pair, person, [said])


def _phone(number: str) -> str:
    """Telegram gives the number in international form, mostly without its "+"."""
    number = number.strip()
    return number if number.startswith("+") else f"+{number}"


async def contact_in(
    ctx: Context, contact: SharedContact, question: Callable[[Context], Awaitable[list[Reply]]]
) -> list[Reply]:
    """A contact card: taken while the contact button is asked for; any other time it is
    not kept, and the current question (if any) comes again."""
    if ctx.conv.flow == NAME:
        return await on_contact(ctx, contact)
    return [Reply(Msg.of("reach.contact_unasked"), close_keyboard=True), *await question(ctx)]


def keyboard_left(ctx: Context, before: str | None, replies: list[Reply]) -> list[Reply]:
    """Leaving the contact question any other way (another command, a stop word, a button
    elsewhere) takes its keyboard away and says the number was not shared."""
    if before != NAME or ctx.conv.flow == NAME or any(r.close_keyboard for r in replies):
        return replies
    return [Reply(Msg.of("reach.number_not_shared"), close_keyboard=True), *replies]


# -- what /pairs shows ------------------------------------------------------------------------


async def in_own_view(
    ctx: Context, pair: Pair, other: Person | None, text: Msg
) -> tuple[Msg, list[list[Button]]]:
    """A person's own pair in /pairs: what the other shares with them and what they share,
    with Write and Share / Stop sharing buttons (an accepted pair only)."""
    person = ctx.person
    if person is None or pair.state != "accepted" or other is None:
        return text, []
    mine = await ctx.store.reach(pair.id, person.id)
    theirs = await ctx.store.reach(pair.id, other.id)
    lines: list[Param] = []
    if theirs.phone:
        lines.append(Msg.of("reach.their_phone", name=name_of(other), phone=theirs.phone))
    if theirs.username:
        lines.append(Msg.of("reach.their_username", name=name_of(other), username=theirs.username))
    if mine.shares:
        lines.append(Msg.of("reach.you_share", what=_what(mine)))
    else:
        lines.append(Msg.of("reach.you_share_nothing", name=name_of(other)))
    view = Msg.of("reach.own_view", view=text, lines=Joined(tuple(lines), lines=True))
    how = Button(
        Msg.of("reach.how", name=name_of(other)), f"{PAIR_REACH}:{pair.id}:how", bound=True
    )
    buttons = [[write_button(pair, other)], [how]]
    if mine.shares:
        buttons.append([Button(Msg.of("reach.stop"), f"{PAIR_REACH}:{pair.id}:stop", bound=True)])
    return view, buttons
