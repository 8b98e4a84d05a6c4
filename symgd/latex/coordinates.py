"""Sums over the coordinates of vectors, as the vector expressions they denote: ``\\sum_{i=1}^{n} x_i^2`` is
``x^T x``, ``\\sum_i x_i y_i`` is ``x^T y``, ``\\sum_{i=1}^{n} (x_i - y_i)^2`` is ``(x - y)^T (x - y)`` expanded.

The summand (read with each ``x_i`` a placeholder for the i-th coordinate of the vector x) must be a polynomial of
degree two in the coordinates, with coefficients that do not depend on the index: then the sum is a bilinear form
of the vectors.  A constant term counts once per coordinate (n times); a linear term (``\\sum_i x_i``, the inner
product with a vector of ones) or a higher degree (``\\sum_i x_i^4``) has no vector reading here and is refused."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.shapes import add

__all__ = ["coordinate_sum"]


def _indexed(sym: Any, index: str) -> bool:
    """Is ``sym`` a member of a family subscripted by the index (``w_{i}``, ``w_{i+1}``)?"""
    m = re.fullmatch(r"[^_]+_\{(.+)\}.*", getattr(sym, "name", ""))
    return m is not None and re.search(rf"(?<![A-Za-z\\]){re.escape(index)}(?![A-Za-z])", m.group(1)) is not None


def coordinate_sum(body: Any, coords: dict[Any, Any], index: sp.Symbol, count: Any, pos: int) -> Any:
    """The sum over every coordinate of ``body`` (placeholders ``coords``: placeholder -> vector); ``count`` is
    the number of coordinates (None when the range does not name the size: then a constant term is refused)."""
    what = "a sum over coordinates"
    if is_matrix(body):
        raise BadInput(f"{what} must have a scalar summand (x_i y_i, x_i^2)", pos)
    try:
        poly = sp.Poly(sp.expand(body), *coords)
    except sp.PolynomialError:
        raise BadInput(f"{what} is read as an inner product: its summand must be a polynomial of degree two in "
                       "the coordinates (x_i^2, x_i y_i)", pos) from None
    gens = list(coords)
    out: Any = None
    for monom, coeff in poly.terms():
        coeff = sp.sympify(coeff)
        if coeff.has(index) or any(_indexed(x, index.name) for x in coeff.free_symbols):
            raise BadInput(f"{what} with weights that depend on the index (\\sum_i w_i x_i^2) is not understood; "
                           "write x^T D x with a matrix D", pos)
        degree = sum(monom)
        if degree == 0:
            if count is None:
                raise BadInput(f"{what} with a constant term needs the size of the vectors as its upper bound, "
                               "declared (x \\in \\mathbb{R}^n)", pos)
            term: Any = coeff * count
        elif degree == 2:
            vecs = [coords[g] for g, k in zip(gens, monom, strict=True) for _ in range(k)]
            term = coeff * (vecs[0].T * vecs[1])
        elif degree == 1:
            raise BadInput(f"{what} of single coordinates (\\sum_i x_i) is not understood: it is the inner product "
                           "with a vector of ones; write that vector (--vector) and x^T 1", pos)
        else:
            raise BadInput(f"{what} of degree {degree} in the coordinates is not a norm or an inner product; only "
                           "degree two (x_i^2, x_i y_i) is understood", pos)
        out = term if out is None else add(out, term, pos)
    return sp.Integer(0) if out is None else out
