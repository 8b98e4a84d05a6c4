"""Inequalities with a sum whose upper limit is a variable: induction on that limit.

For ``g(T) >= 0`` (g = rhs - lhs) where every sum is ``Sum(f(t), (t, m, T + c))`` with a summand free of T and
coefficients free of T: the difference ``g(T) - g(T - 1)`` is exact algebra (each sum contributes its last
term f(T + c)).  If ``g(T_0) >= 0`` (and g >= 0 at each admissible T below T_0, all evaluated exactly) and
``g(T) - g(T - 1) >= 0`` for every real T >= T_0 + 1 (a real relaxation of the integers, proved by the sign
certificates, real arithmetic or monotonicity), then g(T) >= 0 for every admissible integer T.  This is the
telescoping bound and the integral comparison for monotone sums in one argument: ``sum_{t=1}^T 1/sqrt(t) <=
2 sqrt(T)`` follows from 1/sqrt(T) <= 2 sqrt(T) - 2 sqrt(T - 1).

T must be an integer symbol whose smallest value is known (its assumptions, or a hypothesis T >= c with c a
number), and no sum may run over fewer than zero terms there (SymPy's Sum has its own convention for those).
A limit of a sum counts terms: a symbol in a limit (``T`` in ``sum_{t=1}^{T}``) that is not declared an integer is
read as one, and the verdict says so (:func:`integer_limits`).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel, is_matrix

__all__ = ["BY_LEMMAS", "Induction", "counted_terms", "integer_limits", "lowest", "prove_by_induction"]

_EXTRA_BASES = 3


def integer_limits(claim: Claim, ctx: Context) -> tuple[Claim, Context, str]:
    """The claim and the hypotheses with every symbol of a sum's limit (``T`` in ``sum_{t=1}^{T}``, ``T - 1`` too)
    that is not declared an integer replaced by an integer symbol of the same name and signs, and a note saying
    so ("" when nothing was read).  A sum to a non-integer limit has no meaning the claim's author intends."""
    exprs = [sp.sympify(e) for e in (claim.lhs, claim.rhs) if isinstance(e, sp.Basic)]
    limits = [b for e in exprs for s in e.atoms(sp.Sum, sp.Product) for _, *ends in s.limits for b in ends]
    read: dict = {}
    for b in limits:
        for sym in sp.sympify(b).free_symbols:
            if isinstance(sym, sp.Symbol) and sym.is_integer is not True and sym.is_real is not False \
                    and (b - sym).is_Integer:
                flags = {k: True for k in ("positive", "nonnegative", "negative", "nonpositive")
                         if getattr(sym, f"is_{k}") is True}
                read[sym] = sp.Symbol(sym.name, integer=True, **flags)
    if not read:
        return claim, ctx, ""
    hyps = tuple(sp.sympify(h).xreplace(read) for h in ctx.hypotheses)
    new = Claim(claim.lhs.xreplace(read), claim.rel, claim.rhs.xreplace(read), claim.order, claim.equation)
    names = ", ".join(sorted(str(s) for s in read))
    return new, Context(hyps, ctx.symmetric, ctx.positive_definite), f"{names} read as an integer (a limit of a sum)"


def counted_terms(claim: Claim, ctx: Context) -> tuple[Claim, Context]:
    """The claim and hypotheses as refutation samples them (products alike): symbols of a sum's limits read as integers
    (:func:`integer_limits`), and every sum with a symbolic limit running over zero or more terms (``upper >= lower -
    1`` added as a hypothesis).  A sum to a non-integer limit has no meaning (SymPy's ``Sum.doit`` recursed without
    end on ``sum_{k=0}^{t-1}`` at t = 1/2), and one that runs backwards has only SymPy's (Karr's) meaning, which the
    claim's author rarely intends: ``sum_{k=1}^{T} k^2 >= 0`` fails at T = -3 under it.  Fewer points: never unsound."""
    claim, ctx, _ = integer_limits(claim, ctx)
    exprs = [sp.sympify(e) for e in (claim.lhs, claim.rhs) if isinstance(e, sp.Basic)]
    sums = [s for e in exprs for s in e.atoms(sp.Sum, sp.Product)]
    bound = set().union(*(s.variables for s in sums)) if sums else set()
    extra = []
    for s in sums:
        for _, low, high in s.limits:
            free = sp.sympify(low).free_symbols | sp.sympify(high).free_symbols
            if not free or free & bound or high is sp.oo or low is -sp.oo:
                continue
            count = sp.Ge(high - low + 1, 0)
            if count not in (sp.true, sp.false) and count not in extra:
                extra.append(count)
    if not extra:
        return claim, ctx
    return claim, Context((*ctx.hypotheses, *extra), ctx.symmetric, ctx.positive_definite)


