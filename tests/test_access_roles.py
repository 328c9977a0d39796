"""The access gate asks the database for a user's roles once per user object, and a role
change applies from the next request (each request loads its user afresh)."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import access, roles


def test_the_gate_looks_the_roles_up_once_for_many_checks(reviewer_a):
    reviewer_a.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        answers = [access.can_review(reviewer_a), access.can_edit(reviewer_a), access.can_review(reviewer_a),
                   access.may(reviewer_a, access.PUBLISH)]

    assert answers == [True, False, True, False]
    assert len(captured) == 1


def test_a_role_added_through_the_user_applies_to_that_object_at_once(reviewer_a):
    assert not access.can_edit(reviewer_a)

    reviewer_a.groups.add(Group.objects.get(name=roles.EDITOR))

    assert access.can_edit(reviewer_a)


def test_a_role_removed_through_the_user_applies_to_that_object_at_once(reviewer_a):
    assert access.can_review(reviewer_a)

    reviewer_a.groups.remove(Group.objects.get(name=roles.REVIEWER))

    assert not access.can_review(reviewer_a)


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
