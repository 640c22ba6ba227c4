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
]
