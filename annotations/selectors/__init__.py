"""Reads shared by the web views, the API, the admin, commands and the services, by area.

Views and the API read models through these functions or through the access
gate (which uses them), never with ``Model.objects`` of their own; a test in
tests/test_architecture.py holds them to it. Callers use ``selectors.<name>``;
the modules below are where each read is written.
"""

# The dashboard's figures keep their own namespace: selectors.dashboard.<name>.
from annotations.selectors import dashboard  # noqa: F401
from annotations.selectors.accounts import (  # noqa: F401
    api_token_for_key,
    api_token_of,
    api_tokens_of,
    keyboard_preference_for,
)
from annotations.selectors.archive import archive_lines, archive_records, web_annotation_lines  # noqa: F401
from annotations.selectors.articles import (  # noqa: F401
    ARTICLE_ORDER,
    SplitProgress,
    article_claims,
    article_counts_attach,
    article_detail_get,
    article_fetch_get,
    article_get,
    article_ids_linked_by_old_matcher,
    article_ids_split,
    article_ids_with_stale_facts,
    article_list,
    article_rows,
    article_segments,
    article_title_get,
    article_with_text,
    articles_pending_split,
    articles_split_list,
    split_progress,
)
from annotations.selectors.claims import (  # noqa: F401
    claim_dates_between,
    claim_detail_rows,
    claim_evidence_all,
    claim_for_detail,
    claim_keys,
    claim_list,
    claim_neighbour,
    claim_verdicts_all,
    claim_with_article,
    claims_by_id,
    claims_of_factchecks,
    claims_plain,
    count_of,
)
from annotations.selectors.counting import ListPaginator, list_count  # noqa: F401
from annotations.selectors.editorial import (  # noqa: F401
    DESK_LISTS,
    article_agreement,
    claim_agreement,
    claim_audit_trail,
    claim_dismissal,
    desk_counts,
    desk_list,
    factcheck_of,
    users_with_permission,
)
from annotations.selectors.matching import (  # noqa: F401
    SuggestionPanel,
    claim_group_articles,
    claim_group_members,
    claim_group_reach,
    claim_is_linked,
    claim_links_to,
    claim_matches_of,
    claim_previous_factchecks,
    claim_suggestion_panel,
    claim_suggestions,
    claims_grouped_together,
    claims_with_text,
)
from annotations.selectors.publishing import (  # noqa: F401
    PUBLISHED_ORDER,
    Appearance,
    PublishedItem,
    claim_appearances,
    claims_covered_by,
    factcheck_appearances,
    factcheck_for_claimreview,
    factcheck_public_get,
    factcheck_published,
    factcheck_published_items,
    factcheck_published_list,
    webhook_endpoint_list,
)
from annotations.selectors.queue import (  # noqa: F401
    ASSIGNEE_ANY,
    ASSIGNEE_MINE,
    ASSIGNEE_OPEN,
    COUNT_CAP,
    QUEUE_ORDER,
    capped_count,
    queue_assignee_counts,
    queue_next_after,
    queue_status_counts,
    review_queue_for,
    reviewer_list,
)
from annotations.selectors.review import (  # noqa: F401
    claim_duplicate_group,
    claim_evidence,
    claim_has_verdicts,
    claim_participant_ids,
    claim_presence_get,
    claim_rated_by,
    claim_verdicts,
    claim_was_rated,
    claim_work_by,
    evidence_list,
    ratings_all,
    ratings_default_scale,
    rationale_draft_get,
    verdict_list,
    verdict_own,
)
from annotations.selectors.search import (  # noqa: F401
    SearchFilters,
    articles_matching,
    claims_matching,
    factchecks_matching,
    search_count,
    search_results,
)
