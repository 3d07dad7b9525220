# The portal's commands. `make run` and `make test` work on a fresh machine with
# Python 3.11+ and make; everything else is installed into .venv from constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_INITIATIVES ?= 200
HOST ?= 127.0.0.1:8000
# pytest workers for `make test` (pytest-xdist): one a core; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: run demo test lint install install-test migrate data messages lock clean bench-search bench-export bench audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

# axe-core, the Nu Html Checker and Lighthouse for the browser checks (tests/browser/), at
# the versions of package-lock.json; no install script runs, so nothing downloads a
# browser. Without npm the browser tests skip and say why.
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund && touch $@; fi

migrate: install
	$(PY) manage.py migrate --noinput

# The district's real records and its real initiatives with their sources.
data: migrate
	$(PY) manage.py load_district
	$(PY) manage.py load_initiatives

run: data
	@echo
	@echo "The portal: http://$(HOST)/  (admin: http://$(HOST)/ar/admin/)"
	@echo "To create a staff account: $(PY) manage.py createsuperuser"
	@echo
	$(PY) manage.py runserver $(HOST)

# The same with generated demo initiatives shown beside the real ones, under a banner.
demo: data
	$(PY) manage.py seed_demo --initiatives $(DEMO_INITIATIVES) --if-absent
	DEMO_DATA=1 $(PY) manage.py runserver $(HOST)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS)

# Search on 100,000 demo initiatives in PostgreSQL (not part of `make test`).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/azemmour_bench
BENCH_INITIATIVES ?= 100000
bench-search: install
	$(PY) manage.py ensure_database --url $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_district -v0
	DEMO_DATA=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_demo --initiatives $(BENCH_INITIATIVES) --if-absent
	DEMO_DATA=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_search

# Peak memory of the streamed CSV export for 1,000 and 100,000 demo initiatives (not part of
# `make test`). A database of its own: a SQLite file by default, or
# EXPORT_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/azemmour_bench_export (create it first).
EXPORT_BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench-export.sqlite3
bench-export: install
	$(PY) manage.py bench_export --database-url $(EXPORT_BENCH_DATABASE_URL)

# Each public page under gunicorn (production settings, 2 workers) driven by wrk on loopback,
# next to a constant page (the ceiling): cached in Redis, in local memory, and not at all;
# 10,000 demo initiatives in PostgreSQL. Not part of `make test`; prints a table, writes
# var/bench/.
PAGES_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/azemmour_bench_pages
PAGES_BENCH_INITIATIVES ?= 10000
PAGES_BENCH_REDIS_URL ?= redis://127.0.0.1:6379/0
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) manage.py ensure_database --url $(PAGES_BENCH_DATABASE_URL)
	DATABASE_URL=$(PAGES_BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(PAGES_BENCH_DATABASE_URL) $(PY) manage.py load_district -v0
	DEMO_DATA=1 DATABASE_URL=$(PAGES_BENCH_DATABASE_URL) $(PY) manage.py seed_demo --initiatives $(PAGES_BENCH_INITIATIVES) --if-absent
	DEBUG=0 DEMO_DATA=1 DATABASE_URL=$(PAGES_BENCH_DATABASE_URL) $(PY) manage.py bench_pages --redis-url $(PAGES_BENCH_REDIS_URL)

# Lighthouse (npm, pinned in package-lock.json; Debian's Chromium) on the home, initiatives,
# initiative, commune and search pages in Arabic and French, served by gunicorn with
# production settings and demo data. Not part of `make test`; writes var/audit/summary.json.
audit: install
	bash scripts/audit.sh

# Refresh the translation catalogues after changing interface strings (needs GNU gettext);
# the compiled .mo files are committed so a fresh machine needs no system package.
messages: install
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=var --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

# Re-pin every installed version after changing pyproject.toml.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test,s3,sentry]'
	.lock-venv/bin/pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var/static
