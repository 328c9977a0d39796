"""An editor reads the dashboard after a scripted week, in a real browser; a reviewer reads their own."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone

from ..dashboard_week import expected_tables, play_week
from .conftest import screenshot

pytestmark = pytest.mark.browser

def read_tables(page) -> dict[str, dict]:
    """Open every "Show data" toggle and read each chart's table as a person sees it."""
    found = {}
    for chart in page.locator("section.chart").all():
        slug = chart.get_attribute("id").removeprefix("chart-")
        chart.locator("summary").click()
        rows = {}
        for row in chart.locator("table.data tbody tr").all():
            cells = [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
            rows[cells[0]] = cells[1:]
        found[slug] = rows
    return found


@pytest.fixture
def week(reviewer_a, reviewer_b, editor, default_ratings, seed_texts, transactional_db,
         django_capture_on_commit_callbacks):
    return play_week(texts=list(seed_texts.values()), reviewer_a=reviewer_a, reviewer_b=reviewer_b, editor=editor,
                     ratings=default_ratings, capture_on_commit=django_capture_on_commit_callbacks)


def test_an_editor_reads_the_week_on_the_dashboard_and_a_reviewer_reads_their_own(
    sign_in, editor, reviewer_a, reviewer_b, week, default_ratings,
):
    names = {user.pk: user.username for user in (reviewer_a, reviewer_b, editor)}
    ratings = sorted(default_ratings.values(), key=lambda rating: rating.position)

    page = sign_in(editor)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.click("nav >> text=Dashboard")
    page.locator("#chart-imports").wait_for()
    # The page obeys the site's strict policy: nothing inline to refuse.
    assert "style-src 'self';" in page.request.get("/dashboard/").headers["content-security-policy"]
    # Each chart a named group (its bars and points are links, so it cannot be an image).
    assert page.locator("section.chart svg[role=group][aria-labelledby]").count() == 10
    # Every chart is drawn (a bar or a point per figure that is not zero).
    assert page.locator("#chart-imports svg rect").count() >= 5
    assert page.locator("#chart-agreement svg circle").count() == len(week.agreement_by_week())
    # docs/screenshots/dashboard-1280px.png is a copy of this one.
    screenshot(page, "dashboard-1280px")

    tables = read_tables(page)
    assert tables == expected_tables(week, names=names, ratings=ratings, until=timezone.localdate())
    screenshot(page, "dashboard-data-open")

    # The CSV a person downloads is the table they read.
    with page.expect_download() as download:
        page.click("#chart-queue-status >> text=Download CSV")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    header = page.locator("#chart-queue-status table.data thead th").all_inner_texts()
    assert rows[0] == header
    assert {row[0]: row[1:] for row in rows[1:]} == tables["queue-status"]

    # A number opens the list it counts.
    page.click("#chart-queue-status table.data tbody tr:last-child td:nth-child(2) a")
    assert page.locator("#list-total").inner_text() == tables["queue-status"]["Total"][0]

    reviewer_page = sign_in(reviewer_a)
    reviewer_page.goto(f"/dashboard/?reviewer={reviewer_b.pk}")
    assert "Your own numbers" in reviewer_page.locator("#dashboard-scope").inner_text()
    own = read_tables(reviewer_page)
    assert own == expected_tables(week, names=names, ratings=ratings, until=timezone.localdate(),
                                  reviewer_id=reviewer_a.pk)
    assert list(own["reviewers"]) == ["reviewer_a"]
    assert reviewer_page.locator("#chart-imports").count() == 0
    assert refused == []
