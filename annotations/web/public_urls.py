from django.urls import path

from annotations.web import public

urlpatterns = [
    path("", public.factcheck_index, name="factcheck-index"),
    path("<slug:slug>/", public.factcheck_public, name="factcheck-public"),
]
