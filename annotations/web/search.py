"""The search page: claims, articles and published fact-checks, filtered, ranked, matches marked.

The header's search box lands here; so does the review panel's "Checked
before?" (``?checked_before=<claim id>``: published fact-checks sharing two
or more of the claim's key words, the claim's own left out).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from annotations import access, selectors
from annotations.models import Claim
from annotations.selectors.search import KINDS, PER_PAGE, any_words, key_word_pairs, key_words

NO_ROLE = "Your account has no role yet; ask an editor to add you."
KIND_LABELS = {"claims": "Claims", "articles": "Articles", "factchecks": "Published fact-checks"}
MATCHES = [("all", "all the words"), ("any", "any of the words"), ("key", "two of its key words")]
BUILD = {"any": any_words, "key": key_word_pairs}


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=1000)
    type = forms.ChoiceField(choices=[(kind, KIND_LABELS[kind]) for kind in KINDS], required=False)
    match = forms.ChoiceField(choices=MATCHES, required=False)
    status = forms.ChoiceField(label="Claim status", choices=[("", "Any status"), *Claim.Status.choices],
                               required=False)
    rating = forms.ChoiceField(label="Rating", required=False)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    article = forms.IntegerField(label="Article", required=False, min_value=1, widget=forms.HiddenInput)
    reviewer = forms.TypedChoiceField(label="Reviewed by", coerce=int, empty_value=None, required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "Any rating"), *(
            (rating.slug, rating.label) for rating in selectors.ratings_default_scale())]
        self.fields["reviewer"].choices = [("", "Anyone"), *((u.pk, u.get_username()) for u in reviewers)]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the range is before its start.")
        return data


@login_required
def search(request):
    if not access.can_review(request.user):
        raise PermissionDenied(NO_ROLE)
    params = request.GET.copy()
    checked = None
    if params.get("checked_before"):
        checked = access.get_claim_for_user(request.user, params["checked_before"])
        params.setdefault("q", checked.text)
        params.setdefault("match", "key")
        params.setdefault("type", "factchecks")
    form = SearchForm(params, reviewers=selectors.reviewer_list())
    context = {"form": form, "checked": checked, "kinds": [], "results": None, "labels": KIND_LABELS,
               "checked_words": key_words(checked.text) if checked else []}
    if form.is_valid() and form.cleaned_data["q"].strip():
        context.update(_results(request, form.cleaned_data, checked))
    return render(request, "annotations/search.html", context, status=200 if form.is_valid() else 400)


def _results(request, data, checked) -> dict:
    text = BUILD[data["match"]](data["q"]) if data["match"] in BUILD else data["q"]
    kind = data["type"] or "claims"
    filters = selectors.SearchFilters(
        status=data["status"], rating=data["rating"], date_from=data["date_from"], date_to=data["date_to"],
        article=data["article"], reviewer=data["reviewer"], exclude_claim=checked.pk if checked else None,
    )
    visible = access.verdicts_visible_to_user(request.user)
    results = selectors.search_results(kind, text, filters, visible, page=data["page"] or 1)
    kinds = []
    for other in KINDS:
        count, capped = ((results.count, results.count_capped) if other == kind
                         else selectors.search_count(other, text, filters, visible))
        kinds.append({"kind": other, "label": KIND_LABELS[other], "count": count, "capped": capped,
                      "query": _query(request, type=other, page=None)})
    article = access.get_article_for_user(request.user, data["article"]) if data["article"] else None
    return {
        "results": results, "kinds": kinds, "kind": kind, "filter_article": article,
        "start": (results.page - 1) * PER_PAGE + 1,
        "next_query": _query(request, page=results.page + 1) if results.has_next else None,
        "previous_query": _query(request, page=results.page - 1) if results.page > 1 else None,
        "without_article": _query(request, article=None, page=None),
    }


def _query(request, **changes) -> str:
    """The current query string with some parameters changed (None drops one)."""
    params = {key: value for key, value in request.GET.items() if value}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(params)
