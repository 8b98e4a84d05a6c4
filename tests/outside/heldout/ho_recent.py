"""Held-out claims (never tuned to) from papers on deep-learning optimizers: Sutskever, Martens, Dahl & Hinton,
"On the importance of initialization and momentum in deep learning", ICML 2013 §2 [SMDH]; Ward, Wu & Bottou,
"AdaGrad stepsizes", ICML 2019 §2 (AdaGrad-Norm) [WWB]; Nesterov & Polyak, "Cubic regularization of Newton method",
Math. Prog. 108, 2006 §2 [NP]; Foret, Kleiner, Mobahi & Neyshabur, "Sharpness-Aware Minimization", ICLR 2021 §2
[SAM]; Pascanu, Mikolov & Bengio, "On the difficulty of training RNNs", ICML 2013 §3.2 (gradient clipping) [PMB];
Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019 §2 Proposition 1 [LH]; Kivinen & Warmuth,
"Exponentiated gradient versus gradient descent", Inf. Comput. 132, 1997 [KW]."""

from __future__ import annotations

from fractions import Fraction

from entry import F, T

__all__ = ["CLAIMS"]

SM = "Sutskever et al. 2013"
WWB = "Ward, Wu & Bottou 2019"
NP = "Nesterov & Polyak 2006"
SAM = "Foret et al. 2021"
PMB = "Pascanu, Mikolov & Bengio 2013"
LH = "Loshchilov & Hutter 2019"


def _clip(m, c, g):
    return m.min(1, c / m.norm(g)) * g


