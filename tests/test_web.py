"""The pages of the foundation: sign-in, the article list, an article, the admin."""

import pytest
from django.urls import reverse

from annotations.models import Article, Claim

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


def test_the_root_url_sends_anonymous_visitors_to_the_sign_in_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"Sign in" in page.content


def test_a_reviewer_sees_the_articles_with_split_state_and_claim_counts(client, reviewer_a, split_article):
    article = split_article(BODY)
    client.force_login(reviewer_a)

    page = client.get("/").content.decode()

    assert "Ministers Agree On Budget" in page
    assert "Done" in page
    assert f">{article.claims.filter(kind=Claim.Kind.CLAIM).count()}<" in page


def test_each_home_page_counts_the_claims_of_its_own_articles_newest_first(client, reviewer_a, split_article,
                                                                            seed_texts, monkeypatch):
    from annotations.web import articles as article_views

    monkeypatch.setattr(article_views, "HOME_PAGE_SIZE", 2)
    made = [split_article(body) for body in list(seed_texts.values())[:3]]
    client.force_login(reviewer_a)

    pages = [client.get("/", {"page": n}).context["page"] for n in (1, 2)]

    assert [[a.pk for a in page] for page in pages] == [[made[2].pk, made[1].pk], [made[0].pk]]
    for page in pages:
        for article in page:
            claims = article.claims.filter(kind=Claim.Kind.CLAIM)
            assert (article.claim_count, article.checkworthy_count) == (
                claims.count(), claims.filter(checkworthy=True).count())
            assert article.claim_count > 0


def test_a_signed_in_user_without_a_role_is_refused(client, outsider, split_article):
    article = split_article(BODY)
    client.force_login(outsider)
    assert client.get("/").status_code == 403
    assert client.get(reverse("article-detail", args=[article.pk])).status_code == 404


def test_an_article_page_shows_each_claim_at_its_offsets(client, reviewer_a, split_article):
    article = split_article(BODY)
    client.force_login(reviewer_a)

    page = client.get(article.get_absolute_url()).content.decode()

    for claim in article.claims.all():
        assert f'data-start="{claim.start}" data-end="{claim.end}"' in page


def test_markup_in_article_text_is_shown_as_text(client, reviewer_a, split_article):
    article = split_article(
        "Headline With <script>alert(1)</script> Inside\n\nHe said <img src=x onerror=alert(1)> was there."
    )
    client.force_login(reviewer_a)

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_editors_can_retry_a_split(client, reviewer_a, editor, split_article):
    article = split_article(BODY)
    url = reverse("article-resplit", args=[article.pk])

    client.force_login(reviewer_a)
    assert client.post(url).status_code == 404

    client.force_login(editor)
    assert client.post(url).status_code == 302
    assert Article.objects.get(pk=article.pk).split_state == Article.SplitState.QUEUED


def test_an_admin_adds_an_article_in_the_admin_and_it_is_queued_for_splitting(
    client, admin_user, db, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:annotations_article_add"),
            {"title": "", "body": BODY, "source": "Wire", "url": "", "published_on": "", "language": "en"},
        )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Ministers Agree On Budget"
    assert article.created_by == admin_user
    assert article.split_state == Article.SplitState.DONE  # eager in unit tests
    assert article.claims.exists()


@pytest.mark.parametrize(
    "body, message",
    [("", "This field is required."), (BODY, "This text was already imported as article")],
)
def test_the_admin_refuses_empty_and_duplicate_articles_with_a_message(
    client, admin_user, split_article, body, message
):
    split_article(BODY)
    client.force_login(admin_user)

    response = client.post(reverse("admin:annotations_article_add"), {"body": body, "language": "en"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 1


def test_the_admin_lists_articles_with_their_split_state(client, admin_user, split_article):
    split_article(BODY)
    client.force_login(admin_user)
    page = client.get(reverse("admin:annotations_article_changelist")).content.decode()
    assert "Ministers Agree On Budget" in page
    assert "Done" in page


def test_the_split_state_fragment_asks_for_one_reload_when_the_split_ends(client, reviewer_a, split_article):
    article = split_article(BODY)
    client.force_login(reviewer_a)
    url = reverse("article-split-state", args=[article.pk])

    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert 'hx-trigger="every 1s"' not in done.content.decode()

    Article.objects.filter(pk=article.pk).update(split_state=Article.SplitState.SPLITTING)
    running = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in running
    assert 'hx-trigger="every 1s"' in running.content.decode()
