"""The performance estimation problem (PEP) of a fixed-step method as data for a Gram-matrix SDP.

Taylor, Hendrickx and Glineur (2017): the worst case of a first-order method over L-smooth mu-strongly
convex functions is the optimum of an SDP in the Gram matrix G of ``x_0 - x_*, g_0, ..., g_n`` and the
function values f_0..f_n (x_* = 0, g_* = 0, f_* = 0), subject to the interpolation inequality for every
ordered pair (i, j) of points, i, j in {*, 0..n}:

    q_ij = f_i - f_j - <g_j, x_i - x_j>
           - 1/(2(1 - mu/L)) (||g_i - g_j||^2/L + mu ||x_i - x_j||^2 - 2 (mu/L) <g_j - g_i, x_j - x_i>)  >= 0.

Every quantity is a :class:`Form`: a quadratic form <Q, G> plus a linear form <a, F>, built once, in exact
numbers, from sparse coefficient vectors.  The numeric SDP reads it as float arrays (``dense``) and the
certificate adds it up exactly (``add_to``, ``apply``), so the solver and the exact check cannot disagree
about the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np

from symgd.core.errors import BadInput
from symgd.rates.methods import Method, Vec
from symgd.rates.numbers import Interval, to_float

__all__ = ["INITIALS", "METRICS", "PEP", "STAR", "Form", "build"]

METRICS = ("gap", "distance", "gradient")  # f(x_N) - f_*, ||x_N - x_*||^2, ||g_N||^2
INITIALS = ("distance", "gap")  # ||x_0 - x_*||^2 <= R^2, f(x_0) - f_* <= R^2
STAR = -1  # the index of the optimum among the points
Sparse = dict[int, "Fraction | Interval"]  # a vector by its nonzero coefficients


def _axpy(a: Sparse, b: Sparse, s: int = 1) -> Sparse:
    """a + s b, dropping zeros."""
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + s * v
    return {k: v for k, v in out.items() if v != 0}


@dataclass(frozen=True)
class Form:
    """sum_k c_k <u_k, w_k> + <linear, F>: a quadratic form in the Gram matrix (as symmetrized rank-one terms
    on sparse exact vectors) plus a linear form in the function values."""

    terms: tuple[tuple[Fraction | Interval, Sparse, Sparse], ...]
    linear: Sparse

    def dense(self, dim: int, nf: int) -> tuple[np.ndarray, np.ndarray]:
        """(Q, a) as float arrays: <Q, G> + <a, F>."""
        Q, a = np.zeros((dim, dim)), np.zeros(nf)
        for c, u, w in self.terms:
            uu, ww = np.zeros(dim), np.zeros(dim)
            for k, v in u.items():
                uu[k] = to_float(v)
            for k, v in w.items():
                ww[k] = to_float(v)
            o = to_float(c) * np.outer(uu, ww)
            Q += (o + o.T) / 2
        for k, v in self.linear.items():
            a[k] = to_float(v)
        return Q, a

    def add_to(self, S: list[list], F: list, scale: Fraction) -> None:
        """S += scale Q and F += scale a, exactly (S a dense list of lists)."""
        for c, u, w in self.terms:
            cs = scale * c / 2
            for i, ui in u.items():
                for j, wj in w.items():
                    t = cs * ui * wj
                    S[i][j] += t
                    S[j][i] += t
        for k, v in self.linear.items():
            F[k] += scale * v

    def apply(self, v: list[Fraction]) -> list:
        """Q v, exactly (v dense)."""
        out: list = [Fraction(0)] * len(v)
        for c, u, w in self.terms:
            wv = sum((wj * v[j] for j, wj in w.items()), Fraction(0))
            uv = sum((ui * v[i] for i, ui in u.items()), Fraction(0))
            for i, ui in u.items():
                out[i] += c * ui * wv / 2
            for j, wj in w.items():
                out[j] += c * wj * uv / 2
        return out


@dataclass(frozen=True)
class PEP:
    """A PEP: the gradient points' coefficients ``xs[i]`` on the basis (x_0 - x_*, g_0..g_n), the class
    (L, mu), the performance metric at the last point, and the initial condition."""

    method: str
    N: int
    L: Fraction
    mu: Fraction
    metric: str
    initial: str
    xs: tuple[Sparse, ...]

    @property
    def n_points(self) -> int:
        return len(self.xs)

    @property
    def dim(self) -> int:
        return 1 + self.n_points

    @property
    def exact_steps(self) -> bool:
        """Every step coefficient is a Fraction (no square-root enclosure)."""
        return not any(isinstance(v, Interval) for x in self.xs for v in x.values())

    def pairs(self) -> list[tuple[int, int]]:
        """Every ordered pair (i, j), i != j, of points (STAR = -1 is the optimum)."""
        idx = [STAR, *range(self.n_points)]
        return [(i, j) for i in idx for j in idx if i != j]

    def point(self, i: int) -> tuple[Sparse, Sparse, Sparse]:
        """x_i, g_i (coefficients on the Gram basis) and f_i (coefficients on F); all zero at the optimum."""
        if i == STAR:
            return {}, {}, {}
        return self.xs[i], {1 + i: Fraction(1)}, {i: Fraction(1)}

    def interpolation(self, i: int, j: int) -> Form:
        """q_ij >= 0 (module docstring), with dx = x_i - x_j, dg = g_i - g_j and <g_j - g_i, x_j - x_i> = <dg, dx>."""
        xi, gi, fi = self.point(i)
        xj, gj, fj = self.point(j)
        dx, dg = _axpy(xi, xj, -1), _axpy(gi, gj, -1)
        L, mu = self.L, self.mu
        c = 1 / (2 * (1 - mu / L))
        terms = [(Fraction(-1), gj, dx), (-c / L, dg, dg)]
        if mu:
            terms += [(-c * mu, dx, dx), (2 * c * mu / L, dg, dx)]
        return Form(tuple(terms), _axpy(fi, fj, -1))

    def metric_form(self) -> Form:
        x, g, f = self.point(self.n_points - 1)
        if self.metric == "gap":
            return Form((), f)
        return Form(((Fraction(1), x, x) if self.metric == "distance" else (Fraction(1), g, g),), {})

    def initial_form(self) -> Form:
        f = self.point(0)[2]
        return Form(((Fraction(1), {0: Fraction(1)}, {0: Fraction(1)}),), {}) if self.initial == "distance" \
            else Form((), f)


def build(method: Method, N: int, L: Fraction | int = 1, mu: Fraction | int = 0,
          metric: Literal["gap", "distance", "gradient"] = "gap",
          initial: Literal["distance", "gap"] = "distance") -> PEP:
    """Run ``method`` symbolically for N steps and pose its PEP."""
    L, mu = Fraction(L), Fraction(mu)
    if not isinstance(N, int) or N < 1:
        raise BadInput(f"the number of steps must be a positive integer, got {N!r}")
    if L <= 0 or mu < 0 or mu >= L:
        raise BadInput(f"need 0 <= mu < L, got L = {L}, mu = {mu}")
    if metric not in METRICS:
        raise BadInput(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    if initial not in INITIALS:
        raise BadInput(f"unknown initial condition {initial!r}; choose one of {', '.join(INITIALS)}")
    points: list[Vec] = []

    def grad(x: Vec) -> Vec:
        points.append(x)
        return Vec({len(points): Fraction(1)})

    out = method.run(N, L, mu, grad, Vec({0: Fraction(1)}))
    if not points or out is not points[-1]:  # the output must carry a function value and a gradient
        grad(out)
    dim = 1 + len(points)
    xs = tuple(dict(p.c) for p in points)
    for p in points:
        if any(k >= dim for k in p.c):
            raise BadInput(f"{method.name}: an iterate uses a gradient not yet evaluated")
    return PEP(method.name, N, L, mu, metric, initial, xs)
