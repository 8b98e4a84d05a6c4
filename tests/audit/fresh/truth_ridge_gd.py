"""Ground truth for ridge_gd.txt, decided by hand and checked exactly with SymPy (symgd is not used).

Matrix statements are checked with a generic X in R^{2x2} of symbols, y in R^2 and lambda > 0 (the identities are
rational in the entries, so a symbolic instance checks the algebra); the example with the exact numbers of
the text. The slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import identical

lam, eta = sp.symbols("lambda eta", positive=True)
_x = sp.symbols("x1:4", real=True)
X = sp.Matrix([[_x[0], _x[1]], [0, _x[2]]])  # X = QR and the loss is invariant under Q: R is general
Y = sp.Matrix(sp.symbols("y1:3", real=True))
W = sp.Matrix(sp.symbols("w1:3", real=True))
I2 = sp.eye(2)
H = X.T * X + lam * I2


def _loss(w: sp.Matrix, X: sp.Matrix = X, Y: sp.Matrix = Y, lam: sp.Expr = lam) -> sp.Expr:
    r = X * w - Y
    return (r.T * r)[0] / 2 + lam / 2 * (w.T * w)[0]


def _zero(m: sp.Matrix) -> bool:
    return all(sp.simplify(e) == 0 for e in m)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    grad = sp.Matrix([sp.diff(_loss(W), wi) for wi in W])
    v["∇L(w) = Xᵀ(Xw − y) + 2λw"] = _zero(grad - (X.T * (X * W - Y) + 2 * lam * W))
    assert _zero(grad - (X.T * (X * W - Y) + lam * W))  # the correct gradient has lambda w
    ws = H.inv() * X.T * Y
    v["(XᵀX + λI) w* = Xᵀy"] = _zero(grad.subs(dict(zip(W, ws, strict=True)))) and _zero(H * ws - X.T * Y)
    v["w* = (XᵀX + λI)⁻¹ Xᵀy"] = _zero(grad.subs(dict(zip(W, ws, strict=True))))  # H is positive definite: the unique zero
    X2, Y2, ws2 = X, Y, ws
    v["w*ᵀ H w* = w*ᵀ Xᵀ y"] = identical((ws2.T * (X2.T * X2 + lam * I2) * ws2)[0], (ws2.T * X2.T * Y2)[0])
    v["L(w*) = (1/2) yᵀy − (1/2) yᵀX w*"] = identical(
        _loss(ws2, X2, Y2), (Y2.T * Y2)[0] / 2 - (Y2.T * X2 * ws2)[0] / 2)
    v["∇L(w) = H(w − w*)"] = _zero(grad - H * (W - ws))
    step = W - eta * grad
    v["w_{k+1} − w* = (I + ηH)(w_k − w*)"] = _zero((step - ws) - (I2 + eta * H) * (W - ws))
    assert _zero((step - ws) - (I2 - eta * H) * (W - ws))  # the correct factor is I - eta H
    # GD on eigenvalues h_1 <= h_d: max |1 - eta h| is minimized where 1 - eta h_1 = eta h_d - 1
    h1, hd = sp.symbols("h1 hd", positive=True)
    et = sp.solve(sp.Eq(1 - eta * h1, eta * hd - 1), eta)[0]
    v["η_opt = 2 / (h_1 + h_d)"] = identical(et, 2 / (h1 + hd))
    v["ρ_opt = (h_d − h_1)/(h_d + h_1)"] = identical(1 - et * h1, (hd - h1) / (hd + h1))
    x, y = sp.Matrix([1, 2]), sp.Matrix([3, 4])
    v["xᵀx = 5"] = (x.T * x)[0] == 5
    v["xᵀy = 11"] = (x.T * y)[0] == 11
    w1 = sp.Symbol("w", real=True)
    ex = _loss(sp.Matrix([w1]), x, y, sp.Integer(1))
    wstar = sp.solve(sp.diff(ex, w1), w1)[0]
    v["w* = 11/(5 + 1)"] = wstar == sp.Rational(11, 5 + 1)
    v["= 11/6"] = sp.Rational(11, 5 + 1) == sp.Rational(11, 6)
    v["5 · (11/6) − 11 + 11/6 = 0"] = 5 * sp.Rational(11, 6) - 11 + sp.Rational(11, 6) == 0
    v["L(w*) = 25/2 − 121/12"] = ex.subs(w1, wstar) == sp.Rational(25, 2) - sp.Rational(121, 12)
    v["= 31/12"] = sp.Rational(25, 2) - sp.Rational(121, 12) == sp.Rational(31, 12)  # it is 29/12
    v["H = 6"] = sp.diff(ex, w1, 2) == 6
    return v


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
