"""The proxy for a chat app's server, read once at start-up: HTTPS_PROXY / HTTP_PROXY and
NO_PROXY as curl and httpx read them. (aiohttp's trust_env reads them, and ~/.netrc, in a
worker thread on every request.)"""

from __future__ import annotations

import urllib.parse
import urllib.request


def proxy_from_env(url: str) -> str | None:
    """The proxy that HTTPS_PROXY / HTTP_PROXY and NO_PROXY set for url, as httpx would use."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    return urllib.request.getproxies().get(parts.scheme)
