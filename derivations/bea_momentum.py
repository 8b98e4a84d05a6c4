"""Heavy ball's implicit regulariser is (1 + mu)/(1 - mu) times GD's; Adam's first- and second-order terms.

Result.  On its slow manifold (x - x_prev a function of x, expanded in h = lr), heavy ball x+ = x - h g + mu (x - x_prev)
is the one-step map x -> x - h g/(1 - mu) - h^2 mu Hg/(1 - mu)^3 + O(h^3), whose modified field is
    f~ = -g/(1 - mu) - h (1 + mu)/(2 (1 - mu)^3) Hg = -(1/(1 - mu)) grad(L + h (1 + mu)/(4 (1 - mu)^2) ||g||^2).
With the effective step h_eff = h/(1 - mu) this is (1/(1 - mu)) (-g - h_eff ((1 + mu)/(1 - mu)) Hg/2): GD's first-order
correction at step h_eff multiplied by (1 + mu)/(1 - mu), the factor Ghosh, Lyu, Zhang and Wang state (at the step h
itself the same factor is wrong: tests/test_bea_stateful.py).  The EMA form (m <- gamma m + (1 - gamma) g,
x <- x - lr m) gives -g - lr (1 + gamma)/(2 (1 - gamma)) Hg.  Adam without bias correction has
f_1,i = -(H phi)_i [b1/((1 - b1)(|g_i| + eps)) - b2 |g_i|/((1 - b2)(|g_i| + eps)^2) + eps/(2 (|g_i| + eps)^2)],
phi_i = g_i/(|g_i| + eps); as eps -> 0 the bracket times |g_i| tends to b1/(1 - b1) - b2/(1 - b2): the one-norm
of the gradient is penalised when b1 > b2 and anti-penalised in the usual setting b2 > b1 (the dichotomy in the
abstract of Cattaneo, Klusowski and Shigida, whose theorem keeps the bias correction and eps inside the root).
Adam's second-order term (symgd.bea.ema, any d; written out here in d = 1 at eps = 0 where L' > 0, with
L_k = L^(k)(theta)):
    f_2 = [-2 (b1 - b2)(1 - b1 b2) L_1 L_3 + (b1 + 4 b1 b2 + b1 b2^2 - 3 b1^2 - 3 b2^2) L_2^2] / (2 L_1^2 (1 - b1)^2 (1 - b2)^2),
which vanishes for sign descent (b1 = b2 = 0) and is b L_2^2/(2 (1 - b)^2 L_1^2) for b1 = b2 = b.

Assumptions.  L an undefined smooth function of two coordinates (of one for Adam's second order); mu, gamma, b1, b2
in [0, 1) fixed while h -> 0; the slow manifold and the reduced map are computed by symgd.bea.stateful.reduce and
symgd.bea.ema (order by order; the invariance is checked numerically below over three steps); Adam in its
t -> infinity form.

Reference.  Ghosh, Lyu, Zhang, Wang, Implicit regularization in heavy-ball momentum accelerated stochastic gradient
descent (ICLR 2023); Cattaneo, Klusowski, Shigida, On the implicit bias of Adam (ICML 2024); Cattaneo and Shigida,
Modified loss of momentum gradient descent: fine-grained analysis (arXiv 2509.08483, 2025) for heavy ball at higher
orders; Kovachki and Stuart, Continuous time analysis of momentum methods (JMLR 2021); document 003, "Momentum",
"ADAM".
"""

from __future__ import annotations

import sympy as sp

from symgd import Derivation, NumericOutcome, Source
from symgd.bea.accuracy import TEST_LOSSES, fitted_order, stateful_local_errors
from symgd.bea.ema import ema_modified_field
from symgd.bea.maps import modified_field_of_map
from symgd.bea.stateful import large_t_adam, reduce
from symgd.optim.rules import ADAM, HEAVY_BALL, HEAVY_BALL_EMA, b1, b2, eps, gamma, lr, mu

__all__ = ["derive"]

x1, x2 = sp.symbols("x1 x2", real=True)
theta = sp.Symbol("theta", real=True)
a = sp.Symbol("a", positive=True)  # |g_i|
jets = sp.symbols("L_1 L_2 L_3", positive=True)  # L', L'', L''' in d = 1 (L' > 0; the identity is rational in all three)


def _entries(name: str) -> sp.ImmutableMatrix:
    """A named column vector [name_1, name_2] (scalar symbols: each entry is defined and printed on its own)."""
    return sp.ImmutableMatrix([sp.Symbol(f"{name}_{i}") for i in (1, 2)])


