"""``a \\approx b``: checked as Taylor agreement in a small quantity the text names, else not checked.

The small quantity comes from the prose around the formula ("for small $\\eta$", "as $t \\to 0$", "to first
order in $h$", "when $\\eta$ is small") or from the formula's own ``O(\\eta^k)`` term.  The claim is
``a - b = O(u^k)`` with ``k`` one more than the order the right side is written to: its degree in ``u`` when it
is a polynomial in ``u`` (``e^{-u} \\approx 1 - u + u^2/2``: k = 3), else its leading order (``\\approx 0``:
``a = O(u)``, ``a`` tends to 0).  Decided by Taylor coefficients (symgd.decide).
"""

from __future__ import annotations

import re

import sympy as sp

from symgd.core.claims import Claim, Rel, is_matrix
from symgd.latex.taylor_model import taylor_model

__all__ = ["approx_order", "small_quantity", "symbol_named", "taylor_model"]

_NAME = r"(?:\$\s*([^$]{1,30}?)\s*\$|\\\(\s*(.{1,30}?)\s*\\\)|([^\s$,.;:]{1,12}))"
_CUES = (
    re.compile(r"\b(?:for|when|with|as|if)\s+(?:a\s+|the\s+)?(?:sufficiently\s+|very\s+|a\s+)?small\s+" + _NAME, re.I),
    re.compile(r"\b(?:to|at)\s+(?:first|second|third|leading|lowest)[- ]order\s+in\s+" + _NAME, re.I),
    re.compile(_NAME + r"\s+(?:is|are)\s+(?:sufficiently\s+|very\s+)?small\b", re.I),
    re.compile(r"(?:\$|\\\()\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*(?:\\to|\\rightarrow)\s*0()()"),
    re.compile(r"([^\s$,.;:]{1,12})\s*(?:→|tends to|goes to)\s*0()()"),
)


def small_quantity(prose_before: str, prose_after: str, latex: str) -> str:
    """The LaTeX name of the small quantity, or ''."""
    m = re.search(r"O\s*\\?(?:left)?\(\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*(?:\^\s*\{?\d+\}?)?\s*\\?(?:right)?\)", latex)
    if m:
        return m.group(1)
    for text in (prose_before[-160:], prose_after[:100]):
        for cue in _CUES:
            found = list(cue.finditer(text))
            if found:
                g = found[-1]
                return _latex(next(x for x in g.groups() if x).strip())
    return ""


def _latex(name: str) -> str:
    from symgd.core.errors import BadInput
    from symgd.latex.unicode import latex_text

    try:
        return latex_text(name).strip()
    except BadInput:
        return name


def symbol_named(claim: Claim, name: str) -> sp.Symbol | None:
    """The claim's symbol spelt ``name`` (``\\eta_s`` is ``\\eta_{s}``)."""
    key = re.sub(r"[\s{}]", "", name)
    return next((s for s in claim.free_symbols() if isinstance(s, sp.Symbol) and re.sub(r"[\s{}]", "", str(s)) == key),
                None)


def approx_order(claim: Claim, u: sp.Symbol) -> Claim | None:
    """``lhs = rhs + O(u^k)`` for an ``=`` read from ``\\approx`` (None when the sides are not scalars)."""
    if is_matrix(claim.lhs) or is_matrix(claim.rhs):
        return None
    rhs = claim.rhs
    try:
        if rhs.is_polynomial(u) and u in rhs.free_symbols:
            k = sp.Poly(rhs, u).degree() + 1
        else:
            k = _leading_order(rhs, u) + 1
    except Exception:
        return None
    return Claim(claim.lhs, Rel.APPROX, rhs, order=(u, int(k)))


def _leading_order(expr: sp.Expr, u: sp.Symbol) -> int:
    if expr == 0 or u not in expr.free_symbols:
        return 0
    lead = sp.series(expr, u, 0, 6).removeO()
    if lead == 0:
        return 0
    return min(int(sp.degree(t, u)) for t in sp.Add.make_args(sp.expand(lead)) if t.is_polynomial(u))
