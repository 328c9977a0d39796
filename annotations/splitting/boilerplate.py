"""Recognise lines that are page furniture rather than article text.

Scrapers keep navigation, share buttons, image captions, related-article
links, source credits, comment forms and end markers. Each is recognised as a
whole line by the shape such lines take across sites, not by the wording of
one site, so a new site's chrome is caught as long as it looks like chrome.
"""

from __future__ import annotations

import re

from .patterns import one_of

_FLAGS = re.IGNORECASE

# Whole lines that are navigation, share buttons or comment-form labels.
_CHROME_LINE = re.compile(
    r"(?:join us|subscribe(?: now| today)?|sign (?:up|in)|log ?in|log ?out|register|menu|home|search|"
    r"share(?: this)?(?: article| story| post| on \w+)?|tweet|email|e-mail|print|copy link|whatsapp|"
    r"facebook|twitter|x|linkedin|telegram|reddit|pinterest|comments?|\d+ comments?|"
    r"advertisement|advert|sponsored(?: content)?|promoted|ad|skip to (?:main )?content|back to top|"
    r"read more|continue reading|load more|show more|see more|view comments|"
    r"leave a (?:reply|comment)|post a comment|add a comment|cancel reply|post comment|submit|"
    r"related(?: articles| stories| posts| news| coverage)?|more (?:stories|news)|trending(?: now)?|"
    r"most (?:read|popular|viewed)|latest(?: news)?|top stories|recommended(?: for you)?|"
    r"previous(?: article| post)?|next(?: article| post)?|newsletter|follow us(?: on .*)?|"
    r"listen(?: to this article)?|\d+ min(?:ute)?s? read|name\s*\*?|website|comment\s*\*?|"
    r"photo|image|video|watch|gallery|tags?|topics?|loading\.*|close|open|accept(?: all)?(?: cookies)?)"
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
    r"edited by|written by|compiled by|additional reporting by)\s*(?::|\||-|–|—|»|›)",
    _FLAGS,
)

# Comment forms, cookie banners, newsletter prompts and rights notices, anywhere in a line.
_FORM_PHRASES = one_of([
    "your email address will not be published", "required fields are marked", "save my name, email",
    "notify me of new", "notify me of follow-up", "this site uses akismet", "you must be logged in to post",
    "we use cookies", "by continuing to use", "by continuing to browse", "all rights reserved", "©",
    "click here to", "download our app", "download the app", "get the latest news", "with inputs from",
    "(with reporting from",
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
    "editing by ",
)
_CREDIT_WORDS = (
    "ap photo", "getty images", "reuters", "afp", "epa-efe", "shutterstock", "istock", "photo credit",
    "image credit", "photo courtesy", "image courtesy", "photo by", "image by", "pictured:", "(photo", "(image",
    "(picture", "(file", "(credit",
)
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")

_SOURCE_CREDIT = re.compile(r"(?:original )?source\s*:\s*(?P<source>.+)", _FLAGS)


def is_boilerplate(line: str) -> bool:
    """True if this whole line (already stripped) is page furniture."""
    line = line.strip()
    if not line:
        return True
    matchers = (_CHROME_LINE, _END_MARKER, _SYMBOLS_ONLY, _URL_ONLY, _BYLINE, _DATELINE, _CAPTION)
    if any(m.fullmatch(line) for m in matchers):
        return True
    if _LABELLED_LINE.match(line):
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


def source_credit(text: str) -> str | None:
    """The credited source of an article ("Original Source: abcnews.go.com"), if a line gives one."""
    for line in text.splitlines():
        match = _SOURCE_CREDIT.fullmatch(line.strip())
        if match:
            return match.group("source").strip()
    return None
