"""Rule-based claim types: what a fact-checker would have to verify.

The first rule that fires wins, in this order: a direct quote (verify the
words were said), attribution (verify who said or reported it), commentary
(opinion: nothing to verify), a quantity (verify the number), a causal link,
an event, else "other".
"""

from __future__ import annotations

import re
from functools import lru_cache

from .patterns import forms, one_of

_FLAGS = re.IGNORECASE

# A quoted stretch of four or more words.
_QUOTE = re.compile(r"[“\"]([^“”\"]*)[”\"]")
_SPEECH = forms(
    "said", "says", "say", "told", "tells", "stated", "states", "added", "announced", "announces", "declared",
    "declares", "claimed", "claims", "alleged", "alleges", "accused", "accuses", "denied", "denies", "insisted",
    "warned", "warns", "reported", "reports", "confirmed", "confirms", "acknowledged", "admitted", "pledged",
    "pledges", "vowed", "vows", "promised", "called for", "urged", "stressed", "emphasized", "emphasised",
    "expressed", "reaffirmed", "described", "tweeted", "wrote", "argued", "noted", "estimated", "predicted",
    "suggest", "suggests", "suggested", "maintain", "maintains", "maintained", "thanked", "praised", "condemned",
    "congratulated", "highlighted",
)
_SOURCES = forms("spokesman", "spokeswoman", "spokesperson", "official:|s", "source:|s")
_ATTRIBUTION = re.compile(
    rf"\b{one_of(_SPEECH + ['according to'])}\b"
    rf"|\b{one_of(_SOURCES)}\b[^.]{{0,80}}?\b(?:said|say)\b",
    _FLAGS,
)
# Analysis and commentary: the writer's reading of events, not an event.
_OPENINGS = ["in summary", "in conclusion", "overall", "ultimately", "clearly", "arguably", "notably", "importantly"]
_COMMENTARY = forms(
    "reflect:|s", "underscore:|s", "underline:|s", "highlights", "signal:|s", "signifies", "symbolises",
    "symbolizes", "illustrate:|s", "demonstrates", "showcases", "showcasing", "marks a", "raises concerns",
    "raises questions", "should", "ought to", "must", "it is clear", "it is likely", "it is unlikely",
    "it is important", "could potentially", "may well", "seem:|s", "appear to", "appears to", "i think",
    "we believe", "in my view", "remains to be seen",
    *(f"is {a}{what}" for a in ("", "a ") for what in ("significant", "important", "crucial", "key", "welcome",
                                                      "worrying")),
)
_OPINION = re.compile(rf"^{one_of(_OPENINGS)}\b|\b{one_of(_COMMENTARY)}\b", _FLAGS)
_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:%|percent|per cent|million|billion|trillion|thousand|"
    r"km|kilomet|miles?|kg|tons?|tonnes?|people|troops|soldiers|dead|killed|deaths|votes?)"
    r"|[$€£¥₹]\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b(?:hundreds|thousands|millions|billions|dozens) of\b"
    r"|\b(?!(?:19|20)\d\d\b)\d{2,}\b",
    _FLAGS,
)
_CAUSES = [
    "because", "due to", "caused", "causes", "causing", "led to", "leads to", "leading to", "as a result",
    "resulted in", "results in", "triggered", "owing to", "thanks to", "in response to", "prompted",
    "contributed to", "responsible for", "therefore", "consequently",
]
_CAUSAL = re.compile(rf"\b(?:{one_of(_CAUSES)}|blamed .* for)\b", _FLAGS)
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EVENT_WORDS = [
    *(f"on {day}" for day in _WEEKDAYS), "yesterday", "today", "last week", "last month", "last year",
    *(f"{prep} {month}" for prep in ("in", "on", "since", "by") for month in _MONTHS),
]
_EVENT_VERBS = [
    "signed", "launched", "killed", "met", "visited", "held", "deployed", "arrested", "elected", "won", "lost",
    "attacked", "struck", "fired", "died", "invaded", "captured", "seized", "approved", "passed", "voted",
    "released", "announced", "opened", "closed", "began", "started", "ended", "resigned", "appointed", "sent",
    "arrived", "fled", "crashed", "exploded", "collapsed", "raised", "cut", "banned", "imposed", "lifted",
    "recognized", "recognised", "regained", "expelled", "repelled", "withdrew", "found", "discovered",
]
_EVENT = re.compile(
    rf"\b(?:{one_of(_EVENT_WORDS)}|(?:in|on|since|by) \d{{4}})"
    # "<a word ending in -ed> in|at|... <a letter>": anchored on "ed " itself (a word
    # character before it, as the word's other letters), not tried at every word.
    r"|(?<=\w)ed (?:in|at|on|into|to|by|with|from) [A-Z]"
    rf"|\b{one_of(_EVENT_VERBS)}\b",
    _FLAGS,
)


# The news rules ask for the type of the sentence the splitter types next.
@lru_cache(maxsize=4096)
def claim_type(sentence: str) -> str:
    """One of event, quantity, quote, attribution, causal, opinion, other."""
    if any(len(m.group(1).split()) >= 4 for m in _QUOTE.finditer(sentence)):
        return "quote"
    if _ATTRIBUTION.search(sentence):
        return "attribution"
    if _OPINION.search(sentence):
        return "opinion"
    for name, pattern in (("quantity", _QUANTITY), ("causal", _CAUSAL), ("event", _EVENT)):
        if pattern.search(sentence):
            return name
    return "other"
