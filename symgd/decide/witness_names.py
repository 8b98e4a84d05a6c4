"""Completing a sample point by solving the hypothesis equations in names the claim does not use.

A hypothesis ``r^2 - 3 r + beta = 0`` beside a claim about beta alone ties r to beta: random values of r almost
never satisfy it, so a false claim about beta stayed undecided.  Here, with the claim's names (and every other name)
already drawn, each such equation is solved for one of those names, exactly (a polynomial in that name: SymPy's
radicals, or a real ``CRootOf``), keeping only REAL solutions that fit the name's assumptions.  The completed point
is then checked exactly against every hypothesis that mentions a solved name: an equation by an exact zero test
(expansion, then the minimal polynomial of the difference), an inequality by the sign of a difference proved
nonzero.  Nothing is returned when no real solution exists (the hypotheses may be inconsistent, ``r^2 + 1 = 0``)
or when a completion cannot be verified exactly: then nothing is refuted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import fits
from symgd.decide.exact import numeric

__all__ = ["Completer", "holds_exactly", "is_zero"]

_MAX_DEGREE = 6  # higher-degree equations are left alone (roots too costly to verify)
_MAX_ROOTS = 4  # real solutions tried per equation
_MAX_TRIES = 6  # points completed per claim: each may cost a solve and exact checks
_X = sp.Dummy("x")


class Completer:
    """For one claim and context: which hypotheses tie names the claim does not use (``names``), the hypotheses
    that do not mention them (``rest``, checked by the caller as usual), and :meth:`complete`."""

    def __init__(self, claim: Claim, ctx: Context) -> None:
        hyps = [sp.sympify(h) for h in ctx.hypotheses]
        inside = claim.free_symbols()
        if claim.order is not None:
            inside.add(claim.order[0])
        names = {s for h in hyps for s in h.free_symbols if isinstance(s, sp.Symbol)} - inside
        self.touched = [h for h in hyps if h.free_symbols & names]
        equations = [h for h in self.touched if isinstance(h, sp.Equality)]
        self.names = {s for h in equations for s in h.free_symbols} & names
        self.active = bool(self.names) and not any(h.has(sp.MatrixSymbol, AppliedUndef) for h in self.touched)
        self.rest = Context(tuple(h for h in ctx.hypotheses if not sp.sympify(h).free_symbols & self.names),
                            ctx.symmetric, ctx.positive_definite)
        self._equations = equations
        self._tries = _MAX_TRIES

    def complete(self, values: Mapping) -> dict | None:
        """Exact real values of the names, solving their equations at ``values`` (the other names' values), with
        every hypothesis that mentions a name verified exactly there; None when there is none."""
        if not self.active or self._tries <= 0:
            return None
        self._tries -= 1
        for solved in _solutions(self._equations, self.names, dict(values), {}):
            point = {**values, **solved}
            if all(holds_exactly(h, point) for h in self.touched):
                return solved
        return None


def _solutions(equations: list, names: set, values: dict, solved: dict) -> Iterator[dict]:
    """Assignments of the names (one equation after another), each equation solved for its first unsolved name
    (other unsolved names of that equation keep their drawn values)."""
    pending = [e for e in equations if (e.free_symbols & names) - set(solved)]
    if not pending:
        yield solved
        return
    eq = pending[0]
    unknowns = (eq.free_symbols & names) - set(solved)
    block = [e for e in pending if (e.free_symbols & names) - set(solved) <= unknowns]
    if len(unknowns) > 1 and len(block) == len(unknowns):  # r_1 + r_2 = S, r_1 r_2 = P: solved together
        known = {k: v for k, v in {**values, **solved}.items() if k not in unknowns}
        for sol in _system(block, sorted(unknowns, key=sp.default_sort_key), known):
            yield from _solutions(equations, names, values, {**solved, **sol})
        return
    # the name tied by the fewest equations is solved for; the others of this equation keep their drawn values
    target, *fixed = sorted(unknowns, key=lambda u: (sum(u in e.free_symbols for e in equations), sp.default_sort_key(u)))
    known = {**values, **solved, **{s: values[s] for s in fixed if s in values}}
    known.pop(target, None)
    settled = {**solved, **{s: known[s] for s in fixed if s in known}}
    for root in _real_roots(eq.lhs - eq.rhs, target, known):
        yield from _solutions(equations, names, values, {**settled, target: root})


def _system(block: list, unknowns: list, known: Mapping) -> list:
    """Exact real solutions of a square block of polynomial equations with the other symbols at ``known``."""
    try:
        exprs = [sp.together((e.lhs - e.rhs).xreplace(dict(known))) for e in block]
        if any(x.free_symbols - set(unknowns) for x in exprs):
            return []
        found = sp.solve([sp.fraction(x)[0] for x in exprs], unknowns, dict=True)
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        return []
    return [sol for sol in found[:_MAX_ROOTS] if set(sol) == set(unknowns)
            and all(v.is_real is True and fits(u, v) for u, v in sol.items())]


def _real_roots(expr: Any, t: sp.Symbol, known: Mapping) -> list:
    """Exact real solutions for ``t`` of ``expr = 0`` with the other symbols at ``known`` ([] when it is not a
    polynomial equation in t with numeric coefficients, or has no real solution fitting t's assumptions)."""
    try:
        expr = sp.together(expr.xreplace(dict(known)))
        num, _ = sp.fraction(expr)
        if num.free_symbols != {t}:
            return []
        poly = sp.Poly(sp.expand(num), t)
        if not 1 <= poly.degree() <= _MAX_DEGREE or any(c.free_symbols for c in poly.all_coeffs()):
            return []
        found = [r for r in sp.roots(poly, multiple=True) if r.is_real is True]
        if not found and all(c.is_Rational for c in poly.all_coeffs()):
            found = list(sp.real_roots(poly))
    except (sp.PolynomialError, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return []
    unique = list(dict.fromkeys(found))
    return [r for r in unique if fits(t, r)][:_MAX_ROOTS]


def is_zero(value: Any) -> bool | None:
    """Is the number exactly 0?  Decided by expansion, then by the minimal polynomial of an algebraic number;
    None when neither decides (a transcendental value)."""
    try:
        value = sp.expand(sp.sympify(value))
        if value == 0:
            return True
        if value.is_Rational:
            return False
        if value.free_symbols or not value.is_algebraic:
            return None
        return sp.minimal_polynomial(value, _X) == _X
    except Exception:  # minimal_polynomial raises NotAlgebraic and others: undecided, never refuted on
        return None


def holds_exactly(hypothesis: Any, point: Mapping) -> bool:
    """Does the scalar hypothesis hold at ``point``, exactly?  An equation by :func:`is_zero`; an inequality by the
    sign of rhs - lhs once it is proved nonzero (a 60-digit strict evaluation then has the right sign)."""
    try:
        res = sp.sympify(hypothesis).xreplace(dict(point))
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    if res is sp.true or res is sp.false:
        return res is sp.true
    try:
        rel = Claim.of(res).normalized()
    except TypeError:
        return False
    gap = rel.rhs - rel.lhs
    if gap.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or gap.free_symbols:
        return False
    zero = is_zero(gap)
    if zero is None:
        return False
    if rel.rel is Rel.EQ:
        return zero
    if zero:
        return rel.rel is Rel.LE
    value = numeric(gap)
    return value is not None and bool(value > 0)
