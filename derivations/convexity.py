"""Convexity: the epigraph, the first-order condition and the positive semidefinite Hessian
(document 003, "Convexity", Definitions 1.1-1.4 and Theorem 1.1).

Result.  (1) f is convex iff its epigraph {(x, a): f(x) <= a} is a convex set: the convexity inequality
carries two points of the epigraph to their combination, and the combination of (x, f(x)) and (y, f(y))
lying in the epigraph IS the convexity inequality.  (2) A >= B (Definition 1.4) iff A - B >= 0, since
x^T (A - B) x = x^T A x - x^T B x.  (3) Theorem 1.1: for f convex and differentiable,
f(y) >= f(x) + grad f(x)^T (y - x): the difference quotient along y - x is at most f(y) - f(x) by
convexity, and tends to the directional derivative.  Adding the inequality at (x, y) and at (y, x) gives
the monotone gradient (grad f(y) - grad f(x))^T (y - x) >= 0, whose limit along y = x + s v is
v^T grad^2 f(x) v >= 0 (f twice differentiable).  Theorem 1.1 needs differentiability, which it does not
state: |x| is convex with one-sided derivatives -1 and +1 at 0 (no gradient, no Hessian there).

Assumptions.  f : R^n -> R (so dom f = R^n, a convex set); 0 <= t <= 1.  Cited: the definition of the
derivative (a difference quotient tends to the directional derivative) and of the Hessian (the
derivative of the gradient), and that a limit preserves a non-strict inequality.  Values of f are
scalar symbols; the inequalities are dimension-free.

Reference.  Document 003, "Convexity"; Boyd and Vandenberghe, Convex Optimization (2004), Sec. 2.1.4,
3.1.3-3.1.4, 3.1.7; Nesterov, Lectures on Convex Optimization (2018), Theorem 2.1.2-2.1.4.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "first_order_gap"]

n = sp.Symbol("n", integer=True, positive=True)
t = sp.Symbol("t", positive=True)  # t = 0 is trivial (both sides are f(y))
s = sp.Symbol("s", positive=True)
fx, fy, fz, fs = sp.symbols("f(x) f(y) f(z) f(x+s(y-x))", real=True)
a_x = sp.Symbol(r"\nabla f(x)^{T}(y - x)", real=True)
a_y = sp.Symbol(r"\nabla f(y)^{T}(y - x)", real=True)


def first_order_gap(f_x: sp.Expr, f_y: sp.Expr, slope: sp.Expr) -> sp.Expr:
    """f(y) - f(x) - grad f(x)^T (y - x): nonnegative for convex differentiable f (Theorem 1.1)."""
    return f_y - f_x - slope


def derive() -> Derivation:
    d = Derivation(
        "convexity",
        "Convexity: the epigraph, $f(y) \\ge f(x) + \\nabla f(x)^T(y - x)$ and $\\nabla^2 f \\succeq 0$",
        Source("003", "Convexity, Theorem 1.1",
               r"$f(y) \geq f(x) + \nabla f(x) \cdot (y - x)$ ... $\nabla^2 f(x) \succcurlyeq 0$"),
        summary=r"$f$ is convex iff its epigraph is convex; a differentiable convex $f$ lies above its tangent planes, "
        "its gradient is monotone and its Hessian positive semidefinite; differentiability must be assumed.",
        reference="Document 003; Boyd and Vandenberghe (2004), Sec. 3.1; Nesterov (2018), Thm. 2.1.2-2.1.4.",
    )
    d.assume([t, s, fx, fy, fz, fs, a_x, a_y])
    d.hypothesis(t <= 1, r"$0 < t \le 1$ (at $t = 0$ both sides are $f(y)$)")
    d.hypothesis(s <= 1, r"$0 < s \le 1$")
    c = sp.Symbol("c", real=True)

    # ---------------------------------------------------------------- (1) the epigraph
    # f(z) at the combination z = t x + (1 - t) y; (x, a), (y, b) in the epigraph: a = f(x) + p, b = f(y) + r.
    p, r = sp.symbols("p r", nonnegative=True)
    d.assume([p, r])
    convex = d.premise("f convex (Definition 1.2) at x, y, t", Claim(fz, "<=", t * fx + (1 - t) * fy),
                       source="z = t x + (1 - t) y")
    d.claim(fz, "<=", t * fx + (1 - t) * fy, "Definition 1.2", premise=convex, intended_restatement=True)
    d.then("<=", t * (fx + p) + (1 - t) * (fy + r), "$f(x) \\le a = f(x) + p$, $f(y) \\le b = f(y) + r$, "
           "weights $t, 1 - t \\ge 0$")
    d.conclude(r"$f$ convex $\Rightarrow$ $(t x + (1 - t) y, t a + (1 - t) b)$ is in the epigraph: the epigraph is "
               "convex")
    a, b = sp.symbols("a b", real=True)
    epi = d.premise("the epigraph is convex (Definition 1.1)", Claim(fz, "<=", t * a + (1 - t) * b),
                    variables=(a, b), requires=(fx <= a, fy <= b),
                    source=r"$(x, a), (y, b) \in \mathrm{epi}\, f \Rightarrow (t x + (1 - t) y, t a + (1 - t) b) "
                    r"\in \mathrm{epi}\, f$")
    d.claim(fz, "<=", t * fx + (1 - t) * fy, "the epigraph points $(x, f(x))$, $(y, f(y))$", premise=epi,
            instance={a: fx, b: fy})
    d.conclude(r"epigraph convex $\Rightarrow$ $f$ convex: $f$ is convex iff its epigraph is a convex set")

    # ---------------------------------------------------------------- (2) Definition 1.4: A >= B iff A - B >= 0
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    xv = sp.MatrixSymbol("x", n, 1)
    d.claim(xv.T * (A - B) * xv, "=", xv.T * A * xv - xv.T * B * xv, "$x^T(A - B)x$ (any dimension)")
    d.conclude(r"$A \succeq B$ iff $A - B \succeq 0$, and $A \succeq 0$ is Definition 1.3 (positive semidefinite)")

    # ---------------------------------------------------------------- (3) Theorem 1.1, first-order condition
    e = sp.Symbol(r"\epsilon(s)", real=True)
    d.assume(e)
    quotient = d.premise(r"$f$ differentiable: the difference quotient along $y - x$",
                         Claim(c * (fs - fx) / s, "=", c * (a_x + e)), variables=(c,),
                         source=r"$\epsilon(s) := (f(x + s(y - x)) - f(x))/s - \nabla f(x)^T (y - x) \to 0$ as "
                         r"$s \to 0^+$")
    chord = d.premise(r"$f$ convex at $x, y$ with weight $s$",
                      Claim(c * (fs - fx), "<=", c * ((1 - s) * fx + s * fy - fx)),
                      variables=(c,), requires=(c >= 0,), source=r"Definition 1.2, $z = (1 - s) x + s y$")
    d.claim(a_x + e, "=", (fs - fx) / s, "the difference quotient", premise=quotient, instance={c: sp.Integer(1)})
    d.then("<=", ((1 - s) * fx + s * fy - fx) / s, "convexity, divided by $s > 0$", premise=chord, instance={c: 1 / s})
    d.then("=", fy - fx, "simplify")
    d.conclude(r"$\nabla f(x)^T (y - x) + \epsilon(s) \le f(y) - f(x)$ for every $s \in (0, 1]$")
    limit = d.premise(r"$s \to 0^+$: $\epsilon(s) \to 0$ and the limit keeps $\le$", Claim(a_x, "<=", fy - fx),
                      source=r"the inequality above for every $s \in (0, 1]$")
    d.claim(a_x, "<=", fy - fx, "let $s \\to 0^+$", premise=limit, intended_restatement=True)
    d.conclude(r"Theorem 1.1: $f(y) \ge f(x) + \nabla f(x)^T (y - x)$")

    # the monotone gradient: Theorem 1.1 at (x, y) and at (y, x), added
    at_xy = d.premise("Theorem 1.1 at $(x, y)$, plus $c$", Claim(c, "<=", c + fy - fx - a_x), variables=(c,))
    at_yx = d.premise("Theorem 1.1 at $(y, x)$", Claim(0, "<=", fx - fy + a_y),
                      source=r"$f(x) \ge f(y) + \nabla f(y)^T (x - y)$")
    with sp.evaluate(False):  # the two inequalities' right sides, added (before f(x), f(y) cancel)
        added = (fy - fx - a_x) + (fx - fy + a_y)
    d.claim(0, "<=", fx - fy + a_y, "Theorem 1.1 at $(y, x)$", premise=at_yx, intended_restatement=True)
    d.then("<=", added, "plus Theorem 1.1 at $(x, y)$", premise=at_xy,
           instance={c: fx - fy + a_y})
    d.then("=", a_y - a_x, "$f(x)$, $f(y)$ cancel")
    d.conclude(r"monotone gradient: $(\nabla f(y) - \nabla f(x))^T (y - x) \ge 0$")

    # the Hessian: along y = x + s v, (grad f(x + s v) - grad f(x))^T v =: q(s), and s q(s) >= 0
    q, hq, dl = sp.symbols(r"q(s) v^{T}\nabla^{2}f(x)v \delta(s)", real=True)
    d.assume([q, hq, dl])
    hessian = d.premise("$f$ twice differentiable: the gradient's difference quotient",
                        Claim(c * q / s, "=", c * (hq + dl)), variables=(c,),
                        source=r"$\delta(s) := q(s)/s - v^T \nabla^2 f(x) v \to 0$ as $s \to 0^+$")
    mono = d.premise("monotone gradient at $y = x + s v$", Claim(0, "<=", c * s * q), variables=(c,),
                     requires=(c >= 0,), source=r"$(\nabla f(x + s v) - \nabla f(x))^T (s v) \ge 0$")
    d.claim(0, "<=", q / s, "monotone gradient, divided by $s^2 > 0$", premise=mono, instance={c: 1 / s**2})
    d.then("=", hq + dl, "the gradient's difference quotient", premise=hessian, instance={c: sp.Integer(1)})
    d.conclude(r"$v^T \nabla^2 f(x) v + \delta(s) \ge 0$ for every $s \in (0, 1]$")
    psd = d.premise(r"$s \to 0^+$: $\delta(s) \to 0$ and the limit keeps $\ge$", Claim(0, "<=", hq),
                    source=r"the inequality above for every $s \in (0, 1]$")
    d.claim(0, "<=", hq, "let $s \\to 0^+$: $\\nabla^2 f(x) \\succeq 0$", premise=psd, intended_restatement=True)
    d.conclude(r"Theorem 1.1: $\nabla^2 f(x) \succeq 0$ ($f$ convex and twice differentiable)")

    # ---------------------------------------------------------------- erratum: differentiability is assumed
    hp, hm = sp.Symbol("h_{+}", positive=True), sp.Symbol("h_{-}", negative=True)
    with sp.evaluate(False):  # keep the difference quotients visible (scalars only)
        q_plus, q_minus = (sp.Abs(hp) - sp.Abs(0)) / hp, (sp.Abs(hm) - sp.Abs(0)) / hm
    d.claim(q_plus, "=", 1, "$|x|$ at 0, $h_+ > 0$: the difference quotient is $1$")
    d.claim(q_minus, "=", -1, "$h_- < 0$: it is $-1$; $|x|$ has no derivative at 0")
    d.conclude("$|x|$ (convex) is not differentiable at $0$")
    d.erratum(
        "003", r"Theorem 1.1. Let $f$ be a convex function. Then, for any $x, y \in \text{dom}(f)$, "
        r"$f(y) \geq f(x) + \nabla f(x) \cdot (y - x)$ ... Furthermore, for any $x \in \text{dom}(f)$, "
        r"$\nabla^2 f(x) \succcurlyeq 0$",
        "Theorem 1.1 assumes only that $f$ is convex.",
        r"The gradient inequality needs $f$ differentiable, and $\nabla^2 f \succeq 0$ needs $f$ twice differentiable: "
        r"$|x|$ is convex but its one-sided difference quotients at $0$ are $-1$ and $+1$ (proved above), so it has no "
        r"gradient or Hessian there. For non-differentiable convex $f$ the statement holds with subgradients: "
        r"$|y| \ge |0| + c y$ for every $c \in [-1, 1]$.",
        evidence="'the two one-sided difference quotients of $|x|$ at $0$ agree' is refuted ($1$ vs $-1$)",
        claim=Claim(q_plus, "=", q_minus),
    )

    # ---------------------------------------------------------------- numeric checks
    @d.numeric("sampled_convex_functions", r"logistic losses, log-sum-exp and positive semidefinite quadratics: "
               r"Definition 1.2, the epigraph, the tangent-plane inequality and Hessian eigenvalues $\ge 0$; $\cos$ "
               "violates them")
    def _sampled() -> NumericOutcome:
        rng = np.random.default_rng(17)
        worst_def = worst_tan = worst_eig = worst_epi = -np.inf
        for trial in range(60):
            kind = trial % 3
            if kind == 0:  # logistic loss sum log(1 + exp(-b a^T w))
                M = rng.normal(size=(20, 3))
                lab = rng.choice([-1.0, 1.0], size=20)

                def f(w: np.ndarray, M: np.ndarray = M, lab: np.ndarray = lab) -> float:
                    return float(np.sum(np.logaddexp(0.0, -lab * (M @ w))))

                def grad(w: np.ndarray, M: np.ndarray = M, lab: np.ndarray = lab) -> np.ndarray:
                    return M.T @ (-lab / (1 + np.exp(lab * (M @ w))))

                def hess(w: np.ndarray, M: np.ndarray = M, lab: np.ndarray = lab) -> np.ndarray:
                    sg = 1 / (1 + np.exp(-lab * (M @ w)))
                    return M.T @ (M * (sg * (1 - sg))[:, None])
            elif kind == 1:  # log-sum-exp of an affine map
                M = rng.normal(size=(6, 3))

                def f(w: np.ndarray, M: np.ndarray = M) -> float:
                    return float(np.logaddexp.reduce(M @ w))

                def grad(w: np.ndarray, M: np.ndarray = M) -> np.ndarray:
                    z = M @ w
                    pr = np.exp(z - np.logaddexp.reduce(z))
                    return M.T @ pr

                def hess(w: np.ndarray, M: np.ndarray = M) -> np.ndarray:
                    z = M @ w
                    pr = np.exp(z - np.logaddexp.reduce(z))
                    return M.T @ (np.diag(pr) - np.outer(pr, pr)) @ M
            else:  # PSD (possibly singular) quadratic
                M = rng.normal(size=(3, 2))
                Q = M @ M.T

                def f(w: np.ndarray, Q: np.ndarray = Q) -> float:
                    return float(0.5 * w @ Q @ w)

                def grad(w: np.ndarray, Q: np.ndarray = Q) -> np.ndarray:
                    return Q @ w

                def hess(w: np.ndarray, Q: np.ndarray = Q) -> np.ndarray:
                    return Q
            for _ in range(20):
                x, y = rng.normal(scale=2, size=3), rng.normal(scale=2, size=3)
                tt = rng.uniform()
                scale = 1 + abs(f(x)) + abs(f(y))
                worst_def = max(worst_def, (f(tt * x + (1 - tt) * y) - (tt * f(x) + (1 - tt) * f(y))) / scale)
                worst_tan = max(worst_tan, -first_order_gap(f(x), f(y), grad(x) @ (y - x)) / scale)
                worst_eig = max(worst_eig, -np.linalg.eigvalsh(hess(x)).min())
                ha, hb = f(x) + rng.exponential(), f(y) + rng.exponential()  # two points of the epigraph
                worst_epi = max(worst_epi, (f(tt * x + (1 - tt) * y) - (tt * ha + (1 - tt) * hb)) / scale)
        # the same test on the non-convex cos must fail (the check can fail)
        xs_, ys_ = rng.uniform(-5, 5, size=200), rng.uniform(-5, 5, size=200)
        cos_tan = float(np.max(np.cos(xs_) - np.sin(xs_) * (ys_ - xs_) - np.cos(ys_)))
        ok = max(worst_def, worst_tan, worst_epi) <= 1e-12 and worst_eig <= 1e-10 and cos_tan > 0.1
        return NumericOutcome(ok, f"max violations: Definition 1.2 {worst_def:.1e}, tangent plane {worst_tan:.1e}, "
                              f"epigraph {worst_epi:.1e}, $-$min Hessian eigenvalue {worst_eig:.1e} (all $\\le 0$); "
                              f"$\\cos$: tangent-plane violation {cos_tan:.2f} $> 0$",
                              {"definition": worst_def, "tangent": worst_tan, "epigraph": worst_epi,
                               "hessian": worst_eig, "cos_violation": cos_tan})

    return d
