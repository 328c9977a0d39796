"""The full export: ``GET /api/v1/export/archive.jsonl``, the whole record as JSON lines (annotations/archive.py).

Streamed as it is read, a chunk of articles at a time, so the server's memory
stays flat whatever the archive's size. Admins only: it holds every reviewer's
verdicts and the audit trail. ``manage.py export`` writes the same lines.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from annotations import selectors
from annotations.api.claimreviews import IgnoreAccept
from annotations.api.permissions import CanExportArchive


class ArchiveExportJSONL(APIView):
    permission_classes = [IsAuthenticated, CanExportArchive]
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        responses={(200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR)},
        description=(
            "Everything: a header line, the groups, users (without passwords) and rating scales, then one line "
            "per article with its claims, verdicts, evidence, fact-checks, audit events and the history of each "
            "(docs/api.md, \"The archive\"). `manage.py import` restores it into an empty database."
        ),
    )
    def get(self, request):
        response = StreamingHttpResponse(selectors.archive_lines(), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="archive.jsonl"'
        return response
