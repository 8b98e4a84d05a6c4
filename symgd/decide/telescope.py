"""Telescoping sums to a symbolic limit: ``sum_{k=m}^{n} (A(k) - A(k+d)) = sum_{j<d} A(m+j) - sum_{j<d} A(n+1+j)``.

The summand is matched exactly: some term A(k) of it (after rationalizing denominators with roots, 1/(sqrt(k+1) +
sqrt(k)) = sqrt(k+1) - sqrt(k), and splitting log((k+1)/k) into log(k+1) - log(k) when both arguments are > 0 for
every k >= m) such that summand - (A(k) - A(k+d)) reduces to zero for a shift d in 1..3.  The identity holds for
every integer n (Karr's convention for sums that run backwards: -(A(k) + ... + A(k+d-1)) is an antidifference),
wherever A is defined at the points it names.  The claim with its sums replaced goes to the methods that decide
sum-free claims, as for the geometric sums (:mod:`symgd.decide.geometric`): ``sum_{k=1}^{T} log((k+1)/k) = log(T+1)``,
``sum_{k=1}^{T} 1/(sqrt(k+1) + sqrt(k)) = sqrt(T+1) - 1``, and bounds such as ``sum_{k=1}^{T} 1/(k(k+1)) <= 1``
(rational summands in partial fractions).  A bound is proved for sums that run over zero or more terms (T >= 0 in
``sum_{k=1}^{T}``, said in the verdict): what a sum's author means, and what refutation samples
(:func:`symgd.decide.sums.counted_terms`).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import Cited, scalar_sides

__all__ = ["Telescoping", "telescoped"]

_SHIFTS = (1, 2, 3)


def _forms(f: Any, k: sp.Symbol, m: Any) -> list:
    """The summand as written, rationalized, and with logs of quotients split (arguments > 0 for k >= m)."""
    out = [f]
    if f.is_rational_function(k) and not f.is_polynomial(k):
        out.append(sp.apart(f, k))  # 1/(k(k+1)) = 1/k - 1/(k+1)
    if f.has(sp.Pow) and any(not p.exp.is_Integer for p in f.atoms(sp.Pow)):
        out.append(sp.radsimp(f))
    if f.has(sp.log) and m.is_number:
        j = sp.Dummy("j", nonnegative=True, integer=True)  # k = m + j
        split = sp.expand_log(f, force=True)
        args = [a.args[0] for a in split.atoms(sp.log)] + [a.args[0] for a in f.atoms(sp.log)]
        if all(sp.sympify(a).xreplace({k: m + j}).is_positive for a in args):
            out.append(split)
    return out


def telescoped(s: sp.Sum) -> tuple[Any, str] | None:
    """The closed form of a telescoping sum and the antidifference it rests on, or None."""
    if len(s.limits) != 1:
        return None
    k, m, n = s.limits[0]
    if any(e.has(sp.oo, -sp.oo, sp.zoo) or k in sp.sympify(e).free_symbols for e in (m, n)):
        return None
    for f in _forms(s.function, k, m):
        for term in sp.Add.make_args(sp.expand(f)):
            if k not in term.free_symbols:
                continue
            for d in _SHIFTS:
                for A in (term, -term.xreplace({k: k - d})):  # term = A(k), or term = -A(k + d)
                    rest = f - (A - A.xreplace({k: k + d}))
                    if sp.expand(rest) == 0 or sp.cancel(sp.together(rest)) == 0:
                        closed = (sum(A.xreplace({k: m + j}) for j in range(d))
                                  - sum(A.xreplace({k: n + 1 + j}) for j in range(d)))
                        return closed, f"telescoping, A({k}) = {A}, shift {d}"
    return None


class Telescoping:
    """Sums ``sum (A(k) - A(k+d))`` to a symbolic limit in closed form, then the methods for sum-free claims."""

    name = "telescoping sums"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, (Rel.EQ, Rel.LE, Rel.LT))
        return sides is not None and any(s.limits[0][1].free_symbols or s.limits[0][2].free_symbols
                                         for e in sides for s in e.atoms(sp.Sum) if len(s.limits) == 1)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> str | None:
        from symgd.decide.geometric import _sum_free, closed_form
        from symgd.decide.sums import counted_terms, integer_limits

        try:
            claim, ctx, note = integer_limits(claim, ctx)
            used = [note] if note else []
            if claim.rel is not Rel.EQ:  # a bound on a sum is about sums that count their terms: T >= 0 in sum_1^T
                before = set(ctx.hypotheses)
                claim, ctx = counted_terms(claim, ctx)
                used += [f"{h} (a sum runs over zero or more terms)" for h in ctx.hypotheses if h not in before]
            sides, telescopes = [], 0
            for side in (claim.lhs, claim.rhs):
                table = {}
                for s in sorted(sp.sympify(side).atoms(sp.Sum), key=sp.default_sort_key):
                    found = telescoped(s)
                    telescopes += found is not None
                    found = found or closed_form(s, ctx)
                    if found is None:
                        return None
                    table[s] = found[0]
                    used.append(f"{s} = {found[0]} ({found[1]})")
                sides.append(sp.sympify(side).xreplace(table))
            if not telescopes:
                return None  # the geometric row decided these sums already
            m = _sum_free(Claim(sides[0], claim.rel, sides[1]), ctx)
        except Exception:  # SymPy failing on a sum is no proof
            return None
        return f"{'; '.join(used)}; then {m}" if m else None
