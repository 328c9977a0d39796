import os

# The splitter and the matcher multiply small matrices, and every process here
# (a web worker, a Celery worker process, a command) already has a core of its
# own to use: BLAS threads only spin against the other processes, which cost
# the splitter twice its time when measured (docs/benchmarks.md). Set before
# numpy is first imported; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
