"""Free indices of a claim: ``\\frac{\\partial R(\\theta)}{\\partial \\theta_j} = \\frac{1}{2}\\sum_i H_{ji} g_i``
holds for every coordinate j, i.e. it is the vector claim ``\\nabla R(\\theta) = \\frac{1}{2} H g``.

A letter is an index of the claim (:func:`mark_indices`, before parsing) when the claim writes an entry of a
declared matrix with it (``H_{ji}``) or differentiates by a coordinate with it (``\\partial \\theta_j`` where
``\\theta_j`` itself appears nowhere else, so it is no vector of its own).  Then ``x_j`` of a declared vector is
its j-th coordinate wherever it stands (:mod:`symgd.latex.coordinates`).  After parsing, a side whose every term
carries the free index j once (:func:`finish_side`) is the vector of those terms; two free indices j < k (by
name) make a matrix, row j.  Both sides of a relation must carry the same free indices (``x_j = y_k`` is
refused), a side with one next to a vector without one (``H g = \\sum_i H_{ji} g_i``) too, and a term without
the index (``x_j + 1``) has no vector reading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.coordinates import Entry, index_letters_of, placeholders_in, term_factors
from symgd.latex.expectation import refuse_moving_measure
from symgd.latex.shapes import add
from symgd.latex.tokens import Tok

if TYPE_CHECKING:
    from symgd.latex.notation import Notation

__all__ = ["finish_side", "mark_indices"]


def _name_at(toks: list[Tok], k: int) -> tuple[str, list[Tok], int] | None:
    """A letter or Greek command at k with a subscript: (its base, the subscript's tokens, the index after)."""
    t = toks[k]
    if not (t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha())) or k + 2 >= len(toks):
        return None
    if not toks[k + 1].is_op("_"):
        return None
    if toks[k + 2].is_op("{"):
        end = next((j for j in range(k + 3, len(toks)) if toks[j].is_op("}")), None)
        if end is None:
            return None
        return t.text, toks[k + 3 : end], end + 1
    return t.text, [toks[k + 2]], k + 3


def mark_indices(nt: Notation, toks: list[Tok]) -> None:
    """Record in ``nt.index_letters`` the letters this side uses as indices of entries (``H_{ji}``) or of a
    derivative by a coordinate (``\\partial \\theta_j``, ``\\theta_j`` not used as a name elsewhere)."""
    toks = list(toks)
    spelled: dict[tuple[str, str], int] = {}  # (base, subscript) -> uses not after \partial
    partials: list[tuple[str, str, str]] = []
    for k in range(len(toks)):
        got = _name_at(toks, k)
        if got is None:
            continue
        base, sub, _ = got
        text = "".join(x.text for x in sub)
        letters = index_letters_of(" ".join(x.text for x in sub))
        if letters is None:
            continue
        if nt.kind(base) == "matrix" and len(letters) == 2:
            nt.index_letters.update(letters)
        after_partial = k > 0 and toks[k - 1].is_cmd("partial")
        if after_partial and nt.kind(base) == "vector" and len(letters) == 1:
            partials.append((base, text, letters[0]))
        elif not after_partial:
            spelled[(base, text)] = spelled.get((base, text), 0) + 1
    for base, text, letter in partials:
        if not spelled.get((base, text)):
            nt.index_letters.add(letter)
    _refuse_differentiated_scalars(nt, toks)


