# The two quick-start commands are `make run` and `make test`; both install what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DB ?= newsgraph.duckdb
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev browser models model-de model-en bench docs clean

$(VENV)/.installed-run: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[web,compile]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@ $(VENV)/.installed-run

# spaCy without Cython profiling (Python < 3.12): built once, cached; a no-op when in place.
# Then newsgraph's rule modules compiled with Cython in place (only those whose .py changed;
# optional: without Cython or a C compiler they run as Python; NEWSGRAPH_PURE_PYTHON=1 ignores them)
install: $(VENV)/.installed-run
	@$(PY) scripts/spacy_without_profiling.py
	@$(PY) scripts/compile_rules.py
install-dev: $(VENV)/.installed-dev
	@$(PY) scripts/spacy_without_profiling.py
	@$(PY) scripts/compile_rules.py

# Debian's chromium for the browser tests (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install -y chromium' (browser tests will be skipped)"; fi; }

## install, ingest the bundled sample corpus, start API + dashboard on 127.0.0.1
run: install
	$(VENV)/bin/newsgraph ingest --sample --db $(DB)
	$(VENV)/bin/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)

## install test dependencies (incl. chromium) and run the whole test suite
test: install-dev browser
	$(VENV)/bin/python -m pytest -q

## rebuild the shipped spaCy pipelines from ../shared/data (German, then English)
# the two languages train in parallel, one core each
models: install-dev
	$(MAKE) -j2 model-de model-en

model-de model-en: model-%: install-dev
	$(PY) training/train.py $*

bench: install-dev
	$(VENV)/bin/newsgraph bench

## build the documentation site (warnings are errors) into src/newsgraph/web/docs-site/:
## open its index.html, or run `newsgraph serve` and visit /docs-site
docs: install-dev
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

clean:
	rm -rf build dist *.egg-info .pytest_cache test-artifacts
	-test -x $(PY) && $(PY) scripts/compile_rules.py --clean
