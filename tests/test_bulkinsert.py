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


# --- save_with_history: one save and its history row, as simple-history's post_save writes it ---


def _history_of(claim, keep_date=False):
    drop = {"history_id", "id", "article_id", "created_at", "updated_at", "start", "end", "text"}
    if not keep_date:
        drop.add("history_date")
    return [{k: v for k, v in row.items() if k not in drop}
            for row in Claim.history.filter(id=claim.pk).order_by("history_id").values()]


def _both_ways(two_articles, change):
    """The same change made to a claim of each article: by simple-history's post_save, and by ours."""
    library, ours = (Claim.objects.create(article=a, start=13, end=49, text=a.body[13:49]) for a in two_articles)
    for claim, save in ((library, lambda c, **kw: c.save(**kw)), (ours, bulkinsert.save_with_history)):
        change(claim)
        claim.status = Claim.Status.IN_REVIEW
        claim.version += 1
        save(claim, update_fields=["status", "version", "updated_at"])
    return _history_of(library, keep_date=True), _history_of(ours, keep_date=True)


@pytest.mark.parametrize("case", ["plain", "reason", "user", "date", "request user", "anonymous request"])
def test_save_with_history_writes_the_row_simple_history_writes(two_articles, editor, case):
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from simple_history.models import HistoricalRecords

    def change(claim):
        if case == "reason":
            claim._change_reason = "checked twice"
        elif case == "user":
            claim._history_user = editor
        elif case == "date":
            claim._history_date = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)

    request = RequestFactory().get("/")
    request.user = editor if case == "request user" else AnonymousUser()
    if case in ("request user", "anonymous request"):
        HistoricalRecords.context.request = request
    try:
        library, ours = _both_ways(two_articles, change)
    finally:
        if case in ("request user", "anonymous request"):
            del HistoricalRecords.context.request  # as its middleware does

    dates = [rows[-1].pop("history_date") for rows in (library, ours)]
    for rows in (library, ours):
        rows[0].pop("history_date")
    assert ours == library
    assert ours[-1]["history_type"] == "~"
    assert ours[-1]["history_user_id"] == (editor.pk if case in ("user", "request user") else None)
    assert (ours[-1]["history_change_reason"] == "checked twice") == (case == "reason")
    if case == "date":
        assert dates == [dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)] * 2


def test_save_with_history_of_a_new_instance_is_a_creation_row(two_articles, editor, default_ratings):
    from annotations.models import Verdict

    claims = [Claim.objects.create(article=a, start=13, end=49, text=a.body[13:49]) for a in two_articles]
    library = Verdict(claim=claims[0], reviewer=editor, rating=default_ratings["true"], rationale="Yes.")
    library.save()
    ours = Verdict(claim=claims[1], reviewer=editor, rating=default_ratings["true"], rationale="Yes.")
    bulkinsert.save_with_history(ours)

    drop = {"history_id", "history_date", "id", "claim_id", "created_at", "updated_at"}
    rows = [{k: v for k, v in Verdict.history.filter(id=v.pk).values().get().items() if k not in drop}
            for v in (library, ours)]
    assert rows[0] == rows[1]
    assert rows[1]["history_type"] == "+"
    assert ours.pk is not None and not ours._state.adding


@pytest.mark.parametrize("off", ["setting", "instance"])
def test_save_with_history_writes_no_row_when_history_is_off(two_articles, settings, off):
    claim = Claim.objects.create(article=two_articles[0], start=13, end=49, text=two_articles[0].body[13:49])
    if off == "setting":
        settings.SIMPLE_HISTORY_ENABLED = False
    else:
        claim.skip_history_when_saving = True
    claim.status = Claim.Status.IN_REVIEW
    bulkinsert.save_with_history(claim, update_fields=["status", "updated_at"])

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    assert Claim.history.filter(id=claim.pk).count() == 1  # its creation only
    assert hasattr(claim, "skip_history_when_saving") == (off == "instance")


def test_save_with_history_writes_nothing_when_the_save_fails(two_articles, editor, default_ratings):
    from annotations.models import Verdict

    claim = Claim.objects.create(article=two_articles[0], start=13, end=49, text=two_articles[0].body[13:49])
    Verdict.objects.create(claim=claim, reviewer=editor, rating=default_ratings["true"])
    before = Verdict.history.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        bulkinsert.save_with_history(Verdict(claim=claim, reviewer=editor, rating=default_ratings["false"]))
    assert Verdict.history.count() == before
