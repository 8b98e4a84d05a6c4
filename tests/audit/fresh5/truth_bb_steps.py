"""Ground truth for bb_steps.md, decided by hand and checked exactly with SymPy (symgd is not used).

Identities on a generic symmetric 2x2 A (entries p, q, r) and generic vectors; the Rayleigh-quotient bounds in the
eigenbasis of A (A = Q diag(l1, l2) Q^T with l1 <= l2, s = Q u); Cauchy-Schwarz by Lagrange's identity in R^3;
the worked example by exact rational arithmetic; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _check import run
from _truth import false_at, identical, nonneg_by_factors

p, q, r, b1, b2, x1, x2, z1, z2, al = sp.symbols("p q r b1 b2 x1 x2 z1 z2 alpha", real=True)
A = sp.Matrix([[p, q], [q, r]])
b = sp.Matrix([b1, b2])
x = sp.Matrix([x1, x2])
xn = sp.Matrix([z1, z2])  # x_{k+1}
I2 = sp.eye(2)


def zero(M: sp.Matrix) -> bool:
    return all(identical(e, 0) for e in M)


def f(v, AA=A, bb=b):
    return ((v.T * AA * v) / 2 - bb.T * v)[0]


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    g = lambda w: A * w - b  # noqa: E731  (gradient of f, by sp.diff below)
    assert zero(sp.Matrix([sp.diff(f(x), s) for s in (x1, x2)]) - g(x))
    xs = A.inv() * b
    v[r"x^\star = A^{-1} b"] = zero(g(xs))
    # f(x) - f(x*) = (x-x*)^T A (x-x*)/2 exactly; the display drops the 1/2 (1-D: a = 1, b = 0, x = 1: 1/2 vs 1)
    assert identical(f(x) - f(xs), ((x - xs).T * A * (x - xs))[0] / 2)
    X, a_, bb_ = sp.symbols("X a bb", real=True)
    f1 = a_ * X**2 / 2 - bb_ * X
    xs1 = bb_ / a_
    v[r"f(x) - f(x^\star) = (x - x^\star)^\top A\, (x - x^\star)"] = not false_at(
        "=", f1 - f1.subs(X, xs1), a_ * (X - xs1) ** 2, {a_: 1, bb_: 0, X: 1})
    # g_{k+1} = A(x_k - alpha g_k) - b = (I - alpha A) g_k; the display has I + alpha A (A = I, g = e1, alpha = 1)
    gk = g(x)
    assert zero(g(x - al * gk) - (I2 - al * A) * gk)
    diff = (g(x - al * gk) - (I2 + al * A) * gk).subs({p: 1, q: 0, r: 1, b1: 0, b2: 0, x1: 1, x2: 0, al: 1})
    v[r"g_{k+1} = (I + \alpha_k A)\, g_k"] = zero(diff)
    s, y = xn - x, g(xn) - g(x)
    v[r"y_k = A\, s_k"] = zero(y - A * s)
    v[r"s_k^\top y_k = s_k^\top A s_k"] = identical((s.T * y)[0], (s.T * A * s)[0])
    # eigenbasis: s^T s = u1^2 + u2^2, s^T A s = l1 u1^2 + l2 u2^2 (0 < l1 <= l2, u != 0), BB1 = s^T s / s^T A s
    l1, l2, u1, u2, _d = sp.symbols("l1 l2 u1 u2 d", positive=True)  # d = l2 - l1 >= 0
    sAs = l1 * u1**2 + l2 * u2**2
    bb1 = (u1**2 + u2**2) / sAs
    v[r"\frac{1}{\lambda_{\max}} \le \alpha_{k+1}^{\mathrm{BB1}}"] = nonneg_by_factors(
        bb1 - 1 / l2, [l2 - l1, u1**2, 1 / (l2 * sAs)], [l2 - l1, u1**2, 1 / (l2 * sAs)])
    v[r"\le \frac{1}{\lambda_{\min}}"] = nonneg_by_factors(
        1 / l1 - bb1, [l2 - l1, u2**2, 1 / (l1 * sAs)], [l2 - l1, u2**2, 1 / (l1 * sAs)])
    # Cauchy-Schwarz in R^3 by Lagrange's identity
    S = sp.Matrix(sp.symbols("s1:4", real=True))
    Y = sp.Matrix(sp.symbols("y1:4", real=True))
    ss, sy, yy = (S.T * S)[0], (S.T * Y)[0], (Y.T * Y)[0]
    lag = sum((S[i] * Y[j] - S[j] * Y[i]) ** 2 for i in range(3) for j in range(i + 1, 3))
    v[r"(s_k^\top y_k)^2 \le (s_k^\top s_k)(y_k^\top y_k)"] = identical(ss * yy - sy**2, lag)
    # BB1 - BB2 = (ss yy - sy^2) / (sy yy) >= 0 since sy = s^T A s > 0 and yy > 0
    v[r"\alpha_{k+1}^{\mathrm{BB2}} \le \alpha_{k+1}^{\mathrm{BB1}}"] = identical(ss / sy - sy / yy, lag / (sy * yy))
    # worked example
    Ae = sp.Matrix([[3, 1], [1, 3]])
    be = sp.Matrix([1, 1])
    x0 = sp.Matrix([1, 0])
    assert sorted(Ae.eigenvals()) == [2, 4] and Ae.inv() * be == sp.Matrix([sp.Rational(1, 4)] * 2)
    g0 = Ae * x0 - be
    v[r"g_0 = (2, 0)^\top"] = g0 == sp.Matrix([2, 0])
    x1e = x0 - sp.Rational(1, 4) * g0
    g1 = Ae * x1e - be
    v[r"x_1 = \begin{pmatrix} 1/2 \\ 0 \end{pmatrix}"] = x1e == sp.Matrix([sp.Rational(1, 2), 0])
    v[r"g_1 = \begin{pmatrix} 1/2 \\ -1/2 \end{pmatrix}"] = g1 == sp.Matrix([sp.Rational(1, 2), -sp.Rational(1, 2)])
    s0, y0 = x1e - x0, g1 - g0
    BB1 = (s0.T * s0)[0] / (s0.T * y0)[0]
    BB2 = (s0.T * y0)[0] / (y0.T * y0)[0]
    v[r"\alpha_1^{\mathrm{BB1}} = \frac{1}{3}"] = BB1 == sp.Rational(1, 3)
    v[r"\alpha_1^{\mathrm{BB2}} = \frac{3}{8}"] = BB2 == sp.Rational(3, 8)
    assert BB2 == sp.Rational(3, 10)
    v[r"A g_1 = 4 g_1"] = Ae * g1 == 4 * g1
    assert Ae * g1 == 2 * g1
    # the rest of the example as the text tells it: g_2 = g_1/3, next BB1 step 1/2, x_3 = x*
    x2e = x1e - BB1 * g1
    g2 = Ae * x2e - be
    assert g2 == g1 / 3
    s1, y1 = x2e - x1e, g2 - g1
    a2 = (s1.T * s1)[0] / (s1.T * y1)[0]
    assert a2 == sp.Rational(1, 2) and x2e - a2 * g2 == Ae.inv() * be
    return v


if __name__ == "__main__":
    run("bb_steps.md", verdicts())
