"""Reads shared by the web views, the API, the admin, commands and the services.

Views and the API read models through these functions or through the access
gate (which uses them), never with ``Model.objects`` of their own; a test in
tests/test_architecture.py holds them to it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotations import agreement
from annotations.matching import MATCHER_VERSION
from annotations.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimFingerprint,
    ClaimMatch,
    ClaimPresence,
    Evidence,
    FactCheck,
    Rating,
    RationaleDraft,
    Verdict,
    WebhookEndpoint,
    content_hash_of,
)


def article_get(pk) -> Article:
    return Article.objects.get(pk=pk)


def article_with_text(body: str) -> Article | None:
    """The article imported with exactly this text, if any (duplicates are refused)."""
    return Article.objects.filter(content_hash=content_hash_of(body)).defer("body").first()


def articles_pending_split() -> bool:
    """Whether any article still waits for its split (the home page polls while one does)."""
    return Article.objects.exclude(split_state=Article.SplitState.DONE).exists()


def article_ids_split() -> list[int]:
    return list(Article.objects.filter(split_state=Article.SplitState.DONE).order_by("pk").values_list("pk", flat=True))


def article_ids_linked_by_old_matcher() -> list[int]:
    """Articles whose stored fingerprints another matcher version made."""
    return list(
        ClaimFingerprint.objects.exclude(matcher_version=MATCHER_VERSION)
        .values_list("article_id", flat=True).distinct().order_by("article_id")
    )


@dataclass(frozen=True)
class SplitProgress:
    done: int
    failed: int
    claims: int
    errors: list[tuple[int, str]]


def split_progress(article_ids: list[int]) -> SplitProgress:
    """How far the split of these articles got: done, failed (with the reasons), claims made."""
    states = dict(
        Article.objects.filter(pk__in=article_ids).values("split_state").annotate(n=Count("pk"))
        .values_list("split_state", "n")
    )
    failed = list(Article.objects.filter(pk__in=article_ids, split_state=Article.SplitState.FAILED)
                  .values_list("pk", "split_error"))
    claims = Claim.objects.filter(
        article_id__in=article_ids, article__split_state=Article.SplitState.DONE, kind=Claim.Kind.CLAIM
    ).count()
    return SplitProgress(done=states.get(Article.SplitState.DONE, 0), failed=len(failed), claims=claims,
                         errors=failed)


def articles_split_list():
    """Split articles, by title only (pickers and filters)."""
    return Article.objects.filter(split_state=Article.SplitState.DONE).only("pk", "title")


def article_claims(article: Article):
    """The article's claims in reading order, with their assignees (the article page)."""
    return article.claims.select_related("assignee")


def claim_with_article():
    """Claims with their article joined, its body left in the database until someone reads it."""
    return Claim.objects.select_related("article").defer("article__body")


def claim_neighbour(claim: Claim) -> Claim | None:
    """The next claim in the text that is not dismissed, or None: what "merge with the next" joins."""
    return (
        claim.article.claims.filter(start__gte=claim.end).exclude(status=Claim.Status.DISMISSED)
        .order_by("start", "end").first()
    )


def ratings_default_scale():
    """The ratings a reviewer or an editor may choose, in picker order."""
    return Rating.objects.filter(scale__is_default=True).select_related("scale")


def verdict_own(claim: Claim, user) -> Verdict | None:
    return claim.verdicts.filter(reviewer=user).select_related("rating").first()


def claim_has_verdicts(claim: Claim) -> bool:
    return claim.verdicts.exists()


def claim_evidence(claim: Claim):
    """The claim's evidence, oldest first, with who added each."""
    return claim.evidence.select_related("added_by").order_by("created_at", "id")


def claim_verdicts(claim: Claim):
    """Every verdict on the claim with reviewer and rating, oldest first (the editorial desk)."""
    return claim.verdicts.select_related("reviewer", "rating").order_by("created_at", "id")


def webhook_endpoint_list():
    return WebhookEndpoint.objects.filter(active=True)


