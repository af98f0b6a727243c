# The two commands a new user needs: `make demo` and `make test`. Both create .venv on first use.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# A fixed, small league for tests: season 2025-26 seen from its fourth week.
FIXTURE_DB := $(CURDIR)/build/fixture.duckdb
FIXTURE_AS_OF := 2025-11-12T12:00:00
# The dbt parse gate: every dbt warning is an error.
WARN_ERROR := --warn-error

.PHONY: help install demo test smoke pytest reliability dbt-parse dbt-fixture docs-check bq-compile cost-guard lint e2e bench bench-real clean emulator emulator-venvs

help:
	@echo "make demo   - simulate a season, build every phase, generate the docs site, print a summary"
	@echo "make test   - smoke tests, pytest, dbt parse --warn-error, dbt build on a fixture, sqlfluff"
	@echo "make e2e    - the demo, then its dashboard, report and docs site in headless Chromium"
	@echo "make bench  - benchmarks: build times, daily incremental cost, memory"
	@echo "make bench-real DATA=dir [START=2024-10-29] [END=2024-12-06] [OUT_DB=file] [PREDICTION_TIME=HH:MM | MINUTES_BEFORE_FIRST_TIP=N] - load, build, backtest real files: MAE vs the closing line and last-10, market measures, coverage, rows set aside, wall times"
	@echo "make smoke  - imports, every CLI verb's --help, dbt parse (under a minute)"
	@echo "make lint   - sqlfluff lint"
	@echo "make bq-compile - compile every model for BigQuery offline and parse it with sqlglot"
	@echo "make cost-guard - every incremental model reads partitioned tables by partition (BigQuery cost)"
	@echo "make emulator - CI stage 2: SQL models + tests on a local BigQuery emulator, bigframes check"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing pinned dependencies into $(VENV) (first time: about a minute)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e . \
		> $(VENV)/pip-install.log 2>&1 || { cat $(VENV)/pip-install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/nba-props demo

smoke: $(STAMP)
	$(BIN)/python -m pytest -q -m smoke
	$(BIN)/dbt parse $(WARN_ERROR) --quiet

# Both cores: one worker per core, each test file on one worker (its module fixtures built once).
PYTEST_WORKERS ?= 2
XDIST := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder
pytest: $(STAMP)
	$(BIN)/python -m pytest -q $(XDIST) -m "not smoke and not e2e and not reliability"

# Bad-input corpus, idempotency, crash recovery (a real SIGKILL) and injection, through the real CLI
# on a small simulated league (python_jobs/tests/reliability; a few minutes on 2 cores).
reliability: $(STAMP)
	$(BIN)/python -m pytest -q $(XDIST) -m reliability python_jobs/tests/reliability

dbt-parse: $(STAMP)
	$(BIN)/dbt parse $(WARN_ERROR)

dbt-fixture: $(STAMP)
	@mkdir -p build && rm -f $(FIXTURE_DB)
	NBA_PROPS_DB=$(FIXTURE_DB) $(BIN)/nba-props simulate --seasons 1 --seed 7 --as-of $(FIXTURE_AS_OF)
	NBA_PROPS_DB=$(FIXTURE_DB) $(BIN)/nba-props build

# The lineage site from the fixture warehouse, and the documentation gate on it.
docs-check: $(STAMP)
	NBA_PROPS_DB=$(FIXTURE_DB) $(BIN)/nba-props docs
	$(BIN)/python -m python_jobs.checks.docs_coverage

# Every node compiled for BigQuery offline (both incremental branches), parsed with sqlglot.
bq-compile: $(STAMP)
	$(BIN)/python -m python_jobs.checks.bigquery_compile

# Every incremental model's daily run reads partitioned tables through a constant partition filter.
cost-guard: $(STAMP)
	$(BIN)/python -m python_jobs.checks.cost_guard

# CI stage 2 (after make test): the SQL models and tests on a local BigQuery emulator (crucible),
# the BigQuery loader against it, and the Python model on bigframes' local engine. Each tool has its
# own venv, installed exactly from its lock file.
CRUCIBLE_STAMP := .venv-crucible/.installed-stamp
BIGFRAMES_STAMP := .venv-bigframes/.installed-stamp
$(CRUCIBLE_STAMP): .ci/crucible.lock
	@test -x .venv-crucible/bin/python || $(PYTHON) -m venv .venv-crucible
	@.venv-crucible/bin/python -m pip install --quiet --disable-pip-version-check -r .ci/crucible.lock
	@touch $@
$(BIGFRAMES_STAMP): .ci/bigframes.lock
	@test -x .venv-bigframes/bin/python || $(PYTHON) -m venv .venv-bigframes
	@echo "installing bigframes into .venv-bigframes (first time: about 1.5 minutes, 1.1 GB)"
	@.venv-bigframes/bin/python -m pip install --quiet --disable-pip-version-check -r .ci/bigframes.lock
	@touch $@
emulator-venvs: $(CRUCIBLE_STAMP) $(BIGFRAMES_STAMP)

emulator: $(STAMP) emulator-venvs
	$(BIN)/python -m python_jobs.checks.emulator_stage

lint: $(STAMP)
	@mkdir -p build
	NBA_PROPS_DB=$(CURDIR)/build/lint.duckdb $(BIN)/sqlfluff lint models tests analyses

test: smoke pytest reliability dbt-fixture docs-check bq-compile cost-guard lint
	@echo "make test: all checks passed"

# Browser tests: the demo's dashboard, report and lineage site rendered in headless Chromium
# (Debian's chromium package, installed here when missing). Screenshots: build/e2e/screenshots.
E2E_DIR := $(CURDIR)/build/e2e
e2e: $(STAMP)
	@command -v chromium >/dev/null || { echo "installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@rm -rf $(E2E_DIR) && mkdir -p $(E2E_DIR)
	NBA_PROPS_DB=$(E2E_DIR)/warehouse.duckdb DBT_TARGET_PATH=$(CURDIR)/target_e2e $(BIN)/nba-props demo
	NBA_PROPS_E2E_DIR=$(E2E_DIR) $(BIN)/python -m pytest -q -m e2e

# Speed and memory, measured side by side in one run (prints a table, writes bench/results/*.json).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# The pipeline on real raw files (DATA: a folder for nba-props load), in a fresh warehouse (a temporary
# one unless OUT_DB): load, build, backtest START..END, then accuracy against the line and the last-10
# average on the same rows, coverage, rows set aside, wall time per step (bench/results/real_*.json).
START ?= 2024-10-29
END ?= 2024-12-06
bench-real: $(STAMP)
	@test -n "$(DATA)" || { echo "make bench-real: DATA is required, the folder of raw files to load," \
		"e.g. make bench-real DATA=/work/shared/data/real_nba_2023_2025" >&2; exit 2; }
	$(BIN)/python bench/real.py "$(DATA)" --start $(START) --end $(END) $(if $(OUT_DB),--out-db "$(OUT_DB)") \
		$(if $(PREDICTION_TIME),--prediction-time $(PREDICTION_TIME)) \
		$(if $(MINUTES_BEFORE_FIRST_TIP),--minutes-before-first-tip $(MINUTES_BEFORE_FIRST_TIP))

clean:
	rm -rf build target target_* logs logs_* warehouse
