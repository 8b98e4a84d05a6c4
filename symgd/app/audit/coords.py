r"""Worked examples in coordinates: ``f(x) = 2(x_1 - 3)^2 + \tfrac12(x_2 + 1)^2`` defines f on 2-vectors x with
coordinates x_1, x_2; ``x_0 = (0, 1)`` gives the point x_0 a vector value in its section; then ``\nabla f(x_0) =
(-12, 2)``, ``x_0 - \tfrac14\nabla f(x_0) = (3, \tfrac12)``, ``f(x^{(1)}) = \tfrac92`` and ``\|x^{(1)}\|^2 =
\tfrac{37}{4}`` are evaluated exactly (the gradient is the vector of partial derivatives) and a wrong coordinate is
refuted with the exact values.  Before, x stayed a scalar and x_1 a free number: such claims were refused or refuted.

A function counts as defined in coordinates when its definition ``f(x) = ...`` uses names ``x_1, ..., x_n``
(n >= 2) of its argument's letter and never x itself.  When the text also uses some x_k (k <= n) as a point (given
a vector, ``f(x_1)``, ``\|x_1\|``, ``x_1 = x_0 - ...``), x_1 is both the first coordinate and the first iterate:
every formula that applies f or uses that point is refused in one line, never guessed.  Each value or claim is
rewritten into a formula of numbers (SymPy's own LaTeX of the values, in pmatrix columns) and read by the parser.

Also read: ``f(x_1, x_2) = ...`` (the same function of x), ``f(1, 2)`` (f at the point (1, 2)), ``\nabla^2 f(x_0)``
(the Hessian: Newton's step), a point with names in it (``x_0 = (a, 1)``), and ``y`` beside its coordinates
``y_1, y_2`` in one formula (``\langle \nabla f(x^\star), y - x^\star \rangle = 8(1 - y_1) + y_2``).  Verdicts: an
equation whose sides agree as formulas is proved; one whose sides differ by a nonzero constant is refuted (with the
exact values); anything else is undecided.  Not taken: ``f(x) \ge 0`` with f at its own argument and no gradient
(the usual reading, x_1 and x_2 independent numbers, is right), a body the audit dropped (a general section), a
function defined twice, ``f'(x)``, a gradient of a function with |.|, max or cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.chain import LinkResult
from symgd.app.audit.classify import clean, relations
from symgd.app.audit.computed import sets
from symgd.app.audit.evaluation import written_number
from symgd.core.declarations import Declarations

__all__ = ["Coords", "links", "read"]

_NAME = r"(?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_\\?[A-Za-z0-9])?(?:\^\{[^{}]*\}|\^\\[A-Za-z]+|\^[*+\w])?"
_DEF = re.compile(r"\s*(\\?[A-Za-z]+)\s*(?:\\left|\\bigl|\\big|\\Bigl)?\(\s*((?:\\[A-Za-z]+|[A-Za-z])(?:_\{?1\}?(?:\s*,\s*(?:\\[A-Za-z]+|[A-Za-z])_\{?\d\}?)+)?)\s*(?:\\right|\\bigr|\\big|"
                  r"\\Bigr)?\)\s*(?::=|=|\\coloneqq|\\triangleq)(.+)$", re.S)
_OPEN = r"\s*(?:\\left|\\bigl|\\big|\\Bigl|\\biggl)?\s*\("
_ROUGH = (sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.Heaviside)


@dataclass
class CoordFn:
    name: str  # as written (``f``, ``\phi``)
    arg: str  # the argument's letter
    coords: tuple[sp.Symbol, ...]  # x_{1}, ..., x_{n} as the parser names them
    body: sp.Expr
    line: int


@dataclass
class Coords:
    functions: dict[str, CoordFn] = field(default_factory=dict)
    clashes: dict[str, str] = field(default_factory=dict)  # point name (x_1) -> the one-line refusal
    values: dict[str, tuple[int, sp.Matrix]] = field(default_factory=dict)  # name -> (section start, value)
    texts: list[tuple[int, str]] = field(default_factory=list)  # (line, formula) of the whole document
    scalars: dict[str, str] = field(default_factory=dict)  # name -> the number the section gives it (LaTeX)


def _parse(latex: str, functions: tuple[str, ...] = ()):
    from symgd.latex.problem import parse_problem

    try:  # the defined name is a function (h(x) = ..., not h times x), whatever its letter
        return parse_problem(latex, declarations=Declarations(functions=functions), allow_unused=True)
    except Exception:  # a formula the parser refuses: not ours to decide
        return None


def read(displays: list, ctx) -> None:
    """The document's functions defined in coordinates and the points whose names clash with a coordinate; kept
    on ``ctx.coords`` (None when the document has no such function and no tuple value)."""
    from symgd.latex.blocks import split_claims

    state = Coords()
    texts, lines = [], {}
    for d in displays:
        try:
            chains = split_claims(clean(d.latex))
        except Exception:
            continue
        texts += [(d.line, ch) for ch in chains]
        for ch in chains:
            m = _DEF.match(ch)
            if m is not None:
                lines.setdefault(m.group(1), set()).add(d.line)
            if m is None or m.group(1) in state.functions:
                continue
            first = ch[: m.end(2)] + ch[m.end(2): (relations(ch)[1].start() if len(relations(ch)) > 1 else None)]
            p = _parse(first.strip().rstrip(".,;"), (m.group(1),))
            if p is None or len(p.links) != 1:
                continue
            body, x = p.links[0][1].rhs, m.group(2)
            if "," in x:  # f(x_1, x_2) = ...: the same function of the vector x = (x_1, x_2)
                listed = re.findall(r"(\\[A-Za-z]+|[A-Za-z])_\{?(\d)\}?", x)
                if len({a for a, _ in listed}) != 1 or [int(k) for _, k in listed] != list(range(1, len(listed) + 1)):
                    continue
                x = listed[0][0]
            if not isinstance(body, sp.Expr) or getattr(body, "is_Matrix", False):
                continue
            names = {s.name for s in body.free_symbols}
            idx = [int(g.group(1)) for n in names if (g := re.fullmatch(rf"{re.escape(x)}_\{{(\d)\}}", n))]
            if x in names or len(idx) < 2 or max(idx) < 2 or 0 in idx:
                continue
            n = max(idx)
            coords = tuple(next((s for s in body.free_symbols if s.name == f"{x}_{{{k}}}"), sp.Symbol(f"{x}_{{{k}}}"))
                           for k in range(1, n + 1))
            state.functions[m.group(1)] = CoordFn(m.group(1), x, coords, body, d.line)
    for fname in [f for f in state.functions if len(lines.get(f, ())) > 1]:  # defined twice: not read here
        del state.functions[fname]
    state.texts = texts
    for fn in state.functions.values():
        for k in range(1, len(fn.coords) + 1):
            uses = _point_uses(fn.arg, k, texts)
            if uses and _coordinate_uses(fn, k, texts):
                name = f"{fn.arg}_{k}"
                state.clashes[_key(name)] = (
                    f"{name} is both a coordinate of x in the definition of {fn.name} (line {fn.line}) and a point "
                    f"(line {uses[0]}): write the iterate as {fn.arg}^{{({k})}} or {fn.arg}_k, or name the "
                    f"coordinates differently")
    ctx.coords = state if state.functions else None


def _point_uses(letter: str, k: int, texts: list[tuple[int, str]]) -> list[int]:
    """The lines where ``letter_k`` is used as a point: given a vector or a step, an argument, a norm."""
    point = rf"{re.escape(letter)}_(?:\{{{k}\}}|{k})(?![0-9}}])"
    return [line for line, ch in texts if re.search(
        rf"\(\s*{point}\s*(?:\\right|\\bigr|\\big|\\Bigr)?\)|\\\|\s*{point}|\\[lr]Vert\s*{point}|"
        rf"^\s*{point}\s*(?:=|:=)\s*(?:\(|\\begin|\\left\(|[^=]*\\nabla|[^=]*{re.escape(letter)}_\{{?0)", ch)]


def _coordinate_uses(fn: CoordFn, k: int, texts: list[tuple[int, str]]) -> list[int]:
    """The lines outside the definition of ``fn`` where ``letter_k`` is written where a point cannot stand (``x_1 + x_2
    = 1``, ``\\nabla f(x) = (\\operatorname{sign} x_1, ...)``): only then is x_1 both a coordinate and a point.  A
    text that writes x_1 only as a point besides the definition (``x_1 = x_0 - \\tfrac35 (1, 2)``, ``f(x_1)``,
    ``\\|x_1\\|``) means the iterate there: the definition's x_1 is the coordinate of its own argument."""
    point = rf"{re.escape(fn.arg)}_(?:\{{{k}\}}|{k})(?![0-9}}])"
    out = []  # f(x_1) of this function, a norm, a vector value: x_1 as a point
    for line, ch in texts:
        m = _DEF.match(ch)
        if m is not None and m.group(1) == fn.name:
            continue
        rest = re.sub(rf"((?<![A-Za-z\\]){re.escape(fn.name)}{_OPEN}\s*){point}(\s*(?:\\right|\\bigr|\\big|\\Bigr)?\))|"
                      rf"(\\\|\s*|\\[lr]Vert\s*){point}",
                      lambda m: (m.group(1) or m.group(3)) + "P" + (m.group(2) or ""), ch)
        rest = re.sub(rf"(?:^|(?<=\\quad)|(?<=\\qquad)|(?<=[,;]))\s*{point}(?=\s*(?:=|:=)\s*(?:\(|\\begin|\\left\(|[^=]*\\nabla|[^=]*{re.escape(fn.arg)}_\{{?0))", "P",
                      rest)
        if re.search(point, rest):
            out.append(line)
    return out


