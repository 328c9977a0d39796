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

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|half|first|second|third|fourth|fifth|sixth|last"
)
_TIME_WORDS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"(?:this|last|next) (?:week|month|year|weekend)|(?:hours?|days?|weeks?) later"
)
_REPORTED = (
    r"said|told|reported|announced|confirmed|denied|declared|stated|accused|alleged|"
    r"according to|showed|found"
)
_SPECIFIC = re.compile(rf"\d|[“\"]|\b(?:{_NUMBER_WORDS}|{_TIME_WORDS}|{_REPORTED})\b", re.IGNORECASE)
_NAME_AFTER_FIRST_WORD = re.compile(r"\s(?:[A-Z][a-z]|[A-Z]{2,})")
_NAME_FIRST_WORD = re.compile(
    r"(?!(?:It|The|This|That|These|Those|There|He|She|They|We|You|I|A|An|Many|Some|Most|Few|Much|Its)\b)"
    r"[A-Z][\w-]*(?:’s|'s)?\s+(?:[A-Z]|said|says|denies|denied|accuses|claims|reports|has|had|is|was|will|would)"
)

# Verbs of saying in the past or present, as news reports speech.
_SAY = (
    r"said|says|told|tells|wrote|writes|tweeted|posted|announced|announces|reported|reports|"
    r"confirmed|confirms|denied|denies|declared|stated|added|warned|accused|alleged|claimed|"
    r"called|described|insisted|pledged|vowed|promised|urged|acknowledged|admitted|estimated|"
    r"ordered|demanded|rejected|conceded|notes?|noted|argued|expressed|stressed|emphasi[sz]ed|reaffirmed|"
    r"thanked|praised|condemned|saying|calling|describing|vowing|pledging|adding|warning|accusing|"
    r"alleging|claiming|insisting"
)
_SAYING = re.compile(rf"\b(?:{_SAY})\b|\baccording to\b|\bin a (?:statement|message|letter|post|notice)\b",
                     re.IGNORECASE)
# Who is speaking: a name (a capitalised word after the first), an office or body.
_NAMED = re.compile(
    r"\s(?:[A-Z][a-z]|[A-Z]{2,})"
    r"|\b(?:ministry|minister|ministers|department|agency|office|officials?|spokes(?:man|woman|person)|"
    r"government|police|court|commission|council|committee|union|company|firm|bank|regulators?|"
    r"authorities|military|army|navy|prosecutors?|president|premier|governor|mayor|chief|secretary|"
    r"leader|chairman|chairwoman|ceo|director|adviser|advisor|envoy|ambassador|diplomats?|delegates?|"
    r"negotiators|statement|figures|data|filings|records|survivors|"
    r"witnesses|residents)\b",
)
_NOBODY = re.compile(
    r"^(?:(?:many|some|most|few|several|other)\s+)?(?:analysts|experts|critics|observers|commentators|"
    r"economists|people|many|some|few|protesters|observers)\s+(?:say|said|believe|fear|think|argue|warn)\b",
    re.IGNORECASE,
)
# The writer's reading of events. Modal verbs count only in lower case, so the
# month of May never reads as speculation.
_ANALYSIS = re.compile(
    r"\b(?i:reflect(?:s|ed|ing)?|underscor(?:e|es|ed|ing)|underlin(?:e|es|ed|ing)|highlights?|"
    r"signal(?:s|led|ed|ling|ing)?|symboli[sz]es|illustrat(?:e|es|ed)|exposes|epitomi[sz]es|"
    r"aligns? with|indicates|fuel(?:l)?ed (?:\w+ )?(?:suspicions|speculation|fears|concerns)|"
    r"remains? (?:unclear|uncertain)|"
    r"shows? (?:how|no sign|that the)|marks? (?:a|the|an)|"
    r"(?:is|was) (?:a|the|an) (?:\w+ )?(?:latest|culmination|reminder|test|symbol|milestone|sign|"
    r"blow|setback|boost|victory|comeback|upset)|"
    r"(?:a|the) (?:\w+ )?reminder|(?:a|the) (?:\w+ )?test of|(?:has|have|had) become|(?:is|are) becoming|"
    r"(?:has|have) long been|raises? (?:\w+ )?(?:questions|concerns|fears|doubts)|"
    r"(?:is|are|was|were) (?:likely|unlikely) to|remains? to be seen|hangs? in the balance|"
    r"far from clear|an open question|will be (?:watching|crucial|felt|key|the question)|"
    r"appears? to|seems? to|in ways that)\b"
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
