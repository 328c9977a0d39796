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

import bisect
import re

from annotations.splitting.segment import line_spans, sentence_spans

from .cues import Cue, find_cues
from .entities import Entity, Registry, classify, gender_of, name_chunks
from .findings import Finding
from .phrases import Phrase
from .resolve import resolve_cue
from .tokens import OPEN_QUOTES, mask_quotes, quote_spans, tokenize

__all__ = ["Article", "Finding"]

_IN_A_DOCUMENT = re.compile(
    r"\b(?:in|In) (?:a|an|its|his|her|their|the) (?:\w+ ){0,2}?(statement|letter|report|post|memo|filing|"
    r"message|note|interview|speech|briefing|notice|release)\b"
)
_LOWER_CASE_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
_PERSONAL_PRONOUN = re.compile(r"\b(?:he|his|him|she|her|hers)\b")
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(([A-Z][A-Z.]{1,9})\)")


class Article:
    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = list(line_spans(text))
        self.sentences: list[tuple[int, int, int]] = []
        for index, (start, end) in enumerate(self.paragraphs):
            self.sentences += [(s, e, index) for s, e in sentence_spans(text, start, end)]
        self.quotes = quote_spans(text, self.paragraphs)
        # Quotations never overlap, so their ends are in text order too: a sentence finds the ones it
        # holds by bisection, not by a scan of all of them.
        self._quote_starts = [q_start for q_start, _ in self.quotes]
        self._quote_ends = [q_end for _, q_end in self.quotes]
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

    def is_headline(self, index: int) -> bool:
        start, end, paragraph = self.sentences[index]
        p_start, p_end = self.paragraphs[paragraph]
        return start == p_start and end == p_end and self.text[end - 1] not in ".!?”’\":;,"

    def _is_title_case(self, index: int) -> bool:
        if not self.is_headline(index):
            return False
        words = [t for t in self.tokens[index] if t.kind == "word" and len(t.text) > 3]
        return len(words) >= 3 and sum(t.cap for t in words) >= 0.7 * len(words)

    # --- names ---------------------------------------------------------------------------------------

    def _find_names(self) -> None:
        lower_words = set(_LOWER_CASE_WORD.findall(self.masked))
        pending: list[tuple[Phrase, str, int]] = []
        for index, tokens in enumerate(self.tokens):
            if self.is_headline(index):
                continue  # a headline's capitals say little; its names are found again if they speak
            for first, last in name_chunks(tokens, lower_words):
                phrase, kind = classify(tokens, first, last, self.text)
                if phrase is None or phrase.kind != "name" or not phrase.name_tokens:
                    continue
                if kind in ("place", "unknown"):
                    continue  # found again if they speak
                pending.append((phrase, kind, index))
        # Full names first, so that a short form anywhere (a headline's "Kim") finds its full name.
        for phrase, kind, index in sorted(pending, key=lambda p: -len(p[0].name_tokens)):
            self._register(phrase, kind, index)
        self._learn_genders()

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
                words = _PERSONAL_PRONOUN.findall(self.text[s:e].lower())
                person.he += sum(w in ("he", "his", "him") for w in words)
                person.she += sum(w in ("she", "her", "hers") for w in words)
        for entity in self.registry.entities:
            if not entity.gender and entity.he != entity.she:
                entity.gender = "m" if entity.he > entity.she else "f"

    # --- from cues to a finding -----------------------------------------------------------------------

    def _from_cues(self, index: int) -> Finding | None:
        """The first main-clause speaker that resolves; else a source; else an agentless passive.

        Only the cues that are used are resolved, so the subject of a verb inside what someone said
        ("Mr X said his group had proposed ...") never enters the article's entities."""
        cues = find_cues(self, index)
        for cue in cues:
            if cue.kind not in ("speech", "inverted", "participle", "colon") or cue.subordinate:
                continue
            if cue.negated:
                return Finding(own=True, cue="negated")
            finding = resolve_cue(self, cue, index)
            if finding is None:
                continue
            finding.via = self._via(cues, index, finding)
            self._remember(finding, index)
            return finding
        for cue in cues:
            if cue.kind == "source":
                finding = resolve_cue(self, cue, index)
                if finding is not None:
                    self._remember(finding, index)
                    return finding
        if any(cue.kind == "passive" for cue in cues):
            return Finding(cue="passive")
        return None

    def _via(self, cues: list[Cue], index: int, finding: Finding) -> str:
        for cue in cues:
            if cue.kind == "source":
                source = resolve_cue(self, cue, index)
                if source is not None and source.claimant and source.claimant != finding.claimant:
                    return source.claimant
        return ""

    def _remember(self, finding: Finding, index: int) -> None:
        """The speaker is now the most recent mention of its entity, and the author of any document
        the sentence names ("said in a statement": "the statement" later is theirs)."""
        if finding.entity is None or not finding.evidence:
            return
        start, end = finding.evidence[0]
        if (start, end) not in self.registry.by_span:
            self.registry.add_mention(finding.entity, start, end, index)
        s, e, _ = self.sentences[index]
        for match in _IN_A_DOCUMENT.finditer(self.masked, s, e):
            self.registry.documents[match.group(1).lower()] = finding.entity

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
        # The quotations that end after the sentence starts and start before it ends.
        near = slice(bisect.bisect_right(self._quote_ends, s), bisect.bisect_left(self._quote_starts, e))
        for (q_start, q_end), finding in zip(self.quotes[near], self.quote_speakers[near], strict=True):
            lo, hi = max(s, q_start), min(e, q_end)
            if lo < hi:
                quoted += hi - lo
                speaker = speaker or finding
        if speaker is None:
            return None
        starts_quoted = self.text[s] in OPEN_QUOTES or any(q_start < s < q_end for q_start, q_end in self.quotes[near])
        if not starts_quoted and quoted < 0.5 * (e - s):
            return None
        return Finding(speaker.claimant, speaker.kind, list(speaker.evidence), cue="quote", via=speaker.via,
                       entity=speaker.entity)


def _kind_of(kind: str, phrase: Phrase) -> str:
    if kind in ("person", "person?"):
        return "person"
    if kind == "organization":
        return "organization"
    return "organization" if len(phrase.name_tokens) == 1 else "person"


def _trailing_acronym(text: str, phrase: Phrase) -> str:
    end = phrase.name_tokens[-1].end
    match = _ACRONYM_IN_BRACKETS.match(text[end:end + 14])
    return match.group(1).replace(".", "") if match else ""


