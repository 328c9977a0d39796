"""Indexes the dashboard reads alone (docs/dashboard.md): an article's import time by id; the claims made in a
range with their status, assignee and id (claims split per day, the linking backlog, the queue's recent ages); a
claim's standing verdicts with their ratings (the agreement's pairs)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0026_verdict_pairing_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['id', 'created_at'], name='article_id_created_at'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('kind', 'claim')), fields=['created_at', 'status', 'assignee', 'id'], name='claim_made_status_assignee'),
        ),
        migrations.AddIndex(
            model_name='verdict',
            index=models.Index(condition=models.Q(('withdrawn_at__isnull', True)), fields=['claim', 'id', 'rating'], name='verdict_standing_claim_rating'),
        ),
    ]
