"""From a speaker phrase to a claimant: names, pronouns, roles, groups, documents, spokespeople.

Pronouns go to the subject of the nearest earlier sentence that fits (a
person of the right gender for "he"/"she", a body for "it", a group for
"they"); roles ("the minister", "the agency", "the 24-year-old") to the
entity that carries the role or whose name holds the word; a spokesperson to
whom they speak for; a document to its author. What names no one known is
kept as written ("South Korean officials", "provincial health department").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import lexicon as lx
from .entities import Entity
from .findings import Finding
from .phrases import Phrase, describe, leading
from .tokens import Token

if TYPE_CHECKING:
    from .article import Article
    from .cues import Cue

_GENERIC_MODIFIERS = frozenset(
    "national regional provincial local state federal official new senior top main central country's "
    "city's government's".split()
)
# Definite phrases that stand for the person just spoken of even when no role says so.
_ANAPHORIC = frozenset(
    "man woman boy girl one player star champion veteran youngster teenager athlete striker forward "
    "midfielder defender goalkeeper winger captain rider driver runner skipper".split()
)
_PAIR = re.compile(r"^(?:[Bb]oth|[Tt]he two)\b")
_PAIR_HEADS = frozenset(
    "leaders sides men women presidents ministers countries nations governments companies firms airlines "
    "parties teams clubs banks groups officials".split()
)
_PAIR_OF_PEOPLE = frozenset("leaders men women presidents ministers officials".split())
_SUB_BODIES = frozenset("committee board office department council unit division panel commission".split())
_NAME_JOINERS = lx.NAME_JOINERS | lx.PERSON_PARTICLES
_PERSONAL_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b")
_IT = re.compile(r"\b(?:its|it)\b")


def resolve_cue(article: Article, cue: Cue, index: int) -> Finding | None:
    if cue.kind == "passive":
        return Finding(cue="passive")
    led_by = next((s for s in cue.segments if s and s[0].lower == "led"), None)
    phrases = [p for p in (describe(s, article.text) for s in cue.segments if s is not led_by) if p is not None]
    phrase = _pick(phrases)
    if phrase is None:
        return None
    if phrase.kind == "name":
        # "The developer, Kestrel Homes,": an apposition says what the name is.
        roles = [p for p in phrases if p.kind == "role"]
        phrase.org_hint = phrase.org_hint or any(p.org_hint for p in roles)
        phrase.person_hint = phrase.person_hint or any(p.person_hint for p in roles)
    finding = resolve(article, phrase, index)
    if finding is None:
        return None
    if led_by is not None and finding.kind == "group" and " led by " not in finding.claimant:
        leader = _led_by(led_by, article.text)
        person = resolve(article, leader, index) if leader else None
        if person is not None and person.claimant:
            finding.claimant = f"{finding.claimant} led by {person.claimant}"
    finding.cue = cue.kind
    return finding


def resolve(article: Article, phrase: Phrase, index: int) -> Finding | None:
    span = (phrase.start, phrase.end)
    if phrase.kind == "pronoun":
        entity = _pronoun(article, phrase, index)
        # Someone spoke, but the article never says who: attributed, to nobody known.
        return _finding(article, entity, span) if entity else Finding("", "unknown", [span])
    if phrase.kind == "name":
        return _finding(article, _name(article, phrase, index), span)
    if phrase.kind == "proxy":
        if phrase.target is None:
            principal = article.registry.documents.get("spokesperson")
            if principal is None:
                orgs = _orgs_before(article, phrase.start, index)
                principal = orgs[0] if orgs else None
            return _finding(article, principal, span) if principal is not None else None
        target = resolve(article, phrase.target, index)
        if target is not None:
            target.evidence = [span] + target.evidence[1:]
            if target.entity is not None:
                article.registry.documents["spokesperson"] = target.entity
        return target
    if phrase.kind == "document":
        return _document(article, phrase, index, span)
    if phrase.kind == "group":
        return _group(article, phrase, index, span)
    if phrase.kind == "role":
        return _finding(article, _role(article, phrase, index), span)
    return None


def _finding(article: Article, entity: Entity | None, span: tuple[int, int]) -> Finding | None:
    if entity is None:
        return None
    if entity.kind == "person":
        entity.strong = True  # it speaks
    evidence = [span]
    full = next((m for m in article.registry.mentions if m.entity is entity
                 and article.text[m.start:m.end] == entity.name), None)
    if full is not None and (full.start, full.end) != span:
        evidence.append((full.start, full.end))
    return Finding(entity.name, entity.kind, evidence, entity=entity)


def _pronoun(article: Article, phrase: Phrase, index: int) -> Entity | None:
    word = phrase.head
    if word in ("he", "she"):
        gender = "m" if word == "he" else "f"
        persons = article.registry.persons_before(phrase.start, index)
        # A name with nothing that says "person" ("Band D") is taken only when no person is in sight.
        for entity in [p for p in persons if p.strong] + [p for p in persons if not p.strong]:
            if entity.gender in ("", gender):
                return entity
        return None
    kinds = ("group", "organization") if word == "they" else ("organization",)
    candidates = article.registry.candidates(phrase.start, index, kinds)
    if word == "they":
        groups = [e for e in candidates if e.kind == "group"]
        candidates = groups or candidates
    return candidates[0] if candidates else None


def _name(article: Article, phrase: Phrase, index: int) -> Entity:
    registry = article.registry
    span = (phrase.name_tokens[0].start, phrase.name_tokens[-1].end)
    entity = registry.by_span.get(span) or registry.find_name(phrase.text)
    if entity is None:
        kind = "organization" if phrase.org_hint or (len(phrase.name_tokens) == 1 and not phrase.person_hint
                                                     and not _pronoun_follows(article, phrase, index)) \
            else "person"
        entity = registry.new(kind, phrase.text)
        registry.add_mention(entity, span[0], span[1], index)
    elif entity.kind == "unknown":
        entity.kind = "organization"
    return entity


def _pronoun_follows(article: Article, phrase: Phrase, index: int) -> bool:
    """"Trump posted that his tariffs ...": a lone name that "he" or "his" refers to is a person."""
    start, end, _ = article.sentences[index]
    rest = article.masked[phrase.end:end].lower()
    return bool(_PERSONAL_PRONOUN.search(rest)) and not _IT.search(rest[:40])


def _role(article: Article, phrase: Phrase, index: int) -> Entity | None:
    if phrase.person_hint:
        return _person_role(article, phrase, index)
    return _org_role(article, phrase, index)


def _person_role(article: Article, phrase: Phrase, index: int) -> Entity:
    if phrase.definite and not (phrase.target is not None and phrase.target.kind == "name"):
        candidates = article.registry.persons_before(phrase.start, index)
        modifiers = set(phrase.modifiers) - _GENERIC_MODIFIERS
        for entity in candidates:
            if phrase.head in entity.descriptors and modifiers <= entity.descriptors | entity.keys:
                return entity
        for entity in candidates:
            if phrase.head in entity.descriptors:
                return entity
        if candidates and (phrase.head in _ANAPHORIC or phrase.head.endswith("year-old")
                           or phrase.head == "demonym"):
            gendered = lx.FEMALE_NOUNS | lx.MALE_NOUNS
            for entity in candidates:
                if phrase.head not in gendered or entity.gender in ("", _gender(phrase.head)):
                    return entity
    existing = _unnamed(article, phrase, "person")
    return existing or _new_unnamed(article, phrase, "person", index)


def _org_role(article: Article, phrase: Phrase, index: int) -> Entity:
    """"the ministry", "the country's competition authority", "the force": the body it names.

    Backwards first, the nearest that fits (a phrase with modifiers must share one with the
    name); forwards only when the modifiers say which ("Ireland's data protection regulator"
    before "The Data Protection Commission"), or from a headline."""
    modifiers = [m for m in phrase.modifiers if m not in _GENERIC_MODIFIERS]
    match = _match_org(phrase, modifiers, _orgs_before(article, phrase.start, index))
    if match is None and (modifiers or article.is_headline(index)):
        later = [e for e in article.registry.after(phrase.end, ("organization",)) if e.named]
        match = _match_org(phrase, modifiers, later)
    if match is None and phrase.target is not None and phrase.target.kind == "role" and \
            phrase.head in _SUB_BODIES:
        # "the bank's monetary policy committee" speaks for the bank; "Newsom's office" stays itarticle.
        owner = resolve(article, phrase.target, index)
        if owner is not None and owner.entity is not None and owner.entity.kind == "organization" and \
                owner.entity.named:
            return owner.entity
    if match is None and phrase.definite and not modifiers and _SORTS.get(phrase.head):
        # "the union" after "the British Medical Association": the nearest named body of that sort.
        sort = _SORTS[phrase.head]
        match = next((e for e in _orgs_before(article, phrase.start, index)
                      if e.named and _sort_of(e) in (sort, "" if sort == "company" else sort)), None)
    if match is not None:
        return match
    return _unnamed(article, phrase, "organization") or _new_unnamed(article, phrase, "organization", index)


def _orgs_before(article: Article, position: int, index: int) -> list[Entity]:
    return article.registry.candidates(position, index, ("organization",))


def _unnamed(article: Article, phrase: Phrase, kind: str) -> Entity | None:
    name = _display(phrase, article.text)
    for entity in reversed(article.registry.entities):
        if not entity.named and entity.kind == kind and entity.name.lower() == name.lower():
            return entity
    return None


def _new_unnamed(article: Article, phrase: Phrase, kind: str, index: int) -> Entity:
    entity = article.registry.new(kind, _display(phrase, article.text), named=False)
    entity.descriptors = {phrase.head, *phrase.modifiers}
    entity.keys = {phrase.head, *phrase.modifiers}
    article.registry.add_mention(entity, phrase.start, phrase.end, index)
    return entity


def _group(article: Article, phrase: Phrase, index: int, span: tuple[int, int]) -> Finding | None:
    if phrase.members:
        names, persons = [], True
        for member in phrase.members:
            resolved = resolve(article, member, index)
            if resolved is None or not resolved.claimant:
                return None
            names.append(resolved.claimant)
            persons = persons and resolved.kind == "person"
        entity = article.registry.new("group", " and ".join(names))
        entity.descriptors = {"and", "people" if persons else "bodies"}
        article.registry.add_mention(entity, span[0], span[1], index)
        return Finding(entity.name, "group", [span], entity=entity)
    if (phrase.definite or _PAIR.match(phrase.text)) and phrase.head in _PAIR_HEADS and set(
            phrase.modifiers) <= {"two", "both"}:
        # "the two leaders", "both sides": the pair just named together.
        sort = "people" if phrase.head in _PAIR_OF_PEOPLE else "bodies"
        for entity in article.registry.candidates(phrase.start, index, ("group",)):
            if {"and", sort} <= entity.descriptors:
                return _finding(article, entity, span)
    if phrase.definite and not phrase.modifiers and phrase.target is None:
        heads = {phrase.head, *lx.ORG_SYNONYMS.get(phrase.head, ())}
        for entity in article.registry.candidates(phrase.start, index, ("group",)):
            if entity.descriptors & heads:
                return _finding(article, entity, span)
    entity = _unnamed(article, phrase, "group") or _new_unnamed(article, phrase, "group", index)
    return _finding(article, entity, span)


def _document(article: Article, phrase: Phrase, index: int, span: tuple[int, int]) -> Finding:
    author = resolve(article, phrase.target, index) if phrase.target is not None else None
    if author is not None and author.claimant:
        if author.entity is not None:
            article.registry.documents[phrase.head] = author.entity
        author.evidence = [span] + author.evidence[1:]
        return author
    entity = None
    if phrase.definite:
        entity = article.registry.documents.get(phrase.head)
    if entity is None and phrase.definite and phrase.head in lx.ORG_NOUNS:
        # "according to the survey" after "the national geological survey said"
        entity = next((e for e in _orgs_before(article, phrase.start, index) if phrase.head in e.keys), None)
    if entity is None and phrase.head in lx.RESEARCH_DOCUMENTS:
        entity = _research_team(article, phrase, index)
    if entity is not None:
        finding = _finding(article, entity, span)
        if finding is not None:
            return finding
    return Finding("", "unknown", [span], cue="document")


def _research_team(article: Article, phrase: Phrase, index: int) -> Entity | None:
    teams = {"researchers", "scientists", "team", "authors"}
    for entity in article.registry.candidates(phrase.start, index, ("group",)):
        if entity.descriptors & teams:
            return entity
    for k in range(index + 1, min(index + 4, len(article.sentences))):
        for segments in [leading(article.tokens[k])]:
            led_by = next((s for s in segments if s and s[0].lower == "led"), None)
            phrases = [p for p in (describe(s, article.text) for s in segments if s is not led_by) if p is not None]
            group = next((p for p in phrases if p.kind == "group" and p.head in teams), None)
            if group is not None:
                entity = _unnamed(article, group, "group") or _new_unnamed(article, group, "group", k)
                if led_by is not None and " led by " not in entity.name:
                    leader = _led_by(led_by, article.text)
                    person = resolve(article, leader, k) if leader else None
                    if person is not None and person.claimant:
                        entity.name = f"{entity.name} led by {person.claimant}"
                return entity
    return None


def _gender(word: str) -> str:
    return "f" if word in lx.FEMALE_NOUNS else "m" if word in lx.MALE_NOUNS else ""


def _pick(phrases: list[Phrase]) -> Phrase | None:
    """Among the segments of "X, the head of Y," prefer the name, then anything that can speak."""
    if not phrases:
        return None
    for phrase in phrases:
        if phrase.kind == "name" and all(t.cap or t.lower in _NAME_JOINERS or t.text in "-." for t in phrase.tokens):
            return phrase  # a segment that is nothing but a name (and its title)
    for phrase in phrases:
        if phrase.kind == "name":
            return phrase
    return phrases[0]


def _led_by(segment: list[Token], text: str) -> Phrase | None:
    """The leader's name in "led by glaciologist Priya Raman of the University of Tromsø"."""
    tokens = segment[2:]
    caps = []
    for token in tokens:
        if token.cap:
            caps.append(token)
        elif caps:
            break
    return describe(caps, text) if caps else None


