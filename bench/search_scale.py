"""Full-text search over a million claims on PostgreSQL: what one search costs, and the plan it uses.

Usage (from the repository root; on demand, never part of the test suite):

    BENCH_POSTGRES_URL=postgres://factcheck_ci:factcheck_ci@127.0.0.1:5432/fc_i16_bench \\
        .venv/bin/python bench/search_scale.py --claims 1000000 --json /tmp/search.json

The database is migrated, then filled unless it already holds ``--claims``
claims (``--refill`` empties the claims, articles and fact-checks and fills
again; ``--claims 0`` searches whatever it holds, such as the archive of
bench/fill_scale.py). The fill is this script's own (bench/fill_scale.py, the archive filler,
was not on main when this was written): PostgreSQL's COPY of articles of 18
claims each, the claims' texts spliced from real sentences so that the
vocabulary is a real one and every text differs: the first part of one
sentence, at a word boundary, joined to the last part of another. The
sentences are the CheckThat! 2024 training set and the ClaimBuster
crowdsourced set in shared/data (debates and speeches), read in place, never
copied. 10 % of the claims are boilerplate, statuses and check-worthiness are
drawn as a desk's would be, 1 % of the claims published with a fact-check.
Then the GIN indexes are made and the tables analysed (VACUUM ANALYZE).

What is timed, in this process, through the same selectors the search page
calls (``selectors.search_results`` and ``search_count``, ORM included):

- ``claims``: one page of claims, ranked, matches marked: the capped count
  (up to 1,000), the ranked page of 20 and ``ts_headline`` for those 20;
- ``page``: everything the search page asks the database for, the claims'
  page above plus the counts of the articles and fact-checks tabs;
- ``checked``: "Checked before?": any two of a claim's key words, among the published fact-checks.

Queries (``--queries`` of each kind after 20 warm-up searches), drawn with ``--seed``:
``typed``: two or three words of a random claim, as a person recalls one;
``word``: one word of a random claim (common words included: the worst case of ranking);
``checked``: the whole text of a random claim (its key words, any two).
Results: printed, and written as JSON with --json. docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
CLAIMS_PER_ARTICLE = 18


def sentences() -> list[str]:
    found = []
    with open(DATA / "checkthat2024-task1-english" / "CT24_checkworthy_english_train.tsv", encoding="utf-8") as f:
        found += [row["Text"] for row in csv.DictReader(f, delimiter="\t")]
    with open(DATA / "claimbuster" / "crowdsourced.csv", encoding="utf-8") as f:
        found += [row["Text"] for row in csv.DictReader(f)]
    return [" ".join(text.split()) for text in found if len(text.split()) >= 6]


def spliced(pool: list[str], rng: random.Random, n: int) -> list[str]:
    """``n`` different texts: the first words of one sentence joined to the last words of another."""
    texts, seen = [], set()
    split = [text.split() for text in pool]
    while len(texts) < n:
        a, b = rng.choice(split), rng.choice(split)
        text = " ".join(a[: rng.randint(3, len(a) - 2)] + b[rng.randint(2, len(b) - 3):])
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()


def fill(claims: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from annotations import fulltext
    from annotations.models import Claim, Rating

    texts = spliced(sentences(), rng, claims)
    articles = -(-claims // CLAIMS_PER_ARTICLE)
    started = time.monotonic()
    statuses = [(Claim.Status.OPEN, 70), (Claim.Status.IN_REVIEW, 12), (Claim.Status.READY, 5),
                (Claim.Status.DISAGREEMENT, 3), (Claim.Status.RETURNED, 2), (Claim.Status.DISMISSED, 7)]
    choices, weights = zip(*statuses, strict=True)
    types = [value for value, _ in Claim.ClaimType.choices]
    rating_ids = list(Rating.objects.filter(scale__is_default=True).values_list("pk", flat=True))
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE annotations_factcheck, annotations_claim, annotations_article CASCADE")
        for index in [*fulltext.GIN_INDEXES.values(), fulltext.PUBLISHED_CLAIMS_GIN]:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
        article_columns = ("id, title, title_derived, body, source, url, published_on, language, author, content_hash, "
                           "canonical_url, url_key, split_state, split_error, splitter_version, created_at, updated_at")
        claim_columns = ('article_id, start, "end", text, kind, checkworthiness, checkworthy, claim_type, origin, '
                         "status, dismissed_reason, splitter_version, version, created_at, updated_at")
        days = [now - dt.timedelta(days=rng.randint(0, 730)) for _ in range(articles)]
        publishers = ["Riverside Courier", "Harbor Gazette", "The Ledger", "Wire"]
        # One COPY at a time: a connection carries one.
        with cursor.copy(f"COPY annotations_article ({article_columns}) FROM STDIN") as copy:
            for article_id, day in enumerate(days, start=1):
                mine = texts[(article_id - 1) * CLAIMS_PER_ARTICLE: article_id * CLAIMS_PER_ARTICLE]
                body = " ".join(mine)
                copy.write_row((
                    article_id, mine[0][:120], True, body, rng.choice(publishers), "", day.date(), "en", "",
                    hashlib.sha256(body.encode()).hexdigest(), "", "", "done", "", "1.3", day, day))
        with cursor.copy(f"COPY annotations_claim ({claim_columns}) FROM STDIN") as copy:
            for article_id, day in enumerate(days, start=1):
                start = 0
                for text in texts[(article_id - 1) * CLAIMS_PER_ARTICLE: article_id * CLAIMS_PER_ARTICLE]:
                    kind = "boilerplate" if rng.random() < 0.10 else "claim"
                    status = "open" if kind == "boilerplate" else rng.choices(choices, weights)[0]
                    if kind == "claim" and rng.random() < 0.01:
                        status = "published"
                    score = round(rng.random(), 3)
                    copy.write_row((
                        article_id, start, start + len(text), text, kind, score, score > 0.5, rng.choice(types),
                        "auto", status, "", "1.3", 1, day, day))
                    start += len(text) + 1
        cursor.execute("SELECT setval(pg_get_serial_sequence('annotations_article', 'id'), %s)", [articles])
        cursor.execute("SELECT id FROM annotations_claim WHERE status = 'published' ORDER BY id")
        published = [row[0] for row in cursor.fetchall()]
        with cursor.copy("COPY annotations_factcheck (claim_id, rating_id, summary, claimant, slug, approved_at, "
                         "published_at, first_published_at, version, created_at, updated_at) FROM STDIN") as copy:
            for claim_id in published:
                copy.write_row((claim_id, rng.choice(rating_ids), rng.choice(texts), "", f"fc-{claim_id}", now, now,
                                now, 1, now, now))
    print(f"filled {articles:,} articles, {claims:,} claims, {len(published):,} fact-checks "
          f"in {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    fulltext.install(connection)
    print(f"GIN indexes made in {time.monotonic() - started:.0f} s", flush=True)
    connection.cursor().execute("VACUUM ANALYZE")


def queries(rng: random.Random, n: int) -> dict[str, list[str]]:
    from django.db import connection

    from annotations.selectors.search import words

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM annotations_claim TABLESAMPLE SYSTEM (1) WHERE kind = 'claim' LIMIT 5000")
        sample = [row[0] for row in cursor.fetchall()]
    typed, single, checked = [], [], []
    while len(typed) < n or len(single) < n or len(checked) < n:
        text = rng.choice(sample)
        content = words(text)
        if len(content) >= 3:
            typed.append(" ".join(rng.sample(content, rng.choice((2, 3)))))
            single.append(rng.choice(content))
            checked.append(text)
    return {"typed": typed[:n], "word": single[:n], "checked": checked[:n]}


def timed(fn, items) -> dict:
    """Wall time per search, and the part of it spent waiting for PostgreSQL (the rest is Python)."""
    from django.db import connection

    times, db_times, counts = [], [], []
    waited = [0.0]

    def clock(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - started

    with connection.execute_wrapper(clock):
        for item in items:
            waited[0] = 0.0
            started = time.perf_counter()
            result = fn(item)
            times.append((time.perf_counter() - started) * 1000)
            db_times.append(waited[0] * 1000)
            counts.append(result)
    times.sort()
    return {
        "n": len(times), "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1), "max_ms": round(times[-1], 1),
        "db_p50_ms": round(statistics.median(db_times), 1),
        "matches_p50": statistics.median(counts), "matches_capped_share": round(sum(c >= 1000 for c in counts)
                                                                                 / len(counts), 3),
    }


def plan(text: str) -> str:
    from django.db import connection

    from annotations.models import Claim
    from annotations.selectors import search as s

    rows = s._ranked("claims", s.claims_matching(Claim.objects.filter(kind="claim"), text), text)[:21]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000,
                        help="fill this many claims (0: search the database as it is, e.g. bench/fill_scale.py's)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--refill", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    url = os.environ.get("BENCH_POSTGRES_URL")
    if not url:
        sys.exit("Set BENCH_POSTGRES_URL to a PostgreSQL database this may fill (it is emptied with --refill).")
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from annotations.models import Claim, FactCheck, Verdict
    from annotations.selectors.search import SearchFilters, key_word_pairs, search_count, search_results

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    if args.claims and (args.refill or Claim.objects.count() != args.claims):
        fill(args.claims, rng)
    from annotations import fulltext

    fulltext.install(connection)  # idempotent: an index added since the fill is made now
    rng = random.Random(args.seed + 1)
    asked = queries(rng, args.queries)
    verdicts, none = Verdict.objects.all(), SearchFilters()

    def claims_page(text):
        return search_results("claims", text, none, verdicts).count

    def whole_page(text):
        found = search_results("claims", text, none, verdicts).count
        search_count("articles", text, none, verdicts)
        search_count("factchecks", text, none, verdicts)
        return found

    def checked_before(text):
        return search_results("factchecks", key_word_pairs(text), none, verdicts).count

    for text in asked["typed"][:20]:
        whole_page(text)
    results = {
        "claims": Claim.objects.count(), "claims_of_kind_claim": Claim.objects.filter(kind="claim").count(),
        "published_factchecks": FactCheck.objects.count(),
        "postgres": connection.cursor().connection.info.server_version,
        "load_before": os.getloadavg()[0],
        "claims_typed": timed(claims_page, asked["typed"]),
        "claims_word": timed(claims_page, asked["word"]),
        "page_typed": timed(whole_page, asked["typed"]),
        "page_word": timed(whole_page, asked["word"]),
        "checked_before": timed(checked_before, asked["checked"]),
        "load_after": os.getloadavg()[0],
        "plan_typed": plan(asked["typed"][0]),
        "plan_typed_query": asked["typed"][0],
    }
    common = max(asked["word"], key=lambda w: search_count("claims", w, none, verdicts)[0])
    results["plan_common_word"], results["plan_common_word_query"] = plan(common), common
    print(json.dumps({k: v for k, v in results.items() if not k.startswith("plan")}, indent=2))
    print(f"\nplan for {results['plan_typed_query']!r}:\n{results['plan_typed']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
