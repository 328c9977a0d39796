from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from annotations import access, selectors, services
from annotations.forms import EvidenceForm, VerdictForm
from annotations.models import Article, Claim


@login_required
def home(request):
    if not access.can_review(request.user):
        raise PermissionDenied("Your account has no role yet; ask an editor to add you.")
    articles = selectors.article_list()
    pending = articles.exclude(split_state=Article.SplitState.DONE).exists()
    return render(request, "annotations/home.html", {"articles": articles, "pending": pending})


@login_required
def article_detail(request, pk):
    article = access.get_article_for_user(request.user, pk)
    selected_id = request.GET.get("claim", "")
    selected = article.claims.filter(pk=selected_id).first() if selected_id.isdigit() else None
    return render(
        request,
        "annotations/article_detail.html",
        {
            "article": article,
            "segments": selectors.article_segments(article),
            "can_edit": access.can_edit(request.user),
            "selected": selected,
            "queue_query": request.GET.get("queue", ""),
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
    }


def _queue_query(filters):
    names = {"article": "article", "status": "status", "claim_type": "type"}
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
    if verdict_form is None:
        initial = {"rating": own.rating_id, "rationale": own.rationale, "version": own.version} if own else {}
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
    }


def _render_panel(request, claim, status=200, **forms):
    return render(request, "annotations/partials/_claim_panel.html",
                  _claim_panel_context(request, claim, **forms), status=status)


def _after_panel_post(request, claim, notice):
    """HTMX swaps the panel in place; without JavaScript, back to the article page."""
    if request.headers.get("HX-Request"):
        return _render_panel(request, claim, notice=notice)
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
    return _after_panel_post(request, claim, "Verdict saved.")


@require_POST
@login_required
def claim_evidence(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _render_panel(request, claim, status=400, evidence_form=form)
    services.evidence_add(claim=claim, added_by=request.user, **form.cleaned_data)
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


@require_POST
@login_required
def claim_correct(request, pk, action):
    """Move a claim's span, or dismiss it as not a claim, with a version check."""
    claim = access.get_claim_for_user(request.user, pk)
    try:
        if action == "span":
            start, end = _span_from(request)
            claim = services.claim_update_span(claim=claim, start=start, end=end,
                                               expected_version=_version_from(request))
            messages.success(request, f"Span moved to characters {claim.start}–{claim.end}.")
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
