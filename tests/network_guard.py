"""Tests talk to 127.0.0.1 only: any other connection or name lookup fails at once, so a
test can never reach Telegram, Meta or anything else for real (installed by conftest)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain"}


class RealNetworkInTests(RuntimeError):
    pass


def _local(host: object) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).strip("[]").split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(family: int, address: Any) -> None:
    if family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _local(host):
        raise RealNetworkInTests(f"a test tried to reach {host!r}: only 127.0.0.1 is allowed")


def install() -> None:
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check(self.family, address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(self.family, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _local(host.decode() if isinstance(host, bytes) else host):
            raise RealNetworkInTests(f"a test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
