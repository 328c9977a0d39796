"""API load benchmark against a server started the way production runs it (gunicorn + Celery + Redis).

Usage (from the repository root; run on demand, never part of the test suite):

    .venv/bin/python bench/api_load.py                       # 10,000 articles, SQLite then PostgreSQL
    .venv/bin/python bench/api_load.py --articles 2000 --db sqlite
    BENCH_POSTGRES_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/api_load.py --db postgres

For each database it starts its own redis-server, a Celery worker and gunicorn on
127.0.0.1 (random ports), then measures:

1. bulk article creation: the articles POSTed in lists of 1000 (the API's limit) by one
   client, articles/s, and the time until the workers have split every one;
2. a claims list page of 100 (GET /api/v1/claims/?page_size=100), p50 and p95: random page numbers
   (each with its COUNT and OFFSET), and the keyset cursor followed page after page;
3. a claim detail with 2 verdicts and 2 evidence (GET /api/v1/claims/{id}/), p50 and p95;
4. verdict submissions (POST /api/v1/verdicts/) from 8 concurrent clients: per second and p95;
5. the full ClaimReview export (GET /api/v1/export/claim-reviews.jsonl, one fact-check per
   article) and the peak RSS of the gunicorn worker that served it, above that worker's idle RSS.

Articles go through the real API and the real split job. The fixtures the review steps
need (verdicts and evidence for the detail pages, the published fact-checks for the export)
are written with bulk_create: they are the state a newsroom reaches, not what is timed.

The PostgreSQL database named by BENCH_POSTGRES_URL is emptied (flush) before the run.
Sentences come from the CheckThat! 2024 training set in shared/data (read, never copied).
Results: printed, and written as JSON with --json PATH. docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT.parent / "shared" / "data" / "checkthat2024-task1-english" / "CT24_checkworthy_english_train.tsv"
DEFAULT_PG = "postgres://factcheck_ci:factcheck_ci@127.0.0.1:5432/fc_issue5b"
BATCH = 1000
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# --- Talking to the server ---


class Client:
    """One HTTP client. gunicorn's sync workers close every connection, so each request opens one."""

    def __init__(self, port, token=None):
        self.port, self.token = port, token

    def request(self, method, path, body=None, stream_to=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        if stream_to is not None:
            size = 0
            while chunk := response.read(65536):
                size += len(chunk)
                stream_to(chunk)
            payload = size
        else:
            payload = response.read()
        elapsed = time.perf_counter() - started
        conn.close()
        return response.status, payload, elapsed


# --- Processes ---


class Stack:
    """redis-server, a Celery worker and gunicorn, all on 127.0.0.1, stopped together."""

    def __init__(self, env, *, web_workers, celery_concurrency, workdir):
        self.env, self.procs, self.workdir = env, [], workdir
        self.redis_port = int(env["REDIS_URL"].rsplit(":", 1)[1].split("/")[0])
        self.port = free_port()
        self.web_workers, self.celery_concurrency = web_workers, celery_concurrency

    def _start(self, args, log):
        handle = open(self.workdir / log, "wb")
        proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs.append(proc)
        return proc

    def start(self):
        self._start([shutil.which("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", str(self.workdir)], "redis.log")
        # As the README's production notes start workers beside the web server.
        self.worker = self._start(["nice", "-n", "10", str(BIN / "celery"), "-A", "factcheck", "worker",
                                   "--concurrency", str(self.celery_concurrency), "--without-gossip",
                                   "--without-mingle", "--loglevel", "WARNING"], "celery.log")
        self.gunicorn = self._start([str(BIN / "gunicorn"), "factcheck.wsgi", "--bind", f"127.0.0.1:{self.port}",
                                     "--workers", str(self.web_workers), "--timeout", "120"], "gunicorn.log")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _, _ = Client(self.port).request("GET", "/api/v1/claim-reviews/")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not answer; see {self.workdir}/gunicorn.log")
        # A production server has been running: requests in parallel, so that every
        # worker has served some before anything is timed.
        with ThreadPoolExecutor(self.web_workers * 2) as pool:
            list(pool.map(lambda _: Client(self.port).request("GET", "/api/v1/claim-reviews/"),
                          range(self.web_workers * 8)))

    def web_worker_pids(self):
        path = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop_worker(self):
        """Stop splitting, so that what is left of it does not slow the measurements that follow."""
        try:
            os.killpg(self.worker.pid, signal.SIGTERM)
            self.worker.wait(60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.worker.pid, signal.SIGKILL)

    def stop(self):
        for proc in reversed(self.procs):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def rss_kib(pid) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- Data ---


def article_bodies(n, seed=7):
    csv.field_size_limit(sys.maxsize)
    with open(SENTENCES, encoding="utf-8", newline="") as handle:
        pool = [row["Text"].strip() for row in csv.DictReader(handle, delimiter="\t")
                if 40 <= len(row["Text"]) <= 220 and row["Text"] != "#NAME?"]
    rng = random.Random(seed)
    for i in range(n):
        sentences = rng.sample(pool, 6)
        # The numbered sentence makes every text unique (articles are deduplicated by content).
        sentences.insert(2, f"Officials counted {i + 1000} responses in district {i % 97} on Tuesday.")
        yield {"title": f"Bench story {i}", "body": f"Bench story {i}\n\n" + " ".join(sentences),
               "url": f"https://news.example.org/bench/{i}", "source": "Bench Daily"}


# --- One database ---


def run_one(args, kind):
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    db_url = f"sqlite:///{workdir / 'bench.sqlite3'}" if kind == "sqlite" else args.postgres_url
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DATABASE_URL": db_url,
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789", "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "API_ANON_RATE": "1000000/minute", "LOG_LEVEL": "WARNING", "SECURE_COOKIES": "0",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0)
    if kind == "postgres":
        call_command("flush", interactive=False, verbosity=0)
        import importlib

        from django.apps import apps

        importlib.import_module("annotations.migrations.0002_default_rating_scale_and_roles").create_defaults(
            apps, None)

    editor = User.objects.create_user("bench-editor", password="x")
    editor.groups.add(Group.objects.get(name="editor"))
    reviewers = []
    for i in range(8):
        user = User.objects.create_user(f"bench-reviewer-{i}", password="x")
        user.groups.add(Group.objects.get(name="reviewer"))
        reviewers.append(user)
    tokens = {user.username: Token.objects.create(user=user).key for user in [editor, *reviewers]}
    connection.close()

    stack = Stack(env, web_workers=args.web_workers, celery_concurrency=args.celery_concurrency, workdir=workdir)
    results = {"database": kind, "articles": args.articles, "web_workers": args.web_workers,
               "celery_concurrency": args.celery_concurrency}
    try:
        stack.start()
        results.update(measure(args, stack, tokens, reviewers))
    finally:
        stack.stop()
        connection.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def analyze():
    """Planner statistics after a bulk load, as autovacuum would gather them on a live PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def load_average() -> float:
    """The 1-minute load average: the machine is shared, so every figure is written with it."""
    return round(os.getloadavg()[0], 1)


def measure(args, stack, tokens, reviewers):
    from django.db import connection
    from django.utils import timezone

    from annotations.models import Article, Claim, Evidence, FactCheck, Rating, Verdict

    out = {}
    editor = Client(stack.port, tokens["bench-editor"])

    # 1. Bulk creation and splitting.
    # Refused batches (a bad URL) warm every web worker's validation without creating anything.
    refused = [{"body": "Warm-up text.", "url": "ftp://warm-up.example"}]
    with ThreadPoolExecutor(args.web_workers * 2) as pool:
        assert {s for s, _, _ in pool.map(lambda _: editor.request("POST", "/api/v1/articles/", refused),
                                          range(args.web_workers * 4))} == {400}
    bodies = list(article_bodies(args.articles))
    post_times, started = [], time.perf_counter()
    for first in range(0, len(bodies), BATCH):
        status, payload, elapsed = editor.request("POST", "/api/v1/articles/", bodies[first:first + BATCH])
        assert status == 201, payload[:500]
        post_times.append(elapsed)
    posted = time.perf_counter()
    load_post = load_average()
    deadline = posted + args.split_timeout
    while True:
        left = Article.objects.exclude(split_state__in=["done", "failed"]).count()
        if not left or time.perf_counter() > deadline:
            break
        time.sleep(0.25)
    split_done = time.perf_counter()
    stack.stop_worker()
    split_count = Article.objects.filter(split_state="done").count()
    out["post_articles_per_s"] = round(args.articles / sum(post_times))
    out["post_batch_s_median"] = round(statistics.median(post_times), 3)
    out["load_after_post"] = load_post
    out["split_all_s_after_last_post"] = round(split_done - posted, 1)
    out["split_all_s_from_first_post"] = round(split_done - started, 1)
    out["split_unfinished"] = left
    out["split_failed"] = Article.objects.filter(split_state="failed").count()
    out["articles_split_per_s"] = round(split_count / (split_done - started), 1)
    out["load_after_split"] = load_average()
    out["claims"] = Claim.objects.filter(kind="claim").count()
    # Articles the workers did not reach in time get one claim each (the numbered sentence), so the
    # review and export steps still run on the full count.
    unsplit = list(Article.objects.exclude(split_state="done").only("id", "body"))
    fillers = []
    for article in unsplit:
        start = article.body.index("Officials counted")
        end = article.body.index(".", start) + 1
        fillers.append(Claim(article=article, start=start, end=end, text=article.body[start:end], kind="claim"))
    Claim.objects.bulk_create(fillers, batch_size=1000)
    out["claims_added_for_unsplit_articles"] = len(fillers)
    analyze()

    # Fixtures for the review steps (bulk_create: state, not what is timed).
    ratings = {r.slug: r for r in Rating.objects.filter(scale__is_default=True)}
    claim_ids = list(Claim.objects.filter(kind="claim").order_by("id").values_list("id", flat=True))
    detail_ids = claim_ids[: args.detail_claims]
    Verdict.objects.bulk_create(
        [Verdict(claim_id=cid, reviewer=reviewers[r], rating=ratings["false"], rationale="Records say otherwise.")
         for cid in detail_ids for r in (0, 1)])
    Evidence.objects.bulk_create(
        [Evidence(claim_id=cid, added_by=reviewers[1], url=f"https://stats.example.org/{cid}/{k}",
                  title=f"Source {k}", stance="refutes", excerpt="The register shows otherwise.")
         for cid in detail_ids for k in (1, 2)])
    connection.close()

    # 2. Claims list, page of 100.
    reader = Client(stack.port, tokens["bench-reviewer-0"])
    pages = max(1, len(claim_ids) // 100)
    rng = random.Random(3)
    for _ in range(5):
        reader.request("GET", "/api/v1/claims/?page_size=100")
    times = []
    for _ in range(args.requests):
        status, _, elapsed = reader.request("GET", f"/api/v1/claims/?page_size=100&page={rng.randint(1, pages)}")
        assert status == 200
        times.append(elapsed)
    out["claims_list_p50_ms"] = round(statistics.median(times) * 1000, 1)
    out["claims_list_p95_ms"] = round(pct(times, 95) * 1000, 1)
    out["load_after_list"] = load_average()

    # 2b. The same list walked with the keyset cursor, following next links as a client does.
    times, path = [], "/api/v1/claims/?page_size=100&cursor="
    for _ in range(args.requests):
        status, payload, elapsed = reader.request("GET", path)
        assert status == 200
        times.append(elapsed)
        following = json.loads(payload)["next"]
        path = following[following.index("/api/"):] if following else "/api/v1/claims/?page_size=100&cursor="
    out["claims_cursor_p50_ms"] = round(statistics.median(times) * 1000, 1)
    out["claims_cursor_p95_ms"] = round(pct(times, 95) * 1000, 1)
    out["load_after_cursor"] = load_average()

    # 3. Claim detail with verdicts and evidence.
    times = []
    for i in range(args.requests):
        status, payload, elapsed = reader.request("GET", f"/api/v1/claims/{detail_ids[i % len(detail_ids)]}/")
        assert status == 200
        times.append(elapsed)
    detail = json.loads(payload)
    assert len(detail["verdicts"]) == 2 and len(detail["evidence"]) == 2, detail
    out["claim_detail_p50_ms"] = round(statistics.median(times) * 1000, 1)
    out["claim_detail_p95_ms"] = round(pct(times, 95) * 1000, 1)
    out["load_after_detail"] = load_average()

    # 4. Verdict submissions from 8 concurrent clients, each its own reviewer and claims.
    targets = claim_ids[len(detail_ids):]
    per_client = min(args.verdicts_per_client, len(targets) // 8)
    clients = [Client(stack.port, tokens[f"bench-reviewer-{i}"]) for i in range(8)]
    rating_id = ratings["mostly-false"].pk

    def submit(index):
        latencies, errors = [], 0
        for cid in targets[index * per_client:(index + 1) * per_client]:
            status, _, elapsed = clients[index].request(
                "POST", "/api/v1/verdicts/", {"claim": cid, "rating": rating_id, "rationale": "Checked the register."})
            latencies.append(elapsed)
            errors += status != 201
        return latencies, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        done = list(pool.map(submit, range(8)))
    wall = time.perf_counter() - started
    latencies = [t for lat, _ in done for t in lat]
    out["verdicts_submitted"] = len(latencies)
    out["verdict_errors"] = sum(err for _, err in done)
    out["verdicts_per_s"] = round(len(latencies) / wall, 1)
    out["verdict_p50_ms"] = round(statistics.median(latencies) * 1000, 1)
    out["verdict_p95_ms"] = round(pct(latencies, 95) * 1000, 1)
    out["load_after_verdicts"] = load_average()

    # 5. Export: one published fact-check per article.
    first_claims = {}
    for cid, aid in Claim.objects.filter(kind="claim").order_by("article_id", "start").values_list("id", "article_id"):
        first_claims.setdefault(aid, cid)
    now = timezone.now()
    FactCheck.objects.bulk_create(
        [FactCheck(claim_id=cid, rating=ratings["false" if i % 3 else "mostly-true"],
                   summary="The official register shows a different figure.", claimant="A council member",
                   slug=f"bench-{cid}", approved_at=now, published_at=now + timezone.timedelta(microseconds=i),
                   first_published_at=now)
         for i, cid in enumerate(first_claims.values())], batch_size=1000)
    analyze()
    connection.close()
    out["factchecks_exported"] = len(first_claims)
    anonymous = Client(stack.port)
    anonymous.request("GET", "/api/v1/claim-reviews/?page_size=5")  # every worker has imported the code
    time.sleep(1)
    runs = [export_once(stack, anonymous, len(first_claims)) for _ in range(args.export_runs)]
    out["export_s_median"] = round(statistics.median(r[0] for r in runs), 2)
    out["export_rss_above_idle_mb_max"] = round(max(r[1] for r in runs), 1)
    out["export_mb"] = round(runs[0][2] / 1e6, 1)
    status, size, elapsed = anonymous.request("GET", "/api/v1/export/claim-reviews.csv", stream_to=lambda c: None)
    out["export_csv_s"] = round(elapsed, 2)
    out["load_after_export"] = load_average()
    return out


CHILD_OPTIONS = ["articles", "postgres_url", "web_workers", "celery_concurrency", "split_timeout", "requests",
                 "detail_claims", "verdicts_per_client", "export_runs"]


class PeakRSS:
    """Samples the RSS of some processes every 5 ms in a thread; ``above_idle_mb`` is the largest rise."""

    def __init__(self, pids):
        self.pids = pids
        self.idle = {pid: rss_kib(pid) for pid in pids}
        self.peak = dict(self.idle)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample)

    def sample(self):
        while not self.stopped.is_set():
            for pid in self.pids:
                try:
                    self.peak[pid] = max(self.peak[pid], rss_kib(pid))
                except FileNotFoundError:
                    pass
            time.sleep(0.005)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()

    @property
    def above_idle_mb(self):
        return max(self.peak[pid] - self.idle[pid] for pid in self.pids) / 1024


def export_once(stack, client, expected):
    """(seconds, MB above idle, bytes) of one full JSONL export, read as it streams."""
    counter = {"lines": 0}

    def count(chunk):
        counter["lines"] += chunk.count(b"\n")

    with PeakRSS(stack.web_worker_pids()) as rss:
        status, size, elapsed = client.request("GET", "/api/v1/export/claim-reviews.jsonl", stream_to=count)
    assert status == 200 and counter["lines"] == expected, (status, counter)
    return elapsed, rss.above_idle_mb, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers (README: 4)")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--split-timeout", type=float, default=120,
                        help="seconds to wait for the workers after the last POST")
    parser.add_argument("--requests", type=int, default=200, help="requests per read measurement")
    parser.add_argument("--detail-claims", type=int, default=200)
    parser.add_argument("--verdicts-per-client", type=int, default=150)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--one", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:  # a child: one database in a fresh process, so Django is set up once
        sys.path.insert(0, str(ROOT))
        args.result_file.write_text(json.dumps(run_one(args, args.one)))
        return

    all_results = []
    for kind in args.db:
        with tempfile.NamedTemporaryFile(suffix=".json") as handle:
            child = [sys.executable, __file__, "--one", kind, "--result-file", handle.name]
            for name in CHILD_OPTIONS:
                child += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
            started = time.monotonic()
            subprocess.run(child, check=True)
            result = json.loads(Path(handle.name).read_text())
            result["run_s"] = round(time.monotonic() - started)
        print(json.dumps(result, indent=2), flush=True)
        all_results.append(result)
    if args.json:
        args.json.write_text(json.dumps(all_results, indent=2) + "\n")


if __name__ == "__main__":
    main()
