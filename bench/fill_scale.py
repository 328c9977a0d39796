"""Fill PostgreSQL with a newsroom's archive: 100,000 articles over two years and what a desk did with them.

Usage (from the repository root; on demand, never part of the test suite):

    BENCH_POSTGRES_URL=postgres://factcheck_ci:factcheck_ci@127.0.0.1:5432/fc_scale \\
        .venv/bin/python bench/fill_scale.py --json /tmp/fill.json
    BENCH_POSTGRES_URL=... .venv/bin/python bench/fill_scale.py --articles 2000 --claims 36000 --verdicts 8000 \\
        --published 400 --evidence 2400 --dismissed 720 --assigned 100 --force

What it writes (defaults): 100,000 articles whose creation times follow a
newsroom's week (weekdays busier) and grow over the two years; 1,800,000
claims (18 an article on average, a long tail of long reads, about 10 %
boilerplate) with the splitter's kinds, check-worthiness and claim types
(bench/scale_text.py); 40 reviewers' 400,000 verdicts, most claims having
none, doubly-rated claims agreeing about 80 % of the time; each claim's
status as the workflow leaves it after those verdicts (open, in review,
ready, disagreement, returned, published, dismissed), with the audit event
and the simple-history row the app writes for every change; evidence on
some reviewed claims; 20,000 published fact-checks approved by editors
after the verdicts. Users: reviewers, editors and an admin, all with the
password of ``--password``.

Not written: claim fingerprints, keys and matches (cross-article linking is
being redesigned), soft locks, rationale drafts, webhook endpoints and
deliveries, API tokens and sessions.

How: the rows go in with PostgreSQL's COPY (``FREEZE``, into tables emptied
in the same transaction, so they are visible to index-only scans without a
VACUUM); the tables' secondary indexes and unique and foreign-key constraints
are dropped for the load and made again after it, which checks them. Column
lists and defaults come from each model's ``_meta``: a field added with a
default is filled with its default. The whole fill is one transaction.
Sequences are set after it, then ANALYZE. Reproducible: the same ``--seed``,
``--until`` and sizes give the same rows. On SQLite (the tests) the same rows
go in by ``executemany``.

The database must have no rows beyond what the migrations create (content
types, permissions, groups, the rating scale) unless ``--force``, which
empties every other table first.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import operator
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scale_plan, scale_text  # noqa: E402
from bench.scale_plan import DAY, S_OPEN, Desk, Plan, Sizes, stance_of  # noqa: E402

UTC = dt.UTC
# Kept by an emptying: what the migrations create, which the app needs and the fill does not make.
KEPT_TABLES = {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions",
               "annotations_ratingscale", "annotations_rating"}
# --- Rows for COPY, from each model's _meta ---


class Columns:
    """A model's concrete columns in order, and how to fill the ones the fill's rows do not give.

    A field the fill does not know gets its default (a callable one called for
    each row); an auto_now(_add) field gets the row's own time; a field with
    neither fails the first row with its name. Every row of one table gives
    the same fields, so this is worked out once, on the first.
    """

    CLOCKS = ("history_date", "created_at", "at")

    def __init__(self, model):
        self.model, self.fields = model, list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.getters = None

    def values(self, row: dict) -> list:
        if self.getters is None:
            self.getters = [self._getter(f, row) for f in self.fields]
        return [get(row) for get in self.getters]

    def _getter(self, f, first: dict):
        unknown = set(first) - set(self.attnames)
        if unknown:
            raise ValueError(f"{self.model.__name__} has no fields {sorted(unknown)}; update bench/fill_scale.py.")
        if f.attname in first:
            return operator.itemgetter(f.attname)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return operator.itemgetter(next(c for c in self.CLOCKS if c in first))
        if f.has_default() or f.null or isinstance(f.get_default(), str):  # CharField and TextField default to ""
            return lambda row: f.get_default()
        raise ValueError(f"{self.model.__name__}.{f.name} is required and has no default; "
                         "give it a value in bench/fill_scale.py.")


PLAIN = ("AutoField", "BigAutoField", "BooleanField", "CharField", "DateField", "DateTimeField", "FloatField",
         "ForeignKey", "IntegerField", "BigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
         "SmallIntegerField", "SlugField", "TextField", "URLField", "EmailField", "OneToOneField")


class Loader:
    """COPY FREEZE on PostgreSQL, executemany elsewhere; seconds and rows per table."""

    def __init__(self, connection, *, progress: bool):
        self.connection, self.progress, self.report = connection, progress, {}

    def load(self, model, rows: Iterator[dict], *, total: int) -> None:
        from tqdm import tqdm

        columns = Columns(model)
        convert = self._converter(columns)
        table = model._meta.db_table
        started = time.perf_counter()
        with tqdm(total=total, desc=f"{table:<34}", unit=" rows", disable=not self.progress, mininterval=1,
                  file=sys.stderr) as bar, self.connection.cursor() as cursor:
            counted = Counted(rows, bar)
            values = (convert(columns.values(row)) for row in counted)
            if self.connection.vendor == "postgresql":
                quote = self.connection.ops.quote_name
                names = ", ".join(quote(f.column) for f in columns.fields)
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN (FREEZE)") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                self._insert(cursor, columns, values)
        self.report[table] = {"rows": counted.taken, "copy_s": round(time.perf_counter() - started, 1)}

    def _converter(self, columns: Columns):
        """Plain values go to the driver as they are; other fields (JSON, binary...) through Django's own prep."""
        connection = self.connection
        dates = ("DateField", "DateTimeField") if connection.vendor != "postgresql" else ()
        special = [(i, f) for i, f in enumerate(columns.fields)
                   if f.get_internal_type() not in PLAIN or f.get_internal_type() in dates]

        def convert(values: list) -> list:
            for i, f in special:
                values[i] = f.get_db_prep_save(values[i], connection)
            return values

        return convert

    def _insert(self, cursor, columns: Columns, values: Iterator[list]) -> None:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(f.column) for f in columns.fields)
        sql = (f"INSERT INTO {quote(columns.model._meta.db_table)} ({names})"
               f" VALUES ({', '.join(['%s'] * len(columns.fields))})")
        while batch := list(itertools.islice(values, 1000)):
            cursor.executemany(sql, batch)


