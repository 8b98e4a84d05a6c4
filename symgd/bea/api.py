"""``modified_equation(rule, order)``: the one entry point, dispatching GD to the B-series and rules with state to
the slow-manifold reduction (kept apart from both so that neither imports the other)."""

from __future__ import annotations

import sympy as sp

from symgd.bea.modified import MAX_ORDER, gd_modified_equation
from symgd.bea.stateful import stateful_modified_equation
from symgd.core.errors import BadInput

__all__ = ["modified_equation"]


def modified_equation(rule, order: int):
    """The modified equation of ``rule`` (an :class:`~symgd.optim.rules.UpdateRule` or its name) through
    eta^order.  GD at any order up to :data:`MAX_ORDER` (dimension-free, exact); rules with state through
    :mod:`symgd.bea.stateful`."""
    from symgd.optim.rules import RULES, UpdateRule

    if isinstance(rule, str):
        if rule not in RULES:
            raise BadInput(f"unknown rule {rule!r}; known: {', '.join(sorted(RULES))}")
        rule = RULES[rule]
    if not isinstance(rule, UpdateRule):
        raise BadInput(f"expected an update rule or its name, got {type(rule).__name__}")
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
        raise BadInput(f"order must be an integer from 0 to {MAX_ORDER}, got {order!r}")
    if _is_gd(rule):
        return gd_modified_equation(order, rule.name)
    return stateful_modified_equation(rule, order)


def _is_gd(rule) -> bool:
    """A stateless elementwise rule whose step is exactly theta - lr g (lr the hyperparameter named lr)."""
    if rule.state or not rule.elementwise:
        return False
    lr = next((h for h in rule.hyper if h.name == "lr"), None)
    return lr is not None and sp.expand(rule.step()[rule.param] - (rule.param - lr * rule.grad)) == 0
