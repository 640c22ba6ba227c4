"""`liftbot demo --story`: the whole journey from invite to "done", played through the real
flows by a separate process, in English (each role's key lines) and Dutch (a smoke check);
and the demo's own pieces: /later's times, /as's names, its catalogue keys."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import get_args
from zoneinfo import ZoneInfo

from bot.config import SUPPORTED_LOCALES
from bot.console.cast import BY_ADDRESS, CAST, ROLE_WORDS, find_seat
from bot.console.later import Problem, target_of
from bot.i18n import load_catalogue, texts

ROOT = Path(__file__).resolve().parents[3]
ZONE = ZoneInfo("Europe/Amsterdam")
# A day as the demo shows it: its month depends on when the story is played, and the year
# shows when it is not the demo's current one ("Tuesday 5 January 2027").
DAY = r"\d+ \w+(?: \d{4})?"


def story(tmp_path: Path, language: str) -> str:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--story", "--language", language],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert time.monotonic() - started < 60
    return result.stdout


def screen(out: str, title: str, after: str = "") -> str:
    """The first screen under a person's header (after `after`, when given)."""
    rest = out.split(after, 1)[1] if after else out
    return rest.split(f"━━ {title} ", 1)[1].split("\n━━ ", 1)[0].split("\n▶ ", 1)[0]


def test_the_story_plays_from_invite_to_done(tmp_path: Path) -> None:
    out = story(tmp_path, "en")
    acts = re.findall(r"^▶ (\d+)/(\d+) · ", out, flags=re.MULTILINE)
    assert len(acts) == int(acts[0][1]) >= 10
    # The admin invites the coach; she opens the link the admin's screen shows.
    admin = screen(out, "Admin")
    token = re.search(r"^/start (\S+)$", admin, flags=re.MULTILINE)
    assert token is not None and "Admin menu" in admin
    assert f"Coach> /start {token[1]}   (opens the invite link)" in out
    assert "Done: In de Lift Zoetermeer (In de Lift)." in out
    # Four people join through their own invites, each in their own chat.
    for name in ("Anna", "Samir"):
        assert f"Great, {name}! You are ready to start." in out
    for name in ("Bert", "Eva"):
        assert f"Thank you, {name}! Great that you join as an employer." in out
    assert "Saved: Meet the employers. Invitations sent: 4." in out
    anna = screen(out, "Anna · job seeker", after="Invitations sent: 4.")
    assert "📬 New since your last turn:" in anna and "You are invited!" in anna
    assert "Anna> a   (✅ Yes)" in anna and "Great that you are coming!" in anna
    assert "Eva> b   (🤔 Maybe)" in out
    # Carla's message for Wednesday 17:00 waits; her tips and tops are typed over two lines.
    assert "Scheduled for Wednesday" in out
    assert "Carla> Put your forklift certificate at the top \\\n… Add the years" in out
    assert "💡 Put your forklift certificate at the top\n💡 Add the years" in out
    assert "Your CV check from Carla is here!" in out
    # To Thursday: per person, what came on the way, at the time it came.
    day = out.split("> /later thursday 13:45", 1)[1]
    assert "🕑 Demo time: Thursday" in day and "What LiftBot sent in the meantime:" in day
    assert re.search(rf"Tuesday {DAY}, 14:00 · Reminder: you are coming to", day)
    assert re.search(rf"Wednesday {DAY}, 17:00 · Hello everyone!", day)
    assert re.search(r"📬 Carla · coach\n.*Done! Delivered: 4\.", day)
    assert "(scans the QR code at the door)" in day
    assert "Welcome, Anna! You are checked in for Meet the employers." in day
    # The morning after: the evaluation and round two.
    morning = out.split("> /later friday 10:15", 1)[1]
    assert "How was Meet the employers?" in morning
    assert "Round two: which entrepreneurs would you like to talk to further?" in morning
    assert "Thank you! Your coach sees your choice" in morning
    # Carla pairs them in one go; Eva accepts and keeps her number private.
    assert "Paired: Anna and Eva. I am asking Eva to accept." in out
    assert "Paired: Samir and Bert. I am asking Bert to accept." in out
    assert "Fine: Anna reaches you through LiftBot." in out
    # Eva proposes a place and times; Anna shares her number and picks one.
    assert "Eva proposes to meet:\n📍 Van Dijk Logistiek" in out
    assert "Done: Eva now has your phone number." in out
    assert "📱 Anna shares their phone number with you: +31 6 12345678." in out
    assert re.search(rf"Agreed with Eva: Tuesday {DAY}, 10:00", out)
    # Past the meeting: "did you talk?", what they agreed, Anna confirms.
    talked = out.split("> /later tuesday 12:30", 1)[1]
    assert "Did you talk with Anna?" in talked and "Did you talk with Eva?" in talked
    assert "Recorded: A job interview" in talked and "Confirmed: A job interview" in talked
    # The nudge, and done.
    end = out.split("> /later monday 10:15", 1)[1]
    assert "Just checking: A job interview" in end
    assert "🎉 Wonderful! A job interview" in end and "done! What a great step." in end
    assert "Anna reports: done! A job interview" in end
    assert "Follow-through: 2 paired → 1 met → 1 agreed → 1 done." in end
    assert "📖 The end." in end
    # Every file went to the demo folder, and the demo said where.
    demo = tmp_path / "liftbot-demo"
    for name in ("invite.png", "checkin-1.png", "liftbot-1.ics", "liftbot-meeting-1.ics"):
        assert f"[file saved: {demo / name}]" in out
    assert (demo / "broadcast.csv").read_text(encoding="utf-8-sig").count("Anna") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liftbot-demo"]

    # `liftbot demo` goes on from the end of the story, at the story's time.
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--language", "en"],
        input="5\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert "[5] Samir · job seeker 2" in result.stdout
    assert "🕑 Demo time: Monday" in result.stdout
    assert "Where you left off:" in result.stdout


