"""Derivations as data: a source, assumptions, premises, steps, results, errata and numeric
checks.  A derivation module builds one with straight-line code that reads like the document::

    d = Derivation("modified_quadratic", "GD vs gradient flow on a quadratic", Source("001", "A quadratic warmup"))
    eta, lam = d.assume(sp.symbols("eta lambda", positive=True))
    d.claim(theta_gd, "=", (1 - eta * lam) * theta0, "one GD step on (lambda/2) theta^2")
    d.then("=", ..., "expand")
    d.conclude()

A Derivation is a description: nothing is checked while building, and steps and errata are frozen
(they carry no verdict).  Verifying it (``symgd.decide.verify.verify(d)``, or the convenience
``d.verify()``) returns an immutable :class:`~symgd.core.report.Report`; rendering takes the
derivation and, optionally, that report (``d.markdown(report)``).  The convenience methods reach the
decide and latex rooms through :mod:`symgd.core.routines` (core imports neither).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.budget import DEFAULT_TIMEOUT
from symgd.core.citation import Citation
from symgd.core.claims import Claim, Context, Premise, Rel
from symgd.core.errors import DerivationError
from symgd.core.report import Report
from symgd.core.routines import routine
from symgd.core.subs import replace_functions

__all__ = [
    "SEED_DOCUMENTS",
    "Citation",
    "Definition",
    "Derivation",
    "Erratum",
    "NumericCheck",
    "NumericOutcome",
    "Report",
    "Source",
    "Step",
]


# The catalogue's four documents (/work/shared/seeds), cited by number like any other work.
SEED_DOCUMENTS = {
    "000": "Understanding Gradient Descent via Local Quadratic Models",
    "001": "Gradient descent",
    "002": "Section 4.2: Gradient Descent --- The Foundation",
    "003": "Gradient Descent (lecture notes)",
}


@dataclass(frozen=True, init=False)
class Source(Citation):
    """A place in one of the catalogue's seed documents: ``Source("001", "A quadratic warmup", quote)``.

    A :class:`~symgd.core.citation.Citation` like any other (its key is the document's number, its title the
    document's); ``seed`` is that number."""

    def __init__(self, seed: str, section: str, quote: str = ""):
        super().__init__(title=SEED_DOCUMENTS.get(seed, f"Document {seed}"), venue="symgd seed document",
                         section=section, quote=quote, key=seed)

    @property
    def seed(self) -> str:
        return self.key

    def __str__(self) -> str:
        return f"seed {self.seed}, {self.section}"


@dataclass(frozen=True)
class Step:
    """One step to check: ``claim`` with its justification; ``chained`` when its left side is the
    previous step's right side (rendered as a continued ``&= ...`` line).  ``intended_restatement``
    marks a step that deliberately states something already known (a definition unfolded, a hypothesis
    recalled): it is not reported as vacuous."""

    claim: Claim
    why: str
    chained: bool = False
    premise: Premise | None = None
    instance: Mapping | None = None
    certificate: Any = None
    intended_restatement: bool = False


@dataclass(frozen=True)
class Definition:
    """A name introduced for an expression (rendered ``lhs := rhs``); not a claim, not checked."""

    lhs: Any
    rhs: Any
    why: str = "definition"


@dataclass(frozen=True)
class Erratum:
    """A place where a document is wrong or imprecise.

    ``claim``, when given, is what the document states, as a claim: it is checked like a step
    and must come out *refuted* (its counterexample is the evidence).  ``truth`` says what holds
    instead, normally proved by a step of the same derivation.  ``seed`` names the work (a seed
    document's number, or the label of ``cited``, the :class:`Citation` of any other work).
    """

    seed: str
    quote: str
    says: str
    truth: str
    evidence: str = ""
    claim: Claim | None = None
    context: Context | None = None
    derivation: str = ""
    cited: Citation | None = None

    @property
    def citation(self) -> Citation:
        """The corrected work: the citation given, else the seed document ``seed``."""
        return self.cited if self.cited is not None else Source(self.seed, "", self.quote)


@dataclass(frozen=True)
class NumericOutcome:
    """What a numeric check found: ``passed``, a one-line ``detail``, and the measured values."""

    passed: bool
    detail: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "passed", bool(self.passed))  # numpy bools are not JSON


