"""``python -m annotations.splitting.evaluate``: the splitter's figures, one core.

Prints Golden Rules accuracy, GUM news boundary F1, CheckThat! 2024 English
test precision/recall/F1 of the Yes class, the news set's figures, the quote
and abbreviation boundary sets, the page-chrome sets and throughput. Needs
``../shared/data`` beside the repository root (see data.py).
"""

from __future__ import annotations

import os

# One core, as the targets are stated; set before numpy loads its BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import re  # noqa: E402
import time  # noqa: E402

from . import data, split_text  # noqa: E402
from .boilerplate import furniture  # noqa: E402
from .segment import line_spans, sentence_spans, split_sentences  # noqa: E402

SEEDS = data.REPO_ROOT / "seeds"


def golden_rules() -> tuple[int, int, list[int]]:
    cases = data.golden_rules()
    failed = [c["id"] for c in cases
              if [s.strip() for s in split_sentences(c["text"])] != [e.strip() for e in c["expected"]]]
    return len(cases) - len(failed), len(cases), failed


def gum_boundaries(flat: bool = False) -> dict:
    """Boundary P/R/F1 over sentence ends inside each document (the last end is free)."""
    tp = fp = fn = 0
    for doc in data.gum_news():
        text, gold = _gum_text(doc, flat)
        pred = {end for _, end in _spans(text)}
        last = len(text.rstrip())
        gold.discard(last)
        pred.discard(last)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    return _prf(tp, fp, fn)


def _gum_text(doc: dict, flat: bool) -> tuple[str, set[int]]:
    if not flat:
        return doc["text"], {end for _, end in doc["sentence_spans"]}
    sentences = [s for paragraph in doc["paragraphs"] for s in paragraph]
    text, ends, pos = " ".join(sentences), set(), 0
    for sentence in sentences:
        pos = text.index(sentence, pos) + len(sentence)
        ends.add(pos)
    return text, ends


def _spans(text: str) -> list[tuple[int, int]]:
    return [span for s, e in line_spans(text) for span in sentence_spans(text, s, e)]


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": tp + fn}


