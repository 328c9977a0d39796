"""Webhooks on publish and unpublish. A placeholder: issue5b's branch replaces this module."""


def webhook_enqueue(*, event: str, factcheck_id: int) -> None:
    """Queue the delivery of ``event`` for a fact-check. issue5b replaces this no-op with the real delivery."""
