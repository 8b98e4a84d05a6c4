"""Convergence of gradient descent with L-Lipschitz gradients (document 002, "Convergence Analysis").

Result.  Let grad f be L-Lipschitz and 0 < eta <= 1/L.
(1) Per step (no convexity): f(theta_{t+1}) <= f(theta_t) - eta (1 - L eta/2) ||g_t||^2 <= f(theta_t) - (eta/2)||g_t||^2.
(2) Summing (1) over t = 0..T-1 telescopes (no convexity): min_{t<T} ||g_t||^2 <= 2 (f(theta_0) - f*)/(eta T).  This
    is all the document's proof sketch gives: it bounds the gradient, not the optimality gap.
(3) With f convex (and a minimizer theta*): f(theta_T) - f* <= ||theta_0 - theta*||^2/(2 eta T), the O(1/T) rate
    (cited from the derivation gd_rate_convex).  Without convexity no O(1/T) bound on f(theta_T) - f* holds:
    f = -cos is 1-smooth, GD started at theta_0 = pi never moves, and the gap stays 2.
(4) With f also mu-strongly convex: f(theta) - f* <= ||g||^2/(2 mu) (minimize the strong-convexity lower bound; the
    square is completed dimension-free), so f(theta_{t+1}) - f* <= (1 - eta mu)(f(theta_t) - f*), and with eta = 1/L,
    f(theta_T) - f* <= (1 - 1/kappa)^T (f(theta_0) - f*), kappa = L/mu: linear convergence.

Assumptions.  grad f L-Lipschitz (the descent lemma is cited from the derivation descent_lemma); f bounded below
by f*; for (3) f convex with a minimizer; for (4) f mu-strongly convex, 0 < mu <= L.  Sums, telescoping and the
induction for (4) are cited premises.

Reference.  Document 002, "Convergence Analysis"; Nesterov, Lectures on Convex Optimization (2018), Sec. 1.2.3 and
Thm. 2.1.15; Bubeck (2015), Thm. 3.10; Karimi, Nutini and Schmidt, ECML-PKDD (2016) (the gradient-domination step).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import F, L, R, eta, guaranteed_decrease, rate_bound, rate_k, rate_t
from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "gradient_bound", "linear_rate", "stuck_at_maximum"]

T = sp.Symbol("T", integer=True, positive=True)
mu = sp.Symbol("mu", positive=True)
kappa = sp.Symbol("kappa", positive=True)
f0, fstar = sp.symbols(r"f(\theta_{0}) f^{*}", real=True)

# The derived bounds, in one place.
gradient_bound = 2 * (f0 - fstar) / (eta * T)  # on min_t ||g_t||^2, no convexity
linear_rate = 1 - 1 / kappa  # per-step factor of f - f* with eta = 1/L


def stuck_at_maximum(lr: float, steps: int, theta0: float = float(np.pi)) -> np.ndarray:
    """GD on f = -cos from theta0: the iterates theta_0..theta_steps (the counterexample without convexity)."""
    out = [theta0]
    for _ in range(steps):
        out.append(out[-1] - lr * np.sin(out[-1]))
    return np.array(out)


def derive() -> Derivation:
    d = Derivation(
        "smooth_convergence",
        r"GD with $L$-Lipschitz gradients: per-step decrease, $O(1/T)$ (convex only) and the strongly convex linear rate",
        Source("002", "Convergence Analysis", r"Theorem: For a function with $L$-Lipschitz gradients and learning rate "
               r"$\eta \le 1/L$: ... After $T$ iterations, we're within $O(1/T)$ of the optimum."),
        summary=r"The descent lemma gives a decrease $\frac{\eta}{2}\|g\|^2$ per step; its telescoped sum bounds the "
        r"smallest gradient by $2(f_0 - f^*)/(\eta T)$; the $O(1/T)$ gap needs convexity; strong convexity gives the "
        r"factor $1 - 1/\kappa$.",
        reference="Document 002; Nesterov (2018), Sec. 1.2.3, Thm. 2.1.15; Bubeck (2015), Thm. 3.10; Karimi et al. (2016).",
    )
    d.assume([L, eta, T])
    d.hypothesis(eta <= 1 / L, r"$\eta \le 1/L$")

    # (1) The per-step decrease: the descent lemma at eta, then eta <= 1/L.
    ft, fnext = sp.symbols(r"f(\theta_{t}) f(\theta_{t+1})", real=True)
    q = sp.Symbol(r"\|g_{t}\|^{2}", nonnegative=True)
    d.assume([ft, fnext, q, f0, fstar])
    lemma = d.premise(r"descent lemma at step $\eta$", Claim(fnext, "<=", ft - guaranteed_decrease * q),
                      source=r"derivation descent_lemma ($\nabla f$ $L$-Lipschitz, no convexity)")
    d.claim(fnext, "<=", ft - guaranteed_decrease * q, "descent lemma", premise=lemma, intended_restatement=True)
    d.then("<=", ft - eta / 2 * q, "$\\eta \\le 1/L$: the gap $\\eta(1 - L\\eta)\\|g_t\\|^2/2$ is $\\ge 0$")
    d.conclude(r"per step: $f(\theta_{t+1}) \le f(\theta_t) - \frac{\eta}{2} \|g_t\|^2$")

    # (2) Sum over t = 0..T-1 (V(t) = f(theta_t), G(t) = ||g_t||^2): the gradient, not the gap, is bounded.
    t = sp.Symbol("t", integer=True, nonnegative=True)
    V, G, w = sp.Function("V", real=True), sp.Function("G", nonnegative=True), sp.Function("w")
    m, c = sp.Symbol(r"\min_{t<T} \|g_{t}\|^{2}", nonnegative=True), sp.Symbol("c", real=True)
    d.assume(m)
    average = d.premise("the minimum is at most the average", Claim(m, "<=", sp.Sum(G(t), (t, 0, T - 1)) / T))
    summed = d.premise(r"per-step bound (1) at $t = 0, \dots, T-1$, summed, times $2/(\eta T)$",
                       Claim(sp.Sum(G(t), (t, 0, T - 1)) / T, "<=", 2 / (eta * T) * sp.Sum(V(t) - V(t + 1), (t, 0, T - 1))),
                       source=r"(1): $\frac{\eta}{2} G(t) \le V(t) - V(t+1)$")
    n = sp.Symbol("n", integer=True, positive=True)
    telescope = d.premise("telescoping sum", Claim(c * sp.Sum(w(t) - w(t + 1), (t, 0, n - 1)), "=", c * (w(0) - w(n))),
                          variables=(c, w, n), source=r"induction on $n$")
    lower = d.premise(r"$f^*$ is a lower bound of $f(\theta_T)$, times $c \ge 0$",
                      Claim(c * (V(0) - V(T)), "<=", c * (V(0) - fstar)), variables=(c,), requires=(c >= 0,))
    d.claim(m, "<=", sp.Sum(G(t), (t, 0, T - 1)) / T, "minimum $\\le$ average", premise=average,
            intended_restatement=True)
    d.then("<=", 2 / (eta * T) * sp.Sum(V(t) - V(t + 1), (t, 0, T - 1)), "sum the per-step bound", premise=summed,
            intended_restatement=True)
    d.then("=", 2 / (eta * T) * (V(0) - V(T)), "telescoping", premise=telescope,
           instance={c: 2 / (eta * T), w: sp.Lambda(t, V(t)), n: T})
    d.then("<=", 2 / (eta * T) * (V(0) - fstar), "$f(\\theta_T) \\ge f^*$", premise=lower,
           instance={c: 2 / (eta * T)})
    d.conclude(r"no convexity: $\min_{t<T} \|g_t\|^2 \le 2 (f(\theta_0) - f^*)/(\eta T)$")

    # (3) With convexity: the O(1/T) gap, cited from gd_rate_convex (step t = eta, k = T iterations).
    convex = d.premise(r"Theorem 6.1 of document 003 ($f$ convex, $t \le 1/L$)",
                       Claim(F(rate_k), "<=", rate_bound),
                       variables=(rate_t, rate_k), requires=(rate_t <= 1 / L,),
                       source=r"derivation gd_rate_convex")
    d.claim(F(T), "<=", R(0) / (2 * eta * T),
            "$f$ convex: $F(T) = f(\\theta_T) - f^*$, $R(0) = \\|\\theta_0 - \\theta^*\\|^2$", premise=convex,
            instance={rate_t: eta, rate_k: T})
    d.conclude(r"$f$ convex: $f(\theta_T) - f^* \le \|\theta_0 - \theta^*\|^2/(2 \eta T) = O(1/T)$")
    # "To halve the error, we need to double the iterations": true of the bound C/T (the gap itself may fall faster).
    with sp.evaluate(False):
        doubled, halved = R(0) / (2 * eta * (2 * T)), (R(0) / (2 * eta * T)) / 2
    d.claim(doubled, "=", halved,
            "doubling $T$ halves the bound")

    # Without convexity: f = -cos (|f''| <= 1, so L = 1) from theta_0 = pi, a maximum: GD never moves.
    x = sp.Symbol("theta", real=True)
    cosine = sp.Lambda(x, -sp.cos(x))
    d.claim(sp.Derivative(cosine(x), x), "=", sp.sin(x), "$f = -\\cos$: $f' = \\sin$, $|f''| = |\\cos| \\le 1$")
    with sp.evaluate(False):
        from_pi = sp.pi - eta * sp.sin(sp.pi)
    d.claim(from_pi, "=", sp.pi, "from $\\theta_0 = \\pi$ the step does not move: $\\theta_T = \\pi$")
    d.claim(sp.Subs(cosine(x), x, sp.pi) - sp.Subs(cosine(x), x, 0), "=", 2, "the gap $f(\\pi) - f(0)$ stays 2 for every $T$")
    d.conclude(r"without convexity $f(\theta_T) - f^*$ need not tend to 0: $-\cos$ from $\pi$ stays at gap 2")
    d.erratum(
        "002", r"Theorem: For a function with $L$-Lipschitz gradients and learning rate $\eta \le 1/L$: ... "
        r"Interpretation: After $T$ iterations, we're within $O(1/T)$ of the optimum.",
        r"$L$-Lipschitz gradients and $\eta \le 1/L$ give $f(\theta_T) - f^* = O(1/T)$ (the standard form: "
        r"$\|\theta_0 - \theta^*\|^2/(2 \eta T)$), proved by the per-step decrease, a sum over $t$ and telescoping.",
        r"The $O(1/T)$ bound on the gap needs convexity (derivation gd_rate_convex; the convexity inequality and the "
        r"distance identity are the missing steps). Without it, the sketch proves only "
        r"$\min_{t<T} \|\nabla f(\theta_t)\|^2 \le 2 (f(\theta_0) - f^*)/(\eta T)$, and the gap need not go to 0 at "
        r"all: $f = -\cos$ is 1-smooth and GD from $\pi$ stays at gap 2, while any $C/T$ falls below 2 once $T > C/2$.",
        evidence=r"$-\cos$ from $\theta_0 = \pi$ ($L$-smooth for any $L \ge 1$, $\eta \le 1/L$): the bound "
        r"$2 \le \pi^2/(2 \eta T)$ is refuted at a sample point",
        claim=Claim(cosine(sp.pi) - cosine(0), "<=", (sp.pi - 0) ** 2 / (2 * eta * T)),
        hypotheses=[L >= 1],  # -cos is 1-smooth, hence L-smooth for every L >= 1
    )
    d.erratum(
        "002", r"Convergence rate | $O(1/T)$ general, $O(\rho^T)$ strongly convex",
        r"The general rate of gradient descent is $O(1/T)$.",
        r"$O(1/T)$ holds for the gap of convex $L$-smooth functions; for general (non-convex) $L$-smooth functions only "
        r"the smallest gradient norm obeys $\min_t \|\nabla f\|^2 = O(1/T)$, and $f(\theta_T) - f^*$ need not decrease "
        "at all.",
        evidence=r"the proved steps above and the $-\cos$ counterexample (the numeric check from $\pi$): the "
        r"$O(1/T)$ bound $2 \le \pi^2/(2 \eta T)$ is refuted at a sample point",
        claim=Claim(cosine(sp.pi) - cosine(0), "<=", (sp.pi - 0) ** 2 / (2 * eta * T)),
        hypotheses=[L >= 1],
    )

    # (4) Strong convexity: minimize f(x) + g^T z + (mu/2)||z||^2 over z by completing the square (dimension-free).
    dim = sp.Symbol("n", integer=True, positive=True)
    z, g = (d.matrix(sp.MatrixSymbol(s, dim, 1)) for s in ("z", "g"))
    a1, B = sp.MatrixSymbol("a", 1, 1), sp.MatrixSymbol("B", 1, 1)
    transpose = d.premise(r"a $1 \times 1$ matrix is its own transpose", Claim(B + c * a1.T, "=", B + c * a1),
                          variables=(B, c, a1), source=r"$(u^T v)^T = v^T u$ is a scalar")
    d.assume(mu)
    d.claim(mu / 2 * (z + g / mu).T * (z + g / mu) - g.T * g / (2 * mu), "=",
            mu / 2 * z.T * z + g.T * z / 2 + z.T * g / 2, "expand the square")
    d.then("=", mu / 2 * z.T * z + g.T * z, "$z^T g = g^T z$", premise=transpose,
           instance={B: mu / 2 * z.T * z + g.T * z / 2, c: sp.Rational(1, 2), a1: g.T * z})
    d.conclude(r"$g^T z + \frac{\mu}{2}\|z\|^2 = \frac{\mu}{2}\|z + g/\mu\|^2 - \|g\|^2/(2 \mu) \ge -\|g\|^2/(2 \mu)$")
    S = sp.Symbol(r"\|z + g/\mu\|^{2}", nonnegative=True)
    d.assume(S)
    d.claim(mu / 2 * S - q / (2 * mu), ">=", -q / (2 * mu), "so the strong-convexity lower bound "
            "$f(\\theta + z) \\ge f(\\theta) + g^T z + \\frac{\\mu}{2}\\|z\\|^2$ gives $f^* \\ge f(\\theta) - "
            "\\|g\\|^2/(2\\mu)$")
    d.conclude(r"strong convexity: $f(\theta) - f^* \le \|g\|^2/(2 \mu)$")

    # Per step: with Delta = f(theta_t) - f* <= ||g_t||^2/(2 mu), the decrease (eta/2)||g_t||^2 >= eta mu Delta.
    delta, delta_next = sp.symbols(r"\Delta_{t} \Delta_{t+1}", nonnegative=True)
    d.assume([delta, delta_next])
    d.hypothesis(delta <= q / (2 * mu), r"$\Delta_t = f(\theta_t) - f^* \le \|g_t\|^2/(2 \mu)$ (proved above)")
    d.hypothesis(mu <= L, r"$\mu \le L$")
    per_step = d.premise(r"per-step decrease (1), minus $f^*$", Claim(delta_next, "<=", delta - eta / 2 * q),
                         source="(1)")
    d.claim(delta_next, "<=", delta - eta / 2 * q, "per-step decrease (1)", premise=per_step, intended_restatement=True)
    d.then("<=", (1 - eta * mu) * delta, "$\\|g_t\\|^2 \\ge 2\\mu\\Delta_t$")
    d.conclude(r"strongly convex: $f(\theta_{t+1}) - f^* \le (1 - \eta \mu)(f(\theta_t) - f^*)$")
    d.define(kappa, L / mu, "the condition number")
    with sp.evaluate(False):
        at_inverse_l = 1 - (1 / L) * mu
    d.claim(at_inverse_l, "=", linear_rate, "with $\\eta = 1/L$: the factor is $1 - 1/\\kappa$")
    d.claim(linear_rate, ">=", 0, "$\\mu \\le L$: the factor is in $[0, 1)$")
    D = sp.Function("D", nonnegative=True)  # D(t) = f(theta_t) - f*
    rho = sp.Symbol("rho", real=True)  # its sign is a requirement of the premise, checked with mu <= L
    unroll = d.premise(r"induction: $D(t+1) \le \rho D(t)$ for all $t$, $\rho \ge 0$, gives $D(T) \le \rho^T D(0)$",
                       Claim(D(T), "<=", rho**T * D(0)), variables=(rho,), requires=(rho >= 0,))
    d.claim(D(T), "<=", linear_rate**T * D(0), "unroll the per-step factor ($D(t) = f(\\theta_t) - f^*$)",
            premise=unroll, instance={rho: 1 - mu / L})
    d.conclude(r"$\eta = 1/L$: $f(\theta_T) - f^* \le (1 - 1/\kappa)^T (f(\theta_0) - f^*)$: linear convergence, rate set "
               r"by $\kappa$")

    @d.numeric("per_step_and_gradient_bound", r"random logistic losses and a non-convex sum of cosines: "
               r"$f(x^+) \le f(x) - \frac{\eta}{2}\|g\|^2$ for $\eta = 1/L, 0.5/L$, and "
               r"$\min_{t<T}\|g_t\|^2 \le 2(f_0 - f_{\mathrm{low}})/(\eta T)$")
    def _per_step() -> NumericOutcome:
        rng = np.random.default_rng(40)
        worst_step, worst_grad = -np.inf, -np.inf
        for trial in range(20):
            X = rng.normal(size=(30, 4))
            b = rng.choice([-1.0, 1.0], size=30)
            if trial % 2 == 0:  # logistic loss, L = lambda_max(X^T X)/4
                Lc = np.linalg.eigvalsh(X.T @ X).max() / 4
                f_low = 0.0

                def fun(v: np.ndarray, X: np.ndarray = X, b: np.ndarray = b) -> float:
                    return float(np.sum(np.logaddexp(0.0, -b * (X @ v))))

                def grad(v: np.ndarray, X: np.ndarray = X, b: np.ndarray = b) -> np.ndarray:
                    return X.T @ (-b / (1 + np.exp(b * (X @ v))))
            else:  # non-convex: sum_i cos(x_i^T v), L = lambda_max(X^T X), f >= -30
                Lc = np.linalg.eigvalsh(X.T @ X).max()
                f_low = -30.0

                def fun(v: np.ndarray, X: np.ndarray = X) -> float:
                    return float(np.sum(np.cos(X @ v)))

                def grad(v: np.ndarray, X: np.ndarray = X) -> np.ndarray:
                    return -X.T @ np.sin(X @ v)
            lr = (1.0 if trial % 4 < 2 else 0.5) / Lc
            v = rng.normal(scale=2.0, size=4)
            f_start, smallest = fun(v), np.inf
            for T_ in range(1, 201):
                gv = grad(v)
                smallest = min(smallest, gv @ gv)
                nxt = v - lr * gv
                worst_step = max(worst_step, fun(nxt) - (fun(v) - lr / 2 * gv @ gv))
                worst_grad = max(worst_grad, smallest - 2 * (f_start - f_low) / (lr * T_))
                v = nxt
        ok = worst_step <= 1e-9 and worst_grad <= 1e-9
        return NumericOutcome(ok, f"largest $f(x^+) - (f(x) - \\eta\\|g\\|^2/2)$ = {worst_step:.2e}; largest "
                              f"$\\min\\|g\\|^2$ minus the bound = {worst_grad:.2e} (both $\\le 0$)", {"worst_step": worst_step, "worst_grad": worst_grad})

    @d.numeric("nonconvex_counterexample", r"$f = -\cos$, $\eta = 1$: from $\pi$ GD stays (gap 2); from "
               r"$\pi - 10^{-6}$ the gap is still $> 1.9$ after 10 steps while $\|x_0 - x^*\|^2/(2 \eta T) < 0.5$")
    def _cosine() -> NumericOutcome:
        exact = stuck_at_maximum(1.0, 100)
        near = stuck_at_maximum(1.0, 10, np.pi - 1e-6)
        gap_exact = -np.cos(exact[-1]) + 1
        gap_near = -np.cos(near[-1]) + 1
        bound_near = (np.pi - 1e-6) ** 2 / (2 * 1.0 * 10)
        ok = np.all(exact == np.pi) and abs(gap_exact - 2) < 1e-15 and gap_near > 1.9 > 2 * bound_near
        return NumericOutcome(ok, f"from $\\pi$: $\\theta_{{100}}$ = {exact[-1]:.15f}, gap {gap_exact:.3f}; from "
                              f"$\\pi - 10^{{-6}}$: gap after 10 steps {gap_near:.6f} against the $O(1/T)$ bound "
                              f"{bound_near:.3f}",
                              {"gap_exact": gap_exact, "gap_near": gap_near, "bound_near": bound_near})

    @d.numeric("strongly_convex_rate", r"ridge logistic losses and SPD quadratics, $\eta = 1/L$: "
               r"$f_{t+1} - f^* \le (1 - \mu/L)(f_t - f^*)$ at every step")
    def _strong() -> NumericOutcome:
        rng = np.random.default_rng(41)
        worst = -np.inf
        for trial in range(20):
            X = rng.normal(size=(40, 3))
            if trial % 2 == 0:  # SPD quadratic 1/2 v^T A v: mu, L = extreme eigenvalues, f* = 0
                A = X.T @ X / 40 + 0.1 * np.eye(3)
                ev = np.linalg.eigvalsh(A)
                mu_, L_ = ev[0], ev[-1]

                def fun(v: np.ndarray, A: np.ndarray = A) -> float:
                    return 0.5 * float(v @ A @ v)

                def grad(v: np.ndarray, A: np.ndarray = A) -> np.ndarray:
                    return A @ v

                f_star = 0.0
            else:  # logistic + (lam/2)||v||^2: mu = lam, L = lambda_max(X^T X)/4 + lam
                yv = np.where(rng.normal(size=40) > 0, 1.0, -1.0)
                lam_r = 0.5
                mu_, L_ = lam_r, np.linalg.eigvalsh(X.T @ X).max() / 4 + lam_r

                def fun(v: np.ndarray, X: np.ndarray = X, yv: np.ndarray = yv, lam_r: float = lam_r) -> float:
                    return float(np.sum(np.logaddexp(0.0, -yv * (X @ v))) + lam_r / 2 * v @ v)

                def grad(v: np.ndarray, X: np.ndarray = X, yv: np.ndarray = yv, lam_r: float = lam_r) -> np.ndarray:
                    return X.T @ (-yv / (1 + np.exp(yv * (X @ v)))) + lam_r * v

                v_star = np.zeros(3)  # Newton's method to machine precision
                for _ in range(50):
                    p = 1 / (1 + np.exp(-yv * (X @ v_star)))
                    Hm = X.T @ (X * (p * (1 - p))[:, None]) + lam_r * np.eye(3)
                    v_star = v_star - np.linalg.solve(Hm, grad(v_star))
                f_star = fun(v_star)
            v = rng.normal(scale=3.0, size=3)
            for _ in range(60):
                gap = fun(v) - f_star
                if gap < 1e-10:  # below rounding, ratios are noise
                    break
                v = v - grad(v) / L_
                worst = max(worst, (fun(v) - f_star) - (1 - mu_ / L_) * gap)
        return NumericOutcome(worst <= 1e-9, f"largest $(f_{{t+1}} - f^*) - (1 - \\mu/L)(f_t - f^*)$ = {worst:.2e} ($\\le 0$)",
                              {"worst": worst})

    return d
