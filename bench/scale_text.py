"""The text of the scale fixture (bench/fill_scale.py): a sentence pool, and articles built from it.

The pool is read at run time, never copied into the project: the sentences of
CheckThat! 2024 task 1 (English) with their speakers from ClaimBuster (the
same debate sentences; ClaimBuster also has the intact text of the six rows
CheckThat! stores as ``#NAME?``), the candidates of the five seed articles, a
few lines of page furniture and a few numbered local-news sentences. Every
unit of the pool goes through the app's own splitter once, so each claim of
the fixture carries the kind, check-worthiness and claim type the splitter
gives that sentence: the distributions are the splitter's, not guessed.

An article is a headline line and paragraphs of pool units, with its numbers
varied and one numbered local sentence that makes its text unique. The
offsets of each claim are where its text was put, so ``body[start:end] ==
text`` by construction.
"""

from __future__ import annotations

import bisect
import csv
import functools
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CHECKTHAT = DATA / "checkthat2024-task1-english"
CLAIMBUSTER = DATA / "claimbuster"
SEEDS = ROOT / "seeds"

# Page furniture as news pages carry it, each on its own line. Only the lines
# the splitter marks as boilerplate are used (pool_build keeps its judgement).
FURNITURE = (
    "Sign up for our morning newsletter", "Share this article", "Advertisement", "Listen to this article",
    "Follow us on Facebook and X", "Photo: {agency}", "Most read", "Comments", "Skip to main content",
    "Reporting by {name}; Editing by {name2}", "Updated {hh}:{mm} GMT", "Download our app", "Print", "Copy link",
    "Watch: Highlights from the {event}", "Topics: {topic}, {topic2}", "More on this story", "Recommended",
    "Get the latest news delivered to your inbox.", "Tags: {topic}", "Previous article", "Next article",
    "Related: What the new {event} means for {group}", "Read more: {headline}", "By {name}",
    "© {year} {outlet}. All rights reserved.", "Terms of use | Privacy policy", "Click here to read the full report",
)
# One per article, numbered by the article: distinct texts (articles are unique by content hash).
LOCAL_SENTENCES = (
    "Officials counted {n:,} responses in district {d} on {day}.",
    "The county recorded {n:,} applications for housing support in ward {d} last month.",
    "Police said {n:,} vehicles passed the checkpoint on Route {d} on {day}.",
    "The school board reported {n:,} enrolments across its {d} campuses this term.",
    "Hospital {d} treated {n:,} patients in its emergency department over the holiday.",
    "Volunteers planted {n:,} trees along the {d} kilometres of the river path.",
    "The transit authority logged {n:,} delayed trains on line {d} this quarter.",
    "Election staff processed {n:,} postal ballots in precinct {d} by {day} evening.",
)
AGENCIES = ("Reuters", "AP", "AFP", "Staff photographer", "Getty Images", "Handout")
NAMES = ("Maria Lopez", "James Okafor", "Priya Raman", "Tom Becker", "Aiko Tanaka", "Sara Nilsson", "Omar Haddad")
EVENTS = ("debate", "budget", "law", "report", "ruling", "census", "election")
TOPICS = ("Politics", "Economy", "Health", "Climate", "Education", "Crime", "Elections", "Housing")
GROUPS = ("renters", "farmers", "students", "pensioners", "small businesses", "commuters")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OUTLETS = (
    ("The Daily Ledger", "dailyledger.example"), ("Metro Courier", "metrocourier.example"),
    ("Northern Star", "northernstar.example"), ("Valley Times", "valleytimes.example"),
    ("City Wire", "citywire.example"), ("Coastal Herald", "coastalherald.example"),
    ("The Evening Post", "eveningpost.example"), ("Capitol Report", "capitolreport.example"),
)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
HEADLINE_CHARS = (25, 110)


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of text as the splitter judged it."""

    text: str
    kind: str
    checkworthiness: float
    checkworthy: bool
    claim_type: str
    speaker: str = ""
    template: bool = False  # a furniture or local sentence with {placeholders}


@dataclass(frozen=True, slots=True)
class Pool:
    claims: list[Unit]  # sentences for paragraphs
    headlines: list[int]  # indexes into claims short enough for a headline
    furniture: list[Unit]  # boilerplate lines
    local: list[Unit]  # the numbered sentences


def read_sentences(limit: int = 0, seed: int = 1) -> list[tuple[str, str]]:
    """(text, speaker) of the debate sentences, deduplicated; ``limit`` > 0 keeps that many, drawn with ``seed``."""
    csv.field_size_limit(sys.maxsize)
    speakers, intact = {}, {}
    for name in ("crowdsourced.csv", "groundtruth.csv"):
        with open(CLAIMBUSTER / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                speakers[row["Sentence_id"]], intact[row["Sentence_id"]] = row["Speaker"], row["Text"]
    seen, sentences = set(), []
    for path in sorted(CHECKTHAT.glob("CT24_checkworthy_english_*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                text = row["Text"] if row["Text"] != "#NAME?" else intact.get(row["Sentence_id"], "")
                text = " ".join(text.split())
                if 30 <= len(text) <= 300 and text not in seen:
                    seen.add(text)
                    sentences.append((text, speakers.get(row["Sentence_id"], "")))
    if limit:
        sentences = random.Random(seed).sample(sentences, min(limit, len(sentences)))
    return sentences


def _fill_placeholders(template: str, rng: random.Random, n: int = 0) -> str:
    return template.format(
        agency=rng.choice(AGENCIES), name=rng.choice(NAMES), name2=rng.choice(NAMES), hh=f"{rng.randrange(24):02}",
        mm=f"{rng.randrange(60):02}", event=rng.choice(EVENTS), topic=rng.choice(TOPICS), topic2=rng.choice(TOPICS),
        group=rng.choice(GROUPS), year=rng.randrange(2020, 2027), outlet=rng.choice(OUTLETS)[0],
        headline="Council approves the new budget", n=n or rng.randrange(100, 90_000), d=rng.randrange(1, 60),
        day=rng.choice(DAYS),
    )


@functools.lru_cache(maxsize=2)
def pool_build(limit: int = 0, seed: int = 1) -> Pool:
    """Run the splitter over every unit once and keep its judgement (about 10 s for the whole pool).

    Kept for the next call with the same arguments (the tests fill more than once).
    """
    from annotations import splitting

    sentences = read_sentences(limit, seed)
    rng = random.Random(seed)
    furniture = [_fill_placeholders(t, rng) for t in FURNITURE]
    local = [_fill_placeholders(t, rng) for t in LOCAL_SENTENCES]
    # One sentence a line, so that the splitter judges each on its own and never joins two.
    chunks = [sentences[i:i + 20] for i in range(0, len(sentences), 20)]
    texts = ["\n\n".join(text for text, _ in chunk) for chunk in chunks]
    texts.append("Council Approves Budget\n\nThe council approved the budget on Monday.\n\n" + "\n\n".join(furniture))
    texts.append("\n\n".join(local))
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    split = splitting.split_texts(texts)

    claims = []
    for chunk, candidates in zip(chunks, split, strict=False):
        line_starts = [0]
        for sentence, _ in chunk:
            line_starts.append(line_starts[-1] + len(sentence) + 2)
        claims += [_unit(c, speaker=chunk[bisect.bisect_right(line_starts, c.start) - 1][1])
                   for c in candidates if c.kind == "claim"]
    claims += [_unit(c) for candidates in split[len(chunks) + 2:] for c in candidates if c.kind == "claim"]
    judged = {c.text: c for c in split[len(chunks)] + split[len(chunks) + 1]}
    return Pool(
        claims=claims,
        headlines=[i for i, u in enumerate(claims) if HEADLINE_CHARS[0] <= len(u.text) <= HEADLINE_CHARS[1]],
        furniture=[_unit(judged[line], text=template) for template, line in zip(FURNITURE, furniture, strict=True)
                   if line in judged and judged[line].kind == "boilerplate"],
        local=[_unit(judged[line], text=template) for template, line in zip(LOCAL_SENTENCES, local, strict=True)
               if line in judged and judged[line].kind == "claim"],
    )


def _unit(candidate, *, speaker: str = "", text: str | None = None) -> Unit:
    """A pool unit with the splitter's judgement of ``candidate``; ``text`` is a template it was an instance of."""
    return Unit(text if text is not None else candidate.text, candidate.kind, round(candidate.checkworthiness, 4),
                candidate.checkworthy, candidate.claim_type, speaker, text is not None)


