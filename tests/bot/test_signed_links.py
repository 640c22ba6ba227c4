"""Signed, expiring tokens: the subject comes back from a genuine token until it expires;
a changed, forged, truncated or foreign token is refused; the secret survives a restart."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.signed_links import LIFETIME, Signer, installation_signer
from bot.sqlite.store import SqliteStore

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
SIGNER = Signer(b"k" * 32)


def test_a_token_gives_its_subject_until_it_expires() -> None:
    token = SIGNER.sign("event:12", NOW)
    assert SIGNER.verify(token, NOW) == "event:12"
    assert SIGNER.verify(token, NOW + LIFETIME - timedelta(seconds=1)) == "event:12"
    assert SIGNER.verify(token, NOW + LIFETIME) is None
    short = SIGNER.sign("meeting:3:buddy", NOW, timedelta(minutes=5))
    assert SIGNER.verify(short, NOW + timedelta(minutes=6)) is None
    # Short and safe in a URL path.
    assert len(token) < 60 and all(c.isalnum() or c in "-_." for c in token)


def test_the_url_says_nothing_readable_about_people() -> None:
    token = SIGNER.sign("meeting:3:candidate", NOW)
    assert "candidate" not in token and "meeting" not in token


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # another MAC
        lambda t: ("Z" if t[0] != "Z" else "Y") + t[1:],  # another subject or expiry
        lambda t: t.split(".")[0],  # no MAC
        lambda t: t.split(".")[0] + ".",  # an empty MAC
        lambda t: "",  # nothing
        lambda t: "!!!." + t.split(".")[1],  # not base64
        lambda t: Signer(b"x" * 32).sign("event:12", NOW),  # another installation's
    ],
)
def test_a_changed_or_foreign_token_is_refused(change: object) -> None:
    token = SIGNER.sign("event:12", NOW)
    assert SIGNER.verify(change(token), NOW) is None  # type: ignore[operator]


def test_a_longer_lifetime_cannot_be_forged_into_a_token() -> None:
    token = SIGNER.sign("event:12", NOW)
    body, mac = token.split(".")
    later = int((NOW + timedelta(days=3650)).timestamp())
    forged = base64.urlsafe_b64encode(f"event:12|{later}".encode()).rstrip(b"=").decode()
    assert SIGNER.verify(f"{forged}.{mac}", NOW) is None


def test_subjects_are_plain_ascii_without_the_separator() -> None:
    with pytest.raises(ValueError):
        SIGNER.sign("event|12", NOW)
    with pytest.raises(ValueError):
        SIGNER.sign("évent:12", NOW)
    with pytest.raises(ValueError):
        Signer(b"short")


async def test_the_installation_secret_is_made_once_and_kept_across_restarts(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    try:
        token = (await installation_signer(store)).sign("event:7", NOW)
        assert (await installation_signer(store)).verify(token, NOW) == "event:7"
    finally:
        await store.close()
    again = await SqliteStore.open(tmp_path / "s.sqlite3")
    try:
        assert (await installation_signer(again)).verify(token, NOW) == "event:7"
    finally:
        await again.close()
    other = await SqliteStore.open(tmp_path / "other.sqlite3")
    try:
        assert (await installation_signer(other)).verify(token, NOW) is None
    finally:
        await other.close()
