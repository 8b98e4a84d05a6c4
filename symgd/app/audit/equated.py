"""Names an earlier formula writes equal to an expression that the audit did not take as their definition.

``p_0 = r_0 = b - Ax_0`` (a prose chain read as a definition of p_0 and a claim about r_0) ties r_0: a later
counterexample that gives r_0 a value of its own is no counterexample to what the text says.  Such a refutation is
undecided, with the formula named."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["equated_earlier"]


def equated_earlier(cex: dict, ctx: DocContext) -> list[str]:
    """The members of families a counterexample sets (values, not functions) that an earlier formula writes as one
    side of an equation ``name = expression`` (not a lone name or number: an instance, a value) and that the document
    does not define in a form the audit substitutes."""
    out = []
    for k, val in cex.items():
        key = str(k)
        if "->" in str(val) or "(" in key or "_" not in key or _defined(key, ctx):
            continue  # a member of a family (r_0, x_{k+1}) only: "take x = x_k" renames a bare letter
        word = _spelled(key)
        for h in ctx.history:
            m = re.search(r"(?:^|[=&]|\\\\)\s*" + word + r"\s*&?\s*=(?!=)\s*(?P<rhs>[^=,<>]*)", h)
            if m and not re.fullmatch(r"\s*(?:\\?[A-Za-z]+(?:_\{?[^{}]*\}?)?|[-\d./]+)\s*[.;]?\s*", m.group("rhs")):
                out.append(key)  # an expression, not a lone name or number
                break
    return out


def _defined(key: str, ctx: DocContext) -> bool:
    flat = re.sub(r"[\s{}]", "", key)
    return any(re.sub(r"[\s{}]", "", d) == flat for d in ctx.defined)


def _spelled(key: str) -> str:
    """``r_{0}`` as LaTeX writes it: ``r_0`` or ``r_{0}``, spaces allowed."""
    m = re.fullmatch(r"(\\?[A-Za-z]+)_\{?([^{}]+)\}?", key)
    if m:
        sub = re.escape(m.group(2))
        return (r"(?<![\\A-Za-z])" + re.escape(m.group(1)) + r"\s*_\s*(?:\{\s*" + sub + r"\s*\}|" + sub
                + r"(?![A-Za-z0-9]))")
    return r"(?<![\\A-Za-z])" + re.escape(key) + r"(?![A-Za-z0-9_^])"
