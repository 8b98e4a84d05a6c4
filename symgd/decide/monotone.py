"""One-variable inequalities by monotonicity: ``g(x) >= 0`` on an interval from the sign of ``g'``.

The argument (mean value theorem): if g is differentiable on the interval I and a is a point of I with
``g(a) >= 0`` (``> 0`` for a strict claim), ``g' <= 0`` on I left of a and ``g' >= 0`` on I right of a, then
``g >= g(a)`` on I.  The point a is an endpoint of I (then only one side is needed) or a zero of g' found by
SymPy.  Each derivative sign is itself a claim on a sub-interval, proved by the sign certificates of the engine,
by real arithmetic (z3) or by monotonicity again (at most three levels: log x <= x - 1 needs g'' only through
z3, e^x >= 1 + x needs e^x - 1 >= 0 on [0, oo), which is monotonicity once more).

Soundness conditions, each proved and never assumed: every other hypothesis about x must be a bound
``x <= c`` / ``x >= c`` (else the method refuses); the interval is [the largest lower bound, the smallest upper
bound] where "largest" is proved; g is built from polynomials, exp, sin, cos, log and powers only, with every
logarithm's argument and every non-integer power's base proved > 0 and every denominator proved nonzero on I
(so g is differentiable on I; kinks such as |x| are refused).  Other symbols are parameters: the bounds may
depend on them and the sub-claims are proved for all their values that satisfy the hypotheses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Context, Rel, is_matrix

__all__ = ["Interval", "Monotonicity", "nonnegative", "nonnegative_on", "prove_by_monotonicity"]

_SMOOTH = (sp.exp, sp.sin, sp.cos)
_DEPTH = 3


@dataclass(frozen=True)
class Interval:
    """lo <(=) x <(=) hi for a real variable x (None: unbounded), under the hypotheses ``others`` (free of x)."""

    x: sp.Symbol
    lo: Any = None
    lo_open: bool = True
    hi: Any = None
    hi_open: bool = True
    others: tuple = ()

    def context(self, closed: bool = False) -> Context:
        hyps = list(self.others)
        if self.lo is not None:
            hyps.append(self.x > self.lo if self.lo_open and not closed else self.x >= self.lo)
        if self.hi is not None:
            hyps.append(self.x < self.hi if self.hi_open and not closed else self.x <= self.hi)
        return Context(tuple(hyps))

    def __str__(self) -> str:
        left = "(-oo" if self.lo is None else ("(" if self.lo_open else "[") + str(self.lo)
        right = "oo)" if self.hi is None else str(self.hi) + (")" if self.hi_open else "]")
        return f"{self.x} in {left}, {right}"


def nonnegative(expr: Any, ctx: Context, strict: bool = False, thorough: bool = False) -> str | None:
    """``expr >= 0`` (> 0) under ctx by the sign certificates of the engine or by real arithmetic (z3)."""
    from symgd.decide import nra
    from symgd.decide.sign import prove_scalar_nonnegative

    expr = sp.sympify(expr)
    if (expr.is_positive if strict else expr.is_nonnegative) is True:
        return "sign from the assumptions"
    if nra._real_arithmetic(expr):  # decided at once; the sign engine's slacks are slow on long rational functions
        return nra.prove(Claim(0, Rel.LT if strict else Rel.LE, expr), ctx, timeout=nra.Z3_TIMEOUT)
    from symgd.decide import transcendental

    m = transcendental.nonnegative(expr, ctx, strict)  # exact rewrites for exp and log, relaxation of exp, sin, cos
    if m:
        return m
    if not thorough or sp.count_ops(expr) > 30:
        return None  # transcendental: the derivative argument does the work (the sign row already tried the claim)
    try:
        return prove_scalar_nonnegative(expr, ctx, strict)
    except Exception:  # SymPy failing on a sign is no proof
        return None


def _positive_on(expr: Any, iv: Interval, closed: bool) -> bool:
    return nonnegative(expr, iv.context(closed), True) is not None


def _conditions(g: Any, x: sp.Symbol) -> list[tuple[Any, str]] | None:
    """What makes g differentiable in x: (expression, "pos" | "nonzero") pairs, or None for a function outside
    the class (kinks, undefined functions, sums...)."""
    out: list[tuple[Any, str]] = []

    def walk(e: Any) -> bool:
        if x not in e.free_symbols:
            if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp < 0 and e.base.is_real is True:
                out.append((e.base, "nonzero"))  # a parameter's 1/L: real where L != 0, proved below
                return True
            return e.is_extended_real is True or e.is_real is True
        if isinstance(e, sp.Symbol):
            return True
        if isinstance(e, (sp.Add, sp.Mul)):
            return all(walk(a) for a in e.args)
        if isinstance(e, _SMOOTH):
            return walk(e.args[0])
        if isinstance(e, sp.log):
            out.append((e.args[0], "pos"))
            return walk(e.args[0])
        if isinstance(e, sp.Pow):
            b, p = e.args
            if x in p.free_symbols:  # b**p(x) = exp(p log b): b > 0
                out.append((b, "pos"))
                return walk(b) and walk(p)
            if p.is_Integer:
                if p < 0:
                    out.append((b, "nonzero"))
                return walk(b)
            if p.is_real:
                # a root is differentiable only where its base is > 0, continuous where it is >= 0 when p > 0
                out.append((b, "root" if p.is_positive else "pos"))
                return walk(b)
            return False
        return False

    return out if walk(sp.sympify(g)) else None


def _differentiable(g: Any, iv: Interval, closed: bool) -> bool:
    conds = _conditions(g, iv.x)
    if conds is None:
        return False
    for e, kind in conds:
        if kind == "root":  # differentiable inside, continuous up to an end where the base is 0 (the mean value
            # theorem needs no more; every derivative sign is then proved on the open interval)
            if _positive_on(e, _interior(iv), False) and nonnegative(e, iv.context(closed), False):
                continue
        if not (_positive_on(e, iv, closed) or (kind == "nonzero" and _positive_on(-e, iv, closed))):
            return False
    return True


def _at(g: Any, x: sp.Symbol, a: Any) -> Any:
    from symgd.decide.nra import _real_arithmetic

    value = sp.sympify(g).xreplace({x: a})
    if _real_arithmetic(value) or sp.count_ops(value) > 40:
        return value
    cheap = sp.expand(value, power_exp=False)  # simplify's first call imports sympy.physics (half a second)
    return cheap if cheap.is_number or _real_arithmetic(cheap) else sp.simplify(value)


def _limit(g: Any, x: sp.Symbol, where: Any) -> Any:
    """The limit of g at +-oo (SymPy's Gruntz algorithm), or None when it fails or is not a real or +oo."""
    if sp.sympify(g).free_symbols != {x}:  # with parameters the limit may depend on their signs (exp(a x))
        return None
    try:
        limit = sp.limit(g, x, where)
    except Exception:  # no limit computed: no proof
        return None
    if limit is sp.oo or (limit.is_real and limit.is_finite):
        return limit
    return None


def _value_ok(value: Any, iv: Interval, strict: bool) -> str | None:
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    return nonnegative(value, Context(iv.others), strict)


def _low_degree_roots(num: Any, x: sp.Symbol) -> list:
    """Roots of the factors of degree <= 2 of a polynomial numerator (factoring first: (q - p)(2q - 1)^2 is
    cubic, its roots are p and 1/2)."""
    try:
        _, factors = sp.factor_list(num, x)
    except Exception:  # not a polynomial SymPy can factor in x
        return []
    roots: list = []
    for f, _ in factors:
        poly = sp.Poly(f, x)
        if 1 <= poly.degree() <= 2:
            roots += list(sp.roots(poly))
    return roots


def _maybe_zero(e: Any) -> bool:
    """A cheap filter before ``simplify``: e is not zero when it is clearly nonzero at one point of its parameters."""
    point = {v: sp.Rational(3 + i, 7 + 2 * i) for i, v in enumerate(sorted(e.free_symbols, key=sp.default_sort_key))}
    try:
        value = sp.N(e.xreplace(point), 20)
    except Exception:  # cannot evaluate: keep it for simplify
        return True
    return not (value.is_number and value.is_finite and abs(value) > 1e-8)


def _critical_points(dg: Any, x: sp.Symbol) -> list:
    """Zeros of g' SymPy finds cheaply: roots of low-degree factors of its numerator (as a polynomial in x, or in
    s with x = s^D when x occurs in powers x^(k/D)), else simple guesses at which g' is exactly zero.  No
    ``solve``: it can run for minutes."""
    num = sp.numer(sp.together(dg))
    roots: list = []
    exps = {p.exp for p in num.atoms(sp.Pow) if p.base == x and p.exp.is_Rational}
    den = math.lcm(*[int(e.q) for e in exps]) if exps else 1
    if num.is_polynomial(x):
        roots = _low_degree_roots(num, x)
    elif den > 1 and x.is_nonnegative:
        s = sp.Dummy("s", positive=True)
        lifted = sp.expand(num.xreplace({x: s**den}))
        if lifted.is_polynomial(s):
            roots = [r**den for r in _low_degree_roots(lifted, s) if r.is_nonnegative]
    if not roots:
        roots = _inverted(dg, x)
    if not roots:
        guesses = [sp.S.Zero, sp.S.One, -sp.S.One, sp.S.Half, sp.Integer(2),
                   *sorted(dg.free_symbols - {x}, key=sp.default_sort_key)]
        for a in guesses:
            try:
                at = dg.xreplace({x: a})
                if _maybe_zero(at) and (sp.expand(at, power_exp=False) == 0 or sp.simplify(at) == 0):
                    roots.append(a)
            except Exception:  # undefined there: not a critical point
                continue
    # simple real points only (nested radicals make every later proof hang)
    return [r for r in roots if r.is_real is not False and not r.has(sp.I) and sp.count_ops(r) <= 8][:4]


def _inverted(dg: Any, x: sp.Symbol) -> list:
    """The zero of ``p A + q`` for one atom A = log(a x + b) or exp(a x + b) (p, q, a, b free of x, a a nonzero
    number): x log x has g' = log x + 1, zero at 1/e.  A candidate only: the caller proves everything at it."""
    atoms = [f for f in dg.atoms(sp.log, sp.exp) if x in f.free_symbols]
    if len(atoms) != 1:
        return []
    (A,) = atoms
    mark = sp.Dummy("A")
    form = sp.expand(dg).xreplace({A: mark})
    if x in form.free_symbols or not form.is_polynomial(mark) or sp.degree(form, mark) != 1:
        return []
    p, q = sp.Poly(form, mark).all_coeffs()
    arg = A.args[0]
    if not (arg.is_polynomial(x) and sp.degree(arg, x) == 1):
        return []
    a, b = sp.Poly(arg, x).all_coeffs()
    if not (a.is_number and a != 0):
        return []
    value = -q / p
    inner = sp.exp(value) if isinstance(A, sp.log) else (sp.log(value) if value.is_positive else None)
    return [] if inner is None else [sp.simplify((inner - b) / a)]


def nonnegative_on(g: Any, iv: Interval, strict: bool = False, depth: int = _DEPTH) -> str | None:
    """How ``g >= 0`` (> 0) on the interval follows, or None."""
    m = nonnegative(g, iv.context(), strict)
    if m:
        return m
    if depth == 0 or not _differentiable(g, iv, False):
        return None
    x = iv.x
    dg = sp.diff(g, x)
    # a monotone g: its value at the end where it is smallest
    if iv.lo is not None and _differentiable(g, iv, True):
        value = _value_ok(_at(g, x, iv.lo), iv, strict)
        if value:
            m = nonnegative_on(dg, _interior(iv), False, depth - 1)  # g continuous on iv: g' inside suffices
            if m:
                return f"g({iv.lo}) >= 0 and g' >= 0 on {iv} ({m})"
    if iv.hi is not None and _differentiable(g, iv, True):
        value = _value_ok(_at(g, x, iv.hi), iv, strict)
        if value:
            m = nonnegative_on(-dg, _interior(iv), False, depth - 1)
            if m:
                return f"g({iv.hi}) >= 0 and g' <= 0 on {iv} ({m})"
    # a minimum inside: g' <= 0 left of a, >= 0 right of a
    for a in _critical_points(dg, x):
        if a.has(x) or not _inside(a, iv):
            continue
        if not _value_ok(_at(g, x, a), iv, strict):
            continue
        left = replace(iv, hi=a, hi_open=False)
        right = replace(iv, lo=a, lo_open=False)
        m_left = nonnegative_on(-dg, left, False, depth - 1)
        m_right = nonnegative_on(dg, right, False, depth - 1) if m_left else None
        if m_left and m_right:
            return f"minimum at {x} = {a}: g' <= 0 on {left} ({m_left}), g' >= 0 on {right} ({m_right})"
    # a maximum inside: g >= 0 on each side of the critical point, each side by its own ends (1 + 2x - e^x on [0, 1]
    # rises to x = log 2, then falls to 3 - e > 0)
    if depth >= 2 and g.free_symbols == {x}:  # one variable only: with parameters the split costs seconds
        for a in _critical_points(dg, x)[:2]:
            if a.has(x) or a in (iv.lo, iv.hi) or not _inside(a, iv):
                continue
            left = replace(iv, hi=a, hi_open=False)
            right = replace(iv, lo=a, lo_open=False)
            m_left = nonnegative_on(g, left, strict, depth - 1)
            m_right = nonnegative_on(g, right, strict, depth - 1) if m_left else None
            if m_left and m_right:
                return f"split at {x} = {a}: on {left} ({m_left}); on {right} ({m_right})"
    # (last: Gruntz limits are slow) decreasing towards +oo (increasing from -oo): g >= its limit there
    for end, sign in ((iv.hi, -1), (iv.lo, 1)):
        if end is not None:
            continue
        m = nonnegative_on(sign * dg, iv, False, depth - 1)  # first: it fails sooner than a Gruntz limit
        if not m:
            continue
        limit = _limit(g, x, sp.oo if sign < 0 else -sp.oo)
        if limit is not None and (limit is sp.oo or _value_ok(limit, iv, strict)):
            where = "+oo" if sign < 0 else "-oo"
            return f"g -> {limit} >= 0 as {x} -> {where} and g' {'<=' if sign < 0 else '>='} 0 on {iv} ({m})"
    return None


def _interior(iv: Interval) -> Interval:
    """The open interval (the mean value theorem needs g' only there, g continuous on the closed one)."""
    return replace(iv, lo_open=True, hi_open=True)


def _inside(a: Any, iv: Interval) -> bool:
    """Is the point a provably in the interval (for every value of the parameters)?"""
    # Real and defined for every value of the parameters: certified by SymPy, or a polynomial in real parameters.
    # (A point like 1/(p - 1) or sqrt(p - 2) exists only for some p, and the proofs below would hold only there.)
    if a.is_real is not True and not (a.is_polynomial() and all(s.is_real for s in a.free_symbols)):
        return False
    ctx = Context(iv.others)
    if iv.lo is not None and nonnegative(a - iv.lo, ctx, iv.lo_open) is None:
        return False
    return iv.hi is None or nonnegative(iv.hi - a, ctx, iv.hi_open) is not None


def interval_of(x: sp.Symbol, ctx: Context) -> Interval | None:
    """x's interval from its assumptions and the hypotheses (every hypothesis about x must be a bound of x by an
    expression free of x; with several lower (upper) bounds one must be provably the largest (smallest))."""
    lows: list[tuple[Any, bool]] = []
    highs: list[tuple[Any, bool]] = []
    if x.is_positive:
        lows.append((sp.S.Zero, True))
    elif x.is_nonnegative:
        lows.append((sp.S.Zero, False))
    if x.is_negative:
        highs.append((sp.S.Zero, True))
    elif x.is_nonpositive:
        highs.append((sp.S.Zero, False))
    others = []
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        if x not in h.free_symbols:
            others.append(h)
            continue
        if not isinstance(h, (sp.Le, sp.Lt, sp.Ge, sp.Gt)):
            return None
        small, big = (h.lhs, h.rhs) if isinstance(h, (sp.Le, sp.Lt)) else (h.rhs, h.lhs)
        strict = isinstance(h, (sp.Lt, sp.Gt))
        if small == x and x not in big.free_symbols:
            highs.append((big, strict))
        elif big == x and x not in small.free_symbols:
            lows.append((small, strict))
        else:  # a x + r >= 0 with a a nonzero number: a bound on x
            d = sp.expand(big - small)
            a = d.coeff(x, 1) if d.is_polynomial(x) and sp.degree(d, x) == 1 else sp.S.Zero
            if not (a.is_number and a.is_real and a != 0):
                return None
            bound = sp.expand(-(d - a * x) / a)
            (lows if a > 0 else highs).append((bound, strict))
    base = Interval(x, others=tuple(others))
    lo = _extreme(lows, base, largest=True)
    hi = _extreme(highs, base, largest=False)
    if lo is False or hi is False:
        return None
    return Interval(x, *(lo or (None, True)), *(hi or (None, True)), tuple(others))  # type: ignore[misc]


def intervals_of(x: sp.Symbol, ctx: Context) -> list[Interval]:
    """x's interval (:func:`interval_of`), or, when no bound is provably the tightest (k >= 0 and k >= (L/mu)
    log(R^2/eps)), one interval per choice of a lower and an upper bound among the hypotheses: x lies in each, so
    the claim on any of them is the claim (the other bounds are dropped, which only weakens what is assumed)."""
    iv = interval_of(x, ctx)
    if iv is not None:
        return [iv]
    bounds = [h for h in ctx.hypotheses if x in sp.sympify(h).free_symbols]
    if len(bounds) > 4:
        return []
    out = []
    for keep in [(b,) for b in bounds] + [(b, c) for i, b in enumerate(bounds) for c in bounds[i + 1:]]:
        rest = Context(tuple(h for h in ctx.hypotheses if h not in bounds or h in keep), ctx.symmetric,
                       ctx.positive_definite)
        iv = interval_of(x, rest)
        if iv is None and any(getattr(x, f"is_{k}") for k in ("positive", "nonnegative", "negative", "nonpositive")):
            # without x's own sign as a bound: a plain real variable in its place (its sign assumptions would
            # otherwise prove g' >= 0 only on part of the interval)
            free = sp.Dummy(x.name, real=True)
            iv = interval_of(free, Context(tuple(sp.sympify(h).xreplace({x: free}) for h in rest.hypotheses)))
        if iv is not None and iv not in out:
            out.append(iv)
    return out


def _extreme(bounds: list, iv: Interval, largest: bool) -> Any:
    """The bound that is provably the tightest (False when none is), None when there is no bound."""
    if not bounds:
        return None
    ctx = Context(iv.others)
    for b, strict in bounds:
        if all(c is b or nonnegative((b - c) if largest else (c - b), ctx, False) for c, _ in bounds):
            # equal bounds: the strict one wins
            strict = strict or any(s for c, s in bounds if sp.simplify(c - b) == 0)
            return b, strict
    return False


def prove_by_monotonicity(claim: Claim, ctx: Context) -> str | None:
    """``lhs <= rhs`` (``<``) by monotonicity in one of its variables (those inside transcendental functions
    first), the others as parameters."""
    c = claim.normalized()
    if c.rel not in (Rel.LE, Rel.LT) or is_matrix(c.lhs) or is_matrix(c.rhs):
        return None
    g = sp.sympify(c.rhs - c.lhs)
    if g.atoms(AppliedUndef) or g.has(sp.Sum, sp.Integral, sp.Derivative, sp.Float, sp.Subs):
        return None
    from symgd.decide.cases import cases

    split = cases(g)
    if split is not None:  # |A|, max, min: each branch under the condition that selects it
        found = [_in_one_variable(e, Context((*ctx.hypotheses, *conds)), c.rel is Rel.LT) for conds, e in split]
        if not all(found):
            return None
        return "; ".join(f"case {', '.join(map(str, conds))}: {m}" for (conds, _), m in zip(split, found, strict=True))
    return _in_one_variable(g, ctx, c.rel is Rel.LT)


def _in_one_variable(g: Any, ctx: Context, strict: bool) -> str | None:
    syms = sorted(g.free_symbols, key=sp.default_sort_key)
    funcs = g.atoms(sp.log, sp.exp, sp.sin, sp.cos)
    inside = {s: sum(s in f.free_symbols for f in funcs) for s in syms}

    def simpler(s: sp.Symbol) -> tuple:
        """The variable inside most functions first; among those, the one whose derivative is simplest (fewest
        transcendental functions, then fewest operations): Pinsker's bound in q, whose derivative is rational."""
        d = sp.diff(g, s)
        return -inside[s], len(d.atoms(sp.log, sp.exp, sp.sin, sp.cos)), sp.count_ops(d), sp.default_sort_key(s)

    for x in sorted(syms, key=simpler)[:3]:
        if x.is_real is not True:
            continue
        for iv in intervals_of(x, ctx):
            # one variable and no parameters: one more derivative (cos x <= 1 - x^2/2 + x^4/24 needs four)
            m = nonnegative_on(g.xreplace({x: iv.x}), iv, strict, _DEPTH + 1 if len(syms) == 1 else _DEPTH)
            if m:
                return f"monotonicity in {x}: {m}" if "g'" in m else m  # no derivative: the sign alone
    return None


class Monotonicity:
    """Scalar inequalities with exp, log, roots... by the sign of a derivative (one variable, others parameters)."""

    name = "monotonicity"

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        if not cited.alone(claim, (Rel.LE, Rel.LT)):
            return False
        if is_matrix(claim.lhs) or is_matrix(claim.rhs):
            return False
        from symgd.decide.nra import _real_arithmetic  # real arithmetic is decided by z3: nothing to add there

        return not (_real_arithmetic(sp.sympify(claim.lhs)) and _real_arithmetic(sp.sympify(claim.rhs)))

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return prove_by_monotonicity(claim, ctx)
        except Exception:  # a SymPy failure is no proof; the later rows still get the claim
            return None
