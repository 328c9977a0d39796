"""The "Add article" page: a URL, a file or a paste, who may use it, and what each answer shows."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.models import Article, ArticleFetch

from .conftest import PAGES_DIR, page_expectations
from .test_app_services import RIVERSIDE


@pytest.fixture
def allowed(db, settings, site):
    settings.INTAKE_ALLOWED_HOSTS = [site.netloc]
    return site


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", html.decode())


@pytest.mark.parametrize(("persona", "status"), [("reviewer_a", 200), ("editor", 200), ("outsider", 403)])
def test_reviewers_and_editors_may_open_the_page_and_people_without_a_role_may_not(
        client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("article-add")).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("article-add"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_header_offers_the_page_to_those_who_may_add_articles(client, reviewer_a):
    client.force_login(reviewer_a)
    page = client.get(reverse("queue")).content.decode()
    assert f'href="{reverse("article-add")}"' in page
    assert f'action="{reverse("search")}"' in page


def test_a_url_is_queued_and_the_progress_page_shows_the_fetch_then_the_article(
        client, allowed, reviewer_a, django_capture_on_commit_callbacks):
    client.force_login(reviewer_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("article-add"), {"way": "url", "url-url": allowed.url(f"/pages/{RIVERSIDE}")})
    fetch = ArticleFetch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("article-fetch", args=[fetch.pk])

    queued = client.get(response["Location"]).content.decode()
    assert 'id="step-fetch"' in queued and "Queued" in queued
    assert f'hx-get="{reverse("article-fetch-state", args=[fetch.pk])}"' in queued

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    done = _text(client.get(reverse("article-fetch-state", args=[fetch.pk])).content)
    expected = page_expectations(RIVERSIDE)
    article = Article.objects.get()
    assert f'<dd id="found-title">{expected["title"]}' in done
    assert f'<dd id="found-author">{expected["author"]}</dd>' in done
    assert f'<dd id="found-site">{expected["site_name"]}</dd>' in done
    assert '<dd id="found-date">2025-03-14</dd>' in done
    assert f'>{expected["url"]}</a>' in done
    assert f'href="{article.get_absolute_url()}"' in done
    assert "hx-get" not in done  # the split ran (eager Celery): nothing left to wait for


def test_a_refused_address_is_shown_on_the_page_and_nothing_is_queued(client, reviewer_a):
    client.force_login(reviewer_a)
    response = client.post(reverse("article-add"), {"way": "url", "url-url": "http://127.0.0.1:6379/"})

    assert response.status_code == 400
    assert '<div class="error" role="alert" id="intake-error"><p>Refused: 127.0.0.1 is a loopback address.</p>' in (
        response.content.decode())
    assert ArticleFetch.objects.count() == 0


def test_a_refusal_in_the_job_is_shown_and_the_page_stops_asking(
        client, allowed, internal_service, reviewer_a, django_capture_on_commit_callbacks):
    client.force_login(reviewer_a)
    target = internal_service.url("/admin/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("article-add"), {"way": "url", "url-url": allowed.url(f"/redirect?to={target}")})
    fetch = ArticleFetch.objects.get()

    page = client.get(reverse("article-fetch", args=[fetch.pk])).content.decode()

    fetch.refresh_from_db()
    assert fetch.state == ArticleFetch.State.FAILED
    assert (f'<div class="error" role="alert" id="fetch-error"><p>Refused: {allowed.url(f"/redirect?to={target}")} '
            f"redirects to {target}, and 127.0.0.1 is a loopback address.</p>") in page
    assert "hx-get" not in page
    assert internal_service.requests == []


def test_the_same_address_again_opens_the_existing_article_with_a_message(
        client, allowed, reviewer_a, django_capture_on_commit_callbacks):
    client.force_login(reviewer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("article-add"), {"way": "url", "url-url": allowed.url(f"/pages/{RIVERSIDE}")})
    article = Article.objects.get()

    response = client.post(reverse("article-add"), {"way": "url", "url-url": allowed.url(f"/pages/{RIVERSIDE}")},
                           follow=True)

    assert response.redirect_chain == [(article.get_absolute_url(), 302)]
    assert f"This address was already imported as article #{article.pk} “{article.title}”." in (
        response.content.decode())
    assert Article.objects.count() == 1 and len(allowed.requests) == 1


def test_an_uploaded_html_file_becomes_an_article_and_its_page_shows_what_was_found(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("story.html", (PAGES_DIR / f"{RIVERSIDE}.html").read_bytes(), "text/html")

    response = client.post(reverse("article-add"), {"way": "file", "file-file": upload})

    article = Article.objects.get()
    assert response["Location"] == reverse("article-added", args=[article.pk])
    page = _text(client.get(response["Location"]).content)
    assert '<dd id="found-author">Hannah Okafor</dd>' in page and '<dd id="found-site">Riverside Courier</dd>' in page
    assert article.created_by == editor


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, reviewer_a, settings):
    settings.INTAKE_MAX_BYTES = 1000
    client.force_login(reviewer_a)
    upload = SimpleUploadedFile("long.txt", b"word " * 300, "text/plain")

    response = client.post(reverse("article-add"), {"way": "file", "file-file": upload})

    assert response.status_code == 400
    assert "long.txt: the file is 2 KB; the limit is 1 KB." in response.content.decode()
    assert Article.objects.count() == 0


def test_a_file_in_another_encoding_is_read_once_its_encoding_is_chosen(client, reviewer_a):
    client.force_login(reviewer_a)
    data = "Caf\u00e9 Prices Rise\n\nA coffee costs \u20ac3 now, the caf\u00e9 owners said.".encode("cp1252")

    refused = client.post(reverse("article-add"), {"way": "file", "file-file": SimpleUploadedFile("p.txt", data)})
    accepted = client.post(reverse("article-add"), {"way": "file", "file-encoding": "cp1252",
                                                    "file-file": SimpleUploadedFile("p.txt", data)})

    assert refused.status_code == 400
    assert "say which encoding it is in (for example cp1252)" in refused.content.decode()
    assert accepted.status_code == 302
    assert Article.objects.get().title == "Caf\u00e9 Prices Rise"


def test_a_paste_takes_its_headline_as_title_and_a_second_paste_of_it_leads_to_the_first(client, reviewer_a):
    client.force_login(reviewer_a)
    body = "Council Votes To Close Depot\n\nThe council voted 7 to 2 on Tuesday to close the depot."

    first = client.post(reverse("article-add"), {"way": "paste", "paste-body": body})
    article = Article.objects.get()
    again = client.post(reverse("article-add"), {"way": "paste", "paste-body": body}, follow=True)

    assert first["Location"] == reverse("article-added", args=[article.pk])
    assert (article.title, article.title_derived, article.body) == ("Council Votes To Close Depot", False, body)
    assert again.redirect_chain == [(article.get_absolute_url(), 302)]
    assert f"This text was already imported as article #{article.pk}" in again.content.decode()


def test_an_empty_paste_is_refused_and_the_paste_form_stays_open(client, reviewer_a):
    client.force_login(reviewer_a)
    response = client.post(reverse("article-add"), {"way": "paste", "paste-body": "   \n  "})

    page = response.content.decode()
    assert response.status_code == 400
    assert "The article text is empty." in page
    assert '<form method="post" class="card intake-form" id="add-paste">' in page  # not hidden
    assert '<form method="post" class="card intake-form" id="add-url" hidden>' in page


def test_someone_without_the_add_permission_cannot_post_either(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("article-add"), {"way": "paste", "paste-body": "Some text here."})
    assert response.status_code == 403 and Article.objects.count() == 0


def test_a_fetch_is_visible_to_reviewers_only(client, allowed, reviewer_a, outsider):
    client.force_login(reviewer_a)
    client.post(reverse("article-add"), {"way": "url", "url-url": allowed.url("/status/404")})
    fetch = ArticleFetch.objects.get()
    client.force_login(outsider)

    assert client.get(reverse("article-fetch", args=[fetch.pk])).status_code == 404
    assert client.get(reverse("article-fetch-state", args=[fetch.pk])).status_code == 404
