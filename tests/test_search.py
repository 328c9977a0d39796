"""Search over claims, articles and published fact-checks: the query language, ranking, marked matches,
filters, the search page, "Checked before?" and ?q= on the API's lists.

Run on SQLite (FTS5) and on PostgreSQL (GIN-indexed tsvector): the same answers from both.
"""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import access, fulltext
from annotations.models import Article, Claim, FactCheck, Verdict
from annotations.selectors import search as search_module
from annotations.selectors.search import (
    SearchFilters,
    Terms,
    any_words,
    fts5_query,
    key_word_pairs,
    key_words,
    search_count,
    words,
)
from annotations.selectors.search import search_results as search

from .publishing import publish_factcheck

_hashes = iter(range(10**6))


def make_article(title, sentences, **fields):
    """An article whose claims are exactly the given sentences (written as rows: no splitter in the way)."""
    body = " ".join(sentences)
    article = Article.objects.create(title=title, body=body, content_hash=f"{next(_hashes):064d}",
                                     split_state=Article.SplitState.DONE, **fields)
    start = 0
    for sentence in sentences:
        Claim.objects.create(article=article, start=start, end=start + len(sentence), text=sentence)
        start += len(sentence) + 1
    return article


@pytest.fixture
def desk(db, default_ratings, reviewer_a, reviewer_b):
    water = make_article("Water bills to rise", [
        "Water bills will rise by 21% from April, the council said.",
        "The <b>mayor</b> denied that rates rose last year.",
        "Households pay £457 a year on average.",
    ], source="Riverside Courier", author="Hannah Okafor", published_on=dt.date(2025, 3, 14))
    ferry = make_article("Ferry fares frozen", [
        "Ferry fares are frozen until 2027, the port authority said.",
        "Water taxis will rise in price by 5%.",
    ], source="Harbor Gazette", published_on=dt.date(2025, 6, 2))
    w = {c.text.split()[0]: c for c in water.claims.all()}
    f = {c.text.split()[0]: c for c in ferry.claims.all()}
    Verdict.objects.create(claim=w["Water"], reviewer=reviewer_b, rating=default_ratings["false"])
    factcheck = publish_factcheck(f["Ferry"], default_ratings["false"],
                                  summary="The authority's budget shows fares rising in 2026.",
                                  claimant="Port authority", published_at=timezone.make_aware(dt.datetime(2025, 7, 1)))
    return {"water": water, "ferry": ferry, "w": w, "f": f, "factcheck": factcheck, "ratings": default_ratings}


def _texts(result):
    return [hit.item.text for hit in result.hits]


def _all(user=None):
    return Verdict.objects.all()


def test_words_are_stemmed_and_common_words_ignored(desk):
    result = search("claims", "the rising water bill", SearchFilters(), _all())

    assert _texts(result) == ["Water bills will rise by 21% from April, the council said."]
    assert result.count == 1 and not result.count_capped


def test_every_word_must_appear_unless_any_word_is_asked_for(desk):
    every = search("claims", "water rise fares", SearchFilters(), _all())
    any_word = search("claims", any_words("water rise fares"), SearchFilters(), _all())

    assert every.hits == []
    assert set(_texts(any_word)) == {
        "Water bills will rise by 21% from April, the council said.", "Water taxis will rise in price by 5%.",
        "Ferry fares are frozen until 2027, the port authority said."}


def test_a_phrase_a_word_left_out_and_alternatives(desk):
    phrase = search("claims", '"water taxis"', SearchFilters(), _all())
    without = search("claims", "water -taxis", SearchFilters(), _all())
    either = search("claims", "mayor or households", SearchFilters(), _all())

    assert _texts(phrase) == ["Water taxis will rise in price by 5%."]
    assert _texts(without) == ["Water bills will rise by 21% from April, the council said."]
    assert sorted(_texts(either)) == ["Households pay £457 a year on average.",
                                      "The <b>mayor</b> denied that rates rose last year."]


@pytest.mark.parametrize("text", ["", "   ", "the of and", '"', "-water", "or or"])
def test_a_query_with_nothing_to_search_finds_nothing(desk, text):
    assert search("claims", text, SearchFilters(), _all()).hits == []


def test_the_best_match_comes_first(desk):
    make_article("Rates", ["Rates rise slowly, the mayor said.",
                           "Rates rise, rates rise again, and water rates rise once more."])

    result = search("claims", "rates rise", SearchFilters(), _all())

    assert _texts(result) == ["Rates rise, rates rise again, and water rates rise once more.",
                              "Rates rise slowly, the mayor said."]  # "rose" is not "rise" to a stemmer


