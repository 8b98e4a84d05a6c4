"""Ground truth for newton_1d.md, decided by hand and checked exactly with SymPy (symgd is not used).

f(x) = e^x - 2x, x* = ln 2, Newton's map N(x) = x - f'(x)/f''(x); the error map is g(e) = e - 1 + e^{-e}. Signs
of g and of the Taylor remainder are certified by value and derivative at 0 plus convexity; the slips get exact
counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical

x, t, e = sp.symbols("x t e", real=True)
k = sp.Symbol("k", integer=True, positive=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    a = sp.Symbol("a", positive=True)
    b, x0 = sp.symbols("b x0", real=True)
    q = a / 2 * x**2 - b * x
    newton_q = (x - sp.diff(q, x) / sp.diff(q, x, 2)).subs(x, x0)
    v[r"x_1 = x_0 - \frac{a x_0 - b}{a}"] = identical(newton_q, x0 - (a * x0 - b) / a)
    v[r"= \frac{b}{a}."] = identical(x0 - (a * x0 - b) / a, b / a)

    f = sp.exp(x) - 2 * x
    f1, f2, f3 = (sp.diff(f, x, n) for n in (1, 2, 3))
    v[r"f'(x) = e^x - 2"] = identical(f1, sp.exp(x) - 2)
    v[r"f''(x) = e^x"] = identical(f2, sp.exp(x))
    xs = sp.log(2)
    v[r"x^\star = \ln 2"] = f1.subs(x, xs) == 0 and f2.is_positive  # the only zero of an increasing f'
    v[r"f(x^\star) = 2 - 2\ln 2"] = identical(f.subs(x, xs), 2 - 2 * sp.log(2))
    newton = x - f1 / f2
    v[r"x_{k+1} = x_k - 1 + 2e^{-x_k}"] = identical(newton, x - 1 + 2 * sp.exp(-x))
    g = e - 1 + sp.exp(-e)  # the error map
    v[r"e_{k+1} = e_k - 1 + e^{-e_k}"] = identical(sp.expand(newton.subs(x, xs + e) - xs), g)
    v[r"e_{k+1} = \frac{e_k^2}{2} - \frac{e_k^3}{6} + O(e_k^4)"] = identical(
        sp.series(g, e, 0, 4).removeO(), e**2 / 2 - e**3 / 6)
    # g >= 0 everywhere: g(0) = 0, g'(0) = 0, g'' = e^{-e} > 0 (convex, minimum at 0)
    v[r"e_{k+1} \ge 0"] = g.subs(e, 0) == 0 and sp.diff(g, e).subs(e, 0) == 0 and sp.diff(g, e, 2).is_positive
    v[r"e^{-t} \le 1 - t + \frac{t^2}{2}"] = not false_at("<=", sp.exp(-t), 1 - t + t**2 / 2, {t: -1})
    # for e >= 0 (k >= 1, by e_{k+1} >= 0): h(e) = 1 - e + e^2/2 - e^{-e} has h(0) = 0 and h' = g >= 0
    h = 1 - e + e**2 / 2 - sp.exp(-e)
    v[r"e_{k+1} &\le e_k - 1 + \left(1 - e_k + \frac{e_k^2}{2}\right)"] = h.subs(e, 0) == 0 and identical(
        sp.diff(h, e), g)
    v[r"&= \frac{e_k^2}{2}."] = identical(e - 1 + (1 - e + e**2 / 2), e**2 / 2)
    # from x_0 = 0: e_1 = 1 - ln 2 in (0, 2); the claim at k = 1 reads e_1 <= e_1^2/2
    e1 = newton.subs(x, 0) - xs
    d = sp.Symbol("d", positive=True)
    assert identical((2 * d ** (2 ** (k - 1))) ** 2 / 2, 2 * d ** (2**k))  # the correct induction has 2^{k-1}
    v[r"e_k \le 2\left(\frac{e_1}{2}\right)^{2^{k}}"] = not false_at("<=", e1, 2 * (e1 / 2) ** (2**1), {})
    lim = sp.limit(g / e**2, e, 0)
    ratio = (f3 / (2 * f2)).subs(x, xs)
    v[r"\lim_{k\to\infty} \frac{e_{k+1}}{e_k^2} = \frac{f'''(x^\star)}{2 f''(x^\star)}"] = identical(lim, ratio)
    v[r"= \frac{1}{2}."] = identical(ratio, sp.Rational(1, 2))
    x1 = newton.subs(x, 0)
    x2 = newton.subs(x, x1)
    v[r"x_1 = 1"] = identical(x1, 1)
    v[r"x_2 = \frac{2}{e}"] = identical(x2, 2 / sp.E)
    gap = f.subs(x, x1) - f.subs(x, xs)
    v[r"f(x_1) - f(x^\star) = e - 2 - (2 - 2\ln 2)"] = identical(gap, sp.E - 2 - (2 - 2 * sp.log(2)))
    v[r"= e - 2\ln 2 - 4"] = identical(sp.E - 2 - (2 - 2 * sp.log(2)), sp.E - 2 * sp.log(2) - 4)  # it is + 2 ln 2
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
