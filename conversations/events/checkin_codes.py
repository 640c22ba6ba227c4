"""The check-in QR code for the door of an event: scanning it opens LiftBot with the event's
check-in code (conversations/events/checkin.py)."""

from __future__ import annotations

from conversations.core.channel import CHECKIN_PREFIX
from conversations.core.context import Context
from conversations.core.records import Event
from conversations.core.types import Attachment, Msg, Reply
from conversations.joining.tokens import qr_png


def checkin_codes(ctx: Context, event: Event) -> list[Reply]:
    """The QR code for the door; with two chat apps one per app: a scan opens LiftBot in
    the app the person has, and only there can it check them in."""
    apps = ctx.channels or {ctx.channel.name: ctx.channel}
    replies = []
    for name, info in apps.items():
        link = info.open_link(f"{CHECKIN_PREFIX}{event.checkin_code}")
        filename = f"checkin-{event.id}-{name}.png" if len(apps) > 1 else f"checkin-{event.id}.png"
        picture = Attachment("photo", qr_png(link), filename)
        text = (
            Msg.of("coach_events.qr_app", app=info.title or name, title=event.title, link=link)
            if len(apps) > 1
            else Msg.of("coach_events.qr", title=event.title, link=link)
        )
        replies.append(Reply(text, attachment=picture))
    return replies
