"""Accuracy measured: the local error of a truncated modified flow against one step of the rule.

For a truncation f_0 + ... + eta^K f_K the flow for time eta should differ from one step by O(eta^(K+2)).
:func:`local_errors` integrates that flow with classical RK4 on ``steps`` substeps (its own error,
~ eta^5 / steps^4, stays far below eta^(K+2) on the ranges used: pass ``dps`` to run it in mpmath at that many
digits) and compares with the step; :func:`fitted_order` is the least-squares slope of log error against log eta.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import sympy as sp

__all__ = ["TEST_LOSSES", "fitted_order", "gd_step", "local_errors", "rk4_flow", "stateful_local_errors"]


def _losses() -> dict[str, tuple[sp.Expr, tuple[sp.Symbol, sp.Symbol], tuple[float, float]]]:
    x, y = sp.symbols("x y", real=True)
    return {
        "quartic": (x**4 / 4 + x * y**2 / 2 + y**2 / 2 - x / 3, (x, y), (0.7, -0.4)),
        "rosenbrock": ((1 - x) ** 2 / 2 + (y - x**2) ** 2, (x, y), (-0.5, 0.6)),
        "logistic": (sp.log(1 + sp.exp(-(x + 2 * y))) + sp.log(1 + sp.exp(x - y / 2)) + (x**2 + y**2) / 20, (x, y),
                     (0.3, -0.8)),
    }


#: Non-quadratic losses in d = 2 with a starting point: name -> (loss, coordinates, theta_0).
TEST_LOSSES = _losses()


def rk4_flow(field: Callable[[list], list], y0: Sequence, time: float, steps: int) -> list:
    """Classical RK4 for y' = field(y) over [0, time] in ``steps`` equal substeps (works on floats or mpf)."""
    y = list(y0)
    h = time / steps
    for _ in range(steps):
        k1 = field(y)
        k2 = field([a + h / 2 * b for a, b in zip(y, k1, strict=True)])
        k3 = field([a + h / 2 * b for a, b in zip(y, k2, strict=True)])
        k4 = field([a + h * b for a, b in zip(y, k3, strict=True)])
        y = [a + h / 6 * (b1 + 2 * b2 + 2 * b3 + b4) for a, b1, b2, b3, b4 in zip(y, k1, k2, k3, k4, strict=True)]
    return y


def gd_step(loss: sp.Expr, coords: Sequence[sp.Symbol]) -> Callable[[Sequence, float], list]:
    """theta -> theta - eta grad L(theta), numerically."""
    grad = sp.lambdify([list(coords)], [sp.diff(loss, c) for c in coords], "math")
    return lambda th, eta: [a - eta * b for a, b in zip(th, grad(list(th)), strict=True)]


def local_errors(fields: Sequence[sp.MatrixBase], coords: Sequence[sp.Symbol], theta0: Sequence[float],
                 etas: Sequence[float], step: Callable[[Sequence, float], list], steps: int = 64,
                 dps: int | None = None) -> list[float]:
    """|flow of sum_k eta^k fields[k] for time eta - step(theta0, eta)| (Euclidean) for each eta."""
    eta = sp.Symbol("eta_bea")
    total = sum((eta**k * sp.Matrix(f) for k, f in enumerate(fields)), sp.zeros(len(coords), 1))
    module = "mpmath" if dps else "math"
    fn = sp.lambdify([list(coords), eta], list(total), module, cse=True)
    out = []
    if dps:
        import mpmath

        with mpmath.workdps(dps):
            for e in etas:
                em = mpmath.mpf(e)
                y = rk4_flow(lambda v, em=em: fn(v, em), [mpmath.mpf(a) for a in theta0], em, steps)
                target = step([mpmath.mpf(a) for a in theta0], em)
                out.append(float(mpmath.sqrt(sum((a - b) ** 2 for a, b in zip(y, target, strict=True)))))
        return out
    for e in etas:
        y = rk4_flow(lambda v, e=e: fn(v, e), theta0, e, steps)
        target = step(theta0, e)
        out.append(math.sqrt(sum((a - b) ** 2 for a, b in zip(y, target, strict=True))))
    return out


def fitted_order(etas: Sequence[float], errors: Sequence[float]) -> float:
    """Least-squares slope of log(error) against log(eta)."""
    xs = [math.log(e) for e in etas]
    ys = [math.log(r) for r in errors]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((a - mx) * (b - my) for a, b in zip(xs, ys, strict=True)) / sum((a - mx) ** 2 for a in xs)


