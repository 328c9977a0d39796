"""The editor's dashboard: every number the desk sees at a glance, counted by the database.

Each figure has two halves here: a function returning the rows it counts (a
queryset, which is also what its "list" link shows) and one query that
aggregates those rows with GROUP BY. Nothing loops over rows in Python; what
Python folds are the groups (days, weeks, statuses, reviewers, pairs of
rating values), so the number of queries and the work done here stay the
same however many claims there are. docs/dashboard.md says what each figure
counts and which index serves it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Ceil, Floor, RowNumber, Trunc
from django.utils import timezone

from annotations import agreement
from annotations.models import Article, Claim, FactCheck, Rating, Verdict

DAY, WEEK = "day", "week"
# Longer ranges are drawn week by week: 730 bars a day wide say nothing.
DAILY_UP_TO_DAYS = 92
QUEUE_AGES = (1, 3, 7)  # days: "open claims older than 1, 3, 7 days"


@dataclass(frozen=True)
class DashboardFilters:
    """What the editor narrowed the dashboard to. Dates are whole days in the site's time zone, ``until`` included.

    ``reviewer_id`` narrows review figures to one reviewer's work (claims they
    rated, claims assigned to them, their verdicts); the intake figures are
    the desk's whatever the reviewer.
    """

    since: dt.date
    until: dt.date
    source: str = ""
    claim_type: str = ""
    reviewer_id: int | None = None

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.since, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The first instant after the range (exclusive bound)."""
        return timezone.make_aware(dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min))

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def bucket(self) -> str:
        return DAY if self.days <= DAILY_UP_TO_DAYS else WEEK

    def buckets(self, kind: str | None = None) -> list[dt.date]:
        """Every bucket's first day in the range, empty ones included (a week starts on Monday)."""
        kind = kind or self.bucket
        if kind == DAY:
            return [self.since + dt.timedelta(days=n) for n in range(self.days)]
        first = self.since - dt.timedelta(days=self.since.weekday())
        return [first + dt.timedelta(weeks=n) for n in range((self.until - first).days // 7 + 1)]


# Random reads cost about what sequential ones do when the pages are cached (docs/dashboard.md).
RANDOM_PAGE_COST = "1.1"


@contextmanager
def lookups_planned():
    """Run the dashboard's reads, on PostgreSQL, in a transaction planned for index lookups.

    Its queries are index lookups over a month of rows that the planner
    costs high (a correlated subquery per row of the range); past
    ``jit_above_cost`` PostgreSQL then spends longer compiling them than
    running them (seconds, measured in bench/dashboard.py): JIT off. And
    with the default ``random_page_cost`` (4, for spinning disks) it joins
    a month's doubly-rated claims to their verdicts by reading all 400,000
    verdicts rather than probing the index for each claim: four times slower
    with the archive in memory, as a working archive is. Both settings are
    local to the transaction (``set_config(..., true)``, one statement);
    nothing is written.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', 'off', true), set_config('random_page_cost', %s, true)",
                       [RANDOM_PAGE_COST])
        yield


def _trunc(field_name: str, kind: str):
    return Trunc(field_name, kind, output_field=DateField())


# --- Time spans and percentiles, in SQL on both databases ---


class SecondsBetween(Func):
    """``end - start`` in seconds, computed by the database."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite stores datetimes as text; julianday() reads them (to the millisecond).
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s)) * 86400.0)",
                           arg_joiner=") - julianday(", **extra_context)


class PercentilesCont(Aggregate):
    """PostgreSQL's ``percentile_cont(ARRAY[fractions]) WITHIN GROUP (ORDER BY expression)``: a list of values.

    One aggregate for every fraction, so the expression (a probe per row) is
    computed and sorted once, not once per percentile.
    """

    function = "PERCENTILE_CONT"
    template = "%(function)s(ARRAY[%(fractions)s]::float8[]) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = ArrayField(FloatField())

    def __init__(self, expression, fractions: tuple[float, ...], **extra):
        super().__init__(expression, fractions=", ".join(repr(float(f)) for f in fractions), **extra)


