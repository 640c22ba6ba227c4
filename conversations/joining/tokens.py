"""Invite tokens: random (144 bits), only their SHA-256 is stored; a link as a QR code.
(The link itself comes from the person's channel: ctx.channel.open_link.)"""

from __future__ import annotations

import hashlib
import io
import re
import secrets

import segno

from conversations.core.channel import CHECKIN_PREFIX

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    while True:
        token = secrets.token_urlsafe(18)
        # Check-in links use their own prefix; an invite must never look like one.
        if not token.startswith(CHECKIN_PREFIX):
            return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