def test_matches_are_marked_and_the_text_around_them_escaped(desk):
    [hit] = search("claims", "mayor", SearchFilters(), _all()).hits

    assert str(hit.snippet) == "The &lt;b&gt;<mark>mayor</mark>&lt;/b&gt; denied that rates rose last year."


def test_the_marker_characters_in_a_text_never_open_a_mark_of_their_own():
    assert str(search_module.marked("a \x03b\x02c\x03 <i>")) == "a b<mark>c</mark> &lt;i&gt;"
    assert str(search_module.marked("\x02open")) == "<mark>open</mark>"


def test_articles_are_found_by_title_publisher_and_author(desk):
    by_author = search("articles", "okafor", SearchFilters(), _all())
    by_title = search("articles", "fares", SearchFilters(), _all())

    assert [hit.item for hit in by_author.hits] == [desk["water"]]
    assert [hit.item for hit in by_title.hits] == [desk["ferry"]]
    assert str(by_title.hits[0].snippet) == "Ferry <mark>fares</mark> frozen"


def test_published_fact_checks_are_found_by_claim_summary_or_claimant_and_unpublished_ones_are_not(desk):
    by_claim = search("factchecks", "frozen fares", SearchFilters(), _all())
    by_summary = search("factchecks", "budget", SearchFilters(), _all())
    by_claimant = search("factchecks", "authority", SearchFilters(), _all())
    FactCheck.objects.filter(pk=desk["factcheck"].pk).update(published_at=None)
    after_unpublishing = search("factchecks", "frozen fares", SearchFilters(), _all())

    assert [hit.item for hit in by_claim.hits] == [desk["factcheck"]]
    assert str(by_claim.hits[0].snippet) == ("Ferry <mark>fares</mark> are <mark>frozen</mark> until 2027, "
                                             "the port authority said.")
    assert [hit.item for hit in by_summary.hits] == [desk["factcheck"]]
    assert "<mark>budget</mark>" in str(by_summary.hits[0].extra)
    assert [hit.item for hit in by_claimant.hits] == [desk["factcheck"]]
    assert after_unpublishing.hits == []


def test_filters_by_status_rating_article_and_date(desk):
    ratings = desk["ratings"]
    rise = "rise"

    published = search("claims", "fares", SearchFilters(status="published"), _all())
    rated_false = search("claims", "fares", SearchFilters(rating="false"), _all())
    rated_true = search("claims", "fares", SearchFilters(rating="true"), _all())
    in_ferry = search("claims", rise, SearchFilters(article=desk["ferry"].pk), _all())
    in_march = search("claims", rise, SearchFilters(date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 3, 31)),
                      _all())
    from_may = search("claims", rise, SearchFilters(date_from=dt.date(2025, 5, 1)), _all())
    factchecks_in_july = search("factchecks", "fares", SearchFilters(date_from=dt.date(2025, 7, 1),
                                                                     date_to=dt.date(2025, 7, 1)), _all())

    assert _texts(published) == _texts(rated_false) == ["Ferry fares are frozen until 2027, the port authority said."]
    assert rated_true.hits == [] and ratings["true"]
    assert _texts(in_ferry) == ["Water taxis will rise in price by 5%."]
    assert _texts(in_march) == ["Water bills will rise by 21% from April, the council said."]
    assert _texts(from_may) == ["Water taxis will rise in price by 5%."]
    assert [hit.item for hit in factchecks_in_july.hits] == [desk["factcheck"]]


def test_an_article_without_a_date_is_dated_by_the_day_it_was_added(desk):
    undated = make_article("Undated", ["Tram fares rise in May."])

    today = timezone.localdate()
    found = search("claims", "tram", SearchFilters(date_from=today, date_to=today), _all())

    assert [hit.item.article for hit in found.hits] == [undated]


def test_articles_qualify_through_their_claims_for_status_rating_and_reviewer(desk, reviewer_b):
    by_status = search("articles", "fares or water", SearchFilters(status="published"), _all())
    by_reviewer = search("articles", "fares or water", SearchFilters(reviewer=reviewer_b.pk), _all())

    assert [hit.item for hit in by_status.hits] == [desk["ferry"]]
    assert [hit.item for hit in by_reviewer.hits] == [desk["water"]]


