"""Public fact-check pages: anyone may read a published fact-check, nothing else."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from annotations import access, claimreview, selectors

INDEX_PAGE_SIZE = 50


@require_safe
def factcheck_index(request):
    factchecks = selectors.factcheck_published_list().order_by("-published_at", "-id")
    page = Paginator(factchecks, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/factcheck_index.html", {"page": page})


@require_safe
def factcheck_public(request, slug):
    factcheck = access.get_published_factcheck(slug)
    context = {
        "factcheck": factcheck,
        "appearances": selectors.factcheck_appearances(factcheck),
        "evidence": factcheck.claim.evidence.all(),  # prefetched by the gate's selector, retracted pieces left out
        "publisher": claimreview.publisher(),
    }
    return render(request, "public/factcheck_detail.html", context)
