"""Proved identities of a function, used at a point: after a display proved ``\\ell''(w) = 4\\sigma(2w)\\sigma(-2w)`` for
every w, a later ``\\ell''(0) = 1`` that is not proved as written (the definition of ``\\ell`` not substituted, or its
derivative at 0 not simplified) is that identity at w = 0, decided with the right side in place of ``\\ell''(0)``.

Only an identity whose left side is the function (or a derivative of it) at one free name, proved (not assumed),
is recorded; it is used in its own section only, and not once the function is defined again.  The claim with the identity's right side put in
is equivalent to the claim itself wherever the identity holds, so both its proof and its refutation (a point where it
fails) stand.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.core.function import AppliedUndef

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["at_points", "record"]


def _function_at_name(lhs: Any) -> tuple[str, sp.Symbol] | None:
    """``\\ell(w)`` or ``\\ell''(w)`` (a derivative in w of the function at w): (the function's name, w)."""
    if isinstance(lhs, AppliedUndef) and len(lhs.args) == 1 and isinstance(lhs.args[0], sp.Symbol):
        return lhs.func.__name__, lhs.args[0]
    if isinstance(lhs, sp.Derivative) and isinstance(lhs.expr, AppliedUndef) and lhs.expr.args == (lhs.variables[0],) \
            and len(set(lhs.variables)) == 1 and isinstance(lhs.variables[0], sp.Symbol):
        return lhs.expr.func.__name__, lhs.variables[0]
    return None


def record(claim: Any, line: int, ctx: DocContext) -> None:
    """Keep a proved ``F(w) = G(w)`` (F an opaque function or its derivative at the name w) for later points."""
    if getattr(claim, "rel", None) is None or claim.rel.value != "=":
        return
    found = _function_at_name(claim.lhs)
    if found is None or not isinstance(claim.rhs, sp.Expr) or found[0] in {f.func.__name__ for f in
                                                                          claim.rhs.atoms(AppliedUndef)}:
        return  # ell' = ell + 1 relates values of ell: not a value to put in
    ctx.identities.append((line, found[0], claim.lhs, claim.rhs, found[1]))


def _defined_since(name: str, line: int, ctx: DocContext) -> bool:
    flat = re.sub(r"[\s{}]", "", name)
    return any(re.sub(r"[\s{}]", "", k) == flat and at > line for k, at in ctx.defined_at.items())


def at_points(claim: Any, ctx: DocContext, at: int) -> tuple[Any, str] | None:
    """The claim of line ``at`` with each value of a recorded identity's left side at a point (``\\ell''(0)``) replaced
    by its right side there, and a description; None when no recorded identity of its section applies."""
    kept = ctx.identities
    if not kept:
        return None
    used: list[str] = []

    def rewrite(e: Any) -> Any:
        if not isinstance(e, sp.Basic):
            return e
        for line, name, lhs, rhs, var in reversed(kept):
            if _defined_since(name, line, ctx) or any(line < h <= at for h in ctx.sections):
                continue  # defined again, or proved in another section (its definitions stay there)
            by_name = {s.name: s for s in e.free_symbols if isinstance(s, sp.Symbol)}

            def body(point: Any, rhs=rhs, var=var, by_name=by_name) -> Any:
                same = {s: by_name[s.name] for s in rhs.free_symbols if isinstance(s, sp.Symbol)
                        and s.name in by_name and s != var}
                return rhs.xreplace(same).xreplace({var: point})

            def hit(x: Any, lhs=lhs, var=var) -> bool:
                if isinstance(x, sp.Subs) and len(x.variables) == 1:
                    return x.expr.xreplace({x.variables[0]: var}) == lhs
                return x == lhs

            if any(hit(x) for x in sp.preorder_traversal(e)):
                e = e.replace(hit, lambda x, body=body, var=var: body(x.point[0] if isinstance(x, sp.Subs) else var))
                used.append(f"line {line}")
        return e

    new = replace(claim, lhs=rewrite(claim.lhs), rhs=rewrite(claim.rhs))
    if not used:
        return None
    return new, "the identity proved on " + ", ".join(dict.fromkeys(used)) + " at the point written"
