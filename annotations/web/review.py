"""The review panel of one claim: the reviewer's verdict, the rationale draft, the evidence.

Blind review holds in every fragment: another reviewer's verdicts, and the
stance, note and excerpt of their evidence, appear once you have given your
own verdict (``access.verdicts_visible_to``, ``access.evidence_visible_to``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import access, selectors
from annotations.services import review
from annotations.web.forms import EvidenceForm, ReasonForm, VerdictForm


def _evidence_context(request, claim):
    rows = access.evidence_visible_to(request.user, claim)
    return {"evidence_rows": [(item, access.can_retract(request.user, item)) for item in rows],
            "actions": access.claim_actions(request.user, claim)}


def claim_panel_context(request, claim, *, verdict_form=None, evidence_form=None, conflict=None, notice=None):
    """What the review panel of one claim shows to this user (blind review included).

    ``conflict``: a refused save, ``{"message": ..., "stored": <the verdict as stored now>}``;
    ``verdict_form`` then holds what the reviewer sent, so nothing they typed is lost.
    """
    own = selectors.verdict_own(claim, request.user)
    draft = None if conflict else selectors.rationale_draft_get(claim, request.user)
    if verdict_form is None:
        initial = {"rating": own.rating_id, "rationale": own.rationale, "version": own.version} if own else {}
        if draft:
            initial["rationale"] = draft.text
        verdict_form = VerdictForm(initial=initial)
    blind = access.verdict_scope(request.user) != access.VERDICTS_ALL
    others = access.verdicts_visible_to(request.user, claim).standing().exclude(reviewer=request.user)
    return {
        "claim": claim,
        "own_verdict": own,
        "other_verdicts": selectors.verdict_list(others).order_by("created_at"),
        "others_hidden": blind and not selectors.claim_rated_by(claim, request.user),
        "verdict_form": verdict_form,
        "withdraw_form": ReasonForm(),
        **_evidence_context(request, claim),
        "evidence_form": evidence_form or EvidenceForm(),
        "conflict": conflict,
        "notice": notice,
        "draft": draft,
        "presence": selectors.claim_presence_get(claim),
        "dismissal": selectors.claim_dismissal(claim) if claim.is_dismissed else None,
        "factcheck": selectors.factcheck_of(claim) if claim.is_published else None,
    }


def _render_panel(request, claim, status=200, status_oob=False, **forms):
    context = {**claim_panel_context(request, claim, **forms), "status_oob": status_oob}
    return render(request, "annotations/partials/_claim_panel.html", context, status=status)


def back_to_claim(claim):
    return redirect(f"{claim.article.get_absolute_url()}?claim={claim.pk}#claim-{claim.pk}")


def _after_panel_post(request, claim, notice):
    """HTMX swaps the panel in place; without JavaScript, back to the article page."""
    if request.headers.get("HX-Request"):
        # The save may have moved the claim's status (open -> in review -> ready); the
        # panel's status line sits outside the swapped fragment and is updated out of band.
        claim.refresh_from_db(fields=["status", "version"])
        return _render_panel(request, claim, notice=notice, status_oob=True)
    messages.success(request, notice)
    return back_to_claim(claim)


def _kept(request, stored):
    """The reviewer's form as they sent it, with the stored version: submitting it again replaces the stored one."""
    data = request.POST.copy()
    data["version"] = stored.version
    form = VerdictForm(data)
    form.is_valid()
    return form


