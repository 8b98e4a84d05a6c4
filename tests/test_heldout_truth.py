"""The held-out outside corpus (tests/outside/heldout/): its ground truth only, no symgd.

The held-out claims were written from sources tests/outside/ does not use and are measured by
``bench/measure_outside.py --set heldout``; they are kept out of tests/test_outside_corpus.py's floors so that nobody
tunes the engine to them.  Here: every ground-truth check passes (SymPy / mpmath), the set has the promised shape, and
it shares no entry with the main corpus.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "outside"))

from entry import ground_truth
from ground_truth import ALL
from heldout import HELDOUT


def test_heldout_shape() -> None:
    valid = [e for e in HELDOUT if e.truth is not None]
    true = sum(e.truth is True for e in valid)
    assert len(valid) >= 120 and sum(e.truth is None for e in HELDOUT) >= 15
    assert 0.55 <= true / len(valid) <= 0.65, f"{true} true of {len(valid)}"
    ids = [e.id for e in HELDOUT]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_heldout_disjoint_from_main() -> None:
    main_ids, main_latex = {e.id for e in ALL}, {(e.latex, str(e.decl)) for e in ALL}
    assert not main_ids & {e.id for e in HELDOUT}
    assert not main_latex & {(e.latex, str(e.decl)) for e in HELDOUT if e.truth is not None}


@pytest.mark.parametrize("entry", HELDOUT, ids=lambda e: e.id)
def test_heldout_ground_truth(entry) -> None:
    how = ground_truth(entry)
    assert how in {"malformed", "counterexample", "sympy identity", "exact at sampled points + why",
                   "sampled (40 digits) + why"}
    assert (how == "malformed") == (entry.truth is None)
    assert (how == "counterexample") == (entry.truth is False)
