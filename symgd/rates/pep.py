"""``pep(method, N, ...)``: the tight worst case of a fixed-step method, numerically and with an exact certificate.

The worst case is homogeneous: with the initial condition ``||x_0 - x_*||^2 <= R^2`` (or ``f(x_0) - f_* <= R^2``)
every metric scales as R^2, so the result is the factor tau with  metric <= tau R^2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from symgd.core.errors import BadInput
from symgd.core.verdict import Status, Verdict
from symgd.rates.certify import Certificate, certify
from symgd.rates.methods import Method
from symgd.rates.methods import method as by_name
from symgd.rates.problem import PEP, STAR, build
from symgd.rates.sdp import Numeric, solve

__all__ = ["Rate", "pair_name", "pep"]


def pair_name(pair: tuple[int, int]) -> str:
    """(STAR, 2) -> '(*, 2)'."""
    return "(" + ", ".join("*" if i == STAR else str(i) for i in pair) + ")"


@dataclass(frozen=True)
class Rate:
    """The worst case of ``metric`` after N steps, per unit R^2.

    ``value``: the SDP's numeric optimum; ``bound``: the bound proved by the exact certificate (None when none
    verified); ``verdict``: proved / undecided; ``tight``: bound and value agree to 1e-6 (relative);
    ``multipliers``: the certificate's lambda_ij (pairs of point indices, STAR = -1 the optimum);
    ``gram``, ``f``: the numeric worst case (Gram matrix of x_0 - x_*, g_0..g_N and the function values)."""

    problem: PEP
    value: float
    bound: Fraction | None
    verdict: Verdict
    tight: bool
    multipliers: dict[tuple[int, int], Fraction] = field(repr=False)
    numeric: Numeric = field(repr=False)
    certificate: Certificate | None = field(repr=False, default=None)
    method: Method | None = field(repr=False, default=None)

    @property
    def gram(self) -> np.ndarray:
        return self.numeric.gram

    @property
    def f(self) -> np.ndarray:
        return self.numeric.f


def pep(method: str | Method, N: int, L: Fraction | int | str = 1, mu: Fraction | int | str = 0,
        metric: str = "gap", initial: str = "distance", certificate: bool = True) -> Rate:
    """Pose, solve and certify the PEP of ``method`` (a name: gd, nesterov, ogm; or a :class:`Method`).

    L and mu may be ints, Fractions or exact decimal strings ('0.1' is 1/10); floats are refused (their
    binary value is not the number meant)."""
    m = by_name(method) if isinstance(method, str) else method
    problem = build(m, N, _exact(L, "L"), _exact(mu, "mu"), metric, initial)  # type: ignore[arg-type]
    num = solve(problem)
    if not certificate:
        v = Verdict(Status.UNDECIDED, "exact certificate check", detail="not attempted")
        return Rate(problem, num.value, None, v, False, {}, num, None, m)
    cert = certify(problem, num)
    return Rate(problem, num.value, cert.bound, cert.verdict, cert.tight, cert.multipliers, num, cert, m)


def _exact(x: Fraction | int | str, name: str) -> Fraction:
    if isinstance(x, bool | float):
        raise BadInput(f"{name} = {x!r}: give an int, a Fraction or a decimal string ('0.1'), not a float")
    try:
        return Fraction(x)
    except (ValueError, TypeError, ZeroDivisionError):
        raise BadInput(f"{name} = {x!r} is not a number (e.g. 1, 0.1, 1/10)") from None
