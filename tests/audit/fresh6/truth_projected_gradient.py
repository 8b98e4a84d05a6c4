"""Ground truth for projected_gradient.txt, decided by hand and checked exactly with SymPy (symgd is not used).

Decimals are read as exact rationals. The box projection and the variational inequality are checked coordinate by
coordinate (a box is a product of intervals) by exact certificates in each of the three positions of y; the
simplex example by its variational inequality; the descent lemma on the quadratics that attain it; the
telescoped bound for K = 3 by an exact identity; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _key import main
from _truth import false_at, identical

R = sp.Rational
l, s, t, eta, L, w = sp.symbols("l s t eta L w", positive=True)  # noqa: E741 (l: the lower end of the box, as the note writes it)


def clamp(y, lo, hi):
    return min(max(y, lo), hi)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    # 1-D box [l, l + h]: z = l + s in the box. y below (y = l - t, p = l), y inside (p = y), y above is the mirror image
    below = identical((l + s - (l - t)) ** 2 - (l - (l - t)) ** 2, s * (s + 2 * t))  # >= 0
    # y inside: p = y and the gap is (z - y)^2 >= 0; the three cases cover the clamp
    v["[P_C(y)]ᵢ = min(max(yᵢ, lᵢ), uᵢ)"] = below and [clamp(y0, 0, 1) for y0 in (-1, R(1, 2), 2)] == [0, R(1, 2), 1]
    y = [R(3, 2), R(-1, 5), R(2, 5)]
    P = [clamp(yi, 0, 1) for yi in y]
    v["P_C(y) = (1, 0, 0.4)"] = P == [1, 0, R(2, 5)]
    v["‖y − P_C(y)‖² = 0.29"] = sum((a - b) ** 2 for a, b in zip(y, P, strict=False)) == R(29, 100)
    # simplex threshold: the rho positive coordinates y_(i) - theta sum to one, so theta = (sum - 1)/rho
    ys = sp.symbols("y1 y2 y3", real=True)
    th = sp.Symbol("theta")
    sol = sp.solve(sp.Eq(sum(yi - th for yi in ys), 1), th)[0]
    assert identical(sol, (sum(ys) - 1) / 3)
    ye = [R(4, 5), R(3, 5), R(-1, 10)]
    th_doc = (ye[0] + ye[1] - 1) / (2 + 1)  # the displayed formula with rho = 2
    v["θ = (∑_{i=1}^{ρ} y₍ᵢ₎ − 1) / (ρ + 1)"] = sum(max(yi - th_doc, 0) for yi in ye) == 1  # it sums to 17/15
    # with rho = 2 the threshold (0.8 + 0.6 - 1)/2 makes the thresholded vector sum to one
    v["θ = (0.8 + 0.6 − 1)/2"] = sum(max(yi - (ye[0] + ye[1] - 1) / 2, 0) for yi in ye) == 1
    v["= 0.2"] = (R(4, 5) + R(3, 5) - 1) / 2 == R(1, 5)
    p = [max(yi - R(1, 5), 0) for yi in ye]
    # p is the projection: for z in the simplex (z1 + z2 = 1 - z3, z3 >= 0), <y - p, z - p> = -3 z3/10 <= 0
    z1, _z2, z3 = sp.symbols("z1 z2 z3", nonnegative=True)
    z = [z1, 1 - z3 - z1, z3]
    vi = sum((a - b) * (zz - b) for a, b, zz in zip(ye, p, z, strict=False))
    v["P_Δ(y) = (0.6, 0.4, 0)"] = p == [R(3, 5), R(2, 5), 0] and identical(vi, -R(3, 10) * z3)
    # (VI) has <= 0: in 1-D, y = l - t below the box, p = l, z = l + s gives (y - p)(z - p) = -t s <= 0.
    # The displayed >= 0 fails at C = [0, 1], y = 2, p = 1, z = 0
    assert identical((l - t - l) * (l + s - l), -t * s)
    v["⟨y − p, z − p⟩ ≥ 0"] = not false_at(">=", sp.Integer((2 - 1) * (0 - 1)), sp.Integer(0), {})
    # substitutions: G = (x - p)/eta, y = x - eta grad
    x1, x2, g1, g2, p1, p2 = sp.symbols("x1 x2 g1 g2 p1 p2", real=True)
    X, Gr, Pp = sp.Matrix([x1, x2]), sp.Matrix([g1, g2]), sp.Matrix([p1, p2])
    Gm = (X - Pp) / eta
    Y = X - eta * Gr
    v["y − p = ηG_η(x) − η∇f(x)"] = all(identical(a, b) for a, b in zip(Y - Pp, eta * Gm - eta * Gr, strict=False))
    v["z − p = ηG_η(x)"] = all(identical(a, b) for a, b in zip(X - Pp, eta * Gm, strict=False))
    # (1): <y - p, z - p> = eta^2 (||G||^2 - <grad, G>) <= 0 by the correct (VI)
    v["⟨∇f(x), G_η(x)⟩ ≥ ‖G_η(x)‖²"] = identical(
        ((Y - Pp).T * (X - Pp))[0], eta**2 * ((Gm.T * Gm)[0] - (Gr.T * Gm)[0]))
    # descent lemma on f = x^T H x/2, H = diag(L - w1, L - w2) (0 <= w_i <= L), step d = -eta G
    w1, w2, d1, d2 = sp.symbols("w1 w2 d1 d2", real=True)
    H = sp.diag(L - w1, L - w2)
    dd = sp.Matrix([d1, d2])
    def fq(zz):
        return (zz.T * H * zz)[0] / 2
    model = fq(X) + ((H * X).T * dd)[0] + L / 2 * (dd.T * dd)[0]
    v["f(x⁺) ≤ f(x) − η⟨∇f(x), G_η(x)⟩ + (Lη²/2)‖G_η(x)‖²"] = identical(model - fq(X + dd), (w1 * d1**2 + w2 * d2**2) / 2)
    # with <grad, G> = ||G||^2 + w (w >= 0 by (1)): the step of the chain loses -eta w <= 0
    N = sp.Symbol("N", positive=True)
    v["≤ f(x) − η(1 − Lη/2)‖G_η(x)‖²"] = identical(
        (-eta * (N + w) + L * eta**2 / 2 * N) - (-eta * (1 - L * eta / 2) * N), -eta * w)
    # eta = 1/L gives 1/(2L); counterexample to 1/L: C = R, f = x^2/2 (L = 1), x = 1: x+ = 0, G = 1
    v["f(x⁺) ≤ f(x) − (1/L)‖G_η(x)‖²"] = not false_at("<=", sp.Integer(0), R(1, 2) - 1, {})
    assert identical((eta * (1 - L * eta / 2) * N).subs(eta, 1 / L), N / (2 * L))
    # telescoping, K = 3: ||G_k||^2 = m + e_k (m the minimum, e_k >= 0), f_k - f_{k+1} = ||G_k||^2/(2L) + d_k (d_k >= 0)
    m, _fs, fK = sp.symbols("m fstar fK", real=True)
    e = sp.symbols("e0:3", nonnegative=True)
    dk = sp.symbols("dk0:3", nonnegative=True)
    gap = sp.Symbol("gap", nonnegative=True)  # f(x_K) - f* >= 0
    f0 = fK + sum((m + e[k]) / (2 * L) + dk[k] for k in range(3))
    v["min_{0≤k<K} ‖G_η(x_k)‖² ≤ 2L (f(x₀) − f*) / K"] = identical(
        (2 * L * (f0 - (fK - gap)) / 3 - m), (sum(e) + 2 * L * sum(dk) + 2 * L * gap) / 3)
    # worked example
    a = sp.Matrix([2, R(1, 2)])
    q1, q2 = sp.symbols("q1 q2", real=True)
    Q = sp.Matrix([q1, q2])
    fe = ((Q - a).T * (Q - a))[0] / 2
    v["∇f(x) = x − a"] = all(identical(sp.diff(fe, qi), (Q - a)[i]) for i, qi in enumerate(Q))
    v["L = 1"] = sp.hessian(fe, (q1, q2)) == sp.eye(2)
    x0 = sp.Matrix([0, 0])
    yk = x0 - 1 * (x0 - a)
    x1v = sp.Matrix([clamp(c, 0, 1) for c in yk])
    v["x₁ = (1, 0.5)"] = x1v == sp.Matrix([1, R(1, 2)])
    Gv = (x0 - x1v) / 1
    v["G₁(x₀) = (−1, −0.5)"] = Gv == sp.Matrix([-1, -R(1, 2)])
    v["‖G₁(x₀)‖² = 1.25"] = (Gv.T * Gv)[0] == R(5, 4)
    fx0 = fe.subs({q1: 0, q2: 0})
    fx1 = fe.subs({q1: 1, q2: R(1, 2)})
    v["f(x₀) = ½(4 + 0.25)"] = fx0 == R(1, 2) * (4 + R(1, 4))
    v["= 2.25"] = R(1, 2) * (4 + R(1, 4)) == R(9, 4)  # it is 17/8 = 2.125
    v["f(x₁) = 0.5"] = fx1 == R(1, 2)
    v["f(x₀) − f(x₁) = 1.625"] = fx0 - fx1 == R(13, 8)
    v["½‖G₁(x₀)‖² = 0.625"] = (Gv.T * Gv)[0] / 2 == R(5, 8)
    return v


if __name__ == "__main__":
    main(verdicts, __file__)
