"""Exact rational linear algebra for certificates: LDL^T positive semidefiniteness and the least shift.

``psd(S)`` runs symmetric Gaussian elimination without pivoting on a rational matrix.  A negative pivot
means S is not PSD; a zero pivot is allowed only when its whole remaining row is zero (a PSD matrix with
a zero diagonal entry has a zero row there); otherwise the Schur complement, hence S, is not PSD.  So the
test is both sound and complete, in exact arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["LDL", "least_shift", "psd", "solve_pinned"]


@dataclass(frozen=True)
class LDL:
    """The outcome of :func:`psd`: ``ok``, the pivots met, and why not when not."""

    ok: bool
    pivots: tuple[Fraction, ...]
    reason: str = ""

    @property
    def summary(self) -> str:
        pos = sum(1 for p in self.pivots if p > 0)
        return f"{pos} positive and {len(self.pivots) - pos} zero rational pivots"


def _integer(S: Sequence[Sequence[Fraction]], order: Sequence[int]) -> tuple[list[list[int]], int]:
    """D S (rows and columns in ``order``) as integers, D > 0 the least common denominator."""
    D = 1
    for row in S:
        for v in row:
            D = math.lcm(D, Fraction(v).denominator)
    return [[int(Fraction(S[i][j]) * D) for j in order] for i in order], D


def _bareiss(A: list[list[int]], stop: int) -> tuple[list[Fraction], str, int]:
    """Fraction-free symmetric elimination of the first ``stop`` indices (integers stay integers: each update is
    divided exactly by the previous pivot).  Returns the LDL^T pivots met (d_k = A_kk / previous pivot), the
    reason for stopping early ('' if none) and the last pivot used.  A zero pivot with a zero remaining row is
    skipped (that index is a zero row and column of the Schur complement)."""
    n, prev = len(A), 1
    pivots: list[Fraction] = []
    for k in range(stop):
        p = A[k][k]
        pivots.append(Fraction(p, prev))
        if p < 0:
            return pivots, f"negative pivot {Fraction(p, prev)} at {k}", prev
        if p == 0:
            if any(A[k][j] for j in range(k + 1, n)):
                return pivots, f"zero pivot at {k} with a nonzero row", prev
            continue
        rk = A[k]
        for i in range(k + 1, n):
            Ai, aik = A[i], rk[i]
            for j in range(i, n):
                Ai[j] = (p * Ai[j] - aik * rk[j]) // prev
            for j in range(i + 1, n):
                A[j][i] = Ai[j]
        prev = p
    return pivots, "", prev


def psd(S: Sequence[Sequence[Fraction]]) -> LDL:
    """Is the symmetric rational matrix S positive semidefinite?  (Exact LDL^T with rational pivots.)"""
    n = len(S)
    for i in range(n):
        for j in range(i + 1, n):
            if S[i][j] != S[j][i]:
                return LDL(False, (), f"not symmetric at ({i}, {j})")
    A, D = _integer(S, range(n))
    pivots, reason, _ = _bareiss(A, n)
    return LDL(not reason, tuple(p / D for p in pivots), reason)


def least_shift(S: Sequence[Sequence[Fraction]], k: int) -> Fraction | None:
    """The least t with S + t e_k e_k^T PSD, or None when no t works.  Eliminates every other index first:
    their block must be PSD with its zero pivots' rows zero also in column k; then t = -(last pivot)."""
    n = len(S)
    A, D = _integer(S, [i for i in range(n) if i != k] + [k])
    _, reason, prev = _bareiss(A, n - 1)
    if reason:
        return None
    return -Fraction(A[n - 1][n - 1], prev) / D


def solve_pinned(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], guess: Sequence[Fraction],
                 preference: Sequence[int]) -> list[Fraction] | None:
    """An exact solution u of A u = b equal to ``guess`` outside a set of pivot columns; the pivots are the first
    columns in the order ``preference`` that are linearly independent (chosen in floats, then solved exactly:
    the result is checked exactly, never trusted from the floats).  None if no exact solution is found."""
    m, n = len(A), len(guess)
    Af = np.array([[float(v) for v in row] for row in A]).reshape(m, n)
    rank = int(np.linalg.matrix_rank(Af)) if m else 0
    chosen: list[int] = []
    basis: list[np.ndarray] = []
    for c in preference:
        if len(chosen) == rank:
            break
        v = Af[:, c].copy()
        norm = np.linalg.norm(v)
        if norm == 0:
            continue
        for _ in range(2):  # Gram-Schmidt twice (stable)
            for q in basis:
                v -= (q @ v) * q
        if np.linalg.norm(v) > 1e-9 * norm:
            basis.append(v / np.linalg.norm(v))
            chosen.append(c)
    u = [Fraction(g) for g in guess]
    pinned = set(chosen)
    rows = []
    for i in range(m):
        rhs = Fraction(b[i]) - sum((A[i][c] * u[c] for c in range(n) if c not in pinned and A[i][c]), Fraction(0))
        rows.append([Fraction(A[i][c]) for c in chosen] + [rhs])
    k, r = len(chosen), 0
    where = []
    for col in range(k):  # exact Gauss-Jordan on the chosen columns
        piv = next((i for i in range(r, m) if rows[i][col] != 0), None)
        if piv is None:
            return None  # dependent in exact arithmetic after all
        rows[r], rows[piv] = rows[piv], rows[r]
        inv = 1 / rows[r][col]
        rows[r] = [v * inv for v in rows[r]]
        for i in range(m):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * p for a, p in zip(rows[i], rows[r], strict=True)]
        where.append(r)
        r += 1
    if any(rows[i][k] != 0 for i in range(r, m)):
        return None  # inconsistent: no solution with these pinned values
    for col, row in zip(chosen, where, strict=True):
        u[col] = rows[row][k]
    return u
