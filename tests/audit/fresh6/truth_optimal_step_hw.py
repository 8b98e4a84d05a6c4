"""Ground truth for optimal_step_hw.md, decided by hand and checked exactly with SymPy (symgd is not used).

Matrix identities on a generic symmetric 2x2 instance; the spectral bound in the eigenbasis by an exact
certificate; the Chebyshev closed form by induction (the step with symbolic k, and T_k for k <= 6 against SymPy's
chebyshevt); powers of 4/5 by exact rational comparison; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _key import main
from _truth import false_at, identical

R = sp.Rational
mu, L, eta, kap, rho, s = sp.symbols("mu L eta kappa rho s", positive=True)
kk = sp.Symbol("k", integer=True, positive=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    a11, a12, a22, b1, b2, x1, x2 = sp.symbols("a11 a12 a22 b1 b2 x1 x2", real=True)
    A = sp.Matrix([[a11, a12], [a12, a22]])
    b = sp.Matrix([b1, b2])
    X = sp.Matrix([x1, x2])
    f = (X.T * A * X)[0] / 2 - (b.T * X)[0]
    v[r"Ax^\star = b"] = all(identical(sp.diff(f, xi), (A * X - b)[i]) for i, xi in enumerate(X))  # grad = Ax - b = 0
    xs = A.inv() * b
    xn = X - eta * (A * X - b)
    v[r"e_{k+1} &= x_k - x^\star - \eta(Ax_k - Ax^\star)"] = all(
        identical(p, q) for p, q in zip(xn - xs, X - xs - eta * (A * X - A * xs), strict=False))
    v[r"&= (I - \eta A)\, e_k ,"] = all(
        identical(p, q) for p, q in zip(X - xs - eta * (A * X - A * xs), (sp.eye(2) - eta * A) * (X - xs), strict=False))
    # eigenbasis: ||(I - eta A) e||^2 = sum (1 - eta l_i)^2 c_i^2; with (1 - eta l_i)^2 = M^2 - r_i (r_i >= 0)
    M, c1, c2, r1, r2 = sp.symbols("M c1 c2 r1 r2", real=True)
    v[r"\|e_{k+1}\| \le \max_{\lambda \in [\mu, L]} |1 - \eta\lambda|\, \|e_k\|"] = identical(
        M**2 * (c1**2 + c2**2) - ((M**2 - r1) * c1**2 + (M**2 - r2) * c2**2), r1 * c1**2 + r2 * c2**2)
    # missing eta > 0: eta = 0 < 2/L, lambda = mu = 1 gives |1| < 1
    e0, lm = sp.symbols("e0 lm", real=True)
    v[r"|1 - \eta\lambda| < 1 \quad"] = not false_at("<", sp.Abs(1 - e0 * lm), sp.Integer(1), {e0: 0, lm: 1})
    sol = sp.solve(sp.Eq(1 - eta * mu, -(1 - eta * L)), eta)
    v[r"\eta^\star = \frac{2}{\mu + L}"] = len(sol) == 1 and identical(sol[0], 2 / (mu + L))
    es = 2 / (mu + L)
    v[r"1 - \eta^\star\mu &= \frac{L - \mu}{L + \mu}"] = identical(1 - es * mu, (L - mu) / (L + mu))
    v[r"1 - \eta^\star L  &= \frac{L - \mu}{L + \mu}"] = identical(1 - es * L, (L - mu) / (L + mu))
    assert identical(1 - es * L, -(L - mu) / (L + mu))
    v[r"= \frac{\kappa - 1}{\kappa + 1}"] = identical(((L - mu) / (L + mu)).subs(L, kap * mu), (kap - 1) / (kap + 1))
    v[r"1 - \mu/L = (\kappa - 1)/\kappa"] = identical((1 - mu / L).subs(L, kap * mu), (kap - 1) / kap)
    # reversed: the true order is <=, since (k-1)/k - (k-1)/(k+1) = (k-1)/(k(k+1)) >= 0 for k >= 1
    assert identical((kap - 1) / kap - (kap - 1) / (kap + 1), (kap - 1) / (kap * (kap + 1)))
    v[r"\frac{\kappa - 1}{\kappa + 1} \ge \frac{\kappa - 1}{\kappa}"] = not false_at(
        ">=", (kap - 1) / (kap + 1), (kap - 1) / kap, {kap: 2})
    # Problem 3
    v[r"\eta^\star = \frac15"] = R(2, 1 + 9) == R(1, 5)
    v[r"q^\star = \frac45"] = R(9 - 1, 9 + 1) == R(4, 5)
    Ae = sp.diag(1, 9)
    x1e = (sp.eye(2) - R(1, 5) * Ae) * sp.Matrix([1, 1])
    v[r"x_1 = \big(\tfrac45, -\tfrac45\big)"] = x1e == sp.Matrix([R(4, 5), R(-4, 5)])
    v[r"\Big(\frac45\Big)^{61} &\le 10^{-6}"] = R(4, 5) ** 61 <= R(1, 10**6)  # false: the first k is 62
    assert R(4, 5) ** 62 <= R(1, 10**6)
    v[r"\Big(\frac45\Big)^{60} &> 10^{-6}"] = R(4, 5) ** 60 > R(1, 10**6)
    # Problem 4: kappa = s^2 with s > 1 (mu < L)
    kp = s**2
    rh = (s - 1) / (s + 1)
    sig = (L + mu) / (L - mu)
    v[r"\tfrac12\big(\rho + \rho^{-1}\big) &= \frac{(\sqrt\kappa - 1)^2 + (\sqrt\kappa + 1)^2}{2(\kappa - 1)}"] = identical(
        (rh + 1 / rh) / 2, ((s - 1) ** 2 + (s + 1) ** 2) / (2 * (kp - 1)))
    v[r"&= \frac{\kappa + 1}{\kappa - 1}"] = identical(((s - 1) ** 2 + (s + 1) ** 2) / (2 * (kp - 1)), (kp + 1) / (kp - 1))
    v[r"= \sigma ."] = identical(sig.subs(L, kap * mu), (kap + 1) / (kap - 1))
    sg = (rho + 1 / rho) / 2
    def Tk(j):
        return (rho**j + rho ** (-j)) / 2
    first = identical(2 * sg * Tk(kk) - Tk(kk - 1),
                      sp.Rational(1, 2) * (rho + 1 / rho) * (rho**kk + rho ** (-kk)) - sp.Rational(1, 2) * (rho ** (kk - 1) + rho ** (1 - kk)))
    v[r"2\sigma\,T_k(\sigma) - T_{k-1}(\sigma)"] = first
    second = identical(sp.expand(sp.powsimp(sp.expand(
        sp.Rational(1, 2) * (rho + 1 / rho) * (rho**kk + rho ** (-kk)) - sp.Rational(1, 2) * (rho ** (kk - 1) + rho ** (1 - kk))))),
        sp.expand(sp.powsimp(sp.expand(sp.Rational(1, 2) * (rho ** (kk + 1) + rho ** (-kk - 1))))))
    v[r"&= \tfrac12\big(\rho^{k+1} + \rho^{-k-1}\big) ."] = second
    cheb = all(identical(sp.chebyshevt(j, sg), Tk(j)) for j in range(7))
    v[r"T_k(\sigma) = \tfrac12(\rho^k + \rho^{-k})"] = cheb and first and second and identical(Tk(0), 1) and identical(Tk(1), sg)
    v[r"1/T_k(\sigma) = \frac{2\rho^k}{1 + \rho^{2k}}"] = identical(1 / Tk(kk), 2 * rho**kk / (1 + rho ** (2 * kk)))
    v[r"\rho = \frac{3 - 1}{3 + 1}"] = rh.subs(s, sp.sqrt(9)) == R(3 - 1, 3 + 1) == R(1, 2)
    v[r"\frac{2 \cdot \frac14}{1 + \frac1{16}} = \frac{8}{17}"] = (2 * R(1, 4)) / (1 + R(1, 16)) == R(8, 17) == 1 / sp.chebyshevt(2, R(10, 8))
    return v


if __name__ == "__main__":
    main(verdicts, __file__)
