"""Gradient descent vs gradient flow on a quadratic, and the modified quadratic (document 001).

Result.  On L(theta) = (lambda/2) theta^2 one GD step gives theta_GD = (1 - eta lambda) theta_0,
while gradient flow for time eta gives theta_flow = e^{-lambda eta} theta_0: they agree to first
order in eta only (the difference is (lambda^2 eta^2 / 2) theta_0 + O(eta^3)).  Gradient flow on the
modified loss L_eta(theta) = (1/2)(lambda + eta lambda^2 / 2) theta^2 matches one GD step on L up to
O(eta^3): the eta^2 terms cancel.  The correction is (eta/4) (dL/dtheta)^2.

Assumptions.  lambda > 0, eta > 0, theta_0 real.

Reference.  Document 001, "A quadratic warmup", "The modified quadratic", "Rewriting the modified
loss in terms of gradient norm"; Hairer, Lubich, Wanner, Geometric Numerical Integration (2006), IX.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Derivation, NumericOutcome, Source

__all__ = ["derive", "flow", "gd_iterates", "modified_loss"]

lam, eta = sp.symbols("lambda eta", positive=True)
theta, theta0 = sp.symbols("theta theta_0", real=True)
t = sp.Symbol("t", nonnegative=True)
k = sp.Symbol("k", integer=True, nonnegative=True)

# The derived expressions, in one place (the figures and tests use these).
loss = lam * theta**2 / 2
modified_loss = (lam + eta * lam**2 / 2) * theta**2 / 2
flow = sp.exp(-lam * t) * theta0  # gradient flow on the loss
modified_flow = sp.exp(-(lam + eta * lam**2 / 2) * t) * theta0  # gradient flow on the modified loss
gd_iterates = (1 - eta * lam) ** k * theta0  # k steps of GD


def derive() -> Derivation:
    d = Derivation(
        "modified_quadratic",
        "GD vs gradient flow on a quadratic, and the modified quadratic",
        Source("001", "A quadratic warmup; The modified quadratic",
               r"gradient flow on the modified loss matches one gradient descent step on the original loss (up to order "
               r"$\eta^2$)"),
        summary=r"A GD step overshoots gradient flow by $\frac{\lambda^2\eta^2}{2}\theta_0$; steepening the bowl by "
        r"$\frac{\eta\lambda^2}{2}$ cancels that second-order term.",
        reference="Document 001; Hairer, Lubich, Wanner, Geometric Numerical Integration (2006), Ch. IX.",
    )
    d.assume([lam, eta, theta0, t])
    L = sp.Function("L")
    th_gd, th_flow, th_mod = sp.symbols(r"theta_GD theta_flow \tilde{\theta}_{flow}")

    # The loss and its gradient.
    d.define(L(theta), loss, "the quadratic bowl")
    d.claim(sp.Derivative(L(theta), theta), "=", lam * theta, "differentiate")

    # One GD step from theta_0.
    d.define(th_gd, theta0 - eta * lam * theta0, "one GD step: $\\theta_0 - \\eta \\nabla L(\\theta_0)$")
    d.claim(th_gd, "=", (1 - eta * lam) * theta0, "factor $\\theta_0$")
    d.conclude(r"one GD step contracts by $1 - \eta\lambda$")

    # Gradient flow: e^{-lambda t} theta_0 solves d theta/dt = -lambda theta with theta(0) = theta_0.
    d.claim(sp.Derivative(flow, t), "=", -lam * flow, "the closed form solves the flow equation")
    d.claim(sp.Subs(flow, t, 0), "=", theta0, "and starts at $\\theta_0$")
    # "An idealized, continuous version of gradient descent, taking eta -> 0": t/eta GD steps tend to the flow.
    d.claim(sp.Limit(gd_iterates.subs(k, t / eta), eta, 0, "+"), "=", flow,
            "$t/\\eta$ GD steps as $\\eta \\to 0^+$: $(1 - \\eta\\lambda)^{t/\\eta}\\theta_0 \\to e^{-\\lambda t}\\theta_0$")
    d.conclude(r"gradient flow is the $\eta \to 0$ limit of GD at time $t = k\eta$")
    d.define(th_flow, flow.subs(t, eta), "flow for time $\\eta$")
    d.claim(sp.exp(-lam * eta), "≈", 1 - lam * eta + lam**2 * eta**2 / 2, "Taylor expansion of $e^{-\\lambda\\eta}$ "
            "(scalar)", order=(eta, 3))
    d.claim(th_flow, "≈", (1 - lam * eta + lam**2 * eta**2 / 2) * theta0, "Taylor expansion of $e^{-\\lambda\\eta}$",
            order=(eta, 3))
    d.conclude(r"gradient flow after time $\eta$")

    # GD and the flow agree to first order only: the eta^2 coefficient of the difference is nonzero.
    d.claim(th_flow - th_gd, "≈", lam**2 * eta**2 * theta0 / 2, "subtract: first-order agreement only", order=(eta, 3))
    d.conclude(r"the mismatch is $\frac{\lambda^2\eta^2}{2}\theta_0 + O(\eta^3)$")
    # "... and higher": the eta^3 coefficient -lambda^3 theta_0/6 is nonzero too (every order k >= 2: (-lambda)^k/k!).
    d.claim(th_flow - th_gd, "≈", lam**2 * eta**2 * theta0 / 2 - lam**3 * eta**3 * theta0 / 6,
            "to third order: the $\\eta^3$ terms differ too", order=(eta, 4))

    # The modified loss and the flow on it.
    L_eta = sp.Function("L_eta")
    d.define(L_eta(theta), modified_loss, "steepen the bowl by $\\eta\\lambda^2/2$")
    d.claim(sp.Derivative(modified_flow, t), "=", -sp.Derivative(L_eta(theta), theta).subs(theta, modified_flow),
            "its closed-form flow solves $\\dot\\theta = -L_\\eta'(\\theta)$")
    # Initial velocity and acceleration of the modified flow (as in the document).
    v0 = -(lam + eta * lam**2 / 2) * theta0
    a0 = (lam + eta * lam**2 / 2) ** 2 * theta0
    d.claim(sp.Derivative(modified_flow, t).subs(t, 0), "=", v0, "initial velocity")
    d.then("=", -lam * theta0 - eta / 2 * lam**2 * theta0, "expand")
    d.claim(sp.Derivative(modified_flow, t, 2), "=", -(lam + eta * lam**2 / 2) * sp.Derivative(modified_flow, t),
            "differentiate the flow equation in $t$: $\\ddot\\theta = -(\\lambda + \\frac{\\eta}{2}\\lambda^2)\\dot\\theta$")
    d.claim(sp.Derivative(modified_flow, t, 2).subs(t, 0), "=", a0, "initial acceleration")
    d.claim(a0, "≈", lam**2 * theta0, "the acceleration is $\\lambda^2\\theta_0 + O(\\eta)$", order=(eta, 1))
    # Flow on the modified loss for time eta: the eta^2 terms cancel.
    d.define(th_mod, modified_flow.subs(t, eta), "modified flow for time $\\eta$")
    d.claim(th_mod, "≈", theta0 + eta * v0 + eta**2 / 2 * lam**2 * theta0, "Taylor expansion to second order",
            order=(eta, 3))
    d.then("=", theta0 - eta * lam * theta0, "the $\\eta^2$ terms cancel")
    d.then("=", th_gd, "this is one GD step")
    d.conclude(r"gradient flow on the modified loss matches GD up to $O(\eta^3)$")

    # The correction is (eta/4) times the squared gradient.
    d.claim(L_eta(theta) - L(theta), "=", eta / 4 * sp.Derivative(L(theta), theta) ** 2,
            "the correction is $\\frac{\\eta}{4}\\|\\nabla L\\|^2$")
    d.conclude(r"$L_\eta = L + \frac{\eta}{4}|L'|^2$")
    # The second figure's "slightly steeper bowl": the curvature grows from lambda to lambda + eta lambda^2/2.
    d.claim(sp.Derivative(L_eta(theta), theta, 2), "=", lam + eta * lam**2 / 2, "the curvature of $L_\\eta$")
    d.then(">", lam, "steeper than $L$ (curvature $\\lambda$); $\\lambda = 1$, $\\eta = 0.5$: $1.25$")

    @d.numeric("local_error_orders", r"one GD step vs high-accuracy flow on $L$ and on $L_\eta$: errors scale as $\eta^2$ and $\eta^3$")
    def _orders() -> NumericOutcome:
        lam_v, th0 = 1.3, 1.2
        etas = np.array([0.2, 0.1, 0.05, 0.025])
        # the flows, integrated numerically with classical RK4 (independent of the closed forms)
        errs_l, errs_m = [], []
        for e in etas:
            for rate, errs in ((lam_v, errs_l), (lam_v + e * lam_v**2 / 2, errs_m)):
                y, h = th0, e / 2000
                for _ in range(2000):
                    k1 = -rate * y
                    k2 = -rate * (y + h * k1 / 2)
                    k3 = -rate * (y + h * k2 / 2)
                    k4 = -rate * (y + h * k3)
                    y += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
                errs.append(abs(y - (1 - e * lam_v) * th0))  # vs one GD step
        s_l = np.polyfit(np.log(etas), np.log(errs_l), 1)[0]
        s_m = np.polyfit(np.log(etas), np.log(errs_m), 1)[0]
        ok = abs(s_l - 2) < 0.15 and abs(s_m - 3) < 0.15
        return NumericOutcome(ok, f"log-log slopes: {s_l:.3f} against $L$ (expect 2), {s_m:.3f} against $L_\\eta$ (expect 3)",
                              {"slope_L": s_l, "slope_L_eta": s_m})

    return d
