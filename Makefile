# The OCOP Portal's commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install messages translations worker beat serve lint check-deploy e2e bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compile the translations (needs gettext's msgfmt).
translations: install
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --verbosity 0

# Extract new strings into locale/vi after changing code or templates; then translate them.
messages: install
	$(BIN)/python manage.py makemessages -l vi --ignore=$(VENV) --ignore=staticfiles --no-location

run: translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving the OCOP Portal at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

e2e: translations
	$(BIN)/python -m pytest e2e $(PYTEST_ARGS)

# A Celery worker for REDIS_URL (without REDIS_URL tasks run in the web process and no worker is needed).
worker: install
	$(BIN)/celery -A ocop_portal worker --loglevel=info --max-tasks-per-child=50

# Benchmarks print figures; they are not tests (bench/README.md). BENCH_ARGS go to the import and report ones, e.g.
# --database-url postgres://…/bench_scratch (each run creates and drops it); IMPORT_BENCH_ARGS / REPORT_BENCH_ARGS /
# PAGES_BENCH_ARGS to one. The pages benchmark (PostgreSQL, wrk, gunicorn) prints the table with the others' figures.
bench: install
	mkdir -p bench/out
	$(BIN)/python bench/import_ideas.py --json bench/out/import.json $(BENCH_ARGS) $(IMPORT_BENCH_ARGS)
	$(BIN)/python bench/report_generation.py --json bench/out/report.json $(BENCH_ARGS) $(REPORT_BENCH_ARGS)
	$(BIN)/python bench/pages.py --import-json bench/out/import.json --report-json bench/out/report.json \
		--json bench/out/pages.json --runs 2 $(PAGES_BENCH_ARGS)

# Load test: 50 users for 60 s against bin/serve on a scratch PostgreSQL database (bench/README.md); LOAD_ARGS e.g.
# --seed-scale
load: install
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# Celery beat: the periodic tasks (certificate expiry reminders, period-end reports, the stuck-report sweep). Run beside `make worker`.
beat: install
	$(BIN)/celery -A ocop_portal beat --loglevel=info --schedule=$(VENV)/celerybeat-schedule

# Production serving on one machine: gunicorn, a Celery worker and beat, DEBUG off, static files through whitenoise.
# Needs SECRET_KEY, DATABASE_URL and REDIS_URL (see docs/operations.md); run migrate first. Ctrl+C stops all three.
serve: translations
	BIN=$(BIN) bin/serve

lint: install
	$(BIN)/ruff check .

check-deploy: install
	$(BIN)/python manage.py check --deploy

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
