"""The index the dashboard's per-reviewer figure reads alone, made once 0019 filled the pairings."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0025_fill_verdict_pairing"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='verdict',
            index=models.Index(condition=models.Q(('withdrawn_at__isnull', True)), fields=['created_at', 'reviewer', 'pairing'], name='verdict_standing_pairing'),
        ),
    ]
