"""Ground truth for damped_newton_hw.md, decided by hand and checked exactly with SymPy (symgd is not used).

f(x) = x - log x on x > 0. Derivatives, Newton step and decrement exactly; pure Newton by its exact recursion
(the induction step checked symbolically, the iterates by rational arithmetic); the damped steps exactly; every
slip by an exact counterexample.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, report

q = sp.Rational


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    x = sp.Symbol("x", positive=True)
    f = x - sp.log(x)
    f1, f2 = sp.diff(f, x), sp.diff(f, x, 2)
    v[r"f'(x) &= 1 - \frac1x"] = identical(f1, 1 - 1 / x)
    v[r"f''(x) = \frac1{x^2}"] = identical(f2, 1 / x**2)
    v[r"> 0 ."] = bool((1 / x**2).is_positive)
    step = -f1 / f2
    v[r"&= -\Big(1 - \frac1x\Big)\, x^2"] = identical(step, -(1 - 1 / x) * x**2)
    v[r"&= x^2 - x ,"] = not false_at("=", -(1 - 1 / x) * x**2, x**2 - x, {x: 2})  # -2 vs 2
    lam2 = f1**2 / f2
    v[r"\lambda(x)^2 &= \Big(1 - \frac1x\Big)^2 x^2"] = identical(lam2, (1 - 1 / x) ** 2 * x**2)
    v[r"&= (x - 1)^2 ,"] = identical((1 - 1 / x) ** 2 * x**2, (x - 1) ** 2)
    v[r"\lambda(x) = |x - 1|"] = identical(sp.sqrt((x - 1) ** 2), sp.Abs(x - 1))
    # model: minimum of a + b v + c v^2/2 with c > 0 is a - b^2/(2c), attained at v = -b/c (exact check)
    a, b = sp.symbols("a b", real=True)
    c = sp.Symbol("c", positive=True)
    w = sp.Symbol("w", real=True)
    model = a + b * w + c * w**2 / 2
    vstar = sp.solve(sp.diff(model, w), w)[0]
    v[r"\inf_v \hat f(v) &= f(x) - \frac{f'(x)^2}{2 f''(x)}"] = identical(model.subs(w, vstar), a - b**2 / (2 * c)) and identical(
        model - model.subs(w, vstar), c * (w - vstar) ** 2 / 2)
    v[r"&= f(x) - \tfrac12\, \lambda(x)^2 ,"] = identical(f - f1**2 / (2 * f2), f - lam2 / 2)
    xk = sp.Symbol("xk", positive=True)
    nxt = xk + step.subs(x, xk)
    v[r"= 2x_k - x_k^2"] = identical(nxt, 2 * xk - xk**2)
    v[r"1 - x_{k+1} &= 1 - 2x_k + x_k^2"] = identical(1 - nxt, 1 - 2 * xk + xk**2)
    v[r"&= (1 - x_k)^2 ,"] = identical(1 - 2 * xk + xk**2, (1 - xk) ** 2)
    it = [q(1, 2)]
    for _ in range(3):
        it.append(2 * it[-1] - it[-1] ** 2)
    assert all(1 - it[k] == (1 - it[0]) ** (2**k) for k in range(4))  # the correct law (1 - x_0)^(2^k)
    v[r"1 - x_k = (1 - x_0)^{2k}"] = not false_at("=", 1 - it[3], (1 - it[0]) ** (2 * 3), {})  # 1/256 vs 1/64
    v[r"x_3 = \tfrac{255}{256}"] = identical(it[3], q(255, 256))
    v[r"x_1 = -3"] = identical(nxt.subs(xk, 3), -3)
    lam = sp.sqrt(lam2)
    y = sp.Symbol("y", nonnegative=True)  # x = 1 + y >= 1
    v[r"\lambda(x) = x - 1"] = identical(lam.subs(x, 1 + y), y)
    v[r"1 + \lambda(x) = x"] = identical(1 + lam.subs(x, 1 + y), 1 + y)
    damped = x + step / (1 + lam)
    v[r"x_+ &= x + \frac{x - x^2}{x}"] = identical(damped.subs(x, 1 + y), (x + (x - x**2) / x).subs(x, 1 + y))
    v[r"&= 1 ."] = identical(x + (x - x**2) / x, 1)
    x1d = damped.subs(x, 3)
    assert identical(x1d, 1)
    v[r"f(x_0) - f(x_1) &= 2 - \log 3"] = identical(f.subs(x, 3) - f.subs(x, x1d), 2 - sp.log(3))
    l0 = lam.subs(x, 3)
    v[r"&= \lambda(x_0) - \log\big(1 + \lambda(x_0)\big) ,"] = identical(2 - sp.log(3), l0 - sp.log(1 + l0))
    h = q(1, 2)
    t0 = 1 / (1 + lam.subs(x, h))
    assert identical(t0, q(2, 3)) and identical(step.subs(x, h), q(1, 4))
    v[r"x_1 = \tfrac12 + \tfrac23 \cdot \tfrac14"] = identical(damped.subs(x, h), h + q(2, 3) * q(1, 4))
    v[r"= \tfrac56 ,"] = identical(h + q(2, 3) * q(1, 4), q(5, 6))  # it is 2/3
    return v


if __name__ == "__main__":
    import pathlib
    import sys

    sys.exit(report(verdicts(), pathlib.Path(__file__).with_name("damped_newton_hw.key.json")))
