"""Ground truth for frank_wolfe.md, decided by hand and checked exactly with SymPy (symgd is not used).

General steps are certified by writing each difference as a sum of products of quantities the hypotheses make
nonnegative: G = <grad f(x_k), s_k - x_k>, the linear-minimization gap <g, x*> - <g, s_k> >= 0 (definition of s_k),
the convexity gap f(x*) - f(x_k) - <g, x* - x_k> >= 0, D^2 - ||s_k - x_k||^2 >= 0, gamma_k in [0, 1]. The example
(f = ||x||^2/2 on the simplex, ties to the smallest index) is run exactly. The slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

k = sp.Symbol("k", positive=True)  # k >= 1
C = sp.Symbol("C", nonnegative=True)


def _fw(x0: sp.Matrix, steps: int) -> list[sp.Matrix]:
    """Frank-Wolfe on f = ||x||^2/2 over the simplex with gamma_k = 2/(k+2), ties to the smallest index."""
    xs = [x0]
    for j in range(steps):
        g = xs[-1]  # the gradient
        i = min(range(len(g)), key=lambda t: (g[t], t))
        s = sp.Matrix([1 if t == i else 0 for t in range(len(g))])
        gam = sp.Rational(2, j + 2)
        xs.append(xs[-1] + gam * (s - xs[-1]))
    return xs


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    gx, gxs = sp.symbols("gx gxs", real=True)  # <g, x_k>, <g, x*>  (g = grad f(x_k))
    fx = sp.Symbol("fx", real=True)  # f(x_k)
    lmo, cvx = sp.symbols("lmo cvx", nonnegative=True)  # <g,x*> - <g,s_k> >= 0, convexity gap >= 0
    gs = gxs - lmo  # s_k minimizes <g, .> over D, and x* is in D
    fs = fx + (gxs - gx) + cvx  # convexity: f(x*) >= f(x_k) + <g, x* - x_k>
    v[r"\langle \nabla f(x_k), s_k - x_k\rangle \le \langle"] = nonneg_by_factors((gxs - gx) - (gs - gx), [lmo], [lmo])
    v[r"\le f(x^\*) - f(x_k),"] = nonneg_by_factors((fs - fx) - (gxs - gx), [cvx], [cvx])
    # (1): f(x_{k+1}) - f* <= h + gam G + L gam^2 N/2 (smoothness); G <= -h; N <= D^2
    h, gam, L, D, N, slack = sp.symbols("h gamma L D N slack", nonnegative=True)
    G = -h - slack  # slack = lmo + cvx >= 0 from the chain
    rhs = (1 - gam) * h + gam**2 * (L * D**2) / 2
    bound = h + gam * G + L * gam**2 * N / 2
    v[r"h_{k+1} \le (1 - \gamma_k)\, h_k + \frac{\gamma_k^2 C}{2}"] = identical(
        rhs - bound, gam * slack + L * gam**2 / 2 * (D**2 - N))
    g_k = 2 / (k + 2)
    hk = sp.Symbol("h_k", nonnegative=True)
    h1 = ((1 - 1) * hk + 1**2 * C / 2)  # (1) at k = 0, gamma_0 = 1
    v[r"h_1 \le \frac{C}{2}"] = identical(h1, C / 2)
    step1 = (1 - g_k) * 2 * C / (k + 2) + g_k**2 * C / 2
    written = (1 - 2 / (k + 2)) * 2 * C / (k + 2) + sp.Rational(4) / (k + 2) ** 2 * C / 2
    slack_ih = sp.Symbol("e", nonnegative=True)  # 2C/(k+2) - h_k >= 0 (induction hypothesis)
    v[r"h_{k+1} &\le \left(1 - \frac{2}{k+2}\right)\frac{2C}{k+2} + \frac{4}{(k+2)^2}\cdot\frac{C}{2}"] = (
        identical(written, step1) and nonneg_by_factors(
            step1 - ((1 - g_k) * (2 * C / (k + 2) - slack_ih) + g_k**2 * C / 2), [k / (k + 2), slack_ih],
            [k / (k + 2), slack_ih]))
    v[r"&= \frac{2C(k+1)}{(k+2)^2}"] = identical(step1, 2 * C * (k + 1) / (k + 2) ** 2)
    v[r"&\le \frac{2C}{k+3}"] = nonneg_by_factors(
        2 * C / (k + 3) - 2 * C * (k + 1) / (k + 2) ** 2, [2 * C, 1 / (k + 3), 1 / (k + 2) ** 2],
        [2 * C, 1 / (k + 3), 1 / (k + 2) ** 2])
    v[r"(k+1)(k+3) \le (k+2)^2"] = identical((k + 2) ** 2 - (k + 1) * (k + 3), 1)
    # the theorem: base (h_1 <= C/2 <= 2C/3) and the step just checked
    theorem = identical(2 * C / 3 - C / 2, C / 6) and all(
        v[key] for key in (r"h_1 \le \frac{C}{2}", r"&= \frac{2C(k+1)}{(k+2)^2}", r"&\le \frac{2C}{k+3}"))
    v[r"h_k \le 2C/(k+2)"] = theorem
    v[r"h_k \le \frac{2C}{k+2}"] = theorem
    # the example
    f = lambda x: (x.T * x)[0] / 2  # noqa: E731
    e1 = sp.Matrix([1, 0, 0])
    bary = sp.Matrix([sp.Rational(1, 3)] * 3)
    # KKT on the simplex: grad f(bary) = bary is constant on the support, so bary minimizes the convex f
    assert len(set(bary)) == 1
    fstar = f(bary)
    xs = _fw(e1, 3)
    h_ = [f(x) - fstar for x in xs]
    g2 = (xs[2].T * (xs[2] - sp.Matrix([0, 0, 1])))[0]  # s_2 = e_3: the smallest entry of x_2 = (2/3, 1/3, 0)
    v[r"h_k \ge g_k"] = not false_at(">=", h_[2], g2, {})
    diam2 = max(((sp.eye(3)[:, i] - sp.eye(3)[:, j]).T * (sp.eye(3)[:, i] - sp.eye(3)[:, j]))[0]
                for i in range(3) for j in range(3))  # a convex function is largest at vertices
    v[r"C = 2"] = 1 * diam2 == 2
    v[r"= \frac{2}{k+2}."] = identical(2 * 2 / (k + 2), 2 / (k + 2))
    v[r"f(x^\*) = \frac16"] = fstar == sp.Rational(1, 6)
    v[r"= 1 - \frac16"] = f(e1) - fstar == 1 - sp.Rational(1, 6)  # f(e_1) = 1/2
    v[r"= \frac56 ."] = 1 - sp.Rational(1, 6) == sp.Rational(5, 6)
    v[r"x_2 = \left(\tfrac23, \tfrac13, 0\right)"] = xs[2] == sp.Matrix([sp.Rational(2, 3), sp.Rational(1, 3), 0])
    v[r"f(x_2) = \tfrac{5}{18}"] = f(xs[2]) == sp.Rational(5, 18)
    v[r"h_2 = \frac19"] = h_[2] == sp.Rational(1, 9)
    v[r"g_2 = \frac59"] = g2 == sp.Rational(5, 9)
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
