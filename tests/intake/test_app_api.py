"""POST /api/v1/articles/ with a URL (202 and a fetch to poll, or 200 when the page is known) or a file
(multipart, 201); GET /api/v1/fetches/<id>/; refusals as 400s with the intake's message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from annotations.models import Article, ArticleFetch

from .conftest import PAGES_DIR, page_expectations
from .test_app_services import RIVERSIDE


@pytest.fixture
def allowed(db, settings, site):
    settings.INTAKE_ALLOWED_HOSTS = [site.netloc]
    return site


@pytest.fixture
def api(reviewer_a):
    client = APIClient()
    client.force_authenticate(reviewer_a)
    return client


def test_a_url_is_accepted_with_a_fetch_to_poll_which_ends_with_the_article(
        api, allowed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/articles/", {"url": allowed.url(f"/pages/{RIVERSIDE}")}, format="json")
    fetch = ArticleFetch.objects.get()

    assert response.status_code == 202
    assert response["Location"] == f"http://testserver/api/v1/fetches/{fetch.pk}/"
    assert response.json()["state"] == "queued" and response.json()["article"] is None

    polled = api.get(f"/api/v1/fetches/{fetch.pk}/").json()
    article = Article.objects.get()
    assert {key: polled[key] for key in ("state", "article", "duplicate", "error", "attempts")} == {
        "state": "done", "article": article.pk, "duplicate": False, "error": "", "attempts": 1}
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    expected = page_expectations(RIVERSIDE)
    assert (detail["author"], detail["source"], detail["url"], detail["canonical_url"], detail["published_on"]) == (
        expected["author"], expected["site_name"], expected["url"], expected["url"], expected["published_on"])


def test_a_url_imported_before_answers_200_with_the_article_and_fetches_nothing(
        api, allowed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.post("/api/v1/articles/", {"url": allowed.url(f"/pages/{RIVERSIDE}")}, format="json")

    response = api.post("/api/v1/articles/", {"url": allowed.url(f"/pages/{RIVERSIDE}?utm_source=api")},
                        format="json")

    body = response.json()
    assert response.status_code == 200
    assert (body["state"], body["duplicate"], body["article"]) == ("done", True, Article.objects.get().pk)
    assert len(allowed.requests) == 1


@pytest.mark.parametrize(("url", "message"), [
    ("http://127.0.0.1:6379/", "Refused: 127.0.0.1 is a loopback address."),
    ("http://[::1]:8000/admin/", "Refused: ::1 is a loopback address."),
    ("gopher://news.example/", "Refused: only http:// and https:// addresses can be fetched (this one is gopher:)."),
])
def test_an_address_no_fetch_may_read_is_a_400_with_its_message(api, url, message):
    response = api.post("/api/v1/articles/", {"url": url}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [message]}
    assert ArticleFetch.objects.count() == 0


def test_a_redirect_to_an_internal_address_ends_the_fetch_with_the_refusal(
        api, allowed, internal_service, django_capture_on_commit_callbacks):
    target = internal_service.url("/")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api.post("/api/v1/articles/", {"url": allowed.url(f"/redirect?to={target}&status=307")},
                            format="json")

    polled = api.get(accepted["Location"]).json()

    assert accepted.status_code == 202
    assert polled["state"] == "failed" and polled["article"] is None
    assert polled["error"] == (f"Refused: {allowed.url(f'/redirect?to={target}&status=307')} redirects to "
                               f"{target}, and 127.0.0.1 is a loopback address.")
    assert internal_service.requests == []


def test_a_url_with_other_fields_is_refused_by_name(api):
    response = api.post("/api/v1/articles/", {"url": "https://news.example/a", "colour": "red"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"colour": ["Unknown or read-only field."]}


def test_a_file_upload_creates_the_article_at_once(api, reviewer_a):
    upload = SimpleUploadedFile("story.html", (PAGES_DIR / f"{RIVERSIDE}.html").read_bytes(), "text/html")

    response = api.post("/api/v1/articles/", {"file": upload}, format="multipart")

    assert response.status_code == 201
    body = response.json()
    article = Article.objects.get()
    assert (body["id"], body["author"], body["source"]) == (article.pk, "Hannah Okafor", "Riverside Courier")
    assert body["body"] == article.body and article.created_by == reviewer_a


def test_a_file_seen_before_is_a_400_naming_the_article(api):
    data = (PAGES_DIR / f"{RIVERSIDE}.html").read_bytes()
    api.post("/api/v1/articles/", {"file": SimpleUploadedFile("a.html", data)}, format="multipart")
    article = Article.objects.get()

    response = api.post("/api/v1/articles/", {"file": SimpleUploadedFile("b.html", data)}, format="multipart")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [f"This text was already imported as article #{article.pk} “{article.title}”."]}


def test_an_unreadable_file_is_a_400_with_its_name_and_the_reason(api):
    response = api.post("/api/v1/articles/", {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.7")},
                        format="multipart")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        "scan.pdf: .pdf files cannot be imported; use a .txt, .md, .html, .htm or .docx file."]}


def test_a_text_file_in_cp1252_is_read_with_its_encoding(api):
    data = "Caf\u00e9 Prices Rise\n\nA coffee costs \u20ac3 now, the owners said.".encode("cp1252")
    response = api.post("/api/v1/articles/", {"file": SimpleUploadedFile("p.txt", data), "encoding": "cp1252"},
                        format="multipart")
    assert response.status_code == 201 and response.json()["title"] == "Caf\u00e9 Prices Rise"


@pytest.mark.parametrize(("persona", "status"), [(None, 401), ("outsider", 403), ("reviewer_a", 200)])
def test_a_fetch_is_read_by_reviewers(request, allowed, persona, status):
    fetch = ArticleFetch.objects.create(url=allowed.url("/"), url_key="k")
    client = APIClient()
    if persona:
        client.force_authenticate(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/fetches/{fetch.pk}/").status_code == status


def test_the_api_root_lists_the_endpoints_for_anyone_and_the_docs_for_people_signed_in(reviewer_a):
    response = APIClient().get("/api/v1/")

    links = response.json()["endpoints"]
    assert response.status_code == 200
    assert links["articles"] == "http://testserver/api/v1/articles/"
    assert links["claim_reviews"] == "http://testserver/api/v1/claim-reviews/"
    assert links["docs"] == "http://testserver/api/v1/schema/docs/"
    assert links["fetch"] == "http://testserver/api/v1/fetches/{id}/"
    assert APIClient().get(links["docs"]).status_code == 401
    signed_in = APIClient()
    signed_in.force_login(reviewer_a)
    assert signed_in.get(links["docs"]).status_code == 200
