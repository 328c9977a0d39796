"""The errors intake raises. Each message is written for the person who asked for the article."""

from __future__ import annotations


class FetchError(Exception):
    """A URL that could not be fetched. ``str(exc)`` is the message to show."""

    transient = False


class FetchRefused(FetchError):
    """The fetch was refused by policy (address, scheme, redirect, type, size): trying again changes nothing."""


class FetchFailed(FetchError):
    """The fetch was tried and did not work. ``transient`` says whether a later try might."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


class ExtractionError(ValueError):
    """A page that was read but holds no article text."""


def size_text(n: int) -> str:
    """5000000 -> "5 MB": sizes in refusals, in the decimal units file managers show."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    return f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} bytes"
