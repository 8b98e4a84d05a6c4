"""The modified loss of gradient descent: L_eta = L + (eta/4) ||grad L||^2 + O(eta^2) (document 001).

Result.  Gradient flow for time eta on L_eta = L + eta R + eta^2 S (R, S smooth) ends at
    theta_0 - eta g + eta^2 ((1/2) H g - grad R(theta_0)) + O(eta^3)      (S does not enter),
so it matches one GD step theta_0 - eta g on L through order eta^2 iff grad R(theta_0) = (1/2) H g.
R = (1/4) ||grad L||^2 does this at every point: grad R = (1/2) (grad^2 L) grad L (proved in
coordinates).  Hence the modified loss L_eta = L + (eta/4) ||grad L||^2 + O(eta^2), and gradient flow
on L + (eta/4) ||grad L||^2 lands on the GD step up to O(eta^3) (proved end to end).

Assumptions.  L, R, S undefined (arbitrary smooth) functions of d coordinates (the flow matching for
d = 1, 2; the coordinate proof of grad R = (1/2) H grad L for d = 1, 2, 3); the flow is
written as theta(t) = theta_0 + v t + a t^2/2 + t^3 rho(t, eta) with rho smooth (Taylor's theorem;
the flow depends smoothly on the parameter eta), as in derivation gd_vs_flow_general.

Reference.  Document 001, "The general case"; Barrett and Dherin, Implicit Gradient Regularization
(ICLR 2021), Theorem 3.1; Hairer, Lubich, Wanner, Geometric Numerical Integration (2006), Ch. IX.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from derivations._common import at, concrete_loss, coordinates, gradient, hessian, named, rk4_flow
from symgd import Derivation, NumericOutcome, Source

__all__ = ["FLOW_DIMS", "derive", "modified_loss", "regularizer"]

eta = sp.Symbol("eta", positive=True)
t = sp.Symbol("t", nonnegative=True)
FLOW_DIMS = (1, 2)  # flow matching in d = 1, 2 (d = 3 adds ~5 s); the coordinate proof of grad R in d = 1, 2, 3


def regularizer(f: sp.Expr, x: Sequence[sp.Symbol]) -> sp.Expr:
    """R = (1/4) ||grad f||^2, the first-order correction, in one place."""
    return sp.Rational(1, 4) * sum(sp.diff(f, xi) ** 2 for xi in x)


def modified_loss(f: sp.Expr, x: Sequence[sp.Symbol], step: sp.Expr = eta) -> sp.Expr:
    """The derived modified loss f + step * (1/4) ||grad f||^2 (its O(step^2) part left out)."""
    return f + step * regularizer(f, x)


def _flow_coefficients(d: Derivation, loss: sp.Expr, x: tuple, theta0: sp.MatrixBase, dim: int, label: str,
                       flow_name: str) -> tuple[sp.MatrixSymbol, sp.MatrixSymbol, sp.MatrixSymbol]:
    """Match the flow of ``loss`` (an expression in x) along a generic smooth path; return the names of theta(eta), of
    the loss's gradient and of its Hessian at theta_0.
    ``label`` (LaTeX) names the loss; the vectors get names built from it (definitions of ``d``).  The path's
    coordinates p_i(t), the Hessian's entries (d > 1) and the flow are named too, so that no definition is wider
    than a line: the same mathematics, each name expanded when a step is checked."""
    v_, a_ = (sp.ImmutableMatrix(sp.symbols(f"{s}_1:{dim + 1}", real=True)) for s in ("v", "a"))
    rho = sp.ImmutableMatrix([sp.Function(f"rho_{i + 1}")(t, eta) for i in range(dim)])
    path = theta0 + v_ * t + a_ * t**2 / 2 + t**3 * rho
    coords = sp.ImmutableMatrix([sp.Function(f"p_{i + 1}")(t) for i in range(dim)])  # theta(t), coordinate by coordinate
    defined = {df.lhs for df in d.definitions}
    for p_i, value in zip(coords, path, strict=True):
        if p_i not in defined:
            d.define(p_i, value, "the path $\\theta(t) = \\theta_0 + v t + a t^2/2 + t^3 \\rho(t, \\eta)$, coordinate "
                     f"${p_i.func.__name__[2:]}$")
    gx, hx = at(gradient(loss, x), x, theta0), at(hessian(loss, x), x, theta0)
    grad0 = named(d, f"\\nabla {label}(\\theta_{{0}})", gx, "its gradient at $\\theta_0$")
    if dim > 1:  # the entries by name: a d x d matrix of long sums is wider than the page
        assert hx == hx.T
        entry = {}
        for j in range(dim):
            for k in range(j, dim):
                entry[j, k] = entry[k, j] = sp.Symbol(f"\\partial_{{{j + 1}{k + 1}}} {label}(\\theta_{{0}})", real=True)
                d.define(entry[j, k], hx[j, k], "an entry of its Hessian at $\\theta_0$")
        hx = sp.ImmutableMatrix(dim, dim, lambda j, k: entry[j, k])
    hess0 = named(d, f"\\nabla^{{2}} {label}(\\theta_{{0}})", hx, "its Hessian at $\\theta_0$")
    residual = named(d, f"r_{{{label}}}(t)", coords.diff(t) + at(gradient(loss, x), x, coords),
                     f"the residual of $\\theta' = -\\nabla {label}(\\theta)$ along the path")
    # Residual of the flow equation on this loss, to first order in t.
    d.claim(residual, "=+O", (v_ + grad0) + t * (a_ + hess0 * v_), f"$d = {dim}$: to first order in $t$ (chain rule)",
            order=(t, 2))
    # The residual vanishes on the flow: velocity and acceleration.
    v, a = sp.MatrixSymbol("v", dim, 1), sp.MatrixSymbol("a", dim, 1)
    d.claim(v, ":=", -grad0, f"$t^0$: velocity $-\\nabla {label}(\\theta_0)$", equation=sp.Eq(v + grad0, sp.ZeroMatrix(dim, 1)))
    d.claim(a, ":=", hess0 * grad0, f"$t^1$: acceleration $\\nabla^2 {label}\\, \\nabla {label}$ at $\\theta_0$",
            equation=sp.Eq(a + hess0 * (-grad0), sp.ZeroMatrix(dim, 1)))
    start = sp.MatrixSymbol("theta_0", dim, 1)
    start = start if start in defined else theta0
    flow = sp.MatrixSymbol(flow_name, dim, 1)
    d.define(flow, start - eta * grad0 + eta**2 / 2 * hess0 * grad0 + eta**3 * rho.subs(t, eta),
             "the path with this $v$ and $a$, at $t = \\eta$")
    return flow, grad0, hess0


def derive() -> Derivation:
    d = Derivation(
        "modified_loss",
        r"The modified loss: $L_\eta = L + \frac{\eta}{4} \|\nabla L\|^2 + O(\eta^2)$",
        Source("001", "The general case",
               r"$\mathcal{L}_\eta(\theta) = \mathcal{L}(\theta) + \frac{\eta}{4}\|\nabla \mathcal{L}(\theta)\|^2 + "
               r"O(\eta^2)$"),
        summary=r"Gradient flow on $L + \eta R$ ends at $\theta_0 - \eta g + \eta^2 (\frac12 H g - \nabla R) + "
        r"O(\eta^3)$; matching the GD step forces $\nabla R = \frac12 H g$, which $R = \frac14 \|\nabla L\|^2$ satisfies "
        r"everywhere, so the flow of $L + \frac{\eta}{4}\|\nabla L\|^2$ reproduces one GD step up to $O(\eta^3)$.",
        reference="Document 001; Barrett and Dherin (ICLR 2021), Thm. 3.1; Hairer, Lubich, Wanner (2006), Ch. IX.",
    )
    d.assume([eta, t])
    L, R, S = sp.Function("L"), sp.Function("R"), sp.Function("S")

    for dim in (1, 2, 3):
        x, theta0_c = coordinates(dim)
        theta0 = named(d, "theta_0", theta0_c, f"$d = {dim}$: the starting point")
        g = named(d, "g", at(gradient(L(*x), x), x, theta0_c), "$\\nabla L(\\theta_0)$")
        H = named(d, "H", at(hessian(L(*x), x), x, theta0_c), "$\\nabla^2 L(\\theta_0)$")
        theta_gd = theta0 - eta * g

        if dim in FLOW_DIMS:
            # A generic modified loss L + eta R + eta^2 S: the flow for time eta.
            theta_flow, grad0, hess0 = _flow_coefficients(d, L(*x) + eta * R(*x) + eta**2 * S(*x), x, theta0_c, dim,
                                                          "L_{\\eta}", "theta_flow")
            grad_R = named(d, "\\nabla R(\\theta_{0})", at(gradient(R(*x), x), x, theta0_c), "the correction's gradient")
            # The document's expansions of the initial velocity and acceleration in eta.
            d.claim(-grad0, "=+O", -g - eta * grad_R, "velocity $= -g - \\eta\\nabla R(\\theta_0) + O(\\eta^2)$",
                    order=(eta, 2))
            d.claim(hess0 * grad0, "=+O", H * g, "acceleration $= Hg + O(\\eta)$: $R$ enters only at order $\\eta$",
                    order=(eta, 1))
            d.claim(theta_flow - theta_gd, "=+O", eta**2 * (H * g / 2 - grad_R),
                    "flow for time $\\eta$ minus the GD step ($S$ drops out)", order=(eta, 3))
            d.conclude(f"$d = {dim}$: " + r"$\theta_{flow} - \theta_{GD} = \eta^2 (\frac12 H g - \nabla R(\theta_0)) + "
                       r"O(\eta^3)$")
            # Matching through eta^2 forces the gradient of R at theta_0.
            r = sp.MatrixSymbol("r", dim, 1)
            match = d.claim(r, ":=", H * g / 2, "the $\\eta^2$ term must vanish: $r = \\nabla R(\\theta_0)$",
                            equation=sp.Eq(H * g / 2 - r, sp.ZeroMatrix(dim, 1)))
            d.conclude(f"$d = {dim}$: " + r"matching requires $\nabla R(\theta_0) = \frac12 H g$", step=match)

        # R = (1/4)||grad L||^2 has this gradient at every point (the document's coordinate proof).
        R_expr = regularizer(L(*x), x)
        # the gradient and Hessian of L named (written out, the result would not fit on a line in d = 3)
        grad_L = named(d, "\\nabla L", gradient(L(*x), x), "the gradient of $L$ (a function of $\\theta$)")
        hess_L = named(d, "\\nabla^{2} L", hessian(L(*x), x), "the Hessian of $L$")
        d.claim(sp.ImmutableMatrix([sp.Derivative(R_expr, xj) for xj in x]), "=",
                sp.ImmutableMatrix([sum(sp.diff(L(*x), xi) * sp.diff(L(*x), xi, xj) for xi in x) / 2 for xj in x]),
                "$\\partial_j \\frac14 \\sum_i (\\partial_i L)^2 = \\frac12 \\sum_i \\partial_i L\\, \\partial_j \\partial_i L$")
        d.then("=", sp.MatMul(sp.Rational(1, 2), hess_L, grad_L, evaluate=False), "$= (\\frac12 \\nabla^2 L\\, \\nabla L)_j$")
        d.conclude(f"$d = {dim}$: " + r"$\nabla \frac14 \|\nabla L\|^2 = \frac12 \nabla^2 L\, \nabla L$")

        if dim in FLOW_DIMS:
            # End to end: the flow on L + (eta/4)||grad L||^2 lands on the GD step up to O(eta^3).
            theta_mod, _, _ = _flow_coefficients(d, modified_loss(L(*x), x), x, theta0_c, dim, "\\tilde{L}_{\\eta}",
                                                 "\\tilde\\theta_{flow}")
            d.claim(theta_mod, "=+O", theta_gd, "the flow of $L + \\frac{\\eta}{4}\\|\\nabla L\\|^2$ for time $\\eta$ is the "
                    "GD step", order=(eta, 3))
            d.conclude(f"$d = {dim}$: " + r"gradient flow on $L + \frac{\eta}{4}\|\nabla L\|^2$ matches one GD step up "
                       r"to $O(\eta^3)$")

    @d.numeric("local_error_orders", r"one GD step vs RK4 gradient flow on $L$ and on $L + \frac{\eta}{4}\|\nabla L\|^2$ "
               "for a non-quadratic 2-D loss: log-log slopes $2$ and $3$")
    def _orders() -> NumericOutcome:
        f, xs = concrete_loss()
        grad_l = sp.lambdify([xs], list(gradient(f, xs)), "numpy")
        grad_m = sp.lambdify([xs, eta], list(gradient(modified_loss(f, xs), xs)), "numpy")
        y0 = np.array([0.7, -0.4])
        gd_dir = np.array(grad_l(y0), dtype=float)
        etas = 0.1 * 0.5 ** np.arange(5)
        err_l, err_m = [], []
        for e in etas:
            gd = y0 - e * gd_dir
            err_l.append(np.linalg.norm(rk4_flow(lambda y: -np.array(grad_l(y), dtype=float), y0, e, 200) - gd))
            err_m.append(np.linalg.norm(rk4_flow(lambda y, e=e: -np.array(grad_m(y, e), dtype=float), y0, e, 200) - gd))
        s_l = np.polyfit(np.log(etas), np.log(err_l), 1)[0]
        s_m = np.polyfit(np.log(etas), np.log(err_m), 1)[0]
        ok = abs(s_l - 2) < 0.15 and abs(s_m - 3) < 0.2
        return NumericOutcome(ok, rf"log-log slopes of $|\mathrm{{flow}}(\eta) - \mathrm{{GD}}|$: {s_l:.3f} on $L$ "
                              rf"(expect 2), {s_m:.3f} on $L_\eta$ (expect 3); errors at $\eta = {etas[-1]:g}$: "
                              f"{err_l[-1]:.2e}, {err_m[-1]:.2e}",
                              {"slope_L": s_l, "slope_L_eta": s_m})

    @d.numeric("modified_quadratic_figure", r"the second figure of 001 ($\lambda = 1$, $\eta = 0.5$, $\theta_0 = 1.2$): "
               "the modified bowl is steeper, and gradient flow on it is closer to every GD step than gradient flow on $L$")
    def _figure() -> NumericOutcome:
        th = sp.Symbol("theta", real=True)
        lam_v, e, th0 = 1.0, 0.5, 1.2
        bowl = lam_v * th**2 / 2
        curv = float(sp.diff(modified_loss(bowl, (th,)), th, 2).subs(eta, e))
        grad_l = sp.lambdify(th, sp.diff(bowl, th))
        grad_m = sp.lambdify(th, sp.diff(modified_loss(bowl, (th,)), th).subs(eta, e))
        ks = np.arange(1, 11)
        gd = th0 * (1 - e * lam_v) ** ks
        gf = np.array([rk4_flow(lambda y: -grad_l(y), np.array([th0]), k * e, 400)[0] for k in ks])
        gm = np.array([rk4_flow(lambda y: -grad_m(y), np.array([th0]), k * e, 400)[0] for k in ks])
        closer = bool(np.all(np.abs(gm - gd) < np.abs(gf - gd)))
        ok = closer and abs(curv - 1.25) < 1e-12
        return NumericOutcome(ok, rf"curvature of $L_\eta$ = {curv:g} ($L$: 1); at $t = \eta$: GD {gd[0]:.4f}, flow on "
                              rf"$L_\eta$ {gm[0]:.4f}, flow on $L$ {gf[0]:.4f}; flow on $L_\eta$ closer at all 10 steps: "
                              f"{closer}",
                              {"curvature": curv, "gd_1": gd[0], "gm_1": gm[0], "gf_1": gf[0]})

    return d
