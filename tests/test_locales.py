"""Catalogue completeness: every key in every locale, same placeholders, no key used but
missing, and real plural forms for every plural key."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import SUPPORTED_LOCALES
from bot.i18n import Translator, load_catalogue, placeholders, plural_keys, texts
from conversations.core.router import ROUTES
from conversations.core.types import Msg
from conversations.joining.fields import FIELDS

ROOT = Path(__file__).resolve().parent.parent
CODE = [*ROOT.glob("conversations/**/*.py"), *ROOT.glob("bot/**/*.py")]


def catalogues() -> dict[str, dict[str, tuple[str, ...]]]:
    return {locale: texts(load_catalogue(locale)) for locale in SUPPORTED_LOCALES}


def plurals() -> dict[str, set[str]]:
    return {locale: plural_keys(load_catalogue(locale)) for locale in SUPPORTED_LOCALES}


def used_keys(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in CODE:
        found |= set(re.findall(pattern, path.read_text()))
    return found


def test_every_key_exists_in_every_locale() -> None:
    loaded = catalogues()
    all_keys = set().union(*(set(c) for c in loaded.values()))
    for locale, catalogue in loaded.items():
        assert all_keys - set(catalogue) == set(), f"{locale} misses keys"
        for key, forms in catalogue.items():
            assert all(form.strip() for form in forms), f"{locale}: {key} has an empty text"


def test_placeholders_match_across_locales() -> None:
    loaded = catalogues()
    reference = loaded["nl"]
    for locale, catalogue in loaded.items():
        for key, forms in catalogue.items():
            for form in forms:
                assert placeholders(form) == placeholders(reference[key][0]), f"{locale}: {key}"


def test_every_literal_key_in_the_code_exists() -> None:
    nl = catalogues()["nl"]
    used = used_keys(r'Msg\.(?:of|plural)\(\s*"([a-z_.0-9]+)"')
    used |= used_keys(r'\.text\([^,]+,\s*"([a-z_.]+)"\)')
    assert used, "the scan found no keys: the pattern is broken"
    assert sorted(used - set(nl)) == []


def test_plural_keys_are_plural_everywhere_and_used_as_plurals() -> None:
    found = plurals()
    assert found["nl"], "no plural keys found: the catalogue reading is broken"
    for locale in SUPPORTED_LOCALES:
        assert found[locale] == found["nl"], f"{locale}: other plural keys than nl"
    # A plural key asked for with Msg.of, or a plain one with Msg.plural, shows the key.
    assert sorted(used_keys(r'Msg\.plural\(\s*"([a-z_.0-9]+)"') - found["nl"]) == []
    assert sorted(used_keys(r'Msg\.of\(\s*"([a-z_.0-9]+)"') & found["nl"]) == []


def test_every_plural_key_reads_right_for_0_1_2_5() -> None:
    translator = Translator(ZoneInfo("Europe/Amsterdam"), "nl")
    for locale in SUPPORTED_LOCALES:
        for key in sorted(plurals()[locale]):
            names = placeholders(texts(load_catalogue(locale))[key][0]) - {"count"}
            shown = {
                n: translator.render(locale, Msg.plural(key, n, **{name: "X" for name in names}))
                for n in (0, 1, 2, 5)
            }
            for n, text in shown.items():
                assert str(n) in text and "{" not in text and text != key, f"{locale}: {key} {n}"
            # Dutch and English: one form for 1, another for 0, 2 and 5.
            singular = shown[1].replace("1", "#")
            assert singular != shown[2].replace("2", "#"), f"{locale}: {key} has one form"
            assert shown[0].replace("0", "#") == shown[2].replace("2", "#") == shown[5].replace(
                "5", "#"
            ), f"{locale}: {key}"


def test_generated_keys_exist() -> None:
    nl = catalogues()["nl"]
    needed = set()
    for role, fields in FIELDS.items():
        needed |= {f"role.{role}", f"menu.title.{role}", f"help.{role}"}
        for spec in fields:
            needed |= {spec.ask_key, f"field.{spec.name}"}
            needed |= {spec.option_key(code) for code in spec.options}
        if role != "admin":
            needed |= {f"welcome.{role}", f"consent.text.{role}"}
    for commands in ROUTES.menus.values():
        needed |= {f"command.{name}" for name in commands}
        needed |= {f"menu.{name}" for name in commands if name not in ("menu", "start")}
    needed |= {f"language.{code}" for code in SUPPORTED_LOCALES}
    assert sorted(needed - set(nl)) == []


def test_telegram_command_descriptions_fit() -> None:
    for catalogue in catalogues().values():
        for key, forms in catalogue.items():
            if key.startswith("command."):
                assert 1 <= len(forms[0]) <= 256
