"""PTB's Bot on LiftBot's aiohttp layer: forms, uploads, time-outs, errors and proxies."""

from __future__ import annotations

import socket

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut

from bot.proxy import proxy_from_env
from bot.telegram.aiohttp_request import AiohttpRequest
from tests.fakebotapi import FakeBotApi


def bot_for(base_url: str, token: str, request: AiohttpRequest) -> Bot:
    return Bot(token, base_url=base_url, request=request, get_updates_request=AiohttpRequest())


async def test_form_fields_and_uploads_arrive(api: FakeBotApi) -> None:
    async with bot_for(api.base_url, api.token, AiohttpRequest(4)) as bot:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ja, graag", callback_data="x:1")]])
        sent = await bot.send_message(42, "Hallo 👋", reply_markup=markup)
        await bot.send_document(42, InputFile(b"a;b\n1;2\n", filename="report.csv"), caption="✓")

    assert sent.text == "Hallo 👋"
    text, upload = api.calls[-2], api.calls[-1]
    assert text.params["text"] == "Hallo 👋"
    assert text.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "x:1"
    assert upload.params["caption"] == "✓"
    assert upload.files["document"].filename == "report.csv"
    assert upload.files["document"].content == b"a;b\n1;2\n"


async def test_a_late_answer_is_a_time_out(api: FakeBotApi) -> None:
    api.stall_next("sendMessage", 1.0)
    async with bot_for(api.base_url, api.token, AiohttpRequest(read_timeout=0.2)) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "Hallo")


def free_port() -> int:
    with socket.socket() as probe:  # a port that nobody listens on once this closes
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_the_proxy_is_used(api: FakeBotApi) -> None:
    url = f"{api.base_url}{api.token}/getMe"
    async with AiohttpRequest() as direct:
        me = await direct.post(url)
        assert isinstance(me, dict) and me["username"] == api.username
    async with AiohttpRequest(proxy=f"http://127.0.0.1:{free_port()}") as proxied:
        with pytest.raises(NetworkError):  # the (absent) proxy is asked, not the server
            await proxied.post(url)


async def test_no_server_is_a_network_error_without_the_token() -> None:
    url = f"http://127.0.0.1:{free_port()}/bot123456:SECRET-TOKEN/getMe"
    async with AiohttpRequest(connect_timeout=1.0) as request:
        with pytest.raises(NetworkError) as caught:
            await request.post(url)
        with pytest.raises(NetworkError) as invalid:  # aiohttp's message would quote the URL
            await request.post("http://127.0.0.1:99999999/bot123456:SECRET-TOKEN/getMe")
    assert not isinstance(caught.value, TimedOut)
    assert "SECRET" not in str(caught.value)
    assert "SECRET" not in str(invalid.value)


async def test_not_initialized_is_refused() -> None:
    with pytest.raises(RuntimeError):
        await AiohttpRequest().do_request("http://127.0.0.1:1/botX/getMe", "POST")


def test_proxy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    assert proxy_from_env("https://api.telegram.org/bot") is None

    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert proxy_from_env("https://api.telegram.org/bot") == "http://proxy.example:3128"
    assert proxy_from_env("http://127.0.0.1:8081/bot") is None  # only https was set

    monkeypatch.setenv("NO_PROXY", "api.telegram.org")
    assert proxy_from_env("https://api.telegram.org/bot") is None
