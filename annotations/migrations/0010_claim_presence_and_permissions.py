"""The soft lock becomes "presence" (it never locked anything); roles move onto permissions."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant(apps, schema_editor):
    from annotations.services.accounts import role_permissions_grant

    # Permissions are normally made after all migrations ran; make them now so
    # they can be granted in this one.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    role_permissions_grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
    # "return_claim" moved from FactCheck to Claim: the old row would show twice in the admin.
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="annotations", content_type__model="factcheck", codename="return_claim"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0009_claim_groups_and_matches"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ClaimLock", "ClaimPresence"),
        migrations.AlterField(
            model_name="claimpresence",
            name="claim",
            field=models.OneToOneField(
                on_delete=models.CASCADE, primary_key=True, related_name="presence", serialize=False,
                to="annotations.claim",
            ),
        ),
        migrations.AlterModelOptions(
            name="article",
            options={"ordering": ["-created_at", "-id"],
                     "permissions": [("resplit_article", "Can split an article again")]},
        ),
        migrations.AlterModelOptions(
            name="claim",
            options={"ordering": ["article_id", "start", "end"], "permissions": [
                ("review_claim", "Can rate claims, add evidence, correct the split and take open claims"),
                ("view_editorial", "Can see the editorial desk: every verdict, agreement, the audit trail"),
                ("mark_claim_ready", "Can mark claims ready for approval"),
                ("return_claim", "Can return a claim to its reviewers"),
                ("assign_claim", "Can assign claims to reviewers"),
            ]},
        ),
        migrations.AlterModelOptions(
            name="factcheck",
            options={"ordering": ["-published_at", "-id"], "permissions": [
                ("publish_factcheck", "Can approve, publish and unpublish fact-checks"),
                ("reuse_factcheck", "Can apply a published fact-check's verdict to the same claim elsewhere"),
            ]},
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
