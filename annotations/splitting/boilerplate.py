"""Recognise lines that are page furniture rather than article text.

Scrapers keep navigation, share buttons, image captions, related-article
links, source credits, comment forms and end markers. Each is recognised as a
whole line by the shape such lines take across sites, not by the wording of
one site, so a new site's chrome is caught as long as it looks like chrome.
Links to other stories look like headlines; ``furniture`` tells them apart by
the list header they stand under.
"""

from __future__ import annotations

import re

from .patterns import one_of
from .segment import CLOSERS

_FLAGS = re.IGNORECASE

# Whole lines that are navigation, share buttons or comment-form labels.
_CHROME_LINE = re.compile(
    r"(?:join us|subscribe(?: now| today)?|sign (?:up|in)|log ?in|log ?out|register|menu|home|search|"
    r"share(?: this)?(?: article| story| post| on \w+)?|tweet|email|e-mail|print|copy link|whatsapp|"
    r"facebook|twitter|x|linkedin|telegram|reddit|pinterest|comments?|\d+ comments?|"
    r"advertisement|advert|sponsored(?: content)?|promoted|ad|skip to (?:main )?content|back to top|"
    r"read more|continue reading|load more|show more|see more|view comments|"
    r"leave a (?:reply|comment)|post a comment|add a comment|cancel reply|post comment|submit|"
    r"related(?: articles?| stor(?:y|ies)| posts?| news| coverage| content| links?| topics)?|"
    r"more (?:stories|news)|trending(?: now)?|"
    r"most (?:read|popular|viewed)|latest(?: news)?|top stories|recommended(?: for you)?|"
    r"previous(?: article| post)?|next(?: article| post)?|newsletter|follow us(?: on .*)?|"
    r"listen(?: to this article)?|\d+ min(?:ute)?s? read|name\s*\*?|website|comment\s*\*?|"
    r"photo|image|video|watch|gallery|tags?|topics?|loading\.*|close|open|accept(?: all)?(?: cookies)?|"
    r"live(?: tv| updates| blog)?|paid content|partner content|sponsored stories|read next|"
    r"(?:story|article) continues below(?: advertisement)?|enter your email(?: address)?|"
    r"log in to (?:comment|reply)|you (?:may|might) (?:also )?like|like this|like loading\.*|"
    r"comments? \(\d+\)|search [^.…]{0,30}(?:\.\.\.|…)|sign up(?: for [^.]{1,40})?|key events|"
    r"show key events only|in this article:?|explore more(?: on these topics)?|reuse this content|"
    r"share (?:or comment on )?this (?:article|story):?|share what you think|type your email(?: address)?\.*|"
    r"skip (?:to|next section) .{1,30}|open in (?:the )?app|member-only story|subscriber exclusive|"
    r"(?:responses|replies) \(\d+\)|written by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}|for immediate release|"
    r"(?:media|press) contacts?:?|send us your feedback|already a subscriber\? ?(?:log ?in|sign in)?|"
    r"get unlimited (?:digital )?access|cancel anytime\.?|about the authors?)"
    r"[\s.:!*|>»›-]*",
    _FLAGS,
)

# Lines introduced by a label that marks links, credits or metadata.
_LABELLED_LINE = re.compile(
    r"(?:also read|read also|read more|see also|related|recommended|more from|more on|"
    r"also watch|watch|listen|must read|don'?t miss|trending|"
    r"(?:original )?source|sources|via|credit|credits|photo|image|picture|video|illustration|"
    r"photograph|graphic|file photo|caption|tags?|topics?|categories|category|filed under|posted in|"
    r"published|updated|last updated|first published|reporting by|writing by|editing by|"
    r"edited by|written by|compiled by|additional reporting by|image credits?|photo credits?|our standards)"
    r"\s*(?::|\||-|–|—|»|›)",
    _FLAGS,
)

