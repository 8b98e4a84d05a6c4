r"""One link between expectations under a parametric family of densities, ``\mathbb{E}_{p(x|\theta)}[u]``, read for
:mod:`symgd.decide.score`: each side an expectation (with ``\nabla_\theta`` or ``\frac{\partial}{\partial\theta}``
outside it, possibly) or a plain value, the density an undefined function ``p(x, \theta)``.

The ordinary parser refuses a derivative of such an expectation in a parameter of its measure (the score-function
term, :func:`symgd.latex.expectation.refuse_moving_measure`); here that derivative is kept outside and decided
by its own method.  The measure is written ``p(x|\theta)``, ``p(x \mid \theta)``, ``p_\theta(x)``,
``x \sim p(x|\theta)`` or ``x \sim p_\theta``; inside the brackets the same density may appear at other parameters
(``p(x|\theta_t)``).  The parameter is read as one real coordinate (see decide.score), so it may occur only inside
the density's arguments and as the variable of a derivative.  What does not fit is refused with a one-line reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput
from symgd.decide.score import FamilySide

__all__ = ["FamilyLink", "has_family_measure", "kl_members", "read_family_link"]

_PARAM = r"\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?"
_BAR = re.compile(r"(?<![\\A-Za-z])(?P<p>[a-z])\s*(?:\\left)?\(\s*(?P<x>[a-z])\s*(?:\\middle)?(?:\||\\mid|\\vert)\s*"
                  r"(?P<th>" + _PARAM + r")\s*(?:\\right)?\)")
_SUB = re.compile(r"(?<![\\A-Za-z])(?P<p>[a-z])\s*_\s*(?P<th>\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])\s*(?:\\left)?\(\s*"
                  r"(?P<x>[a-z])\s*(?:\\right)?\)")
_E = re.compile(r"\\mathbb\s*\{\s*E\s*\}\s*_\s*")
_GRAD = re.compile(r"^\s*(?:\\nabla\s*_\s*(?P<a>\{\s*" + _PARAM + r"\s*\}|\\[A-Za-z]+|[A-Za-z])|\\frac\s*\{\s*\\partial\s*\}"
                   r"\s*\{\s*\\partial\s*(?P<b>" + _PARAM + r")\s*\})\s*")


@dataclass(frozen=True)
class FamilyLink:
    """``lhs = rhs`` with the density p, the random name x and the measure's parameter theta (SymPy objects)."""

    lhs: FamilySide
    rhs: FamilySide
    p: Any
    x: sp.Symbol
    theta: sp.Symbol
    measure: str  # the measure as written, for messages


def _braced(text: str, i: int) -> tuple[str, int]:
    """The group that starts at ``text[i]`` ('{' balanced, or one token) and the index after it."""
    if i < len(text) and text[i] == "{":
        depth = 0
        for j in range(i, len(text)):
            depth += (text[j] == "{") - (text[j] == "}")
            if depth == 0:
                return text[i + 1 : j], j + 1
        raise BadInput("unbalanced braces in the subscript of \\mathbb{E}", i)
    m = re.match(r"\\[A-Za-z]+|\S", text[i:])
    return (m.group(0), i + m.end()) if m else ("", i)


def _measure(sub: str) -> tuple[str, str, str] | None:
    """(density name, random name, parameter) of a subscript such as ``p(x|\\theta)``, or None."""
    sub = re.sub(r"^\s*[a-z]\s*\\sim\s*", "", sub).strip()
    m = _BAR.fullmatch(sub) or _SUB.fullmatch(sub)
    if m is None:
        m2 = re.fullmatch(r"(?P<p>[a-z])\s*_\s*(?P<th>\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])", sub)  # x \sim p_\theta
        return (m2.group("p"), "x", _unbrace(m2.group("th"))) if m2 else None
    return m.group("p"), m.group("x"), _unbrace(m.group("th"))


def _unbrace(name: str) -> str:
    name = name.strip()
    return name[1:-1].strip() if name.startswith("{") and name.endswith("}") else name


def has_family_measure(latex: str) -> bool:
    """Whether ``latex`` takes an expectation under a density with a parameter (``\\mathbb{E}_{p(x|\\theta)}``)."""
    for m in _E.finditer(latex):
        try:
            sub, _ = _braced(latex, m.end())
        except BadInput:
            return False
        if _measure(sub) is not None:
            return True
    return False


def _densities(text: str, p: str) -> str:
    """Every ``p(x|a)`` and ``p_a(x)`` as the two-argument function ``p(x, a)``."""
    def bar(m: re.Match) -> str:
        return f"{m.group('p')}({m.group('x')}, {m.group('th')})" if m.group("p") == p else m.group(0)

    def sub(m: re.Match) -> str:
        return f"{m.group('p')}({m.group('x')}, {_unbrace(m.group('th'))})" if m.group("p") == p else m.group(0)

    return _SUB.sub(sub, _BAR.sub(bar, text))


def _parse(text: str, p: str) -> Any:
    from symgd.latex.problem import parse_problem

    return parse_problem(f"{text} = 0", declarations=Declarations(functions=(p,)), allow_unused=True).links[0][1].lhs


