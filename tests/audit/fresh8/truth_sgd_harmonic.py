"""Ground truth for sgd_harmonic.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Notation: a = a_k >= 0, eta = eta_k = 1/(mu(k+1)); inner products and norms are scalar symbols where the step only
uses their algebra, and 2-D vectors where an expansion is claimed. Inequalities are checked as identities with
explicit nonnegative slacks (u, w >= 0); the theorem by its base case and induction step; the slips by exact
counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "sgd_harmonic.key.json"


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    mu, G, L, a, a0, u, w, s1, s2, Dn, eta = sp.symbols("mu G L a a0 u w s1 s2 Dn eta", positive=True)
    fx, _fy, P, _Q = sp.symbols("fx fy P Q", real=True)
    k = sp.Symbol("k", positive=True)   # k >= 1 is written k = 1 + j below where needed
    j = sp.Symbol("j", nonnegative=True)
    # strong convexity at (x,y) with slack s1 and at (y,x) with slack s2; P = <g(x), y-x>, Q = <g(y), x-y>, Dn = |x-y|^2
    fy_ = fx + P + mu / 2 * Dn + s1
    Q_ = fx - fy_ - mu / 2 * Dn - s2
    # <g(x) - g(y), x - y> = -P - Q
    v[r"\ip{\nabla f(x) - \nabla f(y)}{x - y} \ge \mu \norm{x - y}^2"] = identical((-P - Q_) - mu * Dn, s1 + s2)
    # minimiser of a differentiable strongly convex f: checked on the generic strongly convex quadratic
    x1, x2, b1, b2 = sp.symbols("x1 x2 b1 b2", real=True)
    p, r = sp.symbols("p r", positive=True)
    A = sp.Matrix([[p + mu, 0], [0, r + mu]])
    X = sp.Matrix([x1, x2])
    f = (X.T * A * X)[0] / 2 - b1 * x1 - b2 * x2
    xs = A.inv() * sp.Matrix([b1, b2])
    v[r"\nabla f(\xs) = 0"] = all(identical(sp.diff(f, z).subs({x1: xs[0], x2: xs[1]}), 0) for z in (x1, x2))
    # y = x*, grad f(x*) = 0: <g(x) - 0, x - x*> - mu |x - x*|^2 = s1 + s2 (same certificate, Q-term has g(y) = 0)
    Ip = sp.Symbol("Ip", real=True)  # <grad f(x), x - x*>
    v[r"\ip{\nabla f(x)}{x - \xs} \ge \mu\norm{x - \xs}^2"] = identical(
        (Ip - 0) - mu * Dn, (Ip - mu * Dn)) and identical((-P - Q_) - mu * Dn, s1 + s2)
    # the expansion, on 2-D vectors: the cross term has a factor 2
    e1, e2, g1, g2 = sp.symbols("e1 e2 g1 g2", real=True)  # e = x_k - x*, g = g_k
    lhs = (e1 - eta * g1) ** 2 + (e2 - eta * g2) ** 2
    assert identical(lhs, e1**2 + e2**2 - 2 * eta * (g1 * e1 + g2 * e2) + eta**2 * (g1**2 + g2**2))
    v[r"\norm{x_{k+1} - \xs}^2 = \norm{x_k - \xs}^2 - \eta_k \ip{g_k}{x_k - \xs} + \eta_k^2 \norm{g_k}^2"] = not false_at(
        "=", lhs, e1**2 + e2**2 - eta * (g1 * e1 + g2 * e2) + eta**2 * (g1**2 + g2**2),
        {e1: 1, e2: 0, g1: 1, g2: 0, eta: sp.Rational(1, 2)})
    # expectations: E<g, e> = E<grad f, e> =: Ig, E|g|^2 = G^2 - u
    Ig = sp.Symbol("Ig", real=True)
    exact = a - 2 * eta * Ig + eta**2 * (G**2 - u)
    v[r"a_{k+1} &\le a_k - 2\eta_k \E\ip{\nabla f(x_k)}{x_k - \xs} + \eta_k^2 G^2"] = identical(
        (a - 2 * eta * Ig + eta**2 * G**2) - exact, eta**2 * u)
    # Ig = mu a + w by monotonicity (w >= 0)
    v[r"&\le (1 - 2\mu\eta_k)\, a_k + \eta_k^2 G^2"] = identical(
        ((1 - 2 * mu * eta) * a + eta**2 * G**2) - (a - 2 * eta * (mu * a + w) + eta**2 * G**2), 2 * eta * w)
    etak = 1 / (mu * (k + 1))
    v[r"(1 - 2\mu\eta_k)\, a_k + \eta_k^2 G^2 = \Big(1 - \frac{2}{k+1}\Big) a_k + \frac{G^2}{\mu^2 (k+1)}"] = not false_at(
        "=", (1 - 2 * mu * etak) * a + etak**2 * G**2, (1 - 2 / (k + 1)) * a + G**2 / (mu**2 * (k + 1)),
        {k: 1, mu: 1, G: 1, a: 1})
    v[r"1 - \frac{2}{k+1} = \frac{k-1}{k+1}"] = identical(1 - 2 / (k + 1), (k - 1) / (k + 1))
    # base case: the recursion at k = 0
    eta0 = 1 / mu
    v[r"a_1 \le -a_0 + \frac{G^2}{\mu^2}"] = identical((1 - 2 * mu * eta0) * a0 + eta0**2 * G**2, -a0 + G**2 / mu**2)
    v[r"\le \frac{G^2}{\mu^2}."] = identical(G**2 / mu**2 - (-a0 + G**2 / mu**2), a0)
    # induction step, k = 1 + j (j >= 0), hypothesis a_k = G^2/(mu^2 k) - w, w >= 0
    kk = 1 + j
    hyp = G**2 / (mu**2 * kk) - w
    rec = (kk - 1) / (kk + 1) * hyp + G**2 / (mu**2 * (kk + 1) ** 2)
    first = (kk - 1) / (kk + 1) * G**2 / (mu**2 * kk) + G**2 / (mu**2 * (kk + 1) ** 2)
    v[r"a_{k+1} &\le \frac{k-1}{k+1}\cdot\frac{G^2}{\mu^2 k} + \frac{G^2}{\mu^2 (k+1)^2}"] = identical(
        first - rec, j / (j + 2) * w)
    second = G**2 / (mu**2 * (kk + 1)) * ((kk - 1) / kk + 1 / (kk + 1))
    v[r"&= \frac{G^2}{\mu^2 (k+1)} \Big( \frac{k-1}{k} + \frac{1}{k+1} \Big)"] = identical(first, second)
    third = G**2 / (mu**2 * (kk + 1)) * (1 - 1 / (kk * (kk + 1)))
    v[r"&= \frac{G^2}{\mu^2 (k+1)} \Big( 1 - \frac{1}{k(k+1)} \Big)"] = identical(second, third)
    v[r"\le \frac{G^2}{\mu^2 (k+1)} ,"] = identical(G**2 / (mu**2 * (kk + 1)) - third, G**2 / (mu**2 * kk * (kk + 1) ** 2))
    # the theorem: base case and induction step above (both exact); also the worst case of the recursion for k <= 30
    ok = True
    b = G**2 / mu**2  # a_1 <= G^2/mu^2 (a_0 = 0)
    for kv in range(1, 31):
        ok = ok and sp.simplify(G**2 / (mu**2 * kv) - b) >= 0
        b = sp.Rational(kv - 1, kv + 1) * G**2 / (mu**2 * kv) + G**2 / (mu**2 * (kv + 1) ** 2)
    v[r"\E\norm{x_k - \xs}^2 \le \frac{G^2}{\mu^2 k}"] = bool(ok) and v[r"\le \frac{G^2}{\mu^2 (k+1)} ,"]
    # descent lemma at x* (gradient 0), on f = h z^2/2 with 0 < h <= L: gap (L - h) z^2 / 2
    h, z = sp.symbols("h z", positive=True)
    v[r"\E f(x_k) - f(\xs) \le \frac{L}{2}\, a_k"] = identical(L / 2 * z**2 - h / 2 * z**2, (L - h) * z**2 / 2)
    v[r"\le \frac{L G^2}{2\mu^2 k}"] = identical(L * G**2 / (2 * mu**2 * k) - L / 2 * (G**2 / (mu**2 * k) - w), L * w / 2)
    K = sp.Symbol("K", integer=True, positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    # sum_{k=0}^{K-1} 1/(mu(k+1)) = sum_{i=1}^{K} 1/(mu i) (shift i = k + 1)
    v[r"\sum_{k=0}^{K-1} \eta_k = \frac{H_K}{\mu}"] = identical(sp.summation(1 / i, (i, 1, K)), sp.harmonic(K)) and all(
        sum(sp.Rational(1, kv + 1) for kv in range(Kv)) == sp.harmonic(Kv) for Kv in range(1, 12))
    v[r"\sum_{k=0}^{K-1} \eta_k^2 \le \frac{\pi^2}{6\mu^2}"] = sp.summation(1 / i**2, (i, 1, sp.oo)) == sp.pi**2 / 6
    # the 1-D example
    xk, xi, _sig = sp.symbols("x_k xi sigma", real=True)
    step = xk - etak * (mu * xk + xi)
    v[r"x_{k+1} = \frac{k}{k+1}\, x_k - \frac{\xi_k}{\mu (k+1)}"] = identical(step, k / (k + 1) * xk - xi / (mu * (k + 1)))
    v[r"(k+1)\,x_{k+1} = k\,x_k - \frac{\xi_k}{\mu}"] = identical((k + 1) * step, k * xk - xi / mu)
    xis = sp.symbols("xi0:8", real=True)
    x0 = sp.Symbol("x0", real=True)
    seq = [x0]
    for kv in range(7):
        seq.append(sp.Rational(kv, kv + 1) * seq[-1] - xis[kv] / (mu * (kv + 1)))
    assert all(identical(seq[kv], -sum(xis[:kv]) / (mu * kv)) for kv in range(1, 8))  # sum ends at k-1
    v[r"x_k = -\frac{1}{\mu k} \sum_{j=0}^{k} \xi_j"] = not false_at(
        "=", seq[1], -(xis[0] + xis[1]) / mu, {xis[0]: 0, xis[1]: 1, mu: 1})
    # E[(k x_k)^2] = E[((k-1) x_{k-1})^2] + sigma^2/mu^2 (xi_{k-1} independent, mean 0), so k^2 E x_k^2 = k sigma^2/mu^2
    sg = sp.Symbol("sg", positive=True)
    v[r"\E[x_k^2] = \frac{\sigma^2}{\mu^2 k}"] = identical(
        (k - 1) ** 2 * sg**2 / (mu**2 * (k - 1)) + sg**2 / mu**2, k**2 * sg**2 / (mu**2 * k)) and identical(
        1**2 * sg**2 / (mu**2 * 1), sg**2 / mu**2)
    Ex2, Exi = sp.symbols("Ex2 Exi", real=True)  # E[x_k^2], E[x_k xi_k] = E[x_k] E[xi_k] = 0
    v[r"\E[g_k^2] = \mu^2 \E[x_k^2] + \sigma^2"] = identical(
        (mu**2 * Ex2 + 2 * mu * Exi + sg**2).subs(Exi, 0), mu**2 * Ex2 + sg**2)
    return {key: bool(val) for key, val in v.items()}


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
