"""The access gate decides on Django's permissions: roles are groups of permissions, and granting
or revoking a permission (to a group or one person, in the admin or anywhere) changes what a
person may do from their next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import access, roles


def _permission(codename):
    return Permission.objects.get(content_type__app_label="annotations", codename=codename)


def test_the_gate_reads_the_persons_permissions_once_for_many_checks(reviewer_a):
    reviewer_a.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        answers = [access.can_review(reviewer_a), access.may(reviewer_a, access.VIEW_EDITORIAL),
                   access.can_review(reviewer_a), access.may(reviewer_a, access.PUBLISH)]

    assert answers == [True, False, True, False]
    assert len(captured) == 1  # the user's own permissions and their groups', in one query (PermissionBackend)


def test_each_role_holds_the_permissions_the_gate_asks_about(reviewer_a, editor, admin_user, outsider):
    rows = {
        user.username: [access.can_review(user), access.can_add_article(user)]
        + [access.may(user, action) for action in access.ACTION_PERMISSIONS]
        for user in (reviewer_a, editor, admin_user, outsider)
    }

    assert rows == {
        "reviewer_a": [True, True] + [False] * len(access.ACTION_PERMISSIONS),
        "editor": [True, True] + [True] * len(access.ACTION_PERMISSIONS),
        "admin": [True, True] + [True] * len(access.ACTION_PERMISSIONS),
        "outsider": [False, False] + [False] * len(access.ACTION_PERMISSIONS),
    }


def test_a_permission_granted_to_one_person_lets_them_do_that_one_thing(client, outsider, django_user_model):
    client.force_login(outsider)
    assert client.get(reverse("queue")).status_code == 403

    outsider.user_permissions.add(_permission("review_claim"))

    assert client.get(reverse("queue")).status_code == 200
    fresh = django_user_model.objects.get(pk=outsider.pk)
    assert access.can_review(fresh) and not access.may(fresh, access.PUBLISH)


def test_revoking_a_permission_from_the_editors_group_stops_every_editor(client, editor):
    client.force_login(editor)
    assert client.get(reverse("editorial-ready")).status_code == 200

    Group.objects.get(name=roles.EDITOR).permissions.remove(_permission("view_editorial"))

    assert client.get(reverse("editorial-ready")).status_code == 403
    assert client.get(reverse("queue")).status_code == 200  # the rest of the role stays


def test_granting_a_permission_in_the_admin_changes_what_the_person_may_do(
    client, admin_user, reviewer_a, reviewer_b, split_article
):
    """The admin's own user form, as an administrator uses it: tick "Can assign claims to reviewers"."""
    claim = split_article("Council Votes\n\nThe council hired 40 teachers on Monday.").claims.last()
    reviewer = APIClient()
    reviewer.force_login(reviewer_a)
    assign = reverse("claim-assign", args=[claim.pk])
    assert reviewer.post(assign, {"assignee": reviewer_b.pk}).status_code == 403

    client.force_login(admin_user)
    change = reverse("admin:auth_user_change", args=[reviewer_a.pk])
    form = client.get(change).context["adminform"].form
    data = {
        "username": reviewer_a.username, "is_active": "on",
        "groups": [group.pk for group in reviewer_a.groups.all()],
        "user_permissions": [_permission("assign_claim").pk],
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
    }
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert reviewer.post(assign, {"assignee": reviewer_b.pk}).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == reviewer_b


def test_a_role_taken_away_elsewhere_applies_from_the_next_api_request(reviewer_a, django_user_model):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reviewer_a).key}")
    assert client.get("/api/v1/claims/").status_code == 200

    # As an admin would, from the group's side and through another copy of the user.
    Group.objects.get(name=roles.REVIEWER).user_set.remove(django_user_model.objects.get(pk=reviewer_a.pk))

    assert client.get("/api/v1/claims/").status_code == 403


def test_a_role_given_elsewhere_applies_from_the_next_web_request(client, outsider):
    client.force_login(outsider)
    assert client.get("/api/v1/claims/").status_code == 403

    Group.objects.get(name=roles.REVIEWER).user_set.add(outsider.pk)

    assert client.get("/api/v1/claims/").status_code == 200


def test_an_inactive_superuser_may_do_nothing(admin_user):
    admin_user.is_active = False

    assert not access.can_review(admin_user)
    assert not any(access.may(admin_user, action) for action in access.ACTION_PERMISSIONS)


@pytest.mark.parametrize("fast_sql", [True, False], ids=["plain SQL", "ORM"])
def test_the_permission_backend_answers_as_djangos_model_backend(reviewer_a, editor, admin_user, outsider,
                                                                   django_user_model, settings, fast_sql):
    """access.PermissionBackend reads a person's and their groups' permissions in one query; the set must
    be Django's ModelBackend's exactly: own, by group, both (overlapping), superuser (all), inactive (none),
    someone holding nothing, and a permission of another app. On both of its paths (PERMISSIONS_FAST_SQL)."""
    from django.contrib.auth.backends import ModelBackend

    settings.PERMISSIONS_FAST_SQL = fast_sql
    nobody = django_user_model.objects.create_user("nobody")
    other_app = Permission.objects.get(content_type__app_label="auth", codename="view_group")
    editor.user_permissions.add(other_app, _permission("review_claim"))  # review_claim: the groups' too
    both = django_user_model.objects.create_user("both")
    both.groups.add(*reviewer_a.groups.all())
    both.user_permissions.add(_permission("publish_factcheck"), _permission("review_claim"))
    inactive = django_user_model.objects.create_user("gone", is_active=False)
    inactive.groups.add(*editor.groups.all())
    outsider.user_permissions.add(_permission("assign_claim"))
    root = django_user_model.objects.create_superuser("root", password="a long enough secret 1")

    for user in (reviewer_a, editor, admin_user, outsider, both, inactive, root, nobody):
        ours = access.PermissionBackend().get_all_permissions(django_user_model.objects.get(pk=user.pk))
        djangos = ModelBackend().get_all_permissions(django_user_model.objects.get(pk=user.pk))
        assert ours == djangos, user.username
    assert "annotations.publish_factcheck" in access.PermissionBackend().get_all_permissions(both)
    assert access.PermissionBackend().get_all_permissions(inactive) == set()
    assert len(access.PermissionBackend().get_all_permissions(root)) == Permission.objects.count()
    assert access.PermissionBackend().get_all_permissions(nobody) == set()
    assert "auth.view_group" in access.PermissionBackend().get_all_permissions(editor)
