"""Reviewers' work is withdrawn or retracted instead of deleted; a claim can be covered by a twin's
fact-check; the fact-check records the claimant's kind and the claim's date; audit events keep before
and after."""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0011_claim_queue_order_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='verdict',
            options={'ordering': ['claim_id', 'created_at'], 'permissions': [('withdraw_verdict', "Can withdraw any reviewer's verdict (audited; nothing is deleted)")]},
        ),
        migrations.RemoveConstraint(
            model_name='verdict',
            name='one_verdict_per_reviewer_per_claim',
        ),
        migrations.AddField(
            model_name='auditevent',
            name='after',
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='before',
            field=models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
        ),
        migrations.AddField(
            model_name='claim',
            name='covered_by',
            field=models.ForeignKey(blank=True, help_text='The published fact-check of a twin claim that this claim is one more appearance of.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='covered_claims', to='annotations.factcheck'),
        ),
        migrations.AddField(
            model_name='evidence',
            name='retracted_at',
            field=models.DateTimeField(blank=True, help_text='Set when retracted; it no longer counts.', null=True),
        ),
        migrations.AddField(
            model_name='evidence',
            name='retracted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='evidence',
            name='retraction_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='factcheck',
            name='claim_date',
            field=models.DateField(blank=True, help_text='When the claim was made (ClaimReview itemReviewed.datePublished).', null=True),
        ),
        migrations.AddField(
            model_name='factcheck',
            name='claimant_kind',
            field=models.CharField(blank=True, choices=[('Person', 'A person'), ('Organization', 'An organisation')], help_text='Whether the claimant is a person or an organisation (itemReviewed.author.@type).', max_length=12),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='covered_by',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The published fact-check of a twin claim that this claim is one more appearance of.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='annotations.factcheck'),
        ),
        migrations.AddField(
            model_name='historicalevidence',
            name='retracted_at',
            field=models.DateTimeField(blank=True, help_text='Set when retracted; it no longer counts.', null=True),
        ),
        migrations.AddField(
            model_name='historicalevidence',
            name='retracted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalevidence',
            name='retraction_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='historicalfactcheck',
            name='claim_date',
            field=models.DateField(blank=True, help_text='When the claim was made (ClaimReview itemReviewed.datePublished).', null=True),
        ),
        migrations.AddField(
            model_name='historicalfactcheck',
            name='claimant_kind',
            field=models.CharField(blank=True, choices=[('Person', 'A person'), ('Organization', 'An organisation')], help_text='Whether the claimant is a person or an organisation (itemReviewed.author.@type).', max_length=12),
        ),
        migrations.AddField(
            model_name='historicalverdict',
            name='withdrawal_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='historicalverdict',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='Set when withdrawn; it no longer counts.', null=True),
        ),
        migrations.AddField(
            model_name='historicalverdict',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='verdict',
            name='withdrawal_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='verdict',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, help_text='Set when withdrawn; it no longer counts.', null=True),
        ),
        migrations.AddField(
            model_name='verdict',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='claim',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('in_review', 'In review'), ('disagreement', 'Disagreement'), ('ready', 'Ready for approval'), ('returned', 'Returned to reviewers'), ('published', 'Approved and published'), ('covered', 'Covered by a published fact-check'), ('dismissed', 'Dismissed (not a claim)')], default='open', max_length=16),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='annotations.claim'),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='status',
            field=models.CharField(choices=[('open', 'Open'), ('in_review', 'In review'), ('disagreement', 'Disagreement'), ('ready', 'Ready for approval'), ('returned', 'Returned to reviewers'), ('published', 'Approved and published'), ('covered', 'Covered by a published fact-check'), ('dismissed', 'Dismissed (not a claim)')], default='open', max_length=16),
        ),
        migrations.AlterField(
            model_name='verdict',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='verdicts', to='annotations.claim'),
        ),
        migrations.AddConstraint(
            model_name='verdict',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('claim', 'reviewer'), name='one_standing_verdict_per_reviewer_per_claim'),
        ),
    ]
