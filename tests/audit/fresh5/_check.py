"""Compare a truth script's verdicts with its answer key (used by every truth_NAME.py here; symgd is not used).

Exit status 1 when a scored key row (correct / slip) has no verdict, when a verdict disagrees with the key, when a
verdict has no key row, or when a key row's text is not on the line the key gives.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def check(doc: str, verdicts: dict[str, bool]) -> int:
    key = json.loads((HERE / (doc.rsplit(".", 1)[0] + ".key.json")).read_text(encoding="utf-8"))
    lines = (HERE / doc).read_text(encoding="utf-8").splitlines()
    bad = 0
    scored = set()
    for row in key["links"]:
        if row["text"] not in lines[row["line"] - 1]:
            print(f"LINE    {row['line']}: text not on this line: {row['text']}")
            bad += 1
        if row["truth"] not in ("correct", "slip"):
            continue
        scored.add(row["text"])
        if row["text"] not in verdicts:
            print(f"MISSING {row['line']}: no verdict for {row['text']}")
            bad += 1
            continue
        ok = verdicts[row["text"]]
        agree = ok == (row["truth"] == "correct")
        print(f"{'correct' if ok else 'SLIP   '} {'' if agree else '(KEY SAYS ' + row['truth'] + ') '}"
              f"{row['line']}: {row['text']}")
        bad += not agree
    for text in verdicts:
        if text not in scored:
            print(f"EXTRA   verdict without a scored key row: {text}")
            bad += 1
    n_slip = sum(1 for r in key["links"] if r["truth"] == "slip")
    print(f"{doc}: {len(scored)} scored relations ({n_slip} slips), {bad} disagreement(s)")
    return 1 if bad else 0


def run(doc: str, verdicts: dict[str, bool]) -> None:
    sys.exit(check(doc, verdicts))
