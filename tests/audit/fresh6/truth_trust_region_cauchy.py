"""Ground truth for trust_region_cauchy.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Notation: gamma = ||g|| > 0, q = g^T B g (any sign), beta = ||B|| with |q| <= beta gamma^2, Delta > 0. Along the
ray, m(0) - m(-t g) = t gamma^2 - t^2 q / 2. The model identities are checked on a generic 2-D instance; the
inequalities by exact certificates (a difference written as a product of factors whose signs the case fixes);
the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _key import main
from _truth import identical

gam, beta, Dl, t, u = sp.symbols("gamma beta Delta t u", positive=True)
q = sp.Symbol("q", real=True)


def dec(tt, qq=q, gg=gam):
    """m(0) - m(-t g) from (eq:ray)."""
    return tt * gg**2 - tt**2 * qq / 2


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    g1, g2, b11, b12, b22, f0 = sp.symbols("g1 g2 b11 b12 b22 f0", real=True)
    g = sp.Matrix([g1, g2])
    B = sp.Matrix([[b11, b12], [b12, b22]])
    p = -t * g
    m = f0 + (g.T * p)[0] + (p.T * B * p)[0] / 2
    v[r"m(-t g) = f(x_k) - t \norm{g}^2 + \tfrac12 t^2\, g^\top B g"] = identical(
        m, f0 - t * (g.T * g)[0] + t**2 * (g.T * B * g)[0] / 2)
    qp = sp.Symbol("qp", positive=True)
    phi = -t * gam**2 + t**2 * qp / 2
    v[r"t^* = \frac{\norm{g}^2}{g^\top B g}"] = identical(sp.diff(phi, t).subs(t, gam**2 / qp), 0)  # phi'' = q > 0
    # tau: the minimizer over [0, Delta/gamma] is t = min(t*, Delta/gamma), so tau = t gamma / Delta =
    # min(gamma^3/(Delta q), 1). Counterexample to the exponent 2: g = (2, 0), B = diag(1, 1), Delta = 4:
    # t* = 1, Delta/gamma = 2, t = 1, tau = 1/2, while min(gamma^2/(Delta q), 1) = 1/4.
    ge, qe, De = 2, 4, 4
    tau_true = sp.Min(sp.Rational(ge**2, qe), sp.Rational(De, ge)) * ge / De
    assert tau_true == sp.Min(sp.Rational(ge**3, De * qe), 1) == sp.Rational(1, 2)
    v[r"\tau = \min\Bigl(\frac{\norm{g}^2}{\Delta\, g^\top B g},\, 1\Bigr)"] = tau_true == sp.Min(sp.Rational(ge**2, De * qe), 1)
    # |q| <= beta gamma^2: in the eigenbasis q = l1 c1^2 + l2 c2^2, gamma^2 = c1^2 + c2^2, |l_i| <= beta
    c1, c2, u1, u2 = sp.symbols("c1 c2 u1 u2", real=True)
    upper = identical(beta * (c1**2 + c2**2) - ((beta - u1) * c1**2 + (beta - u2) * c2**2), u1 * c1**2 + u2 * c2**2)
    lower = identical(beta * (c1**2 + c2**2) + ((u1 - beta) * c1**2 + (u2 - beta) * c2**2), u1 * c1**2 + u2 * c2**2)
    v[r"|g^\top B g| \le \beta \norm{g}^2"] = upper and lower  # l_i = beta - u_i (u_i >= 0), resp. l_i = u_i - beta

    # Case 1, q = -u <= 0, t = Delta/gamma
    v[r"m(0) - m(\pc) &= \Delta \norm{g} - \frac{\Delta^2}{2\norm{g}^2}\, g^\top B g"] = identical(
        dec(Dl / gam), Dl * gam - Dl**2 / (2 * gam**2) * q)
    v[r"&\ge \Delta \norm{g},"] = identical((Dl * gam - Dl**2 / (2 * gam**2) * (-u)) - Dl * gam, Dl**2 * u / (2 * gam**2))
    case1 = identical(dec(Dl / gam, -u) - Dl * gam / 2, Dl * gam / 2 + Dl**2 * u / (2 * gam**2))  # >= 1/2 gamma Delta >= RHS
    # Case 2, q > 0, gamma^3 <= Delta q: t = t* = gamma^2/q
    tst = gam**2 / qp
    v[r"m(0) - m(\pc) &= t^*\norm{g}^2 - \tfrac12 (t^*)^2\, g^\top B g"] = identical(dec(tst, qp), tst * gam**2 - tst**2 * qp / 2)
    v[r"&= \frac{\norm{g}^4}{g^\top B g}"] = identical(dec(tst, qp), gam**4 / qp)
    assert identical(dec(tst, qp), gam**4 / (2 * qp))
    # ||g||^2/(2 beta) is below both the written ||g||^4/q and the true ||g||^4/(2q) (so the step is right whether the
    # chain is read link by link or from m(0) - m(p^C)): with q = beta gamma^2 - w (0 <= w < beta gamma^2)
    w = sp.Symbol("w", nonnegative=True)
    qw = beta * gam**2 - w
    link = identical(gam**4 / qw - gam**2 / (2 * beta), gam**2 * (beta * gam**2 + w) / (2 * qw * beta))
    v[r"&\ge \frac{\norm{g}^2}{2\beta}."] = link and identical(
        gam**4 / (2 * qw) - gam**2 / (2 * beta), w * gam**2 / (2 * qw * beta))
    case2 = identical(dec(gam**2 / qw, qw) - gam**2 / (2 * beta), w * gam**2 / (2 * qw * beta))  # >= gamma^2/(2 beta) >= RHS
    # Case 3, q > 0, gamma^3 > Delta q: t = Delta/gamma
    v[r"g^\top B g < \norm{g}^3/\Delta"] = identical(gam**3 / Dl - qp, (gam**3 - Dl * qp) / Dl)  # > 0 as Delta > 0
    v[r"m(0) - m(\pc) &= \Delta\norm{g} - \tfrac12 \frac{\Delta^2}{\norm{g}^2}\, g^\top B g"] = identical(
        dec(Dl / gam, qp), Dl * gam - sp.Rational(1, 2) * Dl**2 / gam**2 * qp)
    v[r"&\ge \Delta \norm{g} - \frac{\Delta^2}{2\norm{g}^2} \cdot \frac{\norm{g}^3}{\Delta}"] = identical(
        (Dl * gam - Dl**2 / (2 * gam**2) * qp) - (Dl * gam - Dl**2 / (2 * gam**2) * gam**3 / Dl),
        Dl**2 / (2 * gam**2) * (gam**3 / Dl - qp))
    v[r"= \frac12 \Delta \norm{g}."] = identical(Dl * gam - Dl**2 / (2 * gam**2) * gam**3 / Dl, Dl * gam / 2)
    case3 = identical(dec(Dl / gam, qp) - Dl * gam / 2, Dl * (gam**3 - Dl * qp) / (2 * gam**2))
    # each case gives >= min(Delta gamma/2, gamma^2/(2 beta)) = (1/2) gamma min(Delta, gamma/beta)
    v[r"m(0) - m(\pc) \ge \frac12 \norm{g} \min\Bigl(\Delta, \frac{\norm{g}}{\beta}\Bigr)"] = case1 and case2 and case3

    # example
    ge = sp.Matrix([3, 4])
    Be = sp.diag(2, 1)
    gn = sp.sqrt((ge.T * ge)[0])
    qe = (ge.T * Be * ge)[0]
    v[r"\norm{g} = 5"] = gn == 5
    v[r"g^\top B g = 2 \cdot 9 + 16"] = qe == 2 * 9 + 16
    v[r"= 34 ."] = 2 * 9 + 16 == 34
    pc = -sp.Rational(1, 5) * ge
    m0_minus_m = -((ge.T * pc)[0] + (pc.T * Be * pc)[0] / 2)
    v[r"m(0) - m(\pc) = 5 - \frac{1}{2}\cdot\frac{34}{25}"] = m0_minus_m == 5 - sp.Rational(1, 2) * sp.Rational(34, 25)
    v[r"= \frac{108}{25},"] = 5 - sp.Rational(1, 2) * sp.Rational(34, 25) == sp.Rational(108, 25)
    betae = max(abs(x) for x in Be.eigenvals())
    v[r"\tfrac12 \cdot 5 \cdot \min(1, 5/2) = 5/2"] = sp.Rational(1, 2) * gn * sp.Min(1, gn / betae) == sp.Rational(5, 2)
    tstar = gn**2 / qe
    v[r"t^* = 25/34"] = tstar == sp.Rational(25, 34) and tstar <= 5 / gn  # interior for Delta = 5
    p2 = -tstar * ge
    dec2 = -((ge.T * p2)[0] + (p2.T * Be * p2)[0] / 2)
    v[r"m(0) - m(\pc) = \frac12 \cdot \frac{625}{34}"] = dec2 == sp.Rational(1, 2) * sp.Rational(625, 34)
    v[r"= \frac{625}{68},"] = sp.Rational(1, 2) * sp.Rational(625, 34) == sp.Rational(625, 68)
    v[r"\tfrac12 \cdot 5 \cdot \min(5, 5/2) = 25/2"] = sp.Rational(1, 2) * gn * sp.Min(5, gn / betae) == sp.Rational(25, 2)
    assert sp.Rational(1, 2) * gn * sp.Min(5, gn / betae) == sp.Rational(25, 4)
    return v


if __name__ == "__main__":
    main(verdicts, __file__)
