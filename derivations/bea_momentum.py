"""Heavy ball's implicit regulariser is (1 + mu)/(1 - mu) times GD's; Adam's first-order correction and its sign.

Result.  On its slow manifold (x - x_prev a function of x, expanded in h = lr), heavy ball x+ = x - h g + mu (x - x_prev)
is the one-step map x -> x - h g/(1 - mu) - h^2 mu Hg/(1 - mu)^3 + O(h^3), whose modified field is
    f~ = -g/(1 - mu) - h (1 + mu)/(2 (1 - mu)^3) Hg = -(1/(1 - mu)) grad(L + h (1 + mu)/(4 (1 - mu)^2) ||g||^2).
With the effective step h_eff = h/(1 - mu) this is (1/(1 - mu)) (-g - h_eff ((1 + mu)/(1 - mu)) Hg/2): GD's first-order
correction at step h_eff multiplied by (1 + mu)/(1 - mu), as Ghosh et al. state.  The EMA form (m <- gamma m +
(1 - gamma) g, x <- x - lr m) gives -g - lr (1 + gamma)/(2 (1 - gamma)) Hg.  Adam without bias correction has
f_1,i = -(H phi)_i [b1/((1 - b1)(|g_i| + eps)) - b2 |g_i|/((1 - b2)(|g_i| + eps)^2) + eps/(2 (|g_i| + eps)^2)],
phi_i = g_i/(|g_i| + eps); as eps -> 0 the bracket times |g_i| tends to b1/(1 - b1) - b2/(1 - b2): the one-norm
of the gradient is penalised when b1 > b2 and anti-penalised in the usual setting b2 > b1 (Cattaneo et al.'s
dichotomy; their coefficients carry bias-correction factors we do not model).

Assumptions.  L an undefined smooth function of two coordinates; mu, gamma, b1, b2 in [0, 1) fixed while h -> 0;
the slow manifold and the reduced map are computed by symgd.bea.stateful.reduce (order by order; its invariance is
checked numerically below over three steps, and for Nesterov and RMSProp in tests/test_bea_stateful.py); Adam in its
t -> infinity form.

Reference.  Ghosh, Lyu, Zhang, Bhattacharyya, Implicit regularization in heavy-ball momentum accelerated SGD
(ICLR 2023); Cattaneo, Klusowski, Shigida, On the implicit bias of Adam (ICML 2024); Kovachki and Stuart,
Continuous time analysis of momentum methods (JMLR 2021); document 003, "Momentum", "ADAM".
"""

from __future__ import annotations

import sympy as sp

from symgd import Derivation, NumericOutcome, Source
from symgd.bea.accuracy import TEST_LOSSES, fitted_order, stateful_local_errors
from symgd.bea.maps import modified_field_of_map
from symgd.bea.stateful import reduce
from symgd.optim.rules import HEAVY_BALL, HEAVY_BALL_EMA, b1, b2, eps, gamma, lr, mu

__all__ = ["derive"]

x1, x2 = sp.symbols("x1 x2", real=True)
a = sp.Symbol("a", positive=True)  # |g_i|


