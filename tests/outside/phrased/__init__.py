"""The phrased set (issue 11's "Set 1" rebuilt): the four seed documents' results phrased by an outside user and
typed at the command line the way new users type them (``symgd check --assume 'eta > 0' -- '...'``, ``--vector
x,x_s``, Unicode, bold vectors, ``I``, ``\\operatorname{tr}``, claims that start with a minus sign, assumptions such as
``t integer``, ``A \\succ 0``, ``0 < \\mu \\le L``).  Each entry keeps the argv exactly as typed (``decl["argv"]``), the
document result it paraphrases (``cite``) and a ground truth decided without symgd (``entry.py``; checked by
tests/test_phrased_truth.py).  ``bench/measure_phrased.py`` runs it through ``symgd.app.cli.main``.

Measured once, before anyone looked at its misses (the engine must not be tuned to them):

batch A (ph_000 .. ph_003b, ph_malformed), 2026-12-07 09:22 UTC, HEAD 2ffc673 plus other helpers' uncommitted edits
in symgd/; default budget (10 s per link), 2 workers, 139 s wall, 32 s CPU:

| | claims (true/false) | false proved | true refuted | true proved | false refuted | refused |
|---|---|---|---|---|---|---|
| doc 000 | 28 (15/13) | 0 | 0 | 100% (15/15) | 100% (13/13) | 0% (0/28) |
| doc 001 | 42 (21/21) | 0 | 0 | 100% (21/21) | 100% (21/21) | 0% (0/42) |
| doc 002 | 54 (29/25) | 0 | 0 | 93% (27/29) | 96% (24/25) | 6% (3/54) |
| doc 003 | 117 (66/51) | 0 | 0 | 94% (62/66) | 96% (49/51) | 3% (4/117) |
| all | 241 (131/110) | 0 | 0 | 95% (125/131) | 97% (107/110) | 3% (7/241) |

malformed command lines refused 24/24 (one line, exit 2), tracebacks 0, undecided 2/241.  The misses and their causes
are in /work/.helpers/phrased_findings.md (outside the repository).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/outside: entry.py

from entry import Entry

from . import ph_000, ph_001, ph_002, ph_003a, ph_003b, ph_malformed

__all__ = ["MODULES", "PHRASED"]

MODULES = [ph_000, ph_001, ph_002, ph_003a, ph_003b, ph_malformed]
PHRASED: list[Entry] = [e for mod in MODULES for e in mod.CLAIMS]
