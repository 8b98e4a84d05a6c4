"""Ground truth for heavy_ball.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Macros of the document: \\sa = alpha^*, \\sbeta = beta^*, \\kap = kappa. With m = sqrt(mu) > 0 and sqrt(L) = m + d,
d >= 0 (so L >= mu), the parameter identities are rational identities in m, d; q = sqrt(kappa) = 1 + c, c >= 0.
Roots of r^2 - s r + beta with a nonpositive discriminant are written (s +- i w)/2 with 4 beta = s^2 + w^2. The
slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

al, be, lam = sp.symbols("alpha beta lambda", positive=True)
m = sp.Symbol("m", positive=True)
d, c = sp.symbols("d c", nonnegative=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    a11, a12, a22, x1, x2 = sp.symbols("a11 a12 a22 x1 x2", real=True)
    A = sp.Matrix([[a11, a12], [a12, a22]])
    X = sp.Matrix([x1, x2])
    f = (X.T * A * X)[0] / 2
    grad = sp.Matrix([sp.diff(f, xi) for xi in X])
    v[r"\nabla f(x) = Ax"] = all(identical(g, h) for g, h in zip(grad, A * X, strict=True))
    u0, u1 = sp.symbols("u0 u1", real=True)  # u_{k-1}, u_k; grad of lambda u^2/2 is lambda u
    v[r"u_{k+1} = (1 + \beta - \alpha\lambda)\, u_k - \beta\, u_{k-1}"] = identical(
        u1 - al * lam * u1 + be * (u1 - u0), (1 + be - al * lam) * u1 - be * u0)
    r = sp.Symbol("r")
    s = 1 + be - al * lam
    r1, r2 = sp.solve(r**2 - s * r + be, r)
    v[r"r_1 r_2 &= \beta"] = identical(r1 * r2, be)
    v[r"r_1 + r_2 &= 1 + \beta - \alpha\lambda"] = identical(r1 + r2, s)
    sr, w = sp.symbols("s w", real=True)
    bq = (sr**2 + w**2) / 4  # 4 beta - s^2 = w^2 >= 0
    z1, z2 = (sr + sp.I * w) / 2, (sr - sp.I * w) / 2
    assert identical(z1 * z2, bq) and identical(z1 + z2, sr)  # the roots of r^2 - s r + beta
    mod2 = [sp.expand(z * sp.conjugate(z)) for z in (z1, z2)]
    v[r"|r_1| = |r_2|"] = identical(mod2[0], mod2[1])
    v[r"= \sqrt{\beta}."] = identical(mod2[0], bq)  # |r|^2 = beta, |r| >= 0
    sL = m + d
    mu, L = m**2, sL**2
    a_s = 4 / (sL + m) ** 2
    b_s = ((sL - m) / (sL + m)) ** 2
    rb = d / (2 * m + d)  # sqrt(beta*) (nonnegative)
    assert identical(rb**2, b_s)
    v[r"1 + \sbeta - \sa\mu &= 2\sqrt{\sbeta}"] = identical(1 + b_s - a_s * mu, 2 * rb)
    v[r"1 + \sbeta - \sa L &= 2\sqrt{\sbeta}"] = not false_at("=", 1 + b_s - a_s * L, 2 * rb, {m: 1, d: 1})
    assert identical(1 + b_s - a_s * L, -2 * rb)  # the correct sign
    q = sL / m  # sqrt(kappa)
    v[r"\sa L &= \frac{4\kap}{\sqrt{\kap} + 1}"] = not false_at("=", a_s * L, 4 * q**2 / (q + 1), {m: 1, d: 1})
    assert identical(a_s * L, 4 * q**2 / (q + 1) ** 2)
    v[r"\sbeta &= \left(\frac{\sqrt{\kap} - 1}{\sqrt{\kap} + 1}\right)^2"] = identical(b_s, ((q - 1) / (q + 1)) ** 2)
    v[r"\sqrt{\sbeta} = 1 - \frac{2}{\sqrt{\kap} + 1}"] = identical(rb, 1 - 2 / (q + 1))
    qq = 1 + c  # sqrt(kappa) >= 1
    diff = (1 - 1 / qq) - (1 - 2 / (qq + 1))  # = (q - 1) / (q (q + 1))
    v[r"\le 1 - \frac{1}{\sqrt{\kap}}"] = nonneg_by_factors(diff, [c, 1 / qq, 1 / (qq + 1)], [c, 1 / qq, 1 / (qq + 1)])
    ex = {m: 1, d: 2}  # mu = 1, L = 9
    assert L.subs(ex) == 9 and mu.subs(ex) == 1
    v[r"\sa = \frac{4}{(3 + 1)^2}"] = identical(a_s.subs(ex), sp.Rational(4, (3 + 1) ** 2))
    v[r"= \frac14, \qquad"] = sp.Rational(4, (3 + 1) ** 2) == sp.Rational(1, 4)
    v[r"\sbeta = \left(\frac{3 - 1}{3 + 1}\right)^2"] = identical(b_s.subs(ex), sp.Rational(3 - 1, 3 + 1) ** 2)
    v[r"= \frac{1}{4},"] = sp.Rational(3 - 1, 3 + 1) ** 2 == sp.Rational(1, 4)
    kap = sp.Integer(9)
    v[r"\frac{\kap - 1}{\kap + 1} = \frac{8}{10}"] = (kap - 1) / (kap + 1) == sp.Rational(8, 10)
    v[r"= \frac45 ."] = sp.Rational(8, 10) == sp.Rational(4, 5)
    v[r"\left(\tfrac12\right)^{20} \le 10^{-6}"] = sp.Rational(1, 2) ** 20 <= sp.Rational(1, 10**6)
    v[r"\left(\tfrac45\right)^{40} \le 10^{-6}"] = sp.Rational(4, 5) ** 40 <= sp.Rational(1, 10**6)
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
