"""The answer keys of tests/audit/redteam6/, decided by hand and checked here with SymPy alone (no symgd).

Each check is (note, the key's quote, the truth): the script verifies the relation and exits 1 if a row's truth
disagrees with its check.  Run: .venv/bin/python tests/audit/redteam6/truth_redteam6.py
"""

from __future__ import annotations

import sys

import sympy as sp

a, eta, alpha, k, p, lam, s, w, om, h, q, pm, t = sp.symbols("a eta alpha k p lambda s w omega h q p_m t",
                                                               positive=True)
ROWS: list[tuple[str, str, bool]] = []


def row(note: str, quote: str, ok: bool) -> None:
    ROWS.append((note, quote, bool(ok)))


def zero(e) -> bool:
    return sp.simplify(e) == 0


# lookahead.md
r = 1 - eta * a
c = 1 - alpha + alpha * r**k
row("lookahead.md", "\\phi_{t+1} = (1 - \\alpha + \\alpha r^k)", zero((1 - alpha + alpha * r**k) - (1 + alpha * (r**k - 1))))
rr, kk = sp.symbols("r kk", nonnegative=True)  # 0 <= r < 1, k >= 1: c - (1 - alpha) = alpha r^k >= 0; r^k <= r
row("lookahead.md", "1 - \\alpha \\le c \\le 1 - \\alpha\\eta a", all(
    (1 - al + al * R**K) >= 1 - al and (1 - al + al * R**K) <= 1 - al * (1 - R)
    for al in (sp.Rational(1, 3), 1) for R in (0, sp.Rational(1, 2), sp.Rational(9, 10)) for K in (1, 2, 5)))
row("lookahead.md", "c = 1 - 2\\alpha ,", zero(c.subs(eta, 2 / a).subs(k, 3) - (1 - 2 * alpha)))
row("lookahead.md", "with $\\alpha = 1/2$ Lookahead even lands", zero((1 - 2 * alpha).subs(alpha, sp.Rational(1, 2))))
H = sp.Rational(1, 2)
cn = 1 - H + H * H**2
row("lookahead.md", "c = 1 - \\frac{1}{2} + \\frac{1}{2}\\cdot\\frac{1}{4} = \\frac{5}{8} .", cn == sp.Rational(5, 8))
th1, th2 = 8 * H, 8 * H**2
row("lookahead.md", "$\\theta_{0,1} = 4$", th1 == 4)
row("lookahead.md", "$\\theta_{0,2} = 2$ and $\\phi_1 = 5$", th2 == 2 and 8 + H * (th2 - 8) == 5)
row("lookahead.md", "gives $\\phi_1 = -5/2$", -4 * cn == sp.Rational(-5, 2))
row("lookahead.md", "then $\\phi_2 = -25/32$", -4 * cn**2 == sp.Rational(-25, 32))  # slip: -25/16
row("lookahead.md", "reaches $8 r^4 = 1/4$", 8 * H**4 == sp.Rational(1, 4))  # slip: 1/2
Hm = sp.diag(1, 3)
B = sp.eye(2) - H * Hm
row("lookahead.md", "\\rho(I - \\eta H) = \\frac{1}{2}", max(abs(v) for v in B.eigenvals()) == H)
row("lookahead.md", "\\det(I - \\eta H) = \\frac{1}{4}", B.det() == sp.Rational(1, 4))  # slip: -1/4
row("lookahead.md", "= 1 - \\tfrac{1}{2} + \\tfrac{1}{2}\\big(-\\tfrac{1}{2}\\big)^2 = \\tfrac{5}{8}",
    1 - H + H * H**2 == 1 - H + H * (-H) ** 2 == sp.Rational(5, 8))

# dropout_blog.md: m ~ Bernoulli(p)
E = lambda f: p * f(1) + (1 - p) * f(0)  # noqa: E731
row("dropout_blog.md", "\\mathbb{E}\\Big[\\frac{m_i}{p}\\Big] = 1,", zero(E(lambda m: m / p) - 1))
row("dropout_blog.md", "\\mathbb{E}\\Big[\\frac{m_i^2}{p^2}\\Big] = \\frac{1}{p^2}", zero(E(lambda m: m**2 / p**2) - 1 / p**2))
m1, m2, y, x1, x2, w1, w2 = sp.symbols("m1 m2 y x1 x2 w1 w2")
yt = m1 / p * w1 * x1 + m2 / p * w2 * x2
loss = sp.expand((y - yt) ** 2)
El = sum(pr * loss.subs({m1: b1, m2: b2}) for b1, pr1 in ((1, p), (0, 1 - p)) for b2, pr2 in ((1, p), (0, 1 - p))
         for pr in [pr1 * pr2])
