"""End to end: `liftbot demo` as a separate process with piped input, in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def demo(tmp_path: Path, lines: list[str], language: str = "en", *options: str) -> str:
    """One run of `liftbot demo` in `tmp_path`: its folder is tmp_path / "liftbot-demo"."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--language", language, *options],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def folder(tmp_path: Path) -> Path:
    return tmp_path / "liftbot-demo"


def test_candidate_joins_in_the_console_and_resumes_later(tmp_path: Path) -> None:
    out = demo(tmp_path, ["1", "1", "1", "Anna", "Warehouse work"])
    # A job seeker on a fresh demo is never stuck without a coach: coach Carla joins first.
    assert "Nobody is coach in this demo yet" in out and "/as coach" in out
    assert "Welcome to LiftBot! You have been invited as a job seeker." in out
    assert "[1] ✅ Yes, I want to join" in out
    assert "Which sectors would you like to work in?" in out
    # A second run shows where Anna left off, and goes on at the same question: the
    # state is in the database.
    out = demo(tmp_path, ["1", "/start", "1", "14", "I am precise", "1", "11", "Zoetermeer"])
    assert "[1] Anna · job seeker" in out and "[3] Carla · coach" in out
    assert "Where you left off:\n\nWhich sectors would you like to work in?" in out
    assert "Welcome back!" in out and "[1] ✅ Logistics" in out
    assert "• Work wanted: Warehouse work" in out and "• Municipality: Zoetermeer" in out
    out = demo(tmp_path, ["1", "7", "/as coach"])
    # Anna's invite came from Carla's programme: Carla heard that Anna joined.
    assert "━━ Carla · coach" in out and "📬 New since your last turn:" in out
    assert "Anna" in out.split("━━ Carla · coach")[1]


def test_admin_creates_a_coach_invite_in_dutch(tmp_path: Path) -> None:
    out = demo(tmp_path, ["4", "/invite", "/mydata", "9", "nonsense"], language="nl")
    assert "Wie zit er achter het toetsenbord?" in out
    assert "Beheermenu" in out
    # In the terminal the invite is what one types to open it; the QR code is saved in the
    # demo folder, and the demo says where.
    assert "/start " in out and "t.me" not in out
    qr = folder(tmp_path) / "invite.png"
    assert qr.read_bytes().startswith(b"\x89PNG")
    assert f"[bestand bewaard: {qr}]" in out
    assert "Dit bewaar ik over jou" in out
    assert "Dat begrijp ik niet helemaal" in out


def test_help_lists_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0 and "run" in result.stdout and "demo" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "--story" in result.stdout and "--fresh" in result.stdout


