# govkg — the commands a new user types. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CYPHER_LINT := tools/cypher-lint/node_modules/.installed

.PHONY: install run test test-fast lint lock hooks bench soak clean browser vendor-js

install: $(STAMP)

# Every dependency at the version and hash of requirements.lock (`make lock` renews it from
# pyproject.toml's ranges, every extra included: the embedded store, neo4j, notebook, viz,
# extract, dev), then govkg itself on top, editable (built by the locked hatchling).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lock: install
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
	  --generate-hashes -o requirements.lock

# ruff, mypy and the import contracts before every commit (.pre-commit-config.yaml)
hooks: install
	$(BIN)/pre-commit install

run: install
	$(BIN)/govkg load --bundled
	$(BIN)/govkg serve

lint: install
	$(BIN)/ruff check govkg tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Neo4j's own Cypher parser (npm, pinned in tools/cypher-lint/package-lock.json) for the
# offline dialect check in tests/test_cypher_dialect.py.
$(CYPHER_LINT): tools/cypher-lint/package-lock.json
	cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $(CYPHER_LINT)

# Debian's Chromium (the explorer's browser test; Playwright drives it, `playwright install`
# is never run) and a CJK font (Chinese labels in `govkg viz` PNGs and page screenshots).
APT_PACKAGES := chromium fonts-wqy-zenhei
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	@if [ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then \
	  echo "browser: chromium and fonts-wqy-zenhei are installed"; \
	else \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    $(APT_PACKAGES); \
	fi

# Cytoscape.js and its extensions are vendored under govkg/api/static/vendor/ (the page works
# offline, no build step): the fCoSE layout (cytoscape-fcose with cose-base and layout-base);
# Swagger UI and ReDoc for /docs and /redoc. This refreshes them from npm: each package's
# built file and licence go to vendor/NAME/. See vendor/README.md.
VENDOR_JS := cytoscape@3.34.4:dist/cytoscape.min.js layout-base@2.0.1:layout-base.js \
             cose-base@2.2.0:cose-base.js cytoscape-fcose@2.2.0:cytoscape-fcose.js \
             swagger-ui-dist@5.35.0:swagger-ui-bundle.js swagger-ui-dist@5.35.0:swagger-ui.css \
             redoc@2.5.4:bundles/redoc.standalone.js
vendor-js:
	@for spec in $(VENDOR_JS); do \
	  pkg=$${spec%%:*}; file=$${spec#*:}; name=$${pkg%@*}; \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent $$pkg >/dev/null && tar xzf *.tgz) && \
	  mkdir -p govkg/api/static/vendor/$$name && \
	  cp $$tmp/package/$$file $$tmp/package/LICENSE govkg/api/static/vendor/$$name/ && \
	  rm -rf $$tmp && echo "vendored $$pkg"; \
	done

# two workers, each test file on one worker (its session store and corpus loaded once)
test: lint $(CYPHER_LINT) browser
	$(BIN)/pytest -n 2 --dist loadfile

# the edit loop, under a minute: no end-to-end, browser, kill, fuzz or bench runs, two workers
test-fast: install
	$(BIN)/ruff check govkg tests bench
	$(BIN)/pytest -q -n 2 -m "not e2e and not slow"

# the benchmark (docs/performance.md): figures and same-run baselines to bench/results.json
bench: install
	$(BIN)/python -m bench --output bench/results.json
	$(BIN)/govkg extract-eval --fixtures tests/fixtures/gold --output bench/extraction.json

# bounded load test against govkg serve on 127.0.0.1 (docs/reliability.md); not part of `test`
soak: install
	$(BIN)/python -m tests.reliability.soak --output bench/soak.json

clean:
	rm -rf $(VENV) .govkg .pytest_cache .mypy_cache .ruff_cache tools/cypher-lint/node_modules
