"""Functions defined with a parameter in the subscript: ``S_\\tau(v) = ...`` defines every member ``S_1``, ``S_{1/2}``.

A later ``S_1(3)`` is the body with ``\\tau = 1`` and ``v = 3`` (when 1 satisfies what the document assumes of
``\\tau``); it is never a product, and never an arbitrary function: where the member cannot be applied (the body
could not be read, a subscript that is not a number or a name of the claim, a value outside the parameter's
stated sign), a refutation that treats it as arbitrary is reported undecided, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import sympy as sp
from sympy.core.function import AppliedUndef

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext
    from symgd.app.audit.fdef import FunctionDef

__all__ = ["families", "member_defs", "members_from_text", "unapplied_member", "unread_function"]

_SUB = re.compile(r"(\\?[A-Za-z]+)_\{?\s*(\\?[A-Za-z]+|[A-Za-z])\s*\}?")  # S_\tau, S_{\tau}, P_t
_FLAGS = ("positive", "nonnegative", "negative", "nonpositive", "nonzero", "integer")


def _flat(text: str) -> str:
    return re.sub(r"[\s{}]", "", text)


def families(ctx: DocContext) -> dict[str, tuple[str, str, int]]:
    """The function families the document defines: base (``S``) -> (parameter as written, the defining link,
    its line), whether or not the body could be read."""
    out = {}
    for key, link in ctx.defined.items():
        m = _SUB.fullmatch(key.strip())
        lhs = link.split("=", 1)[0]
        if m is None or "(" not in lhs or not lhs.strip().startswith(key.strip()):
            continue
        out[_flat(m.group(1))] = (m.group(2), link, ctx.defined_at.get(key, 0))
    return out


def _split(name: str) -> tuple[str, str] | None:
    m = re.fullmatch(r"(\\?[A-Za-z]+)_\{(.+)\}", name)
    return (m.group(1), m.group(2)) if m else None


def _value(sub: str, symbols: set) -> sp.Expr | None:
    """The subscript of a member as a value: a number (``1``, ``1/2``, ``0.5``, ``-1``) or a name of the claim."""
    text = sub.replace(" ", "")
    if re.fullmatch(r"-?\d+(/\d+)?", text):
        return sp.Rational(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return sp.Rational(text)  # a decimal is its exact value (0.5 is 1/2), as the parser reads numbers
    by_name = {getattr(s, "name", None): s for s in symbols}
    return by_name.get(sub)


def _allowed(param: sp.Symbol, value: sp.Expr) -> bool:
    """Does ``value`` satisfy every sign the document assumes of the parameter (``\\tau > 0``)?"""
    return all(getattr(value, f"is_{f}") is True for f in _FLAGS if getattr(param, f"is_{f}") is True)


def member_defs(exprs: list, fdefs: dict[str, FunctionDef], symbols: set,
                unread: dict[str, FunctionDef] | None = None) -> dict[str, FunctionDef]:
    """Definitions of the members ``S_{1}`` that ``exprs`` apply, from a family ``S_{\\tau}`` of ``fdefs``.

    ``unread``: families as first read whose definition no longer reads with the declarations in force (the range
    of "For $c > 0$ define $K_c(v) = \\begin{cases}...$" held for its display only).  Their member is used only when
    its value satisfies the signs the parameter had then and its body is left with no name but its own arguments
    (nothing the lost assumption constrained can reach the claim)."""
    out: dict[str, FunctionDef] = {}
    by_base = {}
    for closed, defs in ((True, unread or {}), (False, fdefs)):  # a family that reads now wins
        for name, d in defs.items():
            parts = _split(name)
            if parts is None:
                continue
            param = [s for s in d.body.free_symbols if isinstance(s, sp.Symbol) and s.name == parts[1]]
            if len(param) == 1 and param[0] not in d.args:
                by_base[parts[0]] = (d, param[0], closed)
    if not by_base:
        return out
    for e in exprs:
        for app in e.atoms(AppliedUndef) if isinstance(e, sp.Basic) else ():
            name = app.func.__name__
            parts = _split(name)
            if parts is None or name in fdefs or parts[0] not in by_base:
                continue
            d, param, closed = by_base[parts[0]]
            value = _value(parts[1], symbols)
            if value is None or not _allowed(param, value):
                continue
            body = d.body.xreplace({param: value})
            if closed and not body.free_symbols <= set(d.args):
                continue
            out[name] = replace(d, name=name, body=body)
    return out


def members_from_text(exprs: list, fdefs: dict[str, FunctionDef], ctx: DocContext) -> dict[str, FunctionDef]:
    r"""Members ``S_{1}`` of a family whose definition did not read for every parameter (``S_\tau(v) =
    \begin{cases} v - \tau, & v > \tau \\ 0, & |v| \le \tau \\ ... \end{cases}``: rows that overlap for a negative
    tau, whose sign the text gave only in passing): the definition read again with the member's number written in
    for the parameter.  Exact, as the text's definition at that value; a value for which it does not read (rows that
    overlap) gives nothing."""
    from symgd.app.audit.fdef import FunctionDef
    from symgd.latex.problem import parse_problem

    fams = families(ctx)
    out: dict[str, FunctionDef] = {}
    for e in exprs:
        for app in e.atoms(AppliedUndef) if isinstance(e, sp.Basic) else ():
            name = app.func.__name__
            parts = _split(name)
            if parts is None or name in fdefs or name in out or _flat(parts[0]) not in fams:
                continue
            param, link, line = fams[_flat(parts[0])]
            value = _value(parts[1], set())
            if value is None or _flat(param).lstrip("\\") == "":
                continue
            word = (r"(?<![\\A-Za-z])" if not param.startswith("\\") else "(?<![A-Za-z])") + re.escape(param) + \
                r"(?![A-Za-z])"
            lhs, rhs = link.split("=", 1)
            lhs = lhs.rstrip(" :")
            head = re.match(r"\s*(\\?[A-Za-z]+)\s*_\s*\{?\s*" + re.escape(param) + r"\s*\}?\s*(?P<rest>\(.*)$", lhs, re.S)
            if head is None:
                continue
            text = f"{name}{head.group('rest')} = " + re.sub(word, f"({parts[1]})".replace("\\", "\\\\"), rhs)
            try:
                decl = ctx.declarations()
                decl = replace(decl, functions=(*decl.functions, name))
                c = parse_problem(text, declarations=decl, allow_unused=True).links[0][1]
            except Exception:  # does not read at this value either (rows that overlap): no member
                continue
            if not isinstance(c.lhs, AppliedUndef) or not all(a.is_Symbol for a in c.lhs.args) or \
                    c.rhs.atoms(AppliedUndef) & {c.lhs}:
                continue
            out[name] = FunctionDef(name, tuple(c.lhs.args), c.rhs, text, line)
    return out


def unapplied_member(claim: object, ctx: DocContext) -> str:
    """Why a refutation of ``claim`` (its defined functions already applied) does not stand: it applies a member
    of a function family the document defines (``S_1(3)`` after ``S_\\tau(v) = ...``) that is still unapplied.
    '' when there is none."""
    fams = families(ctx)
    if not fams:
        return ""
    for side in (getattr(claim, "lhs", None), getattr(claim, "rhs", None)):
        for app in side.atoms(AppliedUndef) if isinstance(side, sp.Basic) else ():
            parts = _split(app.func.__name__)
            if parts is None or _flat(parts[0]) not in fams:
                continue
            param, link, line = fams[_flat(parts[0])]
            return (f"a counterexample exists only if {app.func.__name__} is arbitrary, but it is a member of the "
                    f"function family defined on line {line} ({link[:50]}), which symgd could not apply here "
                    f"({parts[1]} for {param})")
    return ""


_DEFINES = re.compile(r"\s*((\\?[A-Za-z]+)(?:_\{?\s*\\?[A-Za-z0-9]+\s*\}?)?)\s*(?:\\left)?\(\s*(\\?[A-Za-z]+(?:\s*,\s*\\?[A-Za-z]+)*)"
                      r"\s*(?:\\right)?\)\s*(?:=|:=|\\coloneqq|\\triangleq|\\equiv)(?!=)")


def unread_function(latex: str, ctx: DocContext, line: int) -> str:
    """A display ``M(v) = ...`` (a function of names on the left) that could not be read at all (an unknown
    environment): M is a function from here on, defined in a form symgd cannot use, so that a later ``M(2)`` is
    never the product M * 2 nor an arbitrary function.  The note for the report ('' when it is no such display)."""
    m = _DEFINES.match(latex)
    if m is None:
        return ""
    name, base = m.group(1).replace(" ", ""), m.group(2)
    ctx.add_names("functions", [base.lstrip("\\")])
    ctx.defined[name] = latex
    ctx.defined_at[name] = line
    ctx.opaque.setdefault(_flat(name) + "(", line)
    return f"{name} is a function from here on (its definition was not read)"