row("dropout_blog.md", "\\mathbb{E}\\big[(y - \\tilde y)^2\\big] = (y - w^\\top x)^2",
    zero(El - ((y - w1 * x1 - w2 * x2) ** 2 + (1 - p) / p * (w1**2 * x1**2 + w2**2 * x2**2))))
R = (1 - p) / p * (w1**2 * x1**2 + w2**2 * x2**2)
row("dropout_blog.md", "\\frac{\\partial R}{\\partial w_i} = \\frac{2(1-p)}{p}\\, w_i x_i^2 .",
    zero(sp.diff(R, w1) - 2 * (1 - p) / p * w1 * x1**2))
wv = sp.symbols("wv")
L = (3 - 2 * wv) ** 2 + ((1 - p) / p * wv**2 * 4).subs(p, sp.Rational(1, 2))
row("dropout_blog.md", "L(w) = (3 - 2w)^2 + 4w^2 ,", zero(L - ((3 - 2 * wv) ** 2 + 4 * wv**2)))
row("dropout_blog.md", "so $L'(w) = 16w - 12$", zero(sp.diff(L, wv) - (16 * wv - 12)))
row("dropout_blog.md", "w^\\star = \\frac{3}{4} ,", sp.solve(sp.diff(L, wv), wv) == [sp.Rational(3, 4)])
row("dropout_blog.md", "$L(3/4) = \\frac{9}{2}$", L.subs(wv, sp.Rational(3, 4)) == sp.Rational(9, 2))
row("dropout_blog.md", "minimizer is $w = 3/2$", sp.solve(sp.diff((3 - 2 * wv) ** 2, wv), wv) == [sp.Rational(3, 2)])
lp = (1 - p) / p
row("dropout_blog.md", "\\lambda'(p) = -\\frac{1}{p^2} < 0 ,", zero(sp.diff(lp, p) + 1 / p**2))
row("dropout_blog.md", "$\\lambda(0.8) = 0.25$", lp.subs(p, sp.Rational(4, 5)) == sp.Rational(1, 4))
row("dropout_blog.md", "\\frac{1-p}{p}\\|w\\|_2^2 = \\frac{1}{10}\\|w\\|_2^2 .", lp.subs(p, sp.Rational(9, 10)) == sp.Rational(1, 10))

# leapfrog.tex: kick-drift-kick on U = omega^2 q^2 / 2, in the coordinates (omega q, p)
q0, p0 = sp.symbols("q0 p0")
ph = p0 - h / 2 * om**2 * q0
q1 = q0 + h * ph
p1 = ph - h / 2 * om**2 * q1
M = sp.Matrix([[1 - s**2 / 2, s], [-s * (1 - s**2 / 4), 1 - s**2 / 2]])
u1 = M * sp.Matrix([om * q0, p0])
row("leapfrog.tex", "M = \\begin{pmatrix} 1 - \\frac{s^2}{2}", all(zero((u1[i] - v).subs(s, h * om)) for i, v in
                                                                  enumerate((om * q1, p1))))
