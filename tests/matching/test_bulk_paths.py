"""services.bulk's two paths (settings.BULK_FAST_SQL): plain SQL and the ORM store the same links,
groups, index and counts, and the same articles, claims, history rows and audit events of an import and
its split (COPY on PostgreSQL; on SQLite both paths are the ORM's)."""

from collections import defaultdict
from pathlib import Path

import pytest

from annotations.models import Claim, ClaimFingerprint, ClaimGroup, ClaimKey, ClaimKeyFrequency, ClaimMatch
from annotations.services import bulk, split
from annotations.services import matching as matching_services

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture
def unlinked_seeds(split_article, monkeypatch):
    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)
    return [split_article(path.read_text(encoding="utf-8")) for path in SEEDS]


def _link_as_a_desk_would(seeds):
    """Two articles as a batch, the rest one at a time, then the first relinked after a span correction
    (its stored matches rescored or dropped, its postings and counts replaced)."""
    matching_services.articles_link(article_ids=[seeds[0].pk, seeds[1].pk])
    for article in seeds[2:]:
        matching_services.article_link(article_id=article.pk)
    claim = Claim.objects.filter(article=seeds[0], kind=Claim.Kind.CLAIM).order_by("pk").first()
    Claim.objects.filter(pk=claim.pk).update(end=claim.end - 5, text=claim.text[:-5])
    matching_services.article_link(article_id=seeds[0].pk)
    return claim


def _index():
    """Everything linking stores, independent of row ids that differ between runs."""
    members = defaultdict(set)
    for claim_id, group_id in ClaimFingerprint.objects.filter(group__isnull=False).values_list("claim_id", "group_id"):
        members[group_id].add(claim_id)
    return {
        "matches": sorted(ClaimMatch.objects.values_list("claim_a_id", "claim_b_id", "relation", "score", "decision")),
        "groups": sorted(sorted(group) for group in members.values()),
        "fingerprints": sorted((claim_id, article_id, bytes(vector), features) for claim_id, article_id, vector,
                               features in ClaimFingerprint.objects.values_list("claim_id", "article_id", "vector",
                                                                                "features")),
        "postings": sorted(ClaimKey.objects.values_list("key", "claim_id")),
        "counts": dict(ClaimKeyFrequency.objects.values_list("key", "claims")),
    }


def _forget_links(corrected: Claim):
    """Back to the split articles before any linking: no index, the corrected claim as the splitter made it."""
    for model in (ClaimMatch, ClaimKey, ClaimFingerprint, ClaimKeyFrequency, ClaimGroup):
        model.objects.all().delete()
    Claim.objects.filter(pk=corrected.pk).update(end=corrected.end, text=corrected.text)


@pytest.mark.django_db(transaction=True)
def test_linking_through_the_orm_stores_what_the_plain_sql_path_stores(unlinked_seeds, settings):
    settings.BULK_FAST_SQL = True
    corrected = _link_as_a_desk_would(unlinked_seeds)
    fast = _index()
    _forget_links(corrected)
    settings.BULK_FAST_SQL = False
    _link_as_a_desk_would(unlinked_seeds)

    assert _index() == fast
    assert sum(relation == ClaimMatch.Relation.SAME for _, _, relation, _, _ in fast["matches"]) >= 10
    assert len(fast["groups"]) >= 3 and len(fast["postings"]) > 1000


@pytest.mark.parametrize("fast", [True, False])
def test_counts_are_added_to_old_keys_and_start_new_ones(db, settings, fast):
    settings.BULK_FAST_SQL = fast
    ClaimKeyFrequency.objects.create(key=1, claims=4)
    ClaimKeyFrequency.objects.create(key=2, claims=1)

    bulk.counts_add(ClaimKeyFrequency, "key", "claims", {1: 2, 2: -1, 3: 5, 4: 0})

    assert dict(ClaimKeyFrequency.objects.values_list("key", "claims")) == {1: 6, 2: 0, 3: 5}


@pytest.mark.parametrize("fast", [True, False])
def test_rows_are_read_by_any_of_several_columns(db, settings, fast, split_article, seed_texts):
    settings.BULK_FAST_SQL = fast
    article = split_article(next(iter(seed_texts.values())))
    claims = sorted(Claim.objects.filter(article=article).values_list("pk", flat=True))
    ClaimMatch.objects.create(claim_a_id=claims[0], claim_b_id=claims[1], score=0.9, relation="same")
    ClaimMatch.objects.create(claim_a_id=claims[1], claim_b_id=claims[2], score=0.8, relation="possible")
    ClaimMatch.objects.create(claim_a_id=claims[2], claim_b_id=claims[3], score=0.7, relation="possible")

    found = bulk.rows_where(ClaimMatch, ["claim_a", "claim_b"], ("claim_a", "claim_b"), [claims[1]])

    assert sorted(found) == [(claims[0], claims[1]), (claims[1], claims[2])]