# Comment forms, cookie banners, newsletter prompts and rights notices, anywhere in a line.
_FORM_PHRASES = one_of([
    "your email address will not be published", "required fields are marked", "save my name, email",
    "notify me of new", "notify me of follow-up", "this site uses akismet", "you must be logged in to post",
    "we use cookies", "by continuing to use", "by continuing to browse", "all rights reserved", "©",
    "click here to", "download our app", "download the app", "get the latest news", "with inputs from",
    "(with reporting from", "contributed to this report", "contributed reporting", "contributed to this story",
    "opens new tab", "opens in a new tab", "opens in a new window", "powered by wordpress",
    "by submitting your email", "you agree to our terms", "comments below have not been moderated",
    "turn on javascript", "enable javascript", "this article appears in", "free articles remaining",
    "free article remaining", "articles remaining this", "thanks for reading",
])
_FORM_SENTENCE = re.compile(
    rf"{_FORM_PHRASES}|\(c\) \d{{4}}|copyright \d{{4}}|"
    r"sign up for (?:our|the) .*newsletter|subscribe to (?:our|the) .*newsletter|"
    r"follow (?:us|\w+) on (?:twitter|facebook|instagram|x|telegram|google news)|"
    r"this article (?:was|has been) (?:originally )?published|"
    r"^\(?(?:reporting|writing|editing) by ",
    _FLAGS,
)

# "[End of article]", "-30-", "###", "(END)" and similar end markers.
_END_MARKER = re.compile(
    r"(?:\[[^\]]{0,40}\]|\((?:end|ends|more|photos?|video)\)|-+ ?30 ?-+|#{3,}|\*{3,}|[-–—=_~]{3,}|"
    r"(?:—|-|–)?\s*end\s*(?:—|-|–)?|end of (?:article|story|post))",
    _FLAGS,
)

# Bare numbers, counters and symbols: share counts, pagination, bullets.
_SYMBOLS_ONLY = re.compile(r"[\W\d_]{1,12}")
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|uk|in|io|news|gov)\S*", _FLAGS)
_BYLINE = re.compile(r"[Bb]y\s+(?:[A-Z][\w.'’-]+\s*){1,4}(?:[|–—-].*)?")
_DATELINE = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?",
    _FLAGS,
)

# Captions describe a picture: they name what is shown, credit a photographer
# or agency, or call themselves a representation/illustration.
_CAPTION = re.compile(
    r"(?:(?:a|an|the)\s+)?(?:symbolic|representative|representational|illustrative|file|stock|archive|"
    r"archival|undated|handout)\s+(?:image|photo|photograph|picture|representation|illustration|pic)\b.*"
    r"|(?:symbolic\s+)?(?:representation|illustration|image|photo|photograph|picture|screenshot|"
    r"screengrab|still)\s+(?:of|shows|showing|from|taken|depicting|courtesy)\b.*"
    r"|pictured(?: above| below| here)?[:,].*"
    # Agency style: "..., in Kyiv, Ukraine, March 3, 2024." ends on a bare dateline.
    r"|[^.]*(?<!day),\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.?"
    r"(?:\s*\(?(?:AP|Reuters|AFP|EPA)[^)]*\)?)?",
    _FLAGS,
)
# The same, looked for anywhere in the line (searched, not matched after ".*":
# trying every alternative at every position of a long paragraph was most of
# the segmentation time): a credit, or a parenthesised credit ending the line.
_CAPTION_CREDIT = re.compile(
    r"\b(?:AP Photo|Getty Images|Reuters/|/Reuters|AFP/|/AFP|EPA-EFE|Shutterstock|iStock|"
    r"Photo credit|Image credit|Photo courtesy|Image courtesy|Photo by|Image by|Pictured:)\b"
    r"|\((?:photo|image|picture|file|credit)\b[^)]*\)\s*\.?\Z",
    _FLAGS,
)

# Necessary words, lower case: every alternative of _FORM_SENTENCE (and of
# _CAPTION_CREDIT) contains one of them, as tests/splitting check alternative
# by alternative. IGNORECASE also lets these four non-ASCII letters stand for
# ASCII ones, which lower() does not do; a line holding one skips the shortcut.
_FORM_WORDS = (
    "email address", "required fields", "save my name", "notify me", "akismet", "logged in", "cookies",
    "by continuing", "newsletter", "rights reserved", "©", "(c) ", "copyright ", "click here", " app",
    "latest news", "follow ", "this article", "with inputs", "with reporting", "reporting by ", "writing by ",
    "editing by ", "contributed", "opens ", "powered by", "by submitting", "you agree", "comments below",
    "javascript", "remaining", "thanks for reading",
)
_CREDIT_WORDS = (
    "ap photo", "getty images", "reuters", "afp", "epa-efe", "shutterstock", "istock", "photo credit",
    "image credit", "photo courtesy", "image courtesy", "photo by", "image by", "pictured:", "(photo", "(image",
    "(picture", "(file", "(credit",
)
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")

