"""A stand-in Redis server for `make run` on machines without redis-server.

In-memory and single-process: enough for one developer's laptop, never for
production (use a real Redis through REDIS_URL there).
"""

import sys

from fakeredis import TcpFakeServer

if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    server = TcpFakeServer(("127.0.0.1", port), server_type="redis")
    print(f"fakeredis listening on 127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
