"""Every write, by area. Views, the API, the admin, commands and Celery tasks change data only here.

- ``articles``: import, create, split (the Celery job), re-split, the sweep of stalled splits
- ``review``: verdicts, evidence, rationale drafts
- ``corrections``: span edits (move, split, merge, add, dismiss)
- ``assignment``: who reviews what, and who has a claim open now (presence)
- ``publishing``: mark ready, return, approve and publish, unpublish, reuse a published verdict
- ``matching``: linking claims across articles, decisions on suggested links
- ``webhooks``: the publish/unpublish outbox and its delivery
- ``accounts``: API tokens and the demo users

``common`` holds what they share: the claim row lock, version conflicts, the audit
record and enqueueing Celery tasks by name (so no service imports ``tasks``).
"""
