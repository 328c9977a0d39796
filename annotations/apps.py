from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self):
        # Registers the Celery tasks in every process (web, commands, workers), so
        # services can send them by name without importing the tasks module.
        from annotations import fulltext, tasks  # noqa: F401

        # SQLite drops a table's triggers when Django rebuilds the table: put back the search's.
        post_migrate.connect(fulltext.ensure_after_migrate, sender=self)
