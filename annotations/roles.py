"""The three roles, as Django groups holding permissions.

access.py decides by permission, never by group name, so the groups are data:
an admin may grant a permission to a group or to one person, or take it away,
and the next request obeys.

``services.accounts.role_permissions_grant`` writes them (the data migrations,
the demo users, the tests).
"""

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ALL = (REVIEWER, EDITOR, ADMIN)

_REVIEW_MODELS = ("article", "claim", "verdict", "evidence", "factcheck", "ratingscale", "rating")
_HISTORY_MODELS = ("historicalarticle", "historicalclaim", "historicalverdict", "historicalevidence",
                   "historicalfactcheck")

# Reviewers add articles too: a fact-checker's day starts with a link someone sent.
_REVIEWING = [("annotations", "review_claim"), ("annotations", "add_article")]
_EDITORIAL = [("annotations", codename) for codename in (
    "view_editorial", "mark_claim_ready", "return_claim", "assign_claim", "publish_factcheck", "reuse_factcheck",
    "resplit_article", "delete_evidence",
)]

# (app label, codename) per role. Reviewers review; editors also moderate, in the
# app and the admin (view and change, never delete reviewer work); admins also
# manage users and the rating scale, and may withdraw a reviewer's verdict.
ROLE_PERMISSIONS = {
    REVIEWER: [("annotations", f"view_{model}") for model in _REVIEW_MODELS] + _REVIEWING,
    EDITOR: (
        [("annotations", f"view_{model}") for model in _REVIEW_MODELS + _HISTORY_MODELS + ("auditevent",)]
        + [("annotations", f"change_{model}") for model in ("article", "claim", "factcheck")]
        + _REVIEWING + _EDITORIAL + [("auth", "view_user")]
    ),
    ADMIN: (
        [("annotations", f"{verb}_{model}") for verb in ("view", "add", "change")
         for model in _REVIEW_MODELS]
        + [("annotations", f"view_{model}") for model in _HISTORY_MODELS + ("auditevent",)]
        + _REVIEWING + _EDITORIAL + [("annotations", "withdraw_verdict"), ("annotations", "export_archive")]
        + [("auth", "view_user"), ("auth", "change_user"), ("auth", "add_user"), ("auth", "view_group")]
        # Everyone's API tokens: see them, revoke them (change); never read a key, which is not kept.
        + [("annotations", "view_apitoken"), ("annotations", "change_apitoken")]
    ),
}
