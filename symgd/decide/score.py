r"""Equalities between expectations under a parametric family ``p(x | \theta)`` (and derivatives of them in a
parameter), the density an undefined function: proved by comparing integrands, refuted by a member of a family.

A side is ``E_{p(x|\theta)}[u]``, ``\partial_v E_{p(x|\theta)}[u]`` or a plain value c (free of x).  Written as one
integral against dx: ``u p``, ``\partial_v (u p)`` (differentiation under the integral sign: the usual regularity,
said so in the verdict) and ``c p`` (the density integrates to 1).  Then

* **proved** when the two integrands are identical, or differ by ``a(\theta) \partial_\theta p(x|\theta)`` with a
  free of x: ``\int \partial_\theta p \, dx = \partial_\theta \int p \, dx = 0`` (the score has mean zero), under the
  regularity named in the verdict (the support of p does not depend on theta and the derivative passes under the
  integral sign);
* **refuted** when the two sides, computed exactly for the Bernoulli family ``p(1|\theta) = \theta``,
  ``p(0|\theta) = 1 - \theta`` (theta in (0, 1); a finite sum, so the derivative of the expectation is exact and
  every regularity condition holds), differ at a rational point.  A family member is a legitimate witness only for
  a claim about every family: the caller says so.

The parameter is one real coordinate: a gradient identity holds iff it holds in each coordinate with the others
fixed, and a one-dimensional family is an instance of a family over R^n.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = ["FamilySide", "bernoulli_value", "decide_family", "gaussian_value"]

REGULARITY = ("the usual regularity (the support of p(x|θ) does not depend on θ and the derivative passes under the "
              "integral sign)")
_POINTS = (sp.Rational(1, 3), sp.Rational(1, 2), sp.Rational(1, 5), sp.Rational(3, 4), sp.Rational(2, 7))


@dataclass(frozen=True)
class FamilySide:
    """``E_{p(x|theta)}[integrand]`` (integrand set) or a plain value; ``grad``: the variable of a derivative
    outside the expectation, or None."""

    integrand: Any = None
    value: Any = None
    grad: Any = None


def _density(p: Any, x: sp.Symbol, theta: sp.Symbol) -> Any:
    return p(x, theta)


def _as_integrand(side: FamilySide, p: Any, x: sp.Symbol, theta: sp.Symbol) -> Any:
    dens = _density(p, x, theta)
    f = side.integrand * dens if side.integrand is not None else side.value * dens
    return sp.diff(f, side.grad) if side.grad is not None else f


def _prove(lhs: FamilySide, rhs: FamilySide, p: Any, x: sp.Symbol, theta: sp.Symbol) -> str:
    """The method when the integrands agree (or differ by a multiple of the score's integrand), else ''."""
    for s in (lhs, rhs):
        if s.integrand is None and (s.value.has(x) or s.value.atoms(AppliedUndef)):
            return ""  # a plain side that is not a number or a function of the parameters
    delta = sp.simplify((_as_integrand(lhs, p, x, theta) - _as_integrand(rhs, p, x, theta)).doit())
    moved = any(s.grad is not None for s in (lhs, rhs))  # a derivative of a plain value uses it too: c' = ∫ ∂(c p)
    if delta == 0:
        return "the integrands against dx agree" + (" after differentiating under the integral sign, under "
                                                    + REGULARITY if moved else "")
    score = sp.Derivative(_density(p, x, theta), theta)
    a = sp.simplify(delta / score)
    if not a.has(x) and not a.atoms(AppliedUndef) and not a.atoms(sp.Derivative):
        return ("the integrands differ by a multiple of ∂p(x|θ)/∂θ, whose integral is ∂/∂θ ∫ p dx = 0 (the score has "
                "mean zero), under " + REGULARITY)
    return ""


def _bernoulli_density(xv: Any, th: Any) -> Any:
    return th**xv * (1 - th) ** (1 - xv)


def _gaussian_density(xv: Any, th: Any) -> Any:
    return sp.exp(-((xv - th) ** 2) / 2) / sp.sqrt(2 * sp.pi)


def _with_density(expr: Any, p: Any, density: Any) -> Any:
    return expr.replace(lambda a: isinstance(a, AppliedUndef) and a.func == p, lambda a: density(*a.args)).doit()


def bernoulli_value(side: FamilySide, p: Any, x: sp.Symbol, theta: sp.Symbol) -> Any:
    """The side's exact value for the Bernoulli family (x in {0, 1}): a function of the parameters."""
    def at(expr: Any, xv: int) -> Any:
        return _with_density(expr.subs(x, xv), p, _bernoulli_density)

    if side.integrand is None:
        v = at(side.value, 0)
    else:
        v = sum(at(side.integrand, xv) * _bernoulli_density(xv, theta) for xv in (0, 1))
    return sp.diff(v, side.grad) if side.grad is not None else v


def gaussian_value(side: FamilySide, p: Any, x: sp.Symbol, theta: sp.Symbol) -> Any:
    """The side's exact value for the Gaussian location family N(theta, 1), or None when the integrand (with that
    density) is not a polynomial in x: E[x^k] from m_k = theta m_{k-1} + (k - 1) m_{k-2}."""
    if side.integrand is None:
        v = _with_density(side.value, p, _gaussian_density)
    else:
        h = sp.expand(sp.expand_log(sp.simplify(_with_density(side.integrand, p, _gaussian_density)), force=True))
        if not h.is_polynomial(x):
            return None
        poly = sp.Poly(h, x)
        moments = [sp.Integer(1), theta]
        while len(moments) <= poly.degree():
            k = len(moments)
            moments.append(sp.expand(theta * moments[k - 1] + (k - 1) * moments[k - 2]))
        v = sum(c * moments[k] for (k,), c in poly.terms())
    return sp.diff(v, side.grad) if side.grad is not None else v


_FAMILIES = (("Gaussian location family N(θ, 1)", gaussian_value, "an integral of a polynomial against the "
              "density: every regularity condition holds"),
             ("Bernoulli family p(1|θ) = θ, p(0|θ) = 1 - θ", bernoulli_value, "a finite sum: every regularity "
              "condition holds"))


def _refute(lhs: FamilySide, rhs: FamilySide, p: Any, x: sp.Symbol, theta: sp.Symbol) -> dict | None:
    """A member of a witness family and a point where the sides differ (exact), or None."""
    for name, value, why in _FAMILIES:
        try:
            lv, rv = value(lhs, p, x, theta), value(rhs, p, x, theta)
        except Exception:  # a side the family cannot evaluate (log 0, say): the next family
            continue
        if lv is None or rv is None:
            continue
        cex = _differ(lv, rv, lhs, rhs, p, theta)
        if cex is not None:
            return {"family": name, **cex, "why": why}
    return None


def _differ(lv: Any, rv: Any, lhs: FamilySide, rhs: FamilySide, p: Any, theta: sp.Symbol) -> dict | None:
    params = sorted((lv - rv).free_symbols, key=str)
    family = {theta} | {a for s in (lhs, rhs) for e in (s.integrand, s.value) if e is not None
                        for f in e.atoms(AppliedUndef) if f.func == p for a in f.args[1:]}
    if not set(params) <= family or len(params) > 3:  # another name may be constrained by assumptions: no witness
        return None
    if theta not in params:
        params = [theta, *params]
    for values in product(_POINTS, repeat=len(params)):
        if len(set(values)) != len(values):
            continue
        point = dict(zip(params, values, strict=True))
        try:
            diff = sp.simplify(lv.subs(point) - rv.subs(point))
        except Exception:  # not evaluable there: the next point
            continue
        if diff.free_symbols or not diff.is_number:
            continue
        if diff.is_zero is False and abs(complex(diff.evalf(30))) > 1e-20:
            cex = {str(k): str(v) for k, v in point.items()}
            cex["lhs"], cex["rhs"] = str(sp.simplify(lv.subs(point))), str(sp.simplify(rv.subs(point)))
            return cex
    return None


def decide_family(lhs: FamilySide, rhs: FamilySide, p: Any, x: sp.Symbol, theta: sp.Symbol) -> tuple[str, str, dict]:
    """(verdict, method, counterexample) for ``lhs = rhs``, p an arbitrary family of densities in x with
    parameter theta."""
    for s in (lhs, rhs):
        other = sorted({f.func.__name__ for f in (s.value.atoms(AppliedUndef) if s.integrand is None else ())} - {str(p)})
        if other:
            return "undecided", (f"a side is a value of {', '.join(other)}, not an expectation under the family: "
                                 "its definition is not expanded here"), {}
    if (lhs.integrand is not None and rhs.integrand is not None and lhs.grad == rhs.grad
            and sp.simplify((lhs.integrand - rhs.integrand).doit()) == 0):
        return "proved", "the same expectation on both sides (identical integrands)", {}
    method = _prove(lhs, rhs, p, x, theta)
    if method:
        return "proved", method, {}
    cex = _refute(lhs, rhs, p, x, theta)
    if cex is not None:
        why = cex.pop("why")
        return ("refuted", f"false for the {cex['family']} at θ = {cex[str(theta)]}: the left side is {cex['lhs']}, "
                f"the right side {cex['rhs']} (exact; {why})", cex)
    return "undecided", ("neither identical integrands nor a multiple of the score, and neither the Gaussian nor "
                         "the Bernoulli family gives a counterexample"), {}
