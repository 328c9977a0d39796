"""Write the whole archive (annotations/archive.py) as JSON lines: the API's /api/v1/export/archive.jsonl.

``--web-annotations`` writes the claims and verdicts as W3C Web Annotations instead: the API's
/api/v1/export/web-annotations.jsonl (annotations/webannotation.py).
"""

import sys

from django.core.management.base import BaseCommand

from annotations import selectors


class Command(BaseCommand):
    help = "Export everything (articles, claims, verdicts, evidence, fact-checks, audit, history) as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", help="The file to write; - (the default) for stdout.")
        parser.add_argument("--web-annotations", action="store_true",
                            help="Write the claims and their standing verdicts as W3C Web Annotations instead.")

    def handle(self, *args, path="-", web_annotations=False, **options):
        out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")
        written = 0
        try:
            if web_annotations:
                for line in selectors.web_annotation_lines():
                    written += 1
                    out.write(line)
            else:
                for line in selectors.archive_lines():
                    written += line.startswith('{"type":"article"')
                    out.write(line)
        finally:
            if out is not sys.stdout:
                out.close()
        if path != "-":
            self.stderr.write(f"{written} {'annotations' if web_annotations else 'articles'} written to {path}")
