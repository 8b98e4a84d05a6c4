"""Ground truth for gradient_flow.md, decided by hand and checked exactly with SymPy (symgd is not used).

The chain rule along the flow is checked with a generic function of two variables along a generic curve; the energy
identity by its derivative in T and its value at T = 0 (and on the quadratic's flow in closed form); the min-average
bound by an exact certificate; the scalar quadratic, Euler's recursion, the Taylor expansion and the example by
exact algebra and rational arithmetic. The slips get exact counterexamples (or a Taylor coefficient that differs).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

t, T, a, eta, x0, u, kappa = sp.symbols("t T a eta x0 u kappa", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
xk = sp.Symbol("x_k", real=True)


def _chain_rule() -> tuple[bool, bool, bool]:
    y1, y2 = sp.symbols("y1 y2", real=True)
    F = sp.Function("F")
    c1, c2 = sp.Function("c1")(t), sp.Function("c2")(t)
    along = {y1: c1, y2: c2}
    grad = [sp.diff(F(y1, y2), y).subs(along) for y in (y1, y2)]
    lhs = sp.diff(F(y1, y2).subs(along), t)
    inner = grad[0] * sp.diff(c1, t) + grad[1] * sp.diff(c2, t)
    link1 = sp.simplify(lhs.doit() - inner.doit()) == 0
    g1, g2 = sp.symbols("g1 g2", real=True)  # the gradient's coordinates; the flow sets x' = -g
    link2 = identical((g1 * (-g1) + g2 * (-g2)), -(g1**2 + g2**2))
    link3 = identical(0 - (-(g1**2 + g2**2)), g1**2 + g2**2)  # a sum of squares: >= 0
    return link1, link2, link3


def _energy() -> bool:
    q = sp.Function("q")  # q(t) = ||grad f(x(t))||^2; E(t) = f(x(t)) has E' = -q by the chain rule
    E = sp.Function("E")
    phi = E(T) - E(0) + sp.Integral(q(t), (t, 0, T))
    dphi = sp.diff(phi, T).subs(sp.Derivative(E(T), T), -q(T))
    general = sp.simplify(dphi.doit()) == 0 and sp.simplify(phi.subs(T, 0).doit()) == 0
    flow = sp.exp(-a * t) * x0  # the quadratic's flow, closed form
    fq = lambda z: a / 2 * z**2  # noqa: E731
    quad = identical(fq(flow.subs(t, T)), fq(x0) - sp.integrate((a * flow) ** 2, (t, 0, T)))
    return general and quad


def _min_average() -> bool:
    # m = min over [0, T] of ||grad||^2, I = the integral of ||grad||^2 >= m T, f(x(T)) >= f*; f(x0) = f(x(T)) + I
    m, integ, fT, fs = sp.symbols("m I f_T f_s", real=True)
    f0 = fT + integ
    gap = (f0 - fs) / T - m
    return identical(gap, ((integ - m * T) + (fT - fs)) / T)  # both summands >= 0, T > 0


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    l1, l2, l3 = _chain_rule()
    v[r"\frac{d}{dt} f(x(t)) = \langle \nabla f(x(t)), \dot x(t) \rangle"] = l1
    v[r"= -\|\nabla f(x(t))\|^2"] = l2
    v[r"\le 0"] = l3
    v[r"f(x(T)) = f(x_0) - \int_0^T \|\nabla f(x(t))\|^2 \, dt"] = _energy()
    v[r"\min_{0 \le t \le T} \|\nabla f(x(t))\|^2 \le \frac{f(x_0) - f^\star}{T}"] = _min_average()
    xt = sp.exp(-a * t) * x0
    v[r"x(t) = e^{-a t} x_0"] = identical(sp.diff(xt, t), -a * xt) and xt.subs(t, 0) == x0
    f = lambda z: a / 2 * z**2  # noqa: E731
    v[r"f(x(t)) = \frac{a}{2} e^{-2 a t} x_0^2"] = identical(f(xt), a / 2 * sp.exp(-2 * a * t) * x0**2)
    slip = a / 2 * sp.exp(-2 * a * t) * x0**2, sp.exp(-a * t) * f(x0)
    v[r"= e^{-a t} f(x_0)"] = not false_at("=", *slip, {a: 1, t: 1, x0: 1})
    assert identical(f(xt), sp.exp(-2 * a * t) * f(x0))  # the correct exponent is -2at
    z = sp.Symbol("z", real=True)
    step = xk - eta * sp.diff(f(z), z).subs(z, xk)
    v[r"x_{k+1} = x_k - \eta a x_k"] = identical(step, xk - eta * a * xk)
    v[r"= (1 - \eta a)\, x_k"] = identical(xk - eta * a * xk, (1 - eta * a) * xk)
    closed = (1 - eta * a) ** k * x0
    v[r"x_k = (1 - \eta a)^k x_0"] = closed.subs(k, 0) == x0 and identical(
        (1 - eta * a) * closed, closed.subs(k, k + 1)
    )
    series = sp.series(sp.exp(-a * eta), eta, 0, 4).removeO()
    v[r"e^{-a\eta} = 1 - a\eta + \frac{a^2\eta^2}{2} - \frac{a^3\eta^3}{6} + O(\eta^4)"] = identical(
        series, 1 - a * eta + a**2 * eta**2 / 2 - a**3 * eta**3 / 6
    )
    x1 = (1 - eta * a) * x0
    v[r"x(\eta) - x_1 = \left(e^{-a\eta} - 1 + a\eta\right) x_0"] = identical(
        xt.subs(t, eta) - x1, (sp.exp(-a * eta) - 1 + a * eta) * x0
    )
    err = (sp.exp(-a * eta) - 1 + a * eta) * x0
    c2 = sp.series(err, eta, 0, 3).removeO().coeff(eta, 2)
    v[r"= a^2\eta^2 x_0 + O(\eta^3)"] = identical(c2, a**2 * x0)
    assert identical(c2, a**2 * x0 / 2)  # the eta^2 coefficient is a^2 x0 / 2
    nxt = (1 - eta * a) * xk
    v[r"f(x_{k+1}) - f(x_k) = \frac{a}{2}\left((1-\eta a)^2 - 1\right)x_k^2"] = identical(
        f(nxt) - f(xk), a / 2 * ((1 - eta * a) ** 2 - 1) * xk**2
    )
    v[r"= -\eta\left(1 - \frac{\eta a}{2}\right) g_k^2"] = identical(
        a / 2 * ((1 - eta * a) ** 2 - 1) * xk**2, -eta * (1 - eta * a / 2) * (a * xk) ** 2
    )
    ur = sp.Symbol("u", real=True)
    h = sp.exp(-ur) - 1 + ur  # h(0) = 0, h'(0) = 0, h'' = e^{-u} > 0: h >= 0 on R
    v[r"1 - u \le e^{-u}"] = (
        h.subs(ur, 0) == 0 and sp.diff(h, ur).subs(ur, 0) == 0 and identical(sp.diff(h, ur, 2), sp.exp(-ur))
    )
    # kappa >= 1: write kappa = 1 + s, s >= 0; then 0 <= 1 - 1/kappa = s/(1 + s) <= e^{-1/kappa}, and z -> z^k is
    # increasing on z >= 0
    s = sp.Symbol("s", nonnegative=True)
    base_nonneg = identical((1 - 1 / kappa).subs(kappa, 1 + s), s / (1 + s))
    v[r"\left(1 - \frac{1}{\kappa}\right)^k \le e^{-k/\kappa}"] = (
        base_nonneg and v[r"1 - u \le e^{-u}"] and identical(sp.exp(-1 / kappa) ** k, sp.exp(-k / kappa))
    )
    v[r"= \frac{1}{4}"] = sp.Rational(2, 4) == sp.Rational(1, 4)  # it is 1/2
    fac = 1 - sp.Rational(1, 10) * 4
    v[r"x_2 = \frac{9}{25}"] = fac**2 * 1 == sp.Rational(9, 25)
    v[r"x_3 = \frac{27}{125}"] = fac**3 * 1 == sp.Rational(27, 125)
    v[r"x_k = (-2)^k"] = identical((1 - sp.Rational(3, 4) * 4) ** k * 1, (-2) ** k)
    return v


def main() -> int:
    key = json.loads(Path(__file__).with_name("gradient_flow.key.json").read_text(encoding="utf-8"))
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
