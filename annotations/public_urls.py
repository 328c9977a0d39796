from django.urls import path

from annotations import public_views

urlpatterns = [
    path("", public_views.factcheck_index, name="factcheck-index"),
    path("<slug:slug>/", public_views.factcheck_public, name="factcheck-public"),
]
