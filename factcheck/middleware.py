"""Middleware of the whole site: a bound on request bodies, and the security headers of every response."""

from django.conf import settings

from annotations.api.exceptions import body_too_large


class RequestBodyLimitMiddleware:
    """A body over ``REQUEST_BODY_MAX_BYTES`` is a 413 before anything reads it.

    Django checks its own limit only where ``request.body`` or ``request.POST``
    is read, and answers with a bare HTML 400; DRF reads the stream and never
    checks. Here the declared length is checked first, for every path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > limit:
            return body_too_large(request, size=size, limit=limit)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django sets Referrer-Policy).

    Pages load scripts and styles from our own static files only; none has an
    inline script or style. The admin and the API's Swagger page come with
    inline ``<style>`` elements of their own, so those paths allow inline styles
    (never inline scripts).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        relaxed = request.path.startswith(settings.CSP_INLINE_STYLE_PATHS)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CSP_RELAXED if relaxed else settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
