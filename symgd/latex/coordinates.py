"""Coordinates and index sums, read as the vector and matrix expressions they denote: ``\\sum_i x_i y_i`` is
``x^T y``, ``\\sum_i \\sum_j H_{ij} x_i x_j`` is ``x^T H x``, ``\\sum_i H_{ji} g_i`` is the j-th coordinate of
``H g``, ``\\frac{\\partial f(\\theta)}{\\partial \\theta_i}`` the i-th coordinate of ``\\nabla f(\\theta)``.

Under a sum over the index i (or with i a free index of the claim, :mod:`symgd.latex.indices`), ``x_i`` of a
declared vector x and ``H_{ij}`` of a declared matrix H are placeholders (:class:`Entry`: an object and the
indices of its row and column).  A sum contracts its index: the summand is a polynomial in the placeholders
whose every term carries the index exactly twice (``x_i y_i``, ``H_{ji} g_i``, ``H_{ii}``); the two slots meet
in a matrix product (or a trace), as in Einstein's convention.  Each contraction is an identity of linear
algebra valid in every dimension (``sum_i a_i b_i = a^T b``, ``sum_i A_{ji} b_i = (A b)_j``,
``sum_i A_{ii} = tr A``), so nothing here depends on n.  A term with the index once (``\\sum_i x_i``, the inner
product with a vector of ones), three times or more (``x_i^4``), or weights that depend on the index
(``\\sum_i w_i x_i^2``) has no such reading and is refused.  A constant term counts once per coordinate (n times)
only when the range names the size."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.shapes import add

if TYPE_CHECKING:
    from symgd.latex.notation import Notation

__all__ = ["Entry", "coordinate", "coordinate_sum", "entry_placeholder", "index_letters_of", "indexed", "placeholders_in",
           "term_factors"]

_WHAT = "a sum over coordinates"


@dataclass(frozen=True)
class Entry:
    """The entry (row, col) of ``obj``: an n x 1 vector has col None, a 1 x n row has row None."""

    obj: Any
    row: str | None
    col: str | None

    def slots(self, k: str) -> int:
        return (self.row == k) + (self.col == k)

    def letters(self) -> set[str]:
        return {x for x in (self.row, self.col) if x is not None}


def index_letters_of(sub: str) -> list[str] | None:
    """``ji``, ``j i``, ``j,i`` -> ['j', 'i']; ``i`` -> ['i']; anything else (``t+1``, ``12``) -> None."""
    parts = [p for p in re.split(r"[,\s]", sub) if p]
    letters = [c for p in parts for c in p] if all(p.isalpha() and p.isascii() for p in parts) else []
    return letters if 1 <= len(letters) <= 2 else None


def coordinate(nt: Notation, name: str) -> Any:
    """``x_i`` / ``H_{ij}`` with i, j indices in scope (``nt.coordinate_scope``, ``nt.index_letters``) and x, H
    declared: the placeholder of that entry; None when the name is a plain name."""
    m = re.fullmatch(r"([^_^']+)_\{(.+)\}", name)
    if m is None:
        return None
    base, letters = m.group(1), index_letters_of(m.group(2))
    active = set(nt.coordinate_scope) | nt.index_letters
    if letters is None or not set(letters) & active or nt.kind(base) == "scalar":
        return None  # x_{t+1}, g_i of a scalar family: names
    kind = nt.kind(base)
    if not set(letters) <= active:  # H_{ti} with t no index: neither an entry nor a name
        raise BadInput(f"{name}: an entry of a vector or matrix under a sum takes index letters only (x_i, H_{{ij}})")
    obj = nt.symbol(base)
    if kind == "vector" and len(letters) == 1:
        return entry_placeholder(nt, Entry(obj, letters[0], None))
    if kind == "matrix" and len(letters) == 2:
        return entry_placeholder(nt, Entry(obj, letters[0], letters[1]))
    what = "a vector has one index (x_i)" if kind == "vector" else "a matrix has two indices (H_{ij})"
    raise BadInput(f"{name}: {what}")


def entry_placeholder(nt: Notation, e: Entry) -> Any:
    """The one placeholder (a real Dummy) of the entry ``e`` in this claim."""
    for c, v in nt.coordinates.items():
        if v == e:
            return c
    c = sp.Dummy("c", real=True)
    nt.coordinates[c] = e
    return c


def placeholders_in(expr: Any, nt: Notation) -> list[Any]:
    """The placeholders in ``expr``, in the order the claim wrote them (so x_i y_i is x^T y, never y^T x)."""
    free = getattr(expr, "free_symbols", set())
    return [c for c in nt.coordinates if c in free]


def indexed(sym: Any, index: str) -> bool:
    """Is ``sym`` a member of a family subscripted by the index (``w_{i}``, ``w_{i+1}``)?"""
    m = re.fullmatch(r"[^_]+_\{(.+)\}.*", getattr(sym, "name", ""))
    return m is not None and re.search(rf"(?<![A-Za-z\\]){re.escape(index)}(?![A-Za-z])", m.group(1)) is not None


def term_factors(body: Any, gens: list[Any], nt: Notation, what: str, pos: int) -> list[tuple[Any, list[Entry]]]:
    """``body`` as a polynomial in the placeholders ``gens``: (coefficient, entries) per term."""
    if is_matrix(body):
        body = _scalar_of(body, what, pos)
    try:
        poly = sp.Poly(sp.expand(body), *gens) if gens else None
    except sp.PolynomialError:
        raise BadInput(f"{what} is read as an inner product: its summand must be a polynomial of degree two in "
                       "the coordinates (x_i^2, x_i y_i)", pos) from None
    if poly is None:
        return [(body, [])]
    return [(sp.sympify(coeff), [nt.coordinates[g] for g, k in zip(gens, monom, strict=True) for _ in range(k)])
            for monom, coeff in poly.terms()]


def _scalar_of(m: Any, what: str, pos: int) -> Any:
    """A 1x1 matrix expression as a scalar: each term's scalar factor times the trace of its matrix part."""
    if m.shape != (1, 1):
        raise BadInput(f"{what} must have a scalar summand (x_i y_i, x_i^2)", pos)
    out = sp.Integer(0)
    for term in (m.args if isinstance(m, sp.MatAdd) else (m,)):
        coeff, rest = term.as_coeff_mmul() if hasattr(term, "as_coeff_mmul") else (1, term)
        rest = rest.doit() if isinstance(rest, sp.MatMul) and len(rest.args) == 1 else rest
        out += coeff * (1 if isinstance(rest, sp.Identity) else sp.Trace(rest))
    return out


