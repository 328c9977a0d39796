from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ._ingest import expand_paths, import_files, wait_for_splits


class Command(BaseCommand):
    help = "Load the sample articles in seeds/ (idempotent: a second run creates nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--wait", action="store_true", help="Wait until the worker has split them.")
        parser.add_argument("--timeout", type=int, default=120, help="Seconds to wait with --wait.")

    def handle(self, *args, **options):
        files = expand_paths([settings.BASE_DIR / "seeds"])
        if not files:
            raise CommandError(f"No seed files in {settings.BASE_DIR / 'seeds'}.")
        articles, failures = import_files(self, files)
        if failures:
            raise CommandError(f"{len(failures)} seed file(s) could not be loaded (see above).")
        if options["wait"]:
            wait_for_splits(self, articles, timeout=options["timeout"])
