"""The three roles, as Django groups. Who may do what is decided in access.py."""

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ALL = (REVIEWER, EDITOR, ADMIN)
