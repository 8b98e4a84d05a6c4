"""Ground truth for mirror_entropy.md, decided by hand and checked exactly with SymPy (symgd is not used).

Entropy facts are checked in n = 3 with symbolic positive coordinates (the simplex by eliminating the last one);
the regret bound of Hedge is the standard theorem (Cesa-Bianchi & Lugosi, Thm 2.2 / Bubeck, Thm 4.2) and is
only spot-checked on exact instances; Pinsker's slip gets a counterexample evaluated to 50 digits.
"""

from __future__ import annotations

import itertools

import sympy as sp
from _truth import identical

eta, T, G, n = sp.symbols("eta T G n", positive=True)
xs = sp.symbols("x1:4", positive=True)
ys = sp.symbols("y1:4", positive=True)


def _psi(v):
    return sum(vi * sp.log(vi) for vi in v)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    v[r"\frac{\partial \psi}{\partial x_i}(x) = \log x_i"] = identical(sp.diff(_psi(xs), xs[0]), sp.log(xs[0]))
    grad_y = [sp.diff(_psi(ys), yi) for yi in ys]  # 1 + log y_i
    breg = _psi(xs) - _psi(ys) - sum(gi * (xi - yi) for gi, xi, yi in zip(grad_y, xs, ys, strict=True))
    expanded = sum(xi * sp.log(xi / yi) for xi, yi in zip(xs, ys, strict=True)) - sum(xs) + sum(ys)
    v[r"= \sum_{i=1}^n x_i \log\frac{x_i}{y_i} - \sum_{i=1}^n x_i + \sum_{i=1}^n y_i"] = identical(
        sp.expand_log(breg, force=True), sp.expand_log(expanded, force=True))
    simplex = {xs[2]: 1 - xs[0] - xs[1], ys[2]: 1 - ys[0] - ys[1]}
    v[r"D_\psi(x, y) = \sum_{i=1}^n x_i \log\frac{x_i}{y_i} = \mathrm{KL}"] = identical(
        expanded.subs(simplex), sum(xi * sp.log(xi / yi) for xi, yi in zip(xs, ys, strict=True)).subs(simplex))
    g = sp.Symbol("g", real=True)
    # nabla psi = 1 + log: 1 + log y = 1 + log x - eta g, the constants cancel either way
    logy = sp.solve(sp.Eq(1 + sp.log(ys[0]), 1 + sp.log(xs[0]) - eta * g), ys[0])[0]
    v[r"\log y_{t+1,i} = \log x_{t,i} - \eta g_{t,i}"] = identical(sp.log(logy), sp.log(xs[0]) - eta * g)
    v[r"y_{t+1,i} = x_{t,i}\, e^{-\eta g_{t,i}}"] = identical(logy, xs[0] * sp.exp(-eta * g))
    # KL projection of y onto the simplex: minimize sum x log(x/y) - x + y with sum x = 1 -> x = y / sum y
    gs = sp.symbols("g1:4", real=True)
    yv = [xi * sp.exp(-eta * gi) for xi, gi in zip(xs, gs, strict=True)]
    proj0 = yv[0] / sum(yv)
    v[r"x_{t+1,i} = \frac{x_{t,i}\, e^{\eta g_{t,i}}}"] = identical(proj0, xs[0] * sp.exp(eta * gs[0]) / sum(
        xi * sp.exp(eta * gi) for xi, gi in zip(xs, gs, strict=True)))
    half, ln2 = sp.Rational(1, 2), sp.log(2)
    v[r"y_{t+1} = (\tfrac12 e^{-\log 2}, \tfrac12)"] = [half * sp.exp(-ln2 * 1), half * sp.exp(-ln2 * 0)] == [
        half * sp.exp(-ln2), half]
    v[r"= (\tfrac14, \tfrac12)"] = sp.simplify(half * sp.exp(-ln2)) == sp.Rational(1, 4)
    v[r"x_{t+1,1} = \frac{1/4}{1/4 + 1/2}"] = (
        sp.Rational(1, 4) / (sp.Rational(1, 4) + half) == sp.simplify(half * sp.exp(-ln2)) / (
            sp.simplify(half * sp.exp(-ln2)) + half))
    v[r"= \frac{1}{3}$$"] = sp.Rational(1, 4) / (sp.Rational(1, 4) + half) == sp.Rational(1, 3)
    # Pinsker without the square: x = (0.6, 0.4), y = (0.5, 0.5): KL = 0.0201... < 0.1
    kl = sp.Rational(3, 5) * sp.log(sp.Rational(6, 5)) + sp.Rational(2, 5) * sp.log(sp.Rational(4, 5))
    v[r"\mathrm{KL}(x\,\|\,y) \ge \frac{1}{2}\|x - y\|_1"] = sp.N(kl - sp.Rational(1, 10), 50) >= 0
    # KL(u || uniform) = log n - H(u) <= log n: spot-check on a grid of the 3-simplex (exact values)
    grid = [(a, b, 1 - a - b) for a, b in itertools.product([sp.Rational(k, 4) for k in range(5)], repeat=2)
            if a + b <= 1]
    v[r"D_\psi(u, x_1) \le \log n"] = all(sp.N(sum(ui * sp.log(3 * ui) for ui in u if ui) - sp.log(3), 30) <= 0
                                          for u in grid)
    # the Hedge bound: a theorem; on one exact instance (n = 2, T = 1) it holds with room
    v[r"\sum_{t=1}^T \langle g_t, x_t - u\rangle \le \frac{\log n}{\eta}"] = bool(
        sp.N(half * 1 - (sp.log(2) / 1 + sp.Rational(1, 2) * 1), 30) <= 0)  # x_1 = (1/2,1/2), g = (1,0), u = e_2
    gn = sp.Symbol("gn", positive=True)  # ||g_t||_inf <= G: replace by G - gap
    v[r"\le \frac{\log n}{\eta} + \frac{\eta T G^2}{2}."] = identical(
        eta / 2 * T * G**2 - eta / 2 * T * (G - gn) ** 2, eta / 2 * T * gn * (2 * G - gn))  # >= 0 as 0 <= gn <= G
    bound = sp.log(n) / eta + eta * T * G**2 / 2
    es = sp.sqrt(2 * sp.log(n) / (T * G**2))
    v[r"\eta_\star = \sqrt{\frac{2\log n}{T G^2}}"] = identical(sp.diff(bound, eta).subs(eta, es), 0)
    v[r"\frac{\log n}{\eta_\star} + \frac{\eta_\star T G^2}{2} = G\sqrt{2T\log n}"] = identical(
        bound.subs(eta, es).subs(n, sp.exp(sp.Symbol("ell", positive=True))),
        (G * sp.sqrt(2 * T * sp.log(n))).subs(n, sp.exp(sp.Symbol("ell", positive=True))))
    v[r"\frac{1}{T}\, G\sqrt{2T\log n} = G\sqrt{\frac{2\log n}{T}}"] = identical(
        (G * sp.sqrt(2 * T * sp.log(n)) / T).subs(n, sp.exp(sp.Symbol("ell", positive=True))),
        (G * sp.sqrt(2 * sp.log(n) / T)).subs(n, sp.exp(sp.Symbol("ell", positive=True))))
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
