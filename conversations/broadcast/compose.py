"""/broadcast: a coach (or an admin) writes to an audience, sees a preview with the exact
number of people (preview.py), and sends now or at a set time; the sending itself is
bot/broadcaster.py.

```mermaid
stateDiagram-v2
    [*] --> audience: /broadcast
    audience --> programme
    audience --> event
    event --> event_state
    audience --> language
    audience --> text: everyone I coach, buddies, job seekers
    programme --> text
    event_state --> text
    language --> text
    text --> more: too long? split or write again
    more --> text2: a version in the other language
    more --> file: a photo or document
    more --> preview: as it is
    text2 --> preview
    file --> preview
    preview --> schedule: later
    schedule --> preview
    preview --> [*]: send (recipients fixed) or cancel
```
"""

from __future__ import annotations

from datetime import datetime

from conversations.broadcast.audience import audience_people
from conversations.broadcast.flow_states import AUDIENCE_STEPS, Draft, Step, TextStep
from conversations.broadcast.preview import confirm, preview
from conversations.core.context import Context
from conversations.core.flow import FlowState, end, page, paged_list, rows, turn_page
from conversations.core.message_parts import split_text, utf16_len
from conversations.core.types import Button, FileRef, Msg, Reply, When
from conversations.core.wizard import KEEP, clip, with_back, with_current
from conversations.events.programmes import label
from conversations.joining.fields import check_text
from conversations.time.quiet_warning import chosen_in_quiet_time
from conversations.time.when import parse_moment, unclear_message

NAME = "broadcast"
STATE = FlowState[Draft, Step]()
# Texts longer than one message of the coach's chat app may be split, up to this many.
MAX_PARTS = 4
AUDIENCES = ("mine", "buddies", "candidates", "programme", "event", "language")
MORE: dict[str, Step] = {"as_is": "preview", "version": "text2", "file": "file"}
EVENT_STATES = ("yes", "maybe", "no", "waitlist", "present", "all")
EVENTS_LISTED = 10  # meetings per page


def _allowed(ctx: Context) -> bool:
    person = ctx.person
    return ctx.is_admin or (
        person is not None and person.role == "coach" and person.onboarded_at is not None
    )


