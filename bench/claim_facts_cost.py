"""What reading each claim's facts (claimant, dates, headline, duplicate groups) adds to the split job.

    .venv/bin/python bench/claim_facts_cost.py                  # 400 of the API benchmark's articles, SQLite
    .venv/bin/python bench/claim_facts_cost.py --articles 1000 --rounds 3
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/claim_facts_cost.py

Per article, in CPU time of this process (the fair figure on a shared machine):

- ``facts_alone``: ``services.facts.article_facts`` on the splitter's claims (attribution, dates
  resolved against a publication date, headline flags), no database;
- ``duplicates_alone``: ``matching.duplicates.duplicate_groups`` on the same claims;
- ``split_with_facts`` / ``split_without_facts``: the whole split service, ``article_split_many`` over
  chunks of 50 as a bulk POST's tasks carry them (splitter, reading and writing the claims, their
  facts, date rows and groups), against the same service with the facts and the grouping patched
  out. The two arms alternate chunk by chunk over fresh copies of the same texts, so the machine's
  load falls on both alike.

Nothing is sent to a broker; linking is not run (it follows on its own queue).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 50
PUBLISHED_ON = dt.date(2026, 3, 5)


def cpu(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def summary(per_article_seconds: list[float]) -> dict:
    ms = [s * 1000 for s in per_article_seconds]
    return {"cpu_mean_ms": round(statistics.fmean(ms), 2), "cpu_p50_ms": round(statistics.median(ms), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2, help="fresh copies of the texts per arm")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-facts-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings", SECRET_KEY="bench-only-secret-key-bench-only-0123456789",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}"),
        DEBUG="0", LOG_LEVEL="WARNING")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from api_load import article_bodies
    from django.core.management import call_command

    from annotations import splitting
    from annotations.matching.duplicates import duplicate_groups
    from annotations.models import Article
    from annotations.services import articles as article_services
    from annotations.services import facts

    call_command("migrate", verbosity=0)
    if "postgres" in os.environ["DATABASE_URL"]:
        call_command("flush", interactive=False, verbosity=0)
    texts = list(article_bodies(args.articles))
    splitting.split_text("A warm-up sentence. The council hired 40 teachers in 2020.")  # loads the model
    spans = [[(c.start, c.end) for c in splitting.split_text(t["body"]) if c.kind == "claim"] for t in texts]
    facts.article_facts(texts[0]["body"], spans[0], published_on=PUBLISHED_ON)  # warms the word lists
    load_before = os.getloadavg()[0]
    alone = [cpu(lambda t=t, s=s: facts.article_facts(t["body"], s, published_on=PUBLISHED_ON, publisher="Bench"))
             for t, s in zip(texts, spans, strict=True)]
    groups = [cpu(lambda t=t, s=s: duplicate_groups(t["body"], s)) for t, s in zip(texts, spans, strict=True)]

    def create(round_no: int, arm: str):
        items = [{**t, "body": f"{t['body']} ({arm} {round_no})", "published_on": PUBLISHED_ON} for t in texts]
        with mock.patch("annotations.services.articles._send_splits"):
            return article_services.article_create_many(items=items)

    without_facts = (mock.patch("annotations.services.facts.claims_facts_compute", lambda *a, **k: []),
                     mock.patch("annotations.services.split._duplicates", lambda *a, **k: []))
    per_arm = {"with": [], "without": []}
    claims = {"with": 0, "without": 0}
    with mock.patch("annotations.services.split._send_links"):
        for round_no in range(args.rounds):
            batches = {arm: create(round_no, arm) for arm in per_arm}
            for first in range(0, len(texts), CHUNK):
                for arm in ("with", "without") if first // CHUNK % 2 == 0 else ("without", "with"):
                    chunk = batches[arm][first:first + CHUNK]
                    items = [(a.pk, a.content_hash) for a in chunk]
                    if arm == "with":
                        spent = cpu(lambda i=items: article_services.article_split_many(items=i))
                    else:
                        with without_facts[0], without_facts[1]:
                            spent = cpu(lambda i=items: article_services.article_split_many(items=i))
                    per_arm[arm] += [spent / len(chunk)] * len(chunk)
            for arm, batch in batches.items():
                claims[arm] += sum(Article.objects.get(pk=a.pk).claims.count() for a in batch)
    result = {
        "articles": args.articles, "rounds": args.rounds, "database": os.environ["DATABASE_URL"].split(":")[0],
        "mean_body_chars": round(statistics.fmean(len(t["body"]) for t in texts)),
        "mean_claims": round(statistics.fmean(len(s) for s in spans), 1),
        "facts_alone": summary(alone), "duplicates_alone": summary(groups),
        "split_with_facts_chunks_of_50": summary(per_arm["with"]),
        "split_without_facts_chunks_of_50": summary(per_arm["without"]),
        "claims_written": claims,
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    added = result["split_with_facts_chunks_of_50"]["cpu_mean_ms"] - result["split_without_facts_chunks_of_50"][
        "cpu_mean_ms"]
    result["added_per_article_ms"] = round(added, 2)
    result["added_share"] = round(added / result["split_without_facts_chunks_of_50"]["cpu_mean_ms"], 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
