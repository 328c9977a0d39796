"""What the article page says about claims to people who cannot see the highlights or use a mouse."""

import re

from django import template

from annotations import selectors

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
