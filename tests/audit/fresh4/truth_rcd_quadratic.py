"""Ground truth for rcd_quadratic.md, decided by hand and checked exactly with SymPy (symgd is not used).

General statements are checked with a generic symmetric 2x2 A (entries symbols; A_11, A_22 > 0 and det A > 0) and a
generic b, x: the identities are polynomial or rational in the entries, so a symbolic instance checks the algebra.
Inequalities get certificates (termwise or in the eigenbasis, where a quadratic form is diagonal: orthogonal changes
of variables leave norms and the gap unchanged); the example uses the exact numbers of the text; the slips get exact
counterexamples. `python truth_rcd_quadratic.py` exits 1 when a verdict disagrees with the key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

a11, a22, a12 = sp.symbols("a11 a22 a12", real=True)
A = sp.Matrix([[a11, a12], [a12, a22]])
B = sp.Matrix(sp.symbols("b1:3", real=True))
X = sp.Matrix(sp.symbols("x1:3", real=True))
t, mu, Lm, k = sp.symbols("t mu L_max k", positive=True)
n = 2


def f(x: sp.Matrix, A: sp.Matrix = A, b: sp.Matrix = B) -> sp.Expr:
    return (x.T * A * x)[0] / 2 - (b.T * x)[0]


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    grad = sp.Matrix([sp.diff(f(X), xi) for xi in X])
    v[r"\nabla f(x) = A x - b"] = all(identical(gi, ri) for gi, ri in zip(grad, A * X - B, strict=True))
    xs = A.inv() * B
    fstar = f(xs)
    v[r"= -\frac{1}{2} b^\top x^\star"] = identical(fstar, -(B.T * xs)[0] / 2)
    v[r"f(x) - f^\star = \frac{1}{2}(x - x^\star)^\top A (x - x^\star)"] = identical(
        f(X) - fstar, ((X - xs).T * A * (X - xs))[0] / 2)
    ok = True
    for i in range(n):
        e = sp.Matrix([1 if j == i else 0 for j in range(n)])
        ok = ok and identical(f(X - t * e), f(X) - t * grad[i] + t**2 / 2 * A[i, i])
    v[r"f(x - t e_i) = f(x) - t\, \nabla_i f(x) + \frac{t^2}{2} A_{ii}"] = ok
    # exact decrease of the coordinate step, i = 1
    e1 = sp.Matrix([1, 0])
    xp = X - grad[0] / A[0, 0] * e1
    assert identical(f(xp), f(X) - grad[0] ** 2 / (2 * A[0, 0]))  # the correct decrease has 1/2
    pt = {a11: 2, a12: 1, a22: 3, X[0]: 0, X[1]: 0, B[0]: 3, B[1]: 4}
    v[r"f(x^+) = f(x) - \frac{(\nabla_i f(x))^2}{A_{ii}}"] = not false_at(
        "=", f(xp), f(X) - grad[0] ** 2 / A[0, 0], pt)
    gp = sp.Matrix([sp.diff(f(X), xi) for xi in X]).subs(dict(zip(X, xp, strict=True)))
    v[r"\nabla_i f(x^+) = 0"] = identical(gp[0], 0)
    # expectation over a uniform coordinate
    exp_f = sum(f(X - grad[i] / A[i, i] * sp.Matrix([1 if j == i else 0 for j in range(n)])) for i in range(n)) / n
    v[r"\mathbb{E}_i\big[f(x^+)\big] = f(x) - \frac{1}{2n}\sum_{i=1}^n \frac{(\nabla_i f(x))^2}{A_{ii}}"] = identical(
        exp_f, f(X) - sum(grad[i] ** 2 / A[i, i] for i in range(n)) / (2 * n))
    # 1/A_ii >= 1/L_max for 0 < A_ii <= L_max: the difference is (L_max - A_ii)/(A_ii L_max)
    aii = sp.Symbol("A_ii", positive=True)
    gap = sp.Symbol("Lmax_minus_Aii", nonnegative=True)
    v[r"1/A_{ii} \ge 1/L_{\max}"] = nonneg_by_factors(
        (1 / aii - 1 / (aii + gap)), [gap, 1 / aii, 1 / (aii + gap)], [gap, 1 / aii, 1 / (aii + gap)])
    # termwise: g_i^2/A_ii - g_i^2/L_max = g_i^2 (1/A_ii - 1/L_max) >= 0, summed: the bound with ||g||^2
    g = sp.Symbol("g_i", real=True)
    v[r"\mathbb{E}_i\big[f(x^+)\big] \le f(x) - \frac{1}{2 n L_{\max}} \|\nabla f(x)\|^2"] = nonneg_by_factors(
        g**2 / (2 * n * aii) - g**2 / (2 * n * (aii + gap)),
        [g**2 / (2 * n), 1 / aii - 1 / (aii + gap)], [g**2 / (2 * n), 1 / aii - 1 / (aii + gap)]) and v[
        r"1/A_{ii} \ge 1/L_{\max}"]
    # ||A d||^2 - 2 mu (f - f*) in the eigenbasis: sum lam_j (lam_j - mu) z_j^2 >= 0 since lam_j >= mu > 0
    z1, z2 = sp.symbols("z1 z2", real=True)
    d1, d2 = sp.symbols("d1 d2", nonnegative=True)  # lam_j - mu
    lhs = (mu + d1) ** 2 * z1**2 + (mu + d2) ** 2 * z2**2
    gapq = ((mu + d1) * z1**2 + (mu + d2) * z2**2) / 2
    diff = lhs - 2 * mu * gapq
    assert identical(diff, (mu + d1) * d1 * z1**2 + (mu + d2) * d2 * z2**2)  # >= 0 term by term: the reverse holds
    Ad = sp.diag(1, 2)
    d = sp.Matrix([0, 1])
    v[r"\|\nabla f(x)\|^2 \le 2\mu\,\big(f(x) - f^\star\big)"] = not false_at(
        "<=", ((Ad * d).T * (Ad * d))[0], 2 * 1 * ((d.T * Ad * d)[0] / 2), {})
    # one step: rhs - (f - f* - ||g||^2/(2 n L)) = (||g||^2 - 2 mu gap)/(2 n L) >= 0 by the correct PL-type bound
    Gap = sp.Symbol("Gap", nonnegative=True)
    excess = sp.Symbol("excess", nonnegative=True)  # G2 - 2 mu Gap >= 0
    G2v = 2 * mu * Gap + excess
    v[r"\mathbb{E}_i\big[f(x^+)\big] - f^\star \le \Big(1 - \frac{\mu}{n L_{\max}}\Big)\big(f(x) - f^\star\big)"] = (
        nonneg_by_factors((1 - mu / (n * Lm)) * Gap - (Gap - G2v / (2 * n * Lm)),
                          [excess, 1 / (2 * n * Lm)], [excess, 1 / (2 * n * Lm)]))
    rho = sp.Symbol("rho", positive=True)
    v[r"\mathbb{E}\big[f(x_k)\big] - f^\star \le \Big(1 - \frac{\mu}{n L_{\max}}\Big)^{k}\big(f(x_0) - f^\star\big)"] = (
        identical(rho * rho ** (k - 1), rho**k))  # E[e_k] <= rho E[e_{k-1}] <= rho rho^{k-1} e_0, rho >= 0
    # the example
    An, bn = sp.Matrix([[2, 1], [1, 3]]), sp.Matrix([3, 4])
    xsn = An.inv() * bn
    v[r"x^\star = (1, 1)^\top"] = xsn == sp.Matrix([1, 1])
    v[r"f^\star = -7/2"] = f(xsn, An, bn) == sp.Rational(-7, 2)
    x0 = sp.zeros(2, 1)
    g0 = An * x0 - bn
    x1 = x0 - g0[0] / An[0, 0] * sp.Matrix([1, 0])
    assert x1 == sp.Matrix([sp.Rational(3, 2), 0])
    v[r"f(x_1) = 0 - \frac{(-3)^2}{2\cdot 2}"] = f(x1, An, bn) == 0 - sp.Rational((-3) ** 2, 2 * 2)
    v[r"= -\frac{9}{4}"] = sp.Rational((-3) ** 2, 2 * 2) == sp.Rational(9, 4) and f(x1, An, bn) == sp.Rational(-9, 4)
    g1 = An * x1 - bn
    v[r"\nabla_2 f(x_1) = -5/2"] = g1[1] == sp.Rational(-5, 2)
    x2 = x1 - g1[1] / An[1, 1] * sp.Matrix([0, 1])
    assert x2 == sp.Matrix([sp.Rational(3, 2), sp.Rational(5, 6)])
    v[r"f(x_2) = -\frac{9}{4} - \frac{(5/2)^2}{2\cdot 3}"] = (
        f(x2, An, bn) == sp.Rational(-9, 4) - sp.Rational(5, 2) ** 2 / (2 * 3))
    v[r"= -\frac{77}{24}"] = f(x2, An, bn) == sp.Rational(-77, 24)  # it is -79/24
    ev = sorted(An.eigenvals(), key=lambda e: float(e))
    v[r"\lambda_{\min}(A) = \frac{5 - \sqrt{5}}{2}"] = identical(ev[0], (5 - sp.sqrt(5)) / 2)
    mun, Lmn = ev[0], max(An[0, 0], An[1, 1])
    assert Lmn == 3
    v[r"1 - \frac{\mu}{n L_{\max}} = 1 - \frac{5 - \sqrt{5}}{12}"] = identical(1 - mun / (2 * Lmn),
                                                                           1 - (5 - sp.sqrt(5)) / 12)
    v[r"= \frac{7 + \sqrt{5}}{12}"] = identical(1 - (5 - sp.sqrt(5)) / 12, (7 + sp.sqrt(5)) / 12)
    return v


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
    sys.exit(_check("rcd_quadratic"))
