"""The API's claim detail in process, on a filled PostgreSQL database (run on demand).

    BENCH_POSTGRES_URL=postgres://u:p@127.0.0.1:5432/db .venv/bin/python bench/claim_detail.py
    BENCH_POSTGRES_URL=... .venv/bin/python bench/claim_detail.py --role editor --drf-token --requests 400

The database is one bench/fill_scale.py filled (10,000 articles is enough: the detail reads one
claim by its key). Django's test client sends ``GET /api/v1/claims/{id}/`` with a token, as the
shared harness does (``--drf-token``: a key of DRF's own token table, which the harness makes;
otherwise one made on the account page), cycling over 200 claims that have verdicts, after 30
untimed requests. It prints the median wall and CPU time (``time.process_time``: this process
only, so PostgreSQL's share is in the wall figure alone) and the load average. Each run makes a
token; nothing else is written. To compare two commits, run it from a checkout of each, in turns.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--role", choices=("reviewer", "editor"), default="reviewer")
    parser.add_argument("--drf-token", action="store_true", help="authenticate with DRF's token, as the harness")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.postgres_url:
        raise SystemExit("Set BENCH_POSTGRES_URL (or --postgres-url) to a database bench/fill_scale.py filled.")
    os.environ.update(DJANGO_SETTINGS_MODULE="factcheck.settings", DATABASE_URL=args.postgres_url,
                      SECRET_KEY="bench-only-secret-key-bench-only-secret-key-0123456789", DEBUG="0",
                      ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING", SECURE_COOKIES="0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from annotations.models import Verdict
    from annotations.services import accounts

    user = User.objects.filter(groups__name=args.role, is_active=True).order_by("id").first()
    if args.drf_token:
        key = Token.objects.get_or_create(user=user)[0].key
    else:
        key = accounts.api_token_create(user=user, name=f"bench {time.time():.0f}")[1]
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    claim_ids = list(Verdict.objects.order_by("claim_id").values_list("claim_id", flat=True).distinct()[:200])

    def detail(i):
        response = client.get(f"/api/v1/claims/{claim_ids[i % len(claim_ids)]}/")
        assert response.status_code == 200, response.content[:300]

    for i in range(30):
        detail(i)
    wall, cpu = [], []
    for i in range(args.requests):
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        detail(i)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    print(f"claim detail as {args.role} ({'DRF' if args.drf_token else 'account'} token): "
          f"wall p50 {statistics.median(wall) * 1000:.2f} ms, cpu p50 {statistics.median(cpu) * 1000:.2f} ms "
          f"over {args.requests} requests (load {os.getloadavg()[0]:.2f})", flush=True)


if __name__ == "__main__":
    main()
