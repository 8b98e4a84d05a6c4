"""Helpers shared by several derivations (a derivation never imports another one; they share through here).

* Calculus at a point: :class:`Jet` (a partial derivative at a possibly moving point), :func:`at`,
  coordinates, gradient and Hessian, :func:`named` vectors, a concrete non-quadratic loss and an RK4
  integrator for numeric checks (gd_vs_flow_general, modified_loss, taylor_descent).
* The quadratic model (document 002): the step eta, an eigenvalue lambda and the per-coordinate factor
  1 - eta lambda, the worst factor, the optimal step and rate (quadratic_rates and the 002 examples).
* Newton's second-order model and its minimizer (newton_direction, local_model, natural_gradient, trust_region).
* The descent lemma's guaranteed decrease and Theorem 6.1's O(1/k) bound (descent_lemma, gd_rate_convex,
  cited by smooth_convergence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from symgd import Derivation

__all__ = [
    "F",
    "Jet",
    "L",
    "R",
    "at",
    "concrete_loss",
    "contraction",
    "coordinates",
    "eta",
    "gradient",
    "guaranteed_decrease",
    "hessian",
    "kappa",
    "lam",
    "lam_max",
    "lam_min",
    "mode_factor",
    "named",
    "newton_step",
    "optimal_rate",
    "optimal_step",
    "rate_bound",
    "rate_k",
    "rate_t",
    "rk4_flow",
    "second_order_model",
]

# ---------------------------------------------------------------------------- calculus at a point

class Jet(sp.Subs):
    """A partial derivative of a function evaluated at a (possibly moving) point:
    ``Jet(Derivative(L(x), x_1, x_2), x, p)`` is d^2 L / dx_1 dx_2 at x = p.

    Differentiating it applies the multivariate chain rule in one go (d/ds Jet(e, x, p) =
    sum_j p_j'(s) Jet(de/dx_j, x, p)); ``doit`` keeps it while the function is undefined and
    evaluates it like ``Subs`` once the function is concrete (the sampler substitutes polynomials).
    """

    def doit(self, **hints: object) -> sp.Expr:
        e, v, p = self.args
        if e.atoms(AppliedUndef):
            return self.func(e, v, sp.Tuple(*[pi.doit(**hints) for pi in p]))
        return sp.Subs(e, v, p).doit(**hints)

    def _eval_derivative(self, s: sp.Symbol) -> sp.Expr:
        e, v, p = self.args
        out = [pi.diff(s) * self.func(e.diff(vi), v, p) for vi, pi in zip(v, p, strict=True)]
        if s not in v and e.has(s):  # a parameter inside the function itself (not produced by at())
            out.append(self.func(e.diff(s), v, p))
        return sp.Add(*out)

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        e, v, p = self.args
        f, idx = (e.expr, [v.index(var) + 1 for var, c in e.variable_count for _ in range(c)]) if isinstance(
            e, sp.Derivative) else (e, [])
        name = printer._print(f.func)
        pre = r"\partial_{" + "".join(map(str, idx)) + "} " if idx else ""
        return pre + name + r"\left(" + ", ".join(printer._print(pi) for pi in p) + r"\right)"


def at(expr: sp.Basic, x: Sequence[sp.Symbol], p: Sequence[sp.Expr]) -> sp.Basic:
    """``expr`` (built from undefined functions of ``x`` and their derivatives) evaluated at x = p."""
    x, p = tuple(x), tuple(p)
    reps = {dv: Jet(dv, x, p) for dv in expr.atoms(sp.Derivative)}
    reps.update({f: Jet(f, x, p) for f in expr.atoms(AppliedUndef) if f.args == x})
    return expr.xreplace(reps)  # top-down: a Derivative is replaced whole, its L(x) is not touched


def coordinates(dim: int) -> tuple[tuple[sp.Symbol, ...], sp.ImmutableMatrix]:
    """The coordinates theta_1..theta_d and the starting point theta_0."""
    x = sp.symbols(f"theta_1:{dim + 1}", real=True)
    theta0 = sp.ImmutableMatrix([sp.Symbol(f"theta_0_{i + 1}", real=True) for i in range(dim)])
    return x, theta0


def gradient(f: sp.Expr, x: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([sp.diff(f, xi) for xi in x])


def hessian(f: sp.Expr, x: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(sp.hessian(f, x))


def named(d: Derivation, name: str, value: sp.MatrixBase, why: str) -> sp.MatrixSymbol:
    """A matrix symbol standing for ``value`` (a definition of ``d``): steps read like the document and
    are checked with the coordinates substituted."""
    m = sp.MatrixSymbol(name, *value.shape)
    d.define(m, sp.ImmutableMatrix(value), why)
    return m


def concrete_loss() -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
    """A smooth, non-quadratic 2-D loss for the numeric checks (H g != 0 and third derivatives != 0)."""
    x1, x2 = sp.symbols("theta_1:3", real=True)
    return sp.log(1 + sp.exp(x1 - 2 * x2)) + x1**2 / 2 + x2**4 / 4 + sp.sin(x1 * x2) / 2, (x1, x2)


def rk4_flow(field: Callable[[np.ndarray], np.ndarray], y0: np.ndarray, time: float, steps: int) -> np.ndarray:
    """Integrate y' = field(y) for ``time`` with classical RK4 (independent of the Taylor expansion)."""
    y, h = np.array(y0, dtype=float), time / steps
    for _ in range(steps):
        k1 = field(y)
        k2 = field(y + h * k1 / 2)
        k3 = field(y + h * k2 / 2)
        k4 = field(y + h * k3)
        y = y + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return y


# ---------------------------------------------------------------------------- the quadratic model (002)

eta = sp.Symbol("eta", positive=True)
lam = sp.Symbol("lambda", positive=True)
lam_min = sp.Symbol("lambda_min", positive=True)
lam_max = sp.Symbol("lambda_max", positive=True)
kappa = sp.Symbol("kappa", positive=True)

# The derived expressions, in one place (examples, figures and tests use these).
mode_factor = 1 - eta * lam  # the factor of one eigen-coordinate per step
contraction = sp.Max(sp.Abs(1 - eta * lam_min), sp.Abs(1 - eta * lam_max))  # the worst factor rho(eta)
optimal_step = 2 / (lam_min + lam_max)
optimal_rate = (kappa - 1) / (kappa + 1)


# ---------------------------------------------------------------------------- Newton's model (003)


def second_order_model(f_t: sp.MatrixExpr, g: sp.MatrixExpr, H: sp.MatrixExpr, x: sp.MatrixExpr,
                       x_t: sp.MatrixExpr) -> sp.MatrixExpr:
    """f(x_t) + <g, x - x_t> + (1/2) <x - x_t, H (x - x_t)> as a 1 x 1 matrix expression."""
    return f_t + g.T * (x - x_t) + (x - x_t).T * H * (x - x_t) / 2


def newton_step(x_t: sp.MatrixExpr, g: sp.MatrixExpr, H: sp.MatrixExpr) -> sp.MatrixExpr:
    """The derived minimizer x_t - H^{-1} g, in one place."""
    return x_t - H.I * g


# ---------------------------------------------------------------------------- descent lemma and Theorem 6.1 (003)

L = sp.Symbol("L", positive=True)
guaranteed_decrease = eta - L * eta**2 / 2  # per unit ||g||^2, with a step eta on an L-smooth function

# Theorem 6.1: step t, iteration k, R(i) = ||x_i - x*||^2, F(i) = f(x_i) - f(x*).
rate_t = sp.Symbol("t", positive=True)
rate_k = sp.Symbol("k", integer=True, positive=True)
R = sp.Function("R", nonnegative=True)
F = sp.Function("F", real=True)
rate_bound = R(0) / (2 * rate_t * rate_k)
