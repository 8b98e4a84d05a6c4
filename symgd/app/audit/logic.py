"""Links that are checked from another formula: a solution of an equation the text set up ("set the gradient
to zero ... solve for x: x = v", ``E = 0 \\iff x = v``), and a consequence of the formula before it
(``P \\implies Q``).

* ``x = v`` solves ``E = 0`` when ``E`` with ``v`` for ``x`` is zero (decided exactly, or refuted with a
  counterexample).  ``\\iff``, ``\\implies`` and "solve for x" also claim that there is no other solution: that
  is proved when ``E`` is affine in ``x`` with a coefficient that cannot vanish (``E = c (x - v)``, ``c != 0``);
  otherwise the link is undecided with that reason.  A vector equation whose gradient symbols depend on ``x``
  (``\\nabla f(x)``, opaque to substitution) is not checked.
* ``Q`` follows from ``P`` (``P \\implies Q``, both inequalities) when ``Q``'s left-minus-right is at most ``c``
  times ``P``'s for a ``c > 0`` (1, or the ratio that cancels one function value or symbol of both): then ``P``
  gives ``Q``.  If not, ``Q`` is decided on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Rel, is_matrix
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput

__all__ = ["Outcome", "check_implied", "check_solution", "opaque_in", "parse_lenient"]

Outcome = tuple[str, str, dict]  # verdict, method or reason, counterexample


def opaque_in(expr: sp.Basic, unknown: sp.Basic) -> list[str]:
    """Symbols of ``expr`` that stand for an expression of ``unknown`` by their name only (a vector
    ``\\nabla f(x)`` is one opaque symbol): substituting ``unknown`` does not reach them."""
    name = re.escape(str(unknown))
    return sorted(str(s) for s in expr.free_symbols if s != unknown and
                  re.search(r"\(.*(?<![A-Za-z_\\])" + name + r"(?![A-Za-z_{]).*\)", str(s)))


def parse_lenient(latex: str, decl: Declarations):
    """The claims of ``latex`` with the declarations, or with fewer of the assumptions when some do not read
    with it (a letter in another role); (parsed, whether assumptions were dropped).  BadInput if none reads."""
    from dataclasses import replace

    from symgd.latex.problem import parse_problem

    try:
        return parse_problem(latex, declarations=decl, allow_unused=True), False
    except BadInput as exc:
        first = exc
    for keep in [tuple(a for a in decl.assume if a != drop) for drop in reversed(decl.assume)] + [()]:
        try:
            return parse_problem(latex, declarations=replace(decl, assume=keep), allow_unused=True), True
        except BadInput:
            continue
        except Exception:  # a parser failure with fewer assumptions (a definition substituted into a derivative)
            continue
    raise first


def check_solution(equation: str, solution: str, decl: Declarations, prepare: Callable, timeout: float,
                   unique: bool) -> Outcome:
    """``solution`` (``x = v``) against ``equation`` (``E_1 = E_2``); ``unique``: the text also says it is
    the only solution.  ``prepare(claim, context)`` substitutes the document's definitions."""
    from symgd.decide import decide

    try:
        p, dropped = parse_lenient(f"{equation}\n{solution}", decl)
    except BadInput as exc:
        return "not checked", f"not read: {exc}", {}
    if len(p.links) != 2:
        return "not checked", "the equation or the solution is not one relation", {}
    eq, sol = p.links[0][1], p.links[1][1]
    x = sol.lhs
    if eq.rel is not Rel.EQ or sol.rel is not Rel.EQ or not isinstance(x, (sp.Symbol, sp.MatrixSymbol)):
        return "not checked", "not an equation and a name = value", {}
    if x not in eq.lhs.free_symbols | eq.rhs.free_symbols:
        return "not checked", f"{x} does not occur in the equation", {}
    blocked = opaque_in(eq.lhs - eq.rhs if not (is_matrix(eq.lhs) ^ is_matrix(eq.rhs)) else eq.lhs, x)
    if blocked:
        return "not checked", f"{', '.join(blocked)} depends on {x} in a way substitution cannot reach", {}
    inst = Claim(_at(eq.lhs, x, sol.rhs), Rel.EQ, _at(eq.rhs, x, sol.rhs))
    v = decide(prepare(inst, p.context), p.context, timeout=timeout)
    if v.refuted and dropped:
        return "undecided", f"refuted only without some of the document's assumptions (they do not read here): " \
                            f"{v.method}", dict(v.counterexample or {})
    if v.refuted:
        return "refuted", f"{x} = {sol.rhs} does not solve the equation ({v.method})", dict(v.counterexample or {})
    if not v.proved:
        return "undecided", f"whether {x} = {sol.rhs} solves the equation: {v.method}", {}
    method = f"substitution: it solves the equation ({v.method})"
    if not unique:
        return "proved", method, {}
    why = _unique(prepare(Claim(eq.lhs, Rel.EQ, eq.rhs), p.context), x, sol.rhs)
    if why.startswith("presupposed"):
        return "proved", f"{method}; the only one ({why})", {}
    if why:
        return "undecided", f"{method}, but no other solution: {why}", {}
    return "proved", method + "; the only one (affine in " + str(x) + " with a nonzero coefficient)", {}


