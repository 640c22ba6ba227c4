"""End to end on WhatsApp, over LiftBot's real web server and pywa against the fake Cloud
API: a coach on WhatsApp invites, a job seeker opens the wa.me link and goes through
consent, language and the intake (a multi-select of thirteen sectors, on pages)."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.bot.whatsapp.helpers import WA_ADMIN, WaChat, text_of, wa_token
from tests.fakecloudapi import NUMBER, FakeCloudApi, WaUser


async def join_as_coach_on_whatsapp(cloud: FakeCloudApi) -> WaChat:
    admin = WaChat(cloud, WA_ADMIN)
    await admin.send("/start", expect="Admin menu")
    sent = await admin.send("/invite", expect="QR code")
    # The QR code is an uploaded PNG, sent as an image.
    assert any(m.type == "image" for m in sent)
    upload = next(c.json for c in cloud.calls if c.path == "media")
    assert upload is not None and upload["type"] == "image/png"
    link = next(m.text for m in sent if "wa.me" in m.text)
    assert f"https://wa.me/{NUMBER}?text=start%20" in link

    coach = WaChat(cloud, WaUser("31611112222", "Carla"))
    await coach.send(f"start {wa_token(sent)}", expect="invited as a coach")
    await coach.press("Yes", expect="Which language")
    await coach.press("English", expect="What may I call you")
    await coach.send("Carla", expect="Which organisation")
    await coach.send("Werkacademie", expect="This is what I noted")
    await coach.press("All good", expect="Coach menu")
    return coach


async def invite_on_whatsapp(coach: WaChat, who: str, programme: str) -> str:
    await coach.send("/programme", expect="What kind of programme")
    await coach.press("In de Lift", expect="What is it called")
    await coach.send(programme, expect="In which municipality")
    await coach.send("Zoetermeer", expect=f"Done: {programme}")
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press(who, expect="programme")
    return wa_token(await coach.press(programme, expect="QR code"))


@pytest.mark.usefixtures("liftbot")
async def test_a_job_seeker_joins_on_whatsapp(cloud: FakeCloudApi) -> None:
    coach = await join_as_coach_on_whatsapp(cloud)
    token = await invite_on_whatsapp(coach, "Job seeker", "In de Lift Zoetermeer")

    anna = WaChat(cloud, WaUser("31622223333", "Anna"))
    # The message the wa.me link types for her: "start <token>", as WhatsApp sends it.
    link_text = urllib.parse.unquote(f"start%20{token}")
    consent = await anna.send(link_text, expect="Do you want to join?")
    assert [t for t, _ in consent[-1].buttons()][0].startswith("✅")
    await anna.press("Yes", expect="Which language")
    await anna.press("Nederlands", expect="Hoe mag ik je noemen")
    await anna.send("Anna", expect="Wat voor werk zoek je")
    sectors = (await anna.send("Magazijnmedewerker", expect="In welke sectoren"))[-1]
    # Thirteen sectors and Done: a list in pages of nine and a row to the next page.
    assert sectors.is_list()
    rows = sectors.buttons()
    assert len(rows) == 10 and rows[-1][0] == "Meer keuzes"
    await anna.toggle("Logistiek")
    await anna.toggle("Schoonmaak")
    # On the second page; after the press the list comes again on that page.
    checked = await anna.toggle("Groen")
    assert any(t.startswith("✅ Groen") for t, _ in checked.buttons())
    # A label of 25 characters: shortened on a whole character, the rest in the description.
    row = next(
        r
        for r in checked.body["interactive"]["action"]["sections"][0]["rows"]
        if r["title"].startswith("Onderwijs")
    )
    assert row["title"] == "Onderwijs en kinderopva…"
    assert row["description"] == "Onderwijs en kinderopvang"
    await anna.choose("Klaar", expect="Waar ben je goed in")
    await anna.send("Ik ben nauwkeurig", expect="Wanneer kun je werken")
    await anna.toggle("ma")
    await anna.toggle("ochtend")
    await anna.choose("Klaar", expect="In welke gemeente")
    summary = await anna.send("Zoetermeer", expect="Dit heb ik van je genoteerd")
    assert "• Sectoren: Logistiek, Schoonmaak en Groen en agrarisch" in text_of(summary)
    await anna.press("Klopt zo", expect="Wat wil je doen?")
