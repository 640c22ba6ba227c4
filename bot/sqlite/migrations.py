"""Versioned schema migrations, applied in order at start-up."""

from __future__ import annotations

# Each entry is one version; never edit a released entry, append a new one.
MIGRATIONS: list[str] = [
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
    # Retries wait inside the sender, so the recipient's next-try time was never used.
    # Rebuilt rather than ALTER TABLE ... DROP COLUMN, which needs SQLite 3.35.
    """
    CREATE TABLE broadcast_recipients_new (
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        chat_key TEXT NOT NULL,
        language TEXT,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        sent_at TEXT,
        PRIMARY KEY (broadcast_id, person_id)
    );
    INSERT INTO broadcast_recipients_new
        SELECT broadcast_id, person_id, chat_key, language, state, attempts, sent_at
        FROM broadcast_recipients;
    DROP TABLE broadcast_recipients;
    ALTER TABLE broadcast_recipients_new RENAME TO broadcast_recipients;
    CREATE INDEX broadcast_pending ON broadcast_recipients (broadcast_id, state);
    """,
    # Erasure: each outbox row names the people it is about (",12,34,"), so a /forget can
    # take back messages about them that were not delivered yet. Messages are deleted once
    # delivered, so the ones already sent go now.
    """
    ALTER TABLE outbox ADD COLUMN about TEXT;
    DELETE FROM outbox WHERE sent_at IS NOT NULL;
    """,
    # The coach's overviews read a page of pairs with their meetings and agreements counted
    # per pair, and a funnel over all of them: without these indexes each count scanned
    # the whole table (see bench/bench_pairs.py).
    """
    CREATE INDEX pairs_by_coach ON pairs (coach_id);
    CREATE INDEX meetings_by_pair ON meetings (pair_id, state, starts_at);
    CREATE INDEX agreements_by_pair ON agreements (pair_id, state, kind, due_on);
    """,
    # The coach's people screen shows the last day a job seeker or employer used LiftBot. A
    # day, not a moment: the coach needs no more, and it is written at most once a day per
    # person (SqliteStore.person_and_conversation), so most updates cost no extra write.
    # Shown in /mydata, erased by /forget.
    """
    ALTER TABLE people ADD COLUMN last_seen_on TEXT;
    """,
    # Reaching each other (issue 11): what one side of a pair shares with the other, only
    # after their own press and only while shared; and that they wrote to each other through
    # LiftBot (a count and the last date, never the texts).
    """
    CREATE TABLE pair_reach (
        pair_id INTEGER NOT NULL REFERENCES pairs(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        phone TEXT,
        username TEXT,
        shared_at TEXT NOT NULL,
        PRIMARY KEY (pair_id, person_id)
    );
    CREATE TABLE pair_contact (
        pair_id INTEGER PRIMARY KEY REFERENCES pairs(id),
        messages INTEGER NOT NULL,
        last_at TEXT NOT NULL
    );
    """,
    # Issue 11: a meeting has a place (an address and/or a map pin, by phone, or a video
    # call with its link); who cancelled it or found none of its times suitable, and why;
    # each side's answer to "did you talk?" (a pair is met only after a yes) and "nothing
    # agreed"; requests for help with an agreed action, with a note; who ended a pair.
    """
    ALTER TABLE meetings ADD COLUMN place_kind TEXT;
    ALTER TABLE meetings ADD COLUMN place_text TEXT;
    ALTER TABLE meetings ADD COLUMN place_link TEXT;
    ALTER TABLE meetings ADD COLUMN latitude REAL;
    ALTER TABLE meetings ADD COLUMN longitude REAL;
    ALTER TABLE meetings ADD COLUMN closed_by INTEGER REFERENCES people(id);
    ALTER TABLE meetings ADD COLUMN note TEXT;
    ALTER TABLE meetings ADD COLUMN closed_at TEXT;
    CREATE TABLE meeting_talks (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        talked TEXT NOT NULL,
        nothing_agreed INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, person_id)
    );
    CREATE INDEX meeting_talks_by_person ON meeting_talks (person_id);
    CREATE TABLE help_requests (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER NOT NULL REFERENCES agreements(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        note TEXT,
        asked_at TEXT NOT NULL
    );
    CREATE INDEX help_requests_by_person ON help_requests (person_id);
    ALTER TABLE pairs ADD COLUMN ended_by INTEGER REFERENCES people(id);
    """,
    # Group invites: one link for a room, used up to max_uses times (NULL: a personal invite,
    # used once); uses counts every use. Events say who they are for: 'candidate', 'buddy'
    # or 'both'. Preparation meetings were always meant for job seekers only; the rest keep
    # 'both'. Answers already given stay: people were told they had a place.
    """
    ALTER TABLE invites ADD COLUMN max_uses INTEGER;
    ALTER TABLE invites ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
    UPDATE invites SET uses = 1 WHERE used_at IS NOT NULL;
    ALTER TABLE events ADD COLUMN audience TEXT NOT NULL DEFAULT 'both';
    UPDATE events SET audience = 'candidate' WHERE kind IN ('prep1', 'prep2', 'prep3');
    """,
]
