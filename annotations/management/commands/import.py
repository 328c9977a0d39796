"""Restore an archive written by `export` into an empty database, then link its articles."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from annotations.services.backup import ArchiveInvalid, archive_import


class Command(BaseCommand):
    help = "Restore an archive (manage.py export, /api/v1/export/archive.jsonl) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive file (JSON lines).")
        parser.add_argument("--no-link", action="store_true",
                            help="Do not link the claims across articles afterwards (link_articles does it).")

    def handle(self, *args, path, no_link=False, **options):
        try:
            with open(path, encoding="utf-8") as lines:
                counts = archive_import(lines=lines)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        except ArchiveInvalid as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(", ".join(f"{n} {table}" for table, n in sorted(counts.items())))
        if not no_link:
            call_command("link_articles", stdout=self.stdout, stderr=self.stderr)
