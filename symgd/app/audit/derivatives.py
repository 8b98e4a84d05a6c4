"""Point-free identities of a function the document defines: ``\\sigma' = \\sigma(1 - \\sigma)`` after
``\\sigma(z) = \\frac{1}{1 + e^{-z}}`` is the identity ``\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))`` for every z.

A display is point-free for a defined function of one argument when the function (with or without primes,
``\\sigma'``, ``\\sigma''``, ``\\sigma^{\\prime}``) appears there at least once without parentheses after it; then every
occurrence is the function at the definition's own argument, and a parenthesis after one is a product
(``\\sigma(1 - \\sigma)`` is sigma times 1 - sigma, as such identities are written, not a composition).  The display
is left as written (and the parser refuses it in one line) when it also applies the function to its argument, when
the argument's letter is used otherwise in the display, or when the function has more than one argument.
Derivatives ``\\sigma'(z)`` of a defined function are then its body differentiated (symgd.app.audit.context).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symgd.app.audit.classify import lhs_of

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["point_free"]

_PRIMES = r"(?:\s*(?:'|′|″)+|\^\{?\s*(?:\\prime\s*)+\}?)?"


def point_free(latex: str, ctx: DocContext) -> str:
    """``latex`` with each defined one-argument function written point-free put at its own argument."""
    for fd in ctx.fdefs.values():
        m = re.fullmatch(r"(.+?)\s*(?:\\left)?\(\s*(\\?[A-Za-z]+)\s*(?:\\right)?\)", lhs_of(fd.latex).strip(), re.S)
        if m is None or len(fd.args) != 1:
            continue
        name, arg = m.group(1).strip(), m.group(2)
        use = re.compile(r"(?<![\\A-Za-z])" + re.escape(name) + r"(?![A-Za-z_])(" + _PRIMES + r")")
        uses = list(use.finditer(latex))
        bare = [u for u in uses if not re.match(r"\s*(?:\\left)?\(", latex[u.end():])]
        if not bare:
            continue
        own = re.compile(r"\s*(?:\\left)?\(\s*" + re.escape(arg) + r"\s*(?:\\right)?\)")
        applied = [u for u in uses if u not in bare and not own.match(latex, u.end())]
        letter = re.compile(r"(?<![\\A-Za-z])" + re.escape(arg) + r"(?![A-Za-z])")
        if applied and letter.search(use.sub(" ", own.sub(" ", latex))):
            continue  # f' = f(2x): an application at another point, or a product? left to the parser's refusal
        latex = use.sub(lambda u, name=name, arg=arg, own=own, text=latex: u.group(0) if own.match(text, u.end())
                        else f"{name}{u.group(1).strip()}({arg})", latex)
    return latex
