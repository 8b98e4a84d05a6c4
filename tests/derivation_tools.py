"""Looking things up in a built derivation, and mutating its steps, for the catalogue and coverage tests.

Results and steps are found by the start of their text / justification (as the coverage tables name them), so a
test does not depend on step numbers.  A mutated step is decided the way ``Derivation.verify`` decides it."""

from __future__ import annotations

import dataclasses

from symgd import Claim, Derivation, Step, Verdict
from symgd.decide.verify import decide_step

__all__ = ["mutate", "mutated_verdict", "result", "results", "step", "step_index", "step_verdict", "with_rhs"]


def results(d: Derivation) -> dict[str, Claim]:
    """text -> claim of every stated result."""
    return {text: c for c, text in d.results}


def result(d: Derivation, start: str) -> Claim:
    """The first result whose text starts with ``start``."""
    return next(c for text, c in results(d).items() if text.startswith(start))


def step_index(d: Derivation, start: str) -> int:
    """The 0-based index of the first step whose justification starts with ``start``."""
    return next(i for i, s in enumerate(d.steps) if s.why.startswith(start))


def step(d: Derivation, start: str) -> Step:
    """The first step whose justification starts with ``start``."""
    return d.steps[step_index(d, start)]


def with_rhs(claim: Claim, rhs) -> Claim:
    """The same claim (relation, order, equation) with another right side."""
    return Claim(claim.lhs, claim.rel, rhs, claim.order, claim.equation)


def mutate(d: Derivation, where: str | int, rhs) -> int:
    """Replace, in place, the right side of the step at index ``where`` or justified by ``where`` (its start);
    return the step's index (the mutation shows in ``d.verify()``)."""
    i = where if isinstance(where, int) else step_index(d, where)
    old = d.steps[i]
    k = next(k for k, item in enumerate(d.items) if item is old)  # steps are frozen: the description gets a new one
    d.items[k] = dataclasses.replace(old, claim=with_rhs(old.claim, rhs))
    return i


def mutated_verdict(d: Derivation, start: str, rhs, timeout: float = 5) -> Verdict:
    """The verdict on the step justified by ``start`` with its right side replaced by ``rhs`` (``d`` unchanged),
    decided as ``Derivation.verify`` decides the step: definitions expanded in the claim and the hypotheses, the
    step's premise, instance and certificate."""
    return _decide_step(d, step(d, start), with_rhs(step(d, start).claim, rhs), timeout)


def step_verdict(d: Derivation, index: int, timeout: float = 10) -> Verdict:
    """The verdict on step ``index`` alone, decided as ``Derivation.verify`` decides it (the whole derivation
    need not be verified to see one mutated step fail)."""
    return _decide_step(d, d.steps[index], d.steps[index].claim, timeout)


def _decide_step(d: Derivation, s: Step, claim: Claim, timeout: float) -> Verdict:
    return decide_step(d, s, timeout, claim=claim)
