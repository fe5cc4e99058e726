# The two commands a new user needs: `make run` and `make test` (both set up .venv first).
SHELL := /bin/bash
PY := .venv/bin/python
RASA := .venv/bin/rasa
export RASA_TELEMETRY_ENABLED := false

.PHONY: help install train run test lint cluster-test validate bench eval

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

install:  ## build .venv from the pinned requirements (finds Python 3.8-3.10 itself)
	@bash scripts/setup.sh

train: install  ## train the model if the data changed (models/pumpguide-<hash>.tar.gz)
	@$(PY) -c 'import sys; sys.path.insert(0, "scripts"); import servers; print(servers.ensure_model())'

run: install  ## set up, train if needed, start both servers, supervised (settings: README, Operations)
	@$(PY) scripts/servers.py

test: ## set up, then every test: lint, unit, Rasa data and stories, end-to-end, browser, cluster
	@bash scripts/setup.sh --browser
	@$(MAKE) --no-print-directory lint
	@$(PY) -m pytest; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: treating as a failure"; exit 1; fi; \
	  exit $$status
	@$(MAKE) --no-print-directory cluster-test

lint: install  ## ruff: lint and format checks (pyproject.toml)
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

cluster-test: install  ## PostgreSQL, Redis, haproxy (apt-get if missing), 2 Rasa instances: outages, kill -9, races
	@$(PY) -m pytest tests/cluster

validate: install  ## rasa data validate
	@$(RASA) data validate --fail-on-warnings

bench: install  ## 1, 2 and 3 Rasa instances behind haproxy on PostgreSQL and Redis (8 clients)
	@$(PY) scripts/bench.py

eval: install  ## run the example questions and vignettes through the servers, print failures
	@$(PY) scripts/evaluate.py