async def start(ctx: Context) -> list[Reply]:
    if not _allowed(ctx) or ctx.person is None:
        return [Reply(Msg.of("broadcast.not_allowed"))]
    STATE.begin(ctx, NAME, "audience", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    return with_back(ctx, await _question(ctx))


def _earlier(ctx: Context) -> str | None:
    """The text typed at this step before, when the coach came back to it with Back."""
    data, step = STATE.data(ctx), STATE.step(ctx)
    texts = data.get("texts", {})
    if step == "text":
        return texts.get("*") or texts.get(data.get("lang", ""))
    others = [t for code, t in texts.items() if code not in ("*", data.get("lang"))]
    return others[0] if step == "text2" and others else None


async def _question(ctx: Context) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    assert ctx.person is not None
    if step == "audience":
        choices = ["all", *AUDIENCES] if ctx.is_admin else list(AUDIENCES)
        buttons = [Button(Msg.of(f"broadcast.audience.{a}"), f"to:{a}") for a in choices]
        return [Reply(Msg.of("broadcast.ask_audience"), buttons=rows(buttons, 2))]
    if step == "programme":
        own = await ctx.store.programmes_of_coach(ctx.person.id)
        buttons = [Button(label(p), f"prog:{p.id}") for p in own[-20:]]
        key = "broadcast.ask_programme" if own else "event.no_programme"
        return [Reply(Msg.of(key), buttons=rows(buttons, 1))]
    if step == "event":
        events = await ctx.store.events_of_coach(ctx.person.id, ctx.clock.now())
        if not events:
            return [Reply(Msg.of("coach_events.none"))]
        shown, number, pages = page(events, int(data.get("page", 0)), EVENTS_LISTED)
        buttons = [
            Button(Msg.of("coach_events.item", title=e.title, when=When(e.starts_at)), f"ev:{e.id}")
            for e in shown
        ]
        return [paged_list("broadcast.ask_event", buttons, number, pages)]
    if step == "event_state":
        buttons = [Button(Msg.of(f"broadcast.state.{s}"), f"state:{s}") for s in EVENT_STATES]
        return [Reply(Msg.of("broadcast.ask_state"), buttons=rows(buttons, 3))]
    if step == "language":
        buttons = [Button(Msg.of(f"language.{c}"), f"lang:{c}") for c in ("nl", "en")]
        return [Reply(Msg.of("broadcast.ask_language"), buttons=[buttons])]
    if step == "split":
        limit = ctx.channel.text_limit
        text, parts = data["pending_text"], len(split_text(data["pending_text"], limit))
        buttons = [
            Button(Msg.of("broadcast.split", parts=parts), "split"),
            Button(Msg.of("broadcast.rewrite"), "rewrite"),
        ]
        too_long = Msg.of("broadcast.too_long", length=utf16_len(text), max=limit)
        return [Reply(too_long, buttons=[buttons])]
    if step == "more":
        other = "en" if data["lang"] == "nl" else "nl"
        buttons = [
            Button(Msg.of("broadcast.as_is"), "as_is"),
            Button(
                Msg.of("broadcast.add_version", language=Msg.of(f"language.{other}")), "version"
            ),
            Button(Msg.of("broadcast.add_file"), "file"),
        ]
        return [Reply(Msg.of("broadcast.ask_more"), buttons=rows(buttons, 1))]
    if step == "file":
        return [Reply(Msg.of("broadcast.ask_file"))]
    if step == "schedule":
        return [Reply(Msg.of("broadcast.ask_when"))]
    if step == "preview":
        send_at = datetime.fromisoformat(data["send_at"]) if data.get("send_at") else None
        return [*chosen_in_quiet_time(ctx, send_at), await preview(ctx, STATE.data(ctx))]
    other = "en" if data.get("lang") == "nl" else "nl"
    key = "broadcast.ask_text2" if step == "text2" else "broadcast.ask_text"
    earlier = _earlier(ctx)
    question = Msg.of(key, language=Msg.of(f"language.{other}"))
    return [with_current(question, clip(earlier) if earlier else None)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    action, _, arg = value.partition(":")
    assert ctx.person is not None
    if (
        step == "audience"
        and action == "to"
        and (arg in AUDIENCES or (arg == "all" and ctx.is_admin))
    ):
        if arg in AUDIENCE_STEPS:
            return await _go(ctx, arg)
        return await _audience(ctx, arg)
    if step == "programme" and action == "prog":
        programme = await ctx.store.programme(int(arg))
        if programme is None or (programme.coach_id != ctx.person.id and not ctx.is_admin):
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused"))]
        return await _audience(ctx, f"prog:{programme.id}")
    if step == "event" and action == "page" and arg.isdigit():
        return await turn_page(ctx, ask, int(arg))
    if step == "event" and action == "ev":
        data["event"] = int(arg)
        return await _go(ctx, "event_state")
    if step == "event_state" and action == "state" and arg in EVENT_STATES:
        return await _audience(ctx, f"ev:{data['event']}:{arg}")
    if step == "language" and action == "lang" and arg in ("nl", "en"):
        return await _audience(ctx, f"lang:{arg}")
    if step == "split" and value in ("split", "rewrite"):
        origin, text = data.pop("split_from"), data.pop("pending_text")
        if value == "rewrite":
            return await _go(ctx, origin)
        return await _take_text(ctx, text, origin)
    if value == KEEP and step in ("text", "text2") and (earlier := _earlier(ctx)):
        return await _take_text(ctx, earlier, step)
    if step == "more" and value in MORE:
        return await _go(ctx, MORE[value])
    if step == "preview":
        if value == "send":
            return await confirm(ctx, STATE.data(ctx))
        if value == "later":
            return await _go(ctx, "schedule")
        if value == "drop":
            end(ctx)
            return [Reply(Msg.of("broadcast.dropped"))]
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _go(ctx: Context, step: Step) -> list[Reply]:
    STATE.go(ctx, step)
    return await ask(ctx)


async def _audience(ctx: Context, audience: str) -> list[Reply]:
    people = await audience_people(ctx, audience)
    if not people:
        return [Reply(Msg.of("broadcast.empty_audience")), *await ask(ctx)]
    STATE.data(ctx)["audience"] = audience
    return await _go(ctx, "text")


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "schedule":
        moment, trouble = parse_moment(text, ctx.clock.now(), ctx.zone)
        if moment is None:
            return [Reply(unclear_message(trouble)), *await ask(ctx)]
        STATE.data(ctx)["send_at"] = moment.isoformat()
        return await _go(ctx, "preview")
    if step not in ("text", "text2"):
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    cleaned = text.strip()
    if not cleaned or check_text("text", cleaned, len(cleaned))[1]:
        return [Reply(Msg.of("broadcast.empty_text")), *await ask(ctx)]
    # Counted as Telegram counts (an emoji is two), so the parts offered are the parts sent.
    if utf16_len(cleaned) > ctx.channel.text_limit * MAX_PARTS:
        return [
            Reply(Msg.of("broadcast.far_too_long", max=ctx.channel.text_limit * MAX_PARTS)),
            *await ask(ctx),
        ]
    if utf16_len(cleaned) > ctx.channel.text_limit:
        STATE.data(ctx).update({"pending_text": cleaned, "split_from": step})
        return await _go(ctx, "split")
    return await _take_text(ctx, cleaned, step)


async def _take_text(ctx: Context, text: str, step: TextStep) -> list[Reply]:
    data = STATE.data(ctx)
    assert ctx.person is not None
    if step == "text2":
        # Two versions: each language gets its own instead of one text for all.
        other = "en" if data["lang"] == "nl" else "nl"
        first = data["texts"].get("*") or data["texts"][data["lang"]]
        data["texts"] = {data["lang"]: first, other: text}
        # The split question in between is not a step to go back to.
        STATE.go(ctx, "preview", record=STATE.step(ctx) != "split")
    else:
        data["lang"] = ctx.person.language or ctx.locale
        data["texts"] = {"*": text}
        STATE.go(ctx, "more", record=STATE.step(ctx) != "split")
    return await ask(ctx)


async def on_file(ctx: Context, file: FileRef) -> list[Reply]:
    if STATE.step(ctx) != "file":
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    STATE.data(ctx)["file"] = (file.kind, file.file_id)
    STATE.go(ctx, "preview")
    replies = []
    limit = ctx.channel.caption_limit
    if any(utf16_len(t) > limit for t in STATE.data(ctx)["texts"].values()):
        replies.append(Reply(Msg.of("broadcast.caption_long", max=limit)))
    return [*replies, *await ask(ctx)]
