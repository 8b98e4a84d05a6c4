"""AdaGrad, RMSProp and Adam as symbolic update rules (document 003, "AdaGrad", "RMSProp", "ADAM").

Result.  (1) AdaGrad's accumulator is G_t = sum_{tau <= t} g_tau^2 (diagonal) or sum g_tau g_tau^T (full);
the effective learning rate eta / sqrt(eps + G_t) never increases, and if every g_tau^2 >= c^2 it is at
most eta / sqrt(eps + t c^2), so it vanishes like 1/sqrt(t) (the document's motivation for RMSProp; when
sum g_tau^2 converges, e.g. on a smooth strongly convex problem, it does not vanish).  The diagonal rule is
the full rule with G_t replaced by its diagonal.  The full G_t has rank <= t, so G_t^{-1/2} (no eps) does not
exist for t < d.  (2) RMSProp's accumulator stays bounded: if v_t <= S and g^2 <= S then v_{t+1} <= S, so
its effective learning rate stays >= eta / sqrt(S + eps).  (3) Adam with beta_1 = 0 and without bias
correction is RMSProp with eps OUTSIDE the square root; the document's RMSProp (eps inside) agrees with it
only for eps = 0.  (4) Both bias factors: from the initial state the first Adam step is
-eta g / (|g| + eps) (m_hat_1 = g, v_hat_1 = g^2); without the corrections it would be (1 - beta_1) /
sqrt(1 - beta_2) times that (about 3.16 for the defaults) at eps = 0.  For a constant gradient the state
(t, g (1 - beta_1^t), g^2 (1 - beta_2^t)) is invariant, so every step is -eta g / (|g| + eps): the
corrections remove both factors 1 - beta_1^t and 1 - beta_2^t exactly.  The expectations
E[m_t] = mu (1 - beta_1^t), E[v_t] = sigma^2 (1 - beta_2^t) are derived in ``adam_bias``.

Assumptions.  eta, eps > 0; 0 <= beta, beta_1, beta_2 < 1; real gradients.  The rules are
``symgd.optim.rules.ADAGRAD``, ``ADAGRAD_FULL``, ``RMSPROP`` and ``ADAM``; every update below is their ``step()``.

Reference.  Document 003, "AdaGrad", "RMSProp", "ADAM"; Duchi, Hazan and Singer, Adaptive subgradient
methods for online learning and stochastic optimization (JMLR 2011); Tieleman and Hinton, Lecture 6.5
(Coursera 2012); Kingma and Ba, Adam: A Method for Stochastic Optimization (ICLR 2015), Sec. 2-3.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source
from symgd.optim import rules as R

__all__ = ["compile_rule", "derive"]

theta, g, lr, eps, beta, b1, b2 = R.theta, R.g, R.lr, R.eps, R.beta, R.b1, R.b2
t, m, v, G = R.t, R.m, R.v, R.G


def compile_rule(rule: R.UpdateRule, hyper: dict) -> Callable[..., tuple[np.ndarray, ...]]:
    """The rule's step as a numpy function (param, *state, grad) -> (param, *state), hyperparameters fixed."""
    new = rule.step()
    keys = (rule.param, *rule.state_symbols)
    f = sp.lambdify((*keys, rule.grad), [new[k].xreplace(hyper) for k in keys], "numpy")
    return lambda *args: tuple(np.asarray(o, dtype=float) for o in f(*args))


def _values(rule: R.UpdateRule, at: dict) -> dict:
    """Every assigned value (temporaries too, e.g. Adam's m_hat) of one step from the state ``at``."""
    new: dict = {}
    for s, e in rule.assignments:
        new[s] = e.xreplace(new).xreplace(at)
    return new


def _at(expr: sp.Expr, values: dict, held: sp.Symbol) -> sp.Expr:
    """``expr`` at ``values``, the value of ``held`` substituted unevaluated (``sp.Subs``), so the step shows the
    substitution and the checker performs it (a Subs of one variable is decided soundly)."""
    rest = {s: val for s, val in values.items() if s != held}
    return sp.Subs(expr.xreplace(rest), held, values[held])


