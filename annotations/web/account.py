"""A person's own page: API tokens (make one, the key shown once; see when each was used; revoke it)
and settings (the keyboard shortcuts of the article page)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from annotations import access, selectors
from annotations.services import accounts
from annotations.web.forms import KeyboardPreferenceForm


class TokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100, help_text="What the token is for, e.g. “newsroom CMS sync”.",
                           error_messages={"required": "Give the token a name, so you can tell it apart later."})


def _page(request, form, *, new_key=None, status=200):
    return render(request, "annotations/account_tokens.html", {
        "form": form, "tokens": selectors.api_tokens_of(request.user), "new_key": new_key,
    }, status=status)


@login_required
def account_tokens(request):
    """The list, and the form that makes a token. The new key is in the response to the POST only."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = accounts.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            # Rendered, not redirected: the key must not travel in a URL or a session.
            response = _page(request, TokenForm(), new_key=(token, key))
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form, status=400)


@require_POST
@login_required
def account_token_revoke(request, pk):
    token = access.get_api_token_for_user(request.user, pk)
    if accounts.api_token_revoke(token=token, actor=request.user):
        messages.success(request, f"The token “{token.name}” is revoked; requests with it are refused from now on.")
    return redirect("account-tokens")


@require_http_methods(["GET", "POST"])
@login_required
def account_settings(request):
    preference = selectors.keyboard_preference_for(request.user)
    form = KeyboardPreferenceForm(request.POST or None, initial=KeyboardPreferenceForm.initial_for(preference))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.keyboard_preference_save(user=request.user, enabled=data["enabled"],
                                              modifier=data["modifier"], keys=data["keys"])
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Keyboard settings saved." if data["enabled"] else
                             "Keyboard settings saved: shortcuts are off.")
            return redirect("account-settings")
    return render(request, "annotations/account_settings.html", {"form": form, "preference": preference},
                  status=400 if form.is_bound else 200)