@dataclass(frozen=True)
class Span:
    """How long something took over ``count`` claims: median and 90th percentile, in seconds (None when none)."""

    count: int
    median: float | None
    p90: float | None


def _span(rows, seconds) -> Span:
    """Median and p90 of ``seconds`` over ``rows``, as PostgreSQL's percentile_cont defines them (one query).

    PostgreSQL computes them itself. SQLite has no percentile function: the
    rows are ranked with window functions (ROW_NUMBER, COUNT OVER) and only
    the two ranked values each percentile lies between come back, which are
    interpolated exactly as percentile_cont does. The same numbers either way.
    """
    rows, fractions = rows.order_by(), (0.5, 0.9)
    if connection.vendor == "postgresql":
        found = rows.aggregate(count=Count("*"), values=PercentilesCont(seconds, fractions))
        return Span(found["count"], *(found["values"] or (None, None)))
    ranked = rows.annotate(
        s=seconds, rank=Window(RowNumber(), order_by=[seconds.asc(), F("pk").asc()]), n=Window(Count("*")),
    )
    wanted = Q()
    for fraction in fractions:
        wanted |= Q(rank=Floor((F("n") - 1) * fraction) + 1) | Q(rank=Ceil((F("n") - 1) * fraction) + 1)
    found = {rank: (s, n) for rank, s, n in ranked.filter(wanted).values_list("rank", "s", "n")}
    if not found:
        return Span(0, None, None)
    count = next(iter(found.values()))[1]
    return Span(count, *(_interpolate({rank: s for rank, (s, _n) in found.items()}, count, f) for f in fractions))


def _interpolate(by_rank: dict[int, float], count: int, fraction: float) -> float:
    position = (count - 1) * fraction  # the same double arithmetic as the query's FLOOR and CEILING
    low, high = math.floor(position), math.ceil(position)
    return by_rank[low + 1] + (by_rank[high + 1] - by_rank[low + 1]) * (position - low)


# --- The rows each figure counts ---


def _claim_filters(filters: DashboardFilters, prefix: str = "") -> Q:
    """Source and claim type, on claims reached through ``prefix`` ("claim__" from a verdict)."""
    q = Q()
    if filters.source:
        q &= Q(**{f"{prefix}article__source": filters.source})
    if filters.claim_type:
        q &= Q(**{f"{prefix}claim_type": filters.claim_type})
    return q


def _standing():
    """The verdicts that count: a withdrawn verdict is kept on record but counts nowhere (models.Verdict)."""
    return Verdict.objects.standing()


def _rated_by_reviewer(filters: DashboardFilters, claim_ref: str = "pk") -> Q:
    """Claims the filtered reviewer gave a verdict on (everything without a reviewer filter)."""
    if filters.reviewer_id is None:
        return Q()
    return Q(Exists(_standing().filter(claim=OuterRef(claim_ref), reviewer_id=filters.reviewer_id)))


def _in_range(field_name: str, filters: DashboardFilters) -> Q:
    return Q(**{f"{field_name}__gte": filters.start, f"{field_name}__lt": filters.end})


def articles_imported(filters: DashboardFilters):
    """Articles created in the range (the intake: never narrowed by reviewer or claim type)."""
    articles = Article.objects.filter(_in_range("created_at", filters))
    return articles.filter(source=filters.source) if filters.source else articles


def articles_split_failed(filters: DashboardFilters):
    """Articles imported in the range whose split failed and has not succeeded since."""
    return articles_imported(filters).filter(split_state=Article.SplitState.FAILED)


def claims_split(filters: DashboardFilters):
    """Claims (page chrome left out) the splitter or a person made in the range."""
    return Claim.objects.filter(_in_range("created_at", filters), _claim_filters(filters), kind=Claim.Kind.CLAIM)


