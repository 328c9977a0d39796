"""Who is who in one article: names found by shape, linked across the article, and resolution.

A first pass finds capitalised names sentence by sentence and decides, from
the words around each, whether it is a person ("North Korean leader Kim Jong
Un", "Okafor, 52,", "Dr. ..."), an organisation ("... Agency", "KCNA", "the
charity Allergy Action") or a place ("in West Antarctica"). Short forms are
linked to the full name ("Kim" -> "Kim Jong Un", "ICRC" -> "International
Committee of the Red Cross"), also forwards, for a headline that names
someone before the story does.

Resolution turns a speaker phrase into an entity: pronouns go to the subject
of the nearest earlier sentence that fits, roles ("the minister", "the
agency") to the entity that carries the role or whose name holds the word.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon as lx
from .phrases import _YEAR_OLD, Phrase, describe
from .tokens import Token

_PLACE_PREPOSITIONS = frozenset("in at to into from near across toward towards outside through around of".split())
_ROLE_GENDER = {**{w: "f" for w in lx.FEMALE_NOUNS | lx.FEMALE_TITLES}, **{w: "m" for w in lx.MALE_NOUNS
                                                                          | lx.MALE_TITLES}}
# The word lists below are joined once here, not on every token they are tested against.
_DATE_WORDS = lx.MONTHS | lx.WEEKDAYS
_NAME_JOINERS = (lx.NAME_JOINERS | lx.PERSON_PARTICLES) - {"and", "&"}
# Capitalised at the start of a sentence, these are common words unless a capital follows.
_COMMON_OPENERS = lx.SPEECH_FORMS | lx.GROUP_NOUNS | lx.PERSON_NOUNS | lx.ORG_NOUNS | lx.DOCUMENT_NOUNS \
    | lx.INTRO_WORDS | lx.DETERMINERS
_WORD_BREAK = re.compile(r"[\s\-‐]+")
_AGE_NUMBER = re.compile(r"^\d{1,3}$")


@dataclass(eq=False)
class Entity:
    kind: str  # person, organization, group
    name: str
    named: bool = True
    keys: set[str] = field(default_factory=set)  # lower-case name words, hyphens split
    descriptors: set[str] = field(default_factory=set)
    acronym: str = ""
    gender: str = ""
    he: int = 0
    she: int = 0
    place: bool = False
    strong: bool = False  # a person with evidence beyond the shape of the name

    def add_name(self, name: str) -> None:
        if self.named and len(_words(name)) > len(_words(self.name)) and not _is_acronym(name):
            self.name = name
        self.keys |= set(_words(name))


@dataclass
class Mention:
    start: int
    end: int
    entity: Entity
    sentence: int


@lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    # Cached: ``find_name`` splits every entity's name again for each name it looks up.
    return tuple(w for w in _WORD_BREAK.split(name.lower().replace("’", "'")) if w)


def _is_acronym(name: str) -> bool:
    bare = name.replace(".", "")
    return bare.isupper() and bare.isalpha() and 2 <= len(bare) <= 8


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


class Registry:
    """The entities of one article and their mentions, in text order."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.by_span: dict[tuple[int, int], Entity] = {}
        # The author of the last document of each kind ("report", "statement"), and whom the last
        # spokesperson spoke for ("spokesperson"): what "the report" or "the spokesperson" refers to.
        self.documents: dict[str, Entity] = {}

    # --- building ------------------------------------------------------------------------------------

    def add_mention(self, entity: Entity, start: int, end: int, sentence: int) -> None:
        # Inserted in text order (after any mention of the same span), where sorting the whole list
        # after each new mention made a long article's mentions cost quadratic time.
        bisect.insort(self.mentions, Mention(start, end, entity, sentence), key=_text_order)
        self.by_span[(start, end)] = entity

    def new(self, kind: str, name: str, *, named: bool = True) -> Entity:
        entity = Entity(kind, name, named=named)
        entity.keys = set(_words(name))
        if named and _is_acronym(name):
            entity.acronym = name.replace(".", "")
        self.entities.append(entity)
        return entity

    # --- looking up ----------------------------------------------------------------------------------

    def find_name(self, name: str, kind_hint: str = "") -> Entity | None:
        """The entity a (possibly short) name refers to, preferring persons for surnames."""
        words = _words(name)
        if not words:
            return None
        best = None
        bare = name.replace(".", "")
        one_acronym = _is_acronym(name) and len(words) == 1
        word_set = set(words)
        for entity in self.entities:
            if not entity.named or entity.kind == "group":
                continue
            entity_words = _words(entity.name)
            if words == entity_words or bare == entity.acronym:
                return entity
            if one_acronym and bare == _initials_of(entity):
                best = best or entity
                continue
            if word_set <= entity.keys and len(words) < len(entity.keys):
                if entity.kind == "person" and len(words) == 1 and words[0] not in (entity_words[0], entity_words[-1]):
                    continue
                if best is None or (entity.kind == "person" and best.kind != "person"):
                    best = entity
        return best

    def persons_before(self, position: int, sentence: int) -> list[Entity]:
        """Persons in the order a pronoun at ``position`` would take them: the earlier sentences from
        the nearest back, each left to right (its subject first), then the current sentence."""
        return self._candidates(position, sentence, ("person",))

    def _candidates(self, position, sentence, kinds) -> list[Entity]:
        # Dicts as ordered sets: first mention first, and no list scan for each entity seen again.
        by_sentence: dict[int, dict[Entity, None]] = {}
        for mention in self.mentions:
            if mention.start >= position:
                break
            if mention.entity.kind in kinds and not mention.entity.place:
                by_sentence.setdefault(mention.sentence, {}).setdefault(mention.entity)
        ordered: dict[Entity, None] = {}
        for index in sorted((s for s in by_sentence if s < sentence), reverse=True):
            ordered |= by_sentence[index]  # an entity already in keeps its place
        ordered |= by_sentence.get(sentence, {})
        return list(ordered)

    def candidates(self, position, sentence, kinds) -> list[Entity]:
        return self._candidates(position, sentence, kinds)

    def after(self, position: int, kinds: tuple[str, ...]) -> list[Entity]:
        seen: list[Entity] = []
        for mention in self.mentions:
            if mention.start >= position and mention.entity.kind in kinds and mention.entity not in seen:
                seen.append(mention.entity)
        return seen