_SOURCE_CREDIT = re.compile(r"(?:original )?source\s*:\s*(?P<source>.+)", _FLAGS)

# A byline with the writer's role or desk: "By Maria Lopez, Environment
# correspondent", "By John Carter and Priya Nair, CNN". Never ends on a full
# stop, which keeps "By Tuesday, the army had left." an article sentence.
_BYLINE_WITH_ROLE = re.compile(
    r"[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)[\w.'’-]+(?:\s+[\w.'’-]+){0,3}){1,3}(?<![.!?])"
)
# A credit line alone: "Illustration by Sam Ortiz".
_CREDIT_LINE = re.compile(r"(?i:illustration|photograph|photography|photos|graphic|artwork|video)s? by [A-Z][^.]{0,40}")
# An author's note: "Elena Fischer is a staff writer covering energy."
_AUTHOR_NOTE = re.compile(
    r"(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+ (?:is|was) an? (?:staff|senior|contributing|freelance|special) "
    r"(?:writer|reporter|editor|correspondent)\b[^.]{0,80}\.?"
)
# A subscription offer: "$1 for 6 months", "£4.99 a month".
_PRICE_OFFER = re.compile(r"[$£€]\d+(?:[.,]\d\d)?\s*(?:for|a|per|/)\s*(?:\d+\s*)?(?:weeks?|months?|years?)")
# Editors' initials and sources at the end of a story: "ab/rm (Reuters, AFP)".
_EDITOR_INITIALS = re.compile(r"[a-z]{2,3}(?:/[a-z]{2,3})+(?:\s*\([^)]{1,40}\))?")
# A reporter's or press officer's contact line: an e-mail address with a
# phone number or "reach"/"contact" beside it.
_CONTACT = re.compile(
    r"(?:\breach (?:her|him|them|me|us) at\b|\bcontacts?\s*:|\+?\d[\d ()-]{7,}\d).*@"
    r"|@[\w.-]+\.\w+.*\+?\d[\d ()-]{7,}\d",
    _FLAGS,
)
# The header of a press release's or a page's "about" section: "About the
# Global Water Alliance", "About Us" (title case, no full stop: "About half
# of them left." is a sentence).
_ABOUT_HEADER = re.compile(r"About (?:the |us\b)?(?:[A-Z][\w&.'’-]*\s*){0,6}")
# Markdown (.md imports): an image embed, whose alt text is a caption, and a
# line of nothing but links (a menu, a related story), with at most a bullet
# and a bold label before them.
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(?:\s*[*_]?[^*_\n]{0,200}[*_]?)?")
_MD_LINKS_ONLY = re.compile(
    r"(?:[-*+•]\s+)?(?:(?:\*\*|__)[^*_]{1,40}(?:\*\*|__)\s*)?(?:\[[^\]]{1,200}\]\([^)\s]*\)[\s|·•,]*)+"
)
_BULLET = re.compile(r"(?:[-*+•·]|#{1,6})\s+")
_EMPHASIS = re.compile(r"\A(\*\*|__)(?P<text>[^*_]+)\1\Z")
# WordPress's related-post category line: In "Local News".
_IN_CATEGORY = re.compile(r"in [\"“][^\"”]{1,40}[\"”]", _FLAGS)

# Dates, times and ages of a page ("Updated 6:42 AM EST, Tue February 13,
# 2026", "Published 3 hours ago", "12.45 GMT"): every word is one of these, a
# number, or a time zone.
_TIME_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm a m p ago just now today "
    "yesterday at on of the updated published posted first last modified date time sec secs second "
    "seconds min mins minute minutes hr hrs hour hours day days week weeks month months year years "
    "st nd rd th".split()
)
_TIME_ANCHORS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec ago yesterday today".split()
)
# Words as a page's text runs them together: "20262:41 PM GMTUpdated" is
# 20262, 41, PM, GMT, Updated.
_TIME_TOKEN = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z])|[A-Za-z]+|\d+")
_TIME_ZONE = re.compile(r"[A-Z]{2,4}")
_SEGMENT_SEPARATOR = re.compile(r"\s*[|·•]\s*")
_BY = re.compile(r"\s+by\s+", _FLAGS)

