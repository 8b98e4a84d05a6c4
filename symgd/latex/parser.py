"""The recursive-descent parser of one side of a relation: sums, products (explicit and implicit),
quotients, unary signs, powers, transposes and the dispatch of primaries.  Names, calculus and
bracketing primaries live in the mixins it is made of (``parser_names``, ``parser_calculus``,
``parser_series``, ``parser_brackets``); the shape rules in :mod:`symgd.latex.shapes`."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.ambiguity import (
    refuse_juxtaposed_numbers,
    refuse_number_after_name,
    refuse_scalar_after_row,
    refuse_scalar_transpose,
)
from symgd.latex.cursor import MAX_DEPTH
from symgd.latex.expectation import ExpectationMixin
from symgd.latex.matrix_notation import matrix_primary
from symgd.latex.parser_brackets import BracketsMixin
from symgd.latex.parser_calculus import CalculusMixin
from symgd.latex.parser_names import NamesMixin
from symgd.latex.parser_series import SeriesMixin
from symgd.latex.shapes import add, as_scalar, dot, mul, power, transpose
from symgd.latex.tokens import Tok, show
from symgd.latex.tuples import tuple_vector
from symgd.latex.vocabulary import ACCENTS, FONT, FUNCS, GREEK

__all__ = ["Parser"]

# command -> the method that reads the primary it starts
_PRIMARIES = {"frac": "frac", "dfrac": "frac", "tfrac": "frac", "sqrt": "square_root", "|": "norm",
              "langle": "inner_product", "evalopen": "evaluation", "nabla": "nabla", "sum": "big_operator",
              "prod": "big_operator", "int": "integral", "mathbb": "blackboard", "det": "matrix_function", "begin": "environment", "lim": "limit",
              "max": "extremum", "min": "extremum", "evalbar": "stray_bar", "infty": "infinity_operand",
              **dict.fromkeys(FUNCS, "function")}


class Parser(NamesMixin, CalculusMixin, SeriesMixin, BracketsMixin, ExpectationMixin):
    """Recursive descent over the tokens of one side; builds SymPy objects directly."""

    def parse(self) -> Any:
        out = self.expr()
        if self.peek() is not None:
            t = self.peek()
            raise BadInput(f"unexpected {show(t)}", t.pos)
        return out

    # --------------------------------------------------------------- grammar
    def expr(self) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise BadInput("the expression is nested too deeply", self.pos())
        out = self.bar_after(self.term(), None)  # f'(t) \Big|_{t=0}: symgd.latex.evaluation
        while (t := self.peek()) is not None and (t.is_op("+", "-") or t.is_cmd("pm", "mp")):
            if t.kind == "cmd":  # a \pm b: two values (symgd.latex.plusminus reads it in a definition)
                raise BadInput(f"\\{t.text} gives two values: check each sign as its own claim, or define two names "
                               f"in an assumption (z_{{1,2}} = a \\{t.text} b defines z_1 and z_2)", t.pos)
            self.next()
            rhs = self.bar_after(self.term(), out)
            out = add(out, -rhs if t.text == "-" else rhs, t.pos)
        self.depth -= 1
        return out

    def term(self) -> Any:
        out = self.unary()
        while (t := self.peek()) is not None:
            if t.is_op("*") or t.is_cmd("cdot", "times", "ast"):
                self.next()
                out = (dot if t.is_cmd("cdot") else mul)(out, self.unary(), t.pos)
            elif t.is_op("/"):
                self.next()
                out = self.divide(out, self.unary(), t.pos)
                if (q := self.peek()) is not None and self.starts_operand(q):  # 1/2L: 1/(2L) or L/2?
                    raise BadInput("ambiguous a/b c: write \\frac{a}{b c} or (a/b) c", t.pos)
            elif self.starts_operand(t):
                refuse_juxtaposed_numbers(self.toks, self.i)  # 2 3: 6, 23 or a mixed number?
                refuse_number_after_name(self.toks, self.i)  # x2, ‖x‖2: x^2 or x_2 copied from a PDF?
                factor = self.postfix()
                refuse_scalar_after_row(out, factor, self.nt, t.pos)  # x^T A y with A undeclared
                out = mul(out, factor, t.pos)
            else:
                break
        return out

    def divide(self, a: Any, b: Any, pos: int) -> Any:
        if is_matrix(b):
            b = as_scalar(b, "a denominator", pos)
        if b == 0:
            raise BadInput("division by zero", pos)
        return a * power(b, sp.Integer(-1), pos) if not is_matrix(a) else a * (1 / b)

    def unary(self) -> Any:
        t = self.peek()
        if t is not None and t.is_op("-", "+"):
            self.next()
            v = self.unary()
            return -v if t.text == "-" else v
        return self.postfix()

    def starts_operand(self, t: Tok) -> bool:
        if t.kind in ("letter", "num"):
            return True
        if t.is_op("(", "[", "{"):
            return True
        if t.is_op("|"):
            return "|" not in self.closers
        if t.kind == "cmd":
            if t.text == "|":
                return "\\|" not in self.closers
            return t.text in GREEK or t.text in (
                "frac", "dfrac", "tfrac", "sqrt", "langle", "nabla", "mathbb", "mathcal", "pi", "ell", "partial", "sum",
                "prod", "evalopen", "int", "det", "begin", "lim", "max", "min",
                *FUNCS, *ACCENTS, *FONT)
        return False

    def postfix(self) -> Any:
        val = self.primary()
        squared: tuple[sp.Symbol, Any] | None = None  # \sigma^{2}_{t}: the subscript still belongs to the name
        while (t := self.peek()) is not None:
            if t.is_op("^"):
                self.next()
                letter_t = self._letter_t_next()
                if self.is_transpose(val):
                    if letter_t and not is_matrix(val):  # x^T of a scalar: a transpose would silently drop a power
                        raise BadInput("^T of a scalar is ambiguous: declare T (T \\in \\mathbb{N}) for a power, "
                                       "or the base as a vector (--vector) for a transpose", t.pos)
                    if not is_matrix(val):  # (a + b)^\top: not silently a (symgd.latex.ambiguity)
                        refuse_scalar_transpose(t.pos)
                    val = transpose(val)
                    continue
                exp = self.script()
                squared = (val, exp) if isinstance(val, sp.Symbol) and squared is None else None
                val = power(val, exp, t.pos)
            elif t.is_op("_") and squared is not None and "_" not in squared[0].name:
                self.next()
                base, exp = squared
                val = power(self.nt.symbol(base.name + "_{" + self._subscript_text() + "}"), exp, t.pos)
                squared = None
            elif t.is_op("'"):
                raise BadInput("a prime after an expression (write f'(x) or name it)", t.pos)
            elif t.is_op("!"):
                self.next()
                if is_matrix(val):
                    raise BadInput("the factorial of a vector or matrix", t.pos)
                # n! of a large integer is computed in the budgeted worker, not while parsing (10^6! takes 9 s)
                val = sp.factorial(val, evaluate=not (val.is_Integer and val > 1000))
            elif t.is_op("_"):
                raise BadInput("a subscript here is not understood", t.pos)
            else:
                break
        return val

    def _bold_zero(self) -> bool:
        """Is ``\\mathbf{0}`` (or ``\\mathbf 0``) ahead?  Consumes it."""
        toks = self.toks[self.i + 1 : self.i + 4]
        width = 4 if len(toks) == 3 and toks[0].is_op("{") and toks[2].is_op("}") else 2
        digit = toks[1] if width == 4 else (toks[0] if toks else None)
        if digit is None or digit.kind != "num" or digit.text != "0":
            return False
        self.i += width
        return True

    def _letter_t_next(self) -> bool:
        """Is the exponent just the letter T (``^T`` or ``^{T}``)?"""
        t = self.peek()
        if t is not None and t.kind == "letter" and t.text == "T":
            return True
        toks = self.toks[self.i:self.i + 3]
        return (len(toks) == 3 and toks[0].is_op("{") and toks[1].kind == "letter" and toks[1].text == "T"
                and toks[2].is_op("}"))

    def is_transpose(self, operand: Any = None) -> bool:
        # ^T of a scalar is a power when T is an assumed scalar; of a vector or matrix it is the transpose
        power_t = self.nt.power_t() and not is_matrix(operand)
        t = self.peek()
        if t is None:
            return False
        if (t.kind == "letter" and t.text == "T" and not power_t) or t.is_cmd("top", "intercal", "tran"):
            self.next()
            return True
        if t.is_op("{"):
            inner = []
            j = self.i + 1
            while j < len(self.toks) and not self.toks[j].is_op("}"):
                inner.append(self.toks[j])
                j += 1
            text = "".join(x.text for x in inner)
            if len(inner) <= 4 and text in ("T", "top", "intercal", "mathsf{T", "mathrm{T", "tran") and not (
                    text == "T" and power_t):
                if inner and inner[0].kind == "cmd" and inner[0].text in ("mathsf", "mathrm"):
                    j += 1  # the inner group's closing brace
                self.i = j + 1
                return True
        return False

    def script(self) -> Any:
        """The argument of ^ : a group, or a single token (x^23 is x^2 times 3)."""
        t = self.peek()
        if t is None:
            raise BadInput("a superscript is missing", self.pos())
        if t.is_op("{"):
            return self.group("{", "}")
        if t.kind == "num":
            self.next()
            if len(t.text) > 1:  # push the rest of the digits back
                rest = Tok("num", t.text[1:], t.pos + 1)
                self.toks.insert(self.i, rest)
                if "." in t.text[1:2]:
                    raise BadInput("a decimal exponent needs braces", t.pos)
            return sp.Integer(t.text[0])
        if t.is_op("-"):
            raise BadInput("a negative exponent needs braces: ^{-1}", t.pos)
        return self.primary(single=True)

    def group(self, open_: str, close: str) -> Any:
        at = self.i
        self.expect_op(open_)
        self.closers.append(close)
        val = self.expr()
        if open_ == "(" and (t := self.peek()) is not None and t.is_op(","):  # (1, 2)^T: symgd.latex.tuples
            return tuple_vector(self, val, at)
        self.closers.pop()
        self.expect_op(close)
        return val

    def args(self, open_: str = "(", close: str = ")") -> list[Any]:
        self.expect_op(open_)
        self.closers.append(close)
        vals = [self.expr()]
        while (t := self.peek()) is not None and t.is_op(","):
            self.next()
            vals.append(self.expr())
        self.closers.pop()
        self.expect_op(close)
        return vals


    # --------------------------------------------------------------- primaries
    def primary(self, single: bool = False) -> Any:
        t = self.peek()
        if t is None:
            raise BadInput("an operand is missing", self.pos())
        if (t.kind == "cmd" or t.is_op("[")) and (m := matrix_primary(self)) is not None:  # symgd.latex.matrix_notation
            return m
        if t.kind == "num":
            self.next()
            return sp.Rational(t.text) if "." in t.text else sp.Integer(t.text)
        if t.is_op("(", "{", "["):
            return self.group(t.text, {"(": ")", "{": "}", "[": "]"}[t.text])
        if t.is_op("|"):
            return self.abs_bars()
        if t.is_cmd("mathbf", "boldsymbol", "bm") and self._bold_zero():  # \mathbf{0}: the zero vector
            return sp.ZeroMatrix(self.nt.dim, 1)
        if t.kind == "cmd" and t.text in FONT and (op := self.operator_name()) is not None:
            return op
        if self.expectation_letter():  # E[v_t]: the expectation (symgd.latex.expectation)
            return self.expectation(self.next())
        if (extreme := self.spectral_value()) is not None:  # \lambda_{\max}(A): symgd.latex.opnorm
            return extreme
        if t.kind == "letter" or (t.kind == "cmd" and (t.text in GREEK or t.text in ACCENTS or t.text in FONT
                                                         or t.text in ("mathcal", "ell"))):
            return self.name_or_application(single)
        if t.kind != "cmd":
            raise BadInput(f"unexpected {t.text!r}", t.pos)
        if t.text == "pi":
            nxt = self.peek(1)
            if nxt is not None and nxt.is_op("_"):  # \pi_1 is a variable (a probability), \pi the constant
                return self.name_or_application(single)
            self.next()
            return sp.pi
        if t.text in _PRIMARIES:
            return getattr(self, _PRIMARIES[t.text])()
        if t.text == "partial":
            return self.partial_index()
        raise BadInput(f"unknown command \\{t.text}", t.pos)
