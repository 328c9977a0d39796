"""The plan of the scale fixture (bench/fill_scale.py): who did what to which claim, and when.

Made before any text or row, from sizes and a seed: when each article came
in, how many claims it has and which pool unit each one is
(bench/scale_text.py), then the claims somebody worked on. Each of those
gets a Story: its verdicts, the editors' steps, and the status, audit event
and history row each step leaves, by the workflow's rules (annotations/
models/claim.py, Claim.status_for_verdicts) replayed here. Counts are exact: the verdicts, published,
dismissed and assigned claims are drawn without replacement, weighted by
check-worthiness and age (recent claims are still waiting).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

import numpy as np

UTC = dt.UTC
HOUR, DAY = 3600.0, 86400.0
WEEKDAY_WEIGHT = (1.0, 1.05, 1.05, 1.0, 0.95, 0.45, 0.35)  # Monday first
HOUR_WEIGHT = (1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 10, 11, 11, 10, 8, 7, 6, 5, 4, 3, 2)
RATING_WEIGHT = {"true": 10, "mostly-true": 12, "half-true": 15, "misleading": 15, "mostly-false": 18, "false": 24,
                 "unverifiable": 6}
AGREEMENT = 0.8
SINGLE_SHARE = 0.25  # of the verdicts not on published claims: claims waiting for their second opinion


@dataclass(frozen=True)
class Sizes:
    articles: int = 100_000
    claims: int = 1_800_000
    verdicts: int = 400_000
    published: int = 20_000
    evidence: int = 120_000
    dismissed: int = 36_000
    assigned: int = 5_000  # open claims an editor assigned to a reviewer
    reviewers: int = 40
    editors: int = 6
    days: int = 730
    boilerplate: float = 0.10
    pool: int = 0  # debate sentences in the pool; 0: all of them (about 24,000)

    def check(self) -> None:
        if self.claims < 4 * self.articles:
            raise ValueError("Give at least 4 claims an article (a headline, a numbered sentence and two more).")
        if self.verdicts < 2 * self.published:
            raise ValueError("Every published claim has two verdicts: --verdicts must be at least 2 × --published.")
        if self.reviewers < 2 or self.editors < 1:
            raise ValueError("Two reviewers and one editor at least: a claim is ready on two people's verdicts.")


# --- Claim stories: the workflow's rules, replayed ---

S_OPEN, S_IN_REVIEW, S_DISAGREEMENT, S_READY = "open", "in_review", "disagreement", "ready"
S_RETURNED, S_PUBLISHED, S_DISMISSED = "returned", "published", "dismissed"
FOLLOWS_VERDICTS = (S_OPEN, S_IN_REVIEW, S_DISAGREEMENT, S_READY, S_RETURNED)


def status_from_verdicts(rating_ids: list[int]) -> str:
    """The app's rule from an open claim (Claim.status_for_verdicts; the tests hold the two equal)."""
    if not rating_ids:
        return S_OPEN
    if len(rating_ids) < 2:
        return S_IN_REVIEW
    return S_READY if len(set(rating_ids)) == 1 else S_DISAGREEMENT


