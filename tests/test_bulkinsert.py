"""The pipeline's fast inserts write exactly the rows the ORM would."""

import pytest
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from annotations import bulkinsert
from annotations.models import Article, Claim, ClaimFingerprint

BODY = "Port Report\n\nThe port handled 4 million containers. Officials said 300 ships called in May."


def _claims(article):
    return [
        Claim(article=article, start=0, end=11, text=BODY[0:11], kind=Claim.Kind.BOILERPLATE),
        Claim(article=article, start=13, end=49, text=BODY[13:49], checkworthiness=0.8125, checkworthy=True,
              claim_type=Claim.ClaimType.QUANTITY, splitter_version="1.1"),
    ]


def _columns(queryset, drop):
    return [{k: v for k, v in row.items() if k not in drop} for row in queryset.order_by("start").values()]


@pytest.fixture
def two_articles(db, editor):
    return [Article.objects.create(title=f"Port {i}", body=BODY.replace("4", str(i)), content_hash=f"h{i}",
                                   created_by=editor) for i in range(2)]


def test_claims_and_their_history_rows_equal_what_bulk_create_with_history_writes(two_articles):
    ours, django = two_articles
    bulkinsert.insert_instances(_claims(ours), key=("article", "start", "end"), history_reason="split")
    bulk_create_with_history(_claims(django), Claim, default_change_reason="split")

    drop = {"id", "article_id", "created_at", "updated_at"}
    assert _columns(ours.claims, drop) == _columns(django.claims, drop)
    history_drop = drop | {"history_id", "history_date"}
    assert (_columns(Claim.history.filter(article_id=ours.pk), history_drop)
            == _columns(Claim.history.filter(article_id=django.pk), history_drop))
    assert [h.history_change_reason for h in Claim.history.filter(article_id=ours.pk)] == ["split", "split"]


def test_inserted_instances_get_their_primary_keys_and_timestamps(two_articles):
    claims = _claims(two_articles[0])
    bulkinsert.insert_instances(claims, key=("article", "start", "end"))

    assert [c.pk for c in claims] == list(two_articles[0].claims.order_by("start").values_list("pk", flat=True))
    stored = Claim.objects.get(pk=claims[1].pk)
    assert stored.created_at == claims[1].created_at is not None
    assert stored.checkworthiness == 0.8125 and stored.claim_type == "quantity"


def test_articles_with_a_date_and_a_user_keep_both_in_the_row_and_the_history(db, editor):
    import datetime as dt

    article = Article(title="Dated", body="Text.", content_hash="hd", published_on=dt.date(2025, 9, 3),
                      created_by=editor, url="https://news.example.org/a")
    bulkinsert.insert_instances([article], key=("content_hash",), history_reason="created",
                                history_user_id=editor.pk)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.published_on, stored.created_by_id, stored.url) == (dt.date(2025, 9, 3), editor.pk,
                                                                       "https://news.example.org/a")
    (history,) = stored.history.all()
    assert (history.history_type, history.history_user_id, history.published_on) == ("+", editor.pk,
                                                                                     dt.date(2025, 9, 3))


def test_a_duplicate_key_raises_integrity_error_and_the_transaction_writes_nothing(two_articles):
    claims = _claims(two_articles[0])
    claims[1].start, claims[1].end, claims[1].text = claims[0].start, claims[0].end, claims[0].text
    with pytest.raises(IntegrityError), transaction.atomic():
        bulkinsert.insert_instances(claims, key=("article", "start", "end"), history_reason="split")
    assert not Claim.objects.exists()
    assert not Claim.history.exists()


def test_a_model_with_a_field_it_cannot_pass_through_is_refused(two_articles):
    with pytest.raises(TypeError, match="ClaimFingerprint.vector is a BinaryField; insert it with the ORM"):
        bulkinsert.insert_instances([ClaimFingerprint(claim_id=1, article=two_articles[0], features={})],
                                    key=("claim",))


def test_select_in_finds_rows_among_more_values_than_one_sqlite_statement_takes(two_articles):
    hashes = [f"missing-{i}" for i in range(1500)] + ["h1", "h0"]

    found = bulkinsert.select_in(Article, "content_hash", hashes, ("id", "content_hash"))

    assert sorted(found) == sorted((a.pk, a.content_hash) for a in two_articles)


def test_plain_rows_insert_what_the_same_model_instances_insert(two_articles):
    ours, django = two_articles
    make = bulkinsert.row_maker(Claim)
    rows = [make(article_id=c.article_id, start=c.start, end=c.end, text=c.text, kind=c.kind,
                 checkworthiness=c.checkworthiness, checkworthy=c.checkworthy, claim_type=c.claim_type,
                 splitter_version=c.splitter_version) for c in _claims(ours)]
    bulkinsert.insert_instances(rows, model=Claim, key=("article", "start", "end"), history_reason="split")
    bulk_create_with_history(_claims(django), Claim, default_change_reason="split")

    drop = {"id", "article_id", "created_at", "updated_at"}
    assert _columns(ours.claims, drop) == _columns(django.claims, drop)
    assert [r.id for r in rows] == list(ours.claims.order_by("start").values_list("pk", flat=True))
    assert Claim.history.filter(article_id=ours.pk).count() == 2
