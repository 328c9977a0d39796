"""Errors raised outside DRF's views, answered in the API's own shape: JSON with a ``detail`` message.

DRF turns what its views raise into JSON; what happens before a view (an
unknown URL, a body over the size limit, a bad Host header) or escapes one (a
bug) reached Django's HTML pages. ``factcheck/urls.py`` routes Django's error
handlers here; pages outside the API keep Django's own.
"""

from django.http import HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return error_response(400, "Bad request: the request could not be read.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return error_response(403, "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return error_response(404, "Not found: no such endpoint (see /api/v1/schema/docs/).")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return error_response(500, "Server error: the request failed on our side.")
    return defaults.server_error(request)


def body_too_large(request, *, size: int, limit: int):
    """413 for a body over ``REQUEST_BODY_MAX_BYTES``, naming the limit (JSON for the API, text elsewhere)."""
    detail = (f"The request body is {size:,} bytes; the limit is {limit:,} bytes ({limit / 2**20:.0f} MiB). "
              "Send less in one request (a batch of articles in several).")
    if is_api(request):
        return error_response(413, detail)
    return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
