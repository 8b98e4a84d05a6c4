"""``A^k`` of an explicit square matrix and a symbolic exponent k, in closed form: ``P D^k P^{-1}`` from an exact
diagonalization over the reals with positive eigenvalues (then ``\\lambda^k`` is real for every real k and the
result is the primary matrix power; for an integer k it is the matrix power itself).  Anything else stays with the
parser's refusal (an eigenvalue -1 makes (-1)^k, a non-diagonalizable matrix a Jordan block).  Its own module so
that :mod:`symgd.latex.shapes` can use it without an import cycle."""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["explicit_power"]


def explicit_power(m: sp.MatrixBase, k: Any) -> Any:
    """``m^k`` for an explicit square matrix m of size <= 4 and a symbolic exponent k, as ``P D^k P^{-1}`` when m is
    diagonalizable over the reals with positive eigenvalues (exact; then ``\\lambda^k`` is real for every real k);
    None otherwise."""
    if m.shape[0] != m.shape[1] or m.shape[0] > 4 or not all(e.is_Rational for e in m):
        return None
    try:
        if not m.is_diagonalizable(reals_only=True):
            return None
        p, d = m.diagonalize(reals_only=True)
    except (ValueError, NotImplementedError, sp.matrices.common.MatrixError):
        return None
    lams = [d[i, i] for i in range(d.shape[0])]
    if not all(lam.is_positive for lam in lams):
        return None
    return sp.ImmutableMatrix((p * sp.diag(*[lam**k for lam in lams]) * p.inv()).applyfunc(sp.expand))
