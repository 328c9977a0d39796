"""Does linking keep pace with splitting? A bulk import through the real stack, then a pasted article.

    .venv/bin/python bench/link_pace.py --json /tmp/pace.json                       # 10,000 articles, PostgreSQL
    .venv/bin/python bench/link_pace.py --articles 2000 --db sqlite
    .venv/bin/python bench/link_pace.py --corpus unique                             # every text different
    BENCH_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/db .venv/bin/python bench/link_pace.py

Starts its own redis-server, a Celery worker (``--concurrency 2`` at ``nice -n 10``)
and gunicorn (``--workers 4``) as bench/api_load.py does, records the idle
memory of web and worker (VmRSS and, from /proc/PID/smaps_rollup, PSS, per
process), then POSTs the articles in batches of ``--batch`` and polls the
database:

- **split**: from the first POST until every article is split;
- **linked**: until every claim of every split article has its fingerprint (is
  linked), and how long after the last split finished that was;
- **CPU**: seconds of CPU the worker, the web server and PostgreSQL's backends for
  the bench's database used until each of those moments (the fair figure on a
  shared machine: other processes do not move it);
- **pasted**: ``--paste`` times while the bulk import's linking is still running,
  one more article through ``POST /api/v1/articles/`` (one object, the lane of a
  pasted article), timed from its split's end (``split_finished_at``) to its
  fingerprints; polled every 10 ms, so a figure carries up to 10 ms of polling.

Corpora: ``harness`` is the shared peer benchmark's (the five seeds repeated,
each with a numbered last line: ../shared/bench/peer_bench.py), where linking
meets the same sentences thousands of times; ``unique`` is bench/api_load.py's
(six CheckThat! sentences per article, every text different), where every
claim is new. Every figure is written with the 1-minute load average (the
machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.api_load import DEFAULT_PG, Client, Stack, article_bodies, free_port, load_average  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def harness_bodies(n: int) -> list[dict]:
    """The peer benchmark's corpus, byte for byte (peer_bench.build_corpus)."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return [{"body": seeds[i % len(seeds)].rstrip("\n") + f"\nCopy {i}."} for i in range(n)]


