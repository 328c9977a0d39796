"""The indexes the dashboard's review figures read their date ranges from, made once 0016 filled the columns."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0022_fill_claim_review_facts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('first_verdict_at__isnull', False)), fields=['first_verdict_at', 'article'], name='claim_first_verdict_at'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('first_ready_at__isnull', False)), fields=['first_ready_at', 'article'], name='claim_first_ready_at'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('ordinal_ratings__gte', 2)), fields=['last_ordinal_rating_at'], name='claim_doubly_rated_at'),
        ),
    ]
