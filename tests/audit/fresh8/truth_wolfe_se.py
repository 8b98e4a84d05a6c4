"""Ground truth for wolfe_se.md, decided by hand and checked exactly with SymPy (symgd is not used).

The example is f(x) = x^2, x_0 = 1, p = -2, so phi(alpha) = (1 - 2 alpha)^2; solution sets of the conditions are
computed exactly. The general statements use an undefined function F of two variables (chain rule), explicit
nonnegative slacks for the inequalities, and Lagrange's identity for Cauchy-Schwarz. Slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "wolfe_se.key.json"


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    al = sp.Symbol("alpha", real=True)
    c1, c2, h, g, s, Lc, P2 = sp.symbols("c1 c2 h g s L P2", positive=True)
    x1, x2, p1, p2 = sp.symbols("x1 x2 p1 p2", real=True)
    F = sp.Function("F")
    phi_g = F(x1 + al * p1, x2 + al * p2)
    grad = [sp.diff(F(x1, x2), x1), sp.diff(F(x1, x2), x2)]
    v[r"\phi'(0) = \nabla f(x)^\top p"] = identical(sp.diff(phi_g, al).subs(al, 0).doit(), grad[0] * p1 + grad[1] * p2)

    X = sp.Symbol("X", real=True)
    f = X**2
    p = -sp.diff(f, X).subs(X, 1)
    assert p == -2
    phi = f.subs(X, 1 + al * p)
    v[r"\phi(\alpha) = (1 - 2\alpha)^2"] = identical(phi, (1 - 2 * al) ** 2)
    dphi = sp.diff(phi, al)
    v[r"\phi'(\alpha) = 8\alpha - 4"] = identical(dphi, 8 * al - 4)
    v[r"\phi'(0) = -4"] = dphi.subs(al, 0) == -4
    # (W1): (1-2a)^2 - 1 = 4a^2 - 4a, and 4a^2 - 4a + 4 c1 a = 4a(a - (1 - c1)): for a > 0, <= 0 iff a <= 1 - c1
    v[r"4\alpha^2 - 4\alpha \le -4 c_1 \alpha \iff \alpha \le 1 - c_1"] = identical(phi - 1, 4 * al**2 - 4 * al) and identical(
        4 * al**2 - 4 * al + 4 * c1 * al, 4 * al * (al - (1 - c1)))
    pos = sp.Interval.open(0, sp.oo)
    W1 = sp.solve_univariate_inequality(phi <= 1 + sp.Rational(1, 4) * al * (-4), al, relational=False)
    v[r"\alpha \le 3/4"] = W1.intersect(pos) == sp.Interval.Lopen(0, sp.Rational(3, 4))
    W2 = sp.solve_univariate_inequality(dphi >= sp.Rational(1, 2) * (-4), al, relational=False)
    # slip: alpha = 1/2, c_2 = 1/2 satisfies (W2) (8/2 - 4 = 0 >= -2) but not alpha >= (1 + c_2)/2 = 3/4
    assert (8 * al - 4 >= -4 * c2).subs({al: sp.Rational(1, 2), c2: sp.Rational(1, 2)}) == sp.true
    v[r"\alpha \ge \frac{1 + c_2}{2}"] = not false_at(">=", al, (1 + c2) / 2, {al: sp.Rational(1, 2), c2: sp.Rational(1, 2)})
    v[r"\alpha \ge 1/4"] = W2 == sp.Interval(sp.Rational(1, 4), sp.oo)
    v[r"\phi(3/4) = \tfrac14"] = phi.subs(al, sp.Rational(3, 4)) == sp.Rational(1, 4) == 1 + sp.Rational(1, 4) * sp.Rational(3, 4) * (-4)
    v[r"\phi'(1/4) = -2"] = dphi.subs(al, sp.Rational(1, 4)) == -2 == sp.Rational(1, 2) * (-4)
    SW = sp.solve_univariate_inequality(sp.Abs(dphi) <= sp.Rational(1, 2) * 4, al, relational=False)
    v[r"1/4 \le \alpha \le 3/4"] = SW == sp.Interval(sp.Rational(1, 4), sp.Rational(3, 4))

    # general quadratic phi(a) = phi0 + d a + h a^2 / 2 with d = phi'(0) = -g < 0
    phi0 = sp.Symbol("phi0", real=True)
    d = -g
    q = phi0 + d * al + h / 2 * al**2
    ast = -d / h
    v[r"\alpha^\star = -\phi'(0)/h"] = identical(sp.diff(q, al).subs(al, ast), 0)
    # (W1) gap: q - phi0 - c1 a d = a (h a / 2 - (1 - c1) g), <= 0 iff a <= 2 (1 - c1) alpha*
    assert identical(q - phi0 - c1 * al * d, al * h / 2 * (al - 2 * (1 - c1) * ast))
    cex = {g: 1, h: 1, c1: sp.Rational(1, 4), al: 1}  # alpha = alpha* = 1 satisfies (W1)
    assert (q - phi0 - c1 * al * d).subs(cex) <= 0
    v[r"\text{(W1)} \iff \alpha \le (1 - c_1)\,\alpha^\star"] = not false_at("<=", al, (1 - c1) * ast, cex)
    v[r"\text{(W2)} \iff \alpha \ge (1 - c_2)\,\alpha^\star"] = identical(
        sp.diff(q, al) - c2 * d, h * (al - (1 - c2) * ast))

    # chain rule for phi'(alpha) - phi'(0)
    dphi_g = sp.diff(phi_g, al).doit()
    G1 = sp.Subs(sp.Derivative(F(sp.Symbol("u"), sp.Symbol("w")), sp.Symbol("u")), (sp.Symbol("u"), sp.Symbol("w")), (x1 + al * p1, x2 + al * p2)).doit()
    G2 = sp.Subs(sp.Derivative(F(sp.Symbol("u"), sp.Symbol("w")), sp.Symbol("w")), (sp.Symbol("u"), sp.Symbol("w")), (x1 + al * p1, x2 + al * p2)).doit()
    v[r"\phi'(\alpha) - \phi'(0) = \big(\nabla f(x + \alpha p) - \nabla f(x)\big)^\top p"] = identical(
        dphi_g - dphi_g.subs(al, 0).doit(), (G1 - grad[0]) * p1 + (G2 - grad[1]) * p2)
    # Cauchy-Schwarz (Lagrange's identity) and |Delta| <= L alpha |p|
    D1, D2 = sp.symbols("D1 D2", real=True)
    lagr = identical((D1**2 + D2**2) * (p1**2 + p2**2) - (D1 * p1 + D2 * p2) ** 2, (D1 * p2 - D2 * p1) ** 2)
    _nD, nP, t = sp.symbols("nD nP t", positive=True)
    v[r"\le L \alpha \|p\|^2"] = lagr and identical(Lc * t * nP**2 - (Lc * t * nP - s) * nP, s * nP)
    sp.Symbol("dA", real=True)  # phi'(alpha) = c2 phi'(0) + s
    v[r"\phi'(\alpha) - \phi'(0) \ge (c_2 - 1)\, \phi'(0)"] = identical(
        ((c2 * d + s) - d) - (c2 - 1) * d, s)
    # (c2 - 1) phi'(0) + s = L alpha |p|^2, phi'(0) = -g: alpha - bound = s / (L |p|^2)
    alpha_ = ((c2 - 1) * d + s) / (Lc * P2)
    v[r"\alpha \ge \frac{(1 - c_2)\, |\nabla f(x)^\top p|}{L \|p\|^2}"] = identical(
        alpha_ - (1 - c2) * g / (Lc * P2), s / (Lc * P2))
    gx0 = sp.diff(f, X).subs(X, 1)
    v[r"|\nabla f(x_0)^\top p| = \|p\|^2 = 4"] = abs(gx0 * p) == p**2 == 4 and sp.diff(f, X, 2) == 2
    v[r"\frac{(1/2)\cdot 4}{2 \cdot 4} = \frac14"] = sp.Rational(1, 2) * 4 / (2 * 4) == sp.Rational(1, 4)
    # (W1) at step k: f_k - f_{k+1} = c1 alpha_k g + s (g = |grad^T p| = -phi'(0))
    fk, _fk1 = sp.symbols("fk fk1", real=True)
    v[r"f(x_k) - f(x_{k+1}) \ge c_1 \alpha_k |\nabla f_k^\top p_k|"] = identical(
        (fk - (fk + c1 * t * d - s)) - c1 * t * g, s)
    # alpha_k = (1 - c2) g / (L P2) + s
    ak = (1 - c2) * g / (Lc * P2) + s
    v[r"\ge \frac{c_1 (1 - c_2)}{L} \frac{(\nabla f_k^\top p_k)^2}{\|p_k\|^2}"] = identical(
        c1 * ak * g - c1 * (1 - c2) / Lc * g**2 / P2, c1 * s * g)
    # slip: grad = (1, 0), p = (-1, -1): (g^T p)^2/|p|^2 = 1/2, cos theta = 1/sqrt 2
    gv, pv = sp.Matrix([1, 0]), sp.Matrix([-1, -1])
    lhs = (gv.dot(pv)) ** 2 / pv.dot(pv)
    cos = -gv.dot(pv) / (gv.norm() * pv.norm())
    assert identical(lhs, cos**2 * gv.dot(gv))
    v[r"\frac{(\nabla f_k^\top p_k)^2}{\|p_k\|^2} = \cos\theta_k \, \|\nabla f_k\|^2"] = identical(lhs, cos * gv.dot(gv))
    # Zoutendijk: f_k - f_{k+1} = C q_k + s_k (C = c1 (1 - c2)/L), so for any K (here K = 4)
    # (f_0 - f_inf)/C - sum q_k = (sum s_k + f_K - f_inf)/C >= 0, and the partial sums bound the series
    C, finf = sp.symbols("C f_inf", positive=True)
    qs, ss = sp.symbols("q0:4", nonnegative=True), sp.symbols("s0:4", nonnegative=True)
    fK_minus_finf = sp.Symbol("r", nonnegative=True)
    f0 = finf + fK_minus_finf + sum(C * qq + sv for qq, sv in zip(qs, ss, strict=False))
    v[r"\sum_{k \ge 0} \cos^2\theta_k \, \|\nabla f_k\|^2 \le \frac{L\,\big(f(x_0) - f_{\inf}\big)}{c_1 (1 - c_2)}"] = identical(
        (f0 - finf) / C - sum(qs), (sum(ss) + fK_minus_finf) / C) and identical(1 / (c1 * (1 - c2) / Lc), Lc / (c1 * (1 - c2)))
    return {key: bool(val) for key, val in v.items()}


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