CLAIMS = [
    T("smdh-nag-quadratic", r"\mu v - \epsilon\lambda(\theta + \mu v) = \mu(1 - \epsilon\lambda)v - \epsilon\lambda\theta",
      lambda m, mu, eps, lam, th, v: (mu * v - eps * lam * (th + mu * v), "=", mu * (1 - eps * lam) * v - eps * lam * th),
      "mu eps lam th v", f"{SM} §2.1 (NAG on a quadratic is momentum with mu(1 - epsilon lambda))", "polynomial"),
    F("smdh-nag-quadratic-sign", r"\mu v - \epsilon\lambda(\theta + \mu v) = \mu(1 + \epsilon\lambda)v - \epsilon\lambda\theta",
      lambda m, mu, eps, lam, th, v: (mu * v - eps * lam * (th + mu * v), "=", mu * (1 + eps * lam) * v - eps * lam * th),
      "mu eps lam th v", f"{SM} §2.1 (sign)", "polynomial", {"mu": 1, "eps": 1, "lam": 1, "th": 0, "v": 1}),
    T("wwb-adagrad-norm", r"\sqrt{b_j^2 + \|g_j\|^2} \le b_j + \|g_j\|",
      lambda m, b, g: (m.sqrt(b**2 + m.nsq(g)), "<=", b + m.norm(g)), "b:pos g:vec",
      f"{WWB} §2 (AdaGrad-Norm: b_(j+1) grows by at most ||g_j||)", "vector", "square both sides: 0 <= 2 b ||g||",
      assume=r"b_j > 0", vectors="g_j"),
    F("wwb-adagrad-norm-square", r"\sqrt{b_j^2 + \|g_j\|^2} \le b_j + \|g_j\|^2",
      lambda m, b, g: (m.sqrt(b**2 + m.nsq(g)), "<=", b + m.nsq(g)), "b:pos g:vec",
      f"{WWB} §2 (squared norm in place of the norm)", "vector", {"b": Fraction(1, 4), "g": [Fraction(1, 2)]},
      assume=r"b_j > 0", vectors="g_j"),
    T("np-cubic-stationary", r"g + \frac{M}{2}\left(\sqrt{\frac{-2g}{M}}\right)^2 = 0",
      lambda m, g, M: (g + M / 2 * m.sqrt(-2 * g / M) ** 2, "=", 0), "g:neg M:pos",
      f"{NP} §2 (the cubic model g h + M h^3/6 is stationary at h = sqrt(-2g/M))", "root",
      assume=[r"g < 0", r"M > 0"]),
    F("np-cubic-stationary-const", r"g + \frac{M}{6}\left(\sqrt{\frac{-2g}{M}}\right)^2 = 0",
      lambda m, g, M: (g + M / 6 * m.sqrt(-2 * g / M) ** 2, "=", 0), "g:neg M:pos",
      f"{NP} §2 (the model's coefficient in place of its derivative's)", "root", {"g": -1, "M": 1},
      assume=[r"g < 0", r"M > 0"]),
    T("sam-first-order", r"\left\langle \nabla L(w), \rho\frac{\nabla L(w)}{\|\nabla L(w)\|_2}\right\rangle = \rho\|\nabla L(w)\|_2",
      lambda m, rho, g: (m.dot(g, rho * g / m.norm(g)), "=", rho * m.norm(g)), "rho:pos g:vec",
      f"{SAM} §2 (2): the inner maximization to first order", "vector", "||g||^2/||g|| = ||g||",
      assume=r"\rho > 0", vectors="w"),
    F("sam-first-order-square", r"\left\langle \nabla L(w), \rho\frac{\nabla L(w)}{\|\nabla L(w)\|_2}\right\rangle = \rho\|\nabla L(w)\|_2^2",
      lambda m, rho, g: (m.dot(g, rho * g / m.norm(g)), "=", rho * m.nsq(g)), "rho:pos g:vec",
      f"{SAM} §2 (spurious square)", "vector", {"rho": 1, "g": [2]}, assume=r"\rho > 0", vectors="w"),
    T("pmb-clip-norm", r"\left\|\min\left(1, \frac{c}{\|g\|}\right) g\right\| \le c",
      lambda m, c, g: (m.norm(_clip(m, c, g)), "<=", c), "c:pos g:vec",
      f"{PMB} §3.2 (Algorithm 2: the clipped gradient has norm at most the threshold)", "vector",
      "min(1, c/||g||) ||g|| = min(||g||, c)", assume=r"c > 0", vectors="g"),
    T("pmb-clip-min", r"\min\left(1, \frac{c}{\|g\|}\right)\|g\| = \min(\|g\|, c)",
      lambda m, c, g: (m.min(1, c / m.norm(g)) * m.norm(g), "=", m.min(m.norm(g), c)), "c:pos g:vec",
      f"{PMB} §3.2 (the clipped norm)", "vector", "multiply both arguments of min by ||g|| > 0",
      assume=r"c > 0", vectors="g"),
    F("pmb-clip-power", r"\left\|\frac{c}{\|g\|^2} g\right\| = c",
      lambda m, c, g: (m.norm(c / m.nsq(g) * g), "=", c), "c:pos g:vec",
      f"{PMB} §3.2 (rescaling by ||g||^2)", "vector", {"c": 1, "g": [2]}, assume=r"c > 0", vectors="g"),
    T("lh-l2-equals-decay", r"\theta_t - \alpha\left(g_t + \frac{\lambda}{\alpha}\theta_t\right) = (1 - \lambda)\theta_t - \alpha g_t",
      lambda m, al, lam, th, g: (th - al * (g + lam / al * th), "=", (1 - lam) * th - al * g), "al:pos lam th:vec g:vec",
      f"{LH} §2 Proposition 1 (for SGD, L2 with lambda' = lambda/alpha is weight decay)", "vector",
      assume=r"\alpha > 0", vectors=[r"\theta_t", "g_t"]),
    F("lh-l2-equals-decay-alpha", r"\theta_t - \alpha\left(g_t + \lambda\theta_t\right) = (1 - \lambda)\theta_t - \alpha g_t",
      lambda m, al, lam, th, g: (th - al * (g + lam * th), "=", (1 - lam) * th - al * g), "al:pos lam th:vec g:vec",
      f"{LH} §2 Proposition 1 (lambda' = lambda, without 1/alpha)", "vector",
      {"al": 2, "lam": 1, "th": [1], "g": [0]}, assume=r"\alpha > 0", vectors=[r"\theta_t", "g_t"]),
    T("kw-eg-normalized", r"\frac{w_1 e^{-\eta g_1}}{w_1 e^{-\eta g_1} + w_2 e^{-\eta g_2}} + "
      r"\frac{w_2 e^{-\eta g_2}}{w_1 e^{-\eta g_1} + w_2 e^{-\eta g_2}} = 1",
      lambda m, w1, w2, eta, g1, g2: (w1 * m.exp(-eta * g1) / (w1 * m.exp(-eta * g1) + w2 * m.exp(-eta * g2))
                                      + w2 * m.exp(-eta * g2) / (w1 * m.exp(-eta * g1) + w2 * m.exp(-eta * g2)), "=", 1),
      "w1:pos w2:pos eta g1 g2", "Kivinen & Warmuth 1997 §3 (the EG update stays on the simplex)", "transcendental",
      assume=[r"w_1, w_2 > 0"]),
]
