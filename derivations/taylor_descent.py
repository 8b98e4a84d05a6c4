"""Why the negative gradient: Taylor expansion of one gradient step (document 002, "Why Negative Gradient?").

Result.  For a C^3 loss L on R^n with g = grad L(theta) and H = grad^2 L(theta):
(1) L(theta + eta v) = L(theta) + eta g^T v + O(eta^2), so a direction v decreases L to first order iff g^T v < 0;
(2) L(theta + eta v) = L(theta) + eta g^T v + (eta^2/2) v^T H v + O(eta^3);
(3) at Delta theta = -eta g: L(theta - eta g) = L(theta) - eta ||g||^2 + (eta^2/2) g^T H g + O(eta^3), whose dominant
    term -eta ||g||^2 is negative for g != 0; for a quadratic L = (1/2) theta^T A theta + b^T theta the expansion is
    exact, and the step decreases L iff eta g^T A g < 2 ||g||^2 (every eta > 0 if g^T A g <= 0);
(4) steepest descent: for g != 0 and r > 0, every d with ||d|| = r has g^T d >= -r ||g|| (Cauchy-Schwarz, certificate
    (||g|| ||d||/2) ||d/||d|| + g/||g|| ||^2 >= 0), with equality exactly at d* = -r g/||g||.  The gradient step
    -eta g is this minimizer for the radius r = eta ||g||, not for the radius eta.

Assumptions.  L an arbitrary smooth function (partial derivatives at a point are the Jets of derivation
gd_vs_flow_general; mixed partials commute); expansions (1)-(3) are
proved in coordinates for n = 2 and n = 3 (n = 1, 2 are the special cases of functions not depending on the last
coordinates); the quadratic case is dimension-free with A symmetric; (4) is proved for n = 3 with g_1 != 0, d_1 != 0
(no loss of generality: permute coordinates; smaller n: zero coordinates).

Reference.  Document 002, "Why Negative Gradient?", "Derivation from Taylor Series"; Nocedal and Wright, Numerical
Optimization (2006), Sec. 2.2 (steepest descent, Taylor's theorem); Boyd and Vandenberghe (2004), Sec. 9.4.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import at
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "gd_second_order", "steepest_direction"]

eta = sp.Symbol("eta", positive=True)


def gd_second_order(value: sp.Expr, g: sp.Matrix, H: sp.Matrix) -> sp.Expr:
    """The derived second-order expansion of L(theta - eta g) without its O(eta^3) remainder: L - eta ||g||^2 +
    (eta^2/2) g^T H g (g the gradient, H the Hessian at theta)."""
    return value - eta * (g.T * g)[0, 0] + eta**2 / 2 * (g.T * H * g)[0, 0]


def steepest_direction(g: sp.Matrix, r: sp.Expr) -> sp.Matrix:
    """The derived minimizer -r g/||g|| of g^T d over ||d|| = r."""
    return -r * g / sp.sqrt((g.T * g)[0, 0])


def derive() -> Derivation:
    d = Derivation(
        "taylor_descent",
        "Why the negative gradient: Taylor expansion of a step, and steepest descent",
        Source("002", "Why Negative Gradient?; Derivation from Taylor Series",
               r"For small $\eta$, the dominant term is $-\eta \|\nabla L\|^2 < 0$"),
        summary=r"Expanding $L(\theta + \eta v)$ to second order gives $\eta g^T v + \frac{\eta^2}{2} v^T H v$; with "
        r"$v = -g$ the leading change is $-\eta \|g\|^2 < 0$. Among steps of length $r$, $-r g/\|g\|$ minimizes the "
        "first-order change (Cauchy-Schwarz).",
        reference="Document 002; Nocedal and Wright (2006), Sec. 2.2; Boyd and Vandenberghe (2004), Sec. 9.4.",
    )
    d.assume(eta)
    Lf = sp.Function("L")  # an arbitrary smooth loss

    # (1)-(3) in coordinates: a general direction v, then v = -grad L.  Partial derivatives at a point are
    # Jets (derivation gd_vs_flow_general): SymPy's Subs loses terms of the chain rule at a moving point.
    for dim in (2, 3):
        x = sp.symbols(f"x_1:{dim + 1}", real=True)  # the function's own variables
        th = sp.symbols(f"theta_1:{dim + 1}", real=True)
        v = sp.Matrix(sp.symbols(f"v_1:{dim + 1}", real=True))
        d.assume([*th, *v])
        fx = Lf(*x)
        loss = at(fx, x, th)
        g = sp.Matrix([at(sp.Derivative(fx, xi), x, th) for xi in x])
        H = sp.Matrix(dim, dim, lambda i, j, x=x, fx=fx, th=th: at(sp.Derivative(fx, x[i], x[j]), x, th))
        moved = at(fx, x, [t + eta * vi for t, vi in zip(th, v, strict=True)])
        d.claim(moved, "=+O", loss + eta * (g.T * v)[0, 0], f"first order along $v$ ($n = {dim}$): decrease iff "
                "$\\nabla L^T v < 0$", order=(eta, 2))
        d.conclude(f"$n = {dim}$: " r"$L(\theta + \eta v) = L(\theta) + \eta \nabla L^T v + O(\eta^2)$")
        d.claim(moved, "=+O", loss + eta * (g.T * v)[0, 0] + eta**2 / 2 * (v.T * H * v)[0, 0],
                f"second order along $v$ with the Hessian ($n = {dim}$)", order=(eta, 3))
        d.conclude(f"$n = {dim}$: " r"$L(\theta + \eta v) = L(\theta) + \eta \nabla L^T v + \frac{\eta^2}{2} v^T H v + "
                   r"O(\eta^3)$")
        point = [t - eta * gi for t, gi in zip(th, g, strict=True)]
        if dim == 3:  # the GD point theta^+ named coordinate by coordinate (definitions are global: once), to fit the line
            plus = sp.symbols(f"theta^+_1:{dim + 1}", real=True)
            for i, (pi, coordinate) in enumerate(zip(plus, point, strict=True), 1):
                d.define(pi, coordinate, f"the GD point, coordinate {i}: " r"$\theta^+ = \theta - \eta \nabla L(\theta)$")
            point = plus
        step = at(fx, x, point)
        d.claim(step, "=+O", gd_second_order(loss, g, H), f"$\\Delta\\theta = -\\eta \\nabla L$ ($n = {dim}$)",
                order=(eta, 3))
        d.conclude(f"$n = {dim}$: " r"$L(\theta - \eta g) = L(\theta) - \eta \|g\|^2 + \frac{\eta^2}{2} g^T H g + "
                   r"O(\eta^3)$")
        d.claim(step, "=+O", loss - eta * (g.T * g)[0, 0], f"the dominant term ($n = {dim}$)", order=(eta, 2))
        d.conclude(f"$n = {dim}$: first-order decrease " r"$L(\theta - \eta g) = L(\theta) - \eta \|g\|^2 + O(\eta^2)$")

    # The quadratic case, dimension-free: the expansion is exact (no remainder).
    n = sp.Symbol("n", integer=True, positive=True)
    A = d.matrix(sp.MatrixSymbol("A", n, n), symmetric=True)
    theta, b = (d.matrix(sp.MatrixSymbol(s, n, 1)) for s in ("theta", "b"))
    quad = lambda z: z.T * A * z / 2 + b.T * z  # noqa: E731 - the quadratic loss as a 1 x 1 matrix expression
    d.claim(sp.Derivative(quad(theta), theta, evaluate=False), "=", A * theta + b,
            "the gradient of the quadratic ($A$ symmetric)")
    gq = sp.MatrixSymbol("g", n, 1)
    d.define(gq, A * theta + b, "the gradient at $\\theta$")
    a1, B = sp.MatrixSymbol("a", 1, 1), sp.MatrixSymbol("B", 1, 1)
    cc = sp.Symbol("c_{0}", real=True)
    transpose = d.premise(r"a $1 \times 1$ matrix is its own transpose", Claim(B + cc * a1.T, "=", B + cc * a1),
                          variables=(B, cc, a1), source=r"$(u^T v)^T = v^T u$ is a scalar")
    rest = eta**2 / 2 * gq.T * A * gq - eta * b.T * gq
    d.claim(quad(theta - eta * gq) - quad(theta), "=", -eta / 2 * (theta.T * A * gq).T - eta / 2 * theta.T * A * gq + rest,
            "expand ($A^T = A$)")
    expanded = {gq: A * theta + b}  # the premise is matched after the definition of g is substituted
    d.then("=", -eta * theta.T * A * gq + rest, "a $1 \\times 1$ matrix is its own transpose", premise=transpose,
           instance={B: (-eta / 2 * theta.T * A * gq + rest).xreplace(expanded), cc: -eta / 2,
                     a1: (theta.T * A * gq).xreplace(expanded)})
    d.then("=", -eta * gq.T * gq + eta**2 / 2 * gq.T * A * gq, "$g^T g = \\theta^T A g + b^T g$: "
           "the quadratic's second order is exact")
    d.conclude(r"for a quadratic, $L(\theta - \eta g) - L(\theta) = -\eta \|g\|^2 + \frac{\eta^2}{2} g^T A g$ exactly")
    q = sp.Symbol("q", positive=True)  # q = ||g||^2 > 0 (g != 0)
    c = sp.Symbol("c", positive=True)  # c = g^T A g, the curvature along g
    c0 = sp.Symbol("c_{-}", nonpositive=True)  # g^T A g <= 0 (non-positive curvature along g)
    d.assume([q, c, c0])
    w = sp.Symbol("w", positive=True)  # every eta in (0, 2q/c) is 2q/(c (1 + w)) for a unique w > 0
    d.assume(w)
    with sp.evaluate(False):  # keep the parametrization of eta visible
        small = 2 * q / (c * (1 + w))
        change = -small * q + small**2 / 2 * c
    d.claim(change, "<", 0, "with $q = \\|g\\|^2 > 0$, $c = g^T A g > 0$ and $\\eta = \\frac{2q}{c(1 + w)} < "
            "\\frac{2q}{c}$: the step decreases $L$")
    d.conclude(r"$g \neq 0$, $0 < \eta < 2\|g\|^2/(g^T A g)$: the step strictly decreases the quadratic")
    d.claim(-eta * q + eta**2 / 2 * c0, "<", 0, "non-positive curvature along $g$: every $\\eta > 0$ decreases $L$")
    with sp.evaluate(False):  # keep the substitution eta = 2||g||^2/(g^T A g) visible
        at_edge = -(2 * q / c) * q + (2 * q / c) ** 2 / 2 * c
    d.claim(at_edge, "=", 0, "at $\\eta = 2q/c$ the decrease is zero: "
            "the bound is sharp")

    # (4) Steepest descent under a fixed step length, n = 3 (g_1, d_1 != 0 without loss of generality).
    r = sp.Symbol("r", positive=True)
    gs = sp.Matrix([sp.Symbol("g_1", real=True, nonzero=True), *sp.symbols("g_2 g_3", real=True)])
    ds = sp.Matrix([sp.Symbol("d_1", real=True, nonzero=True), *sp.symbols("d_2 d_3", real=True)])
    d.assume([r, *gs, *ds])
    gnorm, dnorm = sp.sqrt((gs.T * gs)[0, 0]), sp.sqrt((ds.T * ds)[0, 0])
    inner = (gs.T * ds)[0, 0]
    unit_sum = ds / dnorm + gs / gnorm
    d.claim(inner, ">=", -gnorm * dnorm, "Cauchy-Schwarz: the gap is $\\frac{\\|g\\|\\|d\\|}{2} \\|d/\\|d\\| + "
            "g/\\|g\\|\\|^2 \\ge 0$", certificate=gnorm * dnorm / 2 * (unit_sum.T * unit_sum)[0, 0])
    d.conclude(r"every $d$ with $\|d\| = r$ has $g^T d \ge -r \|g\|$ (equality iff $d/\|d\| = -g/\|g\|$)")
    dstar = steepest_direction(gs, r)
    d.claim((dstar.T * dstar)[0, 0], "=", r**2, "$d^* = -r g/\\|g\\|$ has length $r$")
    best = d.claim((gs.T * dstar)[0, 0], "=", -r * gnorm, "and attains the bound")
    d.conclude(r"the minimum of $g^T d$ over $\|d\| = r$ is $-r \|g\|$, at $d^* = -r g/\|g\|$", step=best)
    d.claim(sp.Pow(((eta * gs).T * (eta * gs))[0, 0], sp.Rational(1, 2), evaluate=False), "=", eta * gnorm,
            "$-\\eta g$ has direction $-g/\\|g\\|$ and length $\\eta\\|g\\|$: the steepest step for $r = \\eta\\|g\\|$")
    d.conclude(r"the GD step $-\eta g$ is the steepest-descent step for the radius $\eta \|g\|$")
    d.erratum(
        "002", r"The most negative value for a fixed step size $\|\Delta\theta\| = \eta$ occurs when: ... Taking "
        r"$\Delta\theta = -\eta \nabla L$ gives the steepest descent.",
        r"With the step length fixed to $\|\Delta\theta\| = \eta$, the minimizer is the normalized "
        r"$-\eta \nabla L/\|\nabla L\|$, and $\Delta\theta = -\eta \nabla L$ gives that steepest descent step.",
        r"$-\eta \nabla L$ has the steepest direction but length $\eta \|\nabla L\|$, not $\eta$: it solves the "
        r"fixed-length problem for the radius $r = \eta \|\nabla L\|$ (proved above), equivalently it minimizes the "
        r"first-order model plus $\|\Delta\theta\|^2/(2 \eta)$ (derivation local_model). The two coincide only when "
        r"$\|\nabla L\| = 1$.",
        evidence=r"$\|-\eta g\|^2 = \eta^2$ is refuted at a sample point (it equals $\eta^2 \|g\|^2$)",
        claim=Claim((eta**2 * gs.T * gs)[0, 0], "=", eta**2),
    )

    @d.numeric("taylor_remainder_orders", r"finite differences on a non-quadratic loss: the first-order remainder "
               r"scales as $\eta^2$, the second-order one as $\eta^3$ (fitted log-log slopes)")
    def _orders() -> NumericOutcome:
        rng = np.random.default_rng(20)
        M = rng.normal(size=(6, 3))

        def loss(z: np.ndarray) -> float:  # log-sum-exp plus a quartic: smooth, not quadratic
            return float(np.log(np.sum(np.exp(M @ z))) + 0.25 * np.sum(z**4))

        def grad_hess(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            p = np.exp(M @ z)
            p /= p.sum()
            grad = M.T @ p + z**3
            hess = M.T @ (np.diag(p) - np.outer(p, p)) @ M + np.diag(3 * z**2)
            return grad, hess

        z = rng.normal(size=3)
        grad, hess = grad_hess(z)
        etas = 0.2 / 2.0 ** np.arange(7)
        r1 = [abs(loss(z - e * grad) - (loss(z) - e * grad @ grad)) for e in etas]
        r2 = [abs(loss(z - e * grad) - (loss(z) - e * grad @ grad + e**2 / 2 * grad @ hess @ grad)) for e in etas]
        s1 = np.polyfit(np.log(etas), np.log(r1), 1)[0]
        s2 = np.polyfit(np.log(etas), np.log(r2), 1)[0]
        ok = abs(s1 - 2) < 0.15 and abs(s2 - 3) < 0.15
        return NumericOutcome(ok, f"log-log slope of the first-order remainder {s1:.3f} (2), second-order {s2:.3f} (3)",
                              {"slope_first": s1, "slope_second": s2})

    @d.numeric("steepest_direction_sampled", r"200000 random directions of length $r$ in $\mathbb{R}^5$: "
               r"$\min g^T d$ is $-r\|g\|$, reached next to $-r g/\|g\|$")
    def _steepest() -> NumericOutcome:
        rng = np.random.default_rng(21)
        grad, radius = rng.normal(size=5), 0.7
        D = rng.normal(size=(200000, 5))
        D *= radius / np.linalg.norm(D, axis=1, keepdims=True)
        vals = D @ grad
        best = D[np.argmin(vals)]
        bound = -radius * np.linalg.norm(grad)
        cosine = -best @ grad / (np.linalg.norm(best) * np.linalg.norm(grad))
        ok = vals.min() >= bound - 1e-12 and vals.min() - bound < 0.02 * abs(bound) and cosine > 0.98
        return NumericOutcome(ok, f"least sampled $g^T d$ = {vals.min():.5f} $\\ge -r\\|g\\|$ = {bound:.5f}; cosine of "
                              f"the best sample with $-g$: {cosine:.4f}", {"min": vals.min(), "bound": bound, "cosine": cosine})

    return d
