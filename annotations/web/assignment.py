"""Who works on what, from the article page: assign, take, hand back, and presence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import access, selectors
from annotations.services import assignment
from annotations.web.review import back_to_claim


def _assignee_from(request):
    """The reviewer named in the form, or None for "open to anyone"; a forged id is an error, not a 404."""
    value = request.POST.get("assignee", "")
    if value == "":
        return None
    reviewer = selectors.reviewer_list().filter(pk=value).first() if value.isdigit() else None
    if reviewer is None:
        raise ValidationError("Choose a reviewer from the list.")
    return reviewer


@require_POST
@login_required
def claim_assign(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    access.check_may(request.user, access.ASSIGN)
    try:
        assignee = _assignee_from(request)
        assignment.claim_assign(claim=claim, assignee=assignee, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back_to_claim(claim)
    messages.success(request, f"Assigned to {assignee.get_username()}." if assignee else "Open to anyone now.")
    return back_to_claim(claim)


@require_POST
@login_required
def article_assign(request, pk):
    article = access.get_article_for_user(request.user, pk)
    access.check_may(request.user, access.ASSIGN)
    try:
        assignee = _assignee_from(request)
        changed = assignment.article_assign(article=article, assignee=assignee, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(article)
    claims = f"{changed} waiting claim{'s' if changed != 1 else ''}"
    messages.success(request, f"{claims} assigned to {assignee.get_username()}." if assignee
                     else f"{claims} now open to anyone.")
    return redirect(article)


@require_POST
@login_required
def claim_take(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    try:
        claim = assignment.claim_take(claim=claim, actor=request.user)
        messages.success(request, "You took this claim; it is in your queue as assigned to you.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return back_to_claim(claim)


@require_POST
@login_required
def claim_release(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    if not access.can_release(request.user, claim):
        raise PermissionDenied("Only the assignee or an editor can hand this claim back.")
    claim = assignment.claim_release(claim=claim, actor=request.user)
    messages.success(request, "Handed back: the claim is open to anyone.")
    return back_to_claim(claim)


@require_POST
@login_required
def claim_presence(request, pk):
    """Renew (or, with ``leave``, drop) the user's presence on a claim; polled by the open panel. Never refuses."""
    claim = access.get_claim_for_user(request.user, pk)
    view = request.POST.get("view", "")[:40]
    if request.POST.get("leave"):
        assignment.presence_leave(claim=claim, user=request.user, view=view)
        return HttpResponse(status=204)
    presence = assignment.presence_touch(claim=claim, user=request.user, view=view)
    if request.POST.get("shown") == str(presence.holder_id):
        # Nothing changed on screen: no swap, so screen readers are not told the same thing every minute.
        return HttpResponse(status=204)
    return render(request, "annotations/partials/_claim_presence.html", {"presence": presence, "claim": claim})
