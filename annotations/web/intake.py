"""Add an article inside the app: from a URL (fetched by a Celery job), a file, or a paste.

The page shows the progress afterwards: the fetch, then the split, polled by
HTMX; a refusal or failure shows its message. Whatever was imported before
(the same text, or the same page by its canonical URL) leads to that article.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from annotations import access, selectors
from annotations.intake.errors import size_text
from annotations.models import TITLE_MAX_LENGTH
from annotations.services import articles, intake

NO_PERMISSION = "You do not have the permission to add articles; ask an editor."
ENCODINGS = [
    ("", "Detect it (a byte-order mark, else UTF-8; web pages say theirs)"),
    ("cp1252", "Windows-1252 (Western European, older Word and Windows files)"),
    ("iso-8859-15", "ISO-8859-15 (Latin-9)"),
    ("utf-16", "UTF-16"),
]


class UrlForm(forms.Form):
    url = forms.CharField(label="Address of the article", max_length=intake.URL_MAX_LENGTH,
                          widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}))


class FileForm(forms.Form):
    file = forms.FileField(label="File: .txt, .md, .html, .htm or .docx")
    encoding = forms.ChoiceField(label="Text encoding", choices=ENCODINGS, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.INTAKE_MAX_BYTES:
            raise ValidationError(f"{upload.name}: the file is {size_text(upload.size)}; "
                                  f"the limit is {size_text(settings.INTAKE_MAX_BYTES)}.")
        return upload


class PasteForm(forms.Form):
    # Verbatim: claim offsets index into the body exactly as stored.
    body = forms.CharField(label="Article text", strip=False, widget=forms.Textarea(attrs={"rows": 14}))
    title = forms.CharField(label="Title", required=False, max_length=TITLE_MAX_LENGTH,
                            help_text="Leave it empty to use the text's headline.")
    source = forms.CharField(label="Publisher", required=False, max_length=200)
    url = forms.CharField(label="Address it was published at", required=False, max_length=intake.URL_MAX_LENGTH,
                          widget=forms.URLInput(attrs={"placeholder": "https://"}))


WAYS = {"url": UrlForm, "file": FileForm, "paste": PasteForm}


def _gate(user) -> None:
    if not access.can_add_article(user):
        raise PermissionDenied(NO_PERMISSION)


@login_required
def article_add(request):
    """The "Add article" page: three forms, one per way in; a POST names its way."""
    _gate(request.user)
    way = request.POST.get("way") if request.method == "POST" else request.GET.get("way")
    way = way if way in WAYS else "url"
    bound = {name: form_class(prefix=name) for name, form_class in WAYS.items()}
    if request.method == "POST":
        form = WAYS[way](request.POST, request.FILES, prefix=way)
        bound[way] = form
        if form.is_valid():
            try:
                return _ADD[way](request, form.cleaned_data)
            except articles.DuplicateArticle as exc:
                messages.info(request, exc.messages[0])
                return redirect(exc.existing)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
    status = 400 if request.method == "POST" else 200
    return render(request, "annotations/article_add.html", {"forms": bound, "way": way}, status=status)


def _add_url(request, data):
    fetch = intake.article_create_from_url(url=data["url"], requested_by=request.user)
    if fetch.duplicate:
        raise articles.DuplicateArticle(fetch.article, same="url")
    return redirect("article-fetch", fetch.pk)


def _add_file(request, data):
    upload = data["file"]
    article = intake.article_create_from_file(
        name=upload.name, data=upload.read(), encoding=data["encoding"], created_by=request.user)
    return redirect("article-added", article.pk)


def _add_paste(request, data):
    article = articles.article_create(
        body=data["body"], title=data["title"], source=data["source"], url=data["url"], created_by=request.user)
    return redirect("article-added", article.pk)


_ADD = {"url": _add_url, "file": _add_file, "paste": _add_paste}


# --- Progress: the fetch, the split, and what was found ---


def _progress(*, fetch=None, article=None):
    if fetch is not None:
        article = fetch.article
    if article is not None:
        article = selectors.article_detail_get(article.pk)
    finished = (fetch is not None and fetch.failed) or (article is not None and article.split_finished)
    poll = None
    if not finished:
        poll = (reverse("article-fetch-state", args=[fetch.pk]) if fetch is not None
                else reverse("article-added-state", args=[article.pk]))
    return {"fetch": fetch, "article": article, "poll_url": poll}


@login_required
def article_fetch(request, pk):
    fetch = access.get_fetch_for_user(request.user, pk)
    return render(request, "annotations/article_intake.html", _progress(fetch=fetch))


@login_required
def article_fetch_state(request, pk):
    fetch = access.get_fetch_for_user(request.user, pk)
    return render(request, "annotations/partials/_intake_progress.html", _progress(fetch=fetch))


@login_required
def article_added(request, pk):
    article = access.get_article_for_user(request.user, pk)
    return render(request, "annotations/article_intake.html", _progress(article=article))


@login_required
def article_added_state(request, pk):
    article = access.get_article_for_user(request.user, pk)
    return render(request, "annotations/partials/_intake_progress.html", _progress(article=article))
