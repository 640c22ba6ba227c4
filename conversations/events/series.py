"""Recurring meetups: the rule a coach picks, and the next occurrences made ahead of time."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from conversations.core.context import Context
from conversations.core.records import Event, Series
from conversations.core.types import Button, Msg
from conversations.events import invitations
from conversations.events.recurrence import NTHS, WEEKDAYS, Rule, occurrences

# Occurrences exist this far ahead, so people can plan and reminders can be set.
AHEAD = timedelta(days=62)


def choices(start: datetime, ctx: Context) -> list[Button]:
    """The repeat options that fit the first date: weekly, the nth or last weekday monthly."""
    local = start.astimezone(ctx.zone)
    weekday = Msg.of(f"weekday.{WEEKDAYS[local.weekday()]}")
    nth = NTHS[min((local.day - 1) // 7, 3)]
    options = [
        Button(Msg.of("series.once"), "repeat:once"),
        Button(Msg.of("series.weekly", weekday=weekday), "repeat:weekly"),
        Button(
            Msg.of("series.monthly", nth=Msg.of(f"series.nth.{nth}"), weekday=weekday),
            f"repeat:{nth}",
        ),
    ]
    if (local + timedelta(days=7)).month != local.month and nth != "last":
        options.append(
            Button(
                Msg.of("series.monthly", nth=Msg.of("series.nth.last"), weekday=weekday),
                "repeat:last",
            )
        )
    return options


def rule_for(start: datetime, choice: str, ctx: Context) -> Rule | None:
    local = start.astimezone(ctx.zone)
    weekday = WEEKDAYS[local.weekday()]
    if choice == "weekly":
        return Rule("weekly", weekday, None, local.hour, local.minute)
    if choice in NTHS:
        return Rule("monthly", weekday, choice, local.hour, local.minute)
    return None


async def extend(ctx: Context, series: Series) -> list[Event]:
    """Create the occurrences that are missing up to AHEAD from now, and invite members."""
    template = await ctx.store.event(series.template_event_id)
    last = await ctx.store.last_start_in_series(series.id)
    if template is None or last is None:
        return []
    rule = Rule.from_json(series.rule)
    length = template.ends_at - template.starts_at
    made = []
    for start in occurrences(rule, last, ctx.clock.now() + AHEAD, ctx.zone):
        event = await ctx.store.create_event(
            replace(
                template,
                id=0,
                starts_at=start,
                ends_at=start + length,
                cancelled_at=None,
                checkin_code=secrets.token_urlsafe(12),
                created_at=ctx.clock.now(),
            )
        )
        await invitations.invite_members(ctx, event)
        made.append(event)
    return made
