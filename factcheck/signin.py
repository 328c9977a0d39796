"""Sign-in throttling hooks for django-axes: whose address a request comes from, and the locked-out page."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's address: behind our TLS proxy (BEHIND_TLS_PROXY), the last hop it added to X-Forwarded-For.

    Only the last entry is the proxy's own; earlier ones are whatever the
    client sent, so trusting them would let a guesser pick a fresh address per try.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, status 429, saying why and for how long; the password is not checked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "registration/login.html", {
        "form": form, "locked_out": True, "lockout_minutes": minutes, "next": request.POST.get("next", ""),
    }, status=429)
