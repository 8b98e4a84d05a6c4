"""The held-out outside corpus: claims written after the engine stopped being tuned to tests/outside/, from
sources that set does not use; measured once, never tuned to (see tests/test_heldout_truth.py and
``bench/measure_outside.py --set heldout``).  Not part of tests/test_outside_corpus.py's floors."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/outside: entry.py

from entry import Entry

from . import ho_extra, ho_malformed, ho_misc, ho_nw_boyd, ho_recent, ho_stochastic

__all__ = ["HELDOUT", "MODULES"]

MODULES = [ho_nw_boyd, ho_stochastic, ho_misc, ho_extra, ho_recent, ho_malformed]
HELDOUT: list[Entry] = [e for mod in MODULES for e in mod.CLAIMS]
