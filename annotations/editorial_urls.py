"""The editorial desk, included under ``editorial/`` in factcheck/urls.py."""

from django.urls import path

from annotations import editorial_views as views

urlpatterns = [
    path("ready/", views.ready_list, name="editorial-ready"),
    path("claims/<int:pk>/", views.claim_editorial, name="claim-editorial"),
    path("claims/<int:pk>/publish/", views.claim_publish, name="claim-publish"),
    path("claims/<int:pk>/return/", views.claim_return, name="claim-return"),
    path("claims/<int:pk>/ready/", views.claim_mark_ready, name="claim-mark-ready"),
    path("claims/<int:pk>/unpublish/", views.claim_unpublish, name="claim-unpublish"),
]
