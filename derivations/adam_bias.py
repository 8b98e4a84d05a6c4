"""Adam's bias correction (document 003, "ADAM").

Result.  With v_0 = 0 and v_t = beta_2 v_{t-1} + (1 - beta_2) g_t^2, unrolling gives
v_t = (1 - beta_2) sum_{i=1}^t beta_2^{t-i} g_i^2.  If E[g_i^2] = sigma^2 for every i, then
E[v_t] = sigma^2 (1 - beta_2^t), so the corrected v_hat_t = v_t / (1 - beta_2^t) has E[v_hat_t] = sigma^2.
Likewise, with m_0 = 0 and E[g_i] = mu, E[m_t] = mu (1 - beta_1^t) and E[m_hat_t] = mu.  Early on
1 - beta_2^t = t (1 - beta_2) + O((1 - beta_2)^2) is small: E[v_t] < sigma^2, increasing by sigma^2 beta_2^t (1 - beta_2)
per step.

Assumptions.  0 < beta_1, beta_2 < 1; t a positive integer; the moments E[g_i] = mu and E[g_i^2] =
sigma^2 do not depend on i (stationarity; independence is not needed, only linearity of E).

Reference.  Document 003, "ADAM"; Kingma and Ba, Adam: A Method for Stochastic Optimization (2015), Sec. 3.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Premise, Source
from symgd.core.symbols import Expectation as E

__all__ = ["derive"]


def derive() -> Derivation:
    d = Derivation(
        "adam_bias",
        "Adam's bias correction: $\\mathbb{E}[v_t] = \\sigma^2 (1 - \\beta_2^t)$",
        Source("003", "ADAM", r"$\mathbb{E}[v_t] = \sigma^2 (1 - \beta_2) \frac{1 - \beta_2^t}{1 - \beta_2} = "
               r"\sigma^2 (1 - \beta_2^t)$"),
        summary=r"The exponential moving averages start at zero, so their expectations are scaled by $1 - \beta^t$; "
        "dividing by that factor removes the bias.",
        reference="Document 003; Kingma and Ba (2015), Sec. 3.",
    )
    b1, b2 = d.assume(sp.symbols("beta_1 beta_2", positive=True))
    d.hypothesis(b1 < 1)
    d.hypothesis(b2 < 1)
    t = d.assume(sp.Symbol("t", integer=True, positive=True))
    sigma, mu = d.assume(sp.Symbol("sigma", positive=True), sp.Symbol("mu", real=True))
    i, j = sp.symbols("i j", integer=True, positive=True)
    g = sp.Function("g")  # the gradient at step i, a random variable
    a, c = sp.Symbol("a"), sp.Symbol("c")
    X, w = sp.Function("X"), sp.Function("w")
    n = sp.Symbol("n", integer=True, positive=True)

    # Premises: linearity of expectation (also through finite sums) and the stationary moments.
    lin_sum = d.premise("linearity of expectation",
                        sp.Eq(E(c * sp.Sum(w(j) * X(j), (j, 1, n))), c * sp.Sum(w(j) * E(X(j)), (j, 1, n))),
                        variables=(c, w, X, n), source="E is linear")
    lin = d.premise("E of a constant multiple", sp.Eq(E(c * a), c * E(a)), variables=(c, a), source="E is linear")
    second = d.premise("stationary second moment", sp.Eq(E(g(i) ** 2), sigma**2), variables=(i,),
                       source="assumption of the document")
    first = d.premise("stationary first moment", sp.Eq(E(g(i)), mu), variables=(i,), source="assumption")

    # Unrolled EMA: it satisfies the recursion and starts at zero.
    V = sp.Function("v")
    v_unrolled = (1 - b2) * sp.Sum(b2 ** (t - j) * g(j) ** 2, (j, 1, t))
    split = d.premise("split off the last term",
                      sp.Eq(sp.Sum(w(j), (j, 1, n)), sp.Sum(w(j), (j, 1, n - 1)) + w(n)),
                      variables=(w, n), source="definition of a finite sum")
    d.define(V(t), v_unrolled, "the EMA unrolled from $v_0 = 0$")
    d.claim(V(t), "=", (1 - b2) * (sp.Sum(b2 ** (t - j) * g(j) ** 2, (j, 1, t - 1)) + g(t) ** 2),
            "split off the last term", premise=split, instance={w: sp.Lambda(j, (1 - b2) * b2 ** (t - j) * g(j) ** 2), n: t})
    d.then("=", b2 * V(t - 1) + (1 - b2) * g(t) ** 2, "factor $\\beta_2$ out of the sum: the recursion holds")
    d.claim(V(0), "=", 0, "and it starts at zero")

    # Expectation, term by term.
    d.claim(E(v_unrolled), "=", (1 - b2) * sp.Sum(b2 ** (t - j) * E(g(j) ** 2), (j, 1, t)), "linearity of expectation",
            premise=lin_sum, instance={c: 1 - b2, w: sp.Lambda(j, b2 ** (t - j)), X: sp.Lambda(j, g(j) ** 2), n: t})
    d.then("=", (1 - b2) * sp.Sum(b2 ** (t - j) * sigma**2, (j, 1, t)), "$\\mathbb{E}[g_i^2] = \\sigma^2$", premise=second)
    d.then("=", sigma**2 * (1 - b2) * sp.Sum(b2**j, (j, 0, t - 1)), "reindex $k = t - i$")
    with sp.evaluate(False):  # keep the factors visible until the next step cancels them
        geometric = sigma**2 * (1 - b2) * ((1 - b2**t) / (1 - b2))
        unbiased_v = sigma**2 * (1 - b2**t) / (1 - b2**t)
        unbiased_m = mu * (1 - b1**t) / (1 - b1**t)
    d.then("=", geometric, "geometric sum ($\\beta_2 < 1$)")
    d.then("=", sigma**2 * (1 - b2**t), "cancel $1 - \\beta_2$")
    d.conclude(r"$\mathbb{E}[v_t] = \sigma^2 (1 - \beta_2^t)$: biased low for small $t$")

    # "for small t, 1 - beta_2^t ~ 0": biased low, ramping up.  With delta = 1 - beta_2, 1 - beta_2^t ~ t delta.
    dlt = sp.Symbol("delta", positive=True)
    d.assume(dlt)
    d.claim(1 - (1 - dlt) ** t, "=+O", t * dlt, "with $\\delta = 1 - \\beta_2$: $1 - \\beta_2^t = t\\delta + O(\\delta^2)$, "
            "near 0 while $t \\ll 1/(1 - \\beta_2)$", order=(dlt, 2))
    d.claim(sigma**2 * (1 - b2**t), "<", sigma**2, "biased low: the gap is $\\sigma^2 \\beta_2^t > 0$",
            certificate=sigma**2 * b2**t)
    d.claim(sigma**2 * (1 - b2 ** (t + 1)) - sigma**2 * (1 - b2**t), "=", sigma**2 * b2**t * (1 - b2),
            "and it ramps up: one more step adds $\\sigma^2 \\beta_2^t (1 - \\beta_2)$")
    pw = sp.Symbol("beta_2^t", positive=True)  # beta_2^t > 0, named: the sign test cannot factor symbolic powers
    d.assume(pw)
    d.claim(sigma**2 * pw * (1 - b2), ">", 0, "positive: $\\sigma^2, \\beta_2^t > 0$ and $\\beta_2 < 1$")
    d.conclude(r"the expected second moment $\sigma^2 (1 - \beta_2^t)$ starts at $(1 - \beta_2)\sigma^2$ and "
               r"increases to $\sigma^2$")

    # The bias-corrected estimate is unbiased.
    d.claim(E(v_unrolled / (1 - b2**t)), "=", E(v_unrolled) / (1 - b2**t), "a constant factor leaves $\\mathbb{E}$",
            premise=lin, instance={c: 1 / (1 - b2**t), a: v_unrolled})
    d.then("=", unbiased_v, "the expectation above",
           premise=Premise(r"$\mathbb{E}[v_t]$ above", Claim(E(v_unrolled), "=", sigma**2 * (1 - b2**t))))
    d.then("=", sigma**2, "cancel")
    d.conclude(r"$\mathbb{E}[\hat v_t] = \sigma^2$")

    # The same for the first moment.
    m_unrolled = (1 - b1) * sp.Sum(b1 ** (t - j) * g(j), (j, 1, t))
    d.claim(E(m_unrolled), "=", (1 - b1) * sp.Sum(b1 ** (t - j) * E(g(j)), (j, 1, t)), "linearity of expectation",
            premise=lin_sum, instance={c: 1 - b1, w: sp.Lambda(j, b1 ** (t - j)), X: sp.Lambda(j, g(j)), n: t})
    d.then("=", (1 - b1) * sp.Sum(b1 ** (t - j) * mu, (j, 1, t)), "$\\mathbb{E}[g_i] = \\mu$", premise=first)
    d.then("=", mu * (1 - b1**t), "geometric sum ($\\beta_1 < 1$)")
    d.conclude(r"$\mathbb{E}[m_t] = \mu (1 - \beta_1^t)$")
    d.claim(unbiased_m, "=", mu, "so $\\mathbb{E}[\\hat m_t] = \\mu$")
    d.conclude(r"$\mathbb{E}[\hat m_t] = \mu$")

    # Erratum: the EMA is shrunk toward zero, an underestimate only when the moment is positive.
    d.erratum(
        "003", "So, one general thing to note is that EMAs are underestimates for the first/second moment.",
        r"$\mathbb{E}[m_t]$ underestimates the first moment $\mu$.",
        r"$\mathbb{E}[m_t] = \mu (1 - \beta_1^t)$ is shrunk toward 0: an underestimate for $\mu > 0$ but an "
        r"OVERestimate for $\mu < 0$; only the second moment ($\sigma^2 > 0$) is always underestimated.",
        evidence=r"$\mathbb{E}[m_t] = \mu (1 - \beta_1^t) \le \mu$ is refuted at a negative $\mu$ "
        r"($\mathbb{E}[m_t]$ derived above)",
        claim=Claim(mu * (1 - b1**t), "<=", mu),
    )

    @d.numeric("monte_carlo_v", r"sample mean of $v_t$ over 200000 i.i.d. $N(0.3, 0.8^2)$ gradient streams vs "
               r"$\sigma^2 (1 - \beta_2^t)$")
    def _monte_carlo() -> NumericOutcome:
        rng = np.random.default_rng(1)
        beta1, beta2, mean, sd, steps, streams = 0.9, 0.99, 0.3, 0.8, 25, 200_000
        g_samples = rng.normal(mean, sd, size=(steps, streams))
        m = np.zeros(streams)
        v = np.zeros(streams)
        worst = 0.0
        for step in range(1, steps + 1):  # the recursion itself, not the unrolled formula
            m = beta1 * m + (1 - beta1) * g_samples[step - 1]
            v = beta2 * v + (1 - beta2) * g_samples[step - 1] ** 2
            s2 = mean**2 + sd**2  # E[g^2]
            for est, exact, scale in ((v.mean(), s2 * (1 - beta2**step), s2), (m.mean(), mean * (1 - beta1**step), sd)):
                worst = max(worst, abs(est - exact) / (scale * 4 / np.sqrt(streams)))
        return NumericOutcome(worst < 1.0, f"largest deviation = {worst:.2f} " + r"$\times$ (4 standard errors) over " + f"$t = 1, \\dots, {steps}$",
                              {"worst_ratio": worst})

    return d
