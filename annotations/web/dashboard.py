"""The desk at a glance: the dashboard, each chart's CSV, and the list behind every number.

Editors and admins see the whole desk and may narrow it to one reviewer;
a reviewer sees their own numbers only (the reviewer filter is theirs,
whatever the query string says). Every figure is counted by
``selectors.dashboard``; this module turns the counts into charts (titles
that say what the numbers show, SVG geometry, a table, a CSV).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from html import escape
from urllib.parse import quote_plus

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from annotations import access, selectors
from annotations.models import Claim
from annotations.selectors.dashboard import DAY, MILESTONES, QUEUE_AGES, DashboardFilters, Drilldown
from annotations.web import charts
from annotations.web.articles import NO_ROLE

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 5 * 366
LIST_LIMIT = 200


def _url_value(value) -> str:
    """A query-string value: ints, dates and slugs as they are (most of a page's links), anything else quoted."""
    text = str(value)
    return text if isinstance(value, int) or _URL_SAFE.fullmatch(text) else quote_plus(text)


_URL_SAFE = re.compile(r"[\w.-]*", re.ASCII)


def _gate(request) -> bool:
    """Who may open the dashboard (every reviewer); True when they see the whole desk."""
    if not access.can_review(request.user):
        raise PermissionDenied(NO_ROLE)
    return access.may(request.user, access.VIEW_EDITORIAL)


def _date(value) -> dt.date | None:
    try:
        return parse_date(value or "")
    except ValueError:  # well formed, impossible: 2026-13-01
        return None


def dashboard_filters(request, *, whole_desk: bool) -> DashboardFilters:
    """The filters from the query string; a value that does not parse falls back to the default, never an error."""
    today = timezone.localdate()
    since, until = _date(request.GET.get("from")), _date(request.GET.get("to"))
    days = request.GET.get("days", "")
    if days.isdigit() and 1 <= int(days) <= MAX_DAYS:
        since, until = today - dt.timedelta(days=int(days) - 1), today
    if not (since and until and since <= until and (until - since).days < MAX_DAYS):
        since, until = today - dt.timedelta(days=DEFAULT_DAYS - 1), today
    claim_type = request.GET.get("type", "")
    reviewer = request.GET.get("reviewer", "")
    if whole_desk:
        reviewer_id = int(reviewer) if reviewer.isdigit() else None
    else:
        reviewer_id = request.user.pk
    return DashboardFilters(
        since=since, until=until, source=request.GET.get("source", "").strip()[:200],
        claim_type=claim_type if claim_type in Claim.ClaimType.values else "", reviewer_id=reviewer_id,
    )


def _query(filters: DashboardFilters, **extra) -> str:
    params = {"from": filters.since.isoformat(), "to": filters.until.isoformat(), "source": filters.source,
              "type": filters.claim_type, "reviewer": filters.reviewer_id or "", **extra}
    return urlencode({key: value for key, value in params.items() if value not in ("", None)})


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""


@dataclass
class Chart:
    """One chart: the finding as its title, what it counts, its drawing, and its data as a table (and CSV)."""

    slug: str
    title: str
    about: str
    plot: charts.Plot | None
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""

    @property
    def csv_rows(self) -> list[list[str]]:
        return [self.columns, *([cell.text for cell in row] for row in self.rows)]

    @property
    def rows_html(self) -> str:
        """The table's body rows, every value escaped (a template loop over hundreds of cells was most of a page)."""
        return mark_safe("\n".join(_row_html(row) for row in self.rows))  # noqa: S308 (escaped in _row_html)


def _row_html(row: list[Cell]) -> str:
    head, *cells = row
    return "".join((f'<tr><th scope="row">{escape(head.text)}</th>', *(
        f'<td><a href="{escape(cell.href)}">{escape(cell.text)}</a></td>' if cell.href
        else f"<td>{escape(cell.text)}</td>" for cell in cells), "</tr>"))


def _hours(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 3600:.1f}"


def _duration(seconds: float) -> str:
    hours = seconds / 3600
    if hours < 1:
        return f"{seconds / 60:.0f} minutes"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _change(label: str, this: int, before: int) -> str:
    """How a weekly count moved, in words: "Imports doubled this week"."""
    if before and this >= 2 * before:
        word = {2: "doubled", 3: "tripled"}.get(this // before, f"grew {this / before:.0f}-fold")
        return f"{label} {word} this week ({this:,} against {before:,})"
    if before and this * 2 <= before:
        return f"{label} fell by {_percent(before - this, before)} this week ({this:,} against {before:,})"
    if before:
        direction = "up" if this >= before else "down"
        return f"{label}: {this:,} this week, {direction} {_percent(abs(this - before), before)} on the week before"
    return f"{label}: {this:,} this week"


class Desk:
    """The figures one request needs, each counted once, when first asked for."""

    def __init__(self, request, filters: DashboardFilters, *, whole_desk: bool):
        self.request, self.filters, self.whole_desk = request, filters, whole_desk
        # A page holds a few hundred links: the filters' part of their query string is made once.
        self._range = {"from": filters.since.isoformat(), "to": filters.until.isoformat()}
        self._rest = urlencode({key: value for key, value in (
            ("source", filters.source), ("type", filters.claim_type), ("reviewer", filters.reviewer_id or ""),
        ) if value})
        self._paths: dict[str, str] = {}

    def list_url(self, figure: str, **extra) -> str:
        """The list of what a number counts: the same filters, narrowed by ``extra`` (a day, a status...)."""
        path = self._paths.get(figure) or self._paths.setdefault(figure, reverse("dashboard-list", args=[figure]))
        query = "&".join(f"{key}={_url_value(value)}" for key, value in {**self._range, **extra}.items())
        return f"{path}?{query}&{self._rest}" if self._rest else f"{path}?{query}"

    def bucket_range(self, start: dt.date, kind: str) -> dict:
        """from/to of one day or week, cut to the dashboard's range."""
        end = start if kind == DAY else start + dt.timedelta(days=6)
        return {"from": max(start, self.filters.since).isoformat(), "to": min(end, self.filters.until).isoformat()}

    def bucket_label(self, start: dt.date, kind: str) -> str:
        start = max(start, self.filters.since)
        return start.isoformat() if kind == DAY else f"week of {start.isoformat()}"

    def axis_label(self, start: dt.date) -> str:
        start = max(start, self.filters.since)
        return f"{start:%b} {start.day}"

    @property
    def intake_scope(self) -> str:
        return "" if self.filters.reviewer_id is None else " The whole desk's, whatever the reviewer filter."

    @cached_property
    def intake(self):
        return selectors.dashboard.intake(self.filters)

    @cached_property
    def publishing(self):
        return selectors.dashboard.publishing(self.filters)

    @cached_property
    def queue(self):
        return selectors.dashboard.queue(self.filters)

    @cached_property
    def spans(self):
        return selectors.dashboard.spans(self.filters)

    @cached_property
    def agreement(self):
        return selectors.dashboard.agreement_weekly(self.filters)

    @cached_property
    def reviewers(self):
        return selectors.dashboard.reviewer_work(self.filters)

    @cached_property
    def names(self) -> dict[int, str]:
        """Usernames of everyone a figure names: one query for the assignees and the reviewers."""
        ids = {*self.reviewers_ids, *self.queue.by_assignee, self.filters.reviewer_id}
        return selectors.dashboard.usernames(ids)

    @property
    def reviewers_ids(self):
        return [work.reviewer_id for work in self.reviewers]

    def name(self, user_id) -> str:
        return self.names.get(user_id, f"user #{user_id}")


# --- The charts ---


def _imports(desk: Desk) -> Chart:
    intake, kind = desk.intake, desk.filters.bucket
    buckets = desk.filters.buckets()
    imported = [intake.articles.get(b, 0) for b in buckets]
    failed = [intake.failed.get(b, 0) for b in buckets]
    total, total_failed = sum(imported), sum(failed)
    if not total:
        title = "No articles were imported in this period"
    elif kind == DAY and len(buckets) >= 14:
        title = _change("Imports", sum(imported[-7:]), sum(imported[-14:-7]))
    else:
        title = f"{_plural(total, 'article')} imported in {desk.filters.days} days"
    if total_failed:
        title += f"; {_plural(total_failed, 'split')} failed"
    rows = [
        [Cell(desk.bucket_label(b, kind)),
         Cell(str(n), desk.list_url("articles", **desk.bucket_range(b, kind))),
         Cell(str(f), desk.list_url("split-failed", **desk.bucket_range(b, kind)))]
        for b, n, f in zip(buckets, imported, failed, strict=True)
    ]
    rows.append([Cell("Total"), Cell(str(total), desk.list_url("articles")),
                 Cell(str(total_failed), desk.list_url("split-failed"))])
    plot = charts.columns(
        [desk.axis_label(b) for b in buckets],
        [charts.Series("split", "s-ok", [n - f for n, f in zip(imported, failed, strict=True)]),
         charts.Series("failed to split", "s-bad", failed)],
        hrefs=[desk.list_url("articles", **desk.bucket_range(b, kind)) for b in buckets],
        titles=[desk.bucket_label(b, kind) for b in buckets], value_label="articles",
    )
    return Chart("imports", title, f"Articles imported per {kind}, and how many of them failed to split."
                 + desk.intake_scope, plot,
                 [kind.capitalize(), "Articles imported", "Split failed"], rows)


def _claims(desk: Desk) -> Chart:
    intake, kind = desk.intake, desk.filters.bucket
    buckets = desk.filters.buckets()
    split = [intake.claims.get(b, 0) for b in buckets]
    unlinked = [intake.unlinked.get(b, 0) for b in buckets]
    total, total_unlinked = sum(split), sum(unlinked)
    if not total:
        title = "No claims were split in this period"
    elif kind == DAY and len(buckets) >= 14:
        title = _change("Claims split", sum(split[-7:]), sum(split[-14:-7]))
    else:
        title = f"{_plural(total, 'claim')} split in {desk.filters.days} days"
    rows = [
        [Cell(desk.bucket_label(b, kind)),
         Cell(str(n), desk.list_url("claims", **desk.bucket_range(b, kind))),
         Cell(str(u), desk.list_url("unlinked", **desk.bucket_range(b, kind)))]
        for b, n, u in zip(buckets, split, unlinked, strict=True)
    ]
    rows.append([Cell("Total"), Cell(str(total), desk.list_url("claims")),
                 Cell(str(total_unlinked), desk.list_url("unlinked"))])
    plot = charts.columns(
        [desk.axis_label(b) for b in buckets],
        [charts.Series("linked or dismissed", "s-ok", [n - u for n, u in zip(split, unlinked, strict=True)]),
         charts.Series("not linked yet", "s-warn", unlinked)],
        hrefs=[desk.list_url("claims", **desk.bucket_range(b, kind)) for b in buckets],
        titles=[desk.bucket_label(b, kind) for b in buckets], value_label="claims",
    )
    return Chart("claims", title, f"Claims split per {kind} (page chrome left out), and how many are not linked "
                 "to other articles yet." + desk.intake_scope, plot,
                 [kind.capitalize(), "Claims split", "Not linked yet"], rows)


def _backlog(desk: Desk) -> Chart:
    failed, unlinked = sum(desk.intake.failed.values()), sum(desk.intake.unlinked.values())
    if failed or unlinked:
        title = f"{_plural(failed, 'article')} failed to split; {_plural(unlinked, 'claim')} not linked yet"
    else:
        title = "Every article of this period split, and every claim is linked"
    rows = [[Cell("Articles whose split failed"), Cell(str(failed), desk.list_url("split-failed"))],
            [Cell("Claims not linked yet"), Cell(str(unlinked), desk.list_url("unlinked"))]]
    plot = charts.rows(["Split failed (articles)", "Not linked (claims)"],
                       [charts.Series("", "s-bad", [failed, unlinked])],
                       hrefs=[desk.list_url("split-failed"), desk.list_url("unlinked")])
    return Chart("backlog", title, "Split failures and the linking backlog (claims without a fingerprint) "
                 "among what was imported in this period." + desk.intake_scope, plot, ["What", "Count"], rows)


def _published(desk: Desk) -> Chart:
    weeks = desk.filters.buckets("week")
    counts = [desk.publishing.weekly.get(week, 0) for week in weeks]
    total = sum(counts)
    if not total:
        title = "No fact-check was published in this period"
    elif len(weeks) >= 2:
        title = _change("Publications", counts[-1], counts[-2])
    else:
        title = f"{_plural(total, 'fact-check')} published this week"
    rows = [[Cell(desk.bucket_label(w, "week")), Cell(str(n), desk.list_url("published", **desk.bucket_range(
        w, "week")))] for w, n in zip(weeks, counts, strict=True)]
    rows.append([Cell("Total"), Cell(str(total), desk.list_url("published"))])
    plot = charts.columns(
        [desk.axis_label(w) for w in weeks],
        [charts.Series("published", "s-ok", counts)],
        hrefs=[desk.list_url("published", **desk.bucket_range(w, "week")) for w in weeks],
        titles=[desk.bucket_label(w, "week") for w in weeks], value_label="fact-checks",
    )
    return Chart("published", title, "Fact-checks first published each week (Monday to Sunday) and public now.",
                 plot, ["Week", "Published"], rows)


AGE_SERIES = (("newer than 1 day", "s-age0"), ("1 to 3 days", "s-age1"), ("3 to 7 days", "s-age3"),
              ("older than 7 days", "s-age7"))


def _age_series(groups) -> list[charts.Series]:
    """Exclusive age bands from the cumulative "older than" counts, for stacking."""
    d1, d3, d7 = QUEUE_AGES
    bands = [
        [g.total - g.older[d1] for g in groups], [g.older[d1] - g.older[d3] for g in groups],
        [g.older[d3] - g.older[d7] for g in groups], [g.older[d7] for g in groups],
    ]
    return [charts.Series(name, css, values) for (name, css), values in zip(AGE_SERIES, bands, strict=True)]


def _queue_rows(desk: Desk, label: str, group, **which) -> list[Cell]:
    at = desk.queue.now.isoformat()
    return [Cell(label), Cell(str(group.total), desk.list_url("queue", **which)),
            *(Cell(str(group.older[days]), desk.list_url("queue", older=days, at=at, **which)) for days in QUEUE_AGES)]


QUEUE_COLUMNS = ["Open claims", *(f"Older than {days} day{'s' if days > 1 else ''}" for days in QUEUE_AGES)]


def _queue_status(desk: Desk) -> Chart:
    queue, labels = desk.queue, dict(Claim.Status.choices)
    statuses = list(queue.by_status)
    whole = queue.total
    oldest = whole.older[QUEUE_AGES[-1]]
    if not whole.total:
        title = "The queue is empty"
    elif oldest:
        title = f"{_plural(oldest, 'open claim')} {'has' if oldest == 1 else 'have'} waited more than " \
                f"{QUEUE_AGES[-1]} days ({_percent(oldest, whole.total)} of the queue)"
    else:
        title = f"No open claim is older than {QUEUE_AGES[-1]} days"
    rows = [_queue_rows(desk, labels[status], queue.by_status[status], status=status) for status in statuses]
    rows.append(_queue_rows(desk, "Total", whole))
    plot = charts.rows([labels[s] for s in statuses], _age_series([queue.by_status[s] for s in statuses]),
                       hrefs=[desk.list_url("queue", status=s) for s in statuses], value_label="claims")
    about = "Claims waiting for verdicts now, by status and by how long ago they were split"
    about += "" if desk.filters.reviewer_id is None else " (those assigned to the reviewer)"
    return Chart("queue-status", title, about + "; the date range does not apply.", plot,
                 ["Status", *QUEUE_COLUMNS], rows)


def _queue_assignee(desk: Desk) -> Chart:
    groups = sorted(desk.queue.by_assignee.items(), key=lambda item: (-item[1].total, item[0] or 0))
    whole = desk.queue.total

    def label(user_id):
        return "Unassigned" if user_id is None else desk.name(user_id)

    assigned = [(user_id, group) for user_id, group in groups if user_id is not None]
    if not whole.total:
        title = "Nobody has claims waiting"
    elif assigned:
        top_id, top = assigned[0]
        title = f"{desk.name(top_id)} holds the most assigned claims ({top.total:,}, " \
                f"{_percent(top.total, whole.total)} of the queue)"
    else:
        title = f"All {whole.total:,} open claims are unassigned"

    def which(user_id):
        return {"assignee": "none"} if user_id is None else {"assignee": user_id}

    rows = [_queue_rows(desk, label(user_id), group, **which(user_id)) for user_id, group in groups]
    rows.append(_queue_rows(desk, "Total", whole))
    plot = charts.rows([label(user_id) for user_id, _ in groups], _age_series([g for _, g in groups]),
                       hrefs=[desk.list_url("queue", **which(user_id)) for user_id, _ in groups], value_label="claims")
    return Chart("queue-assignee", title, "The same queue by assignee, and by age.", plot,
                 ["Assignee", *QUEUE_COLUMNS], rows)


def _spans(desk: Desk) -> Chart:
    spans = desk.spans
    published = spans["published"]
    first = spans["first-verdict"]
    if published.count:
        title = f"Half of the fact-checks were published within {_duration(published.median)} of import; " \
                f"nine in ten within {_duration(published.p90)}"
    elif first.count:
        title = f"Half of the claims got a first verdict within {_duration(first.median)} of import"
    else:
        title = "Nothing reached a verdict in this period"
    rows = [[Cell(f"From import to {what}"), Cell(str(spans[key].count), desk.list_url("span", milestone=key)),
             Cell(_hours(spans[key].median)), Cell(_hours(spans[key].p90))] for key, what in MILESTONES.items()]
    labels = [f"to {what}" for what in MILESTONES.values()]
    medians = [(spans[key].median or 0) / 3600 for key in MILESTONES]
    p90s = [(spans[key].p90 or 0) / 3600 for key in MILESTONES]
    plot = charts.rows(labels, [charts.Series("hours, median", "s-ok", medians),
                                charts.Series("more hours to the 90th percentile", "s-age3",
                                              [p - m for p, m in zip(p90s, medians, strict=True)])],
                       hrefs=[desk.list_url("span", milestone=key) for key in MILESTONES], value_label="hours")
    return Chart("spans", title, "How long from an article's import until its claims reached each step, over the "
                 "claims that reached it in this period (median and 90th percentile, each interpolated between "
                 "the two nearest claims).", plot,
                 ["Step", "Claims", "Median (hours)", "90th percentile (hours)"], rows)


def _agreement_words(alpha: float) -> str:
    # Krippendorff's own thresholds: 0.8 for conclusions, 0.667 for tentative ones.
    if alpha >= 0.8:
        return "agreed well"
    if alpha >= 0.667:
        return "agreed only tentatively"
    return "disagreed often"


def _agreement(desk: Desk) -> Chart:
    weeks = desk.filters.buckets("week")
    by_week = {row.week: row.agreement for row in desk.agreement}
    found = [by_week.get(week) for week in weeks]
    rated = [(week, a) for week, a in zip(weeks, found, strict=True) if a and a.alpha is not None]
    if rated:
        week, last = rated[-1]
        title = f"Reviewers {_agreement_words(last.alpha)} in the {desk.bucket_label(week, 'week')} " \
                f"(α = {last.alpha:.2f} on {_plural(last.pairable_units, 'claim')})"
    else:
        title = "No claim was rated by two reviewers in this period"
    rows = []
    for week, a in zip(weeks, found, strict=True):
        link = desk.list_url("agreement", **desk.bucket_range(week, "week"))
        rows.append([Cell(desk.bucket_label(week, "week")),
                     Cell("" if not a or a.alpha is None else f"{a.alpha:.2f}"),
                     Cell(str(a.pairable_units if a else 0), link), Cell(str(a.pairable_values if a else 0))])
    plot = charts.line(
        [desk.axis_label(w) for w in weeks],
        [a.alpha if a else None for a in found], low=-1.0, high=1.0,
        hrefs=[desk.list_url("agreement", **desk.bucket_range(w, "week")) for w in weeks],
        titles=[f"{desk.bucket_label(w, 'week')}: α = {a.alpha:.2f} on {_plural(a.pairable_units, 'claim')}"
                if a and a.alpha is not None else "" for w, a in zip(weeks, found, strict=True)],
        css="s-ok", point_labels=[f"{a.pairable_units if a else 0} claims" for a in found], value_label="α",
    )
    return Chart("agreement", title, "Krippendorff's alpha (ordinal) per week over the claims two or more reviewers "
                 "rated, each in the week of its last rating; Unverifiable is off the scale.", plot,
                 ["Week", "Alpha", "Doubly-rated claims", "Ratings compared"], rows)


def _ratings(desk: Desk) -> Chart:
    ratings = [(rating, n) for rating, n in desk.publishing.ratings]
    total = sum(n for _, n in ratings)
    if total:
        most = max(n for _, n in ratings)
        top = [rating.label for rating, n in ratings if n == most]
        if len(top) == 1:
            title = f"{top[0]} is the most frequent final rating ({_percent(most, total)} of {total:,})"
        else:
            title = f"{', '.join(top[:-1])} and {top[-1]} are the most frequent final ratings ({most:,} each)"
    else:
        title = "No fact-check was published in this period"
    rows = [[Cell(rating.label), Cell(str(n), desk.list_url("published", rating=rating.pk)),
             Cell(_percent(n, total) if total else "")] for rating, n in ratings]
    rows.append([Cell("Total"), Cell(str(total), desk.list_url("published")), Cell("100%" if total else "")])
    plot = charts.rows([rating.label for rating, _ in ratings], [charts.Series("fact-checks", "s-ok",
                       [n for _, n in ratings])],
                       hrefs=[desk.list_url("published", rating=rating.pk) for rating, _ in ratings],
                       value_label="fact-checks")
    return Chart("ratings", title, "The final ratings of the fact-checks first published in this period.", plot,
                 ["Rating", "Fact-checks", "Share"], rows)


def _reviewers(desk: Desk) -> Chart:
    work = desk.reviewers
    if work:
        busiest = work[0]
        title = f"{desk.name(busiest.reviewer_id)} gave the most verdicts ({busiest.verdicts:,})"
        rated = [w for w in work if w.disagreement_rate is not None]
        if rated:
            most = max(rated, key=lambda w: (w.disagreement_rate, w.paired))
            title += f"; {desk.name(most.reviewer_id)} differed most often from another reviewer " \
                     f"({_percent(most.differs, most.paired)})"
    else:
        title = "No verdicts were given in this period"
    rows = [[Cell(desk.name(w.reviewer_id)),
             Cell(str(w.verdicts), desk.list_url("verdicts", reviewer=w.reviewer_id)),
             Cell(str(w.paired)),
             Cell(str(w.differs), desk.list_url("disagreed", reviewer=w.reviewer_id)),
             Cell("" if w.disagreement_rate is None else f"{100 * w.disagreement_rate:.0f}%")] for w in work]
    plot = charts.rows([desk.name(w.reviewer_id) for w in work],
                       [charts.Series("agreed, or rated alone", "s-ok", [w.verdicts - w.differs for w in work]),
                        charts.Series("rated differently from another reviewer", "s-bad", [w.differs for w in work])],
                       hrefs=[desk.list_url("verdicts", reviewer=w.reviewer_id) for w in work], value_label="verdicts")
    return Chart("reviewers", title, "Verdicts each reviewer gave in this period; of those on claims another reviewer "
                 "rated too, how many rated differently (the disagreement rate).", plot,
                 ["Reviewer", "Verdicts", "Rated by another too", "Rated differently", "Disagreement rate"], rows)


# Which charts each viewer gets, in page order. A reviewer's own numbers leave out the desk's intake.
DESK_CHARTS = {"imports": _imports, "claims": _claims, "published": _published, "queue-status": _queue_status,
               "queue-assignee": _queue_assignee, "spans": _spans, "agreement": _agreement, "ratings": _ratings,
               "reviewers": _reviewers, "backlog": _backlog}
OWN_CHARTS = ("published", "queue-status", "spans", "agreement", "ratings", "reviewers")


def _chart_names(whole_desk: bool) -> list[str]:
    return list(DESK_CHARTS) if whole_desk else list(OWN_CHARTS)


# --- Views ---


@login_required
def dashboard(request):
    whole_desk = _gate(request)
    filters = dashboard_filters(request, whole_desk=whole_desk)
    desk = Desk(request, filters, whole_desk=whole_desk)
    with selectors.dashboard.lookups_planned():
        context = _page(request, desk, filters, whole_desk)
    return render(request, "annotations/dashboard.html", context)


def _page(request, desk, filters, whole_desk) -> dict:
    return {
        "charts": [DESK_CHARTS[name](desk) for name in _chart_names(whole_desk)],
        "filters": filters,
        "query": _query(filters),
        "whole_desk": whole_desk,
        "presets": [(days, _query(DashboardFilters(
            since=timezone.localdate() - dt.timedelta(days=days - 1), until=timezone.localdate(),
            source=filters.source, claim_type=filters.claim_type, reviewer_id=filters.reviewer_id)),
            filters.days == days and filters.until == timezone.localdate()) for days in PRESETS],
        "sources": selectors.dashboard.article_sources(filters),
        "claim_types": Claim.ClaimType.choices,
        "reviewers": list(selectors.reviewer_list()) if whole_desk else [],
        "reviewer_name": desk.name(filters.reviewer_id) if filters.reviewer_id else "",
    }


@login_required
def dashboard_csv(request, chart):
    """One chart's data, exactly the rows and columns of its table."""
    whole_desk = _gate(request)
    if chart not in _chart_names(whole_desk):
        raise Http404("No such chart.")
    filters = dashboard_filters(request, whole_desk=whole_desk)
    with selectors.dashboard.lookups_planned():
        built = DESK_CHARTS[chart](Desk(request, filters, whole_desk=whole_desk))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart}-{filters.since}-{filters.until}.csv"'
    csv.writer(response).writerows(built.csv_rows)
    return response


FIGURE_TITLES = {
    "articles": "Articles imported", "split-failed": "Articles whose split failed", "claims": "Claims split",
    "unlinked": "Claims not linked yet", "published": "Published fact-checks", "queue": "Claims waiting for verdicts",
    "span": "Claims measured", "agreement": "Doubly-rated claims", "verdicts": "Claims the reviewer rated",
    "disagreed": "Claims the reviewer rated differently from another reviewer",
}


def _drilldown(request) -> Drilldown:
    """The group of a figure a list narrows to; values that do not parse are a 404, like a list that is not there."""
    get = request.GET
    status, older, assignee = get.get("status") or None, get.get("older", ""), get.get("assignee", "")
    rating, milestone = get.get("rating", ""), get.get("milestone") or None
    at = parse_datetime(get.get("at") or "")
    if (status and status not in Claim.QUEUE_STATUSES) or (older and not older.isdigit()) \
            or (assignee and assignee != "none" and not assignee.isdigit()) or (rating and not rating.isdigit()) \
            or (milestone and milestone not in MILESTONES):
        raise Http404("No such list.")
    return Drilldown(
        status=status, older_than_days=int(older) if older else None, now=at if at and timezone.is_aware(at) else None,
        assignee=int(assignee) if assignee.isdigit() else None, unassigned=assignee == "none",
        rating_id=int(rating) if rating else None, milestone=milestone,
    )


@login_required
def dashboard_list(request, figure):
    """The rows a number of the dashboard counts, under the same filters (the first 200, newest first)."""
    whole_desk = _gate(request)
    if figure not in FIGURE_TITLES or (not whole_desk and figure in selectors.dashboard.ARTICLE_LISTS + (
            "claims", "unlinked")):
        raise Http404("No such list.")
    filters = dashboard_filters(request, whole_desk=whole_desk)
    group = _drilldown(request)
    if figure == "span" and group.milestone is None:
        raise Http404("No such list.")
    if figure in selectors.dashboard.ARTICLE_LISTS:
        rows, kind = selectors.dashboard.counted_articles(filters, figure), "articles"
    else:
        rows, kind = selectors.dashboard.counted_claims(filters, figure, group), "claims"
    with selectors.dashboard.lookups_planned():
        shown, total = list(rows[:LIST_LIMIT]), rows.count()
    return render(request, "annotations/dashboard_list.html", {
        "title": FIGURE_TITLES[figure], "kind": kind, "rows": shown, "total": total,
        "limit": LIST_LIMIT, "filters": filters, "query": _query(filters), "group": group,
        "milestone": MILESTONES.get(group.milestone or ""), "whole_desk": whole_desk,
        "status_label": dict(Claim.Status.choices).get(group.status or ""),
    })
