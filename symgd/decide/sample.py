"""Sample points: exact random values for the symbols, matrices and undefined functions of a claim.

Every value respects its symbol's assumptions (a positive integer is drawn positive and integral; nan when none
fits, which no hypothesis accepts); sizes of matrices are sampled in 1..5, a common size first and then each size
symbol independently; matrices declared symmetric or positive definite are drawn so; now and then a matrix or
vector is zero (x^T x > 0 fails only at x = 0); an undefined function is a random polynomial of degree <= 3 (with
the sign it is declared to have).  A point says nothing by itself: :mod:`symgd.decide.refutation` re-checks it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context
from symgd.core.subs import replace_functions
from symgd.decide.context import fits

__all__ = ["draw_sizes", "sample_point", "small_rational", "value_for"]

_POSITIVE = [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3), Fraction(1, 3), Fraction(5, 2),
             Fraction(7), Fraction(1, 10), Fraction(3, 4), Fraction(1, 100), Fraction(11, 3)]


def value_for(sym: sp.Symbol, rng: random.Random) -> sp.Expr:
    """A random exact value with every sign/integrality assumption of ``sym`` (nan when none is found,
    which no hypothesis accepts and nothing is refuted with)."""
    for _ in range(20):
        v = _draw(sym, rng)
        if fits(sym, v):  # e.g. negative integers, nonzero reals, odd numbers
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


def small_rational(rng: random.Random) -> sp.Rational:
    return sp.Rational(rng.randint(-6, 6), rng.choice([1, 2, 3, 4]))


_SIZES = (2, 3, 1, 4, 5)  # the first trials give every size symbol one common size, small ones first


def draw_sizes(shape_syms: set, trial: int, rng: random.Random) -> dict:
    """Values of the size symbols for one trial: a common size in 2, 3, 1, 4, 5 for the first five trials,
    then independent sizes in 1..5, small ones more often (``(m - n) X = 0`` fails only for m != n,
    ``(n-1)(n-2)(n-3) A = 0`` only for n >= 4).  A size that breaks a symbol's assumptions (an even n) is
    replaced by one that does not; nan when none does (nothing is refuted with it)."""
    out = {}
    for s in sorted(shape_syms, key=sp.default_sort_key):
        first = _SIZES[trial] if trial < len(_SIZES) else rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
        fitting = [sp.Integer(k) for k in (first, *range(1, 6)) if fits(s, sp.Integer(k))]
        out[s] = fitting[0] if fitting else sp.nan
    return out


def _random_matrix(m: sp.MatrixSymbol, sizes: Mapping, ctx: Context, rng: random.Random) -> sp.ImmutableMatrix:
    """Random rational entries, in the shape the sizes give (ValueError when it is not a positive size)."""
    rows, cols = (sp.sympify(d).xreplace(sizes) for d in m.shape)
    if not (rows.is_Integer and cols.is_Integer and rows > 0 and cols > 0):
        raise ValueError(f"no shape for {m} at {sizes}")
    a = sp.Matrix(int(rows), int(cols), lambda i, j: small_rational(rng))
    if m in ctx.positive_definite:
        a = a * a.T + sp.eye(int(rows))
    elif m in ctx.symmetric:
        a = a + a.T
    return sp.ImmutableMatrix(a)


def _random_function(f: AppliedUndef, rng: random.Random) -> sp.Lambda:
    """A random polynomial of degree <= 3 standing in for an undefined smooth function."""
    args = [sp.Dummy(f"a{i}") for i in range(len(f.args))]
    terms = [sp.Integer(1)] + args + [a * b for i, a in enumerate(args) for b in args[i:]] + [a**3 for a in args]
    poly = sum(small_rational(rng) * t for t in terms)
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


def sample_point(claim: Claim, ctx: Context, rng: random.Random, trial: int, size_rng: random.Random,
                 scalars: Callable[[list, dict], dict] | None = None) -> tuple[dict, dict, Callable[[Any], Any]]:
    """Random values for every free symbol, matrix symbol and undefined function of the claim (sizes from
    their own generator, so the values of the scalars do not depend on how many size symbols there are).
    ``scalars`` replaces the independent draws of the scalars' values: it is called last, with the scalar symbols
    in a fixed order and the sizes and matrices already drawn (a bound such as mu Delta <= ||g||^2 / 2 needs g)."""
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
    ordered = sorted(syms - shape_syms, key=sp.default_sort_key)
    values: dict = {s: value_for(s, rng) for s in ordered} if scalars is None else {}
    sizes = draw_sizes(shape_syms, trial, size_rng)
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

    if scalars is not None:
        values.update(scalars(ordered, {**sizes, **matvals}))

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
