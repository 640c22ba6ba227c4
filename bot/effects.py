"""What a committed unit of work changed that the application acts on afterwards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Effects:
    # Messages written to the outbox for other people (or for later).
    queued: int = 0
    # Scheduled rows were added, moved or removed: the timer is set again.
    plan_changed: bool = False
    # A broadcast was created or changed (paused, resumed, stopped): the sender looks again.
    broadcasts_changed: bool = False

    def add(self, other: Effects) -> None:
        self.queued += other.queued
        self.plan_changed |= other.plan_changed
        self.broadcasts_changed |= other.broadcasts_changed
