"""Gradient structure of GD's modified field: a potential where there is one, exact evidence where there is none.

Independent numbers: document 001's regulariser (derivations.modified_loss), the order-2 field written out by
hand with sympy.hessian and explicit third derivatives, and direct Jacobians of the explicit fields.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from derivations.modified_loss import regularizer
from symgd.bea.differentials import DifferentialEvaluator
from symgd.bea.gradient import (
    antisymmetric_part,
    commutator_obstruction,
    gradient_structure,
    invariant,
    reroot_gradient,
)
from symgd.bea.modified import gd_modified_equation
from symgd.bea.trees import from_levels, trees

x1, x2, x3 = sp.symbols("x1 x2 x3", real=True)


def _grad(expr, xs):
    return sp.ImmutableMatrix([sp.diff(expr, x) for x in xs])


@pytest.mark.parametrize("xs", [(x1, x2), (x1, x2, x3)])
def test_order_one_is_the_gradient_of_a_quarter_gradient_norm(xs):
    gs = gradient_structure(1)
    assert gs.is_gradient and gs.potential == ((Fraction(1, 4), from_levels([0, 1])),)
    assert gs.potential_text() == "(1/4) ||g||^2"
    L = sp.Function("L")(*xs)
    P1 = gs.potential_expr(L, xs)
    assert sp.expand(P1 - regularizer(L, xs)) == 0  # document 001's (1/4)||grad L||^2
    f1 = gd_modified_equation(1).field(L, xs)[1]
    assert sp.expand(f1 + _grad(P1, xs)) == sp.zeros(len(xs), 1)  # f_1 = -grad P_1
    assert gradient_structure(0).potential_text() == "(1) L"


def test_rerooting_lemma_in_coordinates():
    """grad S(t) = sum_v G(t rooted at v), for every tree up to 4 nodes, undefined L in d = 2."""
    L = sp.Function("L")(x1, x2)
    ev = DifferentialEvaluator(L, (x1, x2))
    for n in range(1, 5):
        for t in trees(n):
            lhs = _grad(invariant(t, L, (x1, x2), ev), (x1, x2))
            rhs = sum((m * ev(r) for r, m in reroot_gradient(t).items()), sp.zeros(2, 1))
            assert sp.expand(lhs - rhs) == sp.zeros(2, 1), t


def _f2_by_hand(loss, xs):
    g = sp.Matrix([sp.diff(loss, x) for x in xs])
    H = sp.hessian(loss, xs)
    d3gg = sp.Matrix([sum(sp.diff(loss, xi, xj, xk) * g[j] * g[k] for j, xj in enumerate(xs) for k, xk in enumerate(xs))
                      for xi in xs])
    return -H * H * g / 3 - d3gg / 12


def test_order_two_is_not_a_gradient():
    gs = gradient_structure(2)
    assert not gs.is_gradient and gs.potential == ()
    # the generic d = 2 curl: nonzero, and it is the hand-written field's
    L = sp.Function("L")(x1, x2)
    curl = antisymmetric_part(_f2_by_hand(L, (x1, x2)), (x1, x2))[0, 1]
    assert gs.curl_generic != 0 and sp.expand(curl - gs.curl_generic) == 0
    # the witness: a polynomial loss and a rational point with a nonzero antisymmetric part
    assert gs.witness_loss.is_polynomial(x1, x2) and all(c.is_Rational for c in gs.witness_point)
    val = antisymmetric_part(_f2_by_hand(gs.witness_loss, (x1, x2)), (x1, x2))[0, 1]
    val = val.subs(dict(zip((x1, x2), gs.witness_point, strict=True)))
    assert val == gs.witness_value != 0
    # a smaller witness by hand: L = x^2 y, the curl at (1, 1)
    small = antisymmetric_part(_f2_by_hand(x1**2 * x2, (x1, x2)), (x1, x2))[0, 1].subs({x1: 1, x2: 1})
    assert small != 0


@pytest.mark.parametrize("xs", [(x1, x2), (x1, x2, x3)])
def test_order_two_obstruction_is_a_commutator(xs):
    """Antisymmetric part of J(f_2) = -(1/12) [H, D^3L[g]], undefined L."""
    L = sp.Function("L")(*xs)
    f2 = gd_modified_equation(2).field(L, xs)[2]
    assert sp.expand(antisymmetric_part(f2, xs) - commutator_obstruction(L, xs)) == sp.zeros(len(xs), len(xs))
    # and f_2 + grad((1/12) <g, Hg>) = -(1/6) H^2 g
    g = sp.Matrix([sp.diff(L, x) for x in xs])
    H = sp.hessian(L, xs)
    rest = f2 + _grad((g.T * H * g)[0, 0] / 12, xs)
    assert sp.expand(rest + H * H * g / 6) == sp.zeros(len(xs), 1)


def test_order_three_is_not_a_gradient():
    gs = gradient_structure(3)
    assert not gs.is_gradient and gs.witness_value != 0
    fk = gd_modified_equation(3).field(gs.witness_loss, (x1, x2))[3]
    J = sp.Matrix(fk).jacobian([x1, x2]).subs(dict(zip((x1, x2), gs.witness_point, strict=True)))
    assert J[0, 1] != J[1, 0]


@pytest.mark.parametrize("k", [2, 3, 4])
def test_gradient_on_quadratics_separable_losses_and_d1(k):
    """Where the obstruction vanishes: quadratics (only H^k g survives), separable losses, d = 1 (trivially)."""
    fields = gd_modified_equation(k)
    a, b, c, d, e = sp.symbols("a b c d e")
    quad = a * x1**2 / 2 + b * x1 * x2 + c * x2**2 / 2 + d * x1 + e * x2
    assert sp.expand(antisymmetric_part(fields.field(quad, (x1, x2))[k], (x1, x2))[0, 1]) == 0
    sep = sp.Function("p")(x1) + sp.Function("q")(x2)
    assert sp.expand(antisymmetric_part(fields.field(sep, (x1, x2))[k], (x1, x2))[0, 1]) == 0
    # and the obstruction is real for a non-separable cubic
    assert antisymmetric_part(fields.field(x1**2 * x2 + x2**3, (x1, x2))[k], (x1, x2))[0, 1].subs({x1: 1, x2: 2}) != 0
