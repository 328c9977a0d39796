"""The desk's home page and the article page (the review workspace around the article's text)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from annotations import access, selectors
from annotations.services import articles
from annotations.web.forms import ArticleMetadataForm
from annotations.web.review import claim_panel_context

NO_ROLE = "Your account has no role yet; ask an editor to add you."
HOME_PAGE_SIZE = 50


@login_required
def home(request):
    if not access.can_review(request.user):
        raise PermissionDenied(NO_ROLE)
    page = selectors.ListPaginator(selectors.article_rows(), HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    # Counted for the page's articles only: counted in the paged query, every page grouped all the claims.
    page.object_list = selectors.article_counts_attach(list(page.object_list))
    return render(request, "annotations/home.html", {
        "articles": page,
        "page": page,
        "pending": selectors.articles_pending_split(),
        "queue_counts": selectors.queue_assignee_counts(request.user),
        "can_assign": access.can_assign(request.user),
        "desk_counts": selectors.desk_counts() if access.may(request.user, access.VIEW_EDITORIAL) else None,
    })


@login_required
def article_detail(request, pk):
    article = access.get_article_for_user(request.user, pk)
    selected_id = request.GET.get("claim", "")
    claims = selectors.article_claims(article)
    selected = claims.filter(pk=selected_id).first() if selected_id.isdigit() else None
    can_assign = access.can_assign(request.user)
    return render(
        request,
        "annotations/article_detail.html",
        {
            "article": article,
            "segments": selectors.article_segments(article),
            "can_resplit": access.may(request.user, access.RESPLIT),
            "can_edit": access.may(request.user, access.EDIT_ARTICLE),
            "selected": selected,
            "queue_query": request.GET.get("queue", ""),
            "can_assign": can_assign,
            "reviewers": selectors.reviewer_list() if can_assign else [],
            "neighbour": selectors.claim_neighbour(selected) if selected else None,
            "can_release": bool(selected) and access.can_release(request.user, selected),
            "can_take": bool(selected) and access.can_take(request.user, selected),
            # Splitting or merging a reviewed claim is refused (services.corrections): say so up front.
            "selected_reviewed": bool(selected) and selectors.claim_was_rated(selected),
            **(claim_panel_context(request, selected) if selected else {}),
        },
    )


@login_required
def article_split_state(request, pk):
    """The split-state fragment, polled by the article page while a split runs."""
    article = access.get_article_for_user(request.user, pk)
    response = render(
        request,
        "annotations/partials/_split_state.html",
        {"article": article, "can_resplit": access.may(request.user, access.RESPLIT)},
    )
    if article.split_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # reload once to show the new claims
    return response


@require_POST
@login_required
def article_resplit(request, pk):
    article = access.get_article_for_user(request.user, pk, action=access.RESPLIT)
    articles.article_resplit(article=article, actor=request.user)
    messages.success(request, "Queued for splitting again.")
    return redirect(article)


@require_http_methods(["GET", "POST"])
@login_required
def article_edit(request, pk):
    """An article's title, publisher, URL and publication date (what its page and ClaimReview show); audited."""
    article = access.get_article_for_user(request.user, pk)
    access.check_may(request.user, access.EDIT_ARTICLE)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = article.get_absolute_url()
    fields = ("title", "source", "url", "published_on")
    form = ArticleMetadataForm(request.POST or None, initial={name: getattr(article, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            changed = articles.article_update(article=article, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Article details saved." if changed else "Nothing changed.")
            return redirect(back)
    return render(request, "annotations/article_edit.html", {"article": article, "form": form, "next": back},
                  status=400 if form.is_bound else 200)
