"""The phrased set (tests/outside/phrased/): its ground truth and shape, without symgd; and, cheaply, the
soundness-relevant part that fits in a few seconds: every malformed command line is refused through the real CLI
with one line and exit code 2.

The set holds the four seed documents' results phrased by an outside user and typed as command lines; it is
measured by ``bench/measure_phrased.py`` (once per measurement; the engine is not tuned to its misses), so its rates
are not asserted here."""

from __future__ import annotations

import shlex
import sys
from itertools import pairwise
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "outside"))

from entry import ground_truth
from ground_truth import ALL
from heldout import HELDOUT
from phrased import BATCH_A, BATCH_B, BATCH_C, PHRASED
from phrased.cli_run import classify

DOCS = ("d000", "d001", "d002", "d003")
# Written independently, but three standard facts are typed exactly as tests/outside/ has them (Jensen for t^2:
# analysis-jensen-sq, analysis-jensen-sq-nohyp; log x <= x - 1): the engine may be tuned to these, so they are named.
COINCIDE = {"d003-convex-square", "d003-convex-square-no-range", "d003-b-log-bound"}


@pytest.mark.parametrize("batch", [BATCH_A, BATCH_B], ids=["A", "B"])
def test_phrased_shape(batch) -> None:
    valid = [e for e in batch if e.truth is not None]
    true = sum(e.truth is True for e in valid)
    assert len(valid) >= 100 and sum(e.truth is None for e in batch) >= 10
    assert 0.5 <= true / len(valid) <= 0.6, f"{true} true of {len(valid)}"
    for doc in DOCS:  # every document is covered, with true and false claims
        mine = [e for e in valid if e.source == doc]
        assert sum(e.truth for e in mine) >= 5 and sum(not e.truth for e in mine) >= 5, doc


def test_lookalikes_shape() -> None:
    """Batch C is mostly false claims that are easy to believe, each beside its true twin where one exists."""
    assert len(BATCH_C) >= 50 and 0.3 <= sum(e.truth is True for e in BATCH_C) / len(BATCH_C) <= 0.5


def test_phrased_ids_unique() -> None:
    ids = [e.id for e in PHRASED]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_phrased_argv_is_a_command_line() -> None:
    """Each entry is a `symgd check` command line whose claim argument is the entry's latex."""
    for e in PHRASED:
        argv = e.decl["argv"]
        assert argv[0] == "check", e.id
        if e.truth is not None:
            assert e.latex and e.latex in argv, e.id
        assert "symgd check " + " ".join(shlex.quote(a) for a in argv[1:]), e.id


def _assumptions(argv: list[str]) -> tuple[str, ...]:
    return tuple(sorted(b for a, b in pairwise(argv) if a in ("-a", "--assume")))


def test_phrased_disjoint_from_other_corpora() -> None:
    """No entry repeats one of the API corpora (the same claim under the same assumptions); short standard formulas
    may coincide under other hypotheses (|1 - eta lambda| < 1, Jensen for t^2)."""
    others = {(e.latex, tuple(sorted(e.decl.get("assume", [])))) for e in ALL + HELDOUT}
    assert not {e.id for e in PHRASED} & {e.id for e in ALL + HELDOUT}
    same = {e.id for e in PHRASED if e.truth is not None and (e.latex, _assumptions(e.decl["argv"])) in others}
    assert same <= COINCIDE, sorted(same - COINCIDE)


@pytest.mark.parametrize("entry", PHRASED, ids=lambda e: e.id)
def test_phrased_ground_truth(entry) -> None:
    how = ground_truth(entry)
    assert (how == "malformed") == (entry.truth is None)
    assert (how == "counterexample") == (entry.truth is False)


@pytest.mark.parametrize(("code", "out", "err", "want"), [
    (0, "proved: expand\n", "", "proved"),
    (1, "refuted: exact evaluation\ncounterexample: x = 1\n", "", "refuted"),
    (3, "  link 1: a = b  ->  undecided (timeout)\nundecided: timeout\n", "", "undecided"),
    (2, "", "error: an empty side (at position 4)\n", "refused"),
    (2, "", "error: one\nerror: two\n", "error"),  # a refusal must be one line
    (1, "", "Traceback (most recent call last):\n  ...\nValueError: x\n", "error"),
    (0, "refuted: exact evaluation\n", "", "error"),  # exit code and printed verdict disagree
])
def test_classify(code, out, err, want) -> None:
    assert classify(code, out, err)[0] == want


def test_malformed_command_lines_are_refused() -> None:
    """Soundness: no malformed command line is answered (each exits 2 with one line on stderr)."""
    from phrased.cli_run import run_inprocess

    answered = []
    for e in PHRASED:
        if e.truth is None:
            status, detail, _, _ = run_inprocess(e.decl["argv"])
            if status != "refused":
                answered.append(f"{e.id}: {status}: {detail}")
    assert not answered, answered
