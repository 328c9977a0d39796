"""The full export (``/api/v1/export/archive.jsonl``) against a filled database, and its restore.

    BENCH_POSTGRES_URL=postgres://fc:fc@127.0.0.1:5432/perf_fd_a .venv/bin/python bench/archive_export.py
    BENCH_POSTGRES_URL=... .venv/bin/python bench/archive_export.py --restore-into \\
        postgres://factcheck_ci:factcheck_ci@127.0.0.1:5432/fc_restore          # and the round trip

Starts gunicorn (``factcheck.wsgi``, 4 workers, DEBUG off) on the database,
makes an admin's API token (the only row it writes), and reads the export
``--runs`` times to the end as it streams: wall seconds, megabytes, lines, and
the largest rise of one gunicorn worker's RSS above its own idle RSS (sampled
every 5 ms). With ``--restore-into``, that (empty) database is migrated, the
last export restored into it with ``manage.py import --no-link``, exported again
by ``manage.py export``, and the two files compared byte for byte (sha256).
The 1-minute load average goes with every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.api_load import PeakRSS, load_average  # noqa: E402
from bench.scale_reads import Gunicorn, environment, request  # noqa: E402


def admin_token() -> str:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    admin, _ = get_user_model().objects.get_or_create(username="bench-archive-admin",
                                                      defaults={"is_superuser": True, "is_staff": True})
    return Token.objects.get_or_create(user=admin)[0].key


def export_over_http(server: Gunicorn, token: str, path: Path) -> dict:
    digest = hashlib.sha256()
    lines = 0
    with open(path, "wb") as out, PeakRSS(server.worker_pids()) as rss:
        def sink(chunk: bytes) -> None:
            nonlocal lines
            lines += chunk.count(b"\n")
            digest.update(chunk)
            out.write(chunk)

        status, size, seconds, _ = request(server.port, "GET", "/api/v1/export/archive.jsonl",
                                           headers={"Authorization": f"Token {token}"}, sink=sink)
    if status != 200:
        raise RuntimeError(f"export: HTTP {status}")
    return {"seconds": round(seconds, 2), "mb": round(size / 1e6, 1), "lines": lines,
            "rss_above_idle_mb": round(rss.above_idle_mb, 1), "sha256": digest.hexdigest()[:16],
            "load": load_average()}


def manage(url: str, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(url), capture_output=True,
                          text=True, check=True)
    return round(time.perf_counter() - started, 1), done.stdout + done.stderr


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--restore-into", help="an empty PostgreSQL database to restore the export into")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    url = os.environ.get("BENCH_POSTGRES_URL")
    if not url:
        parser.error("Set BENCH_POSTGRES_URL to a filled database.")
    os.environ.update(environment(url))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)  # the login page gunicorn is checked by

    from annotations.models import Article, Claim

    report = {"articles": Article.objects.count(), "claims": Claim.objects.count(), "runs": []}
    token = admin_token()
    connection.close()
    workdir = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    exported = workdir / "archive.jsonl"
    with Gunicorn(environment(url), args.workers, workdir) as server:
        for _ in range(args.runs):
            report["runs"].append(export_over_http(server, token, exported))
            print(json.dumps(report["runs"][-1]), flush=True)
    report["seconds_median"] = sorted(run["seconds"] for run in report["runs"])[len(report["runs"]) // 2]
    if args.restore_into:
        report["migrate_s"] = manage(args.restore_into, "migrate", "-v0")[0]
        report["import_s"], report["import_output"] = manage(args.restore_into, "import", str(exported), "--no-link")
        again = workdir / "again.jsonl"
        report["export_command_s"] = manage(args.restore_into, "export", str(again))[0]
        report["round_trip_identical"] = sha256_of(exported) == sha256_of(again)
        report["restore_load"] = load_average()
    print(json.dumps({k: v for k, v in report.items() if k != "runs"}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    for path in workdir.iterdir():
        path.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    main()
