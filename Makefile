# The two commands a new user needs: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test setup translations db lint format remove-sample-data clean

run: db ## Set up, load the demo data and serve at http://127.0.0.1:$(PORT)
	@DJANGO_DEBUG=1 $(PY) manage.py ensure_admin --url http://127.0.0.1:$(PORT)/admin/
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup translations ## Set up and run the whole test suite (on PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.12 for example.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

translations: setup ## Compile the Persian and Arabic catalogues in locale/
	@DJANGO_DEBUG=1 $(PY) manage.py compile_translations -v 0

db: setup translations ## Create or update the database and load the demo data
	@mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DJANGO_DEBUG=1 $(PY) manage.py load_demo

remove-sample-data: setup ## Remove the invented sample artisans and their participations
	DJANGO_DEBUG=1 $(PY) manage.py remove_sample_data

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtual environment and caches (keeps the database in var/)
	rm -rf $(VENV) .pytest_cache .ruff_cache

.PHONY: bench
bench: setup translations ## Benchmark pages and CSV export (builds var/bench/ first; BENCH_ARGS="--quick" or "--backend postgresql")
	$(BIN)/pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(PY) benchmarks/run.py $(BENCH_ARGS)
