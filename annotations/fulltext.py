"""Where full-text search reads from, per database: PostgreSQL GIN indexes, SQLite FTS5 tables.

PostgreSQL: each searchable table stores ``search_document`` (a generated
tsvector column, ``models.SearchDocument``) with a GIN index on it, and the
published claims have one of their own; made here rather than in
``Meta.indexes`` because a GIN index is not SQL that SQLite takes.

SQLite: each searchable table has an FTS5 table over the same columns
(``<table>_fts``, external content, Porter stemming like PostgreSQL's English
configuration) kept in step by triggers. Triggers rather than code in the
services, because ``bulk_create``, ``update()`` and the test flush write rows
without any Python hook. Django rebuilds a SQLite table for some schema changes
and its triggers go with the old table, so ``ensure`` runs after every migrate
and puts back whatever is missing.

The migration ``search_indexes`` calls ``install``; ``annotations.apps`` connects ``ensure``.
"""

from __future__ import annotations

# table -> the columns it is searched by.
FTS_COLUMNS = {
    "annotations_article": ("title", "source", "author"),
    "annotations_claim": ("text",),
    "annotations_factcheck": ("summary", "claimant"),
}
GIN_INDEXES = {table: table.removeprefix("annotations_") + "_search_gin" for table in FTS_COLUMNS}
# The published claims alone, for the fact-checks' search: a few thousand rows, not a million.
PUBLISHED_CLAIMS_GIN = "claim_published_search_gin"
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


def fts_table(table: str) -> str:
    return f"{table}_fts"


def _sqlite_statements(table: str) -> list[str]:
    fts, columns = fts_table(table), FTS_COLUMNS[table]
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', content_rowid='id', "
        f"tokenize='{FTS_TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
        # What was written while the triggers were missing (or before they existed).
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_missing_triggers(cursor) -> list[str]:
    """Tables whose FTS5 table exists (the ``search_indexes`` migration ran) but lacks a trigger."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    present = {name for (name,) in cursor.fetchall()}
    triggers = {table: {f"{fts_table(table)}_{event}" for event in ("insert", "delete", "update")}
                for table in FTS_COLUMNS}
    return [table for table, names in triggers.items() if fts_table(table) in present and not names <= present]


def install(connection) -> None:
    """Create the indexes (PostgreSQL) or the FTS5 tables and triggers, filled (SQLite). Idempotent."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, index in GIN_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_document)")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {PUBLISHED_CLAIMS_GIN} ON annotations_claim "
                           "USING gin (search_document) WHERE status = 'published'")
        elif connection.vendor == "sqlite":
            for table in FTS_COLUMNS:
                for statement in _sqlite_statements(table):
                    cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PUBLISHED_CLAIMS_GIN}")
        for table, index in GIN_INDEXES.items():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {index}")
            elif connection.vendor == "sqlite":
                for event in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts_table(table)}_{event}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts_table(table)}")


def ensure(connection) -> bool:
    """Put back FTS5 tables or triggers a table rebuild dropped (SQLite); True if it had to."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        missing = _sqlite_missing_triggers(cursor)
        for table in missing:
            for statement in _sqlite_statements(table):
                cursor.execute(statement)
    return bool(missing)


def ensure_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver; only where the FTS5 tables exist (a migration back past them stays undone)."""
    from django.db import connections

    ensure(connections[using])
