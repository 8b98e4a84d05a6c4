"""Polynomial inequalities by a sum-of-squares certificate, found numerically and checked in exact arithmetic.

For ``p >= 0`` (p = rhs - lhs with its denominator cleared when the sign certificates show the denominator > 0),
with constraints ``g_k >= 0`` from the symbols' signs and the hypotheses (and their pairwise products):

    p = z^T Q_0 z + sum_k (z_k^T Q_k z_k) g_k,   every Q_k positive semidefinite,

a Positivstellensatz certificate with SOS multipliers of low degree.  An interior-point SDP (Clarabel, imported
lazily; the method is skipped when it is missing) finds floating-point Q_k; they are rounded to rationals, Q_0 is
then projected exactly onto the affine space of Gram matrices of the exact remainder, and every Q_k is checked
positive semidefinite by an exact LDL^T factorization in fractions.  The identity is finally re-checked by SymPy.
Nothing from the solver is trusted: the verdict "sum of squares certificate (checked exactly)" rests on exact
arithmetic only.  Strict inequalities are left to the other methods.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel, is_matrix

__all__ = ["METHOD", "SumOfSquares", "find_certificate", "psd_exact"]

METHOD = "sum of squares certificate (checked exactly)"
_MAX_VARS = 5
_MAX_BASIS = 28


def psd_exact(m: list[list[Fraction]]) -> bool:
    """Is the symmetric rational matrix positive semidefinite?  LDL^T in exact fractions (a zero pivot must have a
    zero column below it)."""
    a = [row[:] for row in m]
    n = len(a)
    for k in range(n):
        if a[k][k] < 0:
            return False
        if a[k][k] == 0:
            if any(a[i][k] != 0 for i in range(k + 1, n)):
                return False
            continue
        for i in range(k + 1, n):
            f = a[i][k] / a[k][k]
            if f:
                for j in range(k + 1, n):
                    a[i][j] -= f * a[k][j]
    return True


def _monomials(nvars: int, degree: int) -> list[tuple[int, ...]]:
    out = []
    for d in range(degree + 1):
        for c in itertools.combinations_with_replacement(range(nvars), d):
            e = [0] * nvars
            for i in c:
                e[i] += 1
            out.append(tuple(e))
    return out


def _add(a: tuple, b: tuple) -> tuple:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _poly(e: Any, gens: list) -> dict[tuple, Fraction] | None:
    try:
        p = sp.Poly(sp.expand(e), *gens, domain="QQ")
    except (sp.PolynomialError, sp.CoercionFailed, ValueError):
        return None
    return {m: Fraction(int(c.p), int(c.q)) for m, c in zip(p.monoms(), p.coeffs(), strict=True)}


def _cleared(expr: Any, ctx: Context) -> Any:
    """The numerator of ``expr`` when its denominator is provably > 0 (or < 0: then minus it), else None."""
    from symgd.decide.sign import prove_scalar_nonnegative

    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    if den == 1:
        return num
    try:
        if prove_scalar_nonnegative(den, ctx, strict=True):
            return num
        if prove_scalar_nonnegative(-den, ctx, strict=True):
            return -num
    except Exception:  # no sign: no clearing
        return None
    return None


def _constraints(gens: list, ctx: Context) -> list[Any]:
    """Polynomials g >= 0 that hold under the assumptions and the hypotheses (strict ones weakened)."""
    out = []
    for s in gens:
        if s.is_nonnegative:
            out.append(s)
        elif s.is_nonpositive:
            out.append(-s)
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        if not isinstance(h, (sp.Le, sp.Lt, sp.Ge, sp.Gt)):
            continue
        c = Claim.of(h).normalized()
        g = _cleared(c.rhs - c.lhs, ctx)
        if g is not None and g.free_symbols <= set(gens) and _poly(g, gens) is not None:
            out.append(g)
    return out


def find_certificate(p: Any, gens: list, constraints: list) -> str | None:
    """Search and check a certificate of ``p >= 0`` (a description of it, or None)."""
    try:
        import clarabel
        import numpy as np
        import scipy.sparse as sps
    except ImportError:  # the optional solver is missing: no certificate
        return None
    target = _poly(p, gens)
    if target is None or not target:
        return None
    n = len(gens)
    deg = max(sum(m) for m in target)
    half = (deg + 1) // 2
    gs = [(sp.Integer(1), {tuple([0] * n): Fraction(1)})]
    cons = [(c, _poly(c, gens)) for c in constraints]
    cons = [(c, q) for c, q in cons if q]
    products = [(a * b, _poly(a * b, gens)) for (a, _), (b, _) in itertools.combinations(cons, 2)] if len(cons) <= 6 else []
    for c, q in cons + products:
        if q and max(sum(m) for m in q) <= 2 * half:
            gs.append((c, q))
    blocks = []  # (constraint polynomial, its monomial basis)
    for c, q in gs:
        dg = max(sum(m) for m in q)
        basis = _monomials(n, (2 * half - dg) // 2)
        if len(basis) > _MAX_BASIS:
            return None
        blocks.append((c, q, basis))
    # the linear map from the Gram entries (svec: upper triangle by columns, off-diagonals scaled by sqrt 2)
    rows: dict[tuple, int] = {}
    entries: list[tuple[int, int, float]] = []
    col = 0
    layout = []
    for _, q, basis in blocks:
        k = len(basis)
        layout.append((col, k))
        for j in range(k):
            for i in range(j + 1):
                scale = 1.0 if i == j else 2.0 / np.sqrt(2.0)  # Q_ij + Q_ji = sqrt(2) * svec entry
                for m, coef in q.items():
                    mono = _add(_add(basis[i], basis[j]), m)
                    r = rows.setdefault(mono, len(rows))
                    entries.append((r, col, float(coef) * scale))
                col += 1
    for m in target:
        rows.setdefault(m, len(rows))
    neq = len(rows)
    b_eq = np.zeros(neq)
    for m, coef in target.items():
        b_eq[rows[m]] = float(coef)
    r_idx, c_idx, vals = zip(*entries, strict=True)
    a_eq = sps.csc_matrix((vals, (r_idx, c_idx)), shape=(neq, col))
    a = sps.vstack([a_eq, -sps.identity(col, format="csc")], format="csc")
    b = np.concatenate([b_eq, np.zeros(col)])
    cones = [clarabel.ZeroConeT(neq)] + [clarabel.PSDTriangleConeT(k) for _, k in layout]
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.time_limit = 2.0
    solution = clarabel.DefaultSolver(sps.csc_matrix((col, col)), np.zeros(col), a, b, cones, settings).solve()
    if str(solution.status) not in ("Solved", "AlmostSolved"):
        return None
    x = np.array(solution.x)
    grams = []
    for start, k in layout:
        m = np.zeros((k, k))
        pos = start
        for j in range(k):
            for i in range(j + 1):
                m[i, j] = m[j, i] = x[pos] if i == j else x[pos] / np.sqrt(2.0)
                pos += 1
        grams.append(m)
    for denominator in (1, 2, 4, 8, 12, 24, 60, 120, 840, 10**4, 10**6):
        exact = _exact(target, blocks, grams, denominator)
        if exact and _identity_holds(p, gens, blocks, exact):
            used = sum(1 for q in exact[1:] if any(any(row) for row in q))
            k = len(exact[0])
            return f"{METHOD}: Gram matrix {k}x{k}" + (f" and {used} multipliers of the hypotheses" if used else "")
    return None


def _exact(target: dict, blocks: list, grams: list, denominator: int) -> list | None:
    """Round the multipliers' Gram matrices, project the first one onto the exact identity, check PSD-ness."""
    rounded = []
    for g in grams[1:]:
        k = len(g)
        q = [[Fraction(round(g[i][j] * denominator), denominator) for j in range(k)] for i in range(k)]
        if not psd_exact(q):
            return None
        rounded.append(q)
    remainder = dict(target)
    for (_, poly, basis), q in zip(blocks[1:], rounded, strict=True):
        for i, bi in enumerate(basis):
            for j, bj in enumerate(basis):
                if q[i][j]:
                    for m, coef in poly.items():
                        mono = _add(_add(bi, bj), m)
                        remainder[mono] = remainder.get(mono, Fraction(0)) - q[i][j] * coef
    _, _, basis0 = blocks[0]
    k = len(basis0)
    q0 = [[Fraction(round(grams[0][i][j] * denominator), denominator) for j in range(k)] for i in range(k)]
    pairs: dict[tuple, list] = {}
    for i in range(k):
        for j in range(k):
            pairs.setdefault(_add(basis0[i], basis0[j]), []).append((i, j))
    if any(c != 0 and m not in pairs for m, c in remainder.items()):
        return None
    for mono, where in pairs.items():
        delta = (remainder.get(mono, Fraction(0)) - sum(q0[i][j] for i, j in where)) / len(where)
        for i, j in where:
            q0[i][j] += delta
    if not psd_exact(q0):
        return None
    return [q0, *rounded]


