"""Noun phrases that can speak: what a speaker phrase is, and where it starts and ends.

A phrase is a run of tokens. ``describe`` says what it names: a proper name
(person or organisation, by shape and by the words around it), a pronoun, a
role ("the minister", "the agency"), a group ("South Korean officials"), a
document ("a report by the agency"), or a spokesperson for someone.
``before`` and ``after`` find the phrase on either side of a verb of saying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .tokens import CLOSE_QUOTES, OPEN_QUOTES, Token

_PARTY_STATE = re.compile(r"^[DRI]-[A-Z][A-Za-z.]*$")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|an|ese|ish|man|woman|i|ard|on|ch|ss)$")
_AGE = re.compile(r"^\d{1,3}(?:-year-old)?$")
_YEAR_OLD = re.compile(r"^(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old$", re.IGNORECASE)
_BOUNDARY_PUNCT = set(",;:()[]—–") | set(OPEN_QUOTES) | set(CLOSE_QUOTES)
_SPOKES = frozenset(
    "spokesperson spokesman spokeswoman spokespeople representative representatives press-office".split()
)
# Participles that attach a phrase to the head noun before them ("economists polled by ...").
_POST_PARTICIPLES = frozenset(
    "led polled surveyed involved based quoted cited interviewed familiar close working speaking "
    "responsible released published compiled issued seen obtained reviewed prepared commissioned "
    "conducted carried funded written signed sent filed submitted".split()
)


@dataclass
class Phrase:
    """What a speaker phrase names. ``kind``: pronoun, name, role, group, document, proxy."""

    kind: str
    tokens: list[Token]
    text: str = ""
    head: str = ""
    name_tokens: list[Token] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)
    definite: bool = False
    org_hint: bool = False
    person_hint: bool = False
    target: Phrase | None = None  # a spokesperson's principal, a document's author
    members: list[Phrase] = field(default_factory=list)  # "Shoigu and Kim"

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


# Forms of speech verbs that are also nouns, and modify the noun after them ("state media").
_NOUN_FORMS = frozenset(
    "state report reports post posts claim claims estimate estimates forecast forecasts note notes comment "
    "comments call calls charge charges project projects findings finding question answer protest "
    "warning statement quote quotes".split()
)


def is_speech_verb(tokens: list[Token], i: int, title_case: bool) -> bool:
    token = tokens[i]
    if token.kind != "word" or token.lower not in lx.SPEECH_FORMS:
        return False
    if token.cap and not title_case:
        return False
    if i > 0:
        prev = tokens[i - 1]
        # "the report", "a claim", "its statement", "his remarks": nouns, not verbs.
        if prev.lower in lx.DETERMINERS and prev.lower not in ("that", "all", "both") or prev.possessive:
            return False
    if token.lower in _NOUN_FORMS and i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if nxt.lower in lx.SPEECH_FORMS and not nxt.cap:
            return False  # "an agency report finds"
        # "state media", "report card": a noun in front of a noun, unless a speaker comes before
        # it ("The company forecast revenue growth").
        prev_speaks = i > 0 and (tokens[i - 1].lower in _SPEAKER_NOUNS or tokens[i - 1].lower in lx.PRONOUNS)
        if not prev_speaks and nxt.kind == "word" and not nxt.cap and nxt.lower not in _AFTER_A_VERB:
            return False
    return True


_VERB_FOLLOWERS = frozenset("that to on in at for about of with by as".split())
# The word lists below are joined once here, not on every token they are tested against.
_SPEAKER_NOUNS = lx.ORG_NOUNS | lx.GROUP_NOUNS | lx.PERSON_NOUNS
_AFTER_A_VERB = lx.DETERMINERS | lx.PRONOUNS.keys() | lx.AUXILIARIES | _VERB_FOLLOWERS
_WEEK_WORDS = lx.WEEKDAYS | {"week", "month", "year", "weekend", "friday"}
_JOINERS = lx.NAME_JOINERS | lx.PERSON_PARTICLES
_NOT_NAMES = lx.NOT_NAMES | {"the"}


def text_of(text: str, tokens: list[Token]) -> str:
    return text[tokens[0].start:tokens[-1].end] if tokens else ""


# --- finding the phrase -------------------------------------------------------------------------------


def skip_back(tokens: list[Token], i: int) -> tuple[int, bool]:
    """From the verb at ``i`` back over auxiliaries, adverbs and time words: (index of the phrase's
    last token, negated)."""
    j, negated = i - 1, False
    while j >= 0:
        word = tokens[j].lower
        if word in lx.NEGATIONS or tokens[j].text.endswith("n’t") or tokens[j].text.endswith("n't"):
            negated = True
        elif word in lx.AUXILIARIES or word in lx.WEEKDAYS or (tokens[j].kind == "word" and word.endswith("ly")
                                                                and not tokens[j].cap):
            pass
        elif word in ("on", "last", "this", "in") and j + 1 < i and tokens[j + 1].lower in _WEEK_WORDS:
            pass
        elif word in ("week", "month", "year", "weekend") and j > 0 and tokens[j - 1].lower in ("last", "this"):
            pass
        elif word in ("to",) and j > 0 and tokens[j - 1].lower in ("declined", "refused", "failed", "went", "used"):
            negated = negated or tokens[j - 1].lower != "went"
        else:
            break
        j -= 1
    return j, negated


def before(tokens: list[Token], end: int) -> list[list[Token]]:
    """The phrase ending at token ``end`` (inclusive), as a chain of comma-separated segments.

    One segment is the usual case ("the ministry"); "Oleksandr Syrskyi, the head of Ukraine's army,"
    gives two, nearest last, and the caller picks the name among them.
    """
    if end < 0:
        return []
    if tokens[end].text == ",":
        return _chain(tokens, end)
    segment = _run_back(tokens, end)
    return [segment] if segment else []


def _run_back(tokens: list[Token], end: int) -> list[Token]:
    start = end
    while start > 0 and end - start < 14:
        prev = tokens[start - 1]
        if prev.kind == "punct":
            if prev.text == "," and _list_comma(tokens, start - 1, end):
                start -= 1
                continue
            if prev.text in "-&'’/." or prev.text == "(" and tokens[start].acronym:
                start -= 1
                continue
            break
        word = prev.lower
        if word in lx.CLAUSE_OPENERS and (not prev.cap or start - 1 == 0):
            if word in ("and", "or") and _and_joins(tokens, start - 1, end):
                start -= 1
                continue
            break
        if not prev.cap and (word in lx.SPEECH_FORMS and is_speech_verb(tokens, start - 1, False)
                             or word in lx.AUXILIARIES and word not in lx.QUANTIFIERS or word in lx.PARTICIPLES):
            break
        if prev.cap and word in lx.INTRO_WORDS and start - 1 == 0 and tokens[start].lower != "of":
            break
        start -= 1
    return tokens[start:end + 1]


def _list_comma(tokens: list[Token], comma: int, end: int) -> bool:
    """A comma inside "U.S., South Korean, and Ukrainian intelligence sources"."""
    if comma == 0 or not tokens[comma - 1].cap:
        return False
    rest = [t.lower for t in tokens[comma + 1:end + 1]]
    return "and" in rest and tokens[end].lower in lx.GROUP_NOUNS and all(
        t.cap or t.lower in ("and", ",") for t in tokens[comma + 1:end] if t.lower not in lx.GROUP_NOUNS
        and t.lower not in ("intelligence", "security", "defence", "defense", "health", "military", "government"))


def _and_joins(tokens: list[Token], and_index: int, end: int) -> bool:
    """"and" inside a phrase: between names ("Putin and Kim"), in a group's modifiers ("South Korean
    and U.S. officials"), or a name and a group ("the United States and other Western countries")."""
    if and_index == 0:
        return False
    left, right = tokens[and_index - 1], tokens[and_index + 1]
    if not (left.cap or left.text == ")" or (left.lower == "," and and_index >= 2 and tokens[and_index - 2].cap)):
        return False
    return right.cap or tokens[end].lower in lx.GROUP_NOUNS


