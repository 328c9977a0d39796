"""Full-text search: a stored tsvector beside each searchable row (NULL on SQLite; see search_indexes)."""

import django.contrib.postgres.search
from django.db import migrations, models

import annotations.models


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0016_fill_article_canonical_urls'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=annotations.models.SearchDocument(('title', 'A'), ('source', 'B'), ('author', 'B')), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.AddField(
            model_name='claim',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=annotations.models.SearchDocument(('text', 'A')), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.AddField(
            model_name='factcheck',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=annotations.models.SearchDocument(('summary', 'B'), ('claimant', 'B')), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
    ]
