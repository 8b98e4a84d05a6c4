r"""Functions the prose names by a standard name and never defines: "where $\sigma$ is the logistic function",
"the sigmoid $\sigma$", "$s$ denotes the softplus".  The name is then the standard function, defined as if the
text had written ``\sigma(u) = \frac{1}{1 + e^{-u}}`` (so ``\sigma(z) + \sigma(-z) = 1`` is proved and
``\sigma(z_1 - z_2)`` is an application, not sigma times a difference).

Only a name written alone in math right next to the function's name (no other math between, within one
sentence) is read; a name the text defines itself, or gives another meaning, is left alone.  The standard
functions are those whose name leaves no choice: logistic / sigmoid (the logistic one) and softplus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["STANDARD", "named_in_prose", "read"]

STANDARD = {  # the function's words -> its body in u
    "logistic": r"\frac{1}{1 + e^{-u}}",
    "sigmoid": r"\frac{1}{1 + e^{-u}}",
    "softplus": r"\log(1 + e^{u})",
}
_WORDS = (r"(?P<w>logistic|sigmoid|softplus)(?:\s+(?:function|map|nonlinearity|activation))?"
          r"(?![\w-]|\s+(?:loss|regression|model|distribution|likelihood|cross|link|curve|growth|unit))")
_MATH = r"(?:\$|\\\()\s*(?P<n>\\[A-Za-z]+|[A-Za-z])\s*(?:\$|\\\))"
_UNICODE = {"σ": r"\sigma", "ς": r"\sigma", "φ": r"\phi", "ψ": r"\psi"}
_PLAIN = r"(?P<n>[σςφψ])"
_PATTERNS = [
    re.compile(rf"{m}\s*,?\s+(?:is|denotes|be|stands\s+for|for)\s+(?:the|a)\s+(?:standard\s+)?{_WORDS}", re.I)
    for m in (_MATH, _PLAIN)
] + [re.compile(rf"\b(?:the|a)\s+{_WORDS}\s+{m}(?!\s*(?:\(|\\left|=|\$?\s*\())", re.I) for m in (_MATH, _PLAIN)]


def named_in_prose(before: str) -> list[tuple[str, str]]:
    """(name, body) for each standard function the last sentences of ``before`` name."""
    out = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(before):
            name = _UNICODE.get(m.group("n"), m.group("n"))
            out.append((name, STANDARD[m.group("w").lower()]))
    return list(dict.fromkeys(out))


def read(before: str, line: int, ctx: DocContext, define: Callable[[str, str, DocContext, int], str]) -> None:
    """Define each function the prose names by its standard name (``define`` is the audit's function definer)."""
    for name, body in named_in_prose(before):
        key = re.sub(r"[\s{}]", "", name)
        if any(re.sub(r"[\s{}]", "", k) == key for k in ctx.fdefs) or key in {re.sub(r"[\s{}]", "", k) for k in
                                                                             ctx.defined}:
            continue  # the text's own definition stands
        if any(re.search(re.escape(name) + r"(?![A-Za-z])", a) for a in ctx.assume):
            continue  # the name has another meaning in an assumption (sigma > 0: a number)
        link = f"{name}(u) = {body}"
        if not define(name, link, ctx, line):
            ctx.defined[f"{name}(u)"] = link
