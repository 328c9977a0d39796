"""The intake services: a URL becomes an article through a Celery job, a file at once; whatever was
imported before (the same text, or the same page by its canonical URL) leads to that article.

Pages come from the local test server of conftest.py; ``_loopback_only`` fails any test that
tries to leave the machine.
"""

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from annotations import tasks
from annotations.models import Article, ArticleFetch, url_key_of
from annotations.services import articles, intake

from .conftest import PAGES_DIR, page_expectations
from .test_files import docx, para

RIVERSIDE = "riverside-courier-water-bills"


@pytest.fixture
def allowed(db, settings, site):
    """The test server may be fetched (it is on 127.0.0.1, which the rules refuse otherwise)."""
    settings.INTAKE_ALLOWED_HOSTS = [site.netloc]
    return site


def dropped_sentences(name):
    """The page furniture extraction must leave out, longer pieces only (a lone "Home" is a word of the text too)."""
    return [text for text in page_expectations(name)["dropped"] if len(text.split()) >= 3]


def test_a_url_is_fetched_after_commit_and_becomes_an_article_with_its_metadata(
        allowed, reviewer_a, django_capture_on_commit_callbacks):
    expected = page_expectations(RIVERSIDE)
    with django_capture_on_commit_callbacks(execute=True):
        fetch = intake.article_create_from_url(url=allowed.url(f"/pages/{RIVERSIDE}?utm_source=x"),
                                               requested_by=reviewer_a)
        assert fetch.state == ArticleFetch.State.QUEUED
        assert allowed.requests == []  # nothing is fetched before the commit

    fetch.refresh_from_db()
    article = fetch.article
    assert (fetch.state, fetch.duplicate, fetch.attempts, fetch.error) == (ArticleFetch.State.DONE, False, 1, "")
    assert article.title == expected["title"]
    assert (article.author, article.source, article.language) == (expected["author"], expected["site_name"], "en")
    assert article.published_on == dt.date.fromisoformat(expected["published_on"])
    assert article.url == article.canonical_url == expected["url"]
    assert article.url_key == url_key_of(expected["url"])
    assert article.body == "\n\n".join(expected["paragraphs"])
    assert [text for text in dropped_sentences(RIVERSIDE) if text in article.body] == []
    assert "<" not in article.body
    assert article.created_by == reviewer_a
    assert article.split_state == Article.SplitState.DONE and article.claims.exists()
    [request] = allowed.requests
    assert request.headers["User-Agent"].startswith("FactcheckDesk/1.0")