def _chain(tokens: list[Token], comma: int) -> list[list[Token]]:
    segments: list[list[Token]] = []
    stop = comma
    while stop > 0 and len(segments) < 4:
        start = stop - 1
        while start >= 0 and tokens[start].text not in _BOUNDARY_PUNCT:
            start -= 1
        segment = tokens[start + 1:stop]
        if not segment:
            break
        first = segment[0].lower
        intro = first in lx.INTRO_WORDS and first not in lx.DETERMINERS or first in lx.PARTICIPLES
        if first in ("who", "whose", "which", "where", "whom") or _is_age(segment):
            segments.append([])  # a relative clause or an age: skip, go on
        elif intro and not any(segments):
            segments.append([])  # "Biden, speaking at the White House, said": an aside
        elif intro:
            break  # "During the talks, Kim, 41, said": the sentence's opening, not the speaker
        elif first != "led" and any(is_speech_verb(tokens, k, False) for k in range(start + 2, stop - 1)):
            break  # a clause of its own ("..., the minister said, ...")
        else:
            segments.append(segment)
        if start < 0 or tokens[start].text != ",":
            break
        stop = start
    return [s for s in reversed(segments) if s]


def _is_age(segment: list[Token]) -> bool:
    return len(segment) == 1 and bool(_AGE.match(segment[0].text))


