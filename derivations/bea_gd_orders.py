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
from symgd.bea.gradient import commutator_obstruction
from symgd.bea.maps import lie_series
from symgd.bea.modified import gd_modified_equation

__all__ = ["derive"]

eta = sp.Symbol("eta", positive=True)
x1, x2 = sp.symbols("x1 x2", real=True)
XS = (x1, x2)


def _entries(name: str, k: int | None = None) -> sp.ImmutableMatrix:
    """A named column vector [name_1, name_2] (scalar symbols, so each entry is defined and printed on its own)."""
    tag = f"{name}_{k}" if k is not None else name
    return sp.ImmutableMatrix([sp.Symbol(f"{tag}_{i}") for i in (1, 2)])


def derive() -> Derivation:
    d = Derivation(
        "bea_gd_orders",
        "GD's modified equation to third order, and the order-2 obstruction to a modified loss",
        Source("001", "The general case", "Now we’ll try to generalize the modified loss construction."),
        summary=r"Rooted trees give GD's modified field to any order with exact coefficients. The first-order term is "
        r"$-\nabla\big(\tfrac14\|\nabla L\|^2\big)$; the Jacobian of the second-order term has the antisymmetric part "
        r"$-\tfrac{1}{12}[H, \nabla^3 L[g]]$, so no modified loss exists beyond first order.",
        reference="Hairer, Lubich, Wanner (2006), IX.1, IX.9; Chartier, Hairer, Vilmart (2010); Barrett and Dherin (2021).",
    )
    d.assume([eta, x1, x2])
    L = sp.Function("L")(*XS)
    fields = gd_modified_equation(3).field(L, XS)
    grad = [sp.diff(L, v) for v in XS]
    hess = sp.hessian(L, XS)

    def d3(u, v) -> sp.ImmutableMatrix:  # D^3L[u, v], expanded
        return sp.ImmutableMatrix([sp.expand(sum(sp.diff(L, xi, a, b) * u[j] * v[k] for j, a in enumerate(XS)
                                                 for k, b in enumerate(XS))) for xi in XS])

    # Named blocks: the printed steps stay short, the checker expands every name.
    g, H = sp.MatrixSymbol("g", 2, 1), sp.MatrixSymbol("H", 2, 2)
    T, U, Tg = sp.MatrixSymbol("T", 2, 1), sp.MatrixSymbol("U", 2, 1), sp.MatrixSymbol("T_g", 2, 2)
    d.define(g, sp.ImmutableMatrix(grad), "the gradient of an undefined loss $L(x_1, x_2)$")
    d.define(H, sp.ImmutableMatrix(hess), "its Hessian")
    hg = sp.ImmutableMatrix(hess * sp.Matrix(grad))
    d.define(T, d3(grad, grad), r"$T = \nabla^3 L[g, g]$, entry $i$: $\sum_{j,k} \partial_i \partial_j \partial_k L\, g_j g_k$")
    d.define(U, d3(hg, grad), r"$U = \nabla^3 L[Hg, g]$")
    H1, H2 = sp.MatrixSymbol("H_1", 2, 2), sp.MatrixSymbol("H_2", 2, 2)
    d.define(H1, sp.ImmutableMatrix(hess.diff(x1)), r"$H_1 = \partial_1 H$")
    d.define(H2, sp.ImmutableMatrix(hess.diff(x2)), r"$H_2 = \partial_2 H$")
    d.define(Tg, grad[0] * H1 + grad[1] * H2, r"$T_g = \nabla^3 L[g]$, the matrix $\nabla^3 L[g, \cdot, \cdot]$")
    F = {k: _entries("f", k) for k in (1, 2, 3)}
    for k in (1, 2, 3):
        for i in range(2):
            d.define(F[k][i], sp.expand(fields[k][i]),
                     rf"entry {i + 1} of $f_{k}$ as symgd.bea evaluates it from the rooted trees with {k + 1} nodes")

    # The trees' fields against the published Euler coefficients (HLW IX.1): [•] (b = -1/2), [[•]] (b = 1/3),
    # [•,•] (b = 1/6, sigma = 2), the four trees with 4 nodes.
    d.claim(F[1], "=", -H * g / 2, r"tree $[\bullet]$: $b = -\tfrac12$, $F = f'f = Hg$")
    d.claim(F[2], "=", -H * H * g / 3 - T / 12,
            r"trees $[[\bullet]]$ ($b = \tfrac13$) and $[\bullet,\bullet]$ ($b = \tfrac16$, $\sigma = 2$); $F = -G$")
    d.claim(F[3], "=", -H * H * H * g / 4 - H * T / 12 - U / 12,
            r"the four trees with 4 nodes ($\nabla^4 L[g, g, g]$ has coefficient 0)")
    d.conclude(r"the third-order term of GD's modified equation, $f_3 = -\tfrac14 H^3 g - \tfrac1{12} H\,"
               r"\nabla^3 L[g, g] - \tfrac1{12} \nabla^3 L[Hg, g]$, in coordinates")

    # The flow of the truncated field for time eta is the GD step (the Lie series, no trees involved).
    x = sp.ImmutableMatrix(XS)
    flow = _entries("Phi")
    series = lie_series(fields[:3], XS, eta, 3)
    for i in range(2):
        d.define(flow[i], sp.expand(series[i]), rf"entry {i + 1} of the flow of $f_0 + \eta f_1 + \eta^2 f_2$ for time "
                 r"$\eta$: its Lie series through $\eta^3$")
    d.claim(flow, "=+O", x - eta * g, r"the flow is one GD step up to $O(\eta^4)$", order=(eta, 4))
    d.conclude(r"the flow of $f_0 + \eta f_1 + \eta^2 f_2$ for time $\eta$ is $\theta - \eta g + O(\eta^4)$")

    # Order 1: a gradient, document 001's regulariser.
    N = sp.Symbol("N")
    d.define(N, (grad[0] ** 2 + grad[1] ** 2) / 4, r"$N = \tfrac14\|\nabla L\|^2$")
    d.claim(F[1], "=", -sp.ImmutableMatrix([sp.Derivative(N, v, evaluate=False) for v in XS]),
            r"$f_1 = -\nabla N$")
    d.conclude(r"$f_1 = -\nabla\big(\tfrac14 \|\nabla L\|^2\big)$: the modified loss $L + \tfrac{\eta}{4}\|\nabla L\|^2$")

    # Order 2: the rotational part.
    J = sp.ImmutableMatrix(2, 2, lambda i, j: sp.Derivative(F[2][i], XS[j], evaluate=False))
    d.claim((J - J.T) / 2, "=", -(H * Tg - Tg * H) / 12,
            r"the antisymmetric part of the Jacobian of $f_2$ is $-\tfrac1{12}[H, T_g]$")
    d.conclude(r"$\tfrac12(J f_2 - J f_2^{T}) = -\tfrac{1}{12}\big[H, \nabla^3 L[g]\big]$")
    witness = x1**2 * x2
    f2w = gd_modified_equation(2).field(witness, XS)[2]
    curl = (sp.Derivative(f2w[0], x2, evaluate=False) - sp.Derivative(f2w[1], x1, evaluate=False)) / 2
    entry = commutator_obstruction(witness, XS)[0, 1]
    d.claim(curl, "=", entry, r"at $L = x_1^2 x_2$: $\tfrac12(\partial_2 f_{2,1} - \partial_1 f_{2,2})$ is the "
            "commutator's entry")
    d.claim(entry.subs({x1: 1, x2: 1}), "<", 0, r"at $(1, 1)$ it is $-\tfrac13 \ne 0$: $f_2$ is not a gradient here")
    d.conclude(r"$f_2$ is not a gradient field when $d \ge 2$: no modified loss beyond first order")

    @d.numeric("local_error_orders", r"one GD step against the flow of $f_0 + \eta f_1 + \dots + \eta^K f_K$ (RK4) "
               r"for $K = 0, \dots, 3$, on a quartic, a Rosenbrock-like and a logistic loss in $d = 2$: fitted log-log "
               r"slopes $K + 2$")
    def _orders() -> NumericOutcome:
        etas = [0.05 * 0.7**i for i in range(5)]
        slopes = {}
        for name, (loss, cs, th0) in sorted(TEST_LOSSES.items()):
            fs = gd_modified_equation(3).field(loss, cs)
            st = gd_step(loss, cs)
            slopes[name] = [fitted_order(etas, local_errors(fs[:K + 1], cs, th0, etas, st)) for K in range(4)]
        ok = all(abs(p - (K + 2)) < 0.3 for ps in slopes.values() for K, p in enumerate(ps))
        text = "; ".join(f"{n}: " + ", ".join(f"{p:.2f}" for p in ps) for n, ps in slopes.items())
        return NumericOutcome(ok, rf"fitted orders for $K = 0, \dots, 3$ (expect 2, 3, 4, 5): {text}",
                              {f"{n}_K{K}": p for n, ps in slopes.items() for K, p in enumerate(ps)})

    return d
