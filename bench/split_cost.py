"""What one article costs the split workers, in process, one article at a time (run on demand).

    .venv/bin/python bench/split_cost.py                 # 200 of the API benchmark's articles, SQLite
    .venv/bin/python bench/split_cost.py --articles 500

For the articles of bench/api_load.py it times, per article, wall clock and CPU time of this process:
the splitter alone (``splitting.split_text``, and ``split_texts`` over chunks of 50 as a bulk POST's
tasks carry them), the whole split service (the splitter plus reading and writing the articles and
their claims: ``article_split`` one at a time and ``article_split_many`` over chunks of 50; a chunk's
figure is its time divided by its articles), and the linking that follows on the same workers
(``linking.article_link``). CPU time is the fair figure on a shared machine: it does
not count the time other processes hold the core. Nothing is sent to a broker.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]


def clock(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


# As the split tasks of a bulk POST carry them (services.SPLIT_TASK_CHUNK).
CHUNK = 50


def chunks(items):
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


def per_article(sample, count):
    return sample[0] / count, sample[1] / count


def summary(samples):
    walls, cpus = [w * 1000 for w, _ in samples], [c * 1000 for _, c in samples]
    return {"wall_p50_ms": round(statistics.median(walls), 1), "cpu_p50_ms": round(statistics.median(cpus), 1),
            "cpu_mean_ms": round(statistics.fmean(cpus), 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-split-"))
    os.environ.update(DJANGO_SETTINGS_MODULE="factcheck.settings", DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
                      SECRET_KEY="bench-only-secret-key-bench-only-secret-key-0123456789", DEBUG="0",
                      LOG_LEVEL="WARNING")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from api_load import article_bodies
    from django.core.management import call_command

    from annotations import splitting
    from annotations.services import articles as article_services
    from annotations.services import matching

    call_command("migrate", verbosity=0)
    with mock.patch("annotations.services.articles._send_splits"):
        articles = article_services.article_create_many(items=list(article_bodies(2 * args.articles)))
    one_by_one, chunked = articles[:args.articles], articles[args.articles:]
    splitting.split_text("A warm-up sentence. The council hired 40 teachers in 2020.")  # loads the model
    load_before = os.getloadavg()[0]
    splitter = [clock(lambda a=a: splitting.split_text(a.body)) for a in one_by_one]
    splitter_chunks = [per_article(clock(lambda c=c: splitting.split_texts([a.body for a in c])), len(c))
                       for c in chunks(one_by_one)]
    with mock.patch("annotations.services.split._send_links"):
        service = [clock(lambda a=a: article_services.article_split(article_id=a.pk, content_hash=a.content_hash))
                   for a in one_by_one]
        service_chunks = [
            per_article(clock(lambda c=c: article_services.article_split_many(
                items=[(a.pk, a.content_hash) for a in c])), len(c))
            for c in chunks(chunked)
        ]
    link = [clock(lambda a=a: matching.article_link(article_id=a.pk)) for a in one_by_one]
    result = {"articles": args.articles, "splitter_version": splitting.SPLITTER_VERSION,
              "splitter_alone": summary(splitter), f"splitter_chunks_of_{CHUNK}": summary(splitter_chunks),
              "split_service": summary(service), f"split_service_chunks_of_{CHUNK}": summary(service_chunks),
              "linking": summary(link),
              "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
    per_article_cpu = result[f"split_service_chunks_of_{CHUNK}"]["cpu_mean_ms"] + result["linking"]["cpu_mean_ms"]
    result["articles_per_cpu_second"] = round(1000 / per_article_cpu, 1)
    result["articles_per_cpu_second_split_only"] = round(
        1000 / result[f"split_service_chunks_of_{CHUNK}"]["cpu_mean_ms"], 1)
    import json

    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
