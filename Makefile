# symgd — every target sets up .venv when it is missing (nothing needed but python3 >= 3.11).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make derive` needs only the runtime dependencies; the tests, lint and benchmarks need the dev extra.
RUNTIME_STAMP := $(VENV)/.installed-runtime

.PHONY: derive test test-fast lint bench clean

# One install per target: the dev extra resolves the runtime dependencies with it, so a fresh clone's `make test`
# resolves the dependencies and builds the editable package once, not twice (the venv's own pip, 23.2, resolved
# slower than a current one, so the upgrade stays).  pip byte-compiles everything it installs: keep it, with
# PYTHONDONTWRITEBYTECODE set (as on the developers' machines) each test process would compile SymPy anew.
PIP := $(BIN)/python -m pip

$(RUNTIME_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(RUNTIME_STAMP) $(STAMP)

derive: $(RUNTIME_STAMP)
	$(BIN)/symgd derive --all --out build

lint: $(STAMP)
	$(BIN)/ruff check symgd derivations tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# Everything but the checks marked slow/browser (a quick loop while editing; CI runs `make test`).
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -m "not slow and not browser"

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf build .pytest_cache .ruff_cache
