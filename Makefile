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
	$(BIN)/python bench/requests.py
	$(BIN)/python bench/programmes.py
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/matching_scale.py

clean-demo:
	rm -f var/guichet.sqlite3 var/guichet.sqlite3-wal var/guichet.sqlite3-shm
