"""Verifying a derivation: the one routine that turns a description into a :class:`~symgd.core.report.Report`.

``symgd verify``, ``symgd derive``, ``symgd errata``, ``Derivation.verify()`` and the catalogue's workers
all decide here, so they cannot disagree: every claim is decided with the derivation's definitions
expanded in the claim *and* in the hypotheses, and a step with the premise, instance and certificate
it cites.  The derivation is only read; the verdicts go into the report.

A step that checks nothing is *vacuous*, never proved (see :func:`vacuity`): its two sides are the same
expression once built (SymPy evaluated the work away: ``sp.diff(f, x)`` or ``f.subs(x, a)`` is computed the
moment it is written, so a step "d/dx f = f'" built that way reads ``f' = f'``), or it states a hypothesis of
the derivation, or the premise it cites, back.  Such a step fails verification unless it is marked
``intended_restatement=True`` (a definition unfolded on purpose, a cited theorem stated where it enters).
"""

from __future__ import annotations

import dataclasses
import time

from symgd.core.budget import DEFAULT_TIMEOUT
from symgd.core.claims import Claim, Context, Rel
from symgd.core.derivation import Derivation, NumericOutcome, Step
from symgd.core.errors import StepRefuted, StepUndecided, StepVacuous
from symgd.core.report import ErratumOutcome, NumericRun, Report, StepOutcome
from symgd.core.routines import provide
from symgd.core.verdict import Status, Verdict
from symgd.decide import decide

__all__ = ["RESTATED_HINT", "UNEVALUATED_HINT", "decide_step", "errata_outcomes", "numeric_runs", "vacuity", "verify"]

UNEVALUATED_HINT = ("keep the step's work unevaluated (sp.Derivative(..., evaluate=False), sp.Subs(expr, x, a), "
                    "sp.UnevaluatedExpr(...)), or pass intended_restatement=True if the restatement is meant")
RESTATED_HINT = ("a step that recalls what is assumed proves nothing: derive something from it, or pass "
                 "intended_restatement=True where stating it is meant (a cited theorem where it enters)")
_TRIVIAL_WHEN_EQUAL = (Rel.EQ, Rel.LE, Rel.GE, Rel.APPROX)  # x < x is false, and refuted as such


def _same(a: Claim, b: Claim) -> bool:
    """The same relation between the same expressions (>= read as <= turned around)."""
    a, b = a.normalized(), b.normalized()
    if a.rel is not b.rel:
        return False
    if a.lhs == b.lhs and a.rhs == b.rhs:
        return True
    return a.rel is Rel.EQ and a.lhs == b.rhs and a.rhs == b.lhs


def vacuity(d: Derivation, step: Step) -> tuple[str, str] | None:
    """Why ``step`` checks nothing, as built (before definitions are expanded), and what to do; or None."""
    c = step.claim
    if c.rel in _TRIVIAL_WHEN_EQUAL and c.lhs == c.rhs:
        return "both sides are the same expression as built (SymPy evaluated the step's work away)", UNEVALUATED_HINT
    if c.rel is Rel.SOLVES:
        return None
    for h, _ in d.hypotheses:
        try:
            if _same(c, Claim.of(h)):
                return f"it states the hypothesis {h} back", RESTATED_HINT
        except TypeError:  # not a plain relation
            continue
    p = step.premise
    if p is not None and not p.variables and _same(c, p.statement):
        return f"it states the premise {p.name!r} back", RESTATED_HINT
    return None


def decide_step(d: Derivation, step: Step, timeout: float = DEFAULT_TIMEOUT, *, claim: Claim | None = None,
                ctx: Context | None = None) -> Verdict:
    """The verdict on one step of ``d`` (``claim`` replaces the step's claim, e.g. a mutated one): vacuous
    (see :func:`vacuity`) unless the step is marked as an intended restatement, else decided."""
    if claim is not None:
        step = dataclasses.replace(step, claim=claim)
    claim = step.claim
    vacuous = None if step.intended_restatement else vacuity(d, step)
    if vacuous is not None:
        reason, advice = vacuous
        return Verdict(Status.VACUOUS, reason, detail=advice)
    ctx = d.expanded_context() if ctx is None else ctx
    return decide(d.expand_definitions(claim), ctx, premise=step.premise, instance=step.instance,
                  certificate=step.certificate, timeout=timeout)


def errata_outcomes(d: Derivation, timeout: float = DEFAULT_TIMEOUT) -> tuple[ErratumOutcome, ...]:
    """Each erratum of ``d`` with the verdict on the document's claim (decided with its own extra hypotheses)."""
    base = d.expanded_context()
    return tuple(ErratumOutcome(e, None if e.claim is None else decide(
        d.expand_definitions(e.claim), d.expanded_context(e.context) if e.context else base, timeout=timeout))
        for e in d.errata)


def numeric_runs(d: Derivation) -> tuple[NumericRun, ...]:
    """Run the numeric checks of ``d``; a crashing experiment is a failed one, with its reason."""
    runs = []
    for nc in d.numeric_checks:
        t0 = time.monotonic()
        try:
            out = nc.run()
        except Exception as exc:
            out = NumericOutcome(False, f"raised {type(exc).__name__}: {exc}")
        runs.append(NumericRun(nc, out, time.monotonic() - t0))
    return tuple(runs)


def verify(d: Derivation, timeout: float = DEFAULT_TIMEOUT, *, numeric: bool = True,
           raise_on_failure: bool = False) -> Report:
    """Check every step and erratum claim of ``d`` (each within ``timeout`` s) and run its numeric checks.

    With ``raise_on_failure`` the first step that is not proved raises :class:`~symgd.core.errors.StepRefuted`,
    :class:`~symgd.core.errors.StepUndecided` or :class:`~symgd.core.errors.StepVacuous`."""
    start = time.monotonic()
    ctx = d.expanded_context()
    steps = tuple(StepOutcome(s, decide_step(d, s, timeout, ctx=ctx)) for s in d.steps)
    errata = errata_outcomes(d, timeout)
    runs = numeric_runs(d) if numeric else ()
    report = Report(d.name, steps, errata, runs, time.monotonic() - start, d.title, d.source)
    if raise_on_failure:
        for i, s in enumerate(steps, 1):
            if s.verdict.status is Status.REFUTED:
                raise StepRefuted(d.name, i, s.why, s.verdict)
            if s.verdict.status is Status.UNDECIDED:
                raise StepUndecided(d.name, i, s.why, s.verdict)
            if s.verdict.status is Status.VACUOUS:
                raise StepVacuous(d.name, i, s.why, s.verdict)
    return report


provide("verify", verify)
