"""Ground truth for extragradient_bilinear.md, decided by hand and checked exactly with SymPy (symgd is not used).

f(x, y) = x y. GDA and extragradient updates are expanded symbolically (x_k, y_k, eta > 0); the optimal factor
by the square (s - 1/2)^2; numbers by exact rational arithmetic; every slip by an exact counterexample.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, report, true_at

q = sp.Rational


def gda(x, y, eta):
    return x - eta * y, y + eta * x


def eg(x, y, eta):
    xb, yb = x - eta * y, y + eta * x
    return x - eta * yb, y + eta * xb


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    x, y = sp.symbols("x y", real=True)
    eta = sp.Symbol("eta", positive=True)
    X1, Y1 = gda(x, y, eta)
    v[r"\|z_{k+1}\|^2 = (x_k - \eta y_k)^2 + (y_k + \eta x_k)^2"] = identical(X1**2 + Y1**2, (x - eta * y) ** 2 + (y + eta * x) ** 2)
    v[r"= (1 + \eta^2)\,\|z_k\|^2 ."] = identical((x - eta * y) ** 2 + (y + eta * x) ** 2, (1 + eta**2) * (x**2 + y**2))
    # slip: eta = 1, z_0 = (1, 0): z_1 = (1, 1), ||z_1|| = sqrt 2, the display says 2
    z1 = gda(sp.Integer(1), sp.Integer(0), sp.Integer(1))
    v[r"\|z_k\| = (1 + \eta^2)^{k}\,\|z_0\| ."] = not false_at("=", sp.sqrt(z1[0] ** 2 + z1[1] ** 2), (1 + eta**2) ** 1 * 1, {eta: 1})
    iu = sp.I
    v[r"w_{k+1} = (1 + i\eta)\, w_k"] = identical(sp.expand(X1 + iu * Y1), sp.expand((1 + iu * eta) * (x + iu * y)))
    v[r"|1 + i\eta|^2 = 1 + \eta^2"] = identical(sp.Abs(1 + iu * eta) ** 2, 1 + eta**2)
    v[r"> 1"] = identical(1 + eta**2 - 1, eta**2)  # eta > 0, so > 0
    Xe, Ye = eg(x, y, eta)
    v[r"x_{k+1} &= x_k - \eta (y_k + \eta x_k)"] = identical(Xe, x - eta * (y + eta * x))
    v[r"= (1 - \eta^2)\, x_k - \eta\, y_k, \\"] = identical(x - eta * (y + eta * x), (1 - eta**2) * x - eta * y)
    v[r"y_{k+1} &= y_k + \eta (x_k - \eta y_k)"] = identical(Ye, y + eta * (x - eta * y))
    v[r"= \eta\, x_k + (1 + \eta^2)\, y_k ."] = identical(y + eta * (x - eta * y), eta * x + (1 + eta**2) * y)
    v[r"|1 - \eta^2 + i\eta|^2 = (1-\eta^2)^2 + \eta^2"] = identical(sp.Abs(1 - eta**2 + iu * eta) ** 2, (1 - eta**2) ** 2 + eta**2)
    v[r"\|z_{k+1}\|^2 = (1 - \eta^2 + \eta^4)\,\|z_k\|^2 ."] = identical(Xe**2 + Ye**2, (1 - eta**2 + eta**4) * (x**2 + y**2))
    v[r"\|F(z)\| = \|z\|"] = identical(y**2 + (-x) ** 2, x**2 + y**2)
    s = sp.Symbol("s", positive=True)
    v[r"\min_{\eta > 0}\,(1 - \eta^2 + \eta^4) = 1 - \tfrac12 + \tfrac14"] = identical(
        1 - s + s**2 - (1 - q(1, 2) + q(1, 4)), (s - q(1, 2)) ** 2) and identical(
        (1 - eta**2 + eta**4).subs(eta, 1 / sp.sqrt(2)), 1 - q(1, 2) + q(1, 4))
    v[r"= \tfrac34 ."] = identical(1 - q(1, 2) + q(1, 4), q(3, 4))
    v[r"1 - \eta^2 + \eta^4 \le 1 - \tfrac12\eta^2 ."] = not false_at(
        "<=", 1 - eta**2 + eta**4, 1 - eta**2 / 2, {eta: q(9, 10)})  # eta = 9/10 <= 1
    h = q(1, 2)
    z1g = gda(sp.Integer(1), sp.Integer(0), h)
    v[r"z_1 = (1, \tfrac12)"] = z1g == (1, h)
    v[r"\|z_1\|^2 = \tfrac54"] = identical(z1g[0] ** 2 + z1g[1] ** 2, q(5, 4))
    z1e = eg(sp.Integer(1), sp.Integer(0), h)
    v[r"z_1^{\mathrm{EG}} = \big(1 - \tfrac12\cdot\tfrac12,\; 0 + \tfrac12\cdot 1\big)"] = z1e == (1 - h * h, 0 + h * 1)
    v[r"\|z_1^{\mathrm{EG}}\|^2 = \tfrac{9}{16} + \tfrac14"] = identical(z1e[0] ** 2 + z1e[1] ** 2, q(9, 16) + q(1, 4))
    v[r"= \tfrac{11}{16} ."] = identical(q(9, 16) + q(1, 4), q(11, 16))  # it is 13/16
    v[r"1 - \tfrac14 + \tfrac1{16} = \tfrac{13}{16}"] = identical(1 - q(1, 4) + q(1, 16), q(13, 16)) and identical(
        (1 - eta**2 + eta**4).subs(eta, h), q(13, 16))
    v[r"(5/4)^{20} > 86"] = true_at("<", sp.Integer(86), q(5, 4) ** 20, {})
    v[r"(13/16)^{20} < \tfrac1{50}"] = true_at("<", q(13, 16) ** 20, q(1, 50), {})
    return v


if __name__ == "__main__":
    import pathlib
    import sys

    sys.exit(report(verdicts(), pathlib.Path(__file__).with_name("extragradient_bilinear.key.json")))
