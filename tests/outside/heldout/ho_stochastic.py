"""Held-out claims (never tuned to): stochastic and online methods.  Shalev-Shwartz & Ben-David, "Understanding
Machine Learning" (2014) ch. 12 and 14 [SSBD]; Bottou, Curtis & Nocedal, "Optimization Methods for Large-Scale
Machine Learning", SIAM Review 60(2), 2018 §4 [BCN]; Hazan, "Introduction to Online Convex Optimization" (2016)
ch. 1-4 [Hazan]; Duchi, Hazan & Singer, JMLR 12 (2011), the sum lemma of §4 [DHS]; Nemirovski, Juditsky, Lan &
Shapiro, "Robust Stochastic Approximation", SIAM J. Optim. 19(4), 2009 §2.2 [NJLS]; Johnson & Zhang, "Accelerating
SGD using predictive variance reduction" (SVRG), NeurIPS 2013 Thm 1 [JZ]; Gower et al., "SGD: General Analysis and
Improved Rates", ICML 2019 §3.3 [Gower]."""

from __future__ import annotations

from fractions import Fraction

from entry import F, T

__all__ = ["CLAIMS"]

SS = "Shalev-Shwartz & Ben-David 2014"
BCN = "Bottou, Curtis & Nocedal 2018"
HZ = "Hazan 2016"
W = {"vectors": [r"\mathbf{w}^{(t)}", r"\mathbf{w}^\star", r"\mathbf{v}_t"]}


def _sgd_id(m, eta, w, ws, v, c):
    w1 = w - eta * v
    return (m.dot(w - ws, v), "=", c / eta * (m.nsq(w - ws) - m.nsq(w1 - ws)) + eta / 2 * m.nsq(v))


def _lemma141(m, eta, ws, v1, v2, c):
    w1 = 0 * ws
    w2 = w1 - eta * v1
    return (m.dot(w1 - ws, v1) + m.dot(w2 - ws, v2), "<=", m.nsq(ws) / (2 * eta) + c * eta * (m.nsq(v1) + m.nsq(v2)))


def _bcn_hyps(m, b, c, mu, L, M, nu, k):
    return [k >= 1, b * c * mu > 1, nu >= b**2 * L * M / (2 * (b * c * mu - 1))]


