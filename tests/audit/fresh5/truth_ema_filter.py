"""Ground truth for ema_filter.md, decided by hand and checked exactly with SymPy (symgd is not used).

Statements in k by induction (base case and the step k -> k+1 written out termwise); series by their closed forms
(the partial sums satisfy the recursion, the limit taken for 0 < beta < 1) and exactly at beta = 9/10; the
frequency response by computing |1 - beta e^{-i omega}|^2 for real omega; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _check import run
from _truth import false_at, identical

b = sp.Symbol("beta", positive=True)   # 0 < beta < 1 where it matters
j, k, n = sp.symbols("j k n", integer=True, nonnegative=True)
w = sp.Symbol("omega", real=True)
g = sp.Function("g")
B9 = sp.Rational(9, 10)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    # m_k = (1-b) sum_{j=1}^k b^{k-j} g_j: m_0 = 0 (empty sum); step: the summands of m_{k+1} for j <= k are b times
    # those of m_k, and the new summand j = k+1 is (1-b) g_{k+1}
    term = lambda kk, jj: (1 - b) * b ** (kk - jj) * g(jj)  # noqa: E731
    v[r"m_k = (1-\beta) \sum_{j=1}^{k} \beta^{\,k-j}\, g_j"] = identical(term(k + 1, j), b * term(k, j)) and identical(
        term(k + 1, k + 1), (1 - b) * g(k + 1))
    W = lambda kk: 1 - b**kk  # noqa: E731
    v[r"(1-\beta)\sum_{j=1}^{k}\beta^{k-j} = 1 - \beta^k"] = W(0) == 0 and identical(W(k + 1) - b * W(k), 1 - b)
    lag = sp.summation(j * (1 - B9) * B9**j, (j, 0, sp.oo))
    P = lambda nn: (b - (nn + 1) * b ** (nn + 1) + nn * b ** (nn + 2)) / (1 - b) ** 2  # sum_{j<=n} j b^j  # noqa: E731
    assert identical(P(n + 1) - P(n), (n + 1) * b ** (n + 1)) and P(0) == 0
    assert lag == 9 == B9 / (1 - B9)
    v[r"\sum_{j=0}^{\infty} j\,(1-\beta)\,\beta^{j} = \frac{\beta}{(1-\beta)^2}"] = not false_at(
        "=", lag, B9 / (1 - B9) ** 2, {})
    v[r"\beta/(1-\beta) = 9"] = B9 / (1 - B9) == 9
    z, M, Gz = sp.symbols("z M G")
    (Msol,) = sp.solve(sp.Eq(M, b * M / z + (1 - b) * Gz), M)
    H = sp.simplify(Msol / Gz)
    v[r"H(z) = \frac{1-\beta}{1 - \beta z^{-1}}"] = identical(H, (1 - b) / (1 - b / z))
    v[r"H(1) = 1"] = sp.simplify(H.subs(z, 1)) == 1
    v[r"H(-1) = \frac{1-\beta}{1+\beta}"] = identical(H.subs(z, -1), (1 - b) / (1 + b))
    den = sp.expand((1 - b * sp.cos(w)) ** 2 + (b * sp.sin(w)) ** 2)  # |1 - b e^{-iw}|^2, real and imaginary parts
    assert identical(sp.expand(sp.expand_complex((1 - b * sp.exp(-sp.I * w)) * (1 - b * sp.exp(sp.I * w)))), den)
    H2 = (1 - b) ** 2 / den
    assert identical(H2, (1 - b) ** 2 / (1 - 2 * b * sp.cos(w) + b**2))
    v[r"\big|H(e^{i\omega})\big|^2 = \frac{(1-\beta)^2}{1 + 2\beta\cos\omega + \beta^2}"] = not false_at(
        "=", H2, (1 - b) ** 2 / (1 + 2 * b * sp.cos(w) + b**2), {b: sp.Rational(1, 2), w: 0})
    v[r"0.1/1.9 = 1/19"] = sp.Rational("0.1") / sp.Rational("1.9") == sp.Rational(1, 19)
    # Var(m_k) = (1-b)^2 sum_{j=1}^k b^{2(k-j)} sigma^2; reindex i = k - j runs over 0..k-1
    sig = sp.Symbol("sigma", positive=True)
    i = sp.Symbol("i", integer=True)
    # the summand at j = k - i equals the summand at i, and j = 1..k corresponds to i = k-1..0
    summand_j = (1 - b) ** 2 * b ** (2 * (k - j)) * sig**2
    summand_i = (1 - b) ** 2 * b ** (2 * i) * sig**2
    v[r"\operatorname{Var}(m_k) = (1-\beta)^2 \sum_{j=0}^{k-1} \beta^{2j}\, \sigma^2"] = identical(
        summand_j.subs(j, k - i), summand_i)
    # partial sums (1 - b^{2n})/(1 - b^2) satisfy the recursion; b^{2n} -> 0 for 0 < b < 1 (checked at 9/10)
    Q = lambda nn: (1 - b ** (2 * nn)) / (1 - b**2)  # noqa: E731
    v[r"\sum_{j=0}^{\infty}\beta^{2j} = \frac{1}{1-\beta^2}"] = (
        Q(0) == 0 and identical(Q(n + 1) - Q(n), b ** (2 * n))
        and sp.summation(B9 ** (2 * j), (j, 0, sp.oo)) == 1 / (1 - B9**2))
    # (1-b)^2 sigma^2 Q(n) differs from the claimed limit by a multiple of b^{2n}, which tends to 0 for 0 < b < 1
    v[r"\operatorname{Var}(m_\infty) = \frac{(1-\beta)^2}{1-\beta^2}\,\sigma^2"] = identical(
        (1 - b) ** 2 * sig**2 * Q(n) - (1 - b) ** 2 / (1 - b**2) * sig**2,
        -(1 - b) ** 2 * sig**2 * b ** (2 * n) / (1 - b**2)) and sp.limit(B9 ** (2 * n), n, sp.oo) == 0
    v[r"= \frac{1-\beta}{1+\beta}\,\sigma^2"] = identical((1 - b) ** 2 / (1 - b**2), (1 - b) / (1 + b))
    # heavy ball with constant g from v_{-1} = 0: V(k) = sum_{j=0}^k b^j g; V(-1) = 0 and V(k) - b V(k-1) = g
    gg = sp.Symbol("gconst", real=True)
    V = lambda kk: (1 - b ** (kk + 1)) / (1 - b) * gg  # noqa: E731
    closed_ok = identical(V(-1), 0) and identical(V(k) - b * V(k - 1), gg)
    v[r"v_k = \sum_{j=0}^{k} \beta^{j}\, g"] = closed_ok and identical(
        sp.Sum(b**j * gg, (j, 0, 3)).doit(), V(3))
    v[r"= \frac{1 - \beta^{k}}{1-\beta}\, g"] = not false_at("=", V(0), (1 - b**0) / (1 - b) * gg, {b: B9, gg: 1})
    mprev, vprev, gk = sp.symbols("mprev vprev gk", real=True)
    v[r"m_k = (1-\beta)\, v_k"] = identical(
        (b * mprev + (1 - b) * gk).subs(mprev, (1 - b) * vprev), (1 - b) * (b * vprev + gk))
    al, vk = sp.symbols("alpha vk", real=True)
    v[r"\alpha m_k = \alpha(1-\beta) v_k"] = identical(al * ((1 - b) * vk), al * (1 - b) * vk)
    return v


if __name__ == "__main__":
    run("ema_filter.md", verdicts())
