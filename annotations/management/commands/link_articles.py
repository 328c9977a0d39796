"""Link split articles' claims across articles: all of them (articles split before linking
existed), or with --stale only those whose fingerprints an older matcher version made."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from annotations import matching, selectors
from annotations.management.progress import ProgressStream
from annotations.services.matching import articles_link

# Articles per transaction: a batch's candidates are found in one pass over the index.
BATCH = 50


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
        bar = tqdm(total=len(ids), desc="Linking", unit="article", disable=not ids, file=ProgressStream(self.stderr))
        with bar as progress:
            for first in range(0, len(ids), BATCH):
                outcome = articles_link(article_ids=ids[first:first + BATCH])
                linked += outcome.linked
                suggested += outcome.suggested
                progress.update(len(ids[first:first + BATCH]))
        self.stdout.write(f"{len(ids)} articles: {linked} links, {suggested} suggestions")
