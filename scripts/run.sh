#!/usr/bin/env bash
# `make run`: Redis, a Celery worker (with the beat scheduler), the seeds, demo
# users and the web server, all on 127.0.0.1. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-1}"
PORT="${PORT:-8000}"
REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT}/0}"
PY=.venv/bin/python
mkdir -p .run
pids=()

cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped."
}
trap cleanup INT TERM EXIT

redis_up() { "$PY" -c "import redis,sys; redis.Redis.from_url('$REDIS_URL', socket_timeout=1).ping()" 2>/dev/null; }

if "$PY" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Port $PORT is already in use; stop that server or run PORT=8001 make run." >&2
  exit 1
fi

"$PY" manage.py migrate --noinput

if redis_up; then
  echo "Using the Redis already running at $REDIS_URL"
else
  if ! command -v redis-server >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "redis-server is missing; installing it with apt-get..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null || true
  fi
  if command -v redis-server >/dev/null; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir .run >.run/redis.log 2>&1 &
    pids+=($!)
  else
    echo "No redis-server and no way to install it: using fakeredis (in-memory, for local use only)."
    "$PY" scripts/fake_redis_server.py "$REDIS_PORT" >.run/redis.log 2>&1 &
    pids+=($!)
  fi
  for _ in $(seq 50); do redis_up && break; sleep 0.1; done
  redis_up || { echo "Redis did not start; see .run/redis.log" >&2; exit 1; }
fi

# Below the web server's priority: a bulk import must not slow the pages down.
nice -n 10 .venv/bin/celery -A factcheck worker --beat --schedule .run/celerybeat-schedule \
  --loglevel=INFO --concurrency=2 --without-gossip --without-mingle >.run/celery.log 2>&1 &
pids+=($!)
echo "Celery worker started (log: .run/celery.log)"

"$PY" manage.py load_seeds --wait --timeout 120
"$PY" manage.py create_demo_users

echo
echo "Open http://127.0.0.1:$PORT/ and sign in with a user above. Ctrl-C stops everything."
# In the foreground, so Ctrl-C reaches it; the EXIT trap then stops the rest.
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload
