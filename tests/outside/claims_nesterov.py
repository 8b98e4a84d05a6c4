"""Nesterov, "Lectures on Convex Optimization" (2nd ed., Springer 2018): gradient method, smooth and strongly
convex functions, the optimal (accelerated) method.  Abstract inequalities are checked on the instances the
book uses to show they are tight (quadratics f(x) = (a/2)||x||^2 with mu <= a <= L)."""

from __future__ import annotations

from entry import F, T

__all__ = ["CLAIMS"]

N = "Nesterov 2018"
MUL = {"assume": [r"0 < \mu \le a \le L"]}
TDEF = r"t_{k+1} = \frac{1 + \sqrt{1 + 4t_k^2}}{2}"


def _sandwich(m, mu, a, L):
    return [mu <= a, a <= L]


def _tnext(m, t):
    return (1 + m.sqrt(1 + 4 * t**2)) / 2


CLAIMS = [
    # §1.2.3: the gradient method, one step on an L-smooth function
    T("nesterov-quad-taylor", r"\frac{L}{2}\|y\|^2 = \frac{L}{2}\|x\|^2 + L\langle x, y - x\rangle + \frac{L}{2}\|y - x\|^2",
      lambda m, L, x, y: (L / 2 * m.nsq(y), "=", L / 2 * m.nsq(x) + L * m.dot(x, y - x) + L / 2 * m.nsq(y - x)),
      "L:pos x:vec y:vec", f"{N} §1.2.2 (Lemma 1.2.3 is tight for (L/2)||x||^2)", "vector", vectors="x,y"),
    F("nesterov-quad-taylor-const", r"\frac{L}{2}\|y\|^2 = \frac{L}{2}\|x\|^2 + L\langle x, y - x\rangle + L\|y - x\|^2",
      lambda m, L, x, y: (L / 2 * m.nsq(y), "=", L / 2 * m.nsq(x) + L * m.dot(x, y - x) + L * m.nsq(y - x)),
      "L:pos x:vec y:vec", f"{N} §1.2.2 (dropped 1/2)", "vector", {"L": 1, "x": [0], "y": [1]}, vectors="x,y"),
    T("nesterov-step-decrease", r"-h\|\nabla f(x)\|^2 + \frac{h^2 L}{2}\|\nabla f(x)\|^2 = -h\left(1 - \frac{h}{2}L\right)\|\nabla f(x)\|^2",
      lambda m, h, L, g: (-h * m.nsq(g) + h**2 * L / 2 * m.nsq(g), "=", -h * (1 - h / 2 * L) * m.nsq(g)),
      "h L:pos g:vec", f"{N} §1.2.3 (1.2.15)", "vector", assume="L > 0"),
    T("nesterov-step-best", r"h\left(1 - \frac{h}{2}L\right) \le \frac{1}{2L}",
      lambda m, h, L: (h * (1 - h / 2 * L), "<=", 1 / (2 * L)), "h L:pos", f"{N} §1.2.3 (optimal step h = 1/L)",
      "rational", "1/(2L) - h + h^2 L/2 = (L/2)(h - 1/L)^2", assume="L > 0"),
    F("nesterov-step-best-const", r"h\left(1 - \frac{h}{2}L\right) \le \frac{1}{4L}",
      lambda m, h, L: (h * (1 - h / 2 * L), "<=", 1 / (4 * L)), "h L:pos", f"{N} §1.2.3 (wrong constant)",
      "rational", {"h": 1, "L": 1}, assume="L > 0"),
    T("nesterov-step-positive", r"h\left(1 - \frac{h}{2}L\right) > 0",
      lambda m, h, L: (h * (1 - h / 2 * L), ">", 0), "h:pos L:pos", f"{N} §1.2.3 (steps in (0, 2/L))",
      "polynomial", "both factors are positive", hyps=lambda m, h, L: [h < 2 / L], assume=[r"0 < h < \frac{2}{L}", "L > 0"]),
    F("nesterov-step-positive-closed", r"h\left(1 - \frac{h}{2}L\right) > 0",
      lambda m, h, L: (h * (1 - h / 2 * L), ">", 0), "h:pos L:pos", f"{N} §1.2.3 (closed interval)",
      "polynomial", {"h": 2, "L": 1}, hyps=lambda m, h, L: [h <= 2 / L],
      assume=[r"0 < h \le \frac{2}{L}", "L > 0"]),
    # §2.1.1-2.1.3: smooth convex and strongly convex functions, on quadratics
    T("nesterov-cocoercive", r"a\|x - y\|^2 \ge \frac{a^2}{L}\|x - y\|^2",
      lambda m, a, L, x, y: (a * m.nsq(x - y), ">=", a**2 / L * m.nsq(x - y)), "a:nn L:pos x:vec y:vec",
      f"{N} §2.1.1 Thm 2.1.5 (2.1.11) for f = (a/2)||x||^2", "vector", "a - a^2/L = a(L - a)/L >= 0",
      hyps=lambda m, a, L, x, y: [a <= L], assume=[r"0 \le a \le L"], vectors="x,y"),
    F("nesterov-cocoercive-const", r"a\|x - y\|^2 \ge \frac{2a^2}{L}\|x - y\|^2",
      lambda m, a, L, x, y: (a * m.nsq(x - y), ">=", 2 * a**2 / L * m.nsq(x - y)), "a:nn L:pos x:vec y:vec",
      f"{N} §2.1.1 Thm 2.1.5 (wrong constant)", "vector", {"a": 1, "L": 1, "x": [1], "y": [0]},
      hyps=lambda m, a, L, x, y: [a <= L], assume=[r"0 \le a \le L"], vectors="x,y"),
    T("nesterov-2112", r"a \ge \frac{\mu L}{\mu + L} + \frac{a^2}{\mu + L}",
      lambda m, mu, a, L: (a, ">=", mu * L / (mu + L) + a**2 / (mu + L)), "mu:pos a:pos L:pos",
      f"{N} §2.1.3 Thm 2.1.12 (2.1.32) in one dimension", "rational", "(a - mu)(L - a) >= 0",
      hyps=_sandwich, **MUL),
    F("nesterov-2112-nohyp", r"a \ge \frac{\mu L}{\mu + L} + \frac{a^2}{\mu + L}",
      lambda m, mu, a, L: (a, ">=", mu * L / (mu + L) + a**2 / (mu + L)), "mu:pos a:pos L:pos",
      f"{N} §2.1.3 Thm 2.1.12 (a <= L dropped)", "rational", {"mu": 1, "a": 4, "L": 2},
      hyps=lambda m, mu, a, L: [mu <= L], assume=[r"0 < \mu \le L", "a > 0"]),
    T("nesterov-contraction-opt", r"\left|1 - \frac{2a}{\mu + L}\right| \le \frac{L - \mu}{L + \mu}",
      lambda m, mu, a, L: (m.Abs(1 - 2 * a / (mu + L)), "<=", (L - mu) / (L + mu)), "mu:pos a:pos L:pos",
      f"{N} §2.1.5 Thm 2.1.15 (h = 2/(mu + L))", "abs", "1 - 2a/(mu+L) is affine in a, extreme at a = mu, L",
      hyps=_sandwich, **MUL),
    F("nesterov-contraction-opt-half", r"\left|1 - \frac{2a}{\mu + L}\right| \le \frac{L - \mu}{2(L + \mu)}",
      lambda m, mu, a, L: (m.Abs(1 - 2 * a / (mu + L)), "<=", (L - mu) / (2 * (L + mu))), "mu:pos a:pos L:pos",
      f"{N} §2.1.5 Thm 2.1.15 (spurious 1/2)", "abs", {"mu": 1, "a": 1, "L": 3}, hyps=_sandwich, **MUL),
    T("nesterov-contraction-1L", r"\left|1 - \frac{a}{L}\right| \le 1 - \frac{\mu}{L}",
      lambda m, mu, a, L: (m.Abs(1 - a / L), "<=", 1 - mu / L), "mu:pos a:pos L:pos",
      f"{N} §2.1.5 Thm 2.1.15 (h = 1/L)", "abs", "0 <= 1 - a/L <= 1 - mu/L", hyps=_sandwich, **MUL),
    F("nesterov-contraction-2L", r"\left|1 - \frac{2a}{L}\right| \le 1 - \frac{\mu}{L}",
      lambda m, mu, a, L: (m.Abs(1 - 2 * a / L), "<=", 1 - mu / L), "mu:pos a:pos L:pos",
      f"{N} §2.1.5 (step 2/L instead of 1/L)", "abs", {"mu": 1, "a": 2, "L": 2}, hyps=_sandwich, **MUL),
    T("nesterov-kappa", r"\frac{L - \mu}{L + \mu} = \frac{\kappa - 1}{\kappa + 1}",
      lambda m, L, mu: ((L - mu) / (L + mu), "=", (L / mu - 1) / (L / mu + 1)), "L:pos mu:pos",
      f"{N} §2.1.5 (condition number kappa = L/mu)", "rational",
      assume=[r"\kappa = L/\mu", r"\mu > 0", "L > 0"]),
    F("nesterov-kappa-den", r"\frac{L - \mu}{L + \mu} = \frac{\kappa - 1}{\kappa}",
      lambda m, L, mu: ((L - mu) / (L + mu), "=", (L / mu - 1) / (L / mu)), "L:pos mu:pos",
      f"{N} §2.1.5 (wrong denominator)", "rational", {"L": 2, "mu": 1},
      assume=[r"\kappa = L/\mu", r"\mu > 0", "L > 0"]),
    T("nesterov-rate-sq", r"\left(\frac{\kappa - 1}{\kappa + 1}\right)^2 \le \frac{\kappa - 1}{\kappa + 1}",
      lambda m, k: (((k - 1) / (k + 1)) ** 2, "<=", (k - 1) / (k + 1)), "k:pos", f"{N} §2.1.5",
      "rational", "0 <= q < 1 implies q^2 <= q", hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    T("nesterov-rate-exp", r"\frac{\kappa - 1}{\kappa + 1} \le e^{-2/(\kappa + 1)}",
      lambda m, k: ((k - 1) / (k + 1), "<=", m.exp(-2 / (k + 1))), "k:pos", f"{N} §2.1.5 (rate as an exponential)",
      "transcendental", "1 - x <= e^{-x} with x = 2/(kappa + 1)", hyps=lambda m, k: [k >= 1],
      assume=r"\kappa \ge 1"),
    F("nesterov-rate-exp-const", r"\frac{\kappa - 1}{\kappa + 1} \le e^{-4/(\kappa + 1)}",
      lambda m, k: ((k - 1) / (k + 1), "<=", m.exp(-4 / (k + 1))), "k:pos", f"{N} §2.1.5 (wrong constant)",
      "transcendental", {"k": 3}, hyps=lambda m, k: [k >= 1], assume=r"\kappa \ge 1"),
    T("nesterov-accel-vs-gd", r"1 - \sqrt{\frac{\mu}{L}} \le 1 - \frac{\mu}{L}",
      lambda m, mu, L: (1 - m.sqrt(mu / L), "<=", 1 - mu / L), "mu:pos L:pos", f"{N} §2.2.1 (2.2.19) vs §2.1.5",
      "root", "q = mu/L in (0, 1] has sqrt(q) >= q", hyps=lambda m, mu, L: [mu <= L], assume=r"0 < \mu \le L"),
    F("nesterov-accel-vs-gd-flip", r"1 - \frac{\mu}{L} \le 1 - \sqrt{\frac{\mu}{L}}",
      lambda m, mu, L: (1 - mu / L, "<=", 1 - m.sqrt(mu / L)), "mu:pos L:pos", f"{N} §2.2.1 (flipped)",
      "root", {"mu": 1, "L": 4}, hyps=lambda m, mu, L: [mu <= L], assume=r"0 < \mu \le L"),
    T("nesterov-strong-quad", r"\frac{a}{2}y^2 \ge \frac{a}{2}x^2 + a x(y - x) + \frac{\mu}{2}(y - x)^2",
      lambda m, a, mu, x, y: (a / 2 * y**2, ">=", a / 2 * x**2 + a * x * (y - x) + mu / 2 * (y - x) ** 2),
      "a:pos mu:pos x y", f"{N} §2.1.3 Def 2.1.3 for f = (a/2)x^2", "polynomial",
      "difference = (a - mu)(y - x)^2/2", hyps=lambda m, a, mu, x, y: [mu <= a], assume=r"0 < \mu \le a"),
    F("nesterov-strong-quad-const", r"\frac{a}{2}y^2 \ge \frac{a}{2}x^2 + a x(y - x) + \mu(y - x)^2",
      lambda m, a, mu, x, y: (a / 2 * y**2, ">=", a / 2 * x**2 + a * x * (y - x) + mu * (y - x) ** 2),
      "a:pos mu:pos x y", f"{N} §2.1.3 (dropped 1/2)", "polynomial", {"a": 1, "mu": 1, "x": 0, "y": 1},
      hyps=lambda m, a, mu, x, y: [mu <= a], assume=r"0 < \mu \le a"),
    T("nesterov-pl", r"\frac{1}{2\mu}(a x)^2 \ge \frac{a}{2}x^2",
      lambda m, mu, a, x: ((a * x) ** 2 / (2 * mu), ">=", a / 2 * x**2), "mu:pos a:pos x",
      f"{N} §2.1.3 Thm 2.1.10 (2.1.24) for f = (a/2)x^2", "rational", "a^2/mu >= a when a >= mu",
      hyps=lambda m, mu, a, x: [mu <= a], assume=r"0 < \mu \le a"),
    F("nesterov-pl-L", r"\frac{1}{2L}(a x)^2 \ge \frac{a}{2}x^2",
      lambda m, mu, a, L, x: ((a * x) ** 2 / (2 * L), ">=", a / 2 * x**2), "mu:pos a:pos L:pos x",
      f"{N} §2.1.3 (L in place of mu)", "rational", {"mu": 1, "a": 1, "L": 2, "x": 1}, hyps=lambda m, mu, a, L, x: [mu <= a, a <= L],
      **MUL),
    T("nesterov-rate-k", r"\frac{2}{(k+1)(k+2)} \le \frac{2}{(k+1)^2}",
      lambda m, k: (2 / ((k + 1) * (k + 2)), "<=", 2 / (k + 1) ** 2), "k:nat", f"{N} §2.2.1 Lemma 2.2.4",
      "rational", "k + 2 > k + 1", assume=r"k \ge 0"),
    # §2.2: the estimate sequence / FISTA-type parameter
    T("nesterov-t-identity", r"t_{k+1}^2 - t_{k+1} = t_k^2",
      lambda m, t: (_tnext(m, t) ** 2 - _tnext(m, t), "=", t**2), "t", f"{N} §2.2.1 (2.2.9) constant step scheme",
      "root", assume=TDEF),
    F("nesterov-t-identity-sign", r"t_{k+1}^2 + t_{k+1} = t_k^2",
      lambda m, t: (_tnext(m, t) ** 2 + _tnext(m, t), "=", t**2), "t", f"{N} §2.2.1 (sign slip)", "root",
      {"t": 0}, assume=TDEF),
    T("nesterov-t-grows", r"t_{k+1} \ge t_k + \frac{1}{2}", lambda m, t: (_tnext(m, t), ">=", t + m.R(1, 2)),
      "t:nn", f"{N} §2.2.1 Lemma 2.2.4", "root", "sqrt(1 + 4t^2) >= 2t", assume=[TDEF, r"t_k \ge 0"]),
    F("nesterov-t-grows-1", r"t_{k+1} \ge t_k + 1", lambda m, t: (_tnext(m, t), ">=", t + 1), "t:nn",
      f"{N} §2.2.1 (wrong increment)", "root", {"t": 1}, assume=[TDEF, r"t_k \ge 0"]),
    T("nesterov-t-upper", r"t_{k+1} \le t_k + 1", lambda m, t: (_tnext(m, t), "<=", t + 1), "t:nn",
      f"{N} §2.2.1", "root", "sqrt(1 + 4t^2) <= 1 + 2t for t >= 0", assume=[TDEF, r"t_k \ge 0"]),
    T("nesterov-beta-range", r"0 \le \frac{t_k - 1}{t_{k+1}} < 1",
      lambda m, t: [(0, "<=", (t - 1) / _tnext(m, t)), ((t - 1) / _tnext(m, t), "<", 1)], "t:pos",
      f"{N} §2.2.1 (momentum coefficient)", "root", "t_{k+1} > t_k > t_k - 1 >= 0",
      hyps=lambda m, t: [t >= 1], assume=[TDEF, r"t_k \ge 1"]),
    F("nesterov-beta-range-nohyp", r"0 \le \frac{t_k - 1}{t_{k+1}} < 1",
      lambda m, t: [(0, "<=", (t - 1) / _tnext(m, t)), ((t - 1) / _tnext(m, t), "<", 1)], "t:pos",
      f"{N} §2.2.1 (t_k >= 1 weakened to t_k > 0)", "root", {"t": "1/2"}, assume=[TDEF, r"t_k > 0"]),
]
