"""Ground truth for softmax_ce.md, decided by hand and checked exactly with SymPy (symgd is not used).

General statements are checked with K = 3 symbolic logits (and K = 2 for the two-class part), the label c = 1 where a
label is needed (the formulas are symmetric in the classes); the inequality by a variance identity; the example
with its exact numbers; the slips get exact counterexamples. `python truth_softmax_ce.py` exits 1 when a verdict
disagrees with the key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

K = 3
z = sp.symbols("z1:4", real=True)
cc = sp.Symbol("c", real=True)
v_ = sp.symbols("v1:4", real=True)


def softmax(zz: tuple) -> list[sp.Expr]:
    den = sum(sp.exp(t) for t in zz)
    return [sp.exp(t) / den for t in zz]


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    p = softmax(z)
    ps = softmax(tuple(t + cc for t in z))
    v[r"\frac{e^{z_i + c}}{\sum_j e^{z_j + c}} = \frac{e^{z_i}}{\sum_j e^{z_j}}"] = all(
        identical(sp.simplify(a - b), 0) for a, b in zip(ps, p, strict=True))
    y = [1, 0, 0]  # label c = 1
    ell = -sum(yi * sp.log(pi) for yi, pi in zip(y, p, strict=True))
    lse = sp.log(sum(sp.exp(t) for t in z))
    v[r"= -z_c + \log \sum_{j=1}^K e^{z_j}"] = identical(sp.expand_log(sp.simplify(ell - (-z[0] + lse)), force=True), 0)
    ok = True
    for i in range(K):
        for j in range(K):
            ok = ok and identical(sp.diff(p[i], z[j]), p[i] * ((1 if i == j else 0) - p[j]))
    v[r"\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j)"] = ok
    grad = [sp.diff(-z[0] + lse, t) for t in z]
    assert all(identical(g, pi - yi) for g, pi, yi in zip(grad, p, y, strict=True))  # the gradient is p - y
    pt = {z[0]: 0, z[1]: 0, z[2]: 0}
    v[r"\nabla \ell(z) = y - p"] = not false_at("=", grad[0], y[0] - p[0], pt)
    v[r"\sum_i \partial \ell / \partial z_i = 0"] = identical(sp.simplify(sum(grad)), 0)
    H = sp.Matrix(K, K, lambda i, j: sp.diff(grad[i], z[j]))
    P = sp.Matrix(p)
    v[r"\nabla^2 \ell(z) = \operatorname{diag}(p) - p p^\top"] = all(
        identical(sp.simplify(a - b), 0) for a, b in zip(H, sp.diag(*p) - P * P.T, strict=True))
    # quadratic form with probabilities q (q_i >= 0, sum q_i = 1)
    q1, q2 = sp.symbols("q1 q2", nonnegative=True)
    q = [q1, q2, 1 - q1 - q2]
    Hq = sp.diag(*q) - sp.Matrix(q) * sp.Matrix(q).T
    vv = sp.Matrix(v_)
    quad = (vv.T * Hq * vv)[0]
    m = sum(qi * vi for qi, vi in zip(q, v_, strict=True))
    v[r"v^\top \nabla^2 \ell(z)\, v = \sum_i p_i v_i^2 - \Big(\sum_i p_i v_i\Big)^2"] = identical(
        quad, sum(qi * vi**2 for qi, vi in zip(q, v_, strict=True)) - m**2)
    # = sum_i q_i (v_i - m)^2, a sum of nonnegative terms (q_i >= 0; q_3 = 1 - q1 - q2 >= 0 is a probability)
    v[r"\ge 0"] = identical(quad, sum(qi * (vi - m) ** 2 for qi, vi in zip(q, v_, strict=True)))
    v[r"\nabla^2\ell(z)\,\mathbf{1} = 0"] = all(identical(sp.simplify(e), 0) for e in H * sp.ones(K, 1))
    # two classes
    a, b = sp.symbols("a b", real=True)
    p2 = softmax((a, b))
    sig = 1 / (1 + sp.exp(-(a - b)))
    v[r"p_1 = \sigma(z_1 - z_2)"] = identical(sp.simplify(p2[0] - sig), 0)
    grad2 = [sp.diff(-a + sp.log(sp.exp(a) + sp.exp(b)), t) for t in (a, b)]
    H2 = sp.Matrix(2, 2, lambda i, j: sp.diff(grad2[i], (a, b)[j]))
    v[r"\nabla^2 \ell(z) = p_1 p_2 \begin{pmatrix} 1 & -1 \\ -1 & 1 \end{pmatrix}"] = all(
        identical(sp.simplify(x - y_), 0) for x, y_ in zip(H2, p2[0] * p2[1] * sp.Matrix([[1, -1], [-1, 1]]), strict=True))
    u = sp.Symbol("u", nonnegative=True)  # p_1 in [0, 1]
    Hu = u * (1 - u) * sp.Matrix([[1, -1], [-1, 1]])
    e1, e2 = sp.Matrix([1, -1]), sp.Matrix([1, 1])  # eigenvectors: eigenvalues 2 u (1 - u) and 0
    assert all(identical(x, 0) for x in Hu * e1 - 2 * u * (1 - u) * e1) and Hu * e2 == sp.zeros(2, 1)
    v[r"\lambda_{\max} = p_1 p_2"] = not false_at("=", max(Hu.subs(u, sp.Rational(1, 2)).eigenvals()),
                                                  u * (1 - u), {u: sp.Rational(1, 2)})
    v[r"\le 1/4"] = identical(sp.Rational(1, 4) - u * (1 - u), (u - sp.Rational(1, 2)) ** 2)  # a square
    # the example
    ze = (0, sp.log(2), sp.log(3))
    pe = [sp.simplify(t) for t in softmax(ze)]
    v[r"p = \Big(\frac16, \frac13, \frac12\Big)"] = pe == [sp.Rational(1, 6), sp.Rational(1, 3), sp.Rational(1, 2)]
    v[r"\ell(z) = \log 2"] = identical(sp.simplify(-sp.log(pe[2]) - sp.log(2)), 0)
    ye = [0, 0, 1]
    v[r"\nabla \ell(z) = (1/6, 1/3, -1/2)"] = [pi - yi for pi, yi in zip(pe, ye, strict=True)] == [
        sp.Rational(1, 6), sp.Rational(1, 3), sp.Rational(-1, 2)]
    Pe = sp.Matrix(pe)
    He = sp.diag(*pe) - Pe * Pe.T
    v[r"H_{11} = \frac16 - \frac1{36}"] = He[0, 0] == sp.Rational(1, 6) - sp.Rational(1, 36)
    v[r"= \frac{5}{36}"] = He[0, 0] == sp.Rational(5, 36)
    v[r"H_{22} = \frac29"] = He[1, 1] == sp.Rational(2, 9)
    v[r"H_{13} = -\frac1{12}"] = He[0, 2] == sp.Rational(-1, 12)
    v[r"\operatorname{tr} H = 1 - \frac{1 + 4 + 9}{36}"] = He.trace() == 1 - sp.Rational(1 + 4 + 9, 36)
    v[r"= \frac{13}{18}"] = He.trace() == sp.Rational(13, 18)  # it is 11/18
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
    sys.exit(_check("softmax_ce"))
