"""Short signed, expiring tokens for links LiftBot hands out (an "Add to calendar" link on
WhatsApp, which cannot send .ics files). A token names what it opens ("event:12") and
until when, never who: no personal data in a URL. It is signed with HMAC-SHA256 and a
random secret of this installation, kept in the database (made on first use), so a token
cannot be forged or changed and stays valid after a restart.

    token = base64url(subject "|" expiry in unix seconds) "." base64url(first 16 bytes of MAC)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from bot.storage import Backend

# The name of the secret in the database; changing it would void every link handed out.
SECRET_NAME = "signed_links"
# How long a link works: long enough for a programme's weeks, short enough to expire.
LIFETIME = timedelta(days=30)
# 128 bits of the MAC: plenty against guessing, and keeps the URL short.
MAC_BYTES = 16


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs and checks tokens with one secret."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("a signing secret needs at least 16 bytes")
        self._secret = secret

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:MAC_BYTES]

    def sign(self, subject: str, now: datetime, lifetime: timedelta = LIFETIME) -> str:
        """A token for `subject` (ASCII, no "|"), valid until now + lifetime."""
        if "|" in subject or not subject.isascii():
            raise ValueError("a subject is ASCII without '|'")
        expires = int((now + lifetime).timestamp())
        payload = f"{subject}|{expires}".encode("ascii")
        return f"{_encode(payload)}.{_encode(self._mac(payload))}"

    def verify(self, token: str, now: datetime) -> str | None:
        """The subject of a genuine token that has not expired; None for anything else
        (changed, forged, expired, malformed)."""
        body, _, mac = token.partition(".")
        try:
            payload, given = _decode(body), _decode(mac)
        except (binascii.Error, ValueError):
            return None
        # Only the one spelling sign() gives: base64's spare bits could spell it many ways.
        if _encode(payload) != body or _encode(given) != mac:
            return None
        # Compared in constant time: how long a refusal takes says nothing about the MAC.
        if not hmac.compare_digest(self._mac(payload), given):
            return None
        subject, _, expires = payload.decode("ascii", "replace").rpartition("|")
        if not expires.isdigit() or not subject:
            return None
        if now >= datetime.fromtimestamp(int(expires), UTC):
            return None
        return subject


async def installation_signer(store: Backend) -> Signer:
    """The installation's signer: its secret is read from the database, made the first time."""
    async with store.unit_of_work() as unit:
        secret = await unit.installation_secret(SECRET_NAME, secrets.token_bytes(32))
    return Signer(secret)