row("leapfrog.tex", "\\det M = 1, \\qquad \\operatorname{tr} M = 2 - s^2 .", zero(M.det() - 1) and zero(M.trace() - (2 - s**2)))
row("leapfrog.tex", "(2 - s^2)^2 - 4 = s^2 (s^2 - 4) .", zero((2 - s**2) ** 2 - 4 - s**2 * (s**2 - 4)))
row("leapfrog.tex", "|\\lambda_\\pm|^2 = \\Big(1 - \\frac{s^2}{2}\\Big)^2", zero((1 - s**2 / 2) ** 2 + s**2 * (1 - s**2 / 4) - 1))
row("leapfrog.tex", "\\lambda_+ + \\lambda_- = 2 - s^2 < -2 ,", zero(M.trace() - (2 - s**2)) and sp.ask(sp.Q.negative(-s**2)))
Ht = lambda qq, pp: pp**2 / 2 + om**2 / 2 * (1 - s**2 / 4) * qq**2  # noqa: E731
Hh = lambda qq, pp: pp**2 / 2 + om**2 / 2 * qq**2  # noqa: E731
assert zero((Ht(q1, p1) - Ht(q0, p0)).subs(s, h * om))  # the text's "conserved exactly" (prose)
row("leapfrog.tex", "H(q, p) - \\tilde H(q, p) = \\frac{s^2 \\omega^2}{8} q^2 .", zero(Hh(q, pm) - Ht(q, pm) - s**2 * om**2 / 8 * q**2))
M1 = M.subs(s, 1)
row("leapfrog.tex", "$M = \\begin{pmatrix} 1/2 & 1 \\\\ -3/4 & 1/2 \\end{pmatrix}$", M1 == sp.Matrix([[H, 1], [-sp.Rational(3, 4), H]]))
row("leapfrog.tex", "one step gives $q_1 = 1/2$ and $p_1 = -3/4$", list(M1 * sp.Matrix([1, 0])) == [H, -sp.Rational(3, 4)])
row("leapfrog.tex", "it gives $q_1 = 1$ and $p_1 = 1/2$", list(M1 * sp.Matrix([0, 1])) == [1, H])
row("leapfrog.tex", "$\\tilde H(1, 0) = \\frac{3}{8}$", Ht(1, 0).subs({om: 1, s: 1}) == sp.Rational(3, 8))
row("leapfrog.tex", "\\tilde H\\big(\\tfrac{1}{2}, -\\tfrac{3}{4}\\big) = \\frac{9}{32} + \\frac{3}{32} = \\frac{3}{8} .",
    Ht(H, -sp.Rational(3, 4)).subs({om: 1, s: 1}) == sp.Rational(9, 32) + sp.Rational(3, 32) == sp.Rational(3, 8))
row("leapfrog.tex", "$H(1, 0) - \\tilde H(1, 0) = \\frac{1}{4}$", (Hh(1, 0) - Ht(1, 0)).subs({om: 1, s: 1}) == sp.Rational(1, 4))
row("leapfrog.tex", "$\\operatorname{tr} M = -7$", M.trace().subs(s, 3) == -7)
lm = sp.symbols("lm")
row("leapfrog.tex", "\\lambda_\\pm = \\frac{-7 \\pm \\sqrt{45}}{2} .",
    set(sp.solve(lm**2 + 7 * lm + 1, lm)) == {(-7 + sp.sqrt(45)) / 2, (-7 - sp.sqrt(45)) / 2})

# pegasos_answer.md
X, Y, W = sp.Matrix(sp.symbols("x1:3")), 1, sp.Matrix(sp.symbols("u1:3"))
step = W - 1 / (lam * t) * (lam * W - Y * X)
row("pegasos_answer.md", "w_{t+1} = \\Big(1 - \\frac{1}{t}\\Big) w_t + \\frac{y\\, x}{\\lambda t} ,",
    all(zero(e) for e in step - ((1 - 1 / t) * W + Y * X / (lam * t))))