def _tidy(e: sp.Expr) -> sp.Expr:
    """A sum of terms, each with its denominator factored (printed as lines cut after whole terms)."""
    return sp.Add(*(sp.factor(t) for t in sp.Add.make_args(sp.expand(e))))


def derive() -> Derivation:
    d = Derivation(
        "bea_momentum",
        r"Heavy ball's implicit regulariser is $\frac{1+\mu}{1-\mu}$ times GD's; Adam's first- and second-order terms",
        Source("003", "Momentum", "Polyak momentum is actually just an EMA of gradients"),
        summary=r"Reduced to its slow manifold, heavy ball is a one-step map whose modified field is $-\frac{1}{1-\mu}$ "
        r"times the gradient of $L + \eta\frac{1+\mu}{4(1-\mu)^2}\|\nabla L\|^2$: GD's regulariser at the effective "
        r"step $\eta/(1-\mu)$ times $\frac{1+\mu}{1-\mu}$. Adam's first-order term has the sign of "
        r"$\frac{\beta_1}{1-\beta_1} - \frac{\beta_2}{1-\beta_2}$ in front of the gradient's one-norm as "
        r"$\epsilon \to 0$; its second-order term is written out in $d = 1$.",
        reference="Ghosh, Lyu, Zhang, Wang (ICLR 2023); Cattaneo, Klusowski, Shigida (ICML 2024); Kovachki and Stuart "
        "(2021).",
    )
    d.assume([lr, mu, gamma, b1, b2, eps, a, x1, x2, *jets])
    xs = (x1, x2)
    L = sp.Function("L")(*xs)
    grad = [sp.diff(L, v) for v in xs]
    g, H = sp.MatrixSymbol("g", 2, 1), sp.MatrixSymbol("H", 2, 2)
    d.define(g, sp.ImmutableMatrix(grad), "the gradient of an undefined loss $L(x_1, x_2)$")
    d.define(H, sp.ImmutableMatrix(sp.hessian(L, xs)), "its Hessian")

    # Heavy ball: the reduced map and its modified field.
    red = reduce(HEAVY_BALL, L, xs, 1)
    inc = [_entries("d_1"), _entries("d_2")]
    for k, vec in enumerate(inc):
        for i in range(2):
            d.define(vec[i], (sp.factor if k == 0 else sp.expand)(red.increments[k][i]),
                     rf"entry {i + 1} of the map's $\eta^{k + 1}$ term on the slow manifold")
    d.claim(inc[0], "=", -g / (1 - mu), r"the map's $\eta$ term: $-g/(1-\mu)$")
    d.claim(inc[1], "=", -mu * H * g / (1 - mu) ** 3, r"its $\eta^2$ term: $-\mu Hg/(1-\mu)^3$")
    d.conclude(r"heavy ball on its slow manifold is the map $x \mapsto x - \frac{\eta}{1-\mu} g - "
               r"\frac{\eta^2\mu}{(1-\mu)^3} Hg + O(\eta^3)$")
    f0, f1 = modified_field_of_map(red.increments, xs, 1)
    field = _entries("phi")
    for i in range(2):
        d.define(field[i], sp.expand((f0 + lr * f1)[i]), rf"entry {i + 1} of the modified field $f_0 + \eta f_1$")
    d.claim(field, "=", -g / (1 - mu) - lr * (1 + mu) / (2 * (1 - mu) ** 3) * H * g,
            r"modified field: $f_1 = d_2 - \tfrac12 f_0' f_0$")
    h_eff = lr / (1 - mu)
    d.then("=", (-g - h_eff * (1 + mu) / (1 - mu) * H * g / 2) / (1 - mu),
           r"with $\eta_{\mathrm{eff}} = \eta/(1-\mu)$: GD's correction $-\tfrac{\eta_{\mathrm{eff}}}{2} Hg$ times "
           r"$\tfrac{1+\mu}{1-\mu}$")
    R = sp.Symbol("R")
    d.define(R, lr * (1 + mu) / (4 * (1 - mu) ** 2) * (grad[0] ** 2 + grad[1] ** 2),
             r"the regulariser $R = \eta\frac{1+\mu}{4(1-\mu)^2}\|\nabla L\|^2$")
    d.then("=", -sp.ImmutableMatrix([sp.Derivative(L + R, v, evaluate=False) for v in xs]) / (1 - mu),
           r"a gradient: of $L + R$, over $1-\mu$")
    d.conclude(r"heavy ball's modified loss is $L + \eta\frac{1+\mu}{4(1-\mu)^2}\|\nabla L\|^2$: GD's regulariser at "
               r"the effective step times $\frac{1+\mu}{1-\mu}$ (Ghosh et al.'s factor)")

    # The EMA form.
    red_ema = reduce(HEAVY_BALL_EMA, L, xs, 1)
    e0, e1 = modified_field_of_map(red_ema.increments, xs, 1)
    ema = _entries("psi")
    for i in range(2):
        d.define(ema[i], sp.expand((e0 + lr * e1)[i]), rf"entry {i + 1} of the EMA form's field $f_0 + \eta f_1$")
    d.claim(ema, "=", -g - lr * (1 + gamma) / (2 * (1 - gamma)) * H * g,
            r"EMA form: $-g - \eta\frac{1+\gamma}{2(1-\gamma)} Hg$")
    d.conclude(r"EMA momentum: $\tilde f = -g - \eta\frac{1+\gamma}{2(1-\gamma)} Hg$")

    # Adam: the eps -> 0 limit of the bracket (|g_i| = a > 0).
    bracket = b1 / ((1 - b1) * (a + eps)) - b2 * a / ((1 - b2) * (a + eps) ** 2) + eps / (2 * (a + eps) ** 2)
    d.claim(sp.Limit(a * bracket, eps, 0, "+"), "=", b1 / (1 - b1) - b2 / (1 - b2),
            r"Adam, $\epsilon \to 0$: $|g_i|$ times the bracket of $f_{1,i}$")
    d.conclude(r"Adam as $\epsilon \to 0$: $f_{1,i} = -\big(\frac{\beta_1}{1-\beta_1} - \frac{\beta_2}{1-\beta_2}\big)"
               r"\,\partial_i \|g\|_1 / |g_i|$")

    # Adam's second order in d = 1 at eps = 0 (sign-like regime, L' > 0), from the closed form of symgd.bea.ema.
    ell = sp.Function("L")(theta)
    adam = ema_modified_field(large_t_adam(ADAM), ell, (theta,), 2, values={eps: 0})
    to_jets = {sp.Derivative(ell, (theta, k)): jets[k - 1] for k in (3, 2, 1)}
    A1, A2 = sp.symbols("A_1 A_2")
    for k, name in ((1, A1), (2, A2)):
        d.define(name, _tidy(adam[k][0].subs(to_jets)),
                 rf"the $\eta^{k}$ term of Adam's field in $d = 1$, $\epsilon = 0$ (symgd.bea.ema), "
                 r"$L_j = L^{(j)}(\theta)$")
    d.claim(A1, "=", -(b1 / (1 - b1) - b2 / (1 - b2)) * jets[1] / jets[0], "the first-order term in $d = 1$")
    d.claim(A2, "=", (-2 * (b1 - b2) * (1 - b1 * b2) * jets[0] * jets[2]
                      + (b1 + 4 * b1 * b2 + b1 * b2**2 - 3 * b1**2 - 3 * b2**2) * jets[1] ** 2)
            / (2 * jets[0] ** 2 * (1 - b1) ** 2 * (1 - b2) ** 2), "the second-order term, collected")
    d.conclude(r"Adam's second-order term in $d = 1$ ($\epsilon = 0$, $L' > 0$); it vanishes for sign descent "
               r"($\beta_1 = \beta_2 = 0$)")

    @d.numeric("three_step_orders", r"three steps of heavy ball and Adam from the slow manifold against the flow of "
               r"$f_0 + \eta f_1$ and, for Adam, of $f_0 + \eta f_1 + \eta^2 f_2$, for time $3\eta$ (quartic loss, "
               r"$d = 2$): fitted orders 3, 3 and 4")
    def _orders() -> NumericOutcome:
        loss, cs, th0 = TEST_LOSSES["quartic"]
        mom = [0.02 * 0.7**i for i in range(5)]
        ada = [0.003 * 0.7**i for i in range(5)]
        hyp = {"b1": 0.9, "b2": 0.6, "eps": 0.1}
        runs = {"heavy ball, $K = 1$": ("heavy_ball", 1, {"mu": 0.5}, mom, 3),
                "Adam, $K = 1$": ("adam", 1, hyp, ada, 3), "Adam, $K = 2$": ("adam", 2, hyp, ada, 4)}
        slopes = {n: fitted_order(etas, stateful_local_errors(r, K, loss, cs, th0, etas, hy, substeps=16))
                  for n, (r, K, hy, etas, _) in runs.items()}
        ok = all(abs(slopes[n] - runs[n][4]) < 0.3 for n in runs)
        return NumericOutcome(ok, "fitted orders (expect 3, 3, 4): " + ", ".join(f"{n} {p:.2f}" for n, p in slopes.items()),
                              dict(slopes))

    return d
