"""Accuracy measured: the flow of GD's modified field truncated after eta^K is one GD step up to O(eta^(K+2)).

The step is computed from the loss's gradient directly; the flow by RK4 on 64 substeps; the order is the
fitted log-log slope over eta = 0.05 * 0.7^i, i = 0..4, for a quartic, a Rosenbrock-like and a logistic loss in d = 2.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from symgd.bea.accuracy import TEST_LOSSES, fitted_order, gd_step, local_errors
from symgd.bea.modified import ModifiedEquation, Term, gd_modified_equation

ETAS = [0.05 * 0.7**i for i in range(5)]
KMAX = 5


@pytest.mark.parametrize("name", sorted(TEST_LOSSES))
def test_local_error_order_is_k_plus_2(name):
    loss, xs, th0 = TEST_LOSSES[name]
    fields = gd_modified_equation(KMAX).field(loss, xs)
    step = gd_step(loss, xs)
    orders = [fitted_order(ETAS, local_errors(fields[:K + 1], xs, th0, ETAS, step)) for K in range(KMAX + 1)]
    for K, p in enumerate(orders):
        assert abs(p - (K + 2)) < 0.3, (name, K, orders)


def test_a_wrong_coefficient_loses_the_order():
    """f_2 with -1/6 instead of -1/12 in front of D^3L[g,g]: the order drops from 4 to 3 (the check can fail)."""
    me = gd_modified_equation(2)
    bad = tuple(Term(Fraction(-1, 6), t.tree) if t.name == "D^3L[g,g]" else t for t in me.terms[2])
    wrong = ModifiedEquation("gd_wrong", 2, (*me.terms[:2], bad), me.trees_per_order)
    loss, xs, th0 = TEST_LOSSES["quartic"]
    step = gd_step(loss, xs)
    good_p = fitted_order(ETAS, local_errors(me.field(loss, xs), xs, th0, ETAS, step))
    bad_p = fitted_order(ETAS, local_errors(wrong.field(loss, xs), xs, th0, ETAS, step))
    assert abs(good_p - 4) < 0.3 and abs(bad_p - 3) < 0.3
