"""Ground truth for jacobi_precond.md, decided by hand and checked exactly with SymPy (symgd is not used).

Matrix identities are checked entrywise on generic symbolic 2x2 instances (A symmetric, D = diag(d1, d2) with
d1, d2 > 0); the worked example by exact rational arithmetic; the slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "jacobi_precond.key.json"


def meq(M, N) -> bool:
    M, N = sp.Matrix(M), sp.Matrix(N)
    return M.shape == N.shape and all(identical(a, b) for a, b in zip(M, N, strict=False))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    p, q, r, b1, b2, x1, x2, eta = sp.symbols("p q r b1 b2 x1 x2 eta", real=True)
    d1, d2, y1, y2 = sp.symbols("d1 d2 y1 y2", positive=True)
    Ag = sp.Matrix([[p, q], [q, r]])
    bg = sp.Matrix([b1, b2])
    X = sp.Matrix([x1, x2])
    fg = (X.T * Ag * X)[0] / 2 - (bg.T * X)[0]
    grad = sp.Matrix([sp.diff(fg, x1), sp.diff(fg, x2)])
    v[r"\nabla f(x) = A x - b"] = meq(grad, Ag * X - bg)
    xs = Ag.inv() * bg  # generic invertible A
    v[r"\nabla f(x_k) = A e_k"] = meq(Ag * X - bg, Ag * (X - xs))
    Xn = X - eta * (Ag * X - bg)
    v[r"e_{k+1} = (I - \eta A)\, e_k"] = meq(Xn - xs, (sp.eye(2) - eta * Ag) * (X - xs))
    # 0 < m <= M: 1 - eta* m = (M-m)/(M+m) >= 0 and 1 - eta* M = -(M-m)/(M+m), so both |.| equal (k-1)/(k+1)
    m, s = sp.symbols("m s", positive=True)
    M = m + s
    es = 2 / (m + M)
    kap = M / m
    v[r"\max_{\lambda \in \{\lambda_{\min}, \lambda_{\max}\}} |1 - \eta^\star \lambda| = \frac{\kappa - 1}{\kappa + 1}"] = (
        identical(1 - es * m, (kap - 1) / (kap + 1)) and identical(-(1 - es * M), (kap - 1) / (kap + 1)))

    A = sp.Matrix([[9, 2], [2, 1]])
    b = sp.Matrix([11, 3])
    one = sp.Matrix([1, 1])
    v[r"A\,(1, 1)^\top = (9 + 2,\ 2 + 1)^\top = b"] = A * one == sp.Matrix([9 + 2, 2 + 1]) and A * one == b
    v[r"x^\star = (1,1)^\top"] = A.det() != 0 and A.inv() * b == one
    v[r"\det A = 9 \cdot 1 - 2 \cdot 2 = 5"] = A.det() == 9 * 1 - 2 * 2 == 5
    r5 = sp.sqrt(5)
    lp, lm = 5 + 2 * r5, 5 - 2 * r5
    v[r"\lambda_{\pm} = 5 \pm 2\sqrt{5}"] = set(A.eigenvals()) == {lp, lm}
    v[r"\kappa(A) = \frac{5 + 2\sqrt5}{5 - 2\sqrt5}"] = identical(lp / lm, (5 + 2 * r5) / (5 - 2 * r5)) and lm > 0
    v[r"= 9 + 4\sqrt5 \approx 17.9"] = identical(lp / lm, 9 + 4 * r5) and abs(sp.N(9 + 4 * r5) - 17.9) < 0.05
    k = 9 + 4 * r5
    v[r"\frac{\kappa-1}{\kappa+1} = \frac{2\sqrt5}{5} \approx 0.894"] = (
        identical((k - 1) / (k + 1), 2 * r5 / 5) and abs(sp.N(2 * r5 / 5) - 0.894) < 0.0005)

    # change of variables, generic D = diag(d1, d2) > 0 and generic symmetric A
    Dg = sp.diag(d1, d2)
    Dh, Dmh = sp.diag(sp.sqrt(d1), sp.sqrt(d2)), sp.diag(1 / sp.sqrt(d1), 1 / sp.sqrt(d2))
    Y = sp.Matrix([y1, y2])
    gy = fg.subs({x1: (Dmh * Y)[0], x2: (Dmh * Y)[1]}, simultaneous=True)
    grad_g = sp.Matrix([sp.diff(gy, y1), sp.diff(gy, y2)])
    grad_f_at = (Ag * X - bg).subs({x1: (Dmh * Y)[0], x2: (Dmh * Y)[1]}, simultaneous=True)
    assert meq(grad_g, Dmh * grad_f_at)  # the chain rule: D^{-1/2} grad f(D^{-1/2} y)
    v[r"\nabla g(y) = D^{1/2} \nabla f(D^{-1/2} y)"] = meq(grad_g, Dh * grad_f_at)
    assert false_at("=", grad_g[0], (Dh * grad_f_at)[0], {p: 1, q: 0, r: 1, b1: 0, b2: 0, d1: 4, d2: 1, y1: 1, y2: 0})
    v[r"D^{1/2}\big(I - \eta D^{-1} A\big) D^{-1/2} = I - \eta\, D^{-1/2} A D^{-1/2}"] = meq(
        Dh * (sp.eye(2) - eta * Dg.inv() * Ag) * Dmh, sp.eye(2) - eta * Dmh * Ag * Dmh)
    D = sp.diag(9, 1)
    Dm = sp.diag(sp.Rational(1, 3), 1)
    At = Dm * A * Dm
    v[r"\tilde A = D^{-1/2} A D^{-1/2} = \begin{pmatrix} 1 & 2/3 \\ 2/3 & 1 \end{pmatrix}"] = At == sp.Matrix(
        [[1, sp.Rational(2, 3)], [sp.Rational(2, 3), 1]])
    ev = sorted(At.eigenvals())
    v[r"\kappa(\tilde A) = \frac{5/3}{1/3} = 5"] = ev == [sp.Rational(1, 3), sp.Rational(5, 3)] and ev[1] / ev[0] == 5

    # general 2x2: a, d > 0, ad > c^2 (write a d = c^2 + t with t > 0)
    a, d, t = sp.symbols("a d t", positive=True)
    c = sp.Symbol("c", real=True)
    rho = c / sp.sqrt(a * d)
    v[r"\rho^2 = c^2/(ad) < 1"] = identical(rho**2, c**2 / (a * d)) and identical(
        (1 - c**2 / (a * d)).subs(a, (c**2 + t) / d), t / (c**2 + t))
    # slip: a = d = 1, c = 1/2: D^{-1/2} A D^{-1/2} = A has eigenvalues 3/2, 1/2, so kappa = 3, not 9
    Ah = sp.Matrix([[1, sp.Rational(1, 2)], [sp.Rational(1, 2), 1]])
    e2 = sorted(Ah.eigenvals())
    rh = sp.Rational(1, 2)
    v[r"\kappa(\tilde A) = \left(\frac{1 + |\rho|}{1 - |\rho|}\right)^{2}"] = e2[1] / e2[0] == ((1 + rh) / (1 - rh)) ** 2
    assert e2[1] / e2[0] == (1 + rh) / (1 - rh) == 3

    v[r"2/(\tfrac53 + \tfrac13) = 1"] = 2 / (sp.Rational(5, 3) + sp.Rational(1, 3)) == 1
    x0 = sp.zeros(2, 1)
    g0 = A * x0 - b
    x1v = x0 - D.inv() * g0
    v[r"x_1 = x_0 - D^{-1}\nabla f(x_0) = \begin{pmatrix} 11/9 \\ 3 \end{pmatrix}"] = x1v == sp.Matrix([sp.Rational(11, 9), 3])
    g1 = A * x1v - b
    assert g1 == sp.Matrix([6, sp.Rational(22, 9)])
    v[r"\nabla f(x_1) = A x_1 - b = \begin{pmatrix} 6 \\ 20/9 \end{pmatrix}"] = g1 == sp.Matrix([6, sp.Rational(20, 9)])
    x2v = x1v - D.inv() * g1
    v[r"x_2 = x_1 - D^{-1} \nabla f(x_1) = \begin{pmatrix} 5/9 \\ 5/9 \end{pmatrix}"] = x2v == sp.Matrix([sp.Rational(5, 9)] * 2)
    v[r"e_2 = \tfrac49\, e_0"] = (x2v - one) == sp.Rational(4, 9) * (x0 - one) and (
        (sp.eye(2) - D.inv() * A) ** 2 == sp.Rational(4, 9) * sp.eye(2))
    return {k_: bool(val) for k_, val in v.items()}


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
