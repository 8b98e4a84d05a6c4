"""One GD step vs gradient flow for a generic smooth loss (document 001, "The general case").

Result.  For a smooth loss L with g = grad L(theta_0) and H = grad^2 L(theta_0), gradient flow
theta' = -grad L(theta), theta(0) = theta_0, run for time eta ends at
    theta_flow = theta_0 - eta g + (eta^2/2) H g + O(eta^3),
while one GD step gives theta_GD = theta_0 - eta g: they agree to first order and differ at order
eta^2 by (eta^2/2) H g (a genuine disagreement exactly when H g != 0).

Derivation.  Any smooth path through theta_0 is theta(t) = theta_0 + v t + a t^2/2 + t^3 rho(t)
(Taylor's theorem with remainder; v = theta'(0), a = theta''(0), rho smooth).  Along it the residual
of the flow equation is theta'(t) + grad L(theta(t)) = (v + g) + t (a + H v) + O(t^2) (chain rule).
The flow makes the residual vanish identically, so v = -g (the initial velocity) and a = -H v = H g
(the initial acceleration), and theta(eta) = theta_0 - eta g + (eta^2/2) H g + O(eta^3).

Assumptions.  L is an undefined (arbitrary smooth) function of d = 1, 2, 3 coordinates; rho is an
arbitrary smooth remainder.  Partial derivatives at a moving point are represented by :class:`Jet`
(SymPy's Subs differentiates wrongly through partially substituted points, sympy issue 13795).

Reference.  Document 001, "The general case"; Hairer, Lubich, Wanner, Geometric Numerical
Integration (2006), Ch. IX; Barrett and Dherin, Implicit Gradient Regularization (ICLR 2021).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from derivations._common import Jet, at, concrete_loss, coordinates, gradient, hessian, named, rk4_flow
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = [
    "Jet",
    "at",
    "concrete_loss",
    "coordinates",
    "derive",
    "flow_expansion",
    "gradient",
    "hessian",
    "named",
    "rk4_flow",
]

eta = sp.Symbol("eta", positive=True)
t = sp.Symbol("t", nonnegative=True)


def flow_expansion(theta0: sp.MatrixBase, g: sp.MatrixBase, H: sp.MatrixBase, step: sp.Expr = eta) -> sp.MatrixBase:
    """The derived endpoint of gradient flow for time ``step`` up to O(step^3), in one place."""
    return theta0 - step * g + step**2 / 2 * H * g


def derive() -> Derivation:
    d = Derivation(
        "gd_vs_flow_general",
        r"GD vs gradient flow for a generic loss: they differ by $\frac{\eta^2}{2} H g$",
        Source("001", "The general case", r"$\theta_{flow} = \theta_0 - \eta g + \frac{\eta^2}{2} H g + O(\eta^3)$"),
        summary=r"Matching the flow equation order by order along a smooth path gives the initial velocity $-g$ and "
        r"acceleration $H g$, so gradient flow for time $\eta$ ends at $\theta_0 - \eta g + \frac{\eta^2}{2} H g + "
        r"O(\eta^3)$: one GD step agrees to first order and misses the second-order term $\frac{\eta^2}{2} H g$.",
        reference="Document 001; Hairer, Lubich, Wanner (2006), Ch. IX; Barrett and Dherin (ICLR 2021).",
    )
    d.assume([eta, t])
    L = sp.Function("L")

    for dim in (1, 2, 3):
        x, theta0_c = coordinates(dim)
        # Names for the vectors (their coordinates are definitions, expanded when a step is checked).
        theta0 = named(d, "theta_0", theta0_c, f"$d = {dim}$: the starting point")
        g_c, H_c = at(gradient(L(*x), x), x, theta0_c), at(hessian(L(*x), x), x, theta0_c)
        g = named(d, "g", g_c, "$\\nabla L(\\theta_0)$")
        H = named(d, "H", H_c, "$\\nabla^2 L(\\theta_0)$")
        v_, a_ = (sp.ImmutableMatrix(sp.symbols(f"{s}_1:{dim + 1}", real=True)) for s in ("v", "a"))
        rho = sp.ImmutableMatrix([sp.Function(f"rho_{i + 1}")(t) for i in range(dim)])
        path = theta0_c + v_ * t + a_ * t**2 / 2 + t**3 * rho  # any smooth path with theta(0) = theta_0
        named(d, "\\theta(t)", path, "any smooth path through $\\theta_0$ (Taylor with remainder)")
        residual = named(d, "r(t)", path.diff(t) + at(gradient(L(*x), x), x, path),
                         "the residual $\\theta'(t) + \\nabla L(\\theta(t))$ of the flow equation")

        # The flow equation's residual along the path, to first order in t (chain rule for grad L(theta(t))).
        d.claim(residual, "=+O", (v_ + g) + t * (a_ + H * v_), "to first order in $t$ (chain rule)", order=(t, 2))
        # It vanishes identically on the flow: the t^0 and t^1 coefficients give v and a.
        v, a = sp.MatrixSymbol("v", dim, 1), sp.MatrixSymbol("a", dim, 1)
        d.claim(v, ":=", -g, "$t^0$: the initial velocity is $-g$", equation=sp.Eq(v + g, sp.ZeroMatrix(dim, 1)))
        d.claim(a, ":=", H * g, "$t^1$: the initial acceleration is $-Hv = Hg$",
                equation=sp.Eq(a + H * (-g), sp.ZeroMatrix(dim, 1)))
        # The flow for time eta, with these coefficients.
        theta_flow = named(d, "theta_flow", path.subs({**dict(zip(v_, -g_c, strict=True)),
                                                        **dict(zip(a_, H_c * g_c, strict=True))}).subs(t, eta),
                           "the path with $v = -g$, $a = Hg$, at $t = \\eta$")
        d.claim(theta_flow, "=+O", flow_expansion(theta0, g, H), "Taylor: $\\theta(\\eta)$ to second order",
                order=(eta, 3))
        d.conclude(f"$d = {dim}$: " + r"$\theta_{flow} = \theta_0 - \eta g + \frac{\eta^2}{2} H g + O(\eta^3)$")
        # Compare with one GD step.
        d.claim(theta_flow - (theta0 - eta * g), "=+O", eta**2 / 2 * H * g, "subtract $\\theta_{GD} = \\theta_0 - \\eta g$",
                order=(eta, 3))
        d.conclude(f"$d = {dim}$: " + r"$\theta_{flow} - \theta_{GD} = \frac{\eta^2}{2} H g + O(\eta^3)$")

    # The document's route to the acceleration: the chain rule along any path, theta'' = -H theta' on the flow.
    x, _ = coordinates(2)
    p = sp.ImmutableMatrix([sp.Function(f"p_{i + 1}")(t) for i in range(2)])
    d.claim(sp.ImmutableMatrix([sp.Derivative(-e, t) for e in at(gradient(L(*x), x), x, p)]), "=",
            -at(hessian(L(*x), x), x, p) * p.diff(t),
            "chain rule along any path: $\\frac{d}{dt}(-\\nabla L(\\theta(t))) = -H(\\theta(t))\\,\\theta'(t)$")
    d.conclude(r"$\frac{d}{dt}\nabla L(\theta(t)) = H(\theta(t))\,\theta'(t)$")

    # Erratum: on a linear loss (H = 0) GD and the flow coincide exactly: no eta^2 disagreement.
    c, th0, s = sp.Symbol("c", real=True, nonzero=True), sp.Symbol("theta_0", real=True), sp.Symbol("theta", real=True)
    linear_flow = th0 - c * t
    d.claim(sp.Derivative(linear_flow, t), "=", -sp.Derivative(c * s, s).subs(s, linear_flow),
            "$L = c\\theta$: $\\theta(t) = \\theta_0 - ct$ solves the flow equation exactly")
    d.erratum(
        "001", "Note that, just like in our toy quadratic case, gradient descent and gradient flow agree up to first order "
        r"in $\eta$, but disagree at order $\eta^2$ and higher.",
        r"GD and gradient flow always disagree at order $\eta^2$.",
        r"The $\eta^2$ term of the difference is $\frac{\eta^2}{2} H g$, so they disagree at order $\eta^2$ only where "
        r"$H g \ne 0$; on a linear loss $L = c\theta$ ($H = 0$) the flow $\theta_0 - c\eta$ equals the GD step for "
        r"every $\eta$.",
        evidence=r"the flow of $L = c\theta$ solves the flow equation (proved step); "
        r"$(\theta_{flow} - \theta_{GD})^2 > 0$ is refuted",
        claim=Claim(0, "<", (linear_flow.subs(t, eta) - (th0 - eta * c)) ** 2),
    )

    # Erratum: "GD approaches the minimum more quickly than GF" holds for eta lambda < 1.278... only.
    lam = sp.Symbol("lambda", positive=True)
    d.claim((1 - sp.Rational(1, 2)) ** 2, "<", sp.exp(-1), "the figure ($\\eta\\lambda = 1/2$): $|1 - \\eta\\lambda| < "
            "e^{-\\eta\\lambda}$, GD is ahead")
    d.claim((1 - sp.Rational(3, 2)) ** 2, ">", sp.exp(-3), "$\\eta\\lambda = 3/2$: $|1 - \\eta\\lambda| > "
            "e^{-\\eta\\lambda}$, GD is behind")
    d.erratum(
        "001", "In the case of our quadratic loss, GD approaches the minimum more quickly than GF - this is because GD "
        "locks in the starting gradient for the entire step",
        r"On $L = \frac{\lambda}{2}\theta^2$, GD approaches the minimum faster than gradient flow.",
        r"Per step GD contracts by $|1 - \eta\lambda|$ and the flow by $e^{-\eta\lambda}$; GD is faster iff "
        r"$|1 - \eta\lambda| < e^{-\eta\lambda}$, i.e. $\eta\lambda < 1.2785$ (the root of $x - 1 = e^{-x}$). It "
        r"holds for the figure ($\eta\lambda = 1/2$), but for $1.2785 < \eta\lambda < 2$ GD oscillates and is slower, "
        r"and for $\eta\lambda > 2$ it diverges.",
        evidence=r"$(1 - \eta\lambda)^2 \le e^{-2\eta\lambda}$ is refuted; proved steps at $\eta\lambda = 1/2$ and "
        r"$3/2$; numeric check quadratic_figure",
        claim=Claim((1 - eta * lam) ** 2, "<=", sp.exp(-2 * eta * lam)),
    )

    @d.numeric("second_order_term", r"RK4 flow vs $\theta_0 - \eta g + c\eta^2 H g$ on a non-quadratic 2-D loss: "
               r"the error is $O(\eta^3)$ for $c = 1/2$ and $O(\eta^2)$ for $c = 1$")
    def _second_order() -> NumericOutcome:
        f, xs = concrete_loss()
        grad = sp.lambdify([xs], list(gradient(f, xs)), "numpy")
        hess = sp.lambdify([xs], hessian(f, xs).tolist(), "numpy")
        y0 = np.array([0.7, -0.4])
        g0, H0 = np.array(grad(y0), dtype=float), np.array(hess(y0), dtype=float)
        etas = 0.1 * 0.5 ** np.arange(5)
        errs = {0.5: [], 1.0: []}
        for e in etas:
            end = rk4_flow(lambda y: -np.array(grad(y), dtype=float), y0, e, 200)
            for coef, lst in errs.items():
                lst.append(np.linalg.norm(end - (y0 - e * g0 + coef * e**2 * H0 @ g0)))
        s_half = np.polyfit(np.log(etas), np.log(errs[0.5]), 1)[0]
        s_one = np.polyfit(np.log(etas), np.log(errs[1.0]), 1)[0]
        ok = abs(s_half - 3) < 0.2 and abs(s_one - 2) < 0.15
        return NumericOutcome(ok, f"log-log slope of the error: {s_half:.3f} with " + r"$\frac{\eta^2}{2} H g$"
                              + f" (expect 3), {s_one:.3f} with " + r"$\eta^2 H g$ (expect 2)", {"slope_half": s_half, "slope_one": s_one})

    @d.numeric("quadratic_figure", r"the first figure of 001 ($\lambda = 1$, $\theta_0 = 1.2$, $\eta = 0.5$): GD is "
               r"ahead of GF at every $t = k\eta$; the crossover $\eta\lambda$ where GD stops being faster")
    def _figure() -> NumericOutcome:
        lam_v, th0_v, e = 1.0, 1.2, 0.5
        ks = np.arange(1, 11)
        gd = th0_v * (1 - e * lam_v) ** ks
        gf = np.array([rk4_flow(lambda y: -lam_v * y, np.array([th0_v]), k * e, 400)[0] for k in ks])
        ahead = bool(np.all(np.abs(gd) < np.abs(gf)))
        # bisection for |1 - x| = e^{-x} on (1, 2): below it GD contracts faster per step, above it slower
        lo, hi = 1.0, 2.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if abs(1 - mid) < math.exp(-mid) else (lo, mid)
        behind = abs(1 - 1.5) > math.exp(-1.5)
        ok = ahead and behind and abs(lo - 1.2785) < 1e-4
        return NumericOutcome(ok, f"GD ahead of GF at all 10 steps: {ahead}; crossover $\\eta\\lambda = {lo:.5f}$; "
                              f"at $\\eta\\lambda = 1.5$ GD is slower: {behind}", {"crossover": lo})

    return d
