# marketplace-sdk: `make demo` runs the main job, `make test` the whole suite.
# Both work on a fresh machine with Python 3.11, pip and make: the virtualenv is made on demand.

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime

# The FNAC sandbox validates requests against FNAC's XSDs when it can read them: from the
# published specs beside the repository, unless the caller names another folder.
MARKETPLACE_SDK_FNAC_XSD ?= $(wildcard $(CURDIR)/../shared/specs/fnac-legacy/xsd)
export MARKETPLACE_SDK_FNAC_XSD

.PHONY: demo test lint typecheck unit docs docs-serve bench fuzz clean install generate

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The demo needs only the package itself: installing it alone also proves the runtime
# dependencies are complete (the dev extra would hide a missing one).
$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUNTIME_STAMP)

install: $(STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/marketplace-sdk demo

# The sync twins of the hand-written `_async` modules (src and tests) are generated.
generate: $(STAMP)
	$(BIN)/python tools/unasync.py

lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/python tools/unasync.py --check
	$(BIN)/lint-imports

# One run for both: the benchmarks import the package, which a second run would load again.
typecheck: $(STAMP)
	$(BIN)/mypy --strict src benchmarks

# The HTTP engine's own coverage is printed separately and must stay at 90 % or more.
ENGINE := */core/_engine.py,*/core/_async/engine.py,*/core/_sync/engine.py,*/core/_config.py,*/core/_responses.py,*/core/_retry.py,*/core/_request.py,*/core/_auth.py,*/core/_pagination.py,*/core/_redact.py,*/core/_redact_rules.py,*/core/_redact_logs.py,*/core/_secrets.py,*/core/_ratelimit/*,*/core/_errors.py,*/core/_clock.py

# The suite runs on every CPU (pytest-xdist; `auto` is 2 on CI): `--dist loadgroup` hands each
# test to the next free worker, except those that must share one (tests/conftest.py says which);
# pytest-cov combines the workers' coverage data before the engine's report reads it.
unit: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup --cov --cov-report=term:skip-covered -q
	@echo "HTTP engine coverage:"
	$(BIN)/coverage report --include='$(ENGINE)' --fail-under=90

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

test: lint typecheck unit docs

docs-serve: $(STAMP)
	$(BIN)/mkdocs serve

# The peer Etsy SDKs the `peers` benchmark sets side by side are installed here only.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# The fuzz suite runs 20,400 fixed payloads in `make test`; this is the larger, random run.
FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)
	MARKETPLACE_SDK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MARKETPLACE_SDK_FUZZ_RANDOM=1 \
	MARKETPLACE_SDK_FUZZ_SECONDS=3600 $(BIN)/python -m pytest tests/fuzz -q

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .coverage
