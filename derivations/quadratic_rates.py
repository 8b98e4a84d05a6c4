"""Gradient descent on a quadratic: when it converges, and the best fixed step (document 002, "The Goldilocks Zone").

Result.  For L(theta) = (1/2) theta^T H theta with H symmetric positive definite, eigenvalues
0 < lambda_min <= lambda_i <= lambda_max: grad L = H theta, one step is theta - eta H theta = (I - eta H) theta, so
theta_k = (I - eta H)^k theta_0; in the eigenbasis coordinate i evolves as z_k = (1 - eta lambda_i)^k z_0.
GD converges for every theta_0 iff |1 - eta lambda_i| < 1 for all i iff 0 < eta < 2/lambda_max: for such eta every
factor lies in (-1, 1); for eta >= 2/lambda_max the top factor is <= -1 (at eta = 2/lambda_max exactly -1: the top
mode oscillates without decaying); for eta <= 0 every factor is >= 1.  The worst factor
rho(eta) = max(|1 - eta lambda_min|, |1 - eta lambda_max|) is minimized where 1 - eta lambda_min = eta lambda_max - 1,
at eta* = 2/(lambda_min + lambda_max), with rho* = (lambda_max - lambda_min)/(lambda_max + lambda_min) =
(kappa - 1)/(kappa + 1), kappa = lambda_max/lambda_min; every other eta has rho(eta) >= rho*, and the step
1/lambda_max only achieves 1 - 1/kappa >= rho*.

Assumptions.  H symmetric positive definite (spectral theorem cited: an orthonormal eigenbasis, in which the
iteration decouples); the eigenvalues are parametrized exactly as lambda_i = lambda_min + u,
lambda_max = lambda_min + u + v with u, v >= 0; the matrix steps are dimension-free.

Reference.  Document 002, "The Goldilocks Zone"; Polyak, Introduction to Optimization (1987), Sec. 1.4, Thm. 3;
Nocedal and Wright, Numerical Optimization (2006), Sec. 3.3; Goh, "Why Momentum Really Works", Distill (2017).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import (
    contraction,
    eta,
    kappa,
    lam,
    lam_max,
    lam_min,
    mode_factor,
    optimal_rate,
    optimal_step,
)
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = [
    "contraction",
    "derive",
    "eta",
    "iterate",
    "kappa",
    "lam",
    "lam_max",
    "lam_min",
    "mode_factor",
    "optimal_rate",
    "optimal_step",
]

def iterate(H: np.ndarray, theta0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """theta_k = (I - lr H)^k theta_0 for k = 0..steps (rows), from the derived closed form."""
    M = np.eye(len(theta0)) - lr * np.asarray(H, dtype=float)
    return np.array([np.linalg.matrix_power(M, k) @ theta0 for k in range(steps + 1)])


def derive() -> Derivation:
    d = Derivation(
        "quadratic_rates",
        "GD on a quadratic: convergence iff $0 < \\eta < 2/\\lambda_{\\max}$, best step $2/(\\lambda_{\\min} + "
        "\\lambda_{\\max})$",
        Source("002", "The Goldilocks Zone", r"Convergence requires: $\eta < 2/\lambda_{\max}$ ... Optimal for quadratic: "
               r"$\eta = 2/(\lambda_{\min} + \lambda_{\max})$"),
        summary=r"Each eigen-coordinate is multiplied by $1 - \eta\lambda_i$ per step; all factors lie in $(-1, 1)$ iff "
        r"$0 < \eta < 2/\lambda_{\max}$; balancing the two extreme factors gives $\eta^* = 2/(\lambda_{\min} + "
        r"\lambda_{\max})$ and the contraction $(\kappa - 1)/(\kappa + 1)$.",
        reference="Document 002; Polyak (1987), Sec. 1.4; Nocedal and Wright (2006), Sec. 3.3; Goh, Distill (2017).",
    )
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    d.assume([eta, k])
    H = d.matrix(sp.MatrixSymbol("H", n, n), positive_definite=True)
    theta, theta0 = (d.matrix(sp.MatrixSymbol(s, n, 1)) for s in ("theta", "theta_0"))
    I = sp.Identity(n)  # noqa: E741 - the identity matrix
    M = I - eta * H

    # The gradient step on the quadratic, and its k-th iterate (dimension-free).
    d.claim(sp.Derivative(theta.T * H * theta / 2, theta, evaluate=False), "=", H * theta,
            "gradient of $\\frac12 \\theta^T H \\theta$ ($H$ symmetric)")
    d.claim(theta - eta * H * theta, "=", M * theta, "one step: $\\theta - \\eta H \\theta$")
    d.conclude(r"one GD step multiplies $\theta$ by $I - \eta H$")
    d.claim(sp.MatMul(M, M**k * theta0, evaluate=False), "=", M ** (k + 1) * theta0, "induction step: $\\theta_k = (I - \\eta H)^k \\theta_0$ "
            "implies the same for $k + 1$")
    d.claim(sp.MatMul(sp.MatPow(M, 0, evaluate=False), theta0, evaluate=False), "=", theta0, "and it holds at $k = 0$")
    d.conclude(r"$\theta_k = (I - \eta H)^k \theta_0$")

    # In the eigenbasis (spectral theorem), coordinate i is multiplied by 1 - eta lambda_i each step.
    z0 = sp.Symbol("z_0", real=True)
    lmin, u, v = lam_min, *sp.symbols("u v", nonnegative=True)
    d.assume([z0, lmin, u, v])
    lam_i = sp.Symbol("lambda_i", positive=True)
    d.define(lam_i, lmin + u, "an eigenvalue in $[\\lambda_{\\min}, \\lambda_{\\max}]$")
    d.define(lam_max, lmin + u + v, "the largest eigenvalue")
    factor = 1 - eta * lam_i
    d.claim(factor * (factor**k * z0), "=", factor ** (k + 1) * z0, "eigen-coordinate: $z_k = (1 - \\eta\\lambda_i)^k "
            "z_0$ (induction step)")
    d.conclude(r"$z_k = (1 - \eta\lambda_i)^k z_0$: it tends to 0 for every $z_0$ iff $|1 - \eta\lambda_i| < 1$")

    # Sufficiency: 0 < eta < 2/lambda_max puts every factor in (-1, 1).
    d.hypothesis(eta < 2 / (lmin + u + v), r"$\eta < 2/\lambda_{\max}$")
    d.claim(factor, "<", 1, "$\\eta\\lambda_i > 0$")
    d.claim(factor, ">", -1, "$\\eta\\lambda_i \\le \\eta\\lambda_{\\max} < 2$")
    d.conclude(r"$0 < \eta < 2/\lambda_{\max}$: $|1 - \eta\lambda_i| < 1$ for every eigenvalue, so $\theta_k \to 0$")
    # Necessity: eta = 2/lambda_max + s (s >= 0) leaves the top mode undamped; eta = -s <= 0 every mode.
    s = sp.Symbol("s", nonnegative=True)
    d.assume(s)
    with sp.evaluate(False):
        too_big = 1 - (2 / lam_max + s) * lam_max
        not_positive = 1 - (-s) * lam_i
        at_edge = 1 - (2 / lam_max) * lam_max
    d.claim(too_big, "<=", -1, "$\\eta = 2/\\lambda_{\\max} + s \\ge 2/\\lambda_{\\max}$: $|z_k| \\ge |z_0|$ on the top "
            "eigenvector")
    d.claim(not_positive, ">=", 1, "$\\eta = -s \\le 0$: no mode decays")
    d.claim(at_edge, "=", -1, "at $\\eta = 2/\\lambda_{\\max}$ exactly: the top mode flips sign without decaying")
    d.conclude(r"GD converges for every $\theta_0$ iff $0 < \eta < 2/\lambda_{\max}$")

    # The best fixed step: balance the two extreme factors.
    best = d.claim(eta, ":=", optimal_step, "balance $1 - \\eta\\lambda_{\\min} = \\eta\\lambda_{\\max} - 1$",
                   equation=sp.Eq(1 - eta * lmin, eta * lam_max - 1))
    d.conclude(r"the extreme factors balance at $\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$", step=best)
    d.define(kappa, lam_max / lmin, "the condition number")
    with sp.evaluate(False):
        rho_star = 1 - optimal_step * lmin
    d.claim(rho_star, "=", (lam_max - lmin) / (lam_max + lmin), "the contraction at $\\eta^*$")
    d.then("=", optimal_rate, "divide by $\\lambda_{\\min}$")
    d.conclude(r"$\rho^* = (\lambda_{\max} - \lambda_{\min})/(\lambda_{\max} + \lambda_{\min}) = (\kappa - 1)/(\kappa + 1)$")
    rate = (lam_max - lmin) / (lam_max + lmin)
    with sp.evaluate(False):
        below = 1 - (optimal_step - s) * lmin
        above = (optimal_step + s) * lam_max - 1
    d.claim(below, ">=", rate, "$\\eta = \\eta^* - s$: the bottom factor $|1 - \\eta\\lambda_{\\min}|$ is at least "
            "$\\rho^*$")
    d.claim(above, ">=", rate, "$\\eta = \\eta^* + s$: the top factor $|1 - \\eta\\lambda_{\\max}|$ is at least $\\rho^*$")
    d.conclude(r"$\rho(\eta) \ge \rho^*$ for every $\eta$: $\eta^* = 2/(\lambda_{\min} + \lambda_{\max})$ is the optimal "
               "fixed step")
    with sp.evaluate(False):
        at_inverse_l = 1 - (1 / lam_max) * lmin
    d.claim(at_inverse_l, ">=", optimal_rate, "the step $1/\\lambda_{\\max}$ contracts only by $1 - 1/\\kappa$")
    d.conclude(r"$1 - 1/\kappa \ge (\kappa - 1)/(\kappa + 1)$")

    # Erratum: the document never says H is positive definite; with lambda_min = 0 its "optimal" step is the boundary.
    top = sp.Symbol("lambda_n", positive=True)  # the largest eigenvalue of a PSD H with lambda_min = 0
    with sp.evaluate(False):
        psd_factor = 1 - (2 / (0 + top)) * top
    d.claim(psd_factor, "=", -1, "$\\lambda_{\\min} = 0$: at $\\eta = 2/(0 + \\lambda_{\\max})$ the top factor is $-1$: "
            "that mode never decays")
    with sp.evaluate(False):
        one_step = 1 - (1 / top) * top
    d.claim(one_step, "=", 0, "while $\\eta = 1/\\lambda_{\\max}$ removes it in one step")
    d.conclude(r"$\lambda_{\min} = 0$: $2/(\lambda_{\min} + \lambda_{\max}) = 2/\lambda_{\max}$ is the divergence boundary, "
               "not optimal")
    d.erratum(
        "002", r"For a quadratic function $L(\theta) = \frac{1}{2}\theta^T H \theta$ with eigenvalues "
        r"$\lambda_1 \le ... \le \lambda_n$: ... Optimal for quadratic: $\eta = 2/(\lambda_{\min} + \lambda_{\max})$",
        r"For any quadratic $\frac{1}{2}\theta^T H \theta$, $\eta = 2/(\lambda_{\min} + \lambda_{\max})$ is the optimal "
        "fixed step.",
        r"This needs $H$ positive definite ($\lambda_{\min} > 0$), which the document does not state. For a positive "
        r"semidefinite $H$ with $\lambda_{\min} = 0$ (e.g. $H = \mathrm{diag}(1, 0)$, or least squares with a "
        r"rank-deficient $X$, exercise 5) the formula gives $2/\lambda_{\max}$, the boundary where the top mode is "
        r"multiplied by $-1$ every step and the loss never converges, while every $0 < \eta < 2/\lambda_{\max}$ drives "
        r"the loss to its minimum ($\eta = 1/\lambda_{\max}$ removes the top mode in one step). With a negative "
        r"eigenvalue no $\eta > 0$ converges.",
        evidence=r"$|1 - \eta^* \lambda_{\max}| < 1$ at $\lambda_{\min} = 0$ is refuted (it equals 1); see also "
        r"the numeric check on $H = \mathrm{diag}(1, 0)$",
        claim=Claim(sp.Abs(1 - 2 / (0 + top) * top), "<", 1),
    )

    @d.numeric("spectral_radius_and_simulation", r"random SPD $H$: numpy's spectral radius of $I - \eta H$ is "
               r"$\max_i |1 - \eta\lambda_i|$, GD decays just below $2/\lambda_{\max}$ and grows just above, a grid "
               r"search finds the best step $2/(\lambda_{\min} + \lambda_{\max})$ with radius $(\kappa - 1)/(\kappa + 1)$")
    def _quadratic() -> NumericOutcome:
        rng = np.random.default_rng(30)
        worst_rho, worst_step, worst_rate, bad_runs = 0.0, 0.0, 0.0, 0
        for _ in range(15):
            B = rng.normal(size=(4, 4))
            Hn = B @ B.T + 0.2 * np.eye(4)
            ev = np.linalg.eigvalsh(Hn)
            lo, hi = ev[0], ev[-1]
            lr = rng.uniform(0.1, 2.5) / hi
            radius = np.abs(np.linalg.eigvals(np.eye(4) - lr * Hn)).max()
            worst_rho = max(worst_rho, abs(radius - max(abs(1 - lr * lo), abs(1 - lr * hi))))
            th0 = rng.normal(size=4)
            for scale, should_decay in ((0.98, True), (1.02, False)):
                th = th0.copy()
                for _ in range(3000):
                    th = th - scale * 2 / hi * (Hn @ th)
                bad_runs += (np.linalg.norm(th) < 1e-3 * np.linalg.norm(th0)) != should_decay
            grid = np.linspace(0.01, 1.99, 4000) / hi
            radii = np.abs(np.linalg.eigvals(np.eye(4) - grid[:, None, None] * Hn)).max(axis=1)  # all at once
            worst_step = max(worst_step, abs(grid[int(np.argmin(radii))] - 2 / (lo + hi)) * hi)
            kap = hi / lo
            worst_rate = max(worst_rate, abs(min(radii) - (kap - 1) / (kap + 1)))
        ok = worst_rho < 1e-9 and bad_runs == 0 and worst_step < 2e-3 and worst_rate < 2e-3
        return NumericOutcome(ok, f"radius minus $\\max_i |1 - \\eta\\lambda_i|$: at most {worst_rho:.1e}; wrong "
                              f"decay/growth runs: {bad_runs}/30; grid best step off by {worst_step:.1e}"
                              f"$/\\lambda_{{\\max}}$, best radius off by {worst_rate:.1e}", {"worst_rho": worst_rho, "bad_runs": bad_runs,
                                                    "worst_step": worst_step, "worst_rate": worst_rate})

    @d.numeric("psd_boundary", r"$H = \mathrm{diag}(1, 0)$, $\theta_0 = (1, 1)$: the document's "
               r"$\eta = 2/(\lambda_{\min} + \lambda_{\max}) = 2$ keeps the loss at $1/2$ for 1000 steps; $\eta = 1$ "
               "reaches the minimum 0 in one step")
    def _psd() -> NumericOutcome:
        Hn, th0 = np.diag([1.0, 0.0]), np.array([1.0, 1.0])
        ev = np.linalg.eigvalsh(Hn)
        losses = {}
        for lr in (2 / (ev[0] + ev[-1]), 1.0):
            th = th0.copy()
            for _ in range(1000):
                th = th - lr * (Hn @ th)
            losses[lr] = 0.5 * th @ Hn @ th
        ok = ev[0] == 0.0 and losses[2.0] == 0.5 and losses[1.0] == 0.0
        return NumericOutcome(ok, f"eigenvalues {ev}; loss after 1000 steps: {losses[2.0]} at $\\eta = 2$, {losses[1.0]} "
                              "at $\\eta = 1$", {"loss_doc_step": losses[2.0], "loss_unit_step": losses[1.0]})

    @d.numeric("closed_form_vs_loop", r"the loop $\theta \leftarrow \theta - \eta H \theta$ equals "
               r"$(I - \eta H)^k \theta_0$")
    def _closed() -> NumericOutcome:
        rng = np.random.default_rng(31)
        B = rng.normal(size=(3, 3))
        Hn, th0 = B @ B.T + np.eye(3), rng.normal(size=3)
        lr = 1 / np.linalg.eigvalsh(Hn).max()
        th, err = th0.copy(), 0.0
        closed = iterate(Hn, th0, lr, 50)
        for kk in range(1, 51):
            th = th - lr * (Hn @ th)
            err = max(err, np.abs(th - closed[kk]).max())
        return NumericOutcome(err < 1e-12, f"largest gap between the loop and the closed form over 50 steps: {err:.1e}", {"err": err})

    return d
