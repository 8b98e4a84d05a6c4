"""Ground truth for weight_decay_hw.md, decided by hand and checked exactly with SymPy (symgd is not used).

The updates are checked with an undefined loss f of a vector w in R^2 (dimension-free algebra, coordinates suffice),
the quadratic problem with symbols a, lambda, s, eta > 0 and c real; the numbers of the text exactly; the slips get
exact counterexamples that satisfy the stated assumptions. `python truth_weight_decay_hw.py` exits 1 when a verdict
disagrees with the key.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

eta, lam, s, a = sp.symbols("eta lambda s a", positive=True)
c = sp.Symbol("c", real=True)
k = sp.Symbol("k", integer=True, nonnegative=True)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    W = sp.Matrix(sp.symbols("w1:3", real=True))
    f = sp.Function("f")(*W)
    F = f + lam / 2 * (W.T * W)[0]
    gf = sp.Matrix([sp.diff(f, wi) for wi in W])
    gF = sp.Matrix([sp.diff(F, wi) for wi in W])
    v[r"\nabla F(w) = \nabla f(w) + \lambda w"] = all(identical(x, y) for x, y in zip(gF, gf + lam * W, strict=True))
    step = W - eta * (gf + lam * W)
    v[r"&= (1 - \eta\lambda)\, w_k - \eta \nabla f(w_k)"] = all(
        identical(x, y) for x, y in zip(step, (1 - eta * lam) * W - eta * gf, strict=True))
    # f = 0: w_{k+1} = (1 - eta lambda) w_k, so w_k = (1 - eta lambda)^k w_0; at k = 1 the claim has the square
    w0 = sp.Symbol("w0", real=True)
    q = 1 - eta * lam
    assert identical(q * q**k * w0, q ** (k + 1) * w0)  # induction step of the correct law q^k w0
    pt = {eta: sp.Rational(1, 10), lam: 1, w0: 1}
    v[r"w_k = (1 - \eta\lambda)^{k+1} w_0"] = not false_at("=", q * w0, q**2 * w0, pt)
    v[r"\eta\lambda = 10^{-3}"] = sp.Rational(1, 10) * sp.Rational(1, 100) == sp.Rational(1, 1000)
    pre = W - eta / s * (gf + lam * W)
    v[r"= \Big(1 - \frac{\eta\lambda}{s}\Big) w_k - \frac{\eta}{s} \nabla f(w_k)"] = all(
        identical(x, y) for x, y in zip(pre, (1 - eta * lam / s) * W - eta / s * gf, strict=True))
    # the quadratic
    w = sp.Symbol("w", real=True)
    fq = a / 2 * (w - c) ** 2
    v[r"\nabla f(w) = a(w - c)"] = identical(sp.diff(fq, w), a * (w - c))
    wl2 = sp.solve(sp.Eq(sp.diff(fq, w) + lam * w, 0), w)
    v[r"w_{L2} = \frac{a c}{a + \lambda}"] = len(wl2) == 1 and identical(wl2[0], a * c / (a + lam))
    ww = sp.solve(sp.Eq(sp.diff(fq, w) / s + lam * w, 0), w)
    assert len(ww) == 1 and identical(ww[0], a * c / (a + lam * s))  # the correct AdamW fixed point
    v[r"w_{W} = \frac{a c}{a + \lambda / s}"] = not false_at("=", ww[0], a * c / (a + lam / s),
                                                            {a: 4, c: 1, lam: 1, s: 2})
    WL2, WW = a * c / (a + lam), a * c / (a + lam * s)
    v[r"w_{L2} - w_W = \frac{a c \lambda (s - 1)}{(a + \lambda)(a + \lambda s)}"] = identical(
        WL2 - WW, a * c * lam * (s - 1) / ((a + lam) * (a + lam * s)))
    v[r"w_W < w_{L2}"] = not false_at("<", WW, WL2, {a: 1, lam: 1, s: 2, c: -1})  # s > 1 but c < 0
    wk = sp.Symbol("w_k", real=True)
    sgd = wk - eta * (sp.diff(fq, w).subs(w, wk) + lam * wk)
    v[r"w_{k+1} - w_{L2} = \big(1 - \eta(a + \lambda)\big)(w_k - w_{L2})"] = identical(
        sgd - WL2, (1 - eta * (a + lam)) * (wk - WL2))
    num = {a: 4, c: 1, lam: 1, s: 2, eta: sp.Rational(1, 10)}
    v[r"w_{L2} = \frac{4}{5}"] = WL2.subs(num) == sp.Rational(4, 5)
    v[r"w_W = \frac{4 \cdot 1}{4 + 1 \cdot 2}"] = WW.subs(num) == sp.Rational(4 * 1, 4 + 1 * 2)
    v[r"= \frac12"] = WW.subs(num) == sp.Rational(1, 2)  # it is 2/3
    v[r"w_{L2} - w_W = \frac{4}{5} - \frac{2}{3}"] = (WL2 - WW).subs(num) == sp.Rational(4, 5) - sp.Rational(2, 3)
    v[r"= \frac{2}{15}"] = (WL2 - WW).subs(num) == sp.Rational(2, 15) and (
        a * c * lam * (s - 1) / ((a + lam) * (a + lam * s))).subs(num) == sp.Rational(2, 15)
    v[r"1 - \eta(a + \lambda) = 1/2"] = (1 - eta * (a + lam)).subs(num) == sp.Rational(1, 2)
    v[r"\eta < 2/(a + \lambda)"] = bool((eta < 2 / (a + lam)).subs(num))
    v[r"= 2/5"] = (2 / (a + lam)).subs(num) == sp.Rational(2, 5)
    return v


def _check(name: str) -> int:
    key = json.loads((Path(__file__).with_name(name + ".key.json")).read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    scored = {lk["text"]: lk["truth"] for lk in key["links"] if lk["truth"] in ("correct", "slip")}
    for text in sorted(set(scored) ^ set(v)):
        print("NOT IN BOTH KEY AND SCRIPT:", text)
        bad += 1
    for text, truth in scored.items():
        if text in v and v[text] != (truth == "correct"):
            print("DISAGREES WITH KEY:", truth, text)
            bad += 1
    for text, ok in v.items():
        print("correct" if ok else "SLIP   ", text)
    print(f"{len(v)} relations, {sum(not o for o in v.values())} slips; {'OK' if not bad else f'{bad} DISAGREEMENTS'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(_check("weight_decay_hw"))