class Counted:
    """The rows, counted and moving the progress bar as they are taken (an update per row would cost more than
    the row; a disabled tqdm counts nothing)."""

    def __init__(self, rows: Iterator[dict], bar, every: int = 10_000):
        self.rows, self.bar, self.every, self.taken = rows, bar, every, 0

    def __iter__(self) -> Iterator[dict]:
        for row in self.rows:
            yield row
            self.taken += 1
            if self.taken % self.every == 0:
                self.bar.update(self.every)
        self.bar.update(self.taken % self.every)


def when(t: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, UTC)


# --- The fill ---


@dataclass
class Archive:
    """Everything the rows are made from."""

    sizes: Sizes
    seed: int
    pool: object
    plan: Plan
    users: dict
    ratings: dict
    splitter_version: str
    desk: Desk


def fill(sizes: Sizes, *, seed: int = 1, until: dt.datetime, force: bool = False, progress: bool = True,
         password: str = "bench-password") -> dict:
    """Empty the database (refusing if it holds rows, unless ``force``) and fill it; the report of what took how long.

    Runs in one transaction on the default connection; call it with Django set up and migrated.
    """
    from django.db import connection, transaction

    sizes.check()
    report = {"sizes": asdict(sizes), "seed": seed, "until": until.isoformat(), "tables": {}}
    started = time.perf_counter()
    pool = scale_text.pool_build(sizes.pool, seed)
    report["pool"] = {"claims": len(pool.claims), "furniture": len(pool.furniture), "local": len(pool.local),
                      "seconds": round(time.perf_counter() - started, 1)}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fires what a caller left pending, before TRUNCATE
        empty_tables(connection, force=force)
        archive = _prepare(sizes, seed, until.timestamp(), pool, password)
        report["plan_s"] = round(time.perf_counter() - started - report["pool"]["seconds"], 1)
        loader = Loader(connection, progress=progress)
        with indexes_dropped(connection, [m._meta.db_table for m in _models()], report):
            write_all(archive, loader)
        report["tables"] = {t: {**v, **report["tables"].get(t, {})} for t, v in loader.report.items()}
        reset_sequences(connection)
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            for model in _models():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        report["analyze_s"] = round(time.perf_counter() - analyze_started, 1)
    report["total_s"] = round(time.perf_counter() - started, 1)
    return report


