"""Ground truth for hw5_projection_huber.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Problem 1: the gradient by differentiation, the projected iterates in exact rational arithmetic (the box projection
clips each coordinate), the optimality condition by an exact counterexample at the true minimizer (f is separable:
each coordinate's derivative has one sign on [0, 1]). Problem 2: the Huber function by maximizing the concave
quadratic in u exactly; the bounds by certificates on each piece (a = |x| >= 0 written through nonnegative
parameters); the example by exact arithmetic, also from the max definition. The slips get exact counterexamples.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

x1, x2, y1, y2 = sp.symbols("x1 x2 y1 y2", real=True)
f = 2 * (x1 - 3) ** 2 + sp.Rational(1, 2) * (x2 + 1) ** 2
grad = sp.Matrix([sp.diff(f, x1), sp.diff(f, x2)])
eta = sp.Rational(1, 4)


def _at(e: sp.Matrix, p: sp.Matrix) -> sp.Matrix:
    return e.subs({x1: p[0], x2: p[1]})


def _clip(z: sp.Matrix) -> sp.Matrix:
    return z.applyfunc(lambda c: sp.Min(sp.Max(c, 0), 1))


def _problem1(v: dict[str, bool]) -> None:
    v[r"\nabla f(x) = \bigl(4(x_1 - 3),\; x_2 + 1\bigr)"] = all(
        identical(a, b) for a, b in zip(grad, [4 * (x1 - 3), x2 + 1], strict=True)
    )
    p0 = sp.Matrix([0, 1])
    v[r"\nabla f(x^{(0)}) = (-12, 2)"] = _at(grad, p0) == sp.Matrix([-12, 2])
    z0 = p0 - eta * _at(grad, p0)
    v[r"x^{(0)} - \eta \nabla f(x^{(0)}) &= (3, \tfrac12)"] = z0 == sp.Matrix([3, sp.Rational(1, 2)])
    p1 = _clip(z0)
    v[r"x^{(1)} = \proj(3, \tfrac12)"] = p1 == _clip(sp.Matrix([3, sp.Rational(1, 2)]))
    v[r"&= (1, \tfrac12)"] = _clip(sp.Matrix([3, sp.Rational(1, 2)])) == sp.Matrix([1, sp.Rational(1, 2)])
    p2 = _clip(p1 - eta * _at(grad, p1))
    v[r"x^{(2)} = (1, \tfrac18)"] = p2 == sp.Matrix([1, sp.Rational(1, 8)])
    p3 = _clip(p2 - eta * _at(grad, p2))
    v[r"x^{(3)} = (1, 0)"] = p3 == sp.Matrix([1, 0]) and _clip(p3 - eta * _at(grad, p3)) == p3
    # x* = (1, 0) minimizes f over the box: on [0, 1], 4(x1 - 3) < 0 (f decreases in x1) and x2 + 1 > 0
    s = sp.Symbol("s", nonnegative=True)
    assert identical(grad[0].subs(x1, 1 - s), -8 - 4 * s) and identical(grad[1].subs(x2, s), s + 1)
    xs = sp.Matrix([1, 0])
    gs = _at(grad, xs)
    inner = (gs.T * (sp.Matrix([y1, y2]) - xs))[0]
    v[r"\langle \nabla f(x^\star), y - x^\star \rangle \le 0"] = not false_at(
        "<=", inner, sp.Integer(0), {y1: 0, y2: 0}
    )
    v[r"\nabla f(x^\star) = (-8, 1)"] = gs == sp.Matrix([-8, 1])
    v[r"\langle \nabla f(x^\star), y - x^\star \rangle = 8(1 - y_1) + y_2"] = identical(inner, 8 * (1 - y1) + y2)
    t = sp.Symbol("t", nonnegative=True)  # y1 = 1 - s with s >= 0, y2 = t >= 0
    v[r"\ge 0"] = identical((8 * (1 - y1) + y2).subs({y1: 1 - s, y2: t}), 8 * s + t)


def _problem2(v: dict[str, bool]) -> None:
    mu = sp.Symbol("mu", positive=True)
    x = sp.Symbol("x", real=True)
    u = sp.Symbol("u", real=True)
    obj = u * x - mu / 2 * u**2
    crit = sp.solve(sp.diff(obj, u), u)
    v[r"u = x/\mu"] = crit == [x / mu] and identical(sp.diff(obj, u, 2), -mu)
    v[r"h_\mu(x) &= \frac{x}{\mu}\, x - \frac{\mu}{2} \frac{x^2}{\mu^2}"] = identical(
        obj.subs(u, x / mu), x / mu * x - mu / 2 * x**2 / mu**2
    )
    v[r"&= \frac{x^2}{2\mu}"] = identical(x / mu * x - mu / 2 * x**2 / mu**2, x**2 / (2 * mu))
    # x = mu + s, s > 0: d/du obj at u = 1 is x - mu > 0, obj concave: the max over [-1, 1] is at u = 1
    s = sp.Symbol("s", positive=True)
    right = identical(sp.diff(obj, u).subs({u: 1, x: mu + s}), s) and identical(obj.subs(u, 1), x - mu / 2)
    v[r"h_\mu(x) = x - \frac{\mu}{2}"] = right
    v[r"\frac{\mu^2}{2\mu} = \mu - \frac{\mu}{2}"] = identical(mu**2 / (2 * mu), mu - mu / 2)
    v[r"h_\mu''(x) = 1/\mu"] = identical(sp.diff(x**2 / (2 * mu), x, 2), 1 / mu)
    hq = x**2 / (2 * mu)
    v[r"h_\mu(x) - |x| + \frac{\mu}{2} = \frac{(|x| - \mu)^2}{\mu}"] = not false_at(
        "=", hq - sp.Abs(x) + mu / 2, (sp.Abs(x) - mu) ** 2 / mu, {x: 0, mu: 1}
    )
    a = sp.Symbol("a", nonnegative=True)  # a = |x|; x^2 = a^2
    r = sp.Symbol("r", nonnegative=True)  # on |x| <= mu: a = mu - r with 0 <= r <= mu
    ha = a**2 / (2 * mu)
    lower_in = identical(ha - a + mu / 2, (a - mu) ** 2 / (2 * mu))  # a square over 2 mu > 0
    lower_out = right  # on |x| > mu, h = |x| - mu/2 (the other side by symmetry): equality
    v[r"|x| - \frac{\mu}{2} \le h_\mu(x)"] = lower_in and lower_out
    upper_in = nonneg_by_factors(
        (a - ha).subs(a, mu - r), [mu - r, mu + r, 1 / (2 * mu)], [mu - r, mu + r, 1 / (2 * mu)]
    )
    upper_out = identical(a - (a - mu / 2), mu / 2)
    v[r"\le |x|"] = upper_in and upper_out
    q = sp.Rational(1, 4)
    m2 = sp.Rational(1, 2)
    direct = sp.Max(*[obj.subs({x: q, mu: m2, u: w}) for w in (-1, 1, q / m2)])  # q/mu = 1/2 is in [-1, 1]
    v[r"h_{1/2}(\tfrac14) = \frac{(1/4)^2}{2 \cdot 1/2}"] = direct == q**2 / (2 * m2)
    v[r"= \frac{1}{8}"] = q**2 / (2 * m2) == sp.Rational(1, 8)
    assert direct == sp.Rational(1, 16)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    _problem1(v)
    _problem2(v)
    return v


def main() -> int:
    key = json.loads(Path(__file__).with_name("hw5_projection_huber.key.json").read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    for link in key["links"]:
        if link["truth"] not in ("correct", "slip"):
            continue
        ok = v.get(link["text"])
        agree = ok is not None and ok == (link["truth"] == "correct")
        bad += not agree
        print("correct" if ok else "SLIP   ", "" if agree else "<-- DISAGREES WITH THE KEY", link["text"])
    extra = set(v) - {link["text"] for link in key["links"]}
    bad += len(extra)
    for e in extra:
        print("not in the key:", e)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
