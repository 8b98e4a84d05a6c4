r"""Vectors written as tuples: ``x = (1, 2)^T``, ``y_{t+1} = (\tfrac12 e^{-\log 2}, \tfrac12) = (\tfrac14, \tfrac12)``.

A parenthesis that is an operand (not the arguments of a function: ``f(a, b)``, ``\max(a, b)`` and
``D(x, y)`` are read elsewhere) and holds top-level commas is a column vector of its entries, each a scalar; a
``^T`` (``^\top``) right after it only says that the vector is a column (``(1, 2)^T`` is the column with entries
1 and 2, as notes write it), so it is consumed.  Two tuples are equal entrywise (they are matrices of SymPy).
A bare tuple right before one written with a transpose, ``(2, 1)\,(5, 4)^\top``, is the row of an inner product
(the text marks the second as the column; two columns side by side do not multiply).

Refused, one line each: an entry that is itself a vector or matrix (``(x, y)`` of vectors may be an inner product or
a pair: write ``\langle x, y \rangle`` or a block vector), an empty entry; a tuple right after ``\in`` is an
interval, read by the assumptions (``\eta \in (0, 2/L)``), never here.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput

__all__ = ["TRANSPOSE", "tuple_size", "tuple_vector"]

TRANSPOSE = (("^", "T"), ("^", "{", "T", "}"), ("^", "top"), ("^", "{", "top", "}"), ("^", "intercal"))
_NOT_OPERAND = (")", "]", "}", "|", "'")  # a parenthesis after these is an application or a product


def tuple_size(toks: list, k: int) -> int | None:
    """The number of entries when ``toks[k]`` opens a tuple (an operand parenthesis with top-level commas), else
    None."""
    if not toks[k].is_op("("):
        return None
    prev = toks[k - 1] if k > 0 else None
    if prev is not None and (prev.kind in ("letter", "num") or prev.is_op(*_NOT_OPERAND)
                             or (prev.kind == "cmd" and not prev.is_cmd("le", "ge", "leq", "geq", "ne", "neq",
                                                                         "cdot", "approx", "quad", "qquad"))):
        return None
    depth, commas = 0, 0
    for x in toks[k:]:
        depth += x.is_op("(", "[", "{") - x.is_op(")", "]", "}")
        if depth == 0:
            return commas + 1 if commas else None
        commas += depth == 1 and x.is_op(",")
    return None


def tuple_vector(parser: Any, first: Any, at: int) -> Any:
    """The column vector whose first entry ``first`` the parser has read inside the ``(`` at token ``at``; the
    cursor is on the first comma.  Reads the other entries and the closing parenthesis (and a ``^T`` after it)."""
    pos = parser.toks[at].pos
    if at > 0 and parser.toks[at - 1].is_cmd("in"):
        raise BadInput(r"(a, b) after \in is an interval: write it as an assumption (a < x < b)", pos)
    entries = [first]
    while (t := parser.peek()) is not None and t.is_op(","):
        parser.next()
        if parser.peek() is None or parser.peek().is_op(",", ")"):
            raise BadInput("an empty entry in a tuple", t.pos)
        entries.append(parser.expr())
    parser.closers.pop()
    parser.expect_op(")")
    if any(is_matrix(e) for e in entries):
        raise BadInput(r"a tuple of vectors or matrices: write \langle x, y \rangle for an inner product, or a "
                       r"\begin{pmatrix} column of numbers", pos)
    for pattern in TRANSPOSE:  # (1, 2)^T: the column itself, as notes write it
        if tuple(x.text for x in parser.toks[parser.i : parser.i + len(pattern)]) == pattern:
            parser.i += len(pattern)
            break
    else:
        if _column_follows(parser.toks, parser.i, len(entries)):  # (2, 1)(5, 4)^T: a row times a column
            return sp.ImmutableMatrix([entries])
    return sp.ImmutableMatrix([[e] for e in entries])


_SPACING = (",", ";", "!", " ", "cdot")


def _column_follows(toks: list, k: int, size: int) -> bool:
    """Whether the tokens from ``k`` on are a tuple of ``size`` entries written with a transpose, after spacing or
    a ``\\cdot`` only: ``(2, 1)\\,(5, 4)^\\top``.  The text marks the second tuple as the column, so the first,
    written bare, is the row of that inner product (the product of two columns would not read)."""
    while k < len(toks) and toks[k].kind == "cmd" and toks[k].text in _SPACING:
        k += 1
    if k >= len(toks) or not toks[k].is_op("("):
        return False
    depth, commas = 0, 0
    for j in range(k, len(toks)):
        depth += toks[j].is_op("(", "[", "{") - toks[j].is_op(")", "]", "}")
        commas += depth == 1 and toks[j].is_op(",")
        if depth == 0:
            after = tuple(x.text for x in toks[j + 1 : j + 6])
            return commas + 1 == size and any(after[: len(p)] == p for p in TRANSPOSE)
    return False
