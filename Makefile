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
# slower than a current one, so the upgrade stays).  The installed files are byte-compiled, as pip would (with
# PYTHONDONTWRITEBYTECODE set, as on the developers' machines, each test process would otherwise compile SymPy anew),
# but on every core and without the libraries' own test suites, which nothing imports: pip compiles on one core, in
# all about 40 s of the install's 60 s of CPU (--no-compile, then COMPILE).  A file that does not compile
# (torch ships one in Python 3.12 syntax among its tests) is left to be compiled on import, as pip leaves it.
PIP := $(BIN)/python -m pip
SITE = $$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
COMPILE = $(BIN)/python -m compileall -qq -j 0 -x '/tests?/|/testing/_internal/' $(SITE) || true
# symgd's own sources are installed editable, so nothing compiles them: with PYTHONDONTWRITEBYTECODE set, every
# process of a test run (both xdist workers, the lean pools' fork servers and workers, each `symgd` subprocess)
# compiled symgd, derivations and the tests' helper modules anew (collection: 8.8 -> 6.3 s of CPU per worker).
# The test modules themselves are still compiled by pytest, which rewrites their asserts.
COMPILE_OWN = $(BIN)/python -m compileall -qq -j 0 -x '(^|/)tests/audit/' symgd derivations tests || true

$(RUNTIME_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-compile --upgrade pip
	$(PIP) install --quiet --no-compile -e .
	$(COMPILE)
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-compile --upgrade pip
	$(PIP) install --quiet --no-compile -e '.[dev]'
	$(COMPILE)
	touch $(RUNTIME_STAMP) $(STAMP)

derive: $(RUNTIME_STAMP)
	$(BIN)/symgd derive --all --out build

lint: $(STAMP)
	$(BIN)/ruff check symgd derivations tests bench

test: $(STAMP) lint
	$(COMPILE_OWN)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# Everything but the checks marked slow/browser (a quick loop while editing; CI runs `make test`).
test-fast: $(STAMP) lint
	$(COMPILE_OWN)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup -m "not slow and not browser"

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf build .pytest_cache .ruff_cache
