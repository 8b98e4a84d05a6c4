"""The gradient and Hessian of an undefined f at a point that is an expression of vectors, ``\\nabla f(Ru)``,
``\\nabla^2 f(x - \\eta g)``, and the chain rule through a linear map, ``\\nabla_u f(Ru) = R^T \\nabla f(Ru)``.

``\\nabla f(p)`` is :class:`GradientAt` (f's name, the point p, the order): a vector (a matrix for the Hessian)
whose point is an argument, so a definition substituted into p reaches it and two spellings of one point are one
point once expanded.  Matrix algebra proves claims about it as about any matrix symbol (``R u_{t+1} = R u_t -
\\alpha R R^T \\nabla f(R u_t)`` from the update of u).  At an explicit point (a sample) its entries are drawn
from a hash of f, the order and the point's exact coordinates: equal points get equal values, a Hessian is
symmetric, distinct points independent values -- which some smooth f always realizes (finitely many values,
gradients and Hessians at distinct points can be prescribed), so a counterexample is genuine.  The parser's
opaque gradients at named points (``\\nabla f(x)``, one symbol each) cannot be related to these, so one claim
may not use both for one f (``\\nabla f(x^*)`` and ``\\nabla f(A b)`` could be the same vector): refused.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.matrix_gradient import matrix_gradient

__all__ = ["GradientAt", "chain_rule", "gradient_at", "hessian_of", "refuse_mixed_points"]


class GradientAt(MatrixExpr):
    """``\\nabla f(p)`` (order 1, n x 1) or ``\\nabla^2 f(p)`` (order 2, n x n) of an undefined smooth f."""

    def __new__(cls, name: Any, point: Any, order: Any) -> Any:
        name = name if isinstance(name, Str) else Str(str(name))  # a Str, not a Symbol: not a variable
        point = sp.expand(point.doit()) if isinstance(point, MatrixExpr) else point
        return sp.Basic.__new__(cls, name, point, sp.Integer(order))

    @property
    def fname(self) -> str:
        return self.args[0].name

    @property
    def point(self) -> Any:
        return self.args[1]

    @property
    def order(self) -> int:
        return int(self.args[2])

    @property
    def shape(self) -> tuple[Any, Any]:
        n = self.point.shape[0]
        return (n, 1) if self.order == 1 else (n, n)

    @property
    def free_symbols(self) -> set:
        return self.point.free_symbols

    def _entry(self, i: Any, j: Any, **kwargs: Any) -> Any:
        if self.order == 2 and sp.sympify(i).is_Integer and sp.sympify(j).is_Integer and int(j) < int(i):
            i, j = j, i  # a Hessian is symmetric
        p = self.point
        if isinstance(p, MatrixExpr) and all(sp.sympify(d).is_Integer for d in p.shape):
            p = p.as_explicit()
        if isinstance(p, sp.MatrixBase) and all(e.is_Rational for e in p):
            key = f"{self.fname}|{self.order}|{i}|{j}|{[str(e) for e in p]}"
            h = int(hashlib.sha256(key.encode()).hexdigest()[:12], 16)
            return sp.Rational(h % 13 - 6, 1 + (h // 13) % 3)
        if isinstance(p, sp.MatrixBase):  # symbolic coordinates: an undefined partial derivative of them
            return sp.Function(f"\\partial_{{{i}{j if self.order == 2 else ''}}} {self.fname}", real=True)(*p)
        raise ValueError("the entries of \\nabla f(p) need explicit coordinates of p")

    def _eval_transpose(self) -> Any:
        return self if self.order == 2 else None

    def _latex(self, printer: Any) -> str:
        op = r"\nabla" if self.order == 1 else r"\nabla^{2}"
        return f"{op} {self.fname}\\left({printer._print(self.point)}\\right)"

    def _sympystr(self, printer: Any) -> str:
        op = "grad" if self.order == 1 else "hess"
        return f"{op} {self.fname}({printer._print(self.point)})"


def _check_point(arg: Any, pos: int) -> None:
    """A point built from vectors and matrices only: sums of products ending in a vector (no norms, functions)."""
    if not is_matrix(arg) or arg.shape[1] != 1 or arg.shape[0] == 1:
        raise BadInput("the gradient is understood at a vector point (\\nabla f(x_t), \\nabla f(R u))", pos)
    if arg.atoms(AppliedUndef) or any(not isinstance(a, (sp.Symbol, sp.MatrixSymbol)) for a in arg.free_symbols):
        raise BadInput("the gradient is understood at a point built from vectors and matrices", pos)


def gradient_at(fname: str, arg: Any, order: int, made: dict, pos: int) -> GradientAt:
    """``\\nabla^{order} f(arg)`` at a point that is an expression (not a named vector)."""
    _check_point(arg, pos)
    refuse_mixed_points(fname, made, expression=True, pos=pos)
    out = GradientAt(fname, arg, order)
    made.setdefault(f"\\nabla-at-expression {fname}", out)  # what refuse_mixed_points looks for
    return out


def refuse_mixed_points(fname: str, made: dict, expression: bool, pos: int) -> None:
    """One f, one kind of gradient in a claim: at named points (opaque symbols) or at expressions."""
    named = any(k.startswith((f"\\nabla {fname}(", f"\\nabla^{{2}} {fname}(")) for k in made)
    if (named if expression else f"\\nabla-at-expression {fname}" in made):
        raise BadInput(f"\\nabla {fname} at a named point and at an expression in one claim: symgd cannot tell "
                       f"whether the points are equal; name the point of the expression (y = R u) or write both as "
                       f"expressions", pos)


def chain_rule(expr: Any, var: sp.MatrixSymbol, made: dict, pos: int) -> Any:
    """The gradient in ``var`` of a scalar expression holding ``f(M u + c)`` terms: each such term (times a factor
    free of u) gives M^T ``\\nabla f(M u + c)``, the rest SymPy's matrix calculus; None when no undefined function
    of ``var`` occurs (SymPy's calculus alone).  Any other place of such a function is refused (SymPy would
    differentiate it as a constant)."""
    def applied(e: Any) -> list:
        return [a for a in e.atoms(AppliedUndef) if var in a.free_symbols] if isinstance(e, sp.Basic) else []

    if isinstance(expr, sp.Basic) and any(var in g.free_symbols for g in expr.atoms(GradientAt)):
        raise BadInput(f"the gradient in {var.name} of \\nabla f at a point that depends on {var.name} (a Hessian "
                       "through the chain rule) is not supported", pos)
    if not applied(expr):
        return None
    while isinstance(expr, sp.Trace) and expr.arg.shape == (1, 1):  # tr(u^T u + f(Ru) I_1): the 1x1 matrix
        expr = expr.arg.doit()
    scalar, rest_matrix = sp.Integer(0), []  # f(Ru) + u^T u: a scalar times I_1 plus 1x1 matrix terms
    for part in (expr.args if isinstance(expr, sp.MatAdd) else (expr,)):
        if isinstance(part, sp.MatMul) and part.args[-1] == sp.Identity(1):
            scalar += sp.Mul(*part.args[:-1])
        elif is_matrix(part):
            if applied(part):
                raise BadInput(f"the gradient in {var.name} of an undefined function is understood for sums of "
                               f"c f(R {var.name} + b) terms", pos)
            rest_matrix.append(part)
        else:
            scalar += part
    out, rest = [], (sp.MatAdd(*rest_matrix) if rest_matrix else sp.Integer(0))
    for term in sp.Add.make_args(sp.expand(scalar)):
        found = applied(term)
        if not found:
            rest += term
            continue
        (fa,) = found if len(found) == 1 else (None,)
        coeff = sp.cancel(term / fa) if fa is not None else None
        if fa is None or coeff is None or coeff.has(fa) or var in getattr(coeff, "free_symbols", set()) or len(
                fa.args) != 1 or not is_matrix(fa.args[0]):
            raise BadInput(f"the gradient in {var.name} of an undefined function is understood for sums of "
                           f"c f(R {var.name} + b) terms", pos)
        jac = _jacobian(fa.args[0], var)
        if jac is None:
            raise BadInput(f"the chain rule through {fa.func.__name__}(...) needs a point linear in {var.name} "
                           f"(R {var.name} + c)", pos)
        out.append(coeff * jac.T * gradient_at(fa.func.__name__, fa.args[0], 1, made, pos))
    if rest != 0:
        grad = matrix_gradient(rest, var)  # None where SymPy's matrix calculus is wrong (norms, functions, sums)
        if not is_matrix(grad) or grad.shape != var.shape or grad.has(sp.Derivative):
            raise BadInput("cannot differentiate this expression in a vector", pos)
        out.append(grad)
    return sp.MatAdd(*out).doit() if len(out) > 1 else out[0]


def _terms_in(expr: Any, var: sp.MatrixSymbol) -> list[tuple[Any, list[Any]]]:
    """(scalar coefficient, matrix factors) of each term of ``expr`` expanded that involves ``var``."""
    out = []
    for term in sp.Add.make_args(sp.expand(expr.doit())):
        if var in term.free_symbols:
            coeff, mat = term.as_coeff_mmul() if isinstance(term, sp.MatMul) else (sp.Integer(1), term)
            out.append((coeff, list(mat.args) if isinstance(mat, sp.MatMul) else [mat]))
    return out


def _jacobian(arg: Any, var: sp.MatrixSymbol) -> Any:
    """M with ``arg = M var + c`` (M, c free of var), or None."""
    n = var.shape[0]
    parts = []
    for coeff, factors in _terms_in(arg, var):
        if not factors or factors[-1] != var or any(var in f.free_symbols for f in factors[:-1]) or (
                var in sp.sympify(coeff).free_symbols):
            return None
        parts.append(sp.Mul(sp.sympify(coeff)) * (sp.MatMul(*factors[:-1]) if factors[:-1] else sp.Identity(n)))
    return sp.MatAdd(*parts).doit() if parts else None


def hessian_of(grad: Any, var: sp.MatrixSymbol, pos: int) -> Any:
    """The Jacobian in ``var`` of a gradient built by :func:`chain_rule` (or matrix calculus): each
    ``c A \\nabla f(M u + b)`` term gives ``c A \\nabla^2 f(M u + b) M``, each ``c B u`` term ``c B``; anything else is
    refused (a Hessian through a nonlinear point is not modelled)."""
    n = var.shape[0]
    parts = []
    for coeff, factors in _terms_in(grad, var):
        last, rest = factors[-1], factors[:-1]
        if var in sp.sympify(coeff).free_symbols or any(var in f.free_symbols for f in rest):
            raise BadInput(f"the Hessian in {var.name} of this expression is not supported", pos)
        head = sp.MatMul(*rest) if rest else sp.Identity(n)
        if last == var:
            parts.append(sp.sympify(coeff) * head)
        elif isinstance(last, GradientAt) and last.order == 1 and (jac := _jacobian(last.point, var)) is not None:
            parts.append(sp.sympify(coeff) * head * GradientAt(last.fname, last.point, 2) * jac)
        else:
            raise BadInput(f"the Hessian in {var.name} of this expression is not supported", pos)
    return sp.MatAdd(*parts).doit() if parts else sp.ZeroMatrix(n, n)
