"""Every page of the browser app. The public fact-check pages are in ``public_urls``."""

from django.urls import path

from annotations.web import articles, assignment, corrections, editorial, matching, queue, review

urlpatterns = [
    path("", articles.home, name="home"),
    path("queue/", queue.queue, name="queue"),
    path("queue/next/", queue.queue_next, name="queue-next"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/split-state/", articles.article_split_state, name="article-split-state"),
    path("articles/<int:pk>/resplit/", articles.article_resplit, name="article-resplit"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="article-edit"),
    path("articles/<int:pk>/assign/", assignment.article_assign, name="article-assign"),
    path("articles/<int:pk>/claims/", corrections.article_claim_add, name="article-claim-add"),
    path("claims/<int:pk>/verdict/", review.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/verdict/withdraw/", review.claim_verdict_withdraw, name="claim-verdict-withdraw"),
    path("claims/<int:pk>/draft/", review.claim_draft, name="claim-draft"),
    path("claims/<int:pk>/evidence/", review.claim_evidence, name="claim-evidence"),
    path("claims/<int:pk>/evidence/<str:evidence_pk>/retract/", review.evidence_retract, name="evidence-retract"),
    path("claims/<int:pk>/span/", corrections.claim_correct, {"action": "span"}, name="claim-span"),
    path("claims/<int:pk>/split/", corrections.claim_correct, {"action": "split"}, name="claim-split"),
    path("claims/<int:pk>/merge/", corrections.claim_correct, {"action": "merge"}, name="claim-merge"),
    path("claims/<int:pk>/dismiss/", corrections.claim_correct, {"action": "dismiss"}, name="claim-dismiss"),
    path("claims/<int:pk>/restore/", corrections.claim_correct, {"action": "restore"}, name="claim-restore"),
    path("claims/<int:pk>/assign/", assignment.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/take/", assignment.claim_take, name="claim-take"),
    path("claims/<int:pk>/release/", assignment.claim_release, name="claim-release"),
    path("claims/<int:pk>/presence/", assignment.claim_presence, name="claim-presence"),
    path("claims/<int:pk>/matches/", matching.claim_matches, name="claim-matches"),
    path("claims/<int:pk>/matches/<str:match_pk>/decide/", matching.claim_match_decide, name="claim-match-decide"),
    path("claims/<int:pk>/apply-verdict/<str:factcheck_pk>/", matching.claim_apply_verdict,
         name="claim-apply-verdict"),
    path("claims/<int:pk>/drift/", matching.claim_drift, name="claim-drift"),
    path("editorial/ready/", editorial.desk_list, {"which": "ready"}, name="editorial-ready"),
    path("editorial/disagreements/", editorial.desk_list, {"which": "disagreement"}, name="editorial-disagreements"),
    path("editorial/claims/<int:pk>/", editorial.claim_editorial, name="claim-editorial"),
    path("editorial/claims/<int:pk>/publish/", editorial.claim_publish, name="claim-publish"),
    path("editorial/claims/<int:pk>/return/", editorial.claim_return, name="claim-return"),
    path("editorial/claims/<int:pk>/ready/", editorial.claim_mark_ready, name="claim-mark-ready"),
    path("editorial/claims/<int:pk>/unpublish/", editorial.claim_unpublish, name="claim-unpublish"),
    path("editorial/claims/<int:pk>/uncover/", editorial.claim_uncover, name="claim-uncover"),
]
