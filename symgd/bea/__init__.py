"""Backward error analysis: modified equations of update rules, to any order.

``modified_equation(rule, order)`` gives the field f~ = f_0 + eta f_1 + ... + eta^K f_K whose exact flow
for time eta reproduces one step of the rule up to O(eta^(K+2)).  For gradient descent it comes from
B-series over rooted trees (``trees``, ``bseries``), dimension-free with exact rational coefficients in
elementary differentials of the loss (``differentials``); ``maps`` is the brute-force coordinate route
(near-identity map to modified field) used for checks and for rules with state, ``jets`` runs it on the jets of an
undefined loss as independent symbols (the fast cross-check), ``stateful`` reduces rules with state to their slow
manifold and ``ema`` writes that reduction out to second order for EMA-preconditioned rules (RMSProp, Adam).
Imports core, decide and optim only.
"""

from symgd.bea.api import modified_equation
from symgd.bea.differentials import elementary_differential
from symgd.bea.gradient import GradientStructure, gradient_structure
from symgd.bea.modified import MAX_ORDER, ModifiedEquation, Term
from symgd.bea.trees import RootedTree

__all__ = ["MAX_ORDER", "GradientStructure", "ModifiedEquation", "RootedTree", "Term", "elementary_differential",
           "gradient_structure", "modified_equation"]
