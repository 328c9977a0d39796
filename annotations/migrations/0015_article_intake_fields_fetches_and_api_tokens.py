"""Intake: the article's author and canonical URL, fetches of URLs, and people's own API tokens."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0014_dashboard_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What it is for, so its owner can tell it apart.', max_length=100)),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('key_start', models.CharField(editable=False, help_text="The key's first characters.", max_length=12)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='To the minute.', null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'API token',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ArticleFetch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.CharField(help_text='The address as it was asked for.', max_length=2000)),
                ('url_key', models.CharField(db_index=True, help_text='SHA-256 of its canonical form.', max_length=64)),
                ('state', models.CharField(choices=[('queued', 'Queued'), ('fetching', 'Fetching'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=16)),
                ('error', models.TextField(blank=True, help_text='Why it failed, or why it is being tried again.')),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('duplicate', models.BooleanField(default=False, help_text='It led to an article imported before.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['state', 'updated_at'], name='articlefetch_state_updated')],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='author',
            field=models.CharField(blank=True, help_text='The byline, as the page gives it.', max_length=300),
        ),
        migrations.AddField(
            model_name='article',
            name='canonical_url',
            field=models.CharField(blank=True, editable=False, help_text="The URL's canonical form (tracking parameters and fragment dropped): what makes two imports of one page the same.", max_length=2000),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='author',
            field=models.CharField(blank=True, help_text='The byline, as the page gives it.', max_length=300),
        ),
        migrations.AddField(
            model_name='article',
            name='url_key',
            field=models.CharField(blank=True, editable=False, help_text='SHA-256 of the canonical URL; unique when set.', max_length=64),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='canonical_url',
            field=models.CharField(blank=True, editable=False, help_text="The URL's canonical form (tracking parameters and fragment dropped): what makes two imports of one page the same.", max_length=2000),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='url_key',
            field=models.CharField(blank=True, editable=False, help_text='SHA-256 of the canonical URL; unique when set.', max_length=64),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(condition=models.Q(('url_key', ''), _negated=True), fields=('url_key',), name='article_url_key_unique'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='revoked_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='articlefetch',
            name='article',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='fetches', to='annotations.article'),
        ),
        migrations.AddField(
            model_name='articlefetch',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