# Breadcrumbs and menus: "Home » India » Elections", "News | World | Europe".
_NAV_SEPARATOR = re.compile(r"\s+[»›>|/·•]\s+")
# Footer links run together: "About Us Contact Us Privacy Policy Disclaimer".
_FOOTER_LINK = re.compile(
    r"\b" + one_of([
        "terms of use", "terms of service", "terms & conditions", "terms and conditions", "terms",
        "privacy policy", "privacy notice", "privacy", "cookie policy", "cookie settings", "cookies",
        "accessibility help", "accessibility", "contact us", "about us", "disclaimer", "sitemap",
        "site map", "advertise with us", "advertise", "careers", "help", "faq", "ad choices",
        "rss", "corrections", "editorial standards", "code of conduct", "and", "&",
    ]) + r"(?![\w&])",
    _FLAGS,
)
_FOOTER_WORDS = ("privacy", "terms", "cookie", "contact us", "about us", "disclaimer", "sitemap", "accessibility")
_FOOTER_LEFTOVER = re.compile(r"[\s|·•,/-]*")

# Headers of lists of links to other stories; the lines under one are links
# while they look like headlines (see furniture()).
_LINKS_HEADER = re.compile(
    r"(?:read more|read next|read also|also read|see also|more on this story|more (?:from|on|in|about) .{1,40}|"
    r"more stories|related(?: \w+)?|explore more(?: on these topics)?|"
    r"most (?:read|popular|viewed|watched|shared|commented)(?: \w+){0,3}|"
    r"recommended(?: \w+){0,2}|you (?:may|might) (?:also )?like|trending(?: now| stories)?|top stories|"
    r"latest(?: news| stories)?|tags?|topics?|further reading|editor'?s picks|popular(?: now)?)[\s.:!*|>»›-]*",
    _FLAGS,
)
_SENTENCE_INSIDE = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")
_SENTENCE_END = re.compile(r"[.!:;,][\"'”’)\]]*\Z")
_LIST_MARKER = re.compile(r"\A(?:\d{1,3}[.)]|[•·▪●\-–*])\s+")
_LINKS_PER_HEADER = 12


def is_boilerplate(line: str) -> bool:
    """True if this whole line (already stripped) is page furniture."""
    line = line.strip()
    if not line:
        return True
    if line[0] in "-*+•·!#_" or "](" in line:
        if _MD_IMAGE.fullmatch(line) or _MD_LINKS_ONLY.fullmatch(line):
            return True
        plain = _unmarked(line)
        if plain != line:
            # "- Share on Facebook": a list of buttons is furniture; "- At
            # least 9 people were killed." is a claim in a list.
            return is_boilerplate(plain)
    matchers = (_CHROME_LINE, _END_MARKER, _SYMBOLS_ONLY, _URL_ONLY, _BYLINE, _DATELINE, _CAPTION,
                _BYLINE_WITH_ROLE, _IN_CATEGORY, _AUTHOR_NOTE, _CREDIT_LINE, _PRICE_OFFER, _EDITOR_INITIALS,
                _ABOUT_HEADER)
    if any(m.fullmatch(line) for m in matchers):
        return True
    if _is_label(line) or _is_timestamp_line(line) or _is_navigation(line) or _is_footer(line):
        return True
    # A list's header ("More from The Magazine") is furniture too, but "More in
    # August than July." is an answer in a debate.
    if len(line) <= 60 and line[-1] != "." and _LINKS_HEADER.fullmatch(line):
        return True
    if _LABELLED_LINE.match(line):
        return True
    if "@" in line and len(line) <= 200 and _CONTACT.search(line):
        return True
    # The two searches below try every position of a line, 70-100 µs for a
    # paragraph; each of their alternatives holds one of these words, so a line
    # with none of them is passed over at the cost of lower() and a few finds.
    lowered = line.lower()
    if _FOLDS_TO_ASCII.search(line) or any(word in lowered for word in _FORM_WORDS):
        if _FORM_SENTENCE.search(line):
            return True
    if _FOLDS_TO_ASCII.search(line) or any(word in lowered for word in _CREDIT_WORDS):
        return bool(_CAPTION_CREDIT.search(line))
    return False


