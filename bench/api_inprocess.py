"""Per-request CPU time of the API's hot endpoints, in process (Django's test client, SQLite), run on demand.

    .venv/bin/python bench/api_inprocess.py                # detail, list, verdict, bulk
    .venv/bin/python bench/api_inprocess.py detail --profile

No server, no network: the figure is this process's CPU time per request (``time.process_time``),
which other processes on a shared machine barely move, so two commits can be compared on a busy
machine (run it from a checkout of each; docs/benchmarks.md). 1,000 of bench/api_load.py's
articles with one claim each; 50 claims with two verdicts and two pieces of evidence.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]


def setup(workdir):
    os.environ.update(DJANGO_SETTINGS_MODULE="factcheck.settings", DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
                      SECRET_KEY="bench-only-secret-key-bench-only-secret-key-0123456789", DEBUG="0",
                      ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING", SECURE_COOKIES="0")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def client_for(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="*", default=["detail", "list", "verdict", "bulk"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print the top functions (cProfile) too")
    parser.add_argument("--split", action="store_true",
                        help="split the 1,000 articles with the real service (about 8 claims each) instead of "
                             "giving each one claim")
    args = parser.parse_args()
    setup(Path(tempfile.mkdtemp(prefix="bench-inprocess-")))
    from api_load import article_bodies
    from django.contrib.auth.models import Group, User

    from annotations.models import Article, Claim, Evidence, Rating, Verdict

    users = {}
    for name, role in [("editor", "editor"), ("reviewer", "reviewer"), ("second", "reviewer")]:
        users[name] = User.objects.create_user(name)
        users[name].groups.add(Group.objects.get(name=role))
    editor, reader = client_for(users["editor"]), client_for(users["reviewer"])
    bodies = list(article_bodies(4000))
    mock.patch("annotations.services.articles._send_splits").start()  # no broker: the POST's own cost
    assert editor.post("/api/v1/articles/", bodies[:1000], format="json").status_code == 201
    if args.split:  # every article split by the real service, as the load benchmark's workers do
        from annotations.services import articles as services

        mock.patch("annotations.services.split._send_links").start()
        pending = list(Article.objects.values_list("pk", "content_hash"))
        for first in range(0, len(pending), services.SPLIT_TASK_CHUNK):
            services.article_split_many(items=pending[first:first + services.SPLIT_TASK_CHUNK])
    else:
        claims = []
        for article in Article.objects.all():
            start = article.body.index("Officials counted")
            end = article.body.index(".", start) + 1
            claims.append(Claim(article=article, start=start, end=end, text=article.body[start:end], kind="claim"))
        Claim.objects.bulk_create(claims)
    ids = list(Claim.objects.filter(kind="claim").order_by("id").values_list("id", flat=True))
    ratings = {r.slug: r for r in Rating.objects.filter(scale__is_default=True)}
    for cid in ids[:50]:
        for user in (users["second"], users["editor"]):
            Verdict.objects.create(claim_id=cid, reviewer=user, rating=ratings["false"], rationale="Records differ.")
            Evidence.objects.create(claim_id=cid, added_by=user, url="https://stats.example.org", title="Register",
                                    stance="refutes")
    batches = iter(range(1, 4))
    requests = {
        "detail": lambda i: reader.get(f"/api/v1/claims/{ids[i % 50]}/"),
        "list": lambda i: reader.get(f"/api/v1/claims/?page_size=100&page={i % 9 + 1}"),
        "verdict": lambda i: reader.post(
            "/api/v1/verdicts/", {"claim": ids[100 + i], "rating": ratings["mostly-false"].pk, "rationale": "Checked."},
            format="json"),
        "bulk": lambda i: editor.post("/api/v1/articles/", bodies[next(batches) * 1000:][:1000], format="json"),
    }
    for what in args.what:
        count = 3 if what == "bulk" else args.requests
        fn = requests[what]
        if what != "bulk":
            for i in range(5):
                fn(i)
        profile, cpu, wall = cProfile.Profile(), [], []
        for i in range(5, 5 + count):
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            if args.profile:
                profile.enable()
            response = fn(i)
            if args.profile:
                profile.disable()
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started_wall)
            assert response.status_code in (200, 201), response.content[:300]
        cpu_ms, wall_ms = statistics.median(cpu) * 1000, statistics.median(wall) * 1000
        print(f"{what}: cpu p50 {cpu_ms:.1f} ms, wall p50 {wall_ms:.1f} ms over {count} requests "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
        if args.profile:
            pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(40)


if __name__ == "__main__":
    main()
