"""The one permission gate. Every view, API endpoint and admin action asks here.

Functions fetch an object *for a user*: a user who may not see it gets
Http404, exactly as if it did not exist, so ids cannot be probed.
"""

from django.http import Http404

from annotations import roles
from annotations.models import Article


def has_role(user, *names) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=names).exists()


def can_review(user) -> bool:
    return has_role(user, roles.REVIEWER, roles.EDITOR, roles.ADMIN)


def can_edit(user) -> bool:
    return has_role(user, roles.EDITOR, roles.ADMIN)


def get_article_for_user(user, pk, *, write=False) -> Article:
    """An article the user may read (every reviewer), or change (editors)."""
    allowed = can_edit(user) if write else can_review(user)
    if not allowed:
        raise Http404("No such article.")
    try:
        return Article.objects.get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
