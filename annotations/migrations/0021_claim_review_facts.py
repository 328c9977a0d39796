"""The dashboard's facts about each claim's review, on the claim's row (docs/dashboard.md).

Added empty here (a default or NULL: no table rewrite), filled from the
verdicts and the audit trail by 0016, indexed by 0017 once filled.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0020_claim_facts_duplicates_and_dates'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='first_ready_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='The first time it became ready for approval.', null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='first_verdict_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When the first of its standing verdicts was given.', null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='last_ordinal_rating_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When the last of its standing verdicts on the ordinal scale was given.', null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='ordinal_ratings',
            field=models.PositiveSmallIntegerField(default=0, editable=False, help_text='How many of its standing verdicts rate it on the ordinal scale.'),
        ),
        migrations.AddField(
            model_name='claim',
            name='ratings_differ',
            field=models.BooleanField(default=False, editable=False, help_text='Its standing verdicts do not all give the same rating.'),
        ),
        migrations.AddField(
            model_name='claim',
            name='verdicts_standing',
            field=models.PositiveSmallIntegerField(default=0, editable=False, help_text='How many verdicts on it stand (withdrawn ones do not).'),
        ),
    ]
