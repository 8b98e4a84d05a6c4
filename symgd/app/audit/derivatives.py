"""Point-free identities of a function the document defines: ``\\sigma' = \\sigma(1 - \\sigma)`` after
``\\sigma(z) = \\frac{1}{1 + e^{-z}}`` is the identity ``\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))`` for every z.

A display is point-free for a defined function of one argument when the function (with or without primes,
``\\sigma'``, ``\\sigma''``, ``\\sigma^{\\prime}``) appears there at least once without parentheses after it; then every
occurrence is the function at the definition's own argument, and a parenthesis after one is a product
(``\\sigma(1 - \\sigma)`` is sigma times 1 - sigma, as such identities are written, not a composition).  Refused
in one line: a display that also names the argument's letter and puts parentheses after the function elsewhere
(``f' = f(2x)``), and a prime on a function of several arguments (``g'`` after ``g(x, y) = ...``).
Derivatives ``\\sigma'(z)`` of a defined function are then its body differentiated (symgd.app.audit.context).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symgd.app.audit.classify import lhs_of
from symgd.core.errors import BadInput

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["point_free"]

_PRIMES = r"(?:\s*(?:'|′|″)+|\^\{?\s*(?:\\prime\s*)+\}?)?"
_OPTIMUM = r"(?!\s*\^\s*\{?\s*(?:\\star|\\ast|\*|\\\*))"  # F^\star, f^*, f^\* (Markdown): the optimal value, no use of F


def point_free(latex: str, ctx: DocContext) -> str:
    """``latex`` with each defined one-argument function written point-free put at its own argument; BadInput (one
    line) for ``g'`` of a function of several arguments and for ``f' = f(2x)`` (an application, or a product?)."""
    for fd in ctx.fdefs.values():
        m = re.fullmatch(r"(.+?)\s*(?:\\left)?\(\s*(\\?[A-Za-z]+)\s*(?:\\right)?\)", lhs_of(fd.latex).strip(), re.S)
        several = re.fullmatch(r"(.+?)\s*(?:\\left)?\((.*,.*)\)", lhs_of(fd.latex).strip(), re.S)
        if several and len(fd.args) > 1:
            name = several.group(1).strip()
            if re.search(r"(?<![\\A-Za-z])" + re.escape(name) + r"(?:'|\^\{?\s*\\prime)(?!\s*(?:\\left)?\()", latex):
                raise BadInput(f"{name}' without arguments, of the function of {len(fd.args)} arguments {name}"
                               f"({several.group(2).strip()}): which derivative? write \\partial_1 {name}(...) or "
                               "\\frac{\\partial}{\\partial x}")
            continue
        if m is None or len(fd.args) != 1:
            continue
        name, arg = m.group(1).strip(), m.group(2)
        use = re.compile(r"(?<![\\A-Za-z])" + re.escape(name) + r"(?![A-Za-z_])" + _OPTIMUM + "(" + _PRIMES + r")")
        uses = list(use.finditer(latex))
        bare = [u for u in uses if not re.match(r"\s*(?:\\left)?\(", latex[u.end():])]
        if not bare:
            continue
        own = re.compile(r"\s*(?:\\left)?\(\s*" + re.escape(arg) + r"\s*(?:\\right)?\)")
        applied = [u for u in uses if u not in bare and not own.match(latex, u.end())]
        letter = re.compile(r"(?<![\\A-Za-z])" + re.escape(arg) + r"(?![A-Za-z])")
        if applied and letter.search(use.sub(" ", own.sub(" ", latex))):  # f' = f(2x)
            raise BadInput(f"{name} is written without its argument and with parentheses after it here: an "
                           f"application or a product? write {name}({arg}) at each place")
        latex = use.sub(lambda u, name=name, arg=arg, own=own, text=latex: u.group(0) if own.match(text, u.end())
                        else f"{name}{u.group(1).strip()}({arg})", latex)
    return latex