# Every place a sentence could end in the boundary sets: terminators, closing
# quotes or brackets, then a space. Defined here, apart from segment.py, so the
# score does not depend on what the segmenter considers.
_SITE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?= )")
_QUOTES = "\"'”’»"
# Words that the boundary sets' abbreviation sites end on (besides dotted ones like U.S.).
_ABBREVIATIONS = frozenset(
    "inc corp co ltd jr sr st mr mrs ms dr gen gov sen rep lt col no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())


def boundary_sites(part: str) -> dict:
    """Boundary P/R/F1 on a quote-and-abbreviation set, and every decision by kind of site.

    A site is a quote site when its terminators close a quotation and an
    abbreviation site when they follow an abbreviation; "split" sites end a
    sentence in the labels, "join" sites do not.
    """
    tp = fp = fn = 0
    kinds = {f"{kind} {label}": [0, 0] for kind in ("quote", "abbreviation", "plain") for label in ("split", "join")}
    wrong = []
    for text, ends in data.boundary_passages(part):
        gold = set(ends[:-1])
        pred = {end for _, end in _spans(text)} - {len(text)}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        for site in _SITE.finditer(text):
            if site.end() == len(text):
                continue
            tally = kinds[f"{_site_kind(text, site)} {'split' if site.end() in gold else 'join'}"]
            right = (site.end() in gold) == (site.end() in pred)
            tally[0] += right
            tally[1] += 1
            if not right:
                wrong.append(f"{text[max(0, site.start() - 40):site.end()]} | {text[site.end() + 1:site.end() + 40]}")
    return {**_prf(tp, fp, fn), "kinds": kinds, "wrong": wrong}


def _site_kind(text: str, site: re.Match) -> str:
    if site.group()[-1] in _QUOTES:
        return "quote"
    word = text[:site.start()].rsplit(" ", 1)[-1].lstrip(_QUOTES + "“‘«(")
    if "." in word or word.lower() in _ABBREVIATIONS:
        return "abbreviation"
    return "plain"


def _flags_prf(flags, labels) -> dict:
    tp = sum(f and y for f, y in zip(flags, labels, strict=False))
    fp = sum(f and not y for f, y in zip(flags, labels, strict=False))
    fn = sum(y and not f for f, y in zip(flags, labels, strict=False))
    return _prf(tp, fp, fn)


def checkthat_test() -> tuple[dict, dict]:
    """The shipped model at its dev-test threshold, then the full news pipeline score."""
    from . import checkworthiness

    rows = data.checkthat("test")
    texts, labels = [t for t, _ in rows], [y for _, y in rows]
    model = checkworthiness.model()
    raw = model.probabilities(texts)
    pipeline = checkworthiness.score(texts)
    return (_flags_prf([p >= model.checkthat_threshold for p in raw], labels),
            _flags_prf([p >= checkworthiness.threshold() for p in pipeline], labels))


def news_set(part: str) -> dict:
    from . import checkworthiness

    rows = data.news(part)
    scores = checkworthiness.score([t for t, _ in rows])
    return _flags_prf([s >= checkworthiness.threshold() for s in scores], [y for _, y in rows])


def boilerplate_flagged() -> tuple[int, int]:
    """(boilerplate candidates in the seeds, how many of them are check-worthy)."""
    found = flagged = 0
    for path in sorted(SEEDS.glob("*.txt")):
        for c in split_text(path.read_text(encoding="utf-8")):
            if c.kind == "boilerplate":
                found += 1
                flagged += c.checkworthy
    return found, flagged


def chrome_lines(part: str) -> dict:
    """How a page-chrome set's lines come out of ``split_text``, line by line.

    A line counts as dropped when every candidate in it is boilerplate, and as
    flagged when one of its candidates is check-worthy.
    """
    result = {"chrome": 0, "chrome_caught": 0, "chrome_flagged": [], "article": 0, "article_dropped": []}
    for _, rows in data.chrome_pages(part):
        text = "\n".join(line for _, line in rows)
        candidates, pos = split_text(text), 0
        for label, line in rows:
            start = text.index(line, pos)
            pos = start + len(line)
            inside = [c for c in candidates if start <= c.start and c.end <= pos]
            dropped = all(c.kind == "boilerplate" for c in inside)
            if label == "B":
                result["chrome"] += 1
                result["chrome_caught"] += dropped
                if any(c.checkworthy for c in inside):
                    result["chrome_flagged"].append(line)
            elif label == "C":
                result["article"] += 1
                if dropped:
                    result["article_dropped"].append(line)
    return result


def throughput(seconds: float = 2.0) -> dict:
    texts = [doc["text"] for doc in data.gum_news()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    split_text(texts[0])  # load the model outside the timing

    def segment(text):
        lines = list(line_spans(text))
        chrome = furniture([text[s:e] for s, e in lines])
        return [sentence_spans(text, s, e) for (s, e), dropped in zip(lines, chrome, strict=True) if not dropped]

    seg_rate = size * _repeat(segment, texts, seconds) / 1e6
    runs = _repeat(split_text, texts, seconds)
    candidates = sum(len(split_text(t)) for t in texts)
    return {"segmentation_mb_s": seg_rate, "pipeline_mb_s": size * runs / 1e6,
            "pipeline_candidates_s": candidates * runs}


def _repeat(fn, texts, seconds: float) -> float:
    """Passes over ``texts`` per second."""
    start, passes = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        for text in texts:
            fn(text)
        passes += 1
    return passes / (time.perf_counter() - start)


def _fmt(m: dict) -> str:
    return f"P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  (n positive = {m['n']})"


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    ok, total, failed = golden_rules()
    print(f"Golden Rules (English): {ok}/{total}  failed: {failed}")
    print(f"GUM news boundaries (paragraph breaks kept): {_fmt(gum_boundaries())}")
    print(f"GUM news boundaries (flat, for reference):   {_fmt(gum_boundaries(flat=True))}")
    model, pipeline = checkthat_test()
    print(f"CheckThat! 2024 EN test, model at dev-test threshold: {_fmt(model)}")
    print(f"CheckThat! 2024 EN test, news pipeline score:         {_fmt(pipeline)}")
    print(f"News set, held-out topics:   {_fmt(news_set('test'))}")
    print(f"News set, second (fresh, then tuned on): {_fmt(news_set('fresh'))}")
    print(f"News set, third (tuning part):           {_fmt(news_set('tune'))}")
    print(f"News set, fourth (fresh held-out):       {_fmt(news_set('heldout'))}")
    for part in ("tune", "heldout"):
        sites = boundary_sites(part)
        decisions = "; ".join(f"{kind} {right}/{n}" for kind, (right, n) in sites["kinds"].items())
        print(f"Quote and abbreviation boundaries ({part}): {_fmt(sites)}; decisions right: {decisions}")
    found, flagged = boilerplate_flagged()
    print(f"Seed boilerplate lines: {found}, flagged check-worthy: {flagged}")
    for part in ("tune", "heldout", "fresh"):
        chrome = chrome_lines(part)
        print(f"Page chrome ({part}): {chrome['chrome_caught']}/{chrome['chrome']} furniture lines dropped, "
              f"{len(chrome['chrome_flagged'])} flagged check-worthy; "
              f"{len(chrome['article_dropped'])}/{chrome['article']} article lines dropped")
    speed = throughput()
    print(f"Throughput (one core): segmentation {speed['segmentation_mb_s']:.1f} MB/s; "
          f"whole pipeline {speed['pipeline_mb_s']:.2f} MB/s, "
          f"{speed['pipeline_candidates_s']:.0f} candidates/s")


if __name__ == "__main__":
    main()
