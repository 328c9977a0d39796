"""The history descriptor that builds its manager class once (annotations/apps.py), and the
history rows a verdict writes in one INSERT each (bulkinsert.save_with_history), are what
simple-history's own descriptor and post_save write and read."""

from unittest import mock

import pytest
from django.db.models import Model
from rest_framework.test import APIClient
from simple_history.manager import HistoryDescriptor

from annotations.apps import ReusedManagerHistoryDescriptor
from annotations.models import Article, Claim, Evidence, FactCheck, Verdict

HISTORY_MODELS = [Article, Claim, Verdict, Evidence, FactCheck]


@pytest.mark.parametrize("model", HISTORY_MODELS)
def test_every_history_model_reuses_its_manager_class(model):
    descriptor = model.__dict__["history"]
    assert type(descriptor) is ReusedManagerHistoryDescriptor
    assert type(model.history) is type(model.history)
    assert model.history.model.__name__ == f"Historical{model.__name__}"


@pytest.fixture
def library_descriptor():
    """Swap simple-history's own descriptor back in for the duration of a block."""

    class Swap:
        def __init__(self):
            self.saved = {}

        def __enter__(self):
            for model in HISTORY_MODELS:
                ours = self.saved[model] = model.__dict__["history"]
                model.history = HistoryDescriptor(ours.model, manager=ours.manager_class, queryset=ours.queryset_class)

        def __exit__(self, *exc):
            for model, ours in self.saved.items():
                model.history = ours

    return Swap()


def _rows(history_model, **filters):
    skip = {"history_id", "history_date", "id", "created_at", "updated_at"}
    return [
        {f.attname: getattr(row, f.attname) for f in history_model._meta.concrete_fields if f.attname not in skip}
        for row in history_model.objects.filter(**filters).order_by("history_id")
    ]


def test_a_verdict_writes_the_history_rows_simple_history_writes(library_descriptor, claims, reviewer_a, ratings):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reviewer_a).key}")

    def submit(claim):
        response = client.post("/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["false"].pk,
                                                     "rationale": "The register says otherwise."}, format="json")
        assert response.status_code == 201
        return response.json()["id"]

    # simple-history's own way: its descriptor, and its post_save writing the rows (not
    # bulkinsert.save_with_history).
    with library_descriptor, mock.patch("annotations.bulkinsert.save_with_history",
                                        lambda instance, **kwargs: instance.save(**kwargs)):
        by_library = submit(claims[0])
    by_ours = submit(claims[1])

    verdicts = Verdict.history.model
    claims_history = Claim.history.model
    assert _rows(verdicts, id=by_ours) == [{**row, "claim_id": claims[1].pk} for row in _rows(verdicts, id=by_library)]
    assert _rows(verdicts, id=by_ours)[0]["history_user_id"] == reviewer_a.pk
    assert _rows(verdicts, id=by_ours)[0]["history_type"] == "+"
    # The status change the verdict made: one row each, the claim as saved, by the same user.
    for claim in claims[:2]:
        claim.refresh_from_db()
    last = [claims_history.objects.filter(id=claim.pk).latest("history_id") for claim in claims[:2]]
    meta = [(row.history_type, row.history_user_id, row.history_change_reason) for row in last]
    assert meta[0] == meta[1] == ("~", reviewer_a.pk, None)
    for row, claim in zip(last, claims[:2], strict=True):
        assert {f.attname: getattr(row, f.attname) for f in Claim._meta.concrete_fields} == {
            f.attname: getattr(claim, f.attname) for f in Claim._meta.concrete_fields}
    assert [claims_history.objects.filter(id=claim.pk).count() for claim in claims[:2]] == [2, 2]


def test_history_reads_and_change_reasons_are_the_same(library_descriptor, claim):
    claim._change_reason = "a reason"
    claim.checkworthy = not claim.checkworthy
    claim.save()
    ours = claim.history.all()
    with library_descriptor:
        library = claim.history.all()
        assert list(library.values_list("history_id", flat=True)) == list(ours.values_list("history_id", flat=True))
        assert isinstance(claim.history.most_recent(), Model)
    assert ours.first().history_change_reason == "a reason"
    assert isinstance(claim.history.most_recent(), Model)