def factcheck_for_claimreview(pk) -> FactCheck:
    """One fact-check with what its ClaimReview needs joined (webhook payloads)."""
    return (
        FactCheck.objects.select_related("rating__scale", "claim__article")
        .defer("claim__article__body").get(pk=pk)
    )


def article_list():
    return Article.objects.defer("body").annotate(
        claim_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM)),
        checkworthy_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM, claims__checkworthy=True)),
    )


def article_segments(article: Article):
    """The body cut into (text, claim-or-None) pieces, in order, for highlighting.

    Overlapping claims (a person's span over a machine one) would nest; the
    later one is shown only from where the earlier ends.
    """
    pieces, cursor = [], 0
    for claim in article.claims.all():
        if claim.end <= cursor:
            continue
        start = max(claim.start, cursor)
        if start > cursor:
            pieces.append((article.body[cursor:start], None))
        pieces.append((article.body[start:claim.end], claim))
        cursor = claim.end
    if cursor < len(article.body):
        pieces.append((article.body[cursor:], None))
    return pieces


# --- REST API v1 reads ---


def _count_of(model, **filters):
    """A correlated COUNT subquery: counts on two relations without multiplying joined rows."""
    rows = model.objects.filter(claim=OuterRef("pk"), **filters).order_by().values("claim")
    return Subquery(rows.annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField())


def claims_of_factchecks(factchecks):
    return Claim.objects.filter(factcheck__in=factchecks)


def claim_list():
    """Claims with their verdict and evidence counts, in a constant number of queries per page."""
    return Claim.objects.annotate(
        verdict_count=Coalesce(_count_of(Verdict), 0),
        evidence_count=Coalesce(_count_of(Evidence), 0),
    )


def claim_keys():
    """Claims with only the columns the API's lists are filtered, ordered and paged by."""
    return Claim.objects.only("id", "article_id", "checkworthiness", "start", "created_at")


def claims_by_id(ids: list[int]) -> list[Claim]:
    """``claim_list()`` rows for these ids, in the order given (a claim deleted meanwhile is left out)."""
    by_id = claim_list().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def claim_detail_for(visible_verdicts):
    """Claims with counts, article title, all evidence and the given verdicts (``visible_verdicts``), prefetched."""
    return (
        claim_list().select_related("article").only(*_CLAIM_DETAIL_FIELDS)
        .prefetch_related(
            Prefetch("evidence", queryset=evidence_list().order_by("created_at", "id")),
            Prefetch("verdicts", queryset=verdict_list(visible_verdicts).order_by("created_at", "id"),
                     to_attr="visible_verdicts"),
        )
    )


_CLAIM_DETAIL_FIELDS = [
    *(field.name for field in Claim._meta.concrete_fields), "article__id", "article__title",
]


def verdict_list(verdicts):
    """Verdicts ready to serialize: reviewer and rating joined, never one query per row."""
    return verdicts.select_related("reviewer", "rating")


def ratings_all():
    """Ratings with their scale (a verdict checks the scale it comes from)."""
    return Rating.objects.select_related("scale")


def article_detail_get(pk) -> Article:
    """One article with its claim counts, body and importer."""
    return article_list().defer(None).select_related("created_by").get(pk=pk)


def evidence_list():
    """Evidence ready to serialize, with who added it."""
    return Evidence.objects.select_related("added_by")


# --- Review queue ---

QUEUE_ORDER = ("-checkworthiness", "article_id", "start", "pk")


ASSIGNEE_MINE, ASSIGNEE_OPEN, ASSIGNEE_ANY = "me", "open", "any"


def review_queue_for(user, *, article=None, status=None, claim_type=None, assignee=None):
    """The claims waiting for this reviewer, most check-worthy first.

    Boilerplate, dismissed and published claims are not work; a claim the
    reviewer already gave a verdict on has left their queue. By default the
    queue holds the claims assigned to the user and those open to anyone;
    ``assignee`` narrows it to ``"me"`` or ``"open"``, and for editors
    (``"any"`` or a user id) widens it to claims assigned to others.
    """
    claims = (
        Claim.objects.filter(kind=Claim.Kind.CLAIM, status__in=Claim.QUEUE_STATUSES)
        .exclude(verdicts__reviewer=user)
        .select_related("article", "assignee")
        .defer("article__body")
        .order_by(*QUEUE_ORDER)
    )
    if article:
        claims = claims.filter(article_id=article)
    if status:
        claims = claims.filter(status=status)
    if claim_type:
        claims = claims.filter(claim_type=claim_type)
    return claims.filter(_assignee_filter(user, assignee))