row("pegasos_answer.md", "\\|w_{t+1}\\|_2 = \\Big(1 - \\frac{1}{t}\\Big)\\|w_t\\|_2 \\le \\|w_t\\|_2 .", True)  # t >= 1: 0 <= 1 - 1/t <= 1
row("pegasos_answer.md", "$\\|w_2\\|_2 = \\frac{\\|x\\|_2}{\\lambda}$", True)  # |y| = 1, w_2 = y x / lambda
row("pegasos_answer.md", "\\frac{\\lambda}{2}\\|w^\\star\\|_2^2 \\le F(w^\\star) \\le F(0) = 1 ,", True)  # hinge >= 0; optimality
row("pegasos_answer.md", "so $\\|w^\\star\\|_2 \\le \\sqrt{2/\\lambda}$", True)
lv = sp.Rational(1, 2)
x = sp.Matrix([1, 2])
w2 = (x / lv)
row("pegasos_answer.md", "so $w_2 = 2x = (2, 4)$", list(w2) == [2, 4])
row("pegasos_answer.md", "with $\\|w_2\\|_2 = 2\\sqrt{5}$", w2.norm() == 2 * sp.sqrt(5))
row("pegasos_answer.md", "$y\\, w_2^\\top x = 10 \\ge 1$", (w2.T * x)[0] == 10)
w3 = (1 - sp.Rational(1, 2)) * w2
row("pegasos_answer.md", "$w_3 = \\frac{1}{2} w_2 = (1, 2)$", list(w3) == [1, 2])
row("pegasos_answer.md", "$w_4 = \\frac{2}{3} w_3 = (1/3, 2/3)$", list((1 - sp.Rational(1, 3)) * w3) == [sp.Rational(1, 3), sp.Rational(2, 3)])
F3 = lv / 2 * w3.norm() ** 2 + sp.Max(0, 1 - (w3.T * x)[0])
row("pegasos_answer.md", "F(w_3) = \\frac{1}{4}\\cdot 5 + \\max(0, 1 - 5) = \\frac{5}{4} .", F3 == sp.Rational(5, 4))
row("pegasos_answer.md", "radius $1/\\sqrt{\\lambda} = \\sqrt{2}$", 1 / sp.sqrt(lv) == sp.sqrt(2))
row("pegasos_answer.md", "\\Big\\|\\frac{\\sqrt{2}}{\\|w_2\\|_2}\\, w_2\\Big\\|_2 = \\sqrt{2} ,",
    sp.simplify((sp.sqrt(2) / w2.norm() * w2).norm() - sp.sqrt(2)) == 0)
row("pegasos_answer.md", "$\\sqrt{2/\\lambda} = 1$", sp.sqrt(2 / lv) == 1)

# perceptron_wiki.txt
Rr, g = sp.Integer(2), sp.Rational(1, 2)
row("perceptron_wiki.txt", "⟨u, wₖ₊₁⟩ = ⟨u, wₖ⟩ + yᵢ ⟨u, xᵢ⟩ ≥ ⟨u, wₖ⟩ + γ,", True)  # linearity; y_i <u, x_i> >= gamma
row("perceptron_wiki.txt", "‖wₖ₊₁‖² = ‖wₖ‖² + 2 yᵢ ⟨wₖ, xᵢ⟩ + ‖xᵢ‖² ≤ ‖wₖ‖² + R²,", True)  # y_i^2 = 1; mistake; ||x|| <= R
row("perceptron_wiki.txt", "k ≤ R² / γ².", True)  # k gamma <= sqrt(k) R
row("perceptron_wiki.txt", "Take R = 2 and γ = 1/2: at most 16 mistakes", Rr**2 / g**2 == 16)
row("perceptron_wiki.txt", "k ≤ 32.", Rr**2 / sp.Rational(1, 4) ** 2 == 32)  # slip: 64
x1v, x2v = sp.Matrix([1, 1]), sp.Matrix([-1, 0])
w1v = sp.zeros(2, 1) + 1 * x1v
row("perceptron_wiki.txt", "so w₁ = (1, 1)", list(w1v) == [1, 1])
row("perceptron_wiki.txt", "Then y₂ ⟨w₁, x₂⟩ = 1 > 0", (-1 * (w1v.T * x2v))[0] == 1)
row("perceptron_wiki.txt", "Its norm is ‖w₁‖₂ = √2", w1v.norm() == sp.sqrt(2))
row("perceptron_wiki.txt", "y₂ ⟨w₁, x₂⟩ / ‖w₁‖₂ = 1/2.", (-1 * (w1v.T * x2v))[0] / w1v.norm() == sp.Rational(1, 2))  # slip


def main() -> int:
    import json
    from pathlib import Path

    here = Path(__file__).resolve().parent
    bad = 0
    for note, quote, ok in ROWS:
        key = json.loads((here / f"{note.rsplit('.', 1)[0]}.key.json").read_text(encoding="utf-8"))
        truth = "correct" if quote in key["correct"] else "wrong" if quote in key["wrong"] else None
        if truth is None or (truth == "correct") != ok:
            print(f"MISMATCH {note}: {quote!r} key={truth} sympy={ok}")
            bad += 1
    print(f"{len(ROWS)} rows checked, {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
