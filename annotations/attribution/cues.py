"""Where a sentence says who is speaking: verbs of saying, sources, participles, headlines.

``find_cues`` lists the attribution cues of one sentence, outside quotation
marks, in text order: a verb of saying with the phrase before it ("the
ministry said") or after it ("said Kim"), a source ("according to KCNA", "as
reported by state media"), a participle that hangs on the main clause
("..., saying ..."), a headline's "Police: ..." and an agentless passive ("it
is understood that"). Each cue knows whether it sits in a subordinate clause
("While Russia claimed ...") and whether it is negated ("did not say").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import lexicon as lx
from .phrases import after, before, describe, is_speech_verb, leading, skip_back
from .tokens import CLOSE_QUOTES, Token

if TYPE_CHECKING:
    from .article import Article

_SUBORDINATORS = frozenset(
    "while although though after before because since when if whereas until once unless that which who".split()
)
_INVERTING = frozenset(
    "said says added adds wrote writes asked continued explained noted recalled replied warned insisted argued "
    "stated declared told tweeted posted".split()
)
_SOURCE_VERBS = frozenset("reported echoed quoted cited announced confirmed published released".split())
_PASSIVE_UNKNOWN = frozenset(
    "said reported described alleged believed thought understood rumoured rumored claimed estimated "
    "feared suspected".split()
)
# "The bank raised its forecast": a forecast is a claim by whoever makes it.
_FORECAST_VERBS = frozenset(
    "raised raises cut cuts lowered lowers lifted lifts revised revises trimmed trims upgraded upgrades "
    "downgraded downgrades kept keeps maintained maintains issued issues published publishes".split()
)
_FORECAST_NOUNS = frozenset("forecast forecasts estimate estimates outlook projection projections guidance".split())
_AS_SOURCE = frozenset("said says reported reports noted put wrote told announced confirmed".split())
_BE = frozenset("is was are were been be being".split())


@dataclass
class Cue:
    kind: str  # speech, inverted, participle, source, passive, colon
    segments: list[list[Token]]
    verb: int
    subordinate: bool = False
    negated: bool = False


def find_cues(article: Article, index: int) -> list[Cue]:
    tokens = article.tokens[index]
    title_case = article.title_case[index]
    found: list[Cue] = []
    colon = _colon_headline(article, index)
    if colon:
        found.append(colon)
    for i, token in enumerate(tokens):
        word = token.lower
        if word == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
            found.append(Cue("source", after(tokens, i + 2), i))
        elif word == "by" and i > 0 and (tokens[i - 1].lower in lx.SPEECH_FORMS or i > 1 and tokens[i - 2].lower
                                         == "as" and tokens[i - 1].lower in _SOURCE_VERBS):
            cue = _by_agent(tokens, i)
            if cue:
                found.append(cue)
        elif word in lx.SPEECH_FORMS and is_speech_verb(tokens, i, title_case):
            cue = _verb_cue(article, tokens, i, title_case)
            if cue:
                found.append(cue)
        elif word in _FORECAST_VERBS and _forecast_follows(tokens, i):
            j, negated = skip_back(tokens, i)
            found.append(Cue("speech", before(tokens, j), i, negated=negated))
        elif word in lx.SPEECH_NOUNS and i > 1 and tokens[i - 2].lower == "made" and tokens[i - 1].lower in (
                "the", "his", "her", "their", "its", "a"):
            j, negated = skip_back(tokens, i - 2)
            found.append(Cue("speech", before(tokens, j), i - 2, negated=negated))
    if not found:
        for i in range(1, len(tokens) - 1):
            # "It is understood that ...", "He is believed to ...": attributed, to nobody named.
            if tokens[i].lower in _PASSIVE_UNKNOWN and tokens[i - 1].lower in _BE and \
                    tokens[i + 1].lower in ("that", "to", "as"):
                found.append(Cue("passive", [], i))
                break
    for cue in found:
        cue.subordinate = cue.subordinate or _subordinate(tokens, cue)
    return found


def _colon_headline(article: Article, index: int) -> Cue | None:
    tokens = article.tokens[index]
    if not article.is_headline(index):
        return None
    for k, token in enumerate(tokens[:5]):
        if token.text == ":" and k > 0 and any(t.kind == "word" for t in tokens[:k]):
            return Cue("colon", [tokens[:k]], k)  # "Police: suspect fled on foot"
    start, end, _ = article.sentences[index]
    colon = article.masked.find(":", start, end)
    if colon > 0 and any(q_start == start and q_end <= colon + 1 for q_start, q_end in article.quotes):
        rest = [t for t in tokens if t.start > colon]
        name = rest[:next((k for k, t in enumerate(rest) if not t.cap), len(rest))]
        if 0 < len(name) <= 4:
            return Cue("colon", [name], tokens.index(name[0]))  # "‘We will not back down’: Zelensky defiant"
    return None


def _by_agent(tokens: list[Token], i: int) -> Cue | None:
    verb = tokens[i - 1]
    if i >= 2 and tokens[i - 2].lower == "as":
        return Cue("source", after(tokens, i + 1), i)
    if i >= 2 and tokens[i - 2].lower in _BE and verb.lower.endswith(("ed", "ld", "wn", "ht", "nd")):
        if verb.lower == "quoted":
            return Cue("source", after(tokens, i + 1), i)
        return Cue("speech", after(tokens, i + 1), i)
    return None


def _verb_cue(article: Article, tokens: list[Token], i: int, title_case: bool) -> Cue | None:
    verb = tokens[i]
    word = verb.lower
    prev = tokens[i - 1] if i > 0 else None
    if i + 1 < len(tokens) and tokens[i + 1].lower == "by":
        return None  # "reported by X": the agent is handled at "by"
    if prev is not None and prev.lower in _BE and not title_case:
        return _passive(tokens, i)
    if word == "quoted" and i + 1 < len(tokens):
        # "The agency quoted Kovic as saying": the one quoted is the speaker.
        segments = after(tokens, i + 1)
        if segments and any(t.lower == "as" for t in tokens[i + 1:i + 8]):
            cut = next(k for k, t in enumerate(segments[0]) if t.lower == "as") if any(
                t.lower == "as" for t in segments[0]) else len(segments[0])
            return Cue("speech", [segments[0][:cut]], i)
    if word in lx.PARTICIPLES and prev is not None and prev.text == ",":
        return Cue("participle", leading(tokens), i)
    if word in lx.PARTICIPLES and (prev is None or prev.lower in ("by", "after", "while", "before", "when",
                                                                 "as", "without", "for", "of")):
        return None
    j, negated = skip_back(tokens, i)
    if title_case:
        return Cue("speech", [tokens[:j + 1]], i, negated=negated) if j >= 0 else None
    if j >= 0 and tokens[j].lower in ("and", "but") and not tokens[j].cap:
        return Cue("participle", leading(tokens), i, negated=negated)
    segments = before(tokens, j)
    if any(describe(s, article.text) for s in segments):
        return Cue("speech", segments, i, negated=negated)
    if word in _INVERTING and (j < 0 or tokens[j].text in ",”’\"" or tokens[j].text in CLOSE_QUOTES):
        return Cue("inverted", after(tokens, i + 1), i)
    return None


def _passive(tokens: list[Token], i: int) -> Cue | None:
    word = tokens[i].lower
    if word == "quoted" and i + 2 < len(tokens) and tokens[i + 1].lower in ("as", "by"):
        # "Kim was quoted (by KCNA) as saying": Kim speaks; KCNA is found as a source at "by".
        j, negated = skip_back(tokens, i)
        return Cue("speech", before(tokens, j), i, negated=negated)
    if word in _PASSIVE_UNKNOWN and i + 1 < len(tokens) and tokens[i + 1].lower in ("as", "to", "that"):
        return Cue("passive", [], i)
    return None


def _subordinate(tokens: list[Token], cue: Cue) -> bool:
    if cue.kind in ("source", "colon"):
        return False
    segments = [s for s in cue.segments if s]
    start = segments[0][0].start if segments and cue.kind != "inverted" and cue.kind != "participle" \
        else tokens[cue.verb].start
    k = next((n for n, t in enumerate(tokens) if t.start >= start), len(tokens)) - 1
    while k >= 0:
        token = tokens[k]
        if token.kind == "punct":
            if token.text == ",":
                # "While Russia claimed X, Ukraine maintains": the comma closes the subordinate clause.
                return False
            if token.text in ";:":
                return False
        elif token.lower in _SUBORDINATORS and not token.cap or (token.cap and token.lower in _SUBORDINATORS
                                                                 and k == 0):
            return True
        elif token.lower == "as" and tokens[cue.verb].lower not in _AS_SOURCE:
            # "as health officials urge vaccination" is a circumstance; "as Kim said" names a source.
            return True
        k -= 1
    return False


def _forecast_follows(tokens: list[Token], i: int) -> bool:
    window = tokens[i + 1:i + 6]
    return bool(window) and window[0].lower in ("its", "their", "his", "her") and any(
        t.lower in _FORECAST_NOUNS for t in window[1:])
