"""Ground truth for backtracking_quadratic.txt, decided by hand and checked exactly with SymPy (symgd is not used).

f(x) = x^T A x / 2. Identities on a generic symmetric 2x2 A; eigenvalue inequalities in the eigenbasis
(A = diag(l1, l2), mu <= l_i <= L); the backtracking claims by the case "t = 1, or 2t was rejected"; the worked
example by exact rational arithmetic; every slip by an exact counterexample.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, report, true_at

q = sp.Rational


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    a, b, d, x1, x2, t = sp.symbols("a b d x1 x2 t", real=True)
    A = sp.Matrix([[a, b], [b, d]])
    x = sp.Matrix([x1, x2])
    f = lambda z: (z.T * A * z)[0, 0] / 2  # noqa: E731
    g = A * x
    G = (g.T * g)[0, 0]
    gAg = (g.T * A * g)[0, 0]
    assert identical(f(x - t * g), f(x) - t * G + t**2 / 2 * gAg)
    v["f(x − t g) = f(x) − t ‖g‖² + t² gᵀAg"] = identical(f(x - t * g), f(x) - t * G + t**2 * gAg)
    L, mu, l1, l2, h1, h2 = sp.symbols("L mu l1 l2 h1 h2", positive=True)
    v["gᵀAg ≤ L‖g‖²"] = identical(L * (h1**2 + h2**2) - (l1 * h1**2 + l2 * h2**2), (L - l1) * h1**2 + (L - l2) * h2**2)
    c, u, e = sp.symbols("c u e", positive=True)
    # accepted t = 1: 1 - (1-c)/L = (L - 2(1-c) + (1-c))/L >= 0 under L >= 2(1-c), with e = L - 2(1-c) >= 0;
    # accepted t = t'/2 after t' > 2(1-c)/L was rejected: t - (1-c)/L = u/2 with t' = 2(1-c)/L + u
    v["t ≥ (1 − c)/L"] = identical((1 - (1 - c) / L).subs(L, 2 * (1 - c) + e), (e + (1 - c)) / (2 * (1 - c) + e)) and identical(
        (2 * (1 - c) / L + u) / 2 - (1 - c) / L, u / 2)
    A0 = sp.diag(1, 10)
    x0 = sp.Matrix([1, 1])
    fe = lambda z: (z.T * A0 * z)[0, 0] / 2  # noqa: E731
    g0 = A0 * x0
    v["= (1, 10)"] = g0 == sp.Matrix([1, 10])
    v["‖g₀‖² = 101"] = identical((g0.T * g0)[0, 0], 101)
    v["g₀ᵀ A g₀ = 1001"] = identical((g0.T * A0 * g0)[0, 0], 1001)
    v["f(x₀) = 11/2"] = identical(fe(x0), q(11, 2))
    v["1/16 ≤ 101/1001"] = true_at("<=", q(1, 16), q(101, 1001), {})
    v["< 1/8"] = true_at("<", q(101, 1001), q(1, 8), {})
    # the halvings: Armijo (c = 1/2) fails at 1, 1/2, 1/4, 1/8 and holds at 1/16
    arm = lambda s: fe(x0 - s * g0) <= fe(x0) - q(1, 2) * s * 101  # noqa: E731
    assert [bool(arm(q(1, 2**j))) for j in range(5)] == [False, False, False, False, True]
    x1e = x0 - q(1, 16) * g0
    v["= (15/16, 3/8)"] = x1e == sp.Matrix([q(15, 16), q(3, 8)])
    v["f(x₁) = ½ (225/256 + 360/256)"] = identical(fe(x1e), q(1, 2) * (q(225, 256) + q(360, 256)))
    v["= 585/512"] = identical(q(1, 2) * (q(225, 256) + q(360, 256)), q(585, 512))
    v["f(x₀) − c t₀ ‖g₀‖² = 11/2 − 101/32"] = identical(fe(x0) - q(1, 2) * q(1, 16) * 101, q(11, 2) - q(101, 32))
    v["= 75/32"] = identical(q(11, 2) - q(101, 32), q(75, 32))
    v["585/512 ≤ 75/32"] = true_at("<=", q(585, 512), q(75, 32), {})
    v["‖∇f(x)‖² = xᵀA²x"] = identical((g.T * g)[0, 0], (x.T * A * A * x)[0, 0])
    v["≥ μ xᵀAx"] = identical((l1**2 * h1**2 + l2**2 * h2**2) - mu * (l1 * h1**2 + l2 * h2**2),
                              l1 * (l1 - mu) * h1**2 + l2 * (l2 - mu) * h2**2)  # mu <= l_i
    v["= 2μ f(x)"] = identical(mu * (x.T * A * x)[0, 0], 2 * mu * f(x))
    # t = 1 >= min(1, .), or t = t'/2 > (1-c)/L >= min(1, (1-c)/L) as above
    v["t ≥ t_min := min(1, (1 − c)/L)"] = identical((2 * (1 - c) / L + u) / 2 - (1 - c) / L, u / 2)
    fk, Gk, tm = sp.symbols("fk Gk tm", positive=True)
    v["f(x_{k+1}) ≤ f(x_k) − c t_min ‖∇f(x_k)‖²"] = identical((fk - c * tm * Gk) - (fk - c * (tm + e) * Gk), c * e * Gk)
    v["≤ (1 − 2cμ t_min) f(x_k)"] = identical((fk - c * tm * (2 * mu * fk + u)) - (1 - 2 * c * mu * tm) * fk, -c * tm * u)
    qf = 1 - 2 * q(1, 2) * 1 * q(1, 20)
    v["f(x_k) ≤ (1 − 2cμ t_min)^{k+1} f(x₀)."] = not false_at("<=", fe(x0), qf * fe(x0), {})  # k = 0
    v["t_min = 1/20"] = identical(sp.Min(1, (1 - q(1, 2)) / 10), q(1, 20))
    v["1 − 2·½·1·(1/20) = 9/10"] = identical(qf, q(9, 10))  # it is 19/20
    return v


if __name__ == "__main__":
    import pathlib
    import sys

    sys.exit(report(verdicts(), pathlib.Path(__file__).with_name("backtracking_quadratic.key.json")))
