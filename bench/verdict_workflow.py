"""What the workflow adds to a verdict: queries and time of services.verdict_submit, with and without it.

Usage: DATABASE_URL=... python bench/verdict_workflow.py [CLAIMS]

Creates a throw-away test database (``test_`` + the configured name, or a
temporary SQLite file), an article with CLAIMS claims (default 400) and two
reviewers who rate every claim; each verdict changes the claim's status (open
→ in review, then ready or disagreement) and every verdict writes its audit
event (who, the verdict before and after). Measures, in one process and one thread (the service alone, no
HTTP): verdicts per second, p50/p95 latency, and queries per verdict, for the
real code and for the same code with the status following switched off
(claim lock and ``claim_follow_verdicts`` replaced by no-ops). Results go to
stdout as JSON; docs/workflow.md records a run.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from annotations.models import Article, Claim, Rating, content_hash_of  # noqa: E402
from annotations.services import review  # noqa: E402


def _setup(claims: int, tag: str):
    body = " ".join(f"Claim number {i} says {i * 7} jobs were added." for i in range(claims))
    body = f"{tag}\n\n{body}"
    article = Article.objects.create(title=tag, body=body, content_hash=content_hash_of(body),
                                     split_state=Article.SplitState.DONE)
    made, cursor = [], len(tag) + 2
    for i in range(claims):
        sentence = f"Claim number {i} says {i * 7} jobs were added."
        start = body.index(sentence, cursor)
        made.append(Claim(article=article, start=start, end=start + len(sentence), text=sentence))
        cursor = start + len(sentence)
    Claim.objects.bulk_create(made)
    users = get_user_model().objects
    return list(article.claims.all()), [users.create_user(f"{tag}-r{n}") for n in (1, 2)]


def claim_stub(pk):
    return Claim(pk=pk, status=Claim.Status.OPEN, version=1)


def _run(claims, reviewers, ratings):
    latencies, queries = [], 0
    started = time.perf_counter()
    for reviewer_index, reviewer in enumerate(reviewers):
        for i, claim in enumerate(claims):
            rating = ratings[(i + reviewer_index * (i % 2)) % len(ratings)]  # every other claim disagrees
            connection.queries_log.clear()  # the log holds 9,000 queries; keep it from filling
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                review.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale="Checked.")
                latencies.append(time.perf_counter() - t0)
            queries += len(captured)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "verdicts": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
        "queries_per_verdict": round(queries / len(latencies), 2),
    }


def main():
    claims = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        ratings = list(Rating.objects.filter(scale__is_default=True, value__isnull=False))
        real = _run(*_setup(claims, "with-workflow"), ratings)
        follow, lock = review.claim_follow_verdicts, review.claim_for_update
        review.claim_follow_verdicts = lambda *, claim, actor, decisions_hold=True: (claim.status, claim.status)
        review.claim_for_update = lambda pk, **kw: claim_stub(pk)
        try:
            without = _run(*_setup(claims, "without-workflow"), ratings)
        finally:
            review.claim_follow_verdicts, review.claim_for_update = follow, lock
        print(json.dumps({"database": connection.vendor, "claims": claims, "with_workflow": real,
                          "without_workflow": without}, indent=2))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
