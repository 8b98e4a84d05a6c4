"""The gradient step minimizes a local quadratic model (document 000).

Result.  For eta > 0, the model
    m_s(x) = f(x_s) + <grad f(x_s), x - x_s> + (1/(2 eta)) ||x - x_s||^2
has gradient grad f(x_s) + (x - x_s)/eta and Hessian I/eta (positive definite), so it is strictly
convex and its unique minimizer is x_{s+1} = x_s - eta grad f(x_s).  Without the quadratic term
the model is linear: for grad f(x_s) != 0 it is unbounded below, hence has no minimizer.  Newton's
model, with (1/2)(x - x_s)^T H (x - x_s) for a symmetric positive definite H, is minimized at
x_s - H^{-1} grad f(x_s); gradient descent is the case H = I/eta.

Assumptions.  x, x_s, g = grad f(x_s) in R^n (dimension-free: n is a symbol); eta > 0; H symmetric
positive definite.

Reference.  Document 000, "Deriving the Gradient Descent Formula" and "Mathematical Formulation";
Nesterov, Lectures on Convex Optimization (2018), Section 1.2.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import newton_step, second_order_model
from symgd import Derivation, NumericOutcome, Source

__all__ = ["derive"]


def derive() -> Derivation:
    d = Derivation(
        "local_model",
        "Gradient descent minimizes a local quadratic model",
        Source("000", "Deriving the Gradient Descent Formula", r"$x = x_s - \eta \nabla f(x_s)$"),
        summary=r"The GD step is the exact minimizer of a first-order model plus a proximity term "
        r"$\frac{1}{2\eta}\|x - x_s\|^2$; Newton's step minimizes the second-order model, and GD is Newton with "
        r"$H = I/\eta$.",
        reference="Document 000; Nesterov, Lectures on Convex Optimization (2018), Sec. 1.2.",
    )
    n = sp.Symbol("n", integer=True, positive=True)
    eta = sp.Symbol("eta", positive=True)
    d.assume(eta)
    x = d.matrix(sp.MatrixSymbol("x", n, 1))
    x_s = d.matrix(sp.MatrixSymbol("x_s", n, 1))
    g = d.matrix(sp.MatrixSymbol("g", n, 1))  # g = grad f(x_s)
    f_s = d.matrix(sp.MatrixSymbol("f_s", 1, 1))  # f(x_s), a 1x1 block so the model stays a matrix expression
    H = d.matrix(sp.MatrixSymbol("H", n, n), positive_definite=True)
    I = sp.Identity(n)  # noqa: E741 - the identity matrix, as in the document

    # The local model: the second-order model with the curvature I/eta (a proximity term 1/(2 eta)||x - x_s||^2).
    m = second_order_model(f_s, g, I / eta, x, x_s)
    grad_m = g + (x - x_s) / eta

    # Differentiate the model in x (matrix calculus).
    d.claim(sp.Derivative(m, x, evaluate=False), "=", grad_m, "differentiate the model in $x$")
    # Differentiate again: the Hessian is I/eta, positive definite since eta > 0, so m is strictly convex.
    d.claim(sp.Derivative(grad_m, x, evaluate=False), "=", I / eta, "differentiate again: Hessian $I/\\eta \\succ 0$")
    # Set the gradient to zero and solve for x: the unique stationary point is the minimizer.
    step = d.claim(x, ":=", x_s - eta * g, "set the gradient to zero, solve for $x$",
                   equation=sp.Eq(grad_m, sp.ZeroMatrix(n, 1)))
    d.conclude("the minimizer of the local model is the gradient step", step=step)

    # Without the quadratic term: along x = x_s - t g the linear model decreases like -t ||g||^2.
    t = sp.Symbol("t", nonnegative=True)
    x_t = d.define(sp.MatrixSymbol("x(t)", n, 1), x_s - t * g, "a ray along the negative gradient")
    d.claim(f_s + g.T * (sp.MatrixSymbol("x(t)", n, 1) - x_s), "=", f_s - t * g.T * g,
            "the linear model on the ray")
    del x_t
    # For g != 0, ||g||^2 > 0: at t = (M + 1)/||g||^2 the value is below f_s - M for every M, so no minimum.
    q = sp.Symbol(r"\|g\|^{2}", positive=True)
    M = sp.Symbol("M", real=True)
    fs = sp.Symbol("f_s", real=True)
    with sp.evaluate(False):  # keep the substitution visible in the rendered step
        at_t = fs - ((M + 1) / q) * q
    d.claim(at_t, "<", fs - M, "take $t = (M + 1)/\\|g\\|^2$: below any level $f(x_s) - M$")
    d.conclude(r"the linear model is unbounded below when $\nabla f(x_s) \ne 0$")
    # The document's exception "(unless gradient is zero)": then the linear model is constant, every x minimizes it.
    linear_at_zero = sp.MatAdd(f_s, sp.MatMul(sp.ZeroMatrix(n, 1).T, x - x_s, evaluate=False), evaluate=False)
    d.claim(linear_at_zero, "=", f_s, "$g = 0$: the linear model is the constant $f(x_s)$")
    d.conclude(r"for $\nabla f(x_s) = 0$ the linear model is constant: every $x$ is a minimizer (none is unique)")

    # Newton's model: the quadratic term uses the Hessian H instead of I/eta.
    m_newton = second_order_model(f_s, g, H, x, x_s)
    d.claim(sp.Derivative(m_newton, x, evaluate=False), "=", g + H * (x - x_s), "differentiate Newton's model ($H$ symmetric)")
    newton = d.claim(x, ":=", newton_step(x_s, g, H), "set the gradient to zero, solve for $x$ ($H$ invertible)",
                     equation=sp.Eq(g + H * (x - x_s), sp.ZeroMatrix(n, 1)))
    d.conclude("Newton's step minimizes the second-order model", step=newton)

    # Gradient descent is Newton's step with the Hessian replaced by I/eta.
    H_gd = sp.MatrixSymbol("H_GD", n, n)
    d.define(H_gd, I / eta, "the curvature gradient descent assumes")
    d.claim(newton_step(x_s, g, H_gd), "=", x_s - eta * g, "Newton's step with $H = I/\\eta$ is the gradient step")
    d.conclude(r"GD approximates the Hessian by $I/\eta$")

    @d.numeric("model_minimizer", r"the gradient step minimizes the local model of $f(x) = \log(1 + e^{x_1}) + x_2^4$ "
               "(grid search)")
    def _model_minimizer() -> NumericOutcome:
        rng = np.random.default_rng(0)
        worst = 0.0
        for _ in range(20):
            xs, lr = rng.normal(size=2), rng.uniform(0.05, 2.0)
            grad = np.array([1 / (1 + np.exp(-xs[0])), 4 * xs[1] ** 3])

            def model(z: np.ndarray, xs: np.ndarray = xs, grad: np.ndarray = grad, lr: float = lr) -> np.ndarray:
                return (z - xs) @ grad + np.sum((z - xs) ** 2, axis=-1) / (2 * lr)

            step = xs - lr * grad
            # no point of a fine random cloud around the step does better than the step itself
            cloud = step + rng.normal(scale=0.5, size=(4000, 2)) * lr * (1 + np.abs(grad))
            worst = max(worst, model(step) - model(cloud).min())
        return NumericOutcome(worst <= 1e-12, f"model(step) - min over 80000 sampled points = {worst:.2e}", {"gap": worst})

    return d
