"""Ground truth for sign_descent.txt, decided by hand and checked exactly with SymPy (symgd is not used).

Norm statements are checked on a generic vector of R^3 with |g_i| = a, b, c >= 0 (a the largest), by exact
certificates (the difference written as a sum of squares or of nonnegative products); the descent lemma on a
generic gradient with both signs; the example by rational arithmetic; the probability bound by the pointwise
inequalities behind it; slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "sign_descent.key.json"

a, b, c, p, q, eta, L1, L2, u, w = sp.symbols("a b c p q eta L1 L2 u w", positive=True)
r = sp.Rational


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    g = sp.Matrix([p, -q])  # a generic gradient with one positive and one negative coordinate
    sg = sp.Matrix([1, -1])
    v["⟨g, −sign(g)⟩ = −∑ᵢ |gᵢ|"] = identical((g.T * -sg)[0], -(p + q))
    v["= −‖g‖₁ ."] = identical(-(p + q), -(sp.Abs(p) + sp.Abs(-q)))
    # l1 ball: j the largest |g_j|; take g = (p, -(p + u)) so j = 2
    g2 = sp.Matrix([p, -(p + u)])
    e2 = sp.Matrix([0, 1])
    val = (g2.T * (-sp.sign(g2[1]) * e2))[0]
    v["⟨g, −sign(g_j) e_j⟩ = −|g_j|"] = identical(val, -sp.Abs(g2[1]))
    v["= −‖g‖∞ ."] = identical(-sp.Abs(g2[1]), -sp.Max(sp.Abs(g2[0]), sp.Abs(g2[1])))
    # |g| = (a, b, c) with a = max: b = a - u... use a >= b, a >= c via b, c free and the certificates below
    two2 = a**2 + b**2 + c**2
    v["‖g‖∞ ≤ ‖g‖₂"] = identical(two2 - a**2, b**2 + c**2)  # >= 0, and sqrt is monotone
    v["≤ ‖g‖₁"] = identical((a + b + c) ** 2 - two2, 2 * (a * b + b * c + c * a))
    v["≤ √n ‖g‖₂ ,"] = identical(3 * two2 - (a + b + c) ** 2, (a - b) ** 2 + (b - c) ** 2 + (c - a) ** 2)
    v["‖g‖₁ ≤ √n ‖g‖∞ ."] = not false_at("<=", sp.Integer(2), sp.sqrt(2) * 1, {})  # g = (1, 1), n = 2
    # sign step under coordinate-wise smoothness: y - x = -eta sign(g)
    step = -eta * sg
    lin = (g.T * step)[0]
    quad = r(1, 2) * (L1 * step[0] ** 2 + L2 * step[1] ** 2)
    v["f(x − η sign(g)) ≤ f(x) − η ‖g‖₁ + (η²/2) ∑ᵢ Lᵢ"] = identical(lin + quad, -eta * (p + q) + eta**2 / 2 * (L1 + L2))
    v["= f(x) − η ‖g‖₁ + (η²/2) ‖L‖₁ ."] = identical(L1 + L2, sp.Abs(L1) + sp.Abs(L2))
    G, Lam = sp.symbols("G Lam", positive=True)
    model = -eta * G + eta**2 / 2 * Lam
    v["η* = ‖g‖₁ / ‖L‖₁"] = identical(sp.diff(model, eta).subs(eta, G / Lam), 0) and identical(sp.diff(model, eta, 2),
                                                                                                Lam)
    assert identical(model.subs(eta, G / Lam), -G**2 / (2 * Lam))
    # slip: the example (a diagonal quadratic, where the bound is attained) gives 2/5 > 4 - 36/5
    x1, x2 = sp.symbols("x1 x2", real=True)
    f = r(1, 2) * (x1**2 + 4 * x2**2)
    pt = {x1: 2, x2: 1}
    xp = {x1: 2 - r(6, 5), x2: 1 - r(6, 5)}
    v["f(x − η* sign(g)) ≤ f(x) − ‖g‖₁² / ‖L‖₁ ."] = not false_at("<=", f.subs(xp), f.subs(pt) - r(36, 5), {})
    grad = sp.Matrix([sp.diff(f, x1), sp.diff(f, x2)]).subs(pt)
    v["g = ∇f(x) = (2, 4)"] = grad == sp.Matrix([2, 4])
    v["‖g‖₁ = 6"] = sum(abs(e) for e in grad) == 6
    v["f(x) = ½ (4 + 4) = 4"] = f.subs(pt) == r(1, 2) * (4 + 4) == 4
    v["x⁺ = (2 − 6/5, 1 − 6/5) = (4/5, −1/5)"] = (2 - r(6, 5), 1 - r(6, 5)) == (r(4, 5), r(-1, 5))
    v["f(x⁺) = ½ (16/25 + 4/25) = 2/5"] = f.subs(xp) == r(1, 2) * (r(16, 25) + r(4, 25)) == r(2, 5)
    v["f(x⁺) ≤ 4 − 36/10 = 2/5"] = f.subs(xp) <= f.subs(pt) - r(6**2, 2 * 5) and 4 - r(36, 10) == r(2, 5)
    xg = {x1: 2 - grad[0] / 4, x2: 1 - grad[1] / 4}
    v["x − g/4 = (3/2, 0)"] = (xg[x1], xg[x2]) == (r(3, 2), 0)
    v["f = ½ · 9/4 = 9/8"] = f.subs(xg) == r(1, 2) * r(9, 4) == r(9, 8)
    v["4 − 9/8 = 27/8"] = 4 - r(9, 8) == r(27, 8)
    v["‖g‖₂²/(2 L_max) = 20/8"] = (grad[0] ** 2 + grad[1] ** 2) / (2 * 4) == r(20, 8)
    # signSGD: on {sign(hat g) != sign(g)} with g = w > 0 the estimate is hat g = -z <= 0 (z >= 0), and
    # |hat g - g| - |g| = (w + z) - w = z >= 0; the case g < 0 is the mirror image. So the event is included.
    z = sp.Symbol("z", nonnegative=True)
    v["P[ sign(ĝᵢ) ≠ sign(gᵢ) ] ≤ P[ |ĝᵢ − gᵢ| ≥ |gᵢ| ]"] = identical(sp.Abs(-z - w) - sp.Abs(w), z)
    # Markov: 1{|Z| >= |g|} <= |Z|/|g| pointwise (on the event |Z|/|g| - 1 = t/|g| >= 0 with |Z| = |g| + t;
    # off it the indicator is 0 <= |Z|/|g|); taking expectations, P <= E|Z|/|g| <= sigma/|g|
    t = sp.Symbol("t", nonnegative=True)
    v["≤ σᵢ / |gᵢ| ,"] = nonneg_by_factors((w + t) / w - 1, [t, 1 / w], [t, 1 / w])
    return v


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
