r"""``a \approx b`` where the text names no small quantity: the small quantity read from the display itself, when
the display leaves no choice; otherwise the link is not checked, with the reason.

* **A point and a displacement from it**: the display uses a name and the same name with a subscript
  (``\theta`` and ``\theta_t``) and its right side, with ``\theta = \theta_t + s``, is a polynomial in ``s`` (a
  Taylor expansion written in powers of ``\theta - \theta_t``): the small quantity is ``s = \theta - \theta_t``.
  Exactly one such pair, scalars only.  The claim is then a Taylor claim in ``s`` and a counterexample refutes it.
* **One quantity**: the display has one scalar name in all (``e^x \approx 1 + x``, ``\sqrt{1 + h} \approx 1 +
  h/2``): read as that name tending to 0.  That reading is a guess (``n! \approx \sqrt{2\pi n}(n/e)^n`` is about a
  large n), so it may prove the link but never refutes it: a failure is undecided, with the reading named.
* **Numbers**: ``\sqrt{10} \approx 3.16`` is rounding: proved when the sides agree to half a unit of the last
  decimal the right side writes, refuted when they differ by a unit or more (neither rounded nor cut off), undecided
  between (``e \approx 2.71``: cut off, not rounded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from symgd.core.claims import Claim, Rel, is_matrix

__all__ = ["Inferred", "infer_small", "rounding"]


@dataclass(frozen=True)
class Inferred:
    """The order claim to decide, the small quantity in words, and whether a refutation of it stands."""

    claim: Claim
    quantity: str
    may_refute: bool


def _degree(expr: sp.Expr, s: sp.Symbol) -> int | None:
    try:
        expr = sp.expand(expr)
        if not expr.is_polynomial(s) or s not in expr.free_symbols:
            return None
        return int(sp.Poly(expr, s).degree())
    except Exception:  # not a polynomial SymPy can read
        return None


def _order(lhs: sp.Expr, rhs: sp.Expr, s: sp.Symbol) -> Claim | None:
    k = _degree(rhs, s)
    if k is None:
        return None
    return Claim(lhs, Rel.APPROX, rhs, order=(s, k + 1))


def rounding(claim: Claim, written: str) -> tuple[Claim, Claim, str] | None:
    """``\\sqrt{10} \\approx 3.16``: a number beside a decimal written to k places: the claims ``|a - b| <= 10^-k/2``
    (rounded to the digits written) and ``|a - b| < 10^-k`` (cut off), and a description; None when a side has a
    symbol or the right side (as written) is not a decimal."""
    m = re.search(r"(?<![\d.])-?\d+\.(\d+)\s*$", written)
    if m is None or claim.lhs.free_symbols or claim.rhs.free_symbols or is_matrix(claim.lhs) or is_matrix(claim.rhs):
        return None
    k = len(m.group(1))
    unit = sp.Rational(1, 10**k)
    gap = sp.Abs(claim.lhs - claim.rhs)
    return Claim(gap, Rel.LE, unit / 2), Claim(gap, Rel.LT, unit), f"a decimal written to {k} places"


def infer_small(claim: Claim) -> tuple[Inferred | None, str]:
    """(the inferred reading, '') or (None, why no quantity is read from the display)."""
    if is_matrix(claim.lhs) or is_matrix(claim.rhs) or not isinstance(claim.lhs, sp.Expr) or not isinstance(
            claim.rhs, sp.Expr):
        return None, "not a scalar relation"
    names = sorted((x for x in claim.lhs.free_symbols | claim.rhs.free_symbols if isinstance(x, sp.Symbol)), key=str)
    pairs = []
    for a in names:
        for b in names:
            if b != a and re.fullmatch(re.escape(str(a)) + r"_\{?[^{}]+\}?", str(b)):
                pairs.append((a, b))
    readings = []
    for a, b in pairs:
        s = sp.Symbol("s", real=True)
        lhs, rhs = claim.lhs.xreplace({a: b + s}), claim.rhs.xreplace({a: b + s})
        c = _order(lhs, rhs, s)
        if c is not None:
            readings.append(Inferred(c, f"s = {a} - {b} (the right side is a polynomial in it)", True))
    if len(readings) == 1:
        return readings[0], ""
    if len(readings) > 1:
        return None, "several displacements could be the small quantity: " + ", ".join(r.quantity.split(" (")[0][4:]
                                                                                    for r in readings)
    if len(names) == 1:
        u = names[0]
        c = _order(claim.lhs, claim.rhs, u)
        if c is None:
            return None, f"the right side is not a polynomial in {u}, the only quantity"
        return Inferred(c, f"{u} (the only quantity, read as tending to 0)", False), ""
    if not names:
        return None, "no quantity in it"
    return None, "several quantities could be the small one: " + ", ".join(str(n) for n in names)
