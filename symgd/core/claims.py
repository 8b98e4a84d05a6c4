"""Claims (a relation between two expressions) and the context they are checked in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.subs import replace_functions

__all__ = ["Claim", "Context", "Premise", "Rel", "is_matrix"]


class Rel(StrEnum):
    """The relation a step asserts between its left and right sides."""

    EQ = "="
    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"
    APPROX = "=+O"  # lhs - rhs = O(var**k)
    SOLVES = ":="  # rhs solves ``equation`` for the unknown lhs

    @classmethod
    def parse(cls, text: str | Rel) -> Rel:
        if isinstance(text, Rel):
            return text
        aliases = {"==": cls.EQ, "≤": cls.LE, "≥": cls.GE, "≈": cls.APPROX, "O": cls.APPROX}
        for rel in cls:
            if rel.value == text:
                return rel
        if text in aliases:
            return aliases[text]
        raise ValueError(f"unknown relation {text!r}")

    @property
    def is_inequality(self) -> bool:
        return self in (Rel.LE, Rel.LT, Rel.GE, Rel.GT)


def is_matrix(expr: Any) -> bool:
    return isinstance(expr, (sp.MatrixBase, MatrixExpr))


@dataclass(frozen=True)
class Claim:
    """``lhs rel rhs``; for ``APPROX``, ``order=(var, k)`` means lhs - rhs = O(var**k) as var -> 0;
    for ``SOLVES``, ``equation`` is an ``Eq`` whose unique unknown is ``lhs``."""

    lhs: Any
    rel: Rel
    rhs: Any
    order: tuple[sp.Symbol, int] | None = None
    equation: sp.Eq | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "rel", Rel.parse(self.rel))
        object.__setattr__(self, "lhs", sp.sympify(self.lhs, strict=True))
        object.__setattr__(self, "rhs", sp.sympify(self.rhs, strict=True))
        if self.rel is Rel.APPROX and self.order is None:
            raise ValueError("an APPROX claim needs order=(var, k)")
        if self.rel is Rel.SOLVES and self.equation is None:
            raise ValueError("a SOLVES claim needs the equation it solves")

    @classmethod
    def of(cls, relation: sp.Basic) -> Claim:
        """A claim from a SymPy relational ``Eq``, ``Le``, ``Lt``, ``Ge`` or ``Gt``."""
        table = {sp.Eq: Rel.EQ, sp.Le: Rel.LE, sp.Lt: Rel.LT, sp.Ge: Rel.GE, sp.Gt: Rel.GT}
        for kind, rel in table.items():
            if isinstance(relation, kind):
                return cls(relation.lhs, rel, relation.rhs)
        raise TypeError(f"not a relation: {relation!r}")

    def normalized(self) -> Claim:
        """The same claim with >= and > turned around into <= and <."""
        if self.rel is Rel.GE:
            return Claim(self.rhs, Rel.LE, self.lhs)
        if self.rel is Rel.GT:
            return Claim(self.rhs, Rel.LT, self.lhs)
        return self

    def free_symbols(self) -> set:
        syms = set(self.lhs.free_symbols) | set(self.rhs.free_symbols)
        if self.equation is not None:
            syms |= self.equation.free_symbols
        return syms

    def __str__(self) -> str:
        if self.rel is Rel.APPROX:
            var, k = self.order  # type: ignore[misc]
            return f"{self.lhs} = {self.rhs} + O({var}**{k})"
        if self.rel is Rel.SOLVES:
            return f"{self.lhs} = {self.rhs} solves {self.equation}"
        return f"{self.lhs} {self.rel.value} {self.rhs}"


@dataclass(frozen=True)
class Premise:
    """A cited fact: ``statement`` holds for all values of ``variables`` satisfying ``requires``.

    ``variables`` may hold symbols, matrix symbols and undefined functions; a step cites a
    premise with an ``instance`` mapping each of them to an expression (a ``Lambda`` for a
    function).  The checker proves that the step is exactly that instance.
    """

    name: str
    statement: Claim
    variables: tuple = ()
    requires: tuple = ()
    source: str = ""

    def instantiate(self, instance: Mapping) -> tuple[Claim, list]:
        functions = {var: value for var, value in instance.items() if isinstance(var, sp.FunctionClass)}

        def sub(expr: Any) -> Any:
            if functions:  # not expr.replace: its cache merges look-alike Subs (see symgd.core.subs)
                expr = replace_functions(expr, functions)
            plain = {k: v for k, v in instance.items() if not isinstance(k, sp.FunctionClass)}
            return expr.xreplace(plain) if plain else expr

        st = self.statement
        claim = Claim(sub(st.lhs), st.rel, sub(st.rhs), st.order)
        return claim, [sub(r) for r in self.requires]


@dataclass(frozen=True)
class Context:
    """What a claim may use besides the sign assumptions carried by its symbols.

    ``hypotheses`` are relations assumed true (``eta <= 1/L``, ``beta < 1``); ``symmetric`` and
    ``positive_definite`` name matrix symbols with those properties (for sampling).
    """

    hypotheses: tuple = ()
    symmetric: frozenset = field(default_factory=frozenset)
    positive_definite: frozenset = field(default_factory=frozenset)

    @classmethod
    def make(
        cls,
        hypotheses: Iterable = (),
        symmetric: Iterable = (),
        positive_definite: Iterable = (),
    ) -> Context:
        pd = frozenset(positive_definite)
        # strict: SymPy relations only, never a string parsed into one (no user text reaches sympify)
        return cls(tuple(sp.sympify(h, strict=True) for h in hypotheses), frozenset(symmetric) | pd, pd)
