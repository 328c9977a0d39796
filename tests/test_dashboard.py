"""The dashboard counts what the desk did: each chart's table against a scripted week, the lists behind
the numbers, the CSVs, who sees what, and a query count that does not grow with the data."""

import csv
import datetime as dt
import io

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Claim
from annotations.selectors import dashboard as figures
from annotations.services import review

from .dashboard_week import expected_tables, play_week


@pytest.fixture
def week(reviewer_a, reviewer_b, editor, default_ratings, seed_texts, django_capture_on_commit_callbacks):
    return play_week(texts=list(seed_texts.values()), reviewer_a=reviewer_a, reviewer_b=reviewer_b, editor=editor,
                     ratings=default_ratings, capture_on_commit=django_capture_on_commit_callbacks)


@pytest.fixture
def names(reviewer_a, reviewer_b, editor):
    return {user.pk: user.username for user in (reviewer_a, reviewer_b, editor)}


DATA_TABLES = '//table[contains(concat(" ", @class, " "), " data ")]'


def tables_of(html: str) -> dict[str, dict]:
    """Every chart's data table: {slug: {row label: [cells]}}, and the links by cell."""
    tree = lxml.html.fromstring(html)
    found = {}
    for table in tree.xpath(DATA_TABLES):
        slug = table.get("id").removeprefix("chart-").removesuffix("-data")
        found[slug] = {
            row.xpath("./th")[0].text_content().strip(): [td.text_content().strip() for td in row.xpath("./td")]
            for row in table.xpath("./tbody/tr")
        }
    return found


def links_of(html: str) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(html)
    return [(a.text_content().strip(), a.get("href")) for a in tree.xpath(DATA_TABLES + "//td/a")]


def _ordered_ratings(default_ratings):
    return sorted(default_ratings.values(), key=lambda rating: rating.position)


def test_every_chart_shows_what_the_week_did(client, editor, week, names, default_ratings):
    client.force_login(editor)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    expected = expected_tables(week, names=names, ratings=_ordered_ratings(default_ratings),
                               until=timezone.localdate())
    assert tables_of(response.content.decode()) == expected
    # Not vacuous: the week left something in every corner of the page.
    assert expected["backlog"] == {"Articles whose split failed": ["1"],
                                   "Claims not linked yet": [str(len(week.articles[4].claim_ids))]}
    assert expected["queue-status"]["Total"][3] != "0", "one claim has waited more than a week"
    assert expected["published"]["Total"] == ["3"]
    assert sum(a.pairable_units for a in week.agreement_by_week().values()) == 8


def test_a_reviewer_sees_only_their_own_numbers(client, reviewer_a, week, names, default_ratings, reviewer_b):
    client.force_login(reviewer_a)
    # Asking for someone else's numbers changes nothing.
    response = client.get(f"/dashboard/?reviewer={reviewer_b.pk}")
    expected = expected_tables(week, names=names, ratings=_ordered_ratings(default_ratings),
                               until=timezone.localdate(), reviewer_id=reviewer_a.pk)
    found = tables_of(response.content.decode())
    assert found == expected
    assert set(found) == {"published", "queue-status", "spans", "agreement", "ratings", "reviewers"}
    assert list(found["reviewers"]) == ["reviewer_a"]
    # Their numbers are not the desk's: a claim they never rated is left out.
    whole = week.spans()
    assert found["spans"]["From import to the first verdict"][0] == str(whole["first-verdict"][0] - 2)
    assert b"Your own numbers" in response.content
    assert b'name="reviewer"' not in response.content


def test_an_editor_narrows_the_review_figures_to_one_reviewer(client, editor, reviewer_a, week, names,
                                                              default_ratings):
    client.force_login(editor)
    found = tables_of(client.get(f"/dashboard/?reviewer={reviewer_a.pk}").content.decode())
    own = expected_tables(week, names=names, ratings=_ordered_ratings(default_ratings), until=timezone.localdate(),
                          reviewer_id=reviewer_a.pk)
    for slug in ("published", "queue-status", "spans", "agreement", "ratings", "reviewers"):
        assert found[slug] == own[slug], slug
    # The intake stays the desk's.
    desk = expected_tables(week, names=names, ratings=_ordered_ratings(default_ratings), until=timezone.localdate())
    assert found["imports"] == desk["imports"]


def test_the_source_filter_narrows_imports_and_claims(client, editor, week):
    client.force_login(editor)
    found = tables_of(client.get("/dashboard/?source=AP").content.decode())
    imported, failed = week.imports_by_day(source="AP")
    split, unlinked = week.claims_by_day(source="AP")
    assert found["imports"]["Total"] == [str(sum(imported.values())), str(sum(failed.values()))] == ["2", "1"]
    assert found["claims"]["Total"] == [str(sum(split.values())), str(sum(unlinked.values()))]


