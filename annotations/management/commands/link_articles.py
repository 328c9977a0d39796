"""Link every split article's claims across articles (for articles split before linking existed)."""

from django.core.management.base import BaseCommand

from annotations import linking
from annotations.models import Article


class Command(BaseCommand):
    help = "Compare the claims of every split article with the other articles' claims (idempotent)."

    def handle(self, *args, **options):
        done = Article.objects.filter(split_state=Article.SplitState.DONE).order_by("pk")
        ids = list(done.values_list("pk", flat=True))
        linked = suggested = 0
        for article_id in ids:
            outcome = linking.article_link(article_id=article_id)
            linked += outcome.linked
            suggested += outcome.suggested
        self.stdout.write(f"{len(ids)} articles: {linked} links, {suggested} suggestions")
