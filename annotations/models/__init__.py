"""Articles, the candidate claims split from them, and the review around each claim.

Offsets: ``Claim.start`` and ``Claim.end`` are Python string indices (Unicode
code points, not bytes, not UTF-16 units) into ``Article.body`` exactly as
stored, so ``article.body[claim.start:claim.end] == claim.text`` always. The
body never changes after creation, which is what keeps every offset valid.

One module per part of the desk; everything is imported from here
(``from annotations.models import Claim``), as the migrations do.
"""

from annotations.models.accounts import ApiToken
from annotations.models.article import Article, ArticleFetch
from annotations.models.audit import AuditEvent
from annotations.models.claim import FACT_FIELDS, SPAN_FIELDS, VAGUE_DATE_VALUES, Claim, ClaimDate, VerdictPairing
from annotations.models.common import (
    EVIDENCE_TEXT_MAX_LENGTH,
    RATIONALE_MAX_LENGTH,
    SEARCH_CONFIG,
    TITLE_MAX_LENGTH,
    HistoryManagerMadeOnce,
    SearchDocument,
    content_hash_of,
    http_url_validator,
    url_key_of,
    validate_http_url,
)
from annotations.models.desk import ClaimPresence, KeyboardPreference, RationaleDraft
from annotations.models.matching import ClaimFingerprint, ClaimGroup, ClaimKey, ClaimKeyFrequency, ClaimMatch
from annotations.models.review import (
    Evidence,
    EvidenceQuerySet,
    FactCheck,
    NeverDeleted,
    Rating,
    RatingScale,
    ReviewWorkQuerySet,
    Verdict,
    VerdictQuerySet,
)
from annotations.models.webhooks import (  # the two defaults: old migrations name them here
    WEBHOOK_EVENTS,
    WebhookDelivery,
    WebhookEndpoint,
    _default_webhook_events,  # noqa: F401
    _webhook_secret,  # noqa: F401
)

__all__ = [
    "EVIDENCE_TEXT_MAX_LENGTH", "FACT_FIELDS", "RATIONALE_MAX_LENGTH", "SEARCH_CONFIG", "SPAN_FIELDS",
    "TITLE_MAX_LENGTH", "VAGUE_DATE_VALUES", "WEBHOOK_EVENTS",
    "ApiToken", "Article", "ArticleFetch", "AuditEvent", "Claim", "ClaimDate", "ClaimFingerprint", "ClaimGroup",
    "ClaimKey", "ClaimKeyFrequency", "ClaimMatch", "ClaimPresence", "Evidence", "EvidenceQuerySet", "FactCheck",
    "HistoryManagerMadeOnce", "KeyboardPreference", "NeverDeleted", "RationaleDraft", "Rating", "RatingScale",
    "ReviewWorkQuerySet", "SearchDocument", "Verdict", "VerdictPairing", "VerdictQuerySet", "WebhookDelivery",
    "WebhookEndpoint",
    "content_hash_of", "http_url_validator", "url_key_of", "validate_http_url",
]
