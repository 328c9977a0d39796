"""Every claim keeps who the text says made it and the dates it names, read with the split and kept current.

Issue 17 in the product: the split job stores the claimant suggestion (name,
kind, the mention it came from, the author's own statement) and the date
mentions resolved against the article's publication date, with the versions
that read them; a new publication date or publisher, a corrected span and a new
reader version bring them up to date; none of it touches reviewer work.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from annotations import selectors
from annotations.attribution import ATTRIBUTION_VERSION
from annotations.models import AuditEvent, Claim, ClaimDate, Verdict
from annotations.services import articles, corrections, facts, split
from annotations.temporal import TEMPORAL_VERSION

STORY = (
    "Harbour Plan Approved\n\n"
    "The city council approved the harbour plan on Tuesday. "
    "Mayor Elena Marsh said the works would start in March. "
    "She told reporters the plan would cost 40 million euros.\n"
    "According to the port authority, traffic grew by 12 percent last year."
)
THURSDAY = dt.date(2026, 3, 5)


def claim(article, start):
    return article.claims.get(text__startswith=start)


@pytest.fixture
def story(split_article):
    return split_article(STORY, published_on=THURSDAY, source="Harbour Gazette")


def test_the_split_stores_who_said_each_claim_with_the_mention_it_came_from(story):
    said = claim(story, "Mayor Elena Marsh said")
    assert (said.claimant, said.claimant_kind, said.claimant_own) == ("Elena Marsh", "person", False)
    assert [STORY[s:e] for s, e in said.claimant_evidence] == ["Mayor Elena Marsh", "Elena Marsh"]
    assert said.claimant_excerpt == "Mayor Elena Marsh said…"
    # "She" is resolved to the mayor named a sentence before, and the quote starts at "She".
    she = claim(story, "She told reporters")
    assert she.claimant == "Elena Marsh"
    assert [STORY[s:e] for s, e in she.claimant_evidence] == ["She", "Elena Marsh"]
    assert she.claimant_excerpt == "She told reporters the…"
    source = claim(story, "According to the port authority")
    assert (source.claimant, source.claimant_kind, source.claimant_key) == (
        "Port authority", "organization", "port authority")


def test_a_sentence_with_no_attribution_is_the_publishers_own_statement(story):
    own = claim(story, "The city council approved")
    assert (own.claimant, own.claimant_kind, own.claimant_own) == ("Harbour Gazette", "organization", True)
    assert own.claimant_evidence == [] and own.claimant_excerpt == ""


def test_the_split_stores_each_date_mention_resolved_against_the_publication_date(story):
    tuesday = claim(story, "The city council approved")
    assert tuesday.dates == [{"start": STORY.index("Tuesday"), "end": STORY.index("Tuesday") + 7, "text": "Tuesday",
                              "type": "DATE", "value": "2026-03-03", "mod": None}]
    assert tuesday.dates_anchor == THURSDAY
    assert [m["value"] for m in claim(story, "According to").dates] == ["2025"]
    assert [m["value"] for m in claim(story, "Mayor").dates] == ["2026-03"]
    for mention in tuesday.dates:
        assert STORY[mention["start"]:mention["end"]] == mention["text"]
    # What the date filters search: one calendar stretch per resolved date.
    assert list(ClaimDate.objects.filter(claim=tuesday).values_list("first_day", "last_day")) == [
        (dt.date(2026, 3, 3), dt.date(2026, 3, 3))]
    assert list(ClaimDate.objects.filter(claim=claim(story, "According to")).values_list(
        "first_day", "last_day")) == [(dt.date(2025, 1, 1), dt.date(2025, 12, 31))]


def test_the_readers_versions_and_the_headline_are_stored_with_the_facts(story):
    for each in story.claims.filter(kind=Claim.Kind.CLAIM):
        assert (each.attribution_version, each.temporal_version) == (ATTRIBUTION_VERSION, TEMPORAL_VERSION)
    assert claim(story, "Harbour Plan Approved").is_headline
    assert not claim(story, "The city council approved").is_headline


def test_page_chrome_gets_no_facts(split_article):
    article = split_article("Council Votes\n\nThe council voted on Monday.\nAlso Read : Something else entirely")
    chrome = article.claims.get(text__startswith="Also Read")
    assert chrome.kind == Claim.Kind.BOILERPLATE
    assert (chrome.attribution_version, chrome.claimant, chrome.dates) == ("", "", [])
    assert claim(article, "The council voted").attribution_version == ATTRIBUTION_VERSION


def test_without_a_publication_date_relative_dates_stay_unresolved_and_a_new_date_resolves_them(
    split_article, editor
):
    article = split_article(STORY)
    tuesday = claim(article, "The city council approved")
    assert [m["value"] for m in tuesday.dates] == [None] and tuesday.dates_anchor is None
    assert not ClaimDate.objects.filter(claim=tuesday).exists()

    articles.article_update(article=article, actor=editor, published_on=THURSDAY)

    tuesday.refresh_from_db()
    assert [m["value"] for m in tuesday.dates] == ["2026-03-03"] and tuesday.dates_anchor == THURSDAY
    assert ClaimDate.objects.filter(claim=tuesday, first_day=dt.date(2026, 3, 3)).exists()
    assert AuditEvent.objects.filter(article=article, action="article_published_on").count() == 1


def test_a_changed_publication_date_moves_the_dates_of_claims_that_carry_reviewer_work(
    story, editor, reviewer_a, default_ratings
):
    tuesday = claim(story, "The city council approved")
    Verdict.objects.create(claim=tuesday, reviewer=reviewer_a, rating=default_ratings["true"])
    status, version = tuesday.status, tuesday.version

    articles.article_update(article=story, actor=editor, published_on=dt.date(2026, 3, 12))

    tuesday.refresh_from_db()
    assert [m["value"] for m in tuesday.dates] == ["2026-03-10"]
    assert list(ClaimDate.objects.filter(claim=tuesday).values_list("first_day", flat=True)) == [dt.date(2026, 3, 10)]
    # Facts are suggestions: the claim's review is untouched.
    assert (tuesday.status, tuesday.version) == (status, version)


def test_a_new_publisher_becomes_the_claimant_of_the_articles_own_statements(story, editor):
    articles.article_update(article=story, actor=editor, source="Port Weekly")
    assert claim(story, "The city council approved").claimant == "Port Weekly"
    assert claim(story, "Mayor Elena Marsh").claimant == "Elena Marsh"


def test_a_title_change_leaves_the_facts_alone(story, editor):
    tuesday = claim(story, "The city council approved")
    Claim.objects.filter(pk=tuesday.pk).update(claimant="Someone else")
    articles.article_update(article=story, actor=editor, title="Harbour plan: yes")
    tuesday.refresh_from_db()
    assert tuesday.claimant == "Someone else"


def test_splitting_again_keeps_the_facts_and_refreshing_twice_writes_nothing(story):
    before = {c.pk: [getattr(c, f) for f in ("claimant", "claimant_kind", "dates", "is_headline")]
              for c in story.claims.all()}
    story.split_state = "queued"
    story.save(update_fields=["split_state"])
    outcome = split.article_split(article_id=story.pk, content_hash=story.content_hash)
    assert outcome.created == outcome.deleted == 0
    after = {c.pk: [getattr(c, f) for f in ("claimant", "claimant_kind", "dates", "is_headline")]
             for c in story.claims.all()}
    assert after == before
    assert facts.article_facts_refresh(article_id=story.pk) == 0


def test_a_claim_read_by_an_older_version_is_found_stale_and_read_again(story):
    tuesday = claim(story, "The city council approved")
    Claim.objects.filter(pk=tuesday.pk).update(attribution_version="0.9", claimant="", dates=[])
    ClaimDate.objects.filter(claim=tuesday).delete()
    assert selectors.article_ids_with_stale_facts() == [story.pk]

    out = io.StringIO()
    call_command("refresh_claim_facts", "--stale", stdout=out, stderr=io.StringIO())

    assert out.getvalue().strip() == "1 articles: 1 claims changed"
    tuesday.refresh_from_db()
    assert (tuesday.attribution_version, tuesday.claimant) == (ATTRIBUTION_VERSION, "Harbour Gazette")
    assert ClaimDate.objects.filter(claim=tuesday).count() == 1
    assert selectors.article_ids_with_stale_facts() == []
    assert facts.articles_facts_refresh_stale() == 0


def test_a_claim_a_person_adds_or_moves_gets_its_facts_when_the_correction_commits(
    story, reviewer_a, django_capture_on_commit_callbacks
):
    tuesday = claim(story, "The city council approved")
    with django_capture_on_commit_callbacks(execute=True):
        corrections.claim_dismiss(claim=tuesday, reason="Merged below.", expected_version=tuesday.version,
                                  actor=reviewer_a)
    start = STORY.index("on Tuesday")
    with django_capture_on_commit_callbacks(execute=True):
        added = corrections.claim_add(article=story, start=start, end=start + len("on Tuesday."), actor=reviewer_a)
    added.refresh_from_db()
    assert [m["text"] for m in added.dates] == ["Tuesday"] and added.attribution_version == ATTRIBUTION_VERSION

    mayor = claim(story, "Mayor Elena Marsh")
    with django_capture_on_commit_callbacks(execute=True):
        corrections.claim_update_span(claim=mayor, start=mayor.start, end=mayor.start + len("Mayor Elena Marsh said"),
                                      expected_version=mayor.version, actor=reviewer_a)
    mayor.refresh_from_db()
    assert mayor.text == "Mayor Elena Marsh said" and mayor.dates == []
    assert not ClaimDate.objects.filter(claim=mayor).exists()


@pytest.mark.parametrize(("value", "days"), [
    ("2025-09-03", ("2025-09-03", "2025-09-03")),
    ("2025-05-18T07:00", ("2025-05-18", "2025-05-18")),
    ("2025-09-01TMO", ("2025-09-01", "2025-09-01")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2025", ("2025-01-01", "2025-12-31")),
    ("2025-W36", ("2025-09-01", "2025-09-07")),
    ("2025-W36-WE", ("2025-09-06", "2025-09-07")),
    ("2025-Q4", ("2025-10-01", "2025-12-31")),
    ("2025-H1", ("2025-01-01", "2025-06-30")),
    ("2024-FA", ("2024-09-01", "2024-11-30")),
    ("2024-WI", ("2024-12-01", "2025-02-28")),
    ("199", ("1990-01-01", "1999-12-31")),
    ("19", ("1900-01-01", "1999-12-31")),
])
def test_a_timex3_value_spans_these_calendar_days(value, days):
    assert facts.date_range(value) == tuple(dt.date.fromisoformat(day) for day in days)


@pytest.mark.parametrize("value", [None, "", "PRESENT_REF", "PAST_REF", "P2M", "PT48H", "XXXX-WXX-4", "2025-02-30"])
def test_a_timex3_value_that_places_nothing_on_the_calendar_has_no_days(value):
    assert facts.date_range(value) is None


def test_the_review_panel_reads_each_resolved_date_out_in_words_and_keeps_the_stored_value_in_its_title(
    story, client, reviewer_a
):
    tuesday = claim(story, "The city council approved")
    client.force_login(reviewer_a)
    page = client.get(f"/articles/{story.pk}/?claim={tuesday.pk}").content.decode()
    assert ('<span class="date-mention" data-value="2026-03-03">“Tuesday” = '
            '<strong title="2026-03-03">Tue 3 Mar 2026</strong></span>') in page
    assert "= <strong" in page and ">2026-03-03<" not in page
