from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ._ingest import expand_paths, import_files, wait_for_splits


class Command(BaseCommand):
    help = "Import .txt/.md article files (or folders of them) and queue each for splitting."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
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
        files = expand_paths(options["paths"])
        if not files:
            raise CommandError("No .txt or .md files found in the given paths.")
        articles, failures = import_files(
            self, files, encoding=options["encoding"], created_by=user, language=options["language"]
        )
        if options["wait"] and articles:
            wait_for_splits(self, articles, timeout=options["timeout"])
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported (see above).")
