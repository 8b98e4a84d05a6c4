"""A bound of a power by the power of a bound: ``a^E <= b^E`` from ``0 <= a <= b`` and ``E >= 0``.

u -> u^E is nondecreasing on u >= 0 for every real E >= 0 (strictly increasing for E > 0; E = 0 gives 1 <= 1 with
0^0 = 1), so ``c a^E <= c b^E`` follows from three facts, each proved by the engine's own rows (the lemma library for
``1 - g <= e^(-g)``, the sign certificates, real arithmetic): ``E >= 0``, ``a >= 0``, ``a <= b``, plus ``c >= 0`` for a
common factor c.  A side ``exp(E x)`` is the power ``(e^x)^E``, and ``b^(k E)`` is ``(b^k)^E``, so the rates of
convex optimization are in the class: ``(1 - gamma)^t <= e^(-gamma t)`` (Nesterov 2.1.5, Bubeck 3.4),
``(1 - mu/L)^k <= exp(-k mu/L)``, ``(1 + 1/n)^n <= e`` (``1 + 1/n <= e^(1/n)``).  ``<`` needs ``E > 0`` and ``a < b``,
and so does a base b that divides by E (``e = (e^(1/n))^n`` only for n != 0: ``(1/2)^E <= 1/2`` fails at E = 0).

Failing that, an upper bound ``c a^E <= R`` of another form is relaxed to ``c e^(E (a - 1)) <= R`` (a <= e^(a - 1),
proved as a lemma instance): ``(1 - mu/L)^k R^2 <= eps`` once ``k >= (L/mu) log(R^2/eps)`` (monotonicity in k), and
``(1 - mu/L)^k <= L/(k mu)``.

The exponent E is read off the left side's power (or the right side's, for a lower bound ``b^E <= a^E``); the other
side must be ``c b^E`` with the same E exactly (a quotient of exponents free of nothing is not guessed).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import Cited, scalar_sides

__all__ = ["ROWS", "PowerOfBound", "as_power"]

# The table's rows a sub-claim may go through, filled by symgd.decide.table once it has listed them (a registry, so
# this row does not import the table that lists it: no import cycle).  Empty: no sub-claim is proved, never unsound.
ROWS: list = []

_DEPTH = 2  # a bound of a power whose base bound is itself a power bound, at most this deep
_SUB_ROWS = ("Intervals", "Sign", "Quick", "ByLemmas", "Monotonicity")  # the table's rows a sub-claim goes through


def _split(side: Any, E: Any) -> tuple[Any, Any] | None:
    """side = c * b^E (c free of the exponent's power) as (c, b), or None."""
    side = sp.sympify(side)
    if side.is_number:  # e = (e^(1/n))^n
        base = as_power(side, E)
        return (sp.S.One, base) if base is not None else None
    c, b = sp.S.One, None
    for f in sp.Mul.make_args(side):
        base = as_power(f, E) if isinstance(f, (sp.Pow, sp.exp)) else None
        if base is not None and b is None:
            b = base
        elif E.free_symbols & f.free_symbols:
            return None
        else:
            c *= f
    return (c, b) if b is not None else None


def as_power(f: Any, E: Any) -> Any:
    """The base b with f = b^E exactly, or None: ``p^E`` itself; ``exp(x)`` as ``(e^(x/E))^E`` and a positive
    constant c as ``(c^(1/E))^E`` (powers of a positive base multiply their exponents)."""
    if isinstance(f, sp.Pow) and sp.cancel(f.exp - E) == 0:
        return f.base
    if isinstance(f, sp.Pow) and sp.cancel(f.exp + E) == 0:
        return 1 / f.base  # p^(-E) = (1/p)^E: the base is checked >= 0 (so p > 0) or bounded by one that is
    if isinstance(f, sp.exp):
        return sp.exp(sp.cancel(f.args[0] / E))
    if f is sp.E:
        return sp.exp(1 / E)
    if f.is_number and f.is_positive is True and f.is_finite:
        return f ** (1 / E)
    return None


def _proved(claim: Claim, ctx: Context, depth: int) -> str | None:
    """The sub-claim by the rows of the table (this row itself only ``depth`` more times)."""
    cited = Cited()
    for method in ROWS:
        if isinstance(method, PowerOfBound):
            if depth <= 0:
                continue
            m = method.prove_at(claim, ctx, depth - 1)
            if m:
                return m
            continue
        if type(method).__name__ not in _SUB_ROWS:
            continue  # the sub-claims are one-variable bounds: the cheap rows, never the SDP or long z3 runs
        try:
            if method.accepts(claim, ctx, cited):
                m = method.prove(claim, ctx, cited)
                if m:
                    return m
        except Exception:  # a failing row is no proof
            continue
    return None


class PowerOfBound:
    """``c a^E <= c b^E`` from ``0 <= a <= b``, ``E >= 0`` and ``c >= 0``."""

    name = "power of a bound"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, (Rel.LE, Rel.LT))
        return sides is not None and any(isinstance(f, (sp.Pow, sp.exp)) and not f.exp.is_number
                                         if isinstance(f, sp.Pow) else isinstance(f, sp.exp)
                                         for s in sides for f in sp.Mul.make_args(s))

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> str | None:
        return self.prove_at(claim, ctx, _DEPTH)

    def prove_at(self, claim: Claim, ctx: Context, depth: int) -> str | None:
        claim = claim.normalized()
        strict = claim.rel is Rel.LT
        for side in (claim.lhs, claim.rhs):
            for f in sp.Mul.make_args(sp.sympify(side)):
                if not isinstance(f, sp.Pow) or f.exp.is_number or not f.exp.free_symbols:
                    continue
                for E in (f.exp, -f.exp):  # (1 + g)^(-t) = (1/(1 + g))^t
                    m = self._with_exponent(claim, ctx, E, strict, depth)
                    if m:
                        return m
        return _relaxed(claim, ctx, depth)


    def _with_exponent(self, claim: Claim, ctx: Context, E: Any, strict: bool, depth: int) -> str | None:
        from symgd.decide.monotone import nonnegative

        try:
            low, high = _split(claim.lhs, E), _split(claim.rhs, E)
            if low is None or high is None or sp.cancel(low[0] - high[0]) != 0:
                return None
            c, a, b = low[0], low[1], high[1]
            # b = e^(x/E) or C^(1/E) is b^E = the side only for E != 0: then E > 0 ((1/2)^E <= 1/2 at E = 0)
            divided = bool(sp.sympify(b).free_symbols & E.free_symbols)
            facts = [nonnegative(E, ctx, strict or divided), nonnegative(a, ctx), nonnegative(c, ctx, strict)]
            if not all(facts):
                return None
            bound = _proved(Claim(a, claim.rel, b), ctx, depth)
        except Exception:  # SymPy failing on a piece is no proof
            return None
        if not bound:
            return None
        shown = f"{a} {claim.rel.value} {b}"
        return (f"u -> u^({E}) is increasing for u >= 0 and {E} >= 0 ({facts[0]}); {a} >= 0 ({facts[1]}); "
                f"{shown} ({bound})" + ("" if c == 1 else f"; common factor {c} >= 0 ({facts[2]})"))


