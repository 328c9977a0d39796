"""The editorial desk in the browser: the editorial panel of a claim and the ready-for-approval list.

Every view: access gate → form → publishing service → the panel again (HTMX)
or a redirect to the claim's editorial page (without JavaScript).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotations import access, selectors
from annotations.services import publishing
from annotations.services.common import ClaimVersionConflict
from annotations.web.forms import EditorialCommentForm, FactCheckDecisionForm

PANEL = "annotations/partials/_editorial.html"


def _decision_initial(claim, factcheck):
    """Prefill with the stored decision, or the rating the reviewers agreed on."""
    if factcheck:
        return {"rating": factcheck.rating_id, "summary": factcheck.summary, "claimant": factcheck.claimant}
    ratings = {verdict.rating_id for verdict in selectors.claim_verdicts(claim)}
    return {"rating": ratings.pop()} if len(ratings) == 1 else {}


def _context(request, claim, *, decision_form=None, comment_form=None, error=None, notice=None):
    factcheck = selectors.factcheck_of(claim)
    version = {"version": claim.version}
    return {
        "claim": claim,
        "factcheck": factcheck,
        "agreement": selectors.claim_agreement(claim),
        "article_agreement": selectors.article_agreement(claim.article_id),
        "verdicts": selectors.claim_verdicts(claim),
        "assignees": [claim.assignee] if claim.assignee_id else [],
        "audit_events": selectors.claim_audit_trail(claim),
        "approval_refusal": access.approval_refusal(request.user, claim),
        "decision_form": decision_form or FactCheckDecisionForm(initial={**_decision_initial(claim, factcheck),
                                                                         **version}),
        "comment_form": comment_form or EditorialCommentForm(initial=version),
        "can_publish": claim.allows("publish"),
        "can_mark_ready": claim.allows("mark_ready"),
        "can_return": claim.allows("return"),
        "can_unpublish": bool(factcheck and factcheck.is_published),
        "error": error,
        "notice": notice,
    }


def _render(request, claim, status=200, **extra):
    template = PANEL if request.headers.get("HX-Request") else "annotations/claim_editorial.html"
    return render(request, template, _context(request, claim, **extra), status=status)


@login_required
def claim_editorial(request, pk):
    """The editorial panel (HTMX fragment), or a page around it."""
    claim = access.get_claim_for_editor(request.user, pk)
    return _render(request, claim)


def _run(request, pk, action, form_class, change, notice):
    """Gate, validate, call the service; the panel with the outcome, or a redirect without HTMX."""
    claim = access.get_claim_for_editor(request.user, pk, action=action)
    form = form_class(request.POST)
    form_key = "decision_form" if form_class is FactCheckDecisionForm else "comment_form"
    if not form.is_valid():
        # The version is hidden: a bad one means a tampered or truncated form, not a typo.
        error = ("The form is incomplete or out of date; reload the page." if "version" in form.errors
                 else "Correct the form below.")
        return _render(request, claim, status=400, error=error, **{form_key: form})
    try:
        change(claim, form.cleaned_data)
    except ClaimVersionConflict as exc:
        claim.refresh_from_db()
        return _render(request, claim, status=409, error=str(exc))
    except ValidationError as exc:
        return _render(request, claim, status=400, error=" ".join(exc.messages), **{form_key: form})
    claim.refresh_from_db()
    if request.headers.get("HX-Request"):
        return _render(request, claim, notice=notice)
    messages.success(request, notice)
    return redirect(reverse("claim-editorial", args=[claim.pk]))


@require_POST
@login_required
def claim_publish(request, pk):
    def change(claim, data):
        publishing.factcheck_publish(claim=claim, actor=request.user, rating=data["rating"],
                                   summary=data["summary"], claimant=data["claimant"],
                                   expected_version=data["version"])

    return _run(request, pk, access.PUBLISH, FactCheckDecisionForm, change, "Approved and published.")


@require_POST
@login_required
def claim_return(request, pk):
    def change(claim, data):
        publishing.claim_return(claim=claim, actor=request.user, comment=data["comment"],
                              expected_version=data["version"])

    return _run(request, pk, access.RETURN, EditorialCommentForm, change, "Returned to the reviewers.")


@require_POST
@login_required
def claim_mark_ready(request, pk):
    def change(claim, data):
        publishing.claim_mark_ready(claim=claim, actor=request.user, comment=data["comment"],
                                  expected_version=data["version"])

    return _run(request, pk, access.MARK_READY, EditorialCommentForm, change, "Marked ready for approval.")


@require_POST
@login_required
def claim_unpublish(request, pk):
    def change(claim, data):
        publishing.factcheck_unpublish(claim=claim, actor=request.user, comment=data["comment"],
                                     expected_version=data["version"])

    return _run(request, pk, access.UNPUBLISH, EditorialCommentForm, change, "Unpublished.")


@login_required
def ready_list(request):
    """Claims waiting for an editor: ready for approval, and disagreements to resolve."""
    access.check_may(request.user, access.VIEW_EDITORIAL)
    claims = selectors.ready_for_approval_list()
    return render(request, "annotations/editorial_ready.html", {"claims": claims[:500], "total": claims.count()})
