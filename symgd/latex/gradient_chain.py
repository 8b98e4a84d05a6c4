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

__all__ = ["chain_through_gradients"]

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
