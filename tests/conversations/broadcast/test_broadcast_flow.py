"""Flow tests for /broadcast: who may send, and to whom."""

from __future__ import annotations

from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from tests.helpers import onboarded_coach, start_programme


async def test_a_coach_cannot_target_another_coachs_programme(
    engine: Engine, store: SqliteStore
) -> None:
    carla = await onboarded_coach(engine, 2000)
    await start_programme(carla, "In de Lift", "Carla's Lift", "Zoetermeer")
    olga = await onboarded_coach(engine, 2100)
    await start_programme(olga, "JobOn", "Olga's JobOn", "Amstelveen")
    await olga.send("/broadcast")
    await olga.press("A programme")
    own = olga.button("Olga's JobOn")
    version, _, ident = own.rpartition(":")
    theirs = int(ident) - 1  # Carla's programme was made first
    await olga.press_data(f"{version.split(':')[0]}:prog:{theirs}")
    assert olga.last is not None and olga.last.button_status == "forged"
    assert "cannot use that button" in olga.text()
