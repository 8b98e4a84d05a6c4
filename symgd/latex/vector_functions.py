"""Functions of a vector defined in an assumption (or a document's definition): ``g(u) = f(Ru)``.

An equality whose left side is a function applied to a named vector u (the parser's opaque value ``g(u)``) and
whose right side depends on u defines g for every u.  Later, ``g(v)`` is the right side at v and ``\\nabla g(v)``
its gradient there: by the chain rule through a linear map (``\\nabla g(u_t) = R^T \\nabla f(R u_t)``,
symgd.latex.linear_maps) or by SymPy's matrix calculus of the right side.  Before, the assumption constrained
the value at u alone and ``\\nabla g(u_t)`` stayed an arbitrary vector, so the chain rule was refuted.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symgd.core.errors import BadInput
from symgd.latex.evaluation import evaluate_at
from symgd.latex.linear_maps import hessian_of

__all__ = ["define_vector_function", "defined_at"]

_LABEL = re.compile(r"^([^()\\]+|\\mathcal\{\w+\})\((.+)\)$")


def define_vector_function(nt: Any, lhs: Any, rhs: Any) -> bool:
    """Record ``g(u) = rhs`` when lhs is the opaque value of g at a named vector u and rhs depends on u."""
    if not isinstance(lhs, sp.Symbol) or nt.made.get(lhs.name) is not lhs or (m := _LABEL.match(lhs.name)) is None:
        return False
    fname, point = m.group(1), nt.made.get(m.group(2))
    if not isinstance(point, sp.MatrixSymbol) or point.shape[1] != 1 or not isinstance(rhs, sp.Basic):
        return False
    uses = point in rhs.free_symbols or any(str(a).endswith(f"({point.name})") for a in rhs.atoms(sp.Symbol,
                                                                                                 sp.MatrixSymbol))
    if not uses or re.search(rf"(^|[^\w]){re.escape(fname)}\(", str(rhs)):
        return False
    defs = getattr(nt, "vector_functions", None)
    if defs is None:
        defs = nt.vector_functions = {}
    if fname in defs:
        raise BadInput(f"{fname} is defined twice")
    defs[fname] = (point, rhs)
    return True


def defined_at(parser: Any, fname: str, arg: Any, order: int, pos: int) -> Any:
    """``g(arg)`` (order 0) or ``\\nabla g(arg)`` (order 1) for a function defined by an assumption; None if g is
    not one."""
    defs = getattr(parser.nt, "vector_functions", None) or {}
    if fname not in defs:
        return None
    point, body = defs[fname]
    if getattr(arg, "shape", None) != point.shape:
        raise BadInput(f"{fname} is defined on vectors of the shape of {point.name}", pos)
    if order == 0:
        out = body
    elif order == 1:
        out = parser.gradient_in(body, point, pos)
    else:  # \\nabla^2 g(v): the Jacobian of the gradient (R^T \\nabla^2 f(R v) R for g(u) = f(Ru))
        out = hessian_of(parser.gradient_in(body, point, pos), point, pos)
    if arg == point:
        return out
    if not isinstance(arg, sp.MatrixSymbol) and any(str(a).endswith(f"({point.name})") for a in out.atoms(
            sp.Symbol, sp.MatrixSymbol)):
        raise BadInput(f"{fname}(...) at an expression: its definition uses values at the named point {point.name}",
                       pos)
    if isinstance(arg, sp.MatrixSymbol):
        return evaluate_at(out, [point], [arg], parser.nt.made, pos)
    return out.xreplace({point: arg})
