"""The O(1/k) rate of gradient descent on a convex L-smooth function (document 003, Theorem 6.1).

Result.  For f convex with L-Lipschitz gradient, a minimizer x*, and a fixed step 0 < t <= 1/L, the
iterates x_{i+1} = x_i - t grad f(x_i) satisfy f(x_k) - f(x*) <= ||x_0 - x*||^2 / (2 t k) for k >= 1.

Proof.  (a) The exact vector identity ||x+ - x*||^2 = ||x - x*||^2 - 2t g^T (x - x*) + t^2 ||g||^2 for
x+ = x - t g (dimension-free).  (b) The descent lemma with t <= 1/L gives f(x+) <= f(x) - (t/2)||g||^2;
convexity at x* gives f(x) <= f* + g^T (x - x*); with (a), f(x+) - f* <= (||x - x*||^2 - ||x+ - x*||^2)/(2t).
(c) Summing (b) over i = 1..k telescopes to (||x_0 - x*||^2 - ||x_k - x*||^2)/(2t); f(x_i) is
nonincreasing, so k (f(x_k) - f*) is at most the sum.  The constant is tight up to a factor 2: on a
Huber function GD attains L||x_0 - x*||^2/(4k + 2) (Drori and Teboulle 2014), checked numerically.

Assumptions.  f convex, differentiable, grad f L-Lipschitz (L > 0); a minimizer x* exists; 0 < t <= 1/L;
k a positive integer.  Cited: the descent lemma (derivation descent_lemma), the first-order condition
of convexity (Theorem 1.1 at y = x*), the telescoping of a finite sum.

Reference.  Document 003, "Rough intuition for how GD works", Theorem 6.1; Tibshirani, Convex
Optimization lecture notes 10-725, Lecture 6 (Theorem 6.1); Bubeck (2015), Theorem 3.3; Drori and
Teboulle, Math. Program. 145 (2014).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import F, L, R, rate_bound
from derivations._common import rate_k as k
from derivations._common import rate_t as t
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "rate_bound"]

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)


def derive() -> Derivation:
    d = Derivation(
        "gd_rate_convex",
        r"Gradient descent on a convex $L$-smooth function: $f(x_k) - f^* \le \|x_0 - x^*\|^2/(2tk)$",
        Source("003", "Rough intuition for how GD works, Theorem 6.1",
               r"$f(x^{(k)}) - f(x^*) \leq \frac{\|x^{(0)} - x^*\|_2^2}{2tk}$"),
        summary="The descent lemma, convexity and an exact vector identity give a per-step bound whose sum "
        "telescopes; monotonicity turns the average into the last iterate: an $O(1/k)$ rate.",
        reference="Document 003; Tibshirani, 10-725 Lecture 6; Bubeck (2015), Thm. 3.3; Drori and Teboulle (2014).",
    )
    d.assume([t, L, k])
    d.hypothesis(t <= 1 / L, r"fixed step $t \le 1/L$")
    x, g, xs = (d.matrix(sp.MatrixSymbol(s, n, 1)) for s in ("x", "g", "x^*"))
    xp = x - t * g  # x+ = x - t grad f(x)

    # (a) The key vector identity, dimension-free.
    a1, B = sp.MatrixSymbol("a", 1, 1), sp.MatrixSymbol("B", 1, 1)
    c = sp.Symbol("c", real=True)
    transpose = d.premise(r"a $1 \times 1$ matrix is its own transpose", Claim(B + c * a1.T, "=", B + c * a1),
                          variables=(B, c, a1), source="$(u^T v)^T = v^T u$ is a scalar")
    d.claim((xp - xs).T * (xp - xs), "=",
            (x - xs).T * (x - xs) - t * g.T * (x - xs) - t * (x - xs).T * g + t**2 * g.T * g,
            "expand $\\|x - t g - x^*\\|^2$")
    d.then("=", (x - xs).T * (x - xs) - 2 * t * g.T * (x - xs) + t**2 * g.T * g,
           "$(x - x^*)^T g = g^T (x - x^*)$", premise=transpose,
           instance={B: (x - xs).T * (x - xs) - t * g.T * (x - xs) + t**2 * g.T * g, c: -t, a1: g.T * (x - xs)})
    d.conclude(r"$\|x^+ - x^*\|^2 = \|x - x^*\|^2 - 2t g^T(x - x^*) + t^2 \|g\|^2$ (exact, any dimension)")

    # (b) The per-step bound, in scalars.
    fp, fx, fs = sp.symbols("f(x^{+}) f(x) f^{*}", real=True)
    a = sp.Symbol("g^{T}(x - x^{*})", real=True)
    q, r, rp = (sp.Symbol(s, nonnegative=True) for s in (r"\|g\|^{2}", r"\|x - x^*\|^{2}", r"\|x^+ - x^*\|^{2}"))
    d.assume([fp, fx, fs, a, q, r, rp])
    d.define(rp, r - 2 * t * a + t**2 * q, "identity (a) in scalars")
    descent = d.premise(r"descent lemma at $\eta = t$", Claim(fp, "<=", fx - t * (1 - L * t / 2) * q),
                        source="the derivation of the descent lemma")
    convex = d.premise("convexity at $x^*$ (Theorem 1.1, $y = x^*$), plus $c$ on both sides",
                       Claim(fx + c, "<=", fs + a + c), variables=(c,), source=r"$f(x^*) \ge f(x) + g^T (x^* - x)$")
    d.claim(fp, "<=", fx - t * (1 - L * t / 2) * q, "descent lemma with $\\eta = t$", premise=descent,
            intended_restatement=True)
    d.then("<=", fx - t / 2 * q, "$t \\le 1/L$: the gap is $t(1 - Lt)\\|g\\|^2/2 \\ge 0$")
    d.then("<=", fs + a - t / 2 * q, "convexity: $f(x) \\le f^* + g^T(x - x^*)$", premise=convex,
           instance={c: -t / 2 * q})
    d.then("=", fs + (r - rp) / (2 * t), "identity (a)")
    d.conclude(r"per step: $f(x^+) - f^* \le (\|x - x^*\|^2 - \|x^+ - x^*\|^2)/(2t)$")
    d.claim(fx - t / 2 * q, "<=", fx, "and $f$ does not increase: $f(x^+) \\le f(x) - \\frac{t}{2}\\|g\\|^2 \\le f(x)$")
    d.conclude("$f(x_i)$ is nonincreasing along GD")

    # (c) Sum over i = 1..k (F(i) = f(x_i) - f*, R(i) = ||x_i - x*||^2) and use monotonicity.
    w = sp.Function("w")
    average = d.premise("$F(i)$ nonincreasing: the last term is at most the average",
                        Claim(F(k), "<=", sp.Sum(F(i), (i, 1, k)) / k), source="monotonicity above")
    summed = d.premise(r"per-step bound (b) at $x = x_{i-1}$, summed over $i = 1, \dots, k$",
                       Claim(sp.Sum(F(i), (i, 1, k)) / k, "<=", sp.Sum(R(i - 1) - R(i), (i, 1, k)) / (2 * t * k)),
                       source="(b), divided by $k > 0$")
    telescope = d.premise("telescoping sum", Claim(c * sp.Sum(w(i - 1) - w(i), (i, 1, n)), "=", c * (w(0) - w(n))),
                          variables=(c, w, n), source="induction on $n$")
    d.claim(F(k), "<=", sp.Sum(F(i), (i, 1, k)) / k, "$f(x_i)$ nonincreasing", premise=average,
            intended_restatement=True)
    d.then("<=", sp.Sum(R(i - 1) - R(i), (i, 1, k)) / (2 * t * k), "sum the per-step bound", premise=summed,
            intended_restatement=True)
    d.then("=", (R(0) - R(k)) / (2 * t * k), "telescoping", premise=telescope,
           instance={c: 1 / (2 * t * k), w: sp.Lambda(i, R(i)), n: k})
    d.then("<=", rate_bound, "$\\|x_k - x^*\\|^2 \\ge 0$")
    d.conclude(r"$f(x_k) - f^* \le \|x_0 - x^*\|^2/(2 t k)$")

    # "increases in k when k is small lead to significant decrease": the bound's gain from one more step
    C = sp.Symbol("C", positive=True)  # C = ||x_0 - x*||^2 / (2t)
    d.assume(C)
    d.claim(C / k - C / (k + 1), "=", C / (k * (k + 1)), "one more iteration lowers the bound $C/k$ by $C/(k(k+1))$")
    d.claim(C / (k * (k + 1)) - C / ((k + 1) * (k + 2)), "=", 2 * C / (k * (k + 1) * (k + 2)),
            "and that gain shrinks with $k$")
    d.then(">", 0, "$C, k > 0$")
    d.conclude("the gain of the $k$-th step, $C/(k(k+1))$, decreases in $k$: large early, small late (like "
               "$1/k^2$)")

    d.erratum(
        "003", "it will yield a solution $f^{(k)}$ which satisfies",
        "The $k$-th iterate is called $f^{(k)}$.",
        "The solution is the point $x^{(k)}$; $f(x^{(k)})$ is its value (typo).",
        evidence="inequality (6.1) itself is stated for $f(x^{(k)})$",
    )
    d.erratum(
        "003", "It basically means that the $f(x_k) - f(x^*)$ follows the $1/k$ graph",
        "The gap $f(x_k) - f^*$ follows the $1/k$ graph.",
        "Theorem 6.1 is an upper bound: the gap is at most $C/k$, and it can decay much faster (geometrically when $f$ "
        "is strongly convex); the $1/k$ order is attained only by the worst case (e.g. a Huber function).",
        evidence=r"numeric check 'not_one_over_k': on $\frac{L}{2} x^2$ with $t = 1/(2L)$ the gap is "
        r"$\frac{L}{2} x_0^2 4^{-k}$",
    )

    @d.numeric("sampled_convex_family", r"the bound for $k = 1, \dots, 100$ on random positive semidefinite quadratics "
               "and logistic losses")
    def _family() -> NumericOutcome:
        rng = np.random.default_rng(7)
        worst = -np.inf
        for trial in range(40):
            dim = 5
            if trial % 2 == 0:  # PSD quadratic (possibly singular), minimizer x* = z exists
                M = rng.normal(size=(dim, rng.integers(1, dim + 1)))
                A = M @ M.T
                z = rng.normal(size=dim)
                b = A @ z
                Lc = np.linalg.eigvalsh(A).max()

                def fun(v: np.ndarray, A: np.ndarray = A, b: np.ndarray = b) -> float:
                    return 0.5 * v @ A @ v - b @ v

                def grad(v: np.ndarray, A: np.ndarray = A, b: np.ndarray = b) -> np.ndarray:
                    return A @ v - b

                x_star = z
            else:  # logistic loss with overlapping labels (a minimizer exists), L = lambda_max(X^T X)/4
                X = rng.normal(size=(40, dim))
                y = np.where(X @ rng.normal(size=dim) + rng.normal(scale=2.0, size=40) > 0, 1.0, -1.0)
                Lc = np.linalg.eigvalsh(X.T @ X).max() / 4

                def fun(v: np.ndarray, X: np.ndarray = X, y: np.ndarray = y) -> float:
                    return float(np.sum(np.logaddexp(0.0, -y * (X @ v))))

                def grad(v: np.ndarray, X: np.ndarray = X, y: np.ndarray = y) -> np.ndarray:
                    return X.T @ (-y / (1 + np.exp(y * (X @ v))))

                x_star = np.zeros(dim)  # Newton's method to machine precision
                for _ in range(50):
                    p = 1 / (1 + np.exp(-y * (X @ x_star)))
                    H = X.T @ (X * (p * (1 - p))[:, None])
                    x_star = x_star - np.linalg.solve(H, grad(x_star))
            f_star = fun(x_star)
            step = 1 / Lc if trial % 4 < 2 else 0.3 / Lc
            v = x_star + rng.normal(scale=3.0, size=dim)
            r0 = np.sum((v - x_star) ** 2)
            for kk in range(1, 101):
                v = v - step * grad(v)
                worst = max(worst, (fun(v) - f_star) - r0 / (2 * step * kk))
        return NumericOutcome(worst <= 1e-9, rf"max over 40 functions and $k = 1, \dots, 100$ of gap $-$ bound = "
                              rf"{worst:.2e} ($\le 0$)",
                              {"worst": worst})

    @d.numeric("tight_case", r"Huber function, $t = 1/L$, $x_0 = (2k+1) \delta$: gap/bound $= k/(2k+1) \to 1/2$ "
               "(tight up to a factor $2$)")
    def _tight() -> NumericOutcome:
        delta = 0.1  # Huber: |x| - delta/2 outside [-delta, delta], x^2/(2 delta) inside; L = 1/delta
        step = delta
        ratios = []
        for kk in range(1, 101):
            x0 = (2 * kk + 1) * delta
            v = x0
            for _ in range(kk):
                v = v - step * (np.sign(v) if abs(v) > delta else v / delta)
            gap = abs(v) - delta / 2 if abs(v) > delta else v * v / (2 * delta)
            ratios.append(gap / (x0**2 / (2 * step * kk)))
        ratios_a = np.array(ratios)
        ok = ratios_a.max() <= 1 and ratios_a.min() >= 1 / 3 - 1e-12 and ratios_a[-1] > 0.49
        return NumericOutcome(ok, f"gap/bound in [{ratios_a.min():.4f}, {ratios_a.max():.4f}], at $k = 100$: "
                              f"{ratios_a[-1]:.4f}", {"ratio_k1": ratios_a[0], "ratio_k100": ratios_a[-1]})

    @d.numeric("not_one_over_k", r"on $\frac{L}{2} x^2$ with $t = 1/(2L)$ the gap decays geometrically, far below "
               "the bound")
    def _geometric() -> NumericOutcome:
        Lc, x0 = 2.0, 1.5
        v, gaps = x0, []
        for _ in range(30):
            v = v - (1 / (2 * Lc)) * Lc * v
            gaps.append(Lc / 2 * v * v)
        ratio = gaps[-1] / gaps[-2]
        return NumericOutcome(abs(ratio - 0.25) < 1e-12, f"$\\mathrm{{gap}}_{{30}} / \\mathrm{{gap}}_{{29}}$ = "
                              f"{ratio:.6f} ($= 1/4$, not $29/30$)",
                              {"ratio": ratio})

    return d
