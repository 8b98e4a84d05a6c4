"""Functions a document defines by a differential equation (``\\frac{d\\theta}{dt} = -\\nabla L(\\theta)``, gradient
flow) and an initial value (``\\theta(0) = \\theta_0``), used in later claims.

* a claim ``\\theta(t) = e(t)`` (the function at its own variable) is a solution claim: ``e' = F(e)`` and
  ``e(0)`` = the initial value, both decided exactly; a smooth ``F`` has one solution (Picard-Lindelof), so a
  proved solution is then substituted for ``\\theta(\\cdot)`` in later claims about the same equation;
* any other claim has each derivative ``\\theta^{(k)}(t)`` replaced by the equation (``F``, then the chain rule)
  and ``\\theta(0)`` by the initial value before it is decided; in a claim up to ``O(u^k)``, ``\\theta(a)`` at a
  small argument (``a`` a polynomial in ``u`` vanishing at 0) becomes its Taylor polynomial of degree k - 1 at 0,
  the rest being ``O(u^k)``.

A document may state several equations for one function (a flow on L, then on a modified L_eta): each is tried,
the latest first, and a proof names the line of the one it used.  A refutation is kept only when the function
has a single equation in the document (otherwise the counterexample may use the wrong one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Rel
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput

__all__ = ["ODE", "initial_value", "ode_of", "solution_claim", "with_ode"]

_D = re.compile(r"^\s*\\frac\s*\{\s*d\s*(?P<x>\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)\s*(?:\\left)?(?:\(\s*(?P<t0>\\?[A-Za-z]+)\s*"
                r"(?:\\right)?\))?\s*\}\s*\{\s*d\s*(?P<t>\\?[A-Za-z]+)\s*\}\s*$|"
                r"^\s*\\dot\s*\{?\s*(?P<xd>\\?[A-Za-z]+)\s*\}?\s*(?:\(\s*(?P<td>\\?[A-Za-z]+)\s*\))?\s*$")
MAX_ORDER = 4  # derivatives of the function replaced through the equation


@dataclass
class ODE:
    """``name' = rhs`` in the variable ``var`` (LaTeX), stated at ``line``; the initial value and a proved
    solution when the document gives them."""

    name: str
    var: str
    rhs: str
    line: int
    initial: str = ""
    solution: str = ""  # LaTeX of the proved solution e(var)


def ode_of(chain: str, relations: list) -> tuple[str, str, str] | None:
    """(function, variable, right side) when the chain's first link is ``dX/dt = F`` (or ``\\dot X = F``)."""
    if not relations or relations[0].group(0) != "=":
        return None
    m = _D.match(chain[: relations[0].start()].replace("&", ""))
    if m is None:
        return None
    x, t = (m.group("x"), m.group("t")) if m.group("x") else (m.group("xd"), m.group("td") or "t")
    end = relations[1].start() if len(relations) > 1 else len(chain)
    return x, t, chain[relations[0].end(): end].replace("&", "").strip()


def initial_value(chain: str, name: str, relations: list) -> str:
    """The value of ``name(0) = v`` (one link), or ''."""
    if len(relations) != 1 or relations[0].group(0) != "=":
        return ""
    lhs = chain[: relations[0].start()].replace(" ", "")
    if re.fullmatch(re.escape(name.replace(" ", "")) + r"(?:\\left)?\(0(?:\\right)?\)", lhs):
        return chain[relations[0].end():].strip()
    return ""


def _rhs(ode: ODE, decl: Declarations, t: sp.Symbol, fn: sp.FunctionClass, prepare) -> sp.Expr | None:
    """``F(name(t))``: the equation's right side read with ``name`` a variable, then applied."""
    from symgd.latex.problem import parse_problem

    plain = Declarations(decl.assume, decl.vectors, decl.matrices, decl.symmetric, decl.positive_definite,
                         tuple(f for f in decl.functions if f.replace(" ", "") != ode.name.replace(" ", "")))
    at_var = re.escape(ode.name) + r"\s*(?:\\left)?\(\s*" + re.escape(ode.var) + r"\s*(?:\\right)?\)"
    rhs = re.sub(at_var, lambda _: ode.name + " ", ode.rhs)  # theta(t) in the equation is theta
    try:
        p = parse_problem(f"{rhs} = {rhs}", declarations=plain, allow_unused=True)
    except BadInput:
        return None
    f = prepare(p.links[0][1], p.context).lhs
    x = next((s for s in f.free_symbols if str(s) == fn.__name__), None)
    return f.subs(x, fn(t)) if x is not None else f  # subs: inside a derivative too (\nabla f(x) at x(t))


def _parsed(latex: str, decl: Declarations, prepare) -> sp.Expr | None:
    from symgd.latex.problem import parse_problem

    try:
        p = parse_problem(f"{latex} = {latex}", declarations=decl, allow_unused=True)
    except BadInput:
        return None
    return prepare(p.links[0][1], p.context).lhs


