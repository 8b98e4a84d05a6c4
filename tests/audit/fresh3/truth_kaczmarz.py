"""Ground truth for kaczmarz.txt, decided by hand and checked exactly with SymPy (symgd is not used).

The one-row identities in R^2 with symbols for the row, the iterate and the solution (b_i = a_i^T x*); the expectation
with three symbolic rows in R^2 and p_i = ||a_i||^2/||A||_F^2; the singular-value bound by a certificate that
A^T A - sigma_min^2 I is positive semidefinite (2x2: zero determinant, nonnegative trace); the example in exact
arithmetic (sqrt 5 exact). The slips get exact counterexamples.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

XK = sp.Matrix(sp.symbols("x1:3", real=True))
XS = sp.Matrix(sp.symbols("s1:3", real=True))


def _dot(a: sp.Matrix, b: sp.Matrix) -> sp.Expr:
    return (a.T * b)[0]


def _same_rational(a: sp.Expr, b: sp.Expr) -> bool:
    """a == b for rational functions (exact: the numerator of a - b over a common denominator is 0)."""
    return sp.cancel(sp.together(a - b)) == 0


def _kacz(x: sp.Matrix, a: sp.Matrix, b: sp.Expr) -> sp.Matrix:
    return x + (b - _dot(a, x)) / _dot(a, a) * a


def _psd_certificate() -> bool:
    p, r = sp.symbols("p r", positive=True)
    q = sp.Symbol("q", real=True)
    M = sp.Matrix([[p, q], [q, r]])
    disc = sp.sqrt((p - r) ** 2 + 4 * q**2)
    lam = (p + r - disc) / 2
    shifted = M - lam * sp.eye(2)
    return identical(shifted.det(), 0) and identical(shifted.trace(), disc)  # det 0, trace >= 0: PSD


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    a = sp.Matrix(sp.symbols("a1:3", real=True))
    b = _dot(a, XS)  # x* solves the row's equation
    x1 = _kacz(XK, a, b)
    v["a_iᵀx_{k+1} = a_iᵀx_k + (b_i − a_iᵀx_k)"] = identical(_dot(a, x1), _dot(a, XK) + (b - _dot(a, XK)))
    v["= b_i"] = identical(_dot(a, XK) + (b - _dot(a, XK)), b)
    e1, e0, st = x1 - XS, XK - XS, x1 - XK
    v["‖x_{k+1} − x*‖² = ‖x_k − x*‖² − ‖x_{k+1} − x_k‖²"] = identical(_dot(e1, e1), _dot(e0, e0) - _dot(st, st))
    v["‖x_{k+1} − x_k‖² = (b_i − a_iᵀx_k)²/‖a_i‖²"] = identical(_dot(st, st), (b - _dot(a, XK)) ** 2 / _dot(a, a))
    # slip: a = (2, 0), x_k = 0, x* = (1, 0), b = 2: x_{k+1} = x*
    a0, xk0, xs0 = sp.Matrix([2, 0]), sp.Matrix([0, 0]), sp.Matrix([1, 0])
    n1 = _kacz(xk0, a0, 2)
    v["‖x_{k+1} − x*‖² = ‖x_k − x*‖² − (b_i − a_iᵀx_k)²/‖a_i‖"] = not false_at(
        "=", _dot(n1 - xs0, n1 - xs0), _dot(xk0 - xs0, xk0 - xs0) - sp.Integer(2) ** 2 / sp.sqrt(_dot(a0, a0)), {}
    )
    rows = [sp.Matrix(sp.symbols(f"r{i}1:{i}3", real=True)) for i in range(1, 4)]
    F2 = sum(_dot(r, r) for r in rows)
    p = [_dot(r, r) / F2 for r in rows]
    err = [_kacz(XK, r, _dot(r, XS)) - XS for r in rows]
    expect = sum(pi * _dot(e, e) for pi, e in zip(p, err, strict=True))
    mid = _dot(e0, e0) - sum(pi * _dot(r, e0) ** 2 / _dot(r, r) for pi, r in zip(p, rows, strict=True))
    v["E‖x_{k+1} − x*‖² = ‖x_k − x*‖² − ∑ᵢ p_i (a_iᵀ(x_k − x*))²/‖a_i‖²"] = _same_rational(expect, mid)
    Amat = sp.Matrix.vstack(*[r.T for r in rows])
    Ad = Amat * e0
    last = _dot(e0, e0) - _dot(Ad, Ad) / F2
    v["= ‖x_k − x*‖² − ‖A(x_k − x*)‖²/‖A‖_F²"] = _same_rational(mid, last)
    # (1 - s2/F2)||d||^2 - last = (||Ad||^2 - s2 ||d||^2)/F2 = d^T (A^T A - s2 I) d / F2 >= 0
    s2 = sp.Symbol("s2", nonnegative=True)
    diff = (1 - s2 / F2) * _dot(e0, e0) - last
    quad = (e0.T * (Amat.T * Amat - s2 * sp.eye(2)) * e0)[0] / F2
    v["≤ (1 − σ_min(A)²/‖A‖_F²) ‖x_k − x*‖²"] = _same_rational(diff, quad) and _psd_certificate()
    # the example
    A = sp.Matrix([[1, 0], [1, 1]])
    bv = sp.Matrix([1, 3])
    xs = sp.Matrix([1, 2])
    v["x* = (1, 2)"] = A * xs == bv
    F2e = sum(x**2 for x in A)
    v["‖A‖_F² = 3"] = F2e == 3
    v["p_1 = 1/3"] = sp.Rational(_dot(A.row(0).T, A.row(0).T), F2e) == sp.Rational(1, 3)
    v["p_2 = 2/3"] = sp.Rational(_dot(A.row(1).T, A.row(1).T), F2e) == sp.Rational(2, 3)
    x0 = sp.Matrix([0, 0])
    x1e = _kacz(x0, A.row(1).T, 3)
    v["x_1 = (0, 0) + (3/2)(1, 1)"] = x1e == x0 + sp.Rational(3, 2) * sp.Matrix([1, 1])
    v["= (3/2, 3/2)"] = x0 + sp.Rational(3, 2) * sp.Matrix([1, 1]) == sp.Matrix([sp.Rational(3, 2)] * 2)
    v["‖x_1 − x*‖² = 1/2"] = _dot(x1e - xs, x1e - xs) == sp.Rational(1, 2)
    x2e = _kacz(x1e, A.row(0).T, 1)
    v["x_2 = (3/2, 3/2) − (1/2)(1, 0)"] = x2e == x1e - sp.Rational(1, 2) * sp.Matrix([1, 0])
    v["= (1, 3/2)"] = x1e - sp.Rational(1, 2) * sp.Matrix([1, 0]) == sp.Matrix([1, sp.Rational(3, 2)])
    v["‖x_2 − x*‖² = 1/4"] = _dot(x2e - xs, x2e - xs) == sp.Rational(1, 4)
    M = A.T * A
    v["AᵀA = [[2, 1], [1, 1]]"] = M == sp.Matrix([[2, 1], [1, 1]])
    sig2 = min(M.eigenvals(), key=lambda e: float(e))
    v["σ_min(A)² = (3 − √5)/2"] = identical(sig2, (3 - sp.sqrt(5)) / 2)
    rho = 1 - sig2 / F2e
    v["1 − σ_min(A)²/‖A‖_F² = (3 + √5)/6"] = identical(rho, (3 + sp.sqrt(5)) / 6)
    # slip ^{2k}: start at x* + v with v an eigenvector of sigma_min^2; one step (k = 1) has
    # E||x_1 - x*||^2 = rho ||v||^2 exactly, and rho > rho^2 since 0 < rho < 1 (3 - sqrt 5 > 0 as 9 > 5)
    vec = (M - sig2 * sp.eye(2)).nullspace()[0]
    start = xs + vec
    exp1 = sum(
        sp.Rational(_dot(A.row(i).T, A.row(i).T), F2e)
        * _dot(_kacz(start, A.row(i).T, bv[i]) - xs, _kacz(start, A.row(i).T, bv[i]) - xs)
        for i in range(2)
    )
    exact = identical(exp1, rho * _dot(vec, vec))
    gap = rho - rho**2
    v["E‖x_k − x*‖² ≤ (1 − σ_min(A)²/‖A‖_F²)^{2k} ‖x_0 − x*‖²"] = not (
        exact and identical(gap, (3 + sp.sqrt(5)) * (3 - sp.sqrt(5)) / 36) and 3**2 > 5
    )
    return v


def main() -> int:
    key = json.loads(Path(__file__).with_name("kaczmarz.key.json").read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    for link in key["links"]:
        if link["truth"] not in ("correct", "slip"):
            continue
        ok = v.get(link["text"])
        agree = ok is not None and ok == (link["truth"] == "correct")
        bad += not agree
        print("correct" if ok else "SLIP   ", "" if agree else "<-- DISAGREES WITH THE KEY", link["text"])
    extra = set(v) - {link["text"] for link in key["links"]}
    bad += len(extra)
    for e in extra:
        print("not in the key:", e)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