def test_the_claim_type_filter_counts_only_that_type(client, editor, week):
    client.force_login(editor)
    claim_type = Claim.objects.filter(pk__in=week.status).values_list("claim_type", flat=True).first()
    found = tables_of(client.get(f"/dashboard/?type={claim_type}").content.decode())
    split = Claim.objects.filter(pk__in=week.status, claim_type=claim_type).count()
    assert 0 < split < len(week.status)
    assert found["claims"]["Total"][0] == str(split)


def test_every_number_links_to_the_list_it_counts(client, editor, week):
    client.force_login(editor)
    links = links_of(client.get("/dashboard/").content.decode())
    assert len(links) > 100
    checked = 0
    for number, href in links:
        if number == "0":
            continue  # empty lists are checked below, cheaply
        page = client.get(href)
        assert page.status_code == 200, href
        total = lxml.html.fromstring(page.content).get_element_by_id("list-total").text_content()
        assert total == number, href
        checked += 1
    assert checked > 20
    empty = next(href for number, href in links if number == "0")
    assert lxml.html.fromstring(client.get(empty).content).get_element_by_id("list-total").text_content() == "0"


def test_each_charts_csv_is_its_table(client, editor, week):
    client.force_login(editor)
    page = lxml.html.fromstring(client.get("/dashboard/").content)
    for table in page.xpath(DATA_TABLES):
        slug = table.get("id").removeprefix("chart-").removesuffix("-data")
        rows = [[cell.text_content().strip() for cell in row.xpath("./th|./td")] for row in table.xpath(".//tr")]
        response = client.get(f"/dashboard/{slug}.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert list(csv.reader(io.StringIO(response.content.decode()))) == rows, slug


def test_the_dashboard_costs_the_same_queries_with_more_data(client, editor, reviewer_a, week, split_article,
                                                             default_ratings, seed_texts):
    client.force_login(editor)
    client.get("/dashboard/")  # sessions, content types: whatever a first request caches
    with CaptureQueriesContext(connection) as before:
        client.get("/dashboard/")
    article = split_article(list(seed_texts.values())[4] + "\n\nOne more telling.", source="Le Monde")
    for claim in article.claims.filter(kind=Claim.Kind.CLAIM)[:5]:
        review.verdict_submit(claim=claim, reviewer=reviewer_a, rating=default_ratings["false"], rationale="No.")
    with CaptureQueriesContext(connection) as after:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    assert len(after) == len(before)
    # Two for the session and the user, about two per chart, and on PostgreSQL the
    # transaction that switches JIT off (docs/dashboard.md).
    assert len(before) <= 25


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/queue-status.csv", "/dashboard/list/queue/"])
def test_people_without_a_role_are_refused(client, outsider, path):
    client.force_login(outsider)
    assert client.get(path).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/dashboard/imports.csv", "/dashboard/backlog.csv", "/dashboard/list/articles/",
                                  "/dashboard/list/claims/", "/dashboard/list/unlinked/"])
def test_a_reviewer_cannot_open_the_desks_intake(client, reviewer_a, path):
    client.force_login(reviewer_a)
    assert client.get(path).status_code == 404


def test_a_reviewers_lists_are_their_own(client, reviewer_a, reviewer_b, week):
    client.force_login(reviewer_a)
    page = client.get(f"/dashboard/list/verdicts/?reviewer={reviewer_b.pk}")
    own = {claim for claim, reviewer, _rating, _at in week.verdicts if reviewer == reviewer_a.pk}
    assert lxml.html.fromstring(page.content).get_element_by_id("list-total").text_content() == str(len(own))


@pytest.mark.parametrize("query", ["status=published", "older=x", "assignee=me", "rating=true", "milestone=never"])
def test_a_list_with_a_group_that_does_not_exist_is_404(client, editor, query):
    client.force_login(editor)
    assert client.get(f"/dashboard/list/queue/?{query}").status_code == 404


def test_unknown_charts_and_lists_are_404(client, editor):
    client.force_login(editor)
    assert client.get("/dashboard/nothing.csv").status_code == 404
    assert client.get("/dashboard/list/nothing/").status_code == 404
    assert client.get("/dashboard/list/span/").status_code == 404


@pytest.mark.parametrize("query, since_days, until_days", [
    ("", 29, 0), ("days=90", 89, 0), ("from=2026-13-01&to=x", 29, 0), ("from=2030-01-02&to=2030-01-01", 29, 0),
])
def test_the_date_range_falls_back_to_the_last_30_days(rf, editor, query, since_days, until_days):
    from annotations.web.dashboard import dashboard_filters

    request = rf.get(f"/dashboard/?{query}")
    request.user = editor
    filters = dashboard_filters(request, whole_desk=True)
    today = timezone.localdate()
    assert (filters.since, filters.until) == (today - dt.timedelta(days=since_days),
                                              today - dt.timedelta(days=until_days))


