"""Ground truth for modified_loss.md, decided by hand and checked exactly with SymPy (symgd is not used).

General statements use an undefined function F of two variables (gradients, Hessians, chain rule); "+ O(eta^3)"
claims are checked by expanding in eta and requiring the coefficients of eta^0, eta^1, eta^2 to agree; the Taylor
formula on a generic polynomial path of degree 5; the quadratic example exactly; the numbers to the digits shown;
the slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "modified_loss.key.json"


def agree_to_order(a, b, var, n: int = 3) -> bool:
    d = sp.expand(a - b)
    return all(identical(d.coeff(var, i), 0) for i in range(n))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    eta, lam = sp.symbols("eta lambda", positive=True)
    x1, x2, t = sp.symbols("x1 x2 t", real=True)
    F = sp.Function("F")
    Fx = F(x1, x2)
    grad = sp.Matrix([sp.diff(Fx, x1), sp.diff(Fx, x2)])
    H = sp.hessian(Fx, (x1, x2))
    # chain rule along a path X(t) for a generic function Ft (the modified loss)
    X1, X2 = sp.Function("X1")(t), sp.Function("X2")(t)
    Ft = sp.Function("Ft")
    gpath = sp.Matrix([sp.diff(Ft(x1, x2), x1), sp.diff(Ft(x1, x2), x2)]).subs({x1: X1, x2: X2}, simultaneous=True)
    Hpath = sp.hessian(Ft(x1, x2), (x1, x2)).subs({x1: X1, x2: X2}, simultaneous=True)
    xdot = -gpath
    xddot = sp.Matrix([sp.diff(c, t) for c in xdot]).subs({sp.diff(X1, t): xdot[0], sp.diff(X2, t): xdot[1]})
    vel = sp.Matrix([sp.diff(X1, t), sp.diff(X2, t)])
    chain = sp.Matrix([sp.diff(c, t) for c in xdot])
    v[r"\ddot x = -\nabla^2 \tilde f(x)\,\dot x"] = all(identical(a, b) for a, b in zip(chain, -Hpath * vel, strict=False))
    v[r"= \nabla^2\tilde f(x)\,\nabla\tilde f(x)"] = all(identical(a, b) for a, b in zip(xddot, Hpath * gpath, strict=False))
    # Taylor on a generic degree-5 path: the remainder has no eta^0, eta^1, eta^2 terms
    cs = sp.symbols("c0:6", real=True)
    xp = sum(c * t**i for i, c in enumerate(cs))
    v[r"x(t + \eta) = x(t) + \eta\,\dot x(t) + \frac{\eta^2}{2}\,\ddot x(t) + O(\eta^3)"] = agree_to_order(
        sp.expand(xp.subs(t, t + eta)), xp + eta * sp.diff(xp, t) + eta**2 / 2 * sp.diff(xp, t, 2), eta)
    sqn = grad.dot(grad)
    gsq = sp.Matrix([sp.diff(sqn, x1), sp.diff(sqn, x2)])
    v[r"\nabla \big(\|\nabla f\|^2\big) = 2\,\nabla^2 f\,\nabla f"] = all(identical(a, b) for a, b in zip(gsq, 2 * H * grad, strict=False))
    ft = Fx + eta / 4 * sqn
    gt = sp.Matrix([sp.diff(ft, x1), sp.diff(ft, x2)])
    assert all(identical(a, b) for a, b in zip(gt, grad + eta / 2 * H * grad, strict=False))
    y = sp.Symbol("y", real=True)
    f1 = y**2
    ft1 = f1 + eta / 4 * sp.diff(f1, y) ** 2
    v[r"\nabla \tilde f = \nabla f + \frac{\eta}{4}\,\nabla^2 f\,\nabla f"] = not false_at(
        "=", sp.diff(ft1, y), sp.diff(f1, y) + eta / 4 * sp.diff(f1, y, 2) * sp.diff(f1, y), {y: 1, eta: 1})
    # one flow step of the modified loss: x - eta grad~ + eta^2/2 H~ grad~ (+ O(eta^3))
    Ht = sp.hessian(ft, (x1, x2))
    X = sp.Matrix([x1, x2])
    step = X - eta * gt + eta**2 / 2 * Ht * gt
    mid = X - eta * grad - eta**2 / 2 * H * grad + eta**2 / 2 * H * grad
    v[r"x(t+\eta) = x - \eta\nabla f - \frac{\eta^2}{2}\nabla^2 f\,\nabla f + \frac{\eta^2}{2}\nabla^2 f\,\nabla f + O(\eta^3)"] = all(
        agree_to_order(a, b, eta) for a, b in zip(step, mid, strict=False))
    v[r"= x - \eta \nabla f + O(\eta^3)."] = all(agree_to_order(a, b, eta) for a, b in zip(mid, X - eta * grad, strict=False))
    v[r"\tilde f \ge f"] = identical(ft - Fx, eta / 4 * (grad[0] ** 2 + grad[1] ** 2))
    # the 1-D quadratic
    fq = lam / 2 * y**2
    ftq = fq + eta / 4 * sp.diff(fq, y) ** 2
    lt = lam + eta * lam**2 / 2
    v[r"\tilde f(x) = \frac{\lambda}{2}x^2 + \frac{\eta\lambda^2}{4}x^2"] = identical(ftq, lam / 2 * y**2 + eta * lam**2 / 4 * y**2)
    v[r"= \frac{\tilde\lambda}{2}x^2"] = identical(ftq, lt / 2 * y**2)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    x0 = sp.Symbol("x0", real=True)
    xk = (1 - eta * lam) ** k * x0
    v[r"x_k = (1 - \eta\lambda)^k x_0"] = identical(xk - eta * sp.diff(fq, y).subs(y, xk), xk.subs(k, k + 1)) and xk.subs(k, 0) == x0
    xt = sp.exp(-lam * t) * x0
    v[r"x(t) = e^{-\lambda t}x_0"] = identical(sp.diff(xt, t), -sp.diff(fq, y).subs(y, xt)) and xt.subs(t, 0) == x0
    xtt = sp.exp(-lt * t) * x0
    v[r"x(t) = e^{-\tilde\lambda t} x_0"] = identical(sp.diff(xtt, t), -sp.diff(ftq, y).subs(y, xtt)) and xtt.subs(t, 0) == x0
    v[r"e^{-\lambda\eta} = 1 - \eta\lambda + \frac{\eta^2\lambda^2}{2} + O(\eta^3)"] = identical(
        sp.series(sp.exp(-lam * eta), eta, 0, 3).removeO(), 1 - eta * lam + eta**2 * lam**2 / 2)
    v[r"e^{-\tilde\lambda\eta} = 1 - \eta\lambda + O(\eta^3)"] = identical(
        sp.series(sp.exp(-lt * eta), eta, 0, 3).removeO(), 1 - eta * lam)
    le = -sp.log(1 - eta * lam) / eta
    v[r"\lambda_\eta = -\frac{\ln(1 - \eta\lambda)}{\eta}"] = identical(sp.exp(-le * eta), 1 - eta * lam)
    ser = sp.series(le, eta, 0, 3).removeO()
    assert identical(ser, lam + eta * lam**2 / 2 + eta**2 * lam**3 / 3)
    v[r"= \lambda + \frac{\eta\lambda^2}{2} + \frac{\eta^2\lambda^3}{6} + O(\eta^3)"] = identical(
        ser, lam + eta * lam**2 / 2 + eta**2 * lam**3 / 6)
    # 0 < eta lambda < 1: lambda_eta - tilde lambda = (u^3/3 + u^4/4 + ...)/eta > 0 (u = eta lambda); at eta = 1/2,
    # lambda = 1: 2 ln 2 = 1.386... > 5/4, so the display's "<=" is reversed
    uu = sp.Symbol("uu", positive=True)
    assert identical(sp.diff(-sp.log(1 - uu) - uu - uu**2 / 2, uu), uu**2 / (1 - uu))  # > 0 on (0, 1), value 0 at 0
    v[r"\lambda_\eta \le \tilde\lambda"] = not false_at("<=", le, lt, {eta: sp.Rational(1, 2), lam: 1})
    v[r"e^{-0.1} \approx 0.9048"] = abs(sp.N(sp.exp(-sp.Rational(1, 10)), 30) - sp.Rational(9048, 10000)) < sp.Rational(5, 100000)
    v[r"e^{-0.105} \approx 0.9003"] = (lt.subs({lam: 1, eta: sp.Rational(1, 10)}) * sp.Rational(1, 10) == sp.Rational(105, 1000)
                                     and abs(sp.N(sp.exp(-sp.Rational(105, 1000)), 30) - sp.Rational(9003, 10000)) < sp.Rational(5, 100000))
    p, q, r = sp.symbols("p q r", real=True)
    A = sp.Matrix([[p, q], [q, r]])
    fA = (X.T * A * X)[0] / 2
    gA = sp.Matrix([sp.diff(fA, x1), sp.diff(fA, x2)])
    v[r"\|\nabla f\|^2 = x^\top A^2 x"] = identical(gA.dot(gA), (X.T * A**2 * X)[0])
    ftA = fA + eta / 4 * gA.dot(gA)
    assert identical(ftA, (X.T * (A + eta / 2 * A**2) * X)[0] / 2)
    v[r"\tilde f(x) = \tfrac12\, x^\top \Big(A - \frac{\eta}{2} A^2\Big) x"] = not false_at(
        "=", ftA, (X.T * (A - eta / 2 * A**2) * X)[0] / 2, {p: 1, q: 0, r: 1, x1: 1, x2: 0, eta: 1})
    return {key: bool(val) for key, val in v.items()}


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
