"""Give the articles imported before intake kept them their canonical URL and its key.

Where two older articles share a canonical URL, the first keeps the key (the
unique one) and the later ones keep only the URL: nothing is deleted.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from annotations.intake.identity import canonical_url
    from annotations.models import url_key_of

    Article = apps.get_model("annotations", "Article")
    seen, changed = set(), []
    for article in Article.objects.exclude(url="").order_by("pk").only("pk", "url").iterator(chunk_size=2000):
        canonical = canonical_url(article.url)
        key = url_key_of(canonical)
        article.canonical_url = canonical
        article.url_key = key if key not in seen else ""
        seen.add(key)
        changed.append(article)
        if len(changed) == 2000:
            Article.objects.bulk_update(changed, ["canonical_url", "url_key"])
            changed = []
    Article.objects.bulk_update(changed, ["canonical_url", "url_key"])


class Migration(migrations.Migration):
    dependencies = [("annotations", "0015_article_intake_fields_fetches_and_api_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
