"""Held-out claims (never tuned to): Bertsekas, "Nonlinear Programming" (3rd ed. 2016) §1.2-§1.3, §2.1 [Bert];
Wright & Recht, "Optimization for Data Analysis" (2022) ch. 2, 3, 5 [WR]; Murphy, "Probabilistic Machine Learning:
An Introduction" (2022) ch. 8 [Murphy]; Karimi, Nutini & Schmidt, "Linear Convergence of Gradient and
Proximal-Gradient Methods under the Polyak-Lojasiewicz Condition", ECML 2016 Thm 1 [KNS]; S. J. Wright,
"Coordinate Descent Algorithms", Math. Programming 151, 2015 §3 [Wright CD]; Garrigos & Gower, "Handbook of
Convergence Theorems for (Stochastic) Gradient Methods" (2023) §2-§3 [GG]."""

from __future__ import annotations

from fractions import Fraction

from entry import F, T

__all__ = ["CLAIMS"]

BE = "Bertsekas 2016"
WR = "Wright & Recht 2022"
MU = "Murphy 2022"
GG = "Garrigos & Gower 2023"


def _q(m, x, A, y):
    return (x.T * A * y)[0, 0]


def _armijo(m, c, a, s, x):
    return (c / 2 * (x - a * c * x) ** 2 - c / 2 * x**2, "<=", -s * a * c**2 * x**2)


def _sd_exact(m, Q, x, sq):
    g = Q * x
    a = m.nsq(g) / _q(m, g, Q, g)
    y = x - a * g
    num = m.nsq(g) ** 2 if sq else m.nsq(g)
    return (_q(m, y, Q, y) / 2, "=", (1 - num / (_q(m, g, Q, g) * _q(m, g, m.inv(Q), g))) * _q(m, x, Q, x) / 2)


def _proj(m, x):
    return m.max(0, m.min(1, x))


def _kacz(m, a, x, xs, p):
    b = m.dot(a, xs)
    x1 = x - (m.dot(a, x) - b) / m.nsq(a) * a
    return (m.nsq(x1 - xs), "=", m.nsq(x - xs) - (m.dot(a, x) - b) ** 2 / m.nsq(a) ** p)


def _pl_hyps(m, a, b, fs, G, mu, L):
    return [a <= b - G / (2 * L), G / 2 >= mu * (b - fs), mu <= L]