def _free_vectors(text: str, st: Coords) -> str:
    """``y`` written beside its coordinates ``y_1, y_2`` in one formula (``\\langle g, y - x \\rangle = 8(1 - y_1) +
    y_2``) is the vector of them, unless the text uses some ``y_k`` as a point (then y_1 could be an iterate)."""
    for letter in sorted(set(re.findall(r"(?<![A-Za-z\\_^{])([a-z])(?![A-Za-z_^'}])", text))):
        found = {int(k) for k in re.findall(rf"(?<![A-Za-z\\]){re.escape(letter)}_\{{?(\d)\}}?", text)}
        if len(found) < 2 or found != set(range(1, max(found) + 1)) or letter in st.functions or any(
                _key(letter) == k for k in st.values) or any(_point_uses(letter, k, st.texts) for k in found):
            continue
        column = r"\begin{pmatrix} " + r" \\ ".join(f"{letter}_{{{k}}}" for k in sorted(found)) + r" \end{pmatrix}"
        text = re.sub(rf"(?<![A-Za-z\\_^{{]){re.escape(letter)}(?![A-Za-z_^'}}])", lambda _m, c=column: c, text)
    return text


def _inner(text: str) -> str:
    """``\\langle P, Q \\rangle`` as ``(P)^T (Q)`` once the values are in (the parser takes the names inside an inner
    product for vectors, so a column of coordinates would not read there)."""
    for _ in range(10):
        m = re.search(r"\\langle(?![a-z])", text)
        if m is None:
            return text
        depth, comma, end = 0, -1, -1
        for i in range(m.end(), len(text)):
            if text.startswith("\\langle", i) or text[i] in "({[":
                depth += 1
            elif text.startswith("\\rangle", i):
                if depth == 0:
                    end = i
                    break
                depth -= 1
            elif text[i] in ")}]":
                depth -= 1
            elif text[i] == "," and depth == 0 and comma < 0:
                comma = i
        if end < 0 or comma < 0:
            raise _Unread("an inner product not read")
        text = (text[: m.start()] + r"\left(" + text[m.end(): comma] + r"\right)^T \left(" + text[comma + 1: end]
                + r"\right)" + text[end + len("\\rangle"):])
    return text


