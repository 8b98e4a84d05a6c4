"""Ground truth for admm_hw.md, decided by hand and checked exactly with SymPy (symgd is not used).

The updates are the exact minimisers of the scaled augmented Lagrangian (derivatives and linear solves in generic
a, b, rho > 0); the fixed point by solving the fixed-point equations; the iterations by exact rational arithmetic;
the statement in k by its invariant (u^k = z^k from k = 1 on) and induction; the slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "admm_hw.key.json"


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    x, z, u, a, b, lam = sp.symbols("x z u a b lambda", real=True)
    rho = sp.Symbol("rho", positive=True)
    Lr = (x - a) ** 2 / 2 + (z - b) ** 2 / 2 + rho / 2 * (x - z + u) ** 2 - rho / 2 * u**2
    v[r"(x - a) + \rho\,(x - z^k + u^k) &= 0"] = identical(sp.diff(Lr, x), (x - a) + rho * (x - z + u))
    xn = sp.solve(sp.diff(Lr, x), x)
    v[r"x^{k+1} &= \frac{a + \rho\,(z^k - u^k)}{1 + \rho}"] = len(xn) == 1 and identical(xn[0], (a + rho * (z - u)) / (1 + rho))
    v[r"(z - b) + \rho\,(x^{k+1} - z + u^k) &= 0"] = not false_at(
        "=", sp.diff(Lr, z), (z - b) + rho * (x - z + u), {x: 1, z: 0, u: 0, b: 0, rho: 1, a: 0})
    zn = sp.solve(sp.diff(Lr, z), z)
    v[r"z^{k+1} &= \frac{b + \rho\,(x^{k+1} + u^k)}{1 + \rho}"] = len(zn) == 1 and identical(zn[0], (b + rho * (x + u)) / (1 + rho))
    kkt = sp.solve([x - a + lam, z - b - lam, x - z], [x, z, lam], dict=True)[0]
    v[r"x^\star = z^\star &= \frac{a + b}{2}"] = identical(kkt[x], (a + b) / 2) and identical(kkt[z], (a + b) / 2)
    v[r"\lambda^\star = a - x^\star &= \frac{a - b}{2}"] = identical(kkt[lam], a - kkt[x]) and identical(a - kkt[x], (a - b) / 2)
    # fixed point of the three updates
    X = (a + rho * (z - u)) / (1 + rho)
    Z = (b + rho * (x + u)) / (1 + rho)
    fp = sp.solve([x - X, z - Z.subs(x, x), u - (u + x - z)], [x, z, u], dict=True)[0]
    assert identical(fp[u], (a - b) / (2 * rho)) and identical(fp[u], kkt[lam] / rho)
    v[r"u^\star = \lambda^\star/\rho = \frac{a - b}{\rho}"] = not false_at("=", fp[u], (a - b) / rho, {a: 1, b: 0, rho: 1})
    e1 = (a + rho * ((a + b) / 2 - (a - b) / (2 * rho))) / (1 + rho)
    e2 = ((a + b) / 2 + rho * (a + b) / 2) / (1 + rho)
    v[r"\frac{a + \rho\big(\frac{a+b}{2} - \frac{a-b}{2\rho}\big)}{1 + \rho}"] = identical(e1, e2)
    v[r"= \frac{a+b}{2} ."] = identical(e2, (a + b) / 2)
    R = sp.Rational
    v[r"x = z = 2"] = R(4 + 0, 2) == 2
    # exact iterations, a = 4, b = 0, rho = 1, z^0 = u^0 = 0
    zs, us, xs = [R(0)], [R(0)], [None]
    for _ in range(3):
        xn1 = (4 + 1 * (zs[-1] - us[-1])) / R(2)
        zn1 = (0 + 1 * (xn1 + us[-1])) / R(2)
        xs.append(xn1)
        zs.append(zn1)
        us.append(us[-1] + xn1 - zn1)
    v[r"x^1 = \tfrac{4 + 0 - 0}{2} = 2"] = xs[1] == R(4 + 0 - 0, 2) == 2
    v[r"z^1 &= \tfrac{2 + 0}{2} = 1"] = zs[1] == R(2 + 0, 2) == 1
    v[r"u^1 &= 0 + 2 - 1 = 1"] = us[1] == 0 + 2 - 1 == 1
    v[r"x^2 = \tfrac{4 + 1 - 1}{2} = 2"] = xs[2] == R(4 + 1 - 1, 2) == 2
    v[r"z^2 &= \tfrac{2 + 1}{2} = \tfrac32"] = zs[2] == R(2 + 1, 2) == R(3, 2)
    v[r"u^2 &= 1 + 2 - \tfrac32 = \tfrac32"] = us[2] == 1 + 2 - R(3, 2) == R(3, 2)
    v[r"x^3 = \tfrac{4 + \frac32 - \frac32}{2} = 2"] = xs[3] == (4 + R(3, 2) - R(3, 2)) / 2 == 2
    v[r"z^3 &= \tfrac{2 + \frac32}{2} = \tfrac74"] = zs[3] == (2 + R(3, 2)) / 2 == R(7, 4)
    assert us[3] == R(7, 4)
    v[r"u^3 &= \tfrac32 + 2 - \tfrac74 = \tfrac54"] = us[3] == R(3, 2) + 2 - R(7, 4) == R(5, 4)
    # invariant: if u = z then x' = 2, z' = (2 + z)/2 and u' = z'; hence 2 - z' = (2 - z)/2 (also at k = 0)
    xi = (4 + (z - z)) / 2
    zi = (xi + z) / 2
    inv = identical(xi, 2) and identical(z + xi - zi, zi) and us[1] == zs[1]
    v[r"2 - z^{k+1} = \tfrac12\,(2 - z^k)"] = inv and identical(2 - zi, (2 - z) / 2) and 2 - zs[1] == (2 - zs[0]) / 2
    k = sp.Symbol("k", integer=True, positive=True)
    assert identical(2 - (2 - 2 ** (1 - (k + 1))), (2 - (2 - 2 ** (1 - k))) / 2) and zs[1] == 2 - 2 ** 0  # true: 2 - 2^{1-k}
    v[r"z^k = 2 - 2^{-k}"] = zs[1] == 2 - R(1, 2) ** 1
    v[r"s^3 = \tfrac74 - \tfrac32 = \tfrac14"] = 1 * (zs[3] - zs[2]) == R(7, 4) - R(3, 2) == R(1, 4)
    v[r"\tfrac12(2 - 4)^2 + \tfrac12\big(\tfrac74\big)^2 = \tfrac{113}{32}"] = (
        R(1, 2) * (xs[3] - 4) ** 2 + R(1, 2) * (zs[3] - 0) ** 2 == R(1, 2) * (2 - 4) ** 2 + R(1, 2) * R(7, 4) ** 2 == R(113, 32)
        and R(113, 32) < R(1, 2) * (2 - 4) ** 2 + R(1, 2) * 2**2 == 4)
    return {key: bool(val) for key, val in v.items()}


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
