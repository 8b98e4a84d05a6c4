"""The outside corpus (tests/outside/): claims from textbooks and papers that are not among the seed documents,
in the LaTeX their authors write, with a ground truth decided without symgd.

(a) every ground-truth check passes (SymPy / mpmath only; no symgd);
(b) symgd never proves a false claim nor refutes a true one, and never raises anything but BadInput; the
    soundness bugs found so far are listed in KNOWN_UNSOUND and each is an xfail(strict=True) test, so the
    entry must leave the list once the bug is fixed;
(c) the rates are printed and held to floors measured on main (raise them as the engine improves).
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "outside"))

from entry import ground_truth
from ground_truth import ALL, MODULES, check_all
from symgd_run import cpu_seconds, refusals, run, summary, table, unsound

BUDGET = 2.0  # seconds per link
JOBS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2  # see tests/conftest.py

# Soundness bugs the corpus found, each an xfail(strict=True) test while open: id -> the bug.  None is open on main
# at 8a57285 (05:40 UTC).  Found and fixed during issue 11 (numbers at the session start, 84283fa, or when found):
#   adam-ema-unroll-sum (true refuted): g_i under \sum_{i=1}^{3} read as a new symbol, not as g_1, g_2, g_3;
#   goodfellow-commute, -transpose-order, -binomial-matrix, -bilinear-swap, -norm-Ax-order (false proved, 04:35):
#     undeclared \mathbf{A}, \mathbf{x} read as scalars and x^\top of a scalar as x;
#   analysis-sign-abs, beck-soft-threshold, beck-moreau-decomp (true refuted, 04:50): \operatorname{sign}(x) read as
#     a scalar named 'sign' times x.
KNOWN_UNSOUND: dict[str, str] = {}
# Malformed/ambiguous inputs symgd answered instead of refusing, likewise (none open at 8a57285; fixed during issue
# 11: '2 3 = 6' proved, '\frac{d}{d} x = 1' refuted, '\mathbf{x}^\top\mathbf{y} = \mathbf{x}\mathbf{y}' proved,
# '\operatorname{prox}(x) = x' refuted).
KNOWN_ACCEPTED: dict[str, str] = {}

# floors measured on main (8a57285, 05:40 UTC; 2 s per link, 2 workers): 193 of 236 true proved, 162 of 170 false
# refuted, 17 of 406 refused, 34 of 34 malformed refused.  The machine is shared by ~9 sessions: claims near the 2 s
# budget time out or not from run to run (true proved: 193 and 182 in two runs of the same commit minutes apart),
# hence a margin on the first two; refusals are decided before any budget and get none.  Raise as the engine improves.
# main at 7358ead + work in progress (07:20 UTC, busy machine): 210 true proved, 163 false refuted, 1 refused (a matrix
# exponential, out of scope); floors with a margin for load and for uncommitted engine work in that run.
# main at 83d4e61 (07:35 UTC; closed forms of sums, powers of a natural number, transcendental signs): 225 and 223
# true proved, 163 and 165 false refuted in two runs (192 and 157 in a run on a machine at load 17).
TRUE_PROVED_FLOOR = 200
FALSE_REFUTED_FLOOR = 158
REFUSED_CEILING = 1
MALFORMED_REFUSED_FLOOR = 34

BY_ID = {e.id: e for e in ALL}


def test_corpus_shape() -> None:
    valid = [e for e in ALL if e.truth is not None]
    assert len(valid) >= 250 and sum(e.truth is None for e in ALL) >= 30
    assert sum(e.truth is False for e in valid) >= 100 and sum(e.truth is True for e in valid) >= 150
    assert len({e.source for e in valid}) >= 8
    for e in valid:
        assert e.cite and e.kind and e.gt is not None, e.id
        assert (e.cex is not None) == (e.truth is False), e.id
    assert set(KNOWN_UNSOUND) <= set(BY_ID) and set(KNOWN_ACCEPTED) <= set(BY_ID)


def test_ground_truth() -> None:
    """Every entry's truth, established without symgd (exact counterexamples, SymPy identities, sampling + proof)."""
    how = check_all(ALL)
    assert len(how) == len(ALL)
    assert sum(v == "counterexample" for v in how.values()) == sum(e.truth is False for e in ALL)


BOUNDARY_ONLY = {"nesterov-step-positive-closed", "polyak-gd-contract-closed"}  # fail only where a strict bound is tight


