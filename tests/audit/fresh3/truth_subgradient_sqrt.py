"""Ground truth for subgradient_sqrt.md, decided by hand and checked exactly with SymPy (symgd is not used).

The one-step identity in R^2 with symbols for every coordinate; the inequalities by exact certificates (the difference
written as a sum of terms the assumptions make nonnegative: the subgradient inequality, eta_k > 0, ||g_k|| <= G,
R >= ||x0 - x*||); the summed bound by these certificates for K = 1..5 and the telescoping by induction; the
balanced step by an exact square; the example by running the method in exact rational arithmetic. The slips get
exact counterexamples on f(x) = |x|.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

eta, G, R, c = sp.symbols("eta G R c", positive=True)
K = sp.Symbol("K", integer=True, positive=True)
X = sp.Matrix(sp.symbols("x1:3", real=True))
XS = sp.Matrix(sp.symbols("s1:3", real=True))
Gv = sp.Matrix(sp.symbols("g1:3", real=True))
fk, fs = sp.symbols("f_k f_s", real=True)


def _dot(a: sp.Matrix, b: sp.Matrix) -> sp.Expr:
    return (a.T * b)[0]


def _summed(n: int) -> bool:
    """R^2 + G^2 sum eta_k^2 - 2 sum eta_k Delta_k = (R^2 - D_0) + D_n + sum slack_k, each term >= 0, where
    slack_k = D_k - D_{k+1} - 2 eta_k Delta_k + eta_k^2 G^2 >= 0 is the one-step bound."""
    D = sp.symbols(f"D0:{n + 1}", nonnegative=True)
    e = sp.symbols(f"e0:{n}", positive=True)
    dl = sp.symbols(f"Delta0:{n}", nonnegative=True)
    slack = [D[k] - D[k + 1] - 2 * e[k] * dl[k] + e[k] ** 2 * G**2 for k in range(n)]
    lhs = R**2 + G**2 * sum(x**2 for x in e) - 2 * sum(e[k] * dl[k] for k in range(n))
    return identical(lhs, (R**2 - D[0]) + D[n] + sum(slack))


def _abs_run(x0: sp.Rational, step, n: int) -> list[sp.Rational]:
    xs = [x0]
    for k in range(n):
        assert xs[-1] != 0  # |x| is differentiable there: the subgradient is the sign
        xs.append(xs[-1] - step(k) * sp.sign(xs[-1]))
    return xs


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    d = X - XS
    v[r"f(x^*) \ge f(x_k) + \langle g_k, x^* - x_k \rangle"] = identical(
        fs - (fk + _dot(Gv, XS - X)), fs - fk + _dot(Gv, d)
    )  # the defining inequality of g_k in the subdifferential
    x1 = X - eta * Gv
    first = _dot(d, d) - 2 * eta * _dot(Gv, d) + eta**2 * _dot(Gv, Gv)
    v[r"\|x_{k+1} - x^*\|^2 &= \|x_k - x^*\|^2 - 2\eta_k \langle g_k, x_k - x^* \rangle + \eta_k^2 \|g_k\|^2"] = (
        identical(_dot(x1 - XS, x1 - XS), first)
    )
    second = _dot(d, d) - 2 * eta * (fk - fs) + eta**2 * G**2
    sub_slack = _dot(Gv, d) - (fk - fs)  # >= 0: the subgradient inequality
    v[r"&\le \|x_k - x^*\|^2 - 2\eta_k \big(f(x_k) - f(x^*)\big) + \eta_k^2 G^2"] = identical(
        second - first, 2 * eta * sub_slack + eta**2 * (G**2 - _dot(Gv, Gv))
    )
    v[r"2 \sum_{k=0}^{K-1} \eta_k \big(f(x_k) - f(x^*)\big) \le R^2 + G^2 \sum_{k=0}^{K-1} \eta_k^2"] = all(
        _summed(n) for n in range(1, 6)
    )
    # slip: f = |x|, G = R = x0 = 1, eta_0 = 2, K = 1: f_best - f* = 1
    v[
        r"f_{\text{best}}^K - f(x^*) \le \frac{R^2 + G^2 \sum_{k=0}^{K-1} \eta_k^2}{2 \sum_{k=0}^{K-1} \eta_k^2}"
    ] = not false_at("<=", sp.Integer(1), (1 + 1 * 2**2) / sp.Integer(2 * 2**2), {})
    assert sp.Integer(1) <= sp.Rational(1 + 4, 2 * 2)  # the bound with 2 sum eta_k holds there
    v[r"f_{\text{best}}^K - f(x^*) \le \frac{R^2}{2\eta K} + \frac{G^2 \eta}{2}"] = identical(
        (R**2 + G**2 * K * eta**2) / (2 * K * eta), R**2 / (2 * eta * K) + G**2 * eta / 2
    )
    h = R**2 / (2 * eta * K) + G**2 * eta / 2
    es = R / (G * sp.sqrt(K))
    square = identical(h - R * G / sp.sqrt(K), (R - G * eta * sp.sqrt(K)) ** 2 / (2 * eta * K))  # >= 0
    v[r"\min_{\eta > 0} \left( \frac{R^2}{2\eta K} + \frac{G^2 \eta}{2} \right) = \frac{R G}{\sqrt{K}}"] = (
        square and identical(h.subs(eta, es), R * G / sp.sqrt(K))
    )
    v[r"\eta_\star = R/(G\sqrt{K})"] = identical(sp.diff(h, eta).subs(eta, es), 0)
    k = sp.Symbol("k", integer=True, positive=True)
    term = identical(1 / sp.sqrt(k) - 1 / sp.sqrt(K), (sp.sqrt(K) - sp.sqrt(k)) / (sp.sqrt(k) * sp.sqrt(K)))
    mono = identical(sp.sqrt(K) - sp.sqrt(k), (K - k) / (sp.sqrt(K) + sp.sqrt(k)))  # >= 0 for k <= K
    v[r"\sum_{k=1}^{K} \frac{1}{\sqrt{k}} \ge K \cdot \frac{1}{\sqrt{K}}"] = term and mono
    v[r"= \sqrt{K}"] = identical(K / sp.sqrt(K), sp.sqrt(K))
    xx = sp.Symbol("x", positive=True)
    v[r"\sum_{k=1}^{K} \frac{1}{k} \le \int_1^K \frac{dx}{x}"] = not false_at(
        "<=", sp.Integer(1), sp.integrate(1 / xx, (xx, 1, 1)), {}
    )  # K = 1: 1 <= 0
    v[r"= \ln K"] = identical(sp.integrate(1 / xx, (xx, 1, K)), sp.log(K))
    j = sp.Symbol("j", integer=True, nonnegative=True)
    etaj = c / sp.sqrt(j + 1)
    shifted = sp.Sum(c**2 / (j + 1), (j, 0, K - 1)).change_index(j, j + 1)
    v[r"\sum_k \eta_k^2 = c^2 \sum_{k=1}^{K} 1/k"] = (
        identical(etaj**2, c**2 / (j + 1)) and identical(shifted.args[0], c**2 / j) and shifted.limits[0][1:] == (1, K)
    )
    # slip: f = |x|, K = 1, c = 1, G = R = x0 = 1: f_best - f* = f(x0) = 1 > (1 + 0)/2
    v[r"f_{\text{best}}^K - f(x^*) \le \frac{R^2 + c^2 G^2 \ln K}{2 c \sqrt{K}}"] = not false_at(
        "<=", sp.Integer(1), (1 + sp.log(1)) / (2 * sp.sqrt(1)), {}
    )
    assert sp.Integer(1) <= (1 + 1 + sp.log(1)) / 2  # with 1 + ln K it holds there
    v[r"\eta_\star = 1/\sqrt{100}"] = es.subs({R: 1, G: 1, K: 100}) == 1 / sp.sqrt(100)
    v[r"= 1/10"] = 1 / sp.sqrt(100) == sp.Rational(1, 10)
    xs = _abs_run(sp.Rational(19, 20), lambda _: sp.Rational(1, 10), 100)
    v[r"x_k = \frac{19}{20} - \frac{k}{10}"] = all(xs[i] == sp.Rational(19, 20) - sp.Rational(i, 10) for i in range(11))
    v[r"x_{10} = -\frac{1}{20}"] = xs[10] == -sp.Rational(1, 20)
    v[r"x_{11} = \frac{1}{20}"] = xs[11] == sp.Rational(1, 20)
    best = min(abs(x) for x in xs[:100])
    v[r"f_{\text{best}}^{100} - f(x^*) = \frac{1}{20}"] = best == sp.Rational(1, 20)
    v[r"\le \frac{1}{10}"] = sp.Rational(1, 20) <= sp.Rational(1, 10)
    return v


def main() -> int:
    key = json.loads(Path(__file__).with_name("subgradient_sqrt.key.json").read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    for link in key["links"]:
        if link["truth"] not in ("correct", "slip"):
            continue
        ok = v.get(link["text"])
        agree = ok is not None and ok == (link["truth"] == "correct")
        bad += not agree
        print("correct" if ok else "SLIP   ", "" if agree else "<-- DISAGREES WITH THE KEY", link["text"])
    extra = set(v) - {link["text"] for link in key["links"]}
    bad += len(extra)
    for e in extra:
        print("not in the key:", e)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