def _at(expr: sp.Basic, x: sp.Basic, value: sp.Basic) -> sp.Basic:
    """``expr`` at ``x = value`` (a derivative in ``x`` taken first, or kept as a ``Subs``)."""
    if isinstance(x, sp.MatrixSymbol) or not isinstance(expr, sp.Basic):
        return expr.xreplace({x: value})
    return expr.doit().subs(x, value)


def _unique(eq: Claim, x: sp.Basic, solution: sp.Basic) -> str:
    """'' when ``eq`` is affine in ``x`` with a coefficient that cannot vanish; 'presupposed ...' when the
    coefficient is a matrix whose inverse the solution itself uses (it is then invertible wherever the
    solution means anything); else the reason it is not shown unique."""
    d = eq.lhs - eq.rhs if not (is_matrix(eq.lhs) ^ is_matrix(eq.rhs)) else eq.lhs
    try:
        c = sp.simplify(d.diff(x))
    except Exception:  # SymPy cannot differentiate it: not shown affine
        return "not shown affine"
    if is_matrix(c):
        scal = [a for a in (c.args if isinstance(c, sp.MatMul) else (c,)) if not is_matrix(a)]
        if not (isinstance(c, sp.MatMul) and any(isinstance(a, sp.Identity) for a in c.args)) and not isinstance(
                c, sp.Identity):
            if x not in c.free_symbols and any(isinstance(a, sp.Inverse) and a.arg in (c, c.T) for a in
                                               sp.preorder_traversal(solution)):
                return f"presupposed: the coefficient {c} is invertible, as the solution's inverse of it says"
            return f"the coefficient {c} is not a multiple of the identity"
        c = sp.Mul(*scal)
    if x in c.free_symbols:
        return f"not affine in {x} (coefficient {c})"
    if c.is_zero is not False and any(isinstance(a, sp.Pow) and a.exp.is_negative and sp.simplify(a.base - c) == 0
                                      for a in sp.preorder_traversal(solution)):
        return f"presupposed: the coefficient {c} is not zero, as the solution's division by it says"
    if c.is_zero is not False:
        return f"the coefficient {c} may vanish"
    return ""


def check_implied(premise: str, claim: str, decl: Declarations, prepare: Callable, timeout: float) -> Outcome:
    """``claim`` from ``premise`` (``P \\implies Q``): proved when lhs - rhs of Q is at most that of P (both
    turned into ``<=``/``<``); '' verdict when it is not shown that way (the caller decides Q alone)."""
    from symgd.decide import decide

    try:
        p, _ = parse_lenient(f"{premise}\n{claim}", decl)  # a proof with fewer assumptions is still a proof
    except BadInput:
        return "", "", {}
    if len(p.links) != 2:
        return "", "", {}
    pr, q = (c.normalized() for _, c in (p.links[0], p.links[1]))
    if not (pr.rel in (Rel.LE, Rel.LT) and q.rel in (Rel.LE, Rel.LT)):
        return "", "", {}
    strict = Rel.LT if q.rel is Rel.LT and pr.rel is Rel.LE else Rel.LE
    qg, pg = prepare(Claim(q.lhs - q.rhs, Rel.LE, 0), p.context).lhs, prepare(Claim(pr.lhs - pr.rhs, Rel.LE, 0),
                                                                                p.context).lhs
    for c in _multipliers(qg, pg):
        if c != 1:
            sign = decide(Claim(c, Rel.GT, 0), p.context, timeout=timeout / 4)
            if not sign.proved:
                continue
        v = decide(Claim(qg, strict, c * pg), p.context, timeout=timeout / 2)
        if v.proved:
            times = "" if c == 1 else f"{c} times "
            return "proved", (f"follows from the premise (left minus right is at most {times}the premise's: "
                              f"{v.method})"), {}
    return "", "", {}


def _multipliers(qg: sp.Basic, pg: sp.Basic) -> list[sp.Basic]:
    """1, then each ratio of the coefficients of one atom (a function value, a symbol) in the claim's gap and
    the premise's that is free of the atom: the multiplier that cancels it."""
    out: list[sp.Basic] = [sp.Integer(1)]
    atoms = sorted((qg.atoms(AppliedUndef) | qg.free_symbols) & (pg.atoms(AppliedUndef) | pg.free_symbols), key=str)
    for a in atoms[:6]:
        if is_matrix(a):
            continue
        s = sp.Dummy("s")
        try:
            cq = sp.diff(qg.xreplace({a: s}), s)
            cp = sp.diff(pg.xreplace({a: s}), s)
            if is_matrix(cq) or is_matrix(cp):
                cq, cp = (sp.Matrix(cq.as_explicit())[0, 0] if is_matrix(cq) else cq,
                          sp.Matrix(cp.as_explicit())[0, 0] if is_matrix(cp) else cp)
            c = sp.cancel(cq / cp) if cp != 0 else None  # not simplify: seconds of trigsimp, unbudgeted here
        except Exception:  # a coefficient SymPy cannot take: no multiplier from this atom
            continue
        if c is not None and s not in c.free_symbols and not c.has(a) and c not in out:
            out.append(c)  # its sign is proved before it is used
    return out[:4]
