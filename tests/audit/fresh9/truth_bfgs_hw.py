"""Ground truth for bfgs_hw.md, decided by hand and checked exactly with SymPy (symgd is not used).

General statements on a generic symmetric 2x2 B_0 and generic vectors s, y (symbols); the worked step by exact
rational arithmetic; slips by exact counterexamples satisfying the stated hypotheses.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "bfgs_hw.key.json"

b11, b12, b22, s1, s2, y1, y2, p1, p2, q1, q2 = sp.symbols("b11 b12 b22 s1 s2 y1 y2 p1 p2 q1 q2", real=True)
B0 = sp.Matrix([[b11, b12], [b12, b22]])
s = sp.Matrix([s1, s2])
y = sp.Matrix([y1, y2])
Id = sp.eye(2)
r = sp.Rational


def bfgs(B: sp.Matrix, sv: sp.Matrix, yv: sp.Matrix) -> sp.Matrix:
    return B - (B * sv * sv.T * B) / (sv.T * B * sv)[0] + (yv * yv.T) / (yv.T * sv)[0]


def mzero(mat: sp.Matrix) -> bool:
    return all(identical(e, 0) for e in mat)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    A = sp.diag(2, 1)
    x0, x1 = sp.Matrix([p1, p2]), sp.Matrix([q1, q2])
    z1, z2 = sp.symbols("z1 z2", real=True)
    zz = sp.Matrix([z1, z2])
    fz = (zz.T * A * zz)[0] / 2
    grad = sp.Matrix([sp.diff(fz, z1), sp.diff(fz, z2)])
    at = lambda pt: grad.subs({z1: pt[0], z2: pt[1]})  # noqa: E731
    v[r"y &= A x_1 - A x_0"] = mzero((at(x1) - at(x0)) - (A * x1 - A * x0))
    v[r"&= A (x_1 - x_0) = A s ."] = mzero(A * x1 - A * x0 - A * (x1 - x0))
    # s^T y = s^T B_1 s when B_1 s = y; > 0 when B_1 is positive definite and s != 0 (definition of PD)
    B1g = bfgs(B0, s, y)
    v[r"s^\top y = s^\top B_1 s > 0"] = identical((s.T * y)[0], (s.T * (B1g * s))[0])
    lhs = B1g * s
    mid = B0 * s - B0 * s * ((s.T * B0 * s)[0] / (s.T * B0 * s)[0]) + y * ((y.T * s)[0] / (y.T * s)[0])
    v[r"B_1 s &= B_0 s - B_0 s\,\frac{s^\top B_0 s}{s^\top B_0 s} + y\,\frac{y^\top s}{y^\top s}"] = mzero(lhs - mid)
    v[r"&= B_0 s - B_0 s + y = y ."] = mzero(mid - y)
    # missing hypothesis: B_0 = I, s = e1, y = -e1 (y^T s = -1 < 0) gives B_1 = diag(-1, 1), v = e1: v^T B_1 v = -1
    Bc = bfgs(Id, sp.Matrix([1, 0]), sp.Matrix([-1, 0]))
    v[r"v^\top B_1 v > 0 \quad \text{for all } v \neq 0"] = (sp.Matrix([1, 0]).T * Bc * sp.Matrix([1, 0]))[0] > 0
    assert Bc == sp.diag(-1, 1)
    # determinant: det B_1 = det B_0 (y^T s)/(s^T B_0 s) generically; the display's inverted ratio fails
    ratio = (y.T * s)[0] / (s.T * B0 * s)[0]
    assert identical(B1g.det(), B0.det() * ratio)
    v[r"\det B_1 = \det B_0 \cdot \frac{s^\top B_0 s}{y^\top s}"] = identical(B1g.det(), B0.det() / ratio)
    X0 = sp.Matrix([1, 1])
    g0 = A * X0
    v[r"g_0 = A x_0 = (2, 1)"] = g0 == sp.Matrix([2, 1])
    X1 = X0 - g0
    v[r"x_1 = x_0 - g_0 = (-1, 0)"] = X1 == sp.Matrix([-1, 0])
    sn = X1 - X0
    yn = A * X1 - A * X0
    v[r"s &= (-2, -1)"] = sn == sp.Matrix([-2, -1])
    v[r"y = As = (-4, -1)"] = yn == A * sn == sp.Matrix([-4, -1])
    v[r"y^\top s &= 8 + 1 = 9"] = (yn.T * sn)[0] == 8 + 1 == 9
    v[r"s^\top B_0 s = 5 ."] = (sn.T * sn)[0] == 5
    B1 = bfgs(Id, sn, yn)
    v[r"B_1 &= I - \frac{1}{5}\begin{pmatrix} 4 & 2 \\ 2 & 1 \end{pmatrix} + \frac{1}{9}\begin{pmatrix} 16 & 4 \\ 4 & 1 \end{pmatrix}"] = (
        B1 == Id - sp.Matrix([[4, 2], [2, 1]]) / 5 + sp.Matrix([[16, 4], [4, 1]]) / 9
        and sn * sn.T == sp.Matrix([[4, 2], [2, 1]]) and yn * yn.T == sp.Matrix([[16, 4], [4, 1]]))
    v[r"&= \frac{1}{45}\begin{pmatrix} 89 & 2 \\ 2 & 41 \end{pmatrix}."] = B1 == sp.Matrix([[89, 2], [2, 41]]) / 45
    v[r"B_1 s = \frac{1}{45}(-180, -45) = (-4, -1) = y"] = (
        sp.Matrix([[89, 2], [2, 41]]) * sn == sp.Matrix([-180, -45]) and B1 * sn == sp.Matrix([-4, -1]) == yn)
    v[r"\det B_1 = (89 \cdot 41 - 4)/45^2 = 9/5"] = B1.det() == r(89 * 41 - 4, 45**2) == r(9, 5)
    v[r"\det B_0 = 1"] = Id.det() == 1
    rho = sp.Symbol("rho", real=True)
    v[r"(I - \rho\, y s^\top) y = y - y\,\rho\,(s^\top y) = 0"] = mzero(
        ((Id - rho * y * s.T) * y - (y - y * rho * (s.T * y)[0])).subs(rho, 1 / (s.T * y)[0])) and mzero(
        (y - y * rho * (s.T * y)[0]).subs(rho, 1 / (s.T * y)[0]))
    rn = 1 / (yn.T * sn)[0]
    H1 = (Id - rn * sn * yn.T) * Id * (Id - rn * yn * sn.T) + rn * sn * sn.T
    v[r"H_1 = \frac{1}{81}\begin{pmatrix} 41 & -2 \\ -2 & 98 \end{pmatrix}"] = H1 == sp.Matrix([[41, -2], [-2, 98]]) / 81
    assert H1 == sp.Matrix([[41, -2], [-2, 89]]) / 81 == B1.inv()
    X2 = X1 - H1 * (A * X1)
    v[r"x_2 = x_1 - H_1 \nabla f(x_1) = \frac{1}{81}(1, -4)"] = X2 == sp.Matrix([1, -4]) / 81
    f2 = (X2.T * A * X2)[0] / 2
    v[r"f(x_2) = \frac{1}{2}\cdot\frac{2 \cdot 1 + 16}{81^2} = \frac{1}{729}"] = f2 == r(2 + 16, 2 * 81**2) == r(1, 729)
    return v


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
