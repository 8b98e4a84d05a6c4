"""Ground truth for prox_ista.md, decided by hand and checked exactly with SymPy (symgd is not used).

The scalar prox of tau|.| is found from its optimality condition 0 in tau * d|x| + x - v (checked at each value);
the vector identities use generic vectors of R^2; the rate is the telescoped per-step bound plus monotone values,
written as a sum of terms each nonnegative under the stated hypotheses. The slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical

x, v = sp.symbols("x v", real=True)
tau, t, lam, L = sp.symbols("tau t lambda L", positive=True)


def _soft(val: sp.Expr, tau: sp.Expr) -> sp.Expr:
    """The minimizer of tau|x| + (x - val)^2/2, checked against its optimality condition."""
    cand = val - tau if val > tau else (val + tau if val < -tau else sp.Integer(0))
    if cand != 0:
        assert tau * sp.sign(cand) + cand - val == 0
    else:
        assert abs(val) <= tau  # 0 in tau [-1, 1] - val
    return cand


def _vec(name: str) -> sp.Matrix:
    return sp.Matrix(sp.symbols(f"{name}1:3", real=True))


def _sq(m: sp.Matrix) -> sp.Expr:
    return (m.T * m)[0]


def verdicts() -> dict[str, bool]:
    v_: dict[str, bool] = {}
    d = sp.diff(tau * x + (x - v) ** 2 / 2, x)
    v_[r"\frac{d}{dx}\Big(\tau x + \tfrac12 (x - v)^2\Big) = \tau + x - v"] = identical(d, tau + x - v)
    v_[r"x = v - \tau"] = identical(d.subs(x, v - tau), 0)
    one = sp.Integer(1)
    v_[r"S_1(3) = 2"] = _soft(sp.Integer(3), one) == 2
    v_[r"S_1(-1/2) = 0"] = _soft(sp.Rational(-1, 2), one) == 0
    v_[r"S_1(-5/2) = -7/2"] = _soft(sp.Rational(-5, 2), one) == sp.Rational(-7, 2)  # it is -3/2
    # ridge prox: lambda/2 x^2 + (x - v)^2/(2t) is strictly convex; its derivative vanishes at v/(1 + t lambda)
    obj = lam / 2 * x**2 + (x - v) ** 2 / (2 * t)
    sols = sp.solve(sp.diff(obj, x), x)
    v_[r"\operatorname{prox}_{tg}(v) = \frac{v}{1 + t\lambda}"] = len(sols) == 1 and identical(sols[0], v / (1 + t * lam))
    X, P = _vec("x"), _vec("p")  # P stands for prox_{tg}(x - t grad f(x))
    G = (X - P) / t
    v_[r"x_{k+1} = x_k - t\, G_t(x_k)"] = all(identical(a, b) for a, b in zip(X - t * G, P, strict=True))
    XS = _vec("s")  # x*
    lhs = (G.T * (X - XS))[0] - t / 2 * _sq(G)
    v_[r"G_t(x)^\top(x - x^\star) - \frac{t}{2}\|G_t(x)\|^2 = \frac{1}{t}\Big("] = identical(
        lhs, (_sq(X - XS) - _sq(X - t * G - XS)) / t)
    half = identical(lhs, (_sq(X - XS) - _sq(X - t * G - XS)) / (2 * t))
    v_[r"F(x_{i+1}) - F^\star \le \frac{1}{2t}"] = half  # the lemma at z = x*, x - tG = x_{i+1}, and this identity
    # telescoping by induction on k: S(0) = 0 = R(0), S(k+1) - S(k) = a_k - a_{k+1} = R(k+1) - R(k)
    a = sp.Function("a")
    kk = sp.Symbol("k", integer=True, nonnegative=True)
    R = a(0) - a(kk)
    i = sp.Symbol("i", integer=True)
    tele = (r"\sum_{i=0}^{k-1}\Big(\|x_i - x^\star\|^2 - \|x_{i+1} - x^\star\|^2\Big) = "
            r"\|x_0 - x^\star\|^2 - \|x_k - x^\star\|^2")
    v_[tele] = (R.subs(kk, 0) == 0 and identical(R.subs(kk, kk + 1) - R, a(kk) - a(kk + 1))
                and identical(sp.Sum(a(i) - a(i + 1), (i, 0, 4)).doit(), R.subs(kk, 5)))
    # rate, k = 4 (the same certificate for every k): b_i = F(x_i) - F*, nonincreasing, sum_{i=1}^k b_i <=
    # (d_0 - d_k)/(2t) (telescoped per-step bound), d_k >= 0:
    # d_0/(2tk) - b_k = [((d_0 - d_k)/(2t) - sum b_i) + sum (b_i - b_k) + d_k/(2t)] / k, every bracket >= 0
    n = 4
    b = sp.symbols(f"b1:{n + 1}", real=True)
    d0, dk, R0 = sp.symbols("d0 dk R0", nonnegative=True)
    cert = (((d0 - dk) / (2 * t) - sum(b)) + sum(bi - b[-1] for bi in b) + dk / (2 * t)) / n
    v_[r"F(x_k) - F^\star \le \frac{\|x_0 - x^\star\|^2}{2tk}"] = identical(d0 / (2 * t * n) - b[-1], cert)
    kp = sp.Symbol("k", positive=True)
    v_[r"F(x_k) - F^\star \le \frac{L\|x_0 - x^\star\|^2}{2k}"] = identical(
        (R0**2 / (2 * t * kp)).subs(t, 1 / L), L * R0**2 / (2 * kp))
    # the example: F(x) = (x - 3)^2/2 + |x|, L = 1
    F = (x - 3) ** 2 / 2 + sp.Abs(x)
    xs = _soft(sp.Integer(3), one)  # the prox of |.| at the gradient step's point 3 is the minimizer
    v_[r"x^\star = 2"] = xs == 2 and (xs - 3) + sp.sign(xs) == 0
    v_[r"F(x^\star) = \tfrac12 + 2"] = F.subs(x, 2) == sp.Rational(1, 2) + 2
    v_[r"= \tfrac52"] = sp.Rational(1, 2) + 2 == sp.Rational(5, 2)
    v_[r"0 \in (x^\star - 3) + \partial|x^\star|"] = (2 - 3) + sp.sign(2) == 0  # d|x| at 2 is {1}
    v_[r"(2 - 3) + 1 = 0"] = (2 - 3) + 1 == 0
    x0 = sp.Symbol("x0", real=True)
    v_[r"x_0 - (x_0 - 3) = 3"] = identical(x0 - sp.diff((x - 3) ** 2 / 2, x).subs(x, x0), 3)
    r2 = (10 - 2) ** 2  # ||x_0 - x*||^2 with x_0 = 10, L = 1
    v_[r"\frac{64}{2 \cdot 320} = 10^{-2}"] = r2 == 64 and not false_at(
        "=", sp.Rational(64, 2 * 320), sp.Rational(1, 100), {})
    return v_


if __name__ == "__main__":
    for key, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", key)
