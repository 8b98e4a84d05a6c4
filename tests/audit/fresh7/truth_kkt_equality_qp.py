"""Ground truth for kkt_equality_qp.tex, decided by hand and checked exactly with SymPy (symgd is not used).

General statements are checked on a generic instance with n = 2, m = 1: Q = [[q1, q2], [q2, q3]] symmetric (its
inverse symbolic), A = (a1 a2), c = (c1, c2), scalars b and lambda. The example is solved exactly (linsolve);
every slip gets an exact counterexample.
"""

from __future__ import annotations

import sympy as sp
from _truth import identical, report


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    q1, q2, q3, a1, a2, c1, c2, b, lam = sp.symbols("q1 q2 q3 a1 a2 c1 c2 b lam", real=True)
    Q = sp.Matrix([[q1, q2], [q2, q3]])
    Qi = Q.inv()
    A = sp.Matrix([[a1, a2]])
    c = sp.Matrix([c1, c2])
    sc = lambda M: sp.simplify(M[0, 0])  # noqa: E731  (1x1 matrix -> scalar)
    x = Qi * (c - A.T * lam)
    v[r"x = \Qi(c - A\T\lam)"] = all(identical(e, 0) for e in sp.simplify(Q * x + A.T * lam - c))
    v[r"A\Qi c - A\Qi A\T \lam = b"] = identical(sc(A * x), sc(A * Qi * c - A * Qi * A.T * lam))
    # feasibility A x = b solved for lambda: lambda* = (A Q^-1 A^T)^-1 (A Q^-1 c - b); the display flips the sign
    lam_true = sp.solve(sp.Eq(sc(A * x), b), lam)[0]
    assert identical(lam_true, (sc(A * Qi * c) - b) / sc(A * Qi * A.T))
    v[r"\lam^\star = (A\Qi A\T)^{-1}\,(b - A\Qi c)."] = identical(lam_true, (b - sc(A * Qi * c)) / sc(A * Qi * A.T))
    X = sp.Matrix(sp.symbols("X1 X2", real=True))
    Lag = sc(X.T * Q * X / 2 - c.T * X) + lam * (sc(A * X) - b)
    grad = sp.Matrix([sp.diff(Lag, s) for s in X])
    v[r"x(\lam) = \Qi(c - A\T\lam)"] = all(identical(e, 0) for e in grad.subs(dict(zip(X, x, strict=False))))  # Q > 0: minimizer
    w = c - A.T * lam
    Lx = Lag.subs(dict(zip(X, x, strict=False)))
    v[r"&= \tfrac12 w\T \Qi w - w\T \Qi w - \lam\T b \\"] = identical(Lx, sc(w.T * Qi * w / 2 - w.T * Qi * w) - lam * b)
    v[r"&= -\,w\T \Qi w - \lam\T b ."] = identical(Lx, sc(-w.T * Qi * w) - lam * b)
    # the example: Q = diag(2,4), c = 0, A = (1 1), b = 3
    x1, x2, lm = sp.symbols("x1 x2 lm", real=True)
    sol = sp.solve([2 * x1 + lm, 4 * x2 + lm, x1 + x2 - 3], [x1, x2, lm], dict=True)[0]
    fex = lambda p, r: p**2 + 2 * r**2  # noqa: E731
    v[r"\lam^\star &= -4,"] = identical(sol[lm], -4)
    v[r"x^\star &= (2,\,1),"] = identical(sol[x1], 2) and identical(sol[x2], 1)
    v[r"f(x^\star) &= 2^2 + 2\cdot 1^2"] = identical(fex(sol[x1], sol[x2]), 2**2 + 2 * 1**2)
    v[r"= 6. \tag{E3}"] = identical(sp.Integer(2**2 + 2 * 1**2), 6)
    g1, g2 = sp.diff(fex(x1, x2), x1).subs(sol), sp.diff(fex(x1, x2), x2).subs(sol)
    v[r"\nabla f(x^\star) = (4,4)"] = identical(g1, 4) and identical(g2, 4)
    v[r"= -\lam^\star (1,1)"] = identical(-sol[lm], 4)
    ex = {q1: 2, q2: 0, q3: 4, a1: 1, a2: 1, c1: 0, c2: 0, b: 3}
    g_ex = (Lx.subs(ex))
    v[r"g(\lam) = -\tfrac12\Big(\frac{\lam^2}{2} + \frac{\lam^2}{4}\Big) - 3\lam"] = identical(
        g_ex, -sp.Rational(1, 2) * (lam**2 / 2 + lam**2 / 4) - 3 * lam)
    v[r"= -\tfrac38\lam^2 - 3\lam ,"] = identical(
        -sp.Rational(1, 2) * (lam**2 / 2 + lam**2 / 4) - 3 * lam, -sp.Rational(3, 8) * lam**2 - 3 * lam)
    v[r"g(-4) = -6 + 12"] = identical(g_ex.subs(lam, -4), -6 + 12)
    v[r"= f(x^\star)"] = identical(sp.Integer(-6 + 12), fex(sol[x1], sol[x2]))
    z = sp.Matrix([1, -1])
    zQz = sc(z.T * sp.diag(2, 4) * z)
    v[r"z\T Q z = 2 + 4"] = identical(zQz, 2 + 4)
    v[r"= 8,"] = identical(zQz, 8)  # it is 6
    bb = sp.Symbol("bb", real=True)
    solb = sp.solve([2 * x1 + lm, 4 * x2 + lm, x1 + x2 - bb], [x1, x2, lm], dict=True)[0]
    fstar = sp.expand(fex(solb[x1], solb[x2]))
    assert identical(solb[x1], 2 * bb / 3) and identical(solb[x2], bb / 3)
    v[r"f^\star(b) = \frac{4b^2}{9} + \frac{2b^2}{9}"] = identical(fstar, 4 * bb**2 / 9 + 2 * bb**2 / 9)
    v[r"= \frac{2b^2}{3},"] = identical(4 * bb**2 / 9 + 2 * bb**2 / 9, 2 * bb**2 / 3)
    v[r"\frac{d f^\star}{db}\Big|_{b=3} = 4"] = identical(sp.diff(fstar, bb).subs(bb, 3), 4)
    v[r"= -\lam^\star ."] = identical(sp.Integer(4), -sol[lm])
    K = sp.Matrix([[2, 0, 1], [0, 4, 1], [1, 1, 0]])
    Kgen = sp.Matrix(sp.BlockMatrix([[sp.diag(2, 4), sp.Matrix([[1], [1]])], [sp.Matrix([[1, 1]]), sp.zeros(1, 1)]]))
    v[r"\det K = \det\begin{pmatrix} 2 & 0 & 1 \\ 0 & 4 & 1 \\ 1 & 1 & 0 \end{pmatrix}"] = Kgen == K
    v[r"= -6,"] = identical(K.det(), -6)
    return v


if __name__ == "__main__":
    import pathlib
    import sys

    sys.exit(report(verdicts(), pathlib.Path(__file__).with_name("kkt_equality_qp.key.json")))
