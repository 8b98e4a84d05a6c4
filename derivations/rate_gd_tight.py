"""The tight rate of gradient descent on smooth convex functions, for every N (Drori and Teboulle 2014).

Result.  For f convex with L-Lipschitz gradient, a minimizer x_*, and N >= 1 steps x_{k+1} = x_k - g_k/L:
f(x_N) - f_* <= L ||x_0 - x_*||^2 / (4N + 2), with equality for a Huber function.  Documents 002 ("Convergence
Analysis") and 003 (Theorem 6.1) give ||x_0 - x_*||^2/(2tN) = L ||x_0 - x_*||^2/(2N) at t = 1/L: valid, but
2 + 1/N times (about twice) the worst case.

Proof (a performance-estimation certificate, Taylor, Hendrickx and Glineur 2017).  By scaling (f -> f/L) take
L = 1; write z = x_0 - x_*, w_k = g_k, f_* = 0, K = 2N + 1.  Smooth convex interpolation gives
q_ij = f_i - f_j - <g_j, x_i - x_j> - ||g_i - g_j||^2/2 >= 0 for every pair of points.  With the multipliers
lambda_k = k/(K - k) on q_{k-1,k} (k = 1..N) and mu_k = lambda_{k+1} - lambda_k on q_{*,k} (lambda_{N+1} = 1),
(a) the function values cancel: 1/(2K) ||z||^2 - f_N - sum lambda q is a quadratic form Phi in (z, w_0..w_N);
(b) its coefficients are those of (1/(2K)) sum_{m=0}^{N} P_m ||w_m + (s_m - z)/(K - m)||^2, s_m = w_0 + .. + w_{m-1},
    P_m = K (K + 2N^2 - 2(N - m)^2)/(2N - m)^2 (m < N), P_N = K — a sum of squares with P_m > 0.
The tail sums T_j = sum_{m > j} P_m/(K - m)^2 that the coefficients need telescope to K(2N - 2j - 1)/(2N - j)^2
(the recurrence and the last term are checked; the induction is the justification).  So f_N - f_* = ||z||^2/(2K)
- sum lambda q - Phi <= ||z||^2/(4N + 2).  Tightness: the Huber function with slope delta = 1/K from x_0 = 1.
Each coefficient is proved with N (and the indices) symbolic: the bound holds for every N, not only those checked.

Assumptions.  N a positive integer; indices 0 <= j, m <= N - 1 (the last index N handled separately); the
interpolation inequalities of L-smooth convex functions (cited, THG 2017, Theorem 4); a Gram-linear identity
holds iff its coefficients agree (bookkeeping of which q contributes to which coefficient is in each step's text).

Reference.  Drori and Teboulle, Math. Program. 145 (2014), Theorem 3.1; Taylor, Hendrickx and Glineur, Math.
Program. 161 (2017); document 002, "Convergence Analysis"; document 003, Theorem 6.1.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from symgd import Derivation, NumericOutcome, Source

__all__ = ["P", "derive", "lam", "mu", "tail", "tight_bound"]

N = sp.Symbol("N", integer=True, positive=True)
j, m, k = (sp.Symbol(s, integer=True, nonnegative=True) for s in ("j", "m", "k"))
i_ = sp.Symbol("i", integer=True)  # the argument of T_i, which also takes the value -1
Pn = sp.Symbol("P_N", positive=True)
K = 2 * N + 1


def lam(i: sp.Expr) -> sp.Expr:
    """lambda_i = i/(2N + 1 - i), the multiplier of q_{i-1,i} (lambda_0 = 0)."""
    return i / (K - i)


def mu(i: sp.Expr) -> sp.Expr:
    """mu_i = lambda_{i+1} - lambda_i on q_{*,i} for i < N (mu_N = 1 - lambda_N)."""
    return lam(i + 1) - lam(i)


def P(i: sp.Expr) -> sp.Expr:
    """The weight of the i-th square, i < N (P_N = K)."""
    return K * (K + 2 * N**2 - 2 * (N - i) ** 2) / (2 * N - i) ** 2


def tail(i: sp.Expr) -> sp.Expr:
    """T_i = sum_{m=i+1}^{N} P_m/(K - m)^2 in closed form (-1 <= i <= N - 1)."""
    return K * (2 * N - 2 * i - 1) / (2 * N - i) ** 2


#: The tight bound on f(x_N) - f_* per unit L ||x_0 - x_*||^2.
tight_bound = 1 / (4 * N + 2)


def derive() -> Derivation:
    d = Derivation(
        "rate_gd_tight",
        r"Gradient descent on a smooth convex function: $f(x_N) - f_* \le L\|x_0 - x_*\|^2/(4N+2)$, tight, for every $N$",
        Source("002", "Convergence Analysis",
               "Theorem: For a function with L-Lipschitz gradients and learning rate η ≤ 1/L"),
        summary=r"A performance-estimation certificate with multipliers rational in $N$: the weighted interpolation "
        r"inequalities leave a sum of squares, so the worst case is $L R^2/(4N+2)$ for every $N$; a Huber function "
        r"attains it.  The documents' $L R^2/(2N)$ is valid but about twice the worst case.",
        reference="Drori and Teboulle (2014), Thm 3.1; Taylor, Hendrickx and Glineur (2017); documents 002, 003.",
    )
    d.assume([N, j, m, k])
    d.hypothesis(j + 1 <= N, r"$0 \le j \le N - 1$ (the index $N$ is handled separately)")
    d.hypothesis(m + 1 <= N, r"$0 \le m \le N - 1$")
    d.hypothesis(k + 1 <= N, r"$0 \le k \le N - 1$")

    # (1) The interpolation inequalities along GD, dimension-free (L = 1; x_k = x_{k-1} - w_{k-1}; x_* = 0, g_* = 0).
    n = sp.Symbol("n", integer=True, positive=True)
    wp, w, x = (d.matrix(sp.MatrixSymbol(s, n, 1)) for s in ("w_{k-1}", "w_k", "x_{k-1}"))
    xk = x - wp
    d.claim(-(w.T * (x - xk)) - (wp - w).T * (wp - w) / 2, "=", -(wp.T * wp) / 2 - (w.T * w) / 2,
            "consecutive iterates: in $q_{k-1,k}$ the inner products cancel, "
            "$q_{k-1,k} = f_{k-1} - f_k - \\|w_{k-1}\\|^2/2 - \\|w_k\\|^2/2$")
    d.conclude(r"$q_{k-1,k} = f_{k-1} - f_k - \|w_{k-1}\|^2/2 - \|w_k\|^2/2$")
    s = d.matrix(sp.MatrixSymbol("s_k", n, 1))
    z = d.matrix(sp.MatrixSymbol("z", n, 1))
    d.claim(-(w.T * (0 * z - (z - s))) - (0 * w - w).T * (0 * w - w) / 2, "=",
            w.T * z - w.T * s - (w.T * w) / 2,
            "optimum and iterate ($x_k = z - s_k$, $s_k = w_0 + \\dots + w_{k-1}$): "
            "$q_{*,k} = -f_k + \\langle w_k, z\\rangle - \\langle w_k, s_k\\rangle - \\|w_k\\|^2/2$")
    d.conclude(r"$q_{*,k} = -f_k + \langle w_k, z - s_k \rangle - \|w_k\|^2/2$")

    # (2) The multipliers are nonnegative.
    d.claim(lam(k + 1), ">=", 0, "$\\lambda_{k+1} = (k+1)/(2N - k) \\ge 0$")
    d.claim(mu(k), "=", K / ((2 * N - k) * (K - k)), "$\\mu_k = \\lambda_{k+1} - \\lambda_k$")
    d.then(">", 0, "$k \\le N - 1$: both factors of the denominator are positive")
    d.claim(1 - lam(N), "=", 1 / (N + 1), "$\\mu_N = 1 - \\lambda_N$")
    d.then(">", 0, "$N \\ge 1$")
    d.conclude("every multiplier is nonnegative")

    # (3) The function values cancel: the coefficient of f_k in -f_N - sum lambda q.
    mu_k, mu_N = K / ((2 * N - k) * (K - k)), 1 / (N + 1)  # the closed forms just proved
    mu_j = mu_k.subs(k, j)
    d.claim(lam(k) - lam(k + 1) + mu_k, "=", 0,
            "$f_k$, $0 \\le k < N$: $+\\lambda_k$ from $q_{k-1,k}$, $-\\lambda_{k+1}$ from $q_{k,k+1}$, "
            "$+\\mu_k$ from $q_{*,k}$ ($\\lambda_0 = 0$)")
    d.claim(-1 + lam(N) + mu_N, "=", 0, "$f_N$: $-1$ from the metric, $+\\lambda_N$, $+\\mu_N$")
    d.conclude(r"the function values cancel: $\Phi = \|z\|^2/(4N+2) - f_N - \sum \lambda q$ is a quadratic form")

    # (4) The tail sums T_j telescope.
    # T_{m-1} - T_m = P_m/(K - m)^2 over the common denominator (2N - m)^2 (2N - m + 1)^2 (K - m = 2N - m + 1):
    d.claim(K * (2 * N - 2 * m + 1) * (2 * N - m) ** 2 - K * (2 * N - 2 * m - 1) * (2 * N - m + 1) ** 2, "=",
            K * (K + 2 * N**2 - 2 * (N - m) ** 2),
            "recurrence $T_{m-1} - T_m = P_m/(K - m)^2$ ($m \\le N - 1$), numerators over the common denominator "
            "$(2N - m)^2 (2N - m + 1)^2$")
    d.claim(sp.Subs(tail(i_), i_, N - 1), "=", sp.Subs(Pn / (K - N) ** 2, Pn, K),
            "last term: $T_{N-1} = P_N/(K - N)^2$ with $P_N = K$")
    d.conclude(r"by downward induction, $\sum_{m > j} P_m/(K - m)^2 = T_j = K (2N - 2j - 1)/(2N - j)^2$ for "
               r"$-1 \le j < N$")

    # (5) Coefficient by coefficient, Phi = (1/(2K)) sum_m P_m ||w_m + (s_m - z)/(K - m)||^2.
    d.claim(sp.Subs(tail(i_), i_, -1) / (2 * K), "=", tight_bound,
            "$\\|z\\|^2$: every square contributes $P_m/(K - m)^2$, total $T_{-1}/(2K)$; in $\\Phi$: the bound")
    # P_j/(K - j) + T_j = K mu_j, over the common denominator (2N - j)^2 (K - j): numerators
    d.claim((K + 2 * N**2 - 2 * (N - j) ** 2) + (2 * N - 2 * j - 1) * (K - j), "=", K * (2 * N - j),
            "$\\langle z, w_j \\rangle$, $j < N$: $-2 P_j/(K - j)$ from square $j$ and $-2P_m/(K - m)^2$ from squares "
            "$m > j$, i.e. $-(P_j/(K - j) + T_j)/K$ after dividing by $2K$; in $\\Phi$: $-\\mu_j$ from $q_{*,j}$.  "
            "$\\langle w_i, w_j \\rangle$, $i < j < N$: the same with $+$ ($w_i$ is in $s_j$ and $s_m$) and $+\\mu_j$ "
            "($w_i$ in $s_j$).  Both need $P_j/(K - j) + T_j = K \\mu_j$: numerators over $(2N - j)^2 (K - j)$")
    d.claim(sp.Subs(-Pn / (K - N) / K, Pn, K), "=", -mu_N,
            "$\\langle z, w_N \\rangle$: square $N$ only; in $\\Phi$: $-\\mu_N$")
    d.claim(sp.Subs(Pn / (K - N) / K, Pn, K), "=", mu_N, "$\\langle w_i, w_N \\rangle$, $i < N$: in $\\Phi$: $\\mu_N$")
    d.claim(lam(j) / 2 + lam(j + 1) / 2 + mu_j / 2, "=", lam(j + 1),
            "$\\|w_j\\|^2$, $j < N$, in $\\Phi$: $\\lambda_j/2$ from $q_{j-1,j}$, $\\lambda_{j+1}/2$ from $q_{j,j+1}$, "
            "$\\mu_j/2$ from $q_{*,j}$")
    d.claim((K + 2 * N**2 - 2 * (N - j) ** 2) + (2 * N - 2 * j - 1), "=", 2 * (j + 1) * (2 * N - j),
            "$\\|w_j\\|^2$, $j < N$, in the squares: $(P_j + T_j)/(2K) = \\lambda_{j+1}$ ($P_j$ from square $j$, the "
            "tail from squares $m > j$), numerators over $(2N - j)^2$")
    d.claim(sp.Subs(Pn / (2 * K), Pn, K), "=", lam(N) / 2 + mu_N / 2, "$\\|w_N\\|^2$: square $N$; in $\\Phi$: "
            "$\\lambda_N/2 + \\mu_N/2$")
    d.conclude(r"$\Phi$ is the sum of squares $\frac{1}{2K} \sum_m P_m \|w_m + (s_m - z)/(K - m)\|^2$, coefficient by "
               "coefficient")

    # (6) The weights are positive.
    d.claim(P(m), ">", 0, "$P_m$, $m \\le N - 1$: $K + 2N^2 - 2(N - m)^2 \\ge K > 0$")
    d.claim(K, ">", 0, "$P_N = K = 2N + 1$")
    d.conclude(r"$\Phi \ge 0$, so $f(x_N) - f_* = \|z\|^2/(4N+2) - \sum \lambda q - \Phi \le L \|x_0 - x_*\|^2/(4N+2)$ "
               r"for every $N$")

    # (7) Tightness: the Huber function h(x) = delta |x| - delta^2/2 (|x| >= delta), x^2/2 inside, is 1-smooth and
    # convex; from x_0 = 1 each step moves by delta while x >= delta.
    delta = 1 / K
    d.claim(1 - N * delta - delta, "=", N / K, "with $\\delta = 1/(2N+1)$, $x_N = 1 - N\\delta$ is still $\\ge \\delta$")
    d.then(">=", 0, "$N \\ge 0$")
    d.claim(delta * (1 - N * delta) - delta**2 / 2, "=", tight_bound,
            "$h(x_N) - h_* = \\delta x_N - \\delta^2/2$: the bound is attained")
    d.conclude(r"the Huber function with $\delta = 1/(2N+1)$ attains $L R^2/(4N+2)$: the bound is tight for every $N$")

    # (8) Against the documents' bound L R^2/(2N) (t = 1/L, k = N).
    d.claim(1 / (2 * N) - tight_bound, "=", (N + 1) / (2 * N * K), "the documents' bound exceeds the tight one by")
    d.then(">", 0, "$N \\ge 1$")
    d.claim(tight_bound / (1 / (2 * N)), "=", sp.Rational(1, 2) - 1 / (2 * K), "their ratio")
    d.then("<", sp.Rational(1, 2), "$K > 0$: the documents' bound is valid but more than twice the worst case")
    d.conclude(r"the documents' $\|x_0 - x_*\|^2/(2tk)$ is valid, not tight: the tight constant is $1/(4N+2)$, not "
               r"$1/(2N)$")

    @d.numeric("certificate_N_1_to_30", r"the closed-form certificate, checked exactly by symgd.rates for "
               r"$N = 1, \dots, 20$")
    def _certificate() -> NumericOutcome:
        from symgd.rates import STAR, build, gd, verify
        from symgd.rates.certify import residual

        worst = ""
        for NN in range(1, 21):
            KK = 2 * NN + 1
            lam_ = [Fraction(i, KK - i) for i in range(NN + 1)] + [Fraction(1)]
            cert = {(i - 1, i): lam_[i] for i in range(1, NN + 1)}
            cert.update({(STAR, i): lam_[i + 1] - lam_[i] for i in range(NN + 1)})
            problem = build(gd(), NN)
            tau = Fraction(1, 4 * NN + 2)
            if not verify(problem, cert, tau).proved or verify(problem, cert, tau - Fraction(1, 10**12)).proved:
                worst = f"$N = {NN}$: the certificate does not verify exactly (or a smaller bound does)"
                break
            # the sum of squares of step (5), built independently, equals S entry by entry
            S, _ = residual(problem, cert, tau)
            sos = np.zeros((NN + 2, NN + 2), dtype=object)
            for mm in range(NN + 1):
                Pm = Fraction(KK) if mm == NN else Fraction(KK * (KK + 2 * NN**2 - 2 * (NN - mm) ** 2), (2 * NN - mm) ** 2)
                v = [Fraction(-1, KK - mm)] + [Fraction(1, KK - mm)] * mm + [Fraction(1)] + [Fraction(0)] * (NN - mm)
                sos = sos + Pm / (2 * KK) * np.outer(v, v)
            if any(S[a][b] != sos[a, b] for a in range(NN + 2) for b in range(NN + 2)):
                worst = f"$N = {NN}$: the sum of squares differs from the certificate matrix"
                break
        return NumericOutcome(not worst, worst or r"exact $LDL^T$ proves the bound $1/(4N+2)$ (and fails for "
                              r"$1/(4N+2) - 10^{-12}$); the sum of squares equals $S$ exactly, $N = 1, \dots, 20$",
                              {"N_max": 20})

    @d.numeric("huber_worst_case", r"symgd's GD optimizer on the Huber function attains $L R^2/(4N+2)$, "
               r"$N = 1, \dots, 30$")
    def _huber() -> NumericOutcome:
        from symgd.optim.optimizers import gd

        worst = 0.0
        for Lc, R in ((1.0, 1.0), (4.0, 0.5)):
            for NN in range(1, 31):
                dl = Lc * R / (2 * NN + 1)  # slope of the Huber function L-smooth: h = dl|x| - dl^2/(2L) outside dl/L

                def grad(x: np.ndarray, dl: float = dl, Lc: float = Lc) -> np.ndarray:
                    return np.where(np.abs(x) >= dl / Lc, dl * np.sign(x), Lc * x)

                opt = gd(lr=1 / Lc)
                x = np.array([R])
                state = opt.init(x)
                for _ in range(NN):
                    x, state = opt.update(grad(x), state, x)
                xa = abs(float(x[0]))
                gap = dl * xa - dl**2 / (2 * Lc) if xa >= dl / Lc else Lc * xa**2 / 2
                worst = max(worst, abs(gap - Lc * R**2 / (4 * NN + 2)) / (Lc * R**2))
        return NumericOutcome(worst < 1e-12, f"largest $|\\text{{gap}} - L R^2/(4N+2)| / (L R^2)$ = {worst:.1e}", {"worst": worst})

    return d
