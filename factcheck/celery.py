import gc
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _load_models(**kwargs):
    """Load the splitter's and the matcher's models in the worker's main process, before it forks its pool.

    Otherwise each pool process loads them in its first task (about 0.8 s of
    CPU for the splitter: the arrays, the vocabulary and the convolution's
    lookup tables), which the first article split by each process waited for;
    loaded here, the processes share the pages.
    """
    from annotations import splitting
    from annotations.matching import embedder, pair_model, suggestion_model

    splitting.split_text("Officials said on Tuesday that 40 people were hurt.")
    embedder()
    pair_model()
    suggestion_model()
    freeze_for_fork()


def freeze_for_fork() -> None:
    """Keep the garbage collector off the objects loaded so far, so forked processes keep sharing their pages.

    A collection walks every tracked object and writes to it, which copies the
    page it lives on into the child that collects: the shared models and modules
    would become private memory, one copy per process, within minutes.
    """
    gc.collect()
    gc.freeze()
