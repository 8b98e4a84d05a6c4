"""Polyak's and Nesterov's momentum: the EMA form is the heavy ball, and their rates on a quadratic
(document 003, "Momentum").

Result.  (1) The EMA form m_{t+1} = gamma m_t + (1 - gamma) grad f(x_t), x_{t+1} = x_t - alpha m_{t+1}
(m_0 = 0) produces the iterates of the heavy ball x_{t+1} = x_t - a grad f(x_t) + mu (x_t - x_{t-1})
(x_{-1} = x_0) with a = alpha (1 - gamma) and mu = gamma (not a = alpha).  (2) Nesterov's update with the
gradient at the look-ahead point y_t = x_t + mu (x_t - x_{t-1}) is the rule NESTEROV in the variable y_t.
(3) On f = (1/2) lambda x^2 the iteration matrices (EMA on (x, m), heavy ball on (x_t, x_{t-1}), Nesterov
on (y, v)) have characteristic polynomials z^2 - (1 + mu - a lambda) z + mu (heavy ball; the EMA's is the
same with a = alpha (1 - gamma), mu = gamma) and z^2 - (1 + mu)(1 - a lambda) z + mu (1 - a lambda)
(Nesterov); dimension-free, for a symmetric H every eigenvalue lambda of H gives two eigenvalues of the
2n x 2n iteration matrix, the roots of that polynomial.  The roots' product is mu, so complex roots have
modulus sqrt(mu); both roots are inside the unit disc iff 0 <= mu < 1 and 0 < a lambda < 2 (1 + mu);
for small lambda the slow root is 1 - a lambda / (1 - mu) + O(lambda^2).  (4) With the spectrum in
[l, L], kappa = L/l = q^2, the heavy ball with a = 4/(sqrt(L) + sqrt(l))^2, mu = ((q - 1)/(q + 1))^2 has
spectral radius (q - 1)/(q + 1) (every root complex or double); Nesterov with a = 1/L,
mu = (q - 1)/(q + 1) has spectral radius 1 - 1/q (a double root at lambda = l); gradient descent's best
is (kappa - 1)/(kappa + 1).  So on quadratics (q-1)/(q+1) < 1 - 1/q < (kappa-1)/(kappa+1): the heavy
ball is the fastest of the three, contrary to the document.

Assumptions.  0 <= gamma < 1, 0 <= mu < 1, alpha, a > 0 (the algebra of (1)-(3) holds for all values);
quadratic f with symmetric H for (3)-(4); 0 < l <= lambda <= L.  The optimality of the heavy-ball
parameters (Polyak 1964) is checked by a numeric grid search, not proved here; the rates are proved.

Reference.  Document 003, "Momentum"; Polyak, Some methods of speeding up the convergence of iteration
methods (1964); Nesterov, A method for solving the convex programming problem with convergence rate
O(1/k^2) (1983); Lessard, Recht and Packard, Analysis and design of optimization algorithms via integral
quadratic constraints (2016), Sec. 3; Ghadimi, Feyzmahdavian and Johansson, Global convergence of the
heavy-ball method for convex optimization (2015).  The update rules are ``symgd.optim.rules.HEAVY_BALL_EMA``,
``HEAVY_BALL`` and ``NESTEROV``: every iteration below is derived from their ``step()``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source
from symgd.optim import rules as R

__all__ = ["derive", "heavy_ball_charpoly", "nesterov_charpoly"]

# Notation of the document: x_t, x_{t-1}, g_t = grad f(x_t); the rules' symbols are mapped onto it.
x_t, x_prev, m_t, g_t = sp.symbols("x_{t} x_{t-1} m_{t} g_{t}", real=True)
alpha, a = sp.symbols("alpha a", positive=True)
gamma, mu = R.gamma, R.mu  # the rules' own hyperparameter symbols (gamma, mu >= 0)
lam, z = sp.Symbol("lambda", positive=True), sp.Symbol("z")
n = sp.Symbol("n", integer=True, positive=True)


def _ema() -> dict:
    """HEAVY_BALL_EMA.step() in the document's notation (lr -> alpha)."""
    s = R.HEAVY_BALL_EMA.step()
    sub = {R.theta: x_t, R.m: m_t, R.g: g_t, R.lr: alpha}
    return {"x": s[R.theta].xreplace(sub), "m": s[R.m].xreplace(sub)}


def _heavy_ball(step: sp.Expr = a, grad: sp.Expr = g_t, x: sp.Basic = x_t, xp: sp.Basic = x_prev) -> dict:
    """HEAVY_BALL.step() with lr -> ``step`` and the gradient ``grad``."""
    s = R.HEAVY_BALL.step()
    sub = {R.theta: x, R.theta_prev: xp, R.g: grad, R.lr: step}
    return {"x": s[R.theta].xreplace(sub), "x_prev": s[R.theta_prev].xreplace(sub)}


