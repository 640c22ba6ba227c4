"""The app languages remembered for strangers: bounded, the one heard from longest ago
forgotten first, a chat heard again kept."""

from __future__ import annotations

from bot.app_languages import AppLanguages


def test_the_one_heard_from_longest_ago_goes_first() -> None:
    languages = AppLanguages(size=2)
    languages.note("tg:1", "en")
    languages.note("tg:2", "nl")
    languages.note("tg:1", "en-GB")  # heard again: now the most recent
    languages.note("wa:3", "ar")
    assert [languages.get(k) for k in ("tg:1", "tg:2", "wa:3")] == ["en-GB", None, "ar"]
