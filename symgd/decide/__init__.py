"""Deciding claims: exact proofs, refutation by exact sampling, and undecided otherwise.

The soundness rule: a claim is *proved* only by exact reasoning — an expression ladder that
reduces ``lhs - rhs`` to zero, Taylor coefficients that vanish identically, a premise
instantiated exactly, or a sign certificate checked factor by factor.  Sampling can only
*refute*, and a refutation is reported only when the counterexample satisfies every assumption
and the two sides really differ there (exactly, or by far more than the evaluation error).
Everything runs under a time budget (:func:`symgd.core.budget.run_with_budget`).

Conventions (see tests/test_soundness_engine.py): an identity holds where both sides are defined
((x^2-1)/(x-1) = x+1 is proved), but ``x := v`` must make no denominator of the equation vanish;
``O(var**k)`` is proved from Taylor coefficients only for functions smooth at 0 (undefined functions
count as smooth); a matrix identity in a symbolic size n is proved in coordinates only as a matrix
polynomial of degree d checked for n = d + 1; floats are never proved; a step citing a premise about
other objects is never refuted by a random sample of them (the sample may violate the premise).
Matrix symbols stand for real matrices: an inequality between 1 x 1 matrix expressions is proved as a sum
of nonnegative coefficients times Gram forms M^T M or M^T P M (P declared positive definite) plus a scalar
part, and is strict only through the scalar part (x^T x > 0 fails at x = 0).  Sizes are sampled in 1..5,
independently for different size symbols.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.budget import DEFAULT_TIMEOUT, BudgetExceeded, run_with_budget
from symgd.core.claims import Claim, Context, Premise, Rel, is_matrix
from symgd.core.subs import guard, replace_functions
from symgd.core.verdict import Status, Verdict

__all__ = ["decide", "is_zero", "prove_nonnegative", "refute"]

Method = str | None

# --------------------------------------------------------------------------- equality ladder

_RUNGS: list[tuple[str, Callable[[sp.Expr], sp.Expr]]] = [
    ("expand", lambda e: sp.expand(e)),
    ("cancel", lambda e: sp.cancel(sp.together(e))),
    ("expand powers and logs", lambda e: sp.cancel(sp.expand(e, power_base=True, power_exp=True, log=True))),
    ("simplify", sp.simplify),
    ("rewrite in exp, simplify", lambda e: sp.simplify(e.rewrite(sp.exp))),
]


def _unbound(ctx: Context, expr: Any) -> Context:
    """The hypotheses that mention no variable bound in ``expr``: ``k <= 0`` says nothing about the index
    of ``Sum(f(k), (k, m, n))`` (refine descends into sums and would use it there)."""
    if not ctx.hypotheses or not isinstance(expr, sp.Basic):
        return ctx
    bound: set = set()
    for a in expr.atoms(sp.Sum, sp.Product, sp.Integral, sp.Subs, sp.Lambda):
        bound |= set(a.variables)
    if not bound:
        return ctx
    kept = tuple(h for h in ctx.hypotheses if not sp.sympify(h).free_symbols & bound)
    return Context(kept, ctx.symmetric, ctx.positive_definite)


def _refine(expr: Any, ctx: Context) -> Any:
    """Resolve Piecewise conditions and signs with the hypotheses (sound: refine only uses them)."""
    ctx = _unbound(ctx, expr)
    if not ctx.hypotheses or not isinstance(expr, sp.Basic) or is_matrix(expr):
        return expr
    try:
        return sp.refine(expr, sp.And(*ctx.hypotheses))
    except Exception:  # refine is best effort; the unrefined expression is still correct
        return expr


def _combined_integrand(expr: sp.Expr) -> sp.Expr | None:
    """``sum c_k Integral(f_k, L)`` over the same limits L, with no c_k depending on the integration
    variables, as the single integrand ``sum c_k f_k`` (linearity of the integral); else None.
    Integrands of undefined functions then never reach ``integrate``, which can hang on them."""
    terms = sp.Add.make_args(sp.expand_mul(expr.doit(integrals=False)))
    limits, integrand = None, sp.Integer(0)
    for term in terms:
        factors = sp.Mul.make_args(term)
        integrals = [f for f in factors if isinstance(f, sp.Integral)]
        if len(integrals) != 1:
            return None
        (integral,) = integrals
        coeff = sp.Mul(*[f for f in factors if f is not integral])
        limits = integral.limits if limits is None else limits
        if integral.limits != limits or coeff.free_symbols & set(integral.variables):
            return None
        integrand += coeff * integral.function
    return integrand


def _scalar_zero(expr: sp.Expr, ctx: Context, rungs: list = _RUNGS) -> Method:
    if expr == 0:
        return "identical"
    if expr.has(sp.Integral):  # a linear combination of integrals is zero if its integrand is (pointwise)
        integrand = _combined_integrand(expr)
        if integrand is not None and not integrand.has(sp.Integral):
            # the integration variables are bound: a hypothesis on a free symbol of the same name says nothing
            bound = set().union(*(i.variables for i in expr.atoms(sp.Integral)))
            free_ctx = Context(tuple(h for h in ctx.hypotheses if not sp.sympify(h).free_symbols & bound),
                               ctx.symmetric, ctx.positive_definite)
            method = _scalar_zero(integrand, free_ctx, _RUNGS[:3])  # cheap rungs: the integral may be nonzero anyway
            if method:
                return f"linearity of the integral, integrand: {method}"
    expr = expr.doit()
    if expr == 0:
        return "evaluate (doit)"
    expr = _refine(expr, ctx)
    if expr == 0:
        return "refine with the hypotheses"
    for name, rung in rungs:
        try:
            reduced = rung(expr)
        except Exception:
            continue
        if reduced == 0 or reduced.is_zero is True:
            return name
        reduced = _refine(reduced, ctx)
        if reduced == 0:
            return f"{name}, refine with the hypotheses"
    return None


def _symmetric_entries(m: sp.MatrixSymbol, rows: int) -> sp.ImmutableMatrix:
    """An explicit symmetric matrix of entry symbols standing for a declared-symmetric ``m``."""
    name = m.name
    return sp.ImmutableMatrix(rows, rows, lambda i, j: sp.Symbol(f"{name}[{min(i, j)},{max(i, j)}]"))


def _coordinates(expr: MatrixExpr, ctx: Context, dims: Iterable[int] = (1, 2, 3)) -> list[tuple[int, sp.MatrixBase]]:
    """Explicit versions of a matrix expression for each size its symbolic dimensions can take;
    matrices declared symmetric become explicit symmetric matrices."""
    shape_syms = set()
    for m in expr.atoms(sp.MatrixSymbol):
        for s in m.shape:
            shape_syms |= sp.sympify(s).free_symbols
    out = []
    for n in dims if shape_syms else (0,):
        e = expr.xreplace({s: n for s in shape_syms})
        sym = {m: _symmetric_entries(m, m.shape[0]) for m in e.atoms(sp.MatrixSymbol)
               if _declared_symmetric(m, ctx, shape_syms, n)}
        out.append((n, e.xreplace(sym).doit().as_explicit()))
    return out


def _declared_symmetric(m: sp.MatrixSymbol, ctx: Context, shape_syms: set, n: int) -> bool:
    """Is ``m`` (possibly with its dimension already replaced by ``n``) declared symmetric?"""
    for s in ctx.symmetric:
        if s == m or (s.name == m.name and s.xreplace({v: n for v in shape_syms}) == m):
            return True
    return False


def _use_symmetry(expr: Any, ctx: Context) -> Any:
    """Replace the transpose of a matrix declared symmetric by the matrix itself."""
    if not ctx.symmetric or not isinstance(expr, sp.Basic):
        return expr
    return expr.replace(lambda a: isinstance(a, sp.Transpose) and a.arg in ctx.symmetric, lambda a: a.arg)


def _nc_degree(expr: Any, n: sp.Symbol) -> int | None:
    """The degree of a matrix polynomial in matrix symbols of sizes n or 1 (sums, products, transposes,
    nonnegative integer powers, coefficients free of n), or None outside that class.

    Why it matters: such a polynomial of degree d that vanishes for n = d + 1 vanishes for every n
    (evaluate a monomial at matrix units along a path of d + 1 distinct indices: only monomials that
    are equal as polynomials survive).  Below that size it need not: with n <= 3 the coordinates
    prove ``(n - 1)(n - 2)(n - 3) A = 0`` and identities that fail for 4 x 4 matrices.
    """
    if isinstance(expr, sp.MatrixSymbol):
        return 1 if all(d in (n, 1) for d in expr.shape) else None
    if isinstance(expr, (sp.Identity, sp.ZeroMatrix)):
        return 0 if all(d in (n, 1) for d in expr.shape) else None
    if isinstance(expr, sp.Transpose):
        return _nc_degree(expr.arg, n)
    if isinstance(expr, sp.MatPow):
        d = _nc_degree(expr.base, n)
        return d * int(expr.exp) if d is not None and expr.exp.is_Integer and expr.exp >= 0 else None
    if isinstance(expr, (sp.MatAdd, sp.MatMul)):
        degrees = []
        for a in expr.args:
            if isinstance(a, MatrixExpr):
                degrees.append(_nc_degree(a, n))
            elif n in a.free_symbols or a.has(sp.MatrixSymbol, MatrixExpr):
                return None
        if None in degrees or not degrees:
            return None
        return max(degrees) if isinstance(expr, sp.MatAdd) else sum(degrees)  # type: ignore[arg-type]
    return None


def is_zero(expr: Any, ctx: Context = Context()) -> Method:
    """The name of the rung that reduced ``expr`` to zero exactly, or None.

    Scalars go down the ladder; explicit matrices entry by entry; matrix expressions first
    dimension-free (matrix algebra), then in coordinates: for a symbolic size n only when the
    expression is a matrix polynomial of degree d, in dimension d + 1 (see :func:`_nc_degree`).
    """
    if isinstance(expr, sp.MatrixBase):
        methods = []
        for entry in expr:
            m = _scalar_zero(sp.sympify(entry), ctx)
            if m is None:
                return None
            methods.append(m)
        worst = max(methods, key=lambda m: [n for n, _ in _RUNGS].index(m) if m in dict(_RUNGS) else -1)
        return f"entrywise {worst}" if methods else "identical"
    if isinstance(expr, MatrixExpr):
        expr = _use_symmetry(expr, ctx)
        for name, fn in (("matrix algebra", lambda e: e.doit()), ("matrix algebra, expand", lambda e: e.doit().expand())):
            try:
                reduced = _use_symmetry(fn(expr), ctx)  # doit() can bring H.T back
                reduced = _use_symmetry(reduced.doit(), ctx) if not isinstance(reduced, sp.ZeroMatrix) else reduced
            except Exception:
                continue
            if isinstance(reduced, sp.ZeroMatrix) or reduced == sp.ZeroMatrix(*expr.shape):
                return name
        shape_syms = {s for m in expr.atoms(sp.MatrixSymbol) for d in m.shape for s in sp.sympify(d).free_symbols}
        dims: tuple[int, ...] = (0,)
        if shape_syms:  # coordinates in a few dimensions prove a claim for every n only by a degree bound
            degree = _nc_degree(expr, *shape_syms) if len(shape_syms) == 1 else None
            if degree is None:
                return None
            dims = (degree + 1,)
        try:
            versions = _coordinates(expr, ctx, dims)
        except Exception:
            return None
        for _, explicit in versions:
            if is_zero(explicit, ctx) is None:
                return None
        if not shape_syms:
            return "in coordinates"
        return (f"in coordinates for dimension {dims[0]} (a matrix polynomial of degree {dims[0] - 1} that "
                f"vanishes in dimension {dims[0]} vanishes in every dimension)")
    return _scalar_zero(sp.sympify(expr), ctx)


def _taylor_coefficients(expr: Any, var: sp.Symbol, k: int) -> list[Any]:
    """The Taylor coefficients of order 0..k-1 of ``expr`` in ``var`` at 0 (entrywise)."""
    if isinstance(expr, MatrixExpr):
        expr = expr.as_explicit()
    if isinstance(expr, sp.MatrixBase):
        per_entry = [_taylor_coefficients(e, var, k) for e in expr]
        return [sp.Matrix(expr.rows, expr.cols, [c[j] for c in per_entry]) for j in range(k)]
    coeffs = []
    d = sp.sympify(expr).doit()
    for j in range(k):
        c = d.subs(var, 0)
        if c.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            c = sp.limit(d, var, 0)
        coeffs.append(c / sp.factorial(j))
        d = sp.diff(d, var)
    return coeffs


def _strip_order(expr: Any) -> Any:
    return expr.removeO() if isinstance(expr, sp.Expr) else expr


def _orders_fine(claim: Claim) -> bool:
    """Can ``O(.)`` terms written in the sides be dropped for ``lhs = rhs + O(var**k)``?  Only when each
    is ``O(var**j)`` at 0 with j >= k (``1 + O(eta) = 1 + O(eta**2)`` is not a claim one can prove)."""
    var, k = claim.order  # type: ignore[misc]
    if not (isinstance(k, (int, sp.Integer)) and k >= 1 and isinstance(var, sp.Symbol)):  # O(1) needs boundedness, not coefficients
        return False
    for side in (claim.lhs, claim.rhs):
        for o in side.atoms(sp.Order) if isinstance(side, sp.Basic) else ():
            base, j = o.expr.as_base_exp()
            if o.variables != (var,) or any(p != 0 for p in o.point) or base != var or not j.is_Integer or j < k:
                return False
    return True


_ENTIRE = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh)


def _smooth_everywhere(expr: Any) -> bool:
    """Built from polynomials, exp/sin/cos/sinh/cosh and undefined (smooth) functions only."""
    if expr.is_Symbol or expr.is_Number:
        return True
    if isinstance(expr, sp.Pow):
        return expr.exp.is_Integer and expr.exp >= 0 and _smooth_everywhere(expr.base)
    if isinstance(expr, (sp.Add, sp.Mul, *_ENTIRE, AppliedUndef)):
        return all(_smooth_everywhere(a) for a in expr.args)
    if isinstance(expr, sp.Derivative):
        return _smooth_everywhere(expr.expr)
    return False


def _smooth_at_zero(expr: Any, var: sp.Symbol, ctx: Context) -> bool:
    """Is ``expr`` infinitely differentiable in ``var`` near ``var = 0`` (whatever the other symbols)?

    Vanishing Taylor coefficients prove ``O(var**k)`` only for such functions: ``sqrt(eta)``,
    ``eta*log(eta)``, ``exp(-1/eta)`` or ``eta*Abs(eta)`` have every computed coefficient zero
    up to some order and are not O of it.  Undefined functions stand for smooth functions.
    """
    if isinstance(expr, sp.MatrixBase):
        return all(_smooth_at_zero(e, var, ctx) for e in expr)
    if var not in expr.free_symbols or expr.is_Symbol or expr.is_Number:
        return True
    if isinstance(expr, (sp.Add, sp.Mul, *_ENTIRE, AppliedUndef)):
        return all(_smooth_at_zero(a, var, ctx) for a in expr.args)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        if not (_smooth_at_zero(base, var, ctx) and _smooth_at_zero(exp, var, ctx)):
            return False
        if exp.is_Integer and exp >= 0:
            return True
        b0 = base.subs(var, 0)
        if exp.is_Integer:  # 1/b: b must not vanish at 0
            return b0.is_zero is False or _positive(b0, ctx) or _positive(-b0, ctx)
        return _positive(b0, ctx)
    if isinstance(expr, sp.log):
        return _smooth_at_zero(expr.args[0], var, ctx) and _positive(expr.args[0].subs(var, 0), ctx)
    if isinstance(expr, sp.Derivative):
        return all(isinstance(v, sp.Symbol) for v in expr.variables) and _smooth_at_zero(expr.expr, var, ctx)
    if isinstance(expr, sp.Subs):
        return _smooth_everywhere(expr.expr) and all(_smooth_at_zero(p, var, ctx) for p in expr.point)
    return False


def _smooth_entries(diff: Any, var: sp.Symbol, ctx: Context) -> bool:
    explicit = diff.as_explicit() if isinstance(diff, MatrixExpr) else diff
    entries = list(explicit) if isinstance(explicit, sp.MatrixBase) else [explicit]
    return all(_smooth_at_zero(sp.sympify(e).doit(), var, ctx) for e in entries)


def _positive(expr: Any, ctx: Context) -> bool:
    try:
        return expr.is_positive is True or prove_nonnegative(expr, ctx, strict=True) is not None
    except Exception:  # undecidable sign: not known positive
        return False


# --------------------------------------------------------------------------- inequalities


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


def prove_nonnegative(expr: Any, ctx: Context = Context(), strict: bool = False) -> Method:
    """How ``expr >= 0`` (``> 0`` when strict) follows from the assumptions, or None.

    A 1 x 1 matrix expression goes to :func:`_nonnegative_form` (Gram forms), an explicit 1 x 1 matrix
    is its entry."""
    if isinstance(expr, sp.MatrixBase):
        if expr.shape != (1, 1):
            return None
        expr = expr[0, 0]
    elif isinstance(expr, MatrixExpr):
        return _nonnegative_form(expr, ctx, strict) if expr.shape == (1, 1) else None
    expr = _refine(sp.sympify(expr).doit(), ctx)
    if _sign_ok(expr, strict):
        return "sign from the assumptions"
    ctx = _unbound(ctx, expr)  # no slack for a bound index
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


# --------------------------------------------------------------------------- 1 x 1 matrix inequalities


def _factorize(term: Any) -> tuple[Any, list] | None:
    """A summand of a matrix expression as a scalar coefficient times a list of matrix factors (positive
    integer powers spelled out, P**2 as P, P; identities dropped), or None for anything else."""
    if isinstance(term, sp.MatMul):
        coeff, factors = sp.S.One, []
        for a in term.args:
            if isinstance(a, MatrixExpr):
                sub = _factorize(a)
                if sub is None:
                    return None
                coeff, factors = coeff * sub[0], factors + sub[1]
            else:
                coeff *= a
        return coeff, factors
    if isinstance(term, sp.MatPow) and not isinstance(term, sp.Inverse) and term.exp.is_Integer and term.exp > 0:
        sub = _factorize(term.base)
        return None if sub is None else (sub[0] ** term.exp, sub[1] * int(term.exp))
    if isinstance(term, sp.Identity):
        return sp.S.One, []
    if isinstance(term, MatrixExpr):
        return sp.S.One, [term]
    return None


def _transposed(m: MatrixExpr, ctx: Context) -> MatrixExpr:
    return _use_symmetry(sp.Transpose(m).doit(), ctx)


def _mirror(factors: list, ctx: Context) -> tuple[Any, list] | None:
    """The same 1 x 1 product written as its own transpose, f_k^T ... f_1^T, refactorized."""
    return _factorize(sp.MatMul(*[_transposed(f, ctx) for f in reversed(factors)]))


def _real_matrix(m: Any) -> bool:
    """Built from matrix symbols (real matrices) with real scalar coefficients only: ``(x - z y)^T (x - z y)``
    is not >= 0 for a complex z."""
    if isinstance(m, (sp.MatrixSymbol, sp.Identity, sp.ZeroMatrix)):
        return True
    if isinstance(m, sp.Transpose):
        return _real_matrix(m.arg)
    if isinstance(m, sp.MatPow):  # Inverse included
        return m.exp.is_Integer is True and _real_matrix(m.base)
    if isinstance(m, (sp.MatAdd, sp.MatMul)):
        return all(_real_matrix(a) if isinstance(a, MatrixExpr) else sp.sympify(a).is_extended_real is True
                   for a in m.args)
    return False


def _positive_definite(m: Any, ctx: Context) -> bool:
    """Provably symmetric positive definite: I, a declared positive-definite symbol, their transposes,
    integer powers and inverses, sums, positive multiples."""
    if isinstance(m, sp.Identity):
        return True
    if isinstance(m, sp.MatrixSymbol):
        return m in ctx.positive_definite
    if isinstance(m, sp.Transpose):
        return _positive_definite(m.arg, ctx)
    if isinstance(m, sp.MatPow):  # P^k and P^-1 of a symmetric positive definite P
        return m.exp.is_Integer is True and _positive_definite(m.base, ctx)
    if isinstance(m, sp.MatAdd):
        return all(_positive_definite(a, ctx) for a in m.args)
    if isinstance(m, sp.MatMul):
        mats = [a for a in m.args if isinstance(a, MatrixExpr)]
        coeff = sp.Mul(*[a for a in m.args if not isinstance(a, MatrixExpr)])
        return len(mats) == 1 and _positive_definite(mats[0], ctx) and prove_nonnegative(coeff, ctx, True) is not None
    return False


def _semidefinite(m: Any, ctx: Context) -> bool:
    """Provably symmetric positive semidefinite (positive definite, or sums and nonnegative multiples)."""
    if _positive_definite(m, ctx):
        return True
    if isinstance(m, sp.MatAdd):
        return all(_semidefinite(a, ctx) for a in m.args)
    if isinstance(m, sp.MatMul):
        mats = [a for a in m.args if isinstance(a, MatrixExpr)]
        coeff = sp.Mul(*[a for a in m.args if not isinstance(a, MatrixExpr)])
        return len(mats) == 1 and _semidefinite(mats[0], ctx) and prove_nonnegative(coeff, ctx) is not None
    return False


def _palindrome(factors: list, ctx: Context) -> str | None:
    """``f_1 ... f_k`` (a 1 x 1 product) equal, factor by factor, to ``f_k^T ... f_1^T``: then it is
    M M^T with M = f_1 ... f_{k/2}, or M Q M^T with a positive semidefinite middle factor Q; >= 0 either way."""
    k = len(factors)
    if k == 0 or not all(_real_matrix(f) for f in factors):
        return None
    for i in range(k // 2):
        if factors[i] != _transposed(factors[k - 1 - i], ctx):
            return None
    if k % 2 == 0:
        return "M^T M"
    return "M^T P M, P positive (semi)definite" if _semidefinite(factors[k // 2], ctx) else None


def _piece_key(piece: list, ctx: Context) -> tuple:
    """A 1 x 1 product up to transposition (x^T y and y^T x are the same real number)."""
    mirror = _mirror(piece, ctx)
    if mirror is None or mirror[0] != 1:
        return tuple(piece)
    return min(tuple(piece), tuple(mirror[1]), key=lambda t: sp.default_sort_key(sp.Tuple(*t)))


def _gram(factors: list, ctx: Context) -> str | None:
    """A description when the 1 x 1 product of ``factors`` is provably >= 0: a Gram form, or a product
    of consecutive 1 x 1 pieces that are Gram forms or real numbers occurring an even number of times
    ((x^T x)(y^T P y), (x^T y)(x^T y))."""
    whole = _palindrome(factors, ctx)
    if whole:
        return whole
    pieces, start = [], 0
    for j, f in enumerate(factors):
        if f.shape[1] == 1:  # the product up to here is 1 x 1 (every piece starts with one row)
            pieces.append(factors[start:j + 1])
            start = j + 1
    if len(pieces) < 2 or start != len(factors) or any(p[0].shape[0] != 1 for p in pieces):
        return None
    kinds, others = [], []
    for p in pieces:
        kind = _palindrome(p, ctx)
        if kind:
            kinds.append(kind)
        elif all(_real_matrix(f) for f in p):
            others.append(_piece_key(p, ctx))
        else:
            return None
    if any(others.count(k) % 2 for k in others):  # (x^T y)^3 may be negative
        return None
    return "product of " + " and ".join(kinds + (["squares of 1x1 products"] if others else []))


def _form_terms(expr: MatrixExpr, ctx: Context, strict: bool) -> Method:
    """``sum_j c_j F_j + s I`` >= 0 when every Gram product F_j has a coefficient c_j >= 0 and the scalar
    part s >= 0 (> 0 for strict: a Gram form can be 0, x^T x at x = 0).  Terms with the same product (or
    its transpose: a 1 x 1 matrix is its own transpose) are collected first."""
    groups: dict[tuple, Any] = {}
    for term in sp.MatAdd.make_args(expr):
        if isinstance(term, sp.ZeroMatrix):
            continue
        split = _factorize(term)
        if split is None:
            return None
        coeff, factors = split
        mirror = _mirror(factors, ctx) if factors else None
        if mirror is not None and sp.default_sort_key(sp.Tuple(*mirror[1])) < sp.default_sort_key(sp.Tuple(*factors)):
            coeff, factors = coeff * mirror[0], mirror[1]
        key = tuple(factors)
        groups[key] = groups.get(key, sp.S.Zero) + coeff
    scalar = groups.pop((), sp.S.Zero)
    kinds: list[str] = []
    for factors, coeff in groups.items():
        if sp.expand(coeff) == 0:
            continue
        kind = _gram(list(factors), ctx)
        if kind is None or prove_nonnegative(coeff, ctx) is None:
            return None
        kinds.append(kind)
    scalar_method = None
    if strict or sp.expand(scalar) != 0:
        scalar_method = prove_nonnegative(scalar, ctx, strict)
        if scalar_method is None:
            return None
    text = "1x1 matrix form"
    if kinds:
        text += f": nonnegative coefficients times Gram forms ({', '.join(sorted(set(kinds)))})"
    if scalar_method:
        text += f"; scalar part {'> 0' if strict else '>= 0'} ({scalar_method})"
    return text


def _nonnegative_form(expr: MatrixExpr, ctx: Context, strict: bool) -> Method:
    """Sign of a 1 x 1 matrix expression (matrix symbols are real matrices of any size): term by term,
    first the top-level terms as written ((x - y)^T (x - y) is a Gram form), then expanded."""
    expr = _use_symmetry(expr, ctx)
    seen: list = []
    for note, step in (("", lambda e: e), ("", lambda e: e.doit()), (", expanded", lambda e: e.doit().expand())):
        try:
            cand = _use_symmetry(step(expr), ctx)
            if any(cand == s for s in seen):
                continue
            seen.append(cand)
            method = _form_terms(cand, ctx, strict)
        except Exception:  # an expression SymPy cannot rewrite or transpose: the other forms may still do
            continue
        if method:
            return method + note
    return None


# --------------------------------------------------------------------------- proving


def _materialize(expr: Any) -> Any:
    """Evaluate a top-level derivative of a matrix expression with matrix calculus (SymPy's
    ``Derivative.doit`` cannot, ``MatrixExpr.diff`` can)."""
    if isinstance(expr, sp.Derivative) and isinstance(expr.expr, MatrixExpr):
        out = expr.expr
        for var, count in expr.variable_count:
            for _ in range(count):
                out = out.diff(var)
        return out
    return expr


def _materialized(claim: Claim) -> Claim:
    lhs, rhs = _materialize(claim.lhs), _materialize(claim.rhs)
    if lhs is claim.lhs and rhs is claim.rhs:
        return claim
    return Claim(lhs, claim.rel, rhs, claim.order, claim.equation)


def _prove(claim: Claim, ctx: Context, premise: Premise | None, instance: Mapping | None, certificate: Any) -> Method:
    claim = _materialized(claim)
    if premise is None:  # SymPy's equality of Subs is unsound: evaluate or obscure them before comparing
        table: dict = {}
        claim = Claim(guard(claim.lhs, table), claim.rel, guard(claim.rhs, table), claim.order,
                      guard(claim.equation, table) if claim.equation is not None else None)
    claim = claim.normalized()
    if any(isinstance(e, sp.Basic) and e.has(sp.Float) for e in (claim.lhs, claim.rhs, claim.equation, certificate)):
        return None  # floats are rounded (x + 1e-20*x == 1.0*x): exact proofs need Rationals
    if any(_differentiates_a_kink(e) for e in (claim.lhs, claim.rhs, claim.equation, certificate)):
        return None
    if premise is not None:  # a cited premise must carry the step by itself
        return _prove_by_premise(claim, ctx, premise, instance or {})
    if claim.rel is Rel.EQ:
        return is_zero(claim.lhs - claim.rhs, ctx)
    if claim.rel is Rel.APPROX:
        var, k = claim.order  # type: ignore[misc]
        diff = _strip_order(claim.lhs) - _strip_order(claim.rhs)
        if not _orders_fine(claim):
            return None
        if not _smooth_entries(diff, var, ctx):  # removable singularities: 1/eta - 1/(eta (1 + eta))
            diff = sp.cancel(sp.together(diff)) if not is_matrix(diff) else diff
            if not _smooth_entries(diff, var, ctx):
                return None
        for c in _taylor_coefficients(diff, var, k):
            if is_zero(c, ctx) is None:
                return None
        return f"Taylor coefficients of {var}^0..{var}^{k - 1} vanish"
    if claim.rel is Rel.SOLVES:
        eq = claim.equation
        if not _unknown(claim.lhs) or not _defined_at(eq.lhs - eq.rhs, {claim.lhs: claim.rhs}, ctx):  # type: ignore[union-attr]
            return None
        if _contradicts(claim.lhs, claim.rhs, ctx):  # "x := -1" for a positive x, or against a hypothesis
            return None
        residual = (eq.lhs - eq.rhs).xreplace({claim.lhs: claim.rhs})  # type: ignore[union-attr]
        m = is_zero(residual, ctx)
        return f"substitution into the equation ({m})" if m else None
    strict = claim.rel is Rel.LT
    lhs, rhs = _one_by_one(claim.lhs, claim.rhs)
    diff = rhs - lhs
    if certificate is not None:
        m = is_zero(diff - certificate, ctx)
        if m is None:
            return None
        s = prove_nonnegative(certificate, ctx, strict)
        return f"certificate: difference equals it ({m}), {s}" if s else None
    return prove_nonnegative(diff, ctx, strict)


def _one_by_one(lhs: Any, rhs: Any) -> tuple[Any, Any]:
    """A scalar side compared with a 1 x 1 matrix expression becomes that scalar times I(1) (x^T x >= 0)."""
    for mat, other in ((lhs, rhs), (rhs, lhs)):
        if isinstance(mat, MatrixExpr) and mat.shape == (1, 1) and not is_matrix(other):
            other = other * sp.Identity(1)
            return (mat, other) if mat is lhs else (other, mat)
    return lhs, rhs


def _unknown(lhs: Any) -> bool:
    return isinstance(lhs, (sp.Symbol, sp.MatrixSymbol, AppliedUndef))


def _contradicts(unknown: Any, value: Any, ctx: Context) -> bool:
    """Does the value provably break an assumption of the unknown or a hypothesis?"""
    if isinstance(unknown, sp.Symbol) and isinstance(value, sp.Expr) and not is_matrix(value):
        if any(getattr(value, f"is_{key}") is False for key in _SIGNS if getattr(unknown, f"is_{key}") is True):
            return True
    return any(sp.sympify(h).xreplace({unknown: value}) is sp.false for h in ctx.hypotheses)


def _defined_at(expr: Any, sub: dict, ctx: Context) -> bool:
    """Is no denominator of the scalar ``expr`` zero at ``sub``?  ``x := 1`` does not solve
    ``(x**2 - 1)/(x - 1) = 2``: the residual cancels to zero only after dividing by zero."""
    if is_matrix(expr):
        return True  # matrix equations: inverses are assumed to exist, as in the solution itself
    for p in sp.sympify(expr).atoms(sp.Pow):
        if p.exp.is_negative:
            den = p.base.xreplace(sub)
            if not (den.is_zero is False or _positive(den, ctx) or _positive(-den, ctx)):
                return False
    return True


_KINKS = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.re,
          sp.im, sp.arg, sp.conjugate)


def _differentiates_a_kink(expr: Any) -> bool:
    """Does ``expr`` differentiate a function with kinks?  SymPy's d/dx |x| = sign(x) and d/dx max(x, 0) =
    Heaviside(x) evaluate at the kink to 0 and 1/2, 'proving' derivatives that do not exist."""
    return isinstance(expr, sp.Basic) and any(d.expr.has(*_KINKS) for d in expr.atoms(sp.Derivative))


def _rewrite_by_premise(claim: Claim, ctx: Context, premise: Premise) -> Method:
    """Rewrite every match of an equality premise (its variables as wildcards) in the left side."""
    wilds = {v: sp.Wild(f"w_{i}", properties=[lambda e, v=v: _fits(v, e)])  # a positive u matches positives only
             for i, v in enumerate(premise.variables) if isinstance(v, sp.Symbol)}
    pattern = premise.statement.lhs.xreplace(wilds)
    template = premise.statement.rhs.xreplace(wilds)
    rewritten = claim.lhs.replace(pattern, template)
    if rewritten == claim.lhs:
        return None
    m = is_zero(rewritten - claim.rhs, ctx)
    return f"rewrite with premise '{premise.name}' ({m})" if m else None


_SIGNS = ("positive", "nonnegative", "negative", "nonpositive", "nonzero", "zero", "integer", "rational", "even", "odd",
          "prime", "composite", "noninteger", "irrational", "imaginary")


def _fits(var: Any, value: Any) -> bool:
    """May ``value`` stand for the premise variable ``var``?  It must provably have the sign and
    integrality assumptions of ``var`` (a premise about positive u says nothing about u = -1), and
    must not be known non-real when ``var`` is real."""
    if not isinstance(var, sp.Symbol):
        return True  # matrix symbols and functions carry no assumptions here
    if not isinstance(value, sp.Expr) or is_matrix(value):
        return False
    if var.is_extended_real and value.is_extended_real is False:
        return False
    return all(getattr(value, f"is_{key}") is True for key in _SIGNS if getattr(var, f"is_{key}") is True)


def _prove_by_premise(claim: Claim, ctx: Context, premise: Premise, instance: Mapping) -> Method:
    if not instance and premise.statement.rel is Rel.EQ and claim.rel is Rel.EQ and not premise.requires:
        return _rewrite_by_premise(claim, ctx, premise)
    if any(var not in premise.variables or not _fits(var, value) for var, value in instance.items()):
        return None  # only the premise's variables are universally quantified, each over its own assumptions
    inst, requires = premise.instantiate(instance)
    inst = inst.normalized()
    if inst.rel is Rel.SOLVES:
        return None
    if inst.rel is Rel.APPROX:  # O(u**k) gives O(u**j) for j <= k, in the same variable, and nothing exact
        (var, k), ours = inst.order, claim.order  # type: ignore[misc]
        if claim.rel is not Rel.APPROX or var in instance or ours[0] != var or ours[1] > k:  # type: ignore[index]
            return None
    if inst.rel is Rel.LT and claim.rel not in (Rel.LT, Rel.LE):
        return None
    if inst.rel is Rel.LE and claim.rel is not Rel.LE:
        return None
    if inst.rel in (Rel.EQ,) and claim.rel is not Rel.EQ:
        return None
    sides = [(inst.lhs, inst.rhs)] + ([(inst.rhs, inst.lhs)] if inst.rel is Rel.EQ else [])  # = reads both ways
    if not any(all(is_zero(a - b, ctx) is not None for a, b in ((lhs, claim.lhs), (rhs, claim.rhs)))
               for lhs, rhs in sides):
        return None
    for req in requires:
        if req is sp.true:
            continue
        if req is sp.false:
            return None
        r = Claim.of(req).normalized()
        if r.rel is Rel.EQ:
            ok = is_zero(r.lhs - r.rhs, ctx)
        else:
            ok = _is_hypothesis(r, ctx) or prove_nonnegative(r.rhs - r.lhs, ctx, r.rel is Rel.LT)
        if not ok:
            return None
    return f"exact instance of premise '{premise.name}'"


def _is_hypothesis(req: Claim, ctx: Context) -> bool:
    """Is ``req`` literally one of the hypotheses (up to exact zero-tests of both sides)?"""
    for h in ctx.hypotheses:
        try:
            hc = Claim.of(h).normalized()
        except TypeError:
            continue
        if hc.rel is req.rel or (hc.rel is Rel.LT and req.rel is Rel.LE):
            if is_zero(hc.lhs - req.lhs, ctx) and is_zero(hc.rhs - req.rhs, ctx):
                return True
    return False


# --------------------------------------------------------------------------- refuting

_POSITIVE = [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3), Fraction(1, 3), Fraction(5, 2),
             Fraction(7), Fraction(1, 10), Fraction(3, 4), Fraction(1, 100), Fraction(11, 3)]
_TOL = sp.Float("1e-30", 60)


def _value_for(sym: sp.Symbol, rng: random.Random) -> sp.Expr:
    """A random exact value with every sign/integrality assumption of ``sym`` (nan when none is found,
    which no hypothesis accepts and nothing is refuted with)."""
    for _ in range(20):
        v = _draw(sym, rng)
        if _fits(sym, v):  # e.g. negative integers, nonzero reals, odd numbers
            return v
    return sp.nan


def _draw(sym: sp.Symbol, rng: random.Random) -> sp.Expr:
    if sym.is_integer:
        lo = 1 if sym.is_positive else 0 if sym.is_nonnegative else -4
        hi = -1 if sym.is_negative else 0 if sym.is_nonpositive else 6
        return sp.Integer(rng.randint(lo, hi))
    if sym.is_positive:
        v = rng.choice(_POSITIVE)
    elif sym.is_nonnegative:
        v = rng.choice([*_POSITIVE, Fraction(0)])
    elif sym.is_negative:
        v = -rng.choice(_POSITIVE)
    else:  # real or unknown (complex): a real value is a valid instance either way
        v = rng.choice([*_POSITIVE, Fraction(0)]) * rng.choice([1, -1])
    return sp.Rational(v.numerator, v.denominator)


def _small_rational(rng: random.Random) -> sp.Rational:
    return sp.Rational(rng.randint(-6, 6), rng.choice([1, 2, 3, 4]))


_SIZES = (2, 3, 1, 4, 5)  # the first trials give every size symbol one common size, small ones first


def _sizes(shape_syms: set, trial: int, rng: random.Random) -> dict:
    """Values of the size symbols for one trial: a common size in 2, 3, 1, 4, 5 for the first five trials,
    then independent sizes in 1..5, small ones more often (``(m - n) X = 0`` fails only for m != n,
    ``(n-1)(n-2)(n-3) A = 0`` only for n >= 4).  A size that breaks a symbol's assumptions (an even n) is
    replaced by one that does not; nan when none does (nothing is refuted with it)."""
    out = {}
    for s in sorted(shape_syms, key=sp.default_sort_key):
        first = _SIZES[trial] if trial < len(_SIZES) else rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
        fitting = [sp.Integer(k) for k in (first, *range(1, 6)) if _fits(s, sp.Integer(k))]
        out[s] = fitting[0] if fitting else sp.nan
    return out


def _random_matrix(m: sp.MatrixSymbol, sizes: Mapping, ctx: Context, rng: random.Random) -> sp.ImmutableMatrix:
    """Random rational entries, in the shape the sizes give (ValueError when it is not a positive size)."""
    rows, cols = (sp.sympify(d).xreplace(sizes) for d in m.shape)
    if not (rows.is_Integer and cols.is_Integer and rows > 0 and cols > 0):
        raise ValueError(f"no shape for {m} at {sizes}")
    a = sp.Matrix(int(rows), int(cols), lambda i, j: _small_rational(rng))
    if m in ctx.positive_definite:
        a = a * a.T + sp.eye(int(rows))
    elif m in ctx.symmetric:
        a = a + a.T
    return sp.ImmutableMatrix(a)


def _random_function(f: AppliedUndef, rng: random.Random) -> sp.Lambda:
    """A random polynomial of degree <= 3 standing in for an undefined smooth function."""
    args = [sp.Dummy(f"a{i}") for i in range(len(f.args))]
    terms = [sp.Integer(1)] + args + [a * b for i, a in enumerate(args) for b in args[i:]] + [a**3 for a in args]
    poly = sum(_small_rational(rng) * t for t in terms)
    # a function declared with a sign gets one everywhere (else the "counterexample" breaks the assumption)
    if f.is_positive:
        poly = poly**2 + sp.Rational(1, 2)
    elif f.is_nonnegative:
        poly = poly**2
    elif f.is_negative:
        poly = -(poly**2) - sp.Rational(1, 2)
    elif f.is_nonpositive:
        poly = -(poly**2)
    elif f.is_integer is True or f.is_extended_real is False:
        poly = sp.Integer(0) if f.is_zero else sp.nan  # no sampler for these: evaluation fails, nothing is refuted
    return sp.Lambda(tuple(args), poly)


def _evaluate(expr: Any) -> Any:
    expr = expr.doit() if isinstance(expr, sp.Basic) else expr
    if isinstance(expr, MatrixExpr):
        expr = expr.as_explicit()
    return expr


def _numeric(value: sp.Expr) -> sp.Expr | None:
    """An exact rational, or a 60-digit float; None when the value is not a finite real."""
    value = sp.nsimplify(value) if isinstance(value, sp.Float) else value
    if value.is_Rational:
        return value
    try:  # strict: a hidden 0/0 such as (s**2 - 49)/(s - 7) at s = 7 (sin(7)**2 + cos(7)**2) is noise, not a value
        v = sp.N(value, 60, strict=True)
    except (sp.core.evalf.PrecisionExhausted, ValueError, TypeError):
        return None
    if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_real:
        return None
    return v


def _differs(a: Any, b: Any) -> str | None:
    """A description when a and b (numbers or matrices) certainly differ, else None."""
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)) or a.shape != b.shape:
            return None
        for idx, (x, y) in enumerate(zip(a, b, strict=True)):
            d = _differs(x, y)
            if d:
                return f"entry {idx}: {d}"
        return None
    d = _numeric(sp.sympify(a) - sp.sympify(b))
    if d is None:
        return None
    if (d.is_Rational and d != 0) or (not d.is_Rational and abs(d) > _TOL):
        return f"{_fmt(a)} vs {_fmt(b)}"
    return None


def _fmt(v: Any) -> str:
    n = _numeric(sp.sympify(v)) if not isinstance(v, sp.MatrixBase) else None
    if n is not None and (not n.is_Rational or len(str(n)) > 40):
        return str(sp.N(n, 12))
    return str(v)


def _hypotheses_hold(ctx: Context, values: Mapping) -> bool:
    for h in ctx.hypotheses:
        res = sp.sympify(h).xreplace(values)
        if res is sp.true:
            continue
        if res is sp.false:
            return False
        rel = Claim.of(res).normalized()
        gap = _numeric((rel.rhs - rel.lhs).doit())
        if gap is None or gap < 0 or (rel.rel is Rel.LT and gap <= 0):
            return False
    return True


def _instance(claim: Claim, ctx: Context, rng: random.Random, trial: int,
              size_rng: random.Random) -> tuple[dict, dict, Callable[[Any], Any]]:
    """Random values for every free symbol, matrix symbol and undefined function of the claim (sizes from
    their own generator, so the values of the scalars do not depend on how many size symbols there are)."""
    exprs = [claim.lhs, claim.rhs] + ([claim.equation] if claim.equation is not None else [])
    syms, mats, funcs = set(), set(), set()
    for e in exprs:
        syms |= {s for s in e.free_symbols if isinstance(s, sp.Symbol)}
        mats |= set(e.atoms(sp.MatrixSymbol))
        funcs |= {type(f) for f in e.atoms(AppliedUndef)}
    for h in ctx.hypotheses:
        syms |= {s for s in sp.sympify(h).free_symbols if isinstance(s, sp.Symbol)}
    if claim.order is not None:
        syms.discard(claim.order[0])
    shape_syms = {s for m in mats for d in m.shape for s in sp.sympify(d).free_symbols}
    # Draw in a fixed order (sets iterate in hash order, which changes with PYTHONHASHSEED).
    values: dict = {s: _value_for(s, rng) for s in sorted(syms - shape_syms, key=sp.default_sort_key)}
    sizes = _sizes(shape_syms, trial, size_rng)
    values.update(sizes)
    matvals = {m: _random_matrix(m, sizes, ctx, rng) for m in sorted(mats, key=sp.default_sort_key)}
    if trial % 4 == 3:  # now and then a zero matrix or vector: x^T x > 0 fails only at x = 0
        for m in sorted(mats - set(ctx.positive_definite), key=sp.default_sort_key):
            if size_rng.random() < 0.5:
                matvals[m] = sp.ImmutableMatrix(sp.zeros(*matvals[m].shape))
    fvals = {}
    for f in sorted(funcs, key=lambda f: f.__name__):
        sample = next(a for e in exprs for a in e.atoms(AppliedUndef) if type(a) is f)
        fvals[f] = _random_function(sample, rng)

    def apply(expr: Any) -> Any:
        # no equality-keyed cache, each Subs/Derivative evaluated on its own: SymPy merges look-alike Subs
        expr = replace_functions(expr, fvals, evaluate=True)
        if isinstance(expr, sp.Basic) and expr.has(sp.Derivative, sp.Subs):
            expr = expr.doit()  # differentiate before values replace the variables of differentiation
        expr = expr.xreplace({**values, **matvals})
        return _evaluate(expr)

    shown = {str(k): str(v) for k, v in values.items() if k in syms or k not in shape_syms}  # sizes: the matrices show them
    shown.update({str(m): str(v.tolist()) for m, v in matvals.items()})
    shown.update({f"{f.__name__}": f"({', '.join(map(str, lam.variables))}) -> {lam.expr}" for f, lam in fvals.items()})
    return values, shown, apply


def _relevant(claim: Claim, ctx: Context) -> tuple[Context, Context]:
    """The context split into the hypotheses that share symbols with the claim (transitively) and the others.

    The others constrain symbols the claim does not contain: sampling them with the claim only wastes
    samples (with several hypotheses most samples were rejected); a counterexample is completed by
    values that satisfy them, found separately (:func:`_witness`).
    """
    exprs = [claim.lhs, claim.rhs] + ([claim.equation] if claim.equation is not None else [])
    reach = set().union(*(sp.sympify(e).free_symbols for e in exprs))
    hyps = [(h, sp.sympify(h).free_symbols) for h in ctx.hypotheses]
    kept: list = []
    grown = True
    while grown:
        grown = False
        for h, free in hyps:
            if h not in kept and free & reach:
                kept.append(h)
                reach |= free
                grown = True
    return (Context(tuple(h for h, _ in hyps if h in kept), ctx.symmetric, ctx.positive_definite),
            Context(tuple(h for h, _ in hyps if h not in kept), ctx.symmetric, ctx.positive_definite))


def refute(claim: Claim, ctx: Context = Context(), trials: int = 40, seed: int = 0,
           deadline: float | None = None) -> Verdict | None:
    """Search exact sample points satisfying the assumptions for one where the claim fails."""
    rng, size_rng = random.Random(seed), random.Random(seed + 1)
    claim = _materialized(claim).normalized()
    ctx, others = _relevant(claim, ctx)
    for trial in range(trials):
        if deadline is not None and time.monotonic() > deadline:
            break
        try:
            values, shown, apply = _instance(claim, ctx, rng, trial, size_rng)
        except ValueError:  # the sizes give some matrix no shape (a size n - 1 at n = 1)
            continue
        if not _hypotheses_hold(ctx, values):
            continue
        try:
            detail = _refutes_at(claim, apply)
        except (ZeroDivisionError, ValueError, TypeError, NotImplementedError, AttributeError):
            continue
        if detail:
            rest = _witness(claim, others, rng)
            if rest is None:  # the other hypotheses may be inconsistent: then nothing is refuted
                return None
            return Verdict(Status.REFUTED, "exact evaluation at a sample point", {**shown, **rest}, detail)
    return None


def _witness(claim: Claim, others: Context, rng: random.Random, trials: int = 40) -> dict | None:
    """Values satisfying the hypotheses that share no symbol with the claim ({} when there are none).

    Each group of hypotheses linked by common symbols is sampled on its own: independent groups
    need not be satisfied by the same draw.
    """
    shown_all: dict = {}
    left = list(others.hypotheses)
    while left:
        seed_free = sp.sympify(left[0]).free_symbols
        group, _ = _relevant(Claim(sp.Add(*seed_free), "=", sp.S.Zero), Context(tuple(left)))
        left = [h for h in left if h not in group.hypotheses]
        for trial in range(trials):
            values, shown, _ = _instance(Claim(sp.S.Zero, "=", sp.S.Zero), group, rng, trial, rng)
            if _hypotheses_hold(group, values):
                shown_all.update(shown)
                break
        else:
            return None
    return shown_all


def _refutes_at(claim: Claim, apply: Callable[[Any], Any]) -> str | None:
    if claim.rel is Rel.SOLVES:
        eq = claim.equation
        if not _unknown(claim.lhs):
            return None  # "x + y := 1" names no unknown: nothing to refute
        residual = apply((eq.lhs - eq.rhs).xreplace({claim.lhs: claim.rhs}))  # type: ignore[union-attr]
        zero = sp.zeros(*residual.shape) if isinstance(residual, sp.MatrixBase) else 0
        d = _differs(residual, zero)
        return f"the equation's residual is not zero: {d}" if d else None
    if claim.rel is Rel.APPROX:
        var, k = claim.order  # type: ignore[misc]
        diff = apply(_strip_order(claim.lhs) - _strip_order(claim.rhs))
        if not is_matrix(diff) and not _smooth_entries(diff, var, Context()):
            diff = sp.cancel(sp.together(diff))
        if not (_orders_fine(claim) and _smooth_entries(diff, var, Context())):
            return None  # a nonzero coefficient of a non-smooth function proves nothing
        for j, c in enumerate(_taylor_coefficients(diff, var, k)):
            zero = sp.zeros(*c.shape) if isinstance(c, sp.MatrixBase) else 0
            d = _differs(c, zero)
            if d:
                return f"the coefficient of {var}^{j} in lhs - rhs is not zero ({d})"
        return None
    lhs, rhs = apply(claim.lhs), apply(claim.rhs)
    if claim.rel is Rel.EQ:
        d = _differs(lhs, rhs)
        return f"lhs vs rhs: {d}" if d else None
    lhs, rhs = (v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v for v in (lhs, rhs))
    if is_matrix(lhs) or is_matrix(rhs):  # an inequality between matrices (not 1 x 1) is not sampled
        return None
    gap = _numeric(sp.sympify(rhs - lhs))
    if gap is None:
        return None
    fails = (gap < 0 and (gap.is_Rational or abs(gap) > _TOL)) or (claim.rel is Rel.LT and gap == 0)
    return f"{_fmt(lhs)} {claim.rel.value} {_fmt(rhs)} is false" if fails else None


# --------------------------------------------------------------------------- entry point


def decide(
    claim: Claim,
    ctx: Context = Context(),
    *,
    premise: Premise | None = None,
    instance: Mapping | None = None,
    certificate: Any = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    """Decide ``claim``: proved, refuted (with a counterexample) or undecided, within ``timeout``.

    Proving gets 70% of the budget; whatever is left goes to the search for a counterexample.
    """
    start = time.monotonic()
    reason = "no exact method reduced the claim"
    try:
        method = run_with_budget(_prove, claim, ctx, premise, instance, certificate, timeout=0.7 * timeout)
        if method:
            return Verdict(Status.PROVED, method, seconds=time.monotonic() - start)
        if premise is not None:
            reason = f"not an exact instance of premise '{premise.name}' under the hypotheses"
    except BudgetExceeded:
        reason = f"timeout after {0.7 * timeout:g} s while proving"
    except Exception as exc:  # a SymPy failure is not a proof
        reason = f"SymPy failed: {type(exc).__name__}: {exc}"
    left = timeout - (time.monotonic() - start)
    try:
        found = run_with_budget(refute, claim, ctx, deadline=time.monotonic() + max(left, 0.5) - 0.2,
                                timeout=max(left, 0.5))
    except BudgetExceeded:
        found = None
        reason += "; no counterexample found before the timeout"
    except Exception as exc:
        found = None
        reason += f"; sampling failed: {type(exc).__name__}"
    else:
        if found is None:
            reason += "; no counterexample among the sampled points"
    if found is not None and premise is not None and _premise_constrains(premise):
        # the sample drew the premise's objects (a function D, a symbol f*) at random: the point need
        # not satisfy the premise, so it refutes the bare claim, not the step that cites it
        reason += f"; the claim alone fails at {found.counterexample} ({found.detail}), a point that may violate the premise"
        found = None
    if found is not None:
        return Verdict(found.status, found.method, found.counterexample, found.detail, time.monotonic() - start)
    return Verdict(Status.UNDECIDED, reason, seconds=time.monotonic() - start)


def _premise_constrains(premise: Premise) -> bool:
    """Does the premise speak about symbols or functions other than its own (quantified) variables?"""
    exprs = [sp.sympify(e) for e in (premise.statement.lhs, premise.statement.rhs, *premise.requires)]
    objects = set().union(*(e.free_symbols | {type(f) for f in e.atoms(AppliedUndef)} for e in exprs))
    return bool(objects - set(premise.variables))
