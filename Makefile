# The two commands the README starts with: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test test-integration lint check clean drills fuzz

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	./scripts/run.sh

test: install
	$(BIN)/python -m pytest

# The recovery drills with the production defaults, five trials each, timings printed (README, "Limits and recovery").
drills: install
	DRILL_TRIALS=5 DRILL_ARTICLES=100 DRILL_VISIBILITY_TIMEOUT=60 DRILL_RESTORE_SECONDS=5 \
	  $(BIN)/python -m pytest -s -p no:cacheprovider tests/integration/test_broker_outage.py \
	  tests/integration/test_worker_recovery.py

# The schema fuzz at five times the examples CI runs.
fuzz: install
	FUZZ_EXAMPLES=300 $(BIN)/python -m pytest -s -p no:cacheprovider tests/api/test_schema_fuzz.py

lint: install
	$(BIN)/ruff check .

# What CI checks besides the tests.
check: install
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY=ci-check-deploy-key-with-enough-length-and-entropy-0123456789abcdef ALLOWED_HOSTS=factcheck.example \
	  SECURE_SSL_REDIRECT=1 SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=1 SECURE_HSTS_PRELOAD=1 \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .run staticfiles
