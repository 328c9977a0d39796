"""Line-aware sentence segmentation with exact offsets.

Lines first: headlines, captions and page chrome sit on their own lines, and
no candidate may cross a line break. Inside a line a single regular-expression
pass finds terminator clusters, and a few rules (abbreviations, initials,
ellipses, quotations followed by their attribution, numbered lists) decide
which of them end a sentence. This was chosen over pysbd, sentencex,
blingfire, syntok and Punkt by measurement; see docs/splitting.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Every character str.splitlines() treats as a line break.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

# A run of terminators (a spaced ". . ." counts as one run), its closing
# quotes/brackets, then the whitespace that must follow a boundary.
_CLUSTER = re.compile(r"[.!?…](?: ?[.!?…])*[\"'”’»)\]]*(?=\s)")
_OPENERS = "\"'“‘«([¿¡"
CLOSERS = "\"'”’»)]"
_QUOTES = tuple("\"'”’»")

# Never end a sentence: titles and other words that precede what they modify.
_PREPOSITIVE = frozenset(
    "mr mrs ms mx dr prof gen col lt sgt capt cmdr cpl adm maj brig gov sen rep rev hon "
    "st mt ft pres supt det insp messrs mme mlle sr sra fr pvt amb atty rt "
    "vs v fig figs sec art op vol ch pt no nos n° nr approx ca cf pp p ed eds".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# End a sentence only when a typical sentence opener follows.
_POSTPOSITIVE = frozenset("inc ltd co corp jr sr bros llc plc al ave blvd rd esq".split())
_ARTICLES_AND_PRONOUNS = frozenset("a an the he she it they we i his her its their this these those".split())
_OPENER_WORDS = frozenset(
    "a an the he she it they we i you his her its their our my this that these those there "
    "how what why when where who which but and or so yet if in on at as for from by with "
    "after before while meanwhile however also then still now mr mrs ms dr".split()
)
_MULTI_PERIOD = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?$")
# Dotted abbreviations that can end a sentence; other dotted words are initials
# ("J.D. Vance said"), which a name always follows.
_DOTTED_FINAL = frozenset("u.s u.k u.n e.u d.c a.m p.m u.s.a n.y l.a n.j".split())
# Words that follow "U.S.", "U.N.", "Inc." and the like inside one noun phrase:
# titles and institutions ("U.S. Central Command said", "Apple Inc. Chief
# Executive Tim Cook"). A capitalised run holding one of them is not a new sentence.
_NOUN_PHRASE_HEADS = frozenset(
    "president vice prime minister ministry secretary ambassador envoy attorney general judge justice "
    "magistrate senator sen rep representative congressman congresswoman gov governor mayor chief "
    "executive officer chairman chairwoman chair ceo cfo director commissioner adviser advisor "
    "spokesman spokeswoman spokesperson deputy acting assistant undersecretary gen adm lt col maj capt "
    "sgt cmdr commander admiral colonel captain sergeant marshal marshals trade treasury state defense "
    "defence homeland commerce labor energy health education interior agriculture transportation "
    "veterans foreign home supreme district circuit appeals court federal fed reserve command forces "
    "force army navy air marine marines corps coast guard naval military capitol police census bureau "
    "customs immigration border patrol postal service survey administration agency department office "
    "embassy consulate mission senate house congress government parliament cabinet council security "
    "committee commission chamber conference olympic open soccer steel bank bancorp airways cellular "
    "securities intelligence centers institute institutes academy mint team cup dollar constitution "
    "party authority fund foundation school schools university college library museum hospital center "
    "centre memorial boulevard park airport station bridge stadium association union united league "
    "federation organization organisation board network company corporation exchange programme program "
    "coalition alliance caucus delegation inc corp co ltd llc plc group holdings".split()
)
# A finite verb right after a capitalised run: "Russia called", "Results are".
_FINITE = frozenset(
    "is are was were has have had will would could should can may might must did does do said says say "
    "told tells wants plans denies insists warns argues claims remains expects hopes seeks faces "
    "fell rose made took went came gave won lost left met held paid sold bought set put hit cut led saw "
    "began grew ran spoke wrote struck sought brought thought became fought kept sent spent built found "
    "stood knew got felt broke drove chose threw shot fled flew".split()
)
_POSSESSIVE = re.compile(r"[’']s?$")
_INTRODUCTORY = frozenset("at by before after until till from since around about near shortly".split())
_SPEECH_VERBS = (
    r"said|says|told|added|stated|asked|wrote|replied|declared|insisted|warned|noted|"
    r"explained|tweeted|posted|argued|claimed|continued|announced|responded|recalled|"
    r"cautioned|conceded|admitted|acknowledged|emphasized|emphasised|stressed|quipped|"
    r"shouted|yelled|screamed|cried|exclaimed|demanded|wondered|chanted|pleaded|roared|"
    r"whispered|interjected|joked|countered|observed|remarked|concluded|maintained|vowed|promised"
)
# After a question or an exclamation in quotes, verbs of manner take the rest
# of the sentence with them ("“Get down!” Molina shouted as the shots rang out").
_MANNER_VERBS = frozenset(
    "asked shouted yelled screamed cried exclaimed demanded wondered chanted pleaded roared "
    "whispered interjected joked quipped declared".split()
)
# The speaker of an attribution after a closing quote: a pronoun, a determiner
# and a few words ("The foreign minister"), or a capitalised run ("Gov. Mark Delaney").
_SPEAKER = (
    r"(?:He|She|They|We|I|It"
    r"|(?:The|A|An|His|Her|Their|Its|Our|One|Another)(?:\s+(?!(?:is|are|was|were|has|had|have|will|would)\b)"
    r"(?![\w’'.-]*ed\b)[\w’'.-]+){1,4}?"
    r"|[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,4})"
)
_ATTRIBUTION = re.compile(rf"{_SPEAKER}\s+(?:(?:later|then|also)\s+)?(?P<verb>{_SPEECH_VERBS})\b")
# What may follow the verb in an attribution that ends the sentence: when, where,
# to whom and in what ("Lindqvist told reporters in Brussels on Monday."). Anything
# else after a full stop in quotes is a reported clause, so a new sentence.
_ATTRIBUTION_TAIL = frozenset(
    "on in at to during after before from with via through for of outside inside near late early earlier "
    "later last this next a an the his her their its our reporters journalists lawmakers legislators "
    "supporters crowd audience statement interview news conference briefing press release speech address "
    "post video message email phone telephone call television radio broadcast hearing meeting rally summit "
    "session event ceremony gathering day week month year morning afternoon evening night today yesterday "
    "tonight local prepared written televised joint brief separate social media platform website online "
    "letter court parliament committee panel board council podcast show appearance visit also again".split()
)
_LIST_MARKERS = (
    re.compile(r"(\d{1,3})\.\)(?=\s)"),
    re.compile(r"(\d{1,3})\)(?=\s)"),
    re.compile(r"(?:•\s?)?(\d{1,3})\.(?=\s)"),
    re.compile(r"⁃(\d{1,3})\.(?=\s)"),
    re.compile(r"([a-z])\.(?=\s)"),
)


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line, trimmed of surrounding whitespace."""
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, which must hold no line break."""
    end = len(text) if end is None else end
    line = text[start:end]
    starts = _sentence_starts(line)
    bounds = [*starts, len(line)]
    spans = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        while right > left and line[right - 1].isspace():
            right -= 1
        if right > left:
            spans.append((start + left, start + right))
    return spans


def split_sentences(text: str) -> list[str]:
    """Convenience for evaluation: the sentences of ``text``, line-aware."""
    return [text[s:e] for ls, le in line_spans(text) for s, e in sentence_spans(text, ls, le)]


def _sentence_starts(line: str) -> list[int]:
    starts = {0}
    list_marker_ends = set()
    for marker_start, marker_end in _list_items(line):
        starts.add(marker_start)
        list_marker_ends.add(marker_end)
    current = 0
    for match in _CLUSTER.finditer(line):
        if match.end() in list_marker_ends:
            continue
        boundary = _boundary_after(line, match, current)
        if boundary is not None:
            nxt = boundary
            while nxt < len(line) and line[nxt].isspace():
                nxt += 1
            if nxt < len(line):
                starts.add(nxt)
                current = nxt
    return sorted(starts)


def _boundary_after(line: str, match: re.Match, sentence_start: int) -> int | None:
    """Where the sentence ends if this terminator cluster ends one, else None."""
    cluster = match.group().rstrip(CLOSERS)
    before = line[: match.start()]
    after = line[match.end():].lstrip()
    if not after or before.endswith("["):
        return None
    dots = cluster.count(".") + 3 * cluster.count("…")
    if dots >= 3 and not any(c in cluster for c in "!?"):
        return _ellipsis_boundary(line, match, cluster, dots, after)
    if not _opens_sentence(after):
        return None
    if match.group().endswith(_QUOTES):
        # Terminators inside a closing quote end the quoted sentence, an
        # abbreviation's full stop included; only an attribution continues it.
        return None if _attribution(after, cluster) else match.end()
    if cluster[0] == "." and len(cluster) == 1 and not _period_ends(before, after, sentence_start):
        return None
    return match.end()


def _ellipsis_boundary(line, match, cluster, dots, after) -> int | None:
    # A three-dot ellipsis marks an omission, not an end; four dots are an
    # ellipsis plus a full stop. "word. . . . Next": the period on the word ends
    # the sentence and the spaced ellipsis opens the next one.
    if dots < 4 or not after[:1].isupper():
        return None
    attached = match.start() > 0 and not line[match.start() - 1].isspace()
    if attached and cluster.startswith(". "):
        return match.start() + 1
    return match.end()


def _opens_sentence(after: str) -> bool:
    first = after.lstrip(_OPENERS)[:1]
    return first.isupper() or first.isdigit() or (first == "" and after[:1] in _OPENERS)


def _period_ends(before: str, after: str, sentence_start: int) -> bool:
    """Decide a single full stop followed by a capital or digit."""
    word = before.rsplit(None, 1)[-1].lstrip(_OPENERS) if before.strip() else ""
    key = word.lower()
    next_word = re.match(r"[\w’'-]*", after.lstrip(_OPENERS)).group()
    starter = next_word.lower() in _OPENER_WORDS
    if key == "st":
        # "St. Louis", "St. Paul wrote"; only a pronoun or article ends "Grand St."
        return next_word.lower() in _ARTICLES_AND_PRONOUNS
    if key in _PREPOSITIVE:
        return False
    if key in _MONTHS:
        return not next_word[:1].isdigit()
    if key == "etc":
        return True
    if key in _POSTPOSITIVE or key in _DOTTED_FINAL:
        if _introductory(before[sentence_start:]):
            return False
        return starter or (not _title_before(before) and _starts_clause(after))
    if len(word) == 1 and word.isalpha():
        return _single_letter_ends(word, before)
    if _MULTI_PERIOD.match(word):
        return starter
    return True


def _introductory(sentence: str) -> bool:
    # "At 5 a.m. Mr. Smith went": a phrase of time or place that has not reached
    # its verb yet is not a sentence, whatever follows it.
    words = sentence.split()
    return len(words) <= 4 and words[0].lower() in _INTRODUCTORY


def _title_before(before: str) -> bool:
    # "Ambassador to the U.N. Mike Waltz said": the name after the abbreviation
    # belongs to a title just before it.
    return any(word[:1].isupper() and word.lower() in _NOUN_PHRASE_HEADS for word in before.split()[-4:-1])


def _starts_clause(after: str) -> bool:
    """Whether the words after a sentence-final abbreviation open a sentence of their own.

    They do when a capitalised run that is no title or institution ("Russia",
    "European", "Ford") is followed by its verb, at most two words on ("Russia
    called", "European regulators are"), or is a possessive ("Ukraine's foreign
    minister"); "U.S. President Trump said" and "the U.S. Senate voted" are one
    noun phrase.
    """
    words = after.split(None, 8)[:8]
    run = 0
    while run < len(words) and words[run][:1].isupper() and words[run][-1] not in ",;:":
        run += 1
    if not run or any(part in _NOUN_PHRASE_HEADS for word in words[:run]
                      for part in _POSSESSIVE.sub("", word.rstrip(".")).lower().split("-")):
        return False
    if words[run - 1].endswith(("’s", "'s")):
        return True
    for word in words[run:run + 3]:
        verb = word.rstrip(".,;:").lower()
        if verb in _FINITE or (verb.endswith("ed") and len(verb) > 4):
            return True
        if not verb.isalpha() or verb != word:
            return False
    return False


def _attribution(after: str, terminators: str) -> bool:
    """Whether what follows a closing quote is its attribution ("Kovacs said.").

    After "?" or "!" a manner verb ("shouted", "asked") may take anything after
    it; otherwise the verb may be followed only by when, where or to whom, up to
    a full stop or a comma, else it reports a new clause ("Kim said the talks
    had failed."). A comma and a new quoted sentence ("He stated, “I express")
    start a sentence either way.
    """
    match = _ATTRIBUTION.match(after)
    if not match:
        return False
    rest = after[match.end():]
    tail = re.match(r"[^.,;:!?“”\"«»]*", rest).group()
    stop = rest[len(tail):len(tail) + 1]
    if stop in (",", ":") and _opens_quoted_sentence(rest[len(tail) + 1:]):
        return False
    if match.group("verb") in _MANNER_VERBS and terminators[-1] in "?!":
        return True
    words = tail.split()
    return len(words) <= 12 and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _ATTRIBUTION_TAIL for w in words)


def _opens_quoted_sentence(text: str) -> bool:
    text = text.lstrip()
    return text[:1] in "\"“‘'«" and text[1:2].isupper()


def _single_letter_ends(letter: str, before: str) -> bool:
    # "Jonas E. Smith" is an initial; "you and I. Did" ends a sentence.
    if letter != "I":
        return False
    previous = before.rstrip()[:-1].rsplit(None, 1)
    return bool(previous) and previous[-1][:1].islower()


def _list_items(line: str) -> list[tuple[int, int]]:
    """(start, end) of each list marker after the first, if the line is a list."""
    for pattern in _LIST_MARKERS:
        first = pattern.match(line)
        if not first:
            continue
        expected = _successor(first.group(1))
        items = []
        for match in pattern.finditer(line, first.end()):
            if match.group(1) != expected or not line[match.start() - 1].isspace():
                continue
            items.append(match.span())
            expected = _successor(expected)
        if items:
            return [(first.start(), first.end()), *items]
    return []


def _successor(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