def furniture(lines: list[str]) -> list[bool]:
    """For each line of one page, in order: is it page furniture?

    ``is_boilerplate`` of the line, and also the links listed under a header
    such as "Read more:" or "Most Popular", which look like headlines and can
    only be told from one by where they stand. A link list is looked for only
    after the page's first sentence of article text, which a headline (no full
    stop) is not, so a "Trending:" bar or a menu above the headline cannot take
    the headline with it.
    """
    flags, links_left, body_started = [], 0, False
    for line in lines:
        line = line.strip()
        chrome = is_boilerplate(line)
        if not chrome:
            if links_left and _looks_like_link(line):
                chrome, links_left = True, links_left - 1
            else:
                links_left = 0
                body_started = body_started or _is_body_sentence(line)
        elif body_started and len(line) <= 60 and _LINKS_HEADER.fullmatch(_unmarked(line)):
            links_left = _LINKS_PER_HEADER
        flags.append(chrome)
    return flags


def _is_body_sentence(line: str) -> bool:
    # A headline has no full stop, and an unrecognised menu line ("Skip next
    # section Navigation") has none either: only article text ends like this.
    return len(line.split()) >= 6 and line.rstrip(CLOSERS)[-1:] in (".", "!", "?")


def _unmarked(line: str) -> str:
    """The line without a Markdown bullet, heading marks or bold around it ("## **Related**")."""
    bullet = _BULLET.match(line)
    if bullet and bullet.end() < len(line):
        line = line[bullet.end():]
    emphasis = _EMPHASIS.match(line)
    return emphasis.group("text").strip() if emphasis else line


def _looks_like_link(line: str) -> bool:
    # Headlines and link titles end without a full stop (a question mark at
    # most) and hold one sentence.
    line = _LIST_MARKER.sub("", line, count=1)
    return (len(line.split()) <= 16 and not _SENTENCE_END.search(line)
            and not _SENTENCE_INSIDE.search(line))


def _is_label(line: str) -> bool:
    # Sections, tags, buttons, agency or author names alone: one word, or two
    # that each start with a capital or a digit ("Live TV", "IPL 2026"). A
    # two-word headline has a verb in lower case ("Kim resigns"), or in title
    # case a past participle ("Trump Indicted").
    words = line.split()
    if len(words) == 1:
        return True
    return (len(words) == 2 and line[-1] not in ".!?" and not words[1].lower().endswith("ed")
            and all(word[0].isupper() or word[0].isdigit() for word in words))


def _is_timestamp_line(line: str) -> bool:
    """A date or time stamp, alone or beside a place, a source or a byline, split by | · •."""
    if len(line) > 120:
        return False
    stamped = False
    for segment in _SEGMENT_SEPARATOR.split(line):
        stamp, by = (_BY.split(segment, 1) + [""])[:2]
        if _is_timestamp(stamp) and len(by.split()) <= 4:
            stamped = True
        elif not _is_short_name(segment):
            return False
    return stamped


def _is_timestamp(text: str) -> bool:
    tokens = _TIME_TOKEN.findall(text)
    if not tokens or not any(t.isdigit() or t.lower() in _TIME_ANCHORS for t in tokens):
        return False
    return all(t.isdigit() or t.lower() in _TIME_WORDS or _TIME_ZONE.fullmatch(t) for t in tokens)


def _is_short_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 3 and all(word[0].isupper() for word in words)


def _is_navigation(line: str) -> bool:
    if not any(sep in line for sep in "»›>|/·•"):
        return False
    parts = _NAV_SEPARATOR.split(line)
    if len(parts) < 3 and not (len(parts) == 2 and parts[0].lower() in ("home", "news")):
        return False
    # Pipes also end headlines with a site's name ("... | Reuters"), so the
    # parts of a pipe-separated line must be as short as menu entries.
    longest = 3 if "|" in line else 5
    return all(0 < len(part.split()) <= longest and part[-1] not in ".!?" for part in parts)


def _is_footer(line: str) -> bool:
    lowered = line.lower()
    if len(line) > 150 or not any(word in lowered for word in _FOOTER_WORDS):
        return False
    return bool(_FOOTER_LEFTOVER.fullmatch(_FOOTER_LINK.sub(" ", line)))


def source_credit(text: str) -> str | None:
    """The credited source of an article ("Original Source: abcnews.go.com"), if a line gives one."""
    for line in text.splitlines():
        match = _SOURCE_CREDIT.fullmatch(line.strip())
        if match:
            return match.group("source").strip()
    return None
