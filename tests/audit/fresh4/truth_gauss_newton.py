"""Ground truth for gauss_newton.txt, decided by hand and checked exactly with SymPy (symgd is not used).

The gradient and Hessian of f = 1/2 ||r||^2 are checked with two undefined residual functions of two variables; the
model identities with a generic 2x2 Jacobian J, residual r and damping lambda > 0 (rational in the entries, so a
symbolic instance checks the algebra); the example with its exact numbers; the slips get exact counterexamples.
`python truth_gauss_newton.py` exits 1 when a verdict disagrees with the key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

x1, x2 = sp.symbols("x1 x2", real=True)
lam = sp.Symbol("lambda", positive=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    xs = [x1, x2]
    R = [sp.Function("r1")(x1, x2), sp.Function("r2")(x1, x2)]
    f = (R[0] ** 2 + R[1] ** 2) / 2
    Jf = sp.Matrix([[sp.diff(ri, xj) for xj in xs] for ri in R])
    grad = sp.Matrix([sp.diff(f, xj) for xj in xs])
    v["∇f(x) = J(x)ᵀ r(x)"] = all(identical(a, b) for a, b in zip(grad, Jf.T * sp.Matrix(R), strict=True))
    hess = sp.hessian(f, xs)
    good = Jf.T * Jf + sum((ri * sp.hessian(ri, xs) for ri in R), sp.zeros(2, 2))
    assert all(identical(a, b) for a, b in zip(hess, good, strict=True))  # the correct Hessian has + sum
    x = sp.Symbol("x", real=True)
    r_ex = sp.Matrix([x**2 - 2, x - 1])
    f_ex = (r_ex.T * r_ex)[0] / 2
    J_ex = r_ex.diff(x)
    wrong_ex = (J_ex.T * J_ex)[0] - sum(r_ex[i] * sp.diff(r_ex[i], x, 2) for i in range(2))
    v["∇²f(x) = J(x)ᵀ J(x) − ∑ᵢ rᵢ(x) ∇²rᵢ(x)"] = not false_at("=", sp.diff(f_ex, x, 2), wrong_ex, {x: 1})
    # the Levenberg-Marquardt model, generic 2x2 J and r
    J = sp.Matrix(2, 2, sp.symbols("j1:5", real=True))
    r = sp.Matrix(sp.symbols("s1:3", real=True))
    P = sp.Matrix(sp.symbols("p1:3", real=True))
    g = J.T * r
    m0 = lambda p: ((r + J * p).T * (r + J * p))[0] / 2  # noqa: E731
    v["m₀(0) − m₀(p) = −gᵀp − ½ pᵀJᵀJp"] = identical(m0(sp.zeros(2, 1)) - m0(P),
                                                   -(g.T * P)[0] - (P.T * J.T * J * P)[0] / 2)
    M = J.T * J + lam * sp.eye(2)
    p = -M.inv() * g
    v["= ½ (λ‖p‖² − gᵀp)"] = identical(-(g.T * p)[0] - (p.T * J.T * J * p)[0] / 2,
                                       (lam * (p.T * p)[0] - (g.T * p)[0]) / 2)
    v["−gᵀp = pᵀ(JᵀJ + λI)p"] = identical(-(g.T * p)[0], (p.T * M * p)[0])
    # p^T (J^T J + lambda I) p - lambda ||p||^2 = ||J p||^2, a sum of squares (any p)
    Jp = J * P
    v["≥ λ‖p‖²"] = identical((P.T * M * P)[0] - lam * (P.T * P)[0], Jp[0] ** 2 + Jp[1] ** 2)
    # slip: 1x1 with J = r = lambda = 1: p = -1/2, decrease 3/8, claim 2 * 1/4
    j, s = sp.Integer(1), sp.Integer(1)
    p1 = -j * s / (j**2 + 1)
    dec = (s**2 - (s + j * p1) ** 2) / 2
    assert dec == sp.Rational(3, 8) and dec >= 1 * p1**2  # the correct bound lambda ||p||^2 holds here
    v["m₀(0) − m₀(p) ≥ 2λ‖p‖²"] = not false_at(">=", dec, 2 * 1 * p1**2, {})
    # the example
    fx = lambda t: f_ex.subs(x, t)  # noqa: E731
    g0 = (J_ex.T * r_ex)[0].subs(x, 1)
    JJ0 = (J_ex.T * J_ex)[0].subs(x, 1)
    v["f(x₀) = ½"] = fx(1) == sp.Rational(1, 2)
    v["g = −2"] = g0 == -2 and g0 == 2 * (-1) + 1 * 0
    v["JᵀJ = 5"] = JJ0 == 5
    H0 = sp.diff(f_ex, x, 2).subs(x, 1)
    v["∇²f(x₀) = 5 + r₁(x₀)·2"] = H0 == 5 + r_ex[0].subs(x, 1) * 2
    v["= 3"] = H0 == 3
    q = sp.Symbol("q")
    pgn = sp.solve(sp.Eq(JJ0 * q, -g0), q)[0]  # the LM equation with lambda = 0
    v["p_GN = −g / JᵀJ"] = pgn == -g0 / JJ0
    v["= 2/5"] = pgn == sp.Rational(2, 5)
    x1n = 1 + pgn
    v["x₁ = 7/5"] = x1n == sp.Rational(7, 5)
    v["r(x₁) = (−1/25, 2/5)ᵀ"] = r_ex.subs(x, x1n) == sp.Matrix([sp.Rational(-1, 25), sp.Rational(2, 5)])
    v["f(x₁) = ½ (1/625 + 4/25)"] = fx(x1n) == (sp.Rational(1, 625) + sp.Rational(4, 25)) / 2
    v["= 101/625"] = fx(x1n) == sp.Rational(101, 625)  # it is 101/1250
    plm = sp.solve(sp.Eq((JJ0 + 1) * q, -g0), q)[0]
    assert plm == sp.Rational(1, 3)
    r0, J0 = r_ex.subs(x, 1), J_ex.subs(x, 1)
    pred = ((r0.T * r0)[0] - ((r0 + J0 * plm).T * (r0 + J0 * plm))[0]) / 2
    v["m₀(0) − m₀(p) = ½ (1·(1/3)² + 2·(1/3))"] = pred == (1 * sp.Rational(1, 3) ** 2 + 2 * sp.Rational(1, 3)) / 2
    v["= 7/18"] = pred == sp.Rational(7, 18)
    act = fx(1) - fx(1 + plm)
    v["f(x₀) − f(4/3) = 34/81"] = 1 + plm == sp.Rational(4, 3) and act == sp.Rational(34, 81)
    v["ρ = 68/63"] = act / pred == sp.Rational(68, 63)
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
    sys.exit(_check("gauss_newton"))