def test_the_story_in_dutch(tmp_path: Path) -> None:
    out = story(tmp_path, "nl")
    assert "▶ 1/" in out and "Maandagochtend." in out
    assert "Opgeslagen: Kennismaken met werkgevers. Uitnodigingen verstuurd: 4." in out
    assert "🕑 Tijd in de demo: donderdag" in out
    assert "Wat LiftBot in de tussentijd stuurde:" in out
    assert "━━ Anna · werkzoekende" in out and "━━ Eva · werkgever 2" in out
    assert "(scant de QR-code bij de deur)" in out
    assert "📖 Einde." in out


def test_later_reads_amounts_and_moments_in_both_languages() -> None:
    now = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # Monday 09:30 in Amsterdam

    def moved(typed: str) -> timedelta | None:
        moment = target_of(typed, now, ZONE).moment
        return moment - now if moment else None

    assert moved("2 days") == moved("2 dagen") == moved("2d") == timedelta(days=2)
    assert moved("3h") == moved("3 uur") == moved("3 hours") == timedelta(hours=3)
    assert moved("90 min") == moved("1,5 uur") == timedelta(minutes=90)
    assert moved("1 week") == timedelta(weeks=1)
    assert moved("monday 10:00") == moved("maandag 10:00") == timedelta(days=7, minutes=30)
    assert moved("tomorrow 9:00") == moved("morgen 9:00") == timedelta(hours=23, minutes=30)
    problems = {
        "": "empty",
        "banana": "unclear",
        "0 days": "past",
        "400 days": "too_far",
    }
    for typed, problem in problems.items():
        assert target_of(typed, now, ZONE).problem == problem, typed


def test_as_names_a_person_by_role_number_or_first_name() -> None:
    names = {"1": "Anna", "2": "Bert", "3": "Carla", "5": "Samir", "6": "Eva"}
    cases = {
        "coach": "3",
        "jobseeker": "1",
        "job seeker 2": "5",
        "werkzoekende 2": "5",
        "werkgever": "2",
        "employer 2": "6",
        "buddy 2": "6",
        "beheerder": "4",
        "Anna": "1",
        "eva": "6",
        "Sam": "5",
    }
    for words, address in cases.items():
        seat = find_seat(words, names)
        assert seat is not None and seat.address == address, words
    for words in ("nobody", "coach 2", "jobseeker 3", ""):
        assert find_seat(words, names) is None, words
    assert set(ROLE_WORDS.values()) == {seat.role for seat in CAST}
    assert BY_ADDRESS["4"].role == "admin"


def test_every_demo_text_is_in_both_languages() -> None:
    """The demo's own texts live in demo.po: every key it uses is there in nl and en, and
    demo.po holds nothing else."""
    code = "\n".join(p.read_text() for p in (ROOT / "bot" / "console").glob("*.py"))
    used = set(re.findall(r"[\"'](demo\.[a-z_.]+)[\"']", code))
    used |= {f"demo.later_{problem}" for problem in get_args(Problem)}
    used |= {f"demo.role.{seat.role}" for seat in CAST}
    assert len(used) > 30, "the scan found too few keys: the pattern is broken"
    for locale in SUPPORTED_LOCALES:
        catalogue = texts(load_catalogue(locale))
        assert sorted(used - set(catalogue)) == [], locale
        own = ROOT / "locales" / locale / "LC_MESSAGES" / "demo.po"
        keys = set(re.findall(r'^msgid "(demo\.[a-z_.]+)"', own.read_text(), re.MULTILINE))
        assert keys == used, locale
        assert not any(k.startswith("demo.") for k in catalogue.keys() - keys), locale
