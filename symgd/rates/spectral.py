"""Heavy ball on quadratics: the exact asymptotic rate is a spectral radius, not an SDP.

On f(x) = x^T H x / 2 with the eigenvalues of H in [mu, L], heavy ball x_{k+1} = x_k - alpha grad f(x_k) +
beta (x_k - x_{k-1}) acts on each eigenvalue lambda by the 2 x 2 matrix [[1 + beta - alpha lambda, -beta], [1, 0]],
whose characteristic polynomial is z^2 - b(lambda) z + beta, b = 1 + beta - alpha lambda.  The product of its roots is
beta, so its spectral radius is >= sqrt(beta), with equality when the roots are complex; for real roots it is
(|b| + sqrt(b^2 - 4 beta))/2, increasing in |b|, and |b| is convex in lambda.  So the worst rate over [mu, L] is
attained at an end: rho = max(rho(mu), rho(L)), exactly (SymPy, square roots kept).

Polyak's parameters alpha = 4/(sqrt L + sqrt mu)^2, beta = ((sqrt L - sqrt mu)/(sqrt L + sqrt mu))^2 make both ends
double roots: rho = sqrt(beta) = (sqrt(kappa) - 1)/(sqrt(kappa) + 1), kappa = L/mu.

Reference.  Polyak, USSR Comput. Math. Math. Phys. 4 (1964); Polyak, Introduction to Optimization (1987), 3.2.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symgd.core.errors import BadInput

__all__ = ["SpectralRate", "heavy_ball_rate", "polyak_parameters"]


@dataclass(frozen=True)
class SpectralRate:
    """rho (exact), the eigenvalue where it is attained, and the parameters."""

    rho: sp.Expr
    at: sp.Expr
    alpha: sp.Expr
    beta: sp.Expr

    def __float__(self) -> float:
        return float(self.rho)


def polyak_parameters(L: sp.Expr, mu: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Polyak's optimal (alpha, beta) for eigenvalues in [mu, L]."""
    sL, smu = sp.sqrt(L), sp.sqrt(mu)
    return sp.nsimplify(4 / (sL + smu) ** 2), sp.radsimp(((sL - smu) / (sL + smu)) ** 2)


def _radius(b: sp.Expr, beta: sp.Expr) -> sp.Expr:
    disc = sp.nsimplify(b**2 - 4 * beta)
    if disc.is_negative or disc == 0:
        return sp.sqrt(beta) if disc.is_negative else sp.Abs(b) / 2
    return (sp.Abs(b) + sp.sqrt(disc)) / 2


def heavy_ball_rate(L: object = 1, mu: object = None, alpha: object = None, beta: object = None) -> SpectralRate:
    """The exact worst asymptotic rate of heavy ball on quadratics with eigenvalues in [mu, L] (Polyak's
    parameters when alpha, beta are not given)."""
    try:
        L_, mu_ = sp.Rational(str(L)), sp.Rational(str(mu))
    except (TypeError, ValueError, SyntaxError):
        raise BadInput(f"heavy ball needs numbers L and mu, got L = {L!r}, mu = {mu!r}") from None
    if not 0 < mu_ < L_:
        raise BadInput(f"heavy ball on quadratics needs 0 < mu < L (--strongly-convex), got L = {L_}, mu = {mu_}")
    if (alpha is None) != (beta is None):
        raise BadInput("give both alpha and beta, or neither (Polyak's optimal parameters)")
    if alpha is None:
        a, b = polyak_parameters(L_, mu_)
    else:
        a, b = sp.Rational(str(alpha)), sp.Rational(str(beta))
        if a <= 0 or not 0 <= b < 1:
            raise BadInput(f"need alpha > 0 and 0 <= beta < 1, got {a}, {b}")
    ends = [(_radius(1 + b - a * lam, b), lam) for lam in (mu_, L_)]
    rho, at = max(ends, key=lambda e: float(e[0]))
    return SpectralRate(sp.radsimp(sp.simplify(rho)), at, a, b)
