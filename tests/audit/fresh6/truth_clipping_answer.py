"""Ground truth for clipping_answer.md, decided by hand and checked exactly with SymPy (symgd is not used).

Notation: G = ||g|| > 0, c > 0, s = min(1, c/G), tilde g = s g. Statements split into the cases G <= c
(G = c - u, 0 <= u < c) and G > c (G = c + u, u > 0), where min and max are known. The descent lemma is checked on
the quadratics that attain it (f = x^T H x / 2, 0 <= H <= L I); inequalities by exact certificates; the slips by
exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _key import main
from _truth import false_at, identical

c, u, L, eta, G = sp.symbols("c u L eta G", positive=True)
g1, g2, v1, v2 = sp.symbols("g1 g2 v1 v2", real=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    # projection onto the ball for G > c: for ||v|| = a <= c, ||v - g||^2 >= a^2 - 2aG + G^2 (Cauchy-Schwarz,
    # Lagrange identity) and a^2 - 2aG + G^2 - (G - c)^2 = (c - a)(2G - a - c) >= 0 (a <= c < G);
    # the radial point c g/G attains ||c g/G - g|| = G - c. For G <= c the projection is g itself.
    a = sp.Symbol("a", nonnegative=True)
    gn = sp.sqrt(g1**2 + g2**2)
    vn = sp.sqrt(v1**2 + v2**2)
    lagrange = identical((vn * gn) ** 2 - (v1 * g1 + v2 * g2) ** 2, (v1 * g2 - v2 * g1) ** 2)
    cert = identical(a**2 - 2 * a * G + G**2 - (G - c) ** 2, (c - a) * (2 * G - a - c))
    radial = identical((1 - c / G) * G, G - c)  # ||g - c g/G|| = (1 - c/G) G for G > c
    v[r"\operatorname{clip}_c(g) = \Pi_{B_c}(g)"] = lagrange and cert and radial
    # min(1, c/G) = 1/max(1, G/c): G = c - u gives 1 = 1 (c/G >= 1 and G/c <= 1); G = c + u gives c/G = 1/(G/c)
    assert identical(c / (c - u) - 1, u / (c - u)) and identical(1 - (c - u) / c, u / c)  # branch signs, G <= c
    assert identical(1 - c / (c + u), u / (c + u)) and identical((c + u) / c - 1, u / c)  # branch signs, G > c
    v[r"= \frac{g}{\max(1, \|g\|/c)}"] = identical(c / (c + u), 1 / ((c + u) / c))
    # distance moved: 0 when G <= c; ||g - c g/G|| = (1 - c/G) G = G - c when G > c
    v[r"\|g - \operatorname{clip}_c(g)\| = \max(0, \|g\| - c)"] = identical((1 - c / (c + u)) * (c + u), u)
    # <g, s g> = s G^2; = G^2 (s = 1, G <= c: G^2 <= c G) or c G (s = c/G, G > c: c G < G^2)
    s = sp.Symbol("s", positive=True)
    v[r"\langle g, \tilde g \rangle = s\|g\|^2"] = identical(g1 * (s * g1) + g2 * (s * g2), s * (g1**2 + g2**2))
    v[r"= \min\big(\|g\|^2,\; c\,\|g\|\big) ,"] = (
        identical(c * (c - u) - (c - u) ** 2, u * (c - u))  # G <= c: min is G^2 = 1 * G^2
        and identical((c + u) ** 2 - c * (c + u), u * (c + u))  # G > c: min is c G = (c/G) G^2
        and identical(c / (c + u) * (c + u) ** 2, c * (c + u)))
    # descent lemma on f = x^T H x/2, H = diag(L - w1, L - w2), 0 <= w_i <= L: gap = sum w_i d_i^2/2, d = x+ - x
    x1, x2, d1, d2, w1, w2 = sp.symbols("x1 x2 d1 d2 w1 w2", real=True)
    H = sp.diag(L - w1, L - w2)
    X = sp.Matrix([x1, x2])
    dd = sp.Matrix([d1, d2])
    def fq(z):
        return (z.T * H * z)[0] / 2
    gr = H * X
    model = fq(X) + (gr.T * dd)[0] + L / 2 * (dd.T * dd)[0]
    v[r"f(x^+) \le f(x) - \eta \langle g, \tilde g\rangle + \frac{L\eta^2}{2}\|\tilde g\|^2"] = identical(
        model - fq(X + dd), (w1 * d1**2 + w2 * d2**2) / 2)  # d = -eta tilde g
    v[r"\tilde g = g"] = identical(c / (c - u) - 1, u / (c - u))  # G = c - u <= c: c/G >= 1, so s = 1
    N = sp.Symbol("N", positive=True)  # N = ||g||^2
    gg = g1**2 + g2**2  # the lemma's right-hand side with tilde g = g
    v[r"f(x^+) &\le f(x) - \eta\|g\|^2 + \frac{L\eta^2}{2}\|g\|^2"] = identical(
        -eta * (g1 * g1 + g2 * g2) + L * eta**2 / 2 * (g1 * g1 + g2 * g2), -eta * gg + L * eta**2 / 2 * gg)
    v[r"&= f(x) - \eta\Big(1 + \frac{L\eta}{2}\Big)\|g\|^2"] = not false_at(
        "=", -eta * N + L * eta**2 / 2 * N, -eta * (1 + L * eta / 2) * N, {eta: 1, L: 1, N: 1})
    # case G > c: tilde g = c g/G
    v[r"\langle g, \tilde g\rangle = c\|g\|"] = identical(c / gn * (g1**2 + g2**2), c * gn)
    v[r"\|\tilde g\|^2 = c^2"] = identical((c / gn) ** 2 * (g1**2 + g2**2), c**2)
    Gc = c + u
    v[r"f(x^+) &\le f(x) - \eta c\|g\| + \frac{L\eta^2 c^2}{2}"] = identical(
        -eta * (c * Gc) + L * eta**2 / 2 * c**2, -eta * c * Gc + L * eta**2 * c**2 / 2)
    v[r"&\le f(x) - \eta c\|g\| + \frac{L\eta^2 c}{2}\|g\|"] = identical(
        (-eta * c * Gc + L * eta**2 * c / 2 * Gc) - (-eta * c * Gc + L * eta**2 * c**2 / 2), L * eta**2 * c * u / 2)
    v[r"&= f(x) - \eta c\Big(1 - \frac{L\eta}{2}\Big)\|g\|"] = identical(
        -eta * c * G + L * eta**2 * c / 2 * G, -eta * c * (1 - L * eta / 2) * G)
    sp.Symbol("theta", positive=True)  # eta = theta/L with 0 < theta <= 1, theta = 1 - r
    r = sp.Symbol("r", nonnegative=True)
    v[r"1 - L\eta/2 \ge 1/2"] = identical((1 - L * ((1 - r) / L) / 2) - sp.Rational(1, 2), r / 2)
    # combined: case 1 decrease eta(1 - L eta/2)G^2 - (eta/2)G^2 = eta G^2 (1 - L eta)/2 = eta G^2 r/2 >= 0, and
    # min(G^2, cG) = G^2; case 2 likewise with c G
    et = (1 - r) / L
    v[r"f(x^+) \le f(x) - \frac{\eta}{2}\min\big(\|g\|^2,\; c\|g\|\big)"] = identical(
        et * (1 - L * et / 2) * N - et / 2 * N, et * N * r / 2) and identical(
        et * c * (1 - L * et / 2) * G - et / 2 * c * G, et * c * G * r / 2)
    # eta = 1/L, second case: c/L is wrong. f(x) = x^2/2 (L = 1), x = 2, g = 2, c = 1: x+ = 1, f(x+) = 1/2 > 0
    def fx(z):
        return sp.Integer(z) ** 2 / 2 if isinstance(z, int) else z**2 / 2
    xp = 2 - 1 * sp.Min(1, sp.Rational(1, 2)) * 2
    v[r"f(x^+) \le f(x) - \frac{c}{L}\|g\|"] = not false_at("<=", fx(xp), fx(2) - 1 * 2, {})
    assert fx(xp) <= fx(2) - sp.Rational(1, 2) * 2  # the bound c/(2L) holds there
    # concrete check
    ge = sp.Matrix([6, 8])
    Ge = sp.sqrt((ge.T * ge)[0])
    gt = sp.Min(1, 5 / Ge) * ge
    assert gt == sp.Matrix([3, 4]) and Ge == 10
    dist = sp.sqrt(((ge - gt).T * (ge - gt))[0])
    v[r"\|g - \tilde g\| = \|g\| - c"] = dist == Ge - 5
    v[r"= 5"] = Ge - 5 == 5
    v[r"\langle g, \tilde g\rangle = 50"] = (ge.T * gt)[0] == 50
    ee, ce, Le = sp.Rational(1, 2), 5, 1
    v[r"\eta c (1 - L\eta/2)\|g\| = \tfrac12 \cdot 5 \cdot \tfrac34 \cdot 10"] = (
        ee * ce * (1 - Le * ee / 2) * Ge == sp.Rational(1, 2) * 5 * sp.Rational(3, 4) * 10)
    v[r"= 75/8"] = sp.Rational(1, 2) * 5 * sp.Rational(3, 4) * 10 == sp.Rational(75, 8)  # it is 75/4
    clipv = sp.Matrix([max(-1, min(1, z)) for z in (6, sp.Rational(1, 2))])
    v[r"v = (1, 1/2)"] = clipv == sp.Matrix([1, sp.Rational(1, 2)])
    return v


if __name__ == "__main__":
    main(verdicts, __file__)
