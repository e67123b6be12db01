# The two commands of the README: `make run` and `make test`. Both start with `make setup`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint loadtest clean

# Idempotent and quick when nothing changed: each step re-runs only when its inputs change.
setup: $(VENV)/.installed node_modules/.installed
	@scripts/system-packages.sh
	@$(BIN)/gongjian migrate --noinput -v 0
	@$(BIN)/gongjian collectstatic --noinput -v 0

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	@$(BIN)/gongjian demo --if-empty
	$(BIN)/gongjian runserver $(HOST):$(PORT)

test: setup
	$(BIN)/ruff check gongjian
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check gongjian

# 200 residents for 60 s against the demo under gunicorn, loopback only (not part of make test).
loadtest: setup
	scripts/loadtest.sh

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