def _identity_holds(p: Any, gens: list, blocks: list, grams: list) -> bool:
    """SymPy's own check that p = sum_k z_k^T Q_k z_k g_k, from the exact matrices."""
    total = sp.S.Zero
    for (g, _, basis), q in zip(blocks, grams, strict=True):
        z = sp.Matrix([sp.Mul(*[v**e for v, e in zip(gens, m, strict=True)]) for m in basis])
        gram = sp.Matrix([[sp.Rational(v.numerator, v.denominator) for v in row] for row in q])
        total += (z.T * gram * z)[0, 0] * g
    return sp.expand(p - total) == 0


def certificate(claim: Claim, ctx: Context) -> str | None:
    """The certificate's description for the scalar (or, in coordinates, vector) claim, or None."""
    from symgd.decide.nra import Refused, _real_arithmetic, in_coordinates

    c = claim.normalized()
    if c.rel is Rel.LE and any(isinstance(e, MatrixExpr) for e in (c.lhs, c.rhs)):
        try:
            scalar, scalar_ctx, note = in_coordinates(c, ctx)
        except Refused:
            return None
        found = certificate(scalar, scalar_ctx)
        return f"{found}, {note}" if found else None
    if c.rel is not Rel.LE or is_matrix(c.lhs) or is_matrix(c.rhs):
        return None

    diff = sp.sympify(c.rhs - c.lhs)
    if not _real_arithmetic(diff) or diff.has(sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign):
        return None
    if any(isinstance(e, sp.Pow) and not e.exp.is_Integer for e in diff.atoms(sp.Pow)):
        return None  # roots: left to real arithmetic
    p = _cleared(diff, ctx)
    if p is None:
        return None
    gens = sorted(p.free_symbols, key=sp.default_sort_key)
    if not gens or len(gens) > _MAX_VARS or any(s.is_real is not True for s in gens):
        return None
    return find_certificate(p, gens, _constraints(gens, ctx))


class SumOfSquares:
    """Polynomial (and rational, denominator of known sign) ``lhs <= rhs``: an SOS certificate checked exactly."""

    name = METHOD

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        if not cited.alone(claim, (Rel.LE,)):
            return False
        from symgd.decide.nra import _real_arithmetic, known_false

        if known_false(claim, ctx):  # z3 (an earlier row) found a point where it fails: no certificate exists
            return False
        sides = (claim.lhs, claim.rhs)
        if any(isinstance(s, MatrixExpr) for s in sides):  # vectors, in coordinates (see nra.in_coordinates)
            return all((isinstance(s, MatrixExpr) and s.shape == (1, 1)) or not is_matrix(s) for s in sides)
        return all(isinstance(s, sp.Expr) and not is_matrix(s) and _real_arithmetic(s) for s in sides)

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return certificate(claim, ctx)
        except Exception:  # a solver or rounding failure is no proof; the later rows still get the claim
            return None
