"""How fast the dashboard renders: on SQLite with the seed articles, and on a PostgreSQL newsroom archive.

Usage (from the repository root; on demand, never part of the test suite):

    .venv/bin/python bench/dashboard.py --db sqlite
    BENCH_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/fc_scale .venv/bin/python bench/dashboard.py --db postgres

SQLite: a fresh database file, migrated; the five seed articles go through
the real import and split (Celery eager), as ``make run`` loads them; an
editor opens the dashboard.

PostgreSQL: the database must hold the archive bench/fill_scale.py writes
(100,000 articles and their claims, verdicts and fact-checks over two years);
it is only read. An editor of that archive opens the dashboard.

Either way every request goes through Django's whole stack in this process
(middleware, session, view, template; ``DEBUG=0``; tests/settings.py, which
is production's plus static files from the finders), after warm-up requests,
with the dashboard's default range (the last 30 days) and the others given by
``--ranges``. Reported per range: p50 and p95 in ms, the number of queries,
each query's own time (median over the runs), the 1-minute load average
before and after, and for PostgreSQL the CPU time per page (Django's process
and the PostgreSQL backend, parallel query off: what the page costs on a
core of its own, whatever else the machine runs) and the slowest query's plan
(``EXPLAIN (ANALYZE, BUFFERS)``). JSON on stdout, and in ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _setup(db: str) -> None:
    # The tests' settings: production's, with static files served from the finders
    # (no collectstatic needed) and Celery tasks run in this process.
    os.environ.update({"DJANGO_SETTINGS_MODULE": "tests.settings", "DEBUG": "0",
                       "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789",
                       "ALLOWED_HOSTS": "testserver"})
    if db == "postgres":
        url = os.environ.get("BENCH_POSTGRES_URL")
        if not url:
            sys.exit("Set BENCH_POSTGRES_URL to the PostgreSQL archive bench/fill_scale.py filled.")
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='dashboard-bench-')}/db.sqlite3"
    import django

    django.setup()


def _seed_sqlite():
    """Migrate, load the seed articles through the real split, and make an editor."""
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command
    from django.db import transaction

    from annotations import roles
    from annotations.services import articles
    from annotations.services.accounts import role_permissions_grant

    call_command("migrate", verbosity=0)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        with transaction.atomic():
            articles.article_create(body=path.read_text(encoding="utf-8"))
    role_permissions_grant(Group, Permission)
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("bench-editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    return editor


def _archive_editor():
    from django.contrib.auth import get_user_model

    from annotations import roles

    editor = get_user_model().objects.filter(groups__name=roles.EDITOR, is_active=True).order_by("pk").first()
    if editor is None:
        sys.exit("No editor in this database: fill it with bench/fill_scale.py first.")
    return editor


class QueryClock:
    """Each query's SQL, parameters and own time, through Django's execute wrapper."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, (time.perf_counter() - started) * 1000))


def _measure(client, path: str, runs: int, warmup: int) -> dict:
    from django.db import connection

    for _ in range(warmup):
        assert client.get(path).status_code == 200
    times, per_query = [], []
    load_before = os.getloadavg()[0]
    for _ in range(runs):
        clock = QueryClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        per_query.append(clock.queries)
    load_after = os.getloadavg()[0]
    counts = {len(queries) for queries in per_query}
    # The n-th query of every run is the same statement: its median time over the runs.
    query_ms = [statistics.median(run[i][2] for run in per_query) for i in range(min(counts))]
    slowest = max(range(len(query_ms)), key=query_ms.__getitem__)
    sql, params, _ms = per_query[-1][slowest]
    return sql, params, {
        "path": path, "runs": runs, "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(statistics.quantiles(times, n=20)[18], 1) if runs >= 20 else None,
        "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
        "queries": sorted(counts), "sql_ms_total_p50": round(sum(query_ms), 1),
        "load_1min_before": round(load_before, 2), "load_1min_after": round(load_after, 2),
        "queries_ms": [f"{ms:8.2f}  {per_query[-1][i][0][:90]}" for i, ms in enumerate(query_ms)],
        "slowest_query_ms": round(query_ms[slowest], 2),
        "slowest_query": sql, "slowest_params": [str(p) for p in params or ()],
    }


def _backend_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of one PostgreSQL backend so far, from /proc (same machine only)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu(client, path: str, runs: int) -> dict:
    """CPU per page: this process (Django) plus the PostgreSQL backend serving it, parallel query off.

    A busy machine stretches wall time by however long the page waits for a
    core; CPU time is what the page costs where it gets one. Parallel workers
    are separate processes this cannot see, hence one process per query here.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        client.get(path)
        walls, django_s, backend_s = [], 0.0, 0.0
        for _ in range(runs):
            process, backend, started = time.process_time(), _backend_cpu_s(pid), time.perf_counter()
            client.get(path)
            walls.append((time.perf_counter() - started) * 1000)
            django_s += time.process_time() - process
            backend_s += _backend_cpu_s(pid) - backend
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")
    return {"cpu_ms_per_page": round(1000 * (django_s + backend_s) / runs, 1),
            "cpu_ms_django": round(1000 * django_s / runs, 1), "cpu_ms_postgres": round(1000 * backend_s / runs, 1),
            "wall_p50_ms_serial": round(statistics.median(walls), 1), "load_1min_after": round(os.getloadavg()[0], 2)}


def _cpu_in_process(client, path: str, runs: int) -> dict:
    """CPU per page where the database runs in this process (SQLite): this process's CPU time."""
    client.get(path)
    started = time.process_time()
    for _ in range(runs):
        client.get(path)
    return {"cpu_ms_per_page": round(1000 * (time.process_time() - started) / runs, 1),
            "load_1min_after": round(os.getloadavg()[0], 2)}


def _plan(sql: str, params) -> str:
    """The plan as the page runs it (JIT off, see selectors.dashboard.lookups_planned)."""
    from django.db import connection

    from annotations.selectors.dashboard import lookups_planned

    with lookups_planned(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--ranges", default="30,90,730", help="comma-separated ranges in days (the default is 30)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    _setup(args.db)
    from django.db import connection
    from django.test import Client

    editor = _seed_sqlite() if args.db == "sqlite" else _archive_editor()
    client = Client()
    client.force_login(editor)
    report = {"db": args.db, "vendor": connection.vendor, "cpus": os.cpu_count(), "results": []}
    with connection.cursor() as cursor:
        if args.db == "postgres":
            cursor.execute("SELECT version()")
            report["server"] = cursor.fetchone()[0]
            for table in ("annotations_article", "annotations_claim", "annotations_verdict", "annotations_factcheck",
                          "annotations_auditevent"):
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own table names)
                report[table] = cursor.fetchone()[0]
    for days in (int(d) for d in args.ranges.split(",")):
        path = "/dashboard/" if days == 30 else f"/dashboard/?days={days}"
        sql, params, result = _measure(client, path, args.runs, args.warmup)
        if args.db == "postgres":
            result["cpu"] = _cpu(client, path, args.runs)
            result["slowest_plan"] = _plan(sql, params)
        else:
            result["cpu"] = _cpu_in_process(client, path, args.runs)
        report["results"].append(result)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