def test_sampling_sees_every_false_claim() -> None:
    """The sampler that checks true inequalities is not vacuous: run on each false claim as if it were true, it
    finds a violation (except where the only violations sit on the boundary of a strict inequality)."""
    unseen = []
    for e in ALL:
        if e.truth is False:
            try:
                ground_truth(dataclasses.replace(e, truth=True, why="as if true", numeric=True))
                unseen.append(e.id)
            except AssertionError:
                pass
    assert set(unseen) == BOUNDARY_ONLY


def test_symgd_never_imports_the_corpus() -> None:
    root = Path(__file__).resolve().parents[1] / "symgd"
    names = {m.__name__ for m in MODULES} | {"entry", "ground_truth", "symgd_run", "tests", "outside"}
    pattern = re.compile(rf"^\s*(from|import)\s+({'|'.join(sorted(names))})\b", re.M)
    for path in root.rglob("*.py"):
        assert not pattern.search(path.read_text()), path


_FLAGS = {"assume": "--assume", "vectors": "--vector", "matrices": "--matrix", "symmetric": "--symmetric",
          "positive_definite": "--positive-definite", "functions": "--function"}


@pytest.mark.parametrize("id", [pytest.param(e.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_ACCEPTED[e.id])]
                                             if e.id in KNOWN_ACCEPTED else []) for e in ALL if e.truth is None])
def test_malformed_exit_2_one_line(id: str, capsys: pytest.CaptureFixture) -> None:
    """On the command line: exit code 2 and one line on stderr, no traceback."""
    from symgd.app.cli import main

    e = BY_ID[id]
    args = ["check", e.latex, "--timeout", str(BUDGET)]
    for key, values in e.decl.items():
        for v in values:
            args += [_FLAGS[key], v]
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err.strip()
    assert exc.value.code == 2, (e.latex, e.why, err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err


@pytest.fixture(scope="module")
def outcomes() -> dict:
    t0 = time.monotonic()
    out = run(ALL, BUDGET, JOBS)
    wall = time.monotonic() - t0
    print(f"\nsymgd over {len(ALL)} inputs, {BUDGET} s per link, {JOBS} workers: {wall:.1f} s wall, {cpu_seconds(out):.1f} s CPU; "
          f"slowest claim {max(o.seconds for o in out):.1f} s")
    return {o.id: o for o in out}


@pytest.mark.slow
def test_no_false_proved_no_true_refuted(outcomes: dict) -> None:
    out = [outcomes[e.id] for e in ALL]
    bad = [f"{e.id}: {e.latex!r} {e.decl} -> {o.status}: {o.detail}" for e, o in unsound(ALL, out)
           if e.id not in KNOWN_UNSOUND]
    assert not bad, "soundness bugs:\n" + "\n".join(bad)


if KNOWN_UNSOUND:  # none is known now: an empty parameter set would show as a skipped test

    @pytest.mark.slow
    @pytest.mark.parametrize("id", [pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=r))
                                    for i, r in sorted(KNOWN_UNSOUND.items())])
    def test_known_soundness_bugs(id: str, outcomes: dict) -> None:
        e, o = BY_ID[id], outcomes[id]
        assert not ((e.truth is True and o.status == "refuted") or (e.truth is False and o.status == "proved")), \
            o.detail


@pytest.mark.slow
@pytest.mark.parametrize("id", [pytest.param(e.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_ACCEPTED[e.id])]
                                             if e.id in KNOWN_ACCEPTED else []) for e in ALL if e.truth is None])
def test_malformed_is_refused(id: str, outcomes: dict) -> None:
    assert outcomes[id].status == "refused", f"{BY_ID[id].latex!r} ({BY_ID[id].why}) -> {outcomes[id].detail}"


@pytest.mark.slow
def test_rates(outcomes: dict) -> None:
    out = [outcomes[e.id] for e in ALL]
    s = summary(ALL, out)
    print("\n" + table(ALL, out) + "\n\n" + table(ALL, out, by="kind"))
    print(f"\n{s}")
    for cause, ids in refusals(ALL, out)[:10]:
        print(f"refused {len(ids):3d}x {cause}  e.g. {ids[0]}")
    assert s["errors"] == 0
    assert s["true_proved"] >= TRUE_PROVED_FLOOR
    assert s["false_refuted"] >= FALSE_REFUTED_FLOOR
    assert s["refused"] <= REFUSED_CEILING
    assert s["malformed_refused"] >= MALFORMED_REFUSED_FLOOR
