"""Server CPU per verdict write, two checkouts taking turns on one PostgreSQL database (run on demand).

    git worktree add /tmp/base <commit>; ln -s $PWD/.venv /tmp/base/.venv   # or a checkout with its own .venv
    BENCH_POSTGRES_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/verdict_cpu.py --base /tmp/base
    BENCH_POSTGRES_URL=... .venv/bin/python bench/verdict_cpu.py --base . --base-env VERDICT_FAST_SQL=0   # a setting

The shared harness's "server CPU per write" (../shared/bench) is the CPU seconds of the web
server's processes and of PostgreSQL's backends for the app's database while 8 threads POST
500 verdicts. This measures the same thing for two checkouts in turns (base, this, base,
this, ...), each time from a fresh gunicorn (``--workers 4``, as the harness runs it), after
100 untimed writes, so both see the same machine: on a shared machine the same code's CPU
per request moves by a third between minutes, and the ratio is the figure to read.

The database must hold split articles (the harness's own, or bench/fill_scale.py's) and
both checkouts' migrations; every write rates an open claim nobody has rated, so the
database keeps the verdicts (about 1,200 per round). The Celery worker is not started:
a verdict sends no task.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RATINGS = ["true", "false", "misleading", "unverifiable"]


def cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            pids += tree(int(child))
    return pids


def database_cpu(name: str) -> float:
    """CPU seconds of PostgreSQL's backends serving database ``name`` (its processes are titled so)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres:") and f" {name} " in title + " ":
                total += cpu_seconds(int(entry.name))
    return total


class Server:
    """gunicorn from one checkout, on 127.0.0.1."""

    def __init__(self, checkout: Path, env: dict, port: int, workdir: Path):
        self.checkout, self.env, self.port = checkout, env, port
        log = open(workdir / f"gunicorn-{port}.log", "ab")
        self.proc = subprocess.Popen(
            [str(checkout / ".venv" / "bin" / "gunicorn"), "factcheck.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "4", "--timeout", "120"],
            cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/claim-reviews/", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn from {checkout} did not answer; see {workdir}")

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


def manage(checkout: Path, env: dict, code: str) -> str:
    out = subprocess.run([str(checkout / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", code],
                         cwd=checkout, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def post_verdicts(port: int, token: str, claims: list[int], ratings: list[int], threads: int = 8) -> None:
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json"}

    def one(index: int) -> None:
        body = json.dumps({"claim": claims[index], "rating": ratings[index % len(ratings)],
                           "rationale": f"Benchmark note {index}: checked against the source."}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/verdicts/", data=body,
                                         headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 201:
                raise RuntimeError(f"verdict POST answered {response.status}")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(len(claims))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (with its .venv)")
    parser.add_argument("--rounds", type=int, default=3, help="turns per checkout")
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--base-env", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the base's server only (repeatable): one checkout, two settings")
    parser.add_argument("--json")
    args = parser.parse_args()
    if not args.postgres_url:
        sys.exit("--postgres-url or BENCH_POSTGRES_URL: a PostgreSQL database with split articles")
    database = args.postgres_url.rsplit("/", 1)[1].split("?")[0]
    workdir = Path(tempfile.mkdtemp(prefix="bench-verdict-cpu-"))
    env = {**os.environ, "DATABASE_URL": args.postgres_url, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1",
           "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789", "LOG_LEVEL": "WARNING",
           "SECURE_COOKIES": "0", "REDIS_URL": "redis://127.0.0.1:6599/0",
           "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    checkouts = {"base": args.base.resolve(), "this": ROOT}
    base_env = {**env, **dict(item.split("=", 1) for item in args.base_env)}
    token = manage(ROOT, env, (
        "from django.contrib.auth.models import Group, User\nfrom rest_framework.authtoken.models import Token\n"
        "u, _ = User.objects.get_or_create(username='bench-verdict-cpu')\n"
        "u.groups.add(Group.objects.get(name='editor'))\n"
        "print(Token.objects.get_or_create(user=u)[0].key)"))
    ratings = json.loads(manage(ROOT, env, (
        "import json\nfrom annotations.models import Rating\n"
        f"print(json.dumps([Rating.objects.get(scale__is_default=True, slug=s).pk for s in {RATINGS!r}]))")))
    per_round = args.writes + 100
    claims = json.loads(manage(ROOT, env, (
        "import json\nfrom annotations.models import Claim\n"
        "print(json.dumps(list(Claim.objects.filter(kind='claim', status='open', verdicts__isnull=True)"
        f".order_by('?').values_list('id', flat=True)[:{per_round * 2 * args.rounds}])))")))
    if len(claims) < per_round * 2 * args.rounds:
        sys.exit(f"only {len(claims)} open, unrated claims; {per_round * 2 * args.rounds} needed")
    redis = subprocess.Popen([shutil.which("redis-server"), "--port", "6599", "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    runs = {name: [] for name in checkouts}
    try:
        for turn in range(args.rounds * 2):
            name = ["base", "this"][turn % 2]
            batch, claims = claims[:per_round], claims[per_round:]
            server = Server(checkouts[name], base_env if name == "base" else env, 8390 + turn % 2, workdir)
            try:
                post_verdicts(server.port, token, batch[:100], ratings)  # untimed: every worker warm
                pids = tree(server.proc.pid)
                web0, db0, t0 = sum(map(cpu_seconds, pids)), database_cpu(database), time.perf_counter()
                post_verdicts(server.port, token, batch[100:], ratings)
                wall = time.perf_counter() - t0
                web, db = sum(map(cpu_seconds, pids)) - web0, database_cpu(database) - db0
            finally:
                server.stop()
            run = {"web_cpu_s": round(web, 2), "database_cpu_s": round(db, 2), "total_cpu_s": round(web + db, 2),
                   "writes_per_s": round(args.writes / wall, 1), "load": round(os.getloadavg()[0], 2)}
            runs[name].append(run)
            print(name, json.dumps(run), flush=True)
    finally:
        redis.terminate()
    result = {"writes_per_round": args.writes, "database": database, "base_env": args.base_env, "runs": runs}
    for name, items in runs.items():
        result[name] = {key: statistics.median(run[key] for run in items)
                        for key in ("web_cpu_s", "database_cpu_s", "total_cpu_s", "writes_per_s")}
    result["ratio_total_cpu"] = round(result["this"]["total_cpu_s"] / result["base"]["total_cpu_s"], 3)
    print(json.dumps({key: result[key] for key in ("base", "this", "ratio_total_cpu")}, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
