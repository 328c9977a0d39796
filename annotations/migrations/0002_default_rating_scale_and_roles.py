"""The default rating scale and the three role groups, as data an admin can change."""

from django.db import migrations

# (label, slug, ClaimReview ratingValue, requires a rationale, description)
# Ordinal from 1 (worst) to 6 (best); Unverifiable sits off the scale, so it
# carries no ratingValue and is left out of agreement statistics.
DEFAULT_RATINGS = [
    ("True", "true", 6, False, "The claim is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 5, True, "Accurate but needs clarification or additional information."),
    ("Half true", "half-true", 4, True, "Partially accurate; leaves out important details or takes things out of context."),
    ("Misleading", "misleading", 3, True, "Contains accurate elements but creates a false impression."),
    ("Mostly false", "mostly-false", 2, True, "Contains an element of truth but ignores facts that would change the impression."),
    ("False", "false", 1, True, "The claim is inaccurate."),
    ("Unverifiable", "unverifiable", None, True, "The available evidence can neither confirm nor refute the claim."),
]
ROLES = ("reviewer", "editor", "admin")


def create_defaults(apps, schema_editor):
    RatingScale = apps.get_model("annotations", "RatingScale")
    Rating = apps.get_model("annotations", "Rating")
    Group = apps.get_model("auth", "Group")
    scale, _ = RatingScale.objects.get_or_create(
        slug="standard", defaults={"name": "Standard", "best_value": 6, "worst_value": 1, "is_default": True}
    )
    for position, (label, slug, value, requires_rationale, description) in enumerate(DEFAULT_RATINGS):
        Rating.objects.get_or_create(
            scale=scale, slug=slug,
            defaults={"label": label, "value": value, "requires_rationale": requires_rationale,
                      "description": description, "position": position},
        )
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
