"""The table and the issue-15 ratios of one sitting of the shared peer benchmark.

    .venv/bin/python bench/peers_table.py $PERF

reads $PERF/out/*.json (written by ../shared/bench/run_*.sh at N = 10,000) and the load-wait
notes the peer scripts leave in $PERF/work, and prints Markdown. Ratios are ours / best peer,
where best means the lower latency or CPU, or the higher write rate; each run of this app
(tags A and B, before and after the peers) gets its own ratio, so the spread shows the noise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# issue 15: what the refactoring must keep, as (measure, bound, which side of it passes)
TARGETS = {"list_first": (0.5, "<="), "list_last": (0.5, "<="), "detail": (0.5, "<="),
           "write_rate": (1.5, ">="), "cpu_per_write": (0.75, "<=")}


def median(values):
    v = sorted(x for x in values if x is not None)
    if not v:
        return None
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def figures(d: dict, perf: Path) -> dict:
    """One run's figures; latencies are the median over repeats of each repeat's p50."""
    s, reps, e = d["summary"], d["repeats"], d.get("export", {})
    web_cpu = median(r["write"]["server_cpu_s"] for r in reps)
    aux_cpu = median(r["write"].get("aux_cpu_s") for r in reps)
    info = d.get("server", {})
    if d["target"] == "factdesk":
        name, load_wait = f"this app ({info.get('db')}, {d['_tag']})", info.get("load_wait")
        version = f"commit {info.get('commit')}"
    else:
        name = {"labelstudio": "Label Studio", "doccano": "doccano"}[d["target"]]
        version = info.get("label_studio_version") or info.get("doccano_version")
        sub = "ls" if d["target"] == "labelstudio" else "dc"
        note = perf / "work" / sub / f"load_wait-{d['_tag']}.txt"
        load_wait = note.read_text().strip() if note.exists() else None
    return {
        "name": name, "version": version, "target": d["target"], "load_wait": load_wait,
        "load_start": d.get("loadavg_start"), "load_end": d.get("loadavg_end"),
        "import_aps": d["import"]["articles_per_s"], "import_batch": d["import"]["batch"],
        "split_s": (d.get("split") or {}).get("all_split_s_from_first_post"),
        "link_idle_s": (d.get("link_after_split") or {}).get("worker_idle_s_from_first_post"),
        "list_total": d.get("list_total"),
        "list_first": s["list_first"]["p50_ms"]["median"], "list_last": s["list_last"]["p50_ms"]["median"],
        "detail": s["detail"]["p50_ms"]["median"],
        "write_rate": s["write"]["req_per_s"]["median"], "write_p50": s["write"]["p50_ms"]["median"],
        "write_errors": [r["write"]["errors"] for r in reps],
        "cpu_web": web_cpu, "cpu_aux": aux_cpu,
        "cpu_per_write": (web_cpu + (aux_cpu or 0)) / d["params"]["ann_tasks"],
        "cpu_per_500": web_cpu + (aux_cpu or 0),
        "export_s": e.get("wall_s"), "export_peak": e.get("server_peak_rss_sampled_mb"),
        "export_tasks": e.get("tasks_in_export"), "export_anns": e.get("annotations_in_export"),
        "dumpdata": (d.get("adapter_extras") or {}).get("dumpdata_core"),
        "idle_rss": d["server_rss_idle_mb"], "idle_pss": d.get("server_pss_idle_mb"),
    }


def load(perf: Path) -> list[dict]:
    runs = []
    for f in sorted((perf / "out").glob("*.json")):
        d = json.loads(f.read_text())
        if d["n"] != 10000:
            continue
        d["_tag"] = f.stem.rsplit("-", 1)[-1] if d["target"] == "factdesk" else f.stem.split("-", 1)[1]
        runs.append(figures(d, perf))
    order = {"factdesk": 0, "labelstudio": 1, "doccano": 2}
    return sorted(runs, key=lambda r: (order[r["target"]], r["name"]))


def fmt(x, nd=1):
    return "–" if x is None else f"{x:,.{nd}f}"


def export_cell(r):
    if r["target"] == "factdesk":
        dd = r["dumpdata"] or {}
        return (f"none over HTTP ({r['export_tasks']} published ClaimReviews, {fmt(r['export_s'], 2)} s); "
                f"dumpdata of the core models {fmt(dd.get('wall_s'))} s, {fmt(dd.get('mb'))} MB, "
                f"{fmt(dd.get('process_max_rss_mb'), 0)} MiB max RSS")
    return f"{fmt(r['export_s'])} s, {fmt(r['export_peak'], 0)} MiB peak ({r['export_anns']} annotations)"


def cpu_cell(r):
    if r["cpu_aux"] is None:
        return fmt(r["cpu_per_500"], 2)
    return f"{fmt(r['cpu_per_500'], 2)} (web+worker {fmt(r['cpu_web'], 2)} + PostgreSQL {fmt(r['cpu_aux'], 2)})"


def load_cell(r):
    return f"{' '.join(r['load_start'])} → {' '.join(r['load_end'])}"


def table(runs) -> str:
    rows = [
        ("import, articles/s", lambda r: f"{fmt(r['import_aps'], 0)} (batches of {r['import_batch']})"),
        ("claims list page of 100, p50 ms (first / last page)",
         lambda r: f"{fmt(r['list_first'])} / {fmt(r['list_last'])}"),
        ("detail p50 ms", lambda r: fmt(r["detail"])),
        ("writes/s (p50 ms)", lambda r: f"{fmt(r['write_rate'])} ({fmt(r['write_p50'])})"),
        ("server CPU s per 500 writes", cpu_cell),
        ("full export", export_cell),
        ("idle RSS web + worker, MiB", lambda r: fmt(r["idle_rss"], 0) + (
            f" (PSS {fmt(r['idle_pss'], 0)})" if r["idle_pss"] is not None else "")),
        ("load average 1/5/15 min, at start → end", load_cell),
        ("waiting for load < 1.0", lambda r: r["load_wait"] or "–"),
        ("version", lambda r: r["version"] or "–"),
    ]
    head = "| measure | " + " | ".join(r["name"] for r in runs) + " |"
    lines = [head, "|---" * (len(runs) + 1) + "|"]
    lines += ["| " + label + " | " + " | ".join(str(f(r)) for r in runs) + " |" for label, f in rows]
    return "\n".join(lines)


def ratios(runs) -> str:
    peers = [r for r in runs if r["target"] != "factdesk"]
    ours = [r for r in runs if r["target"] == "factdesk"]
    measures = [("claims list p50, first page", "list_first", min), ("claims list p50, last page", "list_last", min),
                ("claim detail p50", "detail", min), ("verdict writes rate", "write_rate", max),
                ("server CPU per write", "cpu_per_write", min)]
    lines = ["| ours / best peer | best peer | " + " | ".join(r["name"] for r in ours) + " | issue 15 bound |",
             "|---" * (len(ours) + 3) + "|"]
    for label, key, pick in measures:
        best = pick(peers, key=lambda r: r[key])
        bound, side = TARGETS[key]
        cells = []
        for r in ours:
            q = r[key] / best[key]
            ok = q <= bound if side == "<=" else q >= bound
            cells.append(f"{q:.2f}× {'ok' if ok else 'MISSED'}")
        lines.append(f"| {label} | {best['name']} ({fmt(best[key], 4 if key == 'cpu_per_write' else 1)}) | "
                     + " | ".join(cells) + f" | {side} {bound}× |")
    return "\n".join(lines)


def main(argv):
    perf = Path(argv[1] if len(argv) > 1 else ".")
    runs = load(perf)
    if not any(r["target"] == "factdesk" for r in runs) or len({r["target"] for r in runs}) < 3:
        raise SystemExit(f"need this app and both peers at N=10000 in {perf / 'out'}")
    print(table(runs), "\n", ratios(runs), sep="\n")


if __name__ == "__main__":
    main(sys.argv)
