"""The Fisher information is the curvature of the KL divergence (document 003, "Fisher information
approximates the KL divergence").

Result.  For a family of densities p_theta and D(theta) = KL(p_theta || p_theta_t) = int p_theta log(p_theta /
p_theta_t) dx: (i) D(theta_t) = 0; (ii) the score has mean zero, E_theta[d_i log p_theta] = 0 for every theta;
(iii) d_i D(theta) = E_theta[(d_i log p_theta) log(p_theta / p_theta_t)] for every theta, which vanishes at theta_t
(and only there, in general); (iv) d_j d_i D(theta_t) = E_t[(d_i log p)(d_j log p)] = F_ij, the Fisher information.
By Taylor's theorem, KL(p_{theta_t + s d} || p_theta_t) = (s^2/2) d^T F d + O(s^3).  Checked exactly (symbolic
sums and integrals) for the Bernoulli family (F = 1/(p(1 - p))), the Gaussian in (mu, sigma^2) coordinates
(F = diag(1/sigma^2, 1/(2 sigma^4))) and the categorical family in softmax logits, K = 3 (F = diag(p) - p p^T,
singular: F 1 = 0, shifting all logits changes nothing).  KL is asymmetric but symmetric to second order;
F is the EXPECTED Hessian of -log p under the model (Gaussian: the Hessian at one data point can be negative);
the score's zero mean needs a support independent of theta (U(0, theta): mean -1/theta).

Assumptions.  p_theta(x) > 0, a density on the real line (for a discrete or multivariate x replace the integral
by a sum or a multiple integral: the argument is the same) for every theta near theta_t; differentiation under the
integral sign is allowed (cited premise: dominated convergence); D is three times continuously differentiable.
Each Hessian entry involves two coordinates theta_i, theta_j only (the others are held at theta_t), so the
two-coordinate proof, with its diagonal case, covers every dimension.

Reference.  Document 003, "Natural Gradient Descent" and "Fisher information approximates the KL divergence";
Kullback, Information Theory and Statistics (1959), Ch. 2.6; Amari and Nagaoka, Methods of Information Geometry
(2000), Sec. 3.5; Martens, New Insights and Perspectives on the Natural Gradient Method (JMLR 2020), Sec. 9.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Premise, Source

__all__ = ["derive", "fisher_categorical", "fisher_gaussian", "kl_bernoulli", "kl_gaussian"]

x = sp.Symbol("x", real=True)
s = sp.Symbol("s", real=True)


def _integral(e: sp.Expr) -> sp.Integral:
    """The integral over the sample space (the real line)."""
    return sp.Integral(e, (x, -sp.oo, sp.oo))


def kl_bernoulli(p: sp.Expr, q: sp.Expr) -> sp.Expr:
    """KL(Bernoulli(p) || Bernoulli(q)) in closed form (derived below by the sum over x in {0, 1})."""
    return p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q))


def kl_gaussian(mu: sp.Expr, v: sp.Expr, mu_t: sp.Expr, v_t: sp.Expr) -> sp.Expr:
    """KL(N(mu, v) || N(mu_t, v_t)) in closed form (derived below by integration); v, v_t variances."""
    return (sp.log(v_t / v) + (v + (mu - mu_t) ** 2) / v_t - 1) / 2


def fisher_gaussian(v: sp.Expr) -> sp.Matrix:
    """The Fisher information of N(mu, v) in (mu, v) coordinates, as derived below."""
    return sp.diag(1 / v, 1 / (2 * v**2))


def fisher_categorical(probs: list) -> sp.Matrix:
    """The Fisher information of the categorical family in its logits: diag(p) - p p^T."""
    pv = sp.Matrix(probs)
    return sp.diag(*probs) - pv * pv.T


def _softmax(z: list) -> list:
    total = sum(sp.exp(w) for w in z)
    return [sp.exp(w) / total for w in z]


def derive() -> Derivation:
    d = Derivation(
        "fisher_kl",
        "The Fisher information is the Hessian of the KL divergence: $\\mathrm{KL} = \\frac{1}{2} d^T F d + O(\\|d\\|^3)$",
        Source("003", "Fisher information approximates the KL divergence",
               r"$D(\theta, \theta_t) \approx D(\theta_t, \theta_t) + (\nabla_\theta D(\theta, \theta_t)"
               r"|_{\theta=\theta_t})^T (\theta - \theta_t) + (\theta - \theta_t)^T H_t (\theta - \theta_t)$"),
        summary=r"$\mathrm{KL}(p_\theta \| p_{\theta_t})$ vanishes with its gradient at $\theta_t$ (the score has "
        r"mean zero) and its Hessian there is the Fisher information, so $\mathrm{KL} = \frac{1}{2} d^T F d + "
        r"O(\|d\|^3)$; exact for Bernoulli, Gaussian and softmax families.",
        reference="Document 003; Kullback (1959), Ch. 2.6; Amari and Nagaoka (2000), Sec. 3.5; Martens (2020), Sec. 9.",
    )

    # ---------------------------------------------------------------- a generic density, two coordinates
    a, b = sp.symbols("theta_i theta_j", real=True)
    a_t, b_t = sp.symbols("theta_ti theta_tj", real=True)
    d.assume([x, a, b, a_t, b_t])
    shown = {(x, a, b): r"p_{\theta}(x)", (x, a_t, b_t): r"p_{\theta_t}(x)"}

    def _latex(self: sp.Function, printer: sp.printing.latex.LatexPrinter) -> str:  # p_theta(x), for a short output
        return shown.get(self.args) or r"p\left(" + ", ".join(printer._print(t) for t in self.args) + r"\right)"

    p = sp.Function("p", positive=True, __dict__={"_latex": _latex})
    P, P_t = p(x, a, b), p(x, a_t, b_t)
    at_t = lambda e: sp.Subs(e, (a, b), (a_t, b_t))  # noqa: E731 - evaluation at theta = theta_t
    u, c, B = sp.Function("u"), sp.Symbol("c", real=True), sp.Symbol("B")
    leibniz = d.premise("differentiation under the integral sign",
                        Claim(sp.Derivative(_integral(u(x, c)), c), "=", _integral(sp.Derivative(u(x, c), c))),
                        variables=(u, c), source=r"dominated convergence: $u(\cdot, c)$ and its $c$-derivative are integrable, "
                        r"dominated by one integrable function for $c$ near $\theta_t$")
    normalized = d.premise(r"$p_\theta$ is a density for every $\theta$", Claim(_integral(P), "=", 1),
                           source="normalization")

    # (i) The divergence of p_t from itself is zero.
    h = P * sp.log(P / P_t)  # the integrand of D(theta)
    kl = _integral(h)
    d.claim(at_t(kl), "=", 0, "at $\\theta_t$ the log-ratio is $\\log 1 = 0$")
    d.conclude(r"$D(\theta_t) = 0$")

    # (ii) The score has mean zero, for every theta.
    score_mean = _integral(P * sp.Derivative(sp.log(P), a))
    d.claim(score_mean, "=", _integral(sp.Derivative(P, a)), "$p\\,\\partial_i \\log p = \\partial_i p$")
    d.then("=", sp.Derivative(_integral(P), a), "under the integral sign (right to left)",
           premise=leibniz, instance={u: sp.Lambda((x, a), P), c: a})
    d.then("=", 0, "$\\int p_\\theta\\,dx = 1$ for every $\\theta$", premise=normalized)
    d.conclude(r"the score has mean zero: $\mathbb{E}_\theta[\partial_i \log p_\theta] = 0$ for every $\theta$")
    mean_zero = Premise("the score has mean zero (above)", Claim(B + _integral(sp.Derivative(P, a)), "=", B),
                        variables=(B,))

    # (iii) The gradient, for every theta: differentiate under the integral, then drop the mean-zero score term.
    grad_i = _integral(sp.Derivative(P, a) * sp.log(P / P_t))
    d.claim(sp.Derivative(kl, a), "=", _integral(sp.Derivative(h, a)), "differentiate under the integral sign",
            premise=leibniz, instance={u: sp.Lambda((x, a), h), c: a})
    d.then("=", grad_i + _integral(sp.Derivative(P, a)), "product rule")
    d.then("=", grad_i, "the score has mean zero", premise=mean_zero, instance={B: grad_i})
    d.then("=", _integral(P * sp.Derivative(sp.log(P), a) * sp.log(P / P_t)),
           "$\\mathbb{E}_\\theta[\\partial_i \\log p_\\theta \\cdot \\log(p_\\theta/p_t)]$")
    d.conclude(r"$\partial_i D(\theta) = \mathbb{E}_\theta[(\partial_i \log p_\theta) \log(p_\theta/p_t)]$ for "
               r"every $\theta$")
    d.claim(at_t(grad_i), "=", 0, "at $\\theta_t$ the log-ratio vanishes")
    d.conclude(r"the gradient of the KL vanishes at $\theta_t$")

    # (iv) The Hessian: differentiate the gradient formula again (in theta_j, and in theta_i for the diagonal).
    for v, which in ((b, "j"), (a, "i")):
        integrand = sp.Derivative(P, a) * sp.log(P / P_t)
        two = _integral(sp.Derivative(P, a, v) * sp.log(P / P_t) + sp.Derivative(P, a) * sp.Derivative(P, v) / P)
        fisher = _integral(P * sp.Derivative(sp.log(P), a) * sp.Derivative(sp.log(P), v))
        d.claim(sp.Derivative(grad_i, v), "=", _integral(sp.Derivative(integrand, v)),
                f"entry $(i, {which})$: under the integral sign",
                premise=leibniz, instance={u: sp.Lambda((x, v), integrand), c: v})
        d.then("=", two, "product rule")
        d.claim(at_t(two), "=", at_t(fisher), "at $\\theta_t$: $\\log 1 = 0$")
        d.conclude(f"$\\partial_{which} \\partial_i D(\\theta_t) = \\mathbb{{E}}_t[(\\partial_i \\log p)"
                   f"(\\partial_{which} \\log p)] = F_{{i{which}}}$" + (" (off-diagonal)" if which == "j" else " (diagonal)"))

    # Taylor's theorem in direction d: D(theta_t) = 0, grad D(theta_t) = 0, Hessian F.
    n = sp.Symbol("n", integer=True, positive=True)
    theta_t, dv = d.matrix(sp.MatrixSymbol("theta_t", n, 1)), d.matrix(sp.MatrixSymbol("d", n, 1))
    g_t, H_t = sp.MatrixSymbol("g_t", n, 1), sp.MatrixSymbol("H_t", n, n)
    F = d.matrix(sp.MatrixSymbol("F", n, n), symmetric=True)
    D = sp.Function("D", commutative=True)  # D(theta) = KL(p_theta || p_theta_t), a scalar of a vector
    I1 = sp.Identity(1)  # scalars as 1 x 1 blocks, so they add to d^T F d
    taylor = d.premise("Taylor's theorem to second order",
                       Claim(D(theta_t + s * dv) * I1, "=+O", D(theta_t) * I1 + s * g_t.T * dv + s**2 / 2 * dv.T * H_t * dv,
                             order=(s, 3)), variables=(g_t, H_t),
                       source=r"$D$ three times continuously differentiable; $g_t = \nabla D(\theta_t)$, $H_t$ = its Hessian")
    d.claim(D(theta_t + s * dv) * I1, "=+O", D(theta_t) * I1 + s**2 / 2 * dv.T * F * dv,
            "Taylor: $\\nabla D(\\theta_t) = 0$, $\\nabla^2 D(\\theta_t) = F$",
            order=(s, 3), premise=taylor, instance={g_t: sp.ZeroMatrix(n, 1), H_t: F})
    d.then("=", s**2 / 2 * dv.T * F * dv, "$D(\\theta_t) = 0$",
           premise=Premise(r"$D(\theta_t) = 0$ (above)", Claim(D(theta_t), "=", 0)))
    d.conclude(r"$\mathrm{KL}(p_{\theta_t + s d} \| p_{\theta_t}) = \frac{s^2}{2} d^T F d + O(s^3)$")

    # ---------------------------------------------------------------- Bernoulli: F = 1/(p(1 - p))
    pb, pb_t = sp.symbols("p p_t", positive=True)
    d.assume([pb, pb_t])
    d.hypothesis(pb < 1, "a Bernoulli parameter")
    d.hypothesis(pb_t < 1, "a Bernoulli parameter")
    k = sp.Symbol("k", integer=True, nonnegative=True)  # the outcome, 0 or 1
    db = sp.Symbol("delta", real=True)
    pmf = lambda q: q**k * (1 - q) ** (1 - k)  # noqa: E731 - Bernoulli(q) at outcome k
    D_B = sp.Function("D_B")
    d.define(D_B(pb, pb_t), kl_bernoulli(pb, pb_t), "Bernoulli KL (derived next)")
    d.claim(sp.Sum(pmf(pb) * sp.log(pmf(pb) / pmf(pb_t)), (k, 0, 1)), "=", D_B(pb, pb_t),
            "Bernoulli: the sum over $k \\in \\{0, 1\\}$")
    d.claim(sp.Subs(sp.Derivative(D_B(pb, pb_t), pb), pb, pb_t), "=", 0, "its derivative at $p = p_t$")
    d.claim(sp.Subs(sp.Derivative(D_B(pb, pb_t), pb, 2), pb, pb_t), "=", 1 / (pb_t * (1 - pb_t)),
            "its second derivative at $p = p_t$")
    bern_score = sp.Derivative(sp.log(pmf(pb_t)), pb_t)
    d.claim(sp.Sum(pmf(pb_t) * bern_score, (k, 0, 1)), "=", 0, "the score has mean zero")
    d.claim(sp.Sum(pmf(pb_t) * bern_score**2, (k, 0, 1)), "=", 1 / (pb_t * (1 - pb_t)),
            "the Fisher information: the same")
    d.claim(D_B(pb_t + s * db, pb_t), "=+O", s**2 * db**2 / (2 * pb_t * (1 - pb_t)), "Taylor in $s$", order=(s, 3))
    d.conclude(r"Bernoulli: $\mathrm{KL}(p_t + s\delta \| p_t) = \frac{s^2\delta^2}{2 p_t (1 - p_t)} + O(s^3)$, "
               r"$F = \frac{1}{p(1 - p)}$")

    # ---------------------------------------------------------------- Gaussian in (mu, sigma^2)
    mu, mu_t = sp.symbols("mu mu_t", real=True)
    v, v_t = sp.symbols("sigma^2 sigma_t^2", positive=True)  # variances
    d.assume([mu, mu_t, v, v_t])
    phi = sp.Function("phi")  # the normal density, named for a readable output
    d.define(phi(x, mu, v), sp.exp(-((x - mu) ** 2) / (2 * v)) / sp.sqrt(2 * sp.pi * v), r"the density of $N(\mu, \sigma^2)$")
    dens = lambda m, w: phi(x, m, w)  # noqa: E731
    u_c = x - mu  # centered at the mean of p_theta: x - mu_t = (x - mu) + (mu - mu_t)
    c0 = sp.log(v_t / v) / 2 + (mu - mu_t) ** 2 / (2 * v_t)
    c2 = 1 / (2 * v_t) - 1 / (2 * v)
    D_N = sp.Function("D_N")
    d.define(D_N(mu, v), kl_gaussian(mu, v, mu_t, v_t), "Gaussian KL (derived next)")
    d.claim(_integral(dens(mu, v) * sp.log(dens(mu, v) / dens(mu_t, v_t))), "=",
            _integral(dens(mu, v) * (c0 + (mu - mu_t) / v_t * u_c + c2 * u_c**2)), "Gaussian: the log-ratio, centered")
    d.then("=", c0 + c2 * v, "moments $1, 0, \\sigma^2$ of $N(\\mu, \\sigma^2)$")
    d.then("=", D_N(mu, v), "collect")
    d.conclude(r"$\mathrm{KL}(N(\mu, s_2) \| N(\mu_t, s_{2,t})) = \frac{1}{2}\bigl(\log\frac{s_{2,t}}{s_2} + "
               r"\frac{s_2 + (\mu - \mu_t)^2}{s_{2,t}} - 1\bigr)$")
    coords = (mu, v)
    sub_t = lambda e: sp.Subs(e, coords, (mu_t, v_t))  # noqa: E731
    d.claim(sp.Matrix([sub_t(sp.Derivative(D_N(mu, v), w)) for w in coords]), "=", sp.zeros(2, 1),
            "its gradient at $(\\mu_t, \\sigma_t^2)$")
    d.claim(sp.Matrix(2, 2, lambda i, j: sub_t(sp.Derivative(D_N(mu, v), coords[i], coords[j]))), "=",
            fisher_gaussian(v_t), "its Hessian there")
    log_dens = -((x - mu) ** 2) / (2 * v) - sp.log(2 * sp.pi * v) / 2
    d.claim(sp.log(dens(mu, v)), "=", log_dens, "the log-density")
    scores = [(x - mu) / v, ((x - mu) ** 2 - v) / (2 * v**2)]
    d.claim(sp.Matrix([sp.Derivative(log_dens, w) for w in coords]), "=", sp.Matrix(scores),
            "the score in $(\\mu, \\sigma^2)$")
    d.claim(sp.Matrix([_integral(dens(mu, v) * sc) for sc in scores]), "=", sp.zeros(2, 1), "the score has mean zero")
    for i, j in ((0, 0), (0, 1), (1, 1)):  # the Fisher information E[score score^T], entry by entry
        d.claim(_integral(dens(mu, v) * scores[i] * scores[j]), "=", fisher_gaussian(v)[i, j],
                "the Fisher information: the same" if i == j == 0 else f"entry $({i + 1}, {j + 1})$")
    d1, d2 = sp.symbols("delta_mu delta_v", real=True)
    dg = sp.Matrix([d1, d2])
    d.claim(D_N(mu_t + s * d1, v_t + s * d2), "=+O", s**2 / 2 * (dg.T * fisher_gaussian(v_t) * dg)[0, 0],
            "Taylor in $s$", order=(s, 3))
    d.conclude(r"Gaussian: $F = \mathrm{diag}(1/\sigma^2, 1/(2\sigma^4))$ in $(\mu, \sigma^2)$, and "
               r"$\mathrm{KL} = \frac{s^2}{2} d^T F d + O(s^3)$")

    # ---------------------------------------------------------------- categorical in softmax logits, K = 3
    K = 3
    z = list(sp.symbols(f"z_1:{K + 1}", real=True))
    z_t = list(sp.symbols(" ".join(f"z_t{i}" for i in range(1, K + 1)), real=True))
    d.assume(z + z_t)
    probs, probs_t = _softmax(z), _softmax(z_t)
    p_k = list(sp.symbols(f"p_1:{K + 1}", positive=True))  # names for the probabilities, for a readable output
    p_tk = list(sp.symbols(" ".join(f"p_t{i}" for i in range(1, K + 1)), positive=True))
    for name, value in (*zip(p_k, probs, strict=True), *zip(p_tk, probs_t, strict=True)):
        d.define(name, value, "softmax")
    D_C = sp.Function("D_C")
    d.define(D_C(*z), sum(p_k[i] * sp.log(p_k[i] / p_tk[i]) for i in range(K)), "softmax KL, K = 3")
    sub_z = lambda e: sp.Subs(e, z, z_t)  # noqa: E731
    d.claim(sp.Matrix([sub_z(sp.Derivative(D_C(*z), w)) for w in z]), "=", sp.zeros(K, 1),
            "softmax, $K = 3$: gradient at $z_t$")
    F_t = fisher_categorical(p_tk)
    for i in range(K):  # the Hessian at z_t, entry by entry (symmetric)
        for j in range(i, K):
            d.claim(sub_z(sp.Derivative(D_C(*z), z[i], z[j])), "=", F_t[i, j],
                    "Hessian: $\\mathrm{diag}(p_t) - p_t p_t^T$" if i == j == 0 else f"entry $({i + 1}, {j + 1})$")
    log_softmax = [z[m] - sp.log(sum(sp.exp(w) for w in z)) for m in range(K)]
    d.claim(sp.Matrix([sp.log(pm) for pm in p_k]), "=", sp.Matrix(log_softmax), "log-softmax")
    for m in range(K):
        d.claim(sp.Matrix([sp.Derivative(log_softmax[m], w) for w in z]), "=", sp.eye(K)[:, m] - sp.Matrix(p_k),
                f"the score of outcome {m + 1}: $e_{m + 1} - p$")
    # Expectations over the outcome, for every probability vector pi (pi_K = 1 - the others).
    pis = list(sp.symbols(f"pi_1:{K}", positive=True))
    pis.append(1 - sum(pis))
    pv, unit = sp.Matrix(pis), sp.eye(K)
    d.claim(sum((pis[m] * (unit[:, m] - pv) for m in range(K)), sp.zeros(K, 1)), "=", sp.zeros(K, 1),
            "mean zero: $\\sum_k \\pi_k (e_k - \\pi) = 0$")
    F_pi = fisher_categorical(pis)
    for i in range(K):
        for j in range(i, K):
            d.claim(sum(pis[m] * (unit[m, i] - pis[i]) * (unit[m, j] - pis[j]) for m in range(K)), "=", F_pi[i, j],
                    "Fisher: $\\sum_k \\pi_k (e_k - \\pi)(e_k - \\pi)^T$" if i == j == 0 else f"entry $({i + 1}, {j + 1})$")
    d.claim(F_pi * sp.ones(K, 1), "=", sp.zeros(K, 1), "$F \\mathbf{1} = 0$: singular")
    d.conclude(r"softmax: $F = \mathrm{diag}(p) - p p^T$ in the logits, the Hessian of the KL at $z_t$; singular "
               r"($F\mathbf{1} = 0$: adding a constant to every logit changes nothing)")

    # ---------------------------------------------------------------- errata
    d.erratum(
        "003", "we can approximate the KL divergence using a second-order Taylor expansion, which turns out to be the "
        r"Fisher information matrix $F$ ... $D_{KL}(p(x|\theta) \| p(x|\theta_t)) \approx F$.",
        r"$\mathrm{KL}(p_\theta \| p_{\theta_t})$ is approximately $F$ (also: `the KL divergence ... is usually "
        r"approximated as the fisher information of $p(x|\theta)$').",
        r"$F$ is the Hessian of the KL at $\theta_t$, not its value: $\mathrm{KL} = \frac{1}{2}(\theta - \theta_t)^T F "
        r"(\theta - \theta_t) + O(\|\theta - \theta_t\|^3)$, a scalar that vanishes at $\theta_t$.",
        evidence=r"Bernoulli: $\mathrm{KL}(p_t + s\delta \| p_t) = F + O(s^3)$ is refuted (the $s^0$ coefficient is 0, "
        r"not $F$)",
        claim=Claim(D_B(pb_t + s * db, pb_t), "=+O", 1 / (pb_t * (1 - pb_t)), order=(s, 3)),
    )
    d.erratum(
        "003", r"$D(\theta, \theta_t) \approx D(\theta_t, \theta_t) + (\nabla_\theta D(\theta, \theta_t)"
        r"|_{\theta=\theta_t})^T (\theta - \theta_t) + (\theta - \theta_t)^T H_t (\theta - \theta_t)$",
        r"The second-order Taylor term is $(\theta - \theta_t)^T H_t (\theta - \theta_t)$.",
        r"It is $\frac{1}{2}(\theta - \theta_t)^T H_t (\theta - \theta_t)$: with $H_t = F$, "
        r"$\mathrm{KL} = \frac{1}{2} d^T F d + O(\|d\|^3)$.",
        evidence=r"Bernoulli ($H_t = 1/(p_t(1 - p_t))$, proved above): $\mathrm{KL} = s^2\delta^2 H_t + O(s^3)$ is "
        "refuted",
        claim=Claim(D_B(pb_t + s * db, pb_t), "=+O", s**2 * db**2 / (pb_t * (1 - pb_t)), order=(s, 3)),
    )
    d.erratum(
        "003", r"where $H_t$ is the Hessian of $D(\theta_t, \theta_t)$ at $\theta_t$.",
        r"$H_t$ is the Hessian of $D(\theta_t, \theta_t)$.",
        r"$\theta_t \mapsto D(\theta_t, \theta_t) = 0$ is constant, with zero Hessian; $H_t$ is the Hessian of "
        r"$\theta \mapsto D(\theta, \theta_t)$ (first argument only, second held at $\theta_t$) evaluated at "
        r"$\theta = \theta_t$, which is $F$.",
        evidence=r"Bernoulli: the second derivative of $D(p, p)$ equals $1/(p(1 - p))$ is refuted (it is 0)",
        claim=Claim(sp.Derivative(D_B(pb_t, pb_t), pb_t, 2), "=", 1 / (pb_t * (1 - pb_t))),
    )
    d.erratum(
        "003", r"$\nabla_\theta D(\theta, \theta_t) = \nabla_\theta \mathbb{E}_{p(x|\theta)}[\log "
        r"\frac{p(x|\theta)}{p(x|\theta_t)}] = \mathbb{E}_{p(x|\theta)}[\nabla_\theta \log "
        r"\frac{p(x|\theta)}{p(x|\theta_t)}]$ (Swap $\nabla$ and $\mathbb{E}$) ... $= 0$.",
        r"The gradient can be moved inside $\mathbb{E}_{p(x|\theta)}$, so $\nabla_\theta D(\theta, \theta_t) = "
        r"\mathbb{E}_\theta[\mathrm{score}] = 0$.",
        r"The expectation's measure depends on $\theta$, so the swap drops a term: $\nabla D(\theta) = "
        r"\mathbb{E}_\theta[\mathrm{score}\,\log(p_\theta/p_t)] + \mathbb{E}_\theta[\mathrm{score}]$, the first "
        r"term nonzero for $\theta \ne \theta_t$ (proved above).  The gradient vanishes AT $\theta_t$ (the log-ratio "
        r"is 0 there), not for every $\theta$ as the chain states.",
        evidence=r"Bernoulli: $\frac{dD}{dp} = \mathbb{E}_p[\frac{d}{dp}\log(p(k)/p_t(k))]$ (the swapped form, $= 0$) "
        r"is refuted at $p \ne p_t$",
        claim=Claim(sp.Derivative(D_B(pb, pb_t), pb), "=",
                    sp.Sum(pmf(pb) * sp.Derivative(sp.log(pmf(pb) / pmf(pb_t)), pb), (k, 0, 1))),
    )

    # KL is a divergence, not a distance: asymmetric, though symmetric to second order.
    d.claim(kl_bernoulli(pb_t, pb_t + s * db), "=+O",
            s**2 * db**2 / (2 * pb_t * (1 - pb_t)), "reversed, KL$(p_t \\| p_t + s\\delta)$: the same to second order",
            order=(s, 3))
    d.conclude(r"KL is symmetric to second order (both $\frac{1}{2} d^T F d$), not beyond")
    d.erratum(
        "003", "So, the distance between two distributions.",
        "The KL divergence is the distance between two distributions.",
        r"KL is a divergence, not a distance: $\mathrm{KL}(p \| q) \ne \mathrm{KL}(q \| p)$ in general and the "
        r"triangle inequality fails; only its second-order term $\frac{1}{2} d^T F d$ is symmetric (proved above for "
        r"Bernoulli), which is why $F$, not the KL, is called the Fisher information metric.",
        evidence=r"Bernoulli: $\mathrm{KL}(p \| p_t) = \mathrm{KL}(p_t \| p)$ is refuted at a sample point",
        claim=Claim(kl_bernoulli(pb, pb_t), "=", kl_bernoulli(pb_t, pb)),
    )

    # F is the EXPECTED Hessian of the negative log-likelihood, not the Hessian of the loss at a data point.
    nll = -log_dens  # -log N(x; mu, sigma^2), one data point x
    d.claim(sp.Derivative(nll, v, 2), "=", (x - mu) ** 2 / v**3 - 1 / (2 * v**2),
            "one data point: $\\partial^2_{\\sigma^2} (-\\log p)$")
    d.claim(_integral(dens(mu, v) * ((x - mu) ** 2 / v**3 - 1 / (2 * v**2))), "=", fisher_gaussian(v)[1, 1],
            "its expectation under the model is $F_{22} = 1/(2\\sigma^4)$")
    d.conclude(r"$F = \mathbb{E}_{\mathrm{model}}[\nabla^2(-\log p)]$: the curvature of the loss only on average "
               "under the model itself")
    d.erratum(
        "003", "Thus, the Fisher information matrix contains all the information about the curvature in our "
        "likelihood-based loss function.",
        r"$F$ is the curvature of the likelihood-based loss.",
        r"$F$ is the Hessian of the KL at $\theta_t$ and the EXPECTED Hessian of $-\log p$ under the model's own "
        r"distribution; the loss on actual data has Hessian $-\sum_i \nabla^2 \log p(x_i | \theta)$, which differs "
        r"from $F$ (and can be indefinite). Gaussian, one point $x = \mu$: $\partial^2_{\sigma^2}(-\log p) = "
        r"-1/(2\sigma^4) < 0$, while $F_{22} = +1/(2\sigma^4)$.",
        evidence=r"`the loss Hessian at a data point equals $F_{22}$' is refuted (steps above give the expectation only)",
        claim=Claim((x - mu) ** 2 / v**3 - 1 / (2 * v**2), "=", fisher_gaussian(v)[1, 1]),
    )

    # "the expectation of the score is always 0": not when the support depends on theta (uniform on [0, theta]).
    th = sp.Symbol("theta", positive=True)
    d.assume(th)
    uniform_score = sp.Derivative(sp.log(1 / th), th)
    d.claim(sp.Integral(uniform_score / th, (x, 0, th)), "=", -1 / th,
            "uniform on $[0, \\theta]$: $\\mathbb{E}_\\theta[\\partial_\\theta \\log p_\\theta] = -1/\\theta$")
    d.conclude(r"for $U(0, \theta)$ the score has mean $-1/\theta$: the zero mean needs the regularity assumed above")
    d.erratum(
        "003", "The final line comes from the fact that the expectation of the score is always 0.",
        "The expectation of the score is always 0.",
        r"Only under regularity conditions: the support must not depend on $\theta$ and differentiation under the "
        r"integral sign must be allowed (the premise of step (ii)). For the uniform family on $[0, \theta]$ the score "
        r"is $-1/\theta$ on the support and its mean is $-1/\theta$ ($\frac{d}{d\theta}$ of "
        r"$\int_0^\theta dx/\theta = 1$ picks up a boundary term).",
        evidence=r"$\int_0^\theta \frac{1}{\theta} \frac{d}{d\theta} \log\frac{1}{\theta}\, dx = 0$ is refuted "
        r"(it is $-1/\theta$, proved above)",
        claim=Claim(sp.Integral(uniform_score / th, (x, 0, th)), "=", 0),
    )

    # ---------------------------------------------------------------- numeric checks
    @d.numeric("monte_carlo_fisher", r"Gaussian: the sample mean of $s s^T$ ($s$ the score) over 400000 draws of "
               r"$N(\mu, \sigma^2)$ against $\mathrm{diag}(1/\sigma^2, 1/(2\sigma^4))$; softmax ($K = 5$): the exact "
               r"expectation vs $\mathrm{diag}(p) - p p^T$")
    def _monte_carlo() -> NumericOutcome:
        rng = np.random.default_rng(11)
        m0, var, draws = 0.7, 1.8, 400_000
        xs = rng.normal(m0, np.sqrt(var), size=draws)
        sc = np.stack([(xs - m0) / var, -0.5 / var + (xs - m0) ** 2 / (2 * var**2)])  # d/dmu, d/dvar of log N
        est = sc @ sc.T / draws
        exact = np.diag([1 / var, 1 / (2 * var**2)])
        se = np.sqrt(np.einsum("in,jn->ij", sc**2, sc**2) / draws - est**2) / np.sqrt(draws)
        z_gauss = float(np.max(np.abs(est - exact) / se))
        logits = rng.normal(size=5)
        pr = np.exp(logits) / np.exp(logits).sum()
        sk = np.eye(5) - pr  # row k: the score of outcome k, e_k - p
        cat = float(np.abs(np.einsum("k,ki,kj->ij", pr, sk, sk) - (np.diag(pr) - np.outer(pr, pr))).max())
        ok = z_gauss < 5 and cat < 1e-14
        return NumericOutcome(ok, f"Gaussian: largest deviation {z_gauss:.2f} standard errors; softmax K = 5: "
                              r"$\max |\mathbb{E}[s s^T] - (\mathrm{diag}\, p - p p^T)|$" + f" = {cat:.1e}", {"z_gauss": z_gauss, "softmax": cat})

    @d.numeric("kl_over_s2", r"$\mathrm{KL}(\theta_t + s d \| \theta_t)/s^2 \to \frac{1}{2} d^T F d$ as "
               r"$s \to 0$, with the KL computed numerically (quadrature for the Gaussian, direct sums for Bernoulli and softmax K = 5)")
    def _kl_ratio() -> NumericOutcome:
        rng = np.random.default_rng(12)
        grid = np.linspace(-40, 40, 400_001)

        def normal(m: float, var: float) -> np.ndarray:
            return np.exp(-((grid - m) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var)

        def gauss_kl(m: float, var: float, m0: float, var0: float) -> float:
            p1, p0 = normal(m, var), normal(m0, var0)
            integrand = np.where(p1 > 0, p1 * (np.log(np.maximum(p1, 1e-300)) - np.log(np.maximum(p0, 1e-300))), 0.0)
            return float(np.trapezoid(integrand, grid))

        def softmax(zv: np.ndarray) -> np.ndarray:
            e = np.exp(zv - zv.max())
            return e / e.sum()

        m0, var0, dg = 0.3, 1.5, np.array([0.8, -0.6])
        q, dq = 0.3, 0.7
        zt, dz = rng.normal(size=5), rng.normal(size=5)
        pt = softmax(zt)
        targets = {
            "gaussian": 0.5 * dg @ np.diag([1 / var0, 1 / (2 * var0**2)]) @ dg,
            "bernoulli": 0.5 * dq**2 / (q * (1 - q)),
            "softmax": 0.5 * dz @ (np.diag(pt) - np.outer(pt, pt)) @ dz,
        }
        errors: dict[str, list[float]] = {key: [] for key in targets}
        steps = (1e-1, 1e-2, 1e-3)
        for st in steps:
            kls = {
                "gaussian": gauss_kl(m0 + st * dg[0], var0 + st * dg[1], m0, var0),
                "bernoulli": (q + st * dq) * np.log((q + st * dq) / q)
                + (1 - q - st * dq) * np.log((1 - q - st * dq) / (1 - q)),
                "softmax": float(np.sum(softmax(zt + st * dz) * np.log(softmax(zt + st * dz) / pt))),
            }
            for key, val in kls.items():
                errors[key].append(abs(val / st**2 - targets[key]) / targets[key])
        # the relative error must shrink like s (the O(s^3) remainder), by ~10x per decade
        ok = all(e[-1] < 5e-3 and e[0] > e[1] > e[2] for e in errors.values())
        detail = "; ".join(f"{key}: rel. error {', '.join(f'{e:.1e}' for e in errs)} at s = {steps}"
                           for key, errs in errors.items())
        return NumericOutcome(ok, detail, {f"{key}_smallest_s": errs[-1] for key, errs in errors.items()})

    return d
