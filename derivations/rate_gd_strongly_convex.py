"""The tight distance rate of gradient descent on smooth strongly convex functions, for every N.

Result.  For f mu-strongly convex with L-Lipschitz gradient (0 < mu <= L), a minimizer x_*, and steps
x_{k+1} = x_k - g_k/L: ||x_N - x_*||^2 <= (1 - mu/L)^(2N) ||x_0 - x_*||^2 for every N >= 1, with equality for
f(x) = mu x^2/2.  (Documents 002 and 003 state linear convergence of the gap, at rate 1 - mu/L per step; this is the
matching statement for the distance, and it is tight.)

Proof (a one-step performance-estimation certificate, then induction).  Write z = x_0 - x_*, w = g_0 (g_* = 0,
f_* = 0) and c = L/(2(L - mu)).  The interpolation inequalities of L-smooth mu-strongly convex functions between x_0
and x_* (Taylor, Hendrickx and Glineur 2017, Theorem 4), in both orders, sum to
Q = <w, z> - 2c (||w||^2/L + mu ||z||^2 - 2 (mu/L) <w, z>) >= 0.  With the multiplier lambda = 2(1 - mu/L)/L >= 0:
(1 - mu/L)^2 ||z||^2 - ||z - w/L||^2 - lambda Q = ||w - mu z||^2 / L^2, a square.  So one step contracts the squared
distance by rho^2 = (1 - mu/L)^2, and N steps by rho^(2N) (each step is the same certificate at x_k).  The numeric
check poses the N-step PEP with symgd.rates and verifies the product certificate exactly for N = 1..10.

Assumptions.  0 < mu < L (mu = L: the interpolation constant c is undefined; then f is a quadratic and one step
lands on x_*); the interpolation inequalities (cited); an induction on the number of steps.

Reference.  Taylor, Hendrickx and Glineur, Math. Program. 161 (2017), Theorem 4 and Section 4.1; Nesterov,
Introductory Lectures on Convex Optimization (2004), Theorem 2.1.15; documents 002 and 003 (strongly convex rates).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "rho"]

L, mu = sp.symbols("L mu", positive=True)
N = sp.Symbol("N", integer=True, positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
#: The per-step contraction factor of the distance.
rho = 1 - mu / L


def derive() -> Derivation:
    d = Derivation(
        "rate_gd_strongly_convex",
        r"Gradient descent on a smooth strongly convex function: $\|x_N - x_*\|^2 \le (1 - \mu/L)^{2N} \|x_0 - x_*\|^2$, "
        "tight",
        Source("002", "For Strongly Convex Functions", "If L is also μ-strongly convex (curves upward everywhere)"),
        summary=r"One performance-estimation certificate (one multiplier on the two interpolation inequalities between "
        r"$x_0$ and $x_*$) leaves the square $\|g_0 - \mu (x_0 - x_*)\|^2/L^2$; by induction the distance contracts by "
        r"$(1 - \mu/L)^2$ per step, for every $N$, and the quadratic $\mu x^2/2$ attains it.",
        reference="Taylor, Hendrickx and Glineur (2017); Nesterov (2004), Thm 2.1.15.",
    )
    d.assume([L, mu, N, k])
    d.hypothesis(mu < L, r"$\mu < L$")
    n = sp.Symbol("n", integer=True, positive=True)
    z, w = (d.matrix(sp.MatrixSymbol(s, n, 1)) for s in ("z", "w"))
    lam = 2 * (1 - mu / L) / L

    # (1) The two interpolation inequalities between x_0 (z, w, f_0) and x_* (0, 0, 0), summed: f_0 cancels.
    f0 = sp.Symbol("f_0", real=True)
    d.assume(f0)
    # c and the bracket G as named sub-expressions (the verifier expands them), so the steps fit on the line
    c, gram = sp.Symbol("c", positive=True), sp.MatrixSymbol("G", 1, 1)
    d.define(c, L / (2 * (L - mu)), r"the interpolation constant ($\mu < L$)")
    d.define(gram, (w.T * w) / L + mu * (z.T * z) - 2 * (mu / L) * (w.T * z),
             r"the bracket $\|w\|^2/L + \mu \|z\|^2 - 2(\mu/L) \langle w, z \rangle$")
    q_star_0 = -f0 * sp.Identity(1) - w.T * (0 * z - z) - c * gram
    q_0_star = f0 * sp.Identity(1) - c * gram
    Q = w.T * z - 2 * c * gram
    d.claim(sp.MatAdd(q_star_0, q_0_star, evaluate=False), "=", Q,
            "$q_{*,0} + q_{0,*}$: $f_0$ cancels, $\\langle g_0, x_0 - x_* \\rangle$ remains once")
    d.conclude(r"$Q = q_{*,0} + q_{0,*} = \langle w, z \rangle - 2c (\|w\|^2/L + \mu \|z\|^2 - 2(\mu/L) \langle w, z "
               r"\rangle) \ge 0$")

    # (2) The certificate: a square is left.
    d.claim(lam, ">=", 0, "the multiplier $\\lambda = 2(1 - \\mu/L)/L \\ge 0$ ($\\mu < L$)")
    xnext = z - w / L
    d.claim(rho**2 * (z.T * z) - (xnext.T * xnext) - lam * Q, "=", (w - mu * z).T * (w - mu * z) / L**2,
            "$\\rho^2 \\|z\\|^2 - \\|x_1 - x_*\\|^2 - \\lambda Q$ is the square $\\|w - \\mu z\\|^2/L^2$ "
            "(dimension-free)")
    d.claim((w - mu * z).T * (w - mu * z) / L**2, ">=", sp.ZeroMatrix(1, 1), "a square")
    d.conclude(r"one step: $\|x_1 - x_*\|^2 = \rho^2 \|x_0 - x_*\|^2 - \lambda Q - \|g_0 - \mu (x_0 - x_*)\|^2/L^2$")

    # (3) In scalars, then induction on the number of steps.
    r0, r1, q, s = (sp.Symbol(t, nonnegative=True) for t in ("R_0", "R_1", "Q", "S"))
    d.assume([r0, r1, q, s])
    d.define(r1, rho**2 * r0 - lam * q - s, r"step (2) in scalars: $R_i = \|x_i - x_*\|^2$, $S = \|w - \mu z\|^2/L^2$")
    d.claim(r1, "<=", rho**2 * r0, "$\\lambda Q \\ge 0$ and $S \\ge 0$")
    d.conclude(r"$\|x_{k+1} - x_*\|^2 \le (1 - \mu/L)^2 \|x_k - x_*\|^2$ at every step (the same certificate at $x_k$)")
    R = sp.Function("R", nonnegative=True)
    i = sp.Symbol("i", integer=True, nonnegative=True)
    a = sp.Symbol("a", nonnegative=True)
    one_step = d.premise(r"the one-step bound at $x_i$", Claim(R(i + 1), "<=", rho**2 * R(i)), variables=(i,),
                         source=r"above, the same certificate at $x_i$")
    induction = d.premise(r"induction hypothesis $R(k) \le \rho^{2k} R(0)$, times $a \ge 0$",
                          Claim(a * R(k), "<=", a * rho ** (2 * k) * R(0)), variables=(a,), source=r"induction on $k$")
    d.claim(R(k + 1), "<=", rho**2 * R(k), "one step from $x_k$", premise=one_step, instance={i: k})
    d.then("<=", rho**2 * rho ** (2 * k) * R(0), "the induction hypothesis", premise=induction, instance={a: rho**2})
    d.then("=", rho ** (2 * (k + 1)) * R(0), "powers add")
    d.conclude(r"by induction on $N$: $\|x_N - x_*\|^2 \le (1 - \mu/L)^{2N} \|x_0 - x_*\|^2$ for every $N \ge 1$")

    # (4) Tightness: f = mu x^2/2 (mu-strongly convex, L-smooth as mu <= L) and x_{k+1} = (1 - mu/L) x_k.
    x0 = sp.Symbol("x_0", real=True)
    d.assume(x0)
    d.claim((x0 - mu * x0 / L) ** 2, "=", rho**2 * x0**2, "on $\\mu x^2/2$ one step multiplies $x$ by $1 - \\mu/L$")
    d.conclude(r"so $x_N = (1 - \mu/L)^N x_0$ on $\mu x^2/2$: it attains $(1 - \mu/L)^{2N}$, the rate is tight for "
               r"every $N$")

    @d.numeric("pep_product_certificate", r"the $N$-step PEP posed by symgd.rates: the product certificate verified "
               r"exactly, $N = 1, \dots, 10$")
    def _pep() -> NumericOutcome:
        from symgd.rates import STAR, build, gd, verify

        bad = ""
        for Lc, muc in ((Fraction(1), Fraction(1, 10)), (Fraction(3), Fraction(1, 2))):
            r = 1 - muc / Lc
            lam_c = 2 * r / Lc
            for NN in range(1, 11):
                problem = build(gd(), NN, Lc, muc, metric="distance")
                cert = {}
                for kk in range(NN):  # the one-step certificate at x_k, weighted by the contraction still to come
                    cert[(STAR, kk)] = cert[(kk, STAR)] = lam_c * r ** (2 * (NN - 1 - kk))
                tau = r ** (2 * NN)
                if not verify(problem, cert, tau).proved or verify(problem, cert, tau * (1 - Fraction(1, 10**9))).proved:
                    bad = f"$L = {Lc}$, $\\mu = {muc}$, $N = {NN}$: the product certificate does not verify exactly"
                    break
        return NumericOutcome(not bad, bad or r"the product certificate proves $(1 - \mu/L)^{2N}$ exactly (and nothing "
                              r"smaller with these multipliers) for $N = 1, \dots, 10$, two $(L, \mu)$", {"N_max": 10})

    return d