def _side(text: str, p: str, grad_names: dict[str, Any]) -> tuple[FamilySide, str]:
    """A side and the measure it uses ('' for a plain value)."""
    text = text.replace("&", "").strip()
    g = _GRAD.match(text)
    rest = text[g.end():] if g else text
    e = _E.match(rest)
    if e is None:
        if _E.search(text):
            raise BadInput("an expectation under a family that is not the whole side (a sum or a product of "
                           "expectations) is not read here", 0)
        return FamilySide(value=_parse(_densities(text, p), p)), ""
    sub, i = _braced(rest, e.end())
    rest = rest[i:].strip()
    opening = re.match(r"(?:\\left\s*)?\[", rest)
    if opening is None:
        raise BadInput("\\mathbb{E}_{p(x|\\theta)} needs a bracketed argument: \\mathbb{E}_{p(x|\\theta)}[u]", 0)
    depth, end = 0, None
    for j in range(opening.end() - 1, len(rest)):
        depth += (rest[j] == "[") - (rest[j] == "]")
        if depth == 0:
            end = j
            break
    if end is None or rest[end + 1 :].strip():
        raise BadInput("an expectation under a family followed by more terms is not read here", 0)
    inner = re.sub(r"\\right\s*$", "", rest[opening.end(): end]).strip()
    integrand = _parse(_densities(inner, p), p)
    var = None
    if g:
        name = _unbrace(g.group("a") or g.group("b"))
        var = grad_names.setdefault(name, _parse(name, p))
    return FamilySide(integrand=integrand, grad=var), sub


def _only_in_density(expr: Any, p: str, names: set[Any]) -> bool:
    """Whether the parameters occur only inside the density's applications (and as derivative variables)."""
    e = expr.doit() if isinstance(expr, sp.Basic) else expr
    e = e.replace(lambda a: isinstance(a, sp.Derivative) and isinstance(a.expr, AppliedUndef), lambda a: sp.Dummy())
    e = e.replace(lambda a: isinstance(a, AppliedUndef) and a.func.__name__ == p, lambda a: sp.Dummy())
    return not (e.free_symbols & names)


def read_family_link(link: str, rel: re.Match) -> FamilyLink | None:
    """``lhs = rhs`` where some side is an expectation under a family; None when neither side is one."""
    if rel.group(0) != "=":
        raise BadInput(f"only '=' between expectations under a family is checked here, not {rel.group(0)}", 0)
    left, right = link[: rel.start()], link[rel.end():]
    measure = next((m for s in (left, right) for m in [_first_measure(s)] if m), None)
    if measure is None:
        return None
    p, xname, thname = measure
    grads: dict[str, Any] = {}
    (lhs, ml), (rhs, mr) = _side(left, p, grads), _side(right, p, grads)
    for m in (ml, mr):
        if m and _measure(m) != measure:
            raise BadInput("expectations under two different measures in one link are not read here", 0)
    x, theta = _parse(xname, p), _parse(thname, p)
    func = sp.Function(p)
    params = {a for s in (lhs, rhs) for e in (s.integrand, s.value) if e is not None
              for f in e.atoms(AppliedUndef) if f.func.__name__ == p for a in f.args[1:]} | {theta}
    for s in (lhs, rhs):
        expr = s.integrand if s.integrand is not None else s.value
        if not _only_in_density(expr, p, params | set(grads.values())):
            raise BadInput("a parameter of the family outside the density (\\theta^T x) is not read here: the "
                           "parameter is read one coordinate at a time", 0)
        dens = [f for f in expr.atoms(AppliedUndef) if f.func.__name__ == p]
        if any(len(f.args) != 2 or f.args[0] != x for f in dens):
            raise BadInput(f"the density {p} is written at another point than {xname}", 0)
    return FamilyLink(lhs, rhs, func, x, theta, f"{p}({xname}|{thname})")


def _first_measure(text: str) -> tuple[str, str, str] | None:
    for m in _E.finditer(text):
        sub, _ = _braced(text, m.end())
        found = _measure(sub)
        if found is not None:
            return found
    return None


_KL = re.compile(r"^\s*(?:D_\{?\s*(?:\\mathrm\{|\\text\{|\\operatorname\{)?\s*KL\s*\}?\}?|\\mathrm\{KL\}|KL|"
                 r"\\operatorname\{KL\})\s*(?:\\left)?\(")


def kl_members(latex: str) -> tuple[str, str, str, str] | None:
    """(density, random name, first parameter, second parameter) of ``D_{KL}(p_\\theta(x) \\| p_{\\theta_t}(x))``
    (also ``p(x|\\theta) || p(x|\\theta_t)``, a comma or one bar between them), or None."""
    m = _KL.match(latex)
    if m is None:
        return None
    depth, parts, last = 1, [], m.end()
    i = m.end()
    while i < len(latex) and depth:
        c = latex[i]
        depth += (c == "(") - (c == ")")
        sep = re.match(r"\\\||\|\||\\parallel(?![A-Za-z])|\\mid(?![A-Za-z])|,|\|", latex[i:]) if depth == 1 else None
        if sep and not (latex[i - 1:i] == "\\" and c == "|"):
            parts.append(latex[last:i])
            i += sep.end()
            last = i
            continue
        i += 1
    if depth or latex[i:].strip() not in ("", r"\right"):
        return None
    parts.append(latex[last:i - 1].replace(r"\right", ""))
    if len(parts) != 2:
        return None
    a, b = _measure(parts[0].strip()), _measure(parts[1].strip())
    if a is None or b is None or a[:2] != b[:2]:
        return None
    return a[0], a[1], a[2], b[2]
