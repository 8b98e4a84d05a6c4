"""Ground truth for lr_schedules.txt, decided by hand and checked exactly with SymPy (symgd is not used).

The one-step identity on generic vectors in R^3; the summed bound and (★) by exact certificates (slack variables
for the convexity and min-vs-average steps, the telescoping sum by induction on K); the schedule sums as symbolic
sums in K (the square-root bound by induction with an exact positive increment); the example by exact rational
arithmetic; the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _check import run
from _truth import false_at, identical

K = sp.Symbol("K", integer=True, positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
eta, eta0, rho, D, G = sp.symbols("eta eta0 rho D G", positive=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    X = sp.Matrix(sp.symbols("x1:4", real=True))
    Xs = sp.Matrix(sp.symbols("xs1:4", real=True))
    Gk = sp.Matrix(sp.symbols("g1:4", real=True))
    sq = lambda w: (w.T * w)[0]  # noqa: E731
    v["‖xₖ₊₁ − x⋆‖² = ‖xₖ − x⋆‖² − 2ηₖ⟨gₖ, xₖ − x⋆⟩ + ηₖ²‖gₖ‖²"] = identical(
        sq(X - eta * Gk - Xs), sq(X - Xs) - 2 * eta * (Gk.T * (X - Xs))[0] + eta**2 * sq(Gk))
    # subgradient s of f at x: f(x⋆) = f(x) + <s, x⋆ - x> + sigma, sigma >= 0; E[g | x] = s
    fx, _fs, sig = sp.symbols("fx fs sigma", real=True)
    S = sp.Matrix(sp.symbols("s1:4", real=True))
    fstar = fx + (S.T * (Xs - X))[0] + sig
    v["E⟨gₖ, xₖ − x⋆⟩ ≥ E[f(xₖ) − f⋆]"] = identical((S.T * (X - Xs))[0] - (fx - fstar), sig)
    # summed: 2 eta_k gap_k = d_k - d_{k+1} + eta_k^2 q_k - 2 eta_k sigma_k (q_k = E|g_k|^2 = G^2 - r_k, r_k >= 0);
    # closed form of sum_{k<K} (d_k - d_{k+1}) is d_0 - d_K (induction), and d_K, sigma, r >= 0
    d0, dK, dK1 = sp.symbols("d0 dK dK1", nonnegative=True)
    tel = lambda dk: d0 - dk  # noqa: E731
    ind = identical(tel(dK1) - tel(dK), dK - dK1) and identical(tel(d0), 0)
    SE2, SS, SR = sp.symbols("SE2 SS SR", nonnegative=True)  # SE2 = sum eta^2, SS = sum eta sigma, SR = sum eta^2 r
    lhs = (d0 - dK) + (G**2 * SE2 - SR) - 2 * SS  # = 2 sum eta_k gap_k
    v["2 ∑_{k=0}^{K−1} ηₖ E[f(xₖ) − f⋆] ≤ D² + G² ∑_{k=0}^{K−1} ηₖ²"] = ind and identical(
        (D**2 + G**2 * SE2) - lhs.subs(d0, D**2), dK + SR + 2 * SS)
    # (★): gap_k = m + t_k with m the smallest gap and t_k >= 0; the previous line says
    # D^2 + G^2 SE2 = 2 sum eta_k gap_k + slack = 2 m SEta + 2 SEt + slack (SEt = sum eta_k t_k >= 0, slack >= 0)
    m, SEta, SEt, slack = sp.symbols("m SEta SEt slack", nonnegative=True)
    rhs = (2 * m * SEta + 2 * SEt + slack) / (2 * SEta)
    v["min_{0≤k<K} E[f(xₖ) − f⋆] ≤ (D² + G² ∑_{k=0}^{K−1} ηₖ²) / (2 ∑_{k=0}^{K−1} ηₖ)"] = identical(
        rhs - m, (2 * SEt + slack) / (2 * SEta))
    v["∑ηₖ = Kη"] = identical(sp.Sum(eta, (k, 0, K - 1)).doit(), K * eta)
    v["∑ηₖ² = Kη²"] = identical(sp.Sum(eta**2, (k, 0, K - 1)).doit(), K * eta**2)
    v["min_{0≤k<K} E[f(xₖ) − f⋆] ≤ D²/(2Kη) + G²η/2"] = identical(
        (D**2 + G**2 * K * eta**2) / (2 * K * eta), D**2 / (2 * K * eta) + G**2 * eta / 2)
    at = {eta: D / (G * sp.sqrt(K))}
    assert identical((D**2 / (2 * K * eta) + G**2 * eta / 2).subs(at), D * G / sp.sqrt(K))
    # K = 1, f = G|x|, x0 = D > 0, g = G sign(x): E|g|^2 = G^2, gap at x0 is G D > D G / 2
    v["min_{0≤k<K} E[f(xₖ) − f⋆] ≤ DG / (2√K)"] = not false_at("<=", G * D, D * G / (2 * sp.sqrt(K)), {K: 1})
    # 0 < rho < 1: the geometric sum is eta0 (1 - rho^K)/(1 - rho) (the closed form satisfies the recursion)
    geo = lambda n: eta0 * (1 - rho**n) / (1 - rho)  # noqa: E731
    assert identical(geo(K + 1) - geo(K), eta0 * rho**K) and geo(0) == 0
    v["∑_{k=0}^{K−1} η₀ρᵏ = η₀ (1 − ρ^{K+1}) / (1 − ρ)"] = not false_at(
        "=", eta0, eta0 * (1 - rho**2) / (1 - rho), {eta0: 1, rho: sp.Rational(1, 2)})  # K = 1
    # induction: base K = 0 gives 0 >= 0; step adds 1/sqrt(a) on the left and 2(sqrt(a+1) - sqrt(a)) on the right
    a = sp.Symbol("a", positive=True)  # a = K + 1
    inc = 1 / sp.sqrt(a) - 2 * (sp.sqrt(a + 1) - sp.sqrt(a))
    v["∑_{k=0}^{K−1} 1/√(k+1) ≥ 2(√(K+1) − 1)"] = sp.simplify(
        sp.radsimp(inc - 1 / (sp.sqrt(a) * (sp.sqrt(a) + sp.sqrt(a + 1)) ** 2))) == 0
    H2 = sum(sp.Rational(1, j + 1) for j in range(2))
    v["∑_{k=0}^{K−1} 1/(k+1) ≥ 1 + ln K"] = not false_at(">=", H2, 1 + sp.log(2), {})
    assert sp.E < 4  # ln 2 > 1/2
    lin = eta0 * (1 - k / K)
    v["∑_{k=0}^{K−1} ηₖ = η₀ (K+1)/2"] = identical(sp.Sum(lin, (k, 0, K - 1)).doit(), eta0 * (K + 1) / 2)
    v["∑_{k=0}^{K−1} ηₖ² = η₀² (K+1)(2K+1)/(6K)"] = identical(
        sp.Sum(lin**2, (k, 0, K - 1)).doit(), eta0**2 * (K + 1) * (2 * K + 1) / (6 * K))
    steps = [sp.Rational(1, 2) * (1 - sp.Rational(j, 4)) for j in range(4)]
    assert steps == [sp.Rational(1, 2), sp.Rational(3, 8), sp.Rational(1, 4), sp.Rational(1, 8)]
    s1, s2 = sum(steps), sum(t**2 for t in steps)
    v["∑ηₖ = 5/4"] = s1 == sp.Rational(5, 4)
    assert s2 == sp.Rational(15, 32)
    bound = (1 + s2) / (2 * s1)
    assert bound == sp.Rational(47, 80)
    v["(1 + 15/32) / (5/2) = 47/64"] = bound == sp.Rational(47, 64)
    v["(1 + 4·(1/4)) / (2·4·(1/2)) = 1/2"] = (1 + 4 * sp.Rational(1, 4)) / (2 * 4 * sp.Rational(1, 2)) == sp.Rational(1, 2)
    return v


if __name__ == "__main__":
    run("lr_schedules.txt", verdicts())
