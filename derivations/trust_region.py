"""The step size as a trust region (document 000, "The Role of Step Size eta").

Result.  The minimizer x+ = x_s - eta g of the local model m(x) = f(x_s) + <g, x - x_s> +
(1/(2 eta)) ||x - x_s||^2 (g = grad f(x_s); derivation local_model) moves by exactly
||x+ - x_s|| = eta ||g||, in any dimension, and the model predicts the decrease (eta/2) ||g||^2.
The penalty weight 1/(2 eta) decreases strictly in eta while the step length eta ||g|| grows
linearly: small eta = strong penalty = small trust region.  The trust region is exact: for every
d with ||d|| <= eta ||g||,
    <g, d> + eta ||g||^2 = ||d + eta g||^2/(2 eta) + (eta^2 ||g||^2 - ||d||^2)/(2 eta) >= 0,
so the GD step minimizes the linear model over the ball of radius eta ||g|| (uniquely: equality
forces d = -eta g).  The radius scales with ||g||: a fixed eta does not bound the step length.

Assumptions.  x_s, g, d in R^n (dimension-free: n is a symbol); eta > 0.

Reference.  Document 000, "Deep Understanding" and "Why Add the Quadratic Term?"; Nocedal and
Wright, Numerical Optimization (2006), Ch. 4 (trust regions); Parikh and Boyd, Proximal Algorithms
(2014), Sec. 4.1.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "penalty_weight", "step_length"]

n = sp.Symbol("n", integer=True, positive=True)
eta = sp.Symbol("eta", positive=True)
norm_g = sp.Symbol(r"\|g\|", nonnegative=True)

# The derived expressions, in one place.
penalty_weight = 1 / (2 * eta)  # the weight of ||x - x_s||^2 in the model
step_length = eta * norm_g  # ||x+ - x_s||, the trust-region radius


def derive() -> Derivation:
    d = Derivation(
        "trust_region",
        r"The step size as a trust region: the GD step has length $\eta \|\nabla f\|$",
        Source("000", "Deep Understanding: The Role of Step Size",
               r"Small $\eta$: Strong quadratic penalty, small trust region, conservative steps"),
        summary=r"The model's minimizer moves by exactly $\eta \|g\|$; the penalty $1/(2\eta)$ weakens as $\eta$ grows; "
        r"and the GD step is the minimizer of the linear model over the ball of radius $\eta \|g\|$.",
        reference="Document 000; Nocedal and Wright (2006), Ch. 4; Parikh and Boyd (2014), Sec. 4.1.",
    )
    d.assume([eta, norm_g])
    x_s, g, dv = (d.matrix(sp.MatrixSymbol(s, n, 1)) for s in ("x_s", "g", "d"))
    f_s = d.matrix(sp.MatrixSymbol("f(x_{s})", 1, 1))
    I = sp.Identity(n)  # noqa: E741 - the identity matrix
    x_plus = x_s - eta * g  # the model's minimizer (derivation local_model)

    # The minimizer moves by eta ||g||: its squared distance from x_s, in any dimension.
    step = sp.MatAdd(x_plus, -x_s, evaluate=False)  # x+ - x_s, kept as written
    d.claim(sp.MatMul(sp.Transpose(step), step, evaluate=False), "=", eta**2 * g.T * g, "squared length of the step $x^+ - x_s = -\\eta g$")
    d.conclude(r"$\|x^+ - x_s\| = \eta \|\nabla f(x_s)\|$ (dimension-free)")
    # The decrease the model predicts.
    # the model f + g^T (x - x_s) + (x - x_s)^T (I/eta) (x - x_s) / 2 at x = x+, before it simplifies
    at_minimizer = sp.MatAdd(f_s, sp.MatMul(g.T, step, evaluate=False),
                             sp.MatMul(sp.Rational(1, 2), sp.Transpose(step), I / eta, step, evaluate=False), evaluate=False)
    d.claim(at_minimizer, "=", f_s - eta / 2 * g.T * g, "the model at its minimizer")
    d.conclude(r"$m(x^+) = f(x_s) - \frac{\eta}{2} \|g\|^2$")

    # Small eta = strong penalty: the weight 1/(2 eta) decreases strictly in eta ...
    d.claim(sp.Derivative(penalty_weight, eta), "=", -1 / (2 * eta**2), "differentiate the penalty weight in $\\eta$")
    d.then("<", 0, "strictly decreasing")
    d.conclude(r"the penalty weight $1/(2\eta)$ decreases strictly in $\eta$: small $\eta$, strong penalty")
    # ... while the step length eta ||g|| grows in proportion to eta (and to ||g||).
    d.claim(sp.Derivative(step_length, eta), "=", norm_g, "differentiate the step length in $\\eta$")
    d.then(">=", 0, "nondecreasing (increasing when $g \\neq 0$)")
    with sp.evaluate(False):
        radius = norm_g / (2 * penalty_weight)
    d.claim(step_length, "=", radius, "radius $= \\|g\\| / (2 \\cdot$ penalty weight$)$")
    d.conclude(r"radius $= \|g\| / (2 \cdot$ penalty weight$)$: small $\eta$, small trust region")

    # The trust region exactly: an identity for every d, then the bound inside the ball ||d|| <= eta ||g||.
    B, u, w = sp.MatrixSymbol("B", 1, 1), sp.MatrixSymbol("u", n, 1), sp.MatrixSymbol("w", n, 1)
    c = sp.Symbol("c", real=True)
    transpose = d.premise(r"a $1 \times 1$ product equals its transpose: $u^T w = w^T u$ (plus $B$, times $c$)",
                          Claim(B + c * u.T * w, "=", B + c * w.T * u), variables=(B, c, u, w),
                          source=r"$u^T w$ is a $1 \times 1$ matrix, equal to its transpose $w^T u$")
    gap = (dv + eta * g).T * (dv + eta * g) / (2 * eta) + (eta**2 * g.T * g - dv.T * dv) / (2 * eta)
    expanded = (dv.T * dv + eta * dv.T * g + eta * g.T * dv + eta**2 * g.T * g) / (2 * eta) \
        + (eta**2 * g.T * g - dv.T * dv) / (2 * eta)
    d.claim(gap, "=", expanded, "expand the square")
    d.then("=", expanded - dv.T * g / 2 + g.T * dv / 2, "$d^T g = g^T d$", premise=transpose,
           instance={B: expanded - dv.T * g / 2, c: sp.Rational(1, 2), u: dv, w: g})
    d.then("=", g.T * dv + eta * g.T * g, "collect")
    d.conclude(r"$\langle g, d \rangle + \eta \|g\|^2 = \|d + \eta g\|^2/(2\eta) + (\eta^2 \|g\|^2 - \|d\|^2)/(2\eta)$ for "
               r"every $d$")
    # In scalars: s = ||d + eta g||^2 >= 0 and the slack w = eta^2 ||g||^2 - ||d||^2 >= 0 (d in the ball).
    s, w_ball = (sp.Symbol(name, nonnegative=True) for name in (r"\|d + \eta g\|^{2}", r"\eta^{2}\|g\|^{2} - \|d\|^{2}"))
    d.assume([s, w_ball])
    d.claim(s / (2 * eta) + w_ball / (2 * eta), ">=", 0, "both terms are $\\ge 0$ inside the ball")
    d.conclude(r"for $\|d\| \le \eta \|g\|$: $\langle g, d \rangle \ge -\eta \|g\|^2$")
    d.claim(sp.MatMul(g.T, -eta * g, evaluate=False), "=", -eta * g.T * g, "the GD step $d = -\\eta g$ attains the bound (on the boundary)")
    d.conclude(r"the GD step minimizes the linear model over the ball of radius $\eta \|g\|$ (uniquely: equality needs "
               r"$\|d + \eta g\| = 0$)")

    # Erratum: the model is a first-order approximation only (its curvature is 1/eta, not f'').
    f = sp.Function("f")
    xs1, h = sp.Symbol("x_s", real=True), sp.Symbol("h", real=True)
    model_1d = f(xs1) + sp.Derivative(f(xs1), xs1) * h + h**2 / (2 * eta)
    d.claim(f(xs1 + h) - model_1d, "=+O", (sp.Derivative(f(xs1), xs1, 2) - 1 / eta) * h**2 / 2,
            "1-D: $f(x_s + h) - m_s(x_s + h)$ to second order", order=(h, 3))
    d.conclude(r"$f - m_s = (f''(x_s) - 1/\eta) h^2/2 + O(h^3)$: the model matches $f$ to first order only")
    d.erratum(
        "000", "In this small region, the terrain can be approximated by a simple paraboloid ... The red parabola (local "
        "model) closely matches the blue curve (true function) near the current point",
        r"The GD model $m_s$ is a local quadratic approximation of $f$.",
        r"$m_s$ matches $f$ only to first order (value and slope): $f - m_s = (f''(x_s) - 1/\eta) h^2/2 + O(h^3)$, an "
        r"error of the same order as the linear model's. Its curvature $1/\eta$ is a proximity penalty, not $f$'s "
        r"curvature (the second-order approximation is Newton's model); for $\eta \le 1/L$ it is an upper bound of $f$ "
        "(descent lemma), which is what makes the step safe.",
        evidence=r"the proved expansion above; “$f(x_s + h) - m_s(x_s + h) = O(h^3)$” is refuted for a sampled $f$",
        claim=Claim(f(xs1 + h) - model_1d, "=+O", 0, order=(h, 3)),
    )

    # Erratum: the "trust region" does not cap the step; its radius eta ||g|| grows with the gradient.
    x1, r = sp.Symbol("x", real=True), sp.Symbol("r", positive=True)
    d.claim(sp.Derivative(x1**4, x1), "=", 4 * x1**3, "$f = x^4$: the step from $x$ has length $4\\eta|x|^3$")
    d.erratum(
        "000", "Quadratic term acts as a \"trust region\" preventing steps that are too large",
        "The quadratic term keeps the steps from becoming too large.",
        r"It makes the step finite, but the implied radius is $\eta \|\nabla f(x_s)\|$, proportional to the gradient: for "
        r"a fixed $\eta$ the step length is unbounded (on $f = x^4$ it is $4 \eta |x|^3$, and GD with $\eta = 0.1$ from "
        r"$x_0 = 3$ diverges). A trust-region method fixes the radius instead (the document's own “Trust Region Methods: "
        "Explicitly control trust region size”).",
        evidence=r"“$(4 \eta x^3)^2 \le r^2$ for all $x$” (a step bound $r$ for fixed $\eta$) is refuted; see also the "
        "numeric check of the step-size regimes",
        claim=Claim((4 * eta * x1**3) ** 2, "<=", r**2),
    )

    # Erratum: GD need not reach a minimum; on (x^2 - y^2)/2 from y_0 = 0 it converges to the saddle (0, 0).
    alpha = sp.Symbol("alpha", positive=True)
    d.hypothesis(alpha < 2, r"$0 < \alpha < 2$ (the saddle example's step)")
    xx, yy, eps = sp.Symbol("x", real=True), sp.Symbol("y", real=True), sp.Symbol("epsilon", real=True, nonzero=True)
    saddle = sp.Lambda((xx, yy), (xx**2 - yy**2) / 2)
    d.claim(sp.ImmutableMatrix([xx, yy]) - alpha * sp.ImmutableMatrix([sp.diff(saddle(xx, yy), xx), sp.diff(saddle(xx, yy),
            yy)]), "=", sp.ImmutableMatrix([(1 - alpha) * xx, (1 + alpha) * yy]),
            "$f = (x^2 - y^2)/2$: the GD map; from $y_0 = 0$ every $y_k = 0$, $x_k = (1 - \\alpha)^k x_0$")
    d.claim((1 - alpha) ** 2, "<", 1, "$|1 - \\alpha| < 1$ for $0 < \\alpha < 2$: $x_k \\to 0$, the iterates converge to "
            "$(0, 0)$")
    d.claim(saddle(0, eps), "<", saddle(0, 0), "but $(0, 0)$ is a saddle: $f(0, \\epsilon) < f(0, 0)$")
    d.conclude(r"GD on $(x^2 - y^2)/2$ from $(x_0, 0)$ converges to the saddle $(0, 0)$, not to a minimum")
    d.erratum(
        "000", "Multiple steps accumulate, eventually reaching a global or local minimum",
        "Repeated GD steps eventually reach a global or local minimum.",
        r"Not in general: GD can converge to a saddle point (on $(x^2 - y^2)/2$ from $(x_0, 0)$ it converges to $(0, 0)$), "
        r"and it reaches nothing when $f$ has no minimizer ($f = e^x$: $x_k$ decreases forever). Under $L$-smoothness and "
        r"$\eta < 2/L$ the gradient norms go to zero (stationary points); minima need more (convexity, or escaping saddles "
        "for almost every start).",
        evidence=r"proved: the iterates tend to $(0, 0)$ and $f(0, \epsilon) < f(0, 0)$; the document's claim that the limit "
        r"$(0, 0)$ is a local minimum, $f(0, 0) \le f(0, \epsilon)$, is refuted; see also the numeric check on the saddle",
        claim=Claim(saddle(0, 0), "<=", saddle(0, eps)),
    )

    @d.numeric("trust_region_sampling", r"random $g \in \mathbb{R}^5$ and $\eta$: the GD step has length $\eta \|g\|$, "
               r"and no sampled $d$ in the ball of radius $\eta \|g\|$ beats it on $\langle g, d \rangle$")
    def _sampling() -> NumericOutcome:
        rng = np.random.default_rng(4)
        worst_len, worst_gap = 0.0, np.inf
        for _ in range(200):
            gv, lr = rng.normal(size=5) * rng.uniform(0.1, 10), rng.uniform(0.01, 3)
            radius = lr * np.linalg.norm(gv)
            worst_len = max(worst_len, abs(np.linalg.norm(-lr * gv) - radius) / radius)
            dirs = rng.normal(size=(2000, 5))
            pts = dirs / np.linalg.norm(dirs, axis=1, keepdims=True) * radius * rng.uniform(0, 1, size=(2000, 1)) ** 0.2
            worst_gap = min(worst_gap, (pts @ gv).min() - gv @ (-lr * gv))  # >= 0: the step is the best
        ok = worst_len < 1e-12 and worst_gap >= -1e-9
        return NumericOutcome(ok, f"largest relative $|\\text{{length}} - \\eta\\|g\\||$ = {worst_len:.1e}; least "
                              f"$\\langle g, d \\rangle - \\langle g, -\\eta g \\rangle$ over the samples = {worst_gap:.3g} "
                              "($\\ge 0$)", {"length_error": worst_len, "min_gap": worst_gap})

    @d.numeric("step_size_regimes", r"too small is slow, too large diverges ($\lambda x^2/2$, $\lambda = 4$); on $x^4$ "
               r"a fixed $\eta = 0.1$ diverges from $x_0 = 3$ but converges from $x_0 = 1$")
    def _regimes() -> NumericOutcome:
        lam = 4.0
        iters = {}
        for lr in (0.01, 0.1, 0.45, 0.55):  # 2/lambda = 0.5
            xk, k = 1.0, 0
            while abs(xk) > 1e-6 and abs(xk) < 1e6 and k < 10_000:
                xk, k = xk - lr * lam * xk, k + 1
            iters[lr] = k if abs(xk) <= 1e-6 else -1  # -1: diverged
        quartic = {}
        for start in (3.0, 1.0):
            xk = start
            for _ in range(50):
                xk = xk - 0.1 * 4 * xk**3
                if abs(xk) > 1e100:
                    break
            quartic[start] = xk
        ok = iters[0.01] > iters[0.1] > 0 and iters[0.45] > 0 and iters[0.55] == -1 and abs(quartic[3.0]) > 1e100 \
            and abs(quartic[1.0]) < 0.5
        steps = ", ".join(f"{k if k >= 0 else 'diverged'} at $\\eta = {lr}$" for lr, k in iters.items())
        return NumericOutcome(ok, f"iterations to $10^{{-6}}$ on $2x^2$: {steps}; $x^4$ from 3: {quartic[3.0]:.3g}, "
                              f"from 1: {quartic[1.0]:.3g}", {"iters_small": iters[0.01], "iters_mid": iters[0.1]})

    @d.numeric("saddle_limit", r"GD ($\alpha = 0.1$) on $(x^2 - y^2)/2$ from $(1, 0)$ converges to $(0, 0)$, a saddle")
    def _saddle() -> NumericOutcome:
        p = np.array([1.0, 0.0])
        for _ in range(500):
            p = p - 0.1 * np.array([p[0], -p[1]])
        below = (0.0 - 1e-3**2) / 2 < 0.0  # f(0, 1e-3) < f(0, 0)
        ok = np.linalg.norm(p) < 1e-20 and below
        return NumericOutcome(ok, f"after 500 steps $\\|x_k\\|$ = {np.linalg.norm(p):.1e}; $f(0, 10^{{-3}})$ = "
                              f"{-(1e-3**2) / 2:.1e} $< f(0, 0) = 0$", {"final_norm": float(np.linalg.norm(p))})

    return d