def lowest(T: sp.Symbol, ctx: Context) -> sp.Integer | None:
    """The smallest integer T may take (assumptions and numeric lower bounds among the hypotheses)."""
    low = 1 if T.is_positive else 0 if T.is_nonnegative else None
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        if T not in h.free_symbols or not isinstance(h, (sp.Le, sp.Lt, sp.Ge, sp.Gt)):
            continue
        small, big = (h.lhs, h.rhs) if isinstance(h, (sp.Le, sp.Lt)) else (h.rhs, h.lhs)
        if big == T and small.is_number and small.is_real:
            c = sp.floor(small) + 1 if isinstance(h, (sp.Lt, sp.Gt)) else sp.ceiling(small)
            low = c if low is None else max(low, c)
    return None if low is None else sp.Integer(low)


def _nonnegative(expr: Any, ctx: Context, strict: bool) -> str | None:
    from symgd.decide import monotone

    m = monotone.nonnegative(expr, ctx, strict)
    claim = Claim(0, Rel.LT if strict else Rel.LE, expr)
    return m or _by_lemmas(claim, ctx) or monotone.prove_by_monotonicity(claim, ctx)


# The lemma library's prover, set by symgd.decide.table: the lemmas are proved by induction here, so this module does
# not import them (a registry, no import cycle).  Unset, the induction step uses no lemma: less power, never unsound.
BY_LEMMAS: list = []


def _by_lemmas(claim: Claim, ctx: Context) -> str | None:
    """The lemma library (log x >= 1 - 1/x for the step log((T + a)/(T - 1 + a)) >= 1/(T + a) of an integral
    comparison), never while a lemma is being proved (the registered prover says None then: no circular proofs)."""
    if not BY_LEMMAS or not claim.rhs.has(sp.log, sp.exp):
        return None
    return BY_LEMMAS[0](claim, ctx)


def prove_by_induction(claim: Claim, ctx: Context) -> str | None:
    claim, ctx, note = integer_limits(_integrated(claim.normalized()), ctx)
    m = _induction(claim, ctx)
    if not m:
        divided = _divided(claim, ctx)
        m = _induction(divided[0], ctx) if divided else None
        m = f"{divided[1]}; {m}" if m else None
    return f"{m} ({note})" if m and note else m


def _integrated(c: Claim) -> Claim:
    """Integrals in closed form (``\\int_1^T dx/x = \\log T``, the other side of a sum-integral comparison)."""
    sides = []
    for e in (c.lhs, c.rhs):
        if isinstance(e, sp.Basic) and e.has(sp.Integral):
            reps = {i: i.doit() for i in e.atoms(sp.Integral)}
            if any(v.has(sp.Integral, sp.Piecewise) for v in reps.values()):
                return c
            e = e.xreplace(reps)
        sides.append(e)
    return Claim(sides[0], c.rel, sides[1], c.order, c.equation)


def _divided(c: Claim, ctx: Context) -> tuple[Claim, str] | None:
    """``F S <= R`` with F > 0 proved (free of sums; the 1/T of an average) as ``S <= R / F``, or None."""
    from symgd.decide import monotone

    if c.rel not in (Rel.LE, Rel.LT):
        return None
    for side, other, left in ((c.lhs, c.rhs, True), (c.rhs, c.lhs, False)):
        if not isinstance(side, sp.Mul):
            continue
        factor = sp.Mul(*[f for f in side.args if not f.has(sp.Sum)])
        if factor == 1 or not factor.free_symbols or not monotone.nonnegative(factor, ctx, True):
            continue
        rest, moved = side / factor, other / factor
        new = Claim(rest, c.rel, moved) if left else Claim(moved, c.rel, rest)
        return new, f"divided by {factor} > 0"
    return None