def _relaxed(claim: Claim, ctx: Context, depth: int) -> str | None:
    """``c a^E <= R`` from ``c e^(E (a - 1)) <= R``: a <= e^(a - 1) (proved here, a lemma instance) and u -> u^E
    increasing on u >= 0 for E >= 0, with c >= 0.  The rate (1 - mu/L)^k becomes e^(-k mu/L), which monotonicity
    bounds under k >= (L/mu) log(R^2/eps) and the lemmas against L/(k mu)."""
    from symgd.decide.monotone import nonnegative

    if depth <= 0:
        return None
    lhs = sp.sympify(claim.lhs)
    powers = [f for f in sp.Mul.make_args(lhs) if isinstance(f, sp.Pow) and f.exp.free_symbols]
    if len(powers) != 1:
        return None
    (p,) = powers
    a, E = p.base, p.exp
    c = lhs / p
    if c.has(sp.Pow) and any(f.exp.free_symbols for f in c.atoms(sp.Pow)):
        return None
    try:
        facts = [nonnegative(E, ctx), nonnegative(a, ctx), nonnegative(c, ctx)]
        if not all(facts):
            return None
        tangent = _proved(Claim(a, Rel.LE, sp.exp(a - 1)), ctx, depth - 1)
        rest = _proved(Claim(c * sp.exp(sp.expand(E * (a - 1))), claim.rel, claim.rhs), ctx, depth - 1) if tangent \
            else None
    except Exception:  # SymPy failing on a piece is no proof
        return None
    if not rest:
        return None
    return (f"{p} <= exp({E}*({a} - 1)): {a} >= 0 ({facts[1]}), {E} >= 0 ({facts[0]}), {a} <= exp({a} - 1) "
            f"({tangent}); then {rest}")
