"""GD's modified equation beyond first order, from rooted trees, and why the modified loss stops at order 1.

Result.  One GD step theta - eta g (explicit Euler on f = -grad L) is the flow for time eta, up to O(eta^(K+2)), of
f_0 + eta f_1 + ... + eta^K f_K with (B-series over rooted trees, exact rationals; symgd.bea)
    f_0 = -g,  f_1 = -(1/2) Hg,  f_2 = -(1/3) H^2 g - (1/12) D^3L[g,g],
    f_3 = -(1/4) H^3 g - (1/12) H D^3L[g,g] - (1/12) D^3L[Hg,g].
f_1 = -grad((1/4)||g||^2) is document 001's modified loss.  f_2 is not a gradient in any dimension d >= 2: the
antisymmetric part of its Jacobian is -(1/12)[H, D^3L[g]] (D^3L[g] the matrix D^3L[g, ., .]), nonzero for
L = x^2 y at (1, 1); it vanishes where H and D^3L[g] commute (d = 1, quadratics, separable losses).  So
"GD follows gradient flow on a modified loss" holds through O(eta) only; from eta^2 on, the modified field has a
rotational part.

Assumptions.  L an undefined smooth function of two coordinates for the identities (a d = 2 counterexample is
one in every d >= 2: let L ignore the other coordinates); the flow written as its Lie series in eta.

Reference.  Hairer, Lubich, Wanner, Geometric Numerical Integration (2006), IX.1 and IX.9; Chartier, Hairer and
Vilmart (2010); Barrett and Dherin (ICLR 2021); document 001, "The general case".
"""

from __future__ import annotations

import sympy as sp

from symgd import Derivation, NumericOutcome, Source
from symgd.bea.accuracy import TEST_LOSSES, fitted_order, gd_step, local_errors
from symgd.bea.gradient import antisymmetric_part, commutator_obstruction
from symgd.bea.maps import lie_series
from symgd.bea.modified import gd_modified_equation

__all__ = ["derive"]

eta = sp.Symbol("eta", positive=True)
x1, x2 = sp.symbols("x1 x2", real=True)


def _grad(expr: sp.Expr) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([sp.diff(expr, v) for v in (x1, x2)])


