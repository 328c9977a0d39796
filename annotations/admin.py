from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from annotations import access, selectors
from annotations.models import (
    Article,
    AuditEvent,
    Claim,
    Evidence,
    FactCheck,
    Rating,
    RatingScale,
    Verdict,
    WebhookDelivery,
    WebhookEndpoint,
)
from annotations.services import articles, assignment, publishing, review
from annotations.services.common import ClaimVersionConflict
from annotations.services.webhooks import webhook_endpoint_save

# A URL typed without a scheme is taken as https (Django 6's default).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}

PIPELINE_FIELDS = (
    "content_hash", "split_state", "split_error", "splitter_version", "split_started_at", "split_finished_at",
    "title_derived", "created_by", "created_at", "updated_at",
)


class ArticleAddForm(forms.ModelForm):
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")
    title = forms.CharField(
        required=False, max_length=Article._meta.get_field("title").max_length,
        help_text="Leave empty to use the text's headline, or a title made from its lead.",
    )

    class Meta:
        model = Article
        fields = ("title", "body", "source", "url", "published_on", "language")

    def clean(self):
        data = super().clean()
        body = data.get("body") or ""
        articles.article_validate(body=body, title=data.get("title") or "", url=data.get("url") or "")
        existing = selectors.article_with_text(body)
        if existing:
            raise ValidationError(articles.DuplicateArticle(existing).message)
        return data


class _HistoryChanges(HistoricalRecordContextHelper):
    """The history's changes column: an empty link reads "unassigned" or "—", not "Deleted user (pk=None)"."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, DeletedObject) and value.pk is None:
            return "unassigned" if change.field == "assignee" else "—"
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Every moderated model's admin: its history, with empty links named as people read them."""

    def get_historical_record_context_helper(self, request, historical_record):
        return _HistoryChanges(self.model, historical_record)


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ("start", "end", "text", "kind", "checkworthiness", "claim_type", "status", "origin")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ("title", "source", "split_state", "claim_count", "checkworthy_count", "language", "created_at")
    list_filter = ("split_state", "language", "title_derived", "source")
    search_fields = ("title", "source", "url")
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)
    actions = ("resplit",)
    inlines = (ClaimInline,)
    formfield_overrides = URL_FIELD_OVERRIDES

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            claim_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM)),
            checkworthy_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM, claims__checkworthy=True)),
        )

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="check-worthy", ordering="checkworthy_count")
    def checkworthy_count(self, obj):
        return obj.checkworthy_count

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # The body is fixed once saved: every claim offset points into it.
        return PIPELINE_FIELDS + (("body", "agreement") if obj else ())

    def get_fields(self, request, obj=None):
        if obj is None:
            return ArticleAddForm.Meta.fields
        return ("title", "source", "url", "published_on", "language", "body", "agreement") + PIPELINE_FIELDS

    @admin.display(description="reviewer agreement (Krippendorff's α, ordinal)")
    def agreement(self, obj):
        result = selectors.article_agreement(obj)
        return f"{result.label} over {result.pairable_units} claim(s) with two or more ordinal ratings"

    def has_resplit_permission(self, request):
        return access.may(request.user, access.RESPLIT)

    def get_inlines(self, request, obj):
        return self.inlines if obj else ()

    def save_model(self, request, obj, form, change):
        # Through the services: a new article is validated, deduplicated and queued for
        # its split; a change of metadata is audited. The body never changes.
        data = {name: form.cleaned_data.get(name) for name in articles.ARTICLE_METADATA if name in form.cleaned_data}
        if change:
            articles.article_update(article=obj, actor=request.user, **data)
            return
        try:
            created = articles.article_create(body=form.cleaned_data["body"], created_by=request.user, **{
                name: value or ("" if name != "published_on" else None) for name, value in data.items()})
        except articles.DuplicateArticle as exc:
            # The form already passed; the same text arrived meanwhile. Show the existing one.
            self.message_user(request, exc.messages[0], messages.WARNING)
            created = exc.existing
        obj.pk, obj._state.adding = created.pk, False

    def has_delete_permission(self, request, obj=None):
        # Claims, verdicts and evidence hang off an article: a delete would cascade
        # through reviewers' work. Articles are never deleted here.
        return False

    @admin.action(description="Split again (keeps claims with reviewer work)", permissions=["resplit"])
    def resplit(self, request, queryset):
        for article in queryset:
            articles.article_resplit(article=article, actor=request.user)
        self.message_user(request, f"{queryset.count()} article(s) queued for splitting.", messages.SUCCESS)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=selectors.reviewer_list())


class ReturnForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                              help_text="What the reviewers should look at again; they see it in the audit trail.")


class MarkReadyForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False,
                              help_text="Required for claims in disagreement: how it was resolved.")


class PublishForm(forms.Form):
    rating = forms.ModelChoiceField(queryset=selectors.ratings_default_scale(), label="Final rating")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, label="Public summary")
    claimant = forms.CharField(max_length=200, required=False)
    claimant_kind = forms.ChoiceField(choices=[("", "—"), *FactCheck.ClaimantKind.choices], required=False,
                                      label="The claimant is")
    claim_date = forms.DateField(required=False, help_text="Empty: the article's publication date.")


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                             help_text="Kept in the audit trail with your name.")


class UnpublishForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False,
                              help_text="Why it is taken down.")


def _apply_each(modeladmin, request, rows, change, done_message):
    """Run one service per row (claim, verdict, evidence); each its own transaction, failures reported by row."""
    done, failed = 0, []
    for row in rows:
        try:
            change(row)
            done += 1
        except (ValidationError, ClaimVersionConflict, PermissionDenied) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            failed.append(f"#{row.pk}: {reason}")
    if done:
        noun = rows.model._meta.verbose_name if hasattr(rows, "model") else "claim"
        modeladmin.message_user(request, f"{done} {noun}(s) {done_message}.", messages.SUCCESS)
    if failed:
        modeladmin.message_user(request, "Not changed — " + "; ".join(failed), messages.ERROR)


def _with_form(modeladmin, request, claims, form_class, title, change, done_message):
    """The intermediate page of a bulk action: ask for the form, then apply it to every selected claim."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        _apply_each(modeladmin, request, claims, lambda claim: change(claim, form.cleaned_data), done_message)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title, "form": form, "queryset": claims, "opts": modeladmin.model._meta,
        "action": request.POST["action"], "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/annotations/action_form.html", context)


class WorkflowActionsMixin:
    """Bulk actions on claims that call the workflow services, gated by access.py."""

    def has_assign_permission(self, request):
        return access.may(request.user, access.ASSIGN)

    def has_return_permission(self, request):
        return access.may(request.user, access.RETURN)

    def has_mark_ready_permission(self, request):
        return access.may(request.user, access.MARK_READY)

    def has_publish_permission(self, request):
        return access.may(request.user, access.PUBLISH)

    def has_unpublish_permission(self, request):
        return access.may(request.user, access.UNPUBLISH)

    @admin.action(description="Assign a reviewer", permissions=["assign"])
    def assign_reviewer(self, request, queryset):
        def change(claim, data):
            assignment.claim_assign(claim=claim, assignee=data["reviewer"], actor=request.user)

        return _with_form(self, request, queryset, AssignForm, "Assign a reviewer", change, "assigned")

    @admin.action(description="Return to reviewers (with a comment)", permissions=["return"])
    def return_to_reviewers(self, request, queryset):
        def change(claim, data):
            publishing.claim_return(claim=claim, actor=request.user, comment=data["comment"])

        return _with_form(self, request, queryset, ReturnForm, "Return to reviewers", change, "returned")

    @admin.action(description="Mark ready for approval", permissions=["mark_ready"])
    def mark_ready(self, request, queryset):
        def change(claim, data):
            publishing.claim_mark_ready(claim=claim, actor=request.user, comment=data["comment"])

        return _with_form(self, request, queryset, MarkReadyForm, "Mark ready for approval", change,
                          "marked ready for approval")

    @admin.action(description="Approve and publish (final rating and summary)", permissions=["publish"])
    def publish(self, request, queryset):
        def change(claim, data):
            publishing.factcheck_publish(claim=claim, actor=request.user, rating=data["rating"],
                                         summary=data["summary"], claimant=data["claimant"],
                                         claimant_kind=data["claimant_kind"], claim_date=data["claim_date"])

        return _with_form(self, request, queryset, PublishForm, "Approve and publish", change,
                          "approved and published")

    @admin.action(description="Unpublish", permissions=["unpublish"])
    def unpublish(self, request, queryset):
        def change(claim, data):
            publishing.factcheck_unpublish(claim=claim, actor=request.user, comment=data["comment"])

        return _with_form(self, request, queryset, UnpublishForm, "Unpublish", change, "unpublished")


def _audit_trail_html(events):
    rows = format_html_join(
        "", "<li>{} {}: {} {} → {} {}</li>",
        ((e.at.strftime("%Y-%m-%d %H:%M"), e.actor.get_username() if e.actor else "system", e.action,
          e.from_label, e.to_label, f"— {e.comment}" if e.comment else "") for e in events),
    )
    return format_html("<ol>{}</ol>", rows) if rows else "No state changes yet."


@admin.register(Claim)
class ClaimAdmin(WorkflowActionsMixin, HistoryAdmin):
    list_display = ("short_text", "article", "kind", "checkworthiness", "claim_type", "status", "origin")
    list_filter = ("status", "kind", "claim_type", "origin", "checkworthy", "assignee")
    search_fields = ("text", "article__title")
    list_select_related = ("article",)
    raw_id_fields = ("article",)
    # The workflow fields change only through the services (bulk actions, editorial desk).
    readonly_fields = (
        "article", "start", "end", "text", "kind", "claim_type", "checkworthiness", "checkworthy", "splitter_version",
        "origin", "status", "dismissed_reason", "assignee", "covered_by", "version", "created_at", "updated_at",
        "agreement", "audit_trail",
    )
    actions = ("assign_reviewer", "mark_ready", "return_to_reviewers", "publish", "unpublish")

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:100]

    def has_delete_permission(self, request, obj=None):
        # A claim is dismissed (with a reason, audited), never deleted.
        return False

    @admin.display(description="reviewer agreement (Krippendorff's α, ordinal)")
    def agreement(self, obj):
        return selectors.claim_agreement(obj).label

    @admin.display(description="audit trail")
    def audit_trail(self, obj):
        return _audit_trail_html(selectors.claim_audit_trail(obj))


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    prepopulated_fields = {"slug": ("label",)}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ("name", "worst_value", "best_value", "is_default")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RatingInline,)


@admin.register(Verdict)
class VerdictAdmin(HistoryAdmin):
    list_display = ("claim", "reviewer", "rating", "version", "withdrawn_at", "updated_at")
    list_filter = ("rating", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("claim__text", "rationale", "reviewer__username")
    list_select_related = ("claim", "reviewer", "rating")
    raw_id_fields = ("claim", "reviewer")
    readonly_fields = ("claim", "reviewer", "rating", "rationale", "version", "withdrawn_at", "withdrawn_by",
                       "withdrawal_reason", "created_at", "updated_at")
    actions = ("withdraw",)

    # A verdict is its reviewer's judgement, changed only by them (through
    # services.review.verdict_update, which also moves the claim's status), and
    # never deleted: it is withdrawn (audited), and the claim's status is
    # derived from the verdicts that stand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_withdraw_permission(self, request):
        return access.can_withdraw_any(request.user)

    @admin.action(description="Withdraw (with a reason; the verdict stays on record)", permissions=["withdraw"])
    def withdraw(self, request, queryset):
        def change(verdict, data):
            review.verdict_withdraw(verdict=verdict, actor=request.user, reason=data["reason"])

        return _with_form(self, request, queryset, ReasonForm, "Withdraw verdicts", change, "withdrawn")


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = ("title", "claim", "stance", "source_type", "added_by", "retracted_at", "created_at")
    list_filter = ("stance", "source_type", ("retracted_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "url", "excerpt", "claim__text")
    list_select_related = ("claim", "added_by")
    raw_id_fields = ("claim", "added_by")
    readonly_fields = ("claim", "added_by", "url", "title", "excerpt", "stance", "source_type", "note",
                       "retracted_at", "retracted_by", "retraction_reason", "created_at", "updated_at")
    actions = ("retract",)

    # Evidence is added by reviewers in the review panel (services.review), with its author,
    # and retracted rather than deleted.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retract_permission(self, request):
        return access.can_retract_any(request.user)

    @admin.action(description="Retract (with a reason; the evidence stays on record)", permissions=["retract"])
    def retract(self, request, queryset):
        def change(evidence, data):
            review.evidence_retract(evidence=evidence, actor=request.user, reason=data["reason"])

        return _with_form(self, request, queryset, ReasonForm, "Retract evidence", change, "retracted")


class PublishedFilter(admin.SimpleListFilter):
    title = "published"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return (("yes", "Published"), ("no", "Not published"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(FactCheck)
class FactCheckAdmin(HistoryAdmin):
    """Read-only: a fact-check changes only through the workflow (publish, unpublish)."""

    list_display = ("claim", "rating", "slug", "published_at", "approved_by", "version")
    list_filter = (PublishedFilter, "rating", "approved_by")
    search_fields = ("slug", "summary", "claimant", "claim__text")
    list_select_related = ("claim", "rating", "approved_by")
    date_hierarchy = "first_published_at"
    actions = ("unpublish",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_unpublish_permission(self, request):
        return access.may(request.user, access.UNPUBLISH)

    @admin.action(description="Unpublish", permissions=["unpublish"])
    def unpublish(self, request, queryset):
        claims = selectors.claims_of_factchecks(queryset)

        def change(claim, data):
            publishing.factcheck_unpublish(claim=claim, actor=request.user, comment=data["comment"])

        return _with_form(self, request, claims, UnpublishForm, "Unpublish", change, "unpublished")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: readable by editors and admins, changed by nobody, superusers included."""

    list_display = ("at", "actor", "action", "from_state", "to_state", "claim", "short_comment")
    list_filter = ("action", "from_state", "to_state", "actor")
    search_fields = ("comment", "claim__text", "actor__username", "article__title")
    list_select_related = ("actor", "claim")
    date_hierarchy = "at"
    actions = None

    @admin.display(description="comment")
    def short_comment(self, obj):
        return obj.comment[:100]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Partners told about publish and unpublish; the secret is shown so it can be shared with them."""

    list_display = ("url", "active", "events", "description", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "description")
    formfield_overrides = URL_FIELD_OVERRIDES

    def save_model(self, request, obj, form, change):
        webhook_endpoint_save(endpoint=obj)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """What was sent and how each attempt went: a record, never edited by hand."""

    list_display = ("created_at", "event", "endpoint", "status", "attempts", "response_status", "delivered_at")
    list_filter = ("status", "event", "endpoint")
    search_fields = ("endpoint__url", "error")
    list_select_related = ("endpoint",)
    raw_id_fields = ("factcheck",)
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class RoleUserAdmin(UserAdmin):
    list_display = ("username", "email", "roles", "is_active", "is_staff", "last_login")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email", "first_name", "last_name")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "—"