def test_a_long_range_is_drawn_week_by_week(client, editor, week):
    client.force_login(editor)
    until = timezone.localdate()
    since = until - dt.timedelta(days=364)
    found = tables_of(client.get(f"/dashboard/?from={since}&to={until}").content.decode())
    assert all(label.startswith("week of ") for label in found["imports"] if label != "Total")
    imported, _failed = week.imports_by_day()
    assert found["imports"]["Total"][0] == str(sum(imported.values()))


def test_percentiles_match_percentile_cont_on_either_database(week):
    until = timezone.localdate()
    filters = figures.DashboardFilters(since=until - dt.timedelta(days=29), until=until)
    spans = figures.spans(filters)
    for milestone, (count, median, p90) in week.spans().items():
        assert spans[milestone].count == count
        assert spans[milestone].median / 3600 == pytest.approx(median, abs=1e-3)
        assert spans[milestone].p90 / 3600 == pytest.approx(p90, abs=1e-3)


def test_the_agreement_from_sql_pairs_equals_alpha_on_the_units(week):
    until = timezone.localdate()
    weekly = figures.agreement_weekly(figures.DashboardFilters(since=until - dt.timedelta(days=29), until=until))
    expected = week.agreement_by_week()
    assert {row.week for row in weekly} == set(expected)
    for row in weekly:
        assert row.agreement.alpha == pytest.approx(expected[row.week].alpha)
        assert (row.agreement.pairable_units, row.agreement.pairable_values) == (
            expected[row.week].pairable_units, expected[row.week].pairable_values)


def test_chart_tables_and_marks_escape_what_they_show():
    from annotations.web import charts
    from annotations.web.dashboard import Cell, Chart

    plot = charts.rows(["<b>Editor's pick</b>"], [charts.Series("fact-checks", "s-ok", [3])],
                       hrefs=['/dashboard/list/published/?rating=1&source=<x>'])
    chart = Chart("ratings", "t", "a", plot, ["Rating", "Fact-checks"],
                  [[Cell("<b>Editor's pick</b>"), Cell("3", "/dashboard/list/published/?rating=1&source=<x>")]])
    assert "<b>" not in chart.rows_html and "&lt;b&gt;Editor&#x27;s pick&lt;/b&gt;" in chart.rows_html
    assert 'href="/dashboard/list/published/?rating=1&amp;source=&lt;x&gt;"' in chart.rows_html
    assert "<b>" not in plot.marks_html and "&amp;source=&lt;x&gt;" in plot.marks_html


@pytest.mark.parametrize("largest, top, step", [(0, 1, 1), (3, 3, 1), (10, 10, 5), (37, 40, 10), (0.3, 0.3, 0.1)])
def test_the_value_axis_ends_on_a_round_number(largest, top, step):
    from annotations.web.charts import nice_scale

    assert nice_scale(largest) == pytest.approx((top, step))


def test_stacked_bars_are_as_tall_as_their_values():
    from annotations.web import charts

    plot = charts.columns(["a", "b"], [charts.Series("ok", "s-ok", [2, 4]), charts.Series("bad", "s-bad", [2, 0])],
                          hrefs=["/a", "/b"], titles=["a", "b"])
    heights = [float(mark.height) for mark in plot.marks]
    # The axis tops at 4: a's two segments each fill half, b's single one all of it; a zero draws nothing.
    assert heights == [pytest.approx(h) for h in (77.0, 77.0, 154.0)]
    assert [mark.href for mark in plot.marks] == ["/a", "/a", "/b"]


def test_a_withdrawn_verdict_counts_nowhere(client, editor, reviewer_b, week, names, default_ratings):
    from annotations.models import Verdict
    from annotations.services import review as review_services

    claim_id = week.articles[1].claim_ids[4]  # rated True by reviewer A and False by reviewer B
    verdict = Verdict.objects.get(claim_id=claim_id, reviewer=reviewer_b)
    review_services.verdict_withdraw(verdict=verdict, actor=reviewer_b, reason="Misread the figure.")
    week.verdicts = [v for v in week.verdicts if (v[0], v[1]) != (claim_id, reviewer_b.pk)]
    week.status[claim_id] = Claim.Status.IN_REVIEW

    client.force_login(editor)
    found = tables_of(client.get("/dashboard/").content.decode())
    expected = expected_tables(week, names=names, ratings=_ordered_ratings(default_ratings),
                               until=timezone.localdate())
    assert found == expected
    assert found["reviewers"]["reviewer_b"][:3] == ["9", "8", "3"]
