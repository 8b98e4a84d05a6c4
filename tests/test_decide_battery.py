"""Issue 11's battery of exponential, logarithmic and summation claims (tests/decide_battery_claims.py): no false
claim proved, no true claim refuted, and the power measured on it kept (each claim checked as ``symgd check`` does,
10 s each, in lean workers: each check forks its budgeted work, and forks from a process holding torch and JAX
cost several times the system time, see symgd/app/pool.py)."""

from __future__ import annotations

import os

import pytest
from decide_battery_claims import CLAIMS, WITNESSES

from symgd.app.pool import worker_pool

JOBS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2  # see tests/conftest.py

pytestmark = pytest.mark.slow


def _check(item: tuple) -> tuple[str, str]:
    from symgd.latex.check import check

    latex, assume, _, _ = item
    v = check(latex, assume=assume, timeout=10)
    return v.status.value, v.method


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[str, str]]:
    with worker_pool(JOBS, lean=True) as pool:
        return list(pool.map(_check, CLAIMS, chunksize=1))


def test_every_false_claim_has_an_independent_witness() -> None:
    falses = {latex for latex, _, truth, _ in CLAIMS if not truth}
    assert falses == set(WITNESSES)
    assert all(WITNESSES[latex]() for latex in falses)  # mpmath says each fails at its witness


def test_no_false_claim_proved_and_no_true_claim_refuted(verdicts: list) -> None:
    wrong = [(c[0], c[1], v) for c, v in zip(CLAIMS, verdicts, strict=True)
             if (c[2] and v[0] == "refuted") or (not c[2] and v[0] == "proved")]
    assert wrong == []


def test_power_on_the_battery(verdicts: list) -> None:
    # measured on 145 of these claims with the engine before issue 11's routes (commit 7f6f1e6: the domain of an
    # identity, the power of a bound and its exponential relaxation, log quotients and exponential inverses in the
    # lemma steps, counted sum limits, telescoping, interval enclosures were missing): 56 of 85 true proved, 46 of 60
    # false refuted; after, on all 146: 85 of 85 and 61 of 61 (slowest claim 7.2 s, load 12 on 2 cores).  The bounds
    # leave room for a loaded machine (a claim near its 10 s budget).
    true_proved = sum(1 for c, v in zip(CLAIMS, verdicts, strict=True) if c[2] and v[0] == "proved")
    false_refuted = sum(1 for c, v in zip(CLAIMS, verdicts, strict=True) if not c[2] and v[0] == "refuted")
    assert true_proved >= sum(c[2] for c in CLAIMS) - 4
    assert false_refuted >= sum(not c[2] for c in CLAIMS) - 2