def _open_to_anyone():
    """Unassigned, or its assignee has already given a verdict.

    An assignment reserves a claim for its first verdict; after that the claim
    is open again, so a second reviewer can give the blind second opinion the
    approval rule needs.
    """
    assignee_rated = Exists(Verdict.objects.filter(claim=OuterRef("pk"), reviewer=OuterRef("assignee")))
    return Q(assignee__isnull=True) | assignee_rated


def _assignee_filter(user, assignee):
    if assignee == ASSIGNEE_MINE:
        return Q(assignee=user)
    if assignee == ASSIGNEE_OPEN:
        return _open_to_anyone()
    if assignee == ASSIGNEE_ANY:
        return Q()
    if isinstance(assignee, int):
        return Q(assignee_id=assignee)
    return Q(assignee=user) | _open_to_anyone()


def queue_assignee_counts(user, **filters):
    """How many queue claims are mine and how many open, under the other filters (one query)."""
    claims = review_queue_for(user, **filters, assignee=ASSIGNEE_ANY).order_by()
    return claims.aggregate(
        mine=Count("pk", filter=Q(assignee=user)), open=Count("pk", filter=~Q(assignee=user) & _open_to_anyone()),
        others=Count("pk", filter=~Q(assignee=user) & ~_open_to_anyone()),
    )


def reviewer_list():
    """Everyone who may be given claims (active, holding the review permission), by username."""
    review = Permission.objects.filter(content_type__app_label="annotations", codename="review_claim")
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(is_superuser=True) | Q(groups__permissions__in=review) | Q(user_permissions__in=review)
    ).distinct().order_by("username")


def claim_presence_get(claim):
    """Who else has the claim open right now (a live presence, with its holder), or None."""
    return ClaimPresence.objects.select_related("holder").filter(claim=claim, expires_at__gt=timezone.now()).first()


def queue_next_after(queue, claim):
    """The claim that follows ``claim`` in queue order (``claim`` may have left the queue)."""
    after = (
        Q(checkworthiness__lt=claim.checkworthiness)
        | Q(checkworthiness=claim.checkworthiness, article_id__gt=claim.article_id)
        | Q(checkworthiness=claim.checkworthiness, article_id=claim.article_id, start__gt=claim.start)
        | Q(checkworthiness=claim.checkworthiness, article_id=claim.article_id, start=claim.start, pk__gt=claim.pk)
    )
    return queue.filter(after).first()


def queue_status_counts(queue):
    return dict(queue.order_by().values_list("status").annotate(n=Count("pk")))


# --- Editorial desk ---


def _ordinal_units(verdicts):
    """Rows of (claim id, rating value) → one list of ordinal values per claim (Unverifiable left out)."""
    units: dict[int, list[int]] = {}
    for claim_id, value in verdicts.filter(rating__value__isnull=False).values_list("claim_id", "rating__value"):
        units.setdefault(claim_id, []).append(value)
    return list(units.values())


def claim_agreement(claim) -> agreement.Agreement:
    """Krippendorff's ordinal alpha of the reviewers of one claim."""
    return agreement.alpha(_ordinal_units(Verdict.objects.filter(claim=claim)))


def article_agreement(article) -> agreement.Agreement:
    """Krippendorff's ordinal alpha over every claim of an article (each claim one unit)."""
    return agreement.alpha(_ordinal_units(Verdict.objects.filter(claim__article=article)))


