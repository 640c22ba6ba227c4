"""Versioned schema migrations, applied in order at start-up: the first eight (in
migrations_first.py), then the ones below."""

from __future__ import annotations

from bot.sqlite.migrations_first import FIRST

# Each entry is one version; never edit a released entry, append a new one.
MIGRATIONS: list[str] = [
    *FIRST,
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
    # Issue 13, the durable intake: every incoming update is kept here before the chat app is
    # told it arrived, and deleted in the unit of work of the change it caused (a row holds
    # the person's words only until then). update_id is text, so any channel's ids fit; a
    # second delivery of the same one is recognised by the unique key. A row that failed
    # three times is set aside (reason, moment) and pruned a week later. intake_cursors: the
    # position a polling channel reached, written with the rows it kept, so a restart never
    # asks for (and handles) updates already kept and done.
    """
    CREATE TABLE intake (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        update_id TEXT NOT NULL,
        chat_key TEXT,
        payload TEXT NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0,
        received_at TEXT NOT NULL,
        set_aside TEXT,
        set_aside_at TEXT,
        UNIQUE (channel, update_id)
    );
    CREATE INDEX intake_by_chat ON intake (chat_key);
    CREATE TABLE intake_cursors (
        channel TEXT PRIMARY KEY,
        cursor TEXT NOT NULL
    );
    """,
    # Issue 13, a reply is not lost in a crash: the unit of work of the change keeps the
    # rendered replies here (the person's own words go: payload is emptied) instead of
    # deleting the row; the row goes once the replies are out. After a crash between the
    # commit and the sending, start-up sends them, without handling the update again.
    """
    ALTER TABLE intake ADD COLUMN answer TEXT;
    """,
    # Issue 14, WhatsApp's 24-hour window. Each outbox row says what kind of message it is
    # (conversations.core.names): outside the window a template for its kind goes instead.
    # last_incoming: the moment of a person's last message, per chat, on channels with a
    # window. held: messages that waited for the person to answer the template, as the outbox
    # keeps them (`about` for /forget); they go back into the outbox when the person answers.
    # secrets: random values of this installation, made on first use (the key that signs
    # calendar links).
    """
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice';
    CREATE TABLE last_incoming (
        chat_key TEXT PRIMARY KEY,
        at TEXT NOT NULL
    );
    CREATE TABLE held (
        id INTEGER PRIMARY KEY,
        chat_key TEXT NOT NULL,
        message TEXT NOT NULL,
        attachment BLOB,
        kind TEXT NOT NULL,
        about TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX held_by_chat ON held (chat_key, id);
    CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    """,
    # Issue 14, WhatsApp: a webhook is delivered again (Meta retries for days) also after
    # the update was handled and its row deleted. The ids of handled updates are kept here,
    # without anything the person said, for two weeks: the same id is then not kept again.
    """
    CREATE TABLE intake_done (
        channel TEXT NOT NULL,
        update_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (channel, update_id)
    );
    CREATE INDEX intake_done_by_age ON intake_done (received_at);
    """,
    # Issue 14, WhatsApp's statuses: what became of each broadcast message once the chat
    # app took it. broadcast_messages: the chat app's id of each message a recipient got
    # (several when a long text went in parts), by channel, so a status finds its recipient
    # (Telegram reports none: it leaves none). The recipient keeps the furthest state seen
    # ('sent' < 'delivered' < 'read'; 'failed', with the error code, stays). Message ids
    # hold the person's number (WhatsApp's encode it): /forget takes them, and they go
    # 30 days after sending, when no status comes any more.
    """
    CREATE TABLE broadcast_messages (
        channel TEXT NOT NULL,
        message_id TEXT NOT NULL,
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        sent_at TEXT NOT NULL,
        PRIMARY KEY (channel, message_id)
    );
    CREATE INDEX broadcast_messages_by_person ON broadcast_messages (person_id);
    CREATE INDEX broadcast_messages_by_age ON broadcast_messages (sent_at);
    ALTER TABLE broadcast_recipients ADD COLUMN delivery TEXT;
    ALTER TABLE broadcast_recipients ADD COLUMN delivery_error INTEGER;
    """,
]
