"""The exports of everything: the archive (`GET /api/v1/export/archive.jsonl`, annotations/archive.py) and
the claims and verdicts as W3C Web Annotations (`GET /api/v1/export/web-annotations.jsonl`).

Both are streamed as they are read, a chunk of articles at a time, so the
server's memory stays flat whatever the archive's size. Admins only: they hold
every reviewer's verdicts (the archive the audit trail too). ``manage.py
export`` writes the archive's lines, ``manage.py export --web-annotations`` the
annotations.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from annotations import selectors
from annotations.api.claimreviews import IgnoreAccept
from annotations.api.permissions import CanExportArchive


class _AdminExportJSONL(APIView):
    """A streamed JSON-lines download of the whole record, for those who may export the archive."""

    permission_classes = [IsAuthenticated, CanExportArchive]
    content_negotiation_class = IgnoreAccept
    filename = ""

    def lines(self):
        raise NotImplementedError

    def get(self, request):
        response = StreamingHttpResponse(self.lines(), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def _described(description: str):
    return extend_schema(responses={(200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR)},
                         description=description)


class ArchiveExportJSONL(_AdminExportJSONL):
    filename = "archive.jsonl"

    def lines(self):
        return selectors.archive_lines()

    @_described(
        "Everything: a header line, the groups, users (without passwords) and rating scales, then one line "
        "per article with its claims, verdicts, evidence, fact-checks, audit events and the history of each "
        "(docs/api.md, \"The archive\"). `manage.py import` restores it into an empty database."
    )
    def get(self, request):
        return super().get(request)


class WebAnnotationExportJSONL(_AdminExportJSONL):
    filename = "web-annotations.jsonl"

    def lines(self):
        return selectors.web_annotation_lines()

    @_described(
        "The claims to check and the verdicts that stand on them as W3C Web Annotations, one JSON-LD "
        "object a line: a claim classifies a span of its article's text, a verdict assesses the same span "
        "(docs/api.md, \"Web Annotations\"). Admins only, as the archive: it holds every reviewer's verdicts."
    )
    def get(self, request):
        return super().get(request)
