"""Refutation by exact sampling: a claim is refuted only at a point that satisfies every assumption and
hypothesis, where the claim fails exactly (or by far more than the evaluation error).

Points come from, in order: the caller's ``candidates`` (values for some symbols, a solver's model for
instance; the other objects are drawn); random points (:mod:`symgd.decide.sample`), each followed, when the
hypotheses bound some symbol, by an admissible point drawn inside the bounds, boundary points included
(:mod:`symgd.decide.bounds`); last, the ``sources`` given (:func:`symgd.decide.refute` passes the table's
:data:`symgd.decide.table.POINT_SOURCES`, a solver's models).
Whatever its origin, a point is re-checked here exactly, and none is trusted.  Symbols in the limits of a sum are
integers here and every such sum runs over zero or more terms (:func:`symgd.decide.sums.counted_terms`).

Hypotheses that share no symbol with the claim (even through other hypotheses) are not sampled with it: a
counterexample is completed by values that satisfy them, found separately, and when none are found nothing is
refuted (those hypotheses may be inconsistent).  How a point shows the claim false depends on the relation
(:data:`FAILS_AT`: each relation's test lives with its proof method).  Sampling never proves.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.core.verdict import Status, Verdict
from symgd.decide import sign, solves, taylor, zero
from symgd.decide.bounds import Bounds
from symgd.decide.context import materialized, relevant
from symgd.decide.exact import hypotheses_hold
from symgd.decide.iterates import has_iterates
from symgd.decide.sample import sample_point
from symgd.decide.sums import counted_terms
from symgd.decide.witness_names import Completer

__all__ = ["FAILS_AT", "refute"]

Point = Mapping[Any, Any]  # symbol (or its name) -> exact value
_Draw = Callable[[], tuple[dict, dict, Callable[[Any], Any]]]
_STYLES = ("low", "high", "mid")
Source = Callable[[Claim, Context, float], Iterable[Point]]

# How a sample point (``apply`` evaluates an expression there) shows a normalized claim false: a description or None.
FAILS_AT: dict[Rel, Callable[[Claim, Callable[[Any], Any]], str | None]] = {
    Rel.EQ: zero.fails_at,
    Rel.LE: sign.fails_at,
    Rel.LT: sign.fails_at,
    Rel.SOLVES: solves.fails_at,
    Rel.APPROX: taylor.fails_at,
}


def refute(claim: Claim, ctx: Context = Context(), trials: int = 40, seed: int = 0,
           deadline: float | None = None, candidates: Iterable[Point] = (),
           sources: Iterable[Source] = ()) -> Verdict | None:
    """Search exact points satisfying the assumptions for one where the claim fails (None when none is found).
    ``sources`` are asked for points last, each as ``source(claim, ctx, seconds)`` (:func:`symgd.decide.refute`
    passes those of :data:`symgd.decide.table.POINT_SOURCES`)."""
    if has_iterates(claim.lhs, claim.rhs):  # members of a family tied by rules the claim does not carry: never sampled
        return None
    rng, size_rng = random.Random(seed), random.Random(seed + 1)
    claim, ctx = counted_terms(materialized(claim).normalized(), ctx)  # integer limits, no sum runs backwards
    ctx, others = relevant(claim, ctx)
    completer = Completer(claim, ctx)  # hypothesis equations in names the claim does not use are solved, not drawn
    for draw in _draws(claim, ctx, trials, seed, deadline, candidates, sources, rng, size_rng):
        if deadline is not None and time.monotonic() > deadline:
            break
        try:
            values, shown, apply = draw()
        except ValueError:  # the sizes give some matrix no shape (a size n - 1 at n = 1)
            continue
        drawn_ok = hypotheses_hold(ctx, values, apply)
        if not drawn_ok and not (completer.active and hypotheses_hold(completer.rest, values, apply)):
            continue
        try:
            detail = FAILS_AT[claim.rel](claim, apply)
        except (ZeroDivisionError, ValueError, TypeError, NotImplementedError, AttributeError):
            continue
        if detail and not drawn_ok:  # the claim fails here: solve the names it does not use, verified exactly
            solved = completer.complete(values)
            if solved is None:
                continue
            shown = {**shown, **{str(k): str(v) for k, v in solved.items()}}
        if detail:
            rest = _witness(claim, others, rng)
            if rest is None:  # the other hypotheses may be inconsistent: then nothing is refuted
                return None
            return Verdict(Status.REFUTED, "exact evaluation at a sample point", {**shown, **rest}, detail)
    return None


def _draws(claim: Claim, ctx: Context, trials: int, seed: int, deadline: float | None, candidates: Iterable[Point],
           sources: Iterable[Source], rng: random.Random, size_rng: random.Random) -> Iterator[_Draw]:
    """The points to try, lazily (a point source is asked only when everything before it failed)."""
    brng, bsize_rng = random.Random(seed + 2), random.Random(seed + 3)  # the random points stay as they were
    bounds = Bounds(ctx)

    def given(point: Point) -> _Draw:
        return lambda: sample_point(claim, ctx, brng, 0, bsize_rng,
                                    lambda syms, known: bounds.draw(syms, brng, _exact(point, syms), known=known))

    for point in candidates:
        yield given(point)
    for trial in range(trials):
        yield lambda trial=trial: sample_point(claim, ctx, rng, trial, size_rng)
        if bounds:  # the first admissible points make every bound they can tight, low then high, then midpoints
            style = _STYLES[trial] if trial < len(_STYLES) else None
            yield lambda trial=trial, style=style: sample_point(claim, ctx, brng, trial, bsize_rng,
                                                               lambda syms, known: bounds.draw(syms, brng, style=style,
                                                                                               known=known))
    for source in sources:
        seconds = 2.0 if deadline is None else deadline - time.monotonic()
        if seconds <= 0:
            return
        for point in source(claim, ctx, seconds):
            yield given(point)


def _exact(point: Point, syms: list) -> dict:
    """The point's values for ``syms`` (keys are symbols or their names) as exact numbers; floats are read as
    the decimals they print as."""
    by_name = {str(s): s for s in syms}
    out = {}
    for key, value in point.items():
        sym = by_name.get(key) if isinstance(key, str) else key
        if sym not in syms:
            continue
        if isinstance(value, float):
            value = sp.Rational(repr(value))
        elif isinstance(value, Fraction):
            value = sp.Rational(value.numerator, value.denominator)
        out[sym] = sp.sympify(value, strict=True)
    return out


def _witness(claim: Claim, others: Context, rng: random.Random, trials: int = 40) -> dict | None:
    """Values satisfying the hypotheses that share no symbol with the claim ({} when there are none).

    Each group of hypotheses linked by common symbols is sampled on its own: independent groups
    need not be satisfied by the same draw.  Every other draw is admissible for the group's bounds.
    """
    shown_all: dict = {}
    left = list(others.hypotheses)
    while left:
        seed_free = sp.sympify(left[0]).free_symbols
        if not seed_free:  # a closed hypothesis (False, 1 < 0) holds, or the hypotheses are inconsistent: no loop
            if sp.sympify(left.pop(0)) is not sp.true:
                return None
            continue
        group, _ = relevant(Claim(sp.Add(*seed_free), "=", sp.S.Zero), Context(tuple(left)))
        left = [h for h in left if h not in group.hypotheses]
        bounds = Bounds(group)
        completer = Completer(Claim(sp.S.Zero, "=", sp.S.Zero), group)
        for trial in range(trials):
            inside = (lambda syms, known, b=bounds: b.draw(syms, rng, known=known)) if bounds and trial % 2 else None
            values, shown, _ = sample_point(Claim(sp.S.Zero, "=", sp.S.Zero), group, rng, trial, rng, inside)
            if hypotheses_hold(group, values):
                shown_all.update(shown)
                break
            solved = completer.complete(values) if completer.active and hypotheses_hold(completer.rest, values) else None
            if solved is not None:  # its equations solved for the names they tie, verified exactly
                shown_all.update({**shown, **{str(k): str(v) for k, v in solved.items()}})
                break
        else:
            return None
    return shown_all