def after(tokens: list[Token], start: int) -> list[list[Token]]:
    """The phrase starting at token ``start``: up to a comma, full stop or clause word; an
    apposition after a comma ("said Jane Doe, a spokeswoman for the council") comes as a second
    segment."""
    segments = []
    i = start
    while i < len(tokens) and len(segments) < 2:
        j = i
        while j < len(tokens):
            token = tokens[j]
            if token.kind == "punct" and token.text not in "-&'’/" and not (
                    token.text == "(" and j + 2 < len(tokens) and tokens[j + 1].acronym):
                if token.text == ")" and j > i and tokens[j - 1].acronym:
                    j += 1
                    continue
                break
            if not token.cap and token.lower in lx.CLAUSE_OPENERS and not (
                    token.lower == "and" and j + 1 < len(tokens) and tokens[j + 1].cap):
                break
            if not token.cap and token.lower in _TIME_OPENERS and j > i and _time_follows(tokens, j):
                break
            if not token.cap and token.lower in ("on", "in") and j + 1 < len(tokens) and (
                    tokens[j + 1].lower in lx.WEEKDAYS or tokens[j + 1].lower in ("a", "an", "its", "his", "her",
                                                                                 "their", "the") and j > i
                    and _trailing_pp(tokens, j)):
                break
            if not token.cap and token.lower in lx.SPEECH_FORMS and j > i and is_speech_verb(tokens, j, False):
                break
            j += 1
        segment = tokens[i:j]
        if not segment:
            break
        segments.append(segment)
        if j < len(tokens) and tokens[j].text == "," and segments and len(segments) == 1:
            i = j + 1
            nxt = tokens[i] if i < len(tokens) else None
            if nxt is None or nxt.lower in ("who", "whose", "which") or _AGE.match(nxt.text):
                break
            continue
        break
    return segments


_TIME_OPENERS = frozenset("last this next earlier later on in yesterday today overnight".split())
_TIME_WORDS = lx.WEEKDAYS | lx.MONTHS | frozenset("week month year weekend morning afternoon evening night".split())


_HEAD_NOUNS = lx.PERSON_NOUNS | lx.GROUP_NOUNS | lx.ORG_NOUNS | lx.DOCUMENT_NOUNS
# "in a statement", "on his blog": the words that make a trailing phrase a circumstance.
_CIRCUMSTANCE_NOUNS = lx.DOCUMENT_NOUNS | lx.SPEECH_NOUNS | {"interview", "briefing", "conference", "blog",
                                                             "podcast", "video", "speech"}


def _time_follows(tokens: list[Token], j: int) -> bool:
    """"last week", "on Tuesday", "yesterday": a time after the speaker, not part of the name."""
    word = tokens[j].lower
    if word in ("yesterday", "today", "overnight"):
        return True
    return j + 1 < len(tokens) and (tokens[j + 1].lower in _TIME_WORDS or tokens[j + 1].kind == "num"
                                    and word in ("in", "on"))


def _trailing_pp(tokens: list[Token], j: int) -> bool:
    """"in a statement", "on his blog": a circumstance after the speaker, not part of the name."""
    for k in range(j + 1, min(j + 5, len(tokens))):
        if tokens[k].lower in _CIRCUMSTANCE_NOUNS:
            return True
    return False


