"""The editorial decisions on a claim: mark ready, return, approve and publish, unpublish, cover and uncover.

Each runs in one transaction with the claim row locked, accepts the version the
editor saw (ClaimVersionConflict when stale), bumps the claim's version on a
state change and writes one audit event with what it changed, before and
after. Who may do what is access.py's, four eyes included (``access.
check_decision``); the services ask it too, so the admin, the web pages and the
API get the same answers.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations import access, claimreview, selectors
from annotations.models import Claim, FactCheck
from annotations.services.common import audit, claim_for_update
from annotations.services.webhooks import webhook_enqueue

SUMMARY_MAX_CHARS = 5000
CLAIMANT_MAX_CHARS = FactCheck._meta.get_field("claimant").max_length
SLUG_BASE_MAX = 80

# Four eyes: nobody decides on a claim they rated or gave evidence for (access.decision_refusal).
ApprovalRefused = access.FourEyes


class ClaimReviewIncomplete(ValidationError):
    """The ClaimReview would lack what Google's fact-check tools need; each message names the fix."""

    def __init__(self, errors: list[claimreview.Problem]):
        super().__init__([f"Not published: the ClaimReview would not validate. {problem.fix}" for problem in errors])
        self.problems = errors


def _set_status(claim: Claim, action: str, *, actor, comment: str = "", status: str | None = None,
                before: dict | None = None, after: dict | None = None, fields: tuple[str, ...] = ()) -> None:
    """Move the claim (and save ``fields`` set by the caller with it, in one history row), audited."""
    from_state = claim.status
    claim.status = status or Claim.TRANSITIONS[action][1]
    claim.version += 1
    claim._history_user = actor
    claim.save(update_fields=["status", "version", "updated_at", *fields, *claim.note_first_ready(timezone.now())])
    audit(actor=actor, action=action, claim=claim, from_state=from_state, to_state=claim.status, comment=comment,
          before={"status": from_state, **(before or {})}, after={"status": claim.status, **(after or {})})


def _refuse_unless_allowed(claim: Claim, action: str, what: str) -> None:
    if not claim.allows(action):
        raise ValidationError(f"A claim that is “{claim.get_status_display()}” cannot be {what}.")


def claim_mark_ready(*, claim: Claim, actor, comment: str = "", expected_version: int | None = None) -> Claim:
    """An editor declares a claim ready for approval (and resolves a disagreement, with a comment)."""
    access.check_may(actor, access.MARK_READY)
    comment = (comment or "").strip()
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        _refuse_unless_allowed(current, "mark_ready", "marked ready for approval")
        access.check_decision(actor, current, access.MARK_READY)
        if current.status == Claim.Status.DISAGREEMENT and not comment:
            raise ValidationError("Say how the disagreement was resolved.")
        _set_status(current, "mark_ready", actor=actor, comment=comment)
    return current


def claim_return(*, claim: Claim, actor, comment: str, expected_version: int | None = None) -> Claim:
    """Send a claim back to its reviewers with the editor's comment (required)."""
    access.check_may(actor, access.RETURN)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what the reviewers should look at again.")
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        _refuse_unless_allowed(current, "return", "returned to reviewers")
        access.check_decision(actor, current, access.RETURN)
        _set_status(current, "return", actor=actor, comment=comment)
    return current


def _validate_decision(*, rating, summary: str, claimant: str, claimant_kind: str) -> None:
    errors = {}
    if rating is None or not rating.scale.is_default:
        errors["rating"] = "Choose the final rating from the default rating scale."
    if not summary:
        errors["summary"] = "Write the public summary of the fact-check."
    elif len(summary) > SUMMARY_MAX_CHARS:
        errors["summary"] = f"The summary has {len(summary):,} characters; the limit is {SUMMARY_MAX_CHARS:,}."
    if len(claimant) > CLAIMANT_MAX_CHARS:
        errors["claimant"] = f"The claimant has {len(claimant)} characters; the limit is {CLAIMANT_MAX_CHARS}."
    if claimant_kind and claimant_kind not in FactCheck.ClaimantKind.values:
        errors["claimant_kind"] = "Choose whether the claimant is a person or an organisation."
    elif claimant and not claimant_kind:
        errors["claimant_kind"] = f"Say whether “{claimant}” is a person or an organisation."
    if errors:
        raise ValidationError(errors)


