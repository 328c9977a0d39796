"""Two checkouts' in-process API CPU time, measured side by side: the ratio is what to read.

    git archive main | tar -x -C /tmp/base     # and ln -sfn /path/to/shared /tmp/shared for its data
    .venv/bin/python bench/api_ab.py /tmp/base . --what detail,list,cursor,verdict

On a shared or throttled machine the same code's per-request CPU time moves by half between
runs minutes apart (docs/benchmarks.md), so two runs of bench/api_inprocess.py one after the
other compare the machine as much as the code. Here each checkout runs in its own process
(the data of bench/api_inprocess.py, on SQLite), both pinned to one core, and they take turns
in small blocks of requests, in random order: both see the same machine, and the ratio of
their medians holds within a few percent where the medians themselves swing by half.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def serve() -> None:
    """In a checkout (the current directory): build bench/api_inprocess.py's data, then answer
    "<what> <n>" lines on stdin with the CPU seconds of n requests, as JSON."""
    root = Path.cwd()
    sys.path[:0] = [str(root), str(root / "bench")]
    import api_inprocess

    api_inprocess.ROOT = root
    api_inprocess.setup(Path(tempfile.mkdtemp(prefix="bench-ab-")))
    from unittest import mock

    from api_load import article_bodies
    from django.contrib.auth.models import Group, User

    from annotations.models import Article, Claim, Evidence, Rating, Verdict

    # The same data as bench/api_inprocess.py's main(), written out here rather than called:
    # the checkout measured may be older than any shared helper, and both sides must build it alike.
    users = {}
    for name, role in [("editor", "editor"), ("reviewer", "reviewer"), ("second", "reviewer")]:
        users[name] = User.objects.create_user(name)
        users[name].groups.add(Group.objects.get(name=role))
    editor, reader = api_inprocess.client_for(users["editor"]), api_inprocess.client_for(users["reviewer"])
    # Where the split is sent from moved with the services' layout; patch whichever this checkout has.
    try:
        mock.patch("annotations.services.articles._send_splits").start()
    except (AttributeError, ModuleNotFoundError):
        mock.patch("annotations.services._send_splits").start()
    assert editor.post("/api/v1/articles/", list(article_bodies(1000)), format="json").status_code == 201
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
    unrated = iter(ids[100:])
    cursor = [None]

    def walk(i):  # the list walked by its next links, from the start again at the end
        response = reader.get(cursor[0] or "/api/v1/claims/?page_size=100&cursor=")
        cursor[0] = response.json()["next"]
        return response

    requests = {
        "detail": lambda i: reader.get(f"/api/v1/claims/{ids[i % 50]}/"),
        "list": lambda i: reader.get(f"/api/v1/claims/?page_size=100&page={i % 9 + 1}"),
        "cursor": walk,
        "verdict": lambda i: reader.post("/api/v1/verdicts/", {
            "claim": next(unrated), "rating": ratings["mostly-false"].pk, "rationale": "Checked."}, format="json"),
    }
    for fn in requests.values():
        for i in range(5):
            assert fn(i).status_code in (200, 201)
    print("READY", flush=True)
    count = 0
    for line in sys.stdin:
        what, n = line.split()
        cpu = []
        for _ in range(int(n)):
            count += 1
            started = time.process_time()
            response = requests[what](count)
            cpu.append(time.process_time() - started)
            assert response.status_code in (200, 201), response.content[:300]
        print(json.dumps(cpu), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", nargs="?", help="the checkout to compare against (a directory)")
    parser.add_argument("new", nargs="?", help="the checkout measured (a directory)")
    parser.add_argument("--what", default="detail,list,cursor,verdict")
    parser.add_argument("--blocks", type=int, default=40, help="turns each (at most 80 with verdicts)")
    parser.add_argument("--per-block", type=int, default=10, help="requests per turn")
    parser.add_argument("--cpu", default="0", help="the core both run on")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve()
    if not (args.base and args.new):
        parser.error("name both checkouts")
    what = args.what.split(",")
    sides = {"base": Path(args.base).resolve(), "new": Path(args.new).resolve()}
    procs = {
        side: subprocess.Popen(
            ["taskset", "-c", args.cpu, sys.executable, str(Path(__file__).resolve()), "--serve"],
            cwd=path, env=dict(os.environ, PYTHONPATH=str(path)), text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        for side, path in sides.items()
    }
    for side, proc in procs.items():
        line = proc.stdout.readline()
        assert line.startswith("READY"), f"{side} did not start: {line!r}"
    times = {(w, side): [] for w in what for side in sides}
    ratios = {w: [] for w in what}
    for _ in range(args.blocks):
        for w in what:
            medians = {}
            for side in random.sample(list(sides), 2):
                procs[side].stdin.write(f"{w} {args.per_block}\n")
                procs[side].stdin.flush()
                block = json.loads(procs[side].stdout.readline())
                times[w, side] += block
                medians[side] = statistics.median(block)
            ratios[w].append(medians["base"] / medians["new"])
    for proc in procs.values():
        proc.stdin.close()
        proc.wait()
    for w in what:
        base, new = (statistics.median(times[w, side]) * 1000 for side in sides)
        r = sorted(ratios[w])
        print(f"{w}: base p50 {base:.2f} ms, new p50 {new:.2f} ms CPU; base/new {base / new:.2f} "
              f"(per-block ratios: median {statistics.median(r):.2f}, IQR {r[len(r) // 4]:.2f}-"
              f"{r[3 * len(r) // 4]:.2f}; {args.blocks} blocks of {args.per_block})", flush=True)


if __name__ == "__main__":
    main()
