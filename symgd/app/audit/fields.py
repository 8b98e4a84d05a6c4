"""``\\nabla f`` and ``\\nabla^2 f`` written without a point, as a field (``\\|\\nabla f\\|^2 = x^\\top A^2 x`` right
after ``f(x) = \\frac12 x^\\top A x``): read at the variable of f's definition, ``\\nabla f(x)``, when that reading is
the only one -- f is defined in the text as a function of one name v, the formula writes v, and it applies f (or a
derivative of it) at no point.  Otherwise the formula is left as written and the parser refuses ``\\nabla f`` with
its suggestion (a gradient at a point, like ``\\nabla f(x)``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["at_the_variable"]

_BARE = re.compile(r"\\nabla(?P<order>\s*\^\s*\{?\s*2\s*\}?)?\s*(?P<name>[A-Za-z])(?![A-Za-z0-9_^'])(?!\s*(?:\\left)?\s*\()")
_ARG = re.compile(r"\s*(?P<name>[A-Za-z])\s*(?:\\left)?\(\s*(?P<arg>[A-Za-z]|\\[A-Za-z]+)\s*(?:\\right)?\)")


def at_the_variable(latex: str, definitions: Iterable[str]) -> str:
    """``latex`` with each bare ``\\nabla f`` / ``\\nabla^2 f`` at the variable of f's one-argument definition (see the
    module; ``definitions``: the text's definitions in force, ``f(x) = ...``); unchanged where that is not the only
    reading."""
    if "nabla" not in latex:
        return latex
    names = {m.group("name") for m in _BARE.finditer(latex)}
    args: dict[str, set[str]] = {}
    for text in definitions:
        m = _ARG.match(text)
        if m is not None and re.match(r"\s*=(?!=)", text[m.end():]):
            args.setdefault(m.group("name"), set()).add(m.group("arg"))
    point: dict[str, str] = {}
    for name in names:
        if len(args.get(name, ())) != 1:  # no definition, or two with different variables: which point?
            continue
        (arg,) = args[name]
        points = re.findall(r"(?<![\\A-Za-z])" + name + r"(?:_\{[^{}]*\}|_\w)?\s*(?:\^\s*\{?[^{}\s]*\}?)?\s*(?:\\left)?"
                            r"\s*\(([^()]*)\)", latex)  # f(y), f_k(x), \nabla f(y): a point of its own
        applied = any(p.strip() != arg for p in points)
        bare = re.sub(r"\\[A-Za-z]+", " ", latex) if not arg.startswith("\\") else latex  # x of \max is no x
        writes_arg = re.search(r"(?<![A-Za-z\\])" + re.escape(arg) + r"(?![A-Za-z])(?!\s*_)" if arg.startswith("\\")
                               else re.escape(arg) + r"(?!\s*_)", bare)
        if not applied and writes_arg is not None:
            point[name] = arg
    if not point:
        return latex
    return _BARE.sub(lambda m: m.group(0) + f"({point[m.group('name')]})" if m.group("name") in point else m.group(0),
                     latex)