def test_the_task_is_sent_only_when_the_transaction_commits(allowed, reviewer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fetch = intake.article_create_from_url(url=allowed.url(f"/pages/{RIVERSIDE}"), requested_by=reviewer_a)

    assert len(callbacks) == 1
    fetch.refresh_from_db()
    assert fetch.state == ArticleFetch.State.QUEUED and fetch.article is None
    assert allowed.requests == []


def _fetched(site, path, user=None):
    fetch = intake.article_create_from_url(url=site.url(path), requested_by=user)
    intake.article_fetch(fetch_id=fetch.pk)
    fetch.refresh_from_db()
    return fetch


def test_the_same_url_again_leads_to_the_existing_article_without_a_second_fetch(allowed, reviewer_a, reviewer_b):
    first = _fetched(allowed, f"/pages/{RIVERSIDE}", reviewer_a)

    again = intake.article_create_from_url(url=allowed.url(f"/pages/{RIVERSIDE}?utm_medium=social#comments"),
                                           requested_by=reviewer_b)

    assert (again.state, again.duplicate, again.article_id) == (ArticleFetch.State.DONE, True, first.article_id)
    assert again.pk != first.pk and again.requested_by == reviewer_b
    assert len(allowed.requests) == 1
    assert Article.objects.count() == 1


def test_another_address_serving_the_same_page_leads_to_the_existing_article(allowed):
    first = _fetched(allowed, f"/pages/{RIVERSIDE}")

    # /chain/1 redirects once, then serves the same page: fetched, recognised by its text and canonical link.
    second = _fetched(allowed, "/chain/1")

    assert (second.state, second.duplicate, second.article_id) == (ArticleFetch.State.DONE, True, first.article_id)
    assert Article.objects.count() == 1


def test_a_url_being_fetched_is_not_fetched_twice_at_once(allowed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = intake.article_create_from_url(url=allowed.url(f"/pages/{RIVERSIDE}"))
        second = intake.article_create_from_url(url=allowed.url(f"/pages/{RIVERSIDE}?utm_source=mail"))

    assert second.pk == first.pk
    assert len(callbacks) == 1


@pytest.mark.parametrize(("url", "message"), [
    ("http://127.0.0.1:6379/", "Refused: 127.0.0.1 is a loopback address."),
    ("http://169.254.169.254/latest/meta-data/",
     "Refused: 169.254.169.254 is a link-local address (the cloud metadata service)."),
    ("http://[::ffff:10.0.0.5]/", "Refused: ::ffff:10.0.0.5 is a private address (IPv4 10.0.0.5 inside IPv6)."),
    ("file:///etc/passwd", "Refused: only http:// and https:// addresses can be fetched (this one is file:)."),
    ("https://user:secret@news.example/a",
     "Refused: the address contains a user name or password (before @), which are never sent."),
    ("news.example/a", "Refused: only http:// and https:// addresses can be fetched (this one has none)."),
])
def test_an_address_no_fetch_may_read_is_refused_at_once_with_its_message(db, connections, url, message):
    with pytest.raises(ValidationError) as refusal:
        intake.article_create_from_url(url=url)

    assert refusal.value.messages == [message]
    assert ArticleFetch.objects.count() == 0
    assert connections == [] or all(port != 6379 for _, port in connections)


def test_a_name_that_resolves_to_this_machine_is_refused_by_the_job_and_never_connected_to(allowed):
    # The allowed server by another name: localhost is not in the allowed hosts, and resolves to 127.0.0.1.
    by_name = intake.article_create_from_url(url=f"http://localhost:{allowed.port}/pages/{RIVERSIDE}")
    intake.article_fetch(fetch_id=by_name.pk)
    by_name.refresh_from_db()

    assert by_name.state == ArticleFetch.State.FAILED
    assert by_name.error == "Refused: localhost resolves to 127.0.0.1, a loopback address."
    assert allowed.requests == [] and Article.objects.count() == 0


def test_a_redirect_to_an_internal_address_is_refused_before_it_is_followed(allowed, internal_service):
    target = internal_service.url("/pages/riverside-courier-water-bills")
    fetch = _fetched(allowed, f"/redirect?to={target}")

    assert fetch.state == ArticleFetch.State.FAILED
    assert fetch.error == (f"Refused: {allowed.url(f'/redirect?to={target}')} redirects to {target}, "
                           "and 127.0.0.1 is a loopback address.")
    assert internal_service.requests == []
    assert Article.objects.count() == 0


def test_a_passing_failure_is_tried_again_then_given_up_with_its_message(allowed, settings):
    settings.INTAKE_FETCH_ATTEMPTS, settings.INTAKE_RETRY_SECONDS = 2, 7
    fetch = intake.article_create_from_url(url=allowed.url("/status/503"))

    first = intake.article_fetch(fetch_id=fetch.pk)
    fetch.refresh_from_db()
    assert first.retry_in == 7
    assert fetch.state == ArticleFetch.State.QUEUED
    assert fetch.error == (f"Could not fetch {allowed.url('/status/503')}: the server answered 503 Service "
                           "Unavailable. Trying again in 7 s (attempt 2 of 2).")

    second = intake.article_fetch(fetch_id=fetch.pk)
    fetch.refresh_from_db()
    assert second.retry_in is None
    assert (fetch.state, fetch.attempts) == (ArticleFetch.State.FAILED, 2)
    assert fetch.error == f"Could not fetch {allowed.url('/status/503')}: the server answered 503 Service Unavailable."


def test_the_task_retries_through_celery_and_ends_failed(allowed, settings):
    settings.INTAKE_FETCH_ATTEMPTS = 3
    fetch = intake.article_create_from_url(url=allowed.url("/status/502"))

    tasks.article_fetch_task.apply(args=[fetch.pk])

    fetch.refresh_from_db()
    assert (fetch.state, fetch.attempts) == (ArticleFetch.State.FAILED, 3)
    assert len(allowed.requests) == 3


def test_a_page_without_an_article_and_a_404_fail_at_once(allowed):
    empty = _fetched(allowed, "/status/200")
    missing = _fetched(allowed, "/status/404")

    assert empty.state == missing.state == ArticleFetch.State.FAILED
    assert empty.error == ("No article text was found on the page (only 1 word): it may be a front page, a page "
                           "that needs JavaScript, or a page behind a login.")
    assert missing.error == f"Could not fetch {allowed.url('/status/404')}: the server answered 404 Not Found."
    assert (empty.attempts, missing.attempts) == (1, 1)


def test_running_the_job_again_changes_nothing(allowed):
    fetch = _fetched(allowed, f"/pages/{RIVERSIDE}")

    outcome = intake.article_fetch(fetch_id=fetch.pk)
    tasks.article_fetch_task(fetch.pk)

    assert outcome == intake.FetchOutcome()
    fetch.refresh_from_db()
    assert (fetch.state, fetch.attempts) == (ArticleFetch.State.DONE, 1)
    assert len(allowed.requests) == 1 and Article.objects.count() == 1


def test_a_missing_fetch_is_logged_not_raised(db):
    assert intake.article_fetch(fetch_id=987654) == intake.FetchOutcome()


def test_the_sweep_sends_again_a_fetch_the_broker_never_took(allowed, settings):
    fetch = intake.article_create_from_url(url=allowed.url(f"/pages/{RIVERSIDE}"))
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    ArticleFetch.objects.filter(pk=fetch.pk).update(updated_at=long_ago)

    sent = intake.article_fetch_requeue_stalled(queued_for=dt.timedelta(seconds=120),
                                                fetching_for=dt.timedelta(seconds=900))

    fetch.refresh_from_db()
    assert sent == 1
    assert fetch.state == ArticleFetch.State.DONE  # eager Celery ran the fetch it sent


# --- Files ---


def test_an_html_file_is_extracted_like_a_fetched_page(db, editor):
    expected = page_expectations(RIVERSIDE)

    article = intake.article_create_from_file(
        name="story.html", data=(PAGES_DIR / f"{RIVERSIDE}.html").read_bytes(), created_by=editor)

    assert (article.title, article.author, article.source) == (expected["title"], expected["author"],
                                                               expected["site_name"])
    assert article.url == expected["url"]
    assert article.body == "\n\n".join(expected["paragraphs"])


def test_a_word_file_becomes_an_article_titled_by_its_title_style(db):
    data = docx(para("Harbour Ferry Fares To Rise", "Title")
                + para("Ferry fares will rise by 12% on January 1, the port authority said on Monday."))

    article = intake.article_create_from_file(name="ferry.docx", data=data)

    assert article.title == "Harbour Ferry Fares To Rise"
    assert article.body.endswith("the port authority said on Monday.")


def test_a_text_file_not_in_utf8_is_refused_with_advice_then_read_in_the_encoding_given(db):
    data = "Caf\u00e9 Prices Rise\n\nA coffee costs \u20ac3 now, up from \u20ac2.50 last year.".encode("cp1252")

    with pytest.raises(ValidationError) as refusal:
        intake.article_create_from_file(name="prices.txt", data=data)
    article = intake.article_create_from_file(name="prices.txt", data=data, encoding="cp1252")

    assert refusal.value.messages == [
        "prices.txt: the file is not valid UTF-8 (byte 3: b'\\xe9'); convert it to UTF-8 or say which encoding it "
        "is in (for example cp1252)."]
    assert article.title == "Caf\u00e9 Prices Rise" and "\u20ac3" in article.body


def test_a_file_of_a_kind_we_cannot_read_is_refused_by_name(db):
    with pytest.raises(ValidationError) as refusal:
        intake.article_create_from_file(name="report.pdf", data=b"%PDF-1.7")

    assert refusal.value.messages == [
        "report.pdf: .pdf files cannot be imported; use a .txt, .md, .html, .htm or .docx file."]


def test_a_file_with_a_text_seen_before_leads_to_that_article(db):
    data = (PAGES_DIR / f"{RIVERSIDE}.html").read_bytes()
    first = intake.article_create_from_file(name="a.html", data=data)

    with pytest.raises(articles.DuplicateArticle) as duplicate:
        intake.article_create_from_file(name="b.html", data=data)

    assert duplicate.value.existing == first
    assert duplicate.value.messages == [f"This text was already imported as article #{first.pk} “{first.title}”."]


# --- The canonical URL is a duplicate everywhere ---


def test_a_paste_with_the_address_of_an_article_imported_before_leads_to_that_article(db):
    first = articles.article_create(body="Harbour Bridge Closes\n\nThe bridge closes on Monday for 3 weeks.",
                                    url="https://News.Example/bridge?utm_source=newsletter")

    with pytest.raises(articles.DuplicateArticle) as duplicate:
        articles.article_create(body="Harbour Bridge Closes Early\n\nThe bridge now closes on Sunday.",
                                url="https://news.example/bridge#top")

    assert first.canonical_url == "https://news.example/bridge"
    assert duplicate.value.existing == first and duplicate.value.same == "url"
    assert duplicate.value.messages == [
        f"This address was already imported as article #{first.pk} “Harbour Bridge Closes”."]


def test_a_batch_with_one_address_twice_creates_nothing_and_says_which(db):
    with pytest.raises(articles.ArticleBatchInvalid) as invalid:
        articles.article_create_many(items=[
            {"body": "One\n\nThe first text says 1.", "url": "https://news.example/a"},
            {"body": "Two\n\nThe second text says 2.", "url": "https://news.example/a?utm_campaign=x"},
        ])

    assert invalid.value.errors == {1: "This address is the same as that of item 0 of this request."}
    assert Article.objects.count() == 0


def test_changing_an_articles_address_to_another_articles_is_refused(db, editor):
    first = articles.article_create(body="One\n\nThe first text says 1.", url="https://news.example/a")
    second = articles.article_create(body="Two\n\nThe second text says 2.")

    articles.article_update(article=second, actor=editor, url="https://news.example/b?fbclid=1")
    with pytest.raises(ValidationError) as refusal:
        articles.article_update(article=second, actor=editor, url="https://news.example/a")

    second.refresh_from_db()
    assert (second.url, second.canonical_url) == ("https://news.example/b?fbclid=1", "https://news.example/b")
    assert refusal.value.message_dict == {"url": [f"This address is article #{first.pk} “{first.title}”'s already."]}


def test_the_backfill_gives_older_articles_their_key_and_the_first_of_two_keeps_it(db):
    older = [Article.objects.create(title=f"Old {n}", body=f"Old text {n}.", content_hash=str(n) * 64,
                                    url="https://news.example/same?utm_source=x") for n in (1, 2)]
    plain = Article.objects.create(title="No URL", body="No URL here.", content_hash="3" * 64)

    importlib.import_module("annotations.migrations.0016_fill_article_canonical_urls").fill(apps, None)

    keys = dict(Article.objects.values_list("pk", "url_key"))
    assert keys == {older[0].pk: url_key_of("https://news.example/same"), older[1].pk: "", plain.pk: ""}
    assert set(Article.objects.exclude(url="").values_list("canonical_url", flat=True)) == {"https://news.example/same"}


# --- import_articles ---


def test_import_articles_fetches_urls_and_skips_a_page_it_has(allowed, reviewer_a):
    out, err = StringIO(), StringIO()
    call_command("import_articles", allowed.url(f"/pages/{RIVERSIDE}"), "--user", "reviewer_a", stdout=out,
                 stderr=err)
    article = Article.objects.get()
    call_command("import_articles", allowed.url(f"/pages/{RIVERSIDE}?utm_source=rss"), stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"{allowed.url(f'/pages/{RIVERSIDE}')}: imported as article #{article.pk} “{article.title}”"
    assert f"/pages/{RIVERSIDE}?utm_source=rss: already imported as article #{article.pk}, skipped" in lines[2]
    assert article.created_by == reviewer_a and article.author == "Hannah Okafor"
    assert len(allowed.requests) == 1


def test_import_articles_reports_a_refused_url_and_fails(db):
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 file\(s\) or page\(s\) could not be imported"):
        call_command("import_articles", "http://127.0.0.1:6379/", stdout=StringIO(), stderr=err)

    assert err.getvalue().strip() == "http://127.0.0.1:6379/: Refused: 127.0.0.1 is a loopback address."
