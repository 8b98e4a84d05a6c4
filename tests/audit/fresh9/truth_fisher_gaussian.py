"""Ground truth for fisher_gaussian.md, decided by hand and checked exactly with SymPy (symgd is not used).

Expectations under N(mu, sigma^2) are exact integrals against the Gaussian density (x = mu + sigma z); derivatives
by differentiation of the stated log-density; the Heron recursion by exact simplification and an AM-GM certificate;
numbers by rational arithmetic; slips by exact counterexamples.
"""

from __future__ import annotations

import pathlib
import sys

import sympy as sp
from _truth import false_at, identical, report

HERE = pathlib.Path(__file__).resolve().parent
KEY = "fisher_gaussian.key.json"

x, mu, m, z, dl = sp.symbols("x mu m z delta", real=True)
sig, s = sp.symbols("sigma s", positive=True)
r = sp.Rational
logp = -sp.log(2 * sp.pi) / 2 - sp.log(sig) - (x - mu) ** 2 / (2 * sig**2)


def expect(expr: sp.Expr) -> sp.Expr:
    """E[expr] for x ~ N(mu, sigma^2)."""
    dens = sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)
    return sp.simplify(sp.integrate(sp.expand(expr.subs(x, mu + sig * z)) * dens, (z, -sp.oo, sp.oo)))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    smu, ssig = sp.diff(logp, mu), sp.diff(logp, sig)
    v[r"\frac{\partial}{\partial \mu} \log p &= \frac{x - \mu}{\sigma^2}"] = identical(smu, (x - mu) / sig**2)
    v[r"\frac{\partial}{\partial \sigma} \log p &= \frac{1}{\sigma} - \frac{(x - \mu)^2}{\sigma^3}"] = not false_at(
        "=", ssig, 1 / sig - (x - mu) ** 2 / sig**3, {x: 0, mu: 0, sig: 1})
    assert identical(expect(smu), 0) and identical(expect(ssig), 0)
    v[r"F_{\mu\mu} = \frac{1}{\sigma^2}"] = identical(expect(smu**2), 1 / sig**2)
    assert identical(expect(smu * ssig), 0)
    assert identical(expect((x - mu) ** 3), 0) and identical(expect((x - mu) ** 4), 3 * sig**4)
    terms = 1 / sig**2 - 2 * sig**2 / sig**4 + 3 * sig**4 / sig**6
    v[r"F_{\sigma\sigma} = \frac{1}{\sigma^2} - \frac{2\sigma^2}{\sigma^4} + \frac{3\sigma^4}{\sigma^6}"] = identical(
        expect(ssig**2), terms)
    v[r"= \frac{2}{\sigma^2}."] = identical(terms, 2 / sig**2)
    assert identical(-expect(sp.diff(logp, sig, 2)), 2 / sig**2)
    # v = sigma^2: d/dsigma = (dv/dsigma) d/dv = 2 sigma d/dv
    vv = sp.Symbol("v", positive=True)
    logp_v = logp.subs(sig, sp.sqrt(vv))
    v[r"\partial_\sigma = 2\sigma\,\partial_v"] = identical(ssig, (2 * sig * sp.diff(logp_v, vv)).subs(vv, sig**2))
    score_v = sp.diff(logp_v, vv).subs(vv, sig**2)
    Fvv = expect(score_v**2)
    v[r"F_{\sigma\sigma} = 4\sigma^2 F_{vv}"] = identical(expect(ssig**2), 4 * sig**2 * Fvv)
    v[r"F_{vv} = \frac{1}{\sigma^4}."] = identical(Fvv, 1 / sig**4)
    assert identical(Fvv, 1 / (2 * sig**4))
    # KL(N(mu, s^2) || N(mu + d, s^2)) = E_p[log p - log q]
    logq = logp.subs(mu, mu + dl)
    v[r"\mathrm{KL}\big(\mathcal{N}(\mu, \sigma^2) \,\|\, \mathcal{N}(\mu + \delta, \sigma^2)\big) = \frac{\delta^2}{2\sigma^2}"] = (
        identical(expect(logp - logq), dl**2 / (2 * sig**2)))
    L = sp.log(sig) + ((m - mu) ** 2 + s**2) / (2 * sig**2)
    v[r"\partial_\mu L = (\mu - m)/\sigma^2"] = identical(sp.diff(L, mu), (mu - m) / sig**2)
    v[r"\partial_\sigma L = 1/\sigma - \big((m-\mu)^2 + s^2\big)/\sigma^3"] = identical(
        sp.diff(L, sig), 1 / sig - ((m - mu) ** 2 + s**2) / sig**3)
    # natural step: F^{-1} = diag(sigma^2, sigma^2/2)
    mu_new = mu - sig**2 * sp.diff(L, mu)
    v[r"\mu_{k+1} &= \mu_k - \sigma_k^2 \cdot \frac{\mu_k - m}{\sigma_k^2}"] = identical(
        mu_new, mu - sig**2 * (mu - m) / sig**2)
    v[r"= m, \\"] = identical(mu - sig**2 * (mu - m) / sig**2, m)
    sig_new = sig - sig**2 / 2 * sp.diff(L, sig)
    v[r"\sigma_{k+1} &= \sigma_k - \frac{\sigma_k^2}{2}\Big("] = identical(
        sig_new, sig - sig**2 / 2 * (1 / sig - ((m - mu) ** 2 + s**2) / sig**3))
    v[r"= \frac{\sigma_k}{2} + \frac{(m - \mu_k)^2 + s^2}{2\sigma_k}."] = identical(
        sig_new, sig / 2 + ((m - mu) ** 2 + s**2) / (2 * sig))
    heron = sig_new.subs(mu, m)
    v[r"\sigma_{k+1} - s = \frac{(\sigma_k - s)^2}{2\sigma_k}"] = identical(heron - s, (sig - s) ** 2 / (2 * sig))
    # AM-GM certificate: heron - s is a square over 2 sigma > 0
    v[r"\sigma_{k+1} \ge s"] = identical(heron - s, (sig - s) ** 2 / (2 * sig))
    step = sp.Lambda((mu, sig), sig / 2 + ((2 - mu) ** 2 + 1) / (2 * sig))
    s1 = step(0, 1)
    v[r"\sigma_1 = \frac{1}{2} + \frac{4 + 1}{2} = 3"] = s1 == r(1, 2) + r(4 + 1, 2) == 3
    s2 = step(2, s1)
    v[r"\sigma_2 = \frac{3}{2} + \frac{1}{6} = \frac{5}{3}"] = s2 == r(3, 2) + r(1, 6) == r(5, 3)
    s3 = step(2, s2)
    v[r"\sigma_3 = \frac{5}{6} + \frac{3}{10} = \frac{16}{15}"] = s3 == r(5, 6) + r(3, 10) == r(16, 15)
    assert s3 == r(17, 15)
    return v


if __name__ == "__main__":
    sys.exit(report(verdicts(), HERE / KEY))
