"""One elementwise update rule as a *program* for the array backends (torch, optax): the shared front end.

:func:`program` turns an elementwise :class:`~symgd.optim.rules.UpdateRule` into

* plain symbols: the parameter ``p``, the gradient ``g``, per-coordinate states ``s_<name>``, scalar
  states ``c_<name>``, hyperparameters ``h_<name>`` (assumption-free, so no backend sees SymPy rewrite
  anything behind its back);
* the *scalar work* of a step: the new scalar states (Adam's t) and every maximal sub-expression of
  hyperparameters and scalar states alone (bias corrections ``lr / (1 - b1**t)``, ``1 - b2``), hoisted
  out as constants ``k0, k1, ...`` and evaluated once per step by a float64 Python function (as torch and
  the numpy and fused backends do), then rounded once to the parameters' dtype where they meet the arrays;
* the *array work*: the new value of the parameter and of each per-coordinate state as an expression of
  the old values, ``g`` and the constants, as the rule writes it (no redistribution: heavy ball's
  ``theta + mu (theta - theta_prev)`` keeps its well-conditioned difference), with the new value of a state
  reused where another target contains it (Adam's new parameter reads the new m and v).

Every expression comes from :meth:`UpdateRule.step`: the backends print these, never a hand copy.
No backend module (torch, jax) is imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from symgd.core.errors import BadInput
from symgd.optim.rules import UpdateRule, _pyname

__all__ = ["ELEMENTWISE_FUNCTIONS", "Program", "program", "tensor_part"]

# Functions an array backend may meet in a rule (besides +, *, **): elementwise ones every backend prints.
ELEMENTWISE_FUNCTIONS: tuple[type, ...] = (sp.Abs, sp.sign, sp.exp, sp.log, sp.Max, sp.Min)


@dataclass(frozen=True)
class Program:
    """An elementwise rule prepared for the array backends (see the module docstring).

    ``targets``: (name, expression) in evaluation order, ``"p"`` for the parameter, else a per-coordinate
    state's name; an expression may read ``new_<name>`` (the new value of an earlier target) besides the
    old values.  ``scalars(*old scalar states, *hyper) -> (new scalar states, constants)`` in float64.
    """

    rule: UpdateRule
    hyper_names: tuple[str, ...]
    scalar_names: tuple[str, ...]
    integer_scalars: frozenset[str]
    array_names: tuple[str, ...]
    scalar_init: tuple[float, ...]
    array_init: tuple[sp.Expr, ...]  # initial value of each per-coordinate state, an expression of p
    consts: tuple[sp.Expr, ...]  # the hoisted constants k_j, as expressions of c_* and h_*
    scalar_new: tuple[sp.Expr, ...]
    targets: tuple[tuple[str, sp.Expr], ...]
    direct: tuple[tuple[str, sp.Expr], ...]  # the same new values, of the old values only (no new_*)
    deferred: frozenset[str]  # targets written after all the others (a later target reads their old value)
    delta: sp.Expr  # new parameter minus the parameter, cancelled symbolically (optax's "updates")
    scalars: Callable[..., tuple[tuple[float, ...], tuple[float, ...]]]

    @property
    def const_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(sp.Symbol(f"k{j}") for j in range(len(self.consts)))

    def arg_symbols(self) -> list[sp.Symbol]:
        """p, g, the per-coordinate states (old values), the constants: the arguments of a printed step."""
        return [P, G, *(sp.Symbol(f"s_{n}") for n in self.array_names), *self.const_symbols]

    def uses_param(self) -> bool:
        """Whether the step reads the parameter beyond ``theta + delta`` (weight decay, heavy ball): optax then
        needs ``params`` in ``update``."""
        return P in self.delta.free_symbols or any(P in e.free_symbols for n, e in self.direct if n != "p")


P, G = sp.Symbol("p"), sp.Symbol("g")


class _Hoister:
    """Replaces maximal sub-expressions of scalar symbols alone by constants k0, k1, ... (numbers that are
    exponents, and the coefficients 1 and -1, stay)."""

    def __init__(self, scalar_syms: set[sp.Symbol]):
        self.scalar_syms = scalar_syms
        self.consts: dict[sp.Expr, sp.Symbol] = {}

    def const(self, expr: sp.Expr) -> sp.Symbol:
        if expr not in self.consts:
            self.consts[expr] = sp.Symbol(f"k{len(self.consts)}")
        return self.consts[expr]

    def scalar(self, expr: sp.Expr) -> bool:
        return expr.free_symbols <= self.scalar_syms

    def __call__(self, expr: sp.Expr) -> sp.Expr:
        if expr.is_Symbol or expr in (sp.S.One, sp.S.NegativeOne):
            return expr
        if self.scalar(expr):
            return self.const(expr)
        if expr.is_Pow:
            base, e = expr.args
            return sp.Pow(self(base), e if e.is_Number else self(e), evaluate=False)
        if expr.is_Add or expr.is_Mul:
            scalar = [a for a in expr.args if self.scalar(a)]
            parts = [self(a) for a in expr.args if not self.scalar(a)]
            if len(scalar) == 1 and scalar[0] in (sp.S.One, sp.S.NegativeOne):
                parts.insert(0, scalar[0])
            elif scalar:
                parts.insert(0, self.const(expr.func(*scalar)))
            return expr.func(*parts, evaluate=False)
        return expr.func(*[self(a) for a in expr.args])


def tensor_part(term: sp.Expr, scalar: Callable[[sp.Expr], bool]) -> tuple[sp.Expr, sp.Expr]:
    """(scalar coefficient, tensor monomial) of a product."""
    coeff, rest = [], []
    for f in sp.Mul.make_args(term):
        (coeff if scalar(f) else rest).append(f)
    return sp.Mul(*coeff), sp.Mul(*rest)


def _reuse(expr: sp.Expr, new: sp.Expr, sym: sp.Symbol) -> sp.Expr:
    """``expr`` with the sub-expression ``new`` replaced by ``sym``, also where ``new`` is a sum whose terms
    are among the terms of a larger sum (v' + eps with v' = b v + (1 - b) g^2)."""
    if expr == new:
        return sym
    if expr.is_Atom:
        return expr
    if expr.is_Add and new.is_Add:
        terms, want = list(expr.args), list(new.args)
        if all(w in terms for w in want):
            for w in want:
                terms.remove(w)
            return sp.Add(sym, *(_reuse(a, new, sym) for a in terms))
    return expr.func(*(_reuse(a, new, sym) for a in expr.args))


def _own(expr: sp.Expr, old: sp.Symbol, scalar: Callable[[sp.Expr], bool]) -> sp.Expr:
    """``expr`` with its terms in ``old`` gathered into one, ``c old + rest`` (AdamW's theta - lr wd theta + ...
    becomes (1 - lr wd) theta + ...; a scalar times a sum holding ``old`` is distributed first)."""
    terms: list[sp.Expr] = []
    for t in sp.Add.make_args(expr):
        c, mono = tensor_part(t, scalar)
        if mono.is_Add and any(tensor_part(u, scalar)[1] == old for u in mono.args):
            terms += [c * u for u in mono.args]
        else:
            terms.append(t)
    own = [tensor_part(t, scalar)[0] for t in terms if tensor_part(t, scalar)[1] == old]
    if len(own) < 2:
        return expr
    return sp.Add(sp.Add(*own) * old, *(t for t in terms if tensor_part(t, scalar)[1] != old))


def program(rule: UpdateRule) -> Program:
    """The :class:`Program` of an elementwise rule; :class:`BadInput` for a full-matrix rule or a node no
    array backend prints."""
    if not rule.elementwise:
        raise BadInput(f"rule {rule.name!r} is not elementwise: the torch and optax backends run elementwise rules")
    new = rule.step()
    scalar_set = set(rule.scalar_states())
    states = rule.state_symbols
    scalar_states = [s for s in states if s in scalar_set]
    array_states = [s for s in states if s not in scalar_set]
    ren: dict[sp.Symbol, sp.Symbol] = {rule.param: P, rule.grad: G}
    ren.update({h: sp.Symbol(f"h_{h.name}") for h in rule.hyper})
    ren.update({s: sp.Symbol(f"c_{_pyname(s)}") for s in scalar_states})
    ren.update({s: sp.Symbol(f"s_{_pyname(s)}") for s in array_states})
    for s in (rule.param, *states):
        for node in sp.preorder_traversal(new[s]):
            if not (node.is_Symbol or node.is_Number or node.is_NumberSymbol or node.is_Add or node.is_Mul
                    or node.is_Pow or isinstance(node, ELEMENTWISE_FUNCTIONS)):
                raise BadInput(f"rule {rule.name!r} uses {type(node).__name__} ({node}), which the array backends "
                               "do not print")
        unknown = new[s].free_symbols - set(ren)
        if unknown:
            raise BadInput(f"rule {rule.name!r} uses unknown symbols {sorted(map(str, unknown))}")
    scalar_syms = {ren[h] for h in rule.hyper} | {ren[s] for s in scalar_states}
    hoist = _Hoister(scalar_syms)

    def is_scalar(e: sp.Expr) -> bool:
        return e.free_symbols <= scalar_syms

    # Array targets: the per-coordinate states in the rule's order, then the parameter.
    order = [*array_states, rule.param]
    names = {s: ("p" if s == rule.param else _pyname(s)) for s in order}
    direct = {s: new[s].xreplace(ren) for s in order}
    targets = []
    for i, s in enumerate(order):
        e = direct[s]
        for earlier in order[:i]:  # read the new value of an earlier state where this one contains it
            d = direct[earlier]
            if not d.is_Symbol:
                e = _reuse(e, d, sp.Symbol(f"new_{names[earlier]}"))
        targets.append((names[s], hoist(_own(e, ren[s], is_scalar))))
    delta = hoist(_own(sp.expand(direct[rule.param] - P, deep=False, mul=False, multinomial=False, power_exp=False,
                                 power_base=False, log=False), P, is_scalar))
    direct_h = [(names[s], hoist(_own(direct[s], ren[s], is_scalar))) for s in order]
    # A state whose old value a later target still reads is written at the end (its new value kept apart).
    deferred = frozenset(names[s] for i, s in enumerate(order)
                         if any(ren[s] in e.free_symbols for _, e in targets[i + 1:]))
    scalar_new = tuple(new[s].xreplace(ren) for s in scalar_states)
    consts = tuple(hoist.consts)
    args = [ren[s] for s in scalar_states] + [ren[h] for h in rule.hyper]
    fn = sp.lambdify(args, [list(scalar_new), list(consts)], modules="math", cse=True)

    def scalars(*values: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
        s_new, k = fn(*values)
        return tuple(s_new), tuple(float(x) for x in k)

    init = dict(rule.state)
    scalar_init = []
    for s in scalar_states:
        if init[s].free_symbols:
            raise BadInput(f"rule {rule.name!r}: the scalar state {s} must start at a number, not {init[s]}")
        scalar_init.append(int(init[s]) if s.is_integer else float(init[s]))
    return Program(
        rule=rule,
        hyper_names=rule.hyper_names,
        scalar_names=tuple(_pyname(s) for s in scalar_states),
        integer_scalars=frozenset(_pyname(s) for s in scalar_states if s.is_integer),
        array_names=tuple(_pyname(s) for s in array_states),
        scalar_init=tuple(scalar_init),
        array_init=tuple(sp.sympify(init[s]).xreplace(ren) for s in array_states),
        consts=consts,
        scalar_new=scalar_new,
        targets=tuple(targets),
        direct=tuple(direct_h),
        deferred=deferred,
        delta=delta,
        scalars=scalars,
    )
