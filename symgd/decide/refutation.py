"""Refutation by exact sampling: a claim is refuted only at a point that satisfies every assumption and
hypothesis, where the claim fails exactly (or by far more than the evaluation error).

Hypotheses that share no symbol with the claim (even through other hypotheses) are not sampled with it: a
counterexample is completed by values that satisfy them, found separately, and when none are found nothing is
refuted (those hypotheses may be inconsistent).  How a point shows the claim false depends on the relation
(:data:`symgd.decide.table.FAILS_AT`).  Sampling never proves.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.core.verdict import Status, Verdict
from symgd.decide.context import materialized, relevant
from symgd.decide.exact import hypotheses_hold
from symgd.decide.sample import sample_point
from symgd.decide.table import FAILS_AT

__all__ = ["refute"]


def refute(claim: Claim, ctx: Context = Context(), trials: int = 40, seed: int = 0,
           deadline: float | None = None) -> Verdict | None:
    """Search exact sample points satisfying the assumptions for one where the claim fails."""
    rng, size_rng = random.Random(seed), random.Random(seed + 1)
    claim = materialized(claim).normalized()
    ctx, others = relevant(claim, ctx)
    for trial in range(trials):
        if deadline is not None and time.monotonic() > deadline:
            break
        try:
            values, shown, apply = sample_point(claim, ctx, rng, trial, size_rng)
        except ValueError:  # the sizes give some matrix no shape (a size n - 1 at n = 1)
            continue
        if not hypotheses_hold(ctx, values):
            continue
        try:
            detail = _refutes_at(claim, apply)
        except (ZeroDivisionError, ValueError, TypeError, NotImplementedError, AttributeError):
            continue
        if detail:
            rest = _witness(claim, others, rng)
            if rest is None:  # the other hypotheses may be inconsistent: then nothing is refuted
                return None
            return Verdict(Status.REFUTED, "exact evaluation at a sample point", {**shown, **rest}, detail)
    return None


def _witness(claim: Claim, others: Context, rng: random.Random, trials: int = 40) -> dict | None:
    """Values satisfying the hypotheses that share no symbol with the claim ({} when there are none).

    Each group of hypotheses linked by common symbols is sampled on its own: independent groups
    need not be satisfied by the same draw.
    """
    shown_all: dict = {}
    left = list(others.hypotheses)
    while left:
        seed_free = sp.sympify(left[0]).free_symbols
        group, _ = relevant(Claim(sp.Add(*seed_free), "=", sp.S.Zero), Context(tuple(left)))
        left = [h for h in left if h not in group.hypotheses]
        for trial in range(trials):
            values, shown, _ = sample_point(Claim(sp.S.Zero, "=", sp.S.Zero), group, rng, trial, rng)
            if hypotheses_hold(group, values):
                shown_all.update(shown)
                break
        else:
            return None
    return shown_all


def _refutes_at(claim: Claim, apply: Callable[[Any], Any]) -> str | None:
    return FAILS_AT[claim.rel](claim, apply)