def _models():
    from annotations.models import Article, AuditEvent, Claim, Evidence, FactCheck, Verdict

    plain = [Article, Claim, Verdict, Evidence, FactCheck]
    return plain + [m.history.model for m in plain] + [AuditEvent]


def empty_tables(connection, *, force: bool) -> None:
    """TRUNCATE every table but the ones the migrations fill; refuse if any has rows, unless ``force``."""
    from django.apps import apps

    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)} - KEPT_TABLES)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        full = []
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")
            if cursor.fetchone()[0]:
                full.append(table)
        if full and not force:
            raise RuntimeError(f"The database has rows in {', '.join(full)}; --force empties them.")
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")


def _prepare(sizes: Sizes, seed: int, until: float, pool, password: str) -> Archive:
    from annotations import splitting
    from annotations.models import Rating

    users = make_users(sizes, until - sizes.days * DAY, password)
    ratings = {r.slug: (r.pk, r.label) for r in Rating.objects.filter(scale__is_default=True)}
    if not ratings:
        raise RuntimeError("No default rating scale: run the migrations first.")
    plan, desk = scale_plan.plan_build(sizes, seed=seed, until=until, pool=pool, users=users, ratings=ratings)
    return Archive(sizes, seed, pool, plan, users, ratings, splitting.SPLITTER_VERSION, desk)


