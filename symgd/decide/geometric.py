"""Geometric sums to a symbolic limit in closed form, then the claim without sums decided by the other rows.

``sum_{i=m}^{n} c r^(a i + b)`` (c, r, a, b free of i; a a nonzero integer) is ``c r^b (q^m - q^(n+1)) / (1 - q)``
with ``q = r^a`` when ``q != 1`` is proved from the hypotheses, and ``c r^b (n - m + 1)`` when ``q = 1`` is: the
telescoping identity ``(1 - q) sum_{i=m}^{n} q^i = q^m - q^(n+1)``, exact for every integer n >= m - 1 and, with
SymPy's (Karr's) convention for sums that run backwards, for every integer n.  Written by hand rather than by
``Sum.doit``: SymPy's answer is a Piecewise on ``q = 1`` whose condition ``refine`` cannot settle from the
hypotheses and whose simplification ran past every budget (the Adam weights ``(1 - b) sum_{i=1}^t b^(t-i) =
1 - b^t`` timed out in the zero test).

A ratio r that may be 1 (no hypothesis says otherwise) splits the claim in two exact cases: r = 1 (the sum of equal
terms) and r != 1 (the closed form, with the hypothesis r != 1): ``sum_{i=1}^{t} b^(t-i) = sum_{k=0}^{t-1} b^k`` and
the Adam weights ``(1 - b) sum_{i=1}^{t} b^(t-i) = 1 - b^t`` hold with no assumption.  A term ``r^(b - i)`` is summed
backwards (``i -> m + n - i``, exact for every integer n), so the closed form has only the powers of r the terms
have and needs no ``r != 0``.  Identities whose denominators vanish at r = 1 are the domain row's
(:mod:`symgd.decide.domain`: proved where ``1 - r != 0``, and said so).

A symbol in a limit that is not declared an integer is read as one (:func:`symgd.decide.sums.integer_limits`, the
verdict says so).  The claim with its sums replaced goes to the methods that decide sum-free claims (the zero test,
real arithmetic, the powers of a natural number, sign certificates, monotonicity); the verdict names the closed form
and the method that finished the proof.

Two series to infinity are summed the same way: the geometric series ``sum_{i>=m} c q^i = c q^m / (1 - q)`` when
``|q| < 1`` is proved, and ``sum_{x>=0} P(x) r^x / x! = e^r sum_j a_j r^j`` for a polynomial ``P(x) = sum_j a_j
x(x-1)...(x-j+1)`` (falling factorials, through Stirling numbers of the second kind; every such series converges
absolutely): the moments of the Poisson distribution, its Fisher information.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import Cited, fits, scalar_sides, unbound
from symgd.decide.definedness import stated_nonzero

__all__ = ["GeometricSums", "closed_form", "exponential_series", "prove_in_closed_form", "without_sums"]


def _nonzero(e: Any, ctx: Context) -> bool:
    from symgd.decide.monotone import nonnegative

    return bool(stated_nonzero(e, ctx) or nonnegative(e, ctx, True) or nonnegative(-e, ctx, True))


def closed_form(s: sp.Sum, ctx: Context) -> tuple[Any, str] | None:
    """The closed form of a geometric sum and what it rests on, or None (not geometric, or q = 1 undecided)."""
    if len(s.limits) != 1:
        return None
    i, m, n = s.limits[0]
    if n is sp.oo and m.is_Integer and i not in m.free_symbols:
        return exponential_series(s) or _geometric_series(s, ctx) or _polynomial_geometric_series(s, ctx)
    if any(e.has(sp.oo, -sp.oo, sp.zoo) or i in sp.sympify(e).free_symbols for e in (m, n)):
        return None
    if i not in s.function.free_symbols:
        return s.function * (n - m + 1), f"sum of {n - m + 1} equal terms"
    found = _geometric_term(s.function, i)
    if found is None:
        return None
    c, r, a, b = found
    if a < 0:  # r^(b - i): summed backwards (i = m + n - j; exact for every integer n), a power r^(j + b')
        found = _geometric_term(s.function.xreplace({i: m + n - i}), i)
        if found is None or found[2] < 0:
            return None
        c, r, a, b = found
    q = r**a
    ctx = unbound(ctx, s)
    if _nonzero(q - 1, ctx):
        # powers of r only as the terms have them (the first term's, the (n+1)-th's): no r != 0 needed
        return c * (r ** (a * m + b) - r ** (a * (n + 1) + b)) / (1 - q), f"geometric sum, ratio {q} != 1"
    if sp.simplify(q - 1) == 0:
        return c * r**b * (n - m + 1), f"sum of {n - m + 1} equal terms"
    return None


def _geometric_term(term: Any, i: sp.Symbol) -> tuple[Any, Any, Any, Any] | None:
    """term = c r^(a i + b) (a a nonzero integer; c, r, b free of i) as (c, r, a, b), or None."""
    coeff, powers = sp.S.One, []
    for f in sp.Mul.make_args(sp.powsimp(sp.expand_power_base(term, force=False))):
        if i not in f.free_symbols:
            coeff *= f
        elif isinstance(f, sp.Pow) and i not in f.base.free_symbols:
            powers.append(f)
        elif isinstance(f, sp.exp):
            powers.append(sp.Pow(sp.E, f.args[0], evaluate=False))
        else:
            return None
    if len(powers) != 1:
        return None
    r, e = powers[0].as_base_exp()
    a, b = sp.Poly(e, i).all_coeffs() if sp.sympify(e).is_polynomial(i) and sp.degree(e, i) == 1 else (None, None)
    if a is None or not a.is_Integer or a == 0 or r.is_real is not True:
        return None
    return coeff, r, a, b


def _geometric_series(s: sp.Sum, ctx: Context) -> tuple[Any, str] | None:
    """sum_{i>=m} lead q^i = lead q^m / (1 - q) when |q| < 1 is proved."""
    from symgd.decide.monotone import nonnegative

    i, m, _ = s.limits[0]
    found = _geometric_term(s.function, i)
    if found is None:
        return None
    c, r, a, b = found
    lead, q = c * r**b, r**a
    ctx = unbound(ctx, s)
    if (a < 0 or m < 0) and not _nonzero(r, ctx):
        return None  # r^(-i) and q^m with m < 0 need r != 0
    if not (nonnegative(1 - q, ctx, True) and nonnegative(1 + q, ctx, True)):
        return None
    return lead * q**m / (1 - q), f"geometric series, |{q}| < 1"


def _polynomial_times_power(term: Any, x: sp.Symbol, factorial: bool) -> tuple[Any, Any] | None:
    """term = P(x) r^x, over x! when ``factorial``, as (P, r): P a polynomial in x, r real and free of x; or None."""
    poly, rate, fact = sp.S.One, None, False
    for f in sp.Mul.make_args(sp.factor_terms(term)):
        if x not in f.free_symbols:
            poly *= f
        elif factorial and f == 1 / sp.factorial(x):
            fact = True
        elif isinstance(f, sp.Pow) and x not in f.base.free_symbols and rate is None \
                and f.exp.is_polynomial(x) and sp.degree(f.exp, x) == 1 and sp.Poly(f.exp, x).LC() == 1:
            rate = f.base
            poly *= f.base ** (f.exp - x)  # r^(x + c): the constant factor r^c joins P
        elif f.is_polynomial(x):
            poly *= f
        else:
            return None
    if fact != factorial or rate is None or rate.is_real is not True or not sp.sympify(poly).is_polynomial(x):
        return None
    return poly, rate


def _polynomial_geometric_series(s: sp.Sum, ctx: Context) -> tuple[Any, str] | None:
    """sum_{i>=m} P(i) q^i (P a polynomial, q free of i, |q| < 1 proved, m >= 0) from sum_{i>=0} i(i-1)...(i-j+1)
    q^i = j! q^j / (1 - q)^(j+1) (the geometric series differentiated j times), less the terms below m."""
    from symgd.decide.monotone import nonnegative

    i, m, _ = s.limits[0]
    if not (m.is_Integer and m >= 0) or (split := _polynomial_times_power(s.function, i, False)) is None:
        return None
    poly, q = split
    ctx = unbound(ctx, s)
    if not (nonnegative(1 - q, ctx, True) and nonnegative(1 + q, ctx, True) and _nonzero(q, ctx)):
        return None  # |q| < 1; q != 0 for the factors q^c with c < 0 moved out of the power
    P = sp.Poly(sp.expand(poly), i)
    total = sp.S.Zero
    for (k,), a in P.terms():  # i^k = sum_j S(k, j) i(i-1)...(i-j+1)
        total += a * sum(sp.functions.combinatorial.numbers.stirling(k, j) * sp.factorial(j) * q**j / (1 - q) ** (j + 1)
                         for j in range(k + 1))
    head = sum(poly.xreplace({i: j}) * q**j for j in range(int(m)))  # terms below m
    return total - head, f"geometric series differentiated (|{q}| < 1)"


def exponential_series(s: sp.Sum) -> tuple[Any, str] | None:
    """sum_{x>=m} P(x) r^x / x! in closed form (P a polynomial, r free of x), or None."""
    x, m, _ = s.limits[0]
    if not (m.is_Integer and m >= 0) or (split := _polynomial_times_power(s.function, x, True)) is None:
        return None
    poly, rate = split
    P = sp.Poly(sp.expand(poly), x)
    total = sp.S.Zero
    for (k,), a in P.terms():  # x^k = sum_j S(k, j) x(x-1)...(x-j+1), and sum_x x^(j falling) r^x/x! = r^j e^r
        total += a * sum(sp.functions.combinatorial.numbers.stirling(k, j) * rate**j for j in range(k + 1))
    head = sum(poly.xreplace({x: j}) * rate**j / sp.factorial(j) for j in range(int(m)))  # terms below m
    return sp.exp(rate) * total - head, "exponential series (falling factorials)"


def without_sums(claim: Claim, ctx: Context) -> tuple[Claim, Context, list[str]] | None:
    """The claim with every geometric sum in closed form (None when there is none or one is not geometric)."""
    from symgd.decide.sums import integer_limits

    claim, ctx, note = integer_limits(claim, ctx)
    sides = []
    used: list[str] = [note] if note else []
    for side in (claim.lhs, claim.rhs):
        table = {}
        for s in sp.sympify(side).atoms(sp.Sum):
            found = closed_form(s, ctx)
            if found is None:
                return None
            table[s] = found[0]
            used.append(f"{s} = {found[0]} ({found[1]})")
        sides.append(sp.sympify(side).xreplace(table))
    if len(used) == (1 if note else 0):
        return None
    return Claim(sides[0], claim.rel, sides[1], claim.order, claim.equation), ctx, used


class GeometricSums:
    """Claims with geometric sums to a symbolic limit or series to infinity: closed forms, then the methods for
    sum-free claims."""

    name = "geometric sums in closed form"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, (Rel.EQ, Rel.LE, Rel.LT))
        return sides is not None and any(s.limits[0][2].free_symbols or s.limits[0][1].free_symbols or s.limits[0][2] is sp.oo
                   for e in sides for s in e.atoms(sp.Sum) if len(s.limits) == 1)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> str | None:
        m = prove_in_closed_form(claim, ctx)
        if m:
            return m
        r = _open_ratio(claim, ctx)
        if r is None:
            return None
        # r = 1 or r != 1: each case in closed form (a case split, exact; r = 1 is void when r cannot be 1)
        other = prove_in_closed_form(claim, Context((*ctx.hypotheses, sp.Ne(r, 1)), ctx.symmetric, ctx.positive_definite))
        if not other:
            return None
        hyps = tuple(sp.sympify(h).xreplace({r: sp.S.One}) for h in ctx.hypotheses)
        if not fits(r, sp.S.One) or sp.false in hyps:
            return f"{r} != 1 (it cannot be 1): {other}"
        one = prove_in_closed_form(Claim(claim.lhs.xreplace({r: sp.S.One}), claim.rel, claim.rhs.xreplace({r: sp.S.One})),
                                   Context(tuple(h for h in hyps if h is not sp.true), ctx.symmetric, ctx.positive_definite))
        return f"cases {r} = 1 ({one}) and {r} != 1 ({other})" if one else None


def _open_ratio(claim: Claim, ctx: Context) -> sp.Symbol | None:
    """A symbol r that is the ratio of a geometric sum of the claim (terms c r^(i + b) or c r^(b - i)) for which
    r != 1 is not proved: the case split on r = 1 decides such sums."""
    from symgd.decide.sums import integer_limits

    claim, ctx, _ = integer_limits(claim, ctx)
    for side in (claim.lhs, claim.rhs):
        for s in sorted(sp.sympify(side).atoms(sp.Sum), key=sp.default_sort_key):
            if len(s.limits) != 1 or s.limits[0][2] is sp.oo:
                continue
            found = _geometric_term(s.function, s.limits[0][0])
            if found and isinstance(found[1], sp.Symbol) and abs(found[2]) == 1 and not _nonzero(found[1] - 1, ctx):
                return found[1]
    return None


def prove_in_closed_form(claim: Claim, ctx: Context) -> str | None:
    """The claim with its sums in closed form, decided by the methods for sum-free claims (None: not proved)."""
    if not any(isinstance(e, sp.Basic) and e.has(sp.Sum) for e in (claim.lhs, claim.rhs)):
        try:  # a case of a split that lost its sums (0 * sum at r = 1)
            m = _sum_free(claim, ctx)
        except Exception:  # a failing method is no proof
            return None
        return f"no sum left; {m}" if m else None
    try:
        found = without_sums(claim, ctx)
    except Exception:  # SymPy failing on a sum is no proof
        return None
    if found is None:
        return None
    new, new_ctx, used = found
    if new.rel is Rel.EQ:
        gap = sp.cancel(sp.together(new.lhs - new.rhs))
        if gap.is_number and gap != 0:
            return None  # sum-free sides that differ by a nonzero constant: nothing can prove it, leave the time
    try:
        m = _sum_free(new, new_ctx)
    except Exception:  # a failing method is no proof
        return None
    return f"{'; '.join(used)}; then {m}" if m else None


def _sum_free(c: Claim, ctx: Context) -> str | None:
    """The claim without sums by the methods that decide such claims: the zero test, z3, the powers of a natural
    number, the sign certificates and monotonicity (named here, not through the table: the table lists this row)."""
    from symgd.decide import nra
    from symgd.decide.monotone import nonnegative, prove_by_monotonicity
    from symgd.decide.powers import prove_by_powers
    from symgd.decide.zero import is_zero

    c = c.normalized()
    if c.rel is Rel.EQ:
        return is_zero(sp.sympify(c.lhs - c.rhs), ctx) or prove_by_powers(c, ctx) or (
            nra.prove(c, ctx, timeout=nra.Z3_TIMEOUT) if nra._real_arithmetic(sp.sympify(c.lhs - c.rhs)) else None)
    return (nonnegative(sp.sympify(c.rhs - c.lhs), ctx, c.rel is Rel.LT, thorough=True) or prove_by_powers(c, ctx)
            or prove_by_monotonicity(c, ctx))
