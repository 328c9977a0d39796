"""gunicorn's settings, read from the working directory (``gunicorn factcheck.wsgi`` in the repository root).

The command line still names the workers and the address (README, "Running in production").
"""

# The master loads the app once (factcheck.wsgi warms every module up) and forks the workers,
# which share those pages instead of each loading its own copy: about 60 MiB less per worker
# (docs/benchmarks.md, "Memory"). Nothing connects at import, so no socket is shared by a fork.
preload_app = True
