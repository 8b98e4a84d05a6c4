"""Exercise 1 of document 002: gradient descent on L(x) = x^4 - 3x^2 + 2, its critical points and their type.

Result.  L'(x) = 4x^3 - 6x = 2x(2x^2 - 3), so the critical points are exactly x = 0 and x = +-sqrt(6)/2 = +-sqrt(3/2).
L''(x) = 12x^2 - 6: L''(0) = -6 < 0, a local maximum with L(0) = 2; L''(+-sqrt(6)/2) = 12 > 0, local minima with
L = -1/4, and they are global: L(x) + 1/4 = (x^2 - 3/2)^2 >= 0.  (L = (x^2 - 1)(x^2 - 2) vanishes at +-1, +-sqrt 2.)
Gradient descent started at 0 never moves (L'(0) = 0: stuck at the maximum); near a minimum the step multiplies the
error by 1 - 12 eta to first order, so it converges locally iff 0 < eta < 1/6 (derivation quadratic_rates with
lambda = 12).  L'' is unbounded, so no fixed eta is safe from every start: from x_0 = 10 with eta = 0.01 the first
step lands at -29.4 and the iterates blow up.  A finite step need not go downhill nor stay in its basin (against
the document's "always goes downhill ... can't climb over barriers"): from 3/2 with eta = 1/2 it lands at -3/4,
across the barrier at 0 and uphill (161/256 > 5/16); from 1.9 with eta = 0.16 it jumps into the other well.

Assumptions.  Exact arithmetic; eta > 0.

Reference.  Document 002, "Exercises" 1, "Stuck in Saddle Points" and "Can't Escape Local Minima"; Nocedal and Wright (2006), Thm. 2.3-2.4
(second-order conditions).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import eta, lam, mode_factor
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["critical_points", "derive", "gd_run", "loss"]

x = sp.Symbol("x", real=True)
loss = x**4 - 3 * x**2 + 2
critical_points = (-sp.sqrt(6) / 2, sp.Integer(0), sp.sqrt(6) / 2)


def gd_run(x0: float, lr: float, steps: int) -> np.ndarray:
    """Gradient descent on x^4 - 3x^2 + 2: the iterates x_0..x_steps (inf/nan once it blows up)."""
    out = [np.float64(x0)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            v = out[-1]
            out.append(v - lr * (4 * v**3 - 6 * v))
    return np.array(out)


def derive() -> Derivation:
    d = Derivation(
        "double_well",
        "Exercise: $x^4 - 3x^2 + 2$, its critical points and their type",
        Source("002", "Exercises (1)", r"Write gradient descent for $L(x) = x^4 - 3x^2 + 2$. Find all critical points."),
        summary=r"$L' = 2x(2x^2 - 3)$: a local maximum at 0 ($L'' = -6$) and two global minima at $\pm\sqrt{3/2}$ "
        r"($L'' = 12$, $L = -1/4$); GD from 0 is stuck, near a minimum it converges iff $\eta < 1/6$.",
        reference="Document 002; Nocedal and Wright (2006), Thm. 2.3-2.4.",
    )
    d.assume([x, eta])
    Lf = sp.Function("L")
    d.define(Lf(x), loss, "the exercise's loss")
    d.claim(sp.Derivative(Lf(x), x), "=", 4 * x**3 - 6 * x, "differentiate")
    d.then("=", 2 * x * (2 * x**2 - 3), "factor")
    for c in critical_points:
        d.claim(x, ":=", c, f"a critical point: $x = {sp.latex(c)}$", equation=sp.Eq(2 * x * (2 * x**2 - 3), 0))
    d.conclude(r"the critical points are exactly $0$ and $\pm\sqrt{6}/2$ (a cubic has at most three roots)")
    d.claim(sp.Derivative(Lf(x), x, 2), "=", 12 * x**2 - 6, "the second derivative")
    d.claim((12 * x**2 - 6).subs(x, 0), "<", 0, "$L''(0) = -6 < 0$: a local maximum")
    d.claim(Lf(0), "=", 2, "$L(0) = 2$")
    for c in (critical_points[0], critical_points[2]):
        with sp.evaluate(False):
            curv = 12 * c**2 - 6
        d.claim(curv, "=", 12, f"$L''({sp.latex(c)}) = 12 > 0$: a local minimum")
        d.claim(Lf(c), "=", -sp.Rational(1, 4), "its value $-1/4$")
    d.claim(Lf(x), ">=", -sp.Rational(1, 4), "global: $L(x) + \\frac14 = (x^2 - \\frac32)^2 \\ge 0$",
            certificate=(x**2 - sp.Rational(3, 2)) ** 2)
    d.conclude(r"$0$ is a local maximum ($L = 2$); $\pm\sqrt{6}/2$ are the global minima ($L = -1/4$)")
    d.claim(Lf(x), "=", (x**2 - 1) * (x**2 - 2), "the roots of $L$: $\\pm 1$, $\\pm\\sqrt 2$")

    # Gradient descent: stuck at 0, locally like a quadratic with curvature 12 near a minimum.
    with sp.evaluate(False):
        from_zero = 0 - eta * (4 * 0**3 - 6 * 0)
    d.claim(from_zero, "=", 0, "GD from $x_0 = 0$ never moves (stuck at the maximum)")
    e = sp.Symbol("e", real=True)  # the error x - sqrt(6)/2
    d.assume(e)
    xm = critical_points[2]
    step_error = (xm + e) - eta * sp.diff(loss, x).subs(x, xm + e) - xm
    d.claim(step_error, "=+O", mode_factor.subs(lam, 12) * e, "near the minimum the error is multiplied by "
            "$1 - 12\\eta$ (to first order in $e$)", order=(e, 2))
    d.conclude(r"near $\pm\sqrt{6}/2$, GD converges locally iff $0 < \eta < 2/12 = 1/6$ (quadratic_rates with "
               r"$\lambda = 12$)")
    with sp.evaluate(False):
        from_ten = 10 - sp.Rational(1, 100) * (4 * 10**3 - 6 * 10)
    d.claim(from_ten, "=", -sp.Rational(147, 5), "no global safe step: from $x_0 = 10$, $\\eta = 0.01$ the step "
            "lands at $-29.4$")

    # "Pure gradient descent always goes downhill. It can't climb over barriers": only for small steps.
    step = lambda x0, lr: x0 - lr * sp.diff(loss, x).subs(x, x0)  # noqa: E731 - one GD step, exactly
    held = sp.Rational(3, 2) - sp.Rational(1, 2) * sp.Subs(sp.Derivative(loss, x), x, sp.Rational(3, 2))  # unevaluated
    d.claim(held, "=", -sp.Rational(3, 4), "$x_0 = 3/2$, $\\eta = 1/2$: the step "
            "jumps over the barrier at 0 ...")
    d.claim(Lf(-sp.Rational(3, 4)), ">", Lf(sp.Rational(3, 2)), "... and goes uphill: $161/256 > 5/16$")
    d.claim(step(sp.Rational(19, 10), sp.Rational(4, 25)), "<", 0, "even with $\\eta = 0.16 < 1/6$: from $x_0 = 1.9$ the "
            "step lands at $-0.666$, in the other basin ...")
    d.claim(Lf(step(sp.Rational(19, 10), sp.Rational(4, 25))), "<", 2, "... passing the barrier $L(0) = 2$ without "
            "climbing it")
    d.conclude("a finite GD step can go uphill and can cross a barrier")
    d.erratum(
        "002", "Pure gradient descent always goes downhill. It can't climb over barriers to find better minima.",
        "Every GD step decreases the loss, and GD cannot leave the basin it starts in.",
        r"A step decreases $L$ only for small enough $\eta$ ($\eta < 2/L$ on $L$-smooth functions, descent lemma); "
        r"with a large step GD goes uphill ($x^4 - 3x^2 + 2$ from $3/2$ with $\eta = 1/2$: $L$ goes from $5/16$ to "
        r"$161/256$; $x^2 + 100y^2$ with $\eta = 0.1$ multiplies $y$ by $-19$) and can jump across a barrier instead of "
        r"climbing it (from $1.9$ with $\eta = 0.16$ into the other well). The statement holds for small steps only.",
        evidence=r"$L(x_1) \le L(x_0)$ for $x_0 = 3/2$, $\eta = 1/2$ is refuted; the proved steps above",
        claim=Claim(Lf(step(sp.Rational(3, 2), sp.Rational(1, 2))), "<=", Lf(sp.Rational(3, 2))),
    )

    @d.numeric("gd_runs", r"numpy roots of $L'$ against the exact critical points; GD with $\eta = 0.01$ from a grid "
               r"of starts converges to $\mathrm{sign}(x_0)\sqrt{3/2}$; at $x_0 = 0$ it stays; near the minimum "
               r"$\eta = 0.16$ converges, $\eta = 0.17$ does not; $x_0 = 10$ blows up; from $1.9$ with $\eta = 0.16$ GD "
               "ends in the other well")
    def _runs() -> NumericOutcome:
        roots = np.sort(np.roots([4.0, 0.0, -6.0, 0.0]).real)
        exact = np.array([-np.sqrt(1.5), 0.0, np.sqrt(1.5)])
        root_err = np.abs(roots - exact).max()
        starts = [s for s in np.linspace(-2.0, 2.0, 41) if abs(s) > 1e-12]
        finals = np.array([gd_run(s, 0.01, 3000)[-1] for s in starts])
        conv_err = np.abs(finals - np.sign(starts) * np.sqrt(1.5)).max()
        stuck = gd_run(0.0, 0.01, 100)
        near_ok = abs(gd_run(np.sqrt(1.5) + 0.01, 0.16, 2000)[-1] - np.sqrt(1.5)) < 1e-9
        near_bad = abs(gd_run(np.sqrt(1.5) + 0.01, 0.17, 2000)[-1] - np.sqrt(1.5)) > 1e-3
        blow = gd_run(10.0, 0.01, 10)
        jump = gd_run(1.9, 0.16, 3000)  # crosses the barrier in one step, then settles in the left well
        uphill = gd_run(1.5, 0.5, 1)
        ok = root_err < 1e-12 and conv_err < 1e-9 and np.all(stuck == 0) and near_ok and near_bad \
            and abs(blow[1] + 29.4) < 1e-9 and not np.isfinite(blow[-1]) and abs(jump[-1] + np.sqrt(1.5)) < 1e-9 \
            and uphill[1] == -0.75
        return NumericOutcome(ok, f"roots off by {root_err:.1e}; 40 starts converge to $\\pm\\sqrt{{3/2}}$ within {conv_err:.1e}; "
                              f"$x_0 = 0$ stays; $\\eta = 0.16$ converges, $\\eta = 0.17$ does not; from 10: $x_1$ = "
                              f"{blow[1]:.1f}, $x_{{10}}$ = {blow[-1]}; from 1.9 with $\\eta = 0.16$: $x_1$ = {jump[1]:.5f}, "
                              f"$x_{{3000}}$ = {jump[-1]:.6f}", {"root_err": root_err, "conv_err": conv_err})

    return d
