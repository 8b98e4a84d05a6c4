"""Case splits on the kinks of an expression: ``|A|``, ``max(a, b)`` and ``min(a, b)`` replaced by one of their
branches under the condition that selects it.

``cases(g)`` lists (condition, g on that case) pairs that cover every point: ``|A|`` is A where ``A >= 0`` and
-A where ``A <= 0``; ``max(a, b)`` is a where ``a >= b`` and b where ``b >= a`` (min the other way round).  A claim
``g >= 0`` holds when it holds on every case with its condition added to the hypotheses (the log-sum-exp bounds
``max(x, y) <= log(e^x + e^y) <= max(x, y) + log 2`` split on x >= y).  At most ``limit`` kinks are split.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["cases"]


def _branches(k: Any) -> list[tuple[Any, Any]] | None:
    if isinstance(k, sp.Abs):
        (a,) = k.args
        return [(a >= 0, a), (a <= 0, -a)]
    if isinstance(k, (sp.Max, sp.Min)) and len(k.args) == 2:
        a, b = k.args
        big, small = (a, b) if isinstance(k, sp.Max) else (b, a)
        return [(big >= small, a), (small >= big, b)]  # max(a, b) = a where a >= b; min(a, b) = a where b >= a
    return None


def cases(g: Any, limit: int = 2) -> list[tuple[tuple, Any]] | None:
    """(conditions, g without kinks) covering every point, or None when g has no kink, a kink outside the class,
    or more than ``limit`` of them."""
    g = sp.sympify(g)
    kinks = sorted(g.atoms(sp.Abs, sp.Max, sp.Min), key=sp.default_sort_key)
    if not kinks or len(kinks) > limit:
        return None
    out: list[tuple[tuple, Any]] = [((), g)]
    for k in kinks:
        branches = _branches(k)
        if branches is None or any(a.has(sp.Abs, sp.Max, sp.Min) for a in k.args):
            return None
        out = [((*conds, c), e.xreplace({k: v})) for conds, e in out for c, v in branches]
    return [(tuple(c for c in conds if c is not sp.true), e) for conds, e in out if sp.false not in conds]
