"""Scalar inequalities by sign certificates: ``lhs <= rhs`` (``<``) when ``rhs - lhs`` has an evident sign.

Evident means: SymPy's assumptions give the sign after ``refine`` with the hypotheses; or the difference factors
into a nonnegative constant times factors of known sign (even powers of real factors are squares); or it expands
into terms of known sign (and, for ``<``, one positive term).  Each hypothesis ``s <= b`` may first be turned into
an exact reparametrization of the region it cuts out (s = b/(1 + w) or s = b - w with a slack w >= 0, w > 0 for
a strict hypothesis), one at a time and all at once when composing them is sound.  A non-real factor is never
squared into a sign.  Strictness is never obtained from a factor that may vanish.

A sample point refutes an inequality when ``rhs - lhs`` is negative there (zero for ``<``): :func:`fails_at`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide.context import Cited, Method, refine, unbound
from symgd.decide.exact import TOL, fmt, numeric

__all__ = ["Sign", "difference", "fails_at", "positive", "prove_scalar_nonnegative"]


def positive(expr: Any, ctx: Context) -> bool:
    """Is the scalar ``expr`` provably > 0 (False when its sign cannot be decided)?"""
    try:
        return expr.is_positive is True or prove_scalar_nonnegative(expr, ctx, strict=True) is not None
    except Exception:  # undecidable sign: not known positive
        return False


def _sign_ok(expr: sp.Expr, strict: bool) -> bool:
    return (expr.is_positive if strict else expr.is_nonnegative) is True


def _factors_ok(expr: sp.Expr, strict: bool) -> bool:
    """Sign by factorization: constant times factors of known sign (even powers are squares)."""
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    for part in (num, den):
        try:
            coeff, factors = sp.factor_list(part)
        except (TypeError, sp.PolynomialError):  # symbolic powers (beta**t): the product's own factors
            coeff, factors = sp.S.One, [(f, 1) for f in sp.Mul.make_args(part)]
        if coeff < 0 if not strict else coeff <= 0:
            return False
        for f, mult in factors:
            if f.is_extended_real is not True:  # an even power of a non-real number is not >= 0
                return False
            if mult % 2 == 0:
                if strict and f.is_nonzero is not True and not _sign_ok(f, True):
                    return False
            elif not (_sign_ok(f, strict) or _sign_ok(f, True)):
                return False
        if strict and coeff == 0:
            return False
    return True


def _terms_ok(expr: sp.Expr, strict: bool) -> bool:
    """A sum whose every term is nonnegative (and, for strict, one term positive)."""
    terms = sp.Add.make_args(sp.expand(expr))
    if not all(_sign_ok(t, False) or _factors_ok(t, False) for t in terms):
        return False
    return not strict or any(_sign_ok(t, True) or _factors_ok(t, True) for t in terms)


def _slack_substitutions(ctx: Context) -> list[tuple[str, dict]]:
    """Exact reparametrizations of the region each hypothesis ``s <= b`` (or ``b >= s``) cuts out.

    With s and b positive, s = b / (1 + w) with w >= 0 covers exactly 0 < s <= b; otherwise
    s = b - w (or s = a + w for ``a <= s``).  Strict hypotheses use w > 0.
    """
    subs = []
    for h in ctx.hypotheses:
        if not isinstance(h, (sp.Le, sp.Lt, sp.Ge, sp.Gt)):
            continue
        strict = isinstance(h, (sp.Lt, sp.Gt))
        small, big = (h.lhs, h.rhs) if isinstance(h, (sp.Le, sp.Lt)) else (h.rhs, h.lhs)
        w = sp.Dummy("w", positive=True) if strict else sp.Dummy("w", nonnegative=True)
        if isinstance(small, sp.Symbol) and small not in big.free_symbols:
            if small.is_positive and big.is_positive:
                subs.append((f"{h} as {small} = ({big})/(1+w)", {small: big / (1 + w)}))
            else:
                subs.append((f"{h} as {small} = {big} - w", {small: big - w}))
        if isinstance(big, sp.Symbol) and big not in small.free_symbols:
            subs.append((f"{h} as {big} = {small} + w", {big: small + w}))
    return subs


def prove_scalar_nonnegative(expr: Any, ctx: Context = Context(), strict: bool = False) -> Method:
    """How the scalar ``expr >= 0`` (``> 0`` when strict) follows from the assumptions, or None.
    An explicit 1 x 1 matrix is its entry; other matrices are not scalars (None)."""
    if isinstance(expr, sp.MatrixBase):
        if expr.shape != (1, 1):
            return None
        expr = expr[0, 0]
    elif isinstance(expr, MatrixExpr):
        return None
    expr = refine(sp.sympify(expr).doit(), ctx)
    if _sign_ok(expr, strict):
        return "sign from the assumptions"
    ctx = unbound(ctx, expr)  # no slack for a bound index
    candidates = [("", expr)]
    for text, sub in _slack_substitutions(ctx):
        candidates.append((f"; hypothesis {text}", sp.together(expr.xreplace(sub))))
    if len(candidates) > 2:  # every hypothesis at once
        both, eliminated = expr, set()
        for _, sub in _slack_substitutions(ctx):
            ((sym, value),) = sub.items()
            # Composing is sound only when each symbol is eliminated once and no later right side brings
            # back an eliminated symbol (it would be a new, unconstrained variable: s <= b gave
            # s = b/(1+w) and then b = s + w, which covers only b/(1+b) < s <= b).
            if sym in eliminated or value.free_symbols & eliminated:
                continue
            both, eliminated = both.xreplace(sub), eliminated | {sym}
        candidates.append(("; all hypotheses as slacks", sp.together(both)))
    for note, cand in candidates:
        if _sign_ok(cand, strict):
            return "sign from the assumptions" + note
        if _factors_ok(cand, strict):
            return "factors of known sign" + note
        if _terms_ok(cand, strict):
            return "sum of terms of known sign" + note
    return None


def difference(claim: Claim) -> Any:
    """``rhs - lhs`` of an inequality; a scalar side compared with a 1 x 1 matrix expression becomes that scalar
    times I(1) (x^T x >= 0)."""
    lhs, rhs = claim.lhs, claim.rhs
    for mat, other in ((lhs, rhs), (rhs, lhs)):
        if isinstance(mat, MatrixExpr) and mat.shape == (1, 1) and not is_matrix(other):
            other = other * sp.Identity(1)
            lhs, rhs = (mat, other) if mat is lhs else (other, mat)
            break
    return rhs - lhs


class Sign:
    """``lhs <= rhs`` (``<``) between scalars (or explicit 1 x 1 matrices) by a sign certificate of the difference."""

    name = "sign certificate"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        if not cited.alone(claim, (Rel.LE, Rel.LT)):
            return False
        diff = difference(claim)
        return isinstance(diff, sp.MatrixBase) or not isinstance(diff, MatrixExpr)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        return prove_scalar_nonnegative(difference(claim), ctx, claim.rel is Rel.LT)


def fails_at(claim: Claim, apply: Callable[[Any], Any]) -> str | None:
    """Why the inequality (scalars or 1 x 1 matrices) is false at the sample point, or None."""
    lhs, rhs = apply(claim.lhs), apply(claim.rhs)
    lhs, rhs = (v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v for v in (lhs, rhs))
    if is_matrix(lhs) or is_matrix(rhs):  # an inequality between matrices (not 1 x 1) is not sampled
        return None
    gap = numeric(sp.sympify(rhs - lhs))
    if gap is None:
        return None
    fails = (gap < 0 and (gap.is_Rational or abs(gap) > TOL)) or (claim.rel is Rel.LT and gap == 0)
    return f"{fmt(lhs)} {claim.rel.value} {fmt(rhs)} is false" if fails else None
