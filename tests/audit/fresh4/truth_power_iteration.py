"""Ground truth for power_iteration.md, decided by hand and checked exactly with SymPy (symgd is not used).

General statements are checked in eigen-coordinates (orthonormal eigenvectors: A = V diag(lambda) V^T with a rational
rotation V, eigenvalues and coefficients symbols; statements in k by induction, k an integer symbol); the example
with its exact numbers; the slips get exact counterexamples that satisfy the ordering of the eigenvalues.
`python truth_power_iteration.py` exits 1 when a verdict disagrees with the key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

k = sp.Symbol("k", integer=True, nonnegative=True)
l1, l2 = sp.symbols("lambda1 lambda2", real=True, nonzero=True)
c1, c2 = sp.symbols("c1 c2", real=True, nonzero=True)
V = sp.Matrix([[sp.Rational(3, 5), sp.Rational(-4, 5)], [sp.Rational(4, 5), sp.Rational(3, 5)]])  # orthonormal
v1, v2 = V[:, 0], V[:, 1]
A = V * sp.diag(l1, l2) * V.T


def _vec_eq(a: sp.Matrix, b: sp.Matrix) -> bool:
    return all(identical(sp.powsimp(sp.expand_power_base(p - q, force=True), force=True), 0) for p, q in zip(a, b, strict=True))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    y = lambda kk: c1 * l1**kk * v1 + c2 * l2**kk * v2  # noqa: E731
    x0 = c1 * v1 + c2 * v2
    # induction: y(0) = x0 and A y(k) = y(k+1)
    v[r"A^k x_0 = \sum_{i=1}^n c_i \lambda_i^k v_i"] = _vec_eq(y(0), x0) and _vec_eq(A * y(k), y(k + 1))
    v[r"= c_1 \lambda_1^k \Big( v_1 + \sum_{i=2}^n \frac{c_i}{c_1} \Big(\frac{\lambda_i}{\lambda_1}\Big)^k v_i \Big)"] = (
        _vec_eq(y(k), c1 * l1**k * (v1 + c2 / c1 * (l2 / l1) ** k * v2)))
    # tan^2 theta = (||y||^2 - <y, v1>^2) / <y, v1>^2 (both sides of the claim are >= 0: compare squares)
    yk = y(k)
    par = (yk.T * v1)[0]
    tan2 = ((yk.T * yk)[0] - par**2) / par**2
    v[r"\tan\theta_k = \frac{\big(\sum_{i\ge 2} c_i^2 \lambda_i^{2k}\big)^{1/2}}{|c_1|\,|\lambda_1|^k}"] = identical(
        sp.powsimp(sp.expand(tan2 - c2**2 * l2 ** (2 * k) / (c1**2 * l1 ** (2 * k))), force=True), 0)
    # the example: tan theta_k = 3^{-k}; at k = 1 the claim's bound 3^{-2} tan theta_0 = 1/9 < 1/3
    tan_ex = lambda kk: sp.Integer(3) ** (-kk)  # noqa: E731
    assert tan2.subs({l1: 3, l2: 1, c1: 1, c2: 1, k: 1}) == sp.Rational(1, 9)  # tan theta_1 = 1/3
    v[r"\le \Big|\frac{\lambda_2}{\lambda_1}\Big|^{2k} \tan\theta_0"] = not false_at(
        "<=", tan_ex(1), sp.Rational(1, 3) ** 2 * tan_ex(0), {})
    # Rayleigh quotient in eigen-coordinates, n = 3: x = (1, e2, e3)
    m1, m2, m3 = sp.symbols("mu1 mu2 mu3", real=True)
    e2, e3 = sp.symbols("e2 e3", real=True)
    D = sp.diag(m1, m2, m3)
    x = sp.Matrix([1, e2, e3])
    xx, xAx = (x.T * x)[0], (x.T * D * x)[0]
    v[r"x^\top x = 1 + \|e\|^2"] = identical(xx, 1 + e2**2 + e3**2)
    v[r"x^\top A x = \lambda_1 + \sum_{i\ge2} \lambda_i e_i^2"] = identical(xAx, m1 + m2 * e2**2 + m3 * e3**2)
    r = xAx / xx
    assert identical(r - m1, ((m2 - m1) * e2**2 + (m3 - m1) * e3**2) / xx)  # the correct numerator
    v[r"r(x) - \lambda_1 = \frac{\sum_{i \ge 2} (\lambda_1 - \lambda_i)\, e_i^2}{1 + \|e\|^2}"] = not false_at(
        "=", r - m1, ((m1 - m2) * e2**2 + (m1 - m3) * e3**2) / xx, {m1: 3, m2: 1, m3: 0, e2: 1, e3: 0})
    # eigenvalues 3, -29/10, 0 (|3| > |-29/10| >= |0|), e = (1/10, 0): tan theta = ||e|| = 1/10
    pt = {m1: 3, m2: sp.Rational(-29, 10), m3: 0, e2: sp.Rational(1, 10), e3: 0}
    v[r"|r(x) - \lambda_1| \le \big(|\lambda_1| + |\lambda_n|\big)\,\tan^2\theta"] = not false_at(
        "<=", sp.Abs(r - m1), (3 + 0) * sp.Rational(1, 10) ** 2, pt)
    assert true_le(sp.Abs(r - m1).subs(pt), (3 + sp.Rational(29, 10)) * sp.Rational(1, 100))  # with |lambda_2|: holds
    # the example
    An = sp.Matrix([[2, 1], [1, 2]])
    ev = An.eigenvals()
    v[r"\lambda_1 = 3"] = max(ev) == 3
    v[r"\lambda_2 = 1"] = min(ev) == 1
    x0n = sp.Matrix([1, 0])
    yk_ex = sp.Matrix([(sp.Integer(3) ** k + 1) / 2, (sp.Integer(3) ** k - 1) / 2])
    v[r"A^k x_0 = \frac{1}{2}\begin{pmatrix} 3^k + 1 \\ 3^k - 1 \end{pmatrix}"] = (
        yk_ex.subs(k, 0) == x0n and all(identical(sp.expand(p - q), 0) for p, q in zip(An * yk_ex, yk_ex.subs(k, k + 1),
                                                                                         strict=True)))
    ys = [An**j * x0n for j in range(4)]
    assert ys[1:] == [sp.Matrix([2, 1]), sp.Matrix([5, 4]), sp.Matrix([14, 13])]
    rq = lambda y: (y.T * An * y)[0] / (y.T * y)[0]  # noqa: E731
    v[r"r(A x_0) = \frac{(2,1)\,(5,4)^\top}{5}"] = rq(ys[1]) == sp.Rational(2 * 5 + 1 * 4, 5)
    v[r"= \frac{14}{5}"] = sp.Rational(2 * 5 + 1 * 4, 5) == sp.Rational(14, 5)
    v[r"r(A^2 x_0) = \frac{(5,4)\,(14,13)^\top}{41}"] = rq(ys[2]) == sp.Rational(5 * 14 + 4 * 13, 41)
    v[r"= \frac{122}{41}"] = sp.Rational(5 * 14 + 4 * 13, 41) == sp.Rational(122, 41)
    rk = sp.simplify(rq(yk_ex))
    N = sp.Integer(9) ** k
    t3 = 3 * N  # 3^{2k+1}
    v[r"\lambda_1 - r(A^k x_0) = \frac{3^{2k+1} + 3 - (3^{2k+1} + 1)}{9^k + 1}"] = identical(
        sp.simplify(sp.powsimp(sp.expand(3 - rk), force=True) - (t3 + 3 - (t3 + 1)) / (N + 1)), 0) and identical(
        sp.Integer(3) ** (2 * k + 1), t3)
    v[r"= \frac{2}{9^k + 1}"] = identical((t3 + 3 - (t3 + 1)) / (N + 1), 2 / (N + 1))
    Np = sp.Symbol("N", positive=True)  # 9^k > 0
    v[r"\le 2 \cdot 9^{-k}"] = nonneg_by_factors(2 / Np - 2 / (Np + 1), [2, 1 / Np, 1 / (Np + 1)],
                                                 [sp.Integer(2), 1 / Np, 1 / (Np + 1)])
    v[r"3 - 122/41 = 1/41"] = 3 - sp.Rational(122, 41) == sp.Rational(1, 41)
    v[r"\lambda_1 - r(A^3 x_0) = \frac{2}{730}"] = 3 - rq(An**3 * x0n) == sp.Rational(2, 730)
    v[r"= \frac{1}{364}"] = sp.Rational(2, 730) == sp.Rational(1, 364)  # it is 1/365
    # eigen-coefficients of x_0 = (1, 0): 1/sqrt 2 along both unit eigenvectors
    w1, w2 = sp.Matrix([1, 1]) / sp.sqrt(2), sp.Matrix([1, -1]) / sp.sqrt(2)
    a1, a2 = (x0n.T * w1)[0], (x0n.T * w2)[0]
    v[r"\tan\theta_k = 3^{-k}"] = identical(sp.powsimp(sp.Abs(a2 * 1**k) / sp.Abs(a1 * sp.Integer(3) ** k)),
                                            sp.Integer(3) ** (-k))
    return v


def true_le(a: sp.Expr, b: sp.Expr) -> bool:
    return bool(sp.nsimplify(b - a) >= 0)


def _check(name: str) -> int:
    key = json.loads((Path(__file__).with_name(name + ".key.json")).read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    scored = {lk["text"]: lk["truth"] for lk in key["links"] if lk["truth"] in ("correct", "slip")}
    for text in sorted(set(scored) ^ set(v)):
        print("NOT IN BOTH KEY AND SCRIPT:", text)
        bad += 1
    for text, truth in scored.items():
        if text in v and v[text] != (truth == "correct"):
            print("DISAGREES WITH KEY:", truth, text)
            bad += 1
    for text, ok in v.items():
        print("correct" if ok else "SLIP   ", text)
    print(f"{len(v)} relations, {sum(not o for o in v.values())} slips; {'OK' if not bad else f'{bad} DISAGREEMENTS'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(_check("power_iteration"))
