"""The descent lemma: one gradient step on an L-smooth function (document 003, Theorem 1.2).

Result.  If grad f is L-Lipschitz then f(y) <= f(x) + <grad f(x), y - x> + (L/2)||y - x||^2 for all
x, y (the quadratic upper bound; convexity is NOT needed).  At y = x - eta g, g = grad f(x), this gives
f(x - eta g) <= f(x) - eta (1 - L eta/2) ||g||^2.  The guaranteed decrease phi(eta) = eta - L eta^2/2
(per unit ||g||^2) is maximized exactly at eta = 1/L (phi' = 1 - L eta = 0, phi'' = -L < 0, and
phi(eta) <= 1/(2L) for every eta), where the step decreases f by at least ||g||^2/(2L).

Assumptions.  x, g in R^n (dimension-free: n is a symbol); L > 0; eta > 0.  The quadratic upper bound
is used as a premise and derived at the end from the fundamental theorem of calculus and Cauchy-Schwarz
(both cited), with the integral int_0^1 L s ds = L/2 computed.

Reference.  Document 003, "Convexity" (Theorem 1.2) and "Rough intuition for how GD works";
Nesterov, Lectures on Convex Optimization (2018), Lemma 1.2.3; Bubeck, Convex Optimization:
Algorithms and Complexity (2015), Lemma 3.4.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import L, eta, guaranteed_decrease
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "guaranteed_decrease", "quadratic_upper_bound"]

n = sp.Symbol("n", integer=True, positive=True)
f = sp.Function("f", commutative=True)  # f(x) is a scalar even when x is a vector
x, y, g = (sp.MatrixSymbol(s, n, 1) for s in ("x", "y", "g"))
I1 = sp.Identity(1)  # scalars as 1 x 1 blocks, so that they add to g^T d

# The derived expressions, in one place.
quadratic_upper_bound = f(x) * I1 + g.T * (y - x) + L / 2 * (y - x).T * (y - x)


def derive() -> Derivation:
    d = Derivation(
        "descent_lemma",
        r"The descent lemma: a step of $1/L$ decreases $f$ by at least $\|g\|^2/(2L)$",
        Source("003", "Convexity, Theorem 1.2; Rough intuition for how GD works",
               r"$\mathcal{L}(\theta_{t+1}) \leq \mathcal{L}(\theta_t) - \frac{\|g_t\|^2}{2L}$"),
        summary=r"The quadratic upper bound of an $L$-smooth function, taken at the gradient step, guarantees a "
        r"decrease $\eta (1 - L\eta/2) \|g\|^2$; $\eta = 1/L$ maximizes the guarantee, giving $\|g\|^2/(2L)$.",
        reference="Document 003; Nesterov (2018), Lemma 1.2.3; Bubeck (2015), Lemma 3.4.",
    )
    d.assume([L, eta])
    for m in (x, y, g):
        d.matrix(m)
    smooth = d.premise(
        "quadratic upper bound ($L$-smooth)",
        Claim(f(y) * I1, "<=", quadratic_upper_bound),
        variables=(y,),
        source=r"$\nabla f$ $L$-Lipschitz (no convexity): $f(y) - f(x) - \langle g, y - x\rangle = \int_0^1 \langle "
        r"\nabla f(x + s(y - x)) - g, y - x\rangle\,ds \le \frac{L}{2}\|y - x\|^2$",
    )

    # One gradient step: the bound at y = x - eta g.
    d.claim(f(x - eta * g) * I1, "<=", f(x) * I1 - eta * g.T * g + L / 2 * eta**2 * g.T * g,
            "the quadratic upper bound at $y = x - \\eta g$", premise=smooth, instance={y: x - eta * g})
    d.conclude(r"one step: $f(x - \eta g) \le f(x) - \eta \|g\|^2 + \frac{L}{2} \eta^2 \|g\|^2$")

    # In scalars: ||g||^2 =: q >= 0, f(x) =: f_x.
    q = sp.Symbol(r"\|g\|^{2}", nonnegative=True)
    fx = sp.Symbol("f(x)", real=True)
    d.assume([q, fx])
    d.claim(fx - eta * q + L / 2 * eta**2 * q, "=", fx - guaranteed_decrease * q, "factor $\\|g\\|^2$")
    d.conclude(r"the guaranteed decrease is $(\eta - L\eta^2/2) \|g\|^2$")
    with sp.evaluate(False):  # keep the substitution eta = 1/L visible, as in the document
        at_1_over_L = fx - (1 / L) * q + (1 / (2 * L)) * q
    d.claim(at_1_over_L, "=", fx - q / (2 * L), "with $\\eta = 1/L$")
    d.conclude(r"with $\eta = 1/L$ the decrease is at least $\|g\|^2/(2L)$")

    # Which eta maximizes the guarantee phi(eta) = eta - L eta^2/2?
    d.claim(sp.Derivative(guaranteed_decrease, eta), "=", 1 - L * eta, "differentiate in $\\eta$")
    best = d.claim(eta, ":=", 1 / L, "stationary point", equation=sp.Eq(1 - L * eta, 0))
    d.conclude(r"the stationary point of the guarantee is $\eta = 1/L$", step=best)
    d.claim(sp.Derivative(guaranteed_decrease, eta, 2), "<", 0, "second derivative $-L < 0$: a maximum")
    d.claim(guaranteed_decrease, "<=", 1 / (2 * L), "global: the gap is $(L\\eta - 1)^2/(2L) \\ge 0$",
            certificate=(L * eta - 1) ** 2 / (2 * L))
    d.conclude(r"$\eta = 1/L$ maximizes the guaranteed decrease, whose maximum is $1/(2L)$")

    # Errata of the preliminaries (Section 1).
    xs, ys, s = sp.Symbol("x", real=True), sp.Symbol("y", real=True), sp.Symbol("t", nonnegative=True)
    h = sp.Symbol("h", real=True, nonzero=True)
    tau = sp.Symbol("tau", positive=True)
    d.hypothesis(tau < 1, r"$0 < \tau < 1$ (strict convexity)")
    d.claim(tau * xs**2 + (1 - tau) * (xs + h) ** 2 - (tau * xs + (1 - tau) * (xs + h)) ** 2, "=",
            tau * (1 - tau) * h**2, "$x^2$ at $y = x + h$: the convexity gap")
    d.then(">", 0, "positive for $0 < \\tau < 1$, $h \\neq 0$")
    d.conclude(r"$x^2$ is strictly convex in the correct sense ($x \ne y$, $0 < t < 1$)")
    d.erratum(
        "003", r"If $f(tx + (1-t)y) < tf(x) + (1-t)f(y)$, then $f$ is a strictly convex function.",
        r"Strict convexity: $f(tx + (1-t)y) < t f(x) + (1-t) f(y)$ for $0 \le t \le 1$ and all $x, y$.",
        r"Strict inequality is required only for $x \ne y$ and $0 < t < 1$; at $t = 0$ (or $x = y$) both sides are "
        r"equal, so the stated definition is satisfied by no function at all, not even $x^2$ (whose gap "
        r"$t(1-t)(x-y)^2$ is proved above).",
        evidence="the document's condition for $f = x^2$ is refuted at a sample point",
        claim=Claim((s * xs + (1 - s) * ys) ** 2, "<", s * xs**2 + (1 - s) * ys**2),
        hypotheses=[s <= 1],
    )

    x0, hh = sp.Symbol("x_0", real=True), sp.Symbol("delta", real=True)
    u = sp.Function("u")
    d.claim(u(x0 + hh), "≈", u(x0) + hh * sp.Derivative(u(x0), x0) + hh**2 / 2 * sp.Derivative(u(x0), x0, 2),
            "second-order Taylor: an approximation, with remainder $O(h^3)$", order=(hh, 3))
    d.conclude("the second-order Taylor formula holds up to $O(h^3)$")
    cube = sp.Lambda(xs, xs**3)
    d.erratum(
        "003", r"the second order Taylor approximation is $f(x) = f(x_0) + (x - x_0)^T \nabla f(x_0) + \frac{1}{2} "
        r"(x - x_0)^T \nabla^2 f(x_0) (x - x_0)$",
        "The second-order Taylor approximation written as an equality.",
        r"It is an approximation with a remainder $O(\|x - x_0\|^3)$ (exact only for quadratics); for $f = x^3$ the "
        r"gap is $(x - x_0)^3$.",
        evidence="the equality for $f = x^3$ is refuted at a sample point",
        claim=Claim(cube(xs), "=", cube(x0) + (xs - x0) * 3 * x0**2 + (xs - x0) ** 2 / 2 * 6 * x0),
    )

    # Theorem 1.2 does not need convexity: the concave f = -x^2/2 is 1-smooth and satisfies the bound.
    concave = sp.Lambda(xs, -(xs**2) / 2)
    d.claim(concave(ys), "<=", concave(xs) + (-xs) * (ys - xs) + (ys - xs) ** 2 / 2,
            "concave $-x^2/2$ ($L = 1$): the bound holds, gap $(y - x)^2$", certificate=(ys - xs) ** 2)
    d.conclude("the quadratic upper bound holds for the non-convex $-x^2/2$")

    # The premise itself (Theorem 1.2's bound) from the fundamental theorem of calculus: along y - x,
    # phi(s) = (grad f(x + s(y - x)) - g)^T (y - x) <= ||grad f(x + s(y - x)) - g|| ||y - x|| <= L s ||y - x||^2.
    sv = sp.Symbol("s", nonnegative=True)
    gap = sp.Symbol("f(y) - f(x) - g^{T}(y - x)", real=True)
    rr = sp.Symbol(r"\|y - x\|^{2}", nonnegative=True)
    phi = sp.Function("phi", real=True)
    d.assume([gap, rr])
    ftc = d.premise("fundamental theorem of calculus along $y - x$",
                    Claim(gap, "=", sp.Integral(phi(sv), (sv, 0, 1))),
                    source=r"$\phi(s) = (\nabla f(x + s(y - x)) - \nabla f(x))^T (y - x)$, $f$ continuously "
                    "differentiable")
    lip = d.premise(r"Cauchy-Schwarz, then $\nabla f$ $L$-Lipschitz: $\phi(s) \le L s \|y - x\|^2$, integrated",
                    Claim(sp.Integral(phi(sv), (sv, 0, 1)), "<=", sp.Integral(L * sv * rr, (sv, 0, 1))),
                    source=r"$\|\nabla f(x + s(y - x)) - \nabla f(x)\| \le L s \|y - x\|$; the integral is monotone")
    d.claim(gap, "=", sp.Integral(phi(sv), (sv, 0, 1)), "fundamental theorem of calculus", premise=ftc,
            intended_restatement=True)
    d.then("<=", sp.Integral(L * sv * rr, (sv, 0, 1)), "Cauchy-Schwarz and the Lipschitz gradient", premise=lip,
            intended_restatement=True)
    d.then("=", L / 2 * rr, "$\\int_0^1 L s\\,ds = L/2$")
    d.conclude(r"Theorem 1.2: $f(y) - f(x) - g^T (y - x) \le \frac{L}{2}\|y - x\|^2$, with no convexity used")
    d.erratum(
        "003", r"Theorem 1.2. Let $f$ be a convex function such that $\nabla f(x)$ is L-Lipschitz. Then, "
        r"$\nabla^2 f(x) \preccurlyeq L$",
        r"Theorem 1.2 assumes $f$ convex and states $\nabla^2 f(x) \preceq L$, 'which means' the quadratic upper bound.",
        r"The quadratic upper bound holds for every $f$ with $L$-Lipschitz gradient, convex or not (proved above for the "
        r"concave $-x^2/2$ and derived from the fundamental theorem of calculus above; numeric check on $\cos$), so the "
        r"theorem is right but needlessly restricted, and the document applies it to general (non-convex) losses. "
        r"$\nabla^2 f(x) \preceq L$ must read $\nabla^2 f(x) \preceq L I$ (a matrix against a multiple of the identity) "
        r"and needs $f$ twice differentiable; it is a consequence of the Lipschitz gradient, not what the bound 'means'.",
        evidence="proved step for $-x^2/2$ and the numeric check 'nonconvex_upper_bound'",
    )

    # "closer to the optimum (minimum or maximum)": a gradient step moves away from a maximum.
    x_0, alpha, c = sp.Symbol("x_0", real=True, nonzero=True), sp.Symbol("alpha", positive=True), sp.Symbol("c", positive=True)
    x_1 = x_0 - alpha * (-2 * c * x_0)  # one GD step on -c x^2, maximized at 0
    d.erratum(
        "003", "find a direction to move in that helps us get one step closer to the optimum (minimum or maximum)",
        "A GD step moves closer to the optimum, minimum or maximum.",
        r"$x - \alpha \nabla f(x)$ decreases $f$ (descent lemma, $0 < \alpha < 2/L$): it moves toward minima and away "
        r"from maxima; on $-c x^2$ the step gives $(1 + 2 \alpha c) x$, farther from the maximizer $0$. Maximizing needs "
        "gradient ASCENT.",
        evidence=r"$|x_1| \le |x_0|$ for $f = -c x^2$ is refuted",
        claim=Claim(x_1**2, "<=", x_0**2),
    )

    @d.numeric("random_smooth_functions", r"$f(x - g/L) \le f(x) - \|g\|^2/(2L)$ on random logistic losses and "
               "quadratics")
    def _random_smooth() -> NumericOutcome:
        rng = np.random.default_rng(3)
        worst = -np.inf
        for _ in range(200):
            A = rng.normal(size=(30, 4))
            b = rng.choice([-1.0, 1.0], size=30)
            # logistic loss: Hessian <= A^T A / 4 (sigmoid' <= 1/4), so L = lambda_max(A^T A)/4
            Lc = np.linalg.eigvalsh(A.T @ A).max() / 4

            def loss(w: np.ndarray, A: np.ndarray = A, b: np.ndarray = b) -> float:
                return float(np.sum(np.logaddexp(0.0, -b * (A @ w))))

            w = rng.normal(scale=3, size=4)
            grad = A.T @ (-b / (1 + np.exp(b * (A @ w))))
            worst = max(worst, loss(w - grad / Lc) - (loss(w) - grad @ grad / (2 * Lc)))
            # indefinite quadratic (non-convex): L = max |eigenvalue|
            M = rng.normal(size=(4, 4))
            M = M + M.T
            Lq = np.abs(np.linalg.eigvalsh(M)).max()
            gq = M @ w
            new = w - gq / Lq
            worst = max(worst, new @ M @ new / 2 - (w @ M @ w / 2 - gq @ gq / (2 * Lq)))
        return NumericOutcome(worst <= 1e-9, rf"max of $f(x^+) - (f(x) - \|g\|^2/(2L))$ over 400 functions = "
                              f"{worst:.2e}",
                              {"worst": worst})

    @d.numeric("nonconvex_upper_bound", r"the quadratic upper bound for the non-convex $\cos$ ($L = 1$) on a grid")
    def _cosine() -> NumericOutcome:
        xs_, ys_ = np.meshgrid(np.linspace(-10, 10, 401), np.linspace(-10, 10, 401))
        gap = np.cos(xs_) - np.sin(xs_) * (ys_ - xs_) + (ys_ - xs_) ** 2 / 2 - np.cos(ys_)
        best_eta = np.linspace(0.01, 2.0, 1000)[np.argmax([e - 1.7 * e**2 / 2 for e in np.linspace(0.01, 2.0, 1000)])]
        ok = gap.min() >= -1e-12 and abs(best_eta - 1 / 1.7) < 2e-3
        return NumericOutcome(ok, rf"min gap = {gap.min():.2e} ($\ge 0$); grid argmax of $\eta - 1.7 \eta^2/2$ = "
                              f"{best_eta:.4f} vs $1/1.7$ = {1 / 1.7:.4f}", {"min_gap": gap.min(), "best_eta": best_eta})

    return d
