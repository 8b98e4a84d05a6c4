"""pytest helpers: assert that an identity or a LaTeX claim is *proved* (not merely unrefuted).

    from symgd.testing import assert_identity, assert_claim
    assert_identity((1 - eta * lam) ** 2, 1 - 2 * eta * lam + eta**2 * lam**2)
    assert_claim(r"\\eta L \\le 1", assume=[r"\\eta \\le 1/L", "L > 0", r"\\eta > 0"])

A failure says whether the claim was refuted or left undecided, shows ``lhs - rhs`` simplified
(within a small budget) and the counterexample when there is one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy as sp

from symgd.core.budget import DEFAULT_TIMEOUT, BudgetExceeded, run_with_budget
from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.core.verdict import Verdict
from symgd.decide import decide
from symgd.latex.check import parse_problem

__all__ = ["assert_claim", "assert_identity"]

_SIMPLIFY_BUDGET = 3.0


def _simplified(expr: Any) -> str:
    return str(sp.simplify(expr.doit() if isinstance(expr, sp.Basic) else expr))


def _difference(claim: Claim) -> str:
    """``lhs - rhs`` (``rhs - lhs`` for <=, <), simplified if that finishes quickly."""
    c = claim.normalized()
    diff = c.lhs - c.rhs if c.rel in (Rel.EQ, Rel.APPROX) else c.rhs - c.lhs
    try:
        return run_with_budget(_simplified, diff, timeout=_SIMPLIFY_BUDGET)
    except BudgetExceeded:
        return f"{diff} (not simplified: timeout)"
    except Exception:
        return str(diff)


def _message(what: str, claim: Claim, verdict: Verdict) -> str:
    c = claim.normalized()
    label = "lhs - rhs" if c.rel in (Rel.EQ, Rel.APPROX) else "rhs - lhs (should be >= 0)"
    lines = [f"{what} is {verdict.status.value}: {verdict.method}", f"  claim:     {claim}",
             f"  {label} simplifies to: {_difference(claim)}"]
    if verdict.counterexample:
        at = ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items())
        lines.append(f"  counterexample: {at}")
    if verdict.detail:
        lines.append(f"  there: {verdict.detail}")
    return "\n".join(lines)


def assert_identity(lhs: Any, rhs: Any, assumptions: Iterable = (), *, symmetric: Iterable = (),
                    positive_definite: Iterable = (), timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Fail unless ``lhs = rhs`` (SymPy objects) is proved under the relational ``assumptions``."""
    hyps = []
    for a in assumptions:
        if not isinstance(a, sp.core.relational.Relational):
            raise TypeError(f"an assumption must be a SymPy relation (eta > 0), got {a!r}")
        hyps.append(a)
    if is_matrix(lhs) != is_matrix(rhs):
        raise TypeError("one side is a matrix and the other is not")
    claim = Claim(lhs, Rel.EQ, rhs)
    verdict = decide(claim, Context.make(hyps, symmetric, positive_definite), timeout=timeout)
    if not verdict.proved:
        raise AssertionError(_message("the identity", claim, verdict))
    return verdict


def assert_claim(latex: str, assume: Sequence[str] = (), *, vectors: Iterable[str] = (),
                 matrices: Iterable[str] = (), symmetric: Iterable[str] = (), functions: Iterable[str] = (),
                 order: Any = None, timeout: float = DEFAULT_TIMEOUT) -> list[Verdict]:
    """Fail unless every link of the LaTeX claim is proved (arguments as :func:`symgd.check`)."""
    problem = parse_problem(latex, assume, vectors, matrices, symmetric, functions, order)
    verdicts = []
    for text, claim in problem.links:
        verdict = decide(claim, problem.context, timeout=timeout)
        if not verdict.proved:
            raise AssertionError(_message(f"the claim {text!r}", claim, verdict))
        verdicts.append(verdict)
    return verdicts
