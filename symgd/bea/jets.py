"""Jets of an undefined loss as independent symbols: exact coordinate computations without SymPy's calculus.

A differential polynomial in an undefined L(x_1..x_d) is a polynomial in its partial derivatives
L_alpha = d^alpha L (alpha a multi-index, |alpha| >= 1), taken as independent symbols.  It is stored as
{monomial: Fraction}, a monomial being the sorted tuple of the multi-indices of its factors (a power repeats
its index).  The total derivative d/dx_i is the derivation L_alpha -> L_(alpha + e_i) extended by Leibniz's
rule: nothing but dictionary arithmetic on rationals, which is what makes the brute-force cross-check of the
B-series (:func:`gd_field_by_coordinates`, the same Lie-series recursion as :mod:`symgd.bea.maps`) fast enough
for the test suite at d = 3 and order 4.  :func:`from_sympy` reads a SymPy expression in Derivative(L, ...)
atoms into this form, so the public evaluators can be compared with it exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy as sp

__all__ = ["JetPoly", "JetVector", "from_sympy", "gd_field_by_coordinates", "gradient", "vector_from_sympy"]

Monomial = tuple  # sorted tuple of multi-indices (tuples of ints)


class JetPoly:
    """A polynomial in the jets L_alpha of one undefined loss, exact rational coefficients."""

    __slots__ = ("terms",)

    def __init__(self, terms: dict[Monomial, Fraction] | None = None):
        self.terms = {m: c for m, c in (terms or {}).items() if c}

    @classmethod
    def jet(cls, alpha: tuple[int, ...]) -> JetPoly:
        return cls({(tuple(alpha),): Fraction(1)})

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JetPoly) and self.terms == other.terms

    def __hash__(self) -> int:  # pragma: no cover - mutable-free but unhashed in practice
        return hash(frozenset(self.terms.items()))

    def __add__(self, other: JetPoly) -> JetPoly:
        out = dict(self.terms)
        for m, c in other.terms.items():
            out[m] = out.get(m, 0) + c
        return JetPoly(out)

    def __neg__(self) -> JetPoly:
        return JetPoly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: JetPoly) -> JetPoly:
        return self + (-other)

    def scale(self, c: Fraction | int) -> JetPoly:
        return JetPoly({m: c * v for m, v in self.terms.items()})

    def __truediv__(self, n: int) -> JetPoly:
        return self.scale(Fraction(1, n))

    def __mul__(self, other: JetPoly) -> JetPoly:
        out: dict[Monomial, Fraction] = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = tuple(sorted(m1 + m2))
                out[m] = out.get(m, 0) + c1 * c2
        return JetPoly(out)

    def diff(self, i: int) -> JetPoly:
        """The total derivative d/dx_i (coordinates counted from 0)."""
        out: dict[Monomial, Fraction] = {}
        for m, c in self.terms.items():
            prev = None
            for k, alpha in enumerate(m):
                if alpha == prev:  # a repeated factor: counted once with its multiplicity below
                    continue
                prev = alpha
                mult = m.count(alpha)
                up = (*alpha[:i], alpha[i] + 1, *alpha[i + 1:])
                new = tuple(sorted((*m[:k], *m[k + 1:], up)))
                out[new] = out.get(new, 0) + c * mult
        return JetPoly(out)

    def __repr__(self) -> str:
        return f"JetPoly({len(self.terms)} terms)"


class JetVector(tuple):
    """A column vector of :class:`JetPoly` (what the Lie-series recursion adds, subtracts and divides)."""

    def __add__(self, other: JetVector) -> JetVector:  # type: ignore[override]
        return JetVector(a + b for a, b in zip(self, other, strict=True))

    def __sub__(self, other: JetVector) -> JetVector:
        return JetVector(a - b for a, b in zip(self, other, strict=True))

    def __neg__(self) -> JetVector:
        return JetVector(-a for a in self)

    def __truediv__(self, n: int) -> JetVector:
        return JetVector(a / n for a in self)

    def scale(self, c: Fraction | int) -> JetVector:
        return JetVector(a.scale(c) for a in self)

    def is_zero(self) -> bool:
        return not any(self)

    @classmethod
    def zeros(cls, dim: int) -> JetVector:
        return cls(JetPoly() for _ in range(dim))


def gradient(dim: int) -> JetVector:
    """g = (L_(e_1), ..., L_(e_d))."""
    return JetVector(JetPoly.jet(tuple(int(j == i) for j in range(dim))) for i in range(dim))


def directional(v: JetVector, w: JetVector) -> JetVector:
    """(v . grad) w: entry i is sum_j v_j d_j w_i."""
    dim = len(v)
    out = []
    for wi in w:
        acc = JetPoly()
        for j in range(dim):
            if v[j] and wi:
                acc = acc + v[j] * wi.diff(j)
        out.append(acc)
    return JetVector(out)


def gd_field_by_coordinates(dim: int, order: int) -> list[JetVector]:
    """f_0..f_order of GD's modified field for an undefined loss in d = ``dim``, with no trees: the Lie series of the
    unknown field matched with one step theta - eta g, order by order (symgd.bea.maps's recursion on jets)."""
    from symgd.bea.maps import match_lie_series

    return match_lie_series([-gradient(dim)], order, directional, JetVector.zeros(dim))


def from_sympy(expr: sp.Expr, loss: sp.Expr, coords: Sequence[sp.Symbol]) -> JetPoly:
    """A polynomial in the derivatives of the undefined ``loss`` (SymPy Derivative atoms) as a :class:`JetPoly`, read
    off the expression tree with jet arithmetic (no SymPy expansion); refuses anything else (a bare L, another
    function, a non-rational number, a negative or symbolic power)."""
    memo: dict[sp.Expr, JetPoly] = {}

    def walk(e: sp.Expr) -> JetPoly:
        if e in memo:
            return memo[e]
        if e.is_Rational:
            out = JetPoly({(): Fraction(int(e.p), int(e.q))})
        elif isinstance(e, sp.Derivative) and e.expr == loss:
            counts = dict(e.variable_count)
            if set(counts) - set(coords):
                raise ValueError(f"derivative in a variable that is not a coordinate: {e}")
            out = JetPoly.jet(tuple(int(counts.get(x, 0)) for x in coords))
        elif e.is_Add:
            out = JetPoly()
            for a in e.args:
                out = out + walk(a)
        elif e.is_Mul:
            out = JetPoly({(): Fraction(1)})
            for a in e.args:
                out = out * walk(a)
        elif e.is_Pow and e.exp.is_Integer and e.exp >= 0:
            base, out = walk(e.base), JetPoly({(): Fraction(1)})
            for _ in range(int(e.exp)):
                out = out * base
        else:
            raise ValueError(f"not a polynomial in the derivatives of {loss}: {e}")
        memo[e] = out
        return out

    return walk(sp.sympify(expr))


def vector_from_sympy(vec: sp.MatrixBase, loss: sp.Expr, coords: Sequence[sp.Symbol]) -> JetVector:
    return JetVector(from_sympy(e, loss, coords) for e in vec)
