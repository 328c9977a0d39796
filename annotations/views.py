from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from annotations import access, assignment, selectors, services
from annotations.forms import EvidenceForm, VerdictForm
from annotations.models import Article, Claim


@login_required
def home(request):
    if not access.can_review(request.user):
        raise PermissionDenied("Your account has no role yet; ask an editor to add you.")
    articles = selectors.article_list()
    pending = articles.exclude(split_state=Article.SplitState.DONE).exists()
    return render(request, "annotations/home.html", {
        "articles": articles, "pending": pending,
        "queue_counts": selectors.queue_assignee_counts(request.user),
        "can_assign": access.can_assign(request.user),
    })


@login_required
def article_detail(request, pk):
    article = access.get_article_for_user(request.user, pk)
    selected_id = request.GET.get("claim", "")
    claims = article.claims.select_related("assignee")
    selected = claims.filter(pk=selected_id).first() if selected_id.isdigit() else None
    return render(
        request,
        "annotations/article_detail.html",
        {
            "article": article,
            "segments": selectors.article_segments(article),
            "can_edit": access.can_edit(request.user),
            "selected": selected,
            "queue_query": request.GET.get("queue", ""),
            "can_assign": access.can_assign(request.user),
            "reviewers": selectors.reviewer_list() if access.can_assign(request.user) else [],
            "neighbour": services.claim_neighbour(selected) if selected else None,
            "can_release": bool(selected) and access.can_release(request.user, selected),
            "can_take": bool(selected) and access.can_take(request.user, selected),
            # Splitting or merging a reviewed claim is refused (services._refuse_if_reviewed): say so up front.
            "selected_reviewed": bool(selected) and selected.verdicts.exists(),
            **(_claim_panel_context(request, selected) if selected else {}),
        },
    )


@login_required
def article_split_state(request, pk):
    """The split-state fragment, polled by the article page while a split runs."""
    article = access.get_article_for_user(request.user, pk)
    response = render(
        request,
        "annotations/partials/_split_state.html",
        {"article": article, "can_edit": access.can_edit(request.user)},
    )
    finished = article.split_state in (Article.SplitState.DONE, Article.SplitState.FAILED)
    if finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # reload once to show the new claims
    return response


@require_POST
@login_required
def article_resplit(request, pk):
    article = access.get_article_for_user(request.user, pk, write=True)
    services.article_resplit(article=article)
    messages.success(request, "Queued for splitting again.")
    return redirect(article)


