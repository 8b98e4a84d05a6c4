"""Ground truth for pl_armijo.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Notation: G = ||grad f(x_k)||^2 >= 0, D = f(x_k) - f^* >= 0 with G >= 2 mu D (PL), 0 < mu <= L, 0 < c, rho < 1.
The descent lemma is checked on the quadratics that attain it; the induction by the exact recursion; the slips
by exact counterexamples satisfying the assumptions.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical

L, mu, G, D, t, c, x, y, h, u, w = sp.symbols("L mu G D t c x y h u w", positive=True)
X = sp.Symbol("X", real=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    # descent lemma on f = h z^2/2, 0 < h <= L: the gap is (L - h)(y - x)^2/2 >= 0
    gap = (h * x**2 / 2 + h * x * (y - x) + L / 2 * (y - x) ** 2) - h * y**2 / 2
    v[r"f(y) \le f(x) + \ip{\nabla f(x)}{y - x}"] = identical(gap, (L - h) * (y - x) ** 2 / 2)
    # y - x = -grad/L: <grad, y - x> = -G/L and ||y - x||^2 = G/L^2, so the model is exactly the first line
    v[r"f(x_{k+1}) &\le f(x_k) - \frac{1}{L}\norm{\nabla f(x_k)}^2"] = identical(
        -G / L + L / 2 * G / L**2, -G / L + L / 2 * (1 / L**2) * G)
    v[r"&= f(x_k) - \frac{1}{2L}\norm{\nabla f(x_k)}^2 ."] = identical(-G / L + L / 2 * G / L**2, -G / (2 * L))
    v[r"\norm{\nabla f(x_k)}^2 \ge 2\mu (f(x_k) - \fs)"] = identical(2 * (G / 2 - mu * D), G - 2 * mu * D)
    # with G = 2 mu D + 2u (u >= 0, PL): the decrease -G/(2L) <= -mu D/L since the difference is -u/L
    v[r"f(x_{k+1}) - \fs &\le f(x_k) - \fs - \frac{\mu}{L}"] = identical(
        (D - (2 * mu * D + 2 * u) / (2 * L)) - (D - mu / L * D), -u / L)
    v[r"&= \Big(1 - \frac{\mu}{L}\Big)\big(f(x_k) - \fs\big),"] = identical(D - mu / L * D, (1 - mu / L) * D)
    # induction: phi_k <= (1 - mu/L)^k phi_0 is the lemma (inline); the display's exponent k+1 fails at k = 0
    phi0 = sp.Symbol("phi0", positive=True)
    v[r"f(x_k) - \fs \le (1 - \mu/L)^k (f(x_0) - \fs)"] = identical(
        (1 - mu / L) * ((1 - mu / L) ** 3 * phi0), (1 - mu / L) ** 4 * phi0)  # the step k=3 -> 4 of the induction
    v[r"\Big(1 - \frac{\mu}{L}\Big)^{k+1}\big(f(x_0) - \fs\big)"] = not false_at(
        "<=", phi0, (1 - mu / L) * phi0, {phi0: 1, mu: 1, L: 2})
    f = X**2 + 3 * sp.sin(X) ** 2
    v[r"f'(x) &= 2x + 6 \sin x \cos x"] = identical(sp.diff(f, X), 2 * X + 6 * sp.sin(X) * sp.cos(X))
    v[r"= 2x + 3\sin 2x"] = identical(sp.expand_trig(2 * X + 3 * sp.sin(2 * X)), 2 * X + 6 * sp.sin(X) * sp.cos(X))
    v[r"f''(x) &= 2 + 3\cos 2x"] = identical(sp.diff(f, X, 2), 2 + 3 * sp.cos(2 * X))
    assert sp.diff(f, X, 2).subs(X, 0) == 8  # 2 + 6 cos 0; the display says 5
    # Armijo: the model with y = x - t grad; then t(1 - L t / 2) is the exact factor
    v[r"f\big(x - t\nabla f(x)\big) &\le f(x) - t\norm{\nabla f(x)}^2"] = identical(
        -t * G + L / 2 * t**2 * G, -t * G + L * t**2 / 2 * G)
    v[r"&= f(x) - t\Big(1 - L t\Big)\norm{\nabla f(x)}^2"] = identical(-t * G + L * t**2 / 2 * G, -t * (1 - L * t) * G)
    # backtracking: the accepted t is t_0, or rho t' with t' > 2(1-c)/L rejected, so t >= min(t_0, 2 rho (1-c)/L)
    rho = sp.Symbol("rho", positive=True)
    v[r"t_k \ge \tmin"] = identical(rho * (2 * (1 - c) / L + w) - 2 * rho * (1 - c) / L, rho * w)
    # f(x+) - f^* <= D - c t_min G <= D - 2 c mu t_min D (G >= 2 mu D, c t_min >= 0)
    tm = sp.Symbol("tm", positive=True)
    v[r"f(x_{k+1}) - \fs \le (1 - 2 c \mu\, \tmin)"] = identical(
        (D - c * tm * (2 * mu * D + 2 * u)) - (1 - 2 * c * mu * tm) * D, -2 * c * tm * u)
    half = sp.Rational(1, 2)
    tmin = sp.Min(1 / L + w, 2 * half * (1 - half) / L)  # t_0 = 1/L + w >= 1/L
    v[r"1 - 2c\mu\,\tmin = 1 - \frac{\mu}{2L}"] = identical((1 - 2 * c * mu * tmin).subs(c, half), 1 - mu / (2 * L))
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
