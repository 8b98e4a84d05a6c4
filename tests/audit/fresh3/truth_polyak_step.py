"""Ground truth for polyak_step.md, decided by hand and checked exactly with SymPy (symgd is not used).

The one-step identity in R^2 with symbols for every coordinate; the inequalities by exact certificates (the
difference written as a sum of terms the stated assumptions make nonnegative: the subgradient inequality, eta_k >= 0,
||g_k|| <= G); the telescoping sum by induction; the example in exact rational arithmetic. The slips get exact
counterexamples: for the 1/K rate a piecewise-linear f(x) = max_j <a_j, x> in R^2 whose unique minimizer is 0, run
with Polyak's step in exact arithmetic; for the step bound the quadratic x^2/2 (L = 1).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical, nonneg_by_factors

eta, G, L = sp.symbols("eta G L", positive=True)
X = sp.Matrix(sp.symbols("x1:3", real=True))
XS = sp.Matrix(sp.symbols("s1:3", real=True))
Gv = sp.Matrix(sp.symbols("g1:3", real=True))
fk, fs, fy = sp.symbols("f_k f_s f_y", real=True)


def _dot(a: sp.Matrix, b: sp.Matrix) -> sp.Expr:
    return (a.T * b)[0]


def _polyak_run(A: list[tuple[int, int]], x0: tuple[int, int], steps: int) -> list[sp.Rational]:
    """f(x) = max_j <a_j, x>; Polyak's step with f* = 0; each iterate has a unique active piece (f differentiable)."""
    rows = [sp.Matrix(a) for a in A]
    x = sp.Matrix(x0)
    values = []
    for _ in range(steps):
        vals = [_dot(a, x) for a in rows]
        f = max(vals)
        assert vals.count(f) == 1  # a unique active piece: the subgradient is that row
        g = rows[vals.index(f)]
        values.append(f)
        x = x - f / _dot(g, g) * g
    return values