def claims_unlinked(filters: DashboardFilters):
    """The linking backlog: claims made in the range that have no fingerprint yet (dismissed ones never get one)."""
    return claims_split(filters).filter(_unlinked())


def _unlinked() -> Q:
    return ~Q(status=Claim.Status.DISMISSED) & Q(fingerprint__isnull=True)


def factchecks_published(filters: DashboardFilters):
    """Fact-checks first published in the range and public now."""
    return FactCheck.objects.filter(
        _in_range("first_published_at", filters), _claim_filters(filters, "claim__"),
        _rated_by_reviewer(filters, "claim"), published_at__isnull=False,
    )


def queue_claims(filters: DashboardFilters):
    """Claims waiting for verdicts now, whenever they came in (the date range does not apply).

    With a reviewer filter: the claims assigned to that reviewer.
    """
    claims = Claim.objects.filter(_claim_filters(filters), kind=Claim.Kind.CLAIM, status__in=Claim.QUEUE_STATUSES)
    return claims.filter(assignee_id=filters.reviewer_id) if filters.reviewer_id is not None else claims


MILESTONES = {
    "first-verdict": "the first verdict",
    "ready": "ready for approval",
    "published": "publication",
}


# The claim's own record of when it reached each step (models.Claim, kept by the services).
MILESTONE_FIELDS = {"first-verdict": "first_verdict_at", "ready": "first_ready_at"}


def milestone_rows(filters: DashboardFilters, milestone: str):
    """One row per claim that reached ``milestone`` in the range, and its seconds since the import.

    first-verdict: its first standing verdict (whoever gave it); ready: the
    first time it became ready for approval; both are claims, read off the
    claim's own columns by their indexes. published: its fact-check's first
    publication, a fact-check. Each is measured from the import of its article.
    """
    if milestone in MILESTONE_FIELDS:
        at = MILESTONE_FIELDS[milestone]
        rows = Claim.objects.filter(_in_range(at, filters), _claim_filters(filters), _rated_by_reviewer(filters))
        return rows, SecondsBetween(F(at), _imported_at("article_id"))
    if milestone == "published":
        rows = FactCheck.objects.filter(_in_range("first_published_at", filters), _claim_filters(filters, "claim__"),
                                        _rated_by_reviewer(filters, "claim"))
        return rows, SecondsBetween(F("first_published_at"), _imported_at("claim__article_id"))
    raise ValueError(f"Unknown milestone {milestone!r}.")


def _imported_at(article_ref: str):
    """The article's import time, by one primary-key probe per row.

    A correlated subquery rather than a join: PostgreSQL runs it per row of
    the range whatever its cost settings, where a join tempts it to hash the
    whole articles table (a hundred thousand rows for a few thousand claims).
    """
    return Subquery(Article.objects.filter(pk=OuterRef(article_ref)).order_by().values("created_at"))


def agreement_claims(filters: DashboardFilters):
    """Doubly-rated claims whose last ordinal verdict came in the range: the units of the agreement figure.

    A claim belongs to the week of its last rating, so a claim rated twice
    counts in the week the second rating made it comparable. Two or more
    standing ordinal verdicts and the time of the last are the claim's own
    columns: an index range (``claim_doubly_rated_at``) finds the units.
    """
    return Claim.objects.filter(_in_range("last_ordinal_rating_at", filters), _claim_filters(filters),
                                _rated_by_reviewer(filters), ordinal_ratings__gte=2)


def reviewer_verdicts(filters: DashboardFilters):
    """Verdicts given in the range, each marked ``paired`` (another reviewer rated the claim too) and ``differs``.

    From the verdict's own ``pairing`` (its claim's, kept by the services):
    with no filter on the claim the figure reads the index
    ``verdict_standing_pairing`` alone, never a claim.
    """
    verdicts = _standing().filter(_in_range("created_at", filters), _claim_filters(filters, "claim__"))
    if filters.reviewer_id is not None:
        verdicts = verdicts.filter(reviewer_id=filters.reviewer_id)
    return verdicts.annotate(paired=Q(pairing__gt=Verdict.Pairing.ALONE),
                             differs=Q(pairing=Verdict.Pairing.DIFFERENT))