def test_coach_plans_an_event_and_a_job_seeker_says_yes(tmp_path: Path) -> None:
    coach = [
        "3",
        "1",
        "1",
        "Carla",
        "Werkacademie",
        "3",  # join as the demo coach
        "/programme",
        "1",
        "In de Lift Zoetermeer",
        "Zoetermeer",
        "/newevent",
        "1",
        "4",
        "=",  # the main event is for job seekers and employers: keep that
        "Meet the employers",
        "10-12 10:00",
        "1",
        "3",
        "Stadhuis",
        "1",
        "1",
        "12",
        "1",
        "1",
    ]
    out = demo(tmp_path, coach)
    assert "Your invite, as the admin would send it:" in out
    assert "Saved: Meet the employers. Invitations sent: 0." in out
    candidate = [
        "1",
        "1",
        "1",
        "Anna",
        "Warehouse",
        "1",
        "14",
        "Planning",
        "1",
        "11",
        "Zoetermeer",
        "7",
        "a",  # the invitation that came in when she joined: its buttons have letters
    ]
    out = demo(tmp_path, candidate)
    assert "You are invited!\n\n📌 Meet the employers" in out
    assert "  [a] ✅ Yes\n  [b] 🤔 Maybe\n  [c] No" in out
    assert "Great that you are coming!" in out
    assert (folder(tmp_path) / "liftbot-1.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_coach_broadcasts_in_the_console(tmp_path: Path) -> None:
    demo(tmp_path, ["3", "1", "1", "Carla", "Werkacademie", "3"])
    demo(
        tmp_path,
        ["1", "1", "1", "Anna", "Warehouse", "1", "14", "Planning", "1", "11", "Zoetermeer", "7"],
    )
    out = demo(tmp_path, ["3", "/broadcast", "1", "Hello everyone!", "1", "1"])
    assert "This goes to 1 person, now" in out
    assert "Done! Delivered: 1. Unreachable: 0. Failed: 0." in out
    assert (folder(tmp_path) / "broadcast.csv").read_text().count("Anna") == 1
    # Anna reads it when she comes back.
    out = demo(tmp_path, ["1"])
    assert "📬 New since your last turn:" in out and "Hello everyone!" in out


def test_a_typed_number_is_an_answer_and_back_has_its_own_key(tmp_path: Path) -> None:
    coach = ["3", "1", "1", "Carla", "Werkacademie", "3", "/programme", "1", "Lift", "Delft"]
    coach += ["/newevent", "1", "4", "=", "Meet the employers", "10-12 10:00", "1", "3"]
    coach += ["Stadhuis"]
    # Skip the address and the pin; then "1" is one place, not the Back button.
    coach += ["1", "1", "1", "<", "=", "Come as you are", "1"]
    out = demo(tmp_path, coach)
    assert "  [<] ⬅️ Back" in out and "  [1] ⬅️ Back" not in out
    assert "Now it says: 1" in out and "  [=] ✔️ Keep this" in out
    assert "👥 Places: 1" in out


def test_a_pair_reaches_each_other_in_the_console(tmp_path: Path) -> None:
    coach = ["3", "1", "1", "Carla", "Werkacademie", "3", "/programme", "1", "Lift", "Delft"]
    demo(tmp_path, coach)
    demo(
        tmp_path,
        ["1", "1", "1", "Anna", "Warehouse", "1", "14", "Planning", "1", "11", "Zoetermeer", "7"],
    )
    buddy = ["2", "1", "1", "Bert", "Bakkerij Bert", "Warehouse help", "Logistics", "Delft"]
    demo(tmp_path, [*buddy, "Coffee", "All good"])
    demo(tmp_path, ["3", "/pair", "Lift", "Choose myself", "Anna", "Bert"])
    # `@contact` is the contact button: the demo's own number.
    out = demo(
        tmp_path,
        ["2", "/pairs", "Yes, gladly", "Share my phone number", "@contact", "/pairs"]
        + ["Write to Anna", "Hi!"],
    )
    assert "  [@contact] 📱 Share my phone number" in out
    assert "Done: Anna now has your phone number." in out
    # What came in for Anna: her choice of how Bert may reach her has letters.
    out = demo(tmp_path, ["1", "c"])
    assert "📱 Bert shares their phone number with you: +31 6 12345678." in out
    assert "✉️ Message from Bert:\n\nHi!" in out
    assert "  [c] 👤 Share my @username" in out
    assert "Done: Bert now has your @username @demo_candidate." in out


def test_as_switches_person_and_shows_what_came_in(tmp_path: Path) -> None:
    out = demo(
        tmp_path,
        ["0", "3", "/as Anna", "a", "/als werkgever 2", "/as jobseeker 2", "/as"]
        + ["/as nobody", "/as anna", "/guide"],
    )
    assert out.count("Several people take turns at this keyboard") == 2
    # The ready-made story is set up through the flows, then every person is there.
    assert "✓ Carla invites two job seekers, Anna and Samir" in out
    assert "[5] Samir · job seeker 2" in out and "[6] Eva · employer 2" in out
    carla, anna, eva, samir, rest = _screens(out, ["Carla", "Anna", "Eva", "Samir"])
    assert "Where you left off:" in carla and "Invitations sent: 4." in carla
    assert "You are invited!" in anna and "Great that you are coming!" in anna
    # Dutch words switch too, and each sees their own invitation.
    assert "You are invited!" in eva and "You are invited!" in samir
    assert "The people in this demo:" in rest
    assert 'I do not know who "nobody" is in this demo.' in rest
    # Back to Anna: her screen as she left it, and nothing new.
    assert "Great that you are coming!" in rest.split("━━ Anna · job seeker")[1]
    assert "(Nothing new since your last turn.)" in rest


def _screens(out: str, names: list[str]) -> list[str]:
    """The transcript cut at each person's header, in the order given; then the rest."""
    parts = []
    for name in names:
        before, _, out = out.partition(f"━━ {name} · ")
        parts.append(out)
    return [*(p.split("━━ ")[0] for p in parts), out]


def test_later_moves_the_clock_and_shows_what_each_person_got(tmp_path: Path) -> None:
    lines = ["0", "1", "a", "/as Bert", "a", "/later"]
    lines += ["/later banana", "/later 2 days", "/later 20 min", "/later thursday 13:45"]
    out = demo(tmp_path, lines)
    assert "How much later? For example: /later 2 days" in out
    assert "I cannot read that time." in out
    assert "🕑 Demo time: Monday" in out and "🕑 Demo time: Wednesday" in out
    assert "🕑 Demo time: Thursday" in out
    # Two days later: the "two days before" reminder for both who said yes.
    news = out.split("> /later 2 days")[1].split("> /later 20 min")[0]
    assert "📬 Anna · job seeker" in news and "📬 Bert · employer" in news
    assert "Tuesday" in news and "Reminder: you are coming to 📌 Meet the employers" in news
    # Bert is at the keyboard: his reminder is shown in full, with its buttons.
    assert "━━ Bert · employer" in news and "  [a] ✅ Yes" in news
    assert "LiftBot sent nobody anything in the meantime." in out
    # The morning reminder on the day, two hours before.
    day = out.split("> /later thursday 13:45")[1]
    assert "Thursday" in day and "12:00 · Reminder: you are coming to" in day
    # The demo time is kept in the demo folder: the next run goes on at Thursday.
    assert (folder(tmp_path) / "clock.json").exists()
    out = demo(tmp_path, ["1", "/later maandag 10:00", "/later 2 dagen"], "nl")
    assert out.count("🕑 Tijd in de demo: donderdag") == 1
    assert "🕑 Tijd in de demo: maandag" in out and "🕑 Tijd in de demo: woensdag" in out


def test_a_coach_writes_two_tips_and_two_tops_over_several_lines(tmp_path: Path) -> None:
    cv = tmp_path / "cv-anna.pdf"
    cv.write_bytes(b"%PDF-1.4\n%%EOF\n")
    lines = ["0", "1", "/cv", f"@{cv}", "/as coach", "a"]
    lines += ["Put your forklift certificate at the top \\", "Add your years at the supermarket"]
    lines += ["Clear and short\\", "Your strengths stand out", "1", "/as Anna"]
    out = demo(tmp_path, lines)
    assert "Your CV has been sent to Carla." in out
    assert "Anna asks for a CV check: two tips and two tops." in out
    assert (
        "💡 Put your forklift certificate at the top\n💡 Add your years at the supermarket" in out
    )
    assert "⭐ Clear and short\n⭐ Your strengths stand out" in out
    assert "Sent to Anna. Thank you!" in out
    assert "Your CV check from Carla is here!" in out.split("━━ Anna · job seeker")[-1]


def test_fresh_starts_over_and_the_folder_is_ignored_by_git(tmp_path: Path) -> None:
    demo(tmp_path, ["0", "4"])
    assert (folder(tmp_path) / "demo.sqlite3").exists()
    out = demo(tmp_path, ["4"])
    assert "[0] 📖" not in out and "[5] Samir · job seeker 2" in out
    out = demo(tmp_path, ["4"], "en", "--fresh")
    assert "[0] 📖 The ready-made story" in out and "Samir · " not in out
    # A folder the demo did not make is never emptied: only its database goes.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    (mine / "demo.sqlite3").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--folder", str(mine), "--fresh"],
        input="/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "was not made by the demo" in result.stderr
    assert (mine / "notes.txt").read_text() == "keep me"
    assert "liftbot-demo/" in (ROOT / ".gitignore").read_text().splitlines()
