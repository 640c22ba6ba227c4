"""End to end: `liftbot demo` as a separate process with piped input, in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def demo(tmp_path: Path, lines: list[str], language: str = "en") -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "demo",
            "--database",
            str(tmp_path / "demo.sqlite3"),
            "--language",
            language,
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_candidate_joins_in_the_console_and_resumes_later(tmp_path: Path) -> None:
    out = demo(tmp_path, ["1", "1", "1", "Anna", "Warehouse work"])
    assert "Welcome to LiftBot! You have been invited as a job seeker." in out
    assert "[1] ✅ Yes, I want to join" in out
    assert "Which sectors would you like to work in?" in out
    # A second run continues at the same question: the state is in the database.
    out = demo(tmp_path, ["1", "/start", "1", "14", "I am precise", "1", "11", "Zoetermeer"])
    assert "Welcome back!" in out and "[1] ✅ Logistics" in out
    assert "• Work wanted: Warehouse work" in out and "• Municipality: Zoetermeer" in out


def test_admin_creates_a_coach_invite_in_dutch(tmp_path: Path) -> None:
    out = demo(tmp_path, ["4", "/invite", "/mydata", "9", "nonsense"], language="nl")
    assert "Beheermenu" in out
    # In the terminal the invite is what one types to open it.
    assert "/start " in out and "t.me" not in out
    assert (tmp_path / "invite.png").read_bytes().startswith(b"\x89PNG")
    assert "Dit bewaar ik over jou" in out
    assert "Dat begrijp ik niet helemaal" in out


def test_help_lists_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0 and "run" in result.stdout and "demo" in result.stdout


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
        "/events",
        "1",
    ]
    out = demo(tmp_path, candidate)
    assert "You are invited!\n\n📌 Meet the employers" in out
    assert "Great that you are coming!" in out
    assert (tmp_path / "liftbot-1.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_coach_broadcasts_in_the_console(tmp_path: Path) -> None:
    demo(tmp_path, ["3", "1", "1", "Carla", "Werkacademie", "3"])
    demo(
        tmp_path,
        ["1", "1", "1", "Anna", "Warehouse", "1", "14", "Planning", "1", "11", "Zoetermeer", "7"],
    )
    out = demo(tmp_path, ["3", "/broadcast", "1", "Hello everyone!", "1", "1"])
    assert "This goes to 1 person, now" in out
    assert "Done! Delivered: 1. Unreachable: 0. Failed: 0." in out
    assert (tmp_path / "broadcast.csv").read_text().count("Anna") == 1
    # Anna reads it on her next turn.
    assert "Hello everyone!" in demo(tmp_path, ["1"])


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
    out = demo(tmp_path, ["1", "12"])
    assert "📱 Bert shares their phone number with you: +31 6 12345678." in out
    assert "✉️ Message from Bert:\n\nHi!" in out
    assert "Done: Bert now has your @username @demo_candidate." in out