def ready_for_approval_list():
    """Claims waiting for an editor: ready first, then disagreements to resolve; oldest change first."""
    return (
        Claim.objects.filter(status__in=(Claim.Status.READY, Claim.Status.DISAGREEMENT))
        .select_related("article").defer("article__body")
        .annotate(verdict_count=Coalesce(_count_of(Verdict), 0))
        .order_by("-status", "updated_at", "pk")
    )


def claim_audit_trail(claim):
    """The claim's audit events, newest first, with who did each."""
    return AuditEvent.objects.filter(claim=claim).select_related("actor").order_by("-at", "-id")


def factcheck_of(claim):
    return FactCheck.objects.filter(claim=claim).select_related("rating", "approved_by").first()


def rationale_draft_get(claim, author):
    """The author's own autosaved rationale on a claim; drafts are never shown to anyone else."""
    return RationaleDraft.objects.filter(claim=claim, author=author).first()


# --- Published fact-checks (ClaimReview, public pages, exports) ---

# Keyset order of the public feed: the moment a fact-check became visible, then its id.
PUBLISHED_ORDER = ("published_at", "id")


def claim_appearances(claim: Claim) -> list[Article]:
    """Every article in which the claim appears: its own first, then the other
    articles of its group (the same claim linked or confirmed across articles).

    With ``factcheck_published_list``'s joins and prefetch this costs no query;
    on a claim loaded any other way it falls back to ``claim_group_articles``.
    """
    if not Claim.fingerprint.is_cached(claim):
        return claim_group_articles(claim)
    try:
        fingerprint = claim.fingerprint
    except ClaimFingerprint.DoesNotExist:
        return [claim.article]
    if fingerprint.group_id is None:
        return [claim.article]
    articles, seen = [claim.article], {claim.article_id}
    for member in fingerprint.group.members.all():
        if member.article_id not in seen:
            seen.add(member.article_id)
            articles.append(member.article)
    return articles


def factcheck_published():
    """Published fact-checks, in the feed's keyset order."""
    return FactCheck.objects.filter(published_at__isnull=False).order_by(*PUBLISHED_ORDER)


def factcheck_published_list():
    """Published fact-checks with everything ClaimReview needs, in one query however many.

    Article bodies stay in the database: a body can be megabytes and
    ClaimReview never shows it.
    """
    return (
        factcheck_published()
        .select_related("rating__scale", "claim__article", "claim__fingerprint__group")
        .defer("claim__article__body", "claim__fingerprint__vector", "claim__fingerprint__features")
        .prefetch_related(Prefetch(
            "claim__fingerprint__group__members",
            queryset=ClaimFingerprint.objects.select_related("article").only(
                "claim_id", "group_id", "article__id", "article__title", "article__url", "article__published_on",
                "article__source", "article__language",
            ).order_by("article_id", "claim_id"),
        ))
    )


@dataclass(frozen=True, slots=True)
class Appearance:
    headline: str
    url: str
    published_on: dt.date | None


@dataclass(frozen=True, slots=True)
class PublishedItem:
    """The plain values one ClaimReview is made of, however they were read."""

    slug: str
    claim_text: str
    language: str
    summary: str
    claimant: str
    rating_label: str
    rating_value: int | None
    best_rating: int
    worst_rating: int
    published_at: dt.datetime | None
    first_published_at: dt.datetime | None
    appearances: list[Appearance]


_ITEM_FIELDS = (
    "slug", "claim__text", "claim__article__language", "summary", "claimant", "rating__label", "rating__value",
    "rating__scale__best_value", "rating__scale__worst_value", "published_at", "first_published_at",
    "claim__article_id", "claim__article__title", "claim__article__url", "claim__article__published_on",
    "claim__fingerprint__group_id",
)


