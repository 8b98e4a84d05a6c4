"""Evaluation bars: ``\\left. X \\right|_{t=0}``, ``X \\Big|_{t=0}``, ``X \\big|_{x=x_0}``, ``[X]_{t=0}``.

The substitution comes after the differentiation written in X (``\\frac{d\\theta}{dt}\\Big|_{t=0}`` is
theta'(0)).  A bar without ``\\left.`` applies to the term just before it (a product); when an earlier term of
the same sum also depends on the variable, the bar could close either, and it is refused.  A scalar variable
gives SymPy's ``Subs``; a vector variable given a named vector (``|_{\\theta=\\theta_t}``) renames it, together
with the parser's opaque values at it (``\\nabla f(\\theta)`` becomes ``\\nabla f(\\theta_t)``).  A bar is only a
bar followed by a subscript with ``=`` (symgd.latex.tokens): ``|x|`` and ``p(x | y)`` are not evaluations.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok

__all__ = ["depends_on", "evaluate_at", "point_tokens"]

_POINT = "an evaluation bar needs its point: \\right|_{t=0}"


def point_tokens(inner: list[Tok], pos: int) -> list[tuple[list[Tok], list[Tok]]]:
    """The (variable, value) token pairs of a bar's subscript: ``t=0``, ``a=1, b=2``, ``\\substack{a=1 \\\\ b=2}``."""
    if inner and inner[0].is_cmd("substack") and len(inner) >= 3 and inner[1].is_op("{") and inner[-1].is_op("}"):
        inner = inner[2:-1]
    points: list[list[Tok]] = [[]]
    for x in inner:
        if x.is_cmd("\\") or x.is_op(","):
            points.append([])
        else:
            points[-1].append(x)
    out = []
    for point in (pt for pt in points if pt):
        eq = next((k for k, x in enumerate(point) if x.is_op("=")), None)
        if eq is None or eq == 0 or eq == len(point) - 1:
            raise BadInput(_POINT, pos)
        out.append((point[:eq], point[eq + 1 :]))
    if not out:
        raise BadInput(_POINT, pos)
    return out


def depends_on(expr: Any, var: Any) -> bool:
    """Does ``expr`` mention ``var``, or (a vector) an opaque value at it (``\\nabla f(x)``)?"""
    if var in expr.free_symbols:
        return True
    suffix = f"({var.name})" if isinstance(var, sp.MatrixSymbol) else None
    return suffix is not None and any(str(a).endswith(suffix) for a in expr.atoms(sp.Symbol, sp.MatrixSymbol))


def evaluate_at(val: Any, variables: list[Any], values: list[Any], made: dict, pos: int) -> Any:
    """``val`` with each variable at its value (after the differentiation ``val`` holds); ``made`` is the
    notation's table of the objects it made (renamed opaque values join it: a Hessian stays symmetric)."""
    if len(set(variables)) != len(variables):
        raise BadInput("an evaluation bar needs distinct names: \\right|_{t=0}", pos)
    scalars = [(v, w) for v, w in zip(variables, values, strict=True) if isinstance(v, sp.Symbol)]
    vectors = [(v, w) for v, w in zip(variables, values, strict=True) if isinstance(v, sp.MatrixSymbol)]
    if len(scalars) + len(vectors) != len(variables):
        raise BadInput("cannot read the point of an evaluation bar", pos)
    if any(is_matrix(w) for _, w in scalars):
        raise BadInput("an evaluation bar gives a scalar variable a vector or matrix value", pos)
    for v, w in vectors:
        val = _rename(val, v, w, made, pos)
    if not scalars:
        return val
    if is_matrix(val):
        if val.has(sp.Derivative, sp.Subs, sp.Integral, sp.Sum):  # Subs of a matrix expression is not modelled
            raise BadInput("evaluation bars of vector or matrix derivatives in a scalar are not supported", pos)
        return val.xreplace(dict(scalars))
    return sp.Subs(val, tuple(v for v, _ in scalars), tuple(w for _, w in scalars))


def _rename(val: Any, var: sp.MatrixSymbol, value: Any, made: dict, pos: int) -> Any:
    """A vector variable at a named vector of its shape: the variable and the opaque values at it renamed."""
    if not isinstance(value, sp.MatrixSymbol) or value.shape != var.shape:
        raise BadInput(f"a vector variable is evaluated at a named vector of its shape (|_{{{var.name}={var.name}_t}}"
                       ")", pos)
    if not isinstance(val, sp.Basic):
        return val
    suffix = f"({var.name})"
    table: dict[Any, Any] = {var: value}
    for a in val.atoms(sp.Symbol, sp.MatrixSymbol):
        name = a.name if isinstance(a, sp.MatrixSymbol) else str(a)
        if name.endswith(suffix) and "(" not in name[: -len(suffix)]:  # \nabla f(x), f(x): the parser's labels
            new = name[: -len(suffix)] + f"({value.name})"
            table[a] = made.get(new) or (sp.MatrixSymbol(new, *a.shape) if isinstance(a, sp.MatrixSymbol)
                                         else sp.Symbol(new, **a.assumptions0))
            made[new] = table[a]
    return val.xreplace(table)
