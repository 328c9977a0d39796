"""The editorial desk in the browser: the editorial panel of a claim, and the ready and disagreement lists.

Every view: access gate → form → publishing service → the panel again (HTMX)
or a redirect to the claim's editorial page (without JavaScript). A refused
decision keeps what the editor typed and says why next to the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotations import access, claimreview, selectors
from annotations.services import publishing
from annotations.services.common import ClaimVersionConflict
from annotations.web.forms import EditorialCommentForm, FactCheckDecisionForm

PANEL = "annotations/partials/_editorial.html"


def _decision_initial(claim, factcheck):
    """Prefill with the stored decision, or the rating the reviewers agreed on."""
    if factcheck:
        return {"rating": factcheck.rating_id, "summary": factcheck.summary, "claimant": factcheck.claimant,
                "claimant_kind": factcheck.claimant_kind, "claim_date": factcheck.claim_date}
    ratings = {verdict.rating_id for verdict in selectors.claim_verdicts(claim) if not verdict.is_withdrawn}
    return {"rating": ratings.pop()} if len(ratings) == 1 else {}


def _preview(claim, factcheck, form):
    """The ClaimReview the decision in ``form`` would publish (typed values, else the initial ones)."""
    values = {**form.initial, **(form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {})}
    rating = values.get("rating")
    if rating is not None and not hasattr(rating, "scale"):
        rating = selectors.ratings_default_scale().filter(pk=rating).first()
    return claimreview.preview(
        claim, factcheck, rating=rating, summary=values.get("summary") or "",
        claimant=(values.get("claimant") or "").strip(), claimant_kind=values.get("claimant_kind") or "",
        claim_date=values.get("claim_date"),
    )


def _context(request, claim, *, decision_form=None, comment_form=None, error=None, error_for=None, notice=None):
    factcheck = selectors.factcheck_of(claim)
    version = {"version": claim.version}
    actions = access.claim_actions(request.user, claim)
    decision_form = decision_form or FactCheckDecisionForm(initial={**_decision_initial(claim, factcheck),
                                                                    **version})
    return {
        "claim": claim,
        "factcheck": factcheck,
        "covered_claims": selectors.claims_covered_by(factcheck) if factcheck else [],
        "agreement": selectors.claim_agreement(claim),
        "article_agreement": selectors.article_agreement(claim.article_id),
        "verdicts": selectors.claim_verdicts(claim),
        "evidence": selectors.claim_evidence(claim),
        "assignees": [claim.assignee] if claim.assignee_id else [],
        "audit_events": selectors.claim_audit_trail(claim),
        "actions": actions,
        # Four eyes: why this editor may not take each decision the claim's state offers (None if they may).
        "refusals": {action: access.decision_refusal(request.user, claim, action)
                     for action in actions & access.FOUR_EYES},
        "preview": _preview(claim, factcheck, decision_form) if "publish" in actions else None,
        "can_edit_article": access.may(request.user, access.EDIT_ARTICLE),
        "decision_form": decision_form,
        "comment_form": comment_form or EditorialCommentForm(initial=version),
        "error": error,
        "error_for": error_for,
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


def _kept(form_class, post, version):
    """The editor's form as they sent it, with the version now stored: submitting again is a deliberate overwrite."""
    data = post.copy()
    data["version"] = version
    form = form_class(data)
    form.is_valid()
    return form


def _run(request, pk, action, form_class, change, notice):
    """Gate, validate, call the service; the panel with the outcome, or a redirect without HTMX."""
    claim = access.get_claim_for_editor(request.user, pk, action=action)
    form = form_class(request.POST)
    form_key = "decision_form" if form_class is FactCheckDecisionForm else "comment_form"
    where = {"error_for": action, form_key: form}
    if not form.is_valid():
        # The version is hidden: a bad one means a tampered or truncated form, not a typo.
        error = ("The form is incomplete or out of date; reload the page." if "version" in form.errors
                 else "Correct the form below.")
        return _render(request, claim, status=400, error=error, **where)
    try:
        change(claim, form.cleaned_data)
    except ClaimVersionConflict as exc:
        claim.refresh_from_db()
        error = (f"This claim was changed since you read it: you sent version {exc.expected_version}, the current "
                 f"version is {claim.version}. What you entered is kept below; the audit trail says what changed. "
                 "Submit again to go ahead with it.")
        return _render(request, claim, status=409, error=error, **{**where, form_key: _kept(
            form_class, request.POST, claim.version)})
    except ValidationError as exc:
        return _render(request, claim, status=400, error=" ".join(exc.messages), **where)
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
                                     claimant_kind=data["claimant_kind"], claim_date=data["claim_date"],
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


@require_POST
@login_required
def claim_uncover(request, pk):
    def change(claim, data):
        publishing.claim_uncover(claim=claim, actor=request.user, comment=data["comment"],
                                 expected_version=data["version"])

    return _run(request, pk, access.UNCOVER, EditorialCommentForm, change,
                "Taken back: the claim is reviewed on its own again.")


DESK_TITLES = {"ready": "Ready for approval", "disagreement": "Disagreement"}


@login_required
def desk_list(request, which):
    """One of the editor's lists: claims ready for approval, or in disagreement to resolve."""
    access.check_may(request.user, access.VIEW_EDITORIAL)
    if which not in selectors.DESK_LISTS:
        raise Http404("No such list.")
    claims = selectors.desk_list(selectors.DESK_LISTS[which], user=request.user)
    return render(request, "annotations/editorial_ready.html", {
        "claims": claims[:500], "total": claims.count(), "which": which, "title": DESK_TITLES[which],
        "counts": selectors.desk_counts(),
    })