def _stored_split(article_ids):
    """The articles' rows, their claims and both tables' history, as the split left them, without the ids,
    times and history ids that differ between two runs (a duplicate named by its lead's span)."""
    from annotations.models import Article, AuditEvent

    span = dict(Claim.objects.values_list("pk", "start"))
    varying = {"id", "article_id", "created_at", "updated_at", "history_id", "history_date", "duplicate_of_id",
               "split_started_at", "split_finished_at"}

    def rows(queryset, order):
        return [{**{k: v for k, v in row.items() if k not in varying},
                 "lead": span.get(row.get("duplicate_of_id"))} for row in queryset.order_by(*order).values()]

    return {
        "articles": rows(Article.objects.filter(pk__in=article_ids), ["title"]),
        "article_history": rows(Article.history.filter(id__in=article_ids), ["title", "history_type"]),
        "claims": rows(Claim.objects.filter(article_id__in=article_ids), ["article__title", "start"]),
        "claim_history": rows(Claim.history.filter(article_id__in=article_ids), ["start", "history_type", "status"]),
        "split_audit": [
            {"action": event.action, "to_state": event.to_state, "before": event.before, "actor": event.actor_id,
             "claims": [{k: v for k, v in made.items() if k != "id"} for made in event.after["claims"]]}
            for event in AuditEvent.objects.filter(article_id__in=article_ids, action="split")
            .order_by("article__title")
        ],
    }


@pytest.mark.django_db(transaction=True)
def test_importing_and_splitting_store_the_same_rows_and_history_on_either_path(settings, monkeypatch,
                                                                              django_capture_on_commit_callbacks):
    """A bulk import and its split write articles, claims, their "+" history rows and the split's audit
    events by COPY on PostgreSQL (``bulk.objects_create_with_history``, ``bulk.objects_create``) or by
    ``bulk_create`` and simple-history's ``bulk_create_with_history``."""
    from annotations.models import Article, AuditEvent
    from annotations.services import articles

    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)
    items = [{"title": path.stem, "body": path.read_text(encoding="utf-8")} for path in SEEDS]
    stored = {}
    for fast in (True, False):
        settings.BULK_FAST_SQL = fast
        with django_capture_on_commit_callbacks(execute=True):
            created = articles.article_create_many(items=items)
        assert all(article.pk for article in created)
        ids = [article.pk for article in created]
        assert Claim.objects.filter(article_id__in=ids).count() > 50
        stored[fast] = _stored_split(ids)
        assert len(stored[fast]["claim_history"]) == len(stored[fast]["claims"])
        assert {row["history_change_reason"] for row in stored[fast]["claim_history"]} == {"split"}
        assert len(stored[fast]["split_audit"]) == len(SEEDS)
        AuditEvent.objects.all().delete()
        Article.objects.all().delete()
        Article.history.all().delete()
        Claim.history.all().delete()

    for table in stored[True]:
        for fast_row, orm_row in zip(stored[True][table], stored[False][table], strict=True):
            assert {k: v for k, v in fast_row.items() if orm_row.get(k) != v} == {}, table


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fast", [True, False])
def test_an_import_its_split_and_its_linking_check_their_keys_at_commit_on_reused_plans(settings, monkeypatch, fast):
    """Each of the three bulk transactions asks PostgreSQL, after its writes, to reuse the plans of the
    foreign-key checks its commit runs (``bulk.key_checks_reuse_plans``); the connection's own setting
    is back once each has committed. Off the fast path, and on SQLite, nothing is asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from annotations.services import articles

    settings.BULK_FAST_SQL = fast
    to_split, sent = [], []
    monkeypatch.setattr(articles, "_send_splits", to_split.extend)
    monkeypatch.setattr(split, "_send_links", sent.extend)
    items = [{"title": path.stem, "body": path.read_text(encoding="utf-8")} for path in SEEDS]
    asked_in = {}
    with CaptureQueriesContext(connection) as queries:
        articles.article_create_many(items=items)
    asked_in["import"] = queries.captured_queries
    with CaptureQueriesContext(connection) as queries:
        split.article_split_many(items=to_split)
    asked_in["split"] = queries.captured_queries
    assert len(sent) == len(SEEDS)
    with CaptureQueriesContext(connection) as queries:
        outcome = matching_services.articles_link(article_ids=sent)
    asked_in["link"] = queries.captured_queries
    assert outcome.claims > 50 and ClaimMatch.objects.exists()

    reuse = "SET LOCAL plan_cache_mode = auto"
    for phase, captured in asked_in.items():
        statements = [q["sql"] for q in captured]
        asked = [sql for sql in statements if "plan_cache_mode" in sql]
        if not fast or connection.vendor == "sqlite":
            assert asked == [], phase
            continue
        assert asked == [reuse], phase
        after = statements[statements.index(reuse) + 1:]
        assert not [sql for sql in after if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))], phase
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            assert cursor.fetchone()[0] == settings.DATABASES["default"]["OPTIONS"]["options"].split("=")[-1]
