"""The end of /broadcast: the preview with the exact number of people, and saving it with
its recipients fixed (bot/broadcaster.py sends it)."""

from __future__ import annotations

from datetime import datetime

from conversations.broadcast.audience import audience_people
from conversations.broadcast.flow_states import Draft
from conversations.core.context import Context
from conversations.core.flow import end
from conversations.core.records import Broadcast, Recipient
from conversations.core.types import Button, Msg, Reply, When


async def preview(ctx: Context, data: Draft) -> Reply:
    people = await audience_people(ctx, data["audience"])
    texts = data["texts"]
    shown = "\n\n".join(
        f"[{code}] {text[:600]}" if code != "*" else text[:600] for code, text in texts.items()
    )
    when = datetime.fromisoformat(data["send_at"]) if data.get("send_at") else None
    buttons = [[Button(Msg.of("broadcast.send_at" if when else "broadcast.send_now"), "send")]]
    if when is None:
        buttons.append([Button(Msg.of("broadcast.later"), "later")])
    buttons.append([Button(Msg.of("broadcast.drop"), "drop")])
    return Reply(
        Msg.plural(
            "broadcast.preview",
            len(people),
            text=shown,
            file=Msg.of("broadcast.with_file") if data.get("file") else "",
            when=When(when) if when else Msg.of("broadcast.now"),
        ),
        buttons=buttons,
    )


async def confirm(ctx: Context, data: Draft) -> list[Reply]:
    """The broadcast saved with its recipients fixed now; the sender starts on it."""
    assert ctx.person is not None
    people = await audience_people(ctx, data["audience"])
    end(ctx)
    if not people:
        return [Reply(Msg.of("broadcast.empty_audience"))]
    send_at = datetime.fromisoformat(data["send_at"]) if data.get("send_at") else None
    file = data.get("file") or (None, None)
    broadcast = await ctx.store.create_broadcast(
        Broadcast(
            id=0,
            sender_id=ctx.person.id,
            audience=data["audience"],
            texts=data["texts"],
            state="scheduled" if send_at else "sending",
            created_at=ctx.clock.now(),
            send_at=send_at,
            file_kind=file[0],
            file_id=file[1],
        ),
        [Recipient(p.id, p.chat_key or "", p.language) for p in people],
    )
    if send_at:
        return [Reply(Msg.plural("broadcast.scheduled", len(people), when=When(send_at)))]
    return [Reply(Msg.plural("broadcast.started", len(people), number=broadcast.id))]
