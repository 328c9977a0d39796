"""Write the whole archive (annotations/archive.py) as JSON lines: the API's /api/v1/export/archive.jsonl."""

import sys

from django.core.management.base import BaseCommand

from annotations import selectors


class Command(BaseCommand):
    help = "Export everything (articles, claims, verdicts, evidence, fact-checks, audit, history) as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", help="The file to write; - (the default) for stdout.")

    def handle(self, *args, path="-", **options):
        out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")
        articles = 0
        try:
            for line in selectors.archive_lines():
                articles += line.startswith('{"type":"article"')
                out.write(line)
        finally:
            if out is not sys.stdout:
                out.close()
        if path != "-":
            self.stderr.write(f"{articles} articles written to {path}")