def derive() -> Derivation:
    d = Derivation(
        "bea_momentum",
        "Heavy ball's implicit regulariser is (1+mu)/(1-mu) times GD's; Adam's first-order correction",
        Source("003", "Momentum", "Polyak momentum is actually just an EMA of gradients"),
        summary="Reduced to its slow manifold, heavy ball is a one-step map whose modified field is the gradient of "
        "L + h(1+mu)/(4(1-mu)^2)||g||^2 over (1-mu): GD's regulariser at the effective step times (1+mu)/(1-mu). "
        "Adam's first-order term has the sign of b1/(1-b1) - b2/(1-b2) in front of the gradient's one-norm as eps -> 0.",
        reference="Ghosh et al. (ICLR 2023); Cattaneo, Klusowski, Shigida (ICML 2024); Kovachki and Stuart (2021).",
    )
    d.assume([lr, mu, gamma, b1, b2, eps, a, x1, x2])
    xs = (x1, x2)
    L = sp.Function("L")(*xs)
    g = sp.ImmutableMatrix([sp.diff(L, v) for v in xs])
    H = sp.hessian(L, xs)

    # Heavy ball: the reduced map and its modified field.
    red = reduce(HEAVY_BALL, L, xs, 1)
    d.claim(red.increments[0], "=", -g / (1 - mu), "the map's $h$ term on the slow manifold: $-g/(1-\\mu)$")
    d.claim(red.increments[1], "=", -mu * H * g / (1 - mu) ** 3, "its $h^2$ term: $-\\mu Hg/(1-\\mu)^3$")
    d.conclude("heavy ball on its slow manifold: x -> x - h g/(1-mu) - h^2 mu Hg/(1-mu)^3 + O(h^3)")
    f0, f1 = modified_field_of_map(red.increments, xs, 1)
    field = f0 + lr * f1
    d.claim(field, "=", -g / (1 - mu) - lr * (1 + mu) / (2 * (1 - mu) ** 3) * H * g,
            "modified field: $f_1 = d_2 - \\tfrac12 f_0' f_0$")
    h_eff = lr / (1 - mu)
    d.then("=", (-g - h_eff * (1 + mu) / (1 - mu) * H * g / 2) / (1 - mu),
           "with $h_{\\mathrm{eff}} = h/(1-\\mu)$: GD's correction $-\\tfrac{h_{\\mathrm{eff}}}{2} Hg$ times "
           "$\\tfrac{1+\\mu}{1-\\mu}$")
    reg = lr * (1 + mu) / (4 * (1 - mu) ** 2) * (g.T * g)[0, 0]
    d.then("=", -sp.ImmutableMatrix([sp.Derivative(L + reg, v, evaluate=False) for v in xs]) / (1 - mu),
           "a gradient: of $L + h\\frac{1+\\mu}{4(1-\\mu)^2}\\|g\\|^2$, over $1-\\mu$")
    d.conclude("heavy ball's modified loss: L + h (1+mu)/(4(1-mu)^2) ||grad L||^2 (Ghosh et al.'s factor (1+mu)/(1-mu))")

    # The EMA form.
    red_ema = reduce(HEAVY_BALL_EMA, L, xs, 1)
    e0, e1 = modified_field_of_map(red_ema.increments, xs, 1)
    d.claim(e0 + lr * e1, "=", -g - lr * (1 + gamma) / (2 * (1 - gamma)) * H * g,
            "EMA form: $-g - \\eta\\frac{1+\\gamma}{2(1-\\gamma)} Hg$")
    d.conclude("EMA momentum: f~ = -g - lr (1+gamma)/(2(1-gamma)) Hg")

    # Adam: the eps -> 0 limit of the bracket (|g_i| = a > 0).
    bracket = b1 / ((1 - b1) * (a + eps)) - b2 * a / ((1 - b2) * (a + eps) ** 2) + eps / (2 * (a + eps) ** 2)
    d.claim(sp.Limit(a * bracket, eps, 0, "+"), "=", b1 / (1 - b1) - b2 / (1 - b2),
            "Adam, $\\epsilon \\to 0$: $|g_i|$ times the bracket of $f_{1,i}$")
    d.conclude("Adam (eps -> 0): f_1,i = -(b1/(1-b1) - b2/(1-b2)) d_i ||g||_1 / |g_i|")

    @d.numeric("three_step_orders", "three steps of heavy ball and Adam from the slow manifold against the flow of "
               "f_0 + lr f_1 for time 3 lr (quartic loss, d = 2): fitted orders 3")
    def _orders() -> NumericOutcome:
        loss, cs, th0 = TEST_LOSSES["quartic"]
        mom = [0.02 * 0.7**i for i in range(5)]
        ada = [0.003 * 0.7**i for i in range(5)]
        runs = {"heavy_ball": ({"mu": 0.5}, mom), "adam": ({"b1": 0.9, "b2": 0.6, "eps": 0.1}, ada)}
        slopes = {n: fitted_order(etas, stateful_local_errors(n, 1, loss, cs, th0, etas, hyp))
                  for n, (hyp, etas) in runs.items()}
        ok = all(abs(p - 3) < 0.25 for p in slopes.values())
        return NumericOutcome(ok, "fitted orders (expect 3): " + ", ".join(f"{n} {p:.2f}" for n, p in slopes.items()),
                              slopes)

    return d