def _refuse_differentiated_scalars(nt: Notation, toks: list[Tok]) -> None:
    """``\\frac{\\partial \\mathcal{L}(\\theta)}{\\partial \\theta_i}`` with theta undeclared and written as a function's
    argument: theta must be a vector (a scalar theta would make theta_i another name, and the derivative 0), which
    is refused with the declaration to write -- inferred for one formula, it would differ from the document's other
    formulas, which read a scalar theta (an audit refuted a true claim that way).  ``\\partial x_1`` next to
    ``f(x)`` is refused too: a coordinate, or another variable?"""
    for k in range(1, len(toks) - 2):
        t = toks[k]
        if not (toks[k - 1].is_cmd("partial") and toks[k + 1].is_op("_") and (
                t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha()))):
            sub = None
        else:
            sub = _name_at(toks, k)
        if sub is None or len(sub[1]) != 1 or sub[1][0].kind not in ("letter", "num"):
            continue
        name = t.text if t.kind == "letter" else "\\" + t.text
        argument = any(toks[j].is_op("(", ",") and toks[j + 1].kind == t.kind and toks[j + 1].text == t.text
                       and toks[j + 2].is_op(")", ",") for j in range(len(toks) - 2))
        if argument and sub[1][0].kind == "num":  # f(x) and \partial x_1: a coordinate, or another variable x_1?
            raise BadInput(f"\\partial {name}_{sub[1][0].text} next to a function of {name}: the coordinate "
                           f"{sub[1][0].text} of a vector {name} (write its index as a letter, \\partial {name}_j, "
                           f"with {name} a vector) or another variable (name it differently)?", t.pos)
        if nt.kind(name) != "scalar" or name in nt.flags or nt.base(name) in nt.flags or nt.is_function(name):
            continue
        if argument:  # not inferred: the document's other formulas would still read a scalar theta
            letter = sub[1][0].text
            raise BadInput(f"\\partial {name}_{letter} next to a function of {name}: {name} is a vector and {letter} "
                           f"its coordinate; declare it (--vector {name.lstrip(chr(92))}, or {name} \\in "
                           f"\\mathbb{{R}}^n)", t.pos)


def _vector_of(coeff: Any, entries: list[Entry], free: list[str], pos: int) -> Any:
    """One term with every free index once: coeff times the vector (one index) or matrix (two, row first)."""
    if len(free) == 1:
        (e,) = entries
        return coeff * (e.obj if e.row == free[0] else e.obj.T)
    row, col = free
    if len(entries) == 1:
        e = entries[0]
        return coeff * (e.obj if (e.row, e.col) == (row, col) else e.obj.T)
    a, b = (entries if entries[0].letters() == {row} else entries[::-1])
    u = a.obj if a.row == row else a.obj.T
    v = b.obj if b.row == col else b.obj.T
    return coeff * (u * v.T)


def finish_side(value: Any, nt: Notation, pos: int) -> Any:
    """A parsed side with placeholders of free indices, as the vector (matrix) of its coordinates (entries)."""
    refuse_moving_measure(value, pos)  # \nabla_\theta \mathbb{E}_{p_\theta}: not commuted, never proved
    gens = placeholders_in(value, nt)
    for s in getattr(value, "free_symbols", ()):
        if s.name in nt.index_letters and s.name not in nt.coordinate_scope and not isinstance(s, sp.Dummy):
            raise BadInput(f"{s.name} is an index of this claim and also a value in it; rename one", pos)
    if not gens:
        vector = is_matrix(value) and value.shape != (1, 1) and not isinstance(value, sp.ZeroMatrix)
        if vector and nt.side_indices and nt.side_indices[-1][0]:
            raise BadInput("a side about the coordinate "
                           f"{', '.join(sorted(nt.side_indices[-1][0]))} next to a vector: write both as vectors, or "
                           "both for the same coordinate", pos)
        nt.side_indices.append((frozenset(), vector))
        return value
    free = sorted(set().union(*(nt.coordinates[g].letters() for g in gens)))
    if len(free) > 2:
        raise BadInput(f"a claim with the free indices {', '.join(free)} (more than two) is not understood", pos)
    out: Any = None
    for coeff, entries in term_factors(value, gens, nt, "a claim with the index " + free[0], pos):
        carried = [x for e in entries for x in (e.row, e.col) if x is not None]
        if sorted(carried) != free:
            raise BadInput(f"each term of a claim about the coordinate {free[0]} must carry the index {free[0]} "
                           f"once (x_{free[0]} + 1 or x_{free[0]} y_{free[0]} have no vector reading); write the "
                           "claim for vectors", pos)
        term = _vector_of(coeff, entries, free, pos)
        out = term if out is None else add(out, term, pos)
    seen = frozenset(free)
    if nt.side_indices and (prev := nt.side_indices[-1])[0] != seen and (prev[0] or prev[1]):
        before = ", ".join(sorted(prev[0])) or "a vector"
        raise BadInput(f"the sides of this claim carry different free indices ({before} and {', '.join(free)}): "
                       "write both for the same coordinate, or both as vectors", pos)
    nt.side_indices.append((seen, False))
    return out
