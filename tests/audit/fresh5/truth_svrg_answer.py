"""Ground truth for svrg_answer.md, decided by hand and checked exactly with SymPy (symgd is not used).

Expectations over a uniform index are averages over n = 3 (or n = 2) generic gradient values in R^2; the
inequalities by exact certificates (a difference written as a sum of squares, or slack variables for the stated
lemma); the example by exact arithmetic; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _check import run
from _truth import false_at, identical

n = 3


def vec(name: str) -> sp.Matrix:
    return sp.Matrix(sp.symbols(f"{name}_1:3", real=True))


def sq(w: sp.Matrix) -> sp.Expr:
    return (w.T * w)[0]


def E(vals):
    return sum(vals, sp.zeros(2, 1)) / len(vals) if isinstance(vals[0], sp.MatrixBase) else sum(vals) / len(vals)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    gx = [vec(f"a{i}") for i in range(n)]   # grad f_i(x)
    gt = [vec(f"b{i}") for i in range(n)]   # grad f_i(x~)
    gradF_x, gradF_t = E(gx), E(gt)
    vs = [gx[i] - gt[i] + gradF_t for i in range(n)]
    same = lambda M, N: all(identical(p, q) for p, q in zip(M, N, strict=False))  # noqa: E731
    v[r"\mathbb{E}[v] &= \frac{1}{n}\sum_{i=1}^n \nabla f_i(x)"] = same(E(vs), E(gx) - E(gt) + gradF_t)
    v[r"&= \nabla F(x) ."] = same(E(gx) - E(gt) + gradF_t, gradF_x)
    xi = [gx[i] - gt[i] for i in range(n)]
    v[r"\mathbb{E}\xi = \nabla F(x) - \nabla F(\tilde x)"] = same(E(xi), gradF_x - gradF_t)
    v[r"v - \nabla F(x) = \xi - \mathbb{E}\xi"] = all(same(vs[i] - gradF_x, xi[i] - E(xi)) for i in range(n))
    var = E([sq(w - E(xi)) for w in xi])
    assert identical(var, E([sq(w) for w in xi]) - sq(E(xi)))  # the true identity has a minus sign
    one = sp.Matrix([1, 0])
    v[r"\mathbb{E}\|\xi - \mathbb{E}\xi\|^2 = \mathbb{E}\|\xi\|^2 + \|\mathbb{E}\xi\|^2"] = not false_at(
        "=", sp.Integer(0), sq(one) + sq(one), {})  # xi = e1 for every i: left 0, right 2
    v[r"\mathbb{E}\|v - \nabla F(x)\|^2 \le \mathbb{E}\|\xi\|^2"] = identical(
        E([sq(w) for w in xi]) - E([sq(w - gradF_x) for w in vs]), sq(E(xi)))
    v[r"= \frac{1}{n}\sum_{i=1}^n \big\|\nabla f_i(x) - \nabla f_i(\tilde x)\big\|^2"] = identical(
        E([sq(w) for w in xi]), sum(sq(gx[i] - gt[i]) for i in range(n)) / n)
    # F L-smooth only: f_1 = 5x^2, f_2 = -3x^2, F = x^2 is 2-smooth; x = 1, x~ = 0: mean xi^2 = (100 + 36)/2 = 68 > 4
    X = sp.Symbol("X", real=True)
    fs_ = [5 * X**2, -3 * X**2]
    Fx = sum(fs_) / 2
    assert sp.diff(Fx, X, 2) == 2
    lhs = sum((sp.diff(f, X).subs(X, 1) - sp.diff(f, X).subs(X, 0)) ** 2 for f in fs_) / 2
    v[r"\le L^2 \|x - \tilde x\|^2 ."] = not false_at("<=", lhs, sp.Integer(2) ** 2 * 1, {})
    A_, B_ = vec("p"), vec("q")
    v[r"\|a + b\|^2 \le 2\|a\|^2 + 2\|b\|^2"] = identical(2 * sq(A_) + 2 * sq(B_) - sq(A_ + B_), sq(A_ - B_))
    # n = 2, grad f_i(x*) = s_i with s_1 + s_2 = 0 (x* minimizes F); A_i = gx_i - s_i, B_i = gt_i - s_i, E B = grad F(x~)
    s1 = vec("s")
    sstar = [s1, -s1]
    gx2, gt2 = [vec("c0"), vec("c1")], [vec("d0"), vec("d1")]
    v2 = [gx2[i] - gt2[i] + E(gt2) for i in range(2)]
    A2 = [gx2[i] - sstar[i] for i in range(2)]
    B2 = [gt2[i] - sstar[i] for i in range(2)]
    C2 = [B2[i] - E(B2) for i in range(2)]
    assert same(E(B2), E(gt2))
    diff = 2 * E([sq(w) for w in A2]) + 2 * E([sq(w) for w in B2]) - E([sq(w) for w in v2])
    v[r"\mathbb{E}\|v\|^2 \le 2\,\mathbb{E}\big\|\nabla f_i(x) - \nabla f_i(x^\star)\big\|^2"] = identical(
        diff, E([sq(A2[i] + C2[i]) for i in range(2)]) + 2 * sq(E(B2)))
    # the lemma E|grad f_i(z) - grad f_i(x*)|^2 = 2L(F(z) - F*) - slack (slack >= 0, convex L-smooth f_i) in the bound
    L, Dx, Dt, e1, e2 = sp.symbols("L Dx Dt e1 e2", nonnegative=True)
    v[r"\mathbb{E}\|v\|^2 \le 4L\big(F(x) - F(x^\star) + F(\tilde x) - F(x^\star)\big)"] = identical(
        4 * L * (Dx + Dt) - (2 * (2 * L * Dx - e1) + 2 * (2 * L * Dt - e2)), 2 * e1 + 2 * e2)
    # the lemma itself on 1-D quadratics h_i (x - c_i)^2 / 2 with 0 <= h_i <= L: gap = (z - x*)^2 mean h_i (L - h_i)
    h = sp.symbols("h0:3", nonnegative=True)
    cc = sp.symbols("cc0:3", real=True)
    z = sp.Symbol("z", real=True)
    fq = [h[i] * (X - cc[i]) ** 2 / 2 for i in range(3)]
    Fq = sum(fq) / 3
    xst = sp.solve(sp.diff(Fq, X), X)[0]
    gap = 2 * L * (Fq.subs(X, z) - Fq.subs(X, xst)) - sum(
        (sp.diff(f, X).subs(X, z) - sp.diff(f, X).subs(X, xst)) ** 2 for f in fq) / 3
    assert identical(gap, (z - xst) ** 2 * sum(h[i] * (L - h[i]) for i in range(3)) / 3)
    # example
    f1 = (X - 1) ** 2 / 2
    f2 = sp.Rational(3, 2) * (X + 1) ** 2
    g1, g2 = sp.diff(f1, X), sp.diff(f2, X)
    gF = (g1 + g2) / 2
    v[r"\nabla F(x) = 2x + 1"] = identical(gF, 2 * X + 1)
    at = lambda e, t: e.subs(X, t)  # noqa: E731
    va = at(g1, 1) - at(g1, 0) + at(gF, 0)
    vb = at(g2, 1) - at(g2, 0) + at(gF, 0)
    v[r"v = 0 - (-1) + 1 = 2"] = (at(g1, 1), at(g1, 0), at(gF, 0)) == (0, -1, 1) and va == 2
    v[r"v = 6 - 3 + 1 = 4"] = (at(g2, 1), at(g2, 0), at(gF, 0)) == (6, 3, 1) and vb == 4
    v[r"3 = \nabla F(1)"] = (va + vb) / 2 == 3 == at(gF, 1)
    varv = ((va - 3) ** 2 + (vb - 3) ** 2) / 2
    assert varv == 1
    v[r"\operatorname{Var}(v) = (2-3)^2 + (4-3)^2"] = varv == (2 - 3) ** 2 + (4 - 3) ** 2
    v[r"= 2 ,"] = (2 - 3) ** 2 + (4 - 3) ** 2 == 2
    v[r"\tfrac12 (0-3)^2 + \tfrac12 (6-3)^2 = 9"] = (
        sp.Rational(1, 2) * (at(g1, 1) - 3) ** 2 + sp.Rational(1, 2) * (at(g2, 1) - 3) ** 2 == 9)
    return v


if __name__ == "__main__":
    run("svrg_answer.md", verdicts())
