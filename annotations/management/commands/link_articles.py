"""Link split articles' claims across articles: all of them (articles split before linking
existed), or with --stale only those whose fingerprints an older matcher version made."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from annotations import matching, selectors
from annotations.services.matching import article_link


class Command(BaseCommand):
    help = "Compare the claims of split articles with the other articles' claims (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true",
            help=f"Only articles linked by a matcher other than the current {matching.MATCHER_VERSION}.",
        )

    def handle(self, *args, stale=False, **options):
        ids = selectors.article_ids_linked_by_old_matcher() if stale else selectors.article_ids_split()
        linked = suggested = 0
        for article_id in tqdm(ids, desc="Linking", unit="article", disable=not ids, file=self.stderr):
            outcome = article_link(article_id=article_id)
            linked += outcome.linked
            suggested += outcome.suggested
        self.stdout.write(f"{len(ids)} articles: {linked} links, {suggested} suggestions")