def test_the_reviewer_filter_sees_only_the_verdicts_the_reader_may_see(desk, reviewer_a, reviewer_b, editor):
    claim = desk["w"]["Water"]
    filters = SearchFilters(reviewer=reviewer_b.pk)

    as_editor = search("claims", "water", filters, access.verdicts_visible_to_user(editor))
    as_blind_reviewer = search("claims", "water", filters, access.verdicts_visible_to_user(reviewer_a))
    Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=desk["ratings"]["true"])
    once_rated = search("claims", "water", filters, access.verdicts_visible_to_user(reviewer_a))

    assert [hit.item for hit in as_editor.hits] == [claim]
    assert as_blind_reviewer.hits == []  # reviewer_b's verdict stays hidden until reviewer_a has rated the claim
    assert [hit.item for hit in once_rated.hits] == [claim]


def test_pages_follow_each_other(desk):
    for n in range(5):
        make_article(f"Bus {n}", [f"Bus fares rise by {n + 1}% this year."])

    first = search("claims", "bus", SearchFilters(), _all(), per_page=2)
    second = search("claims", "bus", SearchFilters(), _all(), page=2, per_page=2)
    third = search("claims", "bus", SearchFilters(), _all(), page=3, per_page=2)

    assert (first.count, first.count_capped) == (5, False)
    assert (first.has_next, second.has_next, third.has_next) == (True, True, False)
    seen = [hit.item.pk for page in (first, second, third) for hit in page.hits]
    assert len(seen) == len(set(seen)) == 5