def _close(text: str, start: int) -> int:
    """The index of the parenthesis closing the one opened at ``start``, or -1."""
    depth = 0
    for i in range(start, len(text)):
        depth += text[i] == "(" and text[i - 5: i] != "\\left"
        depth -= text[i] == ")"
        if depth == 0:
            return i
    return -1


class _Unread(Exception):
    pass


def _commas(text: str) -> bool:
    """Whether ``text`` has a comma outside every bracket."""
    depth = 0
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        if ch == "," and depth == 0:
            return True
    return False


def _latex(v) -> str:
    if getattr(v, "is_Matrix", False):
        rows = (" & ".join(sp.latex(e) for e in v.row(i)) for i in range(v.rows))
        return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"
    return r"\left(" + sp.latex(v) + r"\right)"


def _value(text: str, st: Coords, start: int):
    """The SymPy value of a member (no relation) after the rewrite, or _Unread."""
    r = _rewrite(text, st, start)
    p = _parse(f"{r} = {r}")
    if p is None or len(p.links) != 1:
        raise _Unread(text)
    return p.links[0][1].lhs


def _rewrite(text: str, st: Coords, start: int) -> str:
    """``text`` with each application of a coordinate function and each valued point replaced by its value."""
    for _ in range(20):
        found = None
        for fn in st.functions.values():
            if re.search(rf"(?<![A-Za-z\\]){re.escape(fn.name)}\s*(?:'|\^\{{?\(|_\{{?\w)", text):
                raise _Unread(f"a derivative or a member of {fn.name} written apart")  # f'(x), f^{(3)}, f_1
            for m in re.finditer(rf"(\\nabla(?:_\{{?\w\}}?)?(?P<h>\^\{{?2\}}?)?\s*)?(?<![A-Za-z\\]){re.escape(fn.name)}(?![A-Za-z])(?:\^\{{?\*\}}?)?{_OPEN}",
                                 text):
                if "^" in m.group(0)[m.end(1) - m.start() if m.group(1) else 0:] or re.search(
                        r"(\\partial|\\nabla|\\frac\{d\}\{d\w*\}|\\mathrm\{d\})\s*(\^\s*(\{[^{}]*\}|\w))?\s*$",
                        text[: m.start()]):
                    raise _Unread("an operator symgd does not evaluate in coordinates")
                if found is None or m.start() < found[1].start():
                    found = (fn, m)
        if found is None:
            break
        fn, m = found
        close = _close(text, m.end() - 1)
        if close < 0:
            raise _Unread(text)
        inner = text[m.end(): close]
        inner = re.sub(r"\\(?:right|bigr|big|Bigr|biggr)\s*$", "", inner).strip()
        if inner == fn.arg:
            point = sp.Matrix(fn.coords)
        else:
            point = _value(f"({inner})" if _commas(inner) else inner, st, start)  # f(1, 2): at the point (1, 2)
            if not getattr(point, "is_Matrix", False) or point.shape != (len(fn.coords), 1):
                raise _Unread(f"{fn.name} takes {len(fn.coords)}-vectors")
        at = dict(zip(fn.coords, point, strict=True))
        if m.group(1):
            if fn.body.has(*_ROUGH):
                raise _Unread(f"{fn.name} is not differentiable everywhere")
            grad = sp.Matrix([sp.diff(fn.body, c) for c in fn.coords])
            v = (grad.jacobian(fn.coords) if m.group("h") else grad).xreplace(at)
        else:
            v = fn.body.xreplace(at)
        text = text[: m.start()] + _latex(sp.simplify(v)) + text[close + 1:]
    for name, (_, v) in sorted(st.values.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(_point(name), lambda _m, v=v: _latex(v), text)
    for name, v in sorted(st.scalars.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(_point(name), lambda _m, v=v: r"\left(" + v + r"\right)", text)
    return text


def _norm(text: str) -> str:
    """Braces around a one-token subscript or superscript dropped (``x_{0}`` is ``x_0``, ``x^{\\star}`` is
    ``x^\\star``), so that a name is found however it is braced."""
    return re.sub(r"([_^])\{\s*(\w+|\\[A-Za-z]+)\s*\}", r"\1\2", text)


def _key(name: str) -> str:
    return re.sub(r"\s", "", _norm(name))


def _point(key: str) -> str:
    """A pattern for the name ``key`` (as _key writes it) in a text _norm has read."""
    return r"(?<![A-Za-z\\])" + re.escape(key) + r"(?![A-Za-z0-9_^])"


def _mentions(text: str, st: Coords, start: int) -> bool:
    if any(re.search(rf"(?<![A-Za-z\\]){re.escape(f.name)}(?![A-Za-z]){_OPEN}", text) for f in st.functions.values()):
        return True
    return any(re.search(_point(k), text) for k, (s, _) in st.values.items() if s == start)


def _scalar_reading(text: str, st: Coords) -> bool:
    """Whether every function in ``text`` is applied at its own argument letter, without a gradient, and no point
    with a vector value is used: then x_1, x_2 are independent numbers and the usual reading is the right one
    (``f(x) \\ge 0``)."""
    if any(re.search(_point(k), text) for k in st.values) or re.search(r"\\nabla|\\partial", text):
        return False
    for f in st.functions.values():
        for m in re.finditer(rf"(?<![A-Za-z\\]){re.escape(f.name)}(?![A-Za-z]){_OPEN}", text):
            close = _close(text, m.end() - 1)
            inner = re.sub(r"\\(?:right|bigr|big|Bigr|biggr)\s*$", "", text[m.end(): close]).strip()
            own = ",".join(f"{f.arg}_{k}" for k in range(1, len(f.coords) + 1))
            if close < 0 or (inner != f.arg and re.sub(r"[\s{}]", "", inner) != own):
                return False
    return True


def links(chain: str, d, ctx, base: dict, timeout: float,
          delegate: Callable[[str], list[LinkResult]] | None = None) -> list[LinkResult] | None:
    """The chain decided in coordinates, or None when it uses no function defined in coordinates and no point
    given as a vector (or is a function's definition).  A link of the chain that uses neither goes to
    ``delegate`` (the audit's usual check of one claim link)."""
    st = getattr(ctx, "coords", None)
    if st is None:
        return None
    start = ctx.heading_before(d.line)
    ctx.coords.values = {k: v for k, v in st.values.items() if v[0] == start}  # a vector value: in its section
    st = ctx.coords
    if any(f.line > d.line for f in st.functions.values() if re.search(re.escape(f.name) + _OPEN, chain)):
        return None  # used before its definition
    lines = {f.line for f in ctx.fdefs.values()}  # a body the audit dropped (a general section) is not used
    st = replace(st, functions={k: f for k, f in st.functions.items() if f.line in lines})
    coordinates = {_key(c.name) for f in st.functions.values() for c in f.coords}
    st.scalars = {_key(k): v.split("=", 1)[1].strip() for k, v in ctx.defined.items() if "(" not in k
                  and ctx.defined_at.get(k, 0) >= start and written_number(v.split("=", 1)[-1])
                  and _key(k) not in coordinates and _key(k) not in st.values}
    text = re.sub(r"&\s*(?=[=<>]|\\[lg]eq?(?![a-z])|\\approx|\\ne(?![a-z])|:=)", "", chain)  # a matrix keeps its &
    text = _norm(text if "\\begin" in text else text.replace("&", "")).strip().rstrip(".,;").strip()
    rels = relations(text)
    if not rels:
        return None
    m = _DEF.match(text)
    if m and m.group(1) in ctx.coords.functions and ctx.coords.functions[m.group(1)].line == d.line:
        return None  # the definition itself
    for name, why in st.clashes.items():
        if re.search(_point(name), text) or (m is None and any(
                re.search(rf"(?<![A-Za-z\\]){re.escape(f.name)}(?![A-Za-z]){_OPEN}", text) for f in st.functions.values())):
            return [LinkResult(**base, link=chain, kind="claim", verdict="not checked", method=why)]
    members = [text[a.end() if a else 0: b.start() if b else len(text)].strip()
               for a, b in zip([None, *rels], [*rels, None], strict=True)]
    lhs = members[0]
    out: list[LinkResult] = []
    first = 0
    if re.fullmatch(_NAME, lhs) and rels[0].group(0) in ("=", ":=", r"\coloneqq") and all(
            _key(lhs) != f.arg for f in st.functions.values()) and (
            _key(lhs) not in st.values or sets(d.before)):
        if not _mentions(members[1], st, start) and not re.match(r"\(|\\begin\{[pb]matrix", members[1]):
            return None
        try:
            v = _value(members[1], st, start)
        except _Unread:
            v = None
        if getattr(v, "is_Matrix", False):  # (a, 0): a refutation still needs every name to be gone
            st.values[_key(lhs)] = (start, v)
        else:  # a rule (x_{k+1} = x_k - \eta \nabla f(x_k)): the audit registers it as before
            return None
        out.append(LinkResult(**base, link=f"{lhs} = {members[1]}", kind="definition", verdict="definition",
                              method="a point given as a vector: its coordinates are used in its section"))
        first = 1
    if first == 0 and (not _mentions(text, st, start) or _scalar_reading(text, st)):
        return None
    for k in range(first, len(rels)):
        link = f"{members[k]} {rels[k].group(0)} {members[k + 1]}"
        if delegate is not None and not _mentions(members[k], st, start) and not _mentions(members[k + 1], st, start):
            out.extend(delegate(link))  # 8(1 - y_1) + y_2 \ge 0 after the value of the gradient: the usual reading
            continue
        out.append(_decide(link, members[k], rels[k].group(0), members[k + 1], st, start, base))
    return out


def _explicit(e):
    """A matrix expression as its explicit matrix, a 1x1 one as its entry (an inner product is a number)."""
    if getattr(e, "is_Matrix", False) or isinstance(e, sp.MatrixExpr):
        e = sp.Matrix(e.as_explicit()) if hasattr(e, "as_explicit") else sp.Matrix(e)
        return e[0, 0] if e.shape == (1, 1) else e
    return e


def _decide(link: str, a: str, rel: str, b: str, st: Coords, start: int, base: dict) -> LinkResult:
    method = "evaluated exactly in coordinates (the gradient is the vector of partial derivatives)"
    try:
        p = _parse(_inner(_free_vectors(f"{_rewrite(a, st, start)} {rel} {_rewrite(b, st, start)}", st)))
    except _Unread as exc:
        return LinkResult(**base, link=link, kind="claim", verdict="not checked", method=f"not read in coordinates: {exc}")
    if p is None or len(p.links) != 1:
        return LinkResult(**base, link=link, kind="claim", verdict="not checked",
                          method="not read in coordinates after the values were put in")
    c = p.links[0][1]
    lhs, rhs = c.lhs, c.rhs
    plain = {s: sp.Symbol(s.name) for e in (lhs, rhs) for s in getattr(e, "free_symbols", ())}
    lhs, rhs = (_explicit(sp.sympify(e).xreplace(plain)) for e in (lhs, rhs))
    if getattr(lhs, "is_Matrix", False) and rhs == 0:  # \nabla f(x^\star) = 0: the zero vector
        rhs = sp.zeros(*lhs.shape)
    elif getattr(rhs, "is_Matrix", False) and lhs == 0:
        lhs = sp.zeros(*rhs.shape)
    if getattr(lhs, "is_Matrix", False) != getattr(rhs, "is_Matrix", False) or (
            getattr(lhs, "is_Matrix", False) and lhs.shape != rhs.shape):
        return LinkResult(**base, link=link, kind="claim", verdict="not checked",
                          method="a vector related to a scalar (or vectors of two sizes)")
    pairs = list(zip(lhs, rhs, strict=True)) if getattr(lhs, "is_Matrix", False) else [(lhs, rhs)]
    free = set().union(*(sp.sympify(x - y).free_symbols for x, y in pairs))
    if any(sp.sympify(x - y).atoms(AppliedUndef) for x, y in pairs):  # f(1, 1) of an f not evaluated: no value
        return LinkResult(**base, link=link, kind="claim", verdict="undecided", method="a function not evaluated "
                          "in coordinates (its definition was not read): not decided here")
    if rel != "=" and (free or len(pairs) > 1):
        return LinkResult(**base, link=link, kind="claim", verdict="undecided", method="an inequality in coordinates "
                          "with names left free (or between vectors): not decided here")
    for i, (x, y) in enumerate(pairs):
        diff = sp.simplify(x - y)
        if rel == "=":
            if diff == 0:
                continue
            if free:
                return LinkResult(**base, link=link, kind="claim", verdict="undecided",
                                  method="in coordinates the sides differ as formulas in " + ", ".join(
                                      sorted(s.name for s in free)) + ": not decided here")
            cols = lhs.shape[1] if getattr(lhs, "is_Matrix", False) else 1
            where = "" if len(pairs) == 1 else f"entry {i + 1}: " if cols == 1 else \
                f"entry ({i // cols + 1}, {i % cols + 1}): "
            every = " (their difference is the constant " + str(diff) + ")" if sp.sympify(x).free_symbols else \
                " (exact values)"
            return LinkResult(**base, link=link, kind="claim", verdict="refuted", method=method,
                              detail=f"{where}{sp.nsimplify(x)} vs {sp.nsimplify(y)}{every}")
        holds = {"<": diff < 0, ">": diff > 0, "\\le": diff <= 0, "\\leq": diff <= 0, "\\leqslant": diff <= 0,
                 "\\ge": diff >= 0, "\\geq": diff >= 0, "\\geqslant": diff >= 0}.get(rel.strip())  # not \\lesssim
        if holds is None or holds not in (sp.true, sp.false, True, False):
            return LinkResult(**base, link=link, kind="claim", verdict="undecided", method="a relation not decided "
                              "in coordinates")
        if not bool(holds):
            return LinkResult(**base, link=link, kind="claim", verdict="refuted", method=method,
                              detail=f"{sp.nsimplify(x)} vs {sp.nsimplify(y)} (exact values)")
    return LinkResult(**base, link=link, kind="claim", verdict="proved", method=method)