def _merge(a: Entry, b: Entry, k: str) -> Entry:
    """sum_k a b over the shared index k, as a matrix product: (A B)_{rc}, (A B^T), (A^T B), (B A)."""
    A, B = a.obj, b.obj
    if a.col == k and b.row == k:
        return Entry(A * B, a.row, b.col)
    if a.col == k and b.col == k:
        return Entry(A * B.T, a.row, b.row)
    if a.row == k and b.row == k:
        return Entry(A.T * B, a.col, b.col)
    return Entry(B * A, b.row, a.col)


def _contract(entries: list[Entry], k: str, pos: int) -> tuple[list[Entry], Any, Any]:
    """Contract the index k in one term: (entries left, a scalar factor, a 1x1 matrix factor or None)."""
    with_k = [e for e in entries if e.slots(k)]
    rest = [e for e in entries if not e.slots(k)]
    slots = sum(e.slots(k) for e in with_k)
    if slots == 1:
        raise BadInput(f"{_WHAT} of single coordinates (\\sum_{k} x_{k}) is not understood: it is the inner product "
                       f"with a vector of ones; write that vector (--vector) and x^T 1", pos)
    if slots > 2:
        raise BadInput(f"{_WHAT} of degree {slots} in the coordinates is not a norm or an inner product; only "
                       "degree two (x_i^2, x_i y_i, H_{ij} x_j) is understood", pos)
    if len(with_k) == 1:  # H_{kk}: the trace
        return rest, sp.Trace(with_k[0].obj), None
    merged = _merge(with_k[0], with_k[1], k)
    if merged.row is None and merged.col is None:
        return rest, sp.Integer(1), merged.obj
    return [*rest, merged], sp.Integer(1), None


def _fold(entries: list[Entry], piece: Any) -> tuple[list[Entry], Any]:
    """Put a 1x1 factor into a vector-shaped entry of the term (v piece, piece v^T); else its trace."""
    for j, e in enumerate(entries):
        if e.obj.shape[1] == 1:
            return [*entries[:j], Entry(e.obj * piece, e.row, e.col), *entries[j + 1 :]], sp.Integer(1)
        if e.obj.shape[0] == 1:
            return [*entries[:j], Entry(piece * e.obj, e.row, e.col), *entries[j + 1 :]], sp.Integer(1)
    return entries, sp.Trace(piece)


def coordinate_sum(body: Any, nt: Notation, index: sp.Symbol, count: Any, pos: int) -> Any:
    """The sum over every coordinate (index ``index``) of ``body``, a polynomial in placeholders; ``count`` is
    the number of coordinates (None when the range does not name the size: then a constant term is refused).
    Entries with other indices stay placeholders (of the contracted objects) for an outer sum or the claim."""
    k = index.name
    gens = placeholders_in(body, nt)
    scalars: list[Any] = []  # terms that still carry other indices (scalar polynomials in placeholders)
    forms: list[Any] = []  # terms with every index contracted (1x1 matrix expressions or scalars)
    for coeff, entries in term_factors(body, gens, nt, _WHAT, pos):
        if coeff.has(index) or any(indexed(x, k) for x in coeff.free_symbols):
            raise BadInput(f"{_WHAT} with weights that depend on the index (\\sum_i w_i x_i^2) is not understood; "
                           "write x^T D x with a matrix D", pos)
        if not any(e.slots(k) for e in entries):
            if count is None:
                raise BadInput(f"{_WHAT} with a constant term needs the size of the vectors as its upper bound, "
                               "declared (x \\in \\mathbb{R}^n)", pos)
            coeff, piece = coeff * count, None
        else:
            entries, factor, piece = _contract(entries, k, pos)
            coeff = coeff * factor
        if entries and piece is not None:
            entries, trace = _fold(entries, piece)
            coeff, piece = coeff * trace, None
        if entries:
            scalars.append(coeff * sp.Mul(*[entry_placeholder(nt, e) for e in entries]))
        else:
            forms.append(coeff if piece is None else coeff * piece)
    if scalars:  # other indices remain: every term a scalar (a form's value is its trace)
        return sp.Add(*scalars, *[_scalar_of(f, _WHAT, pos) if is_matrix(f) else f for f in forms])
    out: Any = None
    for f in forms:
        out = f if out is None else add(out, f, pos)
    return sp.Integer(0) if out is None else out
