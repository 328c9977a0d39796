"""Link one new article against 100,000 existing claims; median of repeated runs, on one core.

Usage (SQLite in a scratch file, or PostgreSQL through DATABASE_URL):

    DEBUG=1 DATABASE_URL=sqlite:////tmp/bench_matching.sqlite3 .venv/bin/python bench/matching_link.py
    DEBUG=1 DATABASE_URL=postgres://factcheck_ci:factcheck_ci@127.0.0.1:5432/fc_issue6 \
        .venv/bin/python bench/matching_link.py

The database is migrated and filled once (5,000 synthetic articles of 20
claims each, with their fingerprints and keys, written in bulk as linking
would write them); later runs reuse it. Each timed run links a different new
article of 20 claims (some restating existing claims) with the production
service, annotations.services.matching.article_link. The process is pinned to one core;
PostgreSQL's server process is not (it runs beside it).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

EXISTING_ARTICLES = int(os.environ.get("BENCH_ARTICLES", "5000"))
CLAIMS_PER_ARTICLE = 20
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
SEED = 6

FIRST = "Anna Boris Carla David Elena Farid Greta Hassan Ines Jonas Kofi Lena Mateo Nadia Omar Paula Rosa Samir".split()
LAST = ("Adler Berg Costa Duval Eriksen Fischer Garcia Haddad Ivanova Jensen Kovac Lind Moreau Novak Olsen Petrov "
        "Quinn Rossi Schmidt Tanaka Ueda Varga Weber Young Zeller").split()
PLACES = ("Altmark Brenna Castello Dunmore Elbach Fenwick Granada Halden Ilford Jarrow Kessel Lindau Marlow Norland "
          "Ostend Porto Quimper Rennes Salerno Tarvis Uppsala Valdez Wexford Yalta Zagreb Arden Bergen Calais").split()
ORGS = ["central bank", "health ministry", "transport authority", "national police", "electoral commission",
        "energy regulator", "city council", "port authority", "farmers' union", "teachers' union"]
TITLES = ["Minister", "Governor", "Mayor", "Senator", "Commissioner", "spokesperson"]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()
TEMPLATES = [
    "{title} {first} {last} said on {weekday} that the {org} would spend {n} million euros in {place}.",
    "At least {n} people were killed when a {thing} collapsed in {place} on {weekday}.",
    "The {org} of {place} raised its {measure} to {pct} percent in {month} {year}.",
    "{first} {last}, the head of the {org}, was arrested in {place} on {month} {day}.",
    "Police in {place} said {n} protesters were detained after clashes near the {thing}.",
    "According to the {org}, unemployment in {place} fell to {pct} percent in {month}.",
    "{place} and {place2} signed a trade agreement worth {n} million euros in {year}.",
    "The {org} accused {first} {last} of hiding {n} million euros in accounts abroad.",
    "A fire at a {thing} in {place} forced {n} families from their homes on {weekday}.",
    "Voters in {place} approved a plan to build {n} new {things} by {year}, officials said.",
]
THINGS = ["bridge", "factory", "school", "hospital", "warehouse", "stadium", "market", "railway station"]


def sentence(rng: random.Random) -> str:
    template = rng.choice(TEMPLATES)
    place, place2 = rng.sample(PLACES, 2)
    return template.format(
        title=rng.choice(TITLES), first=rng.choice(FIRST), last=rng.choice(LAST), weekday=rng.choice(WEEKDAYS),
        org=rng.choice(ORGS), n=rng.randint(2, 900), place=place, place2=place2, thing=rng.choice(THINGS),
        things=rng.choice(THINGS) + "s", measure=rng.choice(["key rate", "deposit rate", "fuel tax", "VAT"]),
        pct=f"{rng.randint(1, 12)}.{rng.randint(0, 9)}", month=rng.choice(MONTHS), year=rng.randint(2015, 2026),
        day=rng.randint(1, 28),
    )


def make_article(rng, title, sentences, split_done=True):
    from annotations.models import Article, Claim, content_hash_of

    body = title + "\n\n" + " ".join(sentences)
    article = Article.objects.create(
        title=title, body=body, content_hash=content_hash_of(body),
        split_state=Article.SplitState.DONE if split_done else Article.SplitState.QUEUED,
    )
    claims, cursor = [], len(title) + 2
    for text in sentences:
        start = body.index(text, cursor)
        claims.append(Claim(article=article, start=start, end=start + len(text), text=text, kind="claim"))
        cursor = start + len(text)
    Claim.objects.bulk_create(claims)
    return article, body


def fill(rng) -> None:
    import numpy as np
    from django.db import transaction

    from annotations import matching
    from annotations.matching import index
    from annotations.models import Claim, ClaimFingerprint, ClaimKey
    from annotations.services.matching import _stored, key_frequency_add

    started = time.perf_counter()
    for batch_start in range(0, EXISTING_ARTICLES, 250):
        with transaction.atomic():
            made = []
            for n in range(batch_start, min(batch_start + 250, EXISTING_ARTICLES)):
                sentences = [sentence(rng) for _ in range(CLAIMS_PER_ARTICLE)]
                made.append(make_article(rng, f"Synthetic article {n}", sentences))
            fps, keys = [], []
            for article, body in made:
                context = matching.article_context(body)
                for claim in Claim.objects.filter(article=article):
                    fp = matching.fingerprint(claim.text, context=context)
                    fps.append(ClaimFingerprint(
                        claim=claim, article=article, vector=_stored(fp.vector),
                        features=matching.fingerprint_features(fp), matcher_version=matching.MATCHER_VERSION,
                    ))
                    keys.extend(
                        ClaimKey(key=k, claim=claim)
                        for k in index.claim_keys(np.asarray(fp.vector), fp.terms, fp.numbers, fp.text)
                    )
            ClaimFingerprint.objects.bulk_create(fps, batch_size=2000)
            ClaimKey.objects.bulk_create(keys, batch_size=5000)
            key_frequency_add(Counter(k.key for k in keys))
        print(f"filled {min(batch_start + 250, EXISTING_ARTICLES)} articles in {time.perf_counter() - started:.0f}s",
              file=sys.stderr)


def backfill_frequencies() -> None:
    """For a database filled before ClaimKeyFrequency existed."""
    from django.db import connection

    from annotations.models import ClaimKey, ClaimKeyFrequency

    if ClaimKeyFrequency.objects.exists() or not ClaimKey.objects.exists():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ClaimKeyFrequency._meta.db_table} (key, claims) "
            f"SELECT key, COUNT(*) FROM {ClaimKey._meta.db_table} GROUP BY key"
        )


def main() -> int:
    import django

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from annotations.models import Article, Claim, ClaimKey
    from annotations.services.matching import article_link, key_frequency_add

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    existing = Claim.objects.filter(article__title__startswith="Synthetic article").count()
    if existing < EXISTING_ARTICLES * CLAIMS_PER_ARTICLE:
        fill(rng)
    backfill_frequencies()
    # The timed articles come from their own generator and are deleted at the end, so a
    # rerun on a filled database links the same articles against the same 100,000 claims.
    rng = random.Random(SEED + 1)
    synthetic = Claim.objects.filter(article__title__startswith="Synthetic")
    existing_texts = list(synthetic.values_list("text", flat=True)[:5000])
    warm_up, _ = make_article(rng, f"Warm-up {time.time_ns()}", [sentence(rng) for _ in range(20)])
    article_link(article_id=warm_up.pk)  # loads the table and warms the caches
    timings, outcomes, timed_articles = [], [], [warm_up.pk]
    for run in range(RUNS):
        # A new article: 15 new sentences and 5 restated from existing articles.
        sentences = [sentence(rng) for _ in range(15)] + rng.sample(existing_texts, 5)
        rng.shuffle(sentences)
        article, _ = make_article(rng, f"New article {time.time_ns()} {run}", sentences)
        started = time.perf_counter()
        outcome = article_link(article_id=article.pk)
        timings.append((time.perf_counter() - started) * 1000)
        outcomes.append(outcome)
        timed_articles.append(article.pk)
    timed_keys = Counter(ClaimKey.objects.filter(claim__article_id__in=timed_articles).values_list("key", flat=True))
    key_frequency_add({key: -n for key, n in timed_keys.items()})
    Article.objects.filter(pk__in=timed_articles).delete()
    print(json.dumps({
        "database": connection.vendor,
        "existing_claims": Claim.objects.filter(article__title__startswith="Synthetic article").count(),
        "runs": RUNS,
        "median_ms": round(statistics.median(timings), 1),
        "min_ms": round(min(timings), 1),
        "max_ms": round(max(timings), 1),
        "linked_per_run": [o.linked for o in outcomes],
        "suggested_per_run": [o.suggested for o in outcomes],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
