r"""Exact evaluation of a claim whose names the text pins: definitions put in by name (each read alone, the
document's functions replaced by their bodies and differentiated first), then the numbers a section gives, and the two
sides compared exactly.  Decimals the text writes are the rationals they denote; a value that agrees only to the
digits written is undecided (rounded), never refuted.  Used by computed.py."""

from __future__ import annotations

import re

from symgd.app.audit.chain import LinkResult
from symgd.app.audit.classify import lhs_of, name_key, relations
from symgd.app.audit.context import DocContext

__all__ = ["evaluated", "is_number", "parsed", "written_number"]


def parsed(latex: str, ctx: DocContext, extra: list[str], drop: set[str] | frozenset = frozenset()):
    """``latex`` read with the document's declarations and ``extra`` assumptions, without those in ``drop`` (rules
    the caller puts in itself); None when it does not read."""
    from symgd.core.declarations import Declarations
    from symgd.latex.problem import parse_problem

    assume = tuple(a for a in ctx.assume if a not in drop) + tuple(x for x in extra if x not in ctx.assume)
    decl = Declarations(assume, tuple(ctx.vectors), tuple(ctx.matrices), tuple(ctx.symmetric),
                        tuple(ctx.positive_definite), tuple(ctx.functions))
    try:
        return parse_problem(latex, declarations=decl, allow_unused=True)
    except Exception:  # a formula the parser refuses: not a number
        return None


def is_number(link: str, ctx: DocContext) -> bool:
    """Whether ``link`` (``name = value``) gives its name a number or a vector of numbers (no name, no function)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    if not re.search(r"[^=<>]=[^=<>]", link) or len(relations(link)) != 1:
        return False
    p = parsed(link, ctx, [])
    if p is None or len(p.links) != 1:
        return False
    e = p.links[0][1].rhs
    if isinstance(e, sp.MatrixBase):
        return all(not x.free_symbols and not x.atoms(AppliedUndef) for x in e)
    return not getattr(e, "free_symbols", {1}) and not getattr(e, "is_Matrix", False) and not e.atoms(AppliedUndef)


def written_number(latex: str) -> bool:
    """A number as written: digits, fractions, roots, logarithms, pi and e, no name (``\\frac{1}{4}``, ``\\ln 2``)."""
    rest = re.sub(r"\\(?:pi|[dt]?frac|sqrt|left|right|cdot|log|ln|exp)(?![A-Za-z])|(?<![A-Za-z\\])e(?![A-Za-z])|"
                  r"[\d\s.{}()+\-*/^,\[\]]", "", latex)
    return not rest and bool(re.search(r"\d|\\pi", latex))


def _explicit(side):
    """``side`` as a number or an explicit matrix of numbers (a 1x1 matrix as its entry), or None."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    if isinstance(side, sp.MatrixBase) or getattr(side, "is_Matrix", False):
        if not isinstance(side, sp.MatrixBase) and any(  # an inner size n: as_explicit writes Sum(.., (k, 0, n - 1))
                not all(getattr(d, "is_Integer", False) or isinstance(d, int) for d in m.shape)
                for m in sp.preorder_traversal(side) if getattr(m, "is_Matrix", False) and hasattr(m, "shape")):
            return None  # entries and evaluates them in this process, with no budget (it ran for 24 min)
        try:
            side = sp.Matrix(side.as_explicit() if not isinstance(side, sp.MatrixBase) else side)
        except Exception:  # a symbolic size: not explicit
            return None
        if any(x.free_symbols or x.atoms(AppliedUndef) for x in side):
            return None
        return side[0, 0] if side.shape == (1, 1) else side
    return None if getattr(side, "free_symbols", {1}) or side.atoms(AppliedUndef) else side