# --- The figures: one GROUP BY each ---


@dataclass
class Intake:
    bucket: str
    articles: dict[dt.date, int] = field(default_factory=dict)
    failed: dict[dt.date, int] = field(default_factory=dict)
    claims: dict[dt.date, int] = field(default_factory=dict)
    unlinked: dict[dt.date, int] = field(default_factory=dict)


def intake(filters: DashboardFilters) -> Intake:
    """Articles imported, splits failed, claims split and claims not linked yet, per day or week (two queries)."""
    found = Intake(bucket=filters.bucket)
    articles = (
        articles_imported(filters).order_by().annotate(bucket=_trunc("created_at", found.bucket)).values("bucket")
        .annotate(n=Count("*"), failed=Count("created_at", filter=Q(split_state=Article.SplitState.FAILED)))
    )
    for row in articles:
        found.articles[row["bucket"]], found.failed[row["bucket"]] = row["n"], row["failed"]
    claims = (
        claims_split(filters).order_by().annotate(bucket=_trunc("created_at", found.bucket)).values("bucket")
        .annotate(n=Count("*"), unlinked=Count("created_at", filter=_unlinked()))
    )
    for row in claims:
        found.claims[row["bucket"]], found.unlinked[row["bucket"]] = row["n"], row["unlinked"]
    return found


@dataclass
class Publishing:
    """Fact-checks first published in the range: per week, and per final rating (in the scale's order)."""

    weekly: dict[dt.date, int]
    ratings: list[tuple[Rating, int]]


def publishing(filters: DashboardFilters) -> Publishing:
    """Both publishing figures from one GROUP BY (week, rating), plus the ratings' labels (two queries)."""
    rows = (
        factchecks_published(filters).order_by().annotate(week=_trunc("first_published_at", WEEK))
        .values("week", "rating_id").annotate(n=Count("*"))
    )
    weekly, by_rating = Counter(), Counter()
    for row in rows:
        weekly[row["week"]] += row["n"]
        by_rating[row["rating_id"]] += row["n"]
    ratings = Rating.objects.filter(Q(scale__is_default=True) | Q(pk__in=list(by_rating))).order_by(
        "scale_id", "position")
    return Publishing(weekly=dict(weekly), ratings=[(rating, by_rating[rating.pk]) for rating in ratings])


@dataclass
class QueueGroup:
    total: int = 0
    older: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUEUE_AGES, 0))


@dataclass
class Queue:
    """The queue now: per status and per assignee (None: open to anyone), with how many are older than N days."""

    now: dt.datetime
    by_status: dict[str, QueueGroup]
    by_assignee: dict[int | None, QueueGroup]

    @property
    def total(self) -> QueueGroup:
        whole = QueueGroup()
        for group in self.by_status.values():
            whole.total += group.total
            for days, n in group.older.items():
                whole.older[days] += n
        return whole


def queue(filters: DashboardFilters, *, now: dt.datetime | None = None) -> Queue:
    """The queue by status and by assignee, with ages (two queries).

    Every waiting claim is counted once per (status, assignee) with nothing
    else to compute per row (an index-only scan of a partial index), and the
    ages come from the claims of the last week alone: "older than N days" is
    the total less those newer.
    """
    now = now or timezone.now()
    found = Queue(now=now, by_status={status: QueueGroup() for status in Claim.QUEUE_STATUSES}, by_assignee={})
    claims = queue_claims(filters).order_by()
    for row in claims.values("status", "assignee_id").annotate(n=Count("*")):
        for group in _groups(found, row):
            group.total += row["n"]
            for days in QUEUE_AGES:
                group.older[days] += row["n"]
    newest = max(QUEUE_AGES)
    newer = {f"newer_{days}": Count("created_at", filter=Q(created_at__gte=now - dt.timedelta(days=days)))
             for days in QUEUE_AGES if days != newest}
    recent = claims.filter(created_at__gte=now - dt.timedelta(days=newest)).values("status", "assignee_id")
    for row in recent.annotate(**{f"newer_{newest}": Count("*")}, **newer):
        for group in _groups(found, row):
            for days in QUEUE_AGES:
                group.older[days] -= row[f"newer_{days}"]
    return found


