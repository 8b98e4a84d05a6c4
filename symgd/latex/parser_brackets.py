"""Primaries of the parser that bracket or apply: ``|a|``, ``\\|x\\|``, ``\\langle a, b \\rangle``,
``\\sqrt``, ``\\sin``/``\\log``/..., ``\\mathbb{E}[X]``."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.core.symbols import Expectation
from symgd.latex.cursor import Cursor
from symgd.latex.shapes import Norm, as_scalar, mul, power, shape_of
from symgd.latex.tokens import Tok
from symgd.latex.vocabulary import ACCENTS, FUNCS, GREEK

__all__ = ["BracketsMixin"]


class BracketsMixin(Cursor):
    """Bracketing and function primaries (``expr``/``postfix``/``group`` come from the parser)."""

    def abs_bars(self) -> Any:
        self.next()
        self.closers.append("|")
        v = self.expr()
        self.closers.pop()
        self.expect_op("|")
        return sp.Abs(v) if not is_matrix(v) else Norm(v)

    def norm(self) -> Any:
        t = self.next()
        self.closers.append("\\|")
        v = self.expr()
        self.closers.pop()
        c = self.peek()
        if c is None or not c.is_cmd("|"):
            raise BadInput("a norm \\| is not closed", t.pos)
        self.next()
        if (s := self.peek()) is not None and s.is_op("_"):  # \|x\|_2 is the Euclidean norm
            self.next()
            sub = self.braced_tokens() if self.peek() and self.peek().is_op("{") else [self.next()]
            if "".join(x.text for x in sub) != "2":
                raise BadInput("only the Euclidean norm \\|x\\|_2 is understood", s.pos)
        return Norm(v) if is_matrix(v) else sp.Abs(v)

    def inner_product(self) -> Any:
        t = self.next()
        self.closers.append("rangle")
        a = self.expr()
        self.expect_op(",")
        b = self.expr()
        self.closers.pop()
        c = self.peek()
        if c is None or not c.is_cmd("rangle"):
            raise BadInput("\\langle is not closed by \\rangle", t.pos)
        self.next()
        if is_matrix(a) and is_matrix(b):
            if a.shape != b.shape:
                raise BadInput(f"inner product of a {shape_of(a)} and a {shape_of(b)} expression", t.pos)
            return a.T * b
        return mul(a, b, t.pos)

    def square_root(self) -> Any:
        t = self.next()
        index = sp.Integer(2)
        if (p := self.peek()) is not None and p.is_op("["):
            index = self.group("[", "]")
        arg = as_scalar(self.group("{", "}"), "a square root", t.pos)
        return power(arg, 1 / as_scalar(index, "a root index", t.pos), t.pos)

    def function(self) -> Any:
        """``\\log x``, ``\\sin(2x)``: a known function of a scalar."""
        t = self.next()
        name = t.text
        p = self.peek()
        if p is not None and p.is_op("^"):  # \log^2 x
            raise BadInput(f"write (\\{name} x)^k rather than \\{name}^k x", p.pos)
        if p is not None and p.is_op("("):
            arg = self.group("(", ")")
        else:  # ISO 80000-2: \sin 2x is sin(2x), \sin 2\pi t is sin(2 pi t); \sin x \cos x stops at \cos
            arg = self.postfix()
            while (q := self.peek()) is not None and self._simple_factor(q):
                arg = mul(arg, self.postfix(), q.pos)
        return FUNCS[name](as_scalar(arg, f"\\{name}", t.pos))

    def _simple_factor(self, q: Tok) -> bool:
        """Does ``q`` start a factor that joins an unparenthesized function argument (a number or a
        name, not a function application, bracket, fraction, operator or another function)?"""
        if q.kind == "num":
            return True
        nxt = self.peek(1)
        if q.kind == "letter":
            return not (self.nt.is_function(q.text) and nxt is not None and nxt.is_op("("))
        return q.kind == "cmd" and (q.text in GREEK or q.text in ACCENTS or q.text == "pi")

    def blackboard(self) -> Any:
        """``\\mathbb{E}[X]`` (an expectation; ``\\mathbb{E}_{\\xi}``: the measure is not modelled)."""
        t = self.next()
        inner = self.braced_tokens()
        letter = "".join(x.text for x in inner)
        if letter != "E":
            raise BadInput(f"\\mathbb{{{letter}}} is not an expression", t.pos)
        if (s := self.peek()) is not None and s.is_op("_"):
            self.skip_subscript()
        p = self.peek()
        if p is None or not p.is_op("[", "("):
            raise BadInput("\\mathbb{E} needs a bracketed argument: \\mathbb{E}[X]", t.pos)
        arg = self.group("[", "]") if p.is_op("[") else self.group("(", ")")
        if is_matrix(arg):
            raise BadInput("\\mathbb{E} of a vector or matrix is not supported", t.pos)
        return Expectation(arg)