def make_users(sizes: Sizes, joined: float, password: str) -> dict:
    """The desk: reviewers, editors (the first imports the articles) and an admin, by the ORM (a few dozen rows)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, Permission

    from annotations import roles

    User = get_user_model()
    hashed = make_password(password)  # once: the hasher is slow on purpose
    people = ([(f"bench-reviewer-{i:02}", roles.REVIEWER, False) for i in range(1, sizes.reviewers + 1)]
              + [(f"bench-editor-{i}", roles.EDITOR, True) for i in range(1, sizes.editors + 1)]
              + [("bench-admin", roles.ADMIN, True)])
    made = User.objects.bulk_create([
        User(username=name, password=hashed, email=f"{name}@desk.example", is_staff=staff,
             is_superuser=role == roles.ADMIN, date_joined=when(joined)) for name, role, staff in people])
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL, permissions__isnull=False)}
    if len(groups) < len(roles.ALL):  # as the data migration left them, unless an admin changed them since
        roles.group_permissions_grant(Group, Permission)
        groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL)}
    Membership = User.groups.through
    Membership.objects.bulk_create([Membership(user_id=user.pk, group_id=groups[role].pk)
                                    for user, (_, role, _) in zip(made, people, strict=True)])
    by_role = {role: [u.pk for u, (_, r, _) in zip(made, people, strict=True) if r == role] for role in roles.ALL}
    return {"reviewers": by_role[roles.REVIEWER], "editors": by_role[roles.EDITOR], "admin": by_role[roles.ADMIN][0],
            "importer": by_role[roles.EDITOR][0], "names": {u.pk: u.username for u in made}}


def write_all(archive: Archive, loader: Loader) -> None:
    from annotations.models import Article, AuditEvent, Claim, Evidence, FactCheck, Verdict

    plan, stories = archive.plan, archive.plan.stories
    total = int(plan.counts.sum())
    articles = []  # the rows without their bodies, for the history
    loader.load(Article, article_rows(archive, articles), total=archive.sizes.articles)
    loader.load(Article.history.model, article_history_rows(articles), total=archive.sizes.articles)
    texts = {}  # claim index -> (start, end, text), for the claims whose history goes on
    loader.load(Claim, claim_rows(archive, texts), total=total)
    changes = sum(len(s.changes) for s in stories.values())
    loader.load(Claim.history.model, claim_history_rows(archive, texts), total=total + changes)
    verdicts = sorted(((v[0], s, *v[1:]) for s in stories.values() for v in s.verdicts), key=lambda v: v[0])
    loader.load(Verdict, verdict_rows(verdicts), total=len(verdicts))
    loader.load(Verdict.history.model, verdict_rows(verdicts, history=True), total=len(verdicts))
    evidence = scale_plan.evidence_plan(random.Random(archive.seed + 2), stories, archive.sizes.evidence)
    loader.load(Evidence, evidence_rows(archive, evidence), total=len(evidence))
    loader.load(Evidence.history.model, evidence_rows(archive, evidence, history=True), total=len(evidence))
    factchecks = factcheck_plan(archive, texts)
    loader.load(FactCheck, iter(factchecks), total=len(factchecks))
    loader.load(FactCheck.history.model, history_of(factchecks, "approved_by_id"), total=len(factchecks))
    events = sorted(((e[0], s, *e[1:]) for s in stories.values() for e in s.audit), key=lambda e: e[0])
    loader.load(AuditEvent, audit_rows(events), total=len(events))


def compose(archive: Archive, index: int):
    plan = archive.plan
    first, count = int(plan.first[index]), int(plan.counts[index])
    roles, units = plan.roles[first:first + count].tolist(), plan.units[first:first + count].tolist()
    units = [(scale_plan.ROLE_NAMES[r], u) for r, u in zip(roles, units, strict=True)]
    return scale_text.compose(archive.pool, units, number=index, seed=archive.seed)


def article_rows(archive: Archive, kept: list) -> Iterator[dict]:
    """The articles as their split left them; each row, less its body, is also put in ``kept`` for the history."""
    from django.utils.text import slugify

    from annotations.models import content_hash_of

    plan = archive.plan
    for index in range(archive.sizes.articles):
        article = compose(archive, index)
        created, done = when(float(plan.created[index])), when(float(plan.split_done[index]))
        row = {
            "id": index + 1, "title": article.title, "title_derived": False, "body": article.body,
            "source": article.source, "url": f"https://{article.domain}/{created:%Y/%m/%d}/"
                                             f"{slugify(article.title)[:80]}-{index + 1}",
            "published_on": created.date(), "language": "en", "content_hash": content_hash_of(article.body),
            "split_state": "done", "split_error": "", "splitter_version": archive.splitter_version,
            "split_started_at": when(float(plan.split_done[index]) - 0.5), "split_finished_at": done,
            "created_by_id": plan.creators[index], "created_at": created, "updated_at": done,
        }
        yield row
        del row["body"]
        kept.append(row)


def article_history_rows(kept: list) -> Iterator[dict]:
    """Each article as article_create_many wrote its history row: queued, before the split."""
    for row in kept:
        yield {**row, "split_state": "queued", "splitter_version": "", "split_started_at": None,
               "split_finished_at": None, "updated_at": row["created_at"], "history_id": row["id"],
               "history_date": row["created_at"], "history_type": "+", "history_change_reason": "created",
               "history_user_id": row["created_by_id"]}


def _claim_row(archive: Archive, index: int, article: int, start: int, end: int, text: str, done) -> dict:
    """The claim as the split wrote it (``article`` counts from 0, ``done`` is when its split finished)."""
    plan, pool = archive.plan, archive.pool
    role, unit = int(plan.roles[index]), int(plan.units[index])
    judged = pool.furniture[unit] if role == 2 else pool.local[unit] if role == 3 else pool.claims[unit]
    return {
        "id": index + 1, "article_id": article + 1, "start": start, "end": end, "text": text, "kind": judged.kind,
        "checkworthiness": judged.checkworthiness, "checkworthy": judged.checkworthy, "claim_type": judged.claim_type,
        "origin": "auto", "status": S_OPEN, "dismissed_reason": "", "splitter_version": archive.splitter_version,
        "version": 1, "assignee_id": None, "created_at": done, "updated_at": done,
    }


def _claims(archive: Archive) -> Iterator[tuple[int, dict]]:
    """(claim index, the claim's row as the split wrote it), composing each article once."""
    plan = archive.plan
    for index in range(archive.sizes.articles):
        first, done = int(plan.first[index]), when(float(plan.split_done[index]))
        for offset, (start, end, text) in enumerate(compose(archive, index).spans):
            yield first + offset, _claim_row(archive, first + offset, index, start, end, text, done)


def claim_rows(archive: Archive, texts: dict) -> Iterator[dict]:
    stories = archive.plan.stories
    for index, row in _claims(archive):
        story = stories.get(index)
        if story is not None:
            texts[index] = (row["start"], row["end"], row["text"])
            row.update(status=story.status, version=story.version, assignee_id=story.assignee,
                       dismissed_reason=story.dismissed_reason, updated_at=when(story.updated_at))
        yield row


def claim_history_rows(archive: Archive, texts: dict) -> Iterator[dict]:
    """The split's creation rows, then every later change in time order (history ids follow time, as in the app)."""
    for index, row in _claims(archive):
        yield {**row, "history_id": index + 1, "history_date": row["created_at"], "history_type": "+",
               "history_change_reason": "split", "history_user_id": None}
    changes = sorted(((c[0], index, c) for index, s in archive.plan.stories.items() for c in s.changes),
                     key=lambda c: c[0])
    history_id = int(archive.plan.counts.sum())
    for at, index, (_, user, status, version, assignee, reason) in changes:
        history_id += 1
        story = archive.plan.stories[index]
        done = when(float(archive.plan.split_done[story.article - 1]))
        row = _claim_row(archive, index, story.article - 1, *texts[index], done)
        row.update(status=status, version=version, assignee_id=assignee,
                   dismissed_reason=reason, updated_at=when(at), history_id=history_id, history_date=when(at),
                   history_type="~", history_change_reason=None, history_user_id=user)
        yield row


def verdict_rows(verdicts: list, *, history: bool = False) -> Iterator[dict]:
    for number, (at, story, reviewer, rating, rationale) in enumerate(verdicts, start=1):
        row = {"id": number, "claim_id": story.claim, "reviewer_id": reviewer, "rating_id": rating,
               "rationale": rationale, "version": 1, "created_at": when(at), "updated_at": when(at)}
        if history:
            row.update(history_id=number, history_date=when(at), history_type="+", history_change_reason=None,
                       history_user_id=reviewer)
        yield row


def evidence_rows(archive: Archive, evidence: list, *, history: bool = False) -> Iterator[dict]:
    rng = random.Random(archive.seed + 3)
    for number, (at, story, reviewer, rating) in enumerate(evidence, start=1):
        site, source_type = rng.choice(scale_plan.EVIDENCE_SITES)
        stance = stance_of(archive.desk.slug_of[rating])
        row = {
            "id": number, "claim_id": story.claim, "added_by_id": reviewer,
            "url": f"https://{site}/records/{rng.randrange(1, 10**6)}",
            "stance": "context" if stance == "none" else stance,
            "title": f"{rng.choice(scale_plan.SOURCES).capitalize()}, {rng.randrange(2008, 2026)} edition",
            "excerpt": f"The figure recorded was {rng.randrange(10, 10**6):,}.", "source_type": source_type, "note": "",
            "created_at": when(at), "updated_at": when(at),
        }
        if history:
            row.update(history_id=number, history_date=when(at), history_type="+", history_change_reason=None,
                       history_user_id=reviewer)
        yield row


def factcheck_plan(archive: Archive, texts: dict) -> list[dict]:
    """The published fact-checks in publication order, with slugs made as the app makes them (-2, -3 on a clash)."""
    from django.utils.text import slugify

    published = sorted((s.factcheck[0], index, s) for index, s in archive.plan.stories.items() if s.factcheck)
    taken, rows = set(), []
    for number, (at, index, story) in enumerate(published, start=1):
        _, editor, rating, summary = story.factcheck
        base = slugify(texts[index][2])
        if len(base) > 80:
            base = base[:81].rsplit("-", 1)[0][:80]
        base = base.strip("-") or "claim"
        slug = base if base not in taken else next(f"{base}-{n}" for n in range(2, 10**6) if f"{base}-{n}" not in taken)
        taken.add(slug)
        unit = archive.pool.claims[int(archive.plan.units[index])] if archive.plan.roles[index] < 2 else None
        rows.append({"id": number, "claim_id": story.claim, "rating_id": rating, "summary": summary,
                     "claimant": unit.speaker if unit else "", "slug": slug, "approved_by_id": editor,
                     "approved_at": when(at), "published_at": when(at), "first_published_at": when(at),
                     "reused_from_id": None, "version": 1, "created_at": when(at), "updated_at": when(at)})
    return rows


def history_of(rows: list[dict], user: str) -> Iterator[dict]:
    for row in rows:
        yield {**row, "history_id": row["id"], "history_date": row["created_at"], "history_type": "+",
               "history_change_reason": None, "history_user_id": row[user]}


def audit_rows(events: list) -> Iterator[dict]:
    for number, (at, story, actor, action, before, after, comment) in enumerate(events, start=1):
        yield {"id": number, "claim_id": story.claim, "article_id": story.article, "actor_id": actor,
               "action": action, "from_state": before, "to_state": after, "comment": comment, "at": when(at)}


# --- Indexes, sequences ---


@contextlib.contextmanager
def indexes_dropped(connection, tables: list[str], report: dict):
    """Drop the tables' secondary indexes, unique and foreign-key constraints; make them again after the block.

    Made again from PostgreSQL's own definitions (pg_get_indexdef,
    pg_get_constraintdef), so whatever a migration added comes back as it
    was, and making a constraint checks every row. Primary keys and CHECK
    constraints stay (cheap per row). If the block raises, nothing is made
    again: the transaction rolls back, the drops with it. Elsewhere than
    PostgreSQL nothing is dropped.
    """
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        indexes, constraints = _secondary_indexes(cursor, tables)
        for table, name, _, _ in sorted(constraints, key=lambda c: c[3] != "f"):  # foreign keys first
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for _, name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        remade = [(table, definition) for table, _, definition in indexes] + [
            (table, f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
            for table, name, definition, _ in sorted(constraints, key=lambda c: c[3] == "f")]  # unique ones first
        for table, sql in remade:
            started = time.perf_counter()
            cursor.execute(sql)
            entry = report["tables"].setdefault(table, {})
            entry["indexes_s"] = round(entry.get("indexes_s", 0) + time.perf_counter() - started, 1)


def _secondary_indexes(cursor, tables: list[str]) -> tuple[list, list]:
    """(table, name, CREATE INDEX) of the indexes behind no constraint; (table, name, definition, type) of the
    unique and foreign-key constraints."""
    indexes, constraints = [], []
    for table in tables:
        cursor.execute("SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')", [table])
        constraints += [(table, *row) for row in cursor.fetchall()]
        cursor.execute("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                       "JOIN pg_class i ON i.oid = x.indexrelid "
                       "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)", [table])
        indexes += [(table, *row) for row in cursor.fetchall()]
    return indexes, constraints


def reset_sequences(connection) -> None:
    """Sequences past the ids written (the COPY gave ids explicitly), as loaddata does."""
    from django.apps import apps
    from django.core.management.color import no_style

    models = list(apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


# --- Command line ---


def database_size(connection) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = "
            "c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY 2 DESC LIMIT 12")
        tables = {name: round(size / 2**20) for name, size in cursor.fetchall()}
    return {"database_mib": round(total / 2**20), "largest_tables_mib": tables}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name, default in asdict(Sizes()).items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.datetime.now(UTC).date(),
                        help="the archive ends at 00:00 UTC of this day (default: today)")
    parser.add_argument("--password", default="bench-password", help="every user's password")
    parser.add_argument("--force", action="store_true", help="empty a database that has rows")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    url = os.environ.get("BENCH_POSTGRES_URL")
    if not url:
        parser.error("Set BENCH_POSTGRES_URL to the PostgreSQL database to fill (it is emptied first).")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "factcheck.settings", "DATABASE_URL": url, "DEBUG": "0",
                       "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    sizes = Sizes(**{name: getattr(args, name) for name in asdict(Sizes())})
    until = dt.datetime.combine(args.until, dt.time(), UTC)
    report = fill(sizes, seed=args.seed, until=until, force=args.force, password=args.password)
    report.update(migrate_s=round(migrate_s, 1), load_average=[round(x, 2) for x in os.getloadavg()],
                  **database_size(connection))
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
