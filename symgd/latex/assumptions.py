"""Assumptions of a claim, in LaTeX: declarations (``x \\in \\mathbb{R}^d``, ``t \\in \\mathbb{N}``), signs of
one name (``\\eta > 0``: an assumption of the symbol), definitions (``\\eta = 1/L``: substituted) and any
other relation (a hypothesis of the :class:`symgd.core.claims.Context`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.decide.iterates import has_iterates
from symgd.latex.blocks import split_claims
from symgd.latex.notation import Notation, Side, split_relations
from symgd.latex.shapes import as_scalar
from symgd.latex.vector_functions import define_vector_function

__all__ = ["Link", "assumption_links", "declare", "definite_matrices", "hypotheses", "in_words", "substitute", "top_level_commas"]

Link = tuple[Side, str, Side]  # lhs, relation ("=", "<=", "in", "!=", ...), rhs
_REL_OF_FLAG = {"positive": sp.Gt, "nonnegative": sp.Ge, "negative": sp.Lt, "nonpositive": sp.Le, "nonzero": sp.Ne}


_WORDS = re.compile(r"\s*(?P<names>[^<>=]+?)\s+(?:is\s+|are\s+)?(?:an?\s+)?"
                    r"(?P<word>integers?|natural|real|positive|nonnegative|non-negative|negative|nonpositive)"
                    r"(?:\s+numbers?)?\s*")
_SETS = {"integer": r"\in \mathbb{Z}", "integers": r"\in \mathbb{Z}", "natural": r"\in \mathbb{N}",
         "real": r"\in \mathbb{R}"}
_SIGNS = {"positive": "> 0", "nonnegative": r"\ge 0", "non-negative": r"\ge 0", "negative": "< 0",
          "nonpositive": r"\le 0"}
_DEFINITE = re.compile(r"\s*(?P<name>.+?)\s*\\(?P<rel>succ|succeq|prec|preceq)\s*0\s*")


def in_words(text: str) -> list[str]:
    """``t integer``, ``t is a natural number``, ``a, b positive``: the same assumptions in LaTeX."""
    m = _WORDS.fullmatch(text)
    if m is None:
        return [text]
    names, word = m.group("names"), m.group("word")
    if word in _SETS:
        return [f"{names} {_SETS[word]}"]
    return [f"{name} {_SIGNS[word]}" for name in names.split(",")]


_REL = re.compile(r"(?<!\\)[<>=]|\\(le|ge|leq|geq|lt|gt|ne|neq|in|succ|succeq)(?![A-Za-z])")
_INTERVAL = re.compile(r"\s*(?P<name>.+?)\s*\\in\s*(?:\\left)?(?P<open>[\[(])(?P<a>[^,]+),(?P<b>[^,]+?)"
                       r"(?:\\right)?(?P<close>[\])])\s*")


def top_level_commas(text: str) -> list[str]:
    """``text`` split at the commas outside brackets and ``\\langle \\rangle`` (``a, f(b, c)`` -> ``a``, `` f(b, c)``)."""
    parts, depth, cur = [], 0, ""
    for k, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        depth += text.startswith("\\langle", k) - text.startswith("\\rangle", k)  # \langle x, y \rangle = 0
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    return [*parts, cur]


def _pieces(text: str) -> list[str]:
    """One assumption string as separate assumptions: ``T \\in \\mathbb{N}, T \\ge 1`` (a comma between
    relations), ``a, b, c \\ge 0`` (each name), ``\\theta \\in [0, 1]`` (an interval: two bounds)."""
    if (m := _INTERVAL.fullmatch(text)) is not None:
        lo = "<" if m.group("open") == "(" else "\\le"
        hi = "<" if m.group("close") == ")" else "\\le"
        return [f"{m.group('a').strip()} {lo} {m.group('name')} {hi} {m.group('b').strip()}"]
    parts = top_level_commas(text)
    if len(parts) > 1 and all(_REL.search(p) for p in parts):
        return [q for p in parts for q in _pieces(p.strip())]
    if len(parts) > 1 and not any(_REL.search(p) for p in parts[:-1]):
        last = _REL.search(parts[-1])
        if last is not None and last.group(1) not in ("in",) and "," not in parts[-1][last.end():]:
            tail = parts[-1][last.start():]
            return [f"{name.strip()} {tail}" for name in [*parts[:-1], parts[-1][:last.start()]]]
    return [text]


def definite_matrices(assume: Iterable[str]) -> tuple[list[str], list[str]]:
    """``A \\succ 0``: A is symmetric positive definite (the names, and the other assumptions).  Semidefinite
    (``\\succeq``) and negative definite matrices are refused: no proof method models them."""
    rest, names = [], []
    for a in assume:
        m = _DEFINITE.fullmatch(a) if isinstance(a, str) else None
        if m is None:
            rest.append(a)
        elif m.group("rel") == "succ":
            names.append(m.group("name"))
        else:
            raise BadInput(f"{a.strip()}: only positive definite matrices (A \\succ 0) are understood")
    return rest, names


def assumption_links(assume: Iterable[str]) -> list[Link]:
    """Every link of every assumption (``0 < \\beta < 1`` is two links)."""
    links = []
    for a in assume:
        if not isinstance(a, str):
            raise BadInput(f"an assumption must be LaTeX text, got {type(a).__name__}")
        a = _BOLD_ZERO.sub(r"\1 0", a)  # x \ne \mathbf{0}: the zero vector, as x \ne 0 of a vector x says
        if len(re.findall(r"\\perp(?![A-Za-z])", a)) > 1:
            raise BadInput(f"{a.strip()}: write each orthogonal pair as its own assumption (x \\perp y)")
        if (m := _PERP.fullmatch(a)) is not None:  # x \perp y: orthogonal, the inner product is 0
            a = f"\\langle {m.group(1)}, {m.group(2)} \\rangle = 0"
        for part in (w for line in split_claims(a) for piece in _pieces(line) for w in in_words(piece)):
            sides, rels = split_relations(part)
            if not rels:
                raise BadInput(f"an assumption must be a relation: {part!r}")
            links.extend((sides[i], rels[i].rel, sides[i + 1]) for i in range(len(rels)))
    return links


def declare(links: list[Link], nt: Notation) -> list[Link]:
    """Record memberships and signs of one name in ``nt`` (they decide what the symbols are, so they come
    first); the links left are hypotheses or definitions."""
    rest = []
    for lhs, rel, rhs in links:
        if rel == "in":
            _membership(lhs, rhs, nt)
        else:
            rest.append((lhs, rel, rhs))
    hyps: list[Link] = []
    for lhs, rel, rhs in rest:
        flag = _flag_of(lhs, rel, rhs, nt)
        if flag is not None:
            nt.flags.setdefault(flag[0], {})[flag[1]] = True
        else:
            hyps.append((lhs, rel, rhs))
    for name, flags in nt.flags.items():
        try:
            sp.Symbol(name, real=True, **flags)
        except Exception:  # sympy's InconsistentAssumptions
            raise BadInput(f"contradictory assumptions on {name}: {', '.join(sorted(flags))}") from None
    return hyps


def hypotheses(links: list[Link], nt: Notation) -> tuple[list, dict]:
    """The hypotheses (SymPy relations) and the definitions ``{name: expr}`` of the remaining links."""
    subs: dict = {}
    out: list = []
    for lhs, rel, rhs in links:
        a, b = nt.expression(lhs), nt.expression(rhs)
        if rel == "=" and isinstance(a, sp.MatrixSymbol) and a.shape[1] == 1 and a.shape[0] != 1 and not is_matrix(b) and (
                points := _gradient_points(rhs.text)):  # v = \nabla f_i(x) - \nabla f_i(\tilde x) with v a vector: a
            nt.inferred_vectors.update(nt.base(x) for x in points)  # gradient has the shape of its point
            b = nt.expression(rhs)
        elif rel == "=" and isinstance(a, sp.Symbol) and is_matrix(b) and b.shape[1] == 1 and b.shape[0] != 1 and (
                _gradient_points(rhs.text)) and nt.name_of(lhs.toks) == a.name:  # \xi = \nabla f_i(x) - ... at vectors
            nt.inferred_vectors.add(nt.base(a.name))
            a = nt.expression(lhs)
        if rel == "=" and a == b and not isinstance(a, sp.Symbol):  # w_{t+1} = R u_{t+1} under w_t = R u_t: nothing
            continue
        if rel == "=" and isinstance(a, sp.MatrixSymbol) and is_matrix(b) and a.shape == b.shape != (1, 1):
            if b == a.T:  # A = A^T: A is symmetric
                nt.symmetric.add(nt.base(a.name))
            elif a in b.atoms(sp.MatrixSymbol):
                raise BadInput(f"an equality assumption must define a name: {lhs.text} = ...", lhs.pos)
            else:  # x^* = A^{-1} b: a vector or matrix defined, substituted
                subs[a] = b
            continue
        if rel == "!=":
            h = _nonzero(a, b, lhs, rhs)
            if h is not sp.true:
                out.append(h)
            continue
        if rel == "=" and is_matrix(b) and (b.shape != (1, 1) or not isinstance(a, sp.Symbol)) and define_vector_function(
                nt, a, b):  # r(\lambda) = c - A^T \lambda, D(x, y) = ...: symgd.latex.vector_functions
            continue
        if any(is_matrix(x) and x.shape != (1, 1) for x in (a, b)):
            raise BadInput(f"assumptions relate scalars: {lhs.text} {rel} {rhs.text}", lhs.pos)
        a, b = as_scalar(a, "an assumption", lhs.pos), as_scalar(b, "an assumption", rhs.pos)
        if has_iterates(a, b) and not (rel == "=" and isinstance(a, sp.Symbol) and a not in b.free_symbols):
            raise BadInput("a sum, minimum or maximum over iterates is read in an assumption only as a name's "
                           "definition (S = \\sum_{k=0}^{K-1} a_k)", lhs.pos)  # symgd.decide.iterates
        if rel == "=" and a is sp.E and lhs.text.strip() == "e":  # read, e = x - y constrained x and y
            raise BadInput("e is Euler's number: give the quantity defined as e = ... another name (\\varepsilon, "
                           "e_0)", lhs.pos)
        if rel == "=":
            if define_vector_function(nt, a, b):  # g(u) = f(Ru): g defined for every u (symgd.latex.vector_functions)
                continue
            if not isinstance(a, sp.Symbol) or a in b.free_symbols:  # x^T y = 0, \|x\| = 1, a + b = 1: a hypothesis
                out.append(sp.Eq(a, b))
                continue
            subs[a] = b
            for flag, value in nt.flags.get(a.name, {}).items():  # a defined name keeps its sign assumption
                if flag not in _REL_OF_FLAG:
                    raise BadInput(f"{a.name} is both defined and declared {flag}", lhs.pos)
                if value:
                    out.append(_REL_OF_FLAG[flag](b, 0))
            continue
        out.append({"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[rel](a, b))
    return out, subs


def _nonzero(a: Any, b: Any, lhs: Side, rhs: Side) -> Any:
    """``a \\ne b`` as a strict inequality the engine samples and decides: ``tr(d^T d) > 0`` for vectors and
    matrices (some entry of d = a - b is nonzero; ``x \\ne 0`` of a vector x is ``x^T x > 0``), ``d^2 > 0`` for
    scalars (``1 + v^T u \\ne 0``)."""
    text = f"{lhs.text} \\ne {rhs.text}"
    if is_matrix(a) and a.shape != (1, 1) and not is_matrix(b) and b == 0:
        b = sp.ZeroMatrix(*a.shape)
    elif is_matrix(b) and b.shape != (1, 1) and not is_matrix(a) and a == 0:
        a = sp.ZeroMatrix(*b.shape)
    if is_matrix(a) and is_matrix(b) and a.shape == b.shape and a.shape != (1, 1):
        d = a - b
        h = sp.Gt(sp.Trace(d.T * d), 0)
    elif any(is_matrix(x) and x.shape != (1, 1) for x in (a, b)):
        raise BadInput(f"assumptions relate scalars or objects of one shape: {text}", lhs.pos)
    else:
        d = as_scalar(a, "an assumption", lhs.pos) - as_scalar(b, "an assumption", rhs.pos)
        h = sp.Gt(d**2, 0)
    if h is sp.false:
        raise BadInput(f"a contradictory assumption: {text}", lhs.pos)
    return h


_POINT = r"(?:\\(?:tilde|bar|hat)\s*\{?\s*[A-Za-z]\s*\}?|\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?(?:\^\{?(?:\*|\\star)\}?)?"
_GRADIENT_AT = re.compile(r"\\nabla\s*(?:_\{?[^{}()]*\}?\s*)?(?:\\mathcal\{[A-Za-z]\}|\\?[A-Za-z]+)(?:_\{?[^{}()]*\}?)?"
                          r"\s*(?:\\left)?\(\s*(?P<point>" + _POINT + r")\s*(?:\\right)?\)")


def _gradient_points(text: str) -> list[str]:
    """The points of ``text`` when it is a sum of gradients at names with number coefficients (``\\nabla f_i(x) -
    \\nabla f_i(\\tilde x) + \\nabla F(\\tilde x)``), else []: equated to a vector, each point is a vector."""
    rest = re.sub(r"\\(?:[dt]?frac|cdot|left|right|[,;!])(?![A-Za-z])|[\d\s+\-(){}/.]", "", _GRADIENT_AT.sub(" ", text))
    return [] if rest else [m.group("point") for m in _GRADIENT_AT.finditer(text)]


_PERP = re.compile(r"\s*([^,]+?)\s*\\perp(?![A-Za-z])\s*([^,]+?)\s*")  # x \perp y (one pair, no commas)
_BOLD_ZERO = re.compile(r"(\\neq?(?![A-Za-z])|!=)\s*\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*0\s*\}|0)")


def substitute(expr: Any, subs: dict) -> Any:
    """Apply definitions ``name = expr`` until none is left (a cycle is refused)."""
    bound = {v for e in expr.atoms(sp.Integral, sp.Sum, sp.Product) for v in e.bound_symbols} if subs else set()
    bound |= {v for e in expr.atoms(sp.Derivative) for v in e.variables} if subs else set()
    clash = sorted(str(k) for k in subs if k in bound)
    if clash:  # xreplace would replace the variable of integration too (Invalid limits ((1/L, 0, 1),))
        raise BadInput(f"{clash[0]} is defined by an assumption and is also a variable of integration, summation or "
                       "differentiation in the claim: rename one")
    if subs and _cycle(expr, subs):  # p = r + q, r = s - p: found before the terms double on every round
        raise BadInput("the equality assumptions define names in a cycle")
    for _ in range(len(subs) + 1):
        new = _at_points(expr, subs).xreplace(subs) if subs else expr
        if new == expr:
            return new
        expr = new
    raise BadInput("the equality assumptions define names in a cycle")


def _at_points(expr: Any, subs: dict) -> Any:
    """``f'(x_0)`` that a definition brought in (``x_1 = x_0 - \\eta f'(x_0)``) while ``x_0`` has a value: the
    derivative taken at the point (``Subs``), so that the value replaces the point, not the variable."""
    reps = {}
    for e in expr.atoms(sp.Derivative):
        vs = [v for v in e.variables if v in subs]
        if vs:
            fresh = {v: sp.Dummy(v.name) for v in vs}
            reps[e] = sp.Subs(e.xreplace(fresh), tuple(fresh.values()), tuple(vs))
    return expr.xreplace(reps) if reps else expr


def _cycle(expr: Any, subs: dict) -> bool:
    """Whether a definition reachable from ``expr`` leads back to itself through the others."""
    def uses(e: Any) -> set:
        return {n for n in sp.preorder_traversal(e) if n in subs} if isinstance(e, sp.Basic) else set()

    edges = {k: uses(v) for k, v in subs.items()}
    state: dict = {}  # 1: on the path, 2: done

    def visit(k: Any) -> bool:
        state[k] = 1
        for j in edges.get(k, ()):
            if state.get(j) == 1 or (j not in state and visit(j)):
                return True
        state[k] = 2
        return False

    return any(k not in state and visit(k) for k in uses(expr))


def _membership(lhs: Side, rhs: Side, nt: Notation) -> None:
    """``x, y \\in \\mathbb{R}^d`` and friends: declarations, not hypotheses."""
    text = "".join(t.text for t in rhs.toks)
    names = nt.names_of(lhs.toks)
    space = re.fullmatch(r"mathbb\{([RNZ])\}(.*)", text)
    if space is None:
        raise BadInput(f"unknown set in an assumption: {rhs.text!r}", rhs.pos)
    kind, rest = space.groups()
    flags: dict[str, bool] = {}
    if kind == "N":
        flags = {"integer": True, "nonnegative": True}
    elif kind == "Z":
        flags = {"integer": True}
    elif rest in ("^{+}", "^+", "_{+}", "_+", "_{>0}", "^{>0}"):
        flags = {"positive": True}
    elif rest in ("_{\\ge0}", "_{\\geq0}", "_{>=0}", "^{\\ge0}"):
        flags = {"nonnegative": True}
    elif rest:
        m = re.fullmatch(r"\^\{?([a-zA-Z])\}?|\^\{([a-zA-Z])(\\?times)(\2)\}", rest)
        if m is None:
            raise BadInput(f"unknown set in an assumption: {rhs.text!r}", rhs.pos)
        for name in names:
            (nt.vectors if m.group(1) else nt.matrices).add(nt.base(name))
        return
    for name in names:
        nt.flags.setdefault(name, {}).update(flags)



def _flag_of(lhs: Side, rel: str, rhs: Side, nt: Notation) -> tuple[str, str] | None:
    """``\\eta > 0`` / ``0 < \\eta``: (name, flag) when the link is a sign condition on one name."""
    flip = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "!=": "!="}
    is_zero = [len(s.toks) == 1 and s.toks[0].kind == "num" and float(s.toks[0].text) == 0 for s in (lhs, rhs)]
    if rel not in flip or is_zero[0] == is_zero[1]:
        return None
    side, r = (lhs, rel) if is_zero[1] else (rhs, flip[rel])
    name = nt.name_of(side.toks)
    if name is None or nt.kind(name) != "scalar" or nt.is_function(name):
        return None
    flag = {">": "positive", ">=": "nonnegative", "<": "negative", "<=": "nonpositive", "!=": "nonzero"}[r]
    return name, flag
