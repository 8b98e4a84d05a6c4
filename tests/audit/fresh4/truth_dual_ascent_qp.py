"""Ground truth for dual_ascent_qp.tex, decided by hand and checked exactly with SymPy (symgd is not used).

General statements are checked with n = 2, m = 1: Q a generic symmetric 2x2 matrix of symbols (positive definite:
q1 > 0 and q1 q3 - q2^2 > 0), A a generic 1x2 row, c a generic vector, b and lambda scalars (the identities are
rational in the entries, so a symbolic instance checks the algebra); the example with its exact numbers; the slips
get exact counterexamples. `python truth_dual_ascent_qp.py` exits 1 when a verdict disagrees with the key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

q1, q3 = sp.symbols("q1 q3", positive=True)
q2 = sp.Symbol("q2", real=True)
Q = sp.Matrix([[q1, q2], [q2, q3]])
Am = sp.Matrix([sp.symbols("a1:3", real=True)]).reshape(1, 2)
cv = sp.Matrix(sp.symbols("c1:3", real=True))
b, lam, lamst, alpha = sp.symbols("b lambda lambda_star alpha", real=True)
X = sp.Matrix(sp.symbols("x1:3", real=True))


def lag(x: sp.Matrix, mult: sp.Expr) -> sp.Expr:
    return (x.T * Q * x)[0] / 2 - (cv.T * x)[0] + mult * ((Am * x)[0] - b)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    gx = sp.Matrix([sp.diff(lag(X, lam), xi) for xi in X])
    v[r"\nabla_x \Lag(x, \lambda) = Q x - c + A\T \lambda"] = all(
        identical(p, q) for p, q in zip(gx, Q * X - cv + Am.T * lam, strict=True))
    r = cv - Am.T * lam
    xl = Q.inv() * r  # the true minimizer: the gradient vanishes there and Q is positive definite
    assert all(identical(e, 0) for e in gx.subs(dict(zip(X, xl, strict=True))))
    wrong = Q.inv() * (cv + Am.T * lam)
    pt = {q1: 1, q2: 0, q3: 1, Am[0]: 1, Am[1]: 1, cv[0]: 0, cv[1]: 0, lam: 1, b: 2}
    v[r"x(\lambda) = Q\inv (c + A\T \lambda)"] = not false_at("=", wrong[0], xl[0], pt)
    g = lag(xl, lam)
    Qi = Q.inv()
    v[r"&= \tfrac12 r(\lambda)\T Q\inv r(\lambda) - c\T Q\inv r(\lambda) + \lambda\T A Q\inv r(\lambda) - \lambda\T b"] = (
        identical(g, (r.T * Qi * r)[0] / 2 - (cv.T * Qi * r)[0] + lam * (Am * Qi * r)[0] - lam * b))
    v[r"&= -\tfrac12 r(\lambda)\T Q\inv r(\lambda) - \lambda\T b"] = identical(g, -(r.T * Qi * r)[0] / 2 - lam * b)
    dg = sp.diff(g, lam)
    v[r"\nabla g(\lambda) &= A Q\inv (c - A\T \lambda) - b"] = identical(dg, (Am * Qi * (cv - Am.T * lam))[0] - b)
    v[r"= A\, x(\lambda) - b"] = identical((Am * Qi * (cv - Am.T * lam))[0] - b, (Am * xl)[0] - b)
    M = (Am * Qi * Am.T)[0]
    assert identical(sp.diff(g, lam, 2), -M)
    v[r"\nabla^2 g(\lambda) &= -\tfrac12 A Q\inv A\T"] = not false_at("=", sp.diff(g, lam, 2), -M / 2, pt)
    # weak duality: for A x = b, f(x) - g(lambda) = 1/2 d^T Q d with d = x - x(lambda), and
    # d^T Q d = q1 (d1 + q2/q1 d2)^2 + (q1 q3 - q2^2)/q1 d2^2 >= 0 (Q positive definite)
    f = (X.T * Q * X)[0] / 2 - (cv.T * X)[0]
    d = X - xl
    ok = identical(lag(X, lam) - g, (d.T * Q * d)[0] / 2)  # lag(X) = f(X) when A x = b
    ok = ok and identical((d.T * Q * d)[0], q1 * (d[0] + q2 / q1 * d[1]) ** 2 + (q1 * q3 - q2**2) / q1 * d[1] ** 2)
    ok = ok and identical(lag(X, lam) - f, lam * ((Am * X)[0] - b))  # zero on the constraint
    v[r"g(\lambda) \le \tfrac12 x\T Q x - c\T x"] = ok
    # dual ascent error: grad g is affine with slope -M and vanishes at lambda*
    dg_st = dg.subs(lam, lamst)
    assert identical(dg - dg_st, -M * (lam - lamst))
    v[r"\lambda_{k+1} - \lambda^\star = (I - \alpha M)(\lambda_k - \lambda^\star)"] = identical(
        (lam + alpha * (dg - dg_st)) - lamst, (1 - alpha * M) * (lam - lamst))
    # the example: Q = I, c = 0, A = (1 1), b = 2
    ex = {q1: 1, q2: 0, q3: 1, Am[0]: 1, Am[1]: 1, cv[0]: 0, cv[1]: 0, b: 2}
    xle = xl.subs(ex)
    v[r"x(\lambda) = (-\lambda, -\lambda)\T"] = all(identical(p, -lam) for p in xle)
    ge = sp.simplify(g.subs(ex))
    v[r"g(\lambda) &= -\tfrac12 \cdot 2\lambda^2 - 2\lambda"] = identical(ge, -sp.Rational(1, 2) * 2 * lam**2 - 2 * lam)
    v[r"= -\lambda^2 - 2\lambda"] = identical(-sp.Rational(1, 2) * 2 * lam**2 - 2 * lam, -lam**2 - 2 * lam)
    v[r"g'(\lambda) &= -2\lambda - 2"] = identical(sp.diff(ge, lam), -2 * lam - 2)
    ls = sp.solve(sp.diff(ge, lam), lam)
    v[r"\lambda^\star = -1"] = ls == [-1] and sp.diff(ge, lam, 2) < 0
    xst = xle.subs(lam, -1)
    v[r"x^\star = (1, 1)\T"] = xst == sp.Matrix([1, 1])
    v[r"g(\lambda^\star) = 1"] = ge.subs(lam, -1) == 1
    v[r"= \tfrac12\|x^\star\|^2"] = (xst.T * xst)[0] / 2 == 1
    v[r"M = 2"] = M.subs(ex) == 2
    step = lam + sp.Rational(1, 4) * dg.subs(ex)
    v[r"\lambda_{k+1} = \lambda_k + \tfrac14(-2\lambda_k - 2)"] = identical(step, lam + sp.Rational(1, 4) * (-2 * lam - 2))
    v[r"= \tfrac12 \lambda_k - \tfrac12"] = identical(step, lam / 2 - sp.Rational(1, 2))
    l1 = step.subs(lam, 0)
    l2 = step.subs(lam, l1)
    v[r"\lambda_2 = -3/4"] = l2 == sp.Rational(-3, 4)
    # |lambda_k + 1| = 2^{-k} |lambda_0 + 1|: at k = 1, lambda_0 = 0 the left side is 1/2, the claim says 1/4
    kk = sp.Symbol("k")
    v[r"|\lambda_k - \lambda^\star| = 2^{-k-1}\, |\lambda_0 - \lambda^\star|"] = not false_at(
        "=", sp.Abs(l1 + 1), 2 ** (-kk - 1) * sp.Abs(0 + 1), {kk: 1})
    assert sp.Abs(l1 + 1) == sp.Rational(1, 2) ** 1 and sp.Abs(l2 + 1) == sp.Rational(1, 2) ** 2  # the 2^{-k} law
    return v


def _check(name: str) -> int:
    key = json.loads((Path(__file__).with_name(name + ".key.json")).read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    scored = {lk["text"]: lk["truth"] for lk in key["links"] if lk["truth"] in ("correct", "slip")}
    for text in sorted(set(scored) ^ set(v)):
        print("NOT IN BOTH KEY AND SCRIPT:", text)
        bad += 1
    for text, truth in scored.items():
        if text in v and v[text] != (truth == "correct"):
            print("DISAGREES WITH KEY:", truth, text)
            bad += 1
    for text, ok in v.items():
        print("correct" if ok else "SLIP   ", text)
    print(f"{len(v)} relations, {sum(not o for o in v.values())} slips; {'OK' if not bad else f'{bad} DISAGREEMENTS'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(_check("dual_ascent_qp"))
