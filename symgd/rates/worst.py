"""The worst case made concrete: a function read off the PEP's primal solution, on which the method does its worst.

The primal solution is a Gram matrix G of (x_0 - x_*, g_0, ..., g_N) and the values f_0..f_N.  When G has rank
one (GD's worst case does) the worst case lives on a line: a factor u with G = u u^T gives the scalar iterates
x_k and gradients g_k.  For GD with step h/L (h <= 1) on smooth convex functions every gradient is the same
number delta: the points are interpolated by the Huber function with slope delta,

    h(x) = delta |x| - delta^2/(2L)  for |x| >= delta/L,    L x^2/2  inside,

(convex, L-smooth, minimum 0 at 0).  :func:`huber_from_worst_case` reads delta off the solution and rounds it to
the exact value L R/(2Nh + 1) when it is within rounding; :meth:`Huber.gd_gap` runs GD on it exactly (Fractions):
the gap equals the certified bound exactly, which proves the bound cannot be lowered.

Reference.  Drori and Teboulle (2014), Section 3; Taylor, Hendrickx and Glineur (2017), Section 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from symgd.rates.pep import Rate

__all__ = ["Huber", "attained", "huber_from_worst_case", "line"]


@dataclass(frozen=True)
class Huber:
    """h(x) = delta |x| - delta^2/(2L) outside [-delta/L, delta/L], L x^2/2 inside: convex, L-smooth."""

    L: Fraction
    delta: Fraction

    def value(self, x: Any) -> Any:  # a Fraction (exact), a float or an array
        if isinstance(x, np.ndarray):
            ax = np.abs(x)
            return np.where(ax >= float(self.delta / self.L), float(self.delta) * ax - float(self.delta**2 / (2 * self.L)),
                            float(self.L) * x * x / 2)
        ax = abs(x)
        return self.delta * ax - self.delta**2 / (2 * self.L) if ax >= self.delta / self.L else self.L * x * x / 2

    def grad(self, x: Any) -> Any:
        if isinstance(x, np.ndarray):
            return np.where(np.abs(x) >= float(self.delta / self.L), float(self.delta) * np.sign(x), float(self.L) * x)
        if abs(x) >= self.delta / self.L:
            return self.delta if x > 0 else -self.delta
        return self.L * x

    def gd_gap(self, x0: Fraction, N: int, h: Fraction = Fraction(1)) -> Fraction:
        """h(x_N) - h_* after N exact GD steps x <- x - (h/L) h'(x) from x0."""
        x = Fraction(x0)
        for _ in range(N):
            x = x - h / self.L * self.grad(x)
        return self.value(x)


def line(rate: Rate, tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The worst case on a line (x_k, g_k, f_k), x_0 - x_* > 0, when the Gram matrix has rank one; else None."""
    w, V = np.linalg.eigh(rate.gram)
    if w[-1] <= 0 or (len(w) > 1 and w[-2] > tol * w[-1]):
        return None
    u = np.sqrt(w[-1]) * V[:, -1]
    u = u if u[0] >= 0 else -u
    p = rate.problem
    xs = np.array([sum(float(v) * u[k] for k, v in x.items()) for x in p.xs])
    return xs, u[1:], np.asarray(rate.f)


def huber_from_worst_case(rate: Rate, tol: float = 1e-4) -> tuple[Huber, np.ndarray] | None:
    """The Huber function through the worst case of a GD rate (equal gradients on a line), with its slope rounded to
    the nearest simple rational, and the numeric iterates; None when the worst case is not of that shape."""
    got = line(rate)
    if got is None:
        return None
    xs, gs, fs = got
    if np.ptp(gs) > tol * max(1.0, abs(gs).max()) or gs.max() <= 0:
        return None
    mean = float(gs.mean())  # the simplest rational within the solver's accuracy
    delta = next(q for D in (10, 100, 1000, 10**4, 10**6)
                 if abs(float(q := Fraction(mean).limit_denominator(D)) - mean) <= tol * max(1.0, abs(mean)))
    huber = Huber(rate.problem.L, delta)
    if np.abs(huber.value(xs) - fs).max() > tol:  # the values must match too: it is the interpolating function
        return None
    return huber, xs


def attained(rate: Rate) -> tuple[Fraction, Huber] | None:
    """An exact lower bound on the worst case: the method run exactly (Fractions) on the Huber function read off the
    SDP's worst case, from x_0 = 1 (R = 1), and its metric there.  Equal to the certified bound, it proves the bound
    is the worst case.  None unless mu = 0 (a Huber function is not strongly convex), the initial condition is the
    distance, the steps are exact and the worst case is Huber-shaped."""
    p = rate.problem
    if p.mu != 0 or p.initial != "distance" or not p.exact_steps or rate.method is None:
        return None
    found = huber_from_worst_case(rate)
    if found is None:
        return None
    huber = found[0]
    out = rate.method.run(p.N, p.L, p.mu, huber.grad, Fraction(1))
    value = {"gap": huber.value(out), "distance": out * out, "gradient": huber.grad(out) ** 2}[p.metric]
    return Fraction(value), huber
