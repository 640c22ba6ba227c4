"""Invite tokens and links: random (144 bits), only their SHA-256 is stored; the same link as
a QR code."""

from __future__ import annotations

import hashlib
import io
import re
import secrets

import segno

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    while True:
        token = secrets.token_urlsafe(18)
        # Check-in links use the "ci_" prefix; an invite must never look like one.
        if not token.startswith("ci_"):
            return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
