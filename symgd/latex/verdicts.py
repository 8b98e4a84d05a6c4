"""A verdict as LaTeX prose: the counterexample's names through the paper printer, its values as LaTeX numbers.

A :class:`~symgd.core.verdict.Verdict` carries plain strings (names such as ``x_t`` or ``\\sqrt{\\kappa}``, exact
values as SymPy prints them: ``-547/8``, ``2.7e-43``, ``[[5, 0], [0, 5/4]]``, ``(_a0) -> 3*_a0**2/2``, and a detail
such as ``lhs vs rhs: 1 vs -1``).  They are read back without evaluating anything: a value is parsed by Python's
``ast`` (a parser, no code runs) and only numbers, names, arithmetic, lists and a few named functions are accepted;
anything else prints verbatim in ``\\texttt``.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import sympy as sp

from symgd.core.verdict import Verdict
from symgd.latex.paper import escape_text, paper_tex

__all__ = ["detail_tex", "name_tex", "value_tex", "verdict_tex"]

_FUNCS = {"sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log, "Abs": sp.Abs, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
          "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "Rational": sp.Rational,
          "Integer": sp.Integer, "Matrix": sp.Matrix, "ImmutableMatrix": sp.Matrix}
_CONSTS = {"pi": sp.pi, "E": sp.E, "I": sp.I, "oo": sp.oo}
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b}
_MAX_CHARS = 400  # a longer value prints verbatim (it would not read as a number anyway)
_MAX_POWER = 64  # a larger power of a number stays unevaluated (7**7**7 would take the machine)
_LAMBDA = re.compile(r"\((?P<args>[^()]*)\) -> (?P<body>.+)")


def name_tex(name: str) -> str:
    """A symbol's name as the paper printer prints the symbol (``x_t`` -> ``x_{t}``, ``theta_0_1`` ->
    ``\\theta_{0,1}``)."""
    return paper_tex(sp.Symbol(name))


def _build(node: ast.AST, src: str, names: dict[str, Any]) -> Any:
    """The SymPy object of a parsed value; ValueError for anything outside numbers, names, arithmetic and lists."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(ast.get_source_segment(src, node))
    if isinstance(node, ast.Name):
        return names.get(node.id) or _CONSTS.get(node.id) or sp.Symbol(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        x = _build(node.operand, src, names)
        return -x if isinstance(node.op, ast.USub) else x
    if isinstance(node, ast.BinOp) and (type(node.op) in _OPS or isinstance(node.op, ast.Pow)):
        a, b = _build(node.left, src, names), _build(node.right, src, names)
        if isinstance(node.op, ast.Pow):
            big = getattr(b, "is_Number", False) and getattr(a, "is_Number", False) and abs(b) > _MAX_POWER
            return sp.Pow(a, b, evaluate=not big)
        return _OPS[type(node.op)](a, b)
    if isinstance(node, ast.List):
        return [_build(e, src, names) for e in node.elts]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords:
        return _FUNCS[node.func.id](*(_build(a, src, names) for a in node.args))
    raise ValueError(f"not a value: {ast.dump(node)[:60]}")


def _matrix_tex(rows: list) -> str:
    if not rows or not all(isinstance(r, list) and len(r) == len(rows[0]) for r in rows):
        raise ValueError("not a matrix")
    if len(rows) == 1 and len(rows[0]) == 1:  # a 1 x 1 matrix is its entry (as in the steps)
        return paper_tex(rows[0][0])
    body = r" \\ ".join(" & ".join(paper_tex(e) for e in r) for r in rows)
    return rf"\left[\begin{{smallmatrix}}{body}\end{{smallmatrix}}\right]"


def _math(text: str, names: dict[str, Any] | None = None) -> str | None:
    """The LaTeX of a value SymPy printed, or None when it is not one."""
    text = text.strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    try:
        value = _build(ast.parse(text, mode="eval").body, text, names or {})
        if isinstance(value, list):
            return _matrix_tex(value if value and isinstance(value[0], list) else [[e] for e in value])
        if isinstance(value, sp.MatrixBase):
            return _matrix_tex(value.tolist())
        return paper_tex(value)
    except (SyntaxError, ValueError, TypeError, ArithmeticError, RecursionError, sp.SympifyError):
        return None


def value_tex(text: str) -> str:
    """A value as SymPy printed it (``-547/8``, ``sqrt(2)``, ``[[1, 2], [3, 4]]``), as inline LaTeX math
    (``$-\\frac{547}{8}$``); anything else verbatim in ``\\texttt``."""
    math = _math(text)
    return f"${math}$" if math is not None else _verbatim(text)


def _verbatim(text: str) -> str:
    return f"\\texttt{{{escape_text(text)}}}"


def _assignment(name: str, value: str) -> str:
    """``$name = value$``; a function (``(_a0) -> body``) as ``$f(\\xi) = body$``."""
    m = _LAMBDA.fullmatch(value.strip())
    if m:
        args = [a.strip() for a in m.group("args").split(",") if a.strip()]
        bound = {a: sp.Symbol("xi" if len(args) == 1 else f"xi_{i}") for i, a in enumerate(args, 1)}
        body = _math(m.group("body"), bound)
        if body is not None:
            return f"${name_tex(name)}({', '.join(paper_tex(s) for s in bound.values())}) = {body}$"
    math = _math(value)
    return f"${name_tex(name)} = {math}$" if math is not None else f"${name_tex(name)}$ = {_verbatim(value)}"


_REL = {"<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "=": "=", "!=": r"\ne"}


def _pair(text: str, sides: tuple[str, str] | None = None) -> str | None:
    """``A vs B`` (two values) as ``$A$ vs $B$``, or with ``sides`` as ``left side $A$, right side $B$``;
    ``entry i: ...`` (a matrix entry) kept in front."""
    m = re.fullmatch(r"entry (\d+): (.+)", text)
    if m:
        inner = _pair(m.group(2), sides)
        return None if inner is None else f"entry {m.group(1)}: {inner}"
    m = re.fullmatch(r"(.+?) vs (.+)", text)
    if not m:
        return None
    a, b = _math(m.group(1)), _math(m.group(2))
    if a is None or b is None:
        return None
    return f"{sides[0]} ${a}$, {sides[1]} ${b}$" if sides else f"${a}$ vs ${b}$"


def detail_tex(detail: str) -> str:
    """What a refutation found at its point, with the values as math: ``lhs vs rhs: 1 vs -1`` ->
    ``left side $1$, right side $-1$``; ``9801/4 <= 1/4 is false`` -> ``$\\frac{9801}{4} \\le \\frac{1}{4}$ is
    false``; a detail of another form as escaped prose."""
    out: str | None = None
    if m := re.fullmatch(r"lhs vs rhs: (.+)", detail):
        out = _pair(m.group(1), ("left side", "right side"))
    elif m := re.fullmatch(r"(.+?) (<=|>=|!=|<|>|=) (.+) is false", detail):
        a, b = _math(m.group(1)), _math(m.group(3))
        out = f"${a} {_REL[m.group(2)]} {b}$ is false" if a is not None and b is not None else None
    elif m := re.fullmatch(r"the coefficient of (\S+)\^(\d+) in lhs - rhs is not zero \((.+)\)", detail):
        pair = _pair(m.group(3))
        if pair is not None:
            out = (f"the coefficient of ${name_tex(m.group(1))}^{{{m.group(2)}}}$ in the left side minus the right "
                   f"side is not zero ({pair})")
    elif m := re.fullmatch(r"the equation's residual is not zero: (.+)", detail):
        pair = _pair(m.group(1))
        out = None if pair is None else f"the equation's residual is not zero: {pair}"
    return out if out is not None else escape_text(detail)


def verdict_tex(v: Verdict) -> str:
    """A verdict as LaTeX prose: ``refuted (method) at $\\eta = 7$, $x_{t} = \\frac{1}{3}$: left side $1$, right
    side $-1$``."""
    text = f"{v.status.value} ({_method_tex(v.method)})"
    if v.counterexample:
        text += " at " + _point_tex(v.counterexample)
    if v.detail:
        text += ": " + detail_tex(v.detail)
    return text


def _point_tex(point: dict[str, str]) -> str:
    return ", ".join(_assignment(str(k), str(val)) for k, val in point.items())


# an undecided verdict's reason may show where the claim alone fails (symgd.decide.decide)
_ALONE = re.compile(r"(?P<head>.*); the claim alone fails at (?P<at>\{.*\}) \((?P<detail>.*)\), (?P<tail>a point that may "
                    r"violate the premise)")


def _method_tex(method: str) -> str:
    """How a verdict was reached, as prose; a point and what fails there (in an undecided verdict's reason) as math."""
    m = _ALONE.fullmatch(method)
    if m:
        try:
            point = ast.literal_eval(m.group("at"))  # a dict of strings: literal_eval evaluates no code
        except (ValueError, SyntaxError, RecursionError):
            point = None
        if isinstance(point, dict) and point:
            return (f"{escape_text(m.group('head'))}; the claim alone fails at {_point_tex(point)} "
                    f"({detail_tex(m.group('detail'))}), {m.group('tail')}")
    return escape_text(method)