def stateful_local_errors(name, K: int, loss: sp.Expr, coords: Sequence[sp.Symbol], theta0: Sequence[float],
                          etas: Sequence[float], hyper: dict[str, float], n_steps: int = 3, substeps: int = 64,
                          fields: Sequence[sp.MatrixBase] | None = None) -> list[float]:
    """Errors of the truncated modified flow of a rule with state for time n_steps * eta against n_steps steps of
    the rule (its own symbolic update, evaluated numerically at 30 digits) started on the slow manifold truncated at
    lr^K (lr^2 for the closed form of symgd.bea.ema).  Several steps, not one: a starting state off the invariant
    manifold would match one step and drift.  The flow is RK4 on ``substeps`` substeps per step.

    ``name`` is a library rule's name or a rule (an EMA-preconditioned one beyond the library's: symgd.bea.ema);
    ``fields`` replaces the derived f_0..f_K by candidates (in the coordinates and the rule's hyperparameters), so a
    published field can be checked the same way."""
    import mpmath

    from symgd.bea.api import modified_equation
    from symgd.bea.ema import ema_manifold, ema_modified_field
    from symgd.bea.stateful import LINEAR_RULES, adaptive_first_order, reduce, rule_for
    from symgd.optim.rules import RULES

    rule = rule_for(RULES[name]) if isinstance(name, str) else name
    name = rule.name
    hyp = {rule.symbol(k): sp.nsimplify(v) for k, v in hyper.items()}
    h = next(p for p in rule.hyper if p.name == "lr")
    if name in LINEAR_RULES or K <= 1:
        manifold = reduce(rule, loss, coords, K, simplify=sp.expand if name in LINEAR_RULES else (lambda e: e),
                          values=hyp).state_at()
    else:  # the closed form (the generic solver takes minutes at order 2 with roots); a wrong S_2 would cost an order
        manifold = ema_manifold(rule, loss, coords, values=hyp)
    point = dict(zip(coords, [sp.nsimplify(a) for a in theta0], strict=True))
    start = {s: sp.lambdify(h, e.subs(point), "mpmath") for s, e in manifold.items()}
    new = {s: e.xreplace(hyp) for s, e in rule.step().items()}
    kept = [s for s in rule.state_symbols if f"{s.name}_1" in {x.name for x in start}]
    args = [rule.param, rule.grad, h, *kept]
    update = {s: sp.lambdify(args, new[s], "mpmath") for s in (rule.param, *kept)}
    grad = sp.lambdify([list(coords)], [sp.diff(loss, x) for x in coords], "mpmath")
    by_name = {x.name: x for x in start}

    def run(th: Sequence, eta: float) -> list:
        with mpmath.workdps(30):
            e = mpmath.mpf(eta)
            x = [mpmath.mpf(a) for a in th]
            st = [[start[by_name[f"{s.name}_{i + 1}"]](e) for s in kept] for i in range(len(coords))]
            for _ in range(n_steps):
                gs = grad(x)
                vals = [[x[i], gs[i], e, *st[i]] for i in range(len(coords))]
                st = [[update[s](*vals[i]) for s in kept] for i in range(len(coords))]
                x = [update[rule.param](*vals[i]) for i in range(len(coords))]
            return x

    if fields is not None:
        fields = [sp.Matrix(f).xreplace(hyp) for f in fields]
    elif name in LINEAR_RULES:
        fields = [f.xreplace(hyp) for f in modified_equation(name, K).field(loss, coords)]
    elif K <= 1 and name in ("rmsprop", "adam"):
        fields = adaptive_first_order(name, loss, coords, hyp)[: K + 1]
    else:
        fields = ema_modified_field(rule, loss, coords, K, values=hyp)
    eta = sp.Symbol("eta_bea")
    total = sum((eta**k * sp.Matrix(f) for k, f in enumerate(fields)), sp.zeros(len(coords), 1))
    fn = sp.lambdify([list(coords), eta], list(total), "mpmath", cse=True)
    out = []
    with mpmath.workdps(30):
        for e in etas:
            em = mpmath.mpf(e)
            y = rk4_flow(lambda v, em=em: fn(v, em), [mpmath.mpf(a) for a in theta0], n_steps * em, substeps * n_steps)
            target = run(theta0, e)
            out.append(float(mpmath.sqrt(sum((a - b) ** 2 for a, b in zip(y, target, strict=True)))))
    return out