def _groups(found: Queue, row: dict) -> tuple[QueueGroup, QueueGroup]:
    return found.by_status[row["status"]], found.by_assignee.setdefault(row["assignee_id"], QueueGroup())


def spans(filters: DashboardFilters) -> dict[str, Span]:
    """From import to each milestone: median and p90 in seconds, over the claims that reached it (one query each)."""
    return {milestone: _span(*milestone_rows(filters, milestone)) for milestone in MILESTONES}


@dataclass(frozen=True)
class WeeklyAgreement:
    week: dt.date
    agreement: agreement.Agreement


def agreement_weekly(filters: DashboardFilters) -> list[WeeklyAgreement]:
    """Krippendorff's ordinal alpha per week, from a coincidence matrix summed in SQL (two queries).

    Every unordered pair of ordinal verdicts on a unit claim is one row of a
    self-join (the claim's verdicts, twice), grouped by (week, raters m, value,
    other value); a pair weighs 1 / (m - 1) in both cells (c, k) and (k, c), as
    Krippendorff's ordered pairs do. Only those groups come back: a few
    hundred rows for two years, however many verdicts.
    """
    # Two joins of one claim's verdicts, each pair once (second id above the first). The week and
    # the number of raters m are the unit's own columns.
    pairs = (
        agreement_claims(filters)
        .annotate(one=FilteredRelation("verdicts", condition=Q(verdicts__withdrawn_at__isnull=True)),
                  two=FilteredRelation("verdicts", condition=Q(verdicts__withdrawn_at__isnull=True)))
        .filter(two__pk__gt=F("one__pk"), one__rating__value__isnull=False, two__rating__value__isnull=False)
        .order_by()
        .annotate(week=_trunc("last_ordinal_rating_at", WEEK))
        .values("week", m=F("ordinal_ratings"), c=F("one__rating__value"), k=F("two__rating__value"))
        .annotate(n=Count("*"))
    )
    matrices: dict[dt.date, Counter] = defaultdict(Counter)
    unit_pairs: Counter = Counter()
    value_pairs: Counter = Counter()
    for row in pairs:
        week, m, n = row["week"], row["m"], row["n"]
        weight = n / (m - 1)
        matrices[week][(row["c"], row["k"])] += weight
        matrices[week][(row["k"], row["c"])] += weight
        # A unit of m values has m(m-1)/2 unordered pairs.
        unit_pairs[week] += n / (m * (m - 1) / 2)
        value_pairs[week] += n * m / (m * (m - 1) / 2)
    return [
        WeeklyAgreement(week, agreement.alpha_from_coincidences(
            matrices[week], pairable_units=round(unit_pairs[week]), pairable_values=round(value_pairs[week])))
        for week in sorted(matrices)
    ]


@dataclass(frozen=True)
class ReviewerWork:
    reviewer_id: int
    verdicts: int
    paired: int
    differs: int

    @property
    def disagreement_rate(self) -> float | None:
        """Of their verdicts on claims another reviewer rated too, the share rated differently."""
        return self.differs / self.paired if self.paired else None


