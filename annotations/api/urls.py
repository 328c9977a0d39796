"""REST API v1. All DRF code lives in this package."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from annotations.api import claimreviews, export, views

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file (no inline script, for the Content-Security-Policy);
    # OPTIONS is refused, since its HTML renderer has no page for it.
    path("schema/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", http_method_names=["get", "head"]),
         name="api-docs"),
    path("articles/", views.ArticleList.as_view(), name="api-article-list"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="api-article-detail"),
    path("fetches/<int:pk>/", views.ArticleFetchDetail.as_view(), name="api-fetch-detail"),
    path("claims/", views.ClaimList.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/", views.ClaimDetail.as_view(), name="api-claim-detail"),
    path("verdicts/", views.VerdictList.as_view(), name="api-verdict-list"),
    path("verdicts/<int:pk>/", views.VerdictDetail.as_view(), name="api-verdict-detail"),
    path("evidence/", views.EvidenceList.as_view(), name="api-evidence-list"),
    path("evidence/<int:pk>/", views.EvidenceDetail.as_view(), name="api-evidence-detail"),
    path("claim-reviews/", claimreviews.ClaimReviewList.as_view(), name="api-claimreview-list"),
    path("claim-reviews/<slug:slug>/", claimreviews.ClaimReviewDetail.as_view(), name="api-claimreview-detail"),
    path("export/claim-reviews.jsonl", claimreviews.ClaimReviewExportJSONL.as_view(), name="api-claimreview-jsonl"),
    path("export/claim-reviews.csv", claimreviews.ClaimReviewExportCSV.as_view(), name="api-claimreview-csv"),
    path("export/archive.jsonl", export.ArchiveExportJSONL.as_view(), name="api-archive-jsonl"),
    path("export/web-annotations.jsonl", export.WebAnnotationExportJSONL.as_view(), name="api-web-annotations-jsonl"),
]
