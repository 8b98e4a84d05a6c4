"""Ground truth for lowrank_mf.md, decided by hand and checked exactly with SymPy (symgd is not used).

Matrix statements are checked on generic symbolic 2x2 matrices (U, V, M, H, Q, A, B, C); the norm inequalities by
the Lagrange identity and AM-GM; the example by exact rational arithmetic; every slip by an exact counterexample.
"""

from __future__ import annotations

import itertools

import sympy as sp
from _truth import false_at, identical, report


def gen(name: str) -> sp.Matrix:
    return sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"{name}{i}{j}", real=True))


def fro2(X: sp.Matrix) -> sp.Expr:
    return sum(e**2 for e in X)


def mat_identical(X: sp.Matrix, Y: sp.Matrix) -> bool:
    return X.shape == Y.shape and all(identical(a, b) for a, b in zip(X, Y, strict=False))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    A, B, C, U, V, M, H, Q = (gen(n) for n in "ABCUVMHQ")
    v[r"\|A\|_F^2 = \operatorname{tr}(A^\top A)"] = identical(fro2(A), (A.T * A).trace())
    v[r"= \sum_{i,j} A_{ij}^2 ."] = identical((A.T * A).trace(), sum(A[i, j] ** 2 for i in range(2) for j in range(2)))
    v[r"\operatorname{tr}(ABC) = \operatorname{tr}(CAB)"] = identical((A * B * C).trace(), (C * A * B).trace())
    # slip: A = I_2 has ||A||_F = sqrt 2 and ||A||_2 = sqrt(lambda_max(A^T A)) = 1
    I2 = sp.eye(2)
    spec = sp.sqrt(max((I2.T * I2).eigenvals()))
    v[r"\|A\|_F \le \|A\|_2"] = not false_at("<=", sp.sqrt(fro2(I2)), spec, {})
    # Lagrange identity: ||U||^2 ||V||^2 - ||U V^T||^2 = sum over row pairs (u_i x v_j)^2 >= 0
    P = U * V.T
    sos = sum((U[i, 0] * V[j, 1] - U[i, 1] * V[j, 0]) ** 2 for i in range(2) for j in range(2))
    v[r"\|UV^\top\|_F \le \|U\|_F\,\|V\|_F"] = identical(fro2(U) * fro2(V) - fro2(P), sos)
    a, b = sp.symbols("a b", nonnegative=True)  # a = ||U||_F, b = ||V||_F
    v[r"\le \tfrac12\big(\|U\|_F^2 + \|V\|_F^2\big)."] = identical((a**2 + b**2) / 2 - a * b, (a - b) ** 2 / 2)
    R = U * V.T - M
    f = fro2(R) / 2
    v[r"f(U,V) &= \tfrac12 \operatorname{tr}\big((UV^\top - M)^\top (UV^\top - M)\big)"] = identical(f, (R.T * R).trace() / 2)
    v[r"&= \tfrac12 \operatorname{tr}(V U^\top U V^\top) - \operatorname{tr}(M^\top U V^\top) + \tfrac12 \|M\|_F^2 ."] = identical(
        (R.T * R).trace() / 2, (V * U.T * U * V.T).trace() / 2 - (M.T * U * V.T).trace() + fro2(M) / 2)
    # exact expansion in U: the quadratic term carries 1/2
    fUH = fro2((U + H) * V.T - M) / 2
    lin = (R * V).T * H
    assert identical(fUH, f + lin.trace() + fro2(H * V.T) / 2)
    v[r"f(U + H, V) = f(U,V) + \langle R V, H\rangle + \|H V^\top\|_F^2 ."] = identical(fUH, f + lin.trace() + fro2(H * V.T))
    t = sp.Symbol("t", real=True)
    ft = fro2((U + t * H) * V.T - M) / 2
    v[r"\frac{d}{dt} f(U+tH,V)\big|_{t=0} = \operatorname{tr}(H^\top R V)"] = identical(
        sp.diff(ft, t).subs(t, 0), (H.T * R * V).trace())
    gU = sp.Matrix(2, 2, lambda i, j: sp.diff(f, U[i, j]))
    gV = sp.Matrix(2, 2, lambda i, j: sp.diff(f, V[i, j]))
    v[r"\nabla_U f(U,V) = (UV^\top - M)\,V ."] = mat_identical(gU, R * V)
    assert mat_identical(gV, R.T * U)
    v[r"\nabla_V f(U,V) = (UV^\top - M)\,U ."] = mat_identical(gV, R * U)
    Qit = Q.inv().T
    v[r"(UQ)(VQ^{-\top})^\top = UV^\top ,"] = mat_identical(sp.simplify((U * Q) * (V * Qit).T), U * V.T)
    # the example
    Me = sp.Matrix([[3, 1], [1, 3]])
    u0 = v0 = sp.Matrix([1, 1])
    eta = sp.Rational(1, 4)
    R0 = u0 * v0.T - Me
    fe = lambda uu, vv: fro2(uu * vv.T - Me) / 2  # noqa: E731
    v[r"= \begin{pmatrix} -2 & 0 \\ 0 & -2 \end{pmatrix}"] = mat_identical(R0, sp.Matrix([[-2, 0], [0, -2]]))
    v[r"f(u_0, v_0) = \tfrac12\|R_0\|_F^2"] = identical(fe(u0, v0), fro2(R0) / 2)
    v[r"= 8 ."] = identical(fro2(R0) / 2, 8)  # it is 4
    u1 = u0 - eta * R0 * v0
    v1 = v0 - eta * R0.T * u0
    v[r"= \begin{pmatrix} 3/2 \\ 3/2 \end{pmatrix}"] = mat_identical(u1, sp.Matrix([sp.Rational(3, 2)] * 2))
    v[r"= v_1 ."] = mat_identical(u1, v1)
    R1 = u1 * v1.T - Me
    q = sp.Rational
    v[r"= \begin{pmatrix} -3/4 & 5/4 \\ 5/4 & -3/4 \end{pmatrix}"] = mat_identical(
        R1, sp.Matrix([[q(-3, 4), q(5, 4)], [q(5, 4), q(-3, 4)]]))
    v[r"f(u_1, v_1) = \tfrac12 \cdot \tfrac{9 + 25 + 25 + 9}{16}"] = identical(fe(u1, v1), q(1, 2) * q(9 + 25 + 25 + 9, 16))
    v[r"= \tfrac{17}{8} ."] = identical(q(1, 2) * q(9 + 25 + 25 + 9, 16), q(17, 8))
    # Eckart-Young: the best rank-one fit keeps the top singular pair; sigma(M) = {4, 2}
    sig = sorted(sp.sqrt(e) for e in (Me.T * Me).eigenvals())
    e1 = sp.Matrix([1, 1]) / sp.sqrt(2)
    best = fe(sp.sqrt(sig[1]) * e1, sp.sqrt(sig[1]) * e1)
    # sanity: no rank-one product on a small rational grid does better
    grid = [q(k, 2) for k in range(-4, 5)]
    assert all(fe(sp.Matrix([p1, p2]), sp.Matrix([1, r2])) >= best for p1, p2, r2 in itertools.product(grid, grid, grid))
    v[r"\min_{u,v} f(u,v) = \tfrac12\,\sigma_2(M)^2"] = identical(best, sig[0] ** 2 / 2)
    v[r"= 2 ."] = identical(sig[0] ** 2 / 2, 2)
    v[r"f(u_1,v_1) - 2 = \tfrac18"] = identical(fe(u1, v1) - 2, q(1, 8))
    return v


if __name__ == "__main__":
    import pathlib
    import sys

    sys.exit(report(verdicts(), pathlib.Path(__file__).with_name("lowrank_mf.key.json")))
