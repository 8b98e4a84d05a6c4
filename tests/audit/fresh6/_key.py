"""Compare a truth script's verdicts with its answer key (exit status 1 on any disagreement or missing verdict)."""

from __future__ import annotations

import json
import os
import sys


def check(verdicts: dict[str, bool], script_file: str) -> int:
    name = os.path.basename(script_file)[len("truth_"):-len(".py")]
    here = os.path.dirname(os.path.abspath(script_file))
    with open(os.path.join(here, name + ".key.json"), encoding="utf-8") as fh:
        key = json.load(fh)
    bad = 0
    keyed = set()
    for link in key["links"]:
        if link["truth"] not in ("correct", "slip"):
            continue
        keyed.add(link["text"])
        text = link["text"]
        if text not in verdicts:
            print(f"NO VERDICT  line {link['line']}: {text}")
            bad += 1
            continue
        got = "correct" if verdicts[text] else "slip"
        mark = "ok " if got == link["truth"] else "BAD"
        if got != link["truth"]:
            bad += 1
        print(f"{mark} {got:7s} line {link['line']:3d}: {text}")
    for text in verdicts:
        if text not in keyed:
            print(f"NOT IN KEY: {text}")
            bad += 1
    print(f"{name}: {len(keyed)} scored relations, {bad} disagreement(s)")
    return 1 if bad else 0


def main(verdicts_fn, script_file: str) -> None:
    sys.exit(check(verdicts_fn(), script_file))
