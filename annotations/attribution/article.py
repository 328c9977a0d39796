"""One article, read once: its sentences, quotations, names, and who said each sentence.

Every sentence is attributed in text order, so that a pronoun or a role
("he", "the ministry") can be resolved against what came before it:

1. cues in the sentence outside quotation marks: a verb of saying with its
   subject ("Kim said", "the ministry told reporters", "said Kim"), a source
   ("according to KCNA", "as reported by state media", "a report by X
   found"), a participle hanging on the main clause ("..., saying ...");
   the main clause wins over a subordinate one ("While Russia claimed ...,
   Ukraine maintains ...");
2. otherwise, a sentence that is mostly quotation takes its quotation's
   speaker: the attribution after the closing mark or before the opening one,
   or, for a quotation with none, the speaker of the quotation or sentence
   before it in the paragraph (or at the end of the paragraph before);
3. otherwise the sentence is the publication's own statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotations.splitting.segment import line_spans, sentence_spans

from . import lexicon as lx
from .entities import Entity, Registry, classify, gender_of, name_chunks
from .phrases import Phrase, after, before, describe, is_speech_verb, leading, skip_back
from .tokens import CLOSE_QUOTES, OPEN_QUOTES, Token, mask_quotes, quote_spans, tokenize

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
_GENERIC_MODIFIERS = frozenset(
    "national regional provincial local state federal official new senior top main central country's "
    "city's government's".split()
)


@dataclass
class Finding:
    """Who made one sentence's claim."""

    claimant: str = ""
    kind: str = "unknown"
    evidence: list[tuple[int, int]] = field(default_factory=list)
    own: bool = False
    cue: str = ""
    via: str = ""
    entity: Entity | None = None


@dataclass
class Cue:
    kind: str  # speech, inverted, participle, source, passive, colon
    segments: list[list[Token]]
    verb: int
    subordinate: bool = False
    negated: bool = False