CLAIMS = [
    # SSBD §14.1.1 Lemma 14.1: one step of (sub)gradient descent
    T("ssbd-sgd-identity", r"\langle \mathbf{w}^{(t)} - \mathbf{w}^\star, \mathbf{v}_t \rangle = \frac{1}{2\eta}\left("
      r"\|\mathbf{w}^{(t)} - \mathbf{w}^\star\|^2 - \|\mathbf{w}^{(t+1)} - \mathbf{w}^\star\|^2\right) + \frac{\eta}{2}\|\mathbf{v}_t\|^2",
      lambda m, eta, w, ws, v: _sgd_id(m, eta, w, ws, v, m.R(1, 2)), "eta:pos w:vec ws:vec v:vec",
      f"{SS} §14.1.1 (proof of Lemma 14.1)", "vector",
      assume=[r"\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} - \eta\mathbf{v}_t", r"\eta > 0"], **W),
    F("ssbd-sgd-identity-half", r"\langle \mathbf{w}^{(t)} - \mathbf{w}^\star, \mathbf{v}_t \rangle = \frac{1}{\eta}\left("
      r"\|\mathbf{w}^{(t)} - \mathbf{w}^\star\|^2 - \|\mathbf{w}^{(t+1)} - \mathbf{w}^\star\|^2\right) + \frac{\eta}{2}\|\mathbf{v}_t\|^2",
      lambda m, eta, w, ws, v: _sgd_id(m, eta, w, ws, v, 1), "eta:pos w:vec ws:vec v:vec",
      f"{SS} §14.1.1 (dropped 1/2)", "vector", {"eta": 1, "w": [1], "ws": [0], "v": [1]},
      assume=[r"\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} - \eta\mathbf{v}_t", r"\eta > 0"], **W),
    T("ssbd-lemma141-T2", r"\sum_{t=1}^{2}\langle \mathbf{w}^{(t)} - \mathbf{w}^\star, \mathbf{v}_t\rangle \le "
      r"\frac{\|\mathbf{w}^\star\|^2}{2\eta} + \frac{\eta}{2}\sum_{t=1}^{2}\|\mathbf{v}_t\|^2",
      lambda m, eta, ws, v1, v2: _lemma141(m, eta, ws, v1, v2, m.R(1, 2)), "eta:pos ws:vec v1:vec v2:vec",
      f"{SS} §14.1.1 Lemma 14.1 with T = 2", "vector", "telescoping the identity; the last term -||w3 - w*||^2/(2 eta) <= 0",
      assume=[r"\mathbf{w}^{(1)} = \mathbf{0}", r"\mathbf{w}^{(2)} = \mathbf{w}^{(1)} - \eta\mathbf{v}_1", r"\eta > 0"], **W),
    F("ssbd-lemma141-T2-const", r"\sum_{t=1}^{2}\langle \mathbf{w}^{(t)} - \mathbf{w}^\star, \mathbf{v}_t\rangle \le "
      r"\frac{\|\mathbf{w}^\star\|^2}{2\eta} + \frac{\eta}{4}\sum_{t=1}^{2}\|\mathbf{v}_t\|^2",
      lambda m, eta, ws, v1, v2: _lemma141(m, eta, ws, v1, v2, m.R(1, 4)), "eta:pos ws:vec v1:vec v2:vec",
      f"{SS} §14.1.1 Lemma 14.1 (wrong constant)", "vector", {"eta": 1, "ws": [-1], "v1": [1], "v2": [0]},
      assume=[r"\mathbf{w}^{(1)} = \mathbf{0}", r"\mathbf{w}^{(2)} = \mathbf{w}^{(1)} - \eta\mathbf{v}_1", r"\eta > 0"], **W),
    T("ssbd-cor142", r"\frac{B^2}{2\eta} + \frac{\eta \rho^2 T}{2} = B\rho\sqrt{T}",
      lambda m, B, rho, T: (B**2 / (2 * B / (rho * m.sqrt(T))) + B / (rho * m.sqrt(T)) * rho**2 * T / 2, "=",
                            B * rho * m.sqrt(T)),
      "B:pos rho:pos T:pos", f"{SS} §14.1.1 Corollary 14.2 (eta = B/(rho sqrt T))", "root",
      assume=[r"\eta = \frac{B}{\rho\sqrt{T}}", r"B, \rho > 0", r"T \ge 1"]),
    F("ssbd-cor142-half", r"\frac{B^2}{2\eta} + \frac{\eta \rho^2 T}{2} = \frac{B\rho\sqrt{T}}{2}",
      lambda m, B, rho, T: (B**2 / (2 * B / (rho * m.sqrt(T))) + B / (rho * m.sqrt(T)) * rho**2 * T / 2, "=",
                            B * rho * m.sqrt(T) / 2),
      "B:pos rho:pos T:pos", f"{SS} §14.1.1 Corollary 14.2 (spurious 1/2)", "root", {"B": 1, "rho": 1, "T": 1},
      assume=[r"\eta = \frac{B}{\rho\sqrt{T}}", r"B, \rho > 0", r"T \ge 1"]),
    T("ssbd-strongly-convex-step", r"\frac{1}{2\eta_t} - \frac{\lambda}{2} = \frac{1}{2\eta_{t-1}}",
      lambda m, lam, t: (lam * t / 2 - lam / 2, "=", lam * (t - 1) / 2), "lam:pos t:pos",
      f"{SS} §14.4.4 (proof of Theorem 14.11, eta_t = 1/(lambda t))", "rational",
      hyps=lambda m, lam, t: [t > 1],
      assume=[r"\eta_t = \frac{1}{\lambda t}", r"\eta_{t-1} = \frac{1}{\lambda(t - 1)}", r"\lambda > 0", r"t > 1"]),
    F("ssbd-strongly-convex-step-half", r"\frac{1}{2\eta_t} - \lambda = \frac{1}{2\eta_{t-1}}",
      lambda m, lam, t: (lam * t / 2 - lam, "=", lam * (t - 1) / 2), "lam:pos t:pos",
      f"{SS} §14.4.4 (dropped 1/2 on lambda)", "rational", {"lam": 1, "t": 2}, hyps=lambda m, lam, t: [t > 1],
      assume=[r"\eta_t = \frac{1}{\lambda t}", r"\eta_{t-1} = \frac{1}{\lambda(t - 1)}", r"\lambda > 0", r"t > 1"]),
    T("ssbd-harmonic-lower", r"\sum_{t=1}^{T}\frac{1}{t} \ge \log(T + 1)",
      lambda m, T: (m.Sum(lambda t: 1 / t, 1, T), ">=", m.log(T + 1)), "T:int1",
      f"{SS} §14.4.4 (the log T in Theorem 14.11 is tight)", "sum", "1/t >= integral of 1/s over [t, t + 1]",
      assume=r"T \in \mathbb{N}, T \ge 1"),
    F("ssbd-harmonic-lower-shift", r"\sum_{t=1}^{T}\frac{1}{t} \ge \log(T + 2)",
      lambda m, T: (m.Sum(lambda t: 1 / t, 1, T), ">=", m.log(T + 2)), "T:int1",
      f"{SS} §14.4.4 (off by one)", "sum", {"T": 1}, assume=r"T \in \mathbb{N}, T \ge 1"),
    T("ssbd-logistic-lipschitz", r"\left|\frac{d}{dx}\log(1 + e^{x})\right| \le 1",
      lambda m, x: (m.Abs(m.diff(lambda s: m.log(1 + m.exp(s)), x)), "<=", 1), "x",
      f"{SS} §12.1.2 (the logistic loss is 1-Lipschitz)", "transcendental", "the derivative e^x/(1 + e^x) is in (0, 1)"),
    F("ssbd-logistic-lipschitz-half", r"\left|\frac{d}{dx}\log(1 + e^{x})\right| \le \frac{1}{2}",
      lambda m, x: (m.Abs(m.diff(lambda s: m.log(1 + m.exp(s)), x)), "<=", m.R(1, 2)), "x",
      f"{SS} §12.1.2 (the smoothness constant's neighbour)", "transcendental", {"x": 1}),
    # BCN §4
    T("bcn-lemma42-step", r"\nabla F(w_k)^\top(w_{k+1} - w_k) + \frac{1}{2}L\|w_{k+1} - w_k\|_2^2 = "
      r"-\alpha_k\nabla F(w_k)^\top g_k + \frac{1}{2}\alpha_k^2 L\|g_k\|_2^2",
      lambda m, a, L, gF, g: (m.dot(gF, -a * g) + L / 2 * m.nsq(-a * g), "=", -a * m.dot(gF, g) + a**2 * L / 2 * m.nsq(g)),
      "a L gF:vec g:vec", f"{BCN} §4.1 (proof of Lemma 4.2)", "vector",
      assume=r"w_{k+1} = w_k - \alpha_k g_k", vectors="w_k,g_k"),
    F("bcn-lemma42-step-half", r"\nabla F(w_k)^\top(w_{k+1} - w_k) + \frac{1}{2}L\|w_{k+1} - w_k\|_2^2 = "
      r"-\alpha_k\nabla F(w_k)^\top g_k + \alpha_k^2 L\|g_k\|_2^2",
      lambda m, a, L, gF, g: (m.dot(gF, -a * g) + L / 2 * m.nsq(-a * g), "=", -a * m.dot(gF, g) + a**2 * L * m.nsq(g)),
      "a L gF:vec g:vec", f"{BCN} §4.1 (dropped 1/2)", "vector", {"a": 1, "L": 1, "gF": [0], "g": [1]},
      assume=r"w_{k+1} = w_k - \alpha_k g_k", vectors="w_k,g_k"),
    T("bcn-thm46-fixed-point", r"(1 - \bar{\alpha} c\mu)\frac{\bar{\alpha} L M}{2c\mu} + \frac{\bar{\alpha}^2 L M}{2} = "
      r"\frac{\bar{\alpha} L M}{2c\mu}",
      lambda m, a, c, mu, L, M: ((1 - a * c * mu) * a * L * M / (2 * c * mu) + a**2 * L * M / 2, "=", a * L * M / (2 * c * mu)),
      "a:pos c:pos mu:pos L:pos M:pos", f"{BCN} §4.2 Theorem 4.6 (the limit of the expected gap)", "rational",
      assume=[r"\bar{\alpha}, c, \mu, L, M > 0"]),
    F("bcn-thm46-fixed-point-half", r"(1 - \bar{\alpha} c\mu)\frac{\bar{\alpha} L M}{c\mu} + \frac{\bar{\alpha}^2 L M}{2} = "
      r"\frac{\bar{\alpha} L M}{c\mu}",
      lambda m, a, c, mu, L, M: ((1 - a * c * mu) * a * L * M / (c * mu) + a**2 * L * M / 2, "=", a * L * M / (c * mu)),
      "a:pos c:pos mu:pos L:pos M:pos", f"{BCN} §4.2 Theorem 4.6 (limit without the 1/2)", "rational",
      {"a": 1, "c": 1, "mu": 1, "L": 1, "M": 1}, assume=[r"\bar{\alpha}, c, \mu, L, M > 0"]),
    T("bcn-thm46-step", r"\mu - \frac{1}{2}\bar{\alpha} L M_G \ge \frac{1}{2}\mu",
      lambda m, a, mu, L, MG: (mu - a * L * MG / 2, ">=", mu / 2), "a:pos mu:pos L:pos MG:pos",
      f"{BCN} §4.2 Theorem 4.6 (4.19 with 0 < alpha <= mu/(L M_G))", "rational", "alpha L M_G <= mu",
      hyps=lambda m, a, mu, L, MG: [a <= mu / (L * MG)],
      assume=[r"0 < \bar{\alpha} \le \frac{\mu}{L M_G}", r"\mu, L, M_G > 0"]),
    F("bcn-thm46-step-const", r"\mu - \frac{1}{2}\bar{\alpha} L M_G \ge \frac{3}{4}\mu",
      lambda m, a, mu, L, MG: (mu - a * L * MG / 2, ">=", 3 * mu / 4), "a:pos mu:pos L:pos MG:pos",
      f"{BCN} §4.2 Theorem 4.6 (wrong constant)", "rational", {"a": 1, "mu": 1, "L": 1, "MG": 1},
      hyps=lambda m, a, mu, L, MG: [a <= mu / (L * MG)],
      assume=[r"0 < \bar{\alpha} \le \frac{\mu}{L M_G}", r"\mu, L, M_G > 0"]),
    T("bcn-thm47-induction", r"\left(1 - \frac{\beta c\mu}{\hat{k}}\right)\frac{\nu}{\hat{k}} + \frac{\beta^2 L M}{2\hat{k}^2} "
      r"\le \frac{\nu}{\hat{k} + 1}",
      lambda m, b, c, mu, L, M, nu, k: ((1 - b * c * mu / k) * nu / k + b**2 * L * M / (2 * k**2), "<=", nu / (k + 1)),
      "b:pos c:pos mu:pos L:pos M:pos nu:pos k:pos", f"{BCN} §4.2 Theorem 4.7 (induction step, k-hat = gamma + k)",
      "rational", "= (k - 1) nu / k^2 - ((beta c mu - 1) nu - beta^2 L M / 2)/k^2 <= (k - 1) nu / k^2 <= nu/(k + 1)",
      hyps=_bcn_hyps, assume=[r"\hat{k} \ge 1", r"\beta c\mu > 1", r"\nu \ge \frac{\beta^2 L M}{2(\beta c\mu - 1)}",
                              r"\beta, c, \mu, L, M > 0"]),
    F("bcn-thm47-induction-square", r"\left(1 - \frac{\beta c\mu}{\hat{k}}\right)\frac{\nu}{\hat{k}} + \frac{\beta^2 L M}{2\hat{k}} "
      r"\le \frac{\nu}{\hat{k} + 1}",
      lambda m, b, c, mu, L, M, nu, k: ((1 - b * c * mu / k) * nu / k + b**2 * L * M / (2 * k), "<=", nu / (k + 1)),
      "b:pos c:pos mu:pos L:pos M:pos nu:pos k:pos", f"{BCN} §4.2 Theorem 4.7 (dropped square on k-hat)",
      "rational", {"b": 2, "c": 1, "mu": 1, "L": 1, "M": 1, "nu": 2, "k": 2},
      hyps=_bcn_hyps, assume=[r"\hat{k} \ge 1", r"\beta c\mu > 1", r"\nu \ge \frac{\beta^2 L M}{2(\beta c\mu - 1)}",
                              r"\beta, c, \mu, L, M > 0"]),
    # Hazan ch. 1-4
    T("hazan-ogd-regret", r"\frac{D^2}{2\eta_T} + \frac{G^2}{2}\cdot 2\frac{D}{G}\sqrt{T} = \frac{3}{2}GD\sqrt{T}",
      lambda m, D, G, T: (D**2 * G * m.sqrt(T) / (2 * D) + G**2 * D * m.sqrt(T) / G, "=", 3 * G * D * m.sqrt(T) / 2),
      "D:pos G:pos T:pos", f"{HZ} §3.1 (proof of Theorem 3.1, eta_t = D/(G sqrt t))", "root",
      assume=[r"\eta_T = \frac{D}{G\sqrt{T}}", r"D, G > 0", r"T \ge 1"]),
    F("hazan-ogd-regret-const", r"\frac{D^2}{2\eta_T} + \frac{G^2}{2}\cdot 2\frac{D}{G}\sqrt{T} = 2GD\sqrt{T}",
      lambda m, D, G, T: (D**2 * G * m.sqrt(T) / (2 * D) + G**2 * D * m.sqrt(T) / G, "=", 2 * G * D * m.sqrt(T)),
      "D:pos G:pos T:pos", f"{HZ} §3.1 (wrong constant)", "root", {"D": 1, "G": 1, "T": 1},
      assume=[r"\eta_T = \frac{D}{G\sqrt{T}}", r"D, G > 0", r"T \ge 1"]),
    T("hazan-ogd-expand", r"\|x_t - \eta_t\nabla_t - x^\star\|^2 = \|x_t - x^\star\|^2 + \eta_t^2\|\nabla_t\|^2 - "
      r"2\eta_t\nabla_t^\top(x_t - x^\star)",
      lambda m, eta, x, xs, g: (m.nsq(x - eta * g - xs), "=", m.nsq(x - xs) + eta**2 * m.nsq(g) - 2 * eta * m.dot(g, x - xs)),
      "eta x:vec xs:vec g:vec", f"{HZ} §3.1 (proof of Theorem 3.1, before the projection)", "vector",
      vectors=[r"x_t", r"x^\star", r"\nabla_t"]),
    F("hazan-ogd-expand-square", r"\|x_t - \eta_t\nabla_t - x^\star\|^2 = \|x_t - x^\star\|^2 + \eta_t\|\nabla_t\|^2 - "
      r"2\eta_t\nabla_t^\top(x_t - x^\star)",
      lambda m, eta, x, xs, g: (m.nsq(x - eta * g - xs), "=", m.nsq(x - xs) + eta * m.nsq(g) - 2 * eta * m.dot(g, x - xs)),
      "eta x:vec xs:vec g:vec", f"{HZ} §3.1 (dropped square on eta)", "vector",
      {"eta": 2, "x": [0], "xs": [0], "g": [1]}, vectors=[r"x_t", r"x^\star", r"\nabla_t"]),
    T("hazan-telescope-sqrt", r"\sum_{t=1}^{T}\left(\sqrt{t} - \sqrt{t - 1}\right) = \sqrt{T}",
      lambda m, T: (m.Sum(lambda t: m.sqrt(t) - m.sqrt(t - 1), 1, T), "=", m.sqrt(T)), "T:int1",
      f"{HZ} §3.1 (1/eta_t - 1/eta_(t-1) telescopes)", "sum", "telescoping, sqrt(0) = 0",
      assume=r"T \in \mathbb{N}, T \ge 1"),
    F("hazan-telescope-sqrt-minus", r"\sum_{t=1}^{T}\left(\sqrt{t} - \sqrt{t - 1}\right) = \sqrt{T} - 1",
      lambda m, T: (m.Sum(lambda t: m.sqrt(t) - m.sqrt(t - 1), 1, T), "=", m.sqrt(T) - 1), "T:int1",
      f"{HZ} §3.1 (telescoped from 1)", "sum", {"T": 1}, assume=r"T \in \mathbb{N}, T \ge 1"),
    T("hazan-sum-rsqrt", r"\sum_{t=1}^{T}\frac{1}{\sqrt{t}} \le 2\sqrt{T} - 1",
      lambda m, T: (m.Sum(lambda t: 1 / m.sqrt(t), 1, T), "<=", 2 * m.sqrt(T) - 1), "T:int1",
      f"{HZ} §3.1 (the sum of the step sizes)", "sum", "1/sqrt(t) <= integral of 1/sqrt(s) over [t - 1, t] for t >= 2",
      assume=r"T \in \mathbb{N}, T \ge 1"),
    F("hazan-sum-rsqrt-const", r"\sum_{t=1}^{T}\frac{1}{\sqrt{t}} \le 2\sqrt{T} - \frac{3}{2}",
      lambda m, T: (m.Sum(lambda t: 1 / m.sqrt(t), 1, T), "<=", 2 * m.sqrt(T) - m.R(3, 2)), "T:int1",
      f"{HZ} §3.1 (wrong constant)", "sum", {"T": 1}, assume=r"T \in \mathbb{N}, T \ge 1"),
    T("hazan-sc-regret-sum", r"\frac{G^2}{2}\sum_{t=1}^{T}\eta_t = \frac{G^2}{2\alpha}\sum_{t=1}^{T}\frac{1}{t}",
      lambda m, G, al, T: (G**2 / 2 * m.Sum(lambda t: 1 / (al * t), 1, T), "=", G**2 / (2 * al) * m.Sum(lambda t: 1 / t, 1, T)),
      "G al:pos T:int1", f"{HZ} §3.3.1 (Theorem 3.3, eta_t = 1/(alpha t))", "sum", "termwise",
      assume=[r"\eta_t = \frac{1}{\alpha t}", r"\alpha > 0", r"T \in \mathbb{N}, T \ge 1"]),
    F("hazan-sc-regret-sum-alpha", r"\frac{G^2}{2}\sum_{t=1}^{T}\eta_t = \frac{G^2\alpha}{2}\sum_{t=1}^{T}\frac{1}{t}",
      lambda m, G, al, T: (G**2 / 2 * m.Sum(lambda t: 1 / (al * t), 1, T), "=", G**2 * al / 2 * m.Sum(lambda t: 1 / t, 1, T)),
      "G al:pos T:int1", f"{HZ} §3.3.1 (alpha in the numerator)", "sum", {"G": 1, "al": 2, "T": 1},
      assume=[r"\eta_t = \frac{1}{\alpha t}", r"\alpha > 0", r"T \in \mathbb{N}, T \ge 1"]),
    T("hazan-one-minus-gamma", r"(1 - \gamma)^t \le e^{-\gamma t}",
      lambda m, g, t: ((1 - g) ** t, "<=", m.exp(-g * t)), "g:unitc t:nat", f"{HZ} §2.3 (linear rate as exp(-gamma t))",
      "transcendental", "1 - gamma <= e^{-gamma} and both are >= 0", assume=[r"\gamma \in [0, 1]", r"t \in \mathbb{N}"]),
    F("hazan-one-minus-gamma-const", r"(1 - \gamma)^t \le e^{-2\gamma t}",
      lambda m, g, t: ((1 - g) ** t, "<=", m.exp(-2 * g * t)), "g:unitc t:nat", f"{HZ} §2.3 (factor 2 in the exponent)",
      "transcendental", {"g": Fraction(1, 2), "t": 1},
      assume=[r"\gamma \in [0, 1]", r"t \in \mathbb{N}"]),
    T("hazan-hedge-exp", r"e^{-x} \le 1 - x + x^2",
      lambda m, x: (m.exp(-x), "<=", 1 - x + x**2), "x:nn", f"{HZ} §1.3.3 (analysis of Hedge)", "transcendental",
      "e^{-x} <= 1 - x + x^2/2 for x >= 0 (Taylor with a negative third-order remainder)", assume=r"x \ge 0"),
    F("hazan-hedge-exp-linear", r"e^{-x} \le 1 - x",
      lambda m, x: (m.exp(-x), "<=", 1 - x), "x:nn", f"{HZ} §1.3.3 (flipped linear bound)", "transcendental", {"x": 1},
      assume=r"x \ge 0"),
    T("hazan-expconcave-log", r"-\log(1 - x) \ge x + \frac{x^2}{4}",
      lambda m, x: (-m.log(1 - x), ">=", x + x**2 / 4), "x", f"{HZ} §4.2 (proof of Lemma 4.3, |x| <= 1/4)",
      "transcendental", "-log(1 - x) - x - x^2/4 = x^2/4 + x^3/3 + ... >= x^2(1/4 - |x|/3 - ...) > 0 for |x| <= 1/4",
      hyps=lambda m, x: [x >= -m.R(1, 4), x <= m.R(1, 4)], assume=r"-\frac{1}{4} \le x \le \frac{1}{4}"),
    F("hazan-expconcave-log-const", r"-\log(1 - x) \ge x + \frac{x^2}{2}",
      lambda m, x: (-m.log(1 - x), ">=", x + x**2 / 2), "x", f"{HZ} §4.2 (constant 1/2: false for x < 0)",
      "transcendental", {"x": Fraction(-1, 4)},
      hyps=lambda m, x: [x >= -m.R(1, 4), x <= m.R(1, 4)], assume=r"-\frac{1}{4} \le x \le \frac{1}{4}"),
    T("hazan-ons-logdet", r"\frac{v^2}{a + v^2} \le \log\frac{a + v^2}{a}",
      lambda m, a, v: (v**2 / (a + v**2), "<=", m.log((a + v**2) / a)), "a:pos v",
      f"{HZ} §4.4 (Lemma 4.6 in one dimension: v^T A_t^-1 v <= log(|A_t|/|A_t-1|))", "transcendental",
      "1 - 1/z <= log z with z = (a + v^2)/a", assume=r"a > 0"),
    F("hazan-ons-logdet-before", r"\frac{v^2}{a} \le \log\frac{a + v^2}{a}",
      lambda m, a, v: (v**2 / a, "<=", m.log((a + v**2) / a)), "a:pos v",
      f"{HZ} §4.4 (A_(t-1) in place of A_t)", "transcendental", {"a": 1, "v": 1}, assume=r"a > 0"),
    # DHS the AdaGrad sum lemma (JMLR 2011, Lemma 4), T = 2, and its one-step inequality
    T("dhs-sum-lemma-T2", r"\frac{g_1^2}{\sqrt{g_1^2}} + \frac{g_2^2}{\sqrt{g_1^2 + g_2^2}} \le 2\sqrt{g_1^2 + g_2^2}",
      lambda m, g1, g2: (g1**2 / m.sqrt(g1**2) + g2**2 / m.sqrt(g1**2 + g2**2), "<=", 2 * m.sqrt(g1**2 + g2**2)),
      "g1:pos g2", "Duchi, Hazan & Singer 2011 §4 (Lemma 4 with T = 2)", "root",
      "|g_1| + g_2^2/s <= 2 s with s = sqrt(g_1^2 + g_2^2): |g_1| <= s and g_2^2/s <= s", assume=r"g_1 > 0"),
    F("dhs-sum-lemma-T2-const", r"\frac{g_1^2}{\sqrt{g_1^2}} + \frac{g_2^2}{\sqrt{g_1^2 + g_2^2}} \le \sqrt{g_1^2 + g_2^2}",
      lambda m, g1, g2: (g1**2 / m.sqrt(g1**2) + g2**2 / m.sqrt(g1**2 + g2**2), "<=", m.sqrt(g1**2 + g2**2)),
      "g1:pos g2", "Duchi, Hazan & Singer 2011 §4 (Lemma 4 without the 2)", "root", {"g1": 1, "g2": 1},
      assume=r"g_1 > 0"),
    T("dhs-sum-step", r"\frac{x}{\sqrt{s + x}} \le 2\left(\sqrt{s + x} - \sqrt{s}\right)",
      lambda m, s, x: (x / m.sqrt(s + x), "<=", 2 * (m.sqrt(s + x) - m.sqrt(s))), "s:nn x:pos",
      "Duchi, Hazan & Singer 2011 §4 (the induction step of Lemma 4)", "root",
      "2(sqrt(s + x) - sqrt s) = 2x/(sqrt(s + x) + sqrt s) >= x/sqrt(s + x)", assume=[r"s \ge 0", r"x > 0"]),
    F("dhs-sum-step-const", r"\frac{x}{\sqrt{s + x}} \le \sqrt{s + x} - \sqrt{s}",
      lambda m, s, x: (x / m.sqrt(s + x), "<=", m.sqrt(s + x) - m.sqrt(s)), "s:nn x:pos",
      "Duchi, Hazan & Singer 2011 §4 (dropped 2)", "root", {"s": 1, "x": 1}, assume=[r"s \ge 0", r"x > 0"]),
    # NJLS §2.2 constant stepsize policy
    T("njls-const-step", r"\frac{D_X^2 + M^2\gamma^2 N}{2\gamma N} = \frac{D_X M}{\sqrt{N}}",
      lambda m, D, M, N: ((D**2 + M**2 * (D / (M * m.sqrt(N))) ** 2 * N) / (2 * D / (M * m.sqrt(N)) * N), "=",
                          D * M / m.sqrt(N)),
      "D:pos M:pos N:pos", "Nemirovski, Juditsky, Lan & Shapiro 2009 §2.2 (gamma = D_X/(M sqrt N))", "root",
      assume=[r"\gamma = \frac{D_X}{M\sqrt{N}}", r"D_X, M > 0", r"N \ge 1"]),
    F("njls-const-step-half", r"\frac{D_X^2 + M^2\gamma^2 N}{2\gamma N} = \frac{D_X M}{2\sqrt{N}}",
      lambda m, D, M, N: ((D**2 + M**2 * (D / (M * m.sqrt(N))) ** 2 * N) / (2 * D / (M * m.sqrt(N)) * N), "=",
                          D * M / (2 * m.sqrt(N))),
      "D:pos M:pos N:pos", "Nemirovski, Juditsky, Lan & Shapiro 2009 §2.2 (spurious 1/2)", "root",
      {"D": 1, "M": 1, "N": 1}, assume=[r"\gamma = \frac{D_X}{M\sqrt{N}}", r"D_X, M > 0", r"N \ge 1"]),
    # SVRG rate with eta = 1/(10L), m = 50 L/mu
    T("jz-svrg-rate", r"\frac{1}{\mu\eta(1 - 2L\eta)m} + \frac{2L\eta}{1 - 2L\eta} = \frac{1}{2}",
      lambda mm, mu, L: (1 / (mu / (10 * L) * (1 - 2 * L / (10 * L)) * 50 * L / mu) + 2 * L / (10 * L) / (1 - 2 * L / (10 * L)),
                         "=", mm.R(1, 2)),
      "mu:pos L:pos", "Johnson & Zhang 2013 Theorem 1 (eta = 0.1/L, m = 50 L/mu gives alpha = 1/2)", "rational",
      assume=[r"\eta = \frac{1}{10L}", r"m = \frac{50L}{\mu}", r"\mu, L > 0"]),
    F("jz-svrg-rate-const", r"\frac{1}{\mu\eta(1 - 2L\eta)m} + \frac{2L\eta}{1 - 2L\eta} = \frac{1}{4}",
      lambda mm, mu, L: (1 / (mu / (10 * L) * (1 - 2 * L / (10 * L)) * 50 * L / mu) + 2 * L / (10 * L) / (1 - 2 * L / (10 * L)),
                         "=", mm.R(1, 4)),
      "mu:pos L:pos", "Johnson & Zhang 2013 Theorem 1 (wrong value)", "rational", {"mu": 1, "L": 1},
      assume=[r"\eta = \frac{1}{10L}", r"m = \frac{50L}{\mu}", r"\mu, L > 0"]),
    # Gower et al. 2019 Prop. 3.8: expected smoothness of b-minibatching without replacement
    T("gower-minibatch-full", r"\frac{n - b}{b(n - 1)}L_{\max} + \frac{n(b - 1)}{b(n - 1)}L = L",
      lambda m, n, Lm, L: ((n - n) / (n * (n - 1)) * Lm + n * (n - 1) / (n * (n - 1)) * L, "=", L),
      "n:pos Lm:pos L:pos", "Gower et al. 2019 §3.3 Proposition 3.8 (full batch b = n)", "rational",
      hyps=lambda m, n, Lm, L: [n >= 2], assume=[r"b = n", r"n \ge 2", r"L_{\max}, L > 0"]),
    F("gower-minibatch-single", r"\frac{n - b}{b(n - 1)}L_{\max} + \frac{n(b - 1)}{b(n - 1)}L = L",
      lambda m, n, Lm, L: ((n - 1) / (n - 1) * Lm + 0 * L, "=", L),
      "n:pos Lm:pos L:pos", "Gower et al. 2019 §3.3 Proposition 3.8 (b = 1 gives L_max, not L)", "rational",
      {"n": 2, "Lm": 2, "L": 1}, hyps=lambda m, n, Lm, L: [n >= 2], assume=[r"b = 1", r"n \ge 2", r"L_{\max}, L > 0"]),
]
