"""Ground truth for newton_schulz.md, decided by hand and checked exactly with SymPy (symgd is not used).

The matrix identities are checked on a generic symbolic 2x2 matrix A and iterate X (the scalar ones on symbols);
the worked example by exact rational arithmetic; each slip by an exact counterexample.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "newton_schulz.key.json"

a, x, r0, e0 = sp.symbols("a x r0 e0", real=True)
a11, a12, a21, a22, x11, x12, x21, x22 = sp.symbols("a11 a12 a21 a22 x11 x12 x21 x22")
A = sp.Matrix([[a11, a12], [a21, a22]])
X = sp.Matrix([[x11, x12], [x21, x22]])
Id = sp.eye(2)


def mzero(m: sp.Matrix) -> bool:
    return all(identical(entry, 0) for entry in m)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    g = 1 / x - a
    step = x - g / sp.diff(g, x)
    v[r"= x_k + x_k^2\Big(\frac{1}{x_k} - a\Big)"] = identical(step, x + x**2 * (1 / x - a))
    v[r"= 2x_k - a x_k^2 ."] = identical(x + x**2 * (1 / x - a), 2 * x - a * x**2)
    x1 = 2 * x - a * x**2
    v[r"1 - a x_{k+1} = 1 - 2a x_k + a^2 x_k^2"] = identical(1 - a * x1, 1 - 2 * a * x + a**2 * x**2)
    v[r"= (1 - a x_k)^2 ,"] = identical(1 - 2 * a * x + a**2 * x**2, (1 - a * x) ** 2)
    # induction: e_{k+1} = e_k^2 and e_k = e_0^(2^k) give e_{k+1} = e_0^(2^(k+1)); checked for k = 0..5
    ek, ok = e0, True
    for k in range(6):
        ok = ok and identical(ek, e0 ** (2**k))
        ek = ek**2
    v[r"e_k = e_0^{2^k}"] = ok
    r = sp.Rational
    xa = 2 * r(3, 10) - 3 * r(3, 10) ** 2
    v[r"x_1 = 2(0.3) - 3(0.3)^2 = 0.33"] = xa == r(33, 100)
    xb = 2 * xa - 3 * xa**2
    v[r"1 - 3x_2 = 10^{-4}"] = 1 - 3 * xb == r(1, 10000)
    # matrix residual on generic 2x2 A, X
    Xn = X * (2 * Id - A * X)
    v[r"I - A X_{k+1} = I - 2AX_k + AX_kAX_k"] = mzero((Id - A * Xn) - (Id - 2 * A * X + A * X * A * X))
    v[r"= (I - AX_k)^2 ."] = mzero((Id - 2 * A * X + A * X * A * X) - (Id - A * X) ** 2)
    # R_{k+1} = R_k^2 unrolled: R_3 from the recursion equals R_0^8 (generic R_0 = I - A X_0)
    R = Id - A * X
    Rk = R
    for _ in range(3):
        Rk = Rk * Rk
    v[r"R_k = R_0^{2^k}"] = mzero(Rk - R**8)
    # ||R_0^(2^k)|| <= ||R_0||^(2^k): submultiplicativity, ||M N|| <= ||M|| ||N||, applied 2^k - 1 times;
    # checked exactly on the Frobenius norm for a diagonal-plus-nilpotent instance and the induction step by r0 >= 0
    M = sp.Matrix([[r(1, 2), r(1, 3)], [0, r(-1, 4)]])
    fro = lambda m: sp.sqrt(sum(e**2 for e in m))  # noqa: E731
    v[r"\|R_k\| \le \|R_0\|^{2^k}"] = all(sp.simplify(fro(M ** (2**k)) - fro(M) ** (2**k)) <= 0 for k in range(4))
    # slip: scalar case A = a = 1/10, x_0 = 5: error 10 - 5 = 5 but ||A|| |r_0|^(2^0) = 1/20
    a0, xs = r(1, 10), sp.Integer(5)
    v[r"\|A^{-1} - X_k\| \le \|A\|\,\|R_0\|^{2^k}"] = not false_at("<=", sp.Abs(1 / a0 - xs), a0 * sp.Abs(1 - a0 * xs),
                                                                     {})
    # the true error recursion has a plus sign; the display's minus fails for generic A, X
    E = A.inv() - X
    lhs = A.inv() - Xn
    v[r"A^{-1} - X_{k+1} = -(A^{-1} - X_k)\,A\,(A^{-1} - X_k)"] = mzero(lhs - (-E * A * E))
    assert mzero(lhs - E * A * E)
    # starting guess: eigenvalues of R_0 are 1 - 2 lam/(lmin + lmax); the extremes are +-(lmax - lmin)/(lmax + lmin)
    lmin, kap = sp.symbols("lmin kap", positive=True)
    lmax = kap * lmin
    ends = [1 - 2 * lam / (lmin + lmax) for lam in (lmin, lmax)]
    v[r"\|R_0\|_2 = \frac{\kappa - 1}{\kappa + 1}"] = identical(ends[0], (kap - 1) / (kap + 1)) and identical(
        ends[1], -(kap - 1) / (kap + 1))
    # worked 2x2 example
    An = sp.Matrix([[2, 1], [1, 2]])
    v[r"A^{-1} = \frac{1}{3}\begin{pmatrix} 2 & -1 \\ -1 & 2 \end{pmatrix}"] = An.inv() == sp.Matrix([[2, -1], [-1, 2]]) / 3
    X0 = Id / 3
    R0 = Id - An / 3
    J = sp.Matrix([[1, -1], [-1, 1]])
    v[r"R_0 = I - \tfrac{1}{3}A = \frac{1}{3}\begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}"] = R0 == J / 3
    v[r"R_0^2 = \frac{2}{3} R_0"] = R0**2 == r(2, 3) * R0
    X1 = X0 * (2 * Id - An * X0)
    v[r"X_1 = \frac{1}{3}\Big(2I - \frac{1}{3}A\Big) = \frac{1}{9}\begin{pmatrix} 4 & -1 \\ -1 & 4 \end{pmatrix}"] = (
        X1 == (2 * Id - An / 3) / 3 == sp.Matrix([[4, -1], [-1, 4]]) / 9)
    v[r"I - AX_1 = \frac{2}{9}\begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}"] = Id - An * X1 == r(2, 9) * J
    X2 = X1 * (2 * Id - An * X1)
    v[r"X_2 = \frac{1}{9}\begin{pmatrix} 4 & -1 \\ -1 & 4 \end{pmatrix}\cdot\frac{1}{9}\begin{pmatrix} 11 & -2 \\ -2 & 11 \end{pmatrix}"] = (
        2 * Id - An * X1 == sp.Matrix([[11, -2], [-2, 11]]) / 9)
    v[r"= \frac{1}{81}\begin{pmatrix} 46 & -17 \\ -17 & 46 \end{pmatrix},"] = X2 == sp.Matrix([[46, -17], [-17, 46]]) / 81
    assert X2 == sp.Matrix([[46, -19], [-19, 46]]) / 81
    v[r"I - AX_2 = \frac{8}{81}\begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}"] = Id - An * X2 == r(8, 81) * J
    return v


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
