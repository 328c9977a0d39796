"""Text -> candidate claims, in pure Python (no Django imports).

The one entry point is :func:`split_text`. Offsets are Python string indices
(code points) into the text exactly as given, so ``text[c.start:c.end] == c.text``
always holds and a candidate never crosses a line break.

The Celery job stores ``SPLITTER_VERSION`` with each article; changing the
version makes the job re-split articles (keeping claims that carry reviewer work).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .boilerplate import furniture
from .claim_types import claim_type
from .segment import line_spans, sentence_spans

SPLITTER_VERSION = "1.3"

KIND_CLAIM = "claim"
KIND_BOILERPLATE = "boilerplate"
CLAIM_TYPES = ("event", "quantity", "quote", "attribution", "causal", "opinion", "other")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    text: str
    kind: str = KIND_CLAIM
    checkworthiness: float = 0.5
    checkworthy: bool = True
    claim_type: str = "other"

    def as_dict(self) -> dict:
        return asdict(self)


def split_text(text: str) -> list[Candidate]:
    """Split ``text`` into ordered candidates with exact offsets.

    Line-aware first (headlines, captions and page chrome sit on their own
    lines), then sentences within each line. Boilerplate lines stay whole and
    are never check-worthy; every other sentence is scored and typed.
    """
    return split_texts([text])[0]


def split_texts(texts: list[str]) -> list[list[Candidate]]:
    """``split_text`` of each text; the same candidates, several times faster for many short texts.

    The check-worthiness model scores all the sentences of all the texts in one
    call: its fixed cost per call was most of a short article's time.
    """
    spans = [_spans(text) for text in texts]
    # Imported here so that importing the package does not load numpy.
    from . import checkworthiness

    claims = [text[s:e] for text, text_spans in zip(texts, spans, strict=True)
              for s, e, kind in text_spans if kind == KIND_CLAIM]
    scores = iter(checkworthiness.score(claims))
    threshold = checkworthiness.threshold()
    return [
        [_candidate(text, s, e, kind, scores, threshold) for s, e, kind in text_spans]
        for text, text_spans in zip(texts, spans, strict=True)
    ]


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    lines = list(line_spans(text))
    for (line_start, line_end), chrome in zip(lines, furniture([text[s:e] for s, e in lines]), strict=True):
        if chrome:
            spans.append((line_start, line_end, KIND_BOILERPLATE))
        else:
            spans.extend((s, e, KIND_CLAIM) for s, e in sentence_spans(text, line_start, line_end))
    return spans


def _candidate(text: str, start: int, end: int, kind: str, scores, threshold: float) -> Candidate:
    sentence = text[start:end]
    if kind == KIND_BOILERPLATE:
        return Candidate(start, end, sentence, kind, 0.0, False, "other")
    score = next(scores)
    return Candidate(start, end, sentence, kind, score, score >= threshold, claim_type(sentence))