class Article:
    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = list(line_spans(text))
        self.sentences: list[tuple[int, int, int]] = []
        for index, (start, end) in enumerate(self.paragraphs):
            self.sentences += [(s, e, index) for s, e in sentence_spans(text, start, end)]
        self.quotes = quote_spans(text, self.paragraphs)
        self.masked = mask_quotes(text, self.quotes)
        self.tokens = [tokenize(self.masked, s, e) for s, e, _ in self.sentences]
        self.title_case = [self._is_title_case(i) for i in range(len(self.sentences))]
        self.registry = Registry()
        self._find_names()
        self.findings: list[Finding | None] = [None] * len(self.sentences)
        for index in range(len(self.sentences)):
            self.findings[index] = self._from_cues(index)
        self.quote_speakers = self._quote_speakers()
        for index in range(len(self.sentences)):
            if self.findings[index] is None:
                self.findings[index] = self._from_quotes(index) or Finding(own=True, cue="own")

    # --- layout --------------------------------------------------------------------------------------

    def sentence_at(self, position: int) -> int:
        """Index of the sentence holding ``position`` (or the nearest one before it)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid][0] <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _is_headline(self, index: int) -> bool:
        start, end, paragraph = self.sentences[index]
        p_start, p_end = self.paragraphs[paragraph]
        return start == p_start and end == p_end and self.text[end - 1] not in ".!?”’\":;,"

    def _is_title_case(self, index: int) -> bool:
        if not self._is_headline(index):
            return False
        words = [t for t in self.tokens[index] if t.kind == "word" and len(t.text) > 3]
        return len(words) >= 3 and sum(t.cap for t in words) >= 0.7 * len(words)

    # --- names ---------------------------------------------------------------------------------------

    def _find_names(self) -> None:
        lower_words = set(re.findall(r"\b[a-z][a-z’'-]*\b", self.masked))
        pending: list[tuple[Phrase, str, int]] = []
        for index, tokens in enumerate(self.tokens):
            if self.title_case[index]:
                continue
            for first, last in name_chunks(tokens, lower_words):
                phrase, kind = classify(tokens, first, last, self.text)
                if phrase is None or phrase.kind != "name" or not phrase.name_tokens:
                    continue
                if kind in ("place", "unknown") or self._is_headline(index):
                    continue  # found again if they speak; a headline's capitals say little
                pending.append((phrase, kind, index))
        # Full names first, so that a short form anywhere (a headline's "Kim") finds its full name.
        for phrase, kind, index in sorted(pending, key=lambda p: -len(p[0].name_tokens)):
            self._register(phrase, kind, index)
        self._learn_genders()
        self.registry.sorted()

    def _register(self, phrase: Phrase, kind: str, index: int) -> None:
        registry = self.registry
        entity = registry.find_name(phrase.text)
        if entity is None or (kind == "person" and entity.kind == "organization" and len(phrase.name_tokens) > 1):
            entity = registry.new(_kind_of(kind, phrase), phrase.text)
        elif kind == "person" and entity.kind != "person" and not entity.acronym:
            entity.kind = "person"
        entity.add_name(phrase.text)
        entity.descriptors |= set(phrase.titles) | set(phrase.descriptors)
        entity.gender = entity.gender or gender_of(phrase)
        entity.strong = entity.strong or kind == "person"
        acronym = _trailing_acronym(self.text, phrase)
        if acronym:
            entity.acronym = acronym
        start = phrase.name_tokens[0].start
        end = phrase.name_tokens[-1].end
        registry.add_mention(entity, start, end, index)

    def _learn_genders(self) -> None:
        """"he"/"his" and "she"/"her" in a sentence about one person only, and in the next one."""
        by_sentence: dict[int, set[Entity]] = {}
        for mention in self.registry.mentions:
            if mention.entity.kind == "person":
                by_sentence.setdefault(mention.sentence, set()).add(mention.entity)
        for index, people in by_sentence.items():
            if len(people) != 1:
                continue
            person = next(iter(people))
            for k in (index, index + 1):
                if k >= len(self.sentences) or (k != index and by_sentence.get(k)):
                    continue
                s, e, _ = self.sentences[k]
                words = re.findall(r"\b(?:he|his|him|she|her|hers)\b", self.text[s:e].lower())
                person.he += sum(w in ("he", "his", "him") for w in words)
                person.she += sum(w in ("she", "her", "hers") for w in words)
        for entity in self.registry.entities:
            if not entity.gender and entity.he != entity.she:
                entity.gender = "m" if entity.he > entity.she else "f"

    # --- cues ----------------------------------------------------------------------------------------

    def cues(self, index: int) -> list[Cue]:
        tokens = self.tokens[index]
        title_case = self.title_case[index]
        found: list[Cue] = []
        colon = self._colon_headline(index)
        if colon:
            found.append(colon)
        for i, token in enumerate(tokens):
            word = token.lower
            if word == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
                found.append(Cue("source", after(tokens, i + 2), i))
            elif word == "by" and i > 0 and (tokens[i - 1].lower in lx.SPEECH_FORMS or i > 1 and tokens[i - 2].lower
                                             == "as" and tokens[i - 1].lower in _SOURCE_VERBS):
                cue = self._by_agent(tokens, i)
                if cue:
                    found.append(cue)
            elif is_speech_verb(tokens, i, title_case):
                cue = self._verb_cue(tokens, i, title_case)
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
            cue.subordinate = cue.subordinate or self._subordinate(tokens, cue)
        return found

    def _colon_headline(self, index: int) -> Cue | None:
        tokens = self.tokens[index]
        if not self._is_headline(index):
            return None
        for k, token in enumerate(tokens[:5]):
            if token.text == ":" and k > 0 and any(t.kind == "word" for t in tokens[:k]):
                return Cue("colon", [tokens[:k]], k)  # "Police: suspect fled on foot"
        start, end, _ = self.sentences[index]
        colon = self.masked.find(":", start, end)
        if colon > 0 and any(q_start == start and q_end <= colon + 1 for q_start, q_end in self.quotes):
            rest = [t for t in tokens if t.start > colon]
            name = rest[:next((k for k, t in enumerate(rest) if not t.cap), len(rest))]
            if 0 < len(name) <= 4:
                return Cue("colon", [name], tokens.index(name[0]))  # "‘We will not back down’: Zelensky defiant"
        return None

    def _by_agent(self, tokens: list[Token], i: int) -> Cue | None:
        verb = tokens[i - 1]
        if i >= 2 and tokens[i - 2].lower == "as":
            return Cue("source", after(tokens, i + 1), i)
        if i >= 2 and tokens[i - 2].lower in _BE and verb.lower.endswith(("ed", "ld", "wn", "ht", "nd")):
            if verb.lower == "quoted":
                return Cue("source", after(tokens, i + 1), i)
            return Cue("speech", after(tokens, i + 1), i)
        return None

    def _verb_cue(self, tokens: list[Token], i: int, title_case: bool) -> Cue | None:
        verb = tokens[i]
        word = verb.lower
        prev = tokens[i - 1] if i > 0 else None
        if i + 1 < len(tokens) and tokens[i + 1].lower == "by":
            return None  # "reported by X": the agent is handled at "by"
        if prev is not None and prev.lower in _BE and not title_case:
            return self._passive(tokens, i)
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
        if any(describe(s, self.text) for s in segments):
            return Cue("speech", segments, i, negated=negated)
        if word in _INVERTING and (j < 0 or tokens[j].text in ",”’\"" or tokens[j].text in CLOSE_QUOTES):
            return Cue("inverted", after(tokens, i + 1), i)
        return None

    def _passive(self, tokens: list[Token], i: int) -> Cue | None:
        word = tokens[i].lower
        if word == "quoted" and i + 2 < len(tokens) and tokens[i + 1].lower in ("as", "by"):
            # "Kim was quoted (by KCNA) as saying": Kim speaks; KCNA is found as a source at "by".
            j, negated = skip_back(tokens, i)
            return Cue("speech", before(tokens, j), i, negated=negated)
        if word in _PASSIVE_UNKNOWN and i + 1 < len(tokens) and tokens[i + 1].lower in ("as", "to", "that"):
            return Cue("passive", [], i)
        return None

    def _subordinate(self, tokens: list[Token], cue: Cue) -> bool:
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

    # --- from cues to a finding -----------------------------------------------------------------------

    def _from_cues(self, index: int) -> Finding | None:
        """The first main-clause speaker that resolves; else a source; else an agentless passive.

        Only the cues that are used are resolved, so the subject of a verb inside what someone said
        ("Mr X said his group had proposed ...") never enters the article's entities."""
        cues = self.cues(index)
        for cue in cues:
            if cue.kind not in ("speech", "inverted", "participle", "colon") or cue.subordinate:
                continue
            if cue.negated:
                return Finding(own=True, cue="negated")
            finding = self._resolve_cue(cue, index)
            if finding is None:
                continue
            finding.via = self._via(cues, index, finding)
            self._remember(finding, index)
            return finding
        for cue in cues:
            if cue.kind == "source":
                finding = self._resolve_cue(cue, index)
                if finding is not None:
                    self._remember(finding, index)
                    return finding
        if any(cue.kind == "passive" for cue in cues):
            return Finding(cue="passive")
        return None

    def _via(self, cues: list[Cue], index: int, finding: Finding) -> str:
        for cue in cues:
            if cue.kind == "source":
                source = self._resolve_cue(cue, index)
                if source is not None and source.claimant and source.claimant != finding.claimant:
                    return source.claimant
        return ""

    def _remember(self, finding: Finding, index: int) -> None:
        if finding.entity is not None and finding.evidence:
            start, end = finding.evidence[0]
            if (start, end) not in self.registry.by_span:
                self.registry.add_mention(finding.entity, start, end, index)
                self.registry.sorted()

    def _resolve_cue(self, cue: Cue, index: int) -> Finding | None:
        if cue.kind == "passive":
            return Finding(cue="passive")
        led_by = next((s for s in cue.segments if s and s[0].lower == "led"), None)
        phrases = [p for p in (describe(s, self.text) for s in cue.segments if s is not led_by) if p is not None]
        phrase = _pick(phrases)
        if phrase is None:
            return None
        finding = self.resolve(phrase, index)
        if finding is None:
            return None
        if led_by is not None and finding.kind == "group" and " led by " not in finding.claimant:
            leader = _led_by(led_by, self.text)
            person = self.resolve(leader, index) if leader else None
            if person is not None and person.claimant:
                finding.claimant = f"{finding.claimant} led by {person.claimant}"
        finding.cue = cue.kind
        return finding

    # --- resolution ----------------------------------------------------------------------------------

    def resolve(self, phrase: Phrase, index: int) -> Finding | None:
        span = (phrase.start, phrase.end)
        if phrase.kind == "pronoun":
            entity = self._pronoun(phrase, index)
            # Someone spoke, but the article never says who: attributed, to nobody known.
            return self._finding(entity, span) if entity else Finding("", "unknown", [span])
        if phrase.kind == "name":
            return self._finding(self._name(phrase, index), span)
        if phrase.kind == "proxy":
            target = self.resolve(phrase.target, index) if phrase.target else None
            if target is not None:
                target.evidence = [span] + target.evidence[1:]
            return target
        if phrase.kind == "document":
            return self._document(phrase, index, span)
        if phrase.kind == "group":
            return self._group(phrase, index, span)
        if phrase.kind == "role":
            return self._finding(self._role(phrase, index), span)
        return None

    def _finding(self, entity: Entity | None, span: tuple[int, int]) -> Finding | None:
        if entity is None:
            return None
        if entity.kind == "person":
            entity.strong = True  # it speaks
        evidence = [span]
        full = next((m for m in self.registry.mentions if m.entity is entity
                     and self.text[m.start:m.end] == entity.name), None)
        if full is not None and (full.start, full.end) != span:
            evidence.append((full.start, full.end))
        return Finding(entity.name, entity.kind, evidence, entity=entity)

    def _pronoun(self, phrase: Phrase, index: int) -> Entity | None:
        word = phrase.head
        sentences = [(s, e) for s, e, _ in self.sentences]
        if word in ("he", "she"):
            gender = "m" if word == "he" else "f"
            persons = self.registry.persons_before(phrase.start, index, sentences)
            # A name with nothing that says "person" ("Band D") is taken only when no person is in sight.
            for entity in [p for p in persons if p.strong] + [p for p in persons if not p.strong]:
                if entity.gender in ("", gender):
                    return entity
            return None
        kinds = ("group", "organization") if word == "they" else ("organization",)
        candidates = self.registry.candidates(phrase.start, index, sentences, kinds)
        if word == "they":
            groups = [e for e in candidates if e.kind == "group"]
            candidates = groups or candidates
        return candidates[0] if candidates else None

    def _name(self, phrase: Phrase, index: int) -> Entity:
        registry = self.registry
        span = (phrase.name_tokens[0].start, phrase.name_tokens[-1].end)
        entity = registry.by_span.get(span) or registry.find_name(phrase.text)
        if entity is None:
            kind = "organization" if phrase.org_hint or (len(phrase.name_tokens) == 1 and not phrase.person_hint
                                                         and not self._pronoun_follows(phrase, index)) \
                else "person"
            entity = registry.new(kind, phrase.text)
            registry.add_mention(entity, span[0], span[1], index)
            registry.sorted()
        elif entity.kind == "unknown":
            entity.kind = "organization"
        return entity

    def _pronoun_follows(self, phrase: Phrase, index: int) -> bool:
        """"Trump posted that his tariffs ...": a lone name that "he" or "his" refers to is a person."""
        start, end, _ = self.sentences[index]
        rest = self.masked[phrase.end:end].lower()
        return bool(re.search(r"\b(?:he|his|him|she|her)\b", rest)) and not re.search(
            r"\b(?:its|it)\b", rest[:40])

    def _role(self, phrase: Phrase, index: int) -> Entity | None:
        if phrase.person_hint:
            return self._person_role(phrase, index)
        return self._org_role(phrase, index)

    def _person_role(self, phrase: Phrase, index: int) -> Entity:
        sentences = [(s, e) for s, e, _ in self.sentences]
        if phrase.definite and not (phrase.target is not None and phrase.target.kind == "name"):
            candidates = self.registry.persons_before(phrase.start, index, sentences)
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
        existing = self._unnamed(phrase, "person")
        return existing or self._new_unnamed(phrase, "person", index)

    def _org_role(self, phrase: Phrase, index: int) -> Entity:
        """"the ministry", "the country's competition authority", "the force": the body it names.

        Backwards first, the nearest that fits (a phrase with modifiers must share one with the
        name); forwards only when the modifiers say which ("Ireland's data protection regulator"
        before "The Data Protection Commission"), or from a headline."""
        modifiers = [m for m in phrase.modifiers if m not in _GENERIC_MODIFIERS]
        match = _match_org(phrase, modifiers, self._orgs_before(phrase.start, index))
        if match is None and (modifiers or self._is_headline(index)):
            later = [e for e in self.registry.after(phrase.end, ("organization",)) if e.named]
            match = _match_org(phrase, modifiers, later)
        if match is None and phrase.target is not None and phrase.target.kind == "role" and \
                phrase.head in _SUB_BODIES:
            # "the bank's monetary policy committee" speaks for the bank; "Newsom's office" stays itself.
            owner = self.resolve(phrase.target, index)
            if owner is not None and owner.entity is not None and owner.entity.kind == "organization" and \
                    owner.entity.named:
                return owner.entity
        if match is None and phrase.definite and not modifiers and phrase.head in _COMPANY_WORDS:
            match = next((e for e in self._orgs_before(phrase.start, index) if e.named
                          and not e.keys & _PUBLIC_BODY_WORDS), None)
        if match is not None:
            return match
        return self._unnamed(phrase, "organization") or self._new_unnamed(phrase, "organization", index)

    def _orgs_before(self, position: int, index: int) -> list[Entity]:
        sentences = [(s, e) for s, e, _ in self.sentences]
        return self.registry.candidates(position, index, sentences, ("organization",))

    def _unnamed(self, phrase: Phrase, kind: str) -> Entity | None:
        name = _display(phrase, self.text)
        for entity in reversed(self.registry.entities):
            if not entity.named and entity.kind == kind and entity.name.lower() == name.lower():
                return entity
        return None

    def _new_unnamed(self, phrase: Phrase, kind: str, index: int) -> Entity:
        entity = self.registry.new(kind, _display(phrase, self.text), named=False)
        entity.descriptors = {phrase.head, *phrase.modifiers}
        entity.keys = {phrase.head, *phrase.modifiers}
        self.registry.add_mention(entity, phrase.start, phrase.end, index)
        self.registry.sorted()
        return entity

    def _group(self, phrase: Phrase, index: int, span: tuple[int, int]) -> Finding | None:
        if phrase.members:
            names = []
            for member in phrase.members:
                resolved = self.resolve(member, index)
                if resolved is None or not resolved.claimant:
                    return None
                names.append(resolved.claimant)
            entity = self.registry.new("group", " and ".join(names))
            entity.descriptors = {"and"}
            self.registry.add_mention(entity, span[0], span[1], index)
            self.registry.sorted()
            return Finding(entity.name, "group", [span], entity=entity)
        sentences = [(s, e) for s, e, _ in self.sentences]
        if (phrase.definite or _PAIR.match(phrase.text)) and phrase.head in _PAIR_HEADS and set(
                phrase.modifiers) <= {"two", "both"}:
            # "the two leaders", "both sides": the pair just named together.
            for entity in self.registry.candidates(phrase.start, index, sentences, ("group",)):
                if "and" in entity.descriptors:
                    return self._finding(entity, span)
        if phrase.definite and not phrase.modifiers and phrase.target is None:
            heads = {phrase.head, *lx.ORG_SYNONYMS.get(phrase.head, ())}
            for entity in self.registry.candidates(phrase.start, index, sentences, ("group",)):
                if entity.descriptors & heads:
                    return self._finding(entity, span)
        entity = self._unnamed(phrase, "group") or self._new_unnamed(phrase, "group", index)
        return self._finding(entity, span)

    def _document(self, phrase: Phrase, index: int, span: tuple[int, int]) -> Finding:
        author = self.resolve(phrase.target, index) if phrase.target is not None else None
        if author is not None and author.claimant:
            if author.entity is not None:
                self.registry.documents[phrase.head] = author.entity
            author.evidence = [span] + author.evidence[1:]
            return author
        entity = None
        if phrase.definite:
            entity = self.registry.documents.get(phrase.head)
        if entity is None and phrase.head in lx.RESEARCH_DOCUMENTS:
            entity = self._research_team(phrase, index)
        if entity is not None:
            finding = self._finding(entity, span)
            if finding is not None:
                return finding
        return Finding("", "unknown", [span], cue="document")

    def _research_team(self, phrase: Phrase, index: int) -> Entity | None:
        teams = {"researchers", "scientists", "team", "authors"}
        sentences = [(s, e) for s, e, _ in self.sentences]
        for entity in self.registry.candidates(phrase.start, index, sentences, ("group",)):
            if entity.descriptors & teams:
                return entity
        for k in range(index + 1, min(index + 4, len(self.sentences))):
            for segments in [leading(self.tokens[k])]:
                led_by = next((s for s in segments if s and s[0].lower == "led"), None)
                phrases = [p for p in (describe(s, self.text) for s in segments if s is not led_by) if p is not None]
                group = next((p for p in phrases if p.kind == "group" and p.head in teams), None)
                if group is not None:
                    entity = self._unnamed(group, "group") or self._new_unnamed(group, "group", k)
                    if led_by is not None and " led by " not in entity.name:
                        leader = _led_by(led_by, self.text)
                        person = self.resolve(leader, k) if leader else None
                        if person is not None and person.claimant:
                            entity.name = f"{entity.name} led by {person.claimant}"
                    return entity
        return None

    # --- quotations ----------------------------------------------------------------------------------

    def _quote_speakers(self) -> list[Finding | None]:
        speakers: list[Finding | None] = []
        for q_index, (q_start, q_end) in enumerate(self.quotes):
            finding = self._quote_cue(q_start, q_end)
            if finding is None:
                finding = self._quote_before(q_index, speakers)
            speakers.append(finding)
        return speakers

    def _quote_cue(self, q_start: int, q_end: int) -> Finding | None:
        """The attribution in the sentence that closes the quotation, after it or just before it."""
        index = self.sentence_at(q_end - 1)
        finding = self.findings[index]
        s, e, _ = self.sentences[index]
        if finding is None or finding.own or not finding.evidence:
            return None
        cue_at = finding.evidence[0][0]
        closes_here = q_end <= e
        if closes_here and cue_at >= q_end - 1:
            return finding
        opened_here = q_start >= s
        if opened_here and cue_at < q_start:
            return finding
        return None

    def _quote_before(self, q_index: int, speakers: list[Finding | None]) -> Finding | None:
        """A quotation with no attribution of its own continues the speaker before it."""
        q_start, _ = self.quotes[q_index]
        index = self.sentence_at(q_start)
        paragraph = self.sentences[index][2]
        for k in range(index - 1, -1, -1):
            if self.sentences[k][2] < paragraph - 1:
                break
            if self.sentences[k][2] == paragraph - 1 and self._paragraph_start(index) != q_start:
                break
            finding = self.findings[k]
            if finding is not None and not finding.own and finding.claimant:
                return finding
            earlier = [sp for (qs, _), sp in zip(self.quotes, speakers, strict=False)
                       if sp is not None and self.sentences[k][0] <= qs < self.sentences[k][1]]
            if earlier:
                return earlier[-1]
        return None

    def _paragraph_start(self, index: int) -> int:
        start = self.paragraphs[self.sentences[index][2]][0]
        while start < len(self.text) and self.text[start] in " \t":
            start += 1
        return start

    def _from_quotes(self, index: int) -> Finding | None:
        s, e, _ = self.sentences[index]
        quoted = 0
        speaker = None
        for (q_start, q_end), finding in zip(self.quotes, self.quote_speakers, strict=True):
            lo, hi = max(s, q_start), min(e, q_end)
            if lo < hi:
                quoted += hi - lo
                speaker = speaker or finding
        if speaker is None:
            return None
        starts_quoted = self.text[s] in OPEN_QUOTES or any(q_start < s < q_end for q_start, q_end in self.quotes)
        if not starts_quoted and quoted < 0.5 * (e - s):
            return None
        return Finding(speaker.claimant, speaker.kind, list(speaker.evidence), cue="quote", via=speaker.via,
                       entity=speaker.entity)


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
_SUB_BODIES = frozenset("committee board office department council unit division panel commission".split())


