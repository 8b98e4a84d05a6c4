r"""Letters the document's own use shows to be functions: a letter that textbooks use for functions
(:data:`symgd.latex.ambiguity.FUNCTION_LETTERS`: g, h, p, r, \sigma, ...) written before parentheses around two
or more different single names (``h(x)`` and ``h(y)``, ``r(\lambda)`` and ``r(\mu)``) and never as a value
anywhere in the document (no ``h^2``, ``\eta h``, ``h_t``).  One claim alone does not settle it (``g(x) + g(-x)``
is refused with its suggestion, as before); the whole document does.

A product a(b) of a letter and a name is written ``ab`` by people, so two applications to different names and no
other use leave one reading.
"""

from __future__ import annotations

from collections.abc import Iterable

from symgd.core.errors import BadInput

__all__ = ["applied_letters"]


def applied_letters(formulas: Iterable[str]) -> set[str]:
    """The letters of :data:`FUNCTION_LETTERS` the formulas apply to two different names and never use as values."""
    from symgd.latex.ambiguity import FUNCTION_LETTERS, plain_uses
    from symgd.latex.tokens import tokenize

    args: dict[str, set[str]] = {}
    plain: set[str] = set()
    for latex in formulas:
        try:
            toks = tokenize(latex)
        except (BadInput, Exception):  # an unreadable formula says nothing
            continue
        plain |= plain_uses(toks)
        for i, t in enumerate(toks[:-3]):
            if t.text not in FUNCTION_LETTERS or t.kind not in ("letter", "cmd") or (i and toks[i - 1].is_op("_", "^")) \
                    or (i >= 2 and toks[i - 1].is_op("{") and toks[i - 2].kind == "cmd"):  # x_h, \hat{h}: not h
                continue
            if toks[i + 1].is_op("(") and toks[i + 3].is_op(")") and toks[i + 2].kind in ("letter", "cmd"):
                args.setdefault(t.text, set()).add(toks[i + 2].text)
    return {name for name, seen in args.items() if len(seen) >= 2 and name not in plain}