def with_ode(claim: Claim, ode: ODE, decl: Declarations, prepare) -> Claim | None:
    """``claim`` with the derivatives of the function replaced through ``ode``, its initial value and (when
    proved earlier) its solution; None when the claim does not use the function."""
    apps = [a for a in claim.lhs.atoms(AppliedUndef) | claim.rhs.atoms(AppliedUndef)
            if a.func.__name__.replace(" ", "") == ode.name.replace(" ", "")]
    dots = {a: len(m.group(1)) + 1 for a in claim.lhs.atoms(AppliedUndef) | claim.rhs.atoms(AppliedUndef)
            if (m := re.fullmatch(r"\\(d?)dot\{?" + re.escape(ode.name.replace(" ", "")) + r"\}?",
                                  a.func.__name__.replace(" ", ""))) and len(a.args) == 1}  # \dot x(t): x'(t)
    if not apps:
        return None
    fn = apps[0].func
    t = next((s for s in claim.free_symbols() | set().union(*(a.free_symbols for a in apps))
              if str(s) == ode.var), sp.Symbol(ode.var, real=True))
    f = _rhs(ode, decl, t, fn, prepare)
    if f is None:
        return None
    derivs = [fn(t), f]
    for _ in range(MAX_ORDER - 1):
        derivs.append(sp.diff(derivs[-1], t).subs(sp.Derivative(fn(t), t), f))

    initial = _parsed(ode.initial, decl, prepare) if ode.initial else None
    taylor = None
    if claim.rel is Rel.APPROX and claim.order[1] <= MAX_ORDER:  # type: ignore[index]
        u, k = claim.order  # type: ignore[misc]
        at0 = [derivs[0], *derivs[1:k]]
        coeffs = [c.subs(t, 0).doit() for c in at0]
        if initial is not None:
            coeffs = [c.xreplace({fn(sp.Integer(0)): initial}) for c in coeffs]

        def taylor(a: sp.Basic) -> sp.Basic | None:
            """fn(a) for a small argument (a -> 0 with u): its Taylor polynomial; the rest is O(u^k)."""
            if not (a.is_polynomial(u) and a.subs(u, 0) == 0 and u in a.free_symbols) or ode.solution:
                return None
            return sum(c * a**j / sp.factorial(j) for j, c in enumerate(coeffs))

    def replace(e: sp.Basic) -> sp.Basic:
        e = e.xreplace({a: derivs[n] for a, n in dots.items() if a.args[0] == t})
        for _ in range(2):  # before and after doit (d/dt f(x(t)): the chain rule brings x'(t) in)
            e = e.replace(lambda a: isinstance(a, sp.Derivative) and a.expr == fn(t) and len(a.variables) <= MAX_ORDER
                          and set(a.variables) == {t}, lambda a: derivs[len(a.variables)])
            e = e.doit()
        if taylor is not None:
            e = e.replace(lambda a: isinstance(a, AppliedUndef) and a.func == fn and a.args[0] != t
                          and taylor(a.args[0]) is not None, lambda a: taylor(a.args[0]))
        if ode.solution:
            sol = _parsed(ode.solution, decl, prepare)
            if sol is not None:
                e = e.replace(lambda a: isinstance(a, AppliedUndef) and a.func == fn, lambda a: sol.xreplace({t: a.args[0]}))
        if initial is not None:
            e = e.xreplace({fn(sp.Integer(0)): initial})
        return e

    lhs, rhs = replace(claim.lhs), replace(claim.rhs)
    # f'(\theta(t)) is a real number: a real name for it (used for proofs only; sympy leaves |f'(\theta(t))|^2 alone)
    atoms = {a: sp.Dummy(real=True) for a in (lhs.atoms(sp.Derivative) | rhs.atoms(sp.Derivative))
             if not all(isinstance(v, sp.Symbol) for v in a.variables)}
    return Claim(lhs.xreplace(atoms), claim.rel, rhs.xreplace(atoms), claim.order)


def solution_claim(claim: Claim, ode: ODE, decl: Declarations, prepare) -> list[Claim] | None:
    """For ``name(var) = e``: the claims ``e' = F(e)`` and (with an initial value) ``e(0) = initial``."""
    if claim.rel is not Rel.EQ or not isinstance(claim.lhs, AppliedUndef):
        return None
    fn = claim.lhs.func
    if fn.__name__.replace(" ", "") != ode.name.replace(" ", "") or len(claim.lhs.args) != 1:
        return None
    t = claim.lhs.args[0]
    if not isinstance(t, sp.Symbol) or str(t) != ode.var or claim.rhs.has(fn):
        return None
    f = _rhs(ode, decl, t, fn, prepare)
    if f is None:
        return None
    e = claim.rhs
    out = [Claim(sp.diff(e, t), Rel.EQ, f.xreplace({fn(t): e}).doit())]
    if ode.initial:
        v = _parsed(ode.initial, decl, prepare)
        if v is None:
            return None
        out.append(Claim(e.subs(t, 0), Rel.EQ, v))
    return out
