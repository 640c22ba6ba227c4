"""The features' declarations as the router assembles them: every stored name keeps the value
the previous release stored, no two features claim the same name, every button prefix fits
the bound-button pattern and Telegram's 64 bytes, and each role's command menu is the one
people saw before, in the same order."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from conversations.core import menus, router
from conversations.core.feature import Command, Feature, Routes, scheduled_key
from conversations.core.records import Scheduled
from conversations.core.types import Reply

# What the release before the feature declarations showed, per role, in this order.
MENUS_BEFORE = {
    None: ("start", "help"),
    "candidate": (
        *("menu", "events", "pairs", "prepare", "cv"),
        *("profile", "mydata", "language", "help", "forget"),
    ),
    "buddy": ("menu", "pairs", "events", "profile", "mydata", "language", "help", "forget"),
    "coach": (
        *("menu", "events", "newevent", "pair", "pairs", "people", "broadcast", "programme"),
        *("invite", "profile", "mydata", "language", "help", "forget"),
    ),
    "admin": ("menu", "invite", "handover", "broadcast", "mydata", "language", "help", "forget"),
}
ALWAYS_BEFORE = {"start", "help", "language", "mydata", "forget", "cancel", "stop"}
# Stored in conversation rows.
FLOWS_BEFORE = {
    *("onboarding", "intake", "language", "forget", "invite", "menu", "programme"),
    *("newevent", "coach_events", "evaluation", "event_change", "cv", "prepare", "pair"),
    *("pair_decline", "slots", "no_slot", "meeting_cancel", "pair_end", "agreement"),
    *("help_note", "round_two", "broadcast", "handover", "pairs_overview", "people"),
    *("share_number", "relay"),
}
# In buttons already sent.
PREFIXES_BEFORE = {
    *("ev", "rt", "cv", "pr", "mt", "ms", "mm", "tk", "af", "ag", "ng", "r2", "bc", "rl"),
    "wr",
}
# In `scheduled` rows: (kind, subject) as planned before.
PLANNED_BEFORE = [
    ("reminder:2880", None),
    ("reminder:120", None),
    ("prep_nudge", None),
    ("evaluation", None),
    ("round_two", None),
    ("meeting_reminder:day", "meeting:7"),
    ("meeting_reminder:2h", "meeting:7"),
    ("meeting_followup", "meeting:7"),
    ("nudge:before", "agreement:3"),
    ("nudge:due", "agreement:3"),
    ("nudge:again", "agreement:3"),
]


def test_each_role_sees_the_commands_it_saw_before_in_the_same_order() -> None:
    for role, commands in MENUS_BEFORE.items():
        assert menus.commands_for(role) == commands, role
    assert set(router.ROUTES.menus) == set(MENUS_BEFORE)
    always = {name for name, c in router.ROUTES.commands.items() if c.always}
    assert always == ALWAYS_BEFORE
    # Every command someone may use is in a menu, except the two that stop a task.
    menued = {name for commands in MENUS_BEFORE.values() for name in commands}
    assert set(router.ROUTES.commands) - menued == {"cancel", "stop"}


def test_stored_names_keep_the_values_of_the_previous_release() -> None:
    assert set(router.FLOWS) == FLOWS_BEFORE
    assert set(router.ROUTES.buttons) == PREFIXES_BEFORE
    for kind, subject in PLANNED_BEFORE:
        row = Scheduled(1, kind, 2, None if subject else 5, datetime.now(UTC), subject)
        assert scheduled_key(row) in router.ROUTES.scheduled, kind


def test_no_two_features_claim_the_same_name() -> None:
    declared: Counter[str] = Counter()
    for feature in router.FEATURES:
        declared.update(f"command {c.name}" for c in feature.commands)
        declared.update(f"flow {name}" for name in feature.flows)
        declared.update(f"button {prefix}" for prefix in feature.buttons)
        declared.update(f"planned {key}" for key in feature.scheduled)
    assert [name for name, n in declared.items() if n > 1] == []
    # And assembling refuses it, naming what is claimed twice.
    prefix, handler = next(iter(router.ROUTES.buttons.items()))
    with pytest.raises(ValueError, match=f"button prefix '{prefix}'"):
        Routes.of((*router.FEATURES, Feature(buttons={prefix: handler})))


async def _nothing(ctx: object) -> list[Reply]:
    return []


def test_two_commands_cannot_share_a_place_in_a_menu() -> None:
    pairs = router.ROUTES.commands["pairs"]
    clash = Feature(commands=(Command("extra", _nothing, {"buddy": pairs.roles["buddy"]}),))
    with pytest.raises(ValueError, match="'extra' and 'pairs' share a place"):
        Routes.of((*router.FEATURES, clash))


def test_every_prefix_and_command_fits_a_button() -> None:
    for prefix in router.ROUTES.buttons:
        # The longest record id and action a bound button may carry.
        data = router.callback_data(0, f"{prefix}:999999999:abcdefgh", bound=True)
        assert router.ROUTES.bound.match(data)
        assert len(data.encode()) <= 64
    for name in router.ROUTES.commands:
        router.callback_data(999_999_999, f"{menus.COMMAND_BUTTON}:{name}")
    # A prefix no feature declares is not a bound button.
    with pytest.raises(ValueError):
        router.callback_data(0, "zz:12:yes", bound=True)
    assert router.ROUTES.bound.match("zz:12:yes") is None
