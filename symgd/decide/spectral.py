"""Claims about spectral norms, smallest singular values and extreme eigenvalues, decided with each an unknown real.

The notation builds these as functions of a matrix whose class carries ``spectral_kind`` (``norm``, ``smin``,
``lmax``, ``lmin``: :mod:`symgd.latex.opnorm`; recognised by that attribute, since decide does not import latex).
Every such value of the claim becomes a fresh real symbol with facts that hold for every real square matrix:
``0 <= sigma_min(M) <= \\|M\\|_2``; ``lambda_min(A) <= lambda_max(A)`` and ``|lambda| <= \\|A\\|_2`` (A symmetric);
``\\|M_1 M_2 ... \\|_2 <= \\|M_1\\|_2 \\|M_2\\|_2 ...`` (submultiplicative) and ``\\|M_1 + M_2 + ...\\|_2 <= \\|M_1\\|_2 +
\\|M_2\\|_2 + ...`` (triangle inequality); for A declared positive definite ``lambda_min(A) > 0``,
``\\|A\\|_2 = lambda_max(A)`` and ``sigma_min(A) = lambda_min(A)``.  A claim that follows for every real value of the
symbols meeting the facts holds for the actual values, which meet them: the proof is sound and the verdict names the
facts.  A failure proves nothing (so this method never refutes; refutation samples explicit 2 x 2 matrices, where
the notation evaluates these functions exactly).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide import nra, sign, zero
from symgd.decide.context import Cited, Method, scalar_sides

__all__ = ["SpectralValues"]

_RELS = (Rel.EQ, Rel.LE, Rel.LT)
_MAX_ATOMS = 12


def _kind(e: Any) -> str:
    return getattr(type(e), "spectral_kind", "") if isinstance(e, sp.Function) else ""


def _atoms(exprs: list[Any]) -> set[Any]:
    return {a for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(sp.Function) if _kind(a)}


class SpectralValues:
    """Spectral norms, singular values and extreme eigenvalues as unknowns with the facts above, then the zero
    test, sign certificates and real arithmetic (z3)."""

    name = "spectral values"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, _RELS)
        return sides is not None and bool(_atoms(sides))

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        atoms = set(_atoms([claim.lhs, claim.rhs, *ctx.hypotheses]))
        norm_class = next((type(a) for a in atoms if _kind(a) == "norm"), None)
        facts: list[Any] = []
        used: set[str] = set()
        for a in list(atoms):  # submultiplicative and triangle: the factors' norms join the atoms
            m = a.args[0]
            if _kind(a) == "norm" and isinstance(m, (sp.MatMul, sp.MatAdd)) and len(atoms) < _MAX_ATOMS:
                parts = [type(a)(x) for x in m.args if hasattr(x, "shape")]
                if len(parts) == len(m.args):
                    atoms |= {p for part in parts for p in _atoms([part])}
                    facts.append((a, sp.Mul(*parts) if isinstance(m, sp.MatMul) else sp.Add(*parts)))
                    used.add("submultiplicative" if isinstance(m, sp.MatMul) else "triangle inequality")
        subs = {a: sp.Symbol(f"s_{k}", real=True, nonnegative=True if _kind(a) in ("norm", "smin") else None)
                for k, a in enumerate(sorted(atoms, key=sp.default_sort_key))}
        hyps = [sp.Le(subs[a], bound.xreplace(subs)) for a, bound in facts]
        by_matrix: dict[Any, dict[str, Any]] = {}
        for a in atoms:
            by_matrix.setdefault(a.args[0], {})[_kind(a)] = subs[a]
        for m, kinds in by_matrix.items():
            if "smin" in kinds and "norm" in kinds:
                hyps.append(sp.Le(kinds["smin"], kinds["norm"]))
            if "lmin" in kinds and "lmax" in kinds:
                hyps.append(sp.Le(kinds["lmin"], kinds["lmax"]))
                used.add("lambda_min <= lambda_max")
            for lam in ("lmin", "lmax"):
                if lam in kinds and "norm" in kinds:
                    hyps += [sp.Le(kinds[lam], kinds["norm"]), sp.Le(-kinds["norm"], kinds[lam])]
                    used.add("|lambda| <= norm")
            if m in ctx.positive_definite:
                for lam in ("lmin", "lmax"):
                    if lam in kinds:
                        hyps.append(sp.Gt(kinds[lam], 0))
                if "lmax" in kinds and "norm" in kinds:
                    hyps.append(sp.Eq(kinds["norm"], kinds["lmax"]))
                if "lmin" in kinds and "smin" in kinds:
                    hyps.append(sp.Eq(kinds["smin"], kinds["lmin"]))
                used.add("A positive definite")
        if norm_class is None and not by_matrix:
            return None
        new = Claim(sp.sympify(claim.lhs).xreplace(subs), claim.rel, sp.sympify(claim.rhs).xreplace(subs))
        old = tuple(h for h in (sp.sympify(h).xreplace(subs) for h in ctx.hypotheses) if h is not sp.true)
        if sp.false in old or _atoms([new.lhs, new.rhs, *old]):
            return None
        new_ctx = Context((*old, *hyps), ctx.symmetric, ctx.positive_definite)
        for method in (zero.ZeroTest(), sign.Sign(), nra.Quick(), nra.RealArithmetic()):
            if method.accepts(new, new_ctx, Cited()):
                got = method.prove(new, new_ctx, Cited())
                if got:
                    facts_text = f"; facts: {', '.join(sorted(used))}" if used else ""
                    return f"{got}, each spectral value an unknown{facts_text}"
        return None
