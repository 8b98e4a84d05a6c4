"""Ground truth for lse_logistic_smoothness.md, decided by hand and checked exactly with SymPy (symgd is not used).

Log-sum-exp is differentiated exactly for n = 3 (and n = 2 for the tight case); the chain of inequalities is
certified by exact identities whose right-hand sides are visibly >= 0 (p_i >= 0, sum p_i = 1, min <= v_i <= max);
the logistic Hessian on a generic n = 2, d = 2 instance with labels (+1, -1); every slip by a counterexample.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, report


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    xs = sp.symbols("x1:4", real=True)
    S = sum(sp.exp(s) for s in xs)
    lse = sp.log(S)
    p = [sp.exp(s) / S for s in xs]
    v[r"\frac{\partial}{\partial x_i}\operatorname{lse}(x) = p_i ,"] = all(identical(sp.diff(lse, s), pi) for s, pi in zip(xs, p, strict=False))
    Hs = sp.hessian(lse, xs)
    P = sp.Matrix(p)
    v[r"\nabla^2 \operatorname{lse}(x) = \operatorname{diag}(p) - p\,p^\top ."] = all(
        identical(a, b) for a, b in zip(Hs, sp.diag(*p) - P * P.T, strict=False))
    vs = sp.Matrix(sp.symbols("v1:4", real=True))
    quad = (vs.T * Hs * vs)[0, 0]
    Ep = sum(pi * vi for pi, vi in zip(p, vs, strict=False))
    Ep2 = sum(pi * vi**2 for pi, vi in zip(p, vs, strict=False))
    v[r"v^\top \nabla^2 \operatorname{lse}(x)\, v = \sum_i p_i v_i^2 - \Big(\sum_i p_i v_i\Big)^2"] = identical(quad, Ep2 - Ep**2)
    # certificates with free weights q1, q2, q3 = 1 - q1 - q2 (all >= 0)
    q1, q2 = sp.symbols("q1 q2", nonnegative=True)
    q = [q1, q2, 1 - q1 - q2]
    E1 = sum(qi * vi for qi, vi in zip(q, vs, strict=False))
    E2 = sum(qi * vi**2 for qi, vi in zip(q, vs, strict=False))
    v[r"\le \sum_i p_i v_i^2"] = identical(E2 - (E2 - E1**2), E1**2)
    Mx = sp.Symbol("Mx", real=True)  # Mx = max_i v_i^2 >= each v_i^2
    v[r"\le \max_i v_i^2"] = identical(Mx - E2, sum(qi * (Mx - vi**2) for qi, vi in zip(q, vs, strict=False)))
    v[r"\le \|v\|_2^2 ."] = identical(sum(vi**2 for vi in vs) - vs[0] ** 2, vs[1] ** 2 + vs[2] ** 2)  # max at index 1 wlog
    hi, lo = sp.symbols("hi lo", real=True)  # lo <= v_i <= hi
    var = E2 - E1**2
    v[r"v^\top \nabla^2 \operatorname{lse}(x)\, v \le \tfrac14\big(\max_i v_i - \min_i v_i\big)^2"] = identical(
        (hi - lo) ** 2 / 4 - var, sum(qi * (hi - vi) * (vi - lo) for qi, vi in zip(q, vs, strict=False)) + ((hi + lo) / 2 - E1) ** 2)
    a, b = sp.symbols("a b", real=True)  # max and min (two different entries, so a^2 + b^2 <= ||v||^2)
    v[r"\le \tfrac12 \|v\|_2^2 ."] = identical(2 * (a**2 + b**2) - (a - b) ** 2, (a + b) ** 2)
    y1, y2 = sp.symbols("y1 y2", real=True)
    S2 = sp.exp(y1) + sp.exp(y2)
    p1, p2 = sp.exp(y1) / S2, sp.exp(y2) / S2
    H2 = sp.hessian(sp.log(S2), (y1, y2))
    v[r"\nabla^2 \operatorname{lse}(x) = p_1 p_2 \begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}"] = all(
        identical(e, f) for e, f in zip(H2, p1 * p2 * sp.Matrix([[1, -1], [-1, 1]]), strict=False))
    r1, r2 = sp.symbols("r1 r2", positive=True)
    v[r"2p_1p_2 \le \tfrac12 (p_1 + p_2)^2"] = identical((r1 + r2) ** 2 / 2 - 2 * r1 * r2, (r1 - r2) ** 2 / 2)
    v[r"= \tfrac12"] = identical(((p1 + p2) ** 2 / 2), sp.Rational(1, 2))
    t = sp.Symbol("t", real=True)
    sig = lambda z: 1 / (1 + sp.exp(-z))  # noqa: E731
    ell = sp.log(1 + sp.exp(-t))
    assert identical(sp.diff(ell, t), -sig(-t))
    v[r"\ell'(t) = \sigma(-t),"] = not false_at("=", sp.diff(ell, t), sig(-t), {t: 0})  # -1/2 vs 1/2
    v[r"\ell''(t) = \sigma(t)\,\sigma(-t)"] = identical(sp.diff(ell, t, 2), sig(t) * sig(-t))
    v[r"= \sigma(t)\big(1 - \sigma(t)\big)"] = identical(sig(t) * sig(-t), sig(t) * (1 - sig(t)))
    s = sp.Symbol("s", real=True)
    v[r"\le \tfrac14 ."] = identical(sp.Rational(1, 4) - s * (1 - s), (s - sp.Rational(1, 2)) ** 2)
    # logistic Hessian: n = 2, d = 2, labels (+1, -1)
    w = sp.Matrix(sp.symbols("w1 w2", real=True))
    X = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"X{i}{j}", real=True))
    ys = [1, -1]
    lz = sp.Symbol("lz", real=True)
    l2 = sp.diff(sp.log(1 + sp.exp(-lz)), lz, 2)
    f = sum(sp.log(1 + sp.exp(-ys[i] * (X[i, :] * w)[0, 0])) for i in range(2)) / 2
    Hf = sp.hessian(f, list(w))
    rows = [X[i, :].T for i in range(2)]
    Hc = sum((l2.subs(lz, ys[i] * (X[i, :] * w)[0, 0]) * rows[i] * rows[i].T for i in range(2)), sp.zeros(2, 2)) / 2
    v[r"\nabla^2 f(w) = \frac1n \sum_{i=1}^n \ell''(y_i x_i^\top w)\, x_i x_i^\top"] = all(identical(e, g) for e, g in zip(Hf, Hc, strict=False))
    # X^T X/(4n) - Hessian = (1/n) sum (1/4 - l''_i) x_i x_i^T, each coefficient (sigma_i - 1/2)^2 >= 0
    sg = [sig(ys[i] * (X[i, :] * w)[0, 0]) for i in range(2)]
    rhs = sum(((sg[i] - sp.Rational(1, 2)) ** 2 * rows[i] * rows[i].T for i in range(2)), sp.zeros(2, 2)) / 2
    v[r"\preceq \frac{1}{4n} X^\top X ,"] = all(identical(e, g) for e, g in zip(X.T * X / 8 - Hc, rhs, strict=False))
    # slip: X = I_2 has trace 2 > lambda_max = 1
    v[r"\sum_i \|x_i\|_2^2 \le \lambda_{\max}(X^\top X)"] = not false_at("<=", sp.Integer(2), max(sp.eye(2).eigenvals()), {})
    Xe = sp.Matrix([[1, 0], [1, 1]])
    G = Xe.T * Xe
    lmax = max(G.eigenvals(), key=lambda e: float(e))
    v[r"X^\top X = \begin{pmatrix} 2 & 1 \\ 1 & 1 \end{pmatrix}"] = G == sp.Matrix([[2, 1], [1, 1]])
    v[r"\lambda_{\max}(X^\top X) = \frac{3 + \sqrt5}{2}"] = identical(lmax, (3 + sp.sqrt(5)) / 2)
    v[r"L = \frac{3 + \sqrt5}{16}"] = identical(lmax / (4 * 2), (3 + sp.sqrt(5)) / 16)
    v[r"\frac{\operatorname{tr}(X^\top X)}{4n} = \frac{3}{4}"] = identical(G.trace() / (4 * 2), sp.Rational(3, 4))
    v[r"\frac{3+\sqrt5}{16} \le \frac38"] = identical(sp.Rational(3, 8) - (3 + sp.sqrt(5)) / 16, (3 - sp.sqrt(5)) / 16) and bool(
        sp.Integer(9) > 5)  # 3 - sqrt 5 > 0 since 9 > 5
    return v


if __name__ == "__main__":
    import pathlib
    import sys

    sys.exit(report(verdicts(), pathlib.Path(__file__).with_name("lse_logistic_smoothness.key.json")))
