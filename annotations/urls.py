from django.urls import path

from annotations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("queue/next/", views.queue_next, name="queue-next"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("claims/<int:pk>/span/", views.claim_correct, {"action": "span"}, name="claim-span"),
    path("claims/<int:pk>/split/", views.claim_correct, {"action": "split"}, name="claim-split"),
    path("claims/<int:pk>/merge/", views.claim_correct, {"action": "merge"}, name="claim-merge"),
    path("claims/<int:pk>/dismiss/", views.claim_correct, {"action": "dismiss"}, name="claim-dismiss"),
    path("articles/<int:pk>/claims/", views.article_claim_add, name="article-claim-add"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/draft/", views.claim_draft, name="claim-draft"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim-evidence"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/take/", views.claim_take, name="claim-take"),
    path("claims/<int:pk>/release/", views.claim_release, name="claim-release"),
    path("claims/<int:pk>/lock/", views.claim_lock, name="claim-lock"),
    path("articles/<int:pk>/assign/", views.article_assign, name="article-assign"),
    path("articles/<int:pk>/split-state/", views.article_split_state, name="article-split-state"),
    path("articles/<int:pk>/resplit/", views.article_resplit, name="article-resplit"),
]
