"""Exercise 2 of document 002: L(x, y) = x^2 + 100 y^2 with eta = 0.001, 0.01, 0.1 - what happens, and why.

Result.  The Hessian is diag(2, 200) (lambda_min = 2, lambda_max = 200, kappa = 100), so each step multiplies x by
1 - 2 eta and y by 1 - 200 eta (derivation quadratic_rates), and GD converges iff 0 < eta < 2/200 = 0.01.
- eta = 0.001: factors 499/500 and 4/5; y dies fast, x crawls: shrinking x by 10^3 takes 3451 steps
  (0.998^3450 > 1/1000 > 0.998^3451, exactly).  Converges, slowly.
- eta = 0.01 = 2/lambda_max, the boundary: factors 49/50 and -1; y flips sign every step without decaying,
  |y_k| = |y_0|, so the loss stays >= 100 y_0^2 (no convergence unless y_0 = 0), while x still converges.
- eta = 0.1: factors 4/5 and -19; |y_k| = 19^k |y_0|: divergence.
The best fixed step is 2/(2 + 200) = 1/101 with contraction 99/101 = (kappa - 1)/(kappa + 1).  The document asks
the question without stating an answer, so there is nothing to correct.

Assumptions.  Exact arithmetic; start (x_0, y_0) with y_0 != 0 for the statements about y.

Reference.  Document 002, "Exercises" (2) and "The Goldilocks Zone"; Goh, "Why Momentum Really Works", Distill (2017).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import eta, lam, lam_max, lam_min, mode_factor, optimal_rate, optimal_step
from derivations._common import kappa as kappa_symbol
from symgd import Derivation, NumericOutcome, Source

__all__ = ["STEP_SIZES", "derive", "loss", "sweep"]

x, y = sp.symbols("x y", real=True)
loss = x**2 + 100 * y**2
STEP_SIZES = (sp.Rational(1, 1000), sp.Rational(1, 100), sp.Rational(1, 10))


def sweep(lrs: tuple[float, ...] = (0.001, 0.01, 0.1), steps: int = 100,
          start: tuple[float, float] = (1.0, 1.0)) -> dict[float, np.ndarray]:
    """GD on x^2 + 100 y^2 for each learning rate: lr -> rows theta_0..theta_steps (for the figures)."""
    out = {}
    for lr in lrs:
        theta = np.array(start, dtype=float)
        rows = [theta.copy()]
        for _ in range(steps):
            theta = theta - lr * np.array([2 * theta[0], 200 * theta[1]])
            rows.append(theta.copy())
        out[lr] = np.array(rows)
    return out


def derive() -> Derivation:
    d = Derivation(
        "step_size_sweep",
        "Exercise: $x^2 + 100y^2$ with $\\eta = 0.001, 0.01, 0.1$",
        Source("002", "Exercises (2)", r"For $L(x,y) = x^2 + 100y^2$, run gradient descent with $\eta = 0.001, 0.01, "
               r"0.1$. What happens?"),
        summary=r"Per-step factors $(1 - 2\eta, 1 - 200\eta)$: $0.001$ converges slowly ($x$ factor $0.998$), "
        r"$0.01 = 2/\lambda_{\max}$ leaves $y$ oscillating with constant amplitude, $0.1$ diverges ($y$ factor $-19$); "
        r"the best step is $1/101$.",
        reference="Document 002; Goh, Distill (2017).",
    )
    d.assume([x, y, eta])
    Lf = sp.Function("L")
    d.define(Lf(x, y), loss, "the exercise's loss")
    d.claim(sp.Matrix([[sp.Derivative(Lf(x, y), x, x), sp.Derivative(Lf(x, y), x, y)],
                       [sp.Derivative(Lf(x, y), y, x), sp.Derivative(Lf(x, y), y, y)]]), "=", sp.diag(2, 200),
            "the Hessian: $\\lambda_{\\min} = 2$, $\\lambda_{\\max} = 200$")
    d.claim(sp.Matrix([x, y]) - eta * sp.Matrix([2 * x, 200 * y]), "=",
            sp.Matrix([mode_factor.subs(lam, 2) * x, mode_factor.subs(lam, 200) * y]), "one step: factors "
            "$1 - 2\\eta$ and $1 - 200\\eta$")
    with sp.evaluate(False):
        edge = 2 / sp.Integer(200)
    d.claim(edge, "=", sp.Rational(1, 100), "convergence iff $0 < \\eta < 2/\\lambda_{\\max} = 0.01$ (quadratic_rates)")
    expected = {STEP_SIZES[0]: (sp.Rational(499, 500), sp.Rational(4, 5), "converges; $x$ crawls"),
                STEP_SIZES[1]: (sp.Rational(49, 50), -1, "the boundary: $y$ flips sign, never decays"),
                STEP_SIZES[2]: (sp.Rational(4, 5), -19, "diverges: $|y_k| = 19^k |y_0|$")}
    for e, (fx, fy, what) in expected.items():
        d.claim(sp.Matrix([sp.Subs(mode_factor.subs(lam, 2), eta, e), sp.Subs(mode_factor.subs(lam, 200), eta, e)]), "=",
                sp.Matrix([fx, fy]), f"$\\eta = {e}$: {what}")
    k = sp.Symbol("k", integer=True, nonnegative=True)
    y0 = sp.Symbol("y_0", real=True)
    d.assume([k, y0])
    with sp.evaluate(False):
        y_k = (-1) ** k * y0
        abs_y_k, loss_y_k = sp.Abs(y_k), 100 * y_k**2
    d.claim(abs_y_k, "=", sp.Abs(y0), "at $\\eta = 0.01$: $|y_k| = |(-1)^k y_0| = |y_0|$ for every $k$")
    d.claim(loss_y_k, "=", 100 * y0**2, "so the loss stays $\\ge 100 y_0^2$")
    d.conclude(r"$\eta = 0.01$ is exactly $2/\lambda_{\max}$: $y$ oscillates with constant amplitude, the loss does "
               "not go to 0")
    slow = sp.Rational(499, 500)
    d.claim(sp.Pow(slow, 3450, evaluate=False), ">", sp.Rational(1, 1000), "at $\\eta = 0.001$, $x$ is still above $x_0/1000$ after 3450 steps ...")
    d.claim(sp.Pow(slow, 3451, evaluate=False), "<", sp.Rational(1, 1000), "... and below it after 3451")
    d.claim(sp.Subs(optimal_step.subs(lam_min, 2), lam_max, 200), "=", sp.Rational(1, 101), "the best fixed step "
            "$2/(\\lambda_{\\min} + \\lambda_{\\max})$")
    d.claim(sp.Subs(optimal_rate, kappa_symbol, 100), "=", sp.Rational(99, 101), "its contraction $(\\kappa - 1)/(\\kappa + 1)$, "
            "$\\kappa = 100$")
    d.conclude(r"the best fixed step is $1/101$, contracting by $99/101$ per step")

    @d.numeric("three_runs", r"100 steps from $(1, 1)$ at each $\eta$: the loop against $(1 - 2\eta)^k$, "
               r"$(1 - 200\eta)^k$; $0.001$ decreases the loss, $0.01$ keeps $|y| = 1$, $0.1$ blows up")
    def _runs() -> NumericOutcome:
        runs = sweep(steps=100)
        ks = np.arange(101)
        worst = 0.0
        for lr, rows in runs.items():
            pred = np.stack([(1 - 2 * lr) ** ks, (1 - 200 * lr) ** ks], axis=1)
            worst = max(worst, float(np.max(np.abs(rows - pred) / np.maximum(1.0, np.abs(pred)))))
        slow, edge, big = runs[0.001], runs[0.01], runs[0.1]
        loss_slow = slow[:, 0] ** 2 + 100 * slow[:, 1] ** 2
        ok = (worst < 1e-12 and np.all(np.diff(loss_slow) < 0) and abs(slow[-1, 0] - 0.998**100) < 1e-12
              and np.allclose(np.abs(edge[:, 1]), 1.0, rtol=0, atol=1e-9) and np.all(edge[1::2, 1] < 0)
              and abs(big[-1, 1]) > 1e120)
        return NumericOutcome(ok, f"relative loop vs closed form {worst:.1e}; $\\eta = 0.001$: $x_{{100}}$ = {slow[-1, 0]:.4f}, "
                              f"$y_{{100}}$ = {slow[-1, 1]:.1e}; $\\eta = 0.01$: $|y_k| = 1$ always, $x_{{100}}$ = "
                              f"{edge[-1, 0]:.4f}; $\\eta = 0.1$: $|y_{{100}}|$ = {abs(big[-1, 1]):.2e}",
                              {"x100_slow": slow[-1, 0], "y100_big": abs(big[-1, 1])})

    @d.numeric("best_step_grid", r"grid search for the $\eta$ minimizing the slower of the two factors: $1/101$, rate "
               r"$99/101$")
    def _grid() -> NumericOutcome:
        grid = np.linspace(1e-5, 0.0099999, 100_000)
        radius = np.maximum(np.abs(1 - 2 * grid), np.abs(1 - 200 * grid))
        best = grid[np.argmin(radius)]
        ok = abs(best - 1 / 101) < 1e-6 and abs(radius.min() - 99 / 101) < 1e-5
        return NumericOutcome(ok, f"best $\\eta$: {best:.7f} ($1/101$ = {1 / 101:.7f}), radius {radius.min():.6f} "
                              f"($99/101$ = {99 / 101:.6f})", {"best": best})

    return d
