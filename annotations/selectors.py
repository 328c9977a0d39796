"""Reads shared by views, the API and the admin."""

from django.db.models import Count, Q

from annotations.models import Article, Claim


def article_list():
    return Article.objects.defer("body").annotate(
        claim_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM)),
        checkworthy_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM, claims__checkworthy=True)),
    )


def article_segments(article: Article):
    """The body cut into (text, claim-or-None) pieces, in order, for highlighting.

    Overlapping claims (a person's span over a machine one) would nest; the
    later one is shown only from where the earlier ends.
    """
    pieces, cursor = [], 0
    for claim in article.claims.all():
        if claim.end <= cursor:
            continue
        start = max(claim.start, cursor)
        if start > cursor:
            pieces.append((article.body[cursor:start], None))
        pieces.append((article.body[start:claim.end], claim))
        cursor = claim.end
    if cursor < len(article.body):
        pieces.append((article.body[cursor:], None))
    return pieces
