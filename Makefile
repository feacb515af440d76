# Two commands: `make run` and `make test` (README, Quick start).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint typecheck migrations-check serve setup clean bench layers

# The venv is rebuilt when a lock file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

# The demo as production answers it (Thai error pages): songkhla_network/settings_demo.py.
# Beside the server: a task worker and the scheduler (every minute), stopped with it.
run: export DJANGO_SETTINGS_MODULE = songkhla_network.settings_demo
run: $(BIN)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py db_worker --queue-name '*' --no-reload --interval 2 & worker=$$!; \
	$(BIN)/python manage.py run_periodic --loop & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: PostgreSQL when DATABASE_URL is set, SQLite otherwise.
test: $(BIN)/.installed
	$(BIN)/python -m pytest

# Pages under gunicorn on PostgreSQL at factors 1 and 10, and a load run (bench/run.py);
# writes bench/results.md. The databases songkhla_bench_f1/_f10 are built once and kept.
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over the service, selector and policy layers ([tool.mypy]).
typecheck: $(BIN)/.installed
	$(BIN)/mypy

# Imports run one way: no module imports a layer above its own (tools/layers.py).
layers: $(BIN)/.installed
	$(BIN)/python tools/layers.py

migrations-check: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/static .pytest_cache