@dataclass(slots=True)
class Story:
    """One claim's life after the split: each step as the app's service would record it."""

    claim: int
    article: int
    created: float
    status: str = S_OPEN
    version: int = 1
    assignee: int | None = None
    dismissed_reason: str = ""
    updated_at: float = 0.0
    verdicts: list = field(default_factory=list)  # (at, reviewer, rating id, rationale)
    changes: list = field(default_factory=list)  # history rows: (at, user, status, version, assignee, reason)
    audit: list = field(default_factory=list)  # (at, actor, action, from, to, comment)
    factcheck: tuple | None = None  # (at, editor, rating id, summary)

    def _change(self, at, actor, *, status=None, action="", comment="", bump=True):
        before = self.status
        self.status = status or self.status
        self.version += bump
        self.updated_at = at
        self.changes.append((at, actor, self.status, self.version, self.assignee, self.dismissed_reason))
        if action:
            self.audit.append((at, actor, action, before, self.status, comment))

    def assign(self, at, editor, reviewer, username):
        # services.assignment.claim_assign: no version bump, one audit row.
        self.assignee = reviewer
        self._change(at, editor, action="assign", comment=f"Assigned to {username}", bump=False)

    def verdict(self, at, reviewer, rating, rationale):
        self.verdicts.append((at, reviewer, rating, rationale))
        if self.status not in FOLLOWS_VERDICTS:
            return
        target = status_from_verdicts([v[2] for v in self.verdicts])
        if self.status in (S_RETURNED, S_READY) and target == S_IN_REVIEW:
            return
        if target != self.status:
            self._change(at, reviewer, status=target, action="verdict")

    def mark_ready(self, at, editor, comment):
        self._change(at, editor, status=S_READY, action="mark_ready", comment=comment)

    def return_to_reviewers(self, at, editor, comment):
        self._change(at, editor, status=S_RETURNED, action="return", comment=comment)

    def publish(self, at, editor, rating, label, summary):
        self.factcheck = (at, editor, rating, summary)
        self._change(at, editor, status=S_PUBLISHED, action="publish", comment=f"Final rating: {label}")

    def dismiss(self, at, actor, reason):
        # services.corrections.claim_dismiss writes its audit row before the save, from the status it had.
        self.dismissed_reason = reason
        self._change(at, actor, status=S_DISMISSED, action="dismiss", comment=reason)


RATIONALES = {
    "supports": ("The {source} figures for {year} match the claim.",
                 "The {source} confirms it: {n:,} in {year}, as stated."),
    "refutes": ("The {source} puts the figure at {n:,}, not what the claim says.",
                "No record supports this; the {source} for {year} shows the opposite.",
                "The claim doubles the {source} number for {year}."),
    "context": ("Accurate for {year}, but it leaves out the change since then ({source}).",
                "The {source} supports part of it; the rest depends on how {n:,} is counted."),
    "none": ("No public record covers this; the {source} could not confirm it.",),
}
SOURCES = ("national statistics office", "census table", "official transcript", "budget office report",
           "court filing", "police data", "election commission", "health ministry release")
DISMISS_REASONS = ("Opinion, not a checkable claim.", "A question, not a claim.", "Too vague to check.",
                   "Duplicate of another claim in this article.", "Part of a quote covered by another claim.")
RETURN_COMMENTS = ("Please check the figure against the latest release.", "The rationale needs a source.",
                   "Both verdicts rely on the same report; find a second source.")
RESOLUTIONS = ("Resolved with the desk: the official source settles it.", "The later release decides it.",
               "Resolved: the second reviewer's source is the primary one.")
EVIDENCE_SITES = (("stats.example.gov", "data"), ("archive.example.org", "news"), ("courts.example.gov", "primary"),
                  ("transcripts.example.org", "primary"), ("ministry.example.gov", "official"),
                  ("university.example.edu", "expert"), ("social.example.com", "social"))


def stance_of(slug: str) -> str:
    if slug in ("true", "mostly-true"):
        return "supports"
    if slug in ("false", "mostly-false"):
        return "refutes"
    return "context" if slug != "unverifiable" else "none"


# --- The plan: who did what, when, before any text is made ---


@dataclass
class Plan:
    created: np.ndarray  # article creation, epoch seconds, ascending
    split_done: np.ndarray  # when each article's claims were written
    first: np.ndarray  # index of each article's first claim
    counts: np.ndarray  # claims per article
    roles: np.ndarray  # per claim: 0 headline, 1 sentence, 2 furniture, 3 numbered sentence
    units: np.ndarray  # per claim: the pool unit
    creators: list  # per article: the user id that imported it, or None
    stories: dict  # claim index -> Story, for claims something happened to


ROLE_NAMES = ("headline", "claim", "furniture", "local")


def article_times(rng: np.random.Generator, sizes: Sizes, until: float) -> np.ndarray:
    """Creation times over ``sizes.days`` days before ``until``: weekdays busier, twice the volume at the end."""
    start = until - sizes.days * DAY
    days = np.arange(sizes.days)
    weekday = np.array([WEEKDAY_WEIGHT[dt.datetime.fromtimestamp(start + d * DAY, UTC).weekday()] for d in days])
    weights = weekday * (1 + days / max(1, sizes.days - 1))
    day = rng.choice(sizes.days, size=sizes.articles, p=weights / weights.sum())
    hours = np.array(HOUR_WEIGHT, dtype=float)
    hour = rng.choice(24, size=sizes.articles, p=hours / hours.sum())
    return np.sort(start + day * DAY + hour * HOUR + rng.uniform(0, HOUR, sizes.articles))


def claim_counts(rng: np.random.Generator, sizes: Sizes) -> np.ndarray:
    """Claims per article: mostly 6-35, one in two hundred a long read of five times that; exactly ``claims``."""
    draws = rng.gamma(4.0, 1.0, sizes.articles) * np.where(rng.random(sizes.articles) < 0.005, 5.0, 1.0)
    counts = np.maximum(4, np.round(draws * sizes.claims / draws.sum())).astype(np.int64)
    while (diff := sizes.claims - int(counts.sum())) != 0:
        pick = rng.choice(sizes.articles, size=min(abs(diff), sizes.articles), replace=False)
        if diff > 0:
            counts[pick] += 1
        else:
            pick = pick[counts[pick] > 4]
            counts[pick] -= 1
    return counts


