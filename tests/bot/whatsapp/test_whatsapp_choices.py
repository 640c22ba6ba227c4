"""Choices on WhatsApp, sent through the real pywa client to the fake Cloud API (which
refuses whatever WhatsApp would): buttons, lists, pages, titles that must be shortened or
told apart, long texts; and a press on an old list."""

from __future__ import annotations

import pytest

from bot.messages import Message
from bot.whatsapp.labels import shorten, titles
from tests.bot.whatsapp.helpers import WA_ADMIN, WaChat, WaRunning
from tests.fakecloudapi import FakeCloudApi, Sent, WaUser

TO = "31655556666"


def options(count: int, label: str = "Option {n}") -> list[list[tuple[str, str]]]:
    return [[(label.format(n=n), f"v1:opt:{n}")] for n in range(count)]


async def deliver(liftbot: WaRunning, cloud: FakeCloudApi, message: Message) -> list[Sent]:
    before = len(cloud.chats.get(TO, []))
    await liftbot.channel.deliver(TO, message)
    return cloud.chats[TO][before:]


def ids(sent: Sent) -> list[str]:
    return [button_id for _, button_id in sent.buttons()]


async def test_three_options_are_buttons_four_to_ten_a_list(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    (three,) = await deliver(liftbot, cloud, Message("Pick one", options(3)))
    assert three.body["interactive"]["type"] == "button" and len(three.buttons()) == 3
    (four,) = await deliver(liftbot, cloud, Message("Pick one", options(4)))
    assert four.is_list() and ids(four) == [f"v1:opt:{n}" for n in range(4)]
    assert four.body["interactive"]["action"]["button"] == "Choose"
    (ten,) = await deliver(liftbot, cloud, Message("Pick one", options(10)))
    assert ten.is_list() and len(ten.buttons()) == 10


async def test_eleven_and_twentyfive_options_go_in_pages_all_reachable(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    person = WaChat(cloud, WaUser(TO, "Pat"))
    for count in (11, 25):
        (first,) = await deliver(liftbot, cloud, Message("Pick one", options(count)))
        seen: list[str] = []
        page = first
        for _ in range(-(-count // 9)):
            rows = page.buttons()
            assert len(rows) <= 10 and rows[-1][0] == "More choices"
            seen += [button_id for _, button_id in rows[:-1]]
            more = rows[-1][1]
            before = len(person.messages)
            await cloud.press(person.user, page, more)
            await cloud.wait_for(lambda before=before: len(person.messages) > before)
            page = person.messages[-1]
        assert seen == [f"v1:opt:{n}" for n in range(count)]
        # After the last page, the first again.
        assert ids(page)[0] == "v1:opt:0"


async def test_long_duplicate_emoji_and_arabic_labels_fit_and_differ(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    labels = [
        "Schoonmaakwerkzaamhed",  # 21 characters
        "Schoonmaakwerkzaamhed",
        "👩🏽‍🔧 Monteur 👩🏽‍🔧 Monteur 👩🏽‍🔧",
        "مساعد في المستودع والتخزين",
    ]
    buttons = [[(label, f"v1:l:{n}")] for n, label in enumerate(labels)]
    (listed,) = await deliver(liftbot, cloud, Message("Kies je werk", buttons))
    shown = [title for title, _ in listed.buttons()]
    assert len(set(shown)) == 4 and all(len(title) <= 24 for title in shown)
    (two,) = await deliver(liftbot, cloud, Message("Kies", buttons[:2]))
    assert [t for t, _ in two.buttons()] == ["Schoonmaakwerkzaamh…", "Schoonmaakwerkz… (2)"]
    # Grapheme boundaries: the woman mechanic with her skin tone stays whole or goes whole.
    cut = shorten(labels[2], 20)
    assert cut.endswith("…") and "👩🏽‍🔧" in cut and "\u200d…" not in cut
    assert not cut[:-1].endswith(("\U0001f3fd", "\u200d"))
    arabic = shorten(labels[3], 20)
    assert arabic.endswith("…") and labels[3].startswith(arabic[:-1])
    # Combining marks stay on their letter.
    assert shorten("e\u0301" * 30, 5) == "e\u0301e\u0301…"
    assert titles(["Ja", "ja", ""], 20) == ["Ja", "ja (2)", "3"]


async def test_a_long_text_goes_first_and_the_question_is_the_body(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    text = "\n".join(f"Line {n}: " + "word " * 20 for n in range(60)) + "\nWhich one?"
    sent = await deliver(liftbot, cloud, Message(text, options(2)))
    assert [m.type for m in sent] == ["text", "text", "interactive"]
    assert sent[-1].text.endswith("Which one?") and len(sent[-1].text) <= 1024
    # Nothing lost, nothing twice.
    assert "\n".join(m.text for m in sent).replace("\n", " ").split() == text.split()
    long_text = await deliver(liftbot, cloud, Message("x " * 5000))
    assert [len(m.text) <= 4096 for m in long_text] == [True, True, True]


@pytest.mark.usefixtures("liftbot")
async def test_a_press_on_an_old_list_is_recognised(cloud: FakeCloudApi) -> None:
    admin = WaChat(cloud, WA_ADMIN)
    menu = (await admin.send("/start", expect="Admin menu"))[-1]
    await admin.press("Language", expect="Which language")
    # The admin menu's list, pressed later: recognised as an older message's, as on
    # Telegram, and the open question comes again.
    admin.mark = len(admin.messages)
    await cloud.press(admin.user, menu, "v1:cmd:help")
    await admin.wait("That button belongs to an older message")
    await admin.wait("Which language")
    # A 'more' row of a list shown before a restart: an old button, the question again.
    stale = Sent("wamid.old", WA_ADMIN.wa_id, menu.body)
    admin.mark = len(admin.messages)
    rows = [{"id": "wa-more:1:0123456789", "title": "More choices"}]
    stale.body = {
        **menu.body,
        "interactive": {
            **menu.body["interactive"],
            "action": {"button": "Choose", "sections": [{"title": "x", "rows": rows}]},
        },
    }
    await cloud.press(admin.user, stale, "wa-more:1:0123456789")
    await admin.wait("That button belongs to an older message")
    await admin.wait("Which language")
