"""Admissible sample points: values that satisfy chains of bounds such as 0 < mu <= a <= L or 0 < eta <= 1/L.

Random values rarely satisfy several linked hypotheses at once, and the boundary points where most slips show
(a = mu, a = L) are almost never drawn.  Here the symbols are drawn one at a time, in an order where every
hypothesis becomes a one-variable constraint on the symbol drawn last (symbols bounded by constants first, then
their neighbours; ties broken at random, so other orders occur too).  With the values already drawn, each
constraint that is rational in the symbol splits the real line at the roots and poles of its numerator and
denominator (and at 0 for a sign assumption); the value is a split point (a closed end: a non-strict bound holds
with equality there), a midpoint, a random inner point or a point beyond the outermost split, among those that
satisfy the constraints exactly (beside a split point that a strict bound excludes).  Linear hypotheses also
propagate intervals to the symbols not drawn yet (:mod:`symgd.decide.propagate`), and values inside them are
preferred.  A constraint that is not rational in the symbol is left to rejection.

Nothing here is trusted: :func:`symgd.decide.refutation.refute` re-checks every hypothesis and assumption exactly.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from fractions import Fraction
from itertools import pairwise
from typing import Any

import numpy as np
import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import fits
from symgd.decide.exact import numeric
from symgd.decide.propagate import linear_form, propagate, sign_box
from symgd.decide.sample import value_for

__all__ = ["Bounds"]

_STEPS = (Fraction(1, 100), Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(7), Fraction(11, 3))
_INNER = (Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 10), Fraction(9, 10))
_MAX_DEGREE = 6
_NEAR = Fraction(1, 1000)


class _Constraint:
    """A hypothesis as ``gap >= 0`` (``le``), ``gap > 0`` (``lt``) or ``gap = 0`` (``eq``)."""

    def __init__(self, gap: sp.Expr, kind: str) -> None:
        self.gap, self.kind = gap, kind
        self.free = {s for s in gap.free_symbols if isinstance(s, sp.Symbol)}
        self.linear = linear_form(gap, self.free)
        self._coeffs: dict = {}

    def holds_at(self, values: dict) -> bool | None:
        """Exactly (False at a pole; None when the gap is not a number that can be compared)."""
        gap = _at(self.gap, values)
        v = numeric(gap)
        if v is None:
            return False if gap.has(sp.zoo, sp.nan, sp.oo, -sp.oo) else None
        return bool(v == 0) if self.kind == "eq" else bool(v > 0) if self.kind == "lt" else bool(v >= 0)

    def coefficients(self, s: sp.Symbol) -> tuple[list, list] | None:
        """Numerator and denominator of the gap as polynomials in ``s`` (coefficients in the other symbols)."""
        if s not in self._coeffs:
            try:
                num, den = sp.fraction(sp.together(self.gap))
                ok = all(p.is_polynomial(s) for p in (num, den))
                polys = [sp.Poly(p, s) for p in (num, den)] if ok else []
                self._coeffs[s] = ([p.all_coeffs() for p in polys]
                                   if polys and all(p.degree() <= _MAX_DEGREE for p in polys) else None)
            except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
                self._coeffs[s] = None
        return self._coeffs[s]


def _constraint(h: Any) -> _Constraint | None:
    try:
        c = Claim.of(sp.sympify(h)).normalized()
    except Exception:  # And, Ne, a matrix relation...: rejection sampling checks them
        return None
    kind = {Rel.LE: "le", Rel.LT: "lt", Rel.EQ: "eq"}[c.rel]
    return _Constraint(sp.sympify(c.rhs - c.lhs), kind)


def _at(expr: Any, values: dict) -> Any:
    """``expr`` at ``values`` (matrices included: a trace or norm of a drawn vector becomes a number)."""
    out = sp.sympify(expr).xreplace(values)
    if out.has(sp.MatrixExpr, sp.MatrixBase):
        out = out.doit()
        out = out[0, 0] if isinstance(out, sp.MatrixBase) and out.shape == (1, 1) else out
    return out


def _rational(v: Any) -> Fraction | None:
    try:
        v = sp.sympify(v)
        if v.is_Rational:
            return Fraction(int(v.p), int(v.q))
        f = float(v)
    except (TypeError, ValueError):
        return None
    return Fraction(f).limit_denominator(10**4) if np.isfinite(f) else None


def _roots(coeffs: list) -> list[Fraction]:
    """Real roots (exact for degree 1, rational approximations beyond) of a polynomial with numeric coefficients."""
    cs = [_rational(c) for c in coeffs]
    if any(c is None for c in cs):
        return []
    while cs and cs[0] == 0:
        cs = cs[1:]
    if len(cs) < 2:
        return []
    if len(cs) == 2:
        return [-cs[1] / cs[0]]  # type: ignore[operator]
    roots = np.roots([float(c) for c in cs])  # type: ignore[arg-type]
    real = [float(r.real) for r in roots if abs(r.imag) < 1e-9]  # a root from below and from above
    return [Fraction(g(r * 10**6), 10**6) for r in real if np.isfinite(r) for g in (math.floor, math.ceil)]


def _candidates(points: list[Fraction], rng: random.Random, integer: bool) -> list[list[Fraction]]:
    """The split points, the midpoints between them, and random inner and outer points (integers beside them all
    for an integer symbol)."""
    mids = [(a + b) / 2 for a, b in pairwise(points)]
    inner = [a + (b - a) * rng.choice(_INNER) for a, b in pairwise(points)]
    inner += [points[0] - rng.choice(_STEPS), points[-1] + rng.choice(_STEPS)]
    out = [list(points), mids, inner]
    if integer:
        out = [[Fraction(f) for f in sorted({g(p) for p in ps for g in (math.floor, math.ceil)})] for ps in out]
    return out


class Bounds:
    """The hypotheses of a context, ready to draw admissible values for its symbols."""

    def __init__(self, ctx: Context) -> None:
        self.constraints = [c for c in map(_constraint, ctx.hypotheses) if c is not None and c.free]

    def __bool__(self) -> bool:
        return bool(self.constraints)

    def draw(self, syms: Iterable[sp.Symbol], rng: random.Random, given: dict | None = None,
             style: str | None = None, known: dict | None = None) -> dict:
        """Values for ``syms``, each inside what its constraints allow given the symbols drawn before it
        (a random value for a symbol no constraint reaches; the whole point is re-checked by the caller).
        Symbols in ``given`` keep their values and count as drawn first; ``known`` holds the sizes and matrices
        already drawn (returned values are for ``syms`` only).  ``style`` "low" or "high" takes the
        smallest or largest admissible split point of every symbol (every non-strict bound it can make tight),
        "mid" a midpoint between split points; None picks at random among all of them."""
        given, known = given or {}, known or {}
        values = {s: given[s] for s in syms if s in given}
        left = sorted(set(syms) - set(values), key=sp.default_sort_key)
        while left:
            drawn = set(values) | set(known)
            score = {s: sum(1 for c in self.constraints if s in c.free and c.free - {s} <= drawn) for s in left}
            best = max(score.values())
            s = rng.choice([t for t in left if score[t] == best])
            linear = [(c.linear, c.kind) for c in self.constraints if c.linear is not None]
            box = propagate(linear, left, {**known, **values})[s]
            left.remove(s)
            bounded = best or box != sign_box(s)  # no hypothesis reaches s: its usual draw
            values[s] = self._value(s, {**known, **values}, rng, style, box) if bounded else value_for(s, rng)
        return values

    def _value(self, s: sp.Symbol, values: dict, rng: random.Random, style: str | None = None,
               box: list | None = None) -> sp.Expr:
        mine = [c for c in self.constraints if s in c.free and c.free - {s} <= set(values)]
        box = box or [None, None]
        lo, hi = (None if e is None else e[0] for e in box)
        # a strict end of the propagated interval is approached from inside (s1 = 1/2 - 1/1000 in s1 <= s2 < 1/2)
        splits: set[Fraction] = {e[0] + (d * _NEAR if e[1] else 0) for e, d in zip(box, (1, -1), strict=True)
                                 if e is not None}
        if any(getattr(s, f"is_{k}") for k in ("positive", "nonnegative", "negative", "nonpositive", "nonzero")):
            splits.add(Fraction(0))
        for c in mine:
            parts = c.coefficients(s)
            for coeffs in parts or ():
                splits.update(_roots([_at(k, values) for k in coeffs]))
        points = sorted(splits)
        if not points:
            return value_for(s, rng)
        ends, mids, inner = _candidates(points, rng, bool(s.is_integer))
        step = Fraction(1) if s.is_integer else _NEAR

        def admissible(cands: list[Fraction], boxed: bool) -> list[sp.Rational]:
            out = []
            for f in cands:
                v = sp.Rational(f.numerator, f.denominator)
                inside = not boxed or ((lo is None or f >= lo) and (hi is None or f <= hi))
                if inside and fits(s, v) and all(c.holds_at({**values, s: v}) is not False for c in mine):
                    out.append(v)
            return out

        def tight(boxed: bool) -> list[sp.Rational]:  # a split point, or beside it when a strict bound excludes it
            return [v for p in ends for v in (admissible([p], boxed) or admissible([p - step, p + step], boxed))]

        lists = [tight(True), admissible(mids, True), admissible(inner, True)]
        if not any(lists):  # the propagated interval is only a guide
            lists = [tight(False), admissible(mids, False), admissible(inner, False)]
        picked = self._pick(*lists, rng, style)
        return value_for(s, rng) if picked is None else picked  # nothing admissible: the point is rejected later

    @staticmethod
    def _pick(ends: list, mids: list, inner: list, rng: random.Random, style: str | None) -> sp.Expr | None:
        """A split point (where a non-strict bound is tight) half of the time, else a midpoint or an inner point;
        ``style`` asks for the lowest or highest split point, or a midpoint, when there is one."""
        if style in ("low", "high") and ends:
            return min(ends) if style == "low" else max(ends)
        if style == "mid" and mids:
            return rng.choice(mids)
        if ends and (not (mids or inner) or rng.random() < 0.5):
            return rng.choice(ends)
        return rng.choice(mids + inner) if mids or inner else None
