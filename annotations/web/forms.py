"""Forms of the review pages: field validation only, no side effects."""

from django import forms

from annotations import selectors
from annotations.models import (
    EVIDENCE_TEXT_MAX_LENGTH,
    RATIONALE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Evidence,
    FactCheck,
    KeyboardPreference,
)


class VerdictForm(forms.Form):
    rating = forms.ModelChoiceField(
        queryset=selectors.ratings_default_scale(), widget=forms.RadioSelect, empty_label=None,
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=RATIONALE_MAX_LENGTH,
    )
    # The version the reviewer saw; a mismatch means someone else saved first.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class EvidenceForm(forms.ModelForm):
    # Same wording as the article import's URL check, so people meet one message for one rule.
    url = forms.URLField(
        max_length=2000, assume_scheme="https", label="URL",
        error_messages={"invalid": "Enter an http:// or https:// URL."},
    )
    excerpt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=EVIDENCE_TEXT_MAX_LENGTH,
        help_text="The passage quoted from the source.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=EVIDENCE_TEXT_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The default "---------" reads as a broken list; say what the choice is.
        stance = self.fields["stance"]
        stance.choices = [("", "Choose: supports, refutes or context"), *stance.choices[1:]]

    class Meta:
        model = Evidence
        fields = ("url", "title", "excerpt", "stance", "source_type", "note")


class FactCheckDecisionForm(forms.Form):
    """The editor's decision: final rating, public summary, claimant. The service checks the rest."""

    rating = forms.ModelChoiceField(
        queryset=selectors.ratings_default_scale(), label="Final rating",
        empty_label="Choose the final rating",
    )
    summary = forms.CharField(
        label="Public summary", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
    )
    claimant = forms.CharField(label="Claimant (who made the claim)", required=False, max_length=200)
    claimant_kind = forms.ChoiceField(
        label="The claimant is", required=False,
        choices=[("", "Choose: a person or an organisation"), *FactCheck.ClaimantKind.choices],
    )
    claim_date = forms.DateField(
        label="Date the claim was made", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to use the article's publication date.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EditorialCommentForm(forms.Form):
    """A comment on a state change (required to return a claim; the service says so)."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReasonForm(forms.Form):
    """Why a verdict is withdrawn or evidence retracted (the service says when it is required)."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)


class ArticleMetadataForm(forms.Form):
    """An article's details that its ClaimReview and its page show; the text itself never changes."""

    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    source = forms.CharField(label="Publisher", max_length=200, required=False)
    url = forms.URLField(
        label="URL of the original article", max_length=2000, required=False, assume_scheme="https",
        error_messages={"invalid": "Enter an http:// or https:// URL."},
    )
    published_on = forms.DateField(label="Publication date", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class KeyboardPreferenceForm(forms.Form):
    """Keyboard shortcuts on or off, a modifier they need, and one key per action (the model checks the keys)."""

    enabled = forms.TypedChoiceField(
        label="Keyboard shortcuts", widget=forms.RadioSelect, coerce=lambda value: value == "on",
        choices=[("on", "On"), ("off", "Off: keys only type and move focus")],
    )
    modifier = forms.ChoiceField(label="Keys to hold with each shortcut", widget=forms.RadioSelect,
                                 choices=KeyboardPreference.Modifier.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for action, (_, doing) in KeyboardPreference.ACTIONS.items():
            self.fields[f"key_{action}"] = forms.CharField(
                label=doing[0].upper() + doing[1:], max_length=1, min_length=1,
                widget=forms.TextInput(attrs={"size": 2, "autocomplete": "off", "spellcheck": "false",
                                             "aria-describedby": "keys-rule"}),
            )

    @classmethod
    def initial_for(cls, preference: KeyboardPreference) -> dict:
        keymap = preference.keymap()
        return {"enabled": "on" if preference.enabled else "off", "modifier": preference.modifier,
                **{f"key_{action}": key for action, key in keymap.items()}}

    def key_fields(self):
        return [self[f"key_{action}"] for action in KeyboardPreference.ACTIONS]

    def clean(self):
        data = super().clean()
        keymap = {action: data[f"key_{action}"].lower() for action in KeyboardPreference.ACTIONS
                  if data.get(f"key_{action}")}
        try:
            KeyboardPreference.validate_keys(keymap)
        except forms.ValidationError as exc:
            for action, errors in exc.message_dict.items():
                self.add_error(f"key_{action}", errors)
        data["keys"] = keymap
        return data
