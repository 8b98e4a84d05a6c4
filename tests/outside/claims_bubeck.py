"""Bubeck, "Convex Optimization: Algorithms and Complexity", Foundations and Trends in ML 8(3-4), 2015:
projected subgradient descent (§3.1), smooth gradient descent (§3.2), Frank-Wolfe (§3.3), strong convexity
(§3.4), Nesterov's accelerated gradient (§3.7), mirror descent (§4.2)."""

from __future__ import annotations

from entry import F, T

__all__ = ["CLAIMS"]

B = "Bubeck 2015"
AB = {"assume": [r"0 < \alpha \le a \le \beta"]}
LAM = [r"\lambda_{s+1} = \frac{1 + \sqrt{1 + 4\lambda_s^2}}{2}", r"\gamma_s = \frac{1 - \lambda_s}{\lambda_{s+1}}"]


def _ab(m, al, a, be):
    return [al <= a, a <= be]


def _gamma(m, lam):
    return (1 - lam) / ((1 + m.sqrt(1 + 4 * lam**2)) / 2)


CLAIMS = [
    # §3.1 projected subgradient descent
    T("bubeck-subgrad-step", r"\frac{R^2}{2\eta t} + \frac{\eta L^2}{2} = \frac{RL}{\sqrt{t}}",
      lambda m, R, L, t: (R**2 / (2 * (R / (L * m.sqrt(t))) * t) + R / (L * m.sqrt(t)) * L**2 / 2, "=",
                          R * L / m.sqrt(t)), "R:pos L:pos t:pos", f"{B} §3.1 Thm 3.2 (eta = R/(L sqrt t))", "root",
      assume=[r"\eta = \frac{R}{L\sqrt{t}}", "R > 0", "L > 0", "t > 0"]),
    F("bubeck-subgrad-step-half", r"\frac{R^2}{2\eta t} + \frac{\eta L^2}{2} = \frac{RL}{2\sqrt{t}}",
      lambda m, R, L, t: (R**2 / (2 * (R / (L * m.sqrt(t))) * t) + R / (L * m.sqrt(t)) * L**2 / 2, "=",
                          R * L / (2 * m.sqrt(t))), "R:pos L:pos t:pos", f"{B} §3.1 Thm 3.2 (spurious 1/2)", "root",
      {"R": 1, "L": 1, "t": 1}, assume=[r"\eta = \frac{R}{L\sqrt{t}}", "R > 0", "L > 0", "t > 0"]),
    T("bubeck-subgrad-amgm", r"\frac{R^2}{2\eta t} + \frac{\eta L^2}{2} \ge \frac{RL}{\sqrt{t}}",
      lambda m, R, L, t, eta: (R**2 / (2 * eta * t) + eta * L**2 / 2, ">=", R * L / m.sqrt(t)),
      "R:pos L:pos t:pos eta:pos", f"{B} §3.1 Thm 3.2 (the step is optimal)", "root", "AM-GM on the two terms",
      assume=[r"R, L, t, \eta > 0"]),
    T("bubeck-31-identity",
      r"g_s^\top(x_s - x^*) = \frac{1}{2\eta}\left(\|x_s - x^*\|^2 + \eta^2\|g_s\|^2 - \|x_s - \eta g_s - x^*\|^2\right)",
      lambda m, eta, g, xs, xo: (m.dot(g, xs - xo), "=",
                                 (m.nsq(xs - xo) + eta**2 * m.nsq(g) - m.nsq(xs - eta * g - xo)) / (2 * eta)),
      "eta:pos g:vec xs:vec xo:vec", f"{B} §3.1 proof of Thm 3.2", "vector", vectors="x,g", assume=r"\eta > 0"),
    F("bubeck-31-identity-sq",
      r"g_s^\top(x_s - x^*) = \frac{1}{2\eta}\left(\|x_s - x^*\|^2 + \eta\|g_s\|^2 - \|x_s - \eta g_s - x^*\|^2\right)",
      lambda m, eta, g, xs, xo: (m.dot(g, xs - xo), "=",
                                 (m.nsq(xs - xo) + eta * m.nsq(g) - m.nsq(xs - eta * g - xo)) / (2 * eta)),
      "eta:pos g:vec xs:vec xo:vec", f"{B} §3.1 (dropped square on eta)", "vector",
      {"eta": 2, "g": [1], "xs": [0], "xo": [0]}, vectors="x,g", assume=r"\eta > 0"),
    # §3.2 smooth functions, instances f = (a/2)||x||^2 with a <= beta
    T("bubeck-lemma34",
      r"\frac{a}{2}\left\|x - \frac{a}{\beta}x\right\|^2 - \frac{a}{2}\|x\|^2 \le -\frac{1}{2\beta}\|a x\|^2",
      lambda m, a, be, x: (a / 2 * m.nsq(x - a / be * x) - a / 2 * m.nsq(x), "<=", -m.nsq(a * x) / (2 * be)),
      "a:pos be:pos x:vec", f"{B} §3.2 Lemma 3.4 for f = (a/2)||x||^2", "vector",
      "difference = ||x||^2 a^2 (a/beta - 1)/(2 beta) <= 0", hyps=lambda m, a, be, x: [a <= be],
      assume=r"0 < a \le \beta", vectors="x"),
    F("bubeck-lemma34-const",
      r"\frac{a}{2}\left\|x - \frac{a}{\beta}x\right\|^2 - \frac{a}{2}\|x\|^2 \le -\frac{1}{\beta}\|a x\|^2",
      lambda m, a, be, x: (a / 2 * m.nsq(x - a / be * x) - a / 2 * m.nsq(x), "<=", -m.nsq(a * x) / be),
      "a:pos be:pos x:vec", f"{B} §3.2 Lemma 3.4 (dropped 1/2)", "vector", {"a": 1, "be": 1, "x": [1]},
      hyps=lambda m, a, be, x: [a <= be], assume=r"0 < a \le \beta", vectors="x"),
    T("bubeck-lemma35",
      r"\frac{a}{2}\|x\|^2 - \frac{a}{2}\|y\|^2 \le a x^\top(x - y) - \frac{1}{2\beta}\|a x - a y\|^2",
      lambda m, a, be, x, y: (a / 2 * m.nsq(x) - a / 2 * m.nsq(y), "<=",
                              a * m.dot(x, x - y) - m.nsq(a * x - a * y) / (2 * be)),
      "a:nn be:pos x:vec y:vec", f"{B} §3.2 Lemma 3.5 for f = (a/2)||x||^2", "vector",
      "rhs - lhs = (a/2)(1 - a/beta)||x - y||^2", hyps=lambda m, a, be, x, y: [a <= be],
      assume=[r"0 \le a \le \beta", r"\beta > 0"], vectors="x,y"),
    F("bubeck-lemma35-const",
      r"\frac{a}{2}\|x\|^2 - \frac{a}{2}\|y\|^2 \le a x^\top(x - y) - \frac{1}{\beta}\|a x - a y\|^2",
      lambda m, a, be, x, y: (a / 2 * m.nsq(x) - a / 2 * m.nsq(y), "<=",
                              a * m.dot(x, x - y) - m.nsq(a * x - a * y) / be),
      "a:nn be:pos x:vec y:vec", f"{B} §3.2 Lemma 3.5 (dropped 1/2)", "vector",
      {"a": 1, "be": 1, "x": [1], "y": [0]}, hyps=lambda m, a, be, x, y: [a <= be],
      assume=[r"0 \le a \le \beta", r"\beta > 0"], vectors="x,y"),
    # §3.3 Frank-Wolfe, gamma_s = 2/(s+1)
    T("bubeck-fw-induction",
      r"\left(1 - \frac{2}{s+1}\right)\frac{2\beta R^2}{s+1} + \frac{\beta}{2}\left(\frac{2}{s+1}\right)^2 R^2 \le \frac{2\beta R^2}{s+2}",
      lambda m, s, be, R: ((1 - 2 / (s + 1)) * 2 * be * R**2 / (s + 1) + be / 2 * (2 / (s + 1)) ** 2 * R**2, "<=",
                           2 * be * R**2 / (s + 2)), "s:int1 be:pos R", f"{B} §3.3 Thm 3.8 (induction step)",
      "rational", "lhs = 2 beta R^2 s/(s+1)^2 and s(s+2) <= (s+1)^2", assume=[r"s \ge 1", r"\beta > 0"]),
    F("bubeck-fw-induction-const",
      r"\left(1 - \frac{2}{s+1}\right)\frac{2\beta R^2}{s+1} + \frac{\beta}{2}\left(\frac{2}{s+1}\right)^2 R^2 \le \frac{2\beta R^2}{s+3}",
      lambda m, s, be, R: ((1 - 2 / (s + 1)) * 2 * be * R**2 / (s + 1) + be / 2 * (2 / (s + 1)) ** 2 * R**2, "<=",
                           2 * be * R**2 / (s + 3)), "s:int1 be:pos R", f"{B} §3.3 (s + 3 instead of s + 2)",
      "rational", {"s": 2, "be": 1, "R": 1}, assume=[r"s \ge 1", r"\beta > 0"]),
    # §3.4 strongly convex and smooth
    T("bubeck-thm310", r"\left(1 - \frac{a}{\beta}\right)^2 \le 1 - \frac{\alpha}{\beta}",
      lambda m, al, a, be: ((1 - a / be) ** 2, "<=", 1 - al / be), "al:pos a:pos be:pos",
      f"{B} §3.4 Thm 3.10 (eta = 1/beta) in one dimension", "rational",
      "0 <= 1 - a/beta <= 1 so its square is <= 1 - a/beta <= 1 - alpha/beta", hyps=_ab, **AB),
    F("bubeck-thm310-const", r"\left(1 - \frac{a}{\beta}\right)^2 \le 1 - \frac{2\alpha}{\beta}",
      lambda m, al, a, be: ((1 - a / be) ** 2, "<=", 1 - 2 * al / be), "al:pos a:pos be:pos",
      f"{B} §3.4 Thm 3.10 (factor 2)", "rational", {"al": 1, "a": 1, "be": 1}, hyps=_ab, **AB),
    T("bubeck-thm312", r"\left(1 - \frac{2a}{\alpha + \beta}\right)^2 \le \left(\frac{\kappa - 1}{\kappa + 1}\right)^2",
      lambda m, al, a, be: ((1 - 2 * a / (al + be)) ** 2, "<=", ((be / al - 1) / (be / al + 1)) ** 2),
      "al:pos a:pos be:pos", f"{B} §3.4 Thm 3.12 (eta = 2/(alpha + beta))", "rational",
      "|1 - 2a/(alpha+beta)| <= (beta - alpha)/(beta + alpha) on [alpha, beta]", hyps=_ab,
      assume=[r"0 < \alpha \le a \le \beta", r"\kappa = \beta/\alpha"]),
    F("bubeck-thm312-power", r"\left(1 - \frac{2a}{\alpha + \beta}\right)^2 \le \left(\frac{\kappa - 1}{\kappa + 1}\right)^4",
      lambda m, al, a, be: ((1 - 2 * a / (al + be)) ** 2, "<=", ((be / al - 1) / (be / al + 1)) ** 4),
      "al:pos a:pos be:pos", f"{B} §3.4 Thm 3.12 (wrong power)", "rational", {"al": 1, "a": 1, "be": 3},
      hyps=_ab, assume=[r"0 < \alpha \le a \le \beta", r"\kappa = \beta/\alpha"]),
    # §3.7 Nesterov's accelerated gradient descent, Bubeck's lambda/gamma sequences
    T("bubeck-lambda-identity", r"\lambda_s^2 = \lambda_{s+1}^2 - \lambda_{s+1}",
      lambda m, lam: (lam**2, "=", ((1 + m.sqrt(1 + 4 * lam**2)) / 2) ** 2 - (1 + m.sqrt(1 + 4 * lam**2)) / 2),
      "lam", f"{B} §3.7 (3.16)", "root", assume=LAM[0]),
    T("bubeck-gamma-sign", r"\gamma_s \le 0", lambda m, lam: (_gamma(m, lam), "<=", 0), "lam:pos",
      f"{B} §3.7 (gamma_s <= 0 for lambda_s >= 1)", "root", "numerator <= 0, denominator > 0",
      hyps=lambda m, lam: [lam >= 1], assume=[*LAM, r"\lambda_s \ge 1"]),
    F("bubeck-gamma-sign-flip", r"\gamma_s \ge 0", lambda m, lam: (_gamma(m, lam), ">=", 0), "lam:pos",
      f"{B} §3.7 (sign flipped)", "root", {"lam": 2}, hyps=lambda m, lam: [lam >= 1],
      assume=[*LAM, r"\lambda_s \ge 1"]),
    T("bubeck-gamma-lower", r"\gamma_s \ge -1", lambda m, lam: (_gamma(m, lam), ">=", -1), "lam:pos",
      f"{B} §3.7 (|gamma_s| <= 1)", "root", "lambda_s - 1 <= lambda_{s+1} since sqrt(1+4l^2) >= 2l",
      hyps=lambda m, lam: [lam >= 1], assume=[*LAM, r"\lambda_s \ge 1"]),
    T("bubeck-agd-sc-rate", r"1 - \frac{1}{\sqrt{\kappa}} \le \exp\left(-\frac{1}{\sqrt{\kappa}}\right)",
      lambda m, k: (1 - 1 / m.sqrt(k), "<=", m.exp(-1 / m.sqrt(k))), "k:pos", f"{B} §3.7 Thm 3.18",
      "transcendental", "1 - x <= e^{-x}", hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    F("bubeck-agd-sc-rate-flip", r"\exp\left(-\frac{1}{\sqrt{\kappa}}\right) \le 1 - \frac{1}{\sqrt{\kappa}}",
      lambda m, k: (m.exp(-1 / m.sqrt(k)), "<=", 1 - 1 / m.sqrt(k)), "k:pos", f"{B} §3.7 Thm 3.18 (flipped)",
      "transcendental", {"k": 4}, hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    # §4.2 mirror descent on the simplex
    T("bubeck-md-step", r"\frac{\log n}{\eta} + \frac{\eta t}{2} = \sqrt{2t\log n}",
      lambda m, n, t: (m.log(n) / m.sqrt(2 * m.log(n) / t) + m.sqrt(2 * m.log(n) / t) * t / 2, "=",
                       m.sqrt(2 * t * m.log(n))), "n:int1 t:pos", f"{B} §4.2 Thm 4.2 (eta = sqrt(2 log n / t))",
      "transcendental", "both terms equal sqrt(t log n / 2)", hyps=lambda m, n, t: [n >= 2],
      assume=[r"\eta = \sqrt{\frac{2\log n}{t}}", r"n \ge 2", "t > 0"]),
    F("bubeck-md-step-const", r"\frac{\log n}{\eta} + \frac{\eta t}{2} = \sqrt{t\log n}",
      lambda m, n, t: (m.log(n) / m.sqrt(2 * m.log(n) / t) + m.sqrt(2 * m.log(n) / t) * t / 2, "=",
                       m.sqrt(t * m.log(n))), "n:int1 t:pos", f"{B} §4.2 (dropped factor 2)", "transcendental",
      {"n": 2, "t": 1}, hyps=lambda m, n, t: [n >= 2],
      assume=[r"\eta = \sqrt{\frac{2\log n}{t}}", r"n \ge 2", "t > 0"]),
    T("bubeck-md-entropy", r"\sum_{i=1}^{n} \frac{1}{n}\log\frac{1/n}{1/n} = 0",
      lambda m, n: (m.Sum(lambda i: 1 / n * m.log((1 / n) / (1 / n)), 1, n), "=", 0), "n:int1",
      f"{B} §4.3 (KL from the uniform start to itself)", "sum", "every term is log 1 = 0",
      assume=r"n \in \mathbb{N}"),
    T("bubeck-sgd-bound", r"\frac{R^2}{2\eta t} + \frac{\eta B^2}{2} \ge \frac{RB}{\sqrt{t}}",
      lambda m, R, Bb, t, eta: (R**2 / (2 * eta * t) + eta * Bb**2 / 2, ">=", R * Bb / m.sqrt(t)),
      "R:pos Bb:pos t:pos eta:pos", f"{B} §6.1 Thm 6.1", "root", "AM-GM",
      assume=[r"R > 0", r"B > 0", r"t > 0", r"\eta > 0"]),
    F("bubeck-sgd-bound-const", r"\frac{R^2}{2\eta t} + \frac{\eta B^2}{2} \ge \frac{2RB}{\sqrt{t}}",
      lambda m, R, Bb, t, eta: (R**2 / (2 * eta * t) + eta * Bb**2 / 2, ">=", 2 * R * Bb / m.sqrt(t)),
      "R:pos Bb:pos t:pos eta:pos", f"{B} §6.1 (factor 2)", "root", {"R": 1, "Bb": 1, "t": 1, "eta": 1},
      assume=[r"R > 0", r"B > 0", r"t > 0", r"\eta > 0"]),
]
