"""The review panel of one claim: the reviewer's verdict, the rationale draft, the evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import access, selectors
from annotations.services import review
from annotations.web.forms import EvidenceForm, VerdictForm


def claim_panel_context(request, claim, *, verdict_form=None, evidence_form=None, conflict=None, notice=None):
    """What the review panel of one claim shows to this user (blind review included)."""
    own = selectors.verdict_own(claim, request.user)
    # After a conflict the form must show what is stored, not the draft that lost.
    draft = None if conflict else selectors.rationale_draft_get(claim, request.user)
    if verdict_form is None:
        initial = {"rating": own.rating_id, "rationale": own.rationale, "version": own.version} if own else {}
        if draft:
            initial["rationale"] = draft.text
        verdict_form = VerdictForm(initial=initial)
    blind = access.verdict_scope(request.user) != access.VERDICTS_ALL
    others = access.verdicts_visible_to(request.user, claim).exclude(reviewer=request.user)
    return {
        "claim": claim,
        "own_verdict": own,
        "other_verdicts": selectors.verdict_list(others).order_by("created_at"),
        "others_hidden": own is None and blind,
        "verdict_form": verdict_form,
        "evidence_list": selectors.claim_evidence(claim),
        "evidence_form": evidence_form or EvidenceForm(),
        "conflict": conflict,
        "notice": notice,
        "draft": draft,
        "presence": selectors.claim_presence_get(claim),
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
    except review.VerdictVersionConflict as exc:
        # Show the stored verdict, never the stale edit silently saved over it.
        return _render_panel(request, claim, status=409, conflict=str(exc))
    except review.VerdictExists as exc:
        return _render_panel(request, claim, status=409, conflict=exc.messages[0])
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_panel(request, claim, status=400, verdict_form=form)
    review.rationale_draft_clear(claim=claim, author=request.user)
    return _after_panel_post(request, claim, "Verdict saved.")


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
        "evidence_list": selectors.claim_evidence(claim),
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
