"""Rule-based claim types: what a fact-checker would have to verify.

The first rule that fires wins, in this order: a direct quote (verify the
words were said), attribution (verify who said or reported it), commentary
(opinion: nothing to verify), a quantity (verify the number), a causal link,
an event, else "other".
"""

from __future__ import annotations

import re
from functools import lru_cache

_FLAGS = re.IGNORECASE

# A quoted stretch of four or more words.
_QUOTE = re.compile(r"[“\"]([^“”\"]*)[”\"]")
_SPEECH = (
    r"said|says|say|told|tells|stated|states|added|announced|announces|declared|declares|"
    r"claimed|claims|alleged|alleges|accused|accuses|denied|denies|insisted|warned|warns|"
    r"reported|reports|confirmed|confirms|acknowledged|admitted|pledged|pledges|vowed|vows|"
    r"promised|called for|urged|stressed|emphasized|emphasised|expressed|reaffirmed|"
    r"described|tweeted|wrote|argued|noted|estimated|predicted|"
    r"suggest|suggests|suggested|maintain|maintains|maintained|thanked|praised|condemned|"
    r"congratulated|highlighted"
)
_ATTRIBUTION = re.compile(
    rf"\b(?:{_SPEECH})\b|\baccording to\b"
    r"|\b(?:spokes(?:man|woman|person)|officials?|sources?)\b[^.]{0,80}?\b(?:said|say)\b",
    _FLAGS,
)
# Analysis and commentary: the writer's reading of events, not an event.
_OPINION = re.compile(
    r"^(?:in summary|in conclusion|overall|ultimately|clearly|arguably|notably|importantly)\b"
    r"|\b(?:reflects?|underscores?|underlines?|highlights|signals?|signifies|symboli[sz]es|"
    r"illustrates?|demonstrates|showcas(?:es|ing)|marks a|raises (?:concerns|questions)|"
    r"should|ought to|must|it is (?:clear|likely|unlikely|important)|"
    r"could potentially|may well|seems?|appears? to|i think|we believe|in my view|"
    r"remains to be seen|is (?:a )?(?:significant|important|crucial|key|welcome|worrying))\b",
    _FLAGS,
)
_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:%|percent|per cent|million|billion|trillion|thousand|"
    r"km|kilomet|miles?|kg|tons?|tonnes?|people|troops|soldiers|dead|killed|deaths|votes?)"
    r"|[$€£¥₹]\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b(?:hundreds|thousands|millions|billions|dozens) of\b"
    r"|\b(?!(?:19|20)\d\d\b)\d{2,}\b",
    _FLAGS,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|caused|causes|causing|led to|leads to|leading to|as a result|"
    r"resulted in|results in|triggered|owing to|thanks to|in response to|prompted|"
    r"contributed to|responsible for|blamed .* for|therefore|consequently)\b",
    _FLAGS,
)
_EVENT = re.compile(
    r"\b(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|"
    r"last (?:week|month|year)|(?:in|on|since|by) (?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december|\d{4})|"
    r"\w+ed (?:in|at|on|into|to|by|with|from) [A-Z])"
    r"|\b(?:signed|launched|killed|met|visited|held|deployed|arrested|elected|won|lost|attacked|"
    r"struck|fired|died|invaded|captured|seized|approved|passed|voted|released|announced|"
    r"opened|closed|began|started|ended|resigned|appointed|sent|arrived|fled|crashed|"
    r"exploded|collapsed|raised|cut|banned|imposed|lifted|recognized|recognised|regained|"
    r"expelled|repelled|withdrew|found|discovered)\b",
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
