"""DRF permission classes: thin adapters that ask annotations.access, never decide themselves."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotations import access

NO_ROLE = "Your account has no reviewer, editor or admin role; ask an editor to add you."


class IsReviewer(BasePermission):
    """Anyone who may review, for every method."""

    message = NO_ROLE

    def has_permission(self, request, view):
        return access.can_review(request.user)


class ReviewersReadEditorsWrite(BasePermission):
    """Reviewers read the articles; adding one needs the permission to add articles."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            self.message = NO_ROLE
            return access.can_review(request.user)
        self.message = "You do not have the permission to add articles."
        return access.can_add_article(request.user)


class CanExportArchive(BasePermission):
    """The whole archive (every reviewer's verdicts, the audit trail): those who may export it, admins."""

    message = "You do not have the permission to export the archive."

    def has_permission(self, request, view):
        return access.can_export_archive(request.user)
