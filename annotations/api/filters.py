"""Query-string filters of the API's lists (django-filter) and the ordering parameter.

A value a filter cannot take is a 400 naming the parameter, never an empty or
unfiltered page: a client that misspells a value must learn it.
"""

import datetime as dt
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import OrderingFilter

from annotations import selectors
from annotations.models import Article, Claim, FactCheck

BOOLEAN_CHOICES = (("true", "true"), ("false", "false"), ("1", "1"), ("0", "0"))
# DRF's wording, so a bad filter reads like every other 400 of the API.
CHOICE_ERROR = {"invalid_choice": "\"%(value)s\" is not a valid choice."}


class ChoiceFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", CHOICE_ERROR)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("error_messages", {
            "invalid": "A valid integer is required.", "min_value": "Ensure this value is greater than or equal to 1.",
        })
        super().__init__(*args, **kwargs)


class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """``true``/``false`` (or 1/0); anything else is an error, not "no filter"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": "Must be a valid boolean."})
        super().__init__(*args, choices=BOOLEAN_CHOICES, coerce=lambda value: value in ("true", "1"), **kwargs)


class ArticleFilter(django_filters.FilterSet):
    split_state = ChoiceFilter(choices=Article.SplitState.choices)

    class Meta:
        model = Article
        fields = ["split_state"]


class ClaimFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id")
    status = ChoiceFilter(choices=Claim.Status.choices)
    kind = ChoiceFilter(choices=Claim.Kind.choices)
    claim_type = ChoiceFilter(choices=Claim.ClaimType.choices)
    checkworthy = StrictBooleanFilter()

    class Meta:
        model = Claim
        fields = ["article", "status", "kind", "claim_type", "checkworthy"]


class ClaimIdFilter(django_filters.FilterSet):
    """Verdicts or evidence of one claim."""

    claim = IdFilter(field_name="claim_id")


SINCE_HELP = "Published on or after: a date (2026-03-01) or a date and time (2026-03-01T09:30:00Z)."
SINCE_ERROR = "Enter a date (2026-03-01) or a date and time with an optional offset (2026-03-01T09:30:00Z)."


class SinceField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        # An unencoded "+01:00" in a query string arrives as " 01:00".
        value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value.strip())
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if day:
            moment = dt.datetime.combine(day, dt.time.min)
        if moment is None:
            raise ValidationError(SINCE_ERROR)
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@extend_schema_field(OpenApiTypes.STR)
class SinceFilter(django_filters.Filter):
    field_class = SinceField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        # datePublished is the first publication; older rows may have only published_at.
        return queryset.filter(
            Q(first_published_at__gte=value) | Q(first_published_at__isnull=True, published_at__gte=value)
        )


class ClaimReviewFilter(django_filters.FilterSet):
    since = SinceFilter(help_text=SINCE_HELP)
    rating = django_filters.CharFilter(method="filter_rating", help_text="A rating slug, e.g. `false`.")
    language = django_filters.CharFilter(field_name="claim__article__language", max_length=16,
                                         help_text="The article language, e.g. `en`.")

    class Meta:
        model = FactCheck
        fields = ["since", "rating", "language"]

    def filter_rating(self, queryset, name, slug):
        if not selectors.ratings_all().filter(slug=slug).exists():
            raise serializers.ValidationError({"rating": [f"No rating with slug “{slug}”."]})
        return queryset.filter(rating__slug=slug)


class StableOrderingFilter(OrderingFilter):
    """The requested ordering, then the id, so pages never share or drop rows that tie.

    An unknown field is a 400 naming the allowed ones (DRF ignores it silently).
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            bad = [field for field in fields if field.lstrip("-") not in allowed]
            if bad or not fields:
                raise serializers.ValidationError({self.ordering_param: [
                    f"Order by one of {', '.join(sorted(allowed))} (a leading - reverses it); "
                    f"not {', '.join(bad) or 'nothing'}."
                ]})
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("id")
        return ordering