def reviewer_work(filters: DashboardFilters) -> list[ReviewerWork]:
    """Per reviewer: verdicts given in the range, how many were paired and how many differed (one query).

    Grouped by (reviewer, pairing): the verdicts of the range alone, never
    their claims or the claims' other verdicts.
    """
    rows = reviewer_verdicts(filters).order_by().values("reviewer_id", "pairing").annotate(n=Count("*"))
    work: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        counts = work[row["reviewer_id"]]
        counts[0] += row["n"]
        counts[1] += row["n"] if row["pairing"] != Verdict.Pairing.ALONE else 0
        counts[2] += row["n"] if row["pairing"] == Verdict.Pairing.DIFFERENT else 0
    found = [ReviewerWork(reviewer_id, *counts) for reviewer_id, counts in work.items()]
    return sorted(found, key=lambda work: (-work.verdicts, work.reviewer_id))


def usernames(ids) -> dict[int, str]:
    """The usernames of these users (one query, whatever the number of ids)."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return {}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


def article_sources(filters: DashboardFilters) -> list[str]:
    """The sources of the articles imported in the range, and the one chosen: the source filter's choices.

    Only the range's: a distinct over every article would read the whole table for a menu.
    """
    rows = Article.objects.filter(_in_range("created_at", filters)).exclude(source="")
    sources = set(rows.order_by().values_list("source", flat=True).distinct())
    return sorted(sources | ({filters.source} if filters.source else set()))


# --- The lists behind the numbers: the same rows each figure counts ---

ARTICLE_LISTS = ("articles", "split-failed")
CLAIM_LISTS = ("claims", "unlinked", "published", "queue", "span", "agreement", "verdicts", "disagreed")


@dataclass(frozen=True)
class Drilldown:
    """Which of a figure's groups a list shows: a status, an age, an assignee, a rating, a milestone."""

    status: str | None = None
    older_than_days: int | None = None
    now: dt.datetime | None = None
    assignee: int | None = None
    unassigned: bool = False
    rating_id: int | None = None
    milestone: str | None = None


def counted_articles(filters: DashboardFilters, figure: str):
    """The articles a number of ``figure`` counts, newest first, without their bodies."""
    rows = articles_imported(filters) if figure == "articles" else articles_split_failed(filters)
    return rows.defer("body").order_by("-created_at", "-pk")


def counted_claims(filters: DashboardFilters, figure: str, group: Drilldown):
    """The claims a number of ``figure`` counts (narrowed to ``group``), with their article's title."""
    if figure == "claims":
        rows = claims_split(filters)
    elif figure == "unlinked":
        rows = claims_unlinked(filters)
    elif figure == "published":
        factchecks = factchecks_published(filters)
        if group.rating_id is not None:
            factchecks = factchecks.filter(rating_id=group.rating_id)
        rows = Claim.objects.filter(pk__in=factchecks.values("claim_id"))
    elif figure == "queue":
        rows = _queue_group(queue_claims(filters), group)
    elif figure == "span":
        measured, _seconds = milestone_rows(filters, group.milestone)
        rows = measured if measured.model is Claim else Claim.objects.filter(pk__in=measured.values("claim_id"))
    elif figure == "agreement":
        rows = agreement_claims(filters)
    elif figure in ("verdicts", "disagreed"):
        verdicts = reviewer_verdicts(filters)
        rows = Claim.objects.filter(pk__in=(verdicts.filter(differs=True) if figure == "disagreed" else verdicts)
                                    .values("claim_id"))
    else:
        raise ValueError(f"Unknown figure {figure!r}.")
    return rows.select_related("article", "assignee").defer("article__body").order_by("-created_at", "-pk")


def _queue_group(claims, group: Drilldown):
    if group.status:
        claims = claims.filter(status=group.status)
    if group.unassigned:
        claims = claims.filter(assignee__isnull=True)
    elif group.assignee is not None:
        claims = claims.filter(assignee_id=group.assignee)
    if group.older_than_days:
        claims = claims.filter(created_at__lt=(group.now or timezone.now()) - dt.timedelta(days=group.older_than_days))
    return claims
