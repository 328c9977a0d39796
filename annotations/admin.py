from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from simple_history.admin import SimpleHistoryAdmin

from annotations import services
from annotations.models import Article, Claim, Evidence, Rating, RatingScale, Verdict, content_hash_of

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
        services.article_validate(body=body, title=data.get("title") or "", url=data.get("url") or "")
        existing = Article.objects.filter(content_hash=content_hash_of(body)).first()
        if existing:
            raise ValidationError(services.DuplicateArticle(existing).message)
        return data


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
class ArticleAdmin(SimpleHistoryAdmin):
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
        return PIPELINE_FIELDS + (("body",) if obj else ())

    def get_fields(self, request, obj=None):
        if obj is None:
            return ArticleAddForm.Meta.fields
        return ("title", "source", "url", "published_on", "language", "body") + PIPELINE_FIELDS

    def get_inlines(self, request, obj):
        return self.inlines if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.created_by = request.user
            services.article_save_new(article=obj)

    @admin.action(description="Split again (keeps claims with reviewer work)")
    def resplit(self, request, queryset):
        for article in queryset:
            services.article_resplit(article=article)
        self.message_user(request, f"{queryset.count()} article(s) queued for splitting.", messages.SUCCESS)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ("short_text", "article", "kind", "checkworthiness", "claim_type", "status", "origin")
    list_filter = ("kind", "status", "claim_type", "origin", "checkworthy")
    search_fields = ("text", "article__title")
    list_select_related = ("article",)
    raw_id_fields = ("article",)
    readonly_fields = (
        "article", "start", "end", "text", "checkworthiness", "checkworthy", "splitter_version",
        "origin", "version", "created_at", "updated_at",
    )

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:100]


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
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "reviewer", "rating", "version", "updated_at")
    list_filter = ("rating",)
    search_fields = ("claim__text", "rationale", "reviewer__username")
    list_select_related = ("claim", "reviewer", "rating")
    raw_id_fields = ("claim", "reviewer")
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "claim", "stance", "source_type", "added_by", "created_at")
    list_filter = ("stance", "source_type")
    search_fields = ("title", "url", "excerpt", "claim__text")
    list_select_related = ("claim", "added_by")
    raw_id_fields = ("claim", "added_by")
    formfield_overrides = URL_FIELD_OVERRIDES
    readonly_fields = ("created_at", "updated_at")