def derive() -> Derivation:
    d = Derivation(
        "bea_gd_orders",
        "GD's modified equation to third order, and the order-2 obstruction to a modified loss",
        Source("001", "The general case", "Now we’ll try to generalize the modified loss construction."),
        summary="Rooted trees give GD's modified field to any order with exact coefficients; the first-order term is "
        "minus the gradient of ||grad L||^2/4, the second-order term has a Jacobian with antisymmetric part "
        "-(1/12)[H, D^3L[g]], so no modified loss exists beyond first order.",
        reference="Hairer, Lubich, Wanner (2006), IX.1, IX.9; Chartier, Hairer, Vilmart (2010); Barrett and Dherin (2021).",
    )
    d.assume([eta, x1, x2])
    xs = (x1, x2)
    L = sp.Function("L")(*xs)
    fields = gd_modified_equation(3).field(L, xs)
    g = _grad(L)
    H = sp.hessian(L, xs)
    d3 = lambda u, v: sp.ImmutableMatrix([sum(sp.diff(L, xi, a, b) * u[j] * v[k]  # noqa: E731
                                              for j, a in enumerate(xs) for k, b in enumerate(xs)) for xi in xs])

    # The trees' fields written out: [•] (b = -1/2), [[•]] (b = 1/3), [•,•] (b = 1/6, sigma = 2), order 4 trees.
    d.claim(fields[1], "=", -H * g / 2, "tree $[\\bullet]$: $b = -\\tfrac12$, $F = f'f = Hg$ (the evaluator builds "
            "exactly this product)", intended_restatement=True)
    d.claim(fields[2], "=", -H * H * g / 3 - d3(g, g) / 12,
            "trees $[[\\bullet]]$ ($b = \\tfrac13$) and $[\\bullet,\\bullet]$ ($b = \\tfrac16$, $\\sigma = 2$); $F = -G$")
    d.claim(fields[3], "=", -H * H * H * g / 4 - H * d3(g, g) / 12 - d3(H * g, g) / 12,
            "the four trees with 4 nodes ($D^4L[g,g,g]$ has coefficient 0)")
    d.conclude("f_0..f_3 of GD's modified equation, in coordinates")

    # The flow of the truncated field for time eta is the GD step (the Lie series, no trees involved).
    step = sp.ImmutableMatrix(xs) - eta * g
    d.claim(lie_series(fields[:3], xs, eta, 4), "=+O", step,
            "the flow of $f_0 + \\eta f_1 + \\eta^2 f_2$ for time $\\eta$ (Lie series) is one GD step", order=(eta, 4))
    d.conclude("flow of f_0 + eta f_1 + eta^2 f_2 for time eta = theta - eta g + O(eta^4)")

    # Order 1: a gradient, document 001's regulariser.
    norm = (g.T * g)[0, 0] / 4
    d.claim(fields[1], "=", -sp.ImmutableMatrix([sp.Derivative(norm, v, evaluate=False) for v in xs]),
            "$f_1 = -\\nabla(\\tfrac14 \\|\\nabla L\\|^2)$")
    d.conclude("f_1 = -grad((1/4)||grad L||^2): the modified loss L + (eta/4)||grad L||^2")

    # Order 2: the rotational part.
    d.claim(antisymmetric_part(fields[2], xs), "=", commutator_obstruction(L, xs),
            "antisymmetric part of the Jacobian of $f_2$ is $-\\tfrac1{12}[H, D^3L[g]]$")
    d.conclude("(J f_2 - J f_2^T)/2 = -(1/12)[H, D^3L[g]]")
    witness = x1**2 * x2
    f2w = gd_modified_equation(2).field(witness, xs)[2]
    curl = (sp.Derivative(f2w[0], x2, evaluate=False) - sp.Derivative(f2w[1], x1, evaluate=False)) / 2
    entry = commutator_obstruction(witness, xs)[0, 1]
    d.claim(curl, "=", entry, "at $L = x_1^2 x_2$: $\\tfrac12(\\partial_2 f_{2,1} - \\partial_1 f_{2,2})$ is the "
            "commutator's entry")
    d.claim(entry.subs({x1: 1, x2: 1}), "<", 0, "at $(1, 1)$ it is $-1/3 \\ne 0$: $f_2$ is not a gradient here")
    d.conclude("f_2 is not a gradient field (d >= 2): no modified loss beyond first order")

    @d.numeric("local_error_orders", "one GD step vs the flow of f_0 + .. + eta^K f_K (RK4), K = 0..3, on a quartic, "
               "a Rosenbrock-like and a logistic loss in d = 2: fitted log-log slopes K + 2")
    def _orders() -> NumericOutcome:
        etas = [0.05 * 0.7**i for i in range(5)]
        slopes = {}
        for name, (loss, cs, th0) in sorted(TEST_LOSSES.items()):
            fs = gd_modified_equation(3).field(loss, cs)
            st = gd_step(loss, cs)
            slopes[name] = [fitted_order(etas, local_errors(fs[:K + 1], cs, th0, etas, st)) for K in range(4)]
        ok = all(abs(p - (K + 2)) < 0.3 for ps in slopes.values() for K, p in enumerate(ps))
        text = "; ".join(f"{n}: " + ", ".join(f"{p:.2f}" for p in ps) for n, ps in slopes.items())
        return NumericOutcome(ok, f"fitted orders for K = 0..3 (expect 2, 3, 4, 5): {text}",
                              {f"{n}_K{K}": p for n, ps in slopes.items() for K, p in enumerate(ps)})

    return d
