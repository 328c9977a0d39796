"""A desk's week, made through the services, and what the dashboard must count from it.

``play_week`` imports articles, splits them (one split fails, one article is
not linked), has reviewers agree and disagree, assigns claims, marks one
ready and publishes three, each at a chosen time in the past seven days (one
import is older, so the queue has a claim waiting more than a week). It keeps
its own ledger of what it did and when; ``Week`` turns the ledger into the
numbers each chart must show, without asking the database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.db import transaction
from django.utils import timezone

from annotations import agreement, splitting
from annotations.models import Claim
from annotations.services import articles, assignment, publishing, review

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@contextmanager
def clock(at: dt.datetime):
    """Everything written inside happens ``at`` (auto_now fields, services' timezone.now())."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class ArticleMade:
    article_id: int
    source: str
    imported: dt.datetime
    failed: bool
    linked: bool
    claim_ids: list[int]


@dataclass
class Week:
    """The ledger: what the script did, and when."""

    now: dt.datetime
    articles: list[ArticleMade] = field(default_factory=list)
    status: dict[int, str] = field(default_factory=dict)  # every claim made, by id
    created: dict[int, dt.datetime] = field(default_factory=dict)
    article_of: dict[int, ArticleMade] = field(default_factory=dict)
    assignee: dict[int, int] = field(default_factory=dict)
    verdicts: list[tuple[int, int, object, dt.datetime]] = field(default_factory=list)  # claim, reviewer, rating, at
    ready_at: dict[int, dt.datetime] = field(default_factory=dict)  # the first time each claim became ready
    published: list[tuple[int, object, dt.datetime]] = field(default_factory=list)

    def at(self, days_ago: int, hours_ago: int) -> dt.datetime:
        return self.now - days_ago * DAY - hours_ago * HOUR

    # --- What each chart must show ---

    def imports_by_day(self, *, source: str = "") -> tuple[Counter, Counter]:
        imported, failed = Counter(), Counter()
        for made in self.articles:
            if source and made.source != source:
                continue
            day = timezone.localdate(made.imported)
            imported[day] += 1
            failed[day] += made.failed
        return imported, failed

    def claims_by_day(self, *, source: str = "") -> tuple[Counter, Counter]:
        split, unlinked = Counter(), Counter()
        for made in self.articles:
            if source and made.source != source:
                continue
            day = timezone.localdate(made.imported)
            split[day] += len(made.claim_ids)
            if not made.linked:
                unlinked[day] += len(made.claim_ids)
        return split, unlinked

    def in_queue(self, claim_id: int) -> bool:
        return self.status[claim_id] in Claim.QUEUE_STATUSES

    def queue_by_status(self, *, at: dt.datetime, reviewer_id=None) -> dict[str, list[int]]:
        """Per status: [open claims, older than 1 day, older than 3, older than 7]."""
        found = {status: [0, 0, 0, 0] for status in Claim.QUEUE_STATUSES}
        for claim_id, status in self.status.items():
            if not self.in_queue(claim_id) or (reviewer_id and self.assignee.get(claim_id) != reviewer_id):
                continue
            age = at - self.created[claim_id]
            found[status][0] += 1
            for i, days in enumerate((1, 3, 7), start=1):
                found[status][i] += age > days * DAY
        return found

    def queue_by_assignee(self, *, at: dt.datetime) -> dict[int | None, list[int]]:
        found = defaultdict(lambda: [0, 0, 0, 0])
        for claim_id in self.status:
            if not self.in_queue(claim_id):
                continue
            age, row = at - self.created[claim_id], found[self.assignee.get(claim_id)]
            row[0] += 1
            for i, days in enumerate((1, 3, 7), start=1):
                row[i] += age > days * DAY
        return dict(found)

    def _rated_by(self, reviewer_id) -> set[int]:
        return {claim for claim, reviewer, _rating, _at in self.verdicts if reviewer == reviewer_id}

    def published_by_week(self, *, reviewer_id=None) -> Counter:
        mine = self._rated_by(reviewer_id) if reviewer_id else None
        return Counter(_week(at) for claim, _rating, at in self.published if mine is None or claim in mine)

    def ratings_published(self, *, reviewer_id=None) -> Counter:
        mine = self._rated_by(reviewer_id) if reviewer_id else None
        return Counter(rating.label for claim, rating, _at in self.published if mine is None or claim in mine)

    def spans(self, *, reviewer_id=None) -> dict[str, tuple[int, float | None, float | None]]:
        """Per milestone: (claims, median hours, p90 hours), measured from the article's import."""
        mine = self._rated_by(reviewer_id) if reviewer_id else None
        first: dict[int, dt.datetime] = {}
        for claim, _reviewer, _rating, at in self.verdicts:
            first[claim] = min(first.get(claim, at), at)
        reached = {
            "first-verdict": first,
            "ready": self.ready_at,
            "published": {claim: at for claim, _rating, at in self.published},
        }
        found = {}
        for milestone, times in reached.items():
            hours = [(at - self.article_of[claim].imported) / HOUR for claim, at in times.items()
                     if mine is None or claim in mine]
            found[milestone] = (len(hours), percentile_cont(hours, 0.5), percentile_cont(hours, 0.9))
        return found

    def agreement_by_week(self, *, reviewer_id=None) -> dict[dt.date, agreement.Agreement]:
        """Krippendorff's alpha through agreement.alpha, on the units as lists: a path apart from the SQL's."""
        mine = self._rated_by(reviewer_id) if reviewer_id else None
        values, last = defaultdict(list), {}
        for claim, _reviewer, rating, at in self.verdicts:
            if rating.value is None or (mine is not None and claim not in mine):
                continue
            values[claim].append(rating.value)
            last[claim] = max(last.get(claim, at), at)
        weeks = defaultdict(list)
        for claim, unit in values.items():
            if len(unit) >= 2:
                weeks[_week(last[claim])].append(unit)
        return {week: agreement.alpha(units) for week, units in weeks.items()}

    def reviewer_work(self) -> dict[int, tuple[int, int, int]]:
        """Per reviewer: verdicts, those on claims another reviewer rated too, those rated differently."""
        by_claim = defaultdict(dict)
        for claim, reviewer, rating, _at in self.verdicts:
            by_claim[claim][reviewer] = rating.pk
        work = defaultdict(lambda: [0, 0, 0])
        for ratings in by_claim.values():
            for reviewer, rating in ratings.items():
                others = [r for who, r in ratings.items() if who != reviewer]
                work[reviewer][0] += 1
                work[reviewer][1] += bool(others)
                work[reviewer][2] += any(r != rating for r in others)
        return {reviewer: tuple(counts) for reviewer, counts in work.items()}


def _week(at: dt.datetime) -> dt.date:
    day = timezone.localdate(at)
    return day - dt.timedelta(days=day.weekday())


def play_week(*, texts: list[str], reviewer_a, reviewer_b, editor, ratings, capture_on_commit) -> Week:
    """The scripted week. ``capture_on_commit`` is pytest-django's django_capture_on_commit_callbacks."""
    week = Week(now=timezone.now().replace(microsecond=0))
    r = ratings

    def import_article(text, source, days_ago, hours_ago, *, fail=False, link=True) -> list[int]:
        at = week.at(days_ago, hours_ago)
        with ExitStack() as stack:
            # The split and the linking run in the on-commit callbacks, so the patches outlive them.
            if fail:
                stack.enter_context(mock.patch.object(splitting, "split_texts", side_effect=RuntimeError("bug")))
            if not link:
                # The link worker is behind: this article's claims wait for their fingerprints.
                stack.enter_context(mock.patch("annotations.services.split._send_links", lambda ids: None))
            stack.enter_context(clock(at))
            stack.enter_context(capture_on_commit(execute=True))
            with transaction.atomic():
                # A URL and a date: a fact-check is published only with them (its ClaimReview needs them).
                article = articles.article_create(
                    body=text, source=source, url=f"https://news.example/{len(week.articles)}",
                    published_on=timezone.localdate(at),
                )
        article.refresh_from_db()
        claim_ids = list(article.claims.filter(kind=Claim.Kind.CLAIM).order_by("start").values_list("pk", flat=True))
        made = ArticleMade(article.pk, source, at, fail, link and not fail, claim_ids)
        week.articles.append(made)
        for claim_id in claim_ids:
            week.status[claim_id], week.created[claim_id], week.article_of[claim_id] = Claim.Status.OPEN, at, made
        return claim_ids

    def rate(claim_id, reviewer, rating, days_ago, hours_ago, *, expect):
        at = week.at(days_ago, hours_ago)
        with clock(at):
            review.verdict_submit(claim=Claim.objects.get(pk=claim_id), reviewer=reviewer, rating=rating,
                                  rationale="Checked against the record.")
        week.verdicts.append((claim_id, reviewer.pk, rating, at))
        _moved(claim_id, expect, at)

    def _moved(claim_id, status, at):
        assert Claim.objects.get(pk=claim_id).status == status, "the script's own bookkeeping is off"
        week.status[claim_id] = status
        if status == Claim.Status.READY:
            week.ready_at.setdefault(claim_id, at)

    def publish(claim_id, rating, days_ago, hours_ago):
        at = week.at(days_ago, hours_ago)
        with clock(at):
            publishing.factcheck_publish(claim=Claim.objects.get(pk=claim_id), actor=editor, rating=rating,
                                         summary="What the record shows.")
        week.published.append((claim_id, rating, at))
        _moved(claim_id, Claim.Status.PUBLISHED, at)

    ready, disagreement, in_review = Claim.Status.READY, Claim.Status.DISAGREEMENT, Claim.Status.IN_REVIEW
    old = import_article(texts[0] + "\n\nFrom the archive.", "Reuters", 9, 1)
    c1 = import_article(texts[0], "Reuters", 6, 5)
    c2 = import_article(texts[1], "Reuters", 6, 4)
    import_article(texts[2], "AP", 6, 3, fail=True)
    assert old and len(c1) >= 6 and len(c2) >= 6

    # Day 5: two reviewers on six claims of the first article, one claim rated once.
    pairs = [(r["true"], r["true"], ready), (r["false"], r["false"], ready),
             (r["mostly-false"], r["mostly-false"], ready), (r["half-true"], r["misleading"], disagreement),
             (r["true"], r["false"], disagreement), (r["true"], r["unverifiable"], disagreement)]
    for claim_id, (first, second, outcome) in zip(c1, pairs, strict=False):
        rate(claim_id, reviewer_a, first, 5, 5, expect=in_review)
        rate(claim_id, reviewer_b, second, 5, 4, expect=outcome)
    rate(c2[0], reviewer_a, r["mostly-true"], 5, 5, expect=in_review)

    # Day 4: the editor assigns claims; reviewer B rates one alone.
    with clock(week.at(4, 5)):
        for claim_id, reviewer in ((c2[1], reviewer_a), (c2[2], reviewer_a), (c2[3], reviewer_b)):
            assignment.claim_assign(claim=Claim.objects.get(pk=claim_id), assignee=reviewer, actor=editor)
            week.assignee[claim_id] = reviewer.pk
    rate(c2[4], reviewer_b, r["false"], 4, 3, expect=in_review)

    # Day 3: an article the link worker has not reached; two fact-checks published.
    c4 = import_article(texts[3], "AP", 3, 5, link=False)
    publish(c1[0], r["true"], 3, 4)
    publish(c1[1], r["false"], 3, 4)

    # Day 2: a disagreement resolved; reviewer B and the editor agree on a claim A never saw.
    with clock(week.at(2, 4)):
        publishing.claim_mark_ready(claim=Claim.objects.get(pk=c1[3]), actor=editor, comment="Half true it is.")
    _moved(c1[3], ready, week.at(2, 4))
    rate(c2[5], reviewer_b, r["mostly-true"], 2, 3, expect=in_review)
    rate(c2[5], editor, r["mostly-true"], 2, 2, expect=ready)

    # Day 1: the resolved claim published; the unlinked article reviewed.
    publish(c1[3], r["half-true"], 1, 5)
    rate(c4[0], reviewer_b, r["true"], 1, 4, expect=in_review)
    rate(c4[1], reviewer_b, r["false"], 1, 4, expect=in_review)
    rate(c4[0], reviewer_a, r["true"], 1, 3, expect=ready)
    rate(c4[1], reviewer_a, r["mostly-false"], 1, 3, expect=disagreement)

    # Today: one more import.
    import_article(texts[4], "Reuters", 0, 2)
    return week


# --- The tables the dashboard must show for the week (default range: the last 30 days) ---

QUEUE_LABELS = dict(Claim.Status.choices)
MILESTONE_ROWS = {"first-verdict": "From import to the first verdict", "ready": "From import to ready for approval",
                  "published": "From import to publication"}


def _hours(value):
    return "" if value is None else f"{value:.1f}"


def expected_tables(week: Week, *, names: dict, ratings, until: dt.date, reviewer_id=None) -> dict[str, dict]:
    """Per chart slug: {row label: [the other cells]}, every row the table must have, zeros included.

    ``reviewer_id``: what that reviewer sees of their own (the charts a reviewer gets).
    """
    since = until - dt.timedelta(days=29)
    days = [since + dt.timedelta(days=n) for n in range(30)]
    first_week = since - dt.timedelta(days=since.weekday())
    weeks = [first_week + dt.timedelta(weeks=n) for n in range((until - first_week).days // 7 + 1)]

    def week_label(start):
        return f"week of {max(start, since).isoformat()}"

    tables = {}
    if reviewer_id is None:
        imported, failed = week.imports_by_day()
        split, unlinked = week.claims_by_day()
        tables["imports"] = {d.isoformat(): [str(imported[d]), str(failed[d])] for d in days}
        tables["imports"]["Total"] = [str(sum(imported.values())), str(sum(failed.values()))]
        tables["claims"] = {d.isoformat(): [str(split[d]), str(unlinked[d])] for d in days}
        tables["claims"]["Total"] = [str(sum(split.values())), str(sum(unlinked.values()))]
        tables["backlog"] = {"Articles whose split failed": [str(sum(failed.values()))],
                             "Claims not linked yet": [str(sum(unlinked.values()))]}
    published = week.published_by_week(reviewer_id=reviewer_id)
    tables["published"] = {week_label(w): [str(published[w])] for w in weeks}
    tables["published"]["Total"] = [str(sum(published.values()))]

    def queue_row(counts):
        return [str(n) for n in counts]

    by_status = week.queue_by_status(at=timezone.now(), reviewer_id=reviewer_id)
    tables["queue-status"] = {QUEUE_LABELS[s]: queue_row(counts) for s, counts in by_status.items()}
    tables["queue-status"]["Total"] = queue_row([sum(c[i] for c in by_status.values()) for i in range(4)])
    if reviewer_id is None:
        by_assignee = week.queue_by_assignee(at=timezone.now())
        tables["queue-assignee"] = {("Unassigned" if who is None else names[who]): queue_row(counts)
                                    for who, counts in by_assignee.items()}
        tables["queue-assignee"]["Total"] = tables["queue-status"]["Total"]
    spans = week.spans(reviewer_id=reviewer_id)
    tables["spans"] = {MILESTONE_ROWS[key]: [str(n), _hours(median), _hours(p90)]
                       for key, (n, median, p90) in spans.items()}
    alphas = week.agreement_by_week(reviewer_id=reviewer_id)
    tables["agreement"] = {
        week_label(w): ([f"{alphas[w].alpha:.2f}", str(alphas[w].pairable_units), str(alphas[w].pairable_values)]
                        if w in alphas else ["", "0", "0"]) for w in weeks
    }
    by_rating = week.ratings_published(reviewer_id=reviewer_id)
    total = sum(by_rating.values())
    tables["ratings"] = {rating.label: [str(by_rating[rating.label]),
                                        f"{100 * by_rating[rating.label] / total:.0f}%" if total else ""]
                         for rating in ratings}
    tables["ratings"]["Total"] = [str(total), "100%" if total else ""]
    work = week.reviewer_work()
    tables["reviewers"] = {
        names[who]: [str(n), str(paired), str(differs), f"{100 * differs / paired:.0f}%" if paired else ""]
        for who, (n, paired, differs) in work.items() if reviewer_id is None or who == reviewer_id
    }
    return tables