def _text_order(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _initials_of(entity: Entity) -> str:
    return _initials(entity.name)


# --- the first pass: names by shape --------------------------------------------------------------------


def name_chunks(tokens: list[Token], lower_words: set[str]) -> list[tuple[int, int]]:
    """(first, last) token indices of capitalised names in a sentence's tokens."""
    chunks = []
    i = 0
    while i < len(tokens):
        if not tokens[i].cap or not _can_open(tokens, i, lower_words):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if tokens[j].possessive and not (tokens[j].text.endswith(("s’", "s'")) and _org_and(tokens, j + 1)):
                break
            if nxt.cap and nxt.lower not in _DATE_WORDS or nxt.text in "-" and j + 2 < len(tokens) \
                    and tokens[j + 2].cap:
                j += 1
                continue
            joiners = _joiners(tokens, j + 1)
            if joiners and j + 1 + joiners < len(tokens) and tokens[j + 1 + joiners].cap:
                j += 1 + joiners  # "Bank of England", "Committee of the Red Cross", "Ursula von der Leyen"
                continue
            if nxt.lower in ("and", "&") and j + 2 < len(tokens) and tokens[j + 2].cap and _org_and(tokens, j + 2):
                j += 2
                continue
            if nxt.text == "(" and j + 3 < len(tokens) and tokens[j + 2].acronym and tokens[j + 3].text == ")":
                j += 3
                break
            break
        chunks.append((i, j))
        i = j + 1
    return chunks


def _joiners(tokens: list[Token], k: int) -> int:
    """How many lower-case name joiners start at ``k`` (at most two: "of the", "von der")."""
    n = 0
    while k + n < len(tokens) and n < 2 and not tokens[k + n].cap and tokens[k + n].lower in _NAME_JOINERS:
        n += 1
    return n


def _can_open(tokens: list[Token], i: int, lower_words: set[str]) -> bool:
    token = tokens[i]
    if token.acronym:
        return True
    if not token.cap or token.lower in lx.NOT_NAMES or token.lower in _DATE_WORDS:
        return False
    if i == 0 or tokens[i - 1].text in "“\"‘(" or (i > 0 and tokens[i - 1].text in ".!?"):
        # A capital at the start of a sentence is a name only if the word is never written lower-case.
        lower = token.lower
        if lower in lower_words or lower in _COMMON_OPENERS:
            return bool(i + 1 < len(tokens) and tokens[i + 1].cap and lower not in lx.GROUP_NOUNS
                        and lower not in lx.INTRO_WORDS and lower not in lx.DETERMINERS)
    return True


def _org_and(tokens: list[Token], k: int) -> bool:
    """"Medicines and Health Products Agency": an "and" inside a name that ends on an organisation word."""
    while k < len(tokens) and tokens[k].cap:
        if tokens[k].lower in lx.ORG_NAME_WORDS:
            return True
        k += 1
    return False


def classify(tokens: list[Token], first: int, last: int, text: str) -> tuple[Phrase | None, str]:
    """The name phrase of a chunk and its kind by shape: person, organization, place or unknown."""
    chunk = tokens[first:last + 1]
    phrase = describe(chunk, text)
    if phrase is None or phrase.kind != "name":
        return phrase, "unknown"
    before = _descriptor_before(tokens, first)
    after = _apposition_after(tokens, last)
    words = set(before) | set(after)
    phrase.descriptors = sorted(set(phrase.descriptors) | words)
    if phrase.org_hint or words & lx.ORG_NOUNS and not words & lx.PERSON_NOUNS:
        return phrase, "organization"
    if phrase.person_hint or words & lx.PERSON_NOUNS or "who" in after or "age" in after:
        return phrase, "person"
    if first > 0 and tokens[first - 1].lower in _PLACE_PREPOSITIONS and not tokens[first - 1].cap:
        return phrase, "place"
    if len(phrase.name_tokens) >= 2:
        return phrase, "person?"
    return phrase, "unknown"


def _descriptor_before(tokens: list[Token], first: int) -> list[str]:
    """Role nouns just before a name: "North Korean leader Kim", "the charity Allergy Action", or in an
    apposition before it: "The developer, Kestrel Homes,"."""
    words = []
    k = first - 1
    if k >= 1 and tokens[k].text == ",":
        start = k
        while start > 0 and tokens[start - 1].kind != "punct" and k - start < 10:
            start -= 1
        segment = tokens[start:k]
        cut = next((n for n, t in enumerate(segment) if n and not t.cap and t.lower in lx.PREPOSITIONS),
                   len(segment))
        head = segment[cut - 1].lower if cut else ""
        if head in lx.PERSON_NOUNS or head in lx.ORG_NOUNS:
            return [head]
    while k >= 0 and first - k <= 3:
        token = tokens[k]
        word = token.lower
        if token.kind != "word" or token.cap or token.possessive:
            break
        if word in lx.PERSON_NOUNS or word in lx.ORG_NOUNS or _YEAR_OLD.match(word):
            words.append(word)
        elif words or word in lx.DETERMINERS or word in lx.PREPOSITIONS or word in lx.CLAUSE_OPENERS:
            break
        k -= 1
    return words


def _apposition_after(tokens: list[Token], last: int) -> list[str]:
    """Role words of ", the head of Ukraine's army," or ", 52," or ", who ..." after a name."""
    if last + 2 >= len(tokens) or tokens[last + 1].text != ",":
        return []
    nxt = tokens[last + 2]
    if nxt.lower in ("who", "whose"):
        return ["who"]
    if _AGE_NUMBER.match(nxt.text) and last + 3 < len(tokens) and tokens[last + 3].text in ",.":
        return ["age"]
    if nxt.lower not in ("the", "a", "an", "its", "his", "her", "their") and not (
            nxt.kind == "word" and not nxt.cap) and not nxt.possessive:
        return []
    words = []
    for token in tokens[last + 2:last + 10]:
        if token.text in ",.;" or token.lower in lx.PREPOSITIONS:
            break
        if token.kind == "word" and not token.cap:
            words.append(token.lower)
    if any(w in lx.PERSON_NOUNS or w in lx.ORG_NOUNS or _YEAR_OLD.match(w) for w in words):
        return [w for w in words if w not in lx.DETERMINERS]
    return []


def gender_of(phrase: Phrase) -> str:
    for word in list(phrase.titles) + list(phrase.descriptors):
        if word in _ROLE_GENDER:
            return _ROLE_GENDER[word]
    return ""