def _parity(perm: tuple[int, ...]) -> int:
    """The sign of a permutation (Leibniz formula of the determinant)."""
    inversions = sum(1 for i in range(len(perm)) for k in range(i + 1, len(perm)) if perm[i] > perm[k])
    return -1 if inversions % 2 else 1


def _no_bias_correction(rule: R.UpdateRule) -> R.UpdateRule:
    return rule.with_assignment(R.m_hat, m).with_assignment(R.v_hat, v, name="adam_no_bias_correction")


def derive() -> Derivation:
    d = Derivation(
        "adaptive",
        "AdaGrad, RMSProp and Adam: accumulators, effective learning rates, RMSProp as Adam with $\\beta_1 = 0$",
        Source("003", "AdaGrad, RMSProp, ADAM", r"$x_{t+1} = x_t - \eta \text{diag}(\epsilon I + G_t)^{-1/2} g_t$ ... "
               r"$\theta_t = \theta_{t-1} - \frac{\eta}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t$"),
        summary="AdaGrad divides by the root of the summed squared gradients, which grows without bound when the "
        "gradients do not vanish; RMSProp replaces the sum by an EMA, which stays bounded; Adam adds an EMA of the "
        "gradient and corrects both EMAs' start at zero.",
        reference="Document 003; Duchi, Hazan and Singer (2011); Tieleman and Hinton (2012); Kingma and Ba (2015).",
    )
    d.assume([theta, g, lr, eps, beta, b1, b2, t, m, v, G])
    # 0 <= beta, beta_1, beta_2 < 1 is the setting; the identities below need no such hypothesis

    # ---------------------------------------------------------------- (1) AdaGrad, diagonal
    ada = R.ADAGRAD.step()
    j = sp.Symbol("j", integer=True, positive=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    gs, w = sp.Function("g"), sp.Function("w")
    nn = sp.Symbol("n", integer=True, positive=True)
    split = d.premise("split off the last term", sp.Eq(sp.Sum(w(j), (j, 1, nn)), sp.Sum(w(j), (j, 1, nn - 1)) + w(nn)),
                      variables=(w, nn), source="definition of a finite sum")
    acc = sp.Sum(gs(j) ** 2, (j, 1, k))
    d.claim(sp.Sum(gs(j) ** 2, (j, 1, k + 1)), "=", ada[G].xreplace({G: acc, g: gs(k + 1)}),
            "the rule ADAGRAD adds $g_{t+1}^2$ to $G_t = \\sum_{\\tau \\le t} g_\\tau^2$", premise=split,
            instance={w: sp.Lambda(j, gs(j) ** 2), nn: k + 1})
    d.conclude(r"$G_t = \sum_{\tau \le t} g_\tau^2$ ($G_0 = 0$)")

    G_new = ada[G]
    cert = lr * g**2 / (sp.sqrt(eps + G) * sp.sqrt(eps + G_new) * (sp.sqrt(eps + G_new) + sp.sqrt(eps + G)))
    d.claim(lr / sp.sqrt(eps + G_new), "<=", lr / sp.sqrt(eps + G), "the effective learning rate never increases",
            certificate=cert)
    c, p, r = sp.Symbol("c", positive=True), sp.Symbol("p", nonnegative=True), sp.Symbol("r", nonnegative=True)
    d.assume([c, p, r])
    d.claim(G_new.xreplace({G: k * c**2 + p, g**2: c**2 + r}) - (k + 1) * c**2, "=", p + r,
            "if $G_t = t c^2 + p$ and $g_{t+1}^2 = c^2 + r$ ($p, r \\ge 0$)")
    d.then(">=", 0, "so $G_t \\ge t c^2$ for all $t$ when every $g_\\tau^2 \\ge c^2$ (induction)")
    d.claim(lr / sp.sqrt(eps + k * c**2 + p), "<=", lr / sp.sqrt(eps + k * c**2),
            "hence $\\eta/\\sqrt{\\epsilon + G_t} \\le \\eta/\\sqrt{\\epsilon + t c^2} \\to 0$ like $1/\\sqrt{t}$",
            certificate=lr * p / (sp.sqrt(eps + k * c**2) * sp.sqrt(eps + k * c**2 + p)
                                  * (sp.sqrt(eps + k * c**2 + p) + sp.sqrt(eps + k * c**2))))
    d.conclude(r"AdaGrad's effective learning rate vanishes like $1/\sqrt{t}$ when the gradients do not vanish")

    # the diagonal rule is the full rule with G replaced by its diagonal (coordinates, d = 2)
    full = R.ADAGRAD_FULL.step()
    G1, G2, g1, g2, x1, x2 = sp.symbols("G_1 G_2 g_1 g_2 theta_1 theta_2", real=True)
    gv, xv = sp.Matrix([g1, g2]), sp.Matrix([x1, x2])
    two = {R.d: 2}
    G_full_new = full[R.Gmat].xreplace(two).xreplace({R.Gmat.xreplace(two): sp.ImmutableMatrix(sp.diag(G1, G2)),
                                                        R.Gvec.xreplace(two): sp.ImmutableMatrix(gv)}).as_explicit()
    G_diag_new = sp.diag(*[G_full_new[i, i] for i in range(2)])
    diag_rule = [ada[theta].xreplace({theta: xi, g: gi, G: Gi}) for xi, gi, Gi in ((x1, g1, G1), (x2, g2, G2))]
    full_with_diagonal = sp.MatAdd(xv, sp.MatMul(-lr, sp.MatPow(eps * sp.eye(2) + G_diag_new, sp.Rational(-1, 2)), gv,
                                                 evaluate=False), evaluate=False)  # kept as the formula reads
    d.claim(sp.Matrix(diag_rule), "=", full_with_diagonal,
            "ADAGRAD coordinate by coordinate is ADAGRAD_FULL with $G_{t+1}$ replaced by its diagonal ($d = 2$)")
    d.conclude(r"diagonal AdaGrad: $x_{t+1} = x_t - \eta\, \mathrm{diag}(\epsilon I + G_t)^{-1/2} g_t$")

    # the full G_t has rank <= t: singular for t < d (d = 3, t = 2)
    ga, gb = sp.Matrix(sp.symbols("a_1:4", real=True)), sp.Matrix(sp.symbols("b_1:4", real=True))
    G_two = ga * ga.T + gb * gb.T  # two steps of the full accumulator
    det_two = sum(_parity(perm) * sp.Mul(*(G_two[i, perm[i]] for i in range(3)))  # Leibniz, unexpanded
                  for perm in itertools.permutations(range(3)))
    d.claim(det_two, "=", 0, "two gradients $a, b$: $G_2 = a a^T + b b^T$ in $d = 3$ is singular (rank $\\le 2$)")
    d.conclude(r"$G_t = \sum g g^T$ is singular for $t < d$: $G_t^{-1/2}$ needs $\epsilon I + G_t$ (or a "
               "pseudo-inverse)")
    d.erratum(
        "003", r"$x_{t+1} = x_t - \eta G_t^{-1/2} g_t$",
        r"The full AdaGrad update uses $G_t^{-1/2}$, the inverse square root of $G_t = \sum_{\tau \le t} g_\tau "
        r"g_\tau^T$.",
        r"$G_t$ is a sum of $t$ rank-one matrices, so it is singular for $t < d$ (and whenever the gradients span less "
        r"than $\mathbb{R}^d$): $G_t^{-1/2}$ does not exist. Duchi et al. (2011) use $(\delta I + G_t^{1/2})^{-1}$; the "
        r"document adds $\epsilon$ only for the diagonal version.",
        evidence=r"$\det G_2 = 0$ in $d = 3$ (proved above); the claim $\det G_2 > 0$ is refuted",
        claim=Claim(sp.Determinant(sp.ImmutableMatrix(G_two)), ">", 0),  # det G_2 > 0, with G_2 written out
    )
    d.erratum(
        "003", r"$\begin{bmatrix} x_{t+1}^{(2)} \\ x_{t+1}^{(2)} \\ \vdots \\ x_{t+1}^{(m)} \end{bmatrix}$",
        r"The expanded diagonal update lists coordinates $(2)$, $(2)$, $\dots$, $(m)$ and the denominators "
        r"$G_t^{(1,1)}$, $G_t^{(2,2)}$, $\dots$, $G_t^{(n,m)}$.",
        r"The coordinates are $(1)$, $(2)$, $\dots$, $(m)$ in all three vectors, and the last denominator is "
        r"$\sqrt{\epsilon + G_t^{(m,m)}}$: coordinate $i$ is divided by the $i$-th diagonal entry (step proved above "
        "for $d = 2$).",
        evidence="typographical; the $d = 2$ coordinate step above",
    )
    d.erratum(
        "003", r"the convergence bound for Adagrad is $1/\sqrt{t}$ ... $1/\sqrt{t}$ is slower than before though",
        r"AdaGrad converges as $1/\sqrt{t}$, slower than gradient descent's $1/t$.",
        r"The $1/\sqrt{T}$ bound (Duchi et al. 2011) is for online or stochastic convex problems with bounded "
        r"(sub)gradients and a bounded domain, for the regret divided by $T$ or the averaged iterate; there subgradient "
        r"descent is also only $O(1/\sqrt{T})$, which is optimal for that class. GD's $O(1/t)$ assumes a smooth "
        "deterministic $f$. On a smooth strongly convex quadratic AdaGrad's sum of squared gradients converges, its "
        "step does not vanish, and it converges linearly.",
        evidence="numeric check 'adagrad_smooth_quadratic'",
    )

    d.erratum(
        "003", "idea is that Adagrad works better in ill-conditioned environments while normal gradient descent doesn't "
        "really work in those environments",
        "AdaGrad works better than GD on ill-conditioned problems, where GD does not really work.",
        "Diagonal AdaGrad rescales coordinates, so it helps when the ill-conditioning is aligned with the axes; when it is "
        "not (a rotated quadratic), it is no better than GD. And GD does work on ill-conditioned problems, only slowly: "
        r"linear rate $(\kappa - 1)/(\kappa + 1)$ with its best step (derivation quadratic_rates). On "
        r"$f = \frac12 x^T H x$ with eigenvalues $1$ and $100$, each method with its best step: aligned, AdaGrad needs a "
        "handful of steps and GD hundreds; rotated by 45 degrees, GD needs fewer steps than AdaGrad.",
        evidence=r"numeric check 'adagrad_vs_gd_rotation' (iterations to $f < 10^{-10}$, best step of each on a grid)",
    )

    # ---------------------------------------------------------------- (2) RMSProp: a bounded accumulator
    rms = R.RMSPROP.step()
    S = sp.Symbol("S", positive=True)
    bp = sp.Symbol("beta", positive=True)  # beta > 0 (beta = 0 is trivial: v_{t+1} = g^2)
    d.assume([S, bp])
    d.hypothesis(bp < 1)
    d.claim(S - rms[v].xreplace({v: S - p, g**2: S - r, beta: bp}), "=", bp * p + (1 - bp) * r,
            "the rule RMSPROP with $v_t = S - p$, $g^2 = S - r$ ($p, r \\ge 0$)")
    d.then(">=", 0, "$0 \\le \\beta < 1$")
    d.conclude(r"$v_t \le S$ whenever every $g^2 \le S$ ($v_0 = 0$): RMSProp's effective learning rate stays "
               r"$\ge \eta / \sqrt{S + \epsilon}$")

    # what the EMA tracks: the mean of the squares E[g^2] (second moment about 0), not the squared mean (E g)^2
    ga_, gb_ = sp.symbols("g_a g_b", real=True)
    d.claim((ga_**2 + gb_**2) / 2 - ((ga_ + gb_) / 2) ** 2, "=", (ga_ - gb_) ** 2 / 4,
            "$g = g_a$ or $g_b$ with probability $1/2$: $E[g^2] - (E g)^2$ is the variance $(g_a - g_b)^2/4$")
    d.conclude(r"$E[g^2] = (E g)^2 + \mathrm{Var}\, g$: the mean square exceeds the squared mean unless $g$ is "
               "constant")
    d.erratum(
        "003", "you do an EMA approximation for the squared mean of the gradients (which in other words, is also the "
        "second moment of the gradients around 0)",
        "RMSProp's EMA approximates the squared mean of the gradients, which is the second moment about 0.",
        r"The EMA of $g_t^2$ tracks the mean square $E[g^2]$ (the second moment about 0, as the parenthesis says), not "
        r"the squared mean $(E g)^2$; they differ by the variance. For $g = \pm 1$ with probability $1/2$ each the "
        "squared mean is $0$ and the mean square $1$, so RMSProp divides by about $1$, not by $0$.",
        evidence=r"'$(E g)^2 = E[g^2]$' for a two-valued $g$ is refuted (the gap is $(g_a - g_b)^2/4$, proved above)",
        claim=Claim(((ga_ + gb_) / 2) ** 2, "=", (ga_**2 + gb_**2) / 2),
    )

    # ---------------------------------------------------------------- (3) RMSProp = Adam, beta_1 = 0, no correction
    plain = _no_bias_correction(R.ADAM).step()
    rms_out = R.RMSPROP.with_assignment(theta, theta - lr * g / (sp.sqrt(v) + eps), name="rmsprop_eps_outside").step()
    to_rms = {b2: beta, b1: 0}
    d.claim(_at(plain[m], to_rms, b1), "=", g, "Adam without bias correction, $\\beta_1 = 0$: $m_{t+1} = g$")
    d.claim(_at(plain[v], to_rms, b2), "=", rms[v], "$v$ is RMSProp's accumulator ($\\beta_2 = \\beta$)")
    d.claim(_at(plain[theta], to_rms, b1), "=", rms_out[theta],
            "and the step is RMSProp's with $\\epsilon$ outside the root, $\\eta g/(\\sqrt{v} + \\epsilon)$")
    d.conclude(r"Adam with $\beta_1 = 0$ and no bias correction is RMSProp with $\epsilon$ outside the square root")
    d.claim(_at(plain[theta], {**to_rms, eps: 0}, eps), "=", sp.Subs(rms[theta], eps, 0),
            "the document's RMSProp ($\\epsilon$ inside) agrees only at $\\epsilon = 0$")
    d.conclude(r"with the document's RMSProp: equal only when $\epsilon = 0$")
    d.erratum(
        "003", "It's basically the same thing as RMSProp, but we include momentum's EMA as well",
        "Adam without the bias correction (third and fourth equations) is RMSProp plus momentum's EMA.",
        r"With the document's own formulas the $\epsilon$ differs: RMSProp divides by $\sqrt{v_t + \epsilon}$, Adam "
        r"by $\sqrt{v_t} + \epsilon$. Adam with $\beta_1 = 0$ and no bias correction is RMSProp with $\epsilon$ outside "
        r"the root (the convention of PyTorch's RMSprop), and equals the document's RMSProp only for $\epsilon = 0$; "
        r"near $v = 0$ the two differ by orders of magnitude ($\eta g / \sqrt{\epsilon}$ vs $\eta g / \epsilon$).",
        evidence=r"steps above; the numeric check of compiled Adam with $\beta_1 = 0$ against RMSProp",
        claim=Claim(dict(R.ADAM.assignments)[theta].xreplace({R.m_hat: g, R.v_hat: v}), "=",
                    dict(R.RMSPROP.assignments)[theta]),
    )

    # ---------------------------------------------------------------- (4) Adam's two bias factors
    adam = R.ADAM.step()
    start = {t: 0, m: 0, v: 0}
    first = _values(R.ADAM, {})  # the assigned values in terms of the state
    d.claim(_at(first[R.m_hat], start, t), "=", g, "Adam's first step from $t = m = v = 0$: $\\hat m_1 = g$")
    d.claim(_at(first[R.v_hat], start, t), "=", g**2, "$\\hat v_1 = g^2$")
    d.claim(_at(adam[theta], start, t), "=", theta - lr * g / (sp.Abs(g) + eps),
            "so $\\theta_1 = \\theta_0 - \\eta g/(|g| + \\epsilon)$")
    d.conclude(r"the first Adam step has length $\eta |g| / (|g| + \epsilon) < \eta$, whatever $\beta_1, \beta_2$")
    step_plain = plain[theta].xreplace({t: 0, m: 0, v: 0, eps: 0}) - theta
    d.claim(step_plain, "=", (1 - b1) / sp.sqrt(1 - b2) * (_at(adam[theta], {**start, eps: 0}, t) - theta),
            "without the corrections ($\\epsilon = 0$) it is $(1 - \\beta_1)/\\sqrt{1 - \\beta_2}$ times that")
    d.conclude(r"uncorrected first step $= (1 - \beta_1)/\sqrt{1 - \beta_2} \times$ corrected (about $3.16$ for "
               r"$\beta_1 = 0.9$, $\beta_2 = 0.999$)")
    # constant gradient: (t, m, v) = (k, g (1 - b1^k), g^2 (1 - b2^k)) is invariant
    inv = {t: k, m: g * (1 - b1**k), v: g**2 * (1 - b2**k)}
    after = _values(R.ADAM, inv)
    d.claim(adam[m].xreplace(inv), "=", g * (1 - b1 ** (k + 1)), "constant $g$: $m_k = g(1 - \\beta_1^k)$ is preserved")
    d.claim(adam[v].xreplace(inv), "=", g**2 * (1 - b2 ** (k + 1)), "and $v_k = g^2(1 - \\beta_2^k)$")
    d.claim(after[R.m_hat], "=", g, "so $\\hat m = g$: the factor $1 - \\beta_1^t$ is removed exactly")
    d.claim(after[R.v_hat], "=", g**2, "and $\\hat v = g^2$: the factor $1 - \\beta_2^t$ is removed exactly")
    last = dict(R.ADAM.assignments)[theta]  # theta - lr m_hat / (sqrt(v_hat) + eps)
    d.claim(_at(last, {R.m_hat: g, R.v_hat: g**2}, R.m_hat), "=", theta - lr * g / (sp.Abs(g) + eps),
            "substitute $\\hat m = g$, $\\hat v = g^2$ into the rule's last assignment")
    d.conclude(r"constant gradient: every Adam step is $-\eta g/(|g| + \epsilon)$ (both bias factors removed)")

    # ---------------------------------------------------------------- numeric checks
    @d.numeric("adam_beta1_zero_is_rmsprop", r"compiled Adam ($\beta_1 = 0$, no bias correction) vs hand-written "
               r"RMSProp ($\epsilon$ outside) on a noisy quadratic, 300 steps; vs the document's RMSProp ($\epsilon$ "
               "inside)")
    def _adam_rms() -> NumericOutcome:
        rng = np.random.default_rng(21)
        hdiag = np.array([1.0, 10.0, 100.0])
        noise = rng.normal(scale=0.3, size=(300, 3))
        eta, bb, ee = 1e-2, 0.9, 1e-3
        adam0 = compile_rule(_no_bias_correction(R.ADAM), {lr: eta, b1: 0, b2: bb, eps: ee})
        rms_in = compile_rule(R.RMSPROP, {lr: eta, beta: bb, eps: ee})
        x_a, ts, ms, vs = np.ones(3), 0, np.zeros(3), np.zeros(3)
        x_h, vh_ = np.ones(3), np.zeros(3)
        x_i, vi = np.ones(3), np.zeros(3)
        gap, gap_in = 0.0, 0.0
        for i in range(300):
            x_a, ts, ms, vs = adam0(x_a, ts, ms, vs, hdiag * x_a + noise[i])
            gh = hdiag * x_h + noise[i]
            vh_ = bb * vh_ + (1 - bb) * gh**2
            x_h = x_h - eta * gh / (np.sqrt(vh_) + ee)
            x_i, vi = rms_in(x_i, vi, hdiag * x_i + noise[i])
            gap = max(gap, np.abs(x_a - x_h).max())
            gap_in = max(gap_in, np.abs(x_i - x_h).max())
        ok = gap < 1e-12 and gap_in > 1e-4
        return NumericOutcome(ok, rf"max $|$Adam ($\beta_1 = 0$, no correction) $-$ RMSProp ($\epsilon$ outside)$|$ = "
                              rf"{gap:.1e}; vs the document's RMSProp ($\epsilon = {ee:g}$ inside): {gap_in:.2e}",
                              {"gap": gap, "gap_eps_inside": gap_in})

    @d.numeric("adam_bias_factors", r"compiled Adam on a constant gradient: every step is $-\eta g/(|g| + \epsilon)$; "
               r"the uncorrected first step is $(1 - \beta_1)/\sqrt{1 - \beta_2}$ times larger")
    def _adam_const() -> NumericOutcome:
        rng = np.random.default_rng(22)
        gc = rng.normal(size=5)
        eta, bb1, bb2, ee = 1e-3, 0.9, 0.999, 1e-8
        step = compile_rule(R.ADAM, {lr: eta, b1: bb1, b2: bb2, eps: ee})
        x, ts, ms, vs = np.zeros(5), 0, np.zeros(5), np.zeros(5)
        worst = 0.0
        expected = -eta * gc / (np.abs(gc) + ee)
        for _ in range(50):
            x_new, ts, ms, vs = step(x, ts, ms, vs, gc)
            worst = max(worst, np.abs((x_new - x) - expected).max() / eta)
            x = x_new
        plain = compile_rule(_no_bias_correction(R.ADAM), {lr: eta, b1: bb1, b2: bb2, eps: 0.0})
        x1 = plain(np.zeros(5), 0, np.zeros(5), np.zeros(5), gc)[0]
        ratio = float(np.median(x1 / (-eta * np.sign(gc))))
        theory = (1 - bb1) / np.sqrt(1 - bb2)
        ok = worst < 1e-9 and abs(ratio - theory) < 1e-9
        return NumericOutcome(ok, rf"max deviation from $-\eta g/(|g| + \epsilon)$ over 50 steps = {worst:.1e} "
                              rf"$\eta$; uncorrected first step / $\eta$ = {ratio:.6f} (theory {theory:.6f})",
                              {"worst": worst, "ratio": ratio})

    @d.numeric("accumulators", r"compiled AdaGrad $G_t$ vs the cumulative sum, its effective rate's log-log slope; "
               r"RMSProp $v_t \le \max g^2$; the full $G_t$ rank-deficient for $t < d$")
    def _acc() -> NumericOutcome:
        rng = np.random.default_rng(23)
        T = 4000
        gsq = rng.uniform(0.5, 2.0, size=(T, 4)) * rng.choice([-1, 1], size=(T, 4))
        ada_c = compile_rule(R.ADAGRAD, {lr: 1.0, eps: 1e-8})
        rms_c = compile_rule(R.RMSPROP, {lr: 1.0, beta: 0.99, eps: 1e-8})
        x, Gs, xr, vr = np.zeros(4), np.zeros(4), np.zeros(4), np.zeros(4)
        eff, gap, vmax = [], 0.0, 0.0
        cums = np.cumsum(gsq**2, axis=0)
        for i in range(T):
            x, Gs = ada_c(x, Gs, gsq[i])
            xr, vr = rms_c(xr, vr, gsq[i])
            gap = max(gap, np.abs(Gs - cums[i]).max() / cums[i].max())
            vmax = max(vmax, vr.max())
            eff.append(1 / np.sqrt(1e-8 + Gs[0]))
        ts_ = np.arange(100, T + 1)
        slope = float(np.polyfit(np.log(ts_), np.log(np.array(eff)[99:]), 1)[0])
        vecs = rng.normal(size=(2, 3))
        eig_min = np.linalg.eigvalsh(sum(np.outer(u, u) for u in vecs)).min()
        ok = gap < 1e-12 and abs(slope + 0.5) < 0.02 and vmax <= (gsq**2).max() and abs(eig_min) < 1e-12
        return NumericOutcome(ok, rf"AdaGrad: relative $|G_t - \sum g^2|$ = {gap:.1e}; slope of "
                              rf"$\eta_{{\mathrm{{eff}}}}$ = {slope:.3f} ($-1/2$); RMSProp: $\max v$ = {vmax:.3f} "
                              rf"$\le \max g^2$ = {(gsq**2).max():.3f}; smallest eigenvalue of $G_2$ in $d = 3$: "
                              f"{eig_min:.1e}",
                              {"gap": gap, "slope": slope, "v_max": vmax, "eig_min": eig_min})

    @d.numeric("adagrad_smooth_quadratic", r"compiled AdaGrad on $f = (x^2 + 100 y^2)/2$: linear convergence, the "
               "effective rate does not vanish")
    def _ada_smooth() -> NumericOutcome:
        hdiag = np.array([1.0, 100.0])
        ada_c = compile_rule(R.ADAGRAD, {lr: 0.5, eps: 1e-8})
        x, Gs = np.array([1.0, 1.0]), np.zeros(2)
        fs, effs = [], []
        for _ in range(400):
            x, Gs = ada_c(x, Gs, hdiag * x)
            fs.append(0.5 * float(hdiag @ x**2))
            effs.append(0.5 / np.sqrt(1e-8 + Gs))
        fs_ = np.array(fs)
        idx = np.arange(20, 150)
        slope = float(np.polyfit(idx, np.log(fs_[idx]), 1)[0])
        drift = float(np.abs(effs[-1] / effs[199] - 1).max())
        ok = slope < -0.01 and fs_[299] < 1e-12 and drift < 1e-6
        return NumericOutcome(ok, rf"$\log f$ decreases linearly (slope {slope:.3f} per step), $f_{{300}}$ = "
                              rf"{fs_[299]:.1e} ($1/\sqrt{{300}}$ = {1 / np.sqrt(300):.3f}); effective rate changes by "
                              f"{drift:.1e} after step 200", {"slope": slope, "f_300": float(fs_[299]), "drift": drift})

    @d.numeric("adagrad_vs_gd_rotation", r"$f = \frac12 x^T H x$, eigenvalues $1$ and $100$, axis-aligned and rotated "
               r"by 45 degrees: iterations to $f < 10^{-10}$ of compiled AdaGrad and of GD, each with its best step on a "
               "grid")
    def _rotation() -> NumericOutcome:
        ada_step = {}

        def iterations(Hm: np.ndarray, x0: np.ndarray, kind: str, step: float, cap: int = 2000) -> int:
            x, Gs = x0.copy(), np.zeros(2)
            if kind == "adagrad" and step not in ada_step:
                ada_step[step] = compile_rule(R.ADAGRAD, {lr: step, eps: 1e-12})
            for i in range(cap):
                grad = Hm @ x
                x, Gs = ada_step[step](x, Gs, grad) if kind == "adagrad" else (x - step * grad, Gs)
                if 0.5 * x @ Hm @ x < 1e-10:
                    return i + 1
            return cap

        out = {}
        for name, Q in (("aligned", np.eye(2)), ("rotated", np.array([[1.0, 1.0], [-1.0, 1.0]]) / np.sqrt(2))):
            Hm = Q @ np.diag([1.0, 100.0]) @ Q.T
            x0 = Q @ np.array([1.0, 1.0])
            out[f"gd_{name}"] = min(iterations(Hm, x0, "gd", e) for e in np.linspace(0.002, 0.0198, 40))
            out[f"adagrad_{name}"] = min(iterations(Hm, x0, "adagrad", float(e)) for e in np.geomspace(0.05, 5, 40))
        ok = (out["adagrad_aligned"] * 10 < out["gd_aligned"] and out["gd_rotated"] < out["adagrad_rotated"]
              and out["gd_rotated"] < 2000)
        names = {"gd_aligned": "GD aligned", "adagrad_aligned": "AdaGrad aligned", "gd_rotated": "GD rotated",
                 "adagrad_rotated": "AdaGrad rotated"}
        return NumericOutcome(ok, ", ".join(f"{names[k]} {v}" for k, v in out.items()) + " iterations (best step each)",
                              out)

    return d
