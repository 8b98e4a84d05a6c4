"""pytest helpers: assert that an identity or a LaTeX claim is *proved* (not merely unrefuted).

    from symgd.testing import assert_identity, assert_claim
    assert_identity((1 - eta * lam) ** 2, 1 - 2 * eta * lam + eta**2 * lam**2)
    assert_claim(r"\\eta L \\le 1", assume=[r"\\eta \\le 1/L", "L > 0", r"\\eta > 0"])

A failure (:class:`ClaimNotProved`, an AssertionError) says whether the claim was refuted or left undecided,
shows ``lhs - rhs`` simplified (within a small budget), the counterexample when there is one and the values
there.  The default budget per check is :func:`default_timeout` (pytest: ``--symgd-timeout``, see
:mod:`symgd.pytest_plugin`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Unpack

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.budget import DEFAULT_TIMEOUT, BudgetExceeded, run_with_budget
from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.core.declarations import DeclarationKeywords, Declarations
from symgd.core.errors import BadInput
from symgd.core.verdict import Verdict
from symgd.decide import decide
from symgd.latex.problem import parse_assumptions, parse_problem

__all__ = ["ClaimNotProved", "assert_claim", "assert_identity", "default_timeout", "set_default_timeout"]

_SIMPLIFY_BUDGET = 3.0
_DEFAULT = {"timeout": DEFAULT_TIMEOUT}


def default_timeout() -> float:
    """Seconds each check gets when ``timeout=`` is not passed (``--symgd-timeout`` under pytest)."""
    return _DEFAULT["timeout"]


def set_default_timeout(seconds: float | None) -> float:
    """Set the default budget (None: symgd's own default); returns the previous one."""
    if seconds is not None and not seconds > 0:
        raise ValueError(f"a timeout must be positive, got {seconds}")
    before = _DEFAULT["timeout"]
    _DEFAULT["timeout"] = DEFAULT_TIMEOUT if seconds is None else float(seconds)
    return before


class ClaimNotProved(AssertionError):
    """An asserted identity or claim that is not proved: ``claim``, its ``verdict`` (refuted with a counterexample,
    or undecided with the reason) and ``difference`` (``lhs - rhs`` simplified); the message shows all three."""

    def __init__(self, message: str, claim: Claim, verdict: Verdict, difference: str):
        super().__init__(message)
        self.claim, self.verdict, self.difference = claim, verdict, difference


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


def _failure(what: str, claim: Claim, verdict: Verdict) -> ClaimNotProved:
    c = claim.normalized()
    label = "lhs - rhs" if c.rel in (Rel.EQ, Rel.APPROX) else "rhs - lhs (should be >= 0)"
    difference = _difference(claim)
    lines = [f"{what} is {verdict.status.value}: {verdict.method}", f"  claim:     {claim}",
             f"  {label} simplifies to: {difference}"]
    if verdict.counterexample:
        at = ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items())
        lines.append(f"  counterexample: {at}")
    if verdict.detail:
        lines.append(f"  there: {verdict.detail}" if verdict.counterexample else f"  detail: {verdict.detail}")
    return ClaimNotProved("\n".join(lines), claim, verdict, difference)


def assert_identity(lhs: Any, rhs: Any, assumptions: Iterable = (), *, timeout: float | None = None,
                    declarations: Declarations | None = None, **declared: Unpack[DeclarationKeywords]) -> Verdict:
    """Fail unless ``lhs = rhs`` (SymPy objects) is proved under ``assumptions`` (SymPy relations; one that
    SymPy has already decided True, like ``eta > 0`` for a positive ``eta``, is trivially satisfied).

    The declarations are those of :func:`symgd.check` (``declarations=`` or its keywords): ``assume`` holds
    LaTeX assumptions whose names are the identity's symbols (``\\eta`` or ``eta`` for ``Symbol("eta")``);
    ``symmetric`` / ``positive_definite`` name (or give) matrix symbols; ``vectors``, ``matrices`` and
    ``functions`` must name objects of that kind in the identity; ``order="eta:3"`` asserts
    ``lhs - rhs = O(eta^3)``."""
    __tracebackhide__ = True  # pytest: the failure is reported at the test's line
    decl = Declarations.of(declarations, **declared)
    hyps = []
    for a in assumptions:
        if a is sp.true or a is True:
            continue
        if a is sp.false or a is False:
            raise ValueError("an assumption is False (SymPy decided it from the symbols' own assumptions)")
        if not isinstance(a, sp.core.relational.Relational):
            raise TypeError(f"an assumption must be a SymPy relation such as sp.Gt(eta, 0), got {type(a).__name__} "
                            f"{a!r}")
        hyps.append(a)
    if is_matrix(lhs) != is_matrix(rhs):
        raise TypeError("one side is a matrix and the other is not")
    ident = _Identity(lhs, rhs)
    renames, more, subs = ident.assumptions(decl)
    lhs, rhs = (sp.sympify(x, strict=True).xreplace(renames).xreplace(subs) for x in (lhs, rhs))
    hyps = [h.xreplace(renames).xreplace(subs) for h in [*hyps, *more]]
    symmetric = ident.matrices_named(decl.symmetric, "symmetric")
    pd = ident.matrices_named(decl.positive_definite, "positive_definite")
    ident.check_kinds(decl)
    order = ident.order(decl.order)
    claim = Claim(lhs, Rel.EQ, rhs) if order is None else Claim(lhs, Rel.APPROX, rhs, order=order)
    verdict = decide(claim, Context.make(hyps, [*symmetric, *pd], pd), timeout=default_timeout() if timeout is None
                     else timeout)
    if not verdict.proved:
        raise _failure("the identity", claim, verdict)
    return verdict


