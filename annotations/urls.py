from django.urls import path

from annotations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("queue/next/", views.queue_next, name="queue-next"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim-evidence"),
    path("articles/<int:pk>/split-state/", views.article_split_state, name="article-split-state"),
    path("articles/<int:pk>/resplit/", views.article_resplit, name="article-resplit"),
]
