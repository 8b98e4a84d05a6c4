"""Time `symgd check` on typical one-line claims from a cold process (target: median under 1 s each on 2 cores, issue 11)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

TARGET = 1.0
REPEAT = 5
CLAIMS = [
    ("identity, proved", ["(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + \\eta^2\\lambda^2"], 0),
    ("identity, refuted", ["(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + 2\\eta^2\\lambda^2"], 1),
    ("O(eta^3) expansion", ["e^{-\\lambda\\eta} = 1 - \\lambda\\eta + \\frac{\\lambda^2\\eta^2}{2} + O(\\eta^3)"], 0),
    ("inequality + assumptions", ["\\eta L \\le 1", "--assume", "\\eta \\le 1/L", "-a", "L > 0", "-a", "\\eta > 0"], 0),
    ("vectors, in coordinates", ["\\|x - y\\|^2 = \\|x\\|^2 - 2\\langle x, y\\rangle + \\|y\\|^2"], 0),
]


def cold(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "symgd.app.cli", *args], capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc.returncode


def main() -> int:
    imports = [cold(["--help"])[0] for _ in range(REPEAT)]
    print(f"cold start + imports (symgd --help): median {statistics.median(imports):.2f} s")
    print(f"{'claim':28s} {'median':>7s} {'min':>6s} {'max':>6s}  exit  target < {TARGET:g} s")
    worst, wrong = 0.0, False
    for label, args, expected in CLAIMS:
        runs = [cold(["check", *args]) for _ in range(REPEAT)]
        times = [t for t, _ in runs]
        codes = {c for _, c in runs}
        med = statistics.median(times)
        worst = max(worst, med)
        wrong |= codes != {expected}
        ok = "ok" if med < TARGET and codes == {expected} else "SLOW" if med >= TARGET else "WRONG EXIT"
        print(f"{label:28s} {med:7.2f} {min(times):6.2f} {max(times):6.2f}  {sorted(codes)}  {ok}")
    print(f"worst median: {worst:.2f} s ({'within' if worst < TARGET else 'OVER'} the {TARGET:g} s target)")
    return 1 if wrong or worst >= TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