def _forecast_follows(tokens: list[Token], i: int) -> bool:
    window = tokens[i + 1:i + 6]
    return bool(window) and window[0].lower in ("its", "their", "his", "her") and any(
        t.lower in _FORECAST_NOUNS for t in window[1:])


def _gender(word: str) -> str:
    return "f" if word in lx.FEMALE_NOUNS else "m" if word in lx.MALE_NOUNS else ""


def _kind_of(kind: str, phrase: Phrase) -> str:
    if kind in ("person", "person?"):
        return "person"
    if kind == "organization":
        return "organization"
    return "organization" if len(phrase.name_tokens) == 1 else "person"


def _trailing_acronym(text: str, phrase: Phrase) -> str:
    end = phrase.name_tokens[-1].end
    match = re.match(r"\s*\(([A-Z][A-Z.]{1,9})\)", text[end:end + 14])
    return match.group(1).replace(".", "") if match else ""


def _pick(phrases: list[Phrase]) -> Phrase | None:
    """Among the segments of "X, the head of Y," prefer the name, then anything that can speak."""
    if not phrases:
        return None
    for phrase in phrases:
        if phrase.kind == "name" and len(phrase.name_tokens) == len(
                [t for t in phrase.tokens if t.cap or t.lower in lx.NAME_JOINERS]):
            return phrase
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
