"""Shared fixtures: derivations are verified once per session (verification is the slow part)."""

from __future__ import annotations

import os

import pytest

from symgd import Derivation, Report

# pytest-xdist's workers set COLUMNS=80; the CLI tests read the tables as a pipe gets them (140 columns, see
# symgd/app/console.py), so the width is the same with and without -n.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)
# Under pytest-xdist (make test: -n 2) the other worker keeps one core busy: the session's catalogue and the
# outside corpus then verify in one process each, so every step still gets a whole core within its time budget.
JOBS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2


class Catalogue:
    """Every registered derivation verified once per session, all at the first use, in forked workers
    (``symgd.app.catalogue.verify_all``, the path ``make derive`` takes): ``catalogue[name] -> (d, report)``."""

    def __init__(self) -> None:
        self._done: dict[str, tuple[Derivation, Report]] | None = None

    def __getitem__(self, name: str) -> tuple[Derivation, Report]:
        if self._done is None:
            from symgd.app.catalogue import verify_all

            # lean workers: this test process may hold torch and JAX by now, which makes every budgeted fork dear
            self._done = {v.derivation.name: (v.derivation, v.report) for v in verify_all(jobs=JOBS, lean=True)}
        return self._done[name]


# The groups that take the longest (tens of seconds each on a quiet machine: a corpus decided, documents audited, a
# fuzzer), longest first (measured: the junit times of a whole run with lean workers).  Under -n 2 the workers take
# the groups in this order, then the rest in file order: a long group that started last would leave the other worker
# idle until it ends (xdist's own order, by the number of tests in a group, put the corpora, which have few tests, at
# the very end).
HEAVY_FIRST = (
    "tests/test_outside_corpus.py",
    "tests/test_corpus.py",
    "tests/test_fuzz_cli.py",
    "tests/test_audit_fresh.py",
    "tests/test_decide_battery.py",
    "tests/test_audit_notes.py",
    "tests/test_soundness_engine.py",
    "tests/test_interpolation.py",
    "tests/test_audit_redteam.py",
    "tests/test_audit_iterates.py",
    "tests/test_check_catalogue.py",
    "tests/test_bea_stateful.py",
    "tests/test_decide.py",
    "tests/test_cli.py",
    "tests/test_check_robust.py",
    "tests/test_notation_oracle.py",
    "tests/test_lemmas.py",
    "tests/test_check.py",
)
# The files whose tests load torch, JAX/optax, cvxpy/PEPit, numba or matplotlib (each names them lazily at its top:
# tests/lazy_modules.py), last, longest first; the catalogue group just before them, its files that load torch at
# its end.  A worker holding these libraries is dear to fork (~25 ms of system time per fork against ~1.5 ms), and
# the engine forks for every budgeted check: the workers stay lean until the end of the run.  Order only.
LOADS_PEERS = (
    "tests/test_catalogue_natural_gradient.py",
    "tests/test_catalogue_momentum_adaptive.py",
    "tests/test_fused.py",
    "tests/test_optim_optax.py",
    "tests/test_figures.py",
    "tests/test_optim_torch.py",
    "tests/test_rates_pepit.py",
    "tests/test_bea_cli.py",
    "tests/test_rates.py",
    "tests/test_optimizers.py",
    "tests/test_run_cli.py",
    "tests/test_rates_cli.py",
    "tests/test_torch_peer.py",
    "tests/test_rates_worst.py",
)


def _rank(group: str, file: str) -> tuple[int, int]:
    """Where a test of this group and file runs under xdist: the heavy groups, the rest, the catalogue, the files
    that load the peers (see HEAVY_FIRST and LOADS_PEERS)."""
    if group in HEAVY_FIRST:
        return HEAVY_FIRST.index(group), 0
    if group == "catalogue":
        return len(HEAVY_FIRST) + 1, file in LOADS_PEERS
    if group in LOADS_PEERS:
        return len(HEAVY_FIRST) + 2 + LOADS_PEERS.index(group), 0
    return len(HEAVY_FIRST), 0


def pytest_configure(config: pytest.Config) -> None:
    # the marker is pytest-xdist's; declared here too so that -p no:xdist runs under --strict-markers
    config.addinivalue_line("markers", "xdist_group(name): tests that share one xdist worker")
    if getattr(config.option, "loadscopereorder", False):
        # xdist's --dist loadgroup sorts the groups by their number of tests unless told not to: the order of
        # pytest_collection_modifyitems below (HEAVY_FIRST) is the one wanted
        config.option.loadscopereorder = False


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``make test`` runs ``-n 2 --dist loadgroup``) each worker computes its own session and
    module fixtures: the tests that share the verified catalogue form one group and every other test file is a
    group of its own, so the catalogue and each module's corpus run are computed once, on one worker."""
    grouping = getattr(config.option, "loadgroup", False)  # set in xdist's workers under --dist loadgroup
    groups: dict[int, str] = {}  # by id(item): an item's hash is its node id, renamed below
    for item in items:
        group = "catalogue" if {"catalogue", "verified"} & set(item.fixturenames) else item.nodeid.split("::")[0]
        groups[id(item)] = group
        item.add_marker(pytest.mark.xdist_group(group))
        if grouping and hasattr(item, "_id"):
            # xdist 3.8 names the group by assigning item._nodeid, which pytest 9 no longer reads (the id lives in
            # item._id): without this line every test was scheduled alone, the catalogue was verified on both
            # workers and module fixtures were computed twice.  The suffix is the one xdist's own hook writes.
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(f"{item.nodeid}@{group}")
    if grouping:  # see HEAVY_FIRST and LOADS_PEERS; the rest as collected; a run without xdist keeps its order
        items[:] = sorted(items, key=lambda item: _rank(groups[id(item)], item.nodeid.split("::")[0]))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue()


@pytest.fixture(scope="session")
def verified(catalogue: Catalogue) -> dict[str, tuple[Derivation, Report]]:
    """name -> (derivation, report) for the three founding derivations."""
    return {name: catalogue[name] for name in ("local_model", "modified_quadratic", "adam_bias")}


@pytest.fixture(scope="session")
def require_tool():
    """``require_tool(name, why)``: see :func:`_require_tool`."""
    return _require_tool


def _require_tool(name: str, why: str) -> str:
    """The path of an external program a test needs.

    Locally a missing program skips the test with the reason; under CI (SYMGD_CI=1, set by .ci/run,
    which installs the programs) it fails, so a skipped check can never pass as a green CI run.
    """
    import os
    import shutil

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed: {why}"
        if os.environ.get("SYMGD_CI") == "1":
            pytest.fail(f"{message} (CI must have it: .ci/run installs it)")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium(require_tool):
    """A headless Chromium driven by Playwright, for the tests of the offline pages (the explorer, the audit report);
    a missing chromium skips them locally and fails them under CI (:func:`_require_tool`)."""
    exe = require_tool("chromium", "the browser tests cannot run (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("python playwright not installed (pip install playwright): the browser tests cannot run")
    from offline_pages import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
