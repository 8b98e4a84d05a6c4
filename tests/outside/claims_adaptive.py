"""Adaptive methods: Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015 (§2, §3, §4);
Duchi, Hazan & Singer, "Adaptive Subgradient Methods", JMLR 12, 2011 (AdaGrad); exponential moving averages
as unrolled in both."""

from __future__ import annotations

from entry import F, T

__all__ = ["CLAIMS"]

KB = "Kingma & Ba 2015"
DHS = "Duchi, Hazan & Singer 2011"
B1 = {"assume": [r"0 < \beta_1 < 1", r"t \ge 1", r"t \in \mathbb{N}"]}
B2 = {"assume": [r"0 < \beta_2 < 1", r"t \ge 1", r"t \in \mathbb{N}"]}
EMA3 = [r"m_1 = (1 - \beta_1) g_1", r"m_2 = \beta_1 m_1 + (1 - \beta_1) g_2", r"m_3 = \beta_1 m_2 + (1 - \beta_1) g_3"]


def _m3(m, b, g1, g2, g3):
    m1 = (1 - b) * g1
    m2 = b * m1 + (1 - b) * g2
    return b * m2 + (1 - b) * g3


CLAIMS = [
    # §3 bias correction
    T("adam-ema-const", r"(1 - \beta_1)\sum_{i=1}^{t}\beta_1^{t-i} g = (1 - \beta_1^t) g",
      lambda m, b, t, g: ((1 - b) * m.Sum(lambda i: b ** (t - i) * g, 1, t), "=", (1 - b**t) * g), "b:unit t:int1 g",
      f"{KB} §3 (constant gradient)", "sum", "geometric sum", **B1),
    F("adam-ema-const-off", r"(1 - \beta_1)\sum_{i=1}^{t}\beta_1^{t-i} g = (1 - \beta_1^{t+1}) g",
      lambda m, b, t, g: ((1 - b) * m.Sum(lambda i: b ** (t - i) * g, 1, t), "=", (1 - b ** (t + 1)) * g),
      "b:unit t:int1 g", f"{KB} §3 (off by one)", "sum", {"b": "1/2", "t": 1, "g": 1}, **B1),
    T("adam-weights", r"(1 - \beta_2)\sum_{i=1}^{t}\beta_2^{t-i} = 1 - \beta_2^t",
      lambda m, b, t: ((1 - b) * m.Sum(lambda i: b ** (t - i), 1, t), "=", 1 - b**t), "b:unit t:int1",
      f"{KB} §3 (4)", "sum", "geometric sum", **B2),
    F("adam-weights-exponent", r"(1 - \beta_2)\sum_{i=1}^{t}\beta_2^{i} = 1 - \beta_2^t",
      lambda m, b, t: ((1 - b) * m.Sum(lambda i: b**i, 1, t), "=", 1 - b**t), "b:unit t:int1",
      f"{KB} §3 (exponent i instead of t - i)", "sum", {"b": "1/2", "t": 1}, **B2),
    T("adam-debias-exact", r"\frac{(1 - \beta_2)\sum_{i=1}^{t}\beta_2^{t-i} g^2}{1 - \beta_2^t} = g^2",
      lambda m, b, t, g: ((1 - b) * m.Sum(lambda i: b ** (t - i) * g**2, 1, t) / (1 - b**t), "=", g**2),
      "b:unit t:int1 g", f"{KB} §3 (bias-corrected EMA of a constant)", "sum", "geometric sum", **B2),
    F("adam-debias-missing", r"(1 - \beta_2)\sum_{i=1}^{t}\beta_2^{t-i} g^2 = g^2",
      lambda m, b, t, g: ((1 - b) * m.Sum(lambda i: b ** (t - i) * g**2, 1, t), "=", g**2), "b:unit t:int1 g",
      f"{KB} §3 (without the correction)", "sum", {"b": "1/2", "t": 1, "g": 1}, **B2),
    T("adam-ema-unroll", r"m_3 = (1 - \beta_1)\left(g_3 + \beta_1 g_2 + \beta_1^2 g_1\right)",
      lambda m, b, g1, g2, g3: (_m3(m, b, g1, g2, g3), "=", (1 - b) * (g3 + b * g2 + b**2 * g1)),
      "b:unit g1 g2 g3", f"{KB} §3 (m_t unrolled, m_0 = 0)", "polynomial", assume=EMA3),
    F("adam-ema-unroll-power", r"m_3 = (1 - \beta_1)\left(g_3 + \beta_1 g_2 + \beta_1 g_1\right)",
      lambda m, b, g1, g2, g3: (_m3(m, b, g1, g2, g3), "=", (1 - b) * (g3 + b * g2 + b * g1)),
      "b:unit g1 g2 g3", f"{KB} §3 (dropped square on beta_1)", "polynomial",
      {"b": "1/2", "g1": 1, "g2": 0, "g3": 0}, assume=EMA3),
    T("adam-ema-unroll-sum", r"(1-\beta_1)g_3 + \beta_1(1-\beta_1)g_2 + \beta_1^2(1-\beta_1)g_1 = (1-\beta_1)\sum_{i=1}^{3}\beta_1^{3-i}g_i",
      lambda m, b, g1, g2, g3: ((1 - b) * g3 + b * (1 - b) * g2 + b**2 * (1 - b) * g1, "=",
                                (1 - b) * (b**2 * g1 + b * g2 + g3)), "b:unit g1 g2 g3",
      f"{KB} §3 (the sum form of the EMA, t = 3)", "sum", assume=r"0 < \beta_1 < 1"),
    T("adam-debias-le1", r"\frac{1 - \beta_1}{1 - \beta_1^t} \le 1",
      lambda m, b, t: ((1 - b) / (1 - b**t), "<=", 1), "b:unit t:int1", f"{KB} §3", "rational",
      "beta^t <= beta for t >= 1", **B1),
    F("adam-debias-ge1", r"\frac{1 - \beta_1}{1 - \beta_1^t} \ge 1",
      lambda m, b, t: ((1 - b) / (1 - b**t), ">=", 1), "b:unit t:int1", f"{KB} §3 (flipped)", "rational",
      {"b": "1/2", "t": 2}, **B1),
    T("adam-power", r"1 - \beta^t \ge 1 - \beta", lambda m, b, t: (1 - b**t, ">=", 1 - b), "b:unit t:int1",
      f"{KB} §3", "polynomial", "beta^t <= beta", assume=[r"0 < \beta < 1", r"t \ge 1", r"t \in \mathbb{N}"]),
    # §2.1 the effective step
    T("adam-first-step", r"\left|\alpha\frac{g}{\sqrt{g^2}}\right| = \alpha",
      lambda m, al, g: (m.Abs(al * g / m.sqrt(g**2)), "=", al), "al:pos g", f"{KB} §2.1 (|Delta_1| = alpha)",
      "root", "g/|g| has absolute value 1", hyps=lambda m, al, g: [g != 0], assume=[r"\alpha > 0", r"g \ne 0"]),
    T("adam-defaults", r"\frac{1 - 0.9}{\sqrt{1 - 0.999}} > 1",
      lambda m: ((1 - m.R(9, 10)) / m.sqrt(1 - m.R(999, 1000)), ">", 1), "", f"{KB} §2.1 (default parameters)",
      "root", "0.1/sqrt(0.001) = sqrt(10)"),
    F("adam-defaults-flip", r"\frac{1 - 0.9}{\sqrt{1 - 0.999}} < 1",
      lambda m: ((1 - m.R(9, 10)) / m.sqrt(1 - m.R(999, 1000)), "<", 1), "", f"{KB} §2.1 (flipped)", "root", {}),
    T("adam-gamma", r"\frac{0.9^2}{\sqrt{0.999}} < 1", lambda m: (m.R(81, 100) / m.sqrt(m.R(999, 1000)), "<", 1), "",
      f"{KB} §4 Thm 4.1 (gamma = beta_1^2/sqrt(beta_2) < 1)", "root", "0.81 < sqrt(0.999)"),
    T("adam-eps", r"\left|\frac{\hat m}{\sqrt{\hat v} + \epsilon}\right| \le \frac{|\hat m|}{\sqrt{\hat v}}",
      lambda m, mh, vh, eps: (m.Abs(mh / (m.sqrt(vh) + eps)), "<=", m.Abs(mh) / m.sqrt(vh)), "mh vh:pos eps:pos",
      f"{KB} §2 Algorithm 1 (epsilon only shrinks the step)", "root", "larger denominator",
      assume=[r"\hat v > 0", r"\epsilon > 0"]),
    T("adam-lambda-decay", r"\sum_{t=1}^{T}\lambda^{t-1} \le \frac{1}{1-\lambda}",
      lambda m, lam, T: (m.Sum(lambda t: lam ** (t - 1), 1, T), "<=", 1 / (1 - lam)), "lam:unit T:int1",
      f"{KB} §4 Thm 4.1 (beta_{{1,t}} = beta_1 lambda^{{t-1}})", "sum", "partial sums of a positive geometric series",
      assume=[r"0 < \lambda < 1", r"T \ge 1"]),
    F("adam-lambda-decay-const", r"\sum_{t=1}^{T}\lambda^{t-1} \le \frac{\lambda}{1-\lambda}",
      lambda m, lam, T: (m.Sum(lambda t: lam ** (t - 1), 1, T), "<=", lam / (1 - lam)), "lam:unit T:int1",
      f"{KB} §4 (numerator lambda)", "sum", {"lam": "1/4", "T": 1}, assume=[r"0 < \lambda < 1", r"T \ge 1"]),
    T("adam-ema-weights-inf", r"(1 - \beta)\sum_{i=0}^{\infty}\beta^i = 1",
      lambda m, b: ((1 - b) * m.Sum(lambda i: b**i, 0, m.oo), "=", 1), "b:unit", f"{KB} §3 (weights sum to one)",
      "sum", "geometric series", assume=r"0 \le \beta < 1"),
    F("adam-ema-weights-inf-off", r"(1 - \beta)\sum_{i=1}^{\infty}\beta^i = 1",
      lambda m, b: ((1 - b) * m.Sum(lambda i: b**i, 1, m.oo), "=", 1), "b:unit", f"{KB} §3 (first term missing)",
      "sum", {"b": "1/2"}, assume=r"0 \le \beta < 1"),
    T("rmsprop-fixed-point", r"\beta g^2 + (1 - \beta) g^2 = g^2", lambda m, b, g: (b * g**2 + (1 - b) * g**2, "=", g**2),
      "b:unit g", "Tieleman & Hinton 2012 (RMSprop lecture 6.5): fixed point of the EMA", "polynomial"),
    # AdaGrad
    T("adagrad-eps-bound", r"\frac{\eta}{\sqrt{G + \epsilon}} \le \frac{\eta}{\sqrt{\epsilon}}",
      lambda m, eta, G, eps: (eta / m.sqrt(G + eps), "<=", eta / m.sqrt(eps)), "eta:pos G:nn eps:pos",
      f"{DHS} §1 (diagonal step)", "root", "sqrt is increasing",
      assume=[r"\eta > 0", r"G \ge 0", r"\epsilon > 0"]),
    F("adagrad-eps-outside", r"\frac{\eta}{\sqrt{G} + \epsilon} \le \frac{\eta}{\sqrt{\epsilon}}",
      lambda m, eta, G, eps: (eta / (m.sqrt(G) + eps), "<=", eta / m.sqrt(eps)), "eta:pos G:nn eps:pos",
      f"{DHS} §1 (epsilon moved out of the root)", "root", {"eta": 1, "G": 0, "eps": "1/4"},
      assume=[r"\eta > 0", r"G \ge 0", r"\epsilon > 0"]),
    T("adagrad-const-grad", r"\frac{\eta g}{\sqrt{T g^2}} = \frac{\eta}{\sqrt{T}}",
      lambda m, eta, g, T: (eta * g / m.sqrt(T * g**2), "=", eta / m.sqrt(T)), "eta:pos g:pos T:pos",
      f"{DHS} §1 (constant gradient: step eta/sqrt(T))", "root", assume=[r"\eta > 0", "g > 0", r"T \ge 1"]),
    F("adagrad-const-grad-T", r"\frac{\eta g}{\sqrt{T g^2}} = \frac{\eta}{T}",
      lambda m, eta, g, T: (eta * g / m.sqrt(T * g**2), "=", eta / T), "eta:pos g:pos T:pos",
      f"{DHS} §1 (dropped the root)", "root", {"eta": 1, "g": 1, "T": 4}, assume=[r"\eta > 0", "g > 0", r"T \ge 1"]),
    F("adagrad-const-grad-sign", r"\frac{\eta g}{\sqrt{T g^2}} = \frac{\eta}{\sqrt{T}}",
      lambda m, eta, g, T: (eta * g / m.sqrt(T * g**2), "=", eta / m.sqrt(T)), "eta:pos g:neg T:pos",
      f"{DHS} §1 (g > 0 dropped: sign(g) lost)", "root", {"eta": 1, "g": -1, "T": 1},
      assume=[r"\eta > 0", r"g \ne 0", r"T \ge 1"]),
    T("adagrad-regret-step", r"\frac{D^2}{2\eta} + \eta = \sqrt{2}D",
      lambda m, D: (D**2 / (2 * (D / m.sqrt(2))) + D / m.sqrt(2), "=", m.sqrt(2) * D), "D:pos",
      f"{DHS} §1 Cor. 1 (eta = D/sqrt 2)", "root", assume=[r"\eta = D/\sqrt{2}", "D > 0"]),
    F("adagrad-regret-step-const", r"\frac{D^2}{2\eta} + \eta = 2D",
      lambda m, D: (D**2 / (2 * (D / m.sqrt(2))) + D / m.sqrt(2), "=", 2 * D), "D:pos",
      f"{DHS} §1 Cor. 1 (wrong constant)", "root", {"D": 1}, assume=[r"\eta = D/\sqrt{2}", "D > 0"]),
    T("adagrad-lemma4-T2", r"\frac{a_1}{\sqrt{a_1}} + \frac{a_2}{\sqrt{a_1 + a_2}} \le 2\sqrt{a_1 + a_2}",
      lambda m, a1, a2: (a1 / m.sqrt(a1) + a2 / m.sqrt(a1 + a2), "<=", 2 * m.sqrt(a1 + a2)), "a1:pos a2:nn",
      f"{DHS} Lemma 4 (T = 2)", "root", "a_t/sqrt(S_t) <= 2(sqrt(S_t) - sqrt(S_{t-1}))",
      assume=[r"a_1 > 0", r"a_2 \ge 0"]),
    F("adagrad-lemma4-T2-const", r"\frac{a_1}{\sqrt{a_1}} + \frac{a_2}{\sqrt{a_1 + a_2}} \le \sqrt{a_1 + a_2}",
      lambda m, a1, a2: (a1 / m.sqrt(a1) + a2 / m.sqrt(a1 + a2), "<=", m.sqrt(a1 + a2)), "a1:pos a2:nn",
      f"{DHS} Lemma 4 (dropped factor 2)", "root", {"a1": 1, "a2": 1}, assume=[r"a_1 > 0", r"a_2 \ge 0"]),
    T("adagrad-sqrt-step", r"\frac{a}{\sqrt{s + a}} \le 2\left(\sqrt{s + a} - \sqrt{s}\right)",
      lambda m, a, s: (a / m.sqrt(s + a), "<=", 2 * (m.sqrt(s + a) - m.sqrt(s))), "a:pos s:nn",
      f"{DHS} Lemma 4 (one step of the induction)", "root", "multiply by sqrt(s+a): a <= 2(s + a) - 2 sqrt(s(s+a))",
      assume=[r"a > 0", r"s \ge 0"]),
]
