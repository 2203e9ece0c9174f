# Guichet — `make demo` runs it with demo data, `make test` runs the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_PERSONS ?= 5000
DEMO_SEED ?= 1
DEMO_REQUESTS ?= 400
DEMO_ENROLMENTS ?= 300
DEMO_ASSOCIATIONS ?= 20
DEMO_DUPLICATES ?= 60

.PHONY: install install-dev messages demo serve worker test test-fast lint typecheck migrations-check bench clean-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The dev install includes the `spark` extra (pyspark), so that the Spark engine's test runs in CI as everywhere.
$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $@

install: $(VENV)/.installed messages

install-dev: $(VENV)/.installed-dev messages

# Translation catalogues are compiled with Babel, so GNU gettext is not needed to run Guichet.
messages: $(VENV)/.installed
	for catalogue in guichet/locale guichet/*/locale; do \
		$(BIN)/pybabel compile --domain django --directory $$catalogue --statistics || exit 1; \
	done

demo: install
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) load_territory
	$(MANAGE) load_communes guichet/territory/data/communes_demo.csv
	$(MANAGE) seed_demo --persons $(DEMO_PERSONS) --seed $(DEMO_SEED) --if-empty --staff --network --requests $(DEMO_REQUESTS) \
		--training $(DEMO_ENROLMENTS) --associations $(DEMO_ASSOCIATIONS) --duplicates $(DEMO_DUPLICATES) | tee var/demo-seed.log
	$(MANAGE) load_population guichet/insights/data/population_demo.csv
	$(MANAGE) insights_refresh --full
	$(MANAGE) match_train
	$(MANAGE) match_persons
	@echo ""
	@echo "Guichet runs at http://127.0.0.1:8000/  (stop with Ctrl-C)"
	@echo "Demo logins, password 'demo' (admin, centre, steward and supervisor also ask for a code from an"
	@echo "authenticator app: add the secret below to FreeOTP, Aegis or Google Authenticator):"
	@grep "TOTP secret:" var/demo-seed.log || true
	@echo "  admin       administrator"
	@echo "  agent       window agent, Casablanca-Settat"
	@echo "  centre      staff of a disability assistance centre, Casablanca-Settat"
	@echo "  steward     data steward"
	@echo "  supervisor  supervisor of the Casablanca-Settat region"
	@echo "  coordinator training coordinator;  facilitator  facilitator of training cohorts"
	@echo "  officer     programme officer (associations), Casablanca-Settat;  association  an association's manager"
	@grep "tracking page" var/demo-seed.log || true
	@echo ""
	$(MANAGE) db_worker & WORKER=$$!; $(MANAGE) notify_sweep --every 60 & SWEEP=$$!; \
	trap "kill $$WORKER $$SWEEP 2>/dev/null" EXIT INT TERM; \
	GUICHET_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) db_worker

# `make serve`: the production stack on this machine — gunicorn with deploy/gunicorn.conf.py, the worker and the
# outbox sweep, on PostgreSQL and Redis, GUICHET_DEBUG off, static files collected (hashed names, compressed).
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/guichet_serve
SERVE_REDIS_URL ?= redis://127.0.0.1:6379/0
SERVE_ADDRESS ?= 127.0.0.1:8000
serve: export GUICHET_DEBUG = 0
serve: export GUICHET_SECRET_KEY = $(shell cat var/serve-secret-key 2>/dev/null)
serve: export DATABASE_URL = $(SERVE_DATABASE_URL)
serve: export GUICHET_REDIS_URL = $(SERVE_REDIS_URL)
serve: export GUICHET_WEB_BIND = $(SERVE_ADDRESS)

# Generated once, then reused: sessions and links signed by one `make serve` still hold in the next.
var/serve-secret-key:
	mkdir -p var
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

# Collected again only when a static file changed (compressing them all takes a while).
staticfiles/staticfiles.json: $(shell find guichet/static -type f) $(VENV)/.installed
	$(MANAGE) collectstatic --no-input --verbosity 0
	touch $@

serve: install var/serve-secret-key staticfiles/staticfiles.json
	$(BIN)/python deploy/serve_prepare.py "$$DATABASE_URL" "$$GUICHET_REDIS_URL"
	$(MANAGE) migrate --no-input --verbosity 0
	@echo ""
	@echo "Guichet (gunicorn, worker, outbox sweep; PostgreSQL $(SERVE_DATABASE_URL), Redis $(SERVE_REDIS_URL))"
	@echo "runs at http://$(SERVE_ADDRESS)/  — Ctrl-C stops all three. Its territory and a first account:"
	@echo "  DATABASE_URL=$(SERVE_DATABASE_URL) $(MANAGE) load_territory  (then createsuperuser)"
	@echo ""
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py guichet.wsgi & WEB=$$!; \
	$(MANAGE) db_worker & WORKER=$$!; \
	$(MANAGE) notify_sweep --every 60 & SWEEP=$$!; \
	trap 'kill $$WEB $$WORKER $$SWEEP 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	wait -n

test: install-dev
	bash e2e/ensure_chromium.sh
	bash e2e/ensure_java.sh
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy

migrations-check: install
	mkdir -p var
	$(MANAGE) makemigrations --check --dry-run

bench: install-dev
	$(BIN)/python bench/search.py
	$(BIN)/python bench/request_pages.py
	$(BIN)/python bench/programmes.py
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/matching_scale.py

clean-demo:
	rm -f var/guichet.sqlite3 var/guichet.sqlite3-wal var/guichet.sqlite3-shm
