"""Read every claim's facts (who made it, its dates resolved) again: with --stale only the articles whose
claims an older attribution or temporal version read, or that were split before facts existed."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from annotations import selectors
from annotations.attribution import ATTRIBUTION_VERSION
from annotations.management.progress import ProgressStream
from annotations.services.facts import article_facts_refresh
from annotations.temporal import TEMPORAL_VERSION


class Command(BaseCommand):
    help = "Recompute the claimant and the resolved dates of every claim of the split articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true",
            help=f"Only articles with claims not read by attribution {ATTRIBUTION_VERSION} and temporal "
                 f"{TEMPORAL_VERSION}.",
        )

    def handle(self, *args, stale=False, **options):
        ids = selectors.article_ids_with_stale_facts() if stale else selectors.article_ids_split()
        changed = 0
        stream = ProgressStream(self.stderr)
        for article_id in tqdm(ids, desc="Reading claims", unit="article", disable=not ids, file=stream):
            changed += article_facts_refresh(article_id=article_id)
        self.stdout.write(f"{len(ids)} articles: {changed} claims changed")
