"""Remainders ``O(v^k)`` in a claim: checked to be harmless additive terms, then dropped."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.shapes import BigO

__all__ = ["remove_remainders"]


def remove_remainders(lhs: Any, rhs: Any, pos: int = 0) -> tuple[Any, Any, tuple[sp.Symbol, int] | None]:
    """Replace each ``O(v^k)`` by ``v^k R_i`` and check it is a harmless additive remainder.

    A remainder must enter linearly with a coefficient ``v^k p(v)``, ``p`` a polynomial in v
    (e.g. ``(a + O(\\eta^3)) \\theta_0``); then ``lhs - rhs = O(v^m)`` with m the smallest order
    is exactly what the claim says, and the remainders are dropped.  Anything else (a remainder
    divided by v, inside exp, squared) is refused rather than guessed.
    """
    marks = [m for side in (lhs, rhs) if isinstance(side, sp.Basic) for m in side.atoms(BigO)]
    if not marks:
        return lhs, rhs, None
    if all(isinstance(side, sp.MatrixBase) for side in (lhs, rhs)) and lhs.shape == rhs.shape:
        return _entrywise(lhs, rhs, pos)
    var = {m.args[0] for m in marks}
    if len(var) != 1:
        raise BadInput("remainders O(...) in different variables", pos)
    v = var.pop()
    out = []
    orders: list[int] = []
    for side in (lhs, rhs):
        if is_matrix(side):
            if side.atoms(BigO):
                raise BadInput("O(...) remainders are understood in scalar claims only", pos)
            out.append(side)
            continue
        for i, m in enumerate(sorted(side.atoms(BigO), key=sp.default_sort_key)):
            r = sp.Dummy(f"R{i}", real=True)
            k = int(m.args[1])
            side = side.xreplace({m: v**k * r})
            coeff = sp.expand(side).coeff(r)
            q = sp.cancel(coeff / v**k)
            if sp.diff(side, r, 2) != 0 or coeff.has(r) or not q.is_polynomial(v):
                raise BadInput("an O(...) remainder must be an additive term (times factors without 1/"
                               f"{v}), like a + O({v}^k)", pos)
            if q != 0:  # eta^2 (c + O(eta)) is O(eta^3): the remainder's order is k + the lowest power of v in q
                orders.append(k + min(mono[0] for mono in sp.Poly(q, v).monoms()))
            side = side.xreplace({r: 0})
        out.append(side)
    return out[0], out[1], (v, min(orders)) if orders else None


def _entrywise(lhs: sp.MatrixBase, rhs: sp.MatrixBase, pos: int) -> tuple[Any, Any, tuple[sp.Symbol, int] | None]:
    """Concrete vectors or matrices with remainders: each entry checked; the order is the smallest one."""
    pairs = [remove_remainders(a, b, pos) for a, b in zip(lhs, rhs, strict=True)]
    found = {f for _, _, f in pairs if f is not None}
    if len({v for v, _ in found}) > 1:
        raise BadInput("remainders O(...) in different variables", pos)
    order = min(found, key=lambda f: f[1]) if found else None
    shape = lhs.shape
    return (sp.ImmutableMatrix(*shape, [a for a, _, _ in pairs]), sp.ImmutableMatrix(*shape, [b for _, b, _ in pairs]),
            order)
