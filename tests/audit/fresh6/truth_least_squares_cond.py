"""Ground truth for least_squares_cond.md, decided by hand and checked exactly with SymPy (symgd is not used).

General matrix statements are checked on a generic symbolic 3x2 instance (X, y, w with independent symbols);
SVD statements on X = U Sigma V^T with U having orthonormal columns (an angle a) and V a rotation (an angle b);
the worked example by exact rational arithmetic. Slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _key import main
from _truth import false_at, identical

Xs = sp.Matrix(3, 2, sp.symbols("x11 x12 x21 x22 x31 x32", real=True))
ys = sp.Matrix(sp.symbols("y1 y2 y3", real=True))
ws = sp.Matrix(sp.symbols("w1 w2", real=True))
vs = sp.Matrix(sp.symbols("v1 v2", real=True))


def mzero(M: sp.Matrix) -> bool:
    return all(identical(e, 0) for e in M)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    r = Xs * ws - ys
    f = (r.T * r)[0] / 2
    # the expansion with +w^T X^T y: fails already for X = [1], y = 1, w = 1 (0 versus 2)
    expansion = (ws.T * Xs.T * Xs * ws)[0] / 2 + (ws.T * Xs.T * ys)[0] + (ys.T * ys)[0] / 2
    v[r"f(w) = \frac{1}{2} w^\top X^\top X w + w^\top X^\top y"] = identical(f, expansion)
    assert identical(f, (ws.T * Xs.T * Xs * ws)[0] / 2 - (ws.T * Xs.T * ys)[0] + (ys.T * ys)[0] / 2)
    grad = sp.Matrix([sp.diff(f, wi) for wi in ws])
    v[r"\nabla f(w) = X^\top (Xw - y)"] = mzero(grad - Xs.T * (Xs * ws - ys))
    v[r"v^\top X^\top X v = \|Xv\|^2"] = identical((vs.T * Xs.T * Xs * vs)[0], ((Xs * vs).T * (Xs * vs))[0])
    G = Xs.T * Xs
    wstar = G.inv() * Xs.T * ys
    v[r"w^\star = (X^\top X)^{-1} X^\top y"] = mzero(G * wstar - Xs.T * ys)  # it solves (NE)
    v[r"X^\top (y - Xw^\star) = 0"] = mzero(Xs.T * (ys - Xs * wstar))

    # SVD: U (3x2) with orthonormal columns, V a rotation, Sigma = diag(s1, s2), s1 >= s2 > 0 (s1 = s2 + d)
    a, b = sp.symbols("a b", real=True)
    s2, d = sp.symbols("s2 d", positive=True)
    s1 = s2 + d
    U = sp.Matrix([[sp.cos(a), 0], [sp.sin(a), 0], [0, 1]])
    V = sp.Matrix([[sp.cos(b), -sp.sin(b)], [sp.sin(b), sp.cos(b)]])
    S = sp.diag(s1, s2)
    X = U * S * V.T
    v[r"X^\top X = V \Sigma U^\top U \Sigma V^\top"] = mzero(X.T * X - V * S * U.T * U * S * V.T)
    lam = sp.Symbol("lam")
    cp = sp.expand(sp.simplify((X.T * X - lam * sp.eye(2)).det()))
    assert identical(cp, sp.expand((lam - s1**2) * (lam - s2**2)))  # eigenvalues s1^2 >= s2^2 > 0
    v[r"= \frac{\sigma_1^2}{\sigma_d^2}"] = identical(cp, sp.expand((lam - s1**2) * (lam - s2**2))) and (s1**2 - s2**2).expand().is_nonnegative
    v[r"= \kappa(X)^2"] = identical(s1**2 / s2**2, (s1 / s2) ** 2)
    c = V.T * vs  # coordinates of v in the right singular basis
    Xv2 = sp.simplify(((X * vs).T * (X * vs))[0])
    nv2 = (vs.T * vs)[0]
    v[r"\sigma_d^2 \|v\|^2 \le \|Xv\|^2"] = identical(Xv2 - s2**2 * nv2, d * (2 * s2 + d) * c[0] ** 2)  # >= 0
    v[r"\le \sigma_1^2 \|v\|^2"] = identical(s1**2 * nv2 - Xv2, d * (2 * s2 + d) * c[1] ** 2)  # >= 0

    # gradient descent error recursion on the generic instance
    eta = sp.Symbol("eta", positive=True)
    wnext = ws - eta * Xs.T * (Xs * ws - ys)
    e, enext = ws - wstar, wnext - wstar
    v[r"e_{k+1} = e_k - \eta X^\top X e_k"] = mzero(enext - (e - eta * G * e))
    v[r"= (I - \eta X^\top X)\, e_k"] = mzero((e - eta * G * e) - (sp.eye(2) - eta * G) * e)
    # the exponent k+1: at k = 0 it claims ||e_0|| <= (1 - 1/kappa)||e_0||, false for e_0 != 0, kappa > 1
    E, kap = sp.symbols("E kappa", positive=True)
    v[r"\|e_k\| \le \Big(1 - \frac{1}{\kappa}\Big)^{k+1} \|e_0\|"] = not false_at("<=", E, (1 - 1 / kap) * E, {E: 1, kap: 2})
    # (exponent k is right: the eigenvalues 1 - s_i^2/s_1^2 of I - eta X^T X lie in [0, 1 - 1/kappa])

    # worked example
    Xe = sp.Matrix([[1, 0], [1, 1], [1, 2]])
    ye = sp.Matrix([1, 2, 4])
    Ge = Xe.T * Xe
    v[r"X^\top X = \begin{pmatrix} 3 & 3 \\ 3 & 5 \end{pmatrix}"] = Ge == sp.Matrix([[3, 3], [3, 5]])
    v[r"X^\top y = \begin{pmatrix} 7 \\ 10 \end{pmatrix}"] = Xe.T * ye == sp.Matrix([7, 10])
    adj = sp.Rational(1, 6) * sp.Matrix([[5, -3], [-3, 3]]) * sp.Matrix([7, 10])
    we = Ge.inv() * Xe.T * ye
    v[r"w^\star = \frac{1}{6}\begin{pmatrix} 5 & -3 \\ -3 & 3 \end{pmatrix}"] = we == adj
    v[r"= \begin{pmatrix} 5/6 \\ 3/2 \end{pmatrix}"] = adj == sp.Matrix([sp.Rational(5, 6), sp.Rational(3, 2)])
    re = ye - Xe * we
    v[r"y - Xw^\star = (1/6, -1/3, 1/6)^\top"] = re == sp.Matrix([sp.Rational(1, 6), sp.Rational(-1, 3), sp.Rational(1, 6)])
    assert (re.T * re)[0] == sp.Rational(1, 6)  # the squared norm 1/6 (prose) is right
    v[r"f(w^\star) = 1/6"] = (re.T * re)[0] / 2 == sp.Rational(1, 6)  # it is 1/12
    ev = sorted(Ge.eigenvals().keys(), key=lambda z: float(z))
    v[r"\lambda_{\pm} = 4 \pm \sqrt{10}"] = identical(ev[0], 4 - sp.sqrt(10)) and identical(ev[1], 4 + sp.sqrt(10))
    kape = ev[1] / ev[0]
    v[r"\kappa(X^\top X) = \frac{4 + \sqrt{10}}{4 - \sqrt{10}}"] = identical(kape, (4 + sp.sqrt(10)) / (4 - sp.sqrt(10)))
    v[r"= \frac{13 + 4\sqrt{10}}{3}"] = identical(sp.radsimp((4 + sp.sqrt(10)) / (4 - sp.sqrt(10))), (13 + 4 * sp.sqrt(10)) / 3)
    v[r"1 - 1/\kappa = \frac{2\sqrt{10}}{4 + \sqrt{10}}"] = identical(sp.radsimp(1 - 1 / kape), sp.radsimp(2 * sp.sqrt(10) / (4 + sp.sqrt(10))))
    Xc = sp.Matrix([[1, -1], [1, 0], [1, 1]])
    v[r"X_c^\top X_c = \mathrm{diag}(3, 2)"] = Xc.T * Xc == sp.diag(3, 2)
    return v


if __name__ == "__main__":
    main(verdicts, __file__)
