"""Group invites: one link and QR code for a room (a meetup, an information session), for
one programme and role, used by up to a set number of people until an end date. Each person
who opens it still gives their own consent and fills in their own intake.

Steps of the invite flow (/invite, then "for a group"): who it is for, the programme, how
many people may use it, until when; then the link. Coaches see how many used each of their
group links from /invite ("My group links").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import Invite
from conversations.core.types import Attachment, Button, Joined, Msg, Param, Reply, When
from conversations.core.wizard import with_back
from conversations.events.programmes import label
from conversations.joining import invite_apps
from conversations.joining.flow_states import InviteData, InviteRole, InviteStep
from conversations.joining.tokens import hash_token, new_token, qr_png
from conversations.time.when import parse_day, unclear_message

LIMITS = (5, 10, 25, 50)
MAX_USES = 500
# How far ahead an end date may be, and how long an ended link stays in the coach's list.
FURTHEST = timedelta(days=365)
LISTED_AFTER_END = timedelta(days=30)
LISTED = 10
ROLES: tuple[InviteRole, ...] = ("candidate", "buddy")
# The invite flow's own row (invites.py starts it; its group_ steps are here).
STATE = FlowState[InviteData, InviteStep]()


async def start(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    if not await ctx.store.programmes_of_coach(ctx.person.id):
        end(ctx)
        return [Reply(Msg.of("group.needs_programme"))]
    STATE.go(ctx, "group_role")
    return await ask(ctx)


def is_group_step(ctx: Context) -> bool:
    return (STATE.step(ctx) or "").startswith("group_")


async def ask(ctx: Context) -> list[Reply]:
    return with_back(ctx, await _question(ctx))


async def _question(ctx: Context) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "group_programme":
        assert ctx.person is not None
        own = (await ctx.store.programmes_of_coach(ctx.person.id))[-20:]
        buttons = [Button(label(p), f"gprog:{p.id}") for p in own]
        return [Reply(Msg.of("group.ask_programme"), buttons=rows(buttons, 1))]
    if step == "group_limit":
        buttons = [Button(str(n), f"limit:{n}") for n in LIMITS]
        return [Reply(Msg.of("group.ask_limit", max=MAX_USES), buttons=[buttons])]
    if step == "group_until":
        last = When(_end_of(ctx, _default_end(ctx)), date_only=True)
        default = Button(Msg.of("group.until_default", day=last), "until")
        return [Reply(Msg.of("group.ask_until"), buttons=[[default]])]
    buttons = [Button(Msg.of(f"group.role.{role}"), f"grole:{role}") for role in ROLES]
    return [Reply(Msg.of("group.ask_role"), buttons=[buttons])]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    action, _, arg = value.partition(":")
    if step == "group_role" and action == "grole" and arg in ROLES:
        data["role"] = arg
        STATE.go(ctx, "group_programme")
        return await ask(ctx)
    if step == "group_programme" and action == "gprog" and arg.isdigit():
        programme = await ctx.store.programme(int(arg))
        if programme is None or ctx.person is None or programme.coach_id != ctx.person.id:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused")), *await ask(ctx)]
        data["programme"] = programme.id
        STATE.go(ctx, "group_limit")
        return await ask(ctx)
    if step == "group_limit" and action == "limit" and arg.isdigit() and int(arg) in LIMITS:
        data["limit"] = int(arg)
        STATE.go(ctx, "group_until")
        return await ask(ctx)
    if step == "group_until" and value == "until":
        return await _create(ctx, _end_of(ctx, _default_end(ctx)))
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "group_limit":
        number = text.strip()
        if not number.isdigit() or not 1 <= int(number) <= MAX_USES:
            return [Reply(Msg.of("group.limit_invalid", max=MAX_USES)), *await ask(ctx)]
        STATE.data(ctx)["limit"] = int(number)
        STATE.go(ctx, "group_until")
        return await ask(ctx)
    if step == "group_until":
        # "Today" counts until midnight: the day is compared with the start of today.
        today = _today(ctx)
        midnight = datetime.combine(today, time(0), ctx.zone).astimezone(UTC)
        day, trouble = parse_day(text, midnight, ctx.zone)
        if day is None:
            return [Reply(unclear_message(trouble)), *await ask(ctx)]
        if day > today + FURTHEST:
            return [Reply(Msg.of("group.until_far")), *await ask(ctx)]
        return await _create(ctx, _end_of(ctx, day))
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


def _today(ctx: Context) -> date:
    return ctx.clock.now().astimezone(ctx.zone).date()


def _default_end(ctx: Context) -> date:
    return _today(ctx) + timedelta(days=ctx.invite_days)


def _end_of(ctx: Context, day: date) -> datetime:
    """A group link works through the whole of its last day."""
    return datetime.combine(day, time(23, 59), ctx.zone).astimezone(UTC)


async def _create(ctx: Context, until: datetime) -> list[Reply]:
    data = STATE.data(ctx)
    programme = await ctx.store.programme(int(data["programme"]))
    app = data.get("app")
    end(ctx)
    if programme is None:
        return [Reply(Msg.of("group.needs_programme"))]
    token = new_token()
    limit = int(data["limit"])
    await ctx.store.create_invite(
        token_hash=hash_token(token),
        role=data["role"],
        programme=programme.name,
        programme_id=programme.id,
        created_by=ctx.person.id if ctx.person else None,
        now=ctx.clock.now(),
        expires_at=until,
        max_uses=limit,
    )
    link = invite_apps.open_link(ctx, app, token)
    text = Msg.plural(
        "group.created",
        limit,
        role=Msg.of(f"group.role.{data['role']}"),
        programme=label(programme),
        until=When(until),
        link=link,
    )
    qr = Attachment("photo", qr_png(link), "group-invite.png")
    return [Reply(text), Reply(Msg.of("group.qr_caption"), attachment=qr)]


async def recent(ctx: Context) -> list[Invite]:
    """The coach's group links that are open or ended lately, newest first."""
    assert ctx.person is not None
    since = ctx.clock.now() - LISTED_AFTER_END
    made = await ctx.store.invites_created_by(ctx.person.id)
    return [i for i in reversed(made) if i.is_group and i.expires_at > since]


async def listing(ctx: Context) -> list[Reply]:
    """How many people used each group link, and whether it still works."""
    end(ctx)
    links = await recent(ctx)
    if not links:
        return [Reply(Msg.of("group.list_none"))]
    now = ctx.clock.now()
    lines: list[Param] = []
    for invite in links[:LISTED]:
        limit = invite.max_uses or 0
        if invite.expires_at <= now:
            state = Msg.of("group.state.ended", until=When(invite.expires_at))
        elif invite.uses >= limit:
            state = Msg.of("group.state.full")
        else:
            state = Msg.of("group.state.open", until=When(invite.expires_at))
        programme = await ctx.store.programme(invite.programme_id or 0)
        lines.append(
            Msg.of(
                "group.line",
                programme=label(programme) if programme else invite.programme or "",
                role=Msg.of(f"group.role.{invite.role}"),
                used=invite.uses,
                limit=limit,
                state=state,
            )
        )
    if len(links) > LISTED:
        lines.append(Msg.plural("group.list_more", len(links) - LISTED))
    return [Reply(Msg.of("group.list", lines=Joined(tuple(lines), lines=True)))]
