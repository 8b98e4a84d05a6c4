"""Inputs with two readings, refused with a suggestion (never guessed): juxtaposed numbers (``2 3``: the product
6, the number 23, or a mixed number as in ``2 3/4``?) and a transpose of a scalar (``(a + b)^\\top``: a forgotten
declaration of a vector or matrix, or nothing at all?) and an undeclared capital after a row vector (``x^\\top A y``:
a matrix or a scalar?)."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok

__all__ = ["refuse_juxtaposed_numbers", "refuse_scalar_after_row", "refuse_scalar_transpose"]

_DIGIT_TAKERS = ("frac", "dfrac", "tfrac", "sqrt")  # \frac12 reads its digits itself


def refuse_juxtaposed_numbers(toks: list[Tok], i: int) -> None:
    """BadInput when the number at ``i`` follows a number that is a whole factor (``2 3``, ``2\\,3``, ``x 2 3``);
    ``x^2 3`` (an exponent's digit) and ``\\frac12 3`` are left to their readings."""
    if i < 1 or toks[i].kind != "num" or toks[i - 1].kind != "num":
        return
    j = i - 1
    while j >= 1 and toks[j - 1].kind == "num" and toks[j - 1].pos + len(toks[j - 1].text) > toks[j].pos:
        j -= 1  # a digit pushed back by a one-token argument (x^23, \frac12): back to the token it came from
    before = toks[j - 1] if j >= 1 else None
    if before is not None and (before.is_op("^", "_") or before.is_cmd(*_DIGIT_TAKERS)):
        return
    a, b = toks[i - 1].text, toks[i].text
    raise BadInput(f"juxtaposed numbers '{a} {b}' are ambiguous: write {a} \\cdot {b} for a product, or {a}{b}",
                   toks[i].pos)


def refuse_scalar_transpose(pos: int) -> None:
    """A transpose (``^\\top``, ``^\\intercal``, ``^T``) of a scalar: refused, as ``^T`` always was."""
    raise BadInput("a transpose of a scalar is ambiguous: declare the base as a vector (--vector x) or a matrix "
                   "(--matrix A); for a power ^T, declare T (T \\in \\mathbb{N})", pos)


def refuse_scalar_after_row(row: Any, factor: Any, nt: Any, pos: int) -> None:
    """``x^\\top A y`` with A undeclared: a bilinear form in A (a matrix) or A x^\\top y (a scalar)?  A capital
    right after a row vector is refused unless an assumption makes it a scalar (``L > 0``) or it is declared."""
    if not (is_matrix(row) and row.shape[0] == 1 and row.shape[1] != 1 and isinstance(factor, sp.Symbol)):
        return
    name = factor.name
    if re.fullmatch(r"\\?[A-Z][A-Za-z]*", name) and name not in nt.flags:
        raise BadInput(f"{name} after a transposed vector (x^T {name} y): declare it a matrix (--matrix {name}), or "
                       f"write a scalar first ({name} x^T y)", pos)
