"""The gradient of a scalar expression in a vector: SymPy's matrix calculus where it is right, refused where not.

SymPy (1.14) differentiates a function application of a matrix expression (exp, log, |.|, sin, the norm, max,
undefined functions) and a power other than a positive integer as if they were constants, and a scalar sum that holds
a trace as 0: ``Norm(x).diff(x)``, ``(1/tr(x^T x)).diff(x)`` and ``(tr(a^T x) + 1).diff(x)`` are all 0.  Read as
gradients these proved ``\\nabla_x \\|x\\| = 0``, ``\\nabla_x e^{x^\\top x} = 0`` and ``\\nabla_x (\\operatorname{tr}(x
x^\\top) + 1) = 0``, and refuted the true ``\\nabla_x \\|x\\| = x/\\|x\\|``.  So sums, products and positive integer
powers of scalars are differentiated here (linearity, product and power rules), SymPy is asked only for the matrix
expressions and traces at the leaves, and a leaf in which the variable sits under anything else is refused (None).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["matrix_gradient"]

_LEAF = (sp.MatrixExpr, sp.Trace)  # what SymPy's matrix calculus differentiates correctly (MatMul, MatAdd, ^T, ^-1, tr)


def matrix_gradient(expr: Any, var: sp.MatrixSymbol) -> Any | None:
    """d expr / d var for a scalar (or 1x1) ``expr`` and a column vector ``var``; None where it cannot be trusted."""
    if not expr.has(var):
        return sp.ZeroMatrix(*var.shape)
    if isinstance(expr, _LEAF):  # before the scalar rules: MatMul, MatAdd, MatPow subclass Mul, Add, Pow
        return None if _untrusted_inside(expr, var) else _diff(expr, var)
    if isinstance(expr, sp.Add):
        parts = [matrix_gradient(t, var) for t in expr.args]
        return None if any(p is None for p in parts) else sp.MatAdd(*parts).doit()
    if isinstance(expr, sp.Mul):
        terms = []
        for i, f in enumerate(expr.args):
            if f.has(var):
                d = matrix_gradient(f, var)
                if d is None:
                    return None
                terms.append(sp.Mul(*expr.args[:i], *expr.args[i + 1:]) * d)
        return sp.MatAdd(*terms).doit()
    if isinstance(expr, sp.Pow):
        if expr.exp.has(var) or not (expr.exp.is_Integer and expr.exp > 0):
            return None
        d = matrix_gradient(expr.base, var)
        return None if d is None else expr.exp * expr.base ** (expr.exp - 1) * d
    return None  # a function application, a matrix entry, ...: SymPy would differentiate it as a constant


def _diff(expr: Any, var: sp.MatrixSymbol) -> Any | None:
    try:
        return expr.diff(var)
    except Exception:  # SymPy's matrix calculus does not cover every matrix expression
        return None


def _untrusted_inside(expr: Any, var: sp.MatrixSymbol) -> bool:
    """Does ``var`` occur under a node that SymPy's matrix calculus would treat as a constant (a function application,
    a power of a scalar, a scalar sum, a matrix entry)?  Products of traces and matrices are fine."""
    for node in sp.preorder_traversal(expr):
        if node is expr or not isinstance(node, sp.Basic) or not node.has(var):
            continue
        if isinstance(node, _LEAF) or node == var:
            continue
        if type(node) is sp.Mul and all(isinstance(f, _LEAF) or not f.has(var) for f in node.args):
            continue
        return True
    return False
