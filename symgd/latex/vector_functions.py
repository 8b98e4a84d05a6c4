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

__all__ = ["define_vector_function", "defined_at", "partial_gradient", "several_at"]

_LABEL = re.compile(r"^([^()\\]+|\\[A-Za-z]+(?:\{\w+\})?(?:_\{[^{}()]*\})?)\((.+)\)$")  # g, \varphi, \tilde{f}, \mathcal{L}


def define_vector_function(nt: Any, lhs: Any, rhs: Any) -> bool:
    """Record ``g(u) = rhs`` when lhs is the opaque value of g at a named vector u and rhs depends on u; a
    function of several distinct names, one of them a vector (``\\mathcal{L}(x, \\lambda) = ...``), is recorded for
    :func:`partial_gradient` (its values stay SymPy applications, which the caller substitutes)."""
    if _define_several(nt, lhs, rhs):
        return True
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
    if arg == 0 and not getattr(arg, "shape", None) and point.shape[1] == 1:  # m(0) of a model m(p) of a vector p:
        arg = sp.ZeroMatrix(*point.shape)  # the zero vector, as no scalar can be g's argument
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


def _define_several(nt: Any, lhs: Any, rhs: Any) -> bool:
    from sympy.core.function import AppliedUndef

    if not isinstance(lhs, AppliedUndef) or len(lhs.args) < 2 or not isinstance(rhs, sp.Basic):
        return False
    points = lhs.args
    if len({getattr(a, "name", None) for a in points}) != len(points) or not all(
            isinstance(a, (sp.Symbol, sp.MatrixSymbol)) for a in points) or not any(
            isinstance(a, sp.MatrixSymbol) for a in points):
        return False
    fname = lhs.func.__name__
    if any(isinstance(a, sp.core.function.AppliedUndef) and a.func.__name__ == fname for a in rhs.atoms(
            sp.core.function.AppliedUndef)):
        return False
    defs = getattr(nt, "several", None)
    if defs is None:
        defs = nt.several = {}
    defs[fname] = (tuple(points), rhs)  # a redefinition replaces (the document's latest)
    return True


def partial_gradient(parser: Any, fname: str, args: list[Any], var: Any, pos: int) -> Any:
    """``\\nabla_x \\mathcal{L}(x, \\lambda)``: the gradient of a function of several arguments in the one argument
    written as ``x``, at the arguments given, for a function the text defines; refused otherwise (an arbitrary
    function of several arguments has no formula to differentiate)."""
    defs = getattr(parser.nt, "several", None) or {}
    at = [k for k, a in enumerate(args) if a == var]
    if len(at) != 1 or any(var in getattr(a, "free_symbols", ()) for k, a in enumerate(args) if k != at[0]):
        raise BadInput(f"\\nabla_v {fname}(...): v must be exactly one of the arguments (\\nabla_x L(x, y))", pos)
    if fname not in defs:
        raise BadInput(f"\\nabla_v {fname}(...) of a function of several arguments is read only for a function the "
                       f"text defines ({fname}(x, y) = ...)", pos)
    points, body = defs[fname]
    if len(points) != len(args) or any(getattr(p, "shape", None) != getattr(a, "shape", None) for p, a in zip(
            points, args, strict=True)):
        raise BadInput(f"{fname} is defined with {len(points)} arguments of other shapes", pos)
    point = points[at[0]]
    if isinstance(point, sp.MatrixSymbol):
        if point.shape[1] != 1:
            raise BadInput(f"\\nabla_v {fname}(...) in a matrix argument is not supported", pos)
        out = parser.gradient_in(body, point, pos)
    else:
        out = sp.diff(body, point)
    return _at(parser, fname, out, points, args, pos)


def several_at(parser: Any, fname: str, args: list[Any], pos: int) -> Any:
    """``D(y, z)`` after ``D(x, y) = ...`` (x a vector): the body at the arguments; None if fname is not such a
    function."""
    defs = getattr(parser.nt, "several", None) or {}
    if fname not in defs or len(defs[fname][0]) != len(args):
        return None
    points, body = defs[fname]
    if any(getattr(p, "shape", None) != getattr(a, "shape", None) for p, a in zip(points, args, strict=True)):
        raise BadInput(f"{fname} is defined with arguments of other shapes", pos)
    return _at(parser, fname, body, points, args, pos)


def _at(parser: Any, fname: str, out: Any, points: tuple, args: list[Any], pos: int) -> Any:
    """``out`` (in the definition's points) at ``args``, all at once: D(y, x) after D(x, y) swaps, and the opaque
    values at a point (``\\phi(x)``, ``\\nabla \\phi(y)``) follow it."""
    pairs = [(p, a) for p, a in zip(points, args, strict=True) if p != a]
    scalars = {p: a for p, a in pairs if isinstance(p, sp.Symbol)}
    vectors = [(p, a) for p, a in pairs if isinstance(p, sp.MatrixSymbol)]
    labels = any(str(s).endswith(f"({p.name})") for p, _ in vectors for s in out.atoms(sp.Symbol, sp.MatrixSymbol))
    if vectors and labels:
        if not all(isinstance(a, sp.MatrixSymbol) for _, a in vectors):
            raise BadInput(f"{fname}(...) at an expression: its definition uses values at the named points", pos)
        temps = [sp.MatrixSymbol(f"@{k}", *p.shape) for k, (p, _) in enumerate(vectors)]
        out = evaluate_at(out, [p for p, _ in vectors], temps, parser.nt.made, pos)
        out = evaluate_at(out, temps, [a for _, a in vectors], parser.nt.made, pos)
    elif vectors:
        out = out.xreplace(dict(vectors))
    return out.xreplace(scalars) if scalars else out
