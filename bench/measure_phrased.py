"""Measure `symgd check` through its command line on the phrased set (tests/outside/phrased/): the four documents'
results phrased by an outside user and typed as new users type them (issue 11's "Set 1" rebuilt).

    python bench/measure_phrased.py [--batch a|b|c|all] [--jobs N] [--findings PATH] [--subprocess K] [--only PREFIX]

Each entry's argv (``check --assume 'eta>0' -- '...'``) goes to ``symgd.app.cli.main`` in-process, in worker
processes, with symgd's default budget per link; the verdict is read from the exit code and the printed verdict
line.  ``--subprocess K`` also runs every K-th entry through the installed ``symgd`` script and reports any
disagreement with the in-process run.  Ground truth comes from the set (tests/test_phrased_truth.py checks it),
never from symgd.  Prints: the table by document and by kind, the soundness counts (false proved, true refuted,
malformed answered, tracebacks: all must be 0), refusals and undecided verdicts grouped by message.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "outside"))

from phrased import BATCH_A, BATCH_B, BATCH_C, PHRASED
from phrased.cli_run import run_subprocess, work
from symgd_run import cpu_seconds, refusal_cause, refusals, summary, table, unsound


def _run(entries, jobs):
    from symgd.app.pool import worker_pool

    items = [(e.id, e.decl["argv"]) for e in entries]
    if jobs <= 1:
        return [work(it) for it in items]
    with worker_pool(jobs, lean=True) as pool:
        return list(pool.map(work, items, chunksize=1))


def _shell(argv: list[str]) -> str:
    import shlex

    return "symgd " + " ".join(shlex.quote(a) for a in argv)


def _grouped(pairs):
    groups: dict[str, list] = defaultdict(list)
    for e, o in pairs:
        groups[refusal_cause(o.detail.split(" | ")[0])].append((e, o))
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _findings(entries, outcomes, path: Path, head: str) -> int:
    want = {True: "proved", False: "refuted", None: "refused"}
    bad = [(e, o) for e, o in zip(entries, outcomes, strict=True)
           if (e.truth is True and o.status == "refuted") or (e.truth is False and o.status == "proved")
           or (e.truth is None and o.status != "refused") or o.status == "error"]
    misses = [(e, o) for e, o in zip(entries, outcomes, strict=True) if o.status != want[e.truth] and (e, o) not in bad]
    lines = [head, "", f"## SOUNDNESS ({len(bad)})", ""]
    lines += [f"- `{e.latex}` | `{_shell(e.decl['argv'])}` | {o.status}: {o.detail[:300]} | {want[e.truth]} "
              f"({e.id}; {e.cite})" for e, o in bad] or ["none: no false claim proved, no true claim refuted, every "
                                                       "malformed input refused with one line, no traceback"]
    by_status: dict[str, list] = defaultdict(list)
    for e, o in misses:
        by_status[o.status].append((e, o))
    for status in ("refused", "undecided", "proved", "refuted"):
        items = by_status.get(status, [])
        if not items:
            continue
        lines += ["", f"## {status} ({len(items)}), by message", ""]
        for cause, group in _grouped(items):
            lines += [f"### {len(group)} x {cause}", ""]
            lines += [f"- `{e.latex}` | `{_shell(e.decl['argv'])}` | {o.status}: {o.detail[:200]} | "
                      f"{want[e.truth]} ({e.id})" for e, o in group]
            lines.append("")
    path.write_text("\n".join(lines) + "\n")
    return len(misses) + len(bad)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--findings", type=Path, default=None, help="write every miss, grouped by cause, to this file")
    ap.add_argument("--subprocess", type=int, default=0, metavar="K",
                    help="also run every K-th entry through the installed symgd script and compare")
    ap.add_argument("--only", default="", help="only entries whose id starts with this")
    ap.add_argument("--batch", choices=["a", "b", "c", "all"], default="all",
                    help="batch A (ph_*), B (phb_*: the conventions A under-used), C (phc_*: soundness look-alikes)")
    args = ap.parse_args(argv)
    chosen = {"a": BATCH_A, "b": BATCH_B, "c": BATCH_C, "all": PHRASED}[args.batch]
    entries = [e for e in chosen if e.id.startswith(args.only)]
    t0 = time.monotonic()
    out = _run(entries, args.jobs)
    wall = time.monotonic() - t0
    s = summary(entries, out)
    valid = s["true"] + s["false"]
    print(f"phrased set (batch {args.batch}) through the CLI: {s['true']} true, {s['false']} false, {s['malformed']} malformed; default "
          f"budget per link, {args.jobs} workers, {wall:.1f} s wall, {cpu_seconds(out):.1f} s CPU, slowest "
          f"{max(o.seconds for o in out):.1f} s\n")
    print(table(entries, out, by="source") + "\n\n" + table(entries, out, by="kind") + "\n")
    undecided = s["true"] - s["true_proved"] - s["true_refuted"] + s["false"] - s["false_refuted"] - s["false_proved"] \
        - s["refused"] - sum(1 for e, o in zip(entries, out, strict=True) if e.truth is not None and o.status == "error")
    print(f"false proved: {s['false_proved']} (must be 0)\ntrue refuted: {s['true_refuted']} (must be 0)\n"
          f"true proved: {100 * s['true_proved'] / max(s['true'], 1):.0f}% ({s['true_proved']}/{s['true']})\n"
          f"false refuted: {100 * s['false_refuted'] / max(s['false'], 1):.0f}% ({s['false_refuted']}/{s['false']})\n"
          f"refused (valid claims): {100 * s['refused'] / max(valid, 1):.0f}% ({s['refused']}/{valid})\n"
          f"undecided (valid claims): {100 * undecided / max(valid, 1):.0f}% ({undecided}/{valid})\n"
          f"malformed refused: {s['malformed_refused']}/{s['malformed']}; tracebacks or garbled output: {s['errors']}\n")
    print("refusals of valid claims, by message:")
    for cause, ids in refusals(entries, out):
        print(f"  {len(ids):3d}  {cause}   e.g. {', '.join(ids[:3])}")
    und = [(e, o) for e, o in zip(entries, out, strict=True) if e.truth is not None and o.status == "undecided"]
    print("\nundecided valid claims, by message:")
    for cause, group in _grouped(und):
        print(f"  {len(group):3d}  {cause}   e.g. {', '.join(e.id for e, _ in group[:3])}")
    bad = unsound(entries, out)
    print(f"\nsoundness: {len(bad)} (false proved, true refuted or traceback)")
    for e, o in bad:
        print(f"  {e.id}: {_shell(e.decl['argv'])}  -> {o.status}: {o.detail}")
    accepted = [(e, o) for e, o in zip(entries, out, strict=True) if e.truth is None and o.status != "refused"]
    print(f"\nmalformed inputs not refused: {len(accepted)}")
    for e, o in accepted:
        print(f"  {e.id}: {_shell(e.decl['argv'])} ({e.why}) -> {o.status}: {o.detail}")
    if args.subprocess:
        sample = list(zip(entries, out, strict=True))[:: args.subprocess]
        differ = []
        for e, o in sample:
            status, detail, _ = run_subprocess(e.decl["argv"])
            if status != o.status:
                differ.append((e, o.status, status, detail))
        print(f"\nsubprocess cross-check: {len(sample)} entries through the installed script, {len(differ)} differ")
        for e, a, b, d in differ:
            print(f"  {e.id}: in-process {a}, script {b}: {d[:160]}")
    if args.findings:
        head = ("# phrased set: misses of `symgd check` through the CLI\n\nlatex | argv | symgd's answer | expected "
                "(id; document result)")
        n = _findings(entries, out, args.findings, head)
        print(f"\nwrote {n} misses to {args.findings}")
    return 1 if bad or accepted else 0


if __name__ == "__main__":
    sys.exit(main())
