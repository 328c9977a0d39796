from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("annotations.api.urls")),
    path("fact-checks/", include("annotations.web.public_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("annotations.web.urls")),
]

# Inside /api/ errors are JSON with a message, like every answer of the API; elsewhere Django's pages.
handler400 = "annotations.api.exceptions.bad_request"
handler403 = "annotations.api.exceptions.permission_denied"
handler404 = "annotations.api.exceptions.page_not_found"
handler500 = "annotations.api.exceptions.server_error"
