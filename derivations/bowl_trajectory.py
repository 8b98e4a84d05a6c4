"""The elliptical bowl x^2 + 10 y^2: gradient descent from (5, 5) (document 002, "Visualizing Gradient Descent").

Result.  For L(x, y) = x^2 + 10 y^2, grad L = (2x, 20y), so one step multiplies x by 1 - 2 eta and y by 1 - 20 eta
(the factors 1 - eta lambda of derivation quadratic_rates with lambda = 2, 20) and the k-th iterate from (5, 5) is
(5 (1 - 2 eta)^k, 5 (1 - 20 eta)^k).  The document's table is not a run of gradient descent with any single eta:
its x column needs eta = 1/10 (5 -> 4 -> 3.2) but its y column needs eta = 1/50 (5 -> 3 -> 1.8).  With eta = 1/10
the y coordinate flips between 5 and -5 forever (1 - 20 eta = -1, the boundary 2/lambda_max of quadratic_rates), so
the loss stays above 250: step 1 is (4, -5) with loss 266, step 2 (3.2, 5) with 260.24, step 20 (0.0576, 5) with
250.0033.  With eta = 1/50: (4.8, 3) loss 113.04, (4.608, 1.8) loss 53.634, step 20 (2.210, 0.0002) loss 4.884.
No eta reproduces the step-20 row (0.11, 0.00) either (numeric check).  The table also contradicts its own
"zigzag" explanation: y changes sign iff 1 - 20 eta < 0, i.e. eta > 1/20, and its y column never changes sign.

Assumptions.  Exact arithmetic; eta > 0.

Reference.  Document 002, "Visualizing Gradient Descent" (and exercise 4, the trajectory plot: the iterates are
exposed as ``iterates`` for the figures); Goh, "Why Momentum Really Works", Distill (2017).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import eta, lam, mode_factor
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["DOCUMENT_TABLE", "derive", "iterate_closed_form", "iterates", "loss"]

x, y = sp.symbols("x y", real=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
loss = x**2 + 10 * y**2
start = (sp.Integer(5), sp.Integer(5))
# The derived closed form of the k-th iterate (the factors of quadratic_rates at lambda = 2 and 20).
iterate_closed_form = sp.Matrix([start[0] * mode_factor.subs(lam, 2) ** k, start[1] * mode_factor.subs(lam, 20) ** k])

# What the document prints: step -> ((x, y), loss).
DOCUMENT_TABLE = {0: ((5.0, 5.0), 275.0), 1: ((4.0, 3.0), 106.0), 2: ((3.2, 1.8), 42.64), 20: ((0.11, 0.00), 0.012)}


def iterates(lr: float, steps: int, start_point: tuple[float, float] = (5.0, 5.0)) -> np.ndarray:
    """The document's algorithm (theta <- theta - lr grad L) on the bowl: rows theta_0..theta_steps."""
    theta = np.array(start_point, dtype=float)
    out = [theta.copy()]
    for _ in range(steps):
        theta = theta - lr * np.array([2 * theta[0], 20 * theta[1]])
        out.append(theta.copy())
    return np.array(out)


