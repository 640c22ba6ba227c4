"""The contract suite checks every method of the storage protocols: each is declared by a
contract test (which the `backend` fixture holds to calling it), and nothing is declared
that is no protocol method. A new protocol method without a contract test fails here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any, Protocol

import tests.bot.storage
from bot.storage import Backend
from conversations.core import stores
from conversations.core.stores import Store
from tests.bot.storage.contract import protocol_methods


def contract_tests() -> dict[str, frozenset[str]]:
    """Every contract test in this package, with the methods it declares."""
    found: dict[str, frozenset[str]] = {}
    for info in pkgutil.iter_modules(tests.bot.storage.__path__):
        if not info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"tests.bot.storage.{info.name}")
        for name, value in vars(module).items():
            declared = getattr(value, "contract_methods", None)
            if inspect.isfunction(value) and value.__module__ == module.__name__ and declared:
                found[f"{info.name}.{name}"] = declared
    return found


def uncovered(protocol: type, tests: dict[str, frozenset[str]]) -> tuple[set[str], set[str]]:
    """The protocol's methods no test declares, and declared names it does not have."""
    declared = set().union(*tests.values()) if tests else set()
    methods = protocol_methods(protocol)
    return methods - declared, declared - methods


def test_every_protocol_method_has_a_contract_test_and_no_more() -> None:
    missing, unknown = uncovered(Backend, contract_tests())
    assert not missing, f"protocol methods without a contract test: {sorted(missing)}"
    assert not unknown, f"contract tests declare methods no protocol has: {sorted(unknown)}"


def test_the_backend_protocol_holds_the_flows_store_and_every_area() -> None:
    """So checking Backend's methods checks the Store the flows use, all of it."""
    assert protocol_methods(Store) <= protocol_methods(Backend)
    areas = [getattr(stores, name) for name in stores.__all__ if name != "Store"]
    assert set(Store.__mro__) >= set(areas)
    in_areas = set().union(*(protocol_methods(area) for area in areas))
    assert in_areas == protocol_methods(Store)
    # No method is promised by two areas.
    assert sum(len(protocol_methods(area)) for area in areas) == len(in_areas)
    # Enough to notice if the introspection itself broke (and found nothing).
    assert len(protocol_methods(Backend)) > 100


class _Smaller(Protocol):
    async def alpha(self) -> None: ...
    def beta(self) -> Any: ...


class _Bigger(_Smaller, Protocol):
    async def gamma(self, n: int) -> int: ...


def test_the_check_finds_a_method_without_a_test_and_a_stray_declaration() -> None:
    tests: dict[str, frozenset[str]] = {"a": frozenset({"alpha"}), "b": frozenset({"beta", "x"})}
    assert protocol_methods(_Bigger) == {"alpha", "beta", "gamma"}
    assert uncovered(_Bigger, tests) == ({"gamma"}, {"x"})
    assert uncovered(_Smaller, tests) == (set(), {"x"})


def test_every_contract_test_is_a_test_of_the_backend() -> None:
    """A declared test that pytest would not run over the backends would cover nothing."""
    for name, _ in contract_tests().items():
        module_name, function_name = name.split(".")
        module = importlib.import_module(f"tests.bot.storage.{module_name}")
        test: Callable[..., Any] = getattr(module, function_name)
        assert function_name.startswith("test_") and inspect.iscoroutinefunction(test), name
        assert next(iter(inspect.signature(test).parameters)) == "backend", name
