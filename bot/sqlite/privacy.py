"""SQLite storage for what is kept about one person: the reads behind /mydata, the erasure
behind /forget, and handing a departed coach's programmes to another coach."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.sqlite.base import at, person_from_row, to_db
from bot.sqlite.broadcasts import BroadcastsMixin
from bot.sqlite.coaching import CoachingMixin
from bot.sqlite.events import EventsMixin
from bot.sqlite.pairs import PairsMixin
from bot.sqlite.queue import QueueMixin
from conversations.core.records import (
    Broadcast,
    CvReview,
    Evaluation,
    Event,
    Pair,
    Person,
    Programme,
    Rsvp,
    Scheduled,
)


class PrivacyMixin(EventsMixin, CoachingMixin, PairsMixin, QueueMixin, BroadcastsMixin):
    # Set after an erasure, so the unit of work checkpoints the WAL (old page images).
    _erased: bool = False

    # -- /mydata ----------------------------------------------------------------------

    async def programmes_of_member(self, person_id: int) -> list[Programme]:
        rows = await self._rows(
            "SELECT g.* FROM programmes g JOIN memberships m ON m.programme_id = g.id"
            " WHERE m.person_id = ? ORDER BY m.joined_at, g.id",
            (person_id,),
        )
        return [self._programme(row) for row in rows]

    async def rsvps_of_person(self, person_id: int) -> list[tuple[Event, Rsvp]]:
        rows = await self._rows(
            "SELECT * FROM rsvps WHERE person_id = ? ORDER BY event_id", (person_id,)
        )
        found = []
        for row in rows:
            event = await self.event(row["event_id"])
            if event is not None:
                found.append((event, self._rsvp(row)))
        return sorted(found, key=lambda pair: pair[0].starts_at)

    async def evaluations_of_person(self, person_id: int) -> list[Evaluation]:
        rows = await self._rows(
            "SELECT * FROM evaluations WHERE person_id = ? ORDER BY created_at", (person_id,)
        )
        return [Evaluation(r["event_id"], r["person_id"], r["rating"], r["comment"]) for r in rows]

    async def cv_reviews_of_person(self, person_id: int) -> list[CvReview]:
        """CV checks someone asked for, and the ones they were asked to give."""
        rows = await self._rows(
            "SELECT * FROM cv_reviews WHERE candidate_id = ? OR reviewer_id = ? ORDER BY id",
            (person_id, person_id),
        )
        return [self._cv(row) for row in rows]

    async def all_pairs_of_person(self, person_id: int) -> list[Pair]:
        rows = await self._rows(
            "SELECT * FROM pairs WHERE candidate_id = ? OR buddy_id = ? ORDER BY id",
            (person_id, person_id),
        )
        return [self._pair(row) for row in rows]

    async def scheduled_of_person(self, person_id: int) -> list[Scheduled]:
        rows = await self._rows(
            "SELECT * FROM scheduled WHERE person_id = ? AND sent_at IS NULL"
            " AND cancelled_at IS NULL ORDER BY due_at",
            (person_id,),
        )
        return [
            Scheduled(
                r["id"], r["kind"], r["person_id"], r["event_id"], at(r["due_at"]), r["subject"]
            )
            for r in rows
        ]

    async def broadcasts_of_sender(self, sender_id: int) -> list[Broadcast]:
        rows = await self._rows(
            "SELECT * FROM broadcasts WHERE sender_id = ? ORDER BY id", (sender_id,)
        )
        return [self._broadcast(row) for row in rows]

    # -- coaches and admins -------------------------------------------------------------

    async def people_with_role(self, role: str) -> list[Person]:
        """Everyone of a role who can be reached and finished joining (admins need not)."""
        rows = await self._rows(
            "SELECT * FROM people WHERE role = ? AND forgotten_at IS NULL AND chat_key IS NOT NULL"
            " AND (onboarded_at IS NOT NULL OR role = 'admin') ORDER BY id",
            (role,),
        )
        return [person_from_row(row) for row in rows]

    async def programmes_without_coach(self) -> list[Programme]:
        """Programmes whose coach left: they wait for an admin to hand them over."""
        rows = await self._rows(
            "SELECT g.* FROM programmes g JOIN people p ON p.id = g.coach_id"
            " WHERE p.forgotten_at IS NOT NULL ORDER BY g.id"
        )
        return [self._programme(row) for row in rows]

    async def hand_over(self, programme_id: int, coach_id: int) -> None:
        """The programme, its pairs and its members go to another coach."""
        row = await self._row("SELECT coach_id FROM programmes WHERE id = ?", (programme_id,))
        if row is None:
            return
        old = row["coach_id"]
        params = (coach_id, programme_id, old)
        await self._db.execute("UPDATE programmes SET coach_id = ? WHERE id = ?", params[:2])
        await self._db.execute(
            "UPDATE pairs SET coach_id = ? WHERE programme_id = ? AND coach_id = ?", params
        )
        # The coach who invited a member is their coach (their CV check goes there): the new one.
        await self._db.execute(
            "UPDATE people SET invited_by = ? WHERE invited_by = ? AND id IN"
            " (SELECT person_id FROM memberships WHERE programme_id = ?)",
            (coach_id, old, programme_id),
        )

    # -- /forget ------------------------------------------------------------------------

    async def forget_person(self, person_id: int, now: datetime) -> None:
        """Erase every word someone typed or was told about them; the bare row stays (role,
        dates) so others' records keep their links and counts. With secure_delete and a WAL
        checkpoint afterwards, none of it lingers in the database file or its WAL."""
        row = await self._row("SELECT chat_key FROM people WHERE id = ?", (person_id,))
        chat_key = row["chat_key"] if row else None
        if chat_key:
            # The intake holds their words until handled (and a week when set aside); held
            # messages wait for them outside WhatsApp's window.
            for table in ("conversations", "outbox", "intake", "held", "last_incoming"):
                await self._db.execute(f"DELETE FROM {table} WHERE chat_key = ?", (chat_key,))
        pairs = "SELECT id FROM pairs WHERE candidate_id = ?1 OR buddy_id = ?1"
        for sql in (
            # Messages for others that tell about them and wait to be sent.
            "DELETE FROM outbox WHERE about LIKE '%,' || ?1 || ',%'",
            "DELETE FROM held WHERE about LIKE '%,' || ?1 || ',%'",
            "DELETE FROM prep_progress WHERE person_id = ?1",
            # Their CV (file name included) and the tips on it; a request still waiting on
            # them as reviewer holds someone else's CV: it goes, that person may send again.
            "DELETE FROM cv_reviews WHERE candidate_id = ?1"
            " OR (reviewer_id = ?1 AND answered_at IS NULL)",
            "UPDATE cv_reviews SET tips = NULL, tops = NULL WHERE reviewer_id = ?1",
            "UPDATE evaluations SET comment = NULL WHERE person_id = ?1",
            "UPDATE pairs SET reason = NULL WHERE candidate_id = ?1 OR buddy_id = ?1",
            f"UPDATE agreements SET text = NULL WHERE recorded_by = ?1 OR pair_id IN ({pairs})",
            # Numbers and usernames they shared, and those shared with them in their pairs.
            f"DELETE FROM pair_reach WHERE person_id = ?1 OR pair_id IN ({pairs})",
            # Their pairs end. Where they met, and every word about a meeting (a reason
            # to cancel, a note on times that did not suit) and every help note in those
            # pairs, names or places one of the two: all go, either side typed it. The
            # meetings' kinds, times and states stay for the coach's counts.
            "UPDATE meetings SET place_text = NULL, place_link = NULL, latitude = NULL,"
            f" longitude = NULL, note = NULL WHERE pair_id IN ({pairs})",
            "UPDATE help_requests SET note = NULL WHERE person_id = ?1 OR agreement_id IN"
            f" (SELECT id FROM agreements WHERE pair_id IN ({pairs}))",
            "DELETE FROM round_two WHERE candidate_id = ?1 OR buddy_id = ?1",
            "DELETE FROM memberships WHERE person_id = ?1",
            "UPDATE scheduled SET cancelled_at = 'forgotten'"
            " WHERE person_id = ?1 AND sent_at IS NULL",
            # Delivery logs hold their chat address (a WhatsApp message id their number);
            # broadcasts they wrote hold their words.
            "DELETE FROM broadcast_messages WHERE person_id = ?1 OR broadcast_id IN"
            " (SELECT id FROM broadcasts WHERE sender_id = ?1)",
            "DELETE FROM broadcast_recipients WHERE person_id = ?1 OR broadcast_id IN"
            " (SELECT id FROM broadcasts WHERE sender_id = ?1)",
            "DELETE FROM broadcasts WHERE sender_id = ?1",
        ):
            await self._db.execute(sql, (person_id,))
        # Answers to meetings still to come go, so their places can go to others.
        await self._db.execute(
            "DELETE FROM rsvps WHERE person_id = ? AND event_id IN"
            " (SELECT id FROM events WHERE starts_at > ?)",
            (person_id, to_db(now)),
        )
        await self._scrub_suggestions(person_id)
        await self._db.execute(
            "UPDATE people SET chat_key=NULL, language=NULL, name=NULL, profile='{}',"
            " programme=NULL, consent_at=NULL, onboarded_at=NULL, last_seen_on=NULL,"
            " forgotten_at=? WHERE id=?",
            (to_db(now), person_id),
        )
        self._unit.plan_changed = self._unit.broadcasts_changed = True
        self._erased = True

    async def _scrub_suggestions(self, person_id: int) -> None:
        """A coach halfway through pair suggestions keeps the reasons (words shared with
        their intake) in the chat state: those about this person go."""
        rows = await self._rows(
            "SELECT chat_key, data FROM conversations WHERE data LIKE '%\"suggestions\"%'"
        )
        for row in rows:
            data = json.loads(row["data"])
            if _scrub(data, person_id):
                await self._db.execute(
                    "UPDATE conversations SET data = ? WHERE chat_key = ?",
                    (json.dumps(data), row["chat_key"]),
                )


def _scrub(data: Any, person_id: int) -> bool:
    """Empty the reasons of suggestions naming the person, in this state and the flows
    saved under it; True when anything changed."""
    changed = False
    if isinstance(data, dict):
        for suggestion in data.get("suggestions") or []:
            if person_id in suggestion[:2] and suggestion[2]:
                suggestion[2], changed = [], True
        for value in data.values():
            changed = _scrub(value, person_id) or changed
    return changed
