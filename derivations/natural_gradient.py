"""Natural gradient descent as a proximal step (document 003, "Natural Gradient Descent").

Result.  The proximal step x_{t+1} = argmin_x f(x_t) + <g, x - x_t> + D(x, x_t), g = grad f(x_t), with the
Mahalanobis proximity term D = (1/(2 eta)) (x - x_t)^T P (x - x_t), P symmetric positive definite, is the
second-order model with curvature P/eta: its gradient is g + P (x - x_t)/eta, its Hessian P/eta is positive
definite, so its unique minimizer is the preconditioned gradient step x_t - eta P^{-1} g.  P = I (the squared
Euclidean D = (1/(2 eta))||x - x_t||^2) gives gradient descent x_t - eta g.  With D = KL(p_theta || p_theta_t)/gamma
~ (1/(2 gamma)) (theta - theta_t)^T F (theta - theta_t) (derivation fisher_kl), it is the natural gradient
step theta_t - gamma F^{-1} grad f(theta_t).  The proximity term must be the SQUARED norm and CENTERED at x_t:
with (1/2)||x - x_t|| the model has no gradient step as minimizer, with (1/2) x^T A x the minimizer is -A^{-1} g;
without it (the first-order approximation alone) there is no minimizer at all.

Assumptions.  x, x_t, g in R^n (dimension-free); eta, gamma > 0; P (and F) symmetric positive definite.

Reference.  Document 003, "Natural Gradient Descent"; Amari, Natural Gradient Works Efficiently in Learning
(Neural Computation, 1998); Martens, New Insights and Perspectives on the Natural Gradient Method (JMLR 2020),
Sec. 6; Beck and Teboulle (2003), mirror descent as a proximal step.  The second-order model comes from derivation
newton_direction (this step is its Newton step for H = P/eta), gradient descent's model from local_model; the
library's preconditioned GD rule (symgd.optim.rules) with preconditioner P^{-1} (or F^{-1}) is checked to be this step.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import second_order_model
from symgd import Claim, Derivation, NumericOutcome, Source
from symgd.optim import rules

__all__ = ["derive", "mahalanobis", "proximal_objective", "proximal_step"]

n = sp.Symbol("n", integer=True, positive=True)
eta, gamma = sp.symbols("eta gamma", positive=True)


def mahalanobis(x: sp.MatrixExpr, x_t: sp.MatrixExpr, P: sp.MatrixExpr, eta: sp.Expr) -> sp.MatrixExpr:
    """The proximity term (1/(2 eta)) (x - x_t)^T P (x - x_t), a 1 x 1 matrix expression."""
    return (x - x_t).T * P * (x - x_t) / (2 * eta)


def proximal_objective(f_t: sp.MatrixExpr, g: sp.MatrixExpr, x: sp.MatrixExpr, x_t: sp.MatrixExpr,
                       D: sp.MatrixExpr) -> sp.MatrixExpr:
    """f(x_t) + <g, x - x_t> + D(x, x_t): the linear model plus a proximity term."""
    return f_t + g.T * (x - x_t) + D


def proximal_step(x_t: sp.MatrixExpr, g: sp.MatrixExpr, P: sp.MatrixExpr, eta: sp.Expr) -> sp.MatrixExpr:
    """The derived minimizer x_t - eta P^{-1} g (Newton's step for the curvature P/eta)."""
    return x_t - eta * P.I * g


def derive() -> Derivation:
    d = Derivation(
        "natural_gradient",
        "Gradient, preconditioned and natural gradient steps as proximal steps",
        Source("003", "Natural Gradient Descent",
               r"$x_{t+1} = \arg \min_x f(x_t) + \nabla f(x_t)^\top (x - x_t) + D(x, x_t)$"),
        summary=r"With a Mahalanobis proximity term $\frac{1}{2\eta}(x - x_t)^T P (x - x_t)$ the proximal step is "
        r"$x_t - \eta P^{-1} \nabla f(x_t)$: gradient descent for $P = I$, the natural gradient step for $P = F$ (the "
        "Fisher information, the curvature of the KL divergence).",
        reference="Document 003; Amari (1998); Martens (2020), Sec. 6.",
    )
    d.assume([eta, gamma])
    x, x_t, g = (d.matrix(sp.MatrixSymbol(name, n, 1)) for name in ("x", "x_{t}", "g"))
    f_t = d.matrix(sp.MatrixSymbol("f(x_{t})", 1, 1))  # 1 x 1, so the objective stays a matrix expression
    P = d.matrix(sp.MatrixSymbol("P", n, n), positive_definite=True)
    F = d.matrix(sp.MatrixSymbol("F", n, n), positive_definite=True)
    I = sp.Identity(n)  # noqa: E741 - the identity matrix

    # The Mahalanobis proximity term; the objective is newton_direction's second-order model with curvature P/eta.
    D = sp.MatrixSymbol("D(x, x_{t})", 1, 1)
    d.define(D, mahalanobis(x, x_t, P, eta), "the Mahalanobis proximity term")
    objective = proximal_objective(f_t, g, x, x_t, D)
    d.claim(objective, "=", second_order_model(f_t, g, P / eta, x, x_t), "a quadratic model, curvature $P/\\eta$")
    grad = g + P * (x - x_t) / eta
    d.claim(sp.Derivative(objective, x, evaluate=False), "=", grad, "differentiate ($P$ symmetric)")
    d.claim(sp.Derivative(grad, x, evaluate=False), "=", P / eta, "Hessian $P/\\eta \\succ 0$: strictly convex")
    step = d.claim(x, ":=", proximal_step(x_t, g, P, eta), "gradient $= 0$, solve for $x$",
                   equation=sp.Eq(grad, sp.ZeroMatrix(n, 1)))
    d.conclude(r"the unique minimizer is the preconditioned step $x_t - \eta P^{-1} \nabla f(x_t)$", step=step)
    # The library's preconditioned GD rule (symgd.optim.rules, which the optimizers compile) with preconditioner P^{-1}.
    library = lambda P_, lr_: rules.PRECONDITIONED_GD.step()[rules.Theta].xreplace(  # noqa: E731
        {rules.Theta: x_t, rules.Gvec: g, rules.P: P_.I, rules.lr: lr_})
    d.claim(x, ":=", library(P, eta), "the library rule preconditioned_gd, preconditioner $P^{-1}$",
            equation=sp.Eq(grad, sp.ZeroMatrix(n, 1)))

    # P = I: the squared Euclidean proximity term (1/(2 eta))||x - x_t||^2 gives gradient descent.
    gd = d.claim(x, ":=", x_t - eta * g, "$P = I$, $D = \\frac{1}{2\\eta}\\|x - x_t\\|^2$",
                 equation=sp.Eq(grad.xreplace({P: I}), sp.ZeroMatrix(n, 1)))
    d.conclude(r"$D = \frac{1}{2\eta}\|x - x_t\|^2$ gives gradient descent $x_t - \eta \nabla f(x_t)$", step=gd)

    # P = F, eta = gamma: D = KL(p_theta || p_theta_t)/gamma = (1/(2 gamma)) d^T F d + O(||d||^3) (fisher_kl).
    nat = d.claim(x, ":=", x_t - gamma * F.I * g, "$P = F$, $\\eta = \\gamma$: $D = \\mathrm{KL}/\\gamma$ to 2nd order",
                  equation=sp.Eq(grad.xreplace({P: F, eta: gamma}), sp.ZeroMatrix(n, 1)))
    d.conclude(r"the natural gradient step $x_t - \gamma F^{-1} \nabla f(x_t)$ minimizes the KL-proximal model",
               step=nat)
    d.claim(x, ":=", library(F, gamma), "the library rule preconditioned_gd, preconditioner $F^{-1}$",
            equation=sp.Eq(grad.xreplace({P: F, eta: gamma}), sp.ZeroMatrix(n, 1)))

    # Erratum: the proximity term (1/2)||x - x_t|| (no square).  In 1-D the objective is g u + |u|/2, u = x - x_t.
    gs, xts, y = sp.symbols("g x_t y", real=True)
    unsquared = lambda z: gs * (z - xts) + sp.Abs(z - xts) / 2  # noqa: E731 - the document's objective minus f(x_t)
    d.erratum(
        "003", r"For natural gradient descent, $D(x, x_t) = \frac{1}{2} * ||x - x_t||$, so gradient descent on the "
        r"euclidean space ... This is $\text{grad } f(x_t) + x - x_t = 0$. Solving, you get "
        r"$x = x_t - \text{grad } f(x_t)$",
        r"With $D = \frac12 \|x - x_t\|$ the objective's gradient is $\nabla f(x_t) + x - x_t$ and its minimizer is "
        r"$x_t - \nabla f(x_t)$.",
        r"The norm must be squared: $D = \frac12 \|x - x_t\|^2$ has gradient $x - x_t$ and gives $x_t - \nabla f(x_t)$. "
        r"With the unsquared norm the gradient of $D$ is $(x - x_t)/(2\|x - x_t\|)$; the objective is unbounded below "
        r"when $\|\nabla f(x_t)\| > 1/2$ and minimized at $x_t$ itself (no step) when $\|\nabla f(x_t)\| < 1/2$. (Also, "
        r"this Euclidean $D$ gives plain gradient descent with step $1$, not natural gradient descent, which uses the KL "
        "below.)",
        evidence=r"1-D: '$x_t - g$ minimizes $g (x - x_t) + |x - x_t|/2$' is refuted (e.g. $x = x_t$ is lower for "
        r"$|g| < 1/2$)",
        claim=Claim(unsquared(xts - gs), "<=", unsquared(y)),
    )

    # Erratum: GD minimizes the linear model PLUS the proximity term; the linear model alone has no minimizer.
    cc = sp.Symbol("c", positive=True)
    with sp.evaluate(False):  # the linear model's value at u = -c g, before simplifying
        linear_at = gs * (-cc * gs)
    d.claim(linear_at, "=", -cc * gs**2, "the linear model $g u$ alone at $u = -c g$: $-c g^2 \\to -\\infty$ as "
            "$c \\to \\infty$ ($g \\neq 0$)")
    d.conclude("the first-order approximation alone has no minimizer: the proximity term $D$ is what makes the step "
               "finite")
    d.erratum(
        "003", "So, gradient descent is basically the optimal value of the first order approximation of a function",
        "The GD step is the optimum of the first-order approximation.",
        r"The first-order approximation $f(x_t) + \langle g, x - x_t\rangle$ is linear: unbounded below for $g \ne 0$, "
        "with no optimum. The GD step is the minimizer (a point, not an optimal value) of the first-order "
        r"approximation PLUS the proximity term $\frac{1}{2\eta}\|x - x_t\|^2$ (proved above with $P = I$; derivation "
        "local_model).",
        evidence=r"1-D: '$x_t - g$ minimizes the linear model $g (x - x_t)$' is refuted ($x_t - 2g$ is lower)",
        claim=Claim(gs * (-gs), "<=", gs * (y - xts)),
    )

    # Erratum: the Mahalanobis term (1/2) x^T A x is not centered at x_t; its minimizer does not depend on x_t.
    A = d.matrix(sp.MatrixSymbol("A", n, n), positive_definite=True)
    uncentered = proximal_objective(f_t, g, x, x_t, x.T * A * x / 2)
    d.claim(sp.Derivative(uncentered, x, evaluate=False), "=", g + A * x,
            "uncentered $D = \\frac{1}{2} x^T A x$: the gradient")
    origin = d.claim(x, ":=", -A.I * g, "a step from the origin, not from $x_t$",
                     equation=sp.Eq(g + A * x, sp.ZeroMatrix(n, 1)))
    d.conclude(r"with $D = \frac12 x^T A x$ the minimizer is $-A^{-1} \nabla f(x_t)$, whatever $x_t$", step=origin)
    d.erratum(
        "003", r"Mahalanobis metric $\rightarrow D(x, x_t) = \frac{1}{2} xAx$ (A is the matrix you pick). This is "
        "actually similar to gradient descent with preconditioning matrix",
        r"$D(x, x_t) = \frac12 x^T A x$ gives a preconditioned gradient step.",
        r"The term must be centered at $x_t$ and $A$ symmetric positive definite: "
        r"$D = \frac{1}{2\eta}(x - x_t)^T A (x - x_t)$ gives $x_t - \eta A^{-1} \nabla f(x_t)$ (preconditioner "
        r"$A^{-1}$). With $\frac12 x^T A x$ the minimizer is $-A^{-1} \nabla f(x_t)$, independent of $x_t$; with an "
        "indefinite $A$ there is no minimizer.",
        evidence=r"'$x_t - A^{-1} g$ solves $g + A x = 0$' (the stationarity of the document's objective) is refuted",
        claim=Claim(x, ":=", x_t - A.I * g, equation=sp.Eq(g + A * x, sp.ZeroMatrix(n, 1))),
    )

    # Erratum: the stated argmin has weight 1 on the KL, so its (second-order) step has gamma = 1.
    d.erratum(
        "003", r"$\theta_{t+1} = \arg \min_{\theta} f(\theta_t) + \nabla f(\theta_t)^T (\theta - \theta_t) + "
        r"D_{KL}(p(x|\theta) || p(x|\theta_t))$ ... Our update for the natural gradient in this setting is then "
        r"$x_{t+1} = x_t - \gamma F^{-1} \nabla f(\theta_t)$",
        r"The KL-proximal problem as stated gives the update $x_{t+1} = x_t - \gamma F^{-1} \nabla f(\theta_t)$.",
        r"With the KL weighted $1$, the second-order model's minimizer is $\theta_t - F^{-1} \nabla f(\theta_t)$ "
        r"($\gamma = 1$); a step size $\gamma$ needs $D = \mathrm{KL}/\gamma$. The update is in $\theta$ (the document "
        "switches to $x$).",
        evidence=r"'$\theta_t - \gamma F^{-1} g$ solves $g + F (\theta - \theta_t) = 0$' is refuted for $\gamma \ne 1$",
        claim=Claim(x, ":=", x_t - gamma * F.I * g, equation=sp.Eq(g + F * (x - x_t), sp.ZeroMatrix(n, 1))),
    )

    @d.numeric("proximal_argmin", "on random symmetric positive definite $P$ and gradients, a general-purpose "
               "minimizer of the proximal objective (Newton-free: gradient descent on it to convergence) lands on "
               r"$x_t - \eta P^{-1} g$; for $P = I$ on $x_t - \eta g$")
    def _proximal() -> NumericOutcome:
        rng = np.random.default_rng(3)
        worst = 0.0
        for trial in range(30):
            k = 2 + trial % 4
            M = rng.normal(size=(k, k))
            Pm = np.eye(k) if trial % 5 == 0 else 0.5 * M @ M.T + np.eye(k)
            lr = rng.uniform(0.05, 2.0)
            gv, xt = rng.normal(size=k), rng.normal(size=k)
            # minimize the objective by plain gradient iterations with a safe step (1/largest curvature)
            z = xt.copy()
            curv = np.linalg.eigvalsh(Pm / lr)
            for _ in range(3000):
                z -= (gv + Pm @ (z - xt) / lr) / curv.max()
            closed = xt - lr * np.linalg.solve(Pm, gv)
            worst = max(worst, np.abs(z - closed).max() / (1 + np.abs(closed).max()))
        return NumericOutcome(worst < 1e-8, rf"max relative $|\arg\min - (x_t - \eta P^{{-1}} g)|$ = {worst:.1e} over "
                              "30 cases",
                              {"worst": worst})

    @d.numeric("unsquared_norm", "1-D grid: the minimizer of $g u + |u|/2$ is $u = 0$ for $|g| < 1/2$, and the "
               "objective decreases without bound for $|g| > 1/2$; never $u = -g$")
    def _unsquared() -> NumericOutcome:
        u = np.linspace(-50, 50, 200001)
        small, big = 0.3, 0.8
        at_small = u[np.argmin(small * u + np.abs(u) / 2)]
        edge_big = (big * u + np.abs(u) / 2)[[0, -1]].min()
        ok = abs(at_small) < 1e-9 and edge_big < -10
        return NumericOutcome(ok, rf"$g = {small}$: $\arg\min u$ = {at_small:.1e} (not ${-small}$); $g = {big}$: value "
                              f"at the grid edge {edge_big:.1f} (unbounded)",
                              {"argmin_small": at_small, "edge_big": edge_big})

    return d