def leading(tokens: list[Token]) -> list[list[Token]]:
    """The subject at the start of a sentence or clause, after an introductory phrase; a "led by"
    apposition after it comes as a second segment."""
    i = _after_intro(tokens)
    if i is None:
        return []
    last_head = _last_head(tokens, i)
    if last_head is None:
        return []
    end = _place_after(tokens, last_head)
    segments = [tokens[i:end + 1]]
    # "The researchers, led by glaciologist Priya Raman of ...,"
    if end + 3 < len(tokens) and tokens[end + 1].text == "," and tokens[end + 2].lower == "led" and \
            tokens[end + 3].lower == "by":
        k = end + 4
        while k < len(tokens) and tokens[k].text not in _BOUNDARY_PUNCT:
            k += 1
        segments.append(tokens[end + 2:k])
    return segments


def _after_intro(tokens: list[Token]) -> int | None:
    """Where the subject starts: after "In a statement," or an opening quotation mark."""
    i = 0
    if tokens and tokens[0].lower in lx.INTRO_WORDS and tokens[0].lower not in lx.DETERMINERS:
        i = next((k + 1 for k in range(min(len(tokens), 25)) if tokens[k].text == ","), None)
        if i is None:
            return None
    while i < len(tokens) and tokens[i].text in OPEN_QUOTES:
        i += 1
    return i


def _last_head(tokens: list[Token], i: int) -> int | None:
    """The last noun of the subject starting at ``i``: modifiers are taken only while a head follows."""
    last_head = None
    for j in range(i, min(len(tokens), i + 12)):
        token = tokens[j]
        word = token.lower
        if token.kind == "punct" and token.text not in "-&'’." or not token.cap and (
                word in lx.SPEECH_FORMS or word in lx.AUXILIARIES and word not in lx.QUANTIFIERS
                or word in lx.CLAUSE_OPENERS and word != "and" or word in lx.PARTICIPLES):
            break
        if last_head is not None and word in _TIME_OPENERS and _time_follows(tokens, j):
            break  # "The country's competition authority | on Monday blocked ..."
        is_head = token.cap and word not in _TIME_WORDS or word in _HEAD_NOUNS or (word in lx.PRONOUNS and j == i)
        if last_head is not None and not is_head and token.kind == "word" and not token.possessive and (
                word.endswith("ed") or not any(t.cap or t.lower in _HEAD_NOUNS for t in tokens[j + 1:j + 2])):
            break  # "The two nations | signed": a head, then a word that is no modifier of another head
        if is_head:
            last_head = j
        if word in lx.PRONOUNS:
            break
    return last_head


def _place_after(tokens: list[Token], end: int) -> int:
    """"The leaders of Serenia and Vastoria", "researchers at the University of Leeds": a named place
    or body after the head belongs to the subject."""
    while end + 2 < len(tokens) and tokens[end + 1].lower in ("of", "at", "from", "in") and not tokens[end + 1].cap:
        k = end + 2
        while k < len(tokens) and (tokens[k].lower in ("the", "and") or tokens[k].cap) and k - end < 8:
            k += 1
        if not (k - 1 > end + 1 and tokens[k - 1].cap):
            break
        end = k - 1
    return end


# --- what the phrase names ----------------------------------------------------------------------------


def describe(tokens: list[Token], text: str) -> Phrase | None:
    """What a phrase (one segment) names, or None if it cannot be a speaker."""
    while tokens and (tokens[0].text in OPEN_QUOTES or tokens[0].lower in ("and", "but", "so", "then")
                      and not tokens[0].cap):
        tokens = tokens[1:]
    while tokens and tokens[-1].kind == "punct" and tokens[-1].text not in ")":
        tokens = tokens[:-1]
    if not tokens:
        return None
    if len(tokens) == 1 and _PARTY_STATE.match(tokens[0].text):
        return None  # "D-Mich.", "R-Texas": a senator's party and state, not a speaker
    if len(tokens) == 1 and tokens[0].lower in lx.PRONOUNS and tokens[0].lower not in ("we", "i"):
        return Phrase("pronoun", tokens, tokens[0].text, head=tokens[0].lower)
    members = _members(tokens, text)
    if members:
        return Phrase("group", tokens, text_of(text, tokens), head="and", members=members)
    definite = tokens[0].lower in ("the", "its", "his", "her", "their", "this", "that") and not tokens[0].cap or (
        tokens[0].cap and tokens[0].lower == "the")
    if definite and len(tokens) == 2 and _DEMONYM.match(tokens[1].text) and tokens[1].lower not in lx.ORG_NAME_WORDS:
        # "the German said", "the Dutchman added": sports pages name a person by nationality.
        return Phrase("role", tokens, text_of(text, tokens), head="demonym", definite=True, person_hint=True)
    body = _strip_determiners(tokens)
    if not body:
        return None
    pre, post = _split_at_preposition(body)
    if not pre:
        return None
    head = pre[-1]
    if _is_name_end(pre, head):
        return _name_phrase(tokens, pre, post, text, definite)
    return _common_phrase(tokens, body, pre, post, text, definite)


