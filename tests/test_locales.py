"""Catalogue completeness: every key in every locale, same placeholders, no key used but missing."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import SUPPORTED_LOCALES
from bot.i18n import load_catalogue, placeholders
from conversations.fields import FIELDS
from conversations.menus import COMMANDS

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> dict[str, dict[str, str]]:
    return {locale: load_catalogue(locale) for locale in SUPPORTED_LOCALES}


def test_every_key_exists_in_every_locale() -> None:
    loaded = catalogues()
    all_keys = set().union(*(set(c) for c in loaded.values()))
    for locale, catalogue in loaded.items():
        assert all_keys - set(catalogue) == set(), f"{locale} misses keys"
        assert all(text.strip() for text in catalogue.values()), f"{locale} has empty texts"


def test_placeholders_match_across_locales() -> None:
    loaded = catalogues()
    reference = loaded["nl"]
    for locale, catalogue in loaded.items():
        for key, text in catalogue.items():
            assert placeholders(text) == placeholders(reference[key]), f"{locale}: {key}"


def test_every_literal_key_in_the_code_exists() -> None:
    nl = catalogues()["nl"]
    used: set[str] = set()
    for path in [*ROOT.glob("conversations/*.py"), *ROOT.glob("bot/*.py")]:
        used |= set(re.findall(r'Msg\.of\(\s*"([a-z_.]+)"', path.read_text()))
        used |= set(re.findall(r'\.text\([^,]+,\s*"([a-z_.]+)"\)', path.read_text()))
    assert used, "the scan found no keys: the pattern is broken"
    assert sorted(used - set(nl)) == []


def test_generated_keys_exist() -> None:
    nl = catalogues()["nl"]
    needed = set()
    for role, fields in FIELDS.items():
        needed |= {f"role.{role}", f"menu.title.{role}", f"help.{role}"}
        for spec in fields:
            needed |= {f"ask.{spec.name}", f"field.{spec.name}"}
            needed |= {spec.option_key(code) for code in spec.options}
        if role != "admin":
            needed.add(f"welcome.{role}")
    for commands in COMMANDS.values():
        needed |= {f"command.{name}" for name in commands}
        needed |= {f"menu.{name}" for name in commands if name not in ("menu", "start")}
    needed |= {f"language.{code}" for code in SUPPORTED_LOCALES}
    assert sorted(needed - set(nl)) == []


def test_telegram_command_descriptions_fit() -> None:
    for catalogue in catalogues().values():
        for key, text in catalogue.items():
            if key.startswith("command."):
                assert 1 <= len(text) <= 256
