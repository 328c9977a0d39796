"""gunicorn's settings, read from the working directory (``gunicorn factcheck.wsgi`` in the repository root).

The command line still names the workers and the address (README, "Running in production").
"""

import os

# The master loads the app once (factcheck.wsgi warms every module up) and forks the workers,
# which share those pages instead of each loading its own copy: about 60 MiB less per worker
# (docs/benchmarks.md, "Memory"). Nothing connects at import, so no socket is shared by a fork.
preload_app = True

# Each worker touches a heartbeat file between requests (os.fchmod); on a disk-backed /tmp that is
# a metadata write per request. gunicorn's documentation advises a memory-backed directory.
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    worker_tmp_dir = "/dev/shm"
