"""Ground truth for adagrad_norm.txt, decided by hand and checked exactly with SymPy (symgd is not used).

Notation: b = b_k > 0, G = ||g_k||^2 >= 0, b1 = b_{k+1} = sqrt(b^2 + G). The elementary inequality 1 - 1/x <= ln x
is proved from h(x) = ln x - 1 + 1/x (h(1) = 0, h' = (x - 1)/x^2); telescoping by exact log algebra on T = 4 steps;
the worked example by exact rational arithmetic; the descent lemma on the quadratics that attain it; the slips by
exact counterexamples satisfying the stated hypotheses.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "adagrad_norm.key.json"


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    b, G, eta, L, t, x, h, z, _s = sp.symbols("b G eta L t x h z s", positive=True)
    b1 = sp.sqrt(b**2 + G)
    # unrolling: b_k^2 = b_0^2 + sum_{j<k} ||g_j||^2 (checked for k <= 5); the display's sum to k fails at k = 0
    b0 = sp.Symbol("b0", positive=True)
    Gs = sp.symbols("G0:6", positive=True)
    sq = [b0**2]
    for j in range(5):
        sq.append(sq[-1] + Gs[j])
    assert all(identical(sq[k], b0**2 + sum(Gs[:k])) for k in range(6))
    v["bₖ² = b₀² + ∑_{j=0}^{k} ‖gⱼ‖²"] = not false_at("=", sq[0], b0**2 + Gs[0], {b0: 1, Gs[0]: 1})
    # eta/b - eta/b1 = eta G / (b b1 (b + b1)) >= 0
    v["η / bₖ₊₁ ≤ η / bₖ"] = identical(eta / b - eta / b1, eta * G / (b * b1 * (b + b1)))
    v["∑_{k=0}^{T−1} ηₖ² ‖gₖ‖² = η² ∑_{k=0}^{T−1} ‖gₖ‖² / bₖ₊₁²"] = identical((eta / b1) ** 2 * G, eta**2 * G / b1**2)
    # 1 - 1/x <= ln x on x > 0
    hx = sp.log(x) - 1 + 1 / x
    elem = identical(sp.diff(hx, x), (x - 1) / x**2) and hx.subs(x, 1) == 0
    v["1 − 1/x ≤ ln x"] = elem
    v["‖gₖ‖² / bₖ₊₁² = (bₖ₊₁² − bₖ²) / bₖ₊₁²"] = identical(G / b1**2, (b1**2 - b**2) / b1**2)
    v["= 1 − bₖ² / bₖ₊₁²"] = identical((b1**2 - b**2) / b1**2, 1 - b**2 / b1**2)
    xx = b1**2 / b**2
    v["1 − bₖ² / bₖ₊₁² ≤ ln(bₖ₊₁² / bₖ²)"] = elem and identical(1 - 1 / xx, 1 - b**2 / b1**2)
    v["∑_{k=0}^{T−1} ‖gₖ‖² / bₖ₊₁² ≤ ∑_{k=0}^{T−1} ln(bₖ₊₁² / bₖ²)"] = v["1 − bₖ² / bₖ₊₁² ≤ ln(bₖ₊₁² / bₖ²)"]
    bs = sp.symbols("B0:5", positive=True)
    tele = sum(sp.log(bs[k + 1] ** 2 / bs[k] ** 2) for k in range(4))
    v["= ln(b_T² / b₀²)"] = identical(sp.expand_log(tele, force=True), sp.expand_log(sp.log(bs[4] ** 2 / bs[0] ** 2), force=True))
    v["≤ η² ln(b_T² / b₀²)"] = v["= ln(b_T² / b₀²)"] and elem
    v["‖gₖ‖² / bₖ₊₁ = (bₖ₊₁ − bₖ)(bₖ₊₁ + bₖ) / bₖ₊₁"] = identical(G / b1, (b1 - b) * (b1 + b) / b1)
    # 2 (b1 - b) - (b1 - b)(b1 + b)/b1 = (b1 - b)^2 / b1 >= 0
    v["≤ 2 (bₖ₊₁ − bₖ)"] = identical(2 * (b1 - b) - (b1 - b) * (b1 + b) / b1, (b1 - b) ** 2 / b1)
    # slip: T = 1, b_0 = 1, ||g_0||^2 = 3: b_1 = 2 and 3/2 > 2 - 1
    v["∑_{k=0}^{T−1} ‖gₖ‖² / bₖ₊₁ ≤ (b_T − b₀)"] = not false_at("<=", G / b1, b1 - b, {b: 1, G: 3})
    bT = sp.Symbol("bT", positive=True)
    v["≤ b_T."] = identical(bT - (bT - b0), b0)
    v["b₁ = √(1 + 3) = 2"] = sp.sqrt(1 + 3) == 2 and 1**2 + 3 == 1 + 3
    v["b₂ = √(4 + 5) = 3"] = sp.sqrt(4 + 5) == 3 and 2**2 + 5 == 4 + 5
    v["b₃ = √(9 + 7) = 4"] = sp.sqrt(9 + 7) == 4 and 3**2 + 7 == 9 + 7
    R = sp.Rational
    total = R(3, 4) + R(5, 9) + R(7, 16)
    assert total == R(251, 144) and total < sp.log(16)
    v["3/4 + 5/9 + 7/16 = 241/144"] = total == R(241, 144)
    v["3/2 + 5/3 + 7/4 = 59/12"] = R(3, 2) + R(5, 3) + R(7, 4) == R(59, 12)
    v["≤ 2 (b₃ − b₀) = 6"] = R(59, 12) <= 2 * (4 - 1) == 6
    # descent lemma on f = h z^2 / 2 with 0 < h <= L (h = L - s... gap t^2 h^2 z^2 (L - h)/2 >= 0)
    f = lambda y: h / 2 * y**2  # noqa: E731
    gz = h * z
    v["f(xₖ − t gₖ) ≤ f(xₖ) − t (1 − L t / 2) ‖gₖ‖²"] = identical(
        (f(z) - t * (1 - L * t / 2) * gz**2) - f(z - t * gz), t**2 * h**2 * z**2 * (L - h) / 2)
    # t <= 1/L: t (1 - L t / 2) - t/2 = t (1 - L t)/2 >= 0
    v["f(xₖ − t gₖ) ≤ f(xₖ) − (t/2) ‖gₖ‖²"] = identical(t * (1 - L * t / 2) - t / 2, t * (1 - L * t) / 2)
    # slip: eta = 1, L = 2, b_{k+1} = 1/2 = eta/L satisfies the stated threshold, but eta/b = 2 > 1/2
    v["η / bₖ₊₁ ≤ 1/L"] = not false_at("<=", eta / b, 1 / L, {eta: 1, L: 2, b: R(1, 2)})
    return {key: bool(val) for key, val in v.items()}


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
