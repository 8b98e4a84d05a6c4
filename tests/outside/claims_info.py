"""Logistic regression and softmax (Bishop, "Pattern Recognition and Machine Learning", Springer 2006, §4.2-§4.3);
information inequalities (Cover & Thomas, "Elements of Information Theory", 2nd ed., Wiley 2006, Ch. 2, 8, 11);
Gaussian KL divergence and Fisher information of simple families (Cover & Thomas §8.4, §11.10; Lehmann & Casella,
"Theory of Point Estimation", 2nd ed. 1998, §2.5)."""

from __future__ import annotations

from entry import F, T

__all__ = ["CLAIMS"]

BI = "Bishop 2006"
CT = "Cover & Thomas 2006"
LC = "Lehmann & Casella 1998"
PQ = {"assume": [r"0 < p < 1", r"0 < q < 1"]}


def _sig(m, z):
    return 1 / (1 + m.exp(-z))


def _kl(m, p, q):
    return p * m.log(p / q) + (1 - p) * m.log((1 - p) / (1 - q))


def _gauss(m, x, mu, s):
    return m.exp(-((x - mu) ** 2) / (2 * s**2)) / (m.sqrt(2 * m.pi) * s)


CLAIMS = [
    # logistic sigmoid and loss
    T("bishop-sigmoid-deriv", r"\frac{d}{dz}\frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{-z}}\left(1 - \frac{1}{1 + e^{-z}}\right)",
      lambda m, z: (m.diff(lambda s: _sig(m, s), z), "=", _sig(m, z) * (1 - _sig(m, z))), "z",
      f"{BI} §4.2 (4.88)", "calculus"),
    F("bishop-sigmoid-deriv-sign", r"\frac{d}{dz}\frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{-z}}\left(1 + \frac{1}{1 + e^{-z}}\right)",
      lambda m, z: (m.diff(lambda s: _sig(m, s), z), "=", _sig(m, z) * (1 + _sig(m, z))), "z",
      f"{BI} §4.2 (4.88) (sign)", "calculus", {"z": 0}),
    T("bishop-sigmoid-sym", r"1 - \frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{z}}",
      lambda m, z: (1 - _sig(m, z), "=", 1 / (1 + m.exp(z))), "z", f"{BI} §4.2 (4.60): 1 - sigma(a) = sigma(-a)",
      "transcendental"),
    F("bishop-sigmoid-sym-bad", r"1 - \frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{-z}}",
      lambda m, z: (1 - _sig(m, z), "=", _sig(m, z)), "z", f"{BI} §4.2 (4.60) (sign of the argument)",
      "transcendental", {"z": 1}),
    T("bishop-logloss-deriv", r"\frac{d}{dz}\log(1 + e^{-yz}) = -\frac{y}{1 + e^{yz}}",
      lambda m, y, z: (m.diff(lambda s: m.log(1 + m.exp(-y * s)), z), "=", -y / (1 + m.exp(y * z))), "y z",
      f"{BI} §4.3.2 (labels in {{-1, 1}})", "calculus"),
    F("bishop-logloss-deriv-bad", r"\frac{d}{dz}\log(1 + e^{-yz}) = -\frac{y e^{yz}}{1 + e^{yz}}",
      lambda m, y, z: (m.diff(lambda s: m.log(1 + m.exp(-y * s)), z), "=", -y * m.exp(y * z) / (1 + m.exp(y * z))),
      "y z", f"{BI} §4.3.2 (sigma(yz) in place of sigma(-yz))", "calculus", {"y": 1, "z": 1}),
    T("bishop-ce-grad",
      r"\frac{d}{dz}\left(-y\log\frac{1}{1 + e^{-z}} - (1 - y)\log\frac{e^{-z}}{1 + e^{-z}}\right) = \frac{1}{1 + e^{-z}} - y",
      lambda m, y, z: (m.diff(lambda s: -y * m.log(_sig(m, s)) - (1 - y) * m.log(m.exp(-s) / (1 + m.exp(-s))), z), "=",
                       _sig(m, z) - y), "y z", f"{BI} §4.3.2 (4.91)", "calculus"),
    F("bishop-ce-grad-sign",
      r"\frac{d}{dz}\left(-y\log\frac{1}{1 + e^{-z}} - (1 - y)\log\frac{e^{-z}}{1 + e^{-z}}\right) = y - \frac{1}{1 + e^{-z}}",
      lambda m, y, z: (m.diff(lambda s: -y * m.log(_sig(m, s)) - (1 - y) * m.log(m.exp(-s) / (1 + m.exp(-s))), z), "=",
                       y - _sig(m, z)), "y z", f"{BI} §4.3.2 (4.91) (sign)", "calculus", {"y": 0, "z": 0}),
    T("bishop-logloss-convex", r"\frac{d^2}{dz^2}\log(1 + e^{-z}) \ge 0",
      lambda m, z: (m.diff(lambda s: m.log(1 + m.exp(-s)), z, 2), ">=", 0), "z", f"{BI} §4.3.3 (Hessian is PSD)",
      "calculus", "second derivative = sigma(z)(1 - sigma(z)) > 0"),
    T("bishop-logloss-pos", r"\log(1 + e^{-z}) > 0", lambda m, z: (m.log(1 + m.exp(-z)), ">", 0), "z",
      f"{BI} §4.3.2", "transcendental", "1 + e^{-z} > 1"),
    T("bishop-logloss-hinge", r"\log(1 + e^{-z}) \ge -z", lambda m, z: (m.log(1 + m.exp(-z)), ">=", -z), "z",
      f"{BI} §7.1.2 (log loss above the hinge's linear part)", "transcendental", "1 + e^{-z} >= e^{-z}"),
    F("bishop-logloss-upper-flip", r"\log(1 + e^{-z}) \ge e^{-z}", lambda m, z: (m.log(1 + m.exp(-z)), ">=", m.exp(-z)),
      "z", f"{BI} §4.3.2 (log(1+u) <= u flipped)", "transcendental", {"z": 0}),
    # softmax
    T("bishop-softmax-2", r"\frac{e^{a}}{e^{a} + e^{b}} = \frac{1}{1 + e^{b - a}}",
      lambda m, a, b: (m.exp(a) / (m.exp(a) + m.exp(b)), "=", 1 / (1 + m.exp(b - a))), "a b",
      f"{BI} §4.2 (4.57)", "transcendental"),
    F("bishop-softmax-2-sign", r"\frac{e^{a}}{e^{a} + e^{b}} = \frac{1}{1 + e^{a - b}}",
      lambda m, a, b: (m.exp(a) / (m.exp(a) + m.exp(b)), "=", 1 / (1 + m.exp(a - b))), "a b",
      f"{BI} §4.2 (4.57) (argument reversed)", "transcendental", {"a": 1, "b": 0}),
    T("bishop-softmax-deriv", r"\frac{\partial}{\partial a}\frac{e^a}{e^a + e^b} = \frac{e^a}{e^a + e^b}\left(1 - \frac{e^a}{e^a + e^b}\right)",
      lambda m, a, b: (m.diff(lambda s: m.exp(s) / (m.exp(s) + m.exp(b)), a), "=",
                       m.exp(a) / (m.exp(a) + m.exp(b)) * (1 - m.exp(a) / (m.exp(a) + m.exp(b)))), "a b",
      f"{BI} §4.3.4 (4.106), k = j", "calculus"),
    F("bishop-softmax-cross-sign", r"\frac{\partial}{\partial b}\frac{e^a}{e^a + e^b} = \frac{e^a e^b}{(e^a + e^b)^2}",
      lambda m, a, b: (m.diff(lambda s: m.exp(a) / (m.exp(a) + m.exp(s)), b), "=",
                       m.exp(a) * m.exp(b) / (m.exp(a) + m.exp(b)) ** 2), "a b",
      f"{BI} §4.3.4 (4.106), k != j (sign)", "calculus", {"a": 0, "b": 0}),
    T("bishop-lse-grad", r"\frac{\partial}{\partial a}\log(e^a + e^b) = \frac{e^a}{e^a + e^b}",
      lambda m, a, b: (m.diff(lambda s: m.log(m.exp(s) + m.exp(b)), a), "=", m.exp(a) / (m.exp(a) + m.exp(b))), "a b",
      f"{BI} §4.3.4 (softmax is the gradient of log-sum-exp)", "calculus"),
    T("bishop-softmax-sum", r"\frac{e^a}{e^a + e^b + e^c} + \frac{e^b}{e^a + e^b + e^c} + \frac{e^c}{e^a + e^b + e^c} = 1",
      lambda m, a, b, c: (sum(m.exp(v) / (m.exp(a) + m.exp(b) + m.exp(c)) for v in (a, b, c)), "=", 1), "a b c",
      f"{BI} §4.3.4 (4.104)", "transcendental"),
    T("bishop-softmax-shift", r"\frac{e^{a - c}}{e^{a - c} + e^{b - c}} = \frac{e^{a}}{e^{a} + e^{b}}",
      lambda m, a, b, c: (m.exp(a - c) / (m.exp(a - c) + m.exp(b - c)), "=", m.exp(a) / (m.exp(a) + m.exp(b))), "a b c",
      f"{BI} §4.3.4 (shift invariance)", "transcendental"),
    # information inequalities
    T("ct-kl-bern", r"p\log\frac{p}{q} + (1 - p)\log\frac{1 - p}{1 - q} \ge 0",
      lambda m, p, q: (_kl(m, p, q), ">=", 0), "p:unit q:unit", f"{CT} §2.6 Thm 2.6.3 (information inequality)",
      "transcendental", "Jensen / log x <= x - 1", **PQ),
    T("ct-pinsker-bern", r"p\log\frac{p}{q} + (1 - p)\log\frac{1 - p}{1 - q} \ge 2(p - q)^2",
      lambda m, p, q: (_kl(m, p, q), ">=", 2 * (p - q) ** 2), "p:unit q:unit", f"{CT} §11.6 Lemma 11.6.1 (Pinsker)",
      "transcendental", "d/dq of the difference has the sign of q - p", **PQ),
    F("ct-pinsker-bern-const", r"p\log\frac{p}{q} + (1 - p)\log\frac{1 - p}{1 - q} \ge 4(p - q)^2",
      lambda m, p, q: (_kl(m, p, q), ">=", 4 * (p - q) ** 2), "p:unit q:unit", f"{CT} §11.6 (wrong constant)",
      "transcendental", {"p": "9/10", "q": "1/10"}, **PQ),
    F("ct-kl-symmetric", r"p\log\frac{p}{q} + (1 - p)\log\frac{1 - p}{1 - q} = q\log\frac{q}{p} + (1 - q)\log\frac{1 - q}{1 - p}",
      lambda m, p, q: (_kl(m, p, q), "=", _kl(m, q, p)), "p:unit q:unit", f"{CT} §2.3 (KL is not symmetric)",
      "transcendental", {"p": "1/2", "q": "1/4"}, **PQ),
    T("ct-entropy-max", r"-p\log p - (1 - p)\log(1 - p) \le \log 2",
      lambda m, p: (-p * m.log(p) - (1 - p) * m.log(1 - p), "<=", m.log(2)), "p:unit", f"{CT} §2.1 (binary entropy)",
      "transcendental", "concave, maximal at p = 1/2", assume=r"0 < p < 1"),
    F("ct-entropy-max-half", r"-p\log p - (1 - p)\log(1 - p) \le \frac{1}{2}\log 2",
      lambda m, p: (-p * m.log(p) - (1 - p) * m.log(1 - p), "<=", m.log(2) / 2), "p:unit",
      f"{CT} §2.1 (spurious 1/2)", "transcendental", {"p": "1/2"}, assume=r"0 < p < 1"),
    T("ct-log-sum", r"a_1\log\frac{a_1}{b_1} + a_2\log\frac{a_2}{b_2} \ge (a_1 + a_2)\log\frac{a_1 + a_2}{b_1 + b_2}",
      lambda m, a1, a2, b1, b2: (a1 * m.log(a1 / b1) + a2 * m.log(a2 / b2), ">=", (a1 + a2) * m.log((a1 + a2) / (b1 + b2))),
      "a1:pos a2:pos b1:pos b2:pos", f"{CT} §2.7 Thm 2.7.1 (log sum inequality)", "transcendental",
      "convexity of t log t", assume=[r"a_1, a_2, b_1, b_2 > 0"]),
    F("ct-log-sum-flip", r"a_1\log\frac{a_1}{b_1} + a_2\log\frac{a_2}{b_2} \le (a_1 + a_2)\log\frac{a_1 + a_2}{b_1 + b_2}",
      lambda m, a1, a2, b1, b2: (a1 * m.log(a1 / b1) + a2 * m.log(a2 / b2), "<=", (a1 + a2) * m.log((a1 + a2) / (b1 + b2))),
      "a1:pos a2:pos b1:pos b2:pos", f"{CT} §2.7 (flipped)", "transcendental", {"a1": 1, "a2": 1, "b1": 1, "b2": 2},
      assume=[r"a_1 > 0", r"a_2 > 0", r"b_1 > 0", r"b_2 > 0"]),
    T("ct-log-concave", r"\log\frac{a + b}{2} \ge \frac{\log a + \log b}{2}",
      lambda m, a, b: (m.log((a + b) / 2), ">=", (m.log(a) + m.log(b)) / 2), "a:pos b:pos",
      f"{CT} §2.6 (Jensen for log)", "transcendental", "AM-GM, log increasing", assume=[r"a > 0", r"b > 0"]),
    # Gaussians
    T("ct-kl-gauss-nonneg", r"\log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac{1}{2} \ge 0",
      lambda m, s1, s2, m1, m2: (m.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - m.R(1, 2), ">=", 0),
      "s1:pos s2:pos m1 m2", f"{CT} §8.6 (KL(N1 || N2) >= 0)", "transcendental",
      "with r = s1^2/s2^2: (r - 1 - log r)/2 >= 0", assume=[r"\sigma_1 > 0", r"\sigma_2 > 0"]),
    F("ct-kl-gauss-const", r"\log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - 1 \ge 0",
      lambda m, s1, s2, m1, m2: (m.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 1, ">=", 0),
      "s1:pos s2:pos m1 m2", f"{CT} §8.6 (constant -1 instead of -1/2)", "transcendental",
      {"s1": 1, "s2": 1, "m1": 0, "m2": 0}, assume=[r"\sigma_1 > 0", r"\sigma_2 > 0"]),
    T("ct-kl-gauss-eqvar", r"\log\frac{\sigma}{\sigma} + \frac{\sigma^2 + (\mu_1 - \mu_2)^2}{2\sigma^2} - \frac{1}{2} = \frac{(\mu_1 - \mu_2)^2}{2\sigma^2}",
      lambda m, s, m1, m2: (m.log(s / s) + (s**2 + (m1 - m2) ** 2) / (2 * s**2) - m.R(1, 2), "=", (m1 - m2) ** 2 / (2 * s**2)),
      "s:pos m1 m2", f"{CT} §8.6 (equal variances)", "transcendental", assume=r"\sigma > 0"),
    F("ct-kl-gauss-eqvar-const", r"\log\frac{\sigma}{\sigma} + \frac{\sigma^2 + (\mu_1 - \mu_2)^2}{2\sigma^2} - \frac{1}{2} = \frac{(\mu_1 - \mu_2)^2}{\sigma^2}",
      lambda m, s, m1, m2: (m.log(s / s) + (s**2 + (m1 - m2) ** 2) / (2 * s**2) - m.R(1, 2), "=", (m1 - m2) ** 2 / s**2),
      "s:pos m1 m2", f"{CT} §8.6 (dropped 1/2)", "transcendental", {"s": 1, "m1": 1, "m2": 0}, assume=r"\sigma > 0"),
    T("ct-gauss-entropy", r"\frac{1}{2}\log(2\pi e\sigma^2) = \frac{1}{2} + \frac{1}{2}\log(2\pi) + \log\sigma",
      lambda m, s: (m.log(2 * m.pi * m.E * s**2) / 2, "=", m.R(1, 2) + m.log(2 * m.pi) / 2 + m.log(s)), "s:pos",
      f"{CT} §8.1 Example 8.1.2", "transcendental", "log of a product", assume=r"\sigma > 0"),
    F("ct-gauss-entropy-const", r"\frac{1}{2}\log(2\pi e\sigma^2) = \frac{1}{2} + \frac{1}{2}\log(2\pi) + 2\log\sigma",
      lambda m, s: (m.log(2 * m.pi * m.E * s**2) / 2, "=", m.R(1, 2) + m.log(2 * m.pi) / 2 + 2 * m.log(s)), "s:pos",
      f"{CT} §8.1 (log sigma^2 kept)", "transcendental", {"s": 2}, assume=r"\sigma > 0"),
    T("ct-gauss-normalize", r"\int_{-\infty}^{\infty} e^{-\frac{x^2}{2}}\,dx = \sqrt{2\pi}",
      lambda m: (m.integral(lambda x: m.exp(-x**2 / 2), -m.oo, m.oo), "=", m.sqrt(2 * m.pi)), "",
      f"{CT} §8.1 (normal density)", "integral"),
    F("ct-gauss-normalize-pi", r"\int_{-\infty}^{\infty} e^{-\frac{x^2}{2}}\,dx = \sqrt{\pi}",
      lambda m: (m.integral(lambda x: m.exp(-x**2 / 2), -m.oo, m.oo), "=", m.sqrt(m.pi)), "",
      f"{CT} §8.1 (the integral of e^{{-x^2}})", "integral", {}),
    T("lc-fisher-gauss-mean",
      r"\int_{-\infty}^{\infty}\frac{(x - \mu)^2}{\sigma^4}\frac{1}{\sqrt{2\pi}\sigma}e^{-\frac{(x - \mu)^2}{2\sigma^2}}\,dx = \frac{1}{\sigma^2}",
      lambda m, mu, s: (m.integral(lambda x: (x - mu) ** 2 / s**4 * _gauss(m, x, mu, s), -m.oo, m.oo), "=", 1 / s**2),
      "mu s:pos", f"{LC} §2.5 Table 5.1 (Fisher information of N(mu, sigma^2) in mu)", "integral",
      assume=r"\sigma > 0"),
    F("lc-fisher-gauss-mean-sq",
      r"\int_{-\infty}^{\infty}\frac{(x - \mu)^2}{\sigma^4}\frac{1}{\sqrt{2\pi}\sigma}e^{-\frac{(x - \mu)^2}{2\sigma^2}}\,dx = \frac{1}{\sigma}",
      lambda m, mu, s: (m.integral(lambda x: (x - mu) ** 2 / s**4 * _gauss(m, x, mu, s), -m.oo, m.oo), "=", 1 / s),
      "mu s:pos", f"{LC} §2.5 (sigma for sigma^2)", "integral", {"mu": 0, "s": 2}, assume=r"\sigma > 0"),
    T("lc-fisher-bern", r"\frac{1}{p} + \frac{1}{1 - p} = \frac{1}{p(1 - p)}",
      lambda m, p: (1 / p + 1 / (1 - p), "=", 1 / (p * (1 - p))), "p:unit",
      f"{LC} §2.5 (Fisher information of Bernoulli(p))", "rational", assume=r"0 < p < 1"),
    F("lc-fisher-bern-sq", r"\frac{1}{p} + \frac{1}{1 - p} = \frac{1}{p^2(1 - p)^2}",
      lambda m, p: (1 / p + 1 / (1 - p), "=", 1 / (p**2 * (1 - p) ** 2)), "p:unit", f"{LC} §2.5 (squared)",
      "rational", {"p": "1/2"}, assume=r"0 < p < 1"),
    T("lc-fisher-poisson", r"\sum_{x=0}^{\infty}\left(\frac{x}{\lambda} - 1\right)^2\frac{\lambda^x e^{-\lambda}}{x!} = \frac{1}{\lambda}",
      lambda m, lam: (m.Sum(lambda x: (x / lam - 1) ** 2 * lam**x * m.exp(-lam) / m.factorial(x), 0, m.oo), "=", 1 / lam),
      "lam:pos", f"{LC} §2.5 (Fisher information of Poisson(lambda))", "sum", "variance of x/lambda is 1/lambda",
      assume=r"\lambda > 0", numeric=True),
    F("lc-fisher-poisson-sq", r"\sum_{x=0}^{\infty}\left(\frac{x}{\lambda} - 1\right)^2\frac{\lambda^x e^{-\lambda}}{x!} = \frac{1}{\lambda^2}",
      lambda m, lam: (m.Sum(lambda x: (x / lam - 1) ** 2 * lam**x * m.exp(-lam) / m.factorial(x), 0, m.oo), "=", 1 / lam**2),
      "lam:pos", f"{LC} §2.5 (squared)", "sum", {"lam": 2}, assume=r"\lambda > 0"),
    T("lc-score-mean-zero", r"\int_{-\infty}^{\infty}\frac{x - \mu}{\sigma^2}\frac{1}{\sqrt{2\pi}\sigma}e^{-\frac{(x - \mu)^2}{2\sigma^2}}\,dx = 0",
      lambda m, mu, s: (m.integral(lambda x: (x - mu) / s**2 * _gauss(m, x, mu, s), -m.oo, m.oo), "=", 0),
      "mu s:pos", f"{LC} §2.5 (the score has mean zero)", "integral", assume=r"\sigma > 0"),
]
