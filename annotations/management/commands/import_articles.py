from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ._ingest import expand_paths, import_files, import_urls, is_url, wait_for_splits


class Command(BaseCommand):
    help = ("Import .txt/.md article files (or folders of them) and web pages (http:// or https:// URLs, "
            "fetched now, their article text extracted), and queue each for splitting.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--encoding", help="Decode files with this encoding (default: UTF-8, or a BOM's).")
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument("--language", default="en")
        parser.add_argument("--wait", action="store_true", help="Wait until the worker has split them.")
        parser.add_argument("--timeout", type=int, default=300, help="Seconds to wait with --wait.")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        urls = [raw for raw in options["paths"] if is_url(raw)]
        files = expand_paths([raw for raw in options["paths"] if not is_url(raw)])
        if not files and not urls:
            raise CommandError("No .txt or .md files found in the given paths.")
        articles, failures = [], []
        if files:
            articles, failures = import_files(
                self, files, encoding=options["encoding"], created_by=user, language=options["language"]
            )
        if urls:
            fetched, url_failures = import_urls(self, urls, created_by=user)
            articles, failures = articles + fetched, failures + url_failures
        if options["wait"] and articles:
            wait_for_splits(self, articles, timeout=options["timeout"])
        if failures:
            raise CommandError(f"{len(failures)} file(s) or page(s) could not be imported (see above).")
