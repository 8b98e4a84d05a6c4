"""Primaries of the parser that bracket or apply: ``|a|``, ``\\|x\\|``, ``\\langle a, b \\rangle``,
``\\sqrt``, ``\\sin``/``\\log``/..., ``\\mathbb{E}[X]``."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.ambiguity import refuse_scalar_matrix_function
from symgd.latex.cursor import Cursor
from symgd.latex.matrix_notation import FROBENIUS_SUBSCRIPTS, energy_norm, frobenius_inner, frobenius_norm
from symgd.latex.opnorm import SPECTRAL_SUBSCRIPTS
from symgd.latex.shapes import Norm, Norm1, NormInf, as_scalar, mul, power, shape_of
from symgd.latex.tokens import Tok
from symgd.latex.vocabulary import ACCENTS, FUNCS, GREEK

__all__ = ["MATRIX_ENVIRONMENTS", "BracketsMixin"]

MATRIX_ENVIRONMENTS = ("bmatrix", "pmatrix", "matrix", "Bmatrix")
SIGN = ("sign", "sgn")
_NORMS = {"2": Norm, "1": Norm1, "infty": NormInf}  # the subscript of \|x\|_k  # \operatorname{sign}(x): SymPy's sign


def _norm(v: Any, written: str, pos: int) -> Any:
    """The Euclidean norm of a vector; of a square matrix it is refused (determinant, spectral or Frobenius?)."""
    if 1 not in v.shape:
        raise BadInput(f"{written} of a {shape_of(v)} matrix is ambiguous: write \\det(A), \\|A\\|_2 for the spectral "
                       "norm, or the norm of a vector", pos)
    return Norm(v)


class BracketsMixin(Cursor):
    """Bracketing and function primaries (``expr``/``postfix``/``group`` come from the parser)."""

    def abs_bars(self) -> Any:
        t = self.next()
        self.closers.append("|")
        v = self.expr()
        self.closers.pop()
        self.expect_op("|")
        return sp.Abs(v) if not is_matrix(v) else _norm(v, "|A|", t.pos)

    def norm(self) -> Any:
        t = self.next()
        self.closers.append("\\|")
        v = self.expr()
        self.closers.pop()
        c = self.peek()
        if c is None or not c.is_cmd("|"):
            raise BadInput("a norm \\| is not closed", t.pos)
        self.next()
        self._subscript_first()  # \|x\|^2_2 is \|x\|_2^2
        kind = "2"
        if (s := self.peek()) is not None and s.is_op("_"):  # \|x\|_2 is the Euclidean norm
            self.next()
            sub = self.braced_tokens() if self.peek() and self.peek().is_op("{") else [self.next()]
            kind = "".join(x.text for x in sub)
            if kind in SPECTRAL_SUBSCRIPTS and is_matrix(v) and 1 not in v.shape:  # \|A\|_2: symgd.latex.opnorm
                return self.spectral_norm(v, t.pos)
            if kind in FROBENIUS_SUBSCRIPTS:  # \|A\|_F: symgd.latex.matrix_notation
                return frobenius_norm(v, t.pos)
            if kind not in _NORMS and (energy := energy_norm(self, v, sub, t.pos)) is not None:  # \|x\|_A
                return energy
            if kind not in _NORMS:
                raise BadInput("only the norms \\|x\\|_2 (Euclidean), \\|x\\|_1 and \\|x\\|_\\infty of a vector are "
                               "understood", s.pos)
        if not is_matrix(v):
            return sp.Abs(v)
        if kind != "2" and 1 not in v.shape:
            raise BadInput(f"\\|A\\|_{kind} of a {shape_of(v)} matrix (an induced or an entrywise norm?) is not "
                           "understood: write the norm of a vector", t.pos)
        return _norm(v, "\\|A\\|", t.pos) if kind == "2" else _NORMS[kind](v)

    def _subscript_first(self) -> None:
        """``^{a}_{b}`` ahead: move the subscript before the superscript (a norm's index, then its power)."""
        toks, j = self.toks, self.i
        if j >= len(toks) or not toks[j].is_op("^"):
            return
        end = self._group_end(j + 1)
        if end is None or end + 1 >= len(toks) or not toks[end + 1].is_op("_"):
            return
        sub_end = self._group_end(end + 2)
        if sub_end is None:
            return
        self.toks[j : sub_end + 1] = [*toks[end + 1 : sub_end + 1], *toks[j : end + 1]]

    def _group_end(self, k: int) -> int | None:
        """The index of the last token of the group or single token at ``k``."""
        if k >= len(self.toks):
            return None
        if not self.toks[k].is_op("{"):
            return k
        depth = 0
        for m in range(k, len(self.toks)):
            depth += self.toks[m].is_op("{") - self.toks[m].is_op("}")
            if depth == 0:
                return m
        return None

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
            return a.T * b if 1 in a.shape else frobenius_inner(a, b)  # of matrices: tr(A^T B), matrix_notation
        if is_matrix(a) or is_matrix(b):  # \langle x, 0 \rangle: the zero vector; a scalar otherwise is a slip
            if (b if is_matrix(a) else a) == 0:
                return sp.Integer(0)
            raise BadInput(f"inner product of a {shape_of(a)} and a {shape_of(b)} expression", t.pos)
        return mul(a, b, t.pos)

    def square_root(self) -> Any:
        t = self.next()
        index = sp.Integer(2)
        if (p := self.peek()) is not None and p.is_op("["):
            index = self.group("[", "]")
        arg = as_scalar(self.group("{", "}"), "a square root", t.pos)
        return power(arg, 1 / as_scalar(index, "a root index", t.pos), t.pos)

    def function(self, name: str | None = None) -> Any:
        """``\\log x``, ``\\sin(2x)``: a known function of a scalar (``name``: read from a font command);
        ``\\sin^2 x`` is (sin x)^2 (a positive whole power written on the function)."""
        t = self.next() if name is None else self.toks[self.i - 1]
        name = name or t.text
        base = self._log_base(name)
        k = self._function_power(name)
        arg = self._function_argument(name)
        value = FUNCS[name](as_scalar(arg, f"\\{name}", t.pos))
        if base is not None:  # \log_2 x = ln x / ln 2
            value = value / sp.log(base)
        return value if k is None else power(value, k, t.pos)

    def _log_base(self, name: str) -> Any:
        """``\\log_2 x``, ``\\log_{10} x``, ``\\log_b x``: the base (consumed), None without a subscript.  A base
        that is no logarithm's (0, 1, a negative number) and a subscript on another function are refused."""
        p = self.peek()
        if p is None or not p.is_op("_"):
            return None
        if name != "log":
            raise BadInput(f"a subscript on \\{name} is not understood (\\log_2 x is the base-2 logarithm)", p.pos)
        self.next()
        base = as_scalar(self.script(), "a logarithm's base", p.pos)
        if base.is_number and (base <= 0 or base == 1):
            raise BadInput(f"\\log_{{{base}}}: a logarithm's base is positive and not 1", p.pos)
        return base

    def _function_power(self, name: str) -> Any:
        """``\\sin^2 x``, ``\\log^{3} x``, ``\\cos^2(\\theta)``: the power (consumed), None without one.  Only a
        positive whole number: ``\\sin^{-1} x`` is arcsin x in one convention and 1/sin x in another, and a
        symbolic ``\\sin^k x`` may be either (k = -1); ``\\sin^{(k)}`` reads like a derivative.  Refused."""
        p = self.peek()
        if p is None or not p.is_op("^"):
            return None
        q = self.peek(1)
        suggestion = f"write (\\{name} x)^{{k}} for a power"
        if q is not None and q.is_op("{") and (r := self.peek(2)) is not None and r.is_op("-"):
            raise BadInput(f"\\{name}^{{-k}} is ambiguous (an inverse function, as in \\sin^{{-1}} = arcsin, or a "
                           f"reciprocal power?): write \\frac{{1}}{{\\{name} x}} or (\\{name} x)^{{-1}} for the "
                           "reciprocal; inverse functions are not supported", p.pos)
        if q is not None and q.is_op("{") and (r := self.peek(2)) is not None and r.is_op("("):
            raise BadInput(f"\\{name}^{{(k)}} (a derivative or a power?) is not understood: {suggestion}", p.pos)
        self.next()
        k = self.script()
        if not (isinstance(k, sp.Integer) and k > 0):
            raise BadInput(f"\\{name}^{{...}} is understood for a positive whole power (\\{name}^2 x is "
                           f"(\\{name} x)^2): {suggestion}", p.pos)
        return k

    def matrix_function(self, name: str | None = None) -> Any:
        """``\\det(A)``, ``\\operatorname{tr}(A)``, ``\\mathrm{tr}\\,A``: determinant and trace of a square matrix."""
        t = self.next() if name is None else self.toks[self.i - 1]
        name = (name or t.text).lower()
        arg = self._function_argument(name)
        if not is_matrix(arg):  # \det(A + B) of scalars is A + B: it proved det(A + B) = det A + det B
            refuse_scalar_matrix_function(name, arg, t.pos)
            return arg
        if arg.shape[0] != arg.shape[1]:
            raise BadInput(f"the {'trace' if name == 'tr' else 'determinant'} of a {shape_of(arg)} expression", t.pos)
        return sp.Trace(arg) if name == "tr" else sp.Determinant(arg)

    def operator_name(self) -> Any | None:
        """``\\operatorname{tr}``, ``\\mathrm{det}``, ``\\operatorname{log}``: the operator; None for a name."""
        toks = self.toks[self.i : self.i + 2]
        if len(toks) < 2 or not toks[1].is_op("{"):
            return None
        j = self.i + 2
        while j < len(self.toks) and self.toks[j].kind == "letter":
            j += 1
        word = "".join(x.text for x in self.toks[self.i + 2 : j])
        if j >= len(self.toks) or not self.toks[j].is_op("}") or (word.lower() not in (*FUNCS, "tr", "det")
                                                                       and word not in SIGN):
            return None
        if word in SIGN and self.nt.is_function(word):  # declared --function sign: an application
            return None
        self.i = j + 1
        if word in SIGN:  # \operatorname{sign}(x), \mathrm{sgn}\,x: SymPy's sign (0 at 0)
            return sp.sign(as_scalar(self._function_argument(word), f"\\operatorname{{{word}}}", self.pos()))
        if word in FUNCS:
            return self.function(word)
        return self.matrix_function(word)

    def _function_argument(self, name: str) -> Any:
        p = self.peek()
        if p is not None and p.is_op("^"):  # \exp^2 after \operatorname: read by _function_power
            raise BadInput(f"write (\\{name} x)^k rather than \\{name}^k x", p.pos)
        if p is not None and p.is_op("("):
            return self.group("(", ")")
        # ISO 80000-2: \sin 2x is sin(2x), \sin 2\pi t is sin(2 pi t); \sin x \cos x stops at \cos.  The argument is
        # numeric factors (2, \pi) and at most one more factor: \sin x y is sin(xy) in one reading, y sin x in another
        arg = self.postfix()
        while (q := self.peek()) is not None and self._simple_factor(q):
            if not (isinstance(arg, sp.Basic) and arg.is_number):
                a, b = self._shown(p, q), ("\\" if q.kind == "cmd" else "") + q.text
                raise BadInput(f"'\\{name} {a} {b}' is ambiguous (\\{name}({a} {b}) or {b} \\{name} {a}?): write the "
                               f"argument in parentheses, \\{name}(...)", q.pos)
            arg = mul(arg, self.postfix(), q.pos)
        if (q := self.peek()) is not None and q.is_op("/") and not (self.peek(1) is not None and self.peek(1).kind == "cmd"
                                                                 and self.peek(1).text in FUNCS):
            a = self._shown(p, q)  # \sin \pi/2: sin(pi/2) or sin(pi)/2?  (\log x / \log 2 is a quotient of logs)
            raise BadInput(f"'\\{name} {a}/...' is ambiguous (\\{name}({a}/...) or (\\{name} {a})/...?): write the "
                           f"argument in parentheses, \\{name}(...)", q.pos)
        return arg

    def _shown(self, start: Tok | None, stop: Tok) -> str:
        """The source text of the tokens from ``start`` up to (not including) ``stop``, for a message."""
        if start is None:
            return ""
        k = self.toks.index(start)
        out = []
        while k < len(self.toks) and self.toks[k] is not stop and len(out) < 12:
            x = self.toks[k]
            out.append(("\\" + x.text + " ") if x.kind == "cmd" else x.text)
            k += 1
        return "".join(out).strip().replace(" _", "_").replace(" ^", "^").replace(" }", "}").replace(" {", "{")

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
        if letter == "I":  # \mathbb{I}, as SymPy prints the identity matrix
            return self.nt.identity(t.pos)
        if letter != "E":
            raise BadInput(f"\\mathbb{{{letter}}} is not an expression", t.pos)
        return self.expectation(t)  # linear, with its measure: symgd.latex.expectation

    def environment(self) -> Any:
        """``\\begin{bmatrix} 10 & 0 \\\\ 0 & 26 \\end{bmatrix}`` (also pmatrix, matrix): a concrete matrix."""
        t = self.next()
        kind = "".join(x.text for x in self.braced_tokens())
        if kind in ("cases", "dcases"):  # a function defined by cases: a Piecewise
            from symgd.latex.cases import read_cases

            return read_cases(self, t, kind)
        if kind not in MATRIX_ENVIRONMENTS:
            raise BadInput(f"the environment {kind!r} is not an expression (matrices: {', '.join(MATRIX_ENVIRONMENTS)})",
                           t.pos)
        rows = self.environment_rows(kind)
        if not rows or any(len(r) != len(rows[0]) for r in rows) or any(not e for r in rows for e in r):
            raise BadInput("a matrix needs the same number of entries in every row, none empty", t.pos)
        entries = []
        for r in rows:
            row = []
            for e in r:
                p = self.sub(e)
                v = p.expr()
                if p.peek() is not None:
                    raise BadInput("cannot read a matrix entry", e[0].pos)
                if is_matrix(v):
                    raise BadInput("a matrix entry must be a scalar", e[0].pos)
                row.append(v)
            entries.append(row)
        return sp.ImmutableMatrix(entries)
