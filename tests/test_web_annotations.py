"""Claims and verdicts exported as W3C Web Annotations: every span found again by its selectors, every
standing verdict assessing its claim's span, admins only, the API and the command writing the same lines."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations import selectors
from annotations.models import Claim, Verdict
from annotations.services import corrections, review

URL = reverse("api-web-annotations-jsonl")
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _annotations() -> list[dict]:
    return [json.loads(line) for line in selectors.web_annotation_lines(chunk=2)]


@pytest.fixture
def desk(split_article, seed_texts, reviewer_a, reviewer_b, default_ratings):
    """Three split articles, one of them with characters outside the BMP before its claims; verdicts (one
    withdrawn, one without a rationale) and a dismissed claim."""
    bodies = list(seed_texts.values())
    made = [split_article(bodies[0]), split_article(bodies[1]),
            split_article("Emoji news 🌍🌍\n\nThe 🏛️ council said on Monday that it hired 40 new teachers in 2024.")]
    claims = list(Claim.objects.filter(article=made[0], kind=Claim.Kind.CLAIM).order_by("start"))
    rated, dismissed = claims[0], claims[1]
    review.verdict_submit(claim=rated, reviewer=reviewer_a, rating=default_ratings["false"], rationale="Records: no.")
    review.verdict_submit(claim=rated, reviewer=reviewer_b, rating=default_ratings["misleading"],
                          rationale="<script>alert(1)</script> Partly.")
    withdrawn = review.verdict_submit(claim=claims[2], reviewer=reviewer_a, rating=default_ratings["true"],
                                      rationale="Yes.")
    review.verdict_withdraw(verdict=withdrawn, actor=reviewer_a, reason="Wrong claim.")
    emoji_claim = Claim.objects.filter(article=made[2], kind=Claim.Kind.CLAIM, text__contains="teachers").get()
    review.verdict_submit(claim=emoji_claim, reviewer=reviewer_b, rating=default_ratings["true"], rationale="")
    corrections.claim_dismiss(claim=dismissed, reason="Not a claim.", expected_version=dismissed.version,
                              actor=reviewer_a)
    return made


def test_every_line_is_an_annotation_in_the_web_annotation_model(desk, settings):
    for annotation in _annotations():
        assert annotation["@context"] == ANNO_CONTEXT
        assert annotation["type"] == "Annotation"
        assert annotation["id"].startswith(settings.SITE_URL + "/api/v1/")
        assert annotation["motivation"] in ("classifying", "assessing")
        assert annotation["created"].endswith("Z") and annotation["modified"].endswith("Z")
        assert all(body["type"] == "TextualBody" and body["value"] for body in annotation["body"])
        assert annotation["target"]["type"] == "SpecificResource"
        assert [s["type"] for s in annotation["target"]["selector"]] == ["TextPositionSelector", "TextQuoteSelector"]


def test_each_claim_to_check_is_found_again_by_its_selectors_and_dismissed_ones_are_left_out(desk, settings):
    from annotations.models import Article

    claims = [a for a in _annotations() if a["motivation"] == "classifying"]
    expected = Claim.objects.filter(kind=Claim.Kind.CLAIM).exclude(status=Claim.Status.DISMISSED)
    assert [a["target"]["id"] for a in claims] == [
        f"{settings.SITE_URL}/api/v1/claims/{pk}/"
        for pk in expected.order_by("article_id", "start", "end", "pk").values_list("pk", flat=True)]
    assert Claim.objects.filter(status=Claim.Status.DISMISSED).exists()
    for annotation in claims:
        claim = Claim.objects.get(pk=int(annotation["target"]["id"].rstrip("/").rsplit("/", 1)[1]))
        body = Article.objects.get(pk=claim.article_id).body
        position, quote = annotation["target"]["selector"]
        assert (position["start"], position["end"]) == (claim.start, claim.end)
        assert quote["exact"] == body[position["start"]:position["end"]] == claim.text
        assert body[:position["start"]].endswith(quote["prefix"]) and body[position["end"]:].startswith(quote["suffix"])
        assert annotation["target"]["source"].endswith(f"/api/v1/articles/{claim.article_id}/")
        assert {"purpose": "classifying", "type": "TextualBody", "value": "claim"} in annotation["body"]
    # Code points, not UTF-16 units nor bytes: the globes and the building before the claim count one each.
    emoji = next(a for a in claims if "teachers" in a["target"]["selector"][1]["exact"])
    assert emoji["target"]["selector"][0]["start"] == desk[2].body.index("The 🏛️ council")


def test_each_standing_verdict_assesses_its_claims_span_and_withdrawn_ones_are_left_out(desk, settings):
    annotations = _annotations()
    targets = {a["target"]["id"]: a["target"] for a in annotations if a["motivation"] == "classifying"}
    verdicts = {a["id"]: a for a in annotations if a["motivation"] == "assessing"}

    standing = Verdict.objects.standing().select_related("reviewer", "rating")
    assert Verdict.objects.filter(withdrawn_at__isnull=False).exists()
    assert sorted(verdicts) == sorted(f"{settings.SITE_URL}/api/v1/verdicts/{v.pk}/" for v in standing)
    for verdict in standing:
        exported = verdicts[f"{settings.SITE_URL}/api/v1/verdicts/{verdict.pk}/"]
        assert exported["target"] == targets[exported["target"]["id"]]
        assert exported["target"]["id"].endswith(f"/claims/{verdict.claim_id}/")
        assert exported["creator"] == {"type": "Person", "nickname": verdict.reviewer.username}
        assessing, *comment = exported["body"]
        assert assessing == {"type": "TextualBody", "purpose": "assessing", "value": verdict.rating.label}
        assert comment == ([{"type": "TextualBody", "purpose": "commenting", "value": verdict.rationale,
                             "format": "text/plain"}] if verdict.rationale else [])
    # Each claim's verdicts follow it, so a reader meets the span before its assessments.
    claim_line = {a["target"]["id"]: i for i, a in enumerate(annotations) if a["motivation"] == "classifying"}
    assert all(claim_line[a["target"]["id"]] < i for i, a in enumerate(annotations) if a["motivation"] == "assessing")


@pytest.mark.parametrize("who, status", [
    ("admin_user", 200), ("editor", 403), ("reviewer_a", 403), ("outsider", 403), (None, 401),
])
def test_only_admins_may_export_web_annotations(client, request, who, status, desk):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code in ((status,) if status != 401 else (401, 403))
    if status == 200:
        assert response["Content-Type"].startswith("application/x-ndjson")
        assert response.streaming
        lines = b"".join(response.streaming_content).decode().splitlines(keepends=True)
        assert lines == list(selectors.web_annotation_lines())
        assert len(lines) == Claim.objects.filter(kind=Claim.Kind.CLAIM).exclude(
            status=Claim.Status.DISMISSED).count() + Verdict.objects.standing().count()


def test_the_export_command_writes_the_apis_lines(desk, tmp_path):
    path = tmp_path / "annotations.jsonl"
    stderr = io.StringIO()
    call_command("export", str(path), "--web-annotations", stderr=stderr)
    assert path.read_text(encoding="utf-8").splitlines(keepends=True) == list(selectors.web_annotation_lines())
    assert "annotations written" in stderr.getvalue()
