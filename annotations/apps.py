from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self):
        # Registers the Celery tasks in every process (web, commands, workers), so
        # services can send them by name without importing the tasks module.
        from annotations import tasks  # noqa: F401
