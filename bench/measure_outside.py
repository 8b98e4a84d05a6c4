"""Measure `symgd check` on the outside corpus (tests/outside/): the README table by source and by kind, the
soundness counts, the refusals grouped by cause, and the malformed inputs that were not refused.

    python bench/measure_outside.py [--set main|heldout] [--timeout S] [--jobs N] [--findings PATH]

``--set heldout`` measures the held-out claims of tests/outside/heldout/ instead (written from other sources, never
tuned to: run it once per measurement, and do not change the engine after reading its misses).

The default budget is symgd's default per link; ground truth comes from the corpus, never from symgd.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "outside"))

from ground_truth import ALL as MAIN
from heldout import HELDOUT
from symgd_run import cpu_seconds, refusals, run, summary, table, unsound


def main(argv: list[str] | None = None) -> int:
    from symgd.core.budget import DEFAULT_TIMEOUT

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per link")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--set", choices=["main", "heldout"], default="main", dest="which",
                    help="the main outside corpus or the held-out set (tests/outside/heldout/)")
    ap.add_argument("--findings", type=Path, default=None,
                    help="write 'latex | declarations | symgd's answer | expected' lines for every miss")
    args = ap.parse_args(argv)
    ALL = HELDOUT if args.which == "heldout" else MAIN  # the rest of main reads ALL as before
    t0 = time.monotonic()
    out = run(ALL, args.timeout, args.jobs)
    wall = time.monotonic() - t0
    s = summary(ALL, out)
    print(f"outside corpus ({args.which} set): {s['true']} true, {s['false']} false, {s['malformed']} malformed; "
          f"{args.timeout:g} s per link, {args.jobs} workers, {wall:.1f} s wall, {cpu_seconds(out):.1f} s CPU, "
          f"slowest claim {max(o.seconds for o in out):.1f} s\n")
    print(table(ALL, out, by="source") + "\n\n" + table(ALL, out, by="kind") + "\n")
    print(f"malformed inputs refused: {s['malformed_refused']}/{s['malformed']}; errors (tracebacks): {s['errors']}\n")
    print("refusals of valid claims, by cause:")
    for cause, ids in refusals(ALL, out):
        print(f"  {len(ids):3d}  {cause}   e.g. {', '.join(ids[:3])}")
    bad = unsound(ALL, out)
    print(f"\nsoundness: {len(bad)} (false proved, true refuted or traceback)")
    for e, o in bad:
        print(f"  {e.id}: {e.latex}  {e.decl}  -> {o.status}: {o.detail}")
    accepted = [(e, o) for e, o in zip(ALL, out, strict=True) if e.truth is None and o.status != "refused"]
    print(f"\nmalformed inputs not refused: {len(accepted)}")
    for e, o in accepted:
        print(f"  {e.id}: {e.latex!r} ({e.why}) -> {o.status}: {o.detail}")
    if args.findings:
        lines = []
        for e, o in zip(ALL, out, strict=True):
            want = {True: "proved", False: "refuted", None: "refused"}[e.truth]
            if o.status != want:
                lines.append(f"- {e.latex} | {e.decl or '-'} | {o.status}: {o.detail[:140]} | {want} ({e.id}; {e.cite})")
        args.findings.write_text("latex | declarations | symgd's answer | expected (id; source)\n\n" + "\n".join(lines) + "\n")
        print(f"\nwrote {len(lines)} misses to {args.findings}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
