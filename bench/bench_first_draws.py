"""CPU seconds of decide() on the outside corpus (tests/outside/) with the refutation's first draws tried before the
proof methods (symgd.decide.DRAWS_FIRST, the default) and without them (the order before), claim by claim in turn, so
a change of machine load hits both alike; the verdicts of the two must agree (a claim may only flip where one of
them ran out of its budget).

    python bench/bench_first_draws.py [--timeout S] [--limit N]
"""

from __future__ import annotations

import argparse
import importlib
import resource
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "outside"))


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    from ground_truth import ALL

    from symgd.core.declarations import Declarations
    from symgd.core.errors import BadInput
    from symgd.latex.check import read_within

    engine = importlib.import_module("symgd.decide")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=2.0, help="seconds per claim (the corpus test's budget)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N claims")
    args = ap.parse_args(argv)
    first = engine.DRAWS_FIRST_SECONDS
    cpu: dict[tuple[str, bool], float] = defaultdict(float)
    flips, count = [], 0
    for e in ALL[: args.limit or None]:
        if e.truth is None:
            continue
        try:
            p = read_within(e.latex, Declarations.of(None, **e.decl), args.timeout)
        except BadInput:
            continue
        for _, claim in p.links:
            got = {}
            for on in (True, False):
                engine.DRAWS_FIRST_SECONDS = first if on else (0.0, 0.0)  # a zero budget: no draws first
                c0 = _cpu()
                got[on] = engine.decide(claim, p.context, timeout=args.timeout)
                cpu[("true" if e.truth else "false", on)] += _cpu() - c0
            engine.DRAWS_FIRST_SECONDS = first
            count += 1
            a, b = got[True], got[False]
            if a.status != b.status and "timeout" not in a.method + b.method:
                flips.append(f"{e.id}: {b.status.value} -> {a.status.value}")
    print(f"decide() on {count} claims of the outside corpus, {args.timeout:g} s each; CPU seconds (process + workers)")
    print(f"{'claims':8s} {'draws first':>12s} {'without':>9s} {'ratio':>6s}")
    for truth in ("true", "false"):
        on, off = cpu[(truth, True)], cpu[(truth, False)]
        print(f"{truth:8s} {on:12.1f} {off:9.1f} {on / off if off else float('nan'):6.2f}")
    print(f"verdicts that differ without a timeout on either side: {len(flips)}")
    for f in flips:
        print("  " + f)
    return 1 if flips else 0


if __name__ == "__main__":
    sys.exit(main())