@dataclass(frozen=True)
class NumericCheck:
    """An experiment with independent numbers (simulation, closed form, Monte Carlo, a peer)."""

    name: str
    description: str
    run: Callable[[], NumericOutcome]


def _compose(steps: Sequence[Step]) -> tuple[Rel, tuple | None]:
    """The relation between a chain's first left side and last right side."""
    rels = {s.claim.rel for s in steps}
    if Rel.SOLVES in rels and len(steps) > 1:
        raise DerivationError("a SOLVES step cannot be chained")
    ineq = rels & {Rel.LE, Rel.LT, Rel.GE, Rel.GT}
    if Rel.APPROX in rels and ineq:
        raise DerivationError("a chain cannot mix O(.)-equalities with inequalities")
    if ineq & {Rel.LE, Rel.LT} and ineq & {Rel.GE, Rel.GT}:
        raise DerivationError("a chain cannot mix <= and >=")
    if Rel.APPROX in rels:
        orders = [s.claim.order for s in steps if s.claim.rel is Rel.APPROX]
        var = orders[0][0]
        if any(o[0] != var for o in orders):
            raise DerivationError("a chain mixes O(.) in different variables")
        return Rel.APPROX, (var, min(o[1] for o in orders))
    for strict, weak in ((Rel.LT, Rel.LE), (Rel.GT, Rel.GE)):
        if strict in rels:
            return strict, None
        if weak in rels:
            return weak, None
    return rels.pop(), None


