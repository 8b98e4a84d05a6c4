"""Shapes: scalars, vectors (n x 1) and matrices (n x n) combined with checks -- a sum, product or power
of mismatched shapes is refused -- and the special objects of the notation (the norm, a remainder O(.))."""

from __future__ import annotations

import itertools
import math
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.matrix_power import explicit_power

__all__ = ["BigO", "Norm", "Norm1", "NormInf", "add", "as_scalar", "dot", "mul", "power", "remainder_direction", "shape_of",
           "transpose"]

_MAX_POW_BITS = 4096  # numeric powers bigger than this stay unevaluated (2^{10^9} must not be computed)


class Norm(sp.Function):
    """The Euclidean norm of a vector (evaluated for explicit matrices; nonnegative)."""

    nargs = 1
    is_commutative = True  # a scalar, although its argument is a matrix

    @classmethod
    def eval(cls, v: Any) -> Any:
        if isinstance(v, sp.MatrixBase):
            return sp.sqrt(sum(e**2 for e in v))
        return None

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return r"\left\|" + printer._print(self.args[0]) + r"\right\|"


class _VectorNorm(sp.Function):
    """A norm of a vector that is not rotation invariant: evaluated on explicit vectors (so sampling in concrete
    dimensions refutes), opaque otherwise (no proof method treats it as the Euclidean norm: on explicit vectors it
    is not the square root of the sum of squares, which is how symgd.decide.coordinates recognizes that one)."""

    nargs = 1
    is_commutative = True
    _sub = ""

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return r"\left\|" + printer._print(self.args[0]) + r"\right\|_{" + self._sub + "}"


class Norm1(_VectorNorm):
    """The 1-norm of a vector, ``\\|x\\|_1``: the sum of the absolute values of its coordinates."""

    _sub = "1"

    @classmethod
    def eval(cls, v: Any) -> Any:
        if isinstance(v, sp.MatrixBase):
            return sp.Add(*[sp.Abs(e) for e in v])
        return None


class NormInf(_VectorNorm):
    """The maximum norm of a vector, ``\\|x\\|_\\infty``: the largest absolute value of its coordinates."""

    _sub = r"\infty"

    @classmethod
    def eval(cls, v: Any) -> Any:
        if isinstance(v, sp.MatrixBase):  # max(a, b) = (a + b + |a - b|)/2: nodes the notation's whitelist has
            out = sp.Abs(v[0])
            for e in list(v)[1:]:
                out = (out + sp.Abs(e) + sp.Abs(out - sp.Abs(e))) / 2
            return out
        return None


class BigO(sp.Function):
    """A remainder ``O(var**k)`` as var -> 0, kept as a marker until :func:`remove_remainders`.  Each one written
    is its own function (a third argument tags it), so ``O(\\eta) - O(\\eta)`` does not cancel to 0."""

    nargs = (2, 3)
    _tags = itertools.count(1)

    def __new__(cls, *args: Any, **options: Any) -> Any:
        if len(args) == 2:
            args = (*args, sp.Integer(next(cls._tags)))
        return super().__new__(cls, *args, **options)

    def _latex(self, printer: Any) -> str:
        return r"O\left(" + printer._print(self.args[0] ** self.args[1]) + r"\right)"



def as_scalar(x: Any, what: str, pos: int) -> Any:
    """A scalar for a scalar-only context: 1x1 matrices become their trace."""
    if is_matrix(x):
        if x.shape == (1, 1):
            return sp.Trace(x)
        raise BadInput(f"{what} needs a scalar, got a {shape_of(x)} matrix", pos)
    return x


def shape_of(x: Any) -> str:
    if not is_matrix(x):
        return "scalar"
    return f"{x.shape[0]}x{x.shape[1]}"


def add(a: Any, b: Any, pos: int) -> Any:
    if is_matrix(a) and is_matrix(b):
        for m, o in ((a, b), (b, a)):
            if m.shape != o.shape and o.shape == (1, 1) and (c := _identity_multiple(m)) is not None:
                return o + c * sp.Identity(1)  # f \mathbb{I} + x^T y: SymPy prints a 1x1 identity so
        if a.shape != b.shape and isinstance(b, sp.ZeroMatrix):  # A + \mathbf{0}: zero of the shape required
            return a
        if a.shape != b.shape and isinstance(a, sp.ZeroMatrix):
            return b
        if a.shape != b.shape:
            raise BadInput(f"cannot add a {shape_of(a)} and a {shape_of(b)} expression", pos)
        return a + b
    if is_matrix(a) or is_matrix(b):
        m, s = (a, b) if is_matrix(a) else (b, a)
        if isinstance(m, sp.MatrixBase) and s.has(BigO) and not (s - _remainder_part(s)).free_symbols:
            return m.applyfunc(lambda e: e + s)  # v + O(t^2): each entry of a concrete vector has the remainder
        if m.shape != (1, 1):
            if s == 0:
                return m
            if s.has(BigO) and s == _remainder_part(s):  # \nabla f(x) + O(eta): a remainder of m's shape
                rem = s * remainder_direction(s, m.shape)
                return m + rem if m is a else rem + m
            raise BadInput(f"cannot add a scalar and a {shape_of(m)} expression", pos)
        return m + s * sp.Identity(1) if m is a else s * sp.Identity(1) + m
    return a + b