def _slug_for(text: str) -> str:
    """A slug from the claim's text, unique among fact-checks (-2, -3, ... on a clash)."""
    base = slugify(text)
    if len(base) > SLUG_BASE_MAX:
        base = base[: SLUG_BASE_MAX + 1].rsplit("-", 1)[0][:SLUG_BASE_MAX]  # end on a whole word
    base = base.strip("-") or "claim"
    taken = set(FactCheck.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _save_new_factcheck(factcheck: FactCheck, claim: Claim) -> None:
    try:
        with transaction.atomic():  # a savepoint: a concurrent publish may take the same slug
            factcheck.save()
    except IntegrityError:
        factcheck.slug = f"{factcheck.slug[:SLUG_BASE_MAX]}-{claim.pk}"
        factcheck.save()


def factcheck_publish(
    *, claim: Claim, actor, rating, summary: str, claimant: str = "", claimant_kind: str = "",
    claim_date: dt.date | None = None, expected_version: int | None = None,
) -> FactCheck:
    """Approve and publish a claim's fact-check with the editor's final rating and public summary.

    The claim must be ready for approval; the approver must not have rated it
    or given evidence for it (ApprovalRefused, with who else may); its
    ClaimReview must carry what Google's fact-check tools need
    (ClaimReviewIncomplete names each fix: the article's URL, the claim's
    date). A claimant needs its kind (person or organisation). Without
    ``claim_date`` the claim's earliest known appearance dates it. Publishing
    again after an unpublish keeps the slug, so public links stay valid. Every
    refusal is a ValidationError with nothing changed.
    """
    access.check_may(actor, access.PUBLISH)
    summary, claimant = (summary or "").strip(), (claimant or "").strip()
    claimant_kind = claimant_kind if claimant else ""
    _validate_decision(rating=rating, summary=summary, claimant=claimant, claimant_kind=claimant_kind)
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        factcheck = FactCheck.objects.select_for_update().filter(claim=current).first()
        if current.is_published or (factcheck and factcheck.is_published):
            raise ValidationError("This fact-check is already published.")
        _refuse_unless_allowed(current, "publish", "approved and published; it must be ready for approval first")
        access.check_decision(actor, current, access.PUBLISH)
        preview = claimreview.preview(current, factcheck, rating=rating, summary=summary, claimant=claimant,
                                      claimant_kind=claimant_kind, claim_date=claim_date)
        if preview.errors:
            raise ClaimReviewIncomplete(preview.errors)
        before = factcheck.audit_record() if factcheck else None
        now = timezone.now()
        if factcheck is None:
            factcheck = FactCheck(claim=current, slug=_slug_for(current.text))
        else:
            factcheck.version += 1
        factcheck.rating, factcheck.summary = rating, summary
        factcheck.claimant, factcheck.claimant_kind = claimant, claimant_kind
        factcheck.claim_date = dt.date.fromisoformat(preview.data["itemReviewed"]["datePublished"])
        factcheck.approved_by, factcheck.approved_at, factcheck.published_at = actor, now, now
        factcheck.first_published_at = factcheck.first_published_at or now
        factcheck._history_user = actor
        if factcheck.pk is None:
            _save_new_factcheck(factcheck, current)
        else:
            factcheck.save()
        _set_status(current, "publish", actor=actor, comment=f"Final rating: {rating.label}",
                    before={"factcheck": before}, after={"factcheck": factcheck.audit_record()})
        # The delivery rows are written in this transaction (an outbox) and sent
        # only after commit: a partner never hears of a publication that was
        # rolled back, and never misses one that committed.
        webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)
    return factcheck