@require_POST
@login_required
def claim_verdict(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _render_panel(request, claim, status=400, verdict_form=form)
    own = selectors.verdict_own(claim, request.user)
    data = form.cleaned_data
    try:
        if own:
            review.verdict_update(verdict=own, expected_version=data["version"] or 0,
                                  rating=data["rating"], rationale=data["rationale"])
        else:
            review.verdict_submit(claim=claim, reviewer=request.user,
                                  rating=data["rating"], rationale=data["rationale"])
    except (review.VerdictVersionConflict, review.VerdictExists) as exc:
        # Nothing typed is lost: the form keeps the reviewer's input, the stored verdict is shown beside it.
        if isinstance(exc, review.VerdictVersionConflict):
            stored = exc.current
            message = (f"This verdict was changed since you read it: you sent version {exc.expected_version}, "
                       f"the current version is {stored.version}.")
        else:
            stored = exc.existing
            message = "You already submitted a verdict on this claim (in another tab, perhaps)."
        return _render_panel(request, claim, status=409, verdict_form=_kept(request, stored),
                             conflict={"message": message, "stored": stored})
    except ValidationError as exc:
        for field, errors in (exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]):
            form.add_error(field if field in form.fields else None, errors)
        return _render_panel(request, claim, status=400, verdict_form=form)
    review.rationale_draft_clear(claim=claim, author=request.user)
    return _after_panel_post(request, claim, "Verdict saved.")


@require_POST
@login_required
def claim_verdict_withdraw(request, pk):
    """The reviewer withdraws their own verdict on the claim, with a reason; it stays on record."""
    claim = access.get_claim_for_user(request.user, pk)
    own = selectors.verdict_own(claim, request.user)
    form = ReasonForm(request.POST)
    if own is None or not form.is_valid():
        return _render_panel(request, claim, status=400, notice=None if own else "You have no verdict to withdraw.")
    try:
        review.verdict_withdraw(verdict=own, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _render_panel(request, claim, status=400, conflict={"message": " ".join(exc.messages)})
    return _after_panel_post(request, claim, "Verdict withdrawn; you may rate the claim again.")


@require_POST
@login_required
def claim_draft(request, pk):
    """Autosave of the rationale while the reviewer types; answers with the draft's status line."""
    claim = access.get_claim_for_user(request.user, pk)
    text = request.POST.get("rationale", "")
    if len(text) > VerdictForm.base_fields["rationale"].max_length:
        error = "The rationale is too long to keep as a draft (10,000 characters at most)."
        return render(request, "annotations/partials/_draft_status.html", {"error": error}, status=400)
    draft = review.rationale_draft_save(claim=claim, author=request.user, text=text)
    return render(request, "annotations/partials/_draft_status.html", {"draft": draft, "saved": True})


def _render_evidence(request, claim, *, form=None, notice=None, status=200):
    context = {
        "claim": claim, "evidence_form": form or EvidenceForm(), "evidence_notice": notice,
        **_evidence_context(request, claim),
    }
    return render(request, "annotations/partials/_evidence.html", context, status=status)


@require_POST
@login_required
def claim_evidence(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    form = EvidenceForm(request.POST)
    htmx = bool(request.headers.get("HX-Request"))
    if not form.is_valid():
        if htmx:
            return _render_evidence(request, claim, form=form, status=400)
        return _render_panel(request, claim, status=400, evidence_form=form)
    review.evidence_add(claim=claim, added_by=request.user, **form.cleaned_data)
    if htmx:
        return _render_evidence(request, claim, notice="Evidence added.")
    return _after_panel_post(request, claim, "Evidence added.")


@require_POST
@login_required
def evidence_retract(request, pk, evidence_pk):
    """Retract a piece of evidence (whoever added it, or a moderator); it stays on record, marked."""
    claim = access.get_claim_for_user(request.user, pk)
    evidence = access.get_evidence_for_user(request.user, evidence_pk, write=True)
    if evidence.claim_id != claim.pk:
        raise PermissionDenied("That evidence belongs to another claim.")
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        review.evidence_retract(evidence=evidence, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        notice = " ".join(exc.messages)
    else:
        notice = "Evidence retracted; it stays on record, marked as retracted."
    if request.headers.get("HX-Request"):
        return _render_evidence(request, claim, notice=notice)
    messages.info(request, notice)
    return back_to_claim(claim)
