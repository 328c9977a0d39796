"""News is not debate: rules that turn the debate-trained probability into a news score.

The training data label a speaker's own pledges and promises as not
check-worthy, but in news the fact that an official said something is
checkable, and the writer's own analysis is not. So, on top of the model:

- reported speech with a named source (a person, an office, an agency: "Xi
  said China was ready to...", "... the ministry said") is lifted into the
  upper half of the scale, keeping the model's order within it;
- analysis and commentary by the writer ("The message reflects the
  alignment...", "The move underscores...", "... may accelerate...") keeps
  a quarter of its probability;
- a sentence that names, counts, dates and quotes nothing, or reads as
  opinion, keeps half.
Sources that are nobody in particular ("Analysts say...", "Many protesters
say...") lift nothing: that is commentary in reported form.
"""

from __future__ import annotations

import re

from .claim_types import claim_type
from .patterns import forms, one_of

_NUMBER_WORDS = forms(
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
    "thirty", "forty", "fifty", "hundred:|s", "thousand:|s", "million:|s", "billion:|s", "dozen:|s", "half",
    "first", "second", "third", "fourth", "fifth", "sixth", "last",
)
_TIME_WORDS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight",
    *(f"{which} {span}" for which in ("this", "last", "next") for span in ("week", "month", "year", "weekend")),
    *(f"{span} later" for span in forms("hour:|s", "day:|s", "week:|s")),
]
_REPORTED = [
    "said", "told", "reported", "announced", "confirmed", "denied", "declared", "stated", "accused", "alleged",
    "according to", "showed", "found",
]
_SPECIFIC = re.compile(rf"\d|[“\"]|\b{one_of(_NUMBER_WORDS + _TIME_WORDS + _REPORTED)}\b", re.IGNORECASE)
_NAME_AFTER_FIRST_WORD = re.compile(r"\s(?:[A-Z][a-z]|[A-Z]{2,})")
_NAME_FIRST_WORD = re.compile(
    r"(?!(?:It|The|This|That|These|Those|There|He|She|They|We|You|I|A|An|Many|Some|Most|Few|Much|Its)\b)"
    r"[A-Z][\w-]*(?:’s|'s)?\s+(?:[A-Z]|said|says|denies|denied|accuses|claims|reports|has|had|is|was|will|would)"
)

# Verbs of saying in the past or present, as news reports speech.
_SAY = forms(
    "said", "says", "told", "tells", "wrote", "writes", "tweeted", "posted", "announced", "announces", "reported",
    "reports", "confirmed", "confirms", "denied", "denies", "declared", "stated", "added", "warned", "accused",
    "alleged", "claimed", "called", "described", "insisted", "pledged", "vowed", "promised", "urged",
    "acknowledged", "admitted", "estimated", "ordered", "demanded", "rejected", "conceded", "note:|s", "noted",
    "argued", "expressed", "stressed", "emphasised", "emphasized", "reaffirmed", "thanked", "praised", "condemned",
    "saying", "calling", "describing", "vowing", "pledging", "adding", "warning", "accusing", "alleging",
    "claiming", "insisting",
)
_IN_A = [f"in a {what}" for what in ("statement", "message", "letter", "post", "notice")]
_SAYING = re.compile(rf"\b{one_of([*_SAY, 'according to', *_IN_A])}\b", re.IGNORECASE)
# Who is speaking: a name (a capitalised word after the first), an office or body.
_SPEAKERS = forms(
    "ministry", "minister", "ministers", "department", "agency", "office", "official:|s", "spokesman",
    "spokeswoman", "spokesperson", "government", "police", "court", "commission", "council", "committee", "union",
    "company", "firm", "bank", "regulator:|s", "authorities", "military", "army", "navy", "prosecutor:|s",
    "president", "premier", "governor", "mayor", "chief", "secretary", "leader", "chairman", "chairwoman", "ceo",
    "director", "adviser", "advisor", "envoy", "ambassador", "diplomat:|s", "delegate:|s", "negotiators",
    "statement", "figures", "data", "filings", "records", "survivors", "witnesses", "residents",
)
_NAMED = re.compile(rf"\s(?:[A-Z][a-z]|[A-Z]{{2,}})|\b{one_of(_SPEAKERS)}\b")
_NOBODY = re.compile(
    r"^(?:(?:many|some|most|few|several|other)\s+)?(?:analysts|experts|critics|observers|commentators|"
    r"economists|people|many|some|few|protesters|observers)\s+(?:say|said|believe|fear|think|argue|warn)\b",
    re.IGNORECASE,
)
# The writer's reading of events. Modal verbs count only in lower case, so the
# month of May never reads as speculation.
_ANALYSIS_WORDS = forms(
    "reflect:|s|ed|ing", "underscor:e|es|ed|ing", "underlin:e|es|ed|ing", "highlight:|s",
    "signal:|s|led|ed|ling|ing", "symbolises", "symbolizes", "illustrat:e|es|ed", "exposes", "epitomises",
    "epitomizes", "align with", "aligns with", "indicates", "remain unclear", "remains unclear",
    "remain uncertain", "remains uncertain", "show how", "shows how", "show no sign", "shows no sign",
    "show that the", "shows that the", "mark a", "marks a", "mark the", "marks the", "mark an", "marks an",
    "has become", "have become", "had become", "is becoming", "are becoming", "has long been", "have long been",
    *(f"{be} {likely} to" for be in ("is", "are", "was", "were") for likely in ("likely", "unlikely")),
    "remain to be seen", "remains to be seen", "hang in the balance", "hangs in the balance", "far from clear",
    "an open question", *(f"will be {what}" for what in ("watching", "crucial", "felt", "key", "the question")),
    "appear to", "appears to", "seem to", "seems to", "in ways that",
)
_ANALYSIS = re.compile(
    rf"\b(?i:{one_of(_ANALYSIS_WORDS)}|fuel(?:l)?ed (?:\w+ )?(?:suspicions|speculation|fears|concerns)|"
    r"(?:is|was) (?:a|the|an) (?:\w+ )?(?:latest|culmination|reminder|test|symbol|milestone|sign|"
    r"blow|setback|boost|victory|comeback|upset)|"
    r"(?:a|the) (?:\w+ )?reminder|(?:a|the) (?:\w+ )?test of|"
    r"raises? (?:\w+ )?(?:questions|concerns|fears|doubts))\b"
    r"|\b(?:may|might|could)\b",
)


def adjusted(sentence: str, probability: float) -> float:
    """The model's probability of a news sentence, moved by the rules above."""
    if is_reported_speech(sentence):
        return 0.5 + 0.5 * probability
    if _ANALYSIS.search(sentence):
        probability *= 0.25
    if not is_specific(sentence):
        probability *= 0.5
    if claim_type(sentence) == "opinion":
        probability *= 0.5
    return probability


def is_reported_speech(sentence: str) -> bool:
    """Someone in particular said, reported or announced something."""
    return bool(_SAYING.search(sentence) and _NAMED.search(sentence) and not _NOBODY.search(sentence))


def is_specific(sentence: str) -> bool:
    """Names, counts, dates, quotes or attributes something."""
    return bool(_SPECIFIC.search(sentence) or _NAME_AFTER_FIRST_WORD.search(sentence)
                or _NAME_FIRST_WORD.match(sentence))
