"""The token cursor every part of the parser shares: look ahead, consume, expect, raw groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok, show

if TYPE_CHECKING:
    from symgd.latex.notation import Notation

__all__ = ["MAX_DEPTH", "Cursor"]

MAX_DEPTH = 200  # nesting of brackets


class Cursor:
    """A position in the tokens of one side, the notation that gives names their meaning, the closers
    of the groups we are inside (``|`` and ``\\|`` are both openers and closers) and the nesting depth."""

    def __init__(self, toks: list[Tok], notation: Notation):
        self.toks = toks
        self.i = 0
        self.nt = notation
        self.closers: list[str] = []
        self.depth = 0

    def sub(self, toks: list[Tok]) -> Any:
        """A parser of the same kind over ``toks`` (a bound, a range, an integrand), nesting counted on."""
        p = type(self)(list(toks), self.nt)
        p.depth = self.depth
        return p

    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def pos(self) -> int:
        t = self.peek()
        if t is not None:
            return t.pos
        last = self.toks[-1] if self.toks else None
        return last.pos + len(last.text) if last else 0

    def next(self) -> Tok:
        t = self.peek()
        if t is None:
            raise BadInput("unexpected end of the expression", self.pos())
        self.i += 1
        return t

    def expect_op(self, text: str) -> Tok:
        t = self.peek()
        if t is None or not t.is_op(text):
            found = "the end" if t is None else show(t)
            raise BadInput(f"expected '{text}' but found {found}", self.pos())
        return self.next()

    def braced_tokens(self) -> list[Tok]:
        """The raw tokens of a {...} group (for names and d/dt forms)."""
        self.expect_op("{")
        depth, out = 1, []
        while True:
            t = self.next()
            if t.is_op("{"):
                depth += 1
            elif t.is_op("}"):
                depth -= 1
                if depth == 0:
                    return out
            out.append(t)

    def environment_rows(self, kind: str, spacing: bool = False) -> list[list[list[Tok]]]:
        """The cells of the environment ``kind`` whose ``\\begin{kind}`` has just been read, row by row, up to its
        ``\\end{kind}`` (consumed): split at top-level ``&`` and ``\\\\``, a trailing ``\\\\`` dropped; with ``spacing``,
        a row's ``\\\\[2pt]`` is skipped.  A matrix and a ``cases`` environment (symgd.latex.cases) both read through it."""
        rows: list[list[list[Tok]]] = [[[]]]
        depth = 0
        while True:
            x = self.next()
            if x.is_cmd("begin"):
                raise BadInput("nested environments are not supported", x.pos)
            if x.is_cmd("end") and depth == 0:
                if "".join(y.text for y in self.braced_tokens()) != kind:
                    raise BadInput(f"\\begin{{{kind}}} is closed by another \\end", x.pos)
                break
            depth += x.is_op("{", "(", "[") - x.is_op("}", ")", "]")
            if depth == 0 and x.is_op("&"):
                rows[-1].append([])
            elif depth == 0 and x.is_cmd("\\"):
                rows.append([[]])
                if spacing and self.peek() is not None and self.peek().is_op("["):  # \\[2pt]: a row's spacing
                    while not self.next().is_op("]"):
                        pass
            else:
                rows[-1][-1].append(x)
        if rows[-1] == [[]]:  # a trailing \\
            rows.pop()
        return rows

    def skip_subscript(self) -> None:
        """Drop a subscript that carries no meaning for the claim (``\\mathbb{E}_{\\xi}``, ``\\nabla_\\theta``)."""
        self.next()
        if (p := self.peek()) is not None and p.is_op("{"):
            self.braced_tokens()
        else:
            self.next()