def vary_numbers(text: str, rng: random.Random) -> str:
    """The same sentence with some of its numbers changed (years kept), as the same story told elsewhere."""

    def change(match):
        raw = match.group()
        if rng.random() < 0.5 or (len(raw) == 4 and raw[:2] in ("19", "20")):
            return raw
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw.replace(",", "")) * rng.uniform(0.6, 1.4)
        return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"

    return NUMBER.sub(change, text)


@dataclass(frozen=True, slots=True)
class Composed:
    title: str
    body: str
    spans: list[tuple[int, int, str]]  # (start, end, text) of each claim, in order
    source: str
    domain: str


def compose(pool: Pool, units: list[tuple[str, int]], *, number: int, seed: int) -> Composed:
    """The article ``number`` from its units: ("headline" | "claim" | "furniture" | "local", index into the pool).

    The same arguments give the same article (its own random stream), so a
    caller may compose an article more than once instead of keeping it.
    """
    rng = random.Random(seed * 1_000_003 + number)
    parts, spans, length = [], [], 0
    alone = True  # the previous unit stood on its own line (the headline does)
    in_paragraph, paragraph_size = 0, 0
    for role, index in units:
        text, own_line = _unit_text(pool, role, index, rng, number)
        if spans:
            new_paragraph = own_line or alone or in_paragraph >= paragraph_size
            if new_paragraph:
                in_paragraph, paragraph_size = 0, rng.randint(2, 5)
            parts.append("\n\n" if new_paragraph else " ")
            length += len(parts[-1])
        parts.append(text)
        spans.append((length, length + len(text), text))
        length += len(text)
        in_paragraph += 1
        alone = own_line
    source, domain = OUTLETS[number % len(OUTLETS)]
    return Composed(title=spans[0][2], body="".join(parts), spans=spans, source=source, domain=domain)


def _unit_text(pool: Pool, role: str, index: int, rng: random.Random, number: int) -> tuple[str, bool]:
    """(text, stands on its own line) of one unit in article ``number``."""
    if role == "headline":
        return vary_numbers(pool.claims[index].text, rng).rstrip("."), True
    if role == "furniture":
        return _fill_placeholders(pool.furniture[index].text, rng), True
    if role == "local":
        return _fill_placeholders(pool.local[index].text, rng, n=1000 + number), False
    return vary_numbers(pool.claims[index].text, rng), False
