# govkg — the commands a new user types. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CYPHER_LINT := tools/cypher-lint/node_modules/.installed

.PHONY: install run test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/govkg load data
	$(BIN)/govkg serve

lint: install
	$(BIN)/ruff check govkg tests
	$(BIN)/mypy

# Neo4j's own Cypher parser (npm, pinned in tools/cypher-lint/package-lock.json) for the
# offline dialect check in tests/test_cypher_dialect.py.
$(CYPHER_LINT): tools/cypher-lint/package-lock.json
	cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $(CYPHER_LINT)

test: lint $(CYPHER_LINT)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .govkg .pytest_cache .mypy_cache .ruff_cache tools/cypher-lint/node_modules
