"""Ground truth for nesterov_quadratic.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Vector statements are checked in R^2 with a generic symmetric A = [[p, q], [q, s]] and symbolic vectors (the
identities are linear in the vectors, so R^2 with symbolic entries is a faithful test of the algebra); the
scalar facts with kappa = k^2 (k = sqrt(kappa) > 1). Slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical

p, q, s, eta, beta, lam, r, mu, L = sp.symbols("p q s eta beta lambda r mu L", real=True)
k = sp.Symbol("k", positive=True)  # sqrt(kappa)
A = sp.Matrix([[p, q], [q, s]])
X, Xp, Xm, Xs = (sp.Matrix(sp.symbols(f"{n}1:3", real=True)) for n in ("x", "xp", "xm", "xs"))
b = A * Xs  # the minimizer solves A x_* = b


def _zero(m: sp.Matrix) -> bool:
    return all(sp.expand(e) == 0 for e in m)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    bb = sp.Matrix(sp.symbols("b1:3", real=True))
    f = (X.T * A * X)[0] / 2 - (bb.T * X)[0]
    grad = sp.Matrix([sp.diff(f, xi) for xi in X])
    v[r"\grad f(\vx) &= A\vx - \vb"] = _zero(grad - (A * X - bb))
    v[r"&= A(\vx - \xs). \label{eq:grad}"] = _zero((A * X - b) - A * (X - Xs))
    Y = X + beta * (X - Xm)  # y_k with x_k = X, x_{k-1} = Xm
    v[r"- \beta(\vx_{k+1} - \xs)"] = _zero((Y - Xs) - ((1 + beta) * (X - Xs) - beta * (Xp - Xs)))
    assert not _zero(((Y - Xs) - ((1 + beta) * (X - Xs) - beta * (Xp - Xs))).subs(
        {**{xi: 0 for xi in list(X) + list(Xs)}, Xm[0]: 1, Xm[1]: 0, Xp[0]: 0, Xp[1]: 0, beta: sp.Rational(1, 2)}))
    Xnext = Y - eta * (A * Y - b)
    v[r"\ve_{k+1} = (I - \eta A)\big((1+\beta)\ve_k - \beta\,\ve_{k-1}\big)"] = _zero(
        (Xnext - Xs) - (sp.eye(2) - eta * A) * ((1 + beta) * (X - Xs) - beta * (Xm - Xs)))
    # scalar recursion e_{j+1} = (1 - eta lam)((1+beta) e_j - beta e_{j-1}); e_j = r^j solves it iff the polynomial is 0
    poly = r**2 - (1 + beta) * (1 - eta * lam) * r + beta * (1 - eta * lam)
    v[r"r^2 - (1+\beta)(1-\eta\lambda)\, r + \beta(1-\eta\lambda) = 0"] = identical(
        r**3 - (1 - eta * lam) * ((1 + beta) * r**2 - beta * r), r * poly)
    r1, r2 = sp.symbols("r1 r2")
    monic = sp.expand((r - r1) * (r - r2))  # Vieta: match coefficients of the monic quadratic
    v[r"r_1 + r_2 = (1+\beta)(1-\eta\lambda)"] = identical(-monic.coeff(r, 1), r1 + r2) and identical(
        poly.coeff(r, 1), -(1 + beta) * (1 - eta * lam))
    v[r"r_1 r_2 = \beta(1-\eta\lambda)"] = identical(monic.coeff(r, 0), r1 * r2) and identical(
        poly.coeff(r, 0), beta * (1 - eta * lam))
    v[r"1 - \eta\mu = 1 - 1/\kappa"] = identical((1 - eta * mu).subs(eta, 1 / L), 1 - 1 / (L / mu))
    bt = (k - 1) / (k + 1)
    v[r"1 + \beta &= \frac{2\sqk}{\sqk - 1}"] = identical(1 + bt, 2 * k / (k - 1))
    assert false_at("=", 1 + bt, 2 * k / (k - 1), {k: 2})  # 4/3 vs 4
    v[r"\beta\Big(1 - \frac{1}{\kappa}\Big) &= \frac{(\sqk - 1)^2}{\kappa}"] = identical(
        bt * (1 - 1 / k**2), (k - 1) ** 2 / k**2)
    v[r"\kappa - 1 = (\sqk-1)(\sqk+1)"] = identical(k**2 - 1, (k - 1) * (k + 1))
    v[r"(1+\beta)^2\Big(1 - \frac1\kappa\Big)^2 &= 4\beta\Big(1 - \frac1\kappa\Big)"] = identical(
        (1 + bt) ** 2 * (1 - 1 / k**2) ** 2, 4 * bt * (1 - 1 / k**2))
    # a double root is half the sum of the roots
    v[r"r_\star = \frac{(1+\beta)(1 - 1/\kappa)}{2}"] = identical(
        sp.solve(sp.diff(poly, r), r)[0], (1 + beta) * (1 - eta * lam) / 2)
    v[r"= 1 - \frac{1}{\sqk}. \tag{$\ast$}"] = identical((1 + bt) * (1 - 1 / k**2) / 2, 1 - 1 / k)
    # GD with step 2/(mu+L): max over lam in [mu, L] of |1 - 2 lam/(mu+L)| is (L-mu)/(L+mu), reached at both ends
    kap = sp.Symbol("kappa", positive=True)
    v[r"\rho_{\mathrm{GD}} = \frac{\kappa - 1}{\kappa + 1}"] = identical(
        (1 - 2 * mu / (mu + L)).subs(L, kap * mu), (kap - 1) / (kap + 1)) and identical(
        -(1 - 2 * L / (mu + L)).subs(L, kap * mu), (kap - 1) / (kap + 1))
    v[r"= 1 - \frac{1}{\kappa + 1}."] = identical((kap - 1) / (kap + 1), 1 - 1 / (kap + 1))
    v[r"1 - 1/\sqrt{100} = 0.9"] = 1 - 1 / sp.sqrt(100) == sp.Rational(9, 10)
    v[r"\frac{99}{101} \approx 0.980"] = abs(sp.Rational(99, 101) - sp.Rational(980, 1000)) < sp.Rational(5, 10000)
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
