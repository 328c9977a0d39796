"""Each person's keyboard shortcuts: on or off, a modifier, other keys (WCAG 2.2, 2.1.4), and what the
article page then says and sends to its script; the claims in the text described in words."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from annotations import selectors
from annotations.models import Claim, KeyboardPreference
from annotations.services import accounts
from annotations.templatetags.review_tags import claim_about, split_points

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday and it adds 12,000 jobs, officials said.\n"

DEFAULT_FORM = {"enabled": "on", "modifier": "", "key_next_in_article": "j", "key_prev_in_article": "k",
                "key_next_in_queue": "n", "key_rationale": "r", "key_evidence": "e", "key_help": "?"}


@pytest.fixture
def article(split_article):
    return split_article(BODY)


def keyboard_config(page: str) -> dict:
    found = re.search(r'<script id="keyboard-config" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def article_page(client, article):
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).exclude(text=article.title).first()
    return client.get(article.get_absolute_url(), {"claim": claim.pk}).content.decode()


def test_without_a_saved_choice_the_defaults_apply(reviewer_a, db):
    preference = selectors.keyboard_preference_for(reviewer_a)
    assert not KeyboardPreference.objects.exists()
    assert preference.enabled and preference.modifier == "" and preference.keys == {}
    assert preference.keymap() == {"next_in_article": "j", "prev_in_article": "k", "next_in_queue": "n",
                                   "rationale": "r", "evidence": "e", "help": "?"}


def test_the_settings_page_shows_the_current_keys(client, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(reverse("account-settings"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="keyboard-heading">Keyboard shortcuts</h2>' in page
    assert 'name="key_next_in_article" value="j"' in page
    assert 'aria-describedby="keys-rule"' in page
    assert f'href="{reverse("account-settings")}" id="account-link"' in page


def test_a_reviewer_turns_the_shortcuts_off_and_the_article_page_follows(client, reviewer_a, reviewer_b, article):
    client.force_login(reviewer_a)
    response = client.post(reverse("account-settings"), {**DEFAULT_FORM, "enabled": "off"})
    assert response.status_code == 302 and response["Location"] == reverse("account-settings")
    stored = KeyboardPreference.objects.get(user=reviewer_a)
    assert (stored.enabled, stored.keys) == (False, {})

    page = article_page(client, article)
    assert keyboard_config(page)["enabled"] is False
    assert '<p id="keys-off">Keyboard shortcuts are off.' in page
    assert "(keys 1" not in page, "the rating legend names no keys"
    assert "Saved: shortcuts are off" not in page
    client.force_login(reviewer_b)
    assert keyboard_config(article_page(client, article))["enabled"] is True, "only reviewer_a's choice"


def test_a_reviewer_chooses_other_keys_and_a_modifier(client, reviewer_a, article):
    client.force_login(reviewer_a)
    response = client.post(reverse("account-settings"), {**DEFAULT_FORM, "modifier": "alt",
                                                           "key_next_in_article": "L", "key_help": "/"})
    assert response.status_code == 302
    stored = KeyboardPreference.objects.get(user=reviewer_a)
    assert (stored.modifier, stored.keys) == ("alt", {"next_in_article": "l", "help": "/"}), "only the changes"

    page = article_page(client, article)
    assert keyboard_config(page) == {"enabled": True, "modifier": "alt", "keys": {
        "next_in_article": "l", "prev_in_article": "k", "next_in_queue": "n", "rationale": "r", "evidence": "e",
        "help": "/"}}
    assert "<tr><th scope=\"row\"><kbd>Alt+l</kbd></th><td>open the next claim in this article</td></tr>" in page
    assert "<kbd>Alt+1 – Alt+9</kbd>" in page
    assert "(keys Alt+1–Alt+7, in this order)" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("key_help", "j", "“j” is already the key to open the next claim in this article."),
    ("key_rationale", "3", "Use one letter or one of"),
    ("key_evidence", " ", "This field is required."),
])
def test_a_key_that_is_taken_or_not_allowed_is_refused_with_the_field_named(client, reviewer_a, field, value,
                                                                             message):
    client.force_login(reviewer_a)
    response = client.post(reverse("account-settings"), {**DEFAULT_FORM, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="settings-errors" tabindex="-1" data-error-summary' in page
    assert message in page
    assert f'href="#id_{field}"' in page, "the summary links to the field"
    assert not KeyboardPreference.objects.exists()


def test_the_service_refuses_an_unknown_action_and_keeps_only_keys_that_differ(reviewer_a, db):
    with pytest.raises(ValidationError) as refused:
        accounts.keyboard_preference_save(user=reviewer_a, enabled=True, modifier="", keys={"fly": "f"})
    assert refused.value.message_dict == {"fly": ["No such shortcut: fly."]}
    saved = accounts.keyboard_preference_save(user=reviewer_a, enabled=True, modifier="ctrl+alt",
                                              keys={"next_in_article": "j", "rationale": "w"})
    assert saved.keys == {"rationale": "w"}
    again = accounts.keyboard_preference_save(user=reviewer_a, enabled=False, modifier="", keys={})
    assert KeyboardPreference.objects.count() == 1
    assert (again.enabled, again.keys, KeyboardPreference.objects.get().modifier) == (False, {}, "")


def test_the_settings_need_a_sign_in(client, db):
    response = client.get(reverse("account-settings"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_claim_is_described_by_kind_type_score_and_state(article):
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).exclude(text=article.title).first()
    claim.checkworthiness, claim.checkworthy, claim.claim_type = 0.8234, True, Claim.ClaimType.QUANTITY
    assert claim_about(claim) == "check-worthy quantity claim, check-worthiness 0.82, status: open"
    claim.kind, claim.status = Claim.Kind.BOILERPLATE, Claim.Status.DISMISSED
    assert claim_about(claim) == ("page chrome (not part of the story), check-worthiness 0.82, "
                                  "status: dismissed (not a claim)")


def test_split_points_are_article_offsets_before_each_word_after_the_first(article):
    claim = article.claims.get(text__startswith="The deal")
    points = split_points(claim)
    assert len(points) == len(claim.text.split()) - 1
    at, label = points[3]
    assert article.body[at:].startswith("on Monday and it adds")
    assert label == "“on Monday and it…” (after “…deal was signed”)"
    assert all(article.body[offset - 1] == " " for offset, _ in points)


def test_every_claim_in_the_text_is_a_named_link_and_the_open_one_is_current(client, reviewer_a, article):
    client.force_login(reviewer_a)
    page = article_page(client, article)
    claims = list(article.claims.order_by("start"))
    for claim in claims:
        tag = re.search(rf'<span id="claim-{claim.pk}"[^>]*>', page).group(0)
        assert 'role="link"' in tag and 'tabindex="0"' in tag
        assert f'aria-labelledby="claim-{claim.pk} about-{claim.pk}"' in tag
        assert f'<span id="about-{claim.pk}">{claim_about(claim)}' in page
    assert page.count('aria-current="true"') == 1
    # The descriptions live outside the text, so the text (and every offset into it) is untouched.
    text = re.search(r'<div class="body" id="article-text"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", text).replace("&#x27;", "'") == BODY
