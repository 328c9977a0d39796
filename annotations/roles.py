"""The three roles, as Django groups with model permissions.

Who may do what in the workflow is decided in access.py, by role. The model
permissions below are what the Django admin needs to show each role its
pages; they are data an admin may extend, and ``group_permissions_grant``
(the data migration, the demo users, the tests) sets them.
"""

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ALL = (REVIEWER, EDITOR, ADMIN)

_REVIEW_MODELS = ("article", "claim", "verdict", "evidence", "factcheck", "ratingscale", "rating")
_HISTORY_MODELS = ("historicalarticle", "historicalclaim", "historicalverdict", "historicalevidence",
                   "historicalfactcheck")

# (app label, codename) per role. Editors moderate in the admin (view and
# change, never delete reviewer work); admins also manage users and the scale.
ROLE_PERMISSIONS = {
    REVIEWER: [("annotations", f"view_{model}") for model in _REVIEW_MODELS],
    EDITOR: (
        [("annotations", f"view_{model}") for model in _REVIEW_MODELS + _HISTORY_MODELS + ("auditevent",)]
        + [("annotations", f"change_{model}") for model in ("article", "claim", "factcheck")]
        + [("annotations", "add_article"), ("annotations", "publish_factcheck"), ("annotations", "return_claim"),
           ("auth", "view_user")]
    ),
    ADMIN: (
        [("annotations", f"{verb}_{model}") for verb in ("view", "add", "change")
         for model in _REVIEW_MODELS]
        + [("annotations", f"view_{model}") for model in _HISTORY_MODELS + ("auditevent",)]
        + [("annotations", "delete_evidence"), ("annotations", "publish_factcheck"),
           ("annotations", "return_claim"),
           ("auth", "view_user"), ("auth", "change_user"), ("auth", "add_user"), ("auth", "view_group")]
    ),
}


def group_permissions_grant(Group, Permission) -> None:
    """Create the role groups and give each its permissions (models passed in, so migrations can call it).

    Permissions that do not exist (yet) are skipped; adding is idempotent and
    never removes what an admin granted on top.
    """
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)
