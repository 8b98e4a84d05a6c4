"""Run every ground-truth check of the outside corpus (no symgd involved).

``python tests/outside/ground_truth.py`` prints one line per entry (how its truth was established) and a
summary; it exits 1 if any check fails."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import claims_adaptive
import claims_analysis
import claims_beck_nw
import claims_boyd
import claims_bubeck
import claims_goodfellow
import claims_info
import claims_malformed
import claims_nesterov
import claims_polyak
from entry import Entry, ground_truth

__all__ = ["ALL", "MODULES", "check_all"]

MODULES = [claims_analysis, claims_nesterov, claims_bubeck, claims_boyd, claims_polyak, claims_adaptive,
           claims_beck_nw, claims_info, claims_goodfellow, claims_malformed]
ALL: list[Entry] = [e for mod in MODULES for e in mod.CLAIMS]


def check_all(entries: list[Entry] = ALL) -> dict[str, str]:
    """id -> how its ground truth was established; raises AssertionError on the first failure."""
    ids = [e.id for e in entries]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"duplicate ids: {sorted(dup)}"
    return {e.id: ground_truth(e) for e in entries}


def main() -> int:
    failed = 0
    counts: dict[str, int] = {}
    for e in ALL:
        t0 = time.monotonic()
        try:
            how = ground_truth(e)
        except Exception as exc:  # report every failure, not just the first
            failed += 1
            print(f"FAIL {e.id}: {type(exc).__name__}: {exc}")
            continue
        counts[how] = counts.get(how, 0) + 1
        print(f"ok   {e.id:40s} {how:32s} {time.monotonic() - t0:5.2f}s")
    true = sum(e.truth is True for e in ALL)
    false = sum(e.truth is False for e in ALL)
    bad = sum(e.truth is None for e in ALL)
    print(f"\n{len(ALL)} entries: {true} true, {false} false, {bad} malformed; {counts}; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