def factcheck_unpublish(*, claim: Claim, actor, comment: str = "", expected_version: int | None = None) -> FactCheck:
    """Take a published fact-check off the public pages; the claim goes back to ready for approval.

    The claims it covered are reviewed on their own again (``_uncover``), each audited.
    """
    access.check_may(actor, access.UNPUBLISH)
    comment = (comment or "").strip()
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        factcheck = FactCheck.objects.select_for_update().filter(claim=current).first()
        if factcheck is None or not factcheck.is_published:
            raise ValidationError("This fact-check is not published, so it cannot be unpublished.")
        before = factcheck.audit_record()
        factcheck.published_at = None
        factcheck.version += 1
        factcheck._history_user = actor
        factcheck.save(update_fields=["published_at", "version", "updated_at"])
        _set_status(current, "unpublish", actor=actor, comment=comment,
                    before={"factcheck": before}, after={"factcheck": factcheck.audit_record()})
        # Locked in id order after the fact-check's own claim and row, the order claim_cover cannot cross.
        for twin in Claim.objects.select_for_update(of=("self",)).filter(covered_by=factcheck).order_by("pk"):
            _uncover(twin, actor=actor, comment=f"The fact-check “{factcheck.slug}” was unpublished.")
        webhook_enqueue(event="factcheck.unpublished", factcheck_id=factcheck.pk)
    return factcheck


class ReuseError(ValidationError):
    pass


def claim_cover(*, claim: Claim, source: FactCheck, actor, expected_version: int | None = None) -> Claim:
    """Make ``claim`` one more appearance of ``source``, the published fact-check of a twin in its group.

    The claim's status becomes "covered": it leaves every queue, its panel says
    "covered by" the fact-check, and the fact-check's ClaimReview lists its
    article among the appearances. Unpublishing the fact-check, or
    ``claim_uncover``, takes it back. Four eyes applies: whoever rated the
    claim or gave evidence for it does not decide it.
    """
    access.check_may(actor, access.COVER)
    with transaction.atomic():
        # The fact-check row first, then the claim: factcheck_unpublish holds the
        # same row while it uncovers, so a claim is never covered by a fact-check
        # that was unpublished meanwhile, and the two never wait on each other in a circle.
        locked_source = FactCheck.objects.select_for_update().filter(pk=source.pk).first()
        current = claim_for_update(claim.pk, expected_version=expected_version)
        if locked_source is None or not locked_source.is_published:
            raise ReuseError("Only a published fact-check can be applied.")
        if locked_source.claim_id == current.pk:
            raise ReuseError("A fact-check cannot cover its own claim.")
        _refuse_unless_allowed(current, "cover", "covered by another fact-check")
        access.check_decision(actor, current, access.COVER)
        if not selectors.claims_grouped_together(current, locked_source.claim_id):
            raise ReuseError("That fact-check is not about a claim in this claim's group.")
        current.covered_by = locked_source
        _set_status(current, "cover", actor=actor, fields=("covered_by",),
                    comment=f"Covered by the published fact-check “{locked_source.slug}”.",
                    before={"covered_by": None}, after={"covered_by": locked_source.slug})
    return current


def claim_uncover(*, claim: Claim, actor, comment: str = "", expected_version: int | None = None) -> Claim:
    """Take back a cover: the claim is reviewed on its own again, its status what its verdicts call for."""
    access.check_may(actor, access.UNCOVER)
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        _refuse_unless_allowed(current, "uncover", "taken back from a fact-check")
        _uncover(current, actor=actor, comment=(comment or "").strip())
    return current


def _uncover(claim: Claim, *, actor, comment: str) -> None:
    source = claim.covered_by
    ratings = list(claim.verdicts.standing().values_list("rating_id", flat=True))
    claim.covered_by = None
    _set_status(claim, "uncover", actor=actor, comment=comment, status=Claim.status_called_for(ratings),
                fields=("covered_by",), before={"covered_by": source.slug if source else None},
                after={"covered_by": None})
