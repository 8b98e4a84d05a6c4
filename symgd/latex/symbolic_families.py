"""Families summed to a symbolic bound: in ``\\sum_{i=1}^{t} \\beta^{t-i} g_i^2`` the name g_i is the member i of
the family g, read as the value ``g(i)`` of an undefined function of the index.

Reading g_i as one symbol (unrelated to g_1, g_2, ...) refuted true unrolled recursions; writing the sum out needs
numeric bounds.  So when a claim sums a scalar family to a symbolic bound (:func:`mark_families`, before parsing),
every member of that family in the whole claim and its assumptions is the function's value at its index: ``g_t``
is ``g(t)``, ``g_{t-1}`` is ``g(t - 1)``, ``g_1`` is ``g(1)`` (:func:`member`), so a member written outside the sum
is the same object as the term inside it.  The family is an arbitrary function of the index: refutation replaces it
by random polynomials (particular families, so a counterexample is genuine).  A family of vectors, a family whose
letter is also applied as a function (``g(x)`` next to ``g_i``) and subscripts that are not index expressions
(``g_{\\max}`` stays a name of its own) are not read this way.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok, tokenize

if TYPE_CHECKING:
    from symgd.latex.notation import Notation

__all__ = ["for_every_member", "mark_families", "member"]

_INDEX_EXPRESSION = re.compile(r"[A-Za-z0-9+\- ]+")


def _group(toks: list[Tok], k: int) -> tuple[list[Tok], int] | None:
    """The tokens of the group or single token at k, and the index after it."""
    if k >= len(toks):
        return None
    if not toks[k].is_op("{"):
        return [toks[k]], k + 1
    depth = 0
    for j in range(k, len(toks)):
        depth += toks[j].is_op("{") - toks[j].is_op("}")
        if depth == 0:
            return toks[k + 1 : j], j + 1
    return None


def _symbolic_sum_indices(toks: list[Tok]) -> list[tuple[str, int]]:
    """(index letter, position after the range) of each ``\\sum_{i=a}^{b}`` with a bound that is not a number, and of
    ``\\sum_{i \\ge a}`` (to infinity)."""
    out = []
    for k, t in enumerate(toks):
        if not (t.is_cmd("sum", "prod") and k + 1 < len(toks) and toks[k + 1].is_op("_")):
            continue
        got = _group(toks, k + 2)
        if got is None:
            continue
        inner, after = got
        if len(inner) < 3 or inner[0].kind != "letter":
            continue
        if inner[1].is_cmd("ge", "geq"):
            out.append((inner[0].text, after))
            continue
        if not inner[1].is_op("=") or after >= len(toks) or not toks[after].is_op("^"):
            continue
        upper = _group(toks, after + 1)
        if upper is None:
            continue
        bounds = [*inner[2:], *upper[0]]
        if not all(x.kind == "num" or x.is_op("+", "-") for x in bounds):
            out.append((inner[0].text, upper[1]))
    return out


def mark_families(nt: Notation, toks: list[Tok]) -> None:
    """Record in ``nt.function_families`` the scalar families this side sums to a symbolic bound."""
    toks = list(toks)
    for letter, start in _symbolic_sum_indices(toks):
        for k in range(start, len(toks) - 2):
            t = toks[k]
            named = t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha() and len(t.text) > 1)
            if not named or not toks[k + 1].is_op("_") or (k > 0 and toks[k - 1].is_op("_", "^")):
                continue
            sub = _group(toks, k + 2)
            if sub is None or not any(x.kind == "letter" and x.text == letter for x in sub[0]):
                continue
            base = t.text if t.kind == "letter" else "\\" + t.text
            if nt.kind(base) == "scalar" and not nt.is_function(base) and not _points(toks, t.text):
                nt.function_families.add(base)


def _points(toks: list[Tok], base: str) -> bool:
    """Whether a member of the family is the argument of a function (``f(x_k)``, ``\\nabla f(x_{k+1})``): a family of
    points, whose members keep their names (a sum over them is read by :mod:`symgd.decide.iterates`)."""
    sizes = ("left", "bigl", "Bigl", "big", "Big")
    for k in range(2, len(toks) - 1):
        if not (toks[k].text == base and toks[k + 1].is_op("_") and toks[k - 1].is_op("(")):
            continue
        f = k - 3 if toks[k - 2].is_cmd(*sizes) and k >= 3 else k - 2
        if toks[f].kind == "letter" or (toks[f].kind == "cmd" and toks[f].text.isalpha() and toks[f].text not in sizes):
            return True
    return False


def member(nt: Notation, name: str) -> Any:
    """``g_{t-1}`` of a family read as a function of its index: ``g(t - 1)``; None for any other name."""
    m = re.fullmatch(r"(\\?[A-Za-z]+)_\{(.+)\}", name)
    if m is None or m.group(1) not in nt.function_families or not _INDEX_EXPRESSION.fullmatch(m.group(2)):
        return None
    if nt.is_function(m.group(1)):
        raise BadInput(f"{m.group(1)} is both a function and a family summed to a symbolic bound: rename one")
    if any(nt.base(flagged) == nt.base(m.group(1)) for flagged in nt.flags):  # g_i \ge 0: a sign of one symbol
        raise BadInput(f"a sign or set assumption on a member of {m.group(1)} next to a sum over the family "
                       f"{m.group(1)} to a symbolic bound is not understood (an assumption is read for every member "
                       f"only as an equality in the sum's index letter, \\mathbb{{E}}[{m.group(1)}_i^2] = \\sigma^2)")
    from symgd.latex.parser import Parser  # the parser reads names through the notation: imported when used

    p = Parser(tokenize(m.group(2)), nt)
    index = p.expr()
    if p.peek() is not None or not isinstance(index, sp.Expr):
        return None
    return sp.Function(m.group(1), real=True)(index)


def for_every_member(links: list, hyps: list, families: set[str]) -> tuple[list, list]:
    """Assumptions about a member at a symbolic index of a family summed to a symbolic bound.  ``E[g_i^2] =
    \\sigma^2`` with i no free name of the claim (the sum's index letter) holds for every member: each matching
    expression of the claim, at any index, is replaced by its value and the assumption is dropped (a sampled i
    would constrain one member only, and refute true claims).  Any other such assumption (``g_i \\ge 0``,
    ``g_t = 1`` with t free in the claim: this member, or every one?) is refused."""
    if not families:
        return links, hyps
    claim_free = {s for _, c in links for e in (c.lhs, c.rhs) if isinstance(e, sp.Basic) for s in e.free_symbols}
    kept = []
    for h in hyps:
        members = [a for a in sp.sympify(h).atoms(AppliedUndef) if type(a).__name__ in families]
        index_syms = {s for a in members for s in a.free_symbols}
        if not index_syms:
            kept.append(h)
            continue
        quantified = {s for s in index_syms if s not in claim_free}
        sides = (h.lhs, h.rhs) if isinstance(h, sp.Eq) else ()
        with_q = [side for side in sides if side.free_symbols & quantified]
        if quantified != index_syms or len(with_q) != 1:
            name = type(members[0]).__name__
            raise BadInput(f"an assumption on {name} at a symbolic index next to a sum over the family {name} is "
                           f"read for every member only as an equality in the sum's index letter "
                           f"(\\mathbb{{E}}[{name}_i^2] = \\sigma^2); write such one, or one for a numbered member")
        wild = {s: sp.Wild(f"w_{k}") for k, s in enumerate(sorted(quantified, key=lambda s: s.name))}
        pattern = with_q[0].xreplace(wild)
        value = (h.rhs if with_q[0] is h.lhs else h.lhs).xreplace(wild)
        links = [(text, replace(c, lhs=_rewrite(c.lhs, pattern, value), rhs=_rewrite(c.rhs, pattern, value)))
                 for text, c in links]
    return links, kept


def _rewrite(e: Any, pattern: Any, value: Any) -> Any:
    return e.replace(pattern, value) if isinstance(e, sp.Basic) else e
