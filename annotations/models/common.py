"""Validators, the history manager, limits and the search document every model module shares."""

import hashlib
from functools import lru_cache

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import URLValidator
from django.db.models import F, Func
from django.utils.deconstruct import deconstructible
from simple_history.manager import HistoryManager

http_url_validator = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// URL.")


@lru_cache(maxsize=4096)
def validate_http_url(url: str) -> None:
    """``http_url_validator``, remembering the URLs it accepted (a refusal raises, so is never kept).

    An article's URL is checked by the API's serializer and again by the
    service every caller goes through; URLValidator's regular expressions and
    IDNA encoding were a fifth of a bulk POST's time.
    """
    http_url_validator(url)


class HistoryManagerMadeOnce(HistoryManager):
    """simple-history's manager, whose class is made once per queryset class.

    simple-history's descriptor calls ``from_queryset`` each time ``.history``
    is read, and it reads it for every history row it writes: Django then
    builds a new manager class by inspecting every QuerySet method, about a
    tenth of a verdict POST's CPU for its two history rows. The class depends
    on nothing but its arguments, so it is kept. Passed to simple-history
    through its documented ``history_manager`` option.
    """

    _made: dict = {}

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        if key not in cls._made:
            cls._made[key] = super().from_queryset(queryset_class, class_name)
        return cls._made[key]


TITLE_MAX_LENGTH = 300
# Limits of texts stored in unbounded columns, shared by the forms and the API.
RATIONALE_MAX_LENGTH = 10_000
EVIDENCE_TEXT_MAX_LENGTH = 5_000  # an excerpt, a note


def content_hash_of(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def url_key_of(canonical: str) -> str:
    """The indexed key of a canonical URL: fixed-size, so any URL fits a unique index."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest() if canonical else ""


SEARCH_CONFIG = "english"


# Named where the migrations' generated columns name it: a path moved would read as a changed column.
@deconstructible(path="annotations.models.SearchDocument")
class SearchDocument(Func):
    """What full-text search reads, stored beside the row: ``to_tsvector('english', ...)`` of the
    given fields, each with its weight (A ranks highest), on PostgreSQL; NULL on SQLite, where
    FTS5 tables kept by triggers do the work (``annotations.selectors.search``).

    ``SearchDocument(("title", "A"), ("author", "B"))``
    """

    output_field = SearchVectorField()

    def __init__(self, *weighted_fields):
        self.weighted_fields = tuple(tuple(pair) for pair in weighted_fields)
        super().__init__(*(F(name) for name, _ in self.weighted_fields))

    def as_sql(self, compiler, connection, **extra):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression, (_, weight) in zip(self.get_source_expressions(), self.weighted_fields, strict=True):
            sql, part_params = SearchVector(expression, config=SEARCH_CONFIG, weight=weight).as_sql(
                compiler, connection)
            parts.append(sql)
            params.extend(part_params)
        return " || ".join(parts), params
