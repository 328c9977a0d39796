from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import access, selectors, services
from annotations.models import Article


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
    return render(
        request,
        "annotations/article_detail.html",
        {
            "article": article,
            "segments": selectors.article_segments(article),
            "can_edit": access.can_edit(request.user),
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
