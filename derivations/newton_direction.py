"""Newton's direction: the minimizer of the second-order Taylor model (document 003, "Hessian Preconditioners").

Result.  The model m(x) = f(x_t) + <g, x - x_t> + (1/2) <x - x_t, H (x - x_t)>, with g = grad f(x_t) and
H = grad^2 f(x_t) symmetric, has gradient g + H (x - x_t) and Hessian H.  Its stationary point is
x* = x_t - H^{-1} g (H invertible).  If H is positive definite, m(x) - m(x*) = (1/2)(x - x*)^T H (x - x*)
> 0 for x != x*, so x* is the unique minimizer, m(x*) = f(x_t) - (1/2) g^T H^{-1} g, and
d = -H^{-1} g is a descent direction (g^T d = -g^T H^{-1} g < 0 for g != 0).  Invertibility alone is not
enough: for an indefinite H the stationary point is a saddle or a maximum of the model.  On a quadratic
(1/2) x^T H x - b^T x one Newton step lands on the minimizer H^{-1} b (H^{-1} H = I: kappa = 1).

Assumptions.  x, x_t, g in R^n (dimension-free); H symmetric positive definite for the minimum.

Reference.  Document 003, "Hessian Preconditioners"; Nocedal and Wright, Numerical Optimization
(2006), Sec. 2.2 and 3.3; Boyd and Vandenberghe (2004), Sec. 9.5.  The same model with H = I/eta is
the gradient step (derivation local_model).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import newton_step, second_order_model
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "newton_step", "second_order_model"]

n = sp.Symbol("n", integer=True, positive=True)


def derive() -> Derivation:
    d = Derivation(
        "newton_direction",
        "Newton's direction minimizes the second-order Taylor model",
        Source("003", "Hessian Preconditioners", r"$x = x_t - [\nabla^2 f(x_t)]^{-1} \nabla f(x_t)$"),
        summary=r"The second-order model has gradient $g + H (x - x_t)$; its stationary point $x_t - H^{-1} g$ is the "
        r"unique minimizer when $H$ is positive definite, and $-H^{-1} g$ is then a descent direction.",
        reference="Document 003; Nocedal and Wright (2006), Sec. 2.2, 3.3; Boyd and Vandenberghe (2004), Sec. 9.5.",
    )
    x, x_t, g, s = (d.matrix(sp.MatrixSymbol(name, n, 1)) for name in ("x", "x_t", "g", "s"))
    f_t = d.matrix(sp.MatrixSymbol("f(x_{t})", 1, 1))
    H = d.matrix(sp.MatrixSymbol("H", n, n), positive_definite=True)
    m = second_order_model(f_t, g, H, x, x_t)

    # Stationarity: gradient of the model, set to zero.
    d.claim(sp.Derivative(m, x, evaluate=False), "=", g + H * (x - x_t), "gradient of the model ($H$ symmetric)")
    d.claim(sp.Derivative(g + H * (x - x_t), x, evaluate=False), "=", H, "its Hessian is $H$")
    newton = d.claim(x, ":=", newton_step(x_t, g, H), "set the gradient to zero, solve ($H$ invertible)",
                     equation=sp.Eq(g + H * (x - x_t), sp.ZeroMatrix(n, 1)))
    d.conclude(r"the stationary point of the model is $x^* = x_t - H^{-1} g$", step=newton)
    d.claim(second_order_model(f_t, g, H, newton_step(x_t, g, H), x_t), "=", f_t - g.T * H.I * g / 2,
            "the model's value there")
    d.conclude(r"$m(x^*) = f(x_t) - \frac{1}{2} g^T H^{-1} g$")

    # Uniqueness: write g = -H s (s = -H^{-1} g, the Newton step) and complete the square.
    B = sp.MatrixSymbol("B", 1, 1)
    u, v = sp.MatrixSymbol("u", n, 1), sp.MatrixSymbol("v", n, 1)
    c = sp.Symbol("c", real=True)
    symmetric_form = d.premise(r"a symmetric bilinear form: $u^T H v = v^T H u$ (plus $B$, times $c$)",
                               Claim(B + c * u.T * H * v, "=", B + c * v.T * H * u), variables=(B, c, u, v),
                               source=r"$u^T H v$ is $1 \times 1$, equal to its transpose $v^T H^T u$, and $H^T = H$")
    ms = lambda z: second_order_model(f_t, -H * s, H, z, x_t)  # noqa: E731 - the model with g = -H s
    dx = x - x_t
    d.claim(ms(x) - ms(x_t + s), "=", dx.T * H * dx / 2 - s.T * H * dx / 2 - s.T * H * dx / 2 + s.T * H * s / 2,
            "with $g = -Hs$: expand $m(x) - m(x_t + s)$")
    d.then("=", dx.T * H * dx / 2 - dx.T * H * s / 2 - s.T * H * dx / 2 + s.T * H * s / 2,
           "$s^T H (x - x_t) = (x - x_t)^T H s$", premise=symmetric_form,
           instance={B: dx.T * H * dx / 2 - s.T * H * dx / 2 + s.T * H * s / 2, c: -sp.Rational(1, 2), u: s, v: dx})
    d.then("=", (dx - s).T * H * (dx - s) / 2, "complete the square")
    d.conclude(r"$m(x) - m(x^*) = \frac{1}{2}(x - x^*)^T H (x - x^*)$: positive for $x \neq x^*$ when $H \succ 0$, so $x^*$ "
               r"is the unique minimizer")

    # Descent: the slope of f along d = -H^{-1} g.
    d.claim(sp.MatMul(g.T, -H.I * g, evaluate=False), "=", -(g.T * H.I * g), "slope along $d = -H^{-1} g$: $< 0$ when $H \\succ 0$, $g \\neq 0$")
    d.conclude(r"$g^T d = -g^T H^{-1} g$")

    # "perfectly scale": on a quadratic f = (1/2) x^T H x - b^T x one Newton step lands on the minimizer H^{-1} b.
    b = d.matrix(sp.MatrixSymbol("b", n, 1))
    d.claim(newton_step(x_t, H * x_t - b, H), "=", H.I * b, "quadratic $f$: $g = H x_t - b$, one step reaches $H^{-1} b$")
    d.claim(sp.MatMul(H.I, H, evaluate=False), "=", sp.Identity(n), "the preconditioned curvature $H^{-1} H = I$: every eigenvalue 1, "
            "$\\kappa = 1$")
    d.conclude("on a quadratic, Newton's step removes the conditioning problem: one step to the minimizer")

    # Erratum: invertible is not enough - with negative curvature the stationary point is a maximum.
    gs, h, dd = sp.Symbol("g", real=True, nonzero=True), sp.Symbol("h", negative=True), sp.Symbol("d", real=True)
    model_1d = lambda z: gs * z + h * z**2 / 2  # noqa: E731 - the 1-D model minus f(x_t), curvature h
    d.claim(sp.Derivative(model_1d(dd), dd).subs(dd, -gs / h), "=", 0, "1-D: the stationary point is $d = -g/h$")
    d.erratum(
        "003", r"The minimum of $f(x)$ can be found in closed form by setting the gradient ... assuming that "
        r"$\nabla^2 f(x_t)$ is invertible, the natural direction of descent changes from ... to ... "
        r"$d = -[\nabla^2 f(x_t)]^{-1} \nabla f(x_t)$",
        r"Setting the model's gradient to zero gives its minimum, and $-H^{-1} g$ is a descent direction, for invertible "
        r"$H$.",
        r"Only for positive definite $H$: with a negative eigenvalue the stationary point is a maximum or saddle of the "
        r"model and $-H^{-1} g$ can point uphill (1-D, $h < 0$: slope $g \cdot (-g/h) = -g^2/h > 0$).",
        evidence=r"1-D model $g d + h d^2/2$ with $h < 0$: “the stationary point is the minimum” is refuted",
        claim=Claim(model_1d(-gs / h), "<=", model_1d(dd)),
    )
    d.erratum(
        "003", r"the natural direction of descent changes from ... $d = -\nabla f(x_t)$ ... to ... "
        r"$d = -[\nabla^2 f(x_t)]^{-1} \nabla f(x_t)$",
        r"$d = -H^{-1} g$ is a descent direction whenever $H$ is invertible.",
        r"It is a descent direction when $H$ is positive definite; for $h < 0$ (1-D) the slope $-g^2/h$ is positive.",
        evidence=r"the slope $g \cdot (-g/h) < 0$ is refuted for $h < 0$",
        claim=Claim(gs * (-gs / h), "<", 0),
    )

    @d.numeric("newton_vs_minimizer", "on random SPD quadratics, one Newton step lands on the minimizer; on a smooth "
               "convex function the Newton point minimizes the sampled model")
    def _newton() -> NumericOutcome:
        rng = np.random.default_rng(9)
        worst_q, worst_m = 0.0, -np.inf
        for _ in range(50):
            M = rng.normal(size=(4, 4))
            A = M @ M.T + 0.5 * np.eye(4)
            b = rng.normal(size=4)
            x0 = rng.normal(size=4)
            x1 = x0 - np.linalg.solve(A, A @ x0 - b)
            worst_q = max(worst_q, np.abs(x1 - np.linalg.lstsq(A, b, rcond=None)[0]).max())
            # f(v) = sum log cosh(v) + ||v||^2/2 at x0: model minimized by the Newton point among random points
            grad = np.tanh(x0) + x0
            Hm = np.diag(1 / np.cosh(x0) ** 2 + 1)
            xn = x0 - np.linalg.solve(Hm, grad)

            def model(z: np.ndarray, grad: np.ndarray = grad, Hm: np.ndarray = Hm, x0: np.ndarray = x0) -> np.ndarray:
                dz = z - x0
                return dz @ grad + 0.5 * np.einsum("...i,ij,...j->...", dz, Hm, dz)

            cloud = xn + rng.normal(scale=0.5, size=(2000, 4))
            worst_m = max(worst_m, model(xn) - model(cloud).min())
        ok = worst_q < 1e-9 and worst_m <= 1e-12
        return NumericOutcome(ok, f"quadratics: $\\max \\|x_1 - x^*\\|$ = {worst_q:.1e}; model at the Newton point minus "
                              f"the least sampled model = {worst_m:.2e} ($\\le 0$)",
                              {"worst_quadratic": worst_q, "worst_model": worst_m})

    return d
