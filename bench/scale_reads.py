"""Read latency at a newsroom's scale: the pages and API reads a desk uses, against the filled archive.

Usage (from the repository root, after bench/fill_scale.py filled the database):

    BENCH_POSTGRES_URL=postgres://factcheck_ci:factcheck_ci@127.0.0.1:5432/fc_scale \\
        .venv/bin/python bench/scale_reads.py --json /tmp/reads.json

Collects the static files and starts gunicorn (``factcheck.wsgi``, 4
workers, DEBUG off), as the README's production notes say, on 127.0.0.1 at
a free port, signs in as a reviewer
and as an editor (a session cookie through the login form for the pages, an
API token for the API) and requests each endpoint of ENDPOINTS below from
one client, one request at a time: warm-up requests first, then
``--requests`` timed ones, or fewer when an endpoint's ``--budget`` seconds
run out. Figures: p50 and p95 of the whole request as the client sees it,
with the 1-minute load average before each measurement (the machine is
shared). The ClaimReview export is timed whole, read as it streams, with the
peak RSS of the gunicorn worker that served it above that worker's idle RSS.

For every endpoint over 50 ms at p50 (the export: over 50 ms at all), the
request is made once more in this process through Django's test client with
the same user, every SQL statement is timed through
``connection.execute_wrapper`` (pg_stat_statements needs a superuser to
install), and the slowest SELECT is run again under ``EXPLAIN (ANALYZE,
BUFFERS)``; its plan goes into the JSON. The database is only read (API
tokens and sessions for the two users are the exception).

A new endpoint is one line in ENDPOINTS. Paths may name {placeholders}
filled from the archive (see ``Targets.samples``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.api_load import PeakRSS, free_port, load_average, pct  # noqa: E402

BIN = Path(sys.executable).parent
SLOW_MS = 50


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str  # may hold {placeholders} (Targets.samples)
    auth: str = "token"  # "session" (pages), "token" (API) or "" (anonymous)
    personas: tuple[str, ...] = ("reviewer", "editor")
    walk: bool = False  # follow each page's "next" link instead of repeating the path
    export: bool = False  # timed whole, with the server worker's peak memory
    runs: int = 0  # an export's runs; 0: --export-runs


ENDPOINTS = [
    Endpoint("queue page", "/queue/", "session"),
    Endpoint("queue counts (loaded after the page)", "/queue/counts/", "session"),
    Endpoint("home page (articles, newest 50)", "/", "session"),
    Endpoint("article page, typical article", "/articles/{typical_article}/", "session"),
    Endpoint("article page, longest article", "/articles/{longest_article}/", "session"),
    Endpoint("article page with a reviewed claim open", "/articles/{reviewed_article}/?claim={reviewed_claim}",
             "session"),
    Endpoint("API claims, first page of 100", "/api/v1/claims/?page_size=100"),
    Endpoint("API claims, page 5000 of 100", "/api/v1/claims/?page_size=100&page={deep_claim_page}"),
    Endpoint("API claims, ?cursor= walk, pages of 100", "/api/v1/claims/?page_size=100&cursor=", walk=True),
    Endpoint("API articles, first page of 100", "/api/v1/articles/?page_size=100"),
    Endpoint("API articles, deep page of 100", "/api/v1/articles/?page_size=100&page={deep_article_page}"),
    Endpoint("API articles, last page of 100", "/api/v1/articles/?page_size=100&page={last_article_page}"),
    Endpoint("API claim detail (2 verdicts, evidence)", "/api/v1/claims/{reviewed_claim}/"),
    Endpoint("home page (every article listed)", "/", "session", ("reviewer",)),
    Endpoint("ClaimReview export, JSONL", "/api/v1/export/claim-reviews.jsonl", "", ("anonymous",), export=True),
    # Everything: a few gigabytes at this size, so one run.
    Endpoint("Full export (archive.jsonl)", "/api/v1/export/archive.jsonl", "token", ("admin",), export=True,
             runs=1),
]


# --- HTTP ---


@dataclass
class Session:
    """One signed-in user as a client holds them: a cookie jar for pages, a token for the API."""

    username: str
    cookies: dict = field(default_factory=dict)
    token: str = ""

    def headers(self, auth: str) -> dict:
        if auth == "session":
            return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if auth == "token":
            return {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        return {}


def request(port: int, method: str, path: str, *, headers=None, body=None, sink=None):
    """(status, body or byte count with a sink, seconds, response headers); one connection a request, as
    gunicorn's sync workers close each."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    if sink is None:
        payload = response.read()
    else:
        payload = 0
        while chunk := response.read(65536):
            payload += len(chunk)
            sink(chunk)
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, payload, elapsed, response.getheaders()


def _cookies(headers) -> dict:
    return dict(value.split(";", 1)[0].split("=", 1) for name, value in headers if name.lower() == "set-cookie")


