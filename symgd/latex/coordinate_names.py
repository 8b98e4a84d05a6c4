r"""Coordinates written as names: ``g_{t,i}``, ``x_{t+1,1}``, ``y_{t+1,i}`` of a vector family (g_t, x_{t+1}) are
numbers, the i-th (first) coordinate of that vector, as notes write them ("coordinate by coordinate:
$y_{t+1,i} = x_{t,i} e^{-\eta g_{t,i}}$").

A name whose subscript ends with a comma and one index letter or a number, of a declared vector's family, is a
scalar symbol of that name: ``e^{-\eta g_{t,i}}`` is the exponential of a number (it was refused as a matrix
exponential), and a claim written coordinate by coordinate holds for every i when it holds for an arbitrary
coordinate.  symgd does not tie such a name to the entries of the vector it belongs to, so a formula that uses
both (``g_t`` and ``g_{t,i}``, in the claim or in a hypothesis) is refused in one line: the coordinate would be
a number independent of the vector, and a counterexample could give it a value the vector forbids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sympy as sp

from symgd.core.errors import BadInput

__all__ = ["coordinate_of", "refuse_vector_beside_coordinate"]

_COORDINATE = re.compile(r"(?P<member>[^_^']+_\{(?P<family>.+)),\s*(?P<index>[a-z]|\d+)\s*\}")


def coordinate_of(name: str) -> str | None:
    """``x_{t}`` for ``x_{t,i}`` (``x_{t+1}`` for ``x_{t+1,1}``): the vector the name is a coordinate of, or None."""
    m = _COORDINATE.fullmatch(name)
    if m is None or not m.group("family").strip() or "," in m.group("family"):
        return None
    return m.group("member") + "}"


def refuse_vector_beside_coordinate(exprs: Iterable[Any]) -> None:
    """BadInput when the expressions use a vector and one of its coordinates written as a name."""
    names: set[str] = set()
    vectors: set[str] = set()
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        names |= {s.name for s in e.free_symbols if isinstance(s, sp.Symbol)}
        vectors |= {m.name for m in e.atoms(sp.MatrixSymbol)}
    for n in sorted(names):
        v = coordinate_of(n)
        if v is not None and _bare(v) in {_bare(x) for x in vectors}:
            raise BadInput(f"{n} is a coordinate of the vector {v}, and both are in this formula or its assumptions: "
                           "symgd does not tie a coordinate written as a name to its vector; write the claim in "
                           f"{v} alone or in its coordinates alone")


def _bare(name: str) -> str:
    return re.sub(r"\s|_\{(\w)\}", lambda m: f"_{m.group(1)}" if m.group(1) else "", name)