def _queue_filters(request):
    """The queue's filters from the query string; unknown values are ignored, not errors."""
    article = request.GET.get("article", "")
    status = request.GET.get("status", "")
    claim_type = request.GET.get("type", "")
    return {
        "article": int(article) if article.isdigit() else None,
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
    names = {"article": "article", "status": "status", "claim_type": "type", "assignee": "assignee"}
    return urlencode({names[key]: value for key, value in filters.items() if value})


@login_required
def queue(request):
    if not access.can_review(request.user):
        raise PermissionDenied("Your account has no role yet; ask an editor to add you.")
    filters = _queue_filters(request)
    claims = selectors.review_queue_for(request.user, **filters)
    return render(
        request,
        "annotations/queue.html",
        {
            "claims": claims[:200],
            "total": claims.count(),
            "status_counts": selectors.queue_status_counts(claims),
            "filters": filters,
            "query": _queue_query(filters),
            "articles": Article.objects.filter(split_state=Article.SplitState.DONE).only("pk", "title"),
            "statuses": [(value, label) for value, label in Claim.Status.choices if value in selectors.QUEUE_STATUSES],
            "claim_types": Claim.ClaimType.choices,
            "assignee_counts": selectors.queue_assignee_counts(
                request.user, **{key: value for key, value in filters.items() if key != "assignee"}
            ),
            "can_assign": access.can_assign(request.user),
            "reviewers": selectors.reviewer_list() if access.can_assign(request.user) else [],
        },
    )


@login_required
def queue_next(request):
    """Open the next claim of the queue: the first, or the one after ``?after=<claim id>``."""
    if not access.can_review(request.user):
        raise PermissionDenied("Your account has no role yet; ask an editor to add you.")
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


def _claim_panel_context(request, claim, *, verdict_form=None, evidence_form=None, conflict=None, notice=None):
    """What the review panel of one claim shows to this user (blind review included)."""
    own = claim.verdicts.filter(reviewer=request.user).select_related("rating").first()
    # After a conflict the form must show what is stored, not the draft that lost.
    draft = None if conflict else selectors.rationale_draft_get(claim, request.user)
    if verdict_form is None:
        initial = {"rating": own.rating_id, "rationale": own.rationale, "version": own.version} if own else {}
        if draft:
            initial["rationale"] = draft.text
        verdict_form = VerdictForm(initial=initial)
    others = access.verdicts_visible_to(request.user, claim).exclude(reviewer=request.user)
    return {
        "claim": claim,
        "own_verdict": own,
        "other_verdicts": others.select_related("reviewer", "rating").order_by("created_at"),
        "others_hidden": own is None and not access.can_edit(request.user),
        "verdict_form": verdict_form,
        "evidence_list": claim.evidence.select_related("added_by").order_by("created_at"),
        "evidence_form": evidence_form or EvidenceForm(),
        "conflict": conflict,
        "notice": notice,
        "draft": draft,
        "lock": selectors.claim_lock_get(claim),
    }


def _render_panel(request, claim, status=200, status_oob=False, **forms):
    context = {**_claim_panel_context(request, claim, **forms), "status_oob": status_oob}
    return render(request, "annotations/partials/_claim_panel.html", context, status=status)


def _after_panel_post(request, claim, notice):
    """HTMX swaps the panel in place; without JavaScript, back to the article page."""
    if request.headers.get("HX-Request"):
        # The save may have moved the claim's status (open -> in review -> ready); the
        # panel's status line sits outside the swapped fragment and is updated out of band.
        claim.refresh_from_db(fields=["status", "version"])
        return _render_panel(request, claim, notice=notice, status_oob=True)
    messages.success(request, notice)
    return redirect(f"{claim.article.get_absolute_url()}?claim={claim.pk}#claim-{claim.pk}")


@require_POST
@login_required
def claim_verdict(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _render_panel(request, claim, status=400, verdict_form=form)
    own = claim.verdicts.filter(reviewer=request.user).first()
    data = form.cleaned_data
    try:
        if own:
            services.verdict_update(verdict=own, expected_version=data["version"] or 0,
                                    rating=data["rating"], rationale=data["rationale"])
        else:
            services.verdict_submit(claim=claim, reviewer=request.user,
                                    rating=data["rating"], rationale=data["rationale"])
    except services.VerdictVersionConflict as exc:
        # Show the stored verdict, never the stale edit silently saved over it.
        return _render_panel(request, claim, status=409, conflict=str(exc))
    except services.VerdictExists as exc:
        return _render_panel(request, claim, status=409, conflict=exc.messages[0])
    except services.ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_panel(request, claim, status=400, verdict_form=form)
    services.rationale_draft_clear(claim=claim, author=request.user)
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
    draft = services.rationale_draft_save(claim=claim, author=request.user, text=text)
    return render(request, "annotations/partials/_draft_status.html", {"draft": draft, "saved": True})


def _render_evidence(request, claim, *, form=None, notice=None, status=200):
    context = {
        "claim": claim, "evidence_form": form or EvidenceForm(), "evidence_notice": notice,
        "evidence_list": claim.evidence.select_related("added_by").order_by("created_at"),
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
    services.evidence_add(claim=claim, added_by=request.user, **form.cleaned_data)
    if htmx:
        return _render_evidence(request, claim, notice="Evidence added.")
    return _after_panel_post(request, claim, "Evidence added.")


def _span_from(request):
    try:
        return int(request.POST["start"]), int(request.POST["end"])
    except (KeyError, ValueError):
        raise services.ValidationError("Select the text of the claim in the article first.") from None


def _version_from(request):
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else 0


def _back_to_claim(claim):
    return redirect(f"{claim.article.get_absolute_url()}?claim={claim.pk}#claim-{claim.pk}")


def _int_from(request, name, message):
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise services.ValidationError(message)
    return int(value)


def _split(request, claim):
    at = _int_from(request, "at", "Put the cursor in the claim where it should be cut, then split.")
    first, second = services.claim_split(claim=claim, at=at, expected_version=_version_from(request),
                                         actor=request.user)
    messages.success(request, f"Split into characters {first.start}–{first.end} and {second.start}–{second.end}.")
    return first


def _merge(request, claim):
    neighbour = _int_from(request, "neighbour", "There is no next claim to merge with.")
    merged = services.claim_merge(
        claim=claim, expected_version=_version_from(request), neighbour_id=neighbour,
        neighbour_version=_int_from(request, "neighbour_version", "Reload the page and merge again."),
        actor=request.user,
    )
    messages.success(request, f"Merged: the claim now spans characters {merged.start}–{merged.end}.")
    return merged


@require_POST
@login_required
def claim_correct(request, pk, action):
    """Move, split or merge a claim, or dismiss it as not a claim, each with a version check."""
    claim = access.get_claim_for_user(request.user, pk)
    try:
        if action == "span":
            start, end = _span_from(request)
            claim = services.claim_update_span(claim=claim, start=start, end=end,
                                               expected_version=_version_from(request))
            messages.success(request, f"Span moved to characters {claim.start}–{claim.end}.")
        elif action == "split":
            claim = _split(request, claim)
        elif action == "merge":
            claim = _merge(request, claim)
        else:
            claim = services.claim_dismiss(claim=claim, reason=request.POST.get("reason", ""),
                                           expected_version=_version_from(request))
            messages.success(request, "Dismissed as not a claim.")
    except services.ClaimVersionConflict as exc:
        messages.error(request, str(exc))
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_claim(claim)


@require_POST
@login_required
def article_claim_add(request, pk):
    """A claim the splitter missed, from text selected in the article."""
    article = access.get_article_for_user(request.user, pk)
    try:
        start, end = _span_from(request)
        claim = services.claim_add(article=article, start=start, end=end)
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(article)
    messages.success(request, "Claim added.")
    return _back_to_claim(claim)


# --- Assignment and the soft lock ---


def _assignee_from(request):
    """The reviewer named in the form, or None for "open to anyone"; a forged id is an error, not a 404."""
    value = request.POST.get("assignee", "")
    if value == "":
        return None
    reviewer = selectors.reviewer_list().filter(pk=value).first() if value.isdigit() else None
    if reviewer is None:
        raise services.ValidationError("Choose a reviewer from the list.")
    return reviewer


@require_POST
@login_required
def claim_assign(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    if not access.can_assign(request.user):
        raise PermissionDenied("Only editors assign claims; you can take an open claim instead.")
    try:
        assignee = _assignee_from(request)
        claim = assignment.claim_assign(claim=claim, assignee=assignee)
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_claim(claim)
    messages.success(request, f"Assigned to {assignee.get_username()}." if assignee else "Open to anyone now.")
    return _back_to_claim(claim)


@require_POST
@login_required
def article_assign(request, pk):
    article = access.get_article_for_user(request.user, pk)
    if not access.can_assign(request.user):
        raise PermissionDenied("Only editors assign articles.")
    try:
        assignee = _assignee_from(request)
        changed = assignment.article_assign(article=article, assignee=assignee, by=request.user)
    except services.ValidationError as exc:
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
        claim = assignment.claim_take(claim=claim, user=request.user)
        messages.success(request, "You took this claim; it is in your queue as assigned to you.")
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_claim(claim)


@require_POST
@login_required
def claim_release(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    if not access.can_release(request.user, claim):
        raise PermissionDenied("Only the assignee or an editor can hand this claim back.")
    claim = assignment.claim_release(claim=claim)
    messages.success(request, "Handed back: the claim is open to anyone.")
    return _back_to_claim(claim)


@require_POST
@login_required
def claim_lock(request, pk):
    """Renew (or, with ``release``, drop) the soft lock; polled by the open panel. Never refuses."""
    claim = access.get_claim_for_user(request.user, pk)
    view = request.POST.get("view", "")[:40]
    if request.POST.get("release"):
        assignment.claim_lock_release(claim=claim, user=request.user, view=view)
        return HttpResponse(status=204)
    lock = assignment.claim_lock_touch(claim=claim, user=request.user, view=view)
    if request.POST.get("shown") == str(lock.holder_id):
        # Nothing changed on screen: no swap, so screen readers are not told the same thing every minute.
        return HttpResponse(status=204)
    return render(request, "annotations/partials/_claim_lock.html", {"lock": lock, "claim": claim})
