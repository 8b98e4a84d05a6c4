"""Time `symgd.rates` (performance estimation + exact certificate) side by side with PEPit's numeric solve.

Targets on 2 cores: GD N = 10, SDP + exact certificate < 10 s; N = 30 < 60 s; the all-N proof (derivation
rate_gd_tight, every step) < 30 s.  PEPit (numeric only, same solver: Clarabel) is timed in the same run.
"""

from __future__ import annotations

import sys
import time
import warnings
from fractions import Fraction

TARGETS = {10: 10.0, 30: 60.0}
PROOF_TARGET = 30.0


def pepit_gd(N: int) -> tuple[float, float]:
    from PEPit import PEP
    from PEPit.functions import SmoothStronglyConvexFunction

    start = time.perf_counter()
    problem = PEP()
    func = problem.declare_function(SmoothStronglyConvexFunction, mu=0, L=1)
    xs = func.stationary_point()
    x0 = problem.set_initial_point()
    problem.set_initial_condition((x0 - xs) ** 2 <= 1)
    x = x0
    for _ in range(N):
        x = x - func.gradient(x)
    problem.set_performance_metric(func(x) - func(xs))
    with warnings.catch_warnings():  # PEPit's "solution may be inaccurate" goes to the table, not stderr
        warnings.simplefilter("ignore")
        value = problem.solve(verbose=0, wrapper="cvxpy", solver="CLARABEL")
    return value, time.perf_counter() - start


def main() -> int:
    import cvxpy  # noqa: F401  (imported once, outside the timings, as PEPit's is)

    from symgd.rates import build, certify, gd
    from symgd.rates.sdp import solve

    ok = True
    print(f"{'case':24s} {'symgd SDP':>10s} {'+ exact':>8s} {'total':>7s} {'PEPit SDP':>10s}  bound       target")
    for N, target in TARGETS.items():
        t0 = time.perf_counter()
        problem = build(gd(), N)
        num = solve(problem)
        t1 = time.perf_counter()
        cert = certify(problem, num)
        t2 = time.perf_counter()
        try:
            pv, pt = pepit_gd(N)
            peer = f"{pt:9.2f}s"
            agree = abs(pv - num.value) < 1e-6
        except ImportError:
            peer, agree = "   absent", True
        good = cert.verdict.proved and cert.bound == Fraction(1, 4 * N + 2) and agree
        status = "ok" if good and t2 - t0 < target else "SLOW" if good else "WRONG"
        ok &= status == "ok"
        print(f"{'GD, N = ' + str(N):24s} {t1 - t0:9.2f}s {t2 - t1:7.2f}s {t2 - t0:6.2f}s {peer}  {cert.bound!s:10s}  "
              f"< {target:g} s {status}")
    from derivations import rate_gd_tight

    t0 = time.perf_counter()
    report = rate_gd_tight.derive().verify(numeric=False)
    t1 = time.perf_counter()
    proved = all(s.verdict.proved for s in report.steps)
    status = "ok" if proved and t1 - t0 < PROOF_TARGET else "SLOW" if proved else "NOT PROVED"
    ok &= status == "ok"
    print(f"{'all-N proof (steps)':24s} {t1 - t0:9.2f}s {'':8s} {'':7s} {'':10s}  every N     < {PROOF_TARGET:g} s "
          f"{status}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