def sign_in(port: int, session: Session, password: str) -> None:
    """The login form, as a browser fills it: its CSRF cookie and token, then the credentials."""
    status, page, _, headers = request(port, "GET", "/accounts/login/")
    session.cookies.update(_cookies(headers))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"username": session.username, "password": password,
                                   "csrfmiddlewaretoken": token})
    status, _, _, headers = request(port, "POST", "/accounts/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", **session.headers("session")})
    session.cookies.update(_cookies(headers))
    if status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"{session.username} could not sign in ({status}); was the archive filled with "
                           "this --password?")


# --- The server ---


class Gunicorn:
    def __init__(self, env: dict, workers: int, workdir: Path):
        self.env, self.workers, self.port, self.workdir = env, workers, free_port(), workdir

    def __enter__(self):
        log = open(self.workdir / "gunicorn.log", "wb")
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "factcheck.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(self.workers), "--timeout", "600"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status = request(self.port, "GET", "/accounts/login/")[0]
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return self
            break
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer the login page; see {self.workdir}/gunicorn.log")

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


# --- Who signs in, which rows the paths name ---


class Targets:
    """The users to sign in as, and rows of the filled archive for the paths' {placeholders}."""

    def __init__(self, reviewer: str, editor: str, admin: str):
        from django.db.models import Count, Max

        from annotations.models import Article, Claim, Evidence, Verdict

        self.usernames = {"reviewer": reviewer, "editor": editor, "admin": admin}
        sizes = Article.objects.annotate(n=Count("claims")).values_list("id", "n")
        counts = dict(sizes)
        median = statistics.median(counts.values())
        longest = max(counts, key=counts.get)
        # Claims with two verdicts and evidence: what a detail page and an open review panel show.
        reviewed = list(
            Claim.objects.filter(pk__in=Evidence.objects.values("claim_id"))
            .annotate(verdict_count=Count("verdicts")).filter(verdict_count=2)
            .order_by("id").values_list("id", "article_id")[:50])
        typical = [pk for pk, n in sorted(counts.items()) if n == median][:50] or [longest]
        self.counts = {
            "articles": len(counts), "claims": Claim.objects.count(), "verdicts": Verdict.objects.count(),
            "median_claims_per_article": median, "longest_article_claims": counts[longest],
            "longest_article_chars": len(Article.objects.values_list("body", flat=True).get(pk=longest)),
            "latest_article": Article.objects.aggregate(latest=Max("created_at"))["latest"].isoformat(),
        }
        self.samples = [
            {"typical_article": typical[i % len(typical)], "longest_article": longest,
             "reviewed_claim": reviewed[i % len(reviewed)][0], "reviewed_article": reviewed[i % len(reviewed)][1],
             "deep_article_page": max(1, int(len(counts) / 100 * 0.9)),
             "last_article_page": max(1, -(-len(counts) // 100)),
             # Page 5000 as the issue measures it; the last page on an archive too small for it.
             "deep_claim_page": min(5000, max(1, self.counts["claims"] // 100))}
            for i in range(max(len(typical), len(reviewed)))]

    def path(self, endpoint: Endpoint, i: int) -> str:
        return endpoint.path.format(**self.samples[i % len(self.samples)])


def sessions(port: int, targets: Targets, password: str) -> dict[str, Session]:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    out = {"anonymous": Session("")}
    for persona, username in targets.usernames.items():
        user = get_user_model().objects.get(username=username)
        session = Session(username, token=Token.objects.get_or_create(user=user)[0].key)
        sign_in(port, session, password)
        out[persona] = session
    return out


# --- Measuring ---


def measure(server: Gunicorn, targets: Targets, session: Session, endpoint: Endpoint, args) -> dict:
    if endpoint.export:
        return measure_export(server, endpoint, session.headers(endpoint.auth), args)
    headers = session.headers(endpoint.auth)
    out = {"load_before": load_average()}
    for i in range(args.warmup):
        status, *_ = request(server.port, "GET", targets.path(endpoint, i), headers=headers)
        if status != 200:
            raise RuntimeError(f"{endpoint.name} as {session.username}: HTTP {status}")
    times, path, started = [], targets.path(endpoint, args.warmup), time.monotonic()
    while len(times) < args.requests and (len(times) < args.min_requests or time.monotonic() - started < args.budget):
        status, payload, elapsed, _ = request(server.port, "GET", path, headers=headers)
        if status != 200:
            raise RuntimeError(f"{endpoint.name} as {session.username}: HTTP {status} on {path}")
        times.append(elapsed)
        path = _next(payload) if endpoint.walk else targets.path(endpoint, args.warmup + len(times))
        path = path or targets.path(endpoint, 0)
    out.update(requests=len(times), p50_ms=round(statistics.median(times) * 1000, 1),
               p95_ms=round(pct(times, 95) * 1000, 1), bytes=len(payload))
    return out


def _next(payload: bytes) -> str | None:
    following = json.loads(payload)["next"]
    return following[following.index("/api/"):] if following else None


class LineCount:
    lines = 0

    def __call__(self, chunk: bytes) -> None:
        self.lines += chunk.count(b"\n")


def measure_export(server: Gunicorn, endpoint: Endpoint, headers: dict, args) -> dict:
    out = {"load_before": load_average(), "runs": []}
    if not endpoint.runs:
        request(server.port, "GET", endpoint.path, sink=lambda chunk: None)  # every worker has loaded the code
    for _ in range(endpoint.runs or args.export_runs):
        lines = LineCount()
        with PeakRSS(server.worker_pids()) as rss:
            status, size, elapsed, _ = request(server.port, "GET", endpoint.path, headers=headers, sink=lines)
        if status != 200:
            raise RuntimeError(f"{endpoint.name}: HTTP {status}")
        out["runs"].append({"seconds": round(elapsed, 2), "mb": round(size / 1e6, 1), "lines": lines.lines,
                            "rss_above_idle_mb": round(rss.above_idle_mb, 1)})
    out["seconds_median"] = statistics.median(r["seconds"] for r in out["runs"])
    out["p50_ms"] = round(out["seconds_median"] * 1000)
    out["rss_above_idle_mb_max"] = max(r["rss_above_idle_mb"] for r in out["runs"])
    return out


def slowest_query_plan(targets: Targets, session: Session, endpoint: Endpoint) -> dict:
    """The request once more in this process, every statement timed; the slowest SELECT under EXPLAIN ANALYZE."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    headers = {}
    if endpoint.auth == "session":
        client.force_login(get_user_model().objects.get(username=session.username))
    elif endpoint.auth == "token":
        headers["HTTP_AUTHORIZATION"] = f"Token {session.token}"
    statements = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(timed):
        response = client.get(targets.path(endpoint, 0), **headers)
        if response.streaming:
            for _ in response.streaming_content:
                pass
    selects = [s for s in statements if s[1].lstrip().upper().startswith(("SELECT", "WITH"))]
    out = {"in_process_status": response.status_code, "queries": len(statements),
           "queries_ms": round(sum(s[0] for s in statements) * 1000, 1)}
    if not selects:
        return out
    seconds, sql, params = max(selects, key=lambda s: s[0])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    out.update(slowest_query_ms=round(seconds * 1000, 1), slowest_query=sql,
               slowest_query_params=[str(p) for p in params or ()], plan=plan)
    return out


# --- Command line ---


def environment(url: str) -> dict:
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DATABASE_URL": url, "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0", "API_ANON_RATE": "1000000/minute", "LOG_LEVEL": "WARNING",
    }


def print_table(results: list[dict]) -> None:
    print(f"\n{'endpoint':<44} {'as':<9} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'load':>5}  slowest query")
    for r in results:
        p95 = r.get("p95_ms", "")
        slowest = f"{r['slowest_query_ms']} ms of {r['queries']} queries" if "slowest_query_ms" in r else ""
        n = r.get("requests", len(r.get("runs", [])))
        print(f"{r['endpoint']:<44} {r['as']:<9} {n:>4} {r['p50_ms']:>9} {p95:>9} {r['load_before']:>5}  {slowest}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint and user")
    parser.add_argument("--min-requests", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60, help="seconds per endpoint and user, after --min-requests")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (README: 4)")
    parser.add_argument("--reviewer", default="bench-reviewer-01", help="the most active reviewer of the fill")
    parser.add_argument("--editor", default="bench-editor-1")
    parser.add_argument("--admin", default="bench-admin")
    parser.add_argument("--password", default="bench-password")
    parser.add_argument("--only", help="measure only the endpoints whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    url = os.environ.get("BENCH_POSTGRES_URL")
    if not url:
        parser.error("Set BENCH_POSTGRES_URL to the database bench/fill_scale.py filled.")
    env = environment(url)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.fill_scale import database_size

    call_command("collectstatic", interactive=False, verbosity=0)  # as the README's production notes do

    targets = Targets(args.reviewer, args.editor, args.admin)
    report = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "load_at_start": os.getloadavg()},
        "archive": {**targets.counts, **database_size(connection)}, "options": vars(args) | {"json": str(args.json)},
        "results": []}
    connection.close()
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    with Gunicorn(env, args.workers, workdir) as server:
        people = sessions(server.port, targets, args.password)
        for endpoint in ENDPOINTS:
            if args.only and args.only not in endpoint.name:
                continue
            for persona in endpoint.personas:
                result = {"endpoint": endpoint.name, "path": endpoint.path, "as": persona,
                          **measure(server, targets, people[persona], endpoint, args)}
                if result["p50_ms"] > SLOW_MS:
                    result.update(slowest_query_plan(targets, people[persona], endpoint))
                print(json.dumps({k: v for k, v in result.items() if k != "plan"}), flush=True)
                report["results"].append(result)
    shutil.rmtree(workdir, ignore_errors=True)
    print_table(report["results"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
