"""Published fact-checks for tests, written as rows.

The publishing workflow (annotations/workflow.py) is built separately; until
it lands these rows stand in for what its publish service writes.
"""

import itertools

from django.utils import timezone

from annotations.models import Claim, FactCheck

_numbers = itertools.count(1)


def publish_factcheck(claim: Claim, rating, *, summary="The records say otherwise.", claimant="",
                      slug=None, published_at=None, first_published_at=None, approved_by=None) -> FactCheck:
    published_at = published_at or timezone.now()
    factcheck = FactCheck.objects.create(
        claim=claim, rating=rating, summary=summary, claimant=claimant,
        slug=slug or f"fact-check-{next(_numbers)}",
        approved_by=approved_by, approved_at=published_at,
        published_at=published_at, first_published_at=first_published_at or published_at,
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED)
    return factcheck
