"""One's own settings: the keyboard shortcuts of the article page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from annotations import selectors
from annotations.services import accounts
from annotations.web.forms import KeyboardPreferenceForm


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
