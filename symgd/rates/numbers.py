"""Exact numbers for step coefficients: Fractions, and rational intervals where a method takes a square root.

Nesterov's lambda_k and OGM's theta_k are nested square roots.  Rather than floats, such a coefficient
is carried as an :class:`Interval` with rational endpoints that certainly contains it (square roots
rounded outward with ``math.isqrt``), so every later check stays in exact rational arithmetic and is
sound: a certificate proved for every matrix in the enclosure holds for the true one.  Operations on
exact operands stay exact (a degenerate interval collapses back to a Fraction).
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["BITS", "Interval", "Num", "lower", "mid", "radius", "sqrt", "to_float", "upper"]

BITS = 160  # precision of an outward-rounded square root: width about 2^-160 relative


class Interval:
    """The closed interval [lo, hi] of real numbers, lo < hi rational; arithmetic rounds outward exactly."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: Fraction, hi: Fraction):
        if lo > hi:
            raise ValueError(f"empty interval [{lo}, {hi}]")
        self.lo, self.hi = Fraction(lo), Fraction(hi)

    def __add__(self, o: object) -> Num:
        lo, hi = _ends(o)
        return _make(self.lo + lo, self.hi + hi)

    __radd__ = __add__

    def __neg__(self) -> Num:
        return _make(-self.hi, -self.lo)

    def __sub__(self, o: object) -> Num:
        lo, hi = _ends(o)
        return _make(self.lo - hi, self.hi - lo)

    def __rsub__(self, o: object) -> Num:
        return -self + o

    def __mul__(self, o: object) -> Num:
        if not isinstance(o, (int, Fraction, Interval)):
            return NotImplemented
        lo, hi = _ends(o)
        p = (self.lo * lo, self.lo * hi, self.hi * lo, self.hi * hi)
        return _make(min(p), max(p))

    __rmul__ = __mul__

    def __truediv__(self, o: object) -> Num:
        lo, hi = _ends(o)
        if lo <= 0 <= hi:
            raise ZeroDivisionError("division by an interval containing 0")
        return self * _make(1 / hi, 1 / lo)

    def __rtruediv__(self, o: object) -> Num:
        if self.lo <= 0 <= self.hi:
            raise ZeroDivisionError("division by an interval containing 0")
        return _make(1 / self.hi, 1 / self.lo) * o

    def __eq__(self, o: object) -> bool:  # only an exact zero/number compares equal (never an interval)
        return False

    def __ne__(self, o: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]

    def __float__(self) -> float:
        return float((self.lo + self.hi) / 2)

    def __repr__(self) -> str:
        return f"Interval({float(self.lo)!r}, {float(self.hi)!r})"


Num = Fraction | Interval


def _ends(x: object) -> tuple[Fraction, Fraction]:
    if isinstance(x, Interval):
        return x.lo, x.hi
    if isinstance(x, (int, Fraction)):
        return Fraction(x), Fraction(x)
    raise TypeError(f"not an exact number: {x!r}")


def _make(lo: Fraction, hi: Fraction) -> Num:
    return lo if lo == hi else Interval(lo, hi)


def _sqrt_down(q: Fraction) -> Fraction:
    """The largest k / 2^BITS <= sqrt(q), q >= 0 rational."""
    scale = 1 << (2 * BITS)
    return Fraction(math.isqrt(q.numerator * scale // q.denominator), 1 << BITS)


def sqrt(x: int | Num) -> Num:
    """sqrt(x): an exact Fraction when x is the square of a rational, else an enclosing Interval."""
    lo, hi = _ends(x)
    if lo < 0:
        raise ValueError("square root of a possibly negative number")
    if lo == hi:
        n, d = math.isqrt(lo.numerator), math.isqrt(lo.denominator)
        if n * n == lo.numerator and d * d == lo.denominator:
            return Fraction(n, d)
    return _make(_sqrt_down(lo), _sqrt_down(hi) + Fraction(1, 1 << BITS))


def lower(x: Num) -> Fraction:
    return _ends(x)[0]


def upper(x: Num) -> Fraction:
    return _ends(x)[1]


def mid(x: Num) -> Fraction:
    lo, hi = _ends(x)
    return (lo + hi) / 2


def radius(x: Num) -> Fraction:
    lo, hi = _ends(x)
    return (hi - lo) / 2


def to_float(x: Num) -> float:
    return float(mid(x))
