"""Ground truth for finite_diff_se.md, decided by hand and checked exactly with SymPy (symgd is not used).

Taylor statements are checked on generic polynomials (symbolic coefficients), where the remainders are exact:
a remainder O(h^k) is certified by showing that it is h^k times a polynomial in h. The Lagrange point xi is exhibited
explicitly for a generic cubic. Numbers by exact rational arithmetic; slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "finite_diff_se.key.json"

x, h, z = sp.symbols("x h z", real=True)
eps, M, M3 = sp.symbols("epsilon M M3", positive=True)
cs = sp.symbols("c0:6")
r = sp.Rational


def big_o(rem: sp.Expr, k: int) -> bool:
    """rem is h^k times a polynomial in h (with coefficients free of h)."""
    q = sp.cancel(sp.expand(rem) / h**k)
    return sp.Poly(sp.numer(q), h) is not None and sp.denom(q).free_symbols.isdisjoint({h})


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    cubic = cs[0] + cs[1] * z + cs[2] * z**2 + cs[3] * z**3
    f = sp.Lambda(z, cubic)
    d1, d2 = sp.Lambda(z, sp.diff(cubic, z)), sp.Lambda(z, sp.diff(cubic, z, 2))
    xi = x + h / 3  # between x and x + h
    v[r"f(x+h) = f(x) + h f'(x) + \frac{h^2}{2} f''(\xi)"] = identical(f(x + h), f(x) + h * d1(x) + h**2 / 2 * d2(xi))
    v[r"\frac{f(x+h) - f(x)}{h} - f'(x) = \frac{h}{2} f''(\xi)"] = identical((f(x + h) - f(x)) / h - d1(x),
                                                                              h / 2 * d2(xi))
    quint = sum(cs[k] * z**k for k in range(6))
    g = sp.Lambda(z, quint)
    gd = [sp.Lambda(z, sp.diff(quint, z, k)) for k in range(4)]
    ok = all(big_o(g(x + sg * h) - (g(x) + sg * h * gd[1](x) + h**2 / 2 * gd[2](x) + sg * h**3 / 6 * gd[3](x)), 4)
             for sg in (1, -1))
    v[r"f(x \pm h) = f(x) \pm h f'(x) + \frac{h^2}{2} f''(x) \pm \frac{h^3}{6} f'''(x) + O(h^4)"] = ok
    cen = (g(x + h) - g(x - h)) / (2 * h) - gd[1](x)
    assert big_o(cen - h**2 / 6 * gd[3](x), 4)
    # slip: with the constant 1/3 the remainder is -h^2 f'''/6 + O(h^4), not O(h^4): on f = z^3 it is -h^2
    v[r"\frac{f(x+h) - f(x-h)}{2h} - f'(x) = \frac{h^2}{3} f'''(x) + O(h^4)"] = big_o(
        sp.expand(((x + h) ** 3 - (x - h) ** 3) / (2 * h) - 3 * x**2 - h**2 / 3 * 6), 4)
    c3 = z**3
    v[r"f'(1) = 3"] = sp.diff(c3, z).subs(z, 1) == 3
    v[r"= 3x^2 + 3xh + h^2, \qquad"] = identical(((x + h) ** 3 - x**3) / h, 3 * x**2 + 3 * x * h + h**2)
    v[r"= 3x^2 + h^2 ."] = identical(((x + h) ** 3 - (x - h) ** 3) / (2 * h), 3 * x**2 + h**2)
    v[r"f(1.1) = 1.331"] = r(11, 10) ** 3 == r(1331, 1000)
    v[r"f(0.9) = 0.729"] = r(9, 10) ** 3 == r(729, 1000)
    v[r"D_{0.1}^{+} f(1) = \frac{1.331 - 1}{0.1} = 3.31"] = (r(1331, 1000) - 1) / r(1, 10) == r(331, 100)
    v[r"D_{0.1}^{c} f(1) = \frac{1.331 - 0.729}{0.2} = 3.01"] = (r(1331, 1000) - r(729, 1000)) / r(2, 10) == r(301, 100)
    hh = r(1, 10)
    v[r"0.31 = 3h + h^2"] = r(31, 100) == 3 * hh + hh**2 == r(331, 100) - 3
    v[r"0.01 = h^2"] = r(1, 100) == hh**2 == r(301, 100) - 3
    v[r"f''' = 6"] = sp.diff(c3, z, 3) == 6
    hp = sp.Symbol("hp", positive=True)
    E = M * hp / 2 + 2 * eps / hp
    v[r"E'(h) = M/2 - 2\epsilon/h^2"] = identical(sp.diff(E, hp), M / 2 - 2 * eps / hp**2)
    hstar = 2 * sp.sqrt(eps / M)
    v[r"h^\star = 2\sqrt{\epsilon/M}"] = identical(sp.diff(E, hp).subs(hp, hstar), 0)
    v[r"E(h^\star) = \sqrt{\epsilon M}"] = not false_at("=", E.subs(hp, hstar), sp.sqrt(eps * M), {eps: 1, M: 1})
    assert identical(E.subs(hp, hstar), 2 * sp.sqrt(eps * M))
    E3 = M3 * hp**2 / 6 + eps / hp
    h3 = (3 * eps / M3) ** r(1, 3)
    assert identical(sp.diff(E3, hp).subs(hp, h3), 0)
    v[r"h^\star = \Big(\frac{3\epsilon}{M_3}\Big)^{1/2}"] = not false_at(
        "=", sp.diff(E3, hp).subs(hp, (3 * eps / M3) ** r(1, 2)), sp.Integer(0), {eps: r(1, 3), M3: 4})
    dplus = sp.Lambda(h, ((x + h) ** 3 - x**3) / h)
    v[r"2D^{+}_{h/2} f(x) - D^{+}_{h} f(x) = 3x^2 - \tfrac{1}{2}h^2"] = identical(2 * dplus(h / 2) - dplus(h),
                                                                                  3 * x**2 - h**2 / 2)
    cr = sp.symbols("r0:6", real=True)  # f real-analytic: a generic quintic with real coefficients
    fr = sum(cr[k] * z**k for k in range(6))
    imag = sp.im(sp.expand(fr.subs(z, x + sp.I * h))) / h
    v[r"\operatorname{Im} f(x + ih)/h = f'(x) - \frac{h^2}{6} f'''(x) + O(h^4)"] = big_o(
        sp.expand(imag - sp.diff(fr, z).subs(z, x) + h**2 / 6 * sp.diff(fr, z, 3).subs(z, x)), 4)
    v[r"\operatorname{Im}(x + ih)^3 / h = 3x^2 + h^2"] = identical(sp.im(sp.expand((x + sp.I * h) ** 3)) / h,
                                                                   3 * x**2 + h**2)
    # directional central difference on a generic cubic in two variables
    y, v1, v2 = sp.symbols("y v1 v2", real=True)
    a = sp.symbols("a0:10")
    mons = [1, x, y, x**2, x * y, y**2, x**3, x**2 * y, x * y**2, y**3]
    F = sum(ai * mi for ai, mi in zip(a, mons, strict=True))
    shift = {x: x + h * v1, y: y + h * v2}
    back = {x: x - h * v1, y: y - h * v2}
    grad_v = sp.diff(F, x) * v1 + sp.diff(F, y) * v2
    quot = (F.subs(shift, simultaneous=True) - F.subs(back, simultaneous=True)) / (2 * h)
    v[r"\frac{f(x + hv) - f(x - hv)}{2h} = \nabla f(x)^\top v + O(h^2)"] = big_o(sp.expand(quot - grad_v), 2)
    return v


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
