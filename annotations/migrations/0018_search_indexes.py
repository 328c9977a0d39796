"""Full-text indexes: GIN on the search documents (PostgreSQL), FTS5 tables and triggers (SQLite).

Not in ``Meta.indexes``: a GIN index is SQL that SQLite refuses, and FTS5
tables are not models. ``annotations.fulltext`` has the statements.
"""

from django.db import migrations


def install(apps, schema_editor):
    from annotations import fulltext

    fulltext.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from annotations import fulltext

    fulltext.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0017_search_documents")]

    operations = [migrations.RunPython(install, uninstall)]