def claim_units(rng: np.random.Generator, pool, sizes: Sizes, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's role and pool unit: a headline first, the numbered sentence third, furniture lines between."""
    total, first = int(counts.sum()), np.concatenate([[0], np.cumsum(counts)[:-1]])
    free = total - 2 * sizes.articles  # slots that are neither headline nor the numbered sentence
    roles = np.where(rng.random(total) < sizes.boilerplate * total / free, 2, 1).astype(np.int8)
    roles[first] = 0
    roles[first + np.minimum(2, counts - 1)] = 3
    units = rng.integers(0, len(pool.claims), total).astype(np.int32)
    units[first] = np.asarray(pool.headlines, dtype=np.int32)[rng.integers(0, len(pool.headlines), sizes.articles)]
    furniture = roles == 2
    units[furniture] = rng.integers(0, len(pool.furniture), int(furniture.sum()))
    local = roles == 3
    units[local] = rng.integers(0, len(pool.local), int(local.sum()))
    return roles, units


def checkworthiness_of(pool, roles: np.ndarray, units: np.ndarray) -> np.ndarray:
    by_role = [np.array([u.checkworthiness for u in pool.claims]), np.array([u.checkworthiness for u in pool.claims]),
               np.zeros(len(pool.furniture)), np.array([u.checkworthiness for u in pool.local])]
    score = np.zeros(len(roles))
    for role, table in enumerate(by_role):
        chosen = roles == role
        score[chosen] = table[units[chosen]]
    return score


def weighted_sample(rng: np.random.Generator, weights: np.ndarray, k: int, what: str) -> np.ndarray:
    """``k`` distinct indexes drawn with probability proportional to ``weights`` (Efraimidis-Spirakis)."""
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    if int((weights > 0).sum()) < k:
        raise ValueError(f"Only {int((weights > 0).sum())} claims can be {what}; {k} were asked. "
                         "Give more articles and claims, or fewer of these.")
    with np.errstate(divide="ignore"):
        keys = np.log(rng.random(len(weights))) / weights
    return np.argpartition(-keys, k - 1)[:k]


class Desk:
    """The people and the ratings, and the stories they write: one per claim that was worked on."""

    def __init__(self, rng: random.Random, users: dict, ratings: dict, until: float):
        self.rng, self.until = rng, until
        self.reviewers, self.editors, self.names = users["reviewers"], users["editors"], users["names"]
        # A few reviewers do most of the work, as on a real desk.
        self.reviewer_weights = [1 / (i + 2) ** 0.8 for i in range(len(self.reviewers))]
        self.ratings = ratings  # slug -> (id, label)
        slugs = [s for s in RATING_WEIGHT if s in ratings] or list(ratings)
        self.slugs, self.slug_weights = slugs, [RATING_WEIGHT.get(s, 10) for s in slugs]
        self.slug_of = {rid: slug for slug, (rid, _) in ratings.items()}

    def times(self, t0: float, medians_h: list[float]) -> list[float]:
        """Steps after ``t0`` with lognormal gaps, squeezed to end before ``until`` if they would not."""
        gaps = [self.rng.lognormvariate(math.log(m * HOUR), 1.0) + 60 for m in medians_h]
        span = sum(gaps)
        room = self.until - 120 - t0
        scale = min(1.0, room / span)
        out, at = [], t0
        for gap in gaps:
            at += gap * scale
            out.append(at)
        return out

    def two_reviewers(self) -> list[int]:
        first = self.rng.choices(self.reviewers, self.reviewer_weights)[0]
        while (second := self.rng.choices(self.reviewers, self.reviewer_weights)[0]) == first:
            pass
        return [first, second]

    def rating(self) -> int:
        return self.ratings[self.rng.choices(self.slugs, self.slug_weights)[0]][0]

    def other_rating(self, rating: int) -> int:
        """A second reviewer's different rating: usually the neighbour on the scale."""
        slugs = self.slugs
        here = slugs.index(self.slug_of[rating])
        near = [slugs[i] for i in (here - 1, here + 1) if 0 <= i < len(slugs)]
        pick = self.rng.choice(near) if near and self.rng.random() < 0.7 else self.rng.choice(
            [s for s in slugs if s != slugs[here]])
        return self.ratings[pick][0]

    def rationale(self, rating: int) -> str:
        slug = self.slug_of[rating]
        if slug == "true" and self.rng.random() < 0.5:
            return ""  # the one rating that needs no rationale
        template = self.rng.choice(RATIONALES[stance_of(slug)])
        return template.format(source=self.rng.choice(SOURCES), year=self.rng.randrange(2008, 2026),
                               n=self.rng.randrange(1_000, 5_000_000))

    def reviewed(self, story: Story, t0: float, *, second: str | None, then: str | None):
        """One or two verdicts (second: "agree", "disagree" or None), then an editor's step, if any."""
        steps = [18.0] + ([20.0] if second else []) + ([6.0] if then else []) + ([8.0] if then == "publish" else [])
        at = self.times(t0, steps)
        people = self.two_reviewers()
        if not second and self.rng.random() < 0.2:  # assigned first, then rated by the assignee
            story.assign(t0 + (at[0] - t0) / 2, self.rng.choice(self.editors), people[0], self.names[people[0]])
        first = self.rating()
        story.verdict(at[0], people[0], first, self.rationale(first))
        if second:
            rating = first if second == "agree" else self.other_rating(first)
            story.verdict(at[1], people[1], rating, self.rationale(rating))
        if then:
            self.editor_step(story, at[2:], then)

    def editor_step(self, story: Story, at: list[float], then: str):
        editor = self.rng.choice(self.editors)
        if then == "return":
            story.return_to_reviewers(at[0], editor, self.rng.choice(RETURN_COMMENTS))
            return
        if story.status == S_DISAGREEMENT:
            story.mark_ready(at[0], editor, self.rng.choice(RESOLUTIONS))
        if then == "publish":
            rating = self.rng.choice([v[2] for v in story.verdicts])
            slug = self.slug_of[rating]
            summary = f"{self.ratings[slug][1]}. " + (self.rationale(rating) or "The official record matches it.")
            story.publish(at[-1], editor, rating, self.ratings[slug][1], summary)

    def dismissed(self, story: Story, t0: float):
        story.dismiss(self.times(t0, [30.0])[0], self.rng.choice(self.reviewers), self.rng.choice(DISMISS_REASONS))

    def assigned(self, story: Story, t0: float):
        reviewer = self.rng.choices(self.reviewers, self.reviewer_weights)[0]
        story.assign(self.times(t0, [2.0])[0], self.rng.choice(self.editors), reviewer, self.names[reviewer])


def plan_stories(rng, desk: Desk, sizes: Sizes, claim_time: np.ndarray, score: np.ndarray, boiler: np.ndarray,
                 article_of: np.ndarray) -> dict:
    """Which claims were worked on and how, with exact counts: verdicts, published, dismissed, assigned."""
    age = (desk.until - claim_time) / DAY
    usable = (~boiler) & (age > 1 / 24)  # nobody reviews in the hour after the split
    worth = 0.02 + score
    left = usable.copy()

    def draw(k, weight, what):
        chosen = weighted_sample(rng, np.where(left, weight, 0.0), k, what)
        left[chosen] = False
        return chosen

    rest = sizes.verdicts - 2 * sizes.published
    doubly = round(rest * (1 - SINGLE_SHARE) / 2)
    groups = [
        ("published", draw(sizes.published, worth * (1 - np.exp(-age / 30)), "published")),
        ("doubly", draw(doubly, worth * (1 - np.exp(-age / 10)), "rated twice")),
        ("single", draw(rest - 2 * doubly, worth * (1 - np.exp(-age / 2)) * (0.3 + np.exp(-age / 60)), "rated once")),
        ("dismissed", draw(sizes.dismissed, (1.02 - score) ** 3 * (1 - np.exp(-age / 5)), "dismissed")),
        ("assigned", draw(sizes.assigned, worth * np.exp(-age / 10), "assigned")),
    ]
    stories = {}
    for name, chosen in groups:
        for index in np.sort(chosen).tolist():
            story = Story(claim=index + 1, article=int(article_of[index]) + 1, created=float(claim_time[index]))
            _tell(desk, story, name, story.created)
            stories[index] = story
    return stories


def _tell(desk: Desk, story: Story, group: str, t0: float) -> None:
    r = desk.rng.random()
    if group == "published":
        desk.reviewed(story, t0, second="agree" if r < 0.85 else "disagree", then="publish")
    elif group == "doubly":
        agree = desk.rng.random() < AGREEMENT
        then = ("return" if r < 0.06 else None) if agree else ("return" if r < 0.15 else "ready" if r < 0.45 else None)
        desk.reviewed(story, t0, second="agree" if agree else "disagree", then=then)
    elif group == "single":
        desk.reviewed(story, t0, second=None, then=None)
    elif group == "dismissed":
        desk.dismissed(story, t0)
    else:
        desk.assigned(story, t0)


def evidence_plan(rng: random.Random, stories: dict, count: int) -> list[tuple]:
    """``count`` sources, each added by one of a claim's reviewers shortly before their verdict."""
    rated = [s for s in stories.values() if s.verdicts]
    if count and not rated:
        raise ValueError("Evidence needs claims with verdicts; ask for some verdicts.")
    weights = [1 + len(s.verdicts) + 2 * (s.factcheck is not None) for s in rated]
    rows = []
    for story in rng.choices(rated, weights, k=count) if count else []:
        at, reviewer, rating, _ = rng.choice(story.verdicts)
        rows.append((at - rng.uniform(0.1, 0.9) * min(2 * HOUR, at - story.created), story, reviewer, rating))
    return sorted(rows, key=lambda row: row[0])


def plan_build(sizes: Sizes, *, seed: int, until: float, pool, users: dict, ratings: dict) -> tuple[Plan, Desk]:
    """The whole plan; ``users`` as fill_scale.make_users gives them, ``ratings`` slug -> (id, label)."""
    rng = np.random.default_rng(seed)
    created = article_times(rng, sizes, until)
    split_done = created + rng.uniform(1, 20, sizes.articles) + rng.uniform(0.1, 3, sizes.articles)
    counts = claim_counts(rng, sizes)
    roles, units = claim_units(rng, pool, sizes, counts)
    article_of = np.repeat(np.arange(sizes.articles), counts)
    desk = Desk(random.Random(seed), users, ratings, until)
    creator_rng = random.Random(seed + 1)
    creators = [users["importer"] if creator_rng.random() < 0.7 else creator_rng.choice(users["editors"] + [None])
                for _ in range(sizes.articles)]
    stories = plan_stories(rng, desk, sizes, split_done[article_of], checkworthiness_of(pool, roles, units),
                           roles == 2, article_of)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return Plan(created, split_done, first, counts, roles, units, creators, stories), desk