def heavy_ball_charpoly(z: sp.Expr, a: sp.Expr, mu: sp.Expr, lam: sp.Expr) -> sp.Expr:
    """The derived characteristic polynomial of the heavy ball on (lambda/2) x^2, in one place."""
    return z**2 - (1 + mu - a * lam) * z + mu


def nesterov_charpoly(z: sp.Expr, a: sp.Expr, mu: sp.Expr, lam: sp.Expr) -> sp.Expr:
    """The derived characteristic polynomial of Nesterov's method on (lambda/2) x^2, in one place."""
    return z**2 - (1 + mu) * (1 - a * lam) * z + mu * (1 - a * lam)


def _linear_matrix(new: list[sp.Expr], state: list[sp.Symbol]) -> sp.Matrix:
    """The matrix of a linear update (its Jacobian in the state)."""
    return sp.Matrix(new).jacobian(state)


def derive() -> Derivation:
    d = Derivation(
        "momentum",
        "Momentum: the EMA form is the heavy ball; iteration matrices and rates on a quadratic",
        Source("003", "Momentum",
               r"$m_{t+1} = \gamma * m_t + (1 - \gamma) * \text{gradient of } f(x_t)$, then "
               r"$x_{t+1} = x_t - \alpha * m_{t+1}$"),
        summary=r"The EMA form of Polyak momentum is the heavy ball with step $\alpha (1 - \gamma)$ and momentum "
        r"$\gamma$; on a quadratic each method is a linear recursion whose $2 \times 2$ iteration matrix per eigenvalue "
        r"gives its rate: $(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)$ for the tuned heavy ball, $1 - 1/\sqrt{\kappa}$ "
        "for Nesterov.",
        reference="Document 003; Polyak (1964); Nesterov (1983); Lessard, Recht and Packard (2016), Sec. 3; "
        "Ghadimi, Feyzmahdavian and Johansson (2015).",
    )
    d.assume([x_t, x_prev, m_t, g_t, alpha, a, gamma, mu, lam, z])
    # 0 <= gamma, mu < 1 is the setting, but every step below is an identity that needs no such hypothesis

    # ---------------------------------------------------------------- (1) EMA form = heavy ball
    ema = _ema()
    prev = d.premise("the previous EMA step", Claim(m_t, "=", (x_prev - x_t) / alpha),
                     source=r"$x_t = x_{t-1} - \alpha m_t$ for $t \ge 1$; for $t = 0$, $m_0 = 0$ and $x_{-1} := x_0$")
    d.claim(ema["x"], "=", x_t - alpha * gamma * m_t - alpha * (1 - gamma) * g_t,
            "the rule HEAVY_BALL_EMA: substitute $m_{t+1}$ into $x_{t+1}$")
    d.then("=", x_t - alpha * (1 - gamma) * g_t + gamma * (x_t - x_prev),
           "the previous step: $\\alpha m_t = x_{t-1} - x_t$", premise=prev)
    # identical by construction: the library's HEAVY_BALL, built with these parameters, is the formula above
    d.then("=", _heavy_ball(step=alpha * (1 - gamma))["x"].xreplace({mu: gamma}),
           "the rule HEAVY_BALL with $a = \\alpha (1 - \\gamma)$, $\\mu = \\gamma$", intended_restatement=True)
    d.conclude(r"$x_{t+1}$ (EMA) $= x_t - \alpha (1 - \gamma) \nabla f(x_t) + \gamma (x_t - x_{t-1})$: "
               r"$a = \alpha (1 - \gamma)$, $\mu = \gamma$")
    # the correspondence alpha m_t = x_{t-1} - x_t holds at t = 0 (initial states) and is preserved
    init_ema = dict(R.HEAVY_BALL_EMA.state)[R.m].xreplace({R.theta: x_t})
    init_hb = dict(R.HEAVY_BALL.state)[R.theta_prev].xreplace({R.theta: x_t})
    d.claim(sp.Mul(alpha, init_ema, evaluate=False), "=", sp.Add(init_hb, -x_t, evaluate=False),
            "initial states: $\\alpha m_0 = x_{-1} - x_0$ ($m_0 = 0$, $x_{-1} = x_0$)")
    d.claim(sp.Mul(alpha, ema["m"], evaluate=False), "=", sp.Add(x_t, -ema["x"], evaluate=False), "and $\\alpha m_{t+1} = x_t - x_{t+1}$ after every step")
    d.conclude("by induction the two rules produce the same iterates")

    d.erratum(
        "003", "It just can be rewritten into what you see below",
        r"The EMA form rewrites as $x_{t+1} = x_t - \alpha \nabla f(x_t) + \mu (x_t - x_{t-1})$ with the same "
        r"$\alpha$.",
        r"The rewrite has step $\alpha (1 - \gamma)$, not $\alpha$, and $\mu = \gamma$: "
        r"$x_{t+1} = x_t - \alpha (1 - \gamma) \nabla f(x_t) + \gamma (x_t - x_{t-1})$. With the same $\alpha$ the "
        r"heavy ball takes $1/(1 - \gamma)$ times larger steps ($10\times$ for $\gamma = 0.9$).",
        evidence="the chain of steps proved above; the claim below is refuted",
        claim=Claim(x_t - alpha * (1 - gamma) * g_t + gamma * (x_t - x_prev), "=",
                    x_t - alpha * g_t + gamma * (x_t - x_prev)),
        hypotheses=[gamma < 1],
    )

    # ---------------------------------------------------------------- (2) Nesterov = the rule NESTEROV
    G_y = sp.Symbol(r"\nabla f(y_{t})", real=True)  # the gradient at the look-ahead point
    nes = R.NESTEROV.step()
    y_t = x_t + mu * (x_t - x_prev)
    nsub = {R.theta: y_t, R.v: x_t - x_prev, R.g: G_y, R.lr: a}
    y_new, v_new = nes[R.theta].xreplace(nsub), nes[R.v].xreplace(nsub)
    x_new_doc = x_t + mu * (x_t - x_prev) - a * G_y  # the document's formula, step a (its gamma)
    d.claim(sp.Add(y_new, -mu * v_new, evaluate=False), "=", x_new_doc,
            "the rule NESTEROV in $y_t = x_t + \\mu (x_t - x_{t-1})$, $v_t = x_t - x_{t-1}$: "
            "$x_{t+1} = y_{t+1} - \\mu v_{t+1}$ is the document's update (its step $\\gamma$ called $a$ here)")
    d.claim(v_new, "=", sp.Add(x_new_doc, -x_t, evaluate=False), "and $v_{t+1} = x_{t+1} - x_t$")
    d.conclude("Nesterov's update of the document is the rule NESTEROV in the look-ahead variable")
    d.erratum(
        "003", r"$x_{t+1} = x_t + \mu(x_t - x_{t-1}) - \gamma \nabla f(x_t + \mu(x_t - x_{t-1}))$",
        r"Nesterov's step size is called $\gamma$.",
        r"$\gamma$ was just defined as the EMA factor of Polyak's momentum (a number near $1$); here the same letter is "
        r"the step size (at most $1/L$). The two are different parameters.",
        evidence=r"notation; the EMA's $\gamma$ becomes the heavy ball's $\mu$, not its step",
    )

    # ---------------------------------------------------------------- (3) on f = (lambda/2) x^2
    # EMA on (x, m), gradient lambda x
    e_lin = [ex.xreplace({g_t: lam * x_t}) for ex in (ema["x"], ema["m"])]
    A = _linear_matrix(e_lin, [x_t, m_t])
    d.claim(sp.Matrix(e_lin), "=", A * sp.Matrix([x_t, m_t]), "EMA form on $(x, m)$: a linear map")
    d.claim((z * sp.eye(2) - A).det(), "=", heavy_ball_charpoly(z, alpha * (1 - gamma), gamma, lam),
            "its characteristic polynomial is the heavy ball's with $a = \\alpha(1-\\gamma)$, $\\mu = \\gamma$")
    # heavy ball on (x_t, x_{t-1})
    hb = _heavy_ball(grad=lam * x_t)
    T = _linear_matrix([hb["x"], hb["x_prev"]], [x_t, x_prev])
    d.claim(sp.Matrix([hb["x"], hb["x_prev"]]), "=", T * sp.Matrix([x_t, x_prev]), "heavy ball on $(x_t, x_{t-1})$")
    d.claim((z * sp.eye(2) - T).det(), "=", heavy_ball_charpoly(z, a, mu, lam), "its characteristic polynomial")
    d.conclude(r"heavy ball: $\det(zI - T) = z^2 - (1 + \mu - a\lambda) z + \mu$; the EMA form's is the same")
    # Nesterov on (y, v)
    y_s, v_s = sp.symbols("y_{t} v_{t}", real=True)
    yv = [nes[k].xreplace({R.theta: y_s, R.v: v_s, R.lr: a, R.g: lam * y_s}) for k in (R.theta, R.v)]
    N = _linear_matrix(yv, [y_s, v_s])
    d.claim(sp.Matrix(yv), "=", N * sp.Matrix([y_s, v_s]), "NESTEROV on $(y, v)$")
    d.claim((z * sp.eye(2) - N).det(), "=", nesterov_charpoly(z, a, mu, lam), "its characteristic polynomial")
    d.conclude(r"Nesterov: $\det(zI - N) = z^2 - (1 + \mu)(1 - a\lambda) z + \mu (1 - a\lambda)$")

    # dimension-free: an eigenpair H u = lambda u gives eigenvalues of the block iteration
    H = d.matrix(sp.MatrixSymbol("H", n, n), symmetric=True)
    X, Xp, u, B = (sp.MatrixSymbol(s, n, 1) for s in ("x_{t}", "x_{t-1}", "u", "B"))
    c = sp.Symbol("c", real=True)
    In = sp.Identity(n)
    eig = d.premise("an eigenpair of $H$", Claim(B + c * H * u, "=", B + c * lam * u), variables=(B, c),
                    source=r"$H u = \lambda u$")
    hb_vec = _heavy_ball(grad=H * X, x=X, xp=Xp)["x"]
    d.claim(hb_vec, "=", ((1 + mu) * In - a * H) * X - mu * Xp, "heavy ball on $\\frac12 x^T H x$ (any dimension)")
    d.claim(((1 + mu) * In - a * H) * (z * u) - mu * u - z * (z * u), "=", -heavy_ball_charpoly(z, a, mu, lam) * u,
            "first block of $(T - zI)(z u, u)$ with $H u = \\lambda u$ (the second block is $u - z u/z = 0$)",
            premise=eig, instance={B: (1 + mu) * z * u - mu * u - z**2 * u, c: -a * z})
    d.conclude(r"every eigenvalue $\lambda$ of $H$ gives two eigenvalues of the $2n \times 2n$ heavy-ball matrix: the "
               r"roots of $z^2 - (1 + \mu - a\lambda) z + \mu$")
    look = X + mu * (X - Xp)  # the look-ahead point y_t
    d.claim(look - a * H * look, "=", (1 + mu) * (In - a * H) * X - mu * (In - a * H) * Xp,
            "Nesterov on $\\frac12 x^T H x$: gradient $H y_t$ at the look-ahead point")
    d.claim((1 + mu) * (In - a * H) * (z * u) - mu * (In - a * H) * u - z * (z * u), "=",
            -nesterov_charpoly(z, a, mu, lam) * u, "first block with $H u = \\lambda u$",
            premise=eig, instance={B: (1 + mu) * z * u - mu * u - z**2 * u, c: -(1 + mu) * a * z + mu * a})
    d.conclude(r"and for Nesterov the roots of $z^2 - (1 + \mu)(1 - a\lambda) z + \mu (1 - a\lambda)$")

    # ---------------------------------------------------------------- (4) roots, stability, slow mode
    p = heavy_ball_charpoly(z, a, mu, lam)
    b = sp.Symbol("b", real=True)
    d.define(b, 1 + mu - a * lam, "the linear coefficient of $p$")
    z_plus, z_minus = (b + sp.sqrt(b**2 - 4 * mu)) / 2, (b - sp.sqrt(b**2 - 4 * mu)) / 2
    d.claim(z_plus**2 - b * z_plus + mu, "=", 0, "$z_\\pm = (b \\pm \\sqrt{b^2 - 4\\mu})/2$ are the roots")
    d.claim(z_plus * z_minus, "=", mu, "their product (Vieta)")
    d.conclude(r"$z_+ z_- = \mu$: complex roots have $|z|^2 = z \bar z = \mu$, so $|z| = \sqrt{\mu}$ whatever "
               r"$a\lambda$")
    s_mu = sp.sqrt(mu)
    d.claim(b**2 - 4 * mu, "=", ((1 - s_mu) ** 2 - a * lam) * ((1 + s_mu) ** 2 - a * lam), "the discriminant factors")
    d.conclude(r"the roots are complex iff $(1 - \sqrt{\mu})^2 < a\lambda < (1 + \sqrt{\mu})^2$")
    d.claim(sp.Subs(p, z, 1), "=", a * lam, "$p(1)$")
    d.claim(sp.Subs(p, z, -1), "=", 2 * (1 + mu) - a * lam, "$p(-1)$")
    d.conclude(r"Jury: both roots inside the unit disc iff $0 \le \mu < 1$ and $0 < a\lambda < 2 (1 + \mu)$")
    d.claim(p.xreplace({z: 1 - a * lam / (1 - mu)}), "=+O", 0,
            "$p$ at $1 - a\\lambda/(1-\\mu)$ vanishes to second order; $p'(1) = 1 - \\mu + a\\lambda \\neq 0$",
            order=(lam, 2))
    pn = nesterov_charpoly(z, a, mu, lam)
    d.claim(pn.xreplace({z: 1 - a * lam / (1 - mu)}), "=+O", 0, "the same slow root for Nesterov", order=(lam, 2))
    d.conclude(r"for small curvature both methods behave like GD with step $a/(1 - \mu)$: slow root "
               r"$1 - a\lambda/(1 - \mu)$")

    # ---------------------------------------------------------------- the document's intuition, in steady state
    dlt, cc = sp.symbols("delta c", real=True)
    hb_disp = _heavy_ball(xp=x_t - dlt)["x"] - x_t  # x_{t+1} - x_t from the rule, with x_t - x_{t-1} = delta
    const = d.claim(dlt, ":=", -a * g_t / (1 - mu), "a constant gradient: the step $\\delta$ repeats itself",
                    equation=sp.Eq(dlt, hb_disp))
    d.conclude(r"consistent gradients: steady step $-a g/(1 - \mu)$, $1/(1 - \mu)$ times GD's ($10\times$ for "
               r"$\mu = 0.9$)", step=const)
    alt = d.claim(cc, ":=", a * g_t / (1 + mu), "an alternating gradient $(-1)^t g$: steps $c(-1)^t$, "
                  "$-c = \\mu c - a g$", equation=sp.Eq(-cc, hb_disp.xreplace({dlt: cc})))
    d.conclude(r"oscillating gradients: steady step $a |g|/(1 + \mu)$, damped by $1/(1 + \mu)$: the document's intuition "
               "(smaller steps where GD oscillates, larger where the gradient is consistent) in exact form", step=alt)

    # ---------------------------------------------------------------- (5) tuned rates, kappa = q^2
    lmin = sp.Symbol("lambda_min", positive=True)
    q = sp.Symbol(r"\sqrt{\kappa}", positive=True)
    w = sp.Symbol("w", nonnegative=True)  # lambda_w = (lmin + w L)/(1 + w) sweeps [lmin, L) as w >= 0; L is done apart
    d.assume([lmin, q, w])
    d.hypothesis(q > 1, r"$\kappa = L / \lambda_{\min} > 1$")
    # raw expressions (for certificates) and their names (for readable steps)
    L_ = q**2 * lmin
    rho_ = (q - 1) / (q + 1)
    a_hb_ = 4 / (sp.sqrt(L_) + sp.sqrt(lmin)) ** 2
    s_ = w / (1 + w)  # the fraction of the way from lmin to L
    Ls, rho, a_hb, mu_hb, lam_w = sp.symbols(r"L \rho^{*} a^{*} \mu^{*} \lambda_{w}", positive=True)
    d.define(Ls, L_, "$L = \\kappa \\lambda_{\\min}$")
    d.define(rho, rho_, "the rate to prove")
    d.define(a_hb, 4 / (sp.sqrt(Ls) + sp.sqrt(lmin)) ** 2, "Polyak's step")
    d.define(mu_hb, rho**2, "Polyak's momentum")
    d.define(lam_w, (lmin + w * Ls) / (1 + w), "a point of $[\\lambda_{\\min}, L)$, $w \\ge 0$")
    disc_hb = lambda lm: (1 + mu_hb - a_hb * lm) ** 2 - 4 * mu_hb  # noqa: E731
    d.claim(disc_hb(lmin), "=", 0, "tuned heavy ball: a double root at $\\lambda_{\\min}$")
    d.claim(disc_hb(Ls), "=", 0, "and at $L$")
    d.claim(disc_hb(lam_w), "<=", 0, "complex roots in between",
            certificate=a_hb_**2 * s_ * (1 - s_) * (L_ - lmin) ** 2)
    d.claim(heavy_ball_charpoly(z, a_hb, mu_hb, lam_w), "=", z**2 - (1 + mu_hb - a_hb * lam_w) * z + rho**2,
            "so every root has $|z|^2 = \\mu^* = (\\rho^*)^2$")
    d.conclude(r"tuned heavy ball: spectral radius $(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)$ on the whole spectrum")

    disc_n = lambda lm: ((1 + rho) * (1 - lm / Ls)) ** 2 - 4 * rho * (1 - lm / Ls)  # noqa: E731
    d.claim(disc_n(lmin), "=", 0, "Nesterov with $a = 1/L$, $\\mu = \\rho^*$: a double root at $\\lambda_{\\min}$")
    d.claim((1 + rho) * (1 - lmin / Ls) / 2, "=", 1 - 1 / q, "which is $1 - 1/\\sqrt\\kappa$")
    d.claim(disc_n(lam_w), "<=", 0, "complex roots on $[\\lambda_{\\min}, L)$",
            certificate=s_ * (1 - s_) * (1 + rho_) ** 2 * (L_ - lmin) ** 2 / L_**2)
    d.claim(rho * (1 - lam_w / Ls), "<=", (1 - 1 / q) ** 2,
            "their $|z|^2 = \\mu(1 - a\\lambda)$ (the product of the roots) is largest at $\\lambda_{\\min}$")
    d.conclude(r"Nesterov with $a = 1/L$: spectral radius $1 - 1/\sqrt{\kappa}$")

    gd_rate = (q**2 - 1) / (q**2 + 1)
    faster = d.claim(rho, "<", 1 - 1 / q, "the tuned heavy ball is faster than Nesterov on quadratics",
                     certificate=(q - 1) / (q * (q + 1)))
    d.conclude(r"heavy ball $(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)$ $<$ Nesterov $1 - 1/\sqrt{\kappa}$", step=faster)
    d.then("<", gd_rate, "and Nesterov faster than GD's best $(\\kappa - 1)/(\\kappa + 1)$",
           certificate=(q - 1) ** 2 / (q * (q**2 + 1)))
    d.conclude(r"$(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1) < (\kappa - 1)/(\kappa + 1)$: both momentum methods beat "
               "GD's best")

    d.erratum(
        "003", "So, Nesterov is significantly faster.",
        r"Nesterov's method is significantly faster than Polyak's (as a consequence of $O(1/t^2)$ vs $O(1/t)$).",
        r"Only in the sense of worst-case guarantees over all smooth convex $f$, and only with Nesterov's increasing "
        r"momentum $(t - 1)/(t + 2)$: there the heavy ball has no accelerated guarantee (with the quadratic-tuned "
        r"parameters it can even fail to converge on a smooth strongly convex $f$, Lessard et al. 2016, Sec. 4.6). It "
        r"is not true problem by problem: on strongly convex quadratics ($\kappa = L/\mu$) the tuned heavy ball "
        r"contracts by $(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)$ per step, Nesterov ($a = 1/L$) by "
        r"$1 - 1/\sqrt{\kappa}$, and even Nesterov's best tuning only by $1 - 2/\sqrt{3\kappa + 1}$ (Lessard et al. "
        r"2016): there the heavy ball is faster. With the constant $\mu$ of the displayed formulas both are "
        r"$\Theta(1/t)$ in the worst case over convex quadratics (next erratum).",
        evidence="the steps above prove both spectral radii; numeric check 'tuned_parameters' grid-searches both",
        claim=Claim(1 - 1 / q, "<=", rho),
    )
    d.erratum(
        "003", "Polyak is $O(1/t)$ convergence, Nesterov is $O(1/t^2)$ convergence.",
        "Polyak's momentum converges as $O(1/t)$, Nesterov's as $O(1/t^2)$.",
        r"Both statements lack their assumptions. $O(1/t^2)$ is the worst case of Nesterov's method over convex "
        r"$L$-smooth $f$ with step $1/L$ and the increasing momentum $\mu_t = (t - 1)/(t + 2)$ (Nesterov 1983); with "
        r"the constant $\mu$ of the displayed formula the slow root is $1 - a\lambda/(1 - \mu) + O(\lambda^2)$ (proved "
        r"above), so over convex quadratics the worst case is $\Theta(1/t)$, the same order as GD and the heavy ball. "
        r"The heavy ball's $O(1/t)$ holds for averaged iterates (Ghadimi et al. 2015); on strongly convex quadratics "
        "both are linear.",
        evidence=r"numeric check 'worst_case_rates': fitted slopes of $\sup_\lambda f(x_t)$ against $t$",
    )

    # ---------------------------------------------------------------- numeric checks
    @d.numeric("ema_vs_heavy_ball", "EMA form vs classic heavy ball (and the compiled rules) on a random quadratic, "
               "300 steps")
    def _ema_vs_hb() -> NumericOutcome:
        rng = np.random.default_rng(11)
        M = rng.normal(size=(6, 6))
        Hn = M @ M.T / 6 + 0.1 * np.eye(6)
        x0 = rng.normal(size=6)
        al, ga = 0.3, 0.85
        xe, me = x0.copy(), np.zeros(6)  # EMA form, by hand
        xh, xph = x0.copy(), x0.copy()  # classic form, by hand, a = alpha (1 - gamma), mu = gamma
        f_ema = _compiled(R.HEAVY_BALL_EMA, {R.lr: al, R.gamma: ga})
        f_hb = _compiled(R.HEAVY_BALL, {R.lr: al * (1 - ga), R.mu: ga})
        re, rm = x0.copy(), np.zeros(6)  # the compiled rules
        rh, rp = x0.copy(), x0.copy()
        gap = gap_rules = 0.0
        for _ in range(300):
            me = ga * me + (1 - ga) * (Hn @ xe)
            xe = xe - al * me
            xh, xph = xh - al * (1 - ga) * (Hn @ xh) + ga * (xh - xph), xh
            re, rm = f_ema(re, rm, Hn @ re)
            rh, rp = f_hb(rh, rp, Hn @ rh)
            scale = 1 + np.abs(xe).max()
            gap = max(gap, np.abs(xe - xh).max() / scale)
            gap_rules = max(gap_rules, np.abs(re - xh).max() / scale, np.abs(rh - xh).max() / scale)
        ok = gap < 1e-12 and gap_rules < 1e-12
        return NumericOutcome(ok, f"max relative gap EMA vs heavy ball = {gap:.1e}; compiled rules vs hand-written = "
                              f"{gap_rules:.1e}", {"gap": gap, "gap_rules": gap_rules})

    @d.numeric("nesterov_lookahead", r"the document's Nesterov recursion vs the rule NESTEROV ($x_t = y_t - \mu v_t$)")
    def _nesterov() -> NumericOutcome:
        rng = np.random.default_rng(12)
        M = rng.normal(size=(5, 5))
        Hn = M @ M.T / 5 + 0.05 * np.eye(5)
        L_ = np.linalg.eigvalsh(Hn).max()
        step, mom = 1 / L_, 0.8
        x, xp = rng.normal(size=5), None
        xp = x.copy()
        s = R.NESTEROV.step()
        sub = {R.lr: step, R.mu: mom}
        fy = sp.lambdify((R.theta, R.v, R.g), s[R.theta].xreplace(sub), "numpy")
        fv = sp.lambdify((R.theta, R.v, R.g), s[R.v].xreplace(sub), "numpy")
        y, v = x.copy(), np.zeros(5)
        gap = 0.0
        for _ in range(200):
            look = x + mom * (x - xp)
            x, xp = look - step * (Hn @ look), x
            gy = Hn @ y
            y, v = fy(y, v, gy), fv(y, v, gy)
            gap = max(gap, np.abs((y - mom * v) - x).max() / (1 + np.abs(x).max()))
        return NumericOutcome(gap < 1e-12, rf"max relative $|(y_t - \mu v_t) - x_t|$ over 200 steps = {gap:.1e}",
                              {"gap": gap})

    @d.numeric("spectral_radius_vs_contraction", r"spectral radius of the $2n \times 2n$ iteration matrix (numpy) vs the "
               "derived roots vs the observed asymptotic contraction")
    def _contraction() -> NumericOutcome:
        rng = np.random.default_rng(13)
        Q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
        eigs = np.array([0.5, 2.0, 7.0, 10.0])
        Hn = Q @ np.diag(eigs) @ Q.T
        I4, Z4 = np.eye(4), np.zeros((4, 4))
        worst, vals = 0.0, {}
        for name, step, mom in (("heavy_ball", 0.05, 0.6), ("nesterov", 0.08, 0.5)):
            if name == "heavy_ball":
                T_ = np.block([[(1 + mom) * I4 - step * Hn, -mom * I4], [I4, Z4]])
                cp = heavy_ball_charpoly
            else:
                T_ = np.block([[(1 + mom) * (I4 - step * Hn), -mom * (I4 - step * Hn)], [I4, Z4]])
                cp = nesterov_charpoly
            rho_np = np.abs(np.linalg.eigvals(T_)).max()
            # the derived polynomial's roots, eigenvalue by eigenvalue
            coeffs = sp.Poly(cp(z, step, mom, lam), z).all_coeffs()
            rho_sym = max(np.abs(np.roots([float(cf.subs(lam, e)) for cf in coeffs])).max() for e in eigs)
            x, xp = rng.normal(size=4), None
            xp = x.copy()
            norms = []
            for _ in range(600):
                if name == "heavy_ball":
                    x, xp = x - step * (Hn @ x) + mom * (x - xp), x
                else:
                    look = x + mom * (x - xp)
                    x, xp = look - step * (Hn @ look), x
                norms.append(np.hypot(np.linalg.norm(x), np.linalg.norm(xp)))
            observed = (norms[-1] / norms[299]) ** (1 / 300)
            worst = max(worst, abs(rho_np - rho_sym) / rho_np, abs(observed - rho_np) / rho_np)
            vals.update({f"{name}_rho_numpy": rho_np, f"{name}_rho_roots": rho_sym, f"{name}_observed": observed})
        label = {"heavy_ball": "heavy ball", "nesterov": "Nesterov", "rho_numpy": "spectral radius (numpy)",
                 "rho_roots": "largest derived root", "observed": "observed contraction"}
        return NumericOutcome(worst < 1e-3, "; ".join(
            f"{label[m]}: {label[k]} {vals[f'{m}_{k}']:.6f}" for m in ("heavy_ball", "nesterov")
            for k in ("rho_numpy", "rho_roots", "observed")), vals)

    @d.numeric("tuned_parameters", r"grid search over $(a, \mu)$ of the worst spectral radius on $[1, 100]$: heavy ball "
               "vs Nesterov vs GD")
    def _tuned() -> NumericOutcome:
        lo, hi = 1.0, 100.0
        kap = hi / lo
        lams = np.linspace(lo, hi, 60)
        A_, M_ = np.meshgrid(np.linspace(0.01, 0.05, 321), np.linspace(0.5, 0.9, 201), indexing="ij")

        def radius(b_: np.ndarray, c_: np.ndarray) -> np.ndarray:  # max |root| of z^2 - b z + c
            dsc = (b_**2 - 4 * c_).astype(complex)
            return np.maximum(np.abs((b_ + np.sqrt(dsc)) / 2), np.abs((b_ - np.sqrt(dsc)) / 2))

        hb = np.max([radius(1 + M_ - A_ * lm, M_) for lm in lams], axis=0)
        An, Mn = np.meshgrid(np.linspace(0.005, 0.02, 151), np.linspace(0.5, 0.95, 226), indexing="ij")
        ne = np.max([radius((1 + Mn) * (1 - An * lm), Mn * (1 - An * lm)) for lm in lams], axis=0)
        best_hb, best_ne = hb.min(), ne.min()
        i = np.unravel_index(hb.argmin(), hb.shape)
        q_ = np.sqrt(kap)
        theory_hb, theory_ne, gd = (q_ - 1) / (q_ + 1), 1 - 2 / np.sqrt(3 * kap + 1), (kap - 1) / (kap + 1)
        ok = (abs(best_hb - theory_hb) < 5e-3 and abs(best_ne - theory_ne) < 5e-3 and best_hb < best_ne < gd
              and abs(A_[i] - 4 / (np.sqrt(hi) + np.sqrt(lo)) ** 2) < 2e-3)
        return NumericOutcome(ok, rf"$\kappa = 100$: best heavy ball {best_hb:.4f} (theory {theory_hb:.4f}, at "
                              rf"$a = {A_[i]:.4f}$, $\mu = {M_[i]:.3f}$); best Nesterov {best_ne:.4f} "
                              rf"($1 - 2/\sqrt{{3\kappa + 1}}$ = {theory_ne:.4f}); GD {gd:.4f}",
                              {"heavy_ball": best_hb, "nesterov": best_ne, "gd": gd})

    @d.numeric("worst_case_rates", r"$\sup$ over $\lambda \in [10^{-7}, 1]$ of $f(x_t)$ on $\frac{\lambda}{2} x^2$, "
               r"$t = 200, \dots, 3200$: fitted log-log slopes")
    def _rates() -> NumericOutcome:
        lams = np.logspace(-7, 0, 3000)
        times = [200, 400, 800, 1600, 3200]
        slopes = {}
        for kind in ("heavy_ball", "nesterov_constant_mu", "nesterov_mu_t"):
            x, xp, worst = np.ones_like(lams), np.ones_like(lams), []
            for t_ in range(1, times[-1] + 1):
                if kind == "heavy_ball":
                    x, xp = x - lams * x + 0.9 * (x - xp), x
                else:
                    mom = 0.9 if kind == "nesterov_constant_mu" else (t_ - 1) / (t_ + 2)
                    look = x + mom * (x - xp)
                    x, xp = look - lams * look, x
                if t_ in times:
                    worst.append(np.max(0.5 * lams * x**2))
            slopes[kind] = float(np.polyfit(np.log(times), np.log(worst), 1)[0])
        ok = (abs(slopes["heavy_ball"] + 1) < 0.1 and abs(slopes["nesterov_constant_mu"] + 1) < 0.1
              and abs(slopes["nesterov_mu_t"] + 2) < 0.1)
        label = {"heavy_ball": "heavy ball", "nesterov_constant_mu": r"Nesterov, constant $\mu$",
                 "nesterov_mu_t": r"Nesterov, $\mu_t = (t-1)/(t+2)$"}
        return NumericOutcome(ok, "slopes: " + ", ".join(f"{label[k]} {v:.3f}" for k, v in slopes.items())
                              + r" (constant momentum: $1/t$; $\mu_t = (t-1)/(t+2)$: $1/t^2$)", slopes)

    return d


def _compiled(rule: R.UpdateRule, hyper: dict):
    """The rule's step (new parameter, new state) as a numpy function of (parameter, state, gradient)."""
    new = rule.step()
    (state,) = rule.state_symbols
    f = sp.lambdify((rule.param, state, rule.grad), [new[rule.param].xreplace(hyper), new[state].xreplace(hyper)],
                    "numpy")
    return lambda p, s, g: tuple(np.asarray(o, dtype=float) for o in f(p, s, g))