def _members(tokens: list[Token], text: str) -> list[Phrase]:
    """"Shoigu and Kim", "SkyHop and AeroLink": names joined by "and" (not "Ministry of X and Y")."""
    if not any(t.lower == "and" and not t.cap for t in tokens):
        return []
    parts, current = [], []
    for token in tokens:
        if token.lower in ("and", ",") and not token.cap:
            if current:
                parts.append(current)
            current = []
        else:
            current.append(token)
    if current:
        parts.append(current)
    if len(parts) < 2 or not all(p[0].cap and p[-1].cap for p in parts):
        return []
    with_org_word = [any(t.lower in lx.ORG_NAME_WORDS for t in _trailing_caps(p)) for p in parts]
    if any(with_org_word) and not all(with_org_word):
        return []  # "Medicines and Health Products Agency", "Centers for Disease Control and Prevention"
    if any(len(p) == 1 and p[0].lower in lx.TITLES for p in parts):
        return []
    described = [describe(p, text) for p in parts]
    return [d for d in described if d] if all(d and d.kind == "name" for d in described) else []


def _trailing_caps(tokens: list[Token]) -> list[Token]:
    k = len(tokens)
    while k > 0 and (tokens[k - 1].cap or _joiner_inside(tokens, k - 1)):
        k -= 1
    return tokens[k:]


def _strip_determiners(tokens: list[Token]) -> list[Token]:
    i = 0
    while i < len(tokens) and tokens[i].lower in ("the", "a", "an", "both") and i < 2:
        i += 1
    return tokens[i:]


def _split_at_preposition(body: list[Token]) -> tuple[list[Token], list[Token]]:
    """"Residents | of the lower town", "A spokesman | for the board"; "Bank of Norland" stays whole."""
    for k in range(1, len(body)):
        word = body[k].lower
        if body[k].cap:
            continue
        if word in lx.PREPOSITIONS or word in _POST_PARTICIPLES or word in ("not", "who", "whose"):
            after_joiners = k + 1 if k + 1 < len(body) and body[k + 1].lower != "the" else k + 2
            if word in lx.NAME_JOINERS and body[k - 1].cap and after_joiners < len(body) and \
                    body[after_joiners].cap and _inside_name(body, k):
                continue
            if word in lx.PERSON_PARTICLES and k + 1 < len(body) and body[k + 1].cap and body[k - 1].cap:
                continue
            return body[:k], body[k:]
    return body, []


def _inside_name(body: list[Token], k: int) -> bool:
    """Is the joiner at ``k`` inside one capitalised name ("Bank of Norland")?"""
    left = body[k - 1]
    if left.lower in lx.PERSON_TITLES:
        return True  # "Secretary of State", "Minister of Finance"
    return left.lower in lx.ORG_NAME_WORDS or left.acronym is False and not left.possessive and any(
        t.lower in lx.ORG_NAME_WORDS for t in body[:k])


def _is_name_end(pre: list[Token], head: Token) -> bool:
    if head.possessive:
        return False
    if head.text == ")" and len(pre) >= 3 and pre[-2].acronym:
        return True
    if head.acronym:
        return True  # "WHO" is the organisation, not the pronoun
    word = head.lower
    if not head.cap:
        return False
    if len(pre) > 1 and pre[-2].cap and pre[-2].lower != "the":
        return True  # "Greater Manchester Police"
    if len(pre) == 1 and (word in lx.GROUP_NOUNS or word in lx.DOCUMENT_NOUNS or word in lx.ORG_NOUNS
                          or word.endswith("s") and word[:-1] in lx.PERSON_NOUNS):
        return False  # "Retailers warned", "Police said": capitalised only because they open the sentence
    return word not in _NOT_NAMES