def evaluated(chain: str, why: str, link: str | list[str], values: list[str], ctx: DocContext, base: dict,
               timeout: float) -> list[LinkResult] | None:
    """Each link of ``chain`` with the definitions ``link`` put in by name, each read alone with the document's
    functions replaced by their bodies (derivatives taken), and then the pinned ``values``: decided exactly when both
    sides are numbers (or vectors of numbers), else None (a name stays free: not determined).  The order matters: a
    derivative at a point (``\\ell'(w_0)`` at ``w_0 = 0``, ``f'(x_1)`` with ``x_1 = x_0 - \\eta f'(x_0)``) is taken
    before the point is put in (the parser would differentiate in a number)."""
    import sympy as sp

    from symgd.app.audit.context import substituted
    from symgd.core.claims import Claim
    from symgd.decide import decide

    given = ([link] if isinstance(link, str) and link else list(link or [])) + values
    if any(len(m.group(1)) > 14 for x in [chain, *given] for m in re.finditer(r"\d\.(\d+)", x)):
        return None  # more digits than a decimal the parser keeps exactly
    keys = {name_key(lhs_of(x).strip()) for x in given}
    drop = {v[0] for v in ctx.shiftable.values()} | {a for a in ctx.assume if len(relations(a)) == 1
                                                       and name_key(lhs_of(a).strip()) in keys}
    p = parsed(chain, ctx, [], drop)
    if p is None or not p.links:
        return None
    defs: dict[str, object] = {}
    for x in given:
        q = parsed(x, ctx, [], drop)
        if q is None or len(q.links) != 1 or not isinstance(q.links[0][1].lhs, (sp.Symbol, sp.MatrixSymbol)):
            return None  # a definition that does not read alone: not determined here
        try:
            defs[q.links[0][1].lhs.name] = substituted(q.links[0][1], q.context, ctx).rhs
        except Exception:  # a body SymPy cannot take
            return None
    out = []
    for text, claim in p.links:
        try:
            claim = substituted(claim, p.context, ctx)
            sides = []
            for side in (claim.lhs, claim.rhs):
                for _ in range(32):  # x_2 -> x_1 -> x_0 -> 1: one level per round
                    names = {x: defs[x.name] for x in side.free_symbols if getattr(x, "name", "") in defs}
                    if not names:
                        break
                    side = side.xreplace(names).doit()
                sides.append(_explicit(_exact(side.doit())))
        except Exception:  # a substitution SymPy cannot take: not determined here
            return None
        if any(x is None for x in sides) or isinstance(sides[0], sp.MatrixBase) != isinstance(sides[1], sp.MatrixBase):
            return None
        if isinstance(sides[0], sp.MatrixBase):  # vectors of numbers: entry by entry, exactly
            if sides[0].shape != sides[1].shape or claim.rel.value != "=":
                return None
            gaps = [sp.simplify(a - b) for a, b in zip(sides[0], sides[1], strict=True)]
            verdict = ("refuted" if any(g.is_zero is False for g in gaps) else
                       "proved" if all(g == 0 for g in gaps) else "undecided")
            method, cex = "entry by entry, exactly", {}
        else:
            v = decide(Claim(sides[0], claim.rel, sides[1]), p.context, timeout=timeout)
            verdict = "proved" if v.proved else "refuted" if v.refuted else "undecided"
            method, cex = v.method, dict(v.counterexample or {})
        unit = _unit(text)
        if verdict == "refuted" and unit and claim.rel.value == "=" and not isinstance(sides[0], sp.MatrixBase):
            gap = sp.simplify(abs(sides[0] - sides[1]))
            if (gap < unit) if gap.is_Rational else (sp.N(gap, 50) < sp.N(unit, 50)):  # 0.333 for 1/3: rounded
                verdict, method = "undecided", f"agrees to the {_digits(text)} decimal places written, not exactly " \
                                               f"({method})"
        written = "the decimals as written (0.1 = 1/10); " if unit else ""
        note = (f"the definitions in force give {lhs_of(chain).replace('&', '').strip()} = {sides[0]}"
                if verdict == "refuted" and text == p.links[0][0] else "")
        out.append(LinkResult(**base, link=text, kind="claim", verdict=verdict, method=f"{why}: {written}{method}",
                              counterexample=cex, note=note))
    return out


def _exact(expr):
    """``expr`` with each decimal the text wrote as the rational it denotes (0.1 as 1/10, exactly)."""
    import sympy as sp

    if not hasattr(expr, "atoms"):
        return expr
    return expr.xreplace({f: sp.Rational(str(f)) for f in expr.atoms(sp.Float)})


def _digits(text: str) -> int:
    return max((len(m.group(1)) for m in re.finditer(r"\d\.(\d+)", text)), default=0)


def _unit(text: str):
    """One unit of the last decimal place written in ``text`` (0.001 for 0.333), or 0 when it writes no decimal."""
    import sympy as sp

    n = _digits(text)
    return sp.Rational(1, 10**n) if n else 0
