"""Personas and shared fixtures. Every test names who acts: reviewer_a,
reviewer_b, editor, admin_user, outsider (signed in, no role) or anonymous."""

import importlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from annotations import roles
from annotations.services import articles
from annotations.services.accounts import role_permissions_grant
from tests.redis_server import redis_control, redis_server  # noqa: F401 - fixtures, used by name

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts live in the cache: each test starts with none, so no test is throttled by another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, **extra)
    if role:
        # get_or_create: transactional tests flush the rows the data migrations made.
        group, created = Group.objects.get_or_create(name=role)
        if created or not group.permissions.exists():
            role_permissions_grant(Group, Permission)
        user.groups.add(group)
    return user


@pytest.fixture
def reviewer_a(django_user_model):
    return _user(django_user_model, "reviewer_a", roles.REVIEWER)


@pytest.fixture
def reviewer_b(django_user_model):
    return _user(django_user_model, "reviewer_b", roles.REVIEWER)


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, "editor", roles.EDITOR, is_staff=True)


@pytest.fixture
def admin_user(django_user_model):
    return _user(django_user_model, "admin", roles.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(django_user_model):
    return _user(django_user_model, "outsider")


@pytest.fixture
def default_ratings(db):
    """The default rating scale, recreated if a transactional test flushed it."""
    from django.apps import apps

    from annotations.models import Rating

    defaults = importlib.import_module("annotations.migrations.0002_default_rating_scale_and_roles")
    defaults.create_defaults(apps, None)
    return {rating.slug: rating for rating in Rating.objects.filter(scale__is_default=True)}


@pytest.fixture
def seed_texts():
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}


@pytest.fixture
def split_article(db, django_capture_on_commit_callbacks):
    """Create an article and run its split inline (Celery eager in unit tests)."""

    def make(body, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            article = articles.article_create(body=body, **fields)
        article.refresh_from_db()
        return article

    return make
