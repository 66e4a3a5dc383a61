# The Makefile is the project's entry point: `make site` and `make test` set up
# everything they need on a fresh machine with only Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_STAMP := node_modules/.installed

.PHONY: site serve test test-fast fuzz lint fmt bench screenshots golden clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(SITE_STAMP)

# Validators and axe-core come from npm; only the quality gates need them.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

site: $(SITE_STAMP)
	$(PY) -m sitegen build .

serve: $(SITE_STAMP)
	$(PY) -m sitegen serve .

# Tests run on every core (pytest-xdist): the suite is independent tests of
# whole builds, browsers and validators, and one process leaves all but one idle.
test: $(TEST_STAMP) $(NODE_STAMP)
	$(PY) -m pytest -q -m "not fuzz" -n auto

test-fast: $(TEST_STAMP)
	$(PY) -m pytest -q -m "not slow and not fuzz" -n auto

# The long randomized runs: every write of a build failed in turn and SIGKILL at
# SITEGEN_FUZZ_TRIALS moments (default 40, seed SITEGEN_CRASH_SEED), then random
# sites until FUZZ_EXAMPLES have built cleanly (make test runs a few fixed ones).
FUZZ_EXAMPLES ?= 2000
fuzz: $(TEST_STAMP)
	$(PY) -m pytest -q -m fuzz
	$(PY) -m tests.fuzzing --examples $(FUZZ_EXAMPLES) --random --last $(VENV)/fuzz-last-site.txt

lint: $(TEST_STAMP)
	$(PY) -m ruff check sitegen tests benchmarks
	$(PY) -m ruff format --check sitegen tests benchmarks
	$(PY) -m mypy

fmt: $(TEST_STAMP)
	$(PY) -m ruff check --fix sitegen tests benchmarks
	$(PY) -m ruff format sitegen tests benchmarks

bench: $(TEST_STAMP) $(NODE_STAMP)
	$(PY) benchmarks/run.py
	$(PY) benchmarks/reload_latency.py
	$(PY) benchmarks/card_cost.py
	$(PY) benchmarks/page_weight.py
	$(PY) benchmarks/cluster.py
	$(PY) benchmarks/startup.py
	$(PY) benchmarks/search_latency.py

screenshots: $(TEST_STAMP) $(NODE_STAMP)
	PYTHONPATH=. $(PY) tests/gates/screenshots.py

clean:
	rm -rf output .sitegen-cache screenshots .pytest_cache .mypy_cache .ruff_cache
