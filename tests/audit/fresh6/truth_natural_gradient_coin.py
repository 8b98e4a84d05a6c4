"""Ground truth for natural_gradient_coin.md, decided by hand and checked exactly with SymPy (symgd is not used).

Bernoulli expectations are the two-point sums E[h(x)] = theta h(1) + (1 - theta) h(0); Poisson expectations are
exact series. Derivatives by differentiation, the iteration by induction, decimals as exact rationals, the slips
by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _key import main
from _truth import false_at, identical

R = sp.Rational
th, thp, alpha, xb, lam, kb = sp.symbols("theta thetap alpha xbar lambda kbar", positive=True)
x, eta, om = sp.symbols("x eta omega", real=True)
k = sp.Symbol("k", integer=True, nonnegative=True)


def E(h):
    """Bernoulli(theta) expectation of h(x)."""
    return th * h.subs(x, 1) + (1 - th) * h.subs(x, 0)


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    logp = x * sp.log(th) + (1 - x) * sp.log(1 - th)
    v[r"\log p(x \mid \theta) = x \log\theta + (1 - x)\log(1 - \theta)"] = all(
        identical(sp.log(th**xx * (1 - th) ** (1 - xx)), logp.subs(x, xx)) for xx in (0, 1))
    score = sp.diff(logp, th)
    # flipped sign: at x = 0, theta = 1/2 the score is -2, the display gives +2
    v[r"= \frac{x}{\theta} + \frac{1 - x}{1 - \theta} ,"] = not false_at(
        "=", score, x / th + (1 - x) / (1 - th), {x: 0, th: R(1, 2)})
    v[r"s(x;\theta) = \frac{x - \theta}{\theta(1-\theta)}"] = identical(score, (x - th) / (th * (1 - th)))
    v[r"\mathbb{E}_\theta[s] = 0"] = identical(E(score), 0)
    var = E((x - th) ** 2)
    v[r"= \frac{\operatorname{Var}_\theta(x)}{\theta^2(1-\theta)^2}"] = identical(E(score**2), var / (th**2 * (1 - th) ** 2))
    v[r"= \frac{1}{\theta(1-\theta)} ."] = identical(var / (th**2 * (1 - th) ** 2), 1 / (th * (1 - th)))
    d2 = sp.diff(logp, th, 2)
    v[r"-\mathbb{E}_\theta\Big[\frac{\partial^2}{\partial\theta^2}\log p(x\mid\theta)\Big]"] = identical(
        -E(d2), E(x / th**2 + (1 - x) / (1 - th) ** 2))
    v[r"= \frac{1}{\theta} + \frac{1}{1-\theta} ,"] = identical(E(x / th**2 + (1 - x) / (1 - th) ** 2), 1 / th + 1 / (1 - th))
    kl = th * sp.log(th / thp) + (1 - th) * sp.log((1 - th) / (1 - thp))
    v[r"\frac{\partial^2}{\partial\theta'^2}\mathrm{KL}(\theta \,\|\, \theta')\big|_{\theta'=\theta} = \frac{1}{\theta(1-\theta)}"] = identical(
        sp.diff(kl, thp, 2).subs(thp, th), 1 / (th * (1 - th)))
    ell = -xb * sp.log(th) - (1 - xb) * sp.log(1 - th)
    dell = sp.diff(ell, th)
    v[r"\ell'(\theta) = \frac{\theta - \bar x}{\theta(1-\theta)}"] = identical(dell, (th - xb) / (th * (1 - th)))
    F = 1 / (th * (1 - th))
    v[r"= (1 - \alpha)\theta_t + \alpha\bar x"] = identical(th - alpha * dell / F, (1 - alpha) * th + alpha * xb)
    t, th0 = sp.symbols("t theta0", positive=True)
    tht = xb + (1 - alpha) ** t * (th0 - xb)  # induction hypothesis; the step gives t + 1
    v[r"\theta_t - \bar x = (1 - \alpha)^t(\theta_0 - \bar x)"] = identical(
        (1 - alpha) * tht + alpha * xb, xb + (1 - alpha) ** (t + 1) * (th0 - xb)) and identical(tht.subs(t, 0), th0)
    at = {th: R(1, 5), xb: R(1, 2)}
    v[r"\ell'(0.2) = \frac{0.2 - 0.5}{0.16}"] = dell.subs(at) == (R(1, 5) - R(1, 2)) / R(16, 100)
    v[r"= -1.875"] = (R(1, 5) - R(1, 2)) / R(16, 100) == R(-15, 8)
    v[r"F(0.2) = 6.25"] = F.subs(at) == R(25, 4)
    v[r"F(0.2)^{-1}\ell'(0.2) = 0.16 \cdot (-1.875)"] = (dell / F).subs(at) == R(16, 100) * R(-15, 8)
    v[r"= -0.35"] = R(16, 100) * R(-15, 8) == R(-35, 100)  # it is -0.3
    v[r"0.2 + 0.1 \cdot 1.875 = 0.3875"] = (th - R(1, 10) * dell).subs(at) == R(3875, 10000) == R(1, 5) + R(1, 10) * R(15, 8)
    # logit: theta = 1/(1 + e^{-eta})
    sig = 1 / (1 + sp.exp(-eta))
    dth = sp.diff(sig, eta)
    v[r"\frac{d\theta}{d\eta} = \theta(1-\theta)"] = identical(dth, sig * (1 - sig))
    # Fisher information computed directly in eta: E[(d/d eta log p)^2]
    logp_eta = x * sp.log(sig) + (1 - x) * sp.log(1 - sig)
    s_eta = sp.diff(logp_eta, eta)
    F_eta = sig * s_eta.subs(x, 1) ** 2 + (1 - sig) * s_eta.subs(x, 0) ** 2
    v[r"\tilde F(\eta) = F(\theta)\Big(\frac{d\theta}{d\eta}\Big)^2"] = identical(F_eta, (F * dth**2).subs(th, sig))
    v[r"= \theta(1-\theta) ."] = identical(F * (th * (1 - th)) ** 2, th * (1 - th))
    # Poisson
    pk = lam**k * sp.exp(-lam) / sp.factorial(k)
    sc = sp.diff(sp.log(lam**k) - lam - sp.log(sp.factorial(k)), lam)
    v[r"F(\lambda) = \frac{\mathbb{E}_\lambda\big[(k - \lambda)^2\big]}{\lambda^2}"] = identical(sc**2, (k - lam) ** 2 / lam**2)
    varp = sp.simplify(sp.summation((k - lam) ** 2 * pk, (k, 0, sp.oo)))
    assert identical(varp, lam)
    v[r"= \frac{1}{\lambda^2} ."] = not false_at("=", varp / lam**2, 1 / lam**2, {lam: 2})  # 1/2 versus 1/4
    dl = sp.diff(lam - kb * sp.log(lam), lam)
    v[r"F(\lambda)^{-1}\ell'(\lambda) = \lambda - \bar k"] = identical(dl / (varp / lam**2), lam - kb)
    # log-rate: d/d omega log p = k - e^omega, so the information is E[(k - lambda)^2] = lambda
    lp_om = k * om - sp.exp(om) - sp.log(sp.factorial(k))
    s_om = sp.diff(lp_om, om).subs(om, sp.log(lam))
    v[r"\tilde F(\omega) = \lambda"] = identical(s_om, k - lam) and identical(varp, lam)
    return v


if __name__ == "__main__":
    main(verdicts, __file__)