def memory(pids: list[int]) -> dict:
    """VmRSS and PSS (MiB) of these processes and their children, each and in all."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry))
    rows, stack = [], list(pids)
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
        pss = next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        rows.append({"pid": pid, "rss_mib": round(int(status["VmRSS"].split()[0]) / 1024, 1),
                     "pss_mib": round(pss / 1024, 1), "command": command[:80]})
    return {"processes": rows, "rss_mib": round(sum(r["rss_mib"] for r in rows), 1),
            "pss_mib": round(sum(r["pss_mib"] for r in rows), 1)}


def cpu_seconds(pids: list[int], database: str = "") -> float:
    """CPU time (user + system) of these processes and their children, and of the PostgreSQL
    backends serving ``database``: what the work cost, which other processes on the machine do not move."""
    clock = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                command = Path(f"/proc/{entry}/cmdline").read_text().replace("\0", " ")
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            stats[int(entry)] = (int(fields[11]) + int(fields[12]), command)
    total, stack = 0, list(pids)
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        total += stats.get(pid, (0, ""))[0]
    if database:
        total += sum(ticks for ticks, command in stats.values()
                     if command.startswith("postgres:") and f" {database} " in command + " ")
    return round(total / clock, 1)


def progress(pasted: list[int]) -> tuple[int, int, int, int]:
    """(articles split, claims to link, claims linked, the import's last split's end as a timestamp)."""
    from django.db.models import Max

    from annotations.models import Article, Claim, ClaimFingerprint

    done = Article.objects.filter(split_state=Article.SplitState.DONE).exclude(pk__in=pasted)
    claims = Claim.objects.filter(article__split_state=Article.SplitState.DONE, kind=Claim.Kind.CLAIM).exclude(
        status=Claim.Status.DISMISSED).count()
    last = done.aggregate(last=Max("split_finished_at"))["last"]
    return done.count(), claims, ClaimFingerprint.objects.count(), last.timestamp() if last else 0.0


def paste(client: Client, n: int) -> dict:
    from annotations.models import Article, ClaimFingerprint

    body = {"body": f"Pasted story {n}\n\nThe harbour in Lindau handled {4 + n}.2 million containers last year, "
                    f"the port authority said on Tuesday.\nHer deputy called it a record for the {n + 3}th year."}
    status, payload, _ = client.request("POST", "/api/v1/articles/", body)
    assert status == 201, payload[:300]
    pk = json.loads(payload)["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        article = Article.objects.filter(pk=pk).values("split_state", "split_finished_at").first()
        linked = ClaimFingerprint.objects.filter(article_id=pk).exists()
        if article["split_state"] == Article.SplitState.DONE and linked:
            after = time.time() - article["split_finished_at"].timestamp()
            return {"id": pk, "linked_after_split_s": round(after, 3), "load": load_average()}
        time.sleep(0.01)
    return {"id": pk, "linked_after_split_s": None, "load": load_average()}


def run(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pace-"))
    db_url = f"sqlite:///{workdir / 'bench.sqlite3'}" if args.db == "sqlite" else args.postgres_url
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DATABASE_URL": db_url,
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789", "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0", "LOG_LEVEL": "WARNING",
        "SECURE_COOKIES": "0",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0)
    if args.db == "postgres":
        call_command("flush", interactive=False, verbosity=0)
        import importlib

        from django.apps import apps

        importlib.import_module("annotations.migrations.0002_default_rating_scale_and_roles").create_defaults(
            apps, None)
        from django.contrib.auth.models import Permission

        from annotations.services.accounts import role_permissions_grant

        role_permissions_grant(Group, Permission)
    editor = User.objects.create_user("bench-editor", password="x")
    editor.groups.add(Group.objects.get(name="editor"))
    token = Token.objects.create(user=editor).key
    connection.close()
    bodies = harness_bodies(args.articles) if args.corpus == "harness" else list(article_bodies(args.articles))
    stack = Stack(env, web_workers=4, celery_concurrency=2, workdir=workdir)
    result = {"database": args.db, "corpus": args.corpus, "articles": args.articles, "batch": args.batch}
    try:
        stack.start()
        time.sleep(args.settle)
        result["idle_memory"] = memory([stack.gunicorn.pid, stack.worker.pid])
        result["load_before"] = load_average()
        client = Client(stack.port, token)
        database = db_url.rsplit("/", 1)[1] if args.db == "postgres" else ""
        cpu = {"worker": lambda: cpu_seconds([stack.worker.pid]), "web": lambda: cpu_seconds([stack.gunicorn.pid]),
               "database": lambda: cpu_seconds([], database)}
        start_cpu = {name: read() for name, read in cpu.items()}
        first = time.time()
        for start in range(0, len(bodies), args.batch):
            status, payload, _ = client.request("POST", "/api/v1/articles/", bodies[start:start + args.batch])
            assert status == 201, payload[:300]
        result["posted_s"] = round(time.time() - first, 2)
        result.update(watch(client, first, args, cpu, start_cpu))
    finally:
        stack.stop()
        connection.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def watch(client: Client, first: float, args, cpu, start_cpu) -> dict:
    found, pasted = {}, []
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        split, claims, linked, last_split = progress([p["id"] for p in pasted])
        now = time.time()
        if "split_s" not in found and split == args.articles:
            found.update(split_s=round(now - first, 2), split_load=load_average(),
                         split_cpu_s={name: round(read() - start_cpu[name], 1) for name, read in cpu.items()})
        if "split_s" in found and linked < claims and len(pasted) < args.paste:
            pasted.append(paste(client, len(pasted)))
            continue
        if "split_s" in found and linked >= claims:
            found.update(linked_s=round(now - first, 2), linked_after_last_split_s=round(now - last_split, 2),
                         claims=claims, linked_load=load_average(),
                         linked_cpu_s={name: round(read() - start_cpu[name], 1) for name, read in cpu.items()})
            break
        time.sleep(0.25)
    found["pasted"] = pasted
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--corpus", choices=("harness", "unique"), default="harness")
    parser.add_argument("--paste", type=int, default=5, help="pasted articles timed during the linking")
    parser.add_argument("--settle", type=float, default=15, help="seconds idle before the memory is read")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--json")
    args = parser.parse_args()
    result = run(args)
    text = json.dumps(result, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text)


if __name__ == "__main__":
    main()
