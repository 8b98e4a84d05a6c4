"""A function the text defines by a formula (``f(x) = \\frac12 x^2``): the context keeps one per name
(context.py), and a family's member read with its parameter written in is one too (families.py).  Apart, so that
both can build them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["FunctionDef"]


@dataclass(frozen=True)
class FunctionDef:
    name: str  # the SymPy function name, as the parser makes it
    args: tuple[sp.Symbol, ...]
    body: sp.Expr
    latex: str
    line: int = 0
