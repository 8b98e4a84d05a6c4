"""Exercise 3 of document 002: the O(1/T) rate of gradient descent, measured on a convex quadratic.

Result.  In the eigenbasis of f(theta) = (1/2) sum_i lambda_i theta_i^2, GD with step eta gives
f(theta_T) - f* = (1/2) sum_i lambda_i (1 - eta lambda_i)^{2T} z_i^2 exactly (z = theta_0; the factors of
derivation quadratic_rates).  Which power of T one measures depends on how the initial error sits on the small
eigenvalues.  With a continuous spectrum u = eta lambda uniform on (0, 1]:
- lambda z^2 constant (z^2 proportional to 1/lambda): the gap is proportional to int_0^1 (1 - u)^{2T} du =
  1/(2T + 1), exactly the O(1/T) of the bound f(theta_T) - f* <= ||theta_0 - theta*||^2/(2 eta T) (derivation
  gd_rate_convex): log-log slope -1;
- z^2 constant: int_0^1 u (1 - u)^{2T} du = 1/((2T + 1)(2T + 2)), slope -2, faster than the bound;
- a positive definite quadratic with lambda_min > 0 eventually decays geometrically, like (1 - eta lambda_min)^{2T}.
So the O(1/T) of the document is the worst case (an upper bound), attained by quadratics whose spectrum reaches 0.

Assumptions.  eta lambda_i in (0, 1] (eta <= 1/L); the continuous spectrum is the limit of many eigenvalues
(numeric check with 4000 of them).

Reference.  Document 002, "Exercises" (3) and "Convergence Theorem"; Nesterov (2018), Sec. 2.1.2 (the worst-case
quadratic); Bubeck (2015), Sec. 3.5.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import eta, lam, mode_factor
from symgd import Derivation, NumericOutcome, Source

__all__ = ["derive", "fitted_slope", "gap_curve"]

T = sp.Symbol("T", integer=True, positive=True)
u = sp.Symbol("u", real=True)
worst_case_profile = 1 / (2 * T + 1)  # int_0^1 (1 - u)^{2T} du
uniform_profile = 1 / ((2 * T + 1) * (2 * T + 2))  # int_0^1 u (1 - u)^{2T} du


def gap_curve(Ts: np.ndarray, weighting: str = "one_over_lambda", n: int = 4000, lr: float = 1.0) -> np.ndarray:
    """Run GD on f = (1/2) sum lambda_i theta_i^2 with lambda_i = i/(n lr) and return f(theta_T) for T in Ts.

    ``weighting``: "one_over_lambda" (theta_0,i^2 = 1/lambda_i, the worst case) or "uniform" (theta_0,i = 1).
    """
    lams = np.arange(1, n + 1) / (n * lr)
    theta = 1 / np.sqrt(lams) if weighting == "one_over_lambda" else np.ones(n)
    out, t = [], 0
    for target in np.asarray(Ts, dtype=int):
        while t < target:
            theta = theta - lr * lams * theta
            t += 1
        out.append(0.5 * np.sum(lams * theta**2))
    return np.array(out)


def fitted_slope(Ts: np.ndarray, gaps: np.ndarray) -> float:
    """The least-squares slope of log(gap) against log(T)."""
    return float(np.polyfit(np.log(Ts), np.log(gaps), 1)[0])


def derive() -> Derivation:
    d = Derivation(
        "empirical_rate",
        r"Exercise: the $O(1/T)$ rate measured on a convex quadratic",
        Source("002", "Exercises (3)", r"Convergence rate: Empirically verify the $O(1/T)$ convergence rate on a "
               "convex quadratic."),
        summary=r"The gap of GD on a quadratic is $\frac{1}{2}\sum_i \lambda_i (1 - \eta\lambda_i)^{2T} z_i^2$; a "
        r"spectrum reaching 0 with $\lambda z^2$ constant gives exactly $\frac{1}{2T + 1}$ (slope $-1$, the worst case); "
        "other initial errors decay faster.",
        reference="Document 002; Nesterov (2018), Sec. 2.1.2; Bubeck (2015), Sec. 3.5.",
    )
    z = sp.Symbol("z", real=True)
    d.assume([eta, lam, z, T, u])
    # One eigen-coordinate after T steps is (1 - eta lambda)^T z; its share of the gap:
    d.claim(sp.Mul(lam / 2, sp.Pow(mode_factor**T * z, 2, evaluate=False), evaluate=False), "=", lam / 2 * mode_factor ** (2 * T) * z**2,
            "one mode after $T$ steps: $(1 - \\eta\\lambda)^T z$")
    d.conclude(r"$f(\theta_T) - f^* = \frac{1}{2}\sum_i \lambda_i (1 - \eta\lambda_i)^{2T} z_i^2$")
    # lambda z^2 = 1 and u = eta lambda uniform on (0, 1]: the worst case.
    d.claim(sp.Integral((1 - u) ** (2 * T), (u, 0, 1)), "=", worst_case_profile,
            "$\\lambda z^2$ constant, $u = \\eta\\lambda$ uniform on $(0, 1]$")
    d.conclude(r"worst-case spectrum: the gap is proportional to $\frac{1}{2T + 1}$, exactly $O(1/T)$")
    d.claim(T * worst_case_profile, "<=", sp.Rational(1, 2), "$T \\cdot$ gap stays bounded (by $1/2$ per unit mass)")
    d.claim(sp.Integral(u * (1 - u) ** (2 * T), (u, 0, 1)), "=", uniform_profile, "$z^2$ constant instead")
    d.claim(uniform_profile, "<=", worst_case_profile / sp.UnevaluatedExpr(2 * T + 2), "faster: $O(1/T^2)$")
    d.conclude(r"with $z^2$ constant the gap is $O(1/T^2)$: the $1/T$ of the bound is a worst case")

    @d.numeric("fitted_slopes", r"GD on 4000 eigenvalues $i/4000$ ($\eta = 1$): log-log slope of the gap over "
               r"$T = 10, \dots, 300$ is $-1$ for $\theta_0^2 = 1/\lambda$ and $-2$ for $\theta_0 = 1$; the bound "
               r"$\|\theta_0\|^2/(2\eta T)$ holds; a 5-d positive definite quadratic ends geometric")
    def _slopes() -> NumericOutcome:
        Ts = np.unique(np.round(np.logspace(1, np.log10(300), 12)).astype(int))
        worst = gap_curve(Ts, "one_over_lambda")
        uniform = gap_curve(Ts, "uniform")
        s_worst, s_uniform = fitted_slope(Ts, worst), fitted_slope(Ts, uniform)
        n = 4000
        continuum = n / (2 * (2 * Ts + 1)) - 0.25  # (1/2) n int_0^1 (1 - u)^{2T} du, endpoint correction -1/4
        rel = float(np.max(np.abs(worst / continuum - 1)))
        r0 = np.sum(n / np.arange(1, n + 1))  # ||theta_0||^2 = sum 1/lambda_i
        bound_ok = bool(np.all(worst <= r0 / (2 * Ts)))
        rng = np.random.default_rng(50)
        B = rng.normal(size=(5, 5))
        ev = np.linalg.eigvalsh(B @ B.T + 0.05 * np.eye(5))
        lr = 1 / ev[-1]
        gaps = np.array([0.5 * np.sum(ev * (1 - lr * ev) ** (2 * t)) for t in (2000, 2001)])
        ratio = gaps[1] / gaps[0]
        ok = abs(s_worst + 1) < 0.05 and abs(s_uniform + 2) < 0.1 and rel < 0.01 and bound_ok \
            and abs(ratio - (1 - lr * ev[0]) ** 2) < 1e-6
        return NumericOutcome(ok, f"slopes: worst case {s_worst:.3f} (-1), uniform {s_uniform:.3f} (-2); vs the "
                              f"continuum $n/(2(2T+1)) - 1/4$ within {rel:.2%}; bound holds: {bound_ok}; PD quadratic: "
                              f"gap ratio {ratio:.6f} = $(1 - \\eta\\lambda_{{\\min}})^2$ = {(1 - lr * ev[0]) ** 2:.6f}",
                              {"slope_worst": s_worst, "slope_uniform": s_uniform, "continuum_rel": rel})

    return d
