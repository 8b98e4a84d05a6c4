"""Ground truth for moreau_prox.tex, decided by hand and checked exactly with SymPy (symgd is not used).

The gradient formula by the envelope theorem on an undefined differentiable f with an undefined prox point p(x)
(its optimality condition f'(p) = (x - p)/lambda substituted), and on both examples; the examples by solving the
prox problems exactly; the proximal-point inequalities by exact certificates (a slack variable for each inequality
used, sums over k symbolic); the slips by exact counterexamples.
"""

from __future__ import annotations

import sympy as sp
from _check import run
from _truth import false_at, identical

lam, a = sp.symbols("lambda a", positive=True)
x, y, c, u, x0 = sp.symbols("x y c u x0", real=True)
k, K = sp.symbols("k K", integer=True, nonnegative=True)


def prox_and_env(f):
    """Exact prox point and envelope of a smooth strictly convex 1-D f (unique stationary point of the objective)."""
    obj = f(y) + (y - x) ** 2 / (2 * lam)
    (p,) = sp.solve(sp.diff(obj, y), y)
    assert sp.simplify(sp.diff(obj, y, 2).subs(y, p)) != 0
    return sp.simplify(p), sp.simplify(obj.subs(y, p))


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    fq = lambda t: a * t**2 / 2  # noqa: E731
    fl = lambda t: c * t  # noqa: E731
    pq, eq_ = prox_and_env(fq)
    pl, el = prox_and_env(fl)
    # e(x) <= f(x): the objective at y = x is f(x) + 0 (undefined f), and the minimum is at most that value
    F = sp.Function("f")
    v[r"\menv(x) \le f(x)"] = identical((F(y) + (y - x) ** 2 / (2 * lam)).subs(y, x), F(x)) and identical(
        fq(x) - eq_, lam * a**2 * x**2 / (2 * (1 + lam * a)))
    # envelope theorem: d/dx [f(p(x)) + (p(x) - x)^2/(2 lambda)] with f'(p) = (x - p)/lambda is (x - p)/lambda
    P = sp.Function("p")(x)
    d = sp.diff(F(P) + (P - x) ** 2 / (2 * lam), x)
    d = d.subs(sp.Derivative(F(P), P), (x - P) / lam)  # the optimality condition f'(p) = (x - p)/lambda
    assert not d.has(F)
    v[r"\nabla \menv(x) = \frac{1}{\lambda}\big(x - \prox_{\lambda f}(x)\big)"] = (
        identical(d, (x - P) / lam) and identical(sp.diff(eq_, x), (x - pq) / lam)
        and identical(sp.diff(el, x), (x - pl) / lam))
    v[r"\prox_{\lambda f}(x) &= \frac{x}{1 + \lambda a}"] = identical(pq, x / (1 + lam * a))
    v[r"\menv(x) &= \frac{a\, x^2}{2(1 + \lambda a)}"] = identical(eq_, a * x**2 / (2 * (1 + lam * a)))
    v[r"\frac{a}{1 + \lambda a} \le \frac{1}{\lambda}"] = identical(1 / lam - a / (1 + lam * a), 1 / (lam * (1 + lam * a)))
    v[r"\prox_{\lambda f}(x) &= x - \lambda c"] = identical(pl, x - lam * c)
    assert identical(el, c * x - lam * c**2 / 2)
    v[r"\menv(x) &= c\,x + \tfrac{\lambda}{2} c^2"] = not false_at("=", el, c * x + lam * c**2 / 2, {c: 1, lam: 1, x: 0})
    # x - lambda * (x - p)/lambda = p
    v[r"x_{k+1} = x_k - \lambda \nabla\menv(x_k)"] = identical(x - lam * (x - P) / lam, P)
    # induction on the quadratic: x_{k+1} = x_k / (1 + lambda a)
    xk = (1 + lam * a) ** (-k) * x0
    v[r"x_k = (1 + \lambda a)^{-k} x_0"] = identical(pq.subs(x, xk), (1 + lam * a) ** (-(k + 1)) * x0)
    assert identical(fq(xk), a / 2 * (1 + lam * a) ** (-2 * k) * x0**2)
    v[r"f(x_k) = \frac{a}{2}\,(1 + \lambda a)^{-k}\, x_0^2"] = not false_at(
        "=", fq(xk), a / 2 * (1 + lam * a) ** (-k) * x0**2, {a: 1, lam: 1, x0: 1, k: 1})
    # descent: objective at the minimizer <= objective at y = x_k, which is f(x_k); on the quadratic exactly
    v[r"f(x_{k+1}) + \frac{1}{2\lambda}\norm{x_{k+1} - x_k}^2 \le f(x_k)"] = identical(
        (F(y) + (y - x) ** 2 / (2 * lam)).subs(y, x), F(x)) and identical(
        fq(x) - (fq(pq) + (pq - x) ** 2 / (2 * lam)), lam * a**2 * x**2 / (2 * (1 + lam * a)))
    # (x - p)/lambda is the gradient at p: the subgradient gap is a(u-p)^2/2 >= 0 (quadratic), 0 (linear)
    v[r"f(u) \ge f(x_{k+1}) + \frac{1}{\lambda}\ip{x_k - x_{k+1}}{u - x_{k+1}}"] = identical(
        fq(u) - fq(pq) - (x - pq) * (u - pq) / lam, a * (u - pq) ** 2 / 2) and identical(
        fl(u) - fl(pl) - (x - pl) * (u - pl) / lam, 0)
    X = sp.Matrix(sp.symbols("xa1:4", real=True))
    Pp = sp.Matrix(sp.symbols("pa1:4", real=True))
    U = sp.Matrix(sp.symbols("ua1:4", real=True))
    n2 = lambda w: (w.T * w)[0]  # noqa: E731
    ip = lambda w, z: (w.T * z)[0]  # noqa: E731
    v[r"2\ip{x_k - x_{k+1}}{u - x_{k+1}} = \norm{x_k - x_{k+1}}^2"] = identical(
        2 * ip(X - Pp, U - Pp), n2(X - Pp) + n2(U - Pp) - n2(U - X))
    # eq:3pt: with f(u) = f(p) + <x - p, u - p>/lambda + sigma (sigma >= 0, eq:subg), RHS - LHS = lambda sigma
    fp, sig = sp.symbols("fp sigma", real=True)
    fu = fp + ip(X - Pp, U - Pp) / lam + sig
    v[r"\lambda\big(f(x_{k+1}) - f(u)\big) &\le \tfrac12\norm{x_k - u}^2"] = identical(
        (n2(X - U) / 2 - n2(Pp - U) / 2 - n2(Pp - X) / 2) - lam * (fp - fu), lam * sig)
    # f(x_{k+1}) = f(x_K) + tau_k with tau_k >= 0 for k < K (nonincreasing): the difference is sum tau_k
    fK, fs = sp.symbols("fK fs", real=True)
    tau = sp.Function("tau")
    lhs = K * lam * (fK - fs)
    rhs = lam * (sp.Sum(fK - fs, (k, 0, K - 1)).doit() + sp.Sum(tau(k), (k, 0, K - 1)))  # linearity of the sum
    v[r"K\lambda\big(f(x_K) - \fs\big) &\le \lambda \sum_{k=0}^{K-1}"] = identical(
        rhs - lhs, lam * sp.Sum(tau(k), (k, 0, K - 1)))
    # telescoping: S_K = sum_{k<K} (d_k/2 - d_{k+1}/2 - e_k/2) equals d_0/2 - d_K/2 - E_K/2 (induction step
    # checked with symbols), and d_K, E_K >= 0 give S_K <= d_0/2
    d0, dK, dK1, EK, eK = sp.symbols("d0 dK dK1 EK eK", nonnegative=True)
    closed = lambda dk, E: d0 / 2 - dk / 2 - E / 2  # noqa: E731
    step_ok = identical(closed(dK1, EK + eK) - closed(dK, EK), dK / 2 - dK1 / 2 - eK / 2)
    v[r"&\le \tfrac12 \norm{x_0 - x^\star}^2"] = step_ok and identical(closed(d0, 0), 0) and identical(
        d0 / 2 - closed(dK, EK), dK / 2 + EK / 2)
    # rate slip: f = |x|, lambda = 1, x_0 = 5: prox is the shift by 1 while positive, x_4 = 1, f(x_4) - 0 = 1
    xs = [sp.Integer(5)]
    for _ in range(4):
        p = xs[-1] - 1
        assert p > 0 and 1 + (p - xs[-1]) / 1 == 0  # sign(p) + (p - x)/lambda = 0
        xs.append(p)
    gap = abs(xs[4])
    assert gap <= sp.Rational(25, 2 * 4)  # the bound ||x0 - x*||^2/(2 lambda K) does hold
    v[r"f(x_K) - \fs \le \frac{\norm{x_0 - x^\star}^2}{2\lambda K^2}"] = not false_at(
        "<=", gap, sp.Integer(25) / (2 * 1 * 4**2), {})
    return v


if __name__ == "__main__":
    run("moreau_prox.tex", verdicts())