CLAIMS = [
    # Bertsekas §1.2 the Armijo rule on f(x) = (c/2) x^2
    T("bert-armijo-quadratic", r"\frac{c}{2}(x - \alpha c x)^2 - \frac{c}{2}x^2 \le -\sigma\alpha c^2 x^2",
      lambda m, c, a, s, x: _armijo(m, c, a, s, x), "c:pos a:pos s:unit x", f"{BE} §1.2 (Armijo rule, d = -f'(x))",
      "rational", "the left side is c^2 x^2 alpha (alpha c - 2)/2 and alpha c - 2 <= -2 sigma",
      hyps=lambda m, c, a, s, x: [a <= 2 * (1 - s) / c],
      assume=[r"0 < \alpha \le \frac{2(1 - \sigma)}{c}", r"0 < \sigma < 1", r"c > 0"]),
    F("bert-armijo-quadratic-range", r"\frac{c}{2}(x - \alpha c x)^2 - \frac{c}{2}x^2 \le -\sigma\alpha c^2 x^2",
      lambda m, c, a, s, x: _armijo(m, c, a, s, x), "c:pos a:pos s:unit x", f"{BE} §1.2 (sigma left out of the range)",
      "rational", {"c": 1, "a": 2, "s": Fraction(1, 2), "x": 1}, hyps=lambda m, c, a, s, x: [a <= 2 / c],
      assume=[r"0 < \alpha \le \frac{2}{c}", r"0 < \sigma < 1", r"c > 0"]),
    T("bert-goldstein-ratio", r"\frac{\frac{c}{2}(x - \alpha c x)^2 - \frac{c}{2}x^2}{-\alpha c^2 x^2} = 1 - \frac{\alpha c}{2}",
      lambda m, c, a, x: ((c / 2 * (x - a * c * x) ** 2 - c / 2 * x**2) / (-a * c**2 * x**2), "=", 1 - a * c / 2),
      "c:pos a:pos x:pos", f"{BE} §1.2 (Goldstein rule ratio on a quadratic)", "rational",
      assume=[r"\alpha > 0", r"c > 0", r"x \ne 0"]),
    F("bert-goldstein-ratio-half", r"\frac{\frac{c}{2}(x - \alpha c x)^2 - \frac{c}{2}x^2}{-\alpha c^2 x^2} = 1 - \alpha c",
      lambda m, c, a, x: ((c / 2 * (x - a * c * x) ** 2 - c / 2 * x**2) / (-a * c**2 * x**2), "=", 1 - a * c),
      "c:pos a:pos x:pos", f"{BE} §1.2 (dropped 1/2)", "rational", {"c": 1, "a": 1, "x": 1},
      assume=[r"\alpha > 0", r"c > 0", r"x \ne 0"]),
    T("bert-sd-exact", r"\frac{1}{2}(x - \alpha g)^\top Q (x - \alpha g) = \left(1 - \frac{(g^\top g)^2}{(g^\top Q g)(g^\top Q^{-1} g)}\right)\frac{1}{2}x^\top Q x",
      lambda m, Q, x: _sd_exact(m, Q, x, True), "Q:spd x:vec", f"{BE} §1.3 (steepest descent with exact line search)",
      "matrix", "f(x - alpha g) = f(x) - (g^T g)^2/(2 g^T Q g) and f(x) = g^T Q^{-1} g / 2 for g = Q x", numeric=True,
      assume=[r"g = Qx", r"\alpha = \frac{g^\top g}{g^\top Q g}"], vectors="x,g", positive_definite="Q"),
    F("bert-sd-exact-square", r"\frac{1}{2}(x - \alpha g)^\top Q (x - \alpha g) = \left(1 - \frac{g^\top g}{(g^\top Q g)(g^\top Q^{-1} g)}\right)\frac{1}{2}x^\top Q x",
      lambda m, Q, x: _sd_exact(m, Q, x, False), "Q:spd x:vec", f"{BE} §1.3 (dropped square)", "matrix",
      {"Q": [[2]], "x": [1]},
      assume=[r"g = Qx", r"\alpha = \frac{g^\top g}{g^\top Q g}"], vectors="x,g", positive_definite="Q"),
    T("bert-kantorovich", r"1 - \frac{4Mm}{(M + m)^2} = \left(\frac{M - m}{M + m}\right)^2",
      lambda mm, M, m: (1 - 4 * M * m / (M + m) ** 2, "=", ((M - m) / (M + m)) ** 2), "M:pos m:pos",
      f"{BE} §1.3 (rate from the Kantorovich inequality)", "rational", assume=[r"0 < m \le M"],
      hyps=lambda mm, M, m: [m <= M]),
    F("bert-kantorovich-square", r"1 - \frac{4Mm}{(M + m)^2} = \frac{M - m}{M + m}",
      lambda mm, M, m: (1 - 4 * M * m / (M + m) ** 2, "=", (M - m) / (M + m)), "M:pos m:pos",
      f"{BE} §1.3 (dropped square)", "rational", {"M": 3, "m": 1}, assume=[r"0 < m \le M"],
      hyps=lambda mm, M, m: [m <= M]),
    T("bert-box-projection", r"\max\{0, \min\{1, x\}\} = \min\{1, \max\{0, x\}\}",
      lambda m, x: (m.max(0, m.min(1, x)), "=", m.min(1, m.max(0, x))), "x", f"{BE} §2.1 (projection onto [0, 1])",
      "minmax", "cases x < 0, 0 <= x <= 1, x > 1"),
    F("bert-box-projection-swap", r"\max\{0, \min\{1, x\}\} = \min\{0, \max\{1, x\}\}",
      lambda m, x: (m.max(0, m.min(1, x)), "=", m.min(0, m.max(1, x))), "x", f"{BE} §2.1 (bounds swapped)",
      "minmax", {"x": Fraction(1, 2)}),
    T("bert-projection-angle", r"(x - \max\{0, \min\{1, x\}\})(y - \max\{0, \min\{1, x\}\}) \le 0",
      lambda m, x, y: ((x - _proj(m, x)) * (y - _proj(m, x)), "<=", 0), "x y:unitc",
      f"{BE} §2.1 Proposition 2.1.3 (projection theorem on [0, 1])", "minmax",
      "x < 0: (x)(y) <= 0; x > 1: (x - 1)(y - 1) <= 0; else 0", assume=r"0 \le y \le 1"),
    F("bert-projection-angle-flip", r"(x - \max\{0, \min\{1, x\}\})(y - \max\{0, \min\{1, x\}\}) \ge 0",
      lambda m, x, y: ((x - _proj(m, x)) * (y - _proj(m, x)), ">=", 0), "x y:unitc",
      f"{BE} §2.1 (flipped)", "minmax", {"x": 2, "y": 0}, assume=r"0 \le y \le 1"),
    # WR ch. 2, 3, 5
    T("wr-taylor-integral", r"y^3 = x^3 + \int_0^1 3(x + \gamma(y - x))^2(y - x)\,d\gamma",
      lambda m, x, y: (y**3, "=", x**3 + m.integral(lambda g: 3 * (x + g * (y - x)) ** 2 * (y - x), 0, 1)), "x y",
      f"{WR} ch. 2 (Taylor's theorem, integral form, for f(x) = x^3)", "calculus"),
    F("wr-taylor-integral-const", r"y^3 = x^3 + \int_0^1 (x + \gamma(y - x))^2(y - x)\,d\gamma",
      lambda m, x, y: (y**3, "=", x**3 + m.integral(lambda g: (x + g * (y - x)) ** 2 * (y - x), 0, 1)), "x y",
      f"{WR} ch. 2 (derivative 3x^2 taken as x^2)", "calculus", {"x": 0, "y": 1}),
    T("wr-nesterov-factor", r"\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1} \le 1 - \frac{1}{\sqrt{\kappa}}",
      lambda m, k: ((m.sqrt(k) - 1) / (m.sqrt(k) + 1), "<=", 1 - 1 / m.sqrt(k)), "k:pos",
      f"{WR} ch. 4 (momentum parameter vs the accelerated rate)", "root", "s = sqrt(kappa) >= 1: (s - 1)/(s + 1) <= (s - 1)/s",
      hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    F("wr-nesterov-factor-flip", r"\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1} \ge 1 - \frac{1}{\sqrt{\kappa}}",
      lambda m, k: ((m.sqrt(k) - 1) / (m.sqrt(k) + 1), ">=", 1 - 1 / m.sqrt(k)), "k:pos",
      f"{WR} ch. 4 (flipped)", "root", {"k": 4}, hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    T("wr-sgd-contraction", r"1 - 2\alpha\mu + \alpha^2 L^2 \le 1 - \alpha\mu",
      lambda m, a, mu, L: (1 - 2 * a * mu + a**2 * L**2, "<=", 1 - a * mu), "a:pos mu:pos L:pos",
      f"{WR} ch. 5 (SGD on a strongly convex function, alpha <= mu/L^2)", "polynomial", "alpha L^2 <= mu",
      hyps=lambda m, a, mu, L: [a <= mu / L**2, mu <= L], assume=[r"0 < \alpha \le \frac{\mu}{L^2}", r"0 < \mu \le L"]),
    F("wr-sgd-contraction-range", r"1 - 2\alpha\mu + \alpha^2 L^2 \le 1 - \alpha\mu",
      lambda m, a, mu, L: (1 - 2 * a * mu + a**2 * L**2, "<=", 1 - a * mu), "a:pos mu:pos L:pos",
      f"{WR} ch. 5 (step bound 2 mu/L^2 too large)", "polynomial", {"a": 2, "mu": 1, "L": 1},
      hyps=lambda m, a, mu, L: [a <= 2 * mu / L**2, mu <= L],
      assume=[r"0 < \alpha \le \frac{2\mu}{L^2}", r"0 < \mu \le L"]),
    T("wr-kaczmarz-solves", r"a_i^\top\left(x_k - \frac{a_i^\top x_k - b_i}{\|a_i\|^2}a_i\right) = b_i",
      lambda m, a, x, b: (m.dot(a, x - (m.dot(a, x) - b) / m.nsq(a) * a), "=", b), "a:vec x:vec b",
      f"{WR} ch. 5 (randomized Kaczmarz: the step solves the sampled equation)", "vector", vectors="a_i,x_k"),
    F("wr-kaczmarz-solves-square", r"a_i^\top\left(x_k - \frac{a_i^\top x_k - b_i}{\|a_i\|}a_i\right) = b_i",
      lambda m, a, x, b: (m.dot(a, x - (m.dot(a, x) - b) / m.norm(a) * a), "=", b), "a:vec x:vec b",
      f"{WR} ch. 5 (norm not squared)", "vector", {"a": [2], "x": [0], "b": 1}, vectors="a_i,x_k"),
    T("wr-kaczmarz-pythagoras", r"\|x_{k+1} - x^*\|^2 = \|x_k - x^*\|^2 - \frac{(a_i^\top x_k - b_i)^2}{\|a_i\|^2}",
      lambda m, a, x, xs: _kacz(m, a, x, xs, 1), "a:vec x:vec xs:vec", f"{WR} ch. 5 (Kaczmarz: one projection)",
      "vector", assume=[r"x_{k+1} = x_k - \frac{a_i^\top x_k - b_i}{\|a_i\|^2}a_i", r"b_i = a_i^\top x^*"],
      vectors="a_i,x_k"),
    F("wr-kaczmarz-pythagoras-power", r"\|x_{k+1} - x^*\|^2 = \|x_k - x^*\|^2 - \frac{(a_i^\top x_k - b_i)^2}{\|a_i\|^4}",
      lambda m, a, x, xs: _kacz(m, a, x, xs, 2), "a:vec x:vec xs:vec", f"{WR} ch. 5 (wrong power)", "vector",
      {"a": [2], "x": [1], "xs": [0]},
      assume=[r"x_{k+1} = x_k - \frac{a_i^\top x_k - b_i}{\|a_i\|^2}a_i", r"b_i = a_i^\top x^*"], vectors="a_i,x_k"),
    T("wr-pd-bilinear", r"x^\top A y \le \frac{1}{2}\left(x^\top A x + y^\top A y\right)",
      lambda m, A, x, y: (_q(m, x, A, y), "<=", (_q(m, x, A, x) + _q(m, y, A, y)) / 2), "A:spd x:vec y:vec",
      f"{WR} ch. 2 (Young's inequality in the A-inner product)", "matrix", "(x - y)^T A (x - y) >= 0, A symmetric",
      vectors="x,y", positive_definite="A"),
    F("wr-pd-bilinear-nopd", r"x^\top A y \le \frac{1}{2}\left(x^\top A x + y^\top A y\right)",
      lambda m, A, x, y: (_q(m, x, A, y), "<=", (_q(m, x, A, x) + _q(m, y, A, y)) / 2), "A:mat x:vec y:vec",
      f"{WR} ch. 2 (A positive definite not assumed)", "matrix", {"A": [[-1]], "x": [1], "y": [-1]},
      vectors="x,y", matrices="A"),
    T("wr-linear-iterations", r"c^{\frac{\log(a/\epsilon)}{\log(1/c)}}\, a = \epsilon",
      lambda m, c, a, eps: (c ** (m.log(a / eps) / m.log(1 / c)) * a, "=", eps), "c:unit a:pos eps:pos",
      f"{WR} ch. 3 (iterations of a linear rate c to reach epsilon)", "transcendental",
      "c^(log(a/eps)/log(1/c)) = exp(-log(a/eps)) = eps/a", assume=[r"0 < c < 1", r"a, \epsilon > 0"]),
    F("wr-linear-iterations-sign", r"c^{\frac{\log(a/\epsilon)}{\log c}}\, a = \epsilon",
      lambda m, c, a, eps: (c ** (m.log(a / eps) / m.log(c)) * a, "=", eps), "c:unit a:pos eps:pos",
      f"{WR} ch. 3 (log c for log 1/c)", "transcendental", {"c": Fraction(1, 2), "a": 2, "eps": 1},
      assume=[r"0 < c < 1", r"a, \epsilon > 0"]),
    # Murphy ch. 8
    T("murphy-gd-stable", r"|1 - \eta\lambda| < 1",
      lambda m, eta, lam: (m.Abs(1 - eta * lam), "<", 1), "eta:pos lam:pos",
      f"{MU} §8.2.2 (GD on a quadratic is stable for eta < 2/lambda_max)", "abs", "0 < eta lambda < 2",
      hyps=lambda m, eta, lam: [eta < 2 / lam], assume=[r"0 < \eta < \frac{2}{\lambda}", r"\lambda > 0"]),
    F("murphy-gd-stable-closed", r"|1 - \eta\lambda| < 1",
      lambda m, eta, lam: (m.Abs(1 - eta * lam), "<", 1), "eta:pos lam:pos",
      f"{MU} §8.2.2 (closed interval)", "abs", {"eta": 2, "lam": 1},
      hyps=lambda m, eta, lam: [eta <= 2 / lam], assume=[r"0 < \eta \le \frac{2}{\lambda}", r"\lambda > 0"]),
    T("murphy-running-average", r"\frac{t - 1}{t}\bar{\theta}_{t-1} + \frac{1}{t}\theta_t = "
      r"\bar{\theta}_{t-1} + \frac{1}{t}\left(\theta_t - \bar{\theta}_{t-1}\right)",
      lambda m, t, tb, th: ((t - 1) / t * tb + th / t, "=", tb + (th - tb) / t), "t:pos tb th",
      f"{MU} §8.4 (Polyak-Ruppert iterate averaging, recursive form)", "rational", assume=r"t \ge 1",
      hyps=lambda m, t, tb, th: [t >= 1]),
    F("murphy-running-average-index", r"\frac{t - 1}{t}\bar{\theta}_{t-1} + \frac{1}{t}\theta_t = "
      r"\bar{\theta}_{t-1} + \frac{1}{t - 1}\left(\theta_t - \bar{\theta}_{t-1}\right)",
      lambda m, t, tb, th: ((t - 1) / t * tb + th / t, "=", tb + (th - tb) / (t - 1)), "t:pos tb th",
      f"{MU} §8.4 (1/(t - 1) for 1/t)", "rational", {"t": 2, "tb": 0, "th": 1}, assume=r"t \ge 2",
      hyps=lambda m, t, tb, th: [t >= 2]),
    # KNS 2016 Theorem 1 (PL): one step of gradient descent with step 1/L
    T("kns-pl-rate", r"f(x_{k+1}) - f^* \le \left(1 - \frac{\mu}{L}\right)(f(x_k) - f^*)",
      lambda m, a, b, fs, G, mu, L: (a - fs, "<=", (1 - mu / L) * (b - fs)), "a b fs G:nn mu:pos L:pos",
      "Karimi, Nutini & Schmidt 2016 Theorem 1", "rational", "f(x_{k+1}) <= f(x_k) - G/(2L) <= f(x_k) - (mu/L)(f(x_k) - f^*)",
      hyps=_pl_hyps, assume=[r"f(x_{k+1}) \le f(x_k) - \frac{1}{2L}\|\nabla f(x_k)\|^2",
                              r"\frac{1}{2}\|\nabla f(x_k)\|^2 \ge \mu(f(x_k) - f^*)", r"0 < \mu \le L"], vectors="x_k"),
    F("kns-pl-rate-const", r"f(x_{k+1}) - f^* \le \left(1 - \frac{2\mu}{L}\right)(f(x_k) - f^*)",
      lambda m, a, b, fs, G, mu, L: (a - fs, "<=", (1 - 2 * mu / L) * (b - fs)), "a b fs G:nn mu:pos L:pos",
      "Karimi, Nutini & Schmidt 2016 Theorem 1 (factor 2)", "rational",
      {"a": 0, "b": 1, "fs": 0, "G": 2, "mu": 1, "L": 1},
      hyps=_pl_hyps, assume=[r"f(x_{k+1}) \le f(x_k) - \frac{1}{2L}\|\nabla f(x_k)\|^2",
                              r"\frac{1}{2}\|\nabla f(x_k)\|^2 \ge \mu(f(x_k) - f^*)", r"0 < \mu \le L"], vectors="x_k"),
    # Wright CD 2015 §3 uniform coordinate sampling
    T("wcd-expected-decrease", r"\frac{1}{n}\sum_{i=1}^{n}\frac{g_i^2}{2L_{\max}} = \frac{\|g\|^2}{2nL_{\max}}",
      lambda m, g, L: (m.Sum(lambda i: g[int(i) - 1] ** 2 / (2 * L), 1, g.rows) / g.rows, "=", m.nsq(g) / (2 * g.rows * L)),
      "g:vec L:pos", "Wright 2015 §3 (expected decrease of randomized coordinate descent)", "vector",
      "termwise: sum_i g_i^2 = ||g||^2", numeric=True,
      assume=[r"g \in \mathbb{R}^n", r"L_{\max} > 0"]),
    F("wcd-expected-decrease-n", r"\frac{1}{n}\sum_{i=1}^{n}\frac{g_i^2}{2L_{\max}} = \frac{\|g\|^2}{2L_{\max}}",
      lambda m, g, L: (m.Sum(lambda i: g[int(i) - 1] ** 2 / (2 * L), 1, g.rows) / g.rows, "=", m.nsq(g) / (2 * L)),
      "g:vec L:pos", "Wright 2015 §3 (the 1/n dropped)", "vector", {"g": [1, 1], "L": 1},
      assume=[r"g \in \mathbb{R}^n", r"L_{\max} > 0"]),
    # GG 2023
    T("gg-smooth-gap", r"\frac{a}{2}x^2 \ge \frac{1}{2L}(ax)^2",
      lambda m, a, L, x: (a / 2 * x**2, ">=", (a * x) ** 2 / (2 * L)), "a:pos L:pos x",
      f"{GG} §2 (f - f* >= ||grad f||^2/(2L) for f = (a/2) x^2, a <= L)", "polynomial", "a^2/L <= a",
      hyps=lambda m, a, L, x: [a <= L], assume=[r"0 < a \le L"]),
    F("gg-smooth-gap-const", r"\frac{a}{2}x^2 \ge \frac{1}{L}(ax)^2",
      lambda m, a, L, x: (a / 2 * x**2, ">=", (a * x) ** 2 / L), "a:pos L:pos x",
      f"{GG} §2 (dropped 1/2)", "polynomial", {"a": 1, "L": 1, "x": 1},
      hyps=lambda m, a, L, x: [a <= L], assume=[r"0 < a \le L"]),
    T("gg-weighted-average", r"\frac{2}{T(T + 1)}\sum_{t=1}^{T} t = 1",
      lambda m, T: (2 * m.Sum(lambda t: t, 1, T) / (T * (T + 1)), "=", 1), "T:int1",
      f"{GG} §3 (weights proportional to t, Lacoste-Julien et al. 2012)", "sum", "sum_{t=1}^T t = T(T + 1)/2",
      assume=r"T \in \mathbb{N}, T \ge 1"),
    F("gg-weighted-average-const", r"\frac{1}{T(T + 1)}\sum_{t=1}^{T} t = 1",
      lambda m, T: (m.Sum(lambda t: t, 1, T) / (T * (T + 1)), "=", 1), "T:int1",
      f"{GG} §3 (dropped 2)", "sum", {"T": 1}, assume=r"T \in \mathbb{N}, T \ge 1"),
]
