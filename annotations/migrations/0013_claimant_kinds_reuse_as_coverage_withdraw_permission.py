"""Data for 0011: what was published keeps its output, earlier reuses become coverage, admins may withdraw.

- A claimant recorded before the kind existed was exported as a ``Person``; the row now says so,
  so the published ClaimReview does not change.
- A verdict reused before coverage existed made an approved, never published fact-check on the
  twin claim, which left the claim open with no action. Such a twin becomes an appearance of the
  published fact-check it reused (status "covered"), audited; the never-published copy is removed.
- The admin role gets the new ``withdraw_verdict`` permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FOLLOWS_VERDICTS = ("open", "in_review", "disagreement", "returned", "ready")


def claimant_kinds(apps, schema_editor):
    for model in ("FactCheck", "HistoricalFactCheck"):
        apps.get_model("annotations", model).objects.exclude(claimant="").filter(claimant_kind="").update(
            claimant_kind="Person")


def reuse_as_coverage(apps, schema_editor):
    FactCheck = apps.get_model("annotations", "FactCheck")
    Claim = apps.get_model("annotations", "Claim")
    AuditEvent = apps.get_model("annotations", "AuditEvent")
    copies = FactCheck.objects.filter(
        reused_from__isnull=False, reused_from__published_at__isnull=False,
        published_at__isnull=True, first_published_at__isnull=True,
    ).select_related("claim", "reused_from")
    for copy in copies:
        claim, source = copy.claim, copy.reused_from
        if claim.status not in FOLLOWS_VERDICTS:
            continue
        AuditEvent.objects.create(
            claim=claim, article_id=claim.article_id, actor_id=copy.approved_by_id, action="cover",
            from_state=claim.status, to_state="covered",
            comment=f"Covered by the published fact-check “{source.slug}” (an earlier reuse of its verdict).",
            before={"status": claim.status, "covered_by": None},
            after={"status": "covered", "covered_by": source.slug},
        )
        Claim.objects.filter(pk=claim.pk).update(status="covered", covered_by=source, version=claim.version + 1)
        copy.delete()


def grant(apps, schema_editor):
    from annotations.services.accounts import role_permissions_grant

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    role_permissions_grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0012_withdrawal_retraction_coverage_claimreview_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(claimant_kinds, migrations.RunPython.noop),
        migrations.RunPython(reuse_as_coverage, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
