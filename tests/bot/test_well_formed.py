"""Text that is no valid Unicode, coming in and going out."""

from __future__ import annotations

from bot.messages import Message
from bot.well_formed import readable, well_formed, well_formed_message
from conversations.core.types import Attachment, FileRef, Incoming, SharedContact


def test_lone_surrogates_become_the_replacement_character() -> None:
    assert well_formed("Hallo \ud83d!") == "Hallo \ufffd!"
    assert well_formed("\udc4d\ud83d") == "\ufffd\ufffd"
    # A pair written as two code points is the one character it stands for.
    assert well_formed("\ud83d\udc4d") == "👍"
    text = "Gewoon tekst 👍 café"
    assert well_formed(text) is text


def test_a_message_is_sent_well_formed_everywhere_a_person_reads() -> None:
    message = Message(
        "Hoi \ud83d",
        buttons=[[("Ja \udc00", "v1:yes")]],
        attachment=Attachment("document", b"x", "cv\ud83d.pdf"),
        contact_button="Deel \ud83d",
    )
    clean = well_formed_message(message)
    assert clean.text == "Hoi \ufffd" and clean.buttons == [[("Ja \ufffd", "v1:yes")]]
    assert clean.attachment is not None and clean.attachment.filename == "cv\ufffd.pdf"
    assert clean.contact_button == "Deel \ufffd"
    fine = Message("Hoi", buttons=[[("Ja", "v1:yes")]])
    assert well_formed_message(fine) is fine


def test_what_comes_in_half_readable_is_refused() -> None:
    unreadable = Incoming("unreadable")
    assert readable(Incoming.from_text("Anna \ud83d")) == unreadable
    assert readable(Incoming.from_text("/start abc\ud83d")) == unreadable
    assert readable(Incoming("contact", contact=SharedContact("+31\ud83d", True))) == unreadable
    cv = FileRef("document", "f1", "application/pdf", 10, "cv\ud83d.pdf")
    assert readable(Incoming("file", file=cv)) == unreadable
    # Button data: made into data LiftBot never sent, which the router refuses.
    assert readable(Incoming("choice", choice="v1:x\ud83d")).choice == "v1:x\ufffd"
    fine = Incoming.from_text("Anna 👍")
    assert readable(fine) is fine
