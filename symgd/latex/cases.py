"""``\\begin{cases} v - \\tau & \\text{if } v > \\tau \\\\ 0 & \\text{if } |v| \\le \\tau \\\\ v + \\tau & \\text{if }
v < -\\tau \\end{cases}``: a function defined by cases, read as a SymPy ``Piecewise``.

Each row is ``value & condition``.  A condition is relations (``v > \\tau``, ``-1 \\le x < 1``, ``x \\in [0, 1]``)
joined by ``\\text{and}``, ``\\text{or}`` or a comma; the words ``if``, ``for``, ``when`` before it and punctuation after
it are dropped; ``\\text{otherwise}`` (``else``, ``o.w.``) is the last row's whole condition.

A definition that does not define is refused, never guessed: the conditions must cover every point (under the
signs of the symbols, e.g. ``\\tau > 0``) and two rows may overlap only where their values agree.  Both are decided
exactly by z3's real arithmetic (:mod:`symgd.decide.nra`); when it cannot show them the reading is refused in one
line, with a point that is not covered (or where two rows disagree) when z3 finds one.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok
from symgd.latex.vocabulary import TEXT_COMMANDS

__all__ = ["OTHERWISE", "explicit_conditions", "read_cases"]

OTHERWISE = frozenset({"otherwise", "else", "o.w.", "elsewhere", "ow"})
_LEAD = frozenset({"if", "for", "when", "whenever", "where"})
_JOIN = {"and": sp.And, "or": sp.Or}
_REL = {"<": sp.Lt, ">": sp.Gt, "=": sp.Eq, "le": sp.Le, "leq": sp.Le, "leqslant": sp.Le, "ge": sp.Ge, "geq": sp.Ge,
        "geqslant": sp.Ge, "lt": sp.Lt, "gt": sp.Gt, "ne": sp.Ne, "neq": sp.Ne}
_SECONDS = 2.0  # z3's time for each question about the cases


_ENV = re.compile(r"(\\begin\{(d?cases)\})(.*?)(\\end\{\2\})", re.S)
_WORD = re.compile(r"\s*(?:\\q?quad\s*|,\s*)*\\(?:text|textrm|mbox|mathrm)\s*\{")


def explicit_conditions(latex: str) -> str:
    """``x & x \\ge 0 \\\\ -x & x < 0`` written ``x & \\text{if } x \\ge 0 \\\\ ...``: each condition introduced by a
    word, so that a row still reads where a tool has dropped its ``&`` (the audit joins aligned columns)."""
    def rows(m: re.Match) -> str:
        out = []
        for row in re.split(r"(\\\\(?:\[[^\]]*\])?)", m.group(3)):
            if "&" in row and not row.startswith("\\\\"):
                value, cond = row.split("&", 1)
                if cond.strip() and not _WORD.match(cond):
                    row = f"{value}& \\text{{if }} {cond.lstrip()}"
            out.append(row)
        return m.group(1) + "".join(out) + m.group(4)
    return _ENV.sub(rows, latex)


def read_cases(p: Any, begin: Tok, kind: str = "cases") -> sp.Expr:
    """The Piecewise of the ``cases`` environment whose ``\\begin{cases}`` the parser ``p`` has just read (the
    environment's name consumed); BadInput when a row cannot be read or the cases do not define a function."""
    rows = _rows(p, begin, kind)
    pieces: list[tuple[Any, Any]] = []
    for k, (value, cond) in enumerate(rows):
        value = _strip_punctuation(value)
        if not value or not cond:
            raise BadInput("each row of a cases environment is 'value & condition'", begin.pos)
        v = _expression(p, value)
        if is_matrix(v) or not isinstance(v, sp.Expr):
            raise BadInput("a cases environment with vector or matrix values is not supported", value[0].pos)
        c = _condition(p, cond, last=k == len(rows) - 1)
        pieces.append((v, c))
    _check_defined(pieces, begin.pos)
    pieces[-1] = (pieces[-1][0], sp.true)  # the rows cover every point: the last one holds where no other does
    return sp.Piecewise(*pieces)


def _rows(p: Any, begin: Tok, kind: str) -> list[tuple[list[Tok], list[Tok]]]:
    rows = p.environment_rows(kind, spacing=True)
    if not rows:
        raise BadInput("an empty cases environment", begin.pos)
    out = []
    for r in rows:
        if len(r) == 1:  # the & lost (a copied formula): the condition starts at its first word, \text{if }
            r = _at_word(r[0])
        if len(r) != 2:
            raise BadInput("each row of a cases environment is 'value & condition' (one &)", begin.pos)
        out.append((r[0], r[1]))
    return out


def _at_word(toks: list[Tok]) -> list[list[Tok]]:
    """``v - \tau \text{if } v > \tau``: split before the first top-level ``\text{...}`` whose first word starts a
    condition (if, for, when, otherwise); without one the row stays whole (and is refused)."""
    depth = 0
    for k, t in enumerate(toks):
        depth += t.is_op("{", "(", "[") - t.is_op("}", ")", "]")
        if depth == 0 and k and t.kind == "cmd" and t.text in TEXT_COMMANDS:
            words = [w for w in _words(toks[k:]) if isinstance(w, str)]
            if words and (words[0] in _LEAD or words[0] in OTHERWISE):
                return [toks[:k], toks[k:]]
    return [toks]


def _strip_punctuation(toks: list[Tok]) -> list[Tok]:
    toks = list(toks)
    while toks and toks[-1].is_op(",", ".", ";"):
        toks.pop()
    while toks and toks[0].is_op(","):
        toks.pop(0)
    return toks


def _expression(p: Any, toks: list[Tok]) -> Any:
    q = p.sub(toks)
    v = q.expr()
    if q.peek() is not None:
        raise BadInput("cannot read this part of a cases row", q.peek().pos)
    return v


def _words(toks: list[Tok]) -> list[Tok | str]:
    """The condition's tokens with each ``\\text{...}`` group replaced by its words (lower case)."""
    out: list[Tok | str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "cmd" and (t.text in TEXT_COMMANDS or t.text == "mathrm") and i + 1 < len(toks) \
                and toks[i + 1].is_op("{"):
            j, depth, text = i + 2, 1, []
            while j < len(toks) and depth:
                depth += toks[j].is_op("{") - toks[j].is_op("}")
                if depth:
                    text.append((toks[j].pos, toks[j].text))
                j += 1
            joined, last = "", None
            for pos, s in text:
                joined += (" " if last is not None and pos > last else "") + s
                last = pos + len(s)
            out.extend(w.lower() for w in joined.replace(",", " , ").split())
            i = j
            continue
        out.append(t)
        i += 1
    return out


def _condition(p: Any, toks: list[Tok], last: bool) -> Any:
    items = _words(toks)
    while items and ((isinstance(items[0], str) and items[0] in _LEAD) or _is_comma(items[0])):
        items.pop(0)
    while items and (_is_comma(items[-1]) or (isinstance(items[-1], Tok) and items[-1].is_op(".", ";"))):
        items.pop()
    if items and all(isinstance(x, str) for x in items) and " ".join(items) in OTHERWISE | {"in all other cases"}:
        if not last:
            raise BadInput("\\text{otherwise} is the condition of the last row of a cases environment", toks[0].pos)
        return sp.true
    if not items:
        raise BadInput("a row of a cases environment without a condition", toks[0].pos if toks else 0)
    parts: list[list[Tok]] = [[]]
    joins: list[Any] = []
    depth = 0
    for x in items:
        if isinstance(x, str):
            if x in _JOIN:
                joins.append(_JOIN[x])
                parts.append([])
                continue
            raise BadInput(f"'{x}' in the condition of a cases row is not understood (write relations joined by "
                           "\\text{and} or \\text{or})", toks[0].pos)
        depth += x.is_op("(", "[", "{") - x.is_op(")", "]", "}")
        if depth == 0 and x.is_op(","):
            joins.append(sp.And)
            parts.append([])
            continue
        parts[-1].append(x)
    if any(not part for part in parts):
        raise BadInput("an empty condition in a cases row", toks[0].pos)
    if len(set(joins)) > 1:
        raise BadInput("'and' and 'or' mixed in one condition of a cases row: which binds first?", toks[0].pos)
    rels = [_relations(p, part) for part in parts]
    return (joins[0] if joins else sp.And)(*rels)


def _is_comma(x: Tok | str) -> bool:
    return x == "," or (isinstance(x, Tok) and x.is_op(","))


def _relations(p: Any, toks: list[Tok]) -> Any:
    """``a < b \\le c`` (a chain) or ``x \\in [a, b]`` as one SymPy condition."""
    sides: list[list[Tok]] = [[]]
    ops: list[Tok] = []
    depth, i = 0, 0
    while i < len(toks):
        t = toks[i]
        depth += t.is_op("(", "[", "{") - t.is_op(")", "]", "}")
        op = None
        if depth == 0 and (t.is_op("<", ">", "=") or (t.kind == "cmd" and t.text in _REL) or t.is_cmd("in")):
            op = t
            if t.is_op("<", ">") and i + 1 < len(toks) and toks[i + 1].is_op("="):
                op = Tok("cmd", "le" if t.text == "<" else "ge", t.pos)
                i += 1
        if op is not None:
            ops.append(op)
            sides.append([])
        else:
            sides[-1].append(t)
        i += 1
    if not ops or any(not s for s in sides):
        raise BadInput("the condition of a cases row must be a relation (x > 0, |x| \\le 1, x \\in [0, 1])",
                       toks[0].pos)
    if any(o.is_cmd("in") for o in ops):
        if len(ops) != 1:
            raise BadInput("\\in in a chain of relations in a cases row", ops[0].pos)
        return _interval(p, sides[0], sides[1], ops[0].pos)
    exprs = [_expression(p, s) for s in sides]
    for e, s in zip(exprs, sides, strict=True):
        if is_matrix(e) or not isinstance(e, sp.Expr):
            raise BadInput("a condition of a cases row compares scalars", s[0].pos)
    out = [_REL[o.text](exprs[k], exprs[k + 1]) for k, o in enumerate(ops)]
    return sp.And(*out)


def _interval(p: Any, left: list[Tok], right: list[Tok], pos: int) -> Any:
    """``x \\in [a, b)``: a <= x < b."""
    if len(right) < 5 or not right[0].is_op("[", "(") or not right[-1].is_op("]", ")"):
        raise BadInput("only an interval ([a, b], (a, b], ...) follows \\in in a cases row", pos)
    inner, depth, comma = right[1:-1], 0, None
    for k, t in enumerate(inner):
        depth += t.is_op("(", "[", "{") - t.is_op(")", "]", "}")
        if depth == 0 and t.is_op(","):
            if comma is not None:
                raise BadInput("an interval has two ends", t.pos)
            comma = k
    if comma is None or comma == 0 or comma == len(inner) - 1:
        raise BadInput("an interval has two ends", pos)
    x = _expression(p, left)
    lo, hi = _end(p, inner[:comma]), _end(p, inner[comma + 1:])
    parts = []
    if lo is not None:
        parts.append(sp.Le(lo, x) if right[0].is_op("[") else sp.Lt(lo, x))
    if hi is not None:
        parts.append(sp.Le(x, hi) if right[-1].is_op("]") else sp.Lt(x, hi))
    return sp.And(*parts)


def _end(p: Any, toks: list[Tok]) -> Any:
    """An interval's end; None for \\infty and -\\infty."""
    if [t.text for t in toks] in (["infty"], ["-", "infty"], ["+", "infty"]):
        return None
    return _expression(p, toks)


_CHECKED: dict[tuple, str] = {}  # rows -> '' (they define a function) or the refusal: a note reads one many times


def _check_defined(pieces: list[tuple[Any, Any]], pos: int) -> None:
    """BadInput unless the conditions cover every point and overlapping rows agree (decided by z3, remembered)."""
    key = tuple(pieces)
    if key not in _CHECKED:
        if len(_CHECKED) > 256:
            _CHECKED.clear()
        try:
            _decide_defined(pieces, pos)
            _CHECKED[key] = ""
        except BadInput as exc:
            _CHECKED[key] = re.sub(r" \(at position \d+\)$", "", str(exc))
    if _CHECKED[key]:
        raise BadInput(_CHECKED[key], pos)


def _decide_defined(pieces: list[tuple[Any, Any]], pos: int) -> None:
    conds = [c for _, c in pieces]
    if sp.false in conds:
        raise BadInput("a row of a cases environment whose condition never holds", pos)
    if conds[-1] is not sp.true:
        _never(sp.Not(sp.Or(*conds)), "the conditions of a cases environment cover every value{at}: add the "
               "missing case (or \\text{otherwise}), or state the signs its parameters need", pos)
    explicit = [(v, c) for v, c in pieces if c is not sp.true]
    for i in range(len(explicit)):
        for j in range(i + 1, len(explicit)):
            (vi, ci), (vj, cj) = explicit[i], explicit[j]
            if sp.simplify(vi - vj) == 0 or sp.And(ci, cj) is sp.false:
                continue
            _never(sp.And(ci, cj, sp.Ne(vi, vj)), f"rows {i + 1} and {j + 1} of a cases environment agree where both "
                   "hold{at}: make the conditions disjoint, or state the signs its parameters need", pos)


def _never(condition: Any, message: str, pos: int) -> None:
    """Return when z3 shows ``condition`` unsatisfiable over the reals (under the symbols' signs); else BadInput
    with ``message`` negated, and the point z3 found (re-checked exactly by SymPy) in place of ``{at}``."""
    import z3

    from symgd.decide import nra

    what = message.split("{at}")[0]
    try:
        tr = nra._Translation(z3)  # the claim translator of the z3 method, used for one condition
        formula = tr.boolean(condition)
    except nra.Refused:
        raise BadInput(f"symgd cannot show that {what} (the conditions are not real arithmetic)", pos) from None
    if tr.domain or tr.real_domain:  # a root or a denominator: defined only on part of the line
        raise BadInput(f"symgd cannot show that {what} (roots or denominators in the cases)", pos)
    solver = z3.SolverFor("QF_NRA")
    solver.set("timeout", int(1000 * _SECONDS))
    solver.add(*tr.premises, formula)
    verdict = solver.check()
    if verdict == z3.unsat:
        return
    point = {}
    if verdict == z3.sat:
        model = solver.model()
        for sym, var in tr.vars.items():
            value = model.eval(var, model_completion=True)
            if isinstance(value, z3.RatNumRef):
                point[sym] = sp.Rational(value.numerator_as_long(), value.denominator_as_long())
    if point and len(point) == len(tr.vars) and condition.subs(point) is sp.true:  # re-checked in exact arithmetic
        at = " (at " + ", ".join(f"{k} = {v}" for k, v in sorted(point.items(), key=lambda kv: str(kv[0]))) + ")"
        wrong = message.replace(" cover every", " do not cover every").replace(" agree where", " disagree where")
        raise BadInput(wrong.replace("{at}", at), pos)
    raise BadInput(f"symgd cannot show that {what}", pos)