def _identity_multiple(m: Any) -> Any:
    """c for ``c I`` (an identity of symbolic size times a scalar), else None."""
    if isinstance(m, sp.Identity):
        return sp.Integer(1)
    if isinstance(m, sp.MatMul):
        scalars = [x for x in m.args if not is_matrix(x)]
        mats = [x for x in m.args if is_matrix(x)]
        if len(mats) == 1 and isinstance(mats[0], sp.Identity):
            return sp.Mul(*scalars)
    return None


def remainder_direction(s: Any, shape: tuple[Any, Any]) -> sp.MatrixSymbol:
    """An arbitrary (bounded) matrix of ``shape`` that a scalar remainder multiplies when it is added to a vector
    or matrix: ``x + O(eta)`` is ``x + O(eta) U``.  Its name cannot be typed (symgd.latex.remainders reads it)."""
    tags = sorted(int(o.args[2]) for o in s.atoms(BigO))
    return sp.MatrixSymbol(f"O direction {tags[0]}", *shape)


def _remainder_part(s: Any) -> Any:
    return sp.Add(*[term for term in sp.Add.make_args(s) if term.has(BigO)])


def mul(a: Any, b: Any, pos: int) -> Any:
    if is_matrix(a) and is_matrix(b):
        if a.shape[1] == b.shape[0]:
            return a * b
        if a.shape == (1, 1):
            return sp.Trace(a) * b
        if b.shape == (1, 1):
            return a * sp.Trace(b)
        raise BadInput(f"cannot multiply a {shape_of(a)} by a {shape_of(b)} expression", pos)
    return a * b


def dot(a: Any, b: Any, pos: int) -> Any:
    """``a \\cdot b``: the inner product a^T b of two column vectors of one shape (the dot product), else ``a b``."""
    if is_matrix(a) and is_matrix(b) and a.shape == b.shape and a.shape[1] == 1 and a.shape[0] != 1:
        return a.T * b
    return mul(a, b, pos)


def power(base: Any, exp: Any, pos: int) -> Any:
    if is_matrix(exp):
        if base == sp.E and exp.shape != (1, 1):
            raise BadInput("matrix exponentials (e^{A} of a matrix A) are not supported", pos)
        exp = as_scalar(exp, "an exponent", pos)
    if isinstance(base, Norm) and exp.is_Integer and exp > 0 and exp % 2 == 0:
        v = base.args[0]
        inner = v.T * v
        return inner if exp == 2 else sp.MatPow(inner, exp // 2)
    if is_matrix(base):
        if base.shape[0] != base.shape[1]:
            raise BadInput(f"cannot raise a {shape_of(base)} expression to a power (write \\|x\\|^2 for a norm)", pos)
        if exp.is_Integer:
            if exp == -1:
                return sp.Inverse(base)
            return sp.MatPow(base, exp)
        if exp.is_integer:  # (I - eta H)^{k+1} with k an integer
            return sp.MatPow(base, exp)
        if isinstance(base, sp.MatrixBase) and base.is_diagonal() and exp.is_Rational:  # diag(d)^{-1/2}
            return sp.ImmutableMatrix(sp.diag(*[base[i, i] ** exp for i in range(base.shape[0])]))
        if isinstance(base, sp.MatrixBase) and (closed := explicit_power(base, exp)) is not None:  # matrix_power
            return closed
        return as_scalar(base, "a non-integer power", pos) ** exp
    if base.is_Number and exp.is_Number:
        if exp.is_Integer and base.is_Rational:
            bits = max(abs(base.p), abs(base.q)).bit_length() * abs(int(exp)) if abs(exp) < 10**7 else math.inf
            if bits > _MAX_POW_BITS:
                return sp.Pow(base, exp, evaluate=False)
    elif exp.is_Number and (exp.is_Integer and abs(exp) > 10**6):
        return sp.Pow(base, exp, evaluate=False)
    return base**exp


def transpose(a: Any) -> Any:
    return a.T if is_matrix(a) else a

