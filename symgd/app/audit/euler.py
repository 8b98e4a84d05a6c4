"""Euler's number beside a name e.  ``e_k``, ``e_{k+1}`` (subscripted) are names and ``e^{-t}``, ``e`` Euler's number
(symgd.latex.notation.Notation.euler); a note that also defines the bare letter (``e = x - x^*``) uses e in two roles,
and every later formula that writes a bare e is not checked, with a one-line suggestion: which e a formula
means cannot be told from the formula (``e^2`` may be the error squared or Euler's number squared).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["closed_claim", "euler_clash"]

_BARE_E = re.compile(r"(?<![\\A-Za-z])(?<!\\mathbf\{)(?<!\\boldsymbol\{)(?<!\\bm\{)(?<!\\vec\{)e(?![A-Za-z_])")


def euler_clash(chain: str, ctx: DocContext, line: int) -> str:
    """The reason a formula at ``line`` that writes a bare e is not read, when the document defined e as a name
    above it; '' otherwise."""
    at = ctx.defined_at.get("e")
    if at is None or at >= line or "e" in ctx.vectors or "e" in ctx.matrices:
        return ""
    if not _BARE_E.search(chain):
        return ""
    return (f"e is defined as a name on line {at} and is also Euler's number: rename the name (\\varepsilon, e_k) "
            "or write \\exp(...) for the exponential")


def closed_claim(claim: object) -> bool:
    """A claim between numbers only (``\\int_0^1 e^{-t} dt = e - 1``: no free name, no function, no matrix): a
    refutation of it stands whatever the document defines (a bound variable t is no name of the document)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    sides = [getattr(claim, "lhs", None), getattr(claim, "rhs", None)]
    return all(isinstance(s, sp.Expr) and not s.free_symbols and not s.atoms(AppliedUndef, sp.MatrixSymbol)
               for s in sides)