def _name_phrase(tokens, pre, post, text, definite) -> Phrase | None:
    if pre[-1].text == ")":
        # "Korean Central News Agency (KCNA)": the name without its acronym in brackets.
        opening = max((k for k, t in enumerate(pre) if t.text == "("), default=0)
        pre = pre[:opening] or pre
    k = len(pre)
    while k > 0 and (pre[k - 1].cap or pre[k - 1].text in "-&" or _joiner_inside(pre, k - 1)):
        if pre[k - 1].possessive and k < len(pre) and not _plural_possessive_in_name(pre, k - 1):
            break
        k -= 1
    while k < len(pre) and pre[k].lower in _JOINERS and not pre[k].cap:
        k += 1
    chunk, before_chunk = pre[k:], pre[:k]
    if not chunk:
        return None  # "(LAUGHTER)": brackets and nothing to name
    chunk, titles = _strip_titles(chunk)
    descriptors = [t.lower for t in before_chunk if not t.cap and t.lower not in lx.DETERMINERS]
    org_hint = any(t.lower in lx.ORG_NAME_WORDS for t in chunk) or (len(chunk) == 1 and chunk[0].acronym) or any(
        d in lx.ORG_NOUNS for d in descriptors) or any(t.acronym and len(t.bare.replace(".", "")) >= 3
                                                       for t in chunk)
    person_hint = any(t.rstrip(".") in lx.PERSON_TITLES or t in lx.PERSON_TITLES for t in titles) or any(
        d in lx.PERSON_NOUNS or _YEAR_OLD.match(d) for d in descriptors)
    if org_hint and any(t in lx.PERSON_TITLES for t in titles) and not any(t.lower in lx.ORG_NAME_WORDS
                                                                            for t in chunk):
        org_hint = False
    return Phrase("name", tokens, text_of(text, chunk), head=chunk[-1].lower, name_tokens=chunk, titles=titles,
                  descriptors=descriptors, definite=definite, org_hint=org_hint and not person_hint,
                  person_hint=person_hint)


def _joiner_inside(tokens: list[Token], k: int) -> bool:
    """A lower-case joiner with a capitalised word before it, through at most one more joiner."""
    if tokens[k].cap or tokens[k].lower not in _JOINERS:
        return False
    if k >= 1 and tokens[k - 1].cap and not tokens[k - 1].possessive:
        return True
    return k >= 2 and tokens[k - 1].lower in _JOINERS and not tokens[k - 1].cap and tokens[k - 2].cap


def _plural_possessive_in_name(tokens: list[Token], k: int) -> bool:
    """"Port Employers' Association", "Workers' Party": a plural possessive inside an organisation's name."""
    return tokens[k].text.endswith(("s’", "s'")) and tokens[k].cap and any(
        t.lower in lx.ORG_NAME_WORDS for t in tokens[k + 1:])


def _strip_titles(chunk: list[Token]) -> tuple[list[Token], list[str]]:
    """"Russian Security Council Secretary Sergei Shoigu" -> "Sergei Shoigu", titles and all before them.

    The name starts after the last title word that has no organisation word after it ("Justice
    Department" and "General Motors" are names, not titles)."""
    last = -1
    for k, token in enumerate(chunk[:-1]):
        word = token.lower.rstrip(".")
        if (word in lx.PERSON_TITLES or token.lower in lx.PERSON_TITLES) and not any(
                t.lower in lx.ORG_NAME_WORDS for t in chunk[k + 1:]):
            last = k
    if last < 0:
        while len(chunk) > 1 and chunk[0].lower in lx.TITLES and chunk[0].lower in ("mr", "mrs", "ms", "dr", "sen",
                                                                                    "rep", "gov", "prof"):
            chunk = chunk[1:]
        return chunk, []
    rest = chunk[last + 1:]
    # "Secretary of State Jane Doe"
    while len(rest) > 2 and rest[0].lower in ("of", "for") and not rest[0].cap:
        rest = rest[2:]
    titles = [t.lower for t in chunk[:last + 1]]
    return (rest, titles) if rest else (chunk, [])