def _induction(c: Claim, ctx: Context) -> str | None:
    if c.rel not in (Rel.LE, Rel.LT) or is_matrix(c.lhs) or is_matrix(c.rhs):
        return None
    g = sp.sympify(c.rhs - c.lhs)
    sums = list(g.atoms(sp.Sum))
    if not sums or any(len(s.limits) != 1 for s in sums):
        return None
    uppers = {s.limits[0][2] for s in sums}
    Ts = set().union(*(u.free_symbols for u in uppers))
    if len(Ts) != 1:
        return None
    (T,) = Ts
    if T.is_integer is not True or any(not (u - T).is_Integer for u in uppers):
        return None
    low, counted = lowest(T, ctx), False
    if low is None:  # no stated lower bound: a limit below the first index (SymPy's sums of negative length) is
        return None  # admissible, and the claim may fail there; the audit states K >= 0 for a count of steps
    marks = {s: sp.Dummy("S") for s in sums}
    rest = g.xreplace(marks)
    step = sp.S.Zero
    for s, mark in marks.items():
        t, m, upper = s.limits[0]
        coeff = sp.diff(rest, mark)
        if T in s.function.free_symbols or T in coeff.free_symbols or coeff.free_symbols & set(marks.values()):
            return None  # a summand or a coefficient that moves with T: not a running sum
        if not m.is_Integer or (upper - T) + low < m - 1:
            return None
        step += coeff * s.function.xreplace({t: upper})
    rest = rest.xreplace({mark: 0 for mark in marks.values()})
    step += rest - rest.xreplace({T: T - 1})
    X = sp.Dummy("T", real=True)  # the step for every real T >= T_0 + 1: a relaxation of the integers
    others = [h for h in ctx.hypotheses if T not in sp.sympify(h).free_symbols]
    strict = c.rel is Rel.LT
    first = None  # the first T where the claim is defined (ln T at T = 0 is not)
    for t0 in range(int(low), int(low) + _EXTRA_BASES + 1):
        at = g.xreplace({T: t0}).doit()
        if counted and first is None and at.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            continue  # undefined there: the claim says nothing at this T
        first = t0 if first is None else first
        base = _nonnegative(at, Context(tuple(others)), strict)
        if base is None:
            return None  # false (or undecided) at an admissible T: no induction can help
        m = _nonnegative(step.xreplace({T: X}), Context((*others, X >= t0 + 1)), False)
        if m:
            bases = f"T = {first}" if t0 == first else f"T = {first}..{t0}"
            said = f" (every T >= {first}: the sums run over zero or more terms)" if counted else ""
            return f"induction on {T}: holds at {bases}, and each new term keeps it ({m}){said}"
    return _from_the_limit(g, T, rest, step, X, low, others, strict)


def _from_the_limit(g: Any, T: sp.Symbol, rest: Any, step: Any, X: sp.Dummy, lowest: sp.Integer, others: list,
                    strict: bool) -> str | None:
    """g(T) >= lim g when every new term decreases g (g(T) - g(T-1) <= 0 for real T >= lowest + 1): the limit
    is g with the sums taken to infinity (SymPy's closed forms, refined with the hypotheses) and the rest's
    limit (only for a rest free of T, or depending on T alone)."""
    from symgd.decide.context import refine

    if rest.free_symbols & {T} and rest.free_symbols != {T}:
        return None
    m = _nonnegative((-step).xreplace({T: X}), Context((*others, X >= lowest + 1)), False)
    if not m:
        return None
    try:
        tail = {s: s.func(s.function, (s.limits[0][0], s.limits[0][1], sp.oo)).doit() for s in g.atoms(sp.Sum)}
        limit = g.xreplace(tail)
        limit = refine(limit, Context(tuple(others))) if limit.has(T) is False else limit
        if limit.has(T):
            limit = sp.limit(limit, T, sp.oo)
        if limit.has(sp.nan, sp.oo, -sp.oo, sp.zoo) and g.free_symbols == {T}:
            # a divergent sum against a divergent rest (sum 1/t - log T -> Euler's gamma): the limit of the
            # difference with the sums in closed form (harmonic numbers), T alone
            limit = sp.limit(g.doit(), T, sp.oo)
    except Exception:  # no closed form or no limit: no proof
        return None
    if limit.has(sp.Sum, sp.Piecewise, sp.nan, sp.zoo, -sp.oo) or strict:
        return None
    value = _nonnegative(sp.simplify(limit), Context(tuple(others)), False)
    if not value:
        return None
    return f"every new term decreases the difference ({m}) and its limit as {T} -> oo is >= 0 ({value})"


class Induction:
    """``lhs <= rhs`` with sums up to a variable limit T, by induction on T."""

    name = "induction on the upper limit"

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        if claim.rel not in (Rel.LE, Rel.LT) or cited.premise is not None or cited.certificate is not None:
            return False
        return any(isinstance(e, sp.Basic) and e.has(sp.Sum) for e in (claim.lhs, claim.rhs))

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return prove_by_induction(claim, ctx)
        except Exception:  # a SymPy failure is no proof; the later rows still get the claim
            return None
