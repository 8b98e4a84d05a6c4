"""Ground truth for log_barrier.tex, decided by hand and checked exactly with SymPy (symgd is not used).

One coordinate with cost c > 0 and t > 0; x is the central point, i.e. it satisfies the stationarity equation
t c = 1/x - 1/(1 - x) with 0 < x < 1. Identities by exact simplification, the inequality by an exact certificate,
numbers by rational arithmetic, slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "log_barrier.key.json"

t, c, x, s = sp.symbols("t c x s", positive=True)
X = sp.Symbol("X", real=True)
r = sp.Rational


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    phi1 = -sp.log(X) - sp.log(1 - X)
    v[r"\frac{\partial \phi}{\partial x_i}(x) &= -\frac{1}{x_i} + \frac{1}{1 - x_i}"] = identical(
        sp.diff(phi1, X), -1 / X + 1 / (1 - X))
    v[r"\nabla^2 \phi(x) &= \diag\Big( \frac{1}{x_i^2} - \frac{1}{(1 - x_i)^2} \Big)"] = not false_at(
        "=", sp.diff(phi1, X, 2), 1 / X**2 - 1 / (1 - X) ** 2, {X: r(1, 3)})
    # on the central path t c = 1/x - 1/(1 - x): substitute tc
    tc = 1 / x - 1 / (1 - x)
    v[r"t c\, x(1 - x) - (1 - x) + x &= 0"] = identical(tc * x * (1 - x) - (1 - x) + x, 0)
    v[r"t c\, x^2 - (t c + 2)\, x + 1 &= 0"] = identical(tc * x**2 - (tc + 2) * x + 1, 0)
    v[r"(tc + 2)^2 - 4tc = t^2 c^2 + 4"] = identical((s + 2) ** 2 - 4 * s, s**2 + 4)
    root = ((s + 2) - sp.sqrt(s**2 + 4)) / (2 * s)  # s = t c; the root in (0, 1)
    assert identical(s * root**2 - (s + 2) * root + 1, 0)
    v[r"\xs = \frac{(tc + 2) - \sqrt{t^2c^2 + 4}}{tc} ."] = not false_at(
        "=", root, ((s + 2) - sp.sqrt(s**2 + 4)) / s, {s: r(3, 2)})
    v[r"\xs = \frac{2}{tc + 2 + \sqrt{t^2 c^2 + 4}} ."] = identical(
        sp.radsimp(root - 2 / (s + 2 + sp.sqrt(s**2 + 4))), 0)
    # c x = s x / t and s x = 2 s/(s + 2 + sqrt(s^2+4)) < 2s/(2s) = 1 because s + 2 + sqrt(s^2 + 4) - 2s > 0:
    # certificate: 2 - s + sqrt(s^2 + 4) > 0 since sqrt(s^2 + 4) > sqrt(s^2) = s
    gap = (s + 2 + sp.sqrt(s**2 + 4)) - 2 * s
    v[r"c\,\xs < \frac{1}{t}"] = identical(gap, 2 + (sp.sqrt(s**2 + 4) - s)) and bool(
        sp.simplify((s**2 + 4) - s**2) > 0)
    lam1, lam2 = 1 / (t * x), 1 / (t * (1 - x))
    cc = tc / t
    v[r"c - \lambda_1 + \lambda_2 = 0"] = identical(cc - lam1 + lam2, 0)
    # dual function: inf_X (c - l1 + l2) X - l2 = -l2 when the coefficient vanishes
    v[r"g(\lambda) = -\lambda_2"] = identical(((cc - lam1 + lam2) * X - lam2), -lam2)
    v[r"c\,x + \lambda_2 &= \frac{1}{t} - \frac{x}{t(1-x)} + \frac{1}{t(1-x)}"] = identical(
        cc * x + lam2, 1 / t - x / (t * (1 - x)) + 1 / (t * (1 - x)))
    v[r"&= \frac{1}{t}. \tag{G2}"] = identical(1 / t - x / (t * (1 - x)) + 1 / (t * (1 - x)), 1 / t)
    assert identical(cc * x + lam2, 2 / t)
    # numbers, c = 1
    v[r"\sqrt{9/4 + 4} = 5/2"] = sp.sqrt(r(9, 4) + 4) == r(5, 2)
    v[r"x^\star(t_0) = \frac{2}{3/2 + 2 + 5/2} = \frac{1}{3}"] = (2 / (r(3, 2) + 2 + r(5, 2)) == r(1, 3)
                                                                   and identical(root.subs(s, r(3, 2)), r(1, 3)))
    v[r"t_1 = \mu t_0 = 15/4"] = r(5, 2) * r(3, 2) == r(15, 4)
    t1, x0 = r(15, 4), r(1, 3)
    ft = t1 * X + phi1
    d1, d2 = sp.diff(ft, X).subs(X, x0), sp.diff(ft, X, 2).subs(X, x0)
    v[r"f_{t_1}'(1/3) &= \frac{15}{4} - 3 + \frac{3}{2} = \frac{9}{4}"] = d1 == r(15, 4) - 3 + r(3, 2) == r(9, 4)
    v[r"f_{t_1}''(1/3) &= 9 + \frac{9}{4} = \frac{45}{4}"] = d2 == 9 + r(9, 4) == r(45, 4)
    v[r"\Delta x = -\frac{9/4}{45/4} = -\frac{1}{4}"] = -d1 / d2 == r(-1, 4)
    v[r"x^+ = \frac{1}{3} - \frac{1}{4} = \frac{1}{12}"] = r(1, 3) - r(1, 4) == r(1, 12)
    v[r"x^\star(t_1) = 2/(15/4 + 2 + 17/4) = 1/5"] = (2 / (r(15, 4) + 2 + r(17, 4)) == r(1, 5)
                                                     and identical(root.subs(s, t1), r(1, 5)))
    v[r"\sqrt{225/16 + 4} = 17/4"] = sp.sqrt(r(225, 16) + 4) == r(17, 4)
    v[r"2/t_1 = 8/15"] = 2 / t1 == r(8, 15)
    return v


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