def test_past_the_cap_the_count_stops_and_the_best_of_the_newest_are_shown(desk, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    best_but_old = make_article("Bus", ["Bus fares rise, bus fares rise, bus fares rise."]).claims.get()
    newer = [make_article(f"Bus {n}", [f"Bus fares rise by {n + 1}% this year."]).claims.get() for n in range(4)]

    found = search("claims", "bus fares", SearchFilters(), _all())

    assert (found.count, found.count_capped) == (3, True)
    assert sorted(hit.item.pk for hit in found.hits) == sorted(c.pk for c in newer[-3:])
    assert best_but_old.pk not in [hit.item.pk for hit in found.hits]
    assert search_count("claims", "bus", SearchFilters(), _all()) == (3, True)


def test_the_index_follows_edits_and_deletions(desk):
    claim = desk["w"]["Households"]
    Claim.objects.filter(pk=claim.pk).update(text="Households pay more for electricity.")

    assert search("claims", "electricity", SearchFilters(), _all()).count == 1
    assert search("claims", "households average", SearchFilters(), _all()).count == 0
    Claim.objects.filter(pk=claim.pk).delete()
    assert search("claims", "electricity", SearchFilters(), _all()).count == 0


def test_boilerplate_is_not_a_claim_to_find(desk):
    Claim.objects.filter(pk=desk["w"]["Households"].pk).update(kind=Claim.Kind.BOILERPLATE)
    assert search("claims", "households", SearchFilters(), _all()).hits == []


def test_the_fts5_query_quotes_every_word_so_nothing_typed_is_syntax():
    assert fts5_query('water "bills rise" -mayor or NEAR(x') == (
        '(("water" AND "bills rise") OR ("near x")) NOT ("mayor")')
    assert fts5_query("the and of") == ""
    assert words("The mayor's office said the MAYOR'S office") == ["mayor", "office", "said"]
    assert fts5_query(Terms((("water", "bills"), ("rise",)))) == '("water" AND "bills") OR ("rise")'


def test_key_words_prefer_numbers_and_names_and_pairs_need_two_of_them():
    text = "The Port Authority said on Monday that ferry fares would stay frozen until 2027."

    assert key_words(text) == ["port", "authority", "monday", "ferry", "fares", "would", "frozen", "2027"]
    long = key_words("Officials said the embankment would reopen before 12,000 commuters returned on Friday, "
                     "the transport department confirmed yesterday afternoon.")
    assert len(long) == 8 and {"12", "000", "friday", "embankment", "department"} <= set(long)
    assert "said" not in long  # short words give way to numbers, names and long words
    assert len(key_word_pairs(text).groups) == 28 and ("port", "authority") in key_word_pairs(text).groups
    assert key_word_pairs("Fares frozen").groups == (("fares", "frozen"),)


def test_the_database_answers_searches_from_its_own_full_text_index(desk):
    """Every test database runs this (no skip): SQLite through its FTS5 triggers, which come back
    after a table rebuild drops them; PostgreSQL through its GIN index."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER annotations_claim_fts_insert")
        make_article("Lost", ["Trams stop at midnight from June."])

        assert search("claims", "trams", SearchFilters(), _all()).count == 0
        assert fulltext.ensure(connection) is True
        assert search("claims", "trams", SearchFilters(), _all()).count == 1
        assert fulltext.ensure(connection) is False
        return
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # A handful of rows: left to itself the planner reads them all. Without sequential and plain
        # index scans, only an index that can answer the condition is left: the GIN index, or nothing.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        query = search_module.claims_matching(Claim.objects.all(), "water rise").values("pk").query
        sql, params = query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on claim_search_gin" in plan


# --- The search page ---


def test_the_search_page_shows_counts_per_kind_and_marked_claims(client, desk, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(reverse("search"), {"q": "fares"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="tab-claims" aria-current="page">Claims <span class="count">1</span>' in page
    assert 'id="tab-articles">Articles <span class="count">1</span>' in page
    assert 'id="tab-factchecks">Published fact-checks <span class="count">1</span>' in page
    claim = desk["f"]["Ferry"]
    assert f'href="/articles/{claim.article_id}/?claim={claim.pk}">Ferry <mark>fares</mark> are frozen' in page


def test_the_search_page_lists_fact_checks_with_their_rating_and_filters_apply(client, desk, reviewer_a):
    client.force_login(reviewer_a)
    found = client.get(reverse("search"), {"q": "fares", "type": "factchecks", "rating": "false"}).content.decode()
    none = client.get(reverse("search"), {"q": "fares", "type": "factchecks", "rating": "true"}).content.decode()

    assert '<strong class="rating">False</strong>' in found
    assert f'href="{desk["factcheck"].get_absolute_url()}"' in found
    assert 'id="no-results"' in none


def test_a_bad_filter_value_is_a_400_that_says_which(client, desk, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(reverse("search"), {"q": "fares", "date_from": "2025-05-01", "date_to": "2025-01-01"})

    assert response.status_code == 400
    assert "To: The end of the range is before its start." in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("outsider", 403), ("editor", 200)])
def test_the_search_page_is_for_people_with_a_role(client, request, db, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("search"), {"q": "anything"}).status_code == status


def test_checked_before_looks_for_the_claims_words_among_published_fact_checks_leaving_it_out(
        client, desk, reviewer_a):
    twin = make_article("Fares", ["The port authority said ferry fares stay frozen until 2027."])
    claim = twin.claims.get()
    client.force_login(reviewer_a)

    panel = client.get(reverse("article-detail", args=[twin.pk]), {"claim": claim.pk}).content.decode()
    result = client.get(reverse("search"), {"checked_before": claim.pk}).content.decode()
    own = client.get(reverse("search"), {"checked_before": desk["f"]["Ferry"].pk}).content.decode()

    assert f'href="{reverse("search")}?checked_before={claim.pk}" id="checked-before"' in panel
    assert 'id="checked-before-note"' in result and "port, authority, said, ferry, fares, stay, frozen, 2027" in result
    assert f'href="{desk["factcheck"].get_absolute_url()}"' in result
    assert f'href="{desk["factcheck"].get_absolute_url()}"' not in own  # its own fact-check is not "before"


# --- ?q= on the API ---


def test_the_api_lists_filter_by_q(desk, reviewer_a):
    api = APIClient()
    api.force_authenticate(reviewer_a)

    claims = api.get("/api/v1/claims/", {"q": "water rise"}).json()
    cursor = api.get("/api/v1/claims/", {"q": "water rise", "cursor": ""}).json()
    article_list = api.get("/api/v1/articles/", {"q": "courier"}).json()
    reviews = APIClient().get("/api/v1/claim-reviews/", {"q": "budget"}).json()
    nothing = api.get("/api/v1/claims/", {"q": "zeppelin"}).json()

    assert sorted(c["text"] for c in claims["results"]) == [
        "Water bills will rise by 21% from April, the council said.", "Water taxis will rise in price by 5%."]
    assert claims["count"] == 2 and len(cursor["results"]) == 2
    assert [a["id"] for a in article_list["results"]] == [desk["water"].pk]
    assert [r["url"].rsplit("/", 2)[-2] for r in reviews["results"]] == [desk["factcheck"].slug]
    assert nothing["count"] == 0


def test_a_decimal_number_is_one_word_typed_or_taken_from_a_claim(desk):
    claim = make_article("Jobs", ["Unemployment fell to 4.1 percent in March."]).claims.get()
    other = "Joblessness was 4.1 percent in March, officials said."

    typed = search("claims", "4.1 percent", SearchFilters(), _all())
    from_claim = search("claims", key_word_pairs(other), SearchFilters(), _all())

    assert "4.1" in key_words(other)
    assert [hit.item for hit in typed.hits] == [claim]
    assert [hit.item for hit in from_claim.hits] == [claim]
    assert str(typed.hits[0].snippet).count("<mark>") == 2