def assert_claim(latex: str, assume: Any = (), *, timeout: float | None = None,
                 declarations: Declarations | None = None, **declared: Unpack[DeclarationKeywords]) -> list[Verdict]:
    """Fail unless every link of the LaTeX claim is proved (declarations as :func:`symgd.check`)."""
    __tracebackhide__ = True
    problem = parse_problem(latex, declarations=Declarations.of(declarations, assume=assume, **declared))
    verdicts = []
    for text, claim in problem.links:
        verdict = decide(claim, problem.context, timeout=default_timeout() if timeout is None else timeout)
        if not verdict.proved:
            raise _failure(f"the claim {text!r}", claim, verdict)
        verdicts.append(verdict)
    return verdicts


class _Identity:
    """The objects of a SymPy identity, found by name for the declarations that name them."""

    def __init__(self, lhs: Any, rhs: Any):
        sides = [x for x in (lhs, rhs) if isinstance(x, sp.Basic)]
        self.symbols = {s.name: s for x in sides for s in x.atoms(sp.Symbol)}
        self.matrices = {m.name: m for x in sides for m in x.atoms(sp.MatrixSymbol)}
        self.functions = {type(f).__name__ for x in sides for f in x.atoms(AppliedUndef)}

    @staticmethod
    def _find(name: str, table: dict) -> Any:
        """``\\eta`` and ``eta`` are one name (LaTeX spelling or Python spelling of a symbol)."""
        for key in (name, name.lstrip("\\"), "\\" + name):
            if key in table:
                return table[key]
        return None

    def assumptions(self, decl: Declarations) -> tuple[dict, list, dict]:
        """The LaTeX assumptions on the identity's symbols: (renames giving symbols their sign and integer
        assumptions, hypotheses, definitions)."""
        if not decl.assume:
            return {}, [], {}
        nt, exprs, subs = parse_assumptions(decl)
        to_identity: dict = {}
        renames: dict = {}
        for name, flags in nt.flags.items():
            mine = self._find(name, self.symbols)
            if mine is None:
                raise BadInput(f"the assumption on {name} names no symbol of the identity")
            both = {**mine.assumptions0, **flags}
            try:
                renames[mine] = sp.Symbol(mine.name, **both)
            except Exception:  # sympy's InconsistentAssumptions
                raise BadInput(f"contradictory assumptions on {mine.name}") from None
            to_identity[sp.Symbol(name, real=True, **flags)] = renames[mine]
        for e in [*exprs, *subs, *subs.values()]:
            for s in e.free_symbols:
                if s not in to_identity:
                    mine = self._find(s.name, self.symbols)
                    if mine is None:
                        raise BadInput(f"an assumption names {s.name}, which is not a symbol of the identity")
                    to_identity[s] = renames.get(mine, mine)
        hyps = [h.xreplace(to_identity) for h in exprs]
        defs = {k.xreplace(to_identity): v.xreplace(to_identity) for k, v in subs.items()}
        return renames, hyps, defs

    def matrices_named(self, items: Iterable, what: str) -> list:
        out = []
        for item in items:
            if isinstance(item, sp.MatrixSymbol):
                out.append(item)
                continue
            for name in str(item).split(","):
                m = self._find(name.strip(), self.matrices)
                if m is None:
                    raise TypeError(f"{what}= names {name.strip()!r}, which is not a matrix symbol of the identity")
                out.append(m)
        return out

    def check_kinds(self, decl: Declarations) -> None:
        """``vectors`` / ``matrices`` / ``functions`` must describe the identity's own objects."""
        for what, names, ok in (("vectors", decl.vectors, lambda m: m is not None and m.shape[1] == 1),
                                ("matrices", decl.matrices, lambda m: m is not None and m.shape[0] == m.shape[1])):
            for name in (n.strip() for item in names for n in str(item).split(",")):
                if not ok(self._find(name, self.matrices)):
                    raise TypeError(f"{what}= names {name!r}, which is not a {what[:-1]} symbol of the identity")
        for name in (n.strip() for item in decl.functions for n in str(item).split(",")):
            if self._find(name, dict.fromkeys(self.functions)) is None and name not in self.functions:
                raise TypeError(f"functions= names {name!r}, which the identity does not apply")

    def order(self, spec: Any) -> tuple[sp.Symbol, int] | None:
        if spec is None or spec == "":
            return None
        if isinstance(spec, tuple):
            return spec[0], int(spec[1])
        name, _, k = str(spec).partition(":")
        var = self._find(name.strip(), self.symbols)
        if var is None or not k.strip().isdigit():
            raise TypeError(f"order= must look like 'eta:3' with eta a symbol of the identity, got {spec!r}")
        return var, int(k)
