"""Splitting long texts as Telegram counts them: UTF-16 code units."""

from __future__ import annotations

from conversations.core.message_parts import split_text, utf16_len


def test_emoji_count_twice_and_a_text_that_fits_stays_whole() -> None:
    assert utf16_len("ab") == 2 and utf16_len("😀") == 2 and utf16_len("é") == 1
    assert split_text("kort 😀\n", 4096) == ["kort 😀\n"]
    assert split_text("", 4096) == [] and split_text(" \n ", 4096) == []


def test_cut_at_line_breaks_then_spaces_then_hard() -> None:
    lines = [f"{n:02} 🎉 regel" for n in range(10)]  # 11 units a line, 12 with its break
    parts = split_text("\n".join(lines), 40)
    assert all(utf16_len(p) <= 40 for p in parts)
    assert [line for p in parts for line in p.split("\n")] == lines

    words = " ".join(["woord"] * 20)
    parts = split_text(words, 32)
    assert all(utf16_len(p) <= 32 and not p.startswith(" ") for p in parts)
    assert " ".join(parts) == words

    assert split_text("x" * 10, 4) == ["xxxx", "xxxx", "xx"]


def test_a_hard_cut_never_splits_a_surrogate_pair_or_a_sign() -> None:
    parts = split_text("😀" * 5, 5)  # 10 units: two emoji (4 units) fit, not two and a half
    assert parts == ["😀😀", "😀😀", "😀"]
    thumbs = "👍🏽" * 4  # thumb and skin tone: one sign, four units
    assert split_text(thumbs, 6) == ["👍🏽", "👍🏽", "👍🏽", "👍🏽"]
    family = "👩\u200d👧" * 3  # joined by a zero-width joiner
    assert all(p == "👩\u200d👧" for p in split_text(family, 6))


def test_a_line_break_that_leaves_a_tiny_part_is_not_used() -> None:
    text = "Hoi\n" + "a " * 30
    parts = split_text(text, 40)
    assert parts[0].startswith("Hoi\na") and all(utf16_len(p) <= 40 for p in parts)