def _display(phrase: Phrase, text: str) -> str:
    """A role or group as it should be shown: without a leading article or a common-noun possessor."""
    tokens = phrase.tokens
    if len(tokens) > 2 and tokens[0].lower == "both" and tokens[1].lower == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[0].lower in ("the", "a", "an") and tokens[0].kind == "word":
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[0].possessive and not tokens[0].cap:
        tokens = tokens[1:]
    return text[tokens[0].start:tokens[-1].end]


_COMPANY_WORDS = frozenset(
    "company firm group retailer chain maker manufacturer airline carrier bank insurer lender developer startup "
    "conglomerate brand operator provider publisher business giant multinational app platform".split()
)
_PUBLIC_BODY_WORDS = frozenset(
    "ministry department agency office bureau service commission committee council board authority "
    "inspectorate government administration police court parliament army military".split()
)


_SORT_WORDS = {
    "public": _PUBLIC_BODY_WORDS | {"inspectorate", "regulator", "watchdog"},
    "labour": frozenset("union unions association federation congress confederation guild".split()),
    "company": _COMPANY_WORDS | frozenset("inc inc. corp corp. ltd ltd. plc llc holdings partners pharma".split()),
    "media": lx.NEWSPAPER_WORDS | frozenset("broadcaster newspaper paper magazine channel radio television tv".split()),
}
_SORTS = {word: sort for sort, words in _SORT_WORDS.items() for word in words if word in lx.ORG_NOUNS}


def _sort_of(entity: Entity) -> str:
    words = entity.keys | entity.descriptors
    for sort in ("labour", "media", "public", "company"):
        if words & _SORT_WORDS[sort]:
            return sort
    return ""


def _fits(phrase: Phrase, entity: Entity) -> bool:
    heads = {phrase.head, *lx.ORG_SYNONYMS.get(phrase.head, ())}
    if heads & entity.keys or heads & entity.descriptors:
        return True
    return phrase.head in _COMPANY_WORDS and bool(entity.descriptors & _COMPANY_WORDS)


def _match_org(phrase: Phrase, modifiers: list[str], orgs: list[Entity]) -> Entity | None:
    for entity in orgs:
        if _fits(phrase, entity) and (not modifiers or set(modifiers) & (entity.keys | entity.descriptors)):
            return entity
    return None

