"""Backward error analysis: GD's modified equation per order (trees, terms, seconds), explicit fields for a concrete
d = 2 loss, and the brute-force coordinate solve as the peer measured in the same run.

Targets (issue 14): coefficients through order 10 in < 10 s; explicit d = 2 expressions through order 6 in < 60 s.
Anchors measured elsewhere (not in this run): BSeries.jl's symbolic modified equation to order 8, 16 s and 5 GiB
before its later speed-ups; kauri (Python, floating point) 53 s to order 8."""

from __future__ import annotations

import sys
import time

import sympy as sp

from symgd.bea import trees
from symgd.bea.jets import gd_field_by_coordinates
from symgd.bea.maps import modified_field_of_map
from symgd.bea.modified import gd_modified_equation

COEFF_ORDER, COEFF_TARGET = 10, 10.0
EXPLICIT_ORDER, EXPLICIT_TARGET = 6, 60.0


def _cold() -> None:
    """Forget every cached tree computation, so each timing starts from nothing."""
    for fn in (trees._trees, trees.edge_splits, trees.order, trees.symmetry, trees.density, trees.level_sequence):
        fn.cache_clear()


def coefficients() -> float:
    print(f"GD coefficients (exact rationals), f_0..f_K from scratch; target through K = {COEFF_ORDER} < {COEFF_TARGET:g} s")
    print(f"{'K':>3s} {'trees(K+1)':>11s} {'terms f_K':>10s} {'seconds':>8s}")
    last = 0.0
    for K in range(COEFF_ORDER + 1):
        _cold()
        start = time.perf_counter()
        me = gd_modified_equation(K)
        last = time.perf_counter() - start
        print(f"{K:3d} {me.trees_per_order[K]:11d} {len(me.terms[K]):10d} {last:8.3f}")
    return last


def explicit() -> float:
    x, y = sp.symbols("x y", real=True)
    loss = x**4 / 4 + x * y**2 / 2 + y**2 / 2 - x / 3
    print(f"\nexplicit f_K for L = {sp.sstr(loss)} (expanded polynomials); target through K = {EXPLICIT_ORDER} "
          f"< {EXPLICIT_TARGET:g} s")
    print(f"{'K':>3s} {'trees':>6s} {'monomials':>10s} {'seconds (cumulative)':>21s}")
    start = time.perf_counter()
    me = gd_modified_equation(EXPLICIT_ORDER)
    fields = me.field(loss, (x, y))
    total = 0.0
    for K, f in enumerate(fields):
        expanded = [sp.expand(e) for e in f]
        total = time.perf_counter() - start
        monomials = sum(len(sp.Add.make_args(e)) for e in expanded if e != 0)
        print(f"{K:3d} {me.trees_per_order[K]:6d} {monomials:10d} {total:21.3f}")
    return total


def peer() -> tuple[float, float]:
    """The same result without trees, measured in this run: Lie series matched in coordinates for an undefined loss,
    in SymPy (d = 2, order 3) and on jets as independent symbols (d = 1..3, orders 1..5)."""
    xs = sp.symbols("x1 x2", real=True)
    L = sp.Function("L")(*xs)
    start = time.perf_counter()
    modified_field_of_map([-sp.ImmutableMatrix([sp.diff(L, v) for v in xs])], xs, 3)
    brute = time.perf_counter() - start
    _cold()
    start = time.perf_counter()
    gd_modified_equation(3).field(L, xs)
    tree = time.perf_counter() - start
    print(f"\npeer, same run: f_0..f_3 for an undefined L(x1, x2): SymPy coordinate Lie-series solve {brute:.2f} s, "
          f"trees + evaluation {tree:.3f} s (ratio {brute / tree:.0f}x)")
    print("coordinate solve on jets (the test suite's cross-check), seconds for f_0..f_K:")
    print(f"{'d':>3s} " + " ".join(f"{'K=' + str(K):>7s}" for K in range(1, 6)))
    for dim in (1, 2, 3):
        cells = []
        for K in range(1, 6):
            start = time.perf_counter()
            gd_field_by_coordinates(dim, K)
            cells.append(f"{time.perf_counter() - start:7.3f}")
        print(f"{dim:3d} " + " ".join(cells))
    return brute, tree


def adaptive() -> None:
    """RMSProp and Adam through order 2 for an undefined loss: the closed form of symgd.bea.ema against the generic
    slow-manifold solver (stateful.reduce + maps.modified_field_of_map), same run, numeric hyperparameters."""
    from symgd.bea.ema import ema_modified_field
    from symgd.bea.stateful import large_t_adam, reduce
    from symgd.optim.rules import ADAM, RMSPROP, b1, b2, beta, eps

    hyp = {eps: 24, beta: sp.Rational(9, 10), b1: sp.Rational(4, 5), b2: sp.Rational(99, 100)}
    print("\nRMSProp / Adam (large t) through order 2, undefined loss: closed form vs generic solver (seconds)")
    for rule, dim in ((RMSPROP, 1), (RMSPROP, 2), (large_t_adam(ADAM), 1)):
        xs = sp.symbols(f"x1:{dim + 1}", real=True)
        L = sp.Function("L")(*xs)
        start = time.perf_counter()
        ema_modified_field(rule, L, xs, 2, values=hyp)
        closed = time.perf_counter() - start
        start = time.perf_counter()
        red = reduce(rule, L, xs, 2, simplify=lambda e: e, values=hyp)
        modified_field_of_map(red.increments, xs, 2, simplify=lambda e: e)
        solver = time.perf_counter() - start
        print(f"  {rule.name:8s} d = {dim}: closed form {closed:6.2f}   solver {solver:6.2f}   ratio {solver / closed:5.1f}x")


def main() -> int:
    coeff = coefficients()
    expl = explicit()
    peer()
    adaptive()
    ok = coeff < COEFF_TARGET and expl < EXPLICIT_TARGET
    print(f"\norder {COEFF_ORDER} coefficients {coeff:.2f} s ({'within' if coeff < COEFF_TARGET else 'OVER'} target); "
          f"explicit d = 2 through order {EXPLICIT_ORDER} {expl:.2f} s ({'within' if expl < EXPLICIT_TARGET else 'OVER'} target)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
