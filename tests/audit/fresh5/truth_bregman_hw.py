"""Ground truth for bregman_hw.md, decided by hand and checked exactly with SymPy (symgd is not used).

Divergences computed from the definition (vectors in R^3, positive coordinates for the entropies); the three-point
identity and the mirror step on an undefined function phi of two variables (and one variable); logarithms compared
after exact expansion; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _check import run
from _truth import false_at, identical

X3 = sp.symbols("x1:4", positive=True)
Y3 = sp.symbols("y1:4", positive=True)


def bregman(phi, x, y):
    grad = [sp.diff(phi(*y), t) for t in y]
    return phi(*x) - phi(*y) - sum(gi * (xi - yi) for gi, xi, yi in zip(grad, x, y, strict=False))


def same_log(a, b) -> bool:
    return sp.simplify(sp.expand_log(a - b, force=True)) == 0


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    half_sq = lambda *z: sum(t**2 for t in z) / 2  # noqa: E731
    D = bregman(half_sq, X3, Y3)
    nx2, ny2 = sum(t**2 for t in X3), sum(t**2 for t in Y3)
    xy = sum(a * b for a, b in zip(X3, Y3, strict=False))
    v[r"D_\varphi(x,y) &= \tfrac12\|x\|^2 - \tfrac12\|y\|^2 - \langle y, x - y\rangle"] = identical(
        D, nx2 / 2 - ny2 / 2 - (xy - ny2))
    v[r"&= \tfrac12\|x - y\|^2 ,"] = identical(nx2 / 2 - ny2 / 2 - (xy - ny2), sum((a - b) ** 2 for a, b in zip(X3, Y3, strict=False)) / 2)
    negent = lambda *z: sum(t * sp.log(t) for t in z)  # noqa: E731
    t = sp.Symbol("t", positive=True)
    v[r"\partial_i\varphi(y) = 1 + \log y_i"] = identical(sp.diff(t * sp.log(t), t), 1 + sp.log(t))
    D = bregman(negent, X3, Y3)
    line1 = (sum(a * sp.log(a) for a in X3) - sum(b * sp.log(b) for b in Y3)
             - sum((1 + sp.log(b)) * (a - b) for a, b in zip(X3, Y3, strict=False)))
    v[r"D_\varphi(x,y) &= \sum_i x_i\log x_i - \sum_i y_i \log y_i"] = identical(D, line1)
    v[r"&= \sum_i x_i \log\frac{x_i}{y_i} - \sum_i x_i + \sum_i y_i"] = same_log(
        line1, sum(a * sp.log(a / b) for a, b in zip(X3, Y3, strict=False)) - sum(X3) + sum(Y3))
    x, y = sp.symbols("x y", positive=True)
    burg = lambda z: -sp.log(z)  # noqa: E731
    Db = bregman(burg, (x,), (y,))
    v[r"D_\varphi(x,y) &= -\log x + \log y + \frac{x - y}{y}"] = identical(Db, -sp.log(x) + sp.log(y) + (x - y) / y)
    assert same_log(Db, x / y - sp.log(x / y) - 1)
    v[r"&= \frac{x}{y} + \log\frac{x}{y} - 1"] = not false_at("=", Db, x / y + sp.log(x / y) - 1, {x: 2, y: 1})
    # phi = -s^2 is differentiable but concave: D(1, 0) = -1
    s_, r_ = sp.symbols("s r", real=True)
    Dneg = bregman(lambda z: -z**2, (s_,), (r_,))
    assert identical(Dneg, -(s_ - r_) ** 2)
    v[r"D_\varphi(x,y) \ge 0"] = not false_at(">=", Dneg, sp.Integer(0), {s_: 1, r_: 0})
    q11, q12, q22 = sp.symbols("q11 q12 q22", real=True)
    Q = sp.Matrix([[q11, q12], [q12, q22]])
    a2 = sp.symbols("a1:3", real=True)
    b2 = sp.symbols("b1:3", real=True)
    quad = lambda *z: (sp.Matrix(z).T * Q * sp.Matrix(z))[0] / 2  # noqa: E731
    dv = sp.Matrix(a2) - sp.Matrix(b2)
    v[r"D_\varphi(x,y) = \tfrac12 (x-y)^\top Q (x-y)"] = identical(bregman(quad, a2, b2), (dv.T * Q * dv)[0] / 2)
    Dburg = lambda p, q: p / q - sp.log(p / q) - 1  # noqa: E731
    assert same_log(Dburg(x, y), Db)
    v[r"D_\varphi(1, 2) = \log 2 - \tfrac12"] = same_log(Dburg(sp.Integer(1), sp.Integer(2)), sp.log(2) - sp.Rational(1, 2))
    v[r"D_\varphi(2, 1) = 1 - \log 2"] = same_log(Dburg(sp.Integer(2), sp.Integer(1)), 1 - sp.log(2))
    # three-point identity on an undefined phi(u, w)
    phi = sp.Function("phi")
    P = sp.symbols("p1:3", real=True)
    Qp = sp.symbols("r1:3", real=True)
    Z = sp.symbols("z1:3", real=True)
    Dg = lambda a, b: bregman(lambda *w: phi(*w), a, b)  # noqa: E731
    grad = lambda pt: [sp.diff(phi(*pt), c) for c in pt]  # noqa: E731
    ip = lambda u, w: sum(p * q for p, q in zip(u, w, strict=False))  # noqa: E731
    sub = lambda u, w: [p - q for p, q in zip(u, w, strict=False)]  # noqa: E731
    lhs3 = Dg(P, Qp) + Dg(Qp, Z) - Dg(P, Z)
    rhs3 = ip(sub(grad(Z), grad(Qp)), sub(P, Qp))
    v[r"D_\varphi(x,y) + D_\varphi(y,z) - D_\varphi(x,z) = \langle \nabla\varphi(z) - \nabla\varphi(y),\, x - y\rangle"] = identical(lhs3, rhs3)
    rem = -ip(grad(Qp), sub(P, Qp)) - ip(grad(Z), sub(Qp, Z)) + ip(grad(Z), sub(P, Z))
    assert identical(lhs3, rem)
    v[r"&\qquad = -\langle\nabla\varphi(y), x - y\rangle + \langle\nabla\varphi(z), x - y\rangle"] = identical(
        rem, -ip(grad(Qp), sub(P, Qp)) + ip(grad(Z), sub(P, Qp)))
    # mirror step on an undefined phi of one variable: the objective's derivative in u
    u, xx, xp, eta, g = sp.symbols("u xx xp eta g", real=True)
    f1 = sp.Function("phi1")
    obj = eta * g * u + f1(u) - f1(xx) - sp.diff(f1(xx), xx) * (u - xx)
    dobj = sp.diff(obj, u)
    v[r"\nabla\varphi(x^+) = \nabla\varphi(x) - \eta g"] = identical(
        dobj.subs(u, xp), eta * g + sp.diff(f1(xp), xp) - sp.diff(f1(xx), xx))  # zero iff the stated condition
    D1 = lambda a, b: f1(a) - f1(b) - sp.Subs(sp.Derivative(f1(t), t), t, b) * (a - b)  # noqa: E731
    etag = sp.Subs(sp.Derivative(f1(t), t), t, xx) - sp.Subs(sp.Derivative(f1(t), t), t, xp)  # eta g from optimality
    true_rhs = D1(u, xx) - D1(u, xp) - D1(xp, xx)
    assert identical((etag * (xp - u)).doit(), true_rhs.doit())
    quadf = lambda z: sp.Integer(z) ** 2 / 2  # noqa: E731
    Dq = lambda a, b: quadf(a) - quadf(b) - sp.Integer(b) * (a - b)  # noqa: E731
    # phi = z^2/2, x = 0, eta = g = 1: x+ = -1; u = 0: left -1, stated right 0 - 1/2 + 1/2 = 0
    v[r"\eta\langle g, x^+ - u\rangle = D_\varphi(u, x) - D_\varphi(u, x^+) + D_\varphi(x^+, x)"] = not false_at(
        "=", sp.Integer(1) * (-1 - 0), Dq(0, 0) - Dq(0, -1) + Dq(-1, 0), {})
    v[r"\eta\langle g, x^+ - u\rangle \le D_\varphi(u,x) - D_\varphi(u,x^+)"] = identical(
        (D1(u, xx) - D1(u, xp) - etag * (xp - u)).doit(), D1(xp, xx).doit())  # = D(x+, x) >= 0, phi convex
    half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)
    xe, ye = (half, half), (quarter, 3 * quarter)
    kl = sum(a * sp.log(a / b) for a, b in zip(xe, ye, strict=False))
    v[r"D_\varphi(x,y) = \tfrac12\log 2 + \tfrac12\log\tfrac23"] = same_log(kl, half * sp.log(2) + half * sp.log(sp.Rational(2, 3)))
    v[r"= \tfrac12\log\tfrac43"] = same_log(half * sp.log(2) + half * sp.log(sp.Rational(2, 3)), half * sp.log(sp.Rational(4, 3)))
    l1 = sum(abs(a - b) for a, b in zip(xe, ye, strict=False))
    v[r"\tfrac12\|x - y\|_1^2 = \tfrac18"] = half * l1**2 == sp.Rational(1, 8)
    assert half * sp.log(sp.Rational(4, 3)) > sp.Rational(1, 8)  # Pinsker, as the text says
    return v


if __name__ == "__main__":
    run("bregman_hw.md", verdicts())
