"""Modified equations of EMA-preconditioned rules (RMSProp, Adam, EMA momentum) through second order, in closed form.

Setting.  An elementwise rule whose states are exponential moving averages, s_a <- beta_a s_a + (1 - beta_a) q_a(g),
and whose parameter moves by theta <- theta - h R(g, s) with R evaluated at the old states (a rule that reads the
new averages, as RMSProp and Adam do, has them substituted inside R).  h = lr -> 0 with the betas fixed.
RMSProp: q = g^2, R = g / sqrt(beta v + (1 - beta) g^2 + eps).  Adam without bias correction: q_1 = g, q_2 = g^2,
R = (b1 m + (1 - b1) g) / (sqrt(b2 v + (1 - b2) g^2) + eps).  EMA momentum: q = g, R = gamma m + (1 - gamma) g.

Derivation (the memoryless form: the slow manifold written out).  Per coordinate Q_a = q_a(g), phi = R(g, Q), and
c_a = 1/(1 - beta_a).  The invariant manifold s = S(theta) = Q + h S_1 + h^2 S_2 + ... satisfies
S(theta+) = B S + (I - B) Q, i.e. S - Q = -(I - B)^(-1) (S(theta+) - S(theta)); with theta+ - theta = h d_1 + h^2 d_2
+ ... expanded by Taylor's formula,
    S_1,a = c_a Q_a' phi,    S_2,a = -c_a (Q_a' d_2 - S_1,a' phi + (1/2) Q_a''[phi, phi]),
and on it the rule is the one-step map theta + h d_1 + h^2 d_2 + h^3 d_3 + ... with
    d_1 = -phi,    d_2 = -sum_a R_a S_1,a,    d_3 = -sum_a R_a S_2,a - (1/2) sum_(a,b) R_ab S_1,a S_1,b
(R_a, R_ab the partial derivatives of R in the states at s = Q, products per coordinate; ' is the Jacobian in
theta, Q_a''[u, u] the second derivative).  Its modified field is the Lie-series match of symgd.bea.maps:
    f_0 = d_1,    f_1 = d_2 - (1/2) f_0' f_0,
    f_2 = d_3 - (1/2) (f_0' f_1 + f_1' f_0) - (1/6) (f_0' f_0' f_0 + f_0''[f_0, f_0]).
The first order reproduces the per-coordinate closed forms of symgd.bea.stateful (RMSProp, Adam); the second is
new here.  Checked (tests/test_bea_stateful.py): against the generic slow-manifold solver (stateful.reduce) exactly
in d = 1 (in d = 2 too when run once: 11 s for RMSProp, 37 s for Adam, left out of the suite), against the B-series
route for EMA momentum in d = 2 (a rule where both apply), and by the fitted local error order 4 of the flow of
f_0 + h f_1 + h^2 f_2 over three steps of each rule started on the manifold.

Assumptions.  L smooth; for Adam g_i != 0 (|g_i| = sqrt(g_i^2) is smooth there only; DiracDelta terms from
differentiating it are dropped), eps > 0 for RMSProp where g_i = 0 is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from symgd.bea.maps import modified_field_of_map
from symgd.core.errors import BadInput

__all__ = ["EmaForm", "ema_expansion", "ema_form", "ema_manifold", "ema_modified_field", "relevant_states"]


@dataclass(frozen=True)
class EmaForm:
    """theta <- theta - lr R(g, s), s_a <- beta_a s_a + (1 - beta_a) q_a(g): the data the closed form needs."""

    lr: sp.Symbol
    grad: sp.Symbol
    states: tuple[sp.Symbol, ...]
    betas: tuple[sp.Expr, ...]
    qs: tuple[sp.Expr, ...]
    R: sp.Expr


def relevant_states(rule, new: dict) -> list[sp.Symbol]:
    """States the parameter's update depends on, directly or through other states (Adam's t is dropped once the
    bias correction is gone)."""
    keep: set[sp.Symbol] = set()
    frontier = set(new[rule.param].free_symbols) & set(rule.state_symbols)
    while frontier:
        s = frontier.pop()
        keep.add(s)
        frontier |= (new[s].free_symbols & set(rule.state_symbols)) - keep
    return [s for s in rule.state_symbols if s in keep]


def ema_form(rule, values: dict | None = None) -> EmaForm:
    """Read a rule as an EMA-preconditioned rule, or refuse it with the reason."""
    lr = next((p for p in rule.hyper if p.name == "lr"), None)
    if lr is None or not rule.elementwise:
        raise BadInput(f"{rule.name}: not an elementwise rule with a step size named lr")
    new = {s: e.xreplace(values or {}) for s, e in rule.step().items()}
    states = relevant_states(rule, new)
    R = sp.simplify((rule.param - new[rule.param]) / lr)
    if R.has(lr) or R.has(rule.param):
        raise BadInput(f"{rule.name}: the parameter's step is not lr times a function of g and the states")
    betas, qs = [], []
    for s in states:
        beta = sp.diff(new[s], s)
        q = sp.simplify((new[s] - beta * s) / (1 - beta)) if beta != 1 else None
        if q is None or beta.has(*states, rule.grad, lr) or q.has(*states, lr, rule.param):
            raise BadInput(f"{rule.name}: state {s} is not an exponential moving average of a function of g")
        betas.append(beta)
        qs.append(q)
    return EmaForm(lr, rule.grad, tuple(states), tuple(betas), tuple(qs), R)


def _jac(v: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> sp.Matrix:
    return sp.Matrix(v).jacobian(list(coords))


def _second(v: sp.MatrixBase, u: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> sp.Matrix:
    """v''[u, u] = (v' u)' u - v' (u' u)."""
    J = _jac(v, coords)
    return _jac(J * u, coords) * u - J * (_jac(u, coords) * u)


def ema_expansion(form: EmaForm, loss: sp.Expr, coords: Sequence[sp.Symbol]) -> tuple[list[sp.Matrix], list[list[sp.Matrix]]]:
    """([d_1, d_2, d_3], [[Q_a], [S_1,a], [S_2,a]]): the map's increments and the manifold's terms (one column per
    state a, entries per coordinate) for ``loss``, by the formulas of the module docstring."""
    dim = len(coords)
    grads = [sp.diff(loss, x) for x in coords]
    at_rest = {s: q for s, q in zip(form.states, form.qs, strict=True)}

    def per_coord(expr: sp.Expr) -> sp.Matrix:
        return sp.Matrix([_no_delta(expr.xreplace(at_rest).xreplace({form.grad: gi})) for gi in grads])

    n = len(form.states)
    Q = [sp.Matrix([q.xreplace({form.grad: gi}) for gi in grads]) for q in form.qs]
    JQ = [_jac(Q[a], coords) for a in range(n)]
    phi = per_coord(form.R)
    Ra = [per_coord(sp.diff(form.R, s)) for s in form.states]
    c = [1 / (1 - b) for b in form.betas]
    S1 = [c[a] * JQ[a] * phi for a in range(n)]
    d1 = -phi
    d2 = -sum((Ra[a].multiply_elementwise(S1[a]) for a in range(n)), sp.zeros(dim, 1))
    S2 = [-c[a] * (JQ[a] * d2 - _jac(S1[a], coords) * phi + _second(Q[a], phi, coords) / 2) for a in range(n)]
    d3 = -sum((Ra[a].multiply_elementwise(S2[a]) for a in range(n)), sp.zeros(dim, 1))
    for a in range(n):
        for b in range(n):
            Rab = per_coord(sp.diff(form.R, form.states[a], form.states[b]))
            d3 -= Rab.multiply_elementwise(S1[a]).multiply_elementwise(S1[b]) / 2
    clean = lambda m: m.applyfunc(_no_delta)  # noqa: E731
    return [clean(d1), clean(d2), clean(d3)], [[clean(v) for v in S] for S in (Q, S1, S2)]


def ema_manifold(rule, loss: sp.Expr, coords: Sequence[sp.Symbol], values: dict | None = None
                 ) -> dict[sp.Symbol, sp.Expr]:
    """The slow manifold truncated after h^2, {state symbol of coordinate i (named like m_1): Q + h S_1 + h^2 S_2}."""
    form = ema_form(rule, values)
    _, S = ema_expansion(form, loss, coords)
    return {sp.Symbol(f"{s.name}_{i + 1}"): sum(form.lr**k * S[k][a][i] for k in range(3))
            for a, s in enumerate(form.states) for i in range(len(coords))}


def _no_delta(e: sp.Expr) -> sp.Expr:
    """Drop DiracDelta terms (derivatives of |g_i| at g_i = 0, outside the region where the expansion holds)."""
    return e.replace(sp.DiracDelta, lambda *args: sp.Integer(0)) if e.has(sp.DiracDelta) else e


def ema_modified_field(rule, loss: sp.Expr, coords: Sequence[sp.Symbol], order: int = 2,
                       values: dict | None = None) -> list[sp.ImmutableMatrix]:
    """f_0..f_order (order <= 2) of an EMA-preconditioned rule for ``loss``; ``values`` fixes hyperparameters first."""
    if order not in (0, 1, 2):
        raise BadInput(f"{rule.name}: the EMA closed form goes to order 2, not {order}")
    inc, _ = ema_expansion(ema_form(rule, values), loss, coords)
    return [sp.ImmutableMatrix(f).applyfunc(_no_delta)
            for f in modified_field_of_map(inc[: order + 1], coords, order, simplify=lambda e: e)]
