"""Readers for the training and evaluation data (never shipped with the product).

The licensed data sets live in ``../shared/data`` beside the repository root
(resolved from this file, so any working directory will do); set
``SPLITTING_DATA_DIR`` to read them from elsewhere. Only the hand-written news
set ships, in ``data/`` beside this module.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]
NEWS_SET = PACKAGE_DIR / "data" / "news_checkworthy.tsv"
NEWS_FRESH_SET = PACKAGE_DIR / "data" / "news_checkworthy_fresh.tsv"
NEWS_TUNE_SET = PACKAGE_DIR / "data" / "news_checkworthy_tune.tsv"
NEWS_HELD_OUT_SET = PACKAGE_DIR / "data" / "news_checkworthy_heldout.tsv"
BOUNDARY_SETS = {part: PACKAGE_DIR / "data" / f"boundaries_{part}.txt" for part in ("tune", "heldout")}
CHROME_SETS = {part: PACKAGE_DIR / "data" / f"chrome_lines_{part}.tsv" for part in ("tune", "heldout", "fresh")}
CHECKTHAT_FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
    "test": "CT24_checkworthy_english_test_gold.tsv",
}
# Every fifth topic from the second, and every fifth from the fourth, is held out.
NEWS_HELD_OUT_TOPICS = frozenset({1, 3})


def data_dir() -> Path:
    return Path(os.environ.get("SPLITTING_DATA_DIR", REPO_ROOT.parent / "shared" / "data"))


def checkthat(split: str) -> list[tuple[str, int]]:
    """(sentence, 1 if check-worthy) for one official CheckThat! 2024 English split."""
    path = data_dir() / "checkthat2024-task1-english" / CHECKTHAT_FILES[split]
    with open(path, encoding="utf-8", newline="") as handle:
        return [(row["Text"], int(row["class_label"] == "Yes"))
                for row in csv.DictReader(handle, delimiter="\t")]


def news(part: str) -> list[tuple[str, int]]:
    """The hand-written news set.

    part: "train"; "test" (held-out topics of the same file); "fresh" (a second
    file written after the first news rules, then used to retune them); "tune"
    (a third file on new stories, for retuning); "heldout" (a fourth, written
    with "tune" before any retuning and never used for it); "all" (train and test).
    """
    if part in ("fresh", "tune", "heldout"):
        return _labelled_lines({"fresh": NEWS_FRESH_SET, "tune": NEWS_TUNE_SET, "heldout": NEWS_HELD_OUT_SET}[part])
    rows, topic = [], -1
    for line in NEWS_SET.read_text(encoding="utf-8").splitlines():
        if line.startswith("# topic:"):
            topic += 1
        elif line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            held_out = topic % 5 in NEWS_HELD_OUT_TOPICS
            if part == "all" or (part == "test") == held_out:
                rows.append((text, int(label == "Y")))
    return rows


def _labelled_lines(path: Path) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((text, int(label == "Y")))
    return rows


def chrome_pages(part: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(page name, [(label, line)]) of a page-chrome set; labels B, C or S (see chrome_lines.md)."""
    pages: list[tuple[str, list[tuple[str, str]]]] = []
    for line in CHROME_SETS[part].read_text(encoding="utf-8").splitlines():
        if line.startswith("# page:"):
            pages.append((line.split(":", 1)[1].strip(), []))
        elif line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            pages[-1][1].append((label, text))
    return pages


def boundary_passages(part: str) -> list[tuple[str, list[int]]]:
    """(passage, end offset of each sentence) of a quote-and-abbreviation set (see boundaries.md)."""
    blocks: list[list[str]] = []
    for line in BOUNDARY_SETS[part].read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            blocks.append([])
        elif line and not line.startswith("#"):
            blocks[-1].append(line)
    passages = []
    for sentences in blocks:
        text, ends = "", []
        for sentence in sentences:
            text += (" " if text else "") + sentence
            ends.append(len(text))
        passages.append((text, ends))
    return passages


def golden_rules() -> list[dict]:
    path = data_dir() / "pysbd-golden-rules-en" / "golden_rules_en.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gum_news() -> list[dict]:
    path = data_dir() / "gum-news-sbd" / "gum_news_sbd.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
