"""Correcting the split from the article page: move, split, merge, dismiss, restore, add a missed claim."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from annotations import access
from annotations.services import corrections
from annotations.services.common import ClaimVersionConflict
from annotations.web.review import back_to_claim


def _span_from(request):
    try:
        return int(request.POST["start"]), int(request.POST["end"])
    except (KeyError, ValueError):
        raise ValidationError("Select the text of the claim in the article first.") from None


def _version_from(request):
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else 0


def _int_from(request, name, message):
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise ValidationError(message)
    return int(value)


def _move(request, claim):
    start, end = _span_from(request)
    claim = corrections.claim_update_span(claim=claim, start=start, end=end,
                                          expected_version=_version_from(request), actor=request.user)
    return claim, f"Span moved to characters {claim.start}–{claim.end}."


def _split(request, claim):
    at = _int_from(request, "at", "Put the cursor in the claim where it should be cut, then split.")
    first, second = corrections.claim_split(claim=claim, at=at, expected_version=_version_from(request),
                                            actor=request.user)
    return first, f"Split into characters {first.start}–{first.end} and {second.start}–{second.end}."


def _merge(request, claim):
    neighbour = _int_from(request, "neighbour", "There is no next claim to merge with.")
    merged = corrections.claim_merge(
        claim=claim, expected_version=_version_from(request), neighbour_id=neighbour,
        neighbour_version=_int_from(request, "neighbour_version", "Reload the page and merge again."),
        actor=request.user,
    )
    return merged, f"Merged: the claim now spans characters {merged.start}–{merged.end}."


def _dismiss(request, claim):
    claim = corrections.claim_dismiss(claim=claim, reason=request.POST.get("reason", ""),
                                      expected_version=_version_from(request), actor=request.user)
    return claim, "Dismissed as not a claim."


def _restore(request, claim):
    claim = corrections.claim_restore(claim=claim, expected_version=_version_from(request), actor=request.user)
    return claim, "Restored: it is a claim again."


ACTIONS = {"span": _move, "split": _split, "merge": _merge, "dismiss": _dismiss, "restore": _restore}


@require_POST
@login_required
def claim_correct(request, pk, action):
    """Move, split, merge, dismiss or restore a claim, each with a version check."""
    claim = access.get_claim_for_user(request.user, pk)
    try:
        claim, notice = ACTIONS[action](request, claim)
        messages.success(request, notice)
    except ClaimVersionConflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return back_to_claim(claim)


@require_POST
@login_required
def article_claim_add(request, pk):
    """A claim the splitter missed, from text selected in the article."""
    article = access.get_article_for_user(request.user, pk)
    try:
        start, end = _span_from(request)
        claim = corrections.claim_add(article=article, start=start, end=end, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(article)
    messages.success(request, "Claim added.")
    return back_to_claim(claim)
