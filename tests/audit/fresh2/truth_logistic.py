"""Ground truth for logistic.txt, decided by hand and checked exactly with SymPy (symgd is not used).

sigma(z) = 1/(1 + e^{-z}). The loss statements are checked with n = 2 points x_i in R^2 of symbols and labels
y = (1, -1) (both signs occur; y_i^2 = 1); the Loewner bound by writing the difference as a sum of squares times
x_i x_i^T. The slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical

z, w = sp.symbols("z w", real=True)


def sig(u: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-u))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    s = sig(z)
    v[r"σ(0) = 1/2"] = sig(sp.Integer(0)) == sp.Rational(1, 2)
    v[r"1 − σ(z) = σ(−z)"] = identical(1 - s, sig(-z))
    v[r"log( σ(z) / (1 − σ(z)) ) = z"] = identical(s / (1 - s), sp.exp(z)) and sp.log(sp.exp(z)) == z  # z real
    ds = sp.diff(s, z)
    v[r"σ′(z) = e^(−z) / (1 + e^(−z))"] = not false_at("=", ds, sp.exp(-z) / (1 + sp.exp(-z)), {z: 0})
    assert identical(ds, sp.exp(-z) / (1 + sp.exp(-z)) ** 2)  # the quotient rule gives the square
    v[r"σ′(z) = σ(z)(1 − σ(z))"] = identical(ds, s * (1 - s))
    v[r"σ′ = σ(1 − σ)"] = identical(ds, s * (1 - s))
    tt = sp.Symbol("t", real=True)
    v[r"σ(z)(1 − σ(z)) ≤ 1/4"] = identical(sp.Rational(1, 4) - tt * (1 - tt), (tt - sp.Rational(1, 2)) ** 2)
    v[r"d/dz log(1 + e^(−z)) = −σ(−z)"] = identical(sp.diff(sp.log(1 + sp.exp(-z)), z), -sig(-z))
    n, ys = 2, (1, -1)
    W = sp.Matrix(sp.symbols("w1:3", real=True))
    xs = [sp.Matrix(sp.symbols(f"x{i}_1:3", real=True)) for i in (1, 2)]
    mar = [ys[i] * (xs[i].T * W)[0] for i in range(n)]
    loss = sum(sp.log(1 + sp.exp(-m)) for m in mar) / n
    grad = sp.Matrix([sp.diff(loss, wi) for wi in W])
    doc_grad = sum((ys[i] * sig(-mar[i]) * xs[i] for i in range(n)), sp.zeros(2, 1)) / n
    assert all(identical(g, -h) for g, h in zip(grad, doc_grad, strict=True))  # the gradient has a minus sign
    pt = {sy: 1 for sy in W.free_symbols | xs[0].free_symbols | xs[1].free_symbols}
    v[r"∇ℓ(w) = (1/n) ∑ᵢ yᵢ σ(−yᵢ xᵢᵀw) xᵢ"] = not false_at("=", grad[0], doc_grad[0], pt)
    hess = grad.jacobian(W)
    doc_hess = sum((sig(mar[i]) * sig(-mar[i]) * xs[i] * xs[i].T for i in range(n)), sp.zeros(2, 2)) / n
    E = sp.symbols("E1:3", positive=True)  # E_i = exp(m_i): the entries become rational functions (fast to cancel)

    def rat(expr: sp.Expr) -> sp.Expr:
        reps = {}
        for atom in expr.atoms(sp.exp):
            arg = sp.expand(atom.args[0])
            ratios = [sp.cancel(arg / sp.expand(mar[i])) for i in range(n)]
            i = next(i for i in range(n) if ratios[i].is_Rational)  # exp(c m_i) = E_i^c
            reps[atom] = E[i] ** ratios[i]
        return expr.xreplace(reps)

    def same(a: sp.Matrix, b: sp.Matrix) -> bool:
        return all(sp.cancel(rat(p) - rat(q)) == 0 for p, q in zip(a, b, strict=True))

    v[r"∇²ℓ(w) = (1/n) ∑ᵢ σ(yᵢ xᵢᵀw) σ(−yᵢ xᵢᵀw) xᵢ xᵢᵀ"] = same(hess, doc_hess)
    X = sp.Matrix.vstack(*(xi.T for xi in xs))
    # X^T X/(4n) - Hessian = (1/n) sum (sigma(m) - 1/2)^2 x_i x_i^T: squares times PSD rank-one matrices
    sos = sum(((sig(mar[i]) - sp.Rational(1, 2)) ** 2 * xs[i] * xs[i].T for i in range(n)), sp.zeros(2, 2)) / n
    v[r"∇²ℓ(w) ⪯ (1/(4n)) XᵀX"] = same(X.T * X / (4 * n) - doc_hess, sos)
    ex = sp.log(1 + sp.exp(-1 * 2 * w)) / 1  # n = 1, x_1 = 2, y_1 = 1
    v[r"ℓ(w) = log(1 + e^(−2w))"] = identical(ex, sp.log(1 + sp.exp(-2 * w)))
    d1, d2 = sp.diff(ex, w), sp.diff(ex, w, 2)
    v[r"ℓ(0) = log 2"] = ex.subs(w, 0) == sp.log(2)
    v[r"ℓ′(w) = −2 / (1 + e^(2w))"] = identical(d1, -2 / (1 + sp.exp(2 * w)))
    v[r"ℓ′(0) = −1"] = d1.subs(w, 0) == -1
    v[r"ℓ″(w) = 4 σ(2w) σ(−2w)"] = identical(d2, 4 * sig(2 * w) * sig(-2 * w))
    v[r"ℓ″(0) = 1/2"] = sp.simplify(d2.subs(w, 0)) == sp.Rational(1, 2)  # it is 1
    v[r"w₁ = 1"] = 0 - 1 * d1.subs(w, 0) == 1
    v[r"ℓ(1) = log(1 + e^(−2))"] = identical(ex.subs(w, 1), sp.log(1 + sp.exp(-2)))
    v[r"ℓ′(w) < 0"] = identical(d1, -2 / (1 + sp.exp(2 * w))) and (1 + sp.exp(2 * w)).is_positive
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
