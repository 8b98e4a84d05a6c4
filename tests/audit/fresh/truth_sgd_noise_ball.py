"""Ground truth for sgd_noise_ball.md, decided by hand and checked exactly with SymPy (symgd is not used).

Notation: a = alpha > 0, L >= mu > 0, M >= 0, MG >= 1, G = ||grad F(w_k)||^2 >= 0, D = F(w_k) - F_* >= 0,
E2 = E||g_k||^2, phi = phi_k. Theorem-level links (descent lemma, gradient domination) are checked on the exact
one-dimensional quadratic family that attains them; the slips by exact counterexamples that satisfy the
document's assumptions (deterministic SGD, M = 0, M_G = 1, on F(w) = mu w^2 / 2).
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

a, L, mu, M, MG, G, D, E2, phi, c1, s, h, x, y = sp.symbols("a L mu M MG G D E2 phi c1 s h x y", positive=True)
R = a * L * M / (2 * mu)  # the radius of the noise ball


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    # Descent lemma on F = h w^2/2 with 0 < h <= L: upper model minus F(y) = (L - h)(y - x)^2 / 2 >= 0.
    gap = (h * x**2 / 2 + h * x * (y - x) + L / 2 * (y - x) ** 2) - h * y**2 / 2
    v[r"F(\mathbf{w}_{k+1}) \le F(\mathbf{w}_k) + \nabla F"] = identical(gap, (L - h) * (y - x) ** 2 / 2)
    # Expectation of the model: g = grad F + z with E z = 0, so E[grad^T (-a g)] = -a G, E||g||^2 = E2 exactly.
    gr, z = sp.symbols("gr z", real=True)
    model = lambda zz: -a * gr * (gr + zz) + L * a**2 / 2 * (gr + zz) ** 2  # noqa: E731
    mean = (model(z) + model(-z)) / 2  # a symmetric two-point noise
    v[r"&\le -\alpha \|\nabla F(\mathbf{w}_k)\|^2 + \frac{L\alpha^2}{2}\,\mathbb{E}"] = identical(
        mean, (-a * G + L * a**2 / 2 * E2).subs({G: gr**2, E2: gr**2 + z**2}))
    # Second-moment bound, multiplied by L a^2/2 >= 0: rhs - lhs = L a^2/2 (M + MG G - E2), the slack c1 >= 0.
    lhs, rhs = -a * G + L * a**2 / 2 * E2, -a * G + L * a**2 / 2 * (M + MG * G)
    v[r"&\le -\alpha \|\nabla F(\mathbf{w}_k)\|^2 + \frac{L\alpha^2}{2}\big(M"] = nonneg_by_factors(
        (rhs - lhs).subs(E2, M + MG * G - c1), [L, a**2, c1, sp.Rational(1, 2)], [L, a**2, c1, sp.Rational(1, 2)])
    # Slip: the bracket's sign; the two sides differ by L MG a^2 G.
    slip = -(1 + L * MG * a / 2) * a * G + L * M * a**2 / 2
    v[r"&= -\Big(1 + \frac{L M_G \alpha}{2}\Big)"] = identical(rhs, slip)
    assert identical(rhs - slip, L * MG * a**2 * G) and false_at("=", rhs, slip, {L: 1, MG: 1, a: 1, G: 1, M: 0})
    # a = s/(L MG) with 0 < s <= 1: (1 - s/2) - 1/2 = (1 - s)/2 >= 0.
    v[r"1 - \frac{L M_G\,\alpha}{2} \ge \frac{1}{2}"] = identical(
        (1 - L * MG * a / 2 - sp.Rational(1, 2)).subs(a, s / (L * MG)), (1 - s) / 2)
    # Gradient domination on F = h w^2/2, h >= mu: ||grad||^2 - 2 mu (F - F_*) = h (h - mu) w^2 >= 0.
    v[r"2\mu\big(F(\mathbf{w}) - F_*\big) \le \|\nabla F(\mathbf{w})\|^2"] = identical(
        (h * x) ** 2 - 2 * mu * h * x**2 / 2, h * (h - mu) * x**2)
    # a <= 1/(L MG): (-a/2 G + L M a^2/2) - rhs = a G (1 - L MG a)/2 >= 0 (a = s/(L MG)).
    half = -a / 2 * G + L * M * a**2 / 2
    v[r"&\le -\frac{\alpha}{2}\|\nabla F(\mathbf{w}_k)\|^2"] = identical(
        (half - rhs).subs(a, s / (L * MG)), (s * G * (1 - s) / (2 * L * MG)))
    # Slip: needs G >= 4 mu D. Deterministic counterexample F = mu w^2/2, M = 0: F(w+) - F(w) vs -2 a mu D.
    step = mu / 2 * x**2 * ((1 - a * mu) ** 2 - 1)
    v[r"&\le -2\alpha\mu\big(F(\mathbf{w}_k) - F_*\big)"] = not false_at(
        "<=", step, -2 * a * mu * (mu * x**2 / 2), {mu: 1, a: sp.Rational(1, 2), x: 1})
    # Correct version -a mu D + ... (G >= 2 mu D), minus F_*: phi+ <= phi - a mu phi + a^2 L M/2, an identity.
    v[r"\phi_{k+1} \le (1 - \alpha\mu)\,\phi_k"] = identical(phi - a * mu * phi, (1 - a * mu) * phi)
    v[r"\phi_{k+1} - \frac{\alpha L M}{2\mu} &\le"] = True  # subtracting the same constant from both sides
    v[r"&= (1-\alpha\mu)\Big(\phi_k - \frac{\alpha L M}{2\mu}\Big)"] = identical(
        (1 - a * mu) * phi + a**2 * L * M / 2 - R, (1 - a * mu) * (phi - R))
    # Slip: exponent k from w_1; at k = 1 it claims phi_1 - R <= (1 - a mu)(phi_1 - R), false when phi_1 > R.
    v[r"(1-\alpha\mu)^{k}\Big(F(\mathbf{w}_1)"] = not false_at(
        "<=", phi - R, (1 - a * mu) * (phi - R), {M: 0, mu: 1, a: sp.Rational(1, 2), phi: 1, L: 1})
    pt = {a: sp.Rational(1, 4), L: 4, mu: 1, M: 2, MG: 1}
    v[r"$$\frac{\alpha L M}{2\mu} = 1"] = R.subs(pt) == 1
    v[r"1 - \alpha\mu = \frac{3}{4}"] = (1 - a * mu).subs(pt) == sp.Rational(3, 4)
    v[r"\frac{\alpha L M}{2\mu} = \frac{1}{2}"] = R.subs(pt).subs(a, sp.Rational(1, 8)) == sp.Rational(1, 2) or (
        R.subs({**pt, a: sp.Rational(1, 8)}) == sp.Rational(1, 2))
    v[r"1 - \frac{\mu}{8} = \frac{7}{8}"] = (1 - mu / 8).subs(mu, 1) == sp.Rational(7, 8)
    v[r"0 < \alpha\mu \le 1"] = identical(  # a mu <= mu/(L MG) <= 1: 1 - a mu = 1 - s mu/(L MG) >= 1 - s >= 0
        (1 - a * mu).subs(a, s / (L * MG)), 1 - s * mu / (L * MG))
    return v


if __name__ == "__main__":
    for k, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", k)
