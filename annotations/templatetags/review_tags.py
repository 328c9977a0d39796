"""What the article page says about claims to people who cannot see the highlights or use a mouse."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from annotations import selectors
from annotations.temporal.words import timex_words

register = template.Library()

WORD = re.compile(r"\S+")


@register.filter
def claim_about(claim) -> str:
    """Kind, type, score and state of a claim in words: half of its accessible name in the text."""
    if claim.is_boilerplate:
        kind = "page chrome (not part of the story)"
    else:
        kind = f"{claim.get_claim_type_display().lower()} claim"
        if claim.checkworthy:
            kind = f"check-worthy {kind}"
    return f"{kind}, check-worthiness {claim.checkworthiness:.2f}, status: {claim.get_status_display().lower()}"


@register.filter
def date_words(mention) -> str:
    """A claim's date mention (``Claim.dates``) resolved, in words: "Wed 3 Sep 2025", "2 months"."""
    return timex_words(mention.get("value"), mention.get("mod"), mention.get("type"))


# The article text and its claims' names are built here rather than in a template loop: the longest
# articles hold hundreds of claims, and the loop rendered a dozen variables for each of them
# (docs/benchmarks.md, "A million claims"). Numbers are written unlocalized: they are offsets for scripts.
CLAIM_SPAN = (
    '<span id="claim-{pk}" data-status="{status}" class="claim claim-{kind}{checkworthy}{selected}" data-claim="{pk}"'
    ' data-start="{start}" data-end="{end}" role="link" tabindex="0" aria-labelledby="claim-{pk} about-{pk}"{current}>'
    "{text}</span>"
)


@register.simple_tag
def article_text(segments, selected=None):
    """The article's body cut into ``selectors.article_segments``, each claim a link in reading order."""
    selected_pk = selected.pk if selected else None
    parts = []
    for text, claim in segments:
        if claim is None:
            parts.append(conditional_escape(text))
            continue
        is_selected = claim.pk == selected_pk
        parts.append(format_html(
            CLAIM_SPAN, pk=claim.pk, status=claim.status, kind=claim.kind, start=claim.start, end=claim.end,
            checkworthy=" checkworthy" if claim.checkworthy else "", selected=" selected" if is_selected else "",
            current=mark_safe(' aria-current="true"') if is_selected else "", text=text,
        ))
    return mark_safe("".join(parts))


@register.simple_tag
def claims_about(segments, selected=None):
    """Each claim's ``claim_about``, the second half of its accessible name, in hidden spans."""
    selected_pk = selected.pk if selected else None
    return mark_safe("".join(
        format_html('<span id="about-{}">{}{}</span>', claim.pk, claim_about(claim),
                    "; shown in the panel" if claim.pk == selected_pk else "")
        for _text, claim in segments if claim is not None
    ))


@register.filter
def split_points(claim) -> list[tuple[int, str]]:
    """Where a claim can be cut, before each word after its first: (article offset, what the parts would be).

    The label starts with the second part, which is what the reviewer is choosing.
    """
    text = claim.text
    points = []
    for match in WORD.finditer(text):
        if match.start() == 0:
            continue
        before = " ".join(text[:match.start()].split()[-3:])
        after = " ".join(text[match.start():].split()[:4])
        points.append((claim.start + match.start(), f"“{after}…” (after “…{before}”)"))
    return points


@register.filter
def key_label(preference, key) -> str:
    """A key as the person presses it, with their modifier: ``3``, ``Alt+3``."""
    return preference.label(str(key))


@register.simple_tag(takes_context=True)
def keyboard_preference(context):
    """The signed-in person's keyboard shortcuts (the defaults if they never changed them)."""
    return selectors.keyboard_preference_for(context["request"].user)
