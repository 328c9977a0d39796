from django.urls import path

from annotations import matching_views

urlpatterns = [
    path("claims/<int:pk>/matches/", matching_views.claim_matches, name="claim-matches"),
    path("claims/<int:pk>/matches/<str:match_pk>/decide/", matching_views.claim_match_decide,
         name="claim-match-decide"),
    path("claims/<int:pk>/apply-verdict/<str:factcheck_pk>/", matching_views.claim_apply_verdict,
         name="claim-apply-verdict"),
    path("claims/<int:pk>/drift/", matching_views.claim_drift, name="claim-drift"),
]
