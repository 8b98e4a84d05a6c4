"""What every proof method shares: the claim as the methods see it, the hypotheses that apply, assumption checks.

A proof method (one module each, listed in :mod:`symgd.decide.table`) is an object with a ``name``,
``accepts(claim, ctx, cited)`` and ``prove(claim, ctx, cited) -> Method`` (the text of the verdict's method, or
None).  Conventions every method relies on: hypotheses are used only through SymPy's ``refine`` (which uses them
and nothing else); a hypothesis that mentions a variable bound in the expression (a summation index, an
integration variable) says nothing about it and is dropped first; a value may stand for a symbol only when it
provably has the symbol's sign and integrality assumptions (:func:`fits`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Premise, is_matrix
from symgd.core.subs import guard

__all__ = ["SIGNS", "Cited", "Method", "ProofMethod", "fits", "materialized", "prepared", "refine", "relevant",
           "scalar_sides", "unbound", "use_symmetry", "without_absent_spectra"]

Method = str | None


@dataclass(frozen=True)
class Cited:
    """What a step cites besides the hypotheses: a premise with the instance of its variables, or a certificate
    (an expression equal to rhs - lhs of an inequality whose sign is evident)."""

    premise: Premise | None = None
    instance: Mapping = field(default_factory=dict)
    certificate: Any = None

    def alone(self, claim: Claim, rels: tuple) -> bool:
        """Whether a method decides ``claim`` on its own: its relation is among ``rels`` and nothing is cited."""
        return claim.rel in rels and self.premise is None and self.certificate is None


def scalar_sides(claim: Claim, cited: Cited, rels: tuple) -> list | None:
    """The SymPy sides of a claim a method decides on its own: its relation among ``rels``, no premise or certificate
    cited, no matrix side; None otherwise."""
    if not cited.alone(claim, rels):
        return None
    sides = [s for s in (claim.lhs, claim.rhs) if isinstance(s, sp.Basic)]
    return None if any(is_matrix(s) for s in sides) else sides


class ProofMethod(Protocol):
    """One row of the table: ``prove`` is called only when ``accepts`` said yes; None means "not by me"."""

    name: str

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool: ...

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method: ...


def unbound(ctx: Context, expr: Any) -> Context:
    """The hypotheses that mention no variable bound in ``expr``: ``k <= 0`` says nothing about the index
    of ``Sum(f(k), (k, m, n))`` (refine descends into sums and would use it there)."""
    if not ctx.hypotheses or not isinstance(expr, sp.Basic):
        return ctx
    bound: set = set()
    for a in expr.atoms(sp.Sum, sp.Product, sp.Integral, sp.Subs, sp.Lambda):
        bound |= set(a.variables)
    if not bound:
        return ctx
    kept = tuple(h for h in ctx.hypotheses if not sp.sympify(h).free_symbols & bound)
    return Context(kept, ctx.symmetric, ctx.positive_definite)


def refine(expr: Any, ctx: Context) -> Any:
    """Resolve Piecewise conditions and signs with the hypotheses (sound: refine only uses them)."""
    ctx = unbound(ctx, expr)
    if not ctx.hypotheses or not isinstance(expr, sp.Basic) or is_matrix(expr):
        return expr
    try:
        return sp.refine(expr, sp.And(*ctx.hypotheses))
    except Exception:  # refine is best effort; the unrefined expression is still correct
        return expr


def without_absent_spectra(claim: Claim, ctx: Context) -> Context:
    """The hypotheses with the eigenvalue bounds of a matrix the claim does not contain (``\\lambda_{\\min}(A) \\ge
    \\mu``, ``\\lambda_{\\max}(A) \\le L`` from "\\mu I \\preceq A \\preceq L I") replaced by what they say of the
    claim's names, each lower bound at most each upper bound: exact, since A = cI realizes any c between them.  The
    real-arithmetic row cannot read the spectral atoms and would otherwise drop them, so no exact translation."""
    def spectral(e: Any) -> list:
        return [a for a in sp.sympify(e).atoms(sp.Function) if getattr(a, "spectral_kind", "") in ("lmin", "lmax")]

    present = set().union(*(sp.sympify(e).free_symbols for e in (claim.lhs, claim.rhs) if isinstance(e, sp.Basic)))
    bounds: dict = {}  # matrix -> ([(lower, strict)], [(upper, strict)])
    drop = []
    for h in ctx.hypotheses:
        atoms = spectral(h)
        if not atoms:
            continue
        (m,) = {a.args[0] for a in atoms} if len({a.args[0] for a in atoms}) == 1 else (None,)
        if m is None or m.free_symbols & present or len(atoms) != 1 or not isinstance(h, sp.core.relational.Relational):
            return ctx  # a bound of several spectra, or of a matrix the claim uses: kept as it is
        a = atoms[0]
        rel = h if h.lhs == a else h.reversed if h.rhs == a else None
        if rel is None or a.free_symbols & rel.rhs.free_symbols or rel.rel_op not in ("<", "<=", ">", ">="):
            return ctx
        lower = rel.rel_op in (">", ">=")
        if (a.spectral_kind == "lmin") != lower:
            return ctx  # lambda_min(A) <= c or lambda_max(A) >= c: not a Loewner bound, kept
        bounds.setdefault(m, ([], []))[0 if lower else 1].append((rel.rhs, rel.rel_op in ("<", ">")))
        drop.append(h)
    if not drop:
        return ctx
    implied = [sp.Lt(lo, hi) if s or t else sp.Le(lo, hi) for los, his in bounds.values()
               for lo, s in los for hi, t in his]
    kept = [h for h in ctx.hypotheses if h not in drop]
    kept += [i for i in implied if i is not sp.true and i not in kept]
    return Context(tuple(kept), ctx.symmetric, ctx.positive_definite)


def relevant(claim: Claim, ctx: Context) -> tuple[Context, Context]:
    """The context split into the hypotheses that share symbols with the claim (transitively) and the others.

    The others constrain symbols the claim does not contain: sampling them with the claim only wastes
    samples (with several hypotheses most samples were rejected); a counterexample is completed by
    values that satisfy them, found separately (:func:`_witness`).
    """
    exprs = [claim.lhs, claim.rhs] + ([claim.equation] if claim.equation is not None else [])
    reach = set().union(*(sp.sympify(e).free_symbols for e in exprs))
    hyps = [(h, sp.sympify(h).free_symbols) for h in ctx.hypotheses]
    kept: list = []
    grown = True
    while grown:
        grown = False
        for h, free in hyps:
            if h not in kept and free & reach:
                kept.append(h)
                reach |= free
                grown = True
    return (Context(tuple(h for h, _ in hyps if h in kept), ctx.symmetric, ctx.positive_definite),
            Context(tuple(h for h, _ in hyps if h not in kept), ctx.symmetric, ctx.positive_definite))


def use_symmetry(expr: Any, ctx: Context) -> Any:
    """Replace the transpose of a matrix declared symmetric by the matrix itself."""
    if not ctx.symmetric or not isinstance(expr, sp.Basic):
        return expr
    return expr.replace(lambda a: isinstance(a, sp.Transpose) and a.arg in ctx.symmetric, lambda a: a.arg)


SIGNS = ("positive", "nonnegative", "negative", "nonpositive", "nonzero", "zero", "integer", "rational", "even", "odd",
          "prime", "composite", "noninteger", "irrational", "imaginary")


def fits(var: Any, value: Any) -> bool:
    """May ``value`` stand for the premise variable ``var``?  It must provably have the sign and
    integrality assumptions of ``var`` (a premise about positive u says nothing about u = -1), and
    must not be known non-real when ``var`` is real."""
    if not isinstance(var, sp.Symbol):
        return True  # matrix symbols and functions carry no assumptions here
    if not isinstance(value, sp.Expr) or is_matrix(value):
        return False
    if var.is_extended_real and value.is_extended_real is False:
        return False
    return all(getattr(value, f"is_{key}") is True for key in SIGNS if getattr(var, f"is_{key}") is True)


def _materialize(expr: Any) -> Any:
    """Evaluate a top-level derivative of a matrix expression with matrix calculus (SymPy's
    ``Derivative.doit`` cannot, ``MatrixExpr.diff`` can)."""
    if isinstance(expr, sp.Derivative) and isinstance(expr.expr, MatrixExpr):
        out = expr.expr
        for var, count in expr.variable_count:
            for _ in range(count):
                out = out.diff(var)
        return out
    return expr


def materialized(claim: Claim) -> Claim:
    lhs, rhs = _materialize(claim.lhs), _materialize(claim.rhs)
    if lhs is claim.lhs and rhs is claim.rhs:
        return claim
    return Claim(lhs, claim.rel, rhs, claim.order, claim.equation)


_KINKS = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.re,
          sp.im, sp.arg, sp.conjugate)


def _differentiates_a_kink(expr: Any) -> bool:
    """Does ``expr`` differentiate a function with kinks?  SymPy's d/dx |x| = sign(x) and d/dx max(x, 0) =
    Heaviside(x) evaluate at the kink to 0 and 1/2, 'proving' derivatives that do not exist."""
    return isinstance(expr, sp.Basic) and any(d.expr.has(*_KINKS) for d in expr.atoms(sp.Derivative))


def prepared(claim: Claim, cited: Cited) -> Claim | None:
    """The claim as the proof methods see it (derivatives of matrix expressions evaluated, Subs guarded, >= turned
    into <=), or None when no exact method may prove it."""
    claim = materialized(claim)
    if cited.premise is None:  # SymPy's equality of Subs is unsound: evaluate or obscure them before comparing
        table: dict = {}
        claim = Claim(guard(claim.lhs, table), claim.rel, guard(claim.rhs, table), claim.order,
                      guard(claim.equation, table) if claim.equation is not None else None)
    claim = claim.normalized()
    exprs = (claim.lhs, claim.rhs, claim.equation, cited.certificate)
    if any(isinstance(e, sp.Basic) and e.has(sp.Float) for e in exprs):
        return None  # floats are rounded (x + 1e-20*x == 1.0*x): exact proofs need Rationals
    if any(_differentiates_a_kink(e) for e in exprs):
        return None
    return claim
