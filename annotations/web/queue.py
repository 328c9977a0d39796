"""My queue: the claims waiting for this reviewer, and "Next claim"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from annotations import access, selectors
from annotations.models import Claim
from annotations.web.articles import NO_ROLE

# The most check-worthy claims are listed; "Next claim" walks the rest in the same order.
QUEUE_PAGE_ROWS = 100


def _queue_filters(request):
    """The queue's filters from the query string; unknown values are ignored, not errors."""
    article = request.GET.get("article", "")
    status = request.GET.get("status", "")
    claim_type = request.GET.get("type", "")
    return {
        "article": int(article) if article.isdigit() else None,
        "article_title": request.GET.get("article_title", "").strip()[:200] or None,
        "status": status if status in Claim.Status.values else None,
        "claim_type": claim_type if claim_type in Claim.ClaimType.values else None,
        "assignee": _assignee_filter(request),
    }


def _assignee_filter(request):
    """"me" and "open" for everyone; "any" and another reviewer's id only for editors."""
    value = request.GET.get("assignee", "")
    if value in (selectors.ASSIGNEE_MINE, selectors.ASSIGNEE_OPEN):
        return value
    if access.can_assign(request.user):
        if value == selectors.ASSIGNEE_ANY:
            return value
        if value.isdigit():
            return int(value)
    return None


def _queue_query(filters):
    names = {"article": "article", "article_title": "article_title", "status": "status", "claim_type": "type",
             "assignee": "assignee"}
    return urlencode({names[key]: value for key, value in filters.items() if value})


@login_required
def queue(request):
    if not access.can_review(request.user):
        raise PermissionDenied(NO_ROLE)
    filters = _queue_filters(request)
    claims = selectors.review_queue_for(request.user, **filters)
    can_assign = access.can_assign(request.user)
    return render(
        request,
        "annotations/queue.html",
        {
            "claims": claims[:QUEUE_PAGE_ROWS],
            "page_rows": QUEUE_PAGE_ROWS,
            "total": selectors.capped_count(claims),
            "count_cap": selectors.COUNT_CAP,
            "filters": filters,
            "query": _queue_query(filters),
            "article": selectors.article_title_get(filters["article"]) if filters["article"] else None,
            "statuses": _statuses(),
            "claim_types": Claim.ClaimType.choices,
            "can_assign": can_assign,
            "reviewers": selectors.reviewer_list() if can_assign else [],
        },
    )


def _statuses():
    return [(value, label) for value, label in Claim.Status.choices if value in Claim.QUEUE_STATUSES]


@login_required
def queue_counts(request):
    """The queue's counts by assignee and status, under the same filters: a fragment the queue page
    loads after it is drawn, so a reviewer reads and opens claims while an archive's claims are counted."""
    if not access.can_review(request.user):
        raise PermissionDenied(NO_ROLE)
    filters = _queue_filters(request)
    claims = selectors.review_queue_for(request.user, **filters)
    can_assign = access.can_assign(request.user)
    return render(request, "annotations/partials/_queue_counts.html", {
        "status_counts": selectors.queue_status_counts(claims),
        "assignee_counts": selectors.queue_assignee_counts(
            request.user, others=can_assign, **{key: value for key, value in filters.items() if key != "assignee"}
        ),
        "statuses": _statuses(),
        "can_assign": can_assign,
    })


@login_required
def queue_next(request):
    """Open the next claim of the queue: the first, or the one after ``?after=<claim id>``."""
    if not access.can_review(request.user):
        raise PermissionDenied(NO_ROLE)
    filters = _queue_filters(request)
    claims = selectors.review_queue_for(request.user, **filters)
    after = request.GET.get("after", "")
    if after.isdigit():
        current = access.get_claim_for_user(request.user, int(after))
        following = selectors.queue_next_after(claims, current)
    else:
        following = claims.first()
    if following is None:
        messages.info(request, "You have reached the end of your queue.")
        return redirect(reverse("queue") + (f"?{_queue_query(filters)}" if any(filters.values()) else ""))
    query = urlencode({"claim": following.pk, **({"queue": _queue_query(filters)} if any(filters.values()) else {})})
    return redirect(f"{following.article.get_absolute_url()}?{query}#claim-{following.pk}")