class Derivation:
    """A result of a document, derived step by step.  See the module docstring."""

    def __init__(self, name: str, title: str, source: Citation, *, summary: str = "",
                 reference: str | Citation | Iterable[Citation] = ""):
        """``source`` is where the result comes from (a :class:`Citation`, or a :class:`Source` in a seed document);
        ``reference`` further reading: free text, or one or more citations (they join the bibliography)."""
        if not isinstance(source, Citation):
            raise DerivationError(f"{name}: source must be a Citation (or a Source), got {type(source).__name__}")
        self.name = name
        self.title = title
        self.source = source
        self.summary = summary
        if isinstance(reference, str):
            self.reference, self.cited = reference, ()
        else:
            cited = (reference,) if isinstance(reference, Citation) else tuple(reference)
            if not all(isinstance(c, Citation) for c in cited):
                raise DerivationError(f"{name}: reference must be text or citations")
            self.reference, self.cited = "", cited
        self.symbols: list[sp.Basic] = []
        self.hypotheses: list[tuple[sp.Basic, str]] = []
        self.symmetric: set = set()
        self.positive_definite: set = set()
        self.premises: list[Premise] = []
        self.definitions: list[Definition] = []
        self.items: list[Step | Definition] = []  # in document order, for rendering
        self.results: list[tuple[Claim, str]] = []
        self.errata: list[Erratum] = []
        self.numeric_checks: list[NumericCheck] = []
        self._chain: list[Step] = []

    # ----------------------------------------------------------------- building
    def assume(self, symbols: Any, *more: Any) -> Any:
        """Declare symbols (with their SymPy assumptions) for the assumptions section; returns them."""
        group = list(symbols) if isinstance(symbols, Iterable) and not isinstance(symbols, sp.Basic) else [symbols]
        group += list(more)
        self.symbols.extend(s for s in group if s not in self.symbols)
        return symbols if not more else (symbols, *more)

    def hypothesis(self, relation: sp.Basic, text: str = "") -> sp.Basic:
        """Assume a relation (``eta <= 1/L``); it may be used by every step."""
        self.hypotheses.append((relation, text))
        return relation

    def matrix(self, m: sp.MatrixSymbol, *, symmetric: bool = False, positive_definite: bool = False) -> sp.MatrixSymbol:
        if m not in self.symbols:
            self.symbols.append(m)
        if symmetric or positive_definite:
            self.symmetric.add(m)
        if positive_definite:
            self.positive_definite.add(m)
        return m

    def premise(self, name: str, statement: Claim | sp.Basic, variables: Iterable = (), requires: Iterable = (),
                source: str = "") -> Premise:
        """A cited fact, for all values of ``variables`` satisfying ``requires``."""
        claim = statement if isinstance(statement, Claim) else Claim.of(statement)
        p = Premise(name, claim, tuple(variables), tuple(requires), source)
        self.premises.append(p)
        return p

    def define(self, lhs: Any, rhs: Any, why: str = "definition") -> Any:
        """Introduce a name for an expression; returns ``rhs`` for use in later steps."""
        d = Definition(sp.sympify(lhs, strict=True), sp.sympify(rhs, strict=True), why)
        self.definitions.append(d)
        self.items.append(d)
        return rhs

    def claim(self, lhs: Any, rel: str | Rel, rhs: Any, why: str, **how: Any) -> Step:
        """Start a new chain with the step ``lhs rel rhs``.

        ``how`` may give ``order=(var, k)`` for an O(var**k) equality, ``equation=`` for a
        SOLVES step, ``premise=`` with ``instance=`` to cite a premise, ``certificate=`` for
        an inequality (an expression equal to rhs - lhs whose sign is evident factor by factor), or
        ``intended_restatement=True`` for a step that deliberately restates (not reported as vacuous).
        """
        self._chain = []
        return self._add(lhs, rel, rhs, why, chained=False, **how)

    def then(self, rel: str | Rel, rhs: Any, why: str, **how: Any) -> Step:
        """Continue the current chain: ``previous rhs  rel  rhs``."""
        if not self._chain:
            raise DerivationError(f"{self.name}: then() needs a claim() to continue")
        return self._add(self._chain[-1].claim.rhs, rel, rhs, why, chained=True, **how)

    def _add(self, lhs: Any, rel: str | Rel, rhs: Any, why: str, *, chained: bool, order: tuple | None = None,
             equation: Any = None, premise: Premise | None = None, instance: Mapping | None = None,
             certificate: Any = None, intended_restatement: bool = False) -> Step:
        step = Step(Claim(lhs, rel, rhs, order, equation), why, chained, premise, instance, certificate,
                    intended_restatement)
        self._chain.append(step)
        self.items.append(step)
        return step

    def conclude(self, text: str = "", step: Step | None = None) -> Claim:
        """Record a result: by default the current chain's first left side related to its last
        right side (the relation composed from the steps); or the claim of ``step``."""
        if step is not None:
            result = step.claim
        else:
            if not self._chain:
                raise DerivationError(f"{self.name}: conclude() with no chain")
            rel, order = _compose(self._chain)
            first, last = self._chain[0].claim, self._chain[-1].claim
            if rel is Rel.SOLVES:
                result = first
            else:
                result = Claim(first.lhs, rel, last.rhs, order)
        self.results.append((result, text))
        return result

    def erratum(self, seed: str | Citation, quote: str, says: str, truth: str, evidence: str = "",
                claim: Claim | sp.Basic | None = None, hypotheses: Iterable = ()) -> Erratum:
        """Record a mistake of a work (``seed``: a seed document's number or a :class:`Citation`).  ``claim`` is
        the work's statement (checked, and expected to be refuted); ``hypotheses`` are extra assumptions for
        that check only."""
        cited = seed if isinstance(seed, Citation) and not isinstance(seed, Source) else None
        if isinstance(seed, Citation):
            seed = seed.seed if isinstance(seed, Source) else seed.label
        if claim is not None and not isinstance(claim, Claim):
            claim = Claim.of(claim)
        ctx = None
        if hypotheses:
            base = self.context()
            ctx = Context.make(list(base.hypotheses) + list(hypotheses), base.symmetric, base.positive_definite)
        e = Erratum(seed, quote, says, truth, evidence, claim, ctx, self.name, cited)
        self.errata.append(e)
        return e

    def numeric(self, name: str, description: str) -> Callable[[Callable[[], NumericOutcome]], Callable[[], NumericOutcome]]:
        """Decorator registering a numeric experiment that confirms the result independently."""

        def register(fn: Callable[[], NumericOutcome]) -> Callable[[], NumericOutcome]:
            self.numeric_checks.append(NumericCheck(name, description, fn))
            return fn

        return register

    # ----------------------------------------------------------------- reading
    @property
    def steps(self) -> list[Step]:
        return [i for i in self.items if isinstance(i, Step)]

    @property
    def result(self) -> Claim:
        """The main (last concluded) result."""
        if not self.results:
            raise DerivationError(f"{self.name}: no result concluded")
        return self.results[-1][0]

    def citations(self) -> list[Citation]:
        """Every work this derivation cites (source, references, the works its errata correct), in that order."""
        return [self.source, *self.cited, *(e.citation for e in self.errata)]

    def context(self) -> Context:
        return Context.make([h for h, _ in self.hypotheses], self.symmetric, self.positive_definite)

    def expand_definitions(self, claim: Claim) -> Claim:
        """The claim with every defined name replaced by its definition (latest first, so a
        definition may use earlier ones).  ``f(x) := ...`` definitions act as functions."""

        def sub(expr: Any) -> Any:
            if expr is None:
                return None
            for d in reversed(self.definitions):
                if isinstance(d.lhs, AppliedUndef) and all(isinstance(a, sp.Symbol) for a in d.lhs.args):
                    # not expr.replace: its cache merges look-alike Subs (see symgd.core.subs)
                    expr = replace_functions(expr, {type(d.lhs): sp.Lambda(d.lhs.args, d.rhs)})
                else:
                    expr = expr.xreplace({d.lhs: d.rhs})
            return expr

        if not self.definitions:
            return claim
        return Claim(sub(claim.lhs), claim.rel, sub(claim.rhs), claim.order, sub(claim.equation))

    def expanded_context(self, ctx: Context | None = None) -> Context:
        """The hypotheses (of ``ctx``, by default the derivation's) with every defined name replaced, like the
        claims: ``kappa > 1`` with ``kappa := L/mu`` must constrain L/mu, else the sampler draws kappa and L/mu
        independently and "refutes" true steps."""
        ctx = self.context() if ctx is None else ctx
        if not self.definitions:
            return ctx
        hyps = []
        for h in ctx.hypotheses:
            try:
                c = self.expand_definitions(Claim.of(h))
            except TypeError:  # not a plain relation: kept as is
                hyps.append(h)
                continue
            hyps.append(type(h)(c.lhs, c.rhs))
        return Context(tuple(hyps), ctx.symmetric, ctx.positive_definite)

    # ----------------------------------------------------------------- conveniences (see symgd.core.routines)
    def verify(self, timeout: float = DEFAULT_TIMEOUT, *, numeric: bool = True, raise_on_failure: bool = False) -> Report:
        """Check every step and erratum claim (each within ``timeout`` s) and run the numeric checks:
        :func:`symgd.decide.verify.verify`.  The derivation is not changed."""
        return routine("verify")(self, timeout, numeric=numeric, raise_on_failure=raise_on_failure)

    def latex(self, report: Report | None = None) -> str:
        """The steps as one ``align*`` block (with verdict marks when ``report`` is given)."""
        return routine("latex")(self, report)

    def markdown(self, report: Report | None = None) -> str:
        """Markdown with ``$...$`` math, each step with its verdict when ``report`` is given."""
        return routine("markdown")(self, report)

    def text(self, report: Report | None = None) -> str:
        """Plain text, each step with its verdict when ``report`` is given."""
        return routine("text")(self, report)

    # Jupyter: title, source and steps, marked "not verified" (a Report shows the verdicts; see symgd.core.routines)
    def _repr_html_(self) -> str:
        return routine("view")("html", self, None)

    def _repr_markdown_(self) -> str:
        return routine("view")("markdown", self, None)

    def _repr_latex_(self) -> str:
        return routine("view")("latex", self, None)

    def __repr__(self) -> str:
        return f"<Derivation {self.name}: {len(self.steps)} steps, {len(self.results)} results>"
