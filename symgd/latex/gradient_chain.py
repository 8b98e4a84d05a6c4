"""The gradient in x of a scalar expression that holds the opaque gradient ``\\nabla f(x)`` at the same x, by the
chain rule: ``\\nabla_x u(x, \\nabla f(x)) = \\partial_x u + \\nabla^2 f(x) \\, \\partial_g u`` (g = \\nabla f(x), whose
Jacobian is the Hessian, symmetric).  So ``\\nabla_\\theta \\frac{1}{4}\\|\\nabla \\mathcal{L}(\\theta)\\|^2`` is
``\\frac{1}{2}\\nabla^2 \\mathcal{L}(\\theta) \\nabla \\mathcal{L}(\\theta)`` (the modified loss of gradient descent).

Both partial derivatives come from :func:`symgd.latex.matrix_gradient.matrix_gradient` with the other object held
fixed (it refuses where SymPy's matrix calculus is wrong).  Only first-order opaque gradients of the variable itself
are chained; an opaque value f(x) or Hessian inside the expression (its derivative is a third-order tensor) is left
to the caller, which refuses it: SymPy would differentiate them as constants.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from symgd.latex.matrix_gradient import matrix_gradient

__all__ = ["chain_through_gradients", "linear_values"]

_NABLA = "\\nabla "


def chain_through_gradients(expr: Any, var: Any, opaque: list[Any], derivative_of: Callable[..., Any],
                            pos: int) -> Any | None:
    """d expr / d var with each opaque ``\\nabla f(var)`` in ``opaque`` chained through its Hessian; None when some
    opaque object is not such a gradient or a partial derivative cannot be trusted."""
    suffix = f"({var.name})"
    grads = [a for a in opaque if isinstance(a, sp.MatrixSymbol) and a.shape == var.shape
             and a.name.startswith(_NABLA) and a.name.endswith(suffix)]
    if len(grads) != len(opaque):
        return None
    out = matrix_gradient(expr, var)
    if out is None:
        return None
    for g in grads:
        partial = matrix_gradient(expr, g)
        if partial is None:
            return None
        hessian = derivative_of(g.name[len(_NABLA) : -len(suffix)], var, 2, pos)
        out = out + hessian * partial
    return out


def linear_values(expr: Any, var: Any, opaque: list[Any]) -> tuple[Any, list[tuple[Any, Any]]] | None:
    """``expr`` as ``rest + sum c_k f_k(var)`` with each opaque value ``f_k(var)`` (a scalar symbol) in a term of its
    own, times a coefficient free of var and of every opaque object: (rest, [(f_k(var), c_k)]); None otherwise
    (a value inside a norm, a product or a power is not linear: the caller refuses).  So
    ``\\nabla_x (f(x) + \\frac12\\|x - y\\|^2)`` is ``\\nabla f(x) + x - y``."""
    if isinstance(expr, sp.Trace) and expr.arg.shape == (1, 1):  # a 1x1 form read as a scalar
        expr = expr.arg
    terms = list(expr.args) if isinstance(expr, (sp.MatAdd, sp.Add)) else [expr]
    rest, values = [], []
    for term in terms:
        hit = [a for a in opaque if a in term.free_symbols]
        if not hit:
            rest.append(term)
            continue
        if len(hit) != 1 or not isinstance(hit[0], sp.Symbol):
            return None
        a = hit[0]
        factors = list(term.args) if isinstance(term, (sp.MatMul, sp.Mul)) else [term]
        scalars = [f for f in factors if not isinstance(f, sp.MatrixExpr)]
        others = [f for f in factors if isinstance(f, sp.MatrixExpr)]
        if any(o != sp.Identity(1) for o in others):
            return None
        scalar = sp.Mul(*scalars)
        coeff = sp.diff(scalar, a)
        left = sp.expand(scalar - coeff * a)  # (f(x) - f(y)) I: f(y) I stays in the rest
        if coeff.free_symbols & ({var, *opaque}) or coeff.has(sp.MatrixExpr) or left.has(a):
            return None
        values.append((a, coeff))
        if left != 0:
            rest.append(left * sp.Identity(1) if others else left)
    if not rest:
        return sp.Integer(0), values
    return (rest[0] if len(rest) == 1 else (sp.MatAdd(*rest) if any(isinstance(r, sp.MatrixExpr) for r in rest)
                                             else sp.Add(*rest))), values