def factcheck_published_items(factchecks, *, chunk_size: int = 1000) -> Iterator[PublishedItem]:
    """``factcheck_published()`` (filtered as you like) as plain values, for exports of any size.

    Rows come chunk_size at a time (a server-side cursor on PostgreSQL), with
    one more query per chunk for the articles of the claims' groups; nothing
    holds the whole set. Building model instances was most of an export's time.
    Appearances are those of ``claim_appearances``: the claim's own article,
    then the other articles of its group.
    """
    rows = factchecks.values_list(*_ITEM_FIELDS).iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        members = _group_articles({row[-1] for row in chunk if row[-1] is not None})
        for (*values, article_id, title, url, published_on, group_id) in chunk:
            appearances, seen = [Appearance(title, url, published_on)], {article_id}
            for member_article_id, appearance in members.get(group_id, ()):
                if member_article_id not in seen:
                    seen.add(member_article_id)
                    appearances.append(appearance)
            yield PublishedItem(*values, appearances=appearances)


def _group_articles(group_ids: set[int]) -> dict[int, list[tuple[int, Appearance]]]:
    members = defaultdict(list)
    rows = (
        ClaimFingerprint.objects.filter(group_id__in=group_ids).order_by("article_id", "claim_id")
        .values_list("group_id", "article_id", "article__title", "article__url", "article__published_on")
    )
    for group_id, article_id, title, url, published_on in rows:
        members[group_id].append((article_id, Appearance(title, url, published_on)))
    return members


def factcheck_public_get(slug: str) -> FactCheck:
    """A published fact-check with its evidence, for its public page; ``DoesNotExist`` otherwise."""
    evidence = Prefetch("claim__evidence", queryset=Evidence.objects.order_by("created_at", "id"))
    return factcheck_published_list().prefetch_related(evidence).get(slug=slug)


# --- The same claim across articles ---


def claim_group_members(claim: Claim) -> list[Claim]:
    """Every claim in ``claim``'s group, ``claim`` first, then by article; just ``[claim]`` if ungrouped."""
    group_id = ClaimFingerprint.objects.filter(claim_id=claim.pk).values_list("group_id", flat=True).first()
    if group_id is None:
        return [claim]
    others = (
        Claim.objects.filter(fingerprint__group_id=group_id).exclude(pk=claim.pk)
        .select_related("article").defer("article__body").order_by("article_id", "start")
    )
    return [claim, *others]


def claim_group_articles(claim: Claim) -> list[Article]:
    """The articles of every claim in the group, the claim's own first, each once (ClaimReview appearance)."""
    articles, seen = [], set()
    for member in claim_group_members(claim):
        if member.article_id not in seen:
            seen.add(member.article_id)
            articles.append(member.article)
    return articles


def claim_suggestions(claim: Claim, *, limit: int = 5) -> list[tuple[ClaimMatch, Claim]]:
    """The best undecided "possible" matches of ``claim``, each with the other claim.

    Suggestions come from both sides (this claim's link and later articles'
    links), so a claim can collect many; a reviewer is shown the best few.
    """
    matches = list(
        ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .filter(relation=ClaimMatch.Relation.POSSIBLE, decision=ClaimMatch.Decision.PENDING)
        .order_by("-score", "pk")[:limit]
    )
    others = Claim.objects.select_related("article").defer("article__body").in_bulk(
        [m.other(claim.pk) for m in matches]
    )
    return [(m, others[m.other(claim.pk)]) for m in matches if m.other(claim.pk) in others]


def claim_link_between(claim: Claim, other: Claim) -> ClaimMatch | None:
    a, b = sorted((claim.pk, other.pk))
    return ClaimMatch.objects.filter(claim_a_id=a, claim_b_id=b).first()


def claim_previous_factchecks(claim: Claim) -> list[FactCheck]:
    """Published fact-checks of the other claims in the group, newest first."""
    member_ids = [member.pk for member in claim_group_members(claim) if member.pk != claim.pk]
    if not member_ids:
        return []
    return list(
        FactCheck.objects.filter(claim_id__in=member_ids, published_at__isnull=False)
        .select_related("rating", "claim__article").defer("claim__article__body").order_by("-published_at")
    )


def claim_matches_of(claim: Claim):
    """Every scored pair that involves the claim, on either side."""
    return ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))


def claim_is_linked(claim: Claim) -> bool:
    """Compared with other articles already (linking runs after the split, behind waiting splits)."""
    return ClaimFingerprint.objects.filter(claim_id=claim.pk).exists()
