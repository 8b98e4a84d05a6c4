"""Ground truth for cg_2x2.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Macros of the document: \\phiq = varphi, \\ip{a}{b} = <a, b>, \\vect{a}{b} = (a, b)^T. The general statements are
checked with a generic symmetric A in R^{2x2}, b, x, p of symbols (they are polynomial or rational identities in the
entries); the example is CG run in exact rational arithmetic. The slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import identical

al = sp.Symbol("alpha", real=True)


def _eq(u: sp.Matrix, w: sp.Matrix) -> bool:
    return all(identical(a, b) for a, b in zip(u, w, strict=True))


def _cg(A: sp.Matrix, b: sp.Matrix, x0: sp.Matrix, steps: int) -> list[dict]:
    """Textbook CG; one dict per iterate k with x, r, p, alpha, beta (beta_k makes p_{k+1})."""
    x, r = x0, b - A * x0
    p = r
    out = []
    for _ in range(steps):
        a = (r.T * r)[0] / (p.T * A * p)[0]
        xn, rn = x + a * p, r - a * A * p
        beta = (rn.T * rn)[0] / (r.T * r)[0]
        out.append({"x": x, "r": r, "p": p, "alpha": a, "beta": beta})
        x, r, p = xn, rn, rn + beta * p
    out.append({"x": x, "r": r, "p": p})
    return out


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    a11, a12, a22 = sp.symbols("a11 a12 a22", real=True)
    A = sp.Matrix([[a11, a12], [a12, a22]])
    b, x, p = (sp.Matrix(sp.symbols(f"{n}1:3", real=True)) for n in "bxp")

    def phi(y: sp.Matrix) -> sp.Expr:
        return (y.T * A * y)[0] / 2 - (b.T * y)[0]

    r = b - A * x
    rp, pAp = (r.T * p)[0], (p.T * A * p)[0]
    v[r"\nabla\phiq(x) = Ax - b"] = _eq(sp.Matrix([sp.diff(phi(x), xi) for xi in x]), A * x - b)
    v[r"\phiq(x + \alpha p) = \phiq(x) - \alpha\, \ip{r}{p} + \alpha^2\, p^\top A p"] = identical(
        phi(x + al * p), phi(x) - al * rp + al**2 * pAp)
    assert identical(phi(x + al * p), phi(x) - al * rp + al**2 / 2 * pAp)  # the correct expansion has 1/2
    dphi = sp.diff(phi(x + al * p), al)
    v[r"\frac{d}{d\alpha}\phiq(x + \alpha p) = -\ip{p}{r} + \alpha\, p^\top A p"] = identical(dphi, -rp + al * pAp)
    sol = sp.solve(dphi, al)
    a_star = rp / pAp
    v[r"\alpha^\ast = \frac{\ip{r}{p}}{p^\top A p}"] = len(sol) == 1 and identical(sol[0], a_star)  # pAp > 0: a min
    v[r"\phiq(x + \alpha^\ast p) = \phiq(x) - \frac{\ip{r}{p}^2}{2\, p^\top A p}"] = identical(
        phi(x + a_star * p), phi(x) - rp**2 / (2 * pAp))
    # the example
    Ae = sp.Matrix([[4, 1], [1, 3]])
    be = sp.Matrix([1, 2])
    it = _cg(Ae, be, sp.zeros(2, 1), 2)
    s0, s1, s2 = it
    # r_{k+1} = r_k - alpha_k A p_{k+1} fails at k = 0 of the example (the recursion has A p_k)
    v[r"r_{k+1} = r_k - \alpha_k A p_{k+1}"] = _eq(s1["r"], s0["r"] - s0["alpha"] * Ae * s1["p"])
    assert _eq(s1["r"], s0["r"] - s0["alpha"] * Ae * s0["p"]) and _eq(b - A * (x + al * p), r - al * A * p)
    v[r"p_k^\top r_{k+1} = 0"] = identical((p.T * (r - a_star * A * p))[0], 0) and (s0["p"].T * s1["r"])[0] == 0
    v[r"r_0^\top r_0 &= 5"] = (s0["r"].T * s0["r"])[0] == 5
    v[r"p_0^\top A p_0 = 20"] = (s0["p"].T * Ae * s0["p"])[0] == 20
    v[r"x_1 &= \vect{1/4}{1/2}"] = s1["x"] == sp.Matrix([sp.Rational(1, 4), sp.Rational(1, 2)])
    v[r"r_1 = \vect{-1/2}{1/4}"] = s1["r"] == sp.Matrix([sp.Rational(-1, 2), sp.Rational(1, 4)])
    v[r"\alpha_0 = 1/4"] = s0["alpha"] == sp.Rational(1, 4)
    v[r"r_1^\top r_1 = \tfrac{5}{16}"] = (s1["r"].T * s1["r"])[0] == sp.Rational(5, 16)
    v[r"\beta_0 = \frac{5/16}{5}"] = s0["beta"] == sp.Rational(5, 16) / 5
    v[r"= \frac18"] = sp.Rational(5, 16) / 5 == sp.Rational(1, 8)  # it is 1/16
    v[r"p_1 = \vect{-7/16}{3/8}"] = s1["p"] == sp.Matrix([sp.Rational(-7, 16), sp.Rational(3, 8)])
    v[r"p_0^\top A p_1 = 0"] = (s0["p"].T * Ae * s1["p"])[0] == 0
    v[r"\alpha_1 = \frac{4}{11}"] = s1["alpha"] == sp.Rational(4, 11)
    v[r"x_2 = \vect{1/11}{7/11}"] = s2["x"] == sp.Matrix([sp.Rational(1, 11), sp.Rational(7, 11)])
    v[r"A x_2 = b"] = Ae * s2["x"] == be
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