def _rate_counterexample() -> bool:
    A = [(-1, 5), (3, -5), (0, -3), (-3, 4)]
    lam = [3, 2, 3, 1]  # positive weights with sum lam_j a_j = 0 and the a_j spanning R^2: f > 0 = f(0) off 0
    assert all(sum(lj * a[i] for lj, a in zip(lam, A, strict=True)) == 0 for i in range(2))
    assert sp.Matrix(A).rank() == 2
    G2 = max(a[0] ** 2 + a[1] ** 2 for a in A)  # every subgradient is a convex combination of the rows: ||g|| <= G
    K = 5
    best = min(_polyak_run(A, (1, 0), K))  # x0 = (1, 0), ||x0 - x*|| = 1
    return bool(best > 0 and best**2 > sp.Rational(G2, K**2))  # min f(x_k) - f* > G ||x0 - x*|| / K


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    d = X - XS
    x1 = X - eta * Gv
    v[r"\|x_{k+1} - x^*\|^2 = \|x_k - x^*\|^2 - 2\eta_k \langle g_k, x_k - x^* \rangle + \eta_k^2 \|g_k\|^2"] = (
        identical(_dot(x1 - XS, x1 - XS), _dot(d, d) - 2 * eta * _dot(Gv, d) + eta**2 * _dot(Gv, Gv))
    )
    # subgradient inequality f* >= f_k + <g, x* - x_k>; its slack is >= 0
    slack = fs - fk - _dot(Gv, XS - X)
    B = _dot(Gv, d) - (fk - fs)
    v[r"\langle g_k, x_k - x^* \rangle \ge f(x_k) - f^*"] = identical(B, slack)
    rhs = _dot(d, d) - 2 * eta * (fk - fs) + eta**2 * _dot(Gv, Gv)
    lhs = _dot(d, d) - 2 * eta * _dot(Gv, d) + eta**2 * _dot(Gv, Gv)
    v[r"\|x_{k+1} - x^*\|^2 \le \|x_k - x^*\|^2 - 2\eta_k \bigl(f(x_k) - f^*\bigr) + \eta_k^2 \|g_k\|^2"] = (
        nonneg_by_factors(rhs - lhs, [sp.Integer(2), eta, B], [sp.Integer(2), eta, B])
    )
    Dk, Delta = sp.symbols("D_k Delta", nonnegative=True)
    g2 = sp.Symbol("g2", positive=True)
    q = Dk - 2 * eta * Delta + eta**2 * g2
    et = sp.solve(sp.diff(q, eta), eta)
    v[r"\eta_k = \frac{f(x_k) - f^*}{\|g_k\|^2}"] = (
        len(et) == 1 and identical(et[0], Delta / g2) and identical(sp.diff(q, eta, 2), 2 * g2)
    )
    v[r"\|x_{k+1} - x^*\|^2 \le \|x_k - x^*\|^2 - \frac{\bigl(f(x_k) - f^*\bigr)^2}{\|g_k\|^2}"] = identical(
        q.subs(eta, Delta / g2), Dk - Delta**2 / g2
    )
    # from the last display: gap = D_k - D_{k+1} - Delta^2/g2 >= 0; and G^2 - g2 >= 0
    gap, slackG = sp.symbols("gap slackG", nonnegative=True)
    Dk1_expr = Dk - Delta**2 / g2 - gap
    target = G**2 * (Dk - Dk1_expr) - Delta**2
    v[r"\bigl(f(x_k) - f^*\bigr)^2 \le G^2 \left(\|x_k - x^*\|^2 - \|x_{k+1} - x^*\|^2\right)"] = identical(
        target.subs(G**2, g2 + slackG), (g2 + slackG) * gap + Delta**2 * slackG / g2
    )
    n = sp.Symbol("n", integer=True, positive=True)
    D = sp.Function("D")
    closed = lambda m: G**2 * (D(0) - D(m))  # noqa: E731  sum_{k<m} G^2 (D(k) - D(k+1))
    tele = identical(G**2 * (D(0) - D(1)), closed(1)) and identical(closed(n) + G**2 * (D(n) - D(n + 1)), closed(n + 1))
    v[r"\sum_{k=0}^{K-1} \bigl(f(x_k) - f^*\bigr)^2 \le G^2 \|x_0 - x^*\|^2"] = tele  # then drop -G^2 D(K) <= 0
    v[r"\min_{0 \le k < K} f(x_k) - f^* \le \frac{G \|x_0 - x^*\|}{K}"] = not _rate_counterexample()
    # smooth: the descent lemma at y = x - g/L gives f* <= f(y) <= f - ||g||^2/(2L)
    y = X - Gv / L
    dl = fk + _dot(Gv, y - X) + L / 2 * _dot(y - X, y - X)
    ok = identical(dl, fk - _dot(Gv, Gv) / (2 * L))
    v[r"\|\nabla f(x)\|^2 \le 2L\,\bigl(f(x) - f^*\bigr)"] = ok and identical(
        2 * L * (fk - fs) - _dot(Gv, Gv), 2 * L * ((fk - _dot(Gv, Gv) / (2 * L) - fy) + (fy - fs))
    )
    z = sp.Symbol("z", real=True)
    fq = z**2 / 2  # L = 1, f* = 0
    step = fq / sp.diff(fq, z) ** 2
    v[r"\ge \frac{1}{L}"] = not false_at(">=", step, sp.Integer(1), {z: 1})  # the step is 1/2 = 1/(2L)
    ex = lambda p: abs(p[0]) + 2 * abs(p[1])  # noqa: E731
    x0 = sp.Matrix([1, 1])
    g0 = sp.Matrix([1, 2])
    v[r"f(x_0) = 3"] = ex(x0) == 3
    e0 = ex(x0) / _dot(g0, g0)
    v[r"\eta_0 = 3/5"] = e0 == sp.Rational(3, 5)
    x1v = x0 - e0 * g0
    v[r"x_1 = x_0 - \tfrac{3}{5}(1, 2)"] = x1v == x0 - sp.Rational(3, 5) * g0
    half = sp.Matrix([sp.Rational(2, 5), -sp.Rational(1, 5)])
    v[r"= \left(\tfrac{2}{5}, -\tfrac{1}{5}\right), \qquad"] = x0 - sp.Rational(3, 5) * g0 == half
    v[r"f(x_1) = \tfrac{4}{5}"] = ex(x1v) == sp.Rational(4, 5)
    v[r"\|x_1\|^2 = 1/5"] = _dot(x1v, x1v) == sp.Rational(1, 5)
    g1 = sp.Matrix([1, -2])  # the gradient at x_1 (both coordinates nonzero)
    e1 = ex(x1v) / _dot(g1, g1)
    v[r"\eta_1 = \frac{4/5}{5}"] = e1 == sp.Rational(4, 5) / 5
    v[r"= \frac{4}{25}"] = sp.Rational(4, 5) / 5 == sp.Rational(4, 25)
    x2v = x1v - e1 * g1
    v[r"x_2 = \left(\tfrac{2}{5}, -\tfrac{1}{5}\right) - \tfrac{4}{25}(1, -2)"] = x2v == half - sp.Rational(4, 25) * g1
    v[r"= \left(\tfrac{6}{25}, \tfrac{3}{25}\right)"] = half - sp.Rational(4, 25) * g1 == sp.Matrix(
        [sp.Rational(6, 25), sp.Rational(3, 25)]
    )
    v[r"f(x_2) = \tfrac{6}{25} + \tfrac{3}{25}"] = ex(x2v) == sp.Rational(6, 25) + sp.Rational(3, 25)
    assert ex(x2v) == sp.Rational(12, 25)  # the weight 2 on |x_2| was dropped
    v[r"= \tfrac{9}{25}"] = sp.Rational(6, 25) + sp.Rational(3, 25) == sp.Rational(9, 25)
    return v


def main() -> int:
    key = json.loads(Path(__file__).with_name("polyak_step.key.json").read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    for link in key["links"]:
        if link["truth"] not in ("correct", "slip"):
            continue
        ok = v.get(link["text"])
        agree = ok is not None and ok == (link["truth"] == "correct")
        bad += not agree
        print("correct" if ok else "SLIP   ", "" if agree else "<-- DISAGREES WITH THE KEY", link["text"])
    extra = set(v) - {link["text"] for link in key["links"]}
    bad += len(extra)
    for e in extra:
        print("not in the key:", e)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
