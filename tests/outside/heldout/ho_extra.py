"""Held-out claims (never tuned to), true facts without a false twin, from the same unused sources as the other
held-out files: Nocedal & Wright 2006 ch. 4, 5, 10; Boyd & Vandenberghe 2004 §9.2, §9.4, §9.6; Bertsekas 2016;
Wright & Recht 2022; Murphy 2022 ch. 8; Shalev-Shwartz & Ben-David 2014 ch. 12; Karimi, Nutini & Schmidt 2016;
Johnson & Zhang 2013; Nemirovski et al. 2009; Hazan 2016."""

from __future__ import annotations

from entry import T

__all__ = ["CLAIMS"]

NW = "Nocedal & Wright 2006"
BV = "Boyd & Vandenberghe 2004"
BE = "Bertsekas 2016"
WR = "Wright & Recht 2022"
MU = "Murphy 2022"


def _q(m, x, A, y):
    return (x.T * A * y)[0, 0]


def _orth(m, r, v):
    """A general vector orthogonal to r (r != 0)."""
    return v - m.dot(v, r) / m.nsq(r) * r


CLAIMS = [
    T("nw-steepest-length", r"\left\|-\frac{\Delta}{\|g\|}g\right\| = \Delta",
      lambda m, D, g: (m.norm(-D / m.norm(g) * g), "=", D), "D:pos g:vec", f"{NW} §4.1 (4.11): ||p^S|| = Delta",
      "vector", "||g|| / ||g|| = 1", assume=r"\Delta > 0", vectors="g"),
    T("nw-cg-expanding", r"\left(r_k + \alpha_k A p_k\right)^\top p_k = 0",
      lambda m, A, r, p: (m.dot(r - m.dot(r, p) / _q(m, p, A, p) * (A * p), p), "=", 0), "A:spd r:vec p:vec",
      f"{NW} §5.1 Theorem 5.2 (r_(k+1)^T p_k = 0)", "matrix",
      assume=r"\alpha_k = -\frac{r_k^\top p_k}{p_k^\top A p_k}", vectors="r_k,p_k", positive_definite="A"),
    T("nw-cg-alpha-forms", r"-r_k^\top p_k = r_k^\top r_k",
      lambda m, r, v, b: (-m.dot(r, -r + b * _orth(m, r, v)), "=", m.nsq(r)), "r:vec v:vec b",
      f"{NW} §5.2 (5.24a): the two forms of alpha_k agree", "vector",
      "p_k = -r_k + beta_k p_(k-1) with r_k^T p_(k-1) = 0; every such p_(k-1) is v - (v^T r / r^T r) r",
      assume=[r"p_k = -r_k + \beta_k p_{k-1}", r"r_k^\top p_{k-1} = 0"], vectors="r_k,p_k"),
    T("nw-lm-step", r"\left|\frac{j r}{j^2 + \lambda}\right| \le \frac{|r|}{2\sqrt{\lambda}}",
      lambda m, j, r, lam: (m.Abs(j * r / (j**2 + lam)), "<=", m.Abs(r) / (2 * m.sqrt(lam))), "j r lam:pos",
      f"{NW} §10.3 (the Levenberg-Marquardt step in one dimension is bounded for lambda > 0)", "root",
      "j^2 + lambda >= 2 |j| sqrt(lambda)", assume=r"\lambda > 0"),
    T("nw-ls-hessian", r"\frac{d^2}{dx^2}\frac{1}{2}(x^2 - a)^2 = (2x)^2 + 2(x^2 - a)",
      lambda m, x, a: (m.diff(lambda s: (s**2 - a) ** 2 / 2, x, 2), "=", (2 * x) ** 2 + 2 * (x**2 - a)), "x a",
      f"{NW} §10.1 (10.5): J^T J plus the residual term, r(x) = x^2 - a", "calculus"),
    T("bv-normalized-sd", r"g^\top\left(-\frac{P^{-1}g}{\sqrt{g^\top P^{-1}g}}\right) = -\sqrt{g^\top P^{-1} g}",
      lambda m, P, g: (m.dot(g, -(m.inv(P) * g) / m.sqrt(_q(m, g, m.inv(P), g))), "=", -m.sqrt(_q(m, g, m.inv(P), g))),
      "P:spd g:vec", f"{BV} §9.4.1 (grad f^T Delta x_nsd = -||grad f||_*)", "matrix", "g^T P^{-1} g / sqrt(g^T P^{-1} g)",
      numeric=True, vectors="g", positive_definite="P"),
    T("bv-descent-direction", r"g^\top(-P^{-1}g) \le 0",
      lambda m, P, g: (m.dot(g, -(m.inv(P) * g)), "<=", 0), "P:spd g:vec",
      f"{BV} §9.2 (9.3): a scaled negative gradient is a descent direction", "matrix", "P^{-1} is positive definite",
      vectors="g", positive_definite="P"),
    T("bv-sc-plus-quadratic", r"\frac{2}{x^3} \le 2\left(\frac{1}{x^2} + 2\right)^{3/2}",
      lambda m, x: (2 / x**3, "<=", 2 * (1 / x**2 + 2) ** m.R(3, 2)), "x:pos",
      f"{BV} §9.6.2 (-log x + x^2 is self-concordant)", "root", "(1/x^2 + 2)^(3/2) >= (1/x^2)^(3/2)", assume="x > 0"),
    T("bert-newton-exp", r"x - \frac{e^x - 1}{e^x} = x - 1 + e^{-x}",
      lambda m, x: (x - (m.exp(x) - 1) / m.exp(x), "=", x - 1 + m.exp(-x)), "x",
      f"{BE} §1.4 (Newton's step for f(x) = e^x - x)", "transcendental"),
    T("bert-multipliers-stationary", r"2\frac{c - \lambda}{2 + c} + \lambda + c\left(\frac{c - \lambda}{2 + c} - 1\right) = 0",
      lambda m, c, lam: (2 * (c - lam) / (2 + c) + lam + c * ((c - lam) / (2 + c) - 1), "=", 0), "c:pos lam",
      f"{BE} ch. 5 (method of multipliers on min x^2 s.t. x = 1: the augmented Lagrangian's minimizer)", "rational",
      assume="c > 0"),
    T("bert-multipliers-contraction", r"\lambda + c\left(\frac{c - \lambda}{2 + c} - 1\right) + 2 = \frac{2(\lambda + 2)}{2 + c}",
      lambda m, c, lam: (lam + c * ((c - lam) / (2 + c) - 1) + 2, "=", 2 * (lam + 2) / (2 + c)), "c:pos lam",
      f"{BE} ch. 5 (the multiplier error shrinks by 2/(2 + c); lambda* = -2)", "rational", assume="c > 0"),
    T("bert-scaled-newton-quadratic", r"x - Q^{-1}(Qx - b) = Q^{-1}b",
      lambda m, Q, x, b: (x - m.inv(Q) * (Q * x - b), "=", m.inv(Q) * b), "Q:spd x:vec b:vec",
      f"{BE} §1.3 (scaling D = Q^-1 solves a quadratic in one step)", "matrix", "Q^{-1} Q = I", numeric=True,
      vectors="x,b", positive_definite="Q"),
    T("wr-quadratic-min", r"\frac{1}{2}x^\top A x - b^\top x \ge -\frac{1}{2}b^\top A^{-1} b",
      lambda m, A, x, b: (_q(m, x, A, x) / 2 - m.dot(b, x), ">=", -_q(m, b, m.inv(A), b) / 2), "A:spd x:vec b:vec",
      f"{WR} ch. 2 (the minimum of a strongly convex quadratic)", "matrix",
      "the difference is (x - A^{-1}b)^T A (x - A^{-1}b)/2 >= 0", vectors="x,b", positive_definite="A"),
    T("wr-kaczmarz-expected", r"\frac{\|a_1\|^2}{\|a_1\|^2 + \|a_2\|^2}\cdot\frac{r_1^2}{\|a_1\|^2} + "
      r"\frac{\|a_2\|^2}{\|a_1\|^2 + \|a_2\|^2}\cdot\frac{r_2^2}{\|a_2\|^2} = \frac{r_1^2 + r_2^2}{\|a_1\|^2 + \|a_2\|^2}",
      lambda m, a1, a2, r1, r2: (m.nsq(a1) / (m.nsq(a1) + m.nsq(a2)) * r1**2 / m.nsq(a1)
                                 + m.nsq(a2) / (m.nsq(a1) + m.nsq(a2)) * r2**2 / m.nsq(a2), "=",
                                 (r1**2 + r2**2) / (m.nsq(a1) + m.nsq(a2))),
      "a1:vec a2:vec r1 r2", f"{WR} ch. 5 (randomized Kaczmarz with rows sampled by ||a_i||^2, two rows)", "vector",
      vectors="a_1,a_2"),
    T("murphy-momentum-constant", r"\sum_{\tau=0}^{t-1}\beta^\tau g = \frac{1 - \beta^t}{1 - \beta}g",
      lambda m, b, g, t: (m.Sum(lambda i: b**i * g, 0, t - 1), "=", (1 - b**t) / (1 - b) * g), "b:unit g t:int1",
      f"{MU} §8.2.4 (heavy-ball momentum under a constant gradient)", "sum", "geometric series",
      assume=[r"0 < \beta < 1", r"t \in \mathbb{N}, t \ge 1"]),
    T("murphy-nlms", r"y - \left(\boldsymbol{\theta} + \frac{1}{\|\mathbf{x}\|^2}(y - \boldsymbol{\theta}^\top \mathbf{x})\mathbf{x}\right)^\top \mathbf{x} = 0",
      lambda m, y, th, x: (y - m.dot(th + (y - m.dot(th, x)) / m.nsq(x) * x, x), "=", 0), "y th:vec x:vec",
      f"{MU} §8.4 (normalized LMS: the step fits the sample; bold vectors, undeclared)", "vector"),
    T("murphy-bohning", r"\log(1 + e^{y}) \le \log(1 + e^{x}) + \frac{e^{x}}{1 + e^{x}}(y - x) + \frac{1}{8}(y - x)^2",
      lambda m, x, y: (m.log(1 + m.exp(y)), "<=", m.log(1 + m.exp(x)) + m.exp(x) / (1 + m.exp(x)) * (y - x) + (y - x) ** 2 / 8),
      "x y", f"{MU} §8.7 (bound optimization: the Bohning quadratic bound on the logistic loss)", "transcendental",
      "Taylor with remainder: the second derivative sigma(1 - sigma) <= 1/4"),
    T("murphy-variance-second-moment", r"\frac{1}{2}\left(a - \frac{a + b}{2}\right)^2 + \frac{1}{2}\left(b - \frac{a + b}{2}\right)^2 "
      r"\le \frac{a^2 + b^2}{2}",
      lambda m, a, b: ((a - (a + b) / 2) ** 2 / 2 + (b - (a + b) / 2) ** 2 / 2, "<=", (a**2 + b**2) / 2), "a b",
      "Johnson & Zhang 2013 §3 (a variance is at most the second moment; two equally likely values)", "polynomial",
      "the difference is ((a + b)/2)^2 >= 0"),
    T("kns-strongly-convex-pl", r"\frac{1}{2}(ax)^2 \ge \mu\left(\frac{a}{2}x^2\right)",
      lambda m, a, mu, x: ((a * x) ** 2 / 2, ">=", mu * a / 2 * x**2), "a:pos mu:pos x",
      "Karimi, Nutini & Schmidt 2016 §2 (strong convexity implies PL, on f = (a/2)x^2)", "polynomial", "a >= mu",
      hyps=lambda m, a, mu, x: [mu <= a], assume=[r"0 < \mu \le a"]),
    T("kns-pl-example", r"\frac{1}{2}(2x + 3\sin 2x)^2 \ge \frac{1}{32}(x^2 + 3\sin^2 x)",
      lambda m, x: ((2 * x + 3 * m.sin(2 * x)) ** 2 / 2, ">=", (x**2 + 3 * m.sin(x) ** 2) / 32), "x",
      "Karimi, Nutini & Schmidt 2016 §2 (x^2 + 3 sin^2 x is PL with mu = 1/32, not convex)", "transcendental",
      "checked densely on [-30, 30] (ratio >= 0.19 x^2 near 0); for |x| >= 3, (2|x| - 3)^2/2 >= (x^2 + 3)/32"),
    T("ssbd-self-bounded", r"(a(x - c))^2 \le 2\beta\cdot\frac{a}{2}(x - c)^2",
      lambda m, a, b, x, c: ((a * (x - c)) ** 2, "<=", 2 * b * a / 2 * (x - c) ** 2), "a:nn b:pos x c",
      "Shalev-Shwartz & Ben-David 2014 §12.1.3 (Lemma 12.5: smooth nonnegative functions are self-bounded)",
      "polynomial", "a <= beta", hyps=lambda m, a, b, x, c: [a <= b], assume=[r"0 \le a \le \beta"]),
    T("njls-const-sum", r"\sum_{t=1}^{N}\gamma^2 = N\gamma^2",
      lambda m, g, N: (m.Sum(lambda t: g**2, 1, N), "=", N * g**2), "g N:int1",
      "Nemirovski, Juditsky, Lan & Shapiro 2009 §2.2 (a constant step)", "sum", "N equal terms",
      assume=r"N \in \mathbb{N}, N \ge 1"),
    T("hazan-ftl-quadratic", r"\frac{1}{t}\sum_{s=1}^{t} s = \frac{t + 1}{2}",
      lambda m, t: (m.Sum(lambda s: s, 1, t) / t, "=", (t + 1) / 2), "t:int1",
      "Hazan 2016 §5.1 (follow-the-leader on f_s(x) = (x - s)^2/2 plays the mean of the data)", "sum",
      "sum_{s=1}^t s = t(t + 1)/2", assume=r"t \in \mathbb{N}, t \ge 1"),
    T("hazan-ogd-step-product", r"\eta_t G^2 = \frac{DG}{\sqrt{t}}",
      lambda m, D, G, t: (D / (G * m.sqrt(t)) * G**2, "=", D * G / m.sqrt(t)), "D:pos G:pos t:pos",
      "Hazan 2016 §3.1 (eta_t = D/(G sqrt t))", "root", assume=[r"\eta_t = \frac{D}{G\sqrt{t}}", r"D, G > 0", r"t \ge 1"]),
    T("bcn-diminishing-sum", r"\sum_{k=1}^{K}\frac{\beta}{\gamma + k} \ge \beta\log\frac{\gamma + K + 1}{\gamma + 1}",
      lambda m, b, g, K: (m.Sum(lambda k: b / (g + k), 1, K), ">=", b * m.log((g + K + 1) / (g + 1))), "b:pos g:pos K:int1",
      "Bottou, Curtis & Nocedal 2018 §4.2 (alpha_k = beta/(gamma + k) sums to infinity)", "sum",
      "1/(gamma + k) >= integral of 1/(gamma + s) over [k, k + 1]",
      assume=[r"\beta, \gamma > 0", r"K \in \mathbb{N}, K \ge 1"]),
    T("bcn-diminishing-squares", r"\sum_{k=1}^{K}\frac{1}{k^2} \le 2 - \frac{1}{K}",
      lambda m, K: (m.Sum(lambda k: 1 / k**2, 1, K), "<=", 2 - 1 / K), "K:int1",
      "Bottou, Curtis & Nocedal 2018 §4.2 (4.20: the squared steps are summable)", "sum",
      "1/k^2 <= 1/(k - 1) - 1/k for k >= 2, telescoping", assume=r"K \in \mathbb{N}, K \ge 1"),
    T("wr-heavy-ball-char", r"(\lambda_1 + \lambda_2)^2 - 4\lambda_1\lambda_2 = (\lambda_1 - \lambda_2)^2",
      lambda m, a, b: ((a + b) ** 2 - 4 * a * b, "=", (a - b) ** 2), "a b",
      f"{WR} ch. 4 (discriminant of the heavy-ball characteristic polynomial)", "polynomial"),
    T("wr-acc-rate-log", r"\left(1 - \frac{1}{\sqrt{\kappa}}\right)^k \le e^{-k/\sqrt{\kappa}}",
      lambda m, kap, k: ((1 - 1 / m.sqrt(kap)) ** k, "<=", m.exp(-k / m.sqrt(kap))), "kap:pos k:nat",
      f"{WR} ch. 4 (the accelerated rate in exponential form)", "transcendental", "0 <= 1 - u <= e^{-u}",
      hyps=lambda m, kap, k: [kap >= 1], assume=[r"\kappa \ge 1", r"k \in \mathbb{N}"]),
    T("nw-cg-iterations", r"\frac{\sqrt{\kappa}}{2}\log\frac{2}{\epsilon} \le \frac{\kappa}{2}\log\frac{2}{\epsilon}",
      lambda m, kap, eps: (m.sqrt(kap) / 2 * m.log(2 / eps), "<=", kap / 2 * m.log(2 / eps)), "kap:pos eps:unit",
      f"{NW} §5.1 (CG needs about sqrt(kappa) iterations, steepest descent kappa)", "transcendental",
      "sqrt(kappa) <= kappa for kappa >= 1 and log(2/eps) > 0 for eps < 1",
      hyps=lambda m, kap, eps: [kap >= 1], assume=[r"\kappa \ge 1", r"0 < \epsilon < 1"]),
    T("wr-gd-quadratic-contraction", r"\left\|x - \frac{a}{L}x\right\|^2 \le \left(1 - \frac{\mu}{L}\right)^2\|x\|^2",
      lambda m, a, mu, L, x: (m.nsq(x - a / L * x), "<=", (1 - mu / L) ** 2 * m.nsq(x)), "a:pos mu:pos L:pos x:vec",
      f"{WR} ch. 3 (gradient descent with step 1/L on f = (a/2)||x||^2, mu <= a <= L)", "vector",
      "0 <= 1 - a/L <= 1 - mu/L", hyps=lambda m, a, mu, L, x: [mu <= a, a <= L],
      assume=[r"0 < \mu \le a \le L"], vectors="x"),
    T("bcn-lemma44-bound", r"-\left(\mu - \frac{1}{2}\bar{\alpha} L M_G\right)\bar{\alpha}\|\nabla F(w_k)\|_2^2 + \frac{1}{2}\bar{\alpha}^2 L M "
      r"\le -\frac{1}{2}\mu\bar{\alpha}\|\nabla F(w_k)\|_2^2 + \frac{1}{2}\bar{\alpha}^2 L M",
      lambda m, a, mu, L, MG, M, g: (-(mu - a * L * MG / 2) * a * m.nsq(g) + a**2 * L * M / 2, "<=",
                                     -mu * a * m.nsq(g) / 2 + a**2 * L * M / 2),
      "a:pos mu:pos L:pos MG:pos M:pos g:vec", "Bottou, Curtis & Nocedal 2018 §4.2 (proof of Theorem 4.6)", "vector",
      "alpha L M_G <= mu, so the coefficient of the squared norm is at most -mu alpha / 2",
      hyps=lambda m, a, mu, L, MG, M, g: [a <= mu / (L * MG)],
      assume=[r"0 < \bar{\alpha} \le \frac{\mu}{L M_G}", r"\mu, L, M_G, M > 0"], vectors="w_k"),
]