def _common_phrase(tokens, body, pre, post, text, definite) -> Phrase | None:
    head = pre[-1].lower
    modifiers = [t.lower for t in pre[:-1] if t.lower not in lx.DETERMINERS and not t.possessive]
    possessor = _possessor(pre, text)
    if head in _SPOKES or (head == "office" and "press" in modifiers):
        # Without a principal ("A spokeswoman said", "The spokesperson added"), the one spoken of before.
        principal = _principal(pre, post, text, possessor)
        return Phrase("proxy", tokens, text_of(text, body), head=head, target=principal, definite=definite)
    # "the national geological survey" is a body; "a survey by X" is a document.
    body_not_document = head in lx.ORG_NOUNS and definite and bool(modifiers)
    if head in lx.DOCUMENT_NOUNS and not body_not_document:
        author = _author(pre, post, text, possessor)
        return Phrase("document", tokens, text_of(text, body), head=head, modifiers=modifiers, target=author,
                      definite=definite)
    if head in lx.GROUP_NOUNS or head.endswith("s") and head[:-1] in lx.PERSON_NOUNS:
        return Phrase("group", tokens, text_of(text, _group_tokens(tokens)), head=head, modifiers=modifiers,
                      definite=definite, target=possessor)
    if head in lx.ORG_NOUNS or head == "media":
        return Phrase("role", tokens, text_of(text, body), head=head, modifiers=modifiers, definite=definite,
                      org_hint=True, target=possessor)
    if head in lx.PERSON_NOUNS or _YEAR_OLD.match(head) or head in ("one", "number"):
        return Phrase("role", tokens, text_of(text, body), head=head, modifiers=modifiers, definite=definite,
                      person_hint=True, target=possessor)
    return None


def _group_tokens(tokens: list[Token]) -> list[Token]:
    """A group's name keeps quantifiers ("Some economists") but not articles."""
    i = 0
    while i < len(tokens) and tokens[i].lower in ("the", "a", "an"):
        i += 1
    return tokens[i:] or tokens


def _possessor(pre: list[Token], text: str) -> Phrase | None:
    for k, token in enumerate(pre[:-1]):
        if token.possessive:
            j = k
            while j > 0 and (pre[j - 1].cap or pre[j - 1].lower in lx.NAME_JOINERS and j > 1 and pre[j - 2].cap):
                j -= 1
            if not token.cap:
                while j > 0 and pre[j - 1].lower not in ("the",):
                    j -= 1
                    if pre[j].lower in lx.DETERMINERS:
                        break
            return describe(list(pre[j:k]) + [_strip_possessive(token)], text)
        if token.lower in ("its", "his", "her", "their") and k == 0:
            return Phrase("pronoun", [token], token.text, head={"its": "it", "his": "he", "her": "she",
                                                                "their": "they"}[token.lower])
    return None


def _strip_possessive(token: Token) -> Token:
    bare = token.bare
    return Token(bare, token.start, token.start + len(bare), token.kind)


def _principal(pre, post, text, possessor) -> Phrase | None:
    """Whom a spokesperson speaks for: "for the board", "a World Athletics spokesperson", "Hale's"."""
    if post and post[0].lower in ("for", "of", "at") and len(post) > 1:
        return describe(post[1:], text)
    if possessor is not None:
        return possessor
    mods = [t for t in pre[:-1] if t.lower not in lx.DETERMINERS]
    if mods:
        return describe(mods, text)
    return None


def _author(pre, post, text, possessor) -> Phrase | None:
    """Who wrote a document: "by X", "from X", "compiled by X", "X's report", "a Reuters analysis"."""
    for k, token in enumerate(post):
        if token.lower in ("by", "from") and k + 1 < len(post):
            rest = post[k + 1:]
            cut = next((m for m, t in enumerate(rest) if m and not t.cap and t.lower in lx.PREPOSITIONS
                        and not (t.lower in lx.NAME_JOINERS and rest[m - 1].cap)), len(rest))
            return describe(rest[:cut], text)
    if possessor is not None:
        return possessor
    caps = [t for t in pre[:-1] if t.cap and t.lower not in lx.NOT_NAMES]
    if caps:
        return describe(caps, text)
    # "an agency report", "government figures", "police data"; court papers are the parties'.
    for k, token in enumerate(pre[:-1]):
        if token.lower in lx.ORG_NOUNS and token.lower not in ("court", "tribunal"):
            return describe(pre[:k + 1], text)
    return None
