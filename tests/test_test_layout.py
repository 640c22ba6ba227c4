"""The tests' own shape, read with the standard library's ast: they mirror the code's
packages, and they share helpers through fixtures (conftest.py) and the helper modules only,
never by importing another test module (a chain of those breaks when one test file moves)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.code_graph import imported, modules_under

ROOT = Path(__file__).resolve().parent.parent
# The code the tests mirror: tests/bot/... for bot/..., tests/conversations/... likewise.
MIRRORED = ("bot", "conversations")
# What any test may import from tests/: the helper modules and the test infrastructure.
SHARED = {
    "tests.helpers",  # driving the engine directly, and the steps flow tests start from
    "tests.bot.telegram.helpers",  # driving the real Telegram stack
    "tests.bot.storage.contract",  # the storage contract suite: backends, records to store
    "tests.code_graph",  # modules and imports, read with ast
    "tests.fakebotapi",
    "tests.network_guard",
    "tests.bot.whatsapp.helpers",  # driving the real WhatsApp stack
    "tests.fakecloudapi",
    "tests.cloudapi_rules",  # what the Cloud API refuses, for the fake
    "tests.liftbot_process",  # `liftbot run` as a process, for the crash tests
}
# Test modules that import test modules because those are what they test: the contract
# suite runs its own tests against backends broken on purpose, to see them fail.
RUNS_TESTS = {"tests.bot.storage.test_broken_backends": "tests.bot.storage"}
# Test modules at tests/ itself: about the whole codebase, or about the test infrastructure.
AT_THE_TOP = {
    "test_structure",
    "test_locales",
    "test_test_layout",
    "test_fakebotapi",
    "test_fakecloudapi",
    "test_network_guard",
}


def borrowed(root: Path) -> list[str]:
    """Imports of test modules, conftests or other modules under tests/ that are no helper
    module, as "importer -> imported"."""
    known = modules_under(root, "tests")
    wrong = []
    for name, path in sorted(known.items()):
        for target in sorted(imported(name, path, known)):
            if target in SHARED or known[target].name == "__init__.py":
                continue
            runs = RUNS_TESTS.get(name)
            if runs and target.startswith(runs + ".") and known[target].stem.startswith("test_"):
                continue
            wrong.append(f"{name} -> {target}")
    return wrong


def counterpart(root: Path, folder: Path) -> Path | None:
    """The code a test folder mirrors: a package (tests/conversations/pairs ->
    conversations/pairs/) or a module (tests/bot/storage -> bot/storage.py)."""
    code = root / folder.relative_to(root / "tests")
    if (code / "__init__.py").exists():
        return code
    if code.with_suffix(".py").exists():
        return code.with_suffix(".py")
    return None


def unmirrored_folders(root: Path) -> list[str]:
    """Test folders under tests/bot and tests/conversations with no package or module of
    that name in the code."""
    wrong = []
    for top in MIRRORED:
        for folder in sorted((root / "tests" / top).rglob("*")):
            if folder.is_dir() and folder.name != "__pycache__" and not counterpart(root, folder):
                wrong.append(folder.relative_to(root).as_posix())
    return wrong


def misplaced_tests(root: Path) -> list[str]:
    """Test modules in a folder that mirrors no code of its own: tests/conversations itself
    (the code has only packages there), old folders such as tests/e2e, or tests/ itself
    unless they are about the whole codebase."""
    wrong = []
    for path in sorted((root / "tests").rglob("test_*.py")):
        folder = path.parent
        if folder == root / "tests":
            ok = path.stem in AT_THE_TOP
        elif folder.relative_to(root / "tests").parts[0] not in MIRRORED:
            ok = False
        else:
            code = counterpart(root, folder)
            ok = code is not None and (
                code.is_file() or any(p.name != "__init__.py" for p in code.glob("*.py"))
            )
        if not ok:
            wrong.append(path.relative_to(root).as_posix())
    return wrong


def is_fixture(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(called, ast.Attribute | ast.Name) and (
            getattr(called, "attr", None) == "fixture" or getattr(called, "id", None) == "fixture"
        ):
            return True
    return node.name.startswith("pytest_")  # a hook


def helpers_in_conftests(root: Path) -> list[str]:
    """Classes and plain functions in conftest.py files: they belong in a helper module."""
    wrong = []
    for path in sorted((root / "tests").rglob("conftest.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            plain = isinstance(node, ast.ClassDef) or (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not is_fixture(node)
            )
            if plain:
                wrong.append(f"{path.relative_to(root).as_posix()}: {node.name}")  # type: ignore[union-attr]
    return wrong


def test_no_test_module_imports_another() -> None:
    assert borrowed(ROOT) == []


def test_test_folders_mirror_the_code() -> None:
    assert unmirrored_folders(ROOT) == []
    assert misplaced_tests(ROOT) == []


def test_conftests_hold_fixtures_only() -> None:
    assert helpers_in_conftests(ROOT) == []


def test_the_helper_modules_exist() -> None:
    """The allowed list names real modules: a renamed helper module fails here, not silently."""
    known = modules_under(ROOT, "tests")
    assert SHARED <= set(known)
    assert set(RUNS_TESTS.values()) <= set(known)
    assert {path.stem for name, path in known.items() if name.count(".") == 1} >= AT_THE_TOP


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checks_find_what_breaks_the_layout(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "bot/__init__.py": "",
            "bot/app.py": "",
            "bot/storage.py": "",
            "conversations/__init__.py": "",
            "conversations/pairs/__init__.py": "",
            "conversations/pairs/pairing.py": "",
            "tests/__init__.py": "",
            "tests/helpers.py": "def onboarded_coach(): ...\n",
            "tests/fakebotapi.py": "",
            "tests/conftest.py": (
                "import pytest\n\n@pytest.fixture\ndef clock(): ...\n\n"
                "@pytest.fixture(params=[1])\ndef each(): ...\n\n"
                "def pytest_configure(config): ...\n\nclass Chat: ...\n\ndef outbox(): ...\n"
            ),
            "tests/test_structure.py": "",
            "tests/test_misc.py": "",
            "tests/bot/__init__.py": "",
            "tests/bot/test_app.py": "from tests.conftest import clock\n",
            "tests/bot/storage/__init__.py": "",
            "tests/bot/storage/test_people.py": "from tests.fakebotapi import FakeBotApi\n",
            "tests/bot/storage/test_broken_backends.py": (
                "from tests.bot.storage import test_people\n"
            ),
            "tests/conversations/__init__.py": "",
            "tests/conversations/test_flat.py": "from tests.helpers import onboarded_coach\n",
            "tests/conversations/pairs/__init__.py": "",
            "tests/conversations/pairs/test_a.py": (
                "from tests.helpers import onboarded_coach\n"
                "def test_x():\n    from tests.conversations.pairs.test_b import joined\n"
            ),
            "tests/conversations/pairs/test_b.py": "from .test_a import test_x\n",
            "tests/conversations/pairs/shared.py": "",
            "tests/conversations/pairs/test_c.py": "from tests.conversations.pairs import shared\n",
            "tests/conversations/nothing/__init__.py": "",
            "tests/conversations/nothing/test_d.py": "",
            "tests/e2e/__init__.py": "",
            "tests/e2e/test_e.py": "import tests.e2e\n",
        },
    )
    assert borrowed(tmp_path) == [
        "tests.bot.test_app -> tests.conftest",
        "tests.conversations.pairs.test_a -> tests.conversations.pairs.test_b",
        "tests.conversations.pairs.test_b -> tests.conversations.pairs.test_a",
        "tests.conversations.pairs.test_c -> tests.conversations.pairs.shared",
    ]
    assert unmirrored_folders(tmp_path) == ["tests/conversations/nothing"]
    assert misplaced_tests(tmp_path) == [
        "tests/conversations/nothing/test_d.py",
        "tests/conversations/test_flat.py",
        "tests/e2e/test_e.py",
        "tests/test_misc.py",
    ]
    assert helpers_in_conftests(tmp_path) == [
        "tests/conftest.py: Chat",
        "tests/conftest.py: outbox",
    ]
