# Tongban — two commands for a fresh machine:
#   make run    install, migrate an SQLite database, load demo data, serve web + worker + scheduler
#   make test   install what the tests need and run every gate on SQLite and PostgreSQL
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
BIN := $(VENV)/bin
TB := $(BIN)/tongban
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/tongban
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist workers: each has its own test database, Redis database and var/ directory
# (config/settings/test.py); 0 runs the suite in one process.
PYTEST_WORKERS ?= 2
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/tongban_bench
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test lint typecheck architecture checks test-sqlite test-postgres e2e openapi messages system-deps bench load reliability clean

help:
	@echo "make run   — run Tongban locally (SQLite, demo data) on http://127.0.0.1:$(PORT)"
	@echo "make test  — the whole test suite on SQLite and PostgreSQL, browser tests included"

$(BIN)/uv:
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check uv==0.13.9

$(VENV)/.run-deps: requirements/base.txt pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements/base.txt
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

$(VENV)/.test-deps: requirements/dev.txt pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements/dev.txt
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@ $(VENV)/.run-deps

# `make load` only: locust and its gevent, zmq and flask stay out of the test environment.
$(VENV)/.load-deps: requirements/load.txt $(VENV)/.test-deps
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements/load.txt
	touch $@

run: $(VENV)/.run-deps
	DJANGO_SETTINGS_MODULE=tongban.config.settings.dev $(TB) migrate --noinput -v 0
	DJANGO_SETTINGS_MODULE=tongban.config.settings.dev $(TB) demo
	DJANGO_SETTINGS_MODULE=tongban.config.settings.dev $(TB) serve --port $(PORT)

system-deps:
	@scripts/ensure-system-deps.sh

# compilemessages skips a .mo no older than its .po, and a fresh clone gives both the same
# time: touch the catalogues so the .mo files always come from the .po files.
messages: $(VENV)/.test-deps
	find src/tongban -path '*/locale/*' -name django.po -exec touch {} +
	cd src/tongban && ../../$(TB) compilemessages -v 0 --ignore '.venv'

lint: $(VENV)/.test-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.test-deps
	$(BIN)/mypy

architecture: $(VENV)/.test-deps
	$(BIN)/lint-imports

checks: $(VENV)/.test-deps
	DJANGO_SETTINGS_MODULE=tongban.config.settings.test $(TB) makemigrations --check --dry-run -v 1
	DJANGO_SETTINGS_MODULE=tongban.config.settings.test $(TB) check --fail-level WARNING

test-sqlite: $(VENV)/.test-deps messages
	$(BIN)/pytest -m "" -q -n $(PYTEST_WORKERS)

# The PostgreSQL pass runs as production does: Redis for cache, throttles and sessions.
test-postgres: $(VENV)/.test-deps messages
	DATABASE_URL=$(PG_URL) CACHE_URL=$(TEST_REDIS_URL) $(BIN)/pytest -m "" -q -n $(PYTEST_WORKERS)

test: system-deps $(VENV)/.test-deps lint typecheck architecture checks test-sqlite test-postgres

openapi: $(VENV)/.test-deps
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=tongban.config.settings.test $(TB) spectacular --lang en --file openapi/tongban.yaml --validate

bench: $(VENV)/.test-deps
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'tongban_bench'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE tongban_bench'
	BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python -m bench

# HTTP load on gunicorn (prod settings, database tongban_load), ~3-5 min; not in `bench`
# because it starts servers and takes the whole machine.
load: $(VENV)/.load-deps
	$(BIN)/python -m bench.load --write

reliability: $(VENV)/.test-deps
	scripts/schemathesis.sh
	SCHEMATHESIS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_harness scripts/schemathesis.sh
	scripts/backup_roundtrip.sh
	BACKUP_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_harness scripts/backup_roundtrip.sh
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_harness $(BIN)/pytest -q -rs tests/reliability tests/ops/test_seed.py

clean:
	rm -rf $(VENV) var