def derive() -> Derivation:
    d = Derivation(
        "bowl_trajectory",
        "The elliptical bowl $x^2 + 10y^2$ from (5, 5): the iterates, and the document's inconsistent table",
        Source("002", "Visualizing Gradient Descent", "Step 1: (4.0, 3.0), Loss = 106.0; Step 2: (3.2, 1.8), "
               "Loss = 42.64; Step 20: (0.11, 0.00), Loss = 0.012"),
        summary=r"Each step multiplies $x$ by $1 - 2\eta$ and $y$ by $1 - 20\eta$; the table's $x$ column needs "
        r"$\eta = 1/10$, its $y$ column $\eta = 1/50$; at $\eta = 1/10$ $y$ oscillates between 5 and $-5$ and the loss "
        "never drops below 250.",
        reference="Document 002; Goh, Distill (2017).",
    )
    d.assume([eta, x, y, k])
    Lf = sp.Function("L")
    d.define(Lf(x, y), loss, "the elliptical bowl")
    grad = sp.Matrix([2 * x, 20 * y])
    d.claim(sp.Matrix([sp.Derivative(Lf(x, y), x), sp.Derivative(Lf(x, y), y)]), "=", grad, "the gradient")
    d.claim(sp.Matrix([x, y]) - eta * grad, "=", sp.Matrix([mode_factor.subs(lam, 2) * x, mode_factor.subs(lam, 20) * y]),
            "one step: the factors $1 - \\eta\\lambda$ with $\\lambda = 2, 20$")
    factors = sp.diag(mode_factor.subs(lam, 2), mode_factor.subs(lam, 20))
    d.claim(factors * iterate_closed_form, "=", iterate_closed_form.subs(k, k + 1),
            "the closed form from $(5, 5)$: induction step")
    d.conclude(r"$\theta_k = (5 (1 - 2\eta)^k, 5 (1 - 20\eta)^k)$")
    d.claim(Lf(*start), "=", 275, "step 0: the loss 275 is right")
    with sp.evaluate(False):
        grad_at_start = sp.Matrix([2 * sp.Integer(5), 20 * sp.Integer(5)])
    d.claim(grad_at_start, "=", sp.Matrix([10, 100]), "at $(5, 5)$ the gradient in $y$ is 10 times that in "
            "$x$, as the document says")

    # The table: each column fixes its own eta.
    for col, (lam_c, before, after, value) in {"x": (2, 5, 4, sp.Rational(1, 10)), "y": (20, 5, 3, sp.Rational(1, 50))}.items():
        d.claim(eta, ":=", value, f"the {col} column $5 \\to {after}$ needs $\\eta = {sp.latex(value)}$",
                equation=sp.Eq(before * mode_factor.subs(lam, lam_c), after))
    d.claim(eta, ":=", sp.Rational(1, 10), "and $4 \\to 3.2$ again $\\eta = 1/10$",
            equation=sp.Eq(4 * mode_factor.subs(lam, 2), sp.Rational(16, 5)))
    d.claim(eta, ":=", sp.Rational(1, 50), "and $3 \\to 1.8$ again $\\eta = 1/50$",
            equation=sp.Eq(3 * mode_factor.subs(lam, 20), sp.Rational(9, 5)))
    d.conclude(r"the $x$ column is GD with $\eta = 1/10$, the $y$ column GD with $\eta = 1/50$: no single $\eta$")
    d.claim(Lf(4, 3), "=", 106, "the printed losses match the printed points ...")
    d.claim(Lf(sp.Rational(16, 5), sp.Rational(9, 5)), "=", sp.Rational(1066, 25), "... $42.64$")
    d.claim(Lf(sp.Rational(11, 100), 0), "=", sp.Rational(121, 10_000), "... and step 20: $L(0.11, 0) = 0.0121$, "
            "printed $0.012$")
    d.conclude("each printed loss is the loss of its printed point")
    with sp.evaluate(False):
        condition = sp.Integer(20) / sp.Integer(2)
    d.claim(condition, "=", 10, "the Hessian is $\\mathrm{diag}(2, 20)$: condition number $\\kappa = 20/2 = 10$")

    # The real runs.
    at = lambda e, kk: iterate_closed_form.subs({eta: e, k: kk})  # noqa: E731 - the closed form at (eta, k)
    # the same point with the step size substituted unevaluated, so that the check evaluates the closed form
    held = lambda e, kk: sp.ImmutableMatrix([sp.Subs(c.subs(k, kk), eta, e) for c in iterate_closed_form])  # noqa: E731
    tenth = sp.Rational(1, 10)
    d.claim(held(tenth, 1), "=", sp.Matrix([4, -5]), "$\\eta = 1/10$, step 1: $(4, -5)$")
    d.claim(Lf(*at(tenth, 1)), "=", 266, "with loss 266")
    d.claim(Lf(*at(tenth, 2)), "=", sp.Rational(6506, 25), "step 2: $(3.2, 5)$, loss 260.24")
    with sp.evaluate(False):
        y20 = 5 * (1 - 20 * tenth) ** 20
    d.claim(y20, "=", 5, "step 20: $y_{20} = 5(-1)^{20} = 5$")
    d.claim(Lf(*at(tenth, 20)), ">", 250, "so the loss at step 20 exceeds 250, not 0.012")
    d.conclude(r"$\eta = 1/10$: the $y$ coordinate oscillates between 5 and $-5$ and the loss stays above 250")
    fiftieth = sp.Rational(1, 50)
    d.claim(held(fiftieth, 2), "=", sp.Matrix([sp.Rational(576, 125), sp.Rational(9, 5)]), "$\\eta = 1/50$, step 2: "
            "$(4.608, 1.8)$")
    d.claim(Lf(*at(fiftieth, 2)), "=", sp.Rational(838_026, 15_625), "with loss 53.634")
    # The zigzag of the explanation: y changes sign iff eta > 1/20.
    s = sp.Symbol("s", positive=True)
    d.assume(s)
    with sp.evaluate(False):
        zig = mode_factor.subs(lam, 20).subs(eta, sp.Rational(1, 20) + s)
    d.claim(zig, "<", 0, "zigzag (overshoot in $y$) iff $\\eta > 1/20$")
    d.claim(sp.Rational(3, 5), ">", 0, "the table's $y$ ratio $3/5$ is positive: no zigzag")
    d.erratum(
        "002", "Step 0: (5.0, 5.0), Loss = 275.0; Step 1: (4.0, 3.0), Loss = 106.0; Step 2: (3.2, 1.8), Loss = 42.64; "
        "... Step 20: (0.11, 0.00), Loss = 0.012",
        r"Gradient descent with one learning rate on $x^2 + 10y^2$ from $(5, 5)$ produces this table, and zigzags.",
        r"No single $\eta$ produces it: $x$: $5 \to 4 \to 3.2$ needs $\eta = 1/10$, $y$: $5 \to 3 \to 1.8$ needs "
        r"$\eta = 1/50$. With $\eta = 1/10$ the iterates are $(4, -5)$ loss 266, $(3.2, 5)$ loss 260.24, ..., "
        r"$(0.0576, 5)$ loss 250.0033 at step 20 ($y$ flips sign forever: $1 - 20\eta = -1$); with $\eta = 1/50$: "
        r"$(4.8, 3)$ loss 113.04, $(4.608, 1.8)$ loss 53.634, ..., $(2.210, 0.0002)$ loss 4.884. No $\eta$ gives the "
        r"step-20 row $(0.11, 0.00)$ to two decimals. The $y$ column never changes sign, so the table shows no zigzag "
        r"(that needs $\eta > 1/20$).",
        evidence=r"the step from $(5, 5)$ with $\eta = 1/10$ (the $x$ column's rate) is refuted to be $(4, 3)$; numeric "
        r"check table_vs_runs (no $\eta$ matches step 20)",
        claim=Claim(sp.Matrix(start) - tenth * grad.subs({x: 5, y: 5}), "=", sp.Matrix([4, 3])),
    )

    @d.numeric("table_vs_runs", r"the document's algorithm at $\eta = 1/10$ and $1/50$ against the closed form; "
               r"interval analysis and a grid over $\eta$: no $\eta$ gives the rows $(4, 3)$, $(3.2, 1.8)$ or "
               r"$(0.11, 0.00)$")
    def _table() -> NumericOutcome:
        worst = 0.0
        for e in (0.1, 0.02, 0.05, 0.09):
            run = iterates(e, 20)
            ks = np.arange(21)
            closed = np.stack([5 * (1 - 2 * e) ** ks, 5 * (1 - 20 * e) ** ks], axis=1)
            worst = max(worst, np.abs(run - closed).max())
        r10, r50 = iterates(0.1, 20), iterates(0.02, 20)
        loss20 = r10[20, 0] ** 2 + 10 * r10[20, 1] ** 2
        # rows 1-2 to the printed precision, and row 20 to two decimals
        grid = np.linspace(1e-5, 0.1, 200_001)
        x1, y1 = 5 * (1 - 2 * grid), 5 * (1 - 20 * grid)
        rows12 = (np.abs(x1 - 4) < 0.05) & (np.abs(y1 - 3) < 0.05)
        x20, y20 = 5 * (1 - 2 * grid) ** 20, 5 * np.abs(1 - 20 * grid) ** 20
        row20 = (np.abs(x20 - 0.11) <= 0.005) & (y20 <= 0.005)
        # closed-form intervals: x_20 in [0.105, 0.115] and |y_20| <= 0.005
        x_lo, x_hi = (1 - (0.115 / 5) ** (1 / 20)) / 2, (1 - (0.105 / 5) ** (1 / 20)) / 2
        y_hi = (1 + (0.005 / 5) ** (1 / 20)) / 20
        ok = worst < 1e-12 and abs(loss20 - 250.0033) < 1e-4 and not rows12.any() and not row20.any() and y_hi < x_lo
        return NumericOutcome(ok, f"loop vs closed form {worst:.1e}; $\\eta = 1/10$, step 20: ({r10[20, 0]:.4f}, "
                              f"{r10[20, 1]:.1f}), loss {loss20:.4f}; $\\eta = 1/50$, step 20: ({r50[20, 0]:.3f}, "
                              f"{r50[20, 1]:.1e}); row 20 needs $\\eta$ in [{x_lo:.4f}, {x_hi:.4f}] for $x$ but at most "
                              f"{y_hi:.4f} for $y$; grid matches rows 1-2: {int(rows12.sum())}, row 20: {int(row20.sum())}",
                              {"loss20_eta_tenth": loss20, "x_interval_lo": x_lo, "y_interval_hi": y_hi})

    return d
