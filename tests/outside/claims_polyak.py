"""Polyak, "Introduction to Optimization" (Optimization Software, 1987): gradient method on quadratics (§1.4),
the heavy-ball method (§3.2.1), the Polyak step (§5.3), Newton's method (§1.5), and the PL condition (§1.4)."""

from __future__ import annotations

from entry import F, T

__all__ = ["CLAIMS"]

P = "Polyak 1987"
HB = [r"\alpha = \frac{4}{(\sqrt{L} + \sqrt{\ell})^2}", r"\beta = \left(\frac{\sqrt{L} - \sqrt{\ell}}{\sqrt{L} + \sqrt{\ell}}\right)^2",
      r"0 < \ell \le L"]
NEWTON = r"x_{k+1} = \frac{1}{2}\left(x_k + \frac{a}{x_k}\right)"


def _hb(m, L, ell):
    s = m.sqrt(L) + m.sqrt(ell)
    return 4 / s**2, ((m.sqrt(L) - m.sqrt(ell)) / s) ** 2


def _ll(m, L, ell):
    return [ell <= L]


CLAIMS = [
    # §3.2.1 heavy ball on quadratics with ell <= eigenvalues <= L
    T("polyak-hb-rate", r"\frac{\sqrt{L} - \sqrt{\ell}}{\sqrt{L} + \sqrt{\ell}} = \frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1}",
      lambda m, L, ell: ((m.sqrt(L) - m.sqrt(ell)) / (m.sqrt(L) + m.sqrt(ell)), "=",
                       (m.sqrt(L / ell) - 1) / (m.sqrt(L / ell) + 1)), "L:pos ell:pos", f"{P} §3.2.1", "root",
      assume=[r"\kappa = L/\ell", r"L > 0", r"\ell > 0"]),
    F("polyak-hb-rate-nosqrt", r"\frac{\sqrt{L} - \sqrt{\ell}}{\sqrt{L} + \sqrt{\ell}} = \frac{\kappa - 1}{\kappa + 1}",
      lambda m, L, ell: ((m.sqrt(L) - m.sqrt(ell)) / (m.sqrt(L) + m.sqrt(ell)), "=", (L / ell - 1) / (L / ell + 1)),
      "L:pos ell:pos", f"{P} §3.2.1 (GD's rate in place of heavy ball's)", "root", {"L": 4, "ell": 1},
      assume=[r"\kappa = L/\ell", r"L > 0", r"\ell > 0"]),
    T("polyak-hb-vs-gd", r"\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1} \le \frac{\kappa - 1}{\kappa + 1}",
      lambda m, k: ((m.sqrt(k) - 1) / (m.sqrt(k) + 1), "<=", (k - 1) / (k + 1)), "k:pos", f"{P} §3.2.1",
      "root", "with s = sqrt(kappa) >= 1: (s-1)/(s+1) <= (s^2-1)/(s^2+1) iff s^2 + 1 <= (s+1)^2",
      hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    F("polyak-hb-vs-gd-flip", r"\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1} \ge \frac{\kappa - 1}{\kappa + 1}",
      lambda m, k: ((m.sqrt(k) - 1) / (m.sqrt(k) + 1), ">=", (k - 1) / (k + 1)), "k:pos", f"{P} §3.2.1 (flipped)",
      "root", {"k": 4}, hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    T("polyak-hb-double-root-ell", r"(1 + \beta - \alpha\ell)^2 = 4\beta",
      lambda m, L, ell: ((1 + _hb(m, L, ell)[1] - _hb(m, L, ell)[0] * ell) ** 2, "=", 4 * _hb(m, L, ell)[1]), "L:pos ell:pos",
      f"{P} §3.2.1 (double root of z^2 - (1 + beta - alpha lambda) z + beta at lambda = ell)", "root",
      "both sides equal 4(sqrt L - sqrt ell)^2/(sqrt L + sqrt ell)^2", hyps=_ll, assume=HB),
    T("polyak-hb-double-root-L", r"(1 + \beta - \alpha L)^2 = 4\beta",
      lambda m, L, ell: ((1 + _hb(m, L, ell)[1] - _hb(m, L, ell)[0] * L) ** 2, "=", 4 * _hb(m, L, ell)[1]), "L:pos ell:pos",
      f"{P} §3.2.1 (double root at lambda = L)", "root", "1 + beta - alpha L = -2(L - ell)/(sqrt L + sqrt ell)^2",
      hyps=_ll, assume=HB),
    F("polyak-hb-double-root-const", r"(1 + \beta - \alpha L)^2 = \beta",
      lambda m, L, ell: ((1 + _hb(m, L, ell)[1] - _hb(m, L, ell)[0] * L) ** 2, "=", _hb(m, L, ell)[1]), "L:pos ell:pos",
      f"{P} §3.2.1 (dropped 4)", "root", {"L": 4, "ell": 1}, hyps=_ll, assume=HB),
    T("polyak-hb-roots", r"z_1 z_2 = \beta",
      lambda m, s, be: ((s + m.sqrt(s**2 - 4 * be)) / 2 * ((s - m.sqrt(s**2 - 4 * be)) / 2), "=", be), "s be:unit",
      f"{P} §3.2.1 (Vieta for the characteristic polynomial)", "root", hyps=lambda m, s, be: [s**2 >= 4 * be],
      assume=[r"z_1 = \frac{s + \sqrt{s^2 - 4\beta}}{2}", r"z_2 = \frac{s - \sqrt{s^2 - 4\beta}}{2}",
              r"s^2 \ge 4\beta", r"0 < \beta < 1"]),
    T("polyak-hb-roots-sum", r"z_1 + z_2 = 1 + \beta - \alpha\lambda",
      lambda m, al, lam, be: ((1 + be - al * lam + m.sqrt((1 + be - al * lam) ** 2 - 4 * be)) / 2
                              + (1 + be - al * lam - m.sqrt((1 + be - al * lam) ** 2 - 4 * be)) / 2, "=",
                              1 + be - al * lam), "al:pos lam:pos be:unit",
      f"{P} §3.2.1 (Vieta)", "root", hyps=lambda m, al, lam, be: [(1 + be - al * lam) ** 2 >= 4 * be],
      assume=[r"z_{1,2} = \frac{1 + \beta - \alpha\lambda \pm \sqrt{(1 + \beta - \alpha\lambda)^2 - 4\beta}}{2}"]),
    # §1.4 gradient method on quadratics
    T("polyak-gd-opt", r"\max\{|1 - \alpha\ell|, |1 - \alpha L|\} = \frac{L - \ell}{L + \ell}",
      lambda m, L, ell: (m.max(m.Abs(1 - 2 / (L + ell) * ell), m.Abs(1 - 2 / (L + ell) * L)), "=", (L - ell) / (L + ell)),
      "L:pos ell:pos", f"{P} §1.4.2 (alpha = 2/(L + ell))", "abs",
      "both absolute values equal (L - ell)/(L + ell)", hyps=_ll,
      assume=[r"\alpha = \frac{2}{L + \ell}", r"0 < \ell \le L"]),
    F("polyak-gd-opt-half", r"\max\{|1 - \alpha\ell|, |1 - \alpha L|\} = \frac{L - \ell}{2(L + \ell)}",
      lambda m, L, ell: (m.max(m.Abs(1 - 2 / (L + ell) * ell), m.Abs(1 - 2 / (L + ell) * L)), "=", (L - ell) / (2 * (L + ell))),
      "L:pos ell:pos", f"{P} §1.4.2 (spurious 1/2)", "abs", {"L": 3, "ell": 1}, hyps=_ll,
      assume=[r"\alpha = \frac{2}{L + \ell}", r"0 < \ell \le L"]),
    T("polyak-gd-contract", r"|1 - \alpha\lambda| < 1", lambda m, al, lam, L: (m.Abs(1 - al * lam), "<", 1),
      "al:pos lam:pos L:pos", f"{P} §1.4.2 (0 < alpha < 2/L)", "abs", "-1 < 1 - alpha lambda < 1",
      hyps=lambda m, al, lam, L: [al < 2 / L, lam <= L], assume=[r"0 < \alpha < 2/L", r"0 < \lambda \le L"]),
    F("polyak-gd-contract-closed", r"|1 - \alpha\lambda| < 1", lambda m, al, lam, L: (m.Abs(1 - al * lam), "<", 1),
      "al:pos lam:pos L:pos", f"{P} §1.4.2 (alpha = 2/L allowed)", "abs", {"al": 2, "lam": 1, "L": 1},
      hyps=lambda m, al, lam, L: [al <= 2 / L, lam <= L], assume=[r"0 < \alpha \le 2/L", r"0 < \lambda \le L"]),
    # §5.3 Polyak's step size
    T("polyak-step-expand",
      r"\|x_k - \alpha g - x^*\|^2 = \|x_k - x^*\|^2 - 2\alpha\langle g, x_k - x^*\rangle + \alpha^2\|g\|^2",
      lambda m, al, xk, xo, g: (m.nsq(xk - al * g - xo), "=", m.nsq(xk - xo) - 2 * al * m.dot(g, xk - xo)
                                + al**2 * m.nsq(g)), "al xk:vec xo:vec g:vec", f"{P} §5.3.2", "vector",
      vectors="x,g"),
    F("polyak-step-expand-sign",
      r"\|x_k - \alpha g - x^*\|^2 = \|x_k - x^*\|^2 + 2\alpha\langle g, x_k - x^*\rangle + \alpha^2\|g\|^2",
      lambda m, al, xk, xo, g: (m.nsq(xk - al * g - xo), "=", m.nsq(xk - xo) + 2 * al * m.dot(g, xk - xo)
                                + al**2 * m.nsq(g)), "al xk:vec xo:vec g:vec", f"{P} §5.3.2 (sign)", "vector",
      {"al": 1, "xk": [1], "xo": [0], "g": [1]}, vectors="x,g"),
    T("polyak-step-value", r"-2\alpha\delta + \alpha^2\|g\|^2 = -\frac{\delta^2}{\|g\|^2}",
      lambda m, d, g: (-2 * (d / m.nsq(g)) * d + (d / m.nsq(g)) ** 2 * m.nsq(g), "=", -d**2 / m.nsq(g)),
      "d:pos g:vec", f"{P} §5.3.2 (alpha = (f(x_k) - f^*)/||g||^2)", "vector",
      "expand", hyps=lambda m, d, g: [m.nsq(g) > 0],
      assume=[r"\alpha = \frac{\delta}{\|g\|^2}", r"\delta > 0", r"\|g\| > 0"]),
    F("polyak-step-value-const", r"-2\alpha\delta + \alpha^2\|g\|^2 = -\frac{2\delta^2}{\|g\|^2}",
      lambda m, d, g: (-2 * (d / m.nsq(g)) * d + (d / m.nsq(g)) ** 2 * m.nsq(g), "=", -2 * d**2 / m.nsq(g)),
      "d:pos g:vec", f"{P} §5.3.2 (factor 2)", "vector", {"d": 1, "g": [1]}, hyps=lambda m, d, g: [m.nsq(g) > 0],
      assume=[r"\alpha = \frac{\delta}{\|g\|^2}", r"\delta > 0", r"\|g\| > 0"]),
    # §1.4 gradient dominance (PL) condition
    T("polyak-pl-step", r"\Delta - \frac{1}{2L}\|g\|^2 \le \left(1 - \frac{\mu}{L}\right)\Delta",
      lambda m, D, L, mu, g: (D - m.nsq(g) / (2 * L), "<=", (1 - mu / L) * D), "D L:pos mu:pos g:vec",
      f"{P} §1.4 (gradient dominance)", "vector", "subtract: -||g||^2/(2L) <= -mu Delta / L by hypothesis",
      hyps=lambda m, D, L, mu, g: [m.nsq(g) / 2 >= mu * D],
      assume=[r"\frac{1}{2}\|g\|^2 \ge \mu\Delta", "L > 0", r"\mu > 0"]),
    F("polyak-pl-step-const", r"\Delta - \frac{1}{2L}\|g\|^2 \le \left(1 - \frac{2\mu}{L}\right)\Delta",
      lambda m, D, L, mu, g: (D - m.nsq(g) / (2 * L), "<=", (1 - 2 * mu / L) * D), "D L:pos mu:pos g:vec",
      f"{P} §1.4 (factor 2)", "vector", {"D": "1/2", "L": 1, "mu": 1, "g": [1]},
      hyps=lambda m, D, L, mu, g: [m.nsq(g) / 2 >= mu * D],
      assume=[r"\frac{1}{2}\|g\|^2 \ge \mu\Delta", "L > 0", r"\mu > 0"]),
    # §1.5 Newton's method (square root iteration)
    T("polyak-newton-sqrt", r"x_{k+1} - \sqrt{a} = \frac{(x_k - \sqrt{a})^2}{2x_k}",
      lambda m, a, x: ((x + a / x) / 2 - m.sqrt(a), "=", (x - m.sqrt(a)) ** 2 / (2 * x)), "a:pos x:pos",
      f"{P} §1.5.1 (quadratic convergence)", "root", assume=[NEWTON, "a > 0", "x_k > 0"]),
    F("polyak-newton-sqrt-const", r"x_{k+1} - \sqrt{a} = \frac{(x_k - \sqrt{a})^2}{x_k}",
      lambda m, a, x: ((x + a / x) / 2 - m.sqrt(a), "=", (x - m.sqrt(a)) ** 2 / x), "a:pos x:pos",
      f"{P} §1.5.1 (dropped 1/2)", "root", {"a": 1, "x": 2}, assume=[NEWTON, "a > 0", "x_k > 0"]),
    T("polyak-newton-above", r"x_{k+1} \ge \sqrt{a}", lambda m, a, x: ((x + a / x) / 2, ">=", m.sqrt(a)),
      "a:pos x:pos", f"{P} §1.5.1", "root", "AM-GM on x_k and a/x_k", assume=[NEWTON, "a > 0", "x_k > 0"]),
    F("polyak-newton-above-nohyp", r"x_{k+1} \ge \sqrt{a}", lambda m, a, x: ((x + a / x) / 2, ">=", m.sqrt(a)),
      "a:pos x:neg", f"{P} §1.5.1 (x_k > 0 dropped)", "root", {"a": 1, "x": -1}, assume=[NEWTON, "a > 0"]),
    T("polyak-sequence-lemma", r"q^{k+1}u_0 \le q^k u_0", lambda m, q, k, u: (q ** (k + 1) * u, "<=", q**k * u),
      "q:unitc k:nat u:nn", f"{P} §2.2.1 (geometric decrease)", "polynomial", "q^k u_0 (1 - q) >= 0",
      assume=[r"0 \le q \le 1", r"u_0 \ge 0", r"k \in \mathbb{N}"]),
    F("polyak-sequence-lemma-neg", r"q^{k+1}u_0 \le q^k u_0", lambda m, q, k, u: (q ** (k + 1) * u, "<=", q**k * u),
      "q:unitc k:nat u", f"{P} §2.2.1 (u_0 >= 0 dropped)", "polynomial", {"q": "1/2", "k": 0, "u": -1},
      assume=[r"0 \le q \le 1", r"k \in \mathbb{N}"]),
    # gradient flow on a quadratic and the matrix exponential
    T("polyak-flow-solution", r"\frac{d}{dt}\left(e^{-\lambda t}x_0\right) = -\lambda e^{-\lambda t}x_0",
      lambda m, lam, t, x0: (m.diff(lambda s: m.exp(-lam * s) * x0, t), "=", -lam * m.exp(-lam * t) * x0), "lam t x0",
      f"{P} §1.4 (the gradient flow of f = lambda x^2/2)", "calculus"),
    F("higham-expm-sum", r"e^{A}e^{B} = e^{A + B}", lambda m, A, B: (m.expm(A) * m.expm(B), "=", m.expm(A + B)),
      "A:mat B:mat", "Higham, Functions of Matrices (SIAM 2008) §10.1 (true only when AB = BA)", "matrix",
      {"A": [[0, 1], [0, 0]], "B": [[0, 0], [1, 0]]}, matrices="A,B"),
]
