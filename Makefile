# Quick start: `make run` (SQLite, demo data, http://127.0.0.1:8000) and `make test`.
# `make run HOST=0.0.0.0:8080` serves elsewhere; links in e-mail follow HOST unless
# HELPDESK_SITE_URL is set.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Development commands run with DEBUG on: with it off the settings refuse to start without
# SECRET_KEY and ALLOWED_HOSTS (helpdesk/startup.py), and seed_demo refuses to run.
DEV := DEBUG=1

.PHONY: install run migrate seed test lint check browsers messages bench clean worker beat wheel

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV) $(PY) manage.py migrate --noinput

seed: migrate
	$(DEV) $(PY) manage.py seed_demo

run: seed
	$(DEV) HELPDESK_SITE_URL="$${HELPDESK_SITE_URL:-http://$(HOST)}" $(PY) manage.py runserver $(HOST)

# The wheel docs/operations.md installs: dist/helpdesk-<version>-py3-none-any.whl.
wheel: install
	$(PY) -m pip wheel --quiet --no-deps --wheel-dir dist .

# Background work (needs REDIS_URL; without it tasks run in-process and neither is needed).
worker: install
	$(VENV)/bin/celery -A helpdesk worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A helpdesk beat --loglevel=INFO

# ruff, then the layers (.importlinter: imports point down, the ways in stay apart, only the
# public surface of tickets is imported from outside, core imports no app).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: install
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

# Runs on SQLite unless DATABASE_URL points at PostgreSQL (CI does).
test: lint check
	$(VENV)/bin/pytest

messages: install
	$(DEV) $(PY) manage.py makemessages -l es -l en --ignore=.venv --ignore=build
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache dist build
