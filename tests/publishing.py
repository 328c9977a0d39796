"""Published fact-checks for tests of the public outputs, written as rows.

The feed, export and webhook tests need many fact-checks with chosen slugs and
publication times, which the workflow cannot backdate. The rows hold exactly
what ``publishing.factcheck_publish`` writes; tests/test_publishing_end_to_end.py
goes through that service itself.
"""

import datetime as dt
import itertools

from django.utils import timezone

from annotations.models import Claim, FactCheck

_numbers = itertools.count(1)

# Where an article's claim appeared: what a ClaimReview needs before it may be published
# (services.publishing.factcheck_publish refuses without a URL and a date).
APPEARED = {"url": "https://news.example.org/budget", "published_on": dt.date(2026, 3, 2), "source": "Example Times"}


def publish_factcheck(claim: Claim, rating, *, summary="The records say otherwise.", claimant="",
                      claimant_kind=None, claim_date=None, slug=None, published_at=None, first_published_at=None,
                      approved_by=None) -> FactCheck:
    published_at = published_at or timezone.now()
    if claimant_kind is None:
        claimant_kind = FactCheck.ClaimantKind.PERSON if claimant else ""
    factcheck = FactCheck.objects.create(
        claim=claim, rating=rating, summary=summary, claimant=claimant, claimant_kind=claimant_kind,
        claim_date=claim_date,
        slug=slug or f"fact-check-{next(_numbers)}",
        approved_by=approved_by, approved_at=published_at,
        published_at=published_at, first_published_at=first_published_at or published_at,
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED)
    return factcheck
