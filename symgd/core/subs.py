"""Guards against SymPy's structural equality of ``Subs`` objects, which is not sound.

SymPy (1.14) compares ``Subs(expr, variables, point)`` through ``expr`` with each variable renamed
after its point, so variables sent to the same point become indistinguishable::

    Subs(Derivative(L(x, y), x), (x, y), (5, 5)) == Subs(Derivative(L(x, y), y), (x, y), (5, 5))  # True

and ``a - b`` of two such objects evaluates to ``0``.  Dict-keyed caches (``xreplace``, ``replace``,
``Matrix.applyfunc`` and everything built on it: ``doit``, ``subs``, ``simplify`` of matrices) then
merge them.  A zero-test could "prove" that the two partial derivatives of ``L`` at ``(5, 5)`` are
equal, and substituting a concrete ``L`` could evaluate one in place of the other.

What this module offers:

* :func:`rebuild`: a bottom-up rewrite with no cache keyed by equality (matrices entry by entry);
* :func:`replace_functions`: undefined functions replaced by ``Lambda``\\ s that way, optionally
  evaluating every ``Subs`` and ``Derivative`` as soon as its function is known (then no ``Subs``
  survives to be compared);
* :func:`guard`: for proving, each ``Subs`` that could collide (several variables at equal points,
  or a ``Subs`` inside another) is evaluated on its own when it is a derivative at a point (shallow
  ``doit``, which leaves single-variable ``Subs``); one that still could becomes an opaque function
  of its free symbols, named after its exact structure: equal only to itself, never to a look-alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sympy as sp

__all__ = ["guard", "hazardous", "rebuild", "replace_functions"]


def rebuild(expr: Any, fn: Callable[[Any], Any]) -> Any:
    """Apply ``fn`` to every node, children first, rebuilding parents whose children changed.

    No cache keyed by ``==`` is involved (unlike ``xreplace``/``replace``/``applyfunc``).
    """
    if isinstance(expr, sp.MatrixBase) and not isinstance(expr, sp.Basic):  # a mutable Matrix
        return type(expr)(expr.rows, expr.cols, [rebuild(e, fn) for e in expr])
    if isinstance(expr, sp.ImmutableMatrix):
        return sp.ImmutableMatrix(expr.rows, expr.cols, [rebuild(e, fn) for e in expr])
    if not isinstance(expr, sp.Basic):
        return expr
    if expr.args:
        args = [rebuild(a, fn) for a in expr.args]
        if any(new is not old for new, old in zip(args, expr.args, strict=True)):
            expr = expr.func(*args)
    out = fn(expr)
    return expr if out is None else out


def hazardous(node: sp.Subs) -> bool:
    """Could this ``Subs`` compare equal to a different one?  (Two variables at equal points, or
    a ``Subs`` nested inside, whose canonical names can clash with the outer one.)"""
    points = list(node.point)
    return len(set(points)) < len(points) or node.expr.has(sp.Subs)


def replace_functions(expr: Any, mapping: Mapping[Any, sp.Lambda], evaluate: bool = False) -> Any:
    """Replace applications of the undefined functions in ``mapping`` by their ``Lambda``.

    With ``evaluate=True`` every ``Subs`` and ``Derivative`` is evaluated as soon as it is rebuilt
    (bottom-up), so none is left for SymPy to compare.
    """

    def fn(node: Any) -> Any:
        lam = mapping.get(type(node)) if isinstance(node, sp.core.function.AppliedUndef) else None
        if lam is not None:
            return lam(*node.args)
        if evaluate and isinstance(node, (sp.Subs, sp.Derivative)):
            return node.doit()
        return None

    return rebuild(expr, fn)


def guard(expr: Any, table: dict[str, sp.Basic]) -> Any:
    """``expr`` with every ``Subs`` evaluated on its own, and those that could still collide replaced by
    opaque functions of their free symbols (``table`` maps exact structure to placeholder; share it
    between the two sides of a claim so that identical objects stay identical)."""

    def fn(node: Any) -> Any:
        if not (isinstance(node, sp.Subs) and hazardous(node)):
            return None
        # A derivative at a point: substitute the variables not differentiated (single-variable Subs
        # remain, which compare soundly).  No deep doit: integrals inside must not be attempted.
        done = node.doit(deep=False) if isinstance(node.expr, sp.Derivative) else node
        return rebuild(done, _opaque(table))

    return rebuild(expr, fn)


def _opaque(table: dict[str, sp.Basic]) -> Callable[[Any], Any]:
    def fn(node: Any) -> Any:
        if not (isinstance(node, sp.Subs) and hazardous(node)):
            return None
        key = sp.srepr(node)
        if key not in table:
            free = sorted(node.free_symbols, key=sp.default_sort_key)
            table[key] = sp.Function(f"\\operatorname{{S}}_{{{len(table) + 1}}}")(*free)
        return table[key]

    return fn
