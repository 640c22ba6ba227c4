"""Schema migrations 1 to 8: people, programmes, events, pairs, the queue and broadcasts,
as first released. bot/sqlite/migrations.py continues the list; never edit an entry here."""

from __future__ import annotations

FIRST: list[str] = [
    """
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        chat_key TEXT UNIQUE,
        role TEXT NOT NULL,
        language TEXT,
        name TEXT,
        profile TEXT NOT NULL DEFAULT '{}',
        programme TEXT,
        invited_by INTEGER REFERENCES people(id),
        consent_at TEXT,
        onboarded_at TEXT,
        created_at TEXT NOT NULL,
        forgotten_at TEXT
    );
    CREATE TABLE conversations (
        chat_key TEXT PRIMARY KEY,
        flow TEXT,
        step TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        version INTEGER NOT NULL DEFAULT 0,
        offered TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE invites (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        programme TEXT,
        created_by INTEGER REFERENCES people(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        used_by INTEGER REFERENCES people(id)
    );
    """,
    """
    CREATE TABLE programmes (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        municipality TEXT,
        coach_id INTEGER NOT NULL REFERENCES people(id),
        created_at TEXT NOT NULL
    );
    CREATE TABLE memberships (
        programme_id INTEGER NOT NULL REFERENCES programmes(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        joined_at TEXT NOT NULL,
        PRIMARY KEY (programme_id, person_id)
    );
    ALTER TABLE invites ADD COLUMN programme_id INTEGER REFERENCES programmes(id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER NOT NULL REFERENCES programmes(id),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        venue_name TEXT NOT NULL,
        venue_address TEXT,
        latitude REAL,
        longitude REAL,
        capacity INTEGER NOT NULL,
        description TEXT,
        reminders TEXT NOT NULL DEFAULT '[2880, 120]',
        checkin_code TEXT NOT NULL UNIQUE,
        cancelled_at TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX events_by_start ON events (starts_at);
    CREATE TABLE rsvps (
        event_id INTEGER NOT NULL REFERENCES events(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        state TEXT NOT NULL DEFAULT 'invited',
        answered_at TEXT,
        waitlisted_at TEXT,
        present_at TEXT,
        PRIMARY KEY (event_id, person_id)
    );
    CREATE TABLE scheduled (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id),
        event_id INTEGER REFERENCES events(id),
        due_at TEXT NOT NULL,
        sent_at TEXT,
        cancelled_at TEXT,
        UNIQUE (kind, person_id, event_id)
    );
    CREATE INDEX scheduled_due ON scheduled (due_at) WHERE sent_at IS NULL AND cancelled_at IS NULL;
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        chat_key TEXT NOT NULL,
        message TEXT NOT NULL,
        attachment BLOB,
        created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;
    CREATE TABLE evaluations (
        event_id INTEGER NOT NULL REFERENCES events(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (event_id, person_id)
    );
    """,
    """
    CREATE TABLE prep_progress (
        person_id INTEGER NOT NULL REFERENCES people(id),
        session INTEGER NOT NULL,
        step INTEGER NOT NULL DEFAULT 0,
        answers TEXT NOT NULL DEFAULT '{}',
        finished_at TEXT,
        PRIMARY KEY (person_id, session)
    );
    """,
    """
    CREATE TABLE cv_reviews (
        id INTEGER PRIMARY KEY,
        candidate_id INTEGER NOT NULL REFERENCES people(id),
        reviewer_id INTEGER NOT NULL REFERENCES people(id),
        file_kind TEXT NOT NULL,
        file_id TEXT NOT NULL,
        tips TEXT,
        tops TEXT,
        requested_at TEXT NOT NULL,
        answered_at TEXT
    );
    """,
    """
    CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER NOT NULL REFERENCES programmes(id),
        rule TEXT NOT NULL,
        template_event_id INTEGER NOT NULL REFERENCES events(id),
        created_at TEXT NOT NULL
    );
    ALTER TABLE events ADD COLUMN series_id INTEGER REFERENCES series(id);
    """,
    """
    CREATE TABLE pairs (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER REFERENCES programmes(id),
        kind TEXT NOT NULL,
        candidate_id INTEGER NOT NULL REFERENCES people(id),
        buddy_id INTEGER NOT NULL REFERENCES people(id),
        coach_id INTEGER NOT NULL REFERENCES people(id),
        state TEXT NOT NULL DEFAULT 'proposed',
        reason TEXT,
        created_at TEXT NOT NULL,
        answered_at TEXT
    );
    CREATE UNIQUE INDEX pairs_once ON pairs (candidate_id, buddy_id)
        WHERE state IN ('proposed', 'accepted');
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        pair_id INTEGER NOT NULL REFERENCES pairs(id),
        state TEXT NOT NULL,
        slots TEXT NOT NULL DEFAULT '[]',
        starts_at TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE agreements (
        id INTEGER PRIMARY KEY,
        pair_id INTEGER NOT NULL REFERENCES pairs(id),
        kind TEXT NOT NULL,
        text TEXT,
        owner TEXT NOT NULL,
        due_on TEXT NOT NULL,
        recorded_by INTEGER NOT NULL REFERENCES people(id),
        state TEXT NOT NULL DEFAULT 'unconfirmed',
        unanswered INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        done_at TEXT
    );
    ALTER TABLE scheduled ADD COLUMN subject TEXT;
    CREATE UNIQUE INDEX scheduled_subject ON scheduled (kind, person_id, subject)
        WHERE subject IS NOT NULL;
    """,
    """
    CREATE TABLE round_two (
        event_id INTEGER NOT NULL REFERENCES events(id),
        candidate_id INTEGER NOT NULL REFERENCES people(id),
        buddy_id INTEGER NOT NULL REFERENCES people(id),
        chosen_at TEXT NOT NULL,
        PRIMARY KEY (event_id, candidate_id, buddy_id)
    );
    """,
    """
    CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY,
        sender_id INTEGER NOT NULL REFERENCES people(id),
        audience TEXT NOT NULL,
        texts TEXT NOT NULL,
        file_kind TEXT,
        file_id TEXT,
        state TEXT NOT NULL,
        send_at TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        progress_message INTEGER
    );
    CREATE TABLE broadcast_recipients (
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        chat_key TEXT NOT NULL,
        language TEXT,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try_at TEXT,
        sent_at TEXT,
        PRIMARY KEY (broadcast_id, person_id)
    );
    CREATE INDEX broadcast_pending ON broadcast_recipients (broadcast_id, state);
    """,
]
