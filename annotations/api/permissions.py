"""DRF permission classes: thin adapters that ask annotations.access, never decide themselves."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotations import access


class IsReviewer(BasePermission):
    """Any reviewing role (reviewer, editor, admin) for every method."""

    message = "Your account has no reviewer, editor or admin role; ask an editor to add you."

    def has_permission(self, request, view):
        return access.can_review(request.user)


class ReviewersReadEditorsWrite(BasePermission):
    """Reviewers read; editors and admins also create and change."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            self.message = IsReviewer.message
            return access.can_review(request.user)
        self.message = "Only editors and admins can do this."
        return access.can_edit(request.user)
