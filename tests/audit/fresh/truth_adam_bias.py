"""Ground truth for adam_bias.md, decided by hand and checked exactly with SymPy (symgd is not used).

The recursions m_t = b1 m_{t-1} + (1-b1) g_t, v_t = b2 v_{t-1} + (1-b2) g_t^2 from m_0 = v_0 = 0 are run
symbolically for t = 1..6 (closed forms for every t come from SymPy's geometric sum); 0 < b1, b2 < 1; a gradient
that is divided by is nonzero. The slips get exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _truth import false_at, identical

b1, b2, alpha, c1, c2 = sp.symbols("beta1 beta2 alpha c1 c2", positive=True)
t, i = sp.symbols("t i", integer=True, positive=True)
g = sp.Symbol("g", real=True, nonzero=True)
gs = sp.symbols("g1:7", real=True, nonzero=True)


def _moments(grads, beta):
    m, out = sp.Integer(0), []
    for gk in grads:
        m = beta * m + (1 - beta) * gk
        out.append(sp.expand(m))
    return out


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    ms = _moments(gs, b1)
    v[r"m_t = (1-\beta_1)\sum_{i=1}^{t} \beta_1^{\,t-i} g_i"] = all(
        identical(ms[k - 1], (1 - b1) * sum(b1 ** (k - j) * gs[j - 1] for j in range(1, k + 1))) for k in range(1, 7))
    v[r"(1-\beta_1)\sum_{i=1}^{t}\beta_1^{\,t-i} = 1-\beta_1^{\,t}"] = identical(
        sp.simplify((1 - b1) * sp.summation(b1 ** (t - i), (i, 1, t))), 1 - b1**t)
    const = _moments([g] * 6, b1)
    v[r"m_t = \left(1-\beta_1^{\,t+1}\right) g"] = all(identical(const[k - 1], (1 - b1 ** (k + 1)) * g)
                                                      for k in range(1, 7))
    assert false_at("=", const[0], (1 - b1**2) * g, {b1: sp.Rational(1, 2), g: 1})  # t = 1: g/2 vs 3g/4
    sq = _moments([g**2] * 6, b2)
    v[r"v_t = \left(1-\beta_2^{\,t}\right) g^2"] = all(identical(sq[k - 1], (1 - b2**k) * g**2) for k in range(1, 7))
    m2 = _moments(gs[:2], b1)[1]
    v[r"\hat m_2 = \frac{\beta_1(1-\beta_1)\,g_1"] = identical(
        m2 / (1 - b1**2), (b1 * (1 - b1) * gs[0] + (1 - b1) * gs[1]) / (1 - b1**2))
    v[r"= \frac{\beta_1 g_1 + g_2}{1-\beta_1}."] = identical(
        (b1 * (1 - b1) * gs[0] + (1 - b1) * gs[1]) / (1 - b1**2), (b1 * gs[0] + gs[1]) / (1 - b1))
    # correct: the denominator is 1 + beta1; counterexample below
    assert false_at("=", (b1 * (1 - b1) * gs[0] + (1 - b1) * gs[1]) / (1 - b1**2), (b1 * gs[0] + gs[1]) / (1 - b1),
                    {b1: sp.Rational(1, 2), gs[0]: 1, gs[1]: 1})
    mhat = [const[k - 1] / (1 - b1**k) for k in range(1, 7)]
    vhat = [sq[k - 1] / (1 - b2**k) for k in range(1, 7)]
    v[r"\frac{\hat m_t}{\sqrt{\hat v_t}} = \frac{g}{\sqrt{g^2}}"] = all(
        identical(mh / sp.sqrt(vh), g / sp.sqrt(g**2)) for mh, vh in zip(mhat, vhat, strict=True))
    v[r"\frac{g}{\sqrt{g^2}} = 1"] = not false_at("=", g / sp.sqrt(g**2), sp.Integer(1), {g: -1})  # needs g > 0
    m1, v1 = (1 - b1) * gs[0], (1 - b2) * gs[0] ** 2
    v[r"m_1 = (1-\beta_1) g_1"] = identical(_moments(gs[:1], b1)[0], m1)
    v[r"v_1 = (1-\beta_2) g_1^2"] = identical(_moments([gs[0] ** 2], b2)[0], v1)
    below_one = {b1: 1 - c1, b2: 1 - c2}  # 0 < beta < 1
    v[r"\alpha\,\frac{|m_1|}{\sqrt{v_1}} = \alpha\,\frac{1-\beta_1}{\sqrt{1-\beta_2}}"] = identical(
        (alpha * sp.Abs(m1) / sp.sqrt(v1)).subs(below_one), (alpha * (1 - b1) / sp.sqrt(1 - b2)).subs(below_one))
    ratio = (1 - sp.Rational(9, 10)) / sp.sqrt(1 - sp.Rational(999, 1000))
    v[r"\frac{1-0.9}{\sqrt{1-0.999}} = \sqrt{10}"] = identical(ratio, sp.sqrt(10))
    v[r"\sqrt{10} \approx 3.16"] = abs(sp.sqrt(10) - sp.Rational(316, 100)) < sp.Rational(5, 1000)
    v[r"\alpha\,\frac{|g_1|}{\sqrt{(1-\beta_2)\,g_1^2}} = \frac{\alpha}{\sqrt{1-\beta_2}}"] = identical(
        alpha * sp.Abs(gs[0]) / sp.sqrt((1 - b2) * gs[0] ** 2), alpha / sp.sqrt(1 - b2))
    v[r"\alpha\,\frac{|\hat m_1|}{\sqrt{\hat v_1}} = \alpha\,\frac{|g_1|}{|g_1|}"] = identical(
        alpha * sp.Abs(m1 / (1 - b1)) / sp.sqrt(v1 / (1 - b2)), alpha * sp.Abs(gs[0]) / sp.Abs(gs[0]))
    v[r"\frac{|g_1|}{|g_1|} = \alpha ."] = identical(alpha * sp.Abs(gs[0]) / sp.Abs(gs[0]), alpha)
    return v


if __name__ == "__main__":
    for k, ok in verdicts().items():
        print("correct" if ok else "SLIP   ", k)
