"""The documents' LaTeX notation, read into SymPy objects (no string ever reaches eval/sympify).

Pipeline: a small tokenizer (positions kept for error messages) -> a recursive-descent parser
for the arithmetic (``+ - \\cdot / ^``, ``\\frac``, ``\\sqrt``, implicit products) -> SymPy
objects built directly with shape-aware rules (scalars, vectors ``n x 1``, matrices ``n x n``).

This parser is the authority for `symgd check`; ``latex2sympy2_extended`` is not a runtime
dependency (it is in the ``dev`` extra) and nothing under ``symgd/`` or ``derivations/`` imports it.
On this notation it gives wrong answers silently, which a checker cannot afford -- even with its best
configuration ``2 3`` and ``(2)(3)`` parse as 5 (its mixed-number rule ignores
``interpret_as_mixed_fractions=False``), ``\\alpha'`` loses its prime (so ``\\alpha' = \\alpha`` would be
*proved*), ``f(1-x)`` is a product but ``f(x)`` an application, ``\\log`` is base 10, ``\\gamma`` and
``\\Gamma`` become Euler's constant, ``I`` the imaginary unit, decimals binary floats, ``x^T`` the scalar
x; ``\\|x\\|``, ``\\langle a, b \\rangle``, ``x^\\top``, ``\\lambda_{\\max}`` are not understood; and it runs
``parse_expr`` (Python evaluation) on strings passed as ``variable_values``.  It has one role: an
independent oracle in ``tests/test_notation_oracle.py`` -- a table of every deliberate divergence (each
asserted on both sides, so a new release is noticed) and differential tests on the common sublanguage
(hypothesis-generated expressions and the corpus claims), which found bugs fixed here (``x^{\\prime}``,
``\\sin 2x``, ``e^{(8)}``, ``1/2L``).

What the notation means:

- Names: a letter or Greek letter with accents (``\\hat{m}``), subscripts (``x_{t+1}``,
  ``\\lambda_{\\max}``), primes and ``^*``/``^+`` form ONE symbol; ``ab`` is ``a b``;
  ``\\beta_2^t`` is ``\\beta_2`` to the power ``t``; ``e`` is Euler's number, ``\\pi`` is pi.
- Declared vectors / matrices (by base name: ``x`` covers ``x_t``, ``x^*``) are ``MatrixSymbol``s
  of the symbolic size ``n``; names inside ``\\|.\\|``, ``\\langle .,. \\rangle`` or transposed are
  vectors unless declared otherwise.  A scalar product of vectors is a 1x1 matrix expression.
- ``f(x)`` is an application only for function names (``f, F, \\ell, \\phi, \\psi``, any
  ``\\mathcal{X}`` and those declared); otherwise ``x(1-x)`` is a product.
- ``\\nabla f(x)``, ``\\nabla^2 f(x)``, ``f'(x)``: derivatives for a scalar ``x``; for a vector
  ``x`` an opaque vector / symmetric matrix named after the point.
- ``\\frac{d}{dt} u``, ``\\frac{du}{dt}``, ``\\partial``: derivatives (a differentiated plain name
  is a function of the variable).  ``\\mathbb{E}[u]``: :class:`symgd.core.symbols.Expectation`.
- ``\\log`` and ``\\ln`` are the natural logarithm; a function argument without parentheses is the product of
  the numbers and names that follow (``\\sin 2x`` is sin(2x), ``\\sin x \\cos x`` two factors).
- ``^T`` is a transpose of a vector or matrix; on a scalar it is a power when an assumption names ``T``
  (``T \\in \\mathbb{N}``: ``(1 - 1/\\kappa)^T`` is a rate) and refused as ambiguous otherwise.  ``x^{(k)}`` (a simple index in parentheses) is a name.
- ``a/b c`` (``1/2L``: 1/(2L) or L/2?) is ambiguous and refused; ``a/b \\cdot c`` is (a/b) c.
- ``O(\\eta^k)`` is a remainder (see :func:`remove_remainders`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.errors import BadInput
from symgd.core.symbols import Expectation

__all__ = [
    "DIM",
    "MAX_LENGTH",
    "BigO",
    "Norm",
    "Notation",
    "Relation",
    "Side",
    "check_whitelist",
    "remove_remainders",
    "split_relations",
    "tokenize",
]

MAX_LENGTH = 20_000  # characters of one claim; longer input is refused before any parsing
MAX_DEPTH = 200  # nesting of brackets
DIM = sp.Symbol("n", integer=True, positive=True)  # the symbolic size of declared vectors
# Greek letters are symbols (never Euler's gamma, never lower-cased); \pi is the constant.
GREEK = set(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi omicron "
    "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split()
)
_UNICODE_GREEK = dict(zip("αβγδεζηθικλμνξοπρςστυφχψωϑϕϵΓΔΘΛΞΠΣΥΦΨΩ", (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho varsigma sigma tau "
    "upsilon phi chi psi omega vartheta varphi varepsilon Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi "
    "Omega").split(), strict=True))
UNICODE = {k: "\\" + v for k, v in _UNICODE_GREEK.items()}
UNICODE.update({"∇": "\\nabla", "⟨": "\\langle", "⟩": "\\rangle", "≤": "\\le", "≥": "\\ge", "·": "\\cdot",
                "−": "-", "∥": "\\|", "×": "\\times", "²": "^2", "³": "^3", "∂": "\\partial", "⊤": "\\top",
                "∞": "\\infty", "≈": "\\approx"})

RELATIONS = {"=": "=", "<": "<", ">": ">", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=",
             "\\geq": ">=", "\\geqslant": ">=", "\\lt": "<", "\\gt": ">", "\\in": "in"}
SPACING = {",", ";", "!", ":", " ", "quad", "qquad", "displaystyle", "textstyle", "nonumber", "notag", "left",
           "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl",
           "Biggr", "middle", "limits"}
FONT = {"mathrm", "mathbf", "mathit", "boldsymbol", "bm", "mathsf", "text", "textrm", "operatorname", "mathnormal"}
ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde", "widetilde": "tilde",
           "vec": "vec", "dot": "dot", "ddot": "ddot", "check": "check", "breve": "breve"}
FUNCS = {"exp": sp.exp, "ln": sp.log, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
         "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh}
DEFAULT_FUNCTIONS = frozenset({"f", "F", "ell", "phi", "psi", "varphi"})
TRANSPOSE = {"T", "top", "intercal", "mathsf{T}", "mathrm{T}", "tran"}
NAME_SUPERSCRIPTS = {"*": "*", "+": "+", "\\star": "*", "\\ast": "*", "\\prime": "'", "\\dagger": "\\dagger"}
_MAX_POW_BITS = 4096  # numeric powers bigger than this stay unevaluated (2^{10^9} must not be computed)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Tok:
    kind: str  # "cmd" (text without backslash), "letter", "num", "op", "end"
    text: str
    pos: int

    def is_op(self, *texts: str) -> bool:
        return self.kind == "op" and self.text in texts

    def is_cmd(self, *names: str) -> bool:
        return self.kind == "cmd" and self.text in names


_OPS = set("+-*/=<>()[]{}^_,|'!&.:;~")


def tokenize(text: str) -> list[Tok]:
    """Split LaTeX into tokens; unknown characters are refused with their position."""
    if not isinstance(text, str):
        raise BadInput("the claim must be text")
    if len(text) > MAX_LENGTH:
        raise BadInput(f"input too long ({len(text)} characters; the limit is {MAX_LENGTH})")
    toks: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif c == "%":  # a LaTeX comment runs to the end of the line
            while i < n and text[i] != "\n":
                i += 1
        elif c == "\\":
            j = i + 1
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            if j == i + 1:
                if j >= n:
                    raise BadInput("a lone backslash at the end", i)
                j += 1
            toks.append(Tok("cmd", text[i + 1 : j], i))
            i = j
        elif c.isascii() and c.isalpha():
            toks.append(Tok("letter", c, i))
            i += 1
        elif c.isascii() and c.isdigit():
            j = i
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1].isascii() and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isascii() and text[j].isdigit():
                    j += 1
            toks.append(Tok("num", text[i:j], i))
            i = j
        elif c in _OPS:
            toks.append(Tok("op", c, i))
            i += 1
        elif c in UNICODE:
            sub = tokenize(UNICODE[c])
            toks.extend(Tok(t.kind, t.text, i) for t in sub)
            i += 1
        else:
            raise BadInput(f"unexpected character {c!r}", i)
    return [t for t in toks if not (t.kind == "op" and t.text == "~")]


def _drop_spacing(toks: list[Tok]) -> list[Tok]:
    """Drop spacing and sizing commands; ``\\left. X \\right|_{t=0}`` becomes an evaluation group."""
    out = []
    lefts: list[str] = []  # the delimiters of the open \left's
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.is_cmd("left") and nxt is not None:
            lefts.append(nxt.text)
            if nxt.is_op("."):  # \left. opens an invisible group: it may end in an evaluation bar
                out.append(Tok("cmd", "evalopen", t.pos))
                i += 2
                continue
        if t.is_cmd("right") and nxt is not None:
            opened = lefts.pop() if lefts else None
            if opened == ".":
                if nxt.is_op("|"):
                    out.append(Tok("cmd", "evalclose", nxt.pos))
                    i += 2
                    continue
                out.append(Tok("cmd", "evalclose", nxt.pos))
                out.append(Tok("cmd", "evalnone", nxt.pos))  # \left. X \right) : a plain group
                i += 2
                continue
        if t.kind == "cmd" and t.text in SPACING:
            if t.text in ("left", "right", "middle", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "bigg", "Bigg",
                          "biggl", "biggr", "Biggl", "Biggr") and nxt is not None and nxt.is_op("."):
                i += 1  # \right. is an invisible delimiter
            i += 1
            continue
        if t.kind == "cmd" and t.text in ("label", "tag"):  # \label{...}: skip the group
            i += 1
            if i < len(toks) and toks[i].is_op("{"):
                depth = 0
                while i < len(toks):
                    depth += toks[i].is_op("{") - toks[i].is_op("}")
                    i += 1
                    if depth == 0:
                        break
            continue
        out.append(t)
        i += 1
    return out


# --------------------------------------------------------------------------- relations


@dataclass(frozen=True)
class Side:
    toks: tuple[Tok, ...]
    pos: int
    text: str


@dataclass(frozen=True)
class Relation:
    rel: str  # "=", "<=", "<", ">=", ">", "in"
    pos: int


def split_relations(text: str) -> tuple[list[Side], list[Relation]]:
    """Split a (chain of) relations at the top-level relation symbols: sides and relations."""
    toks = _drop_spacing(tokenize(text))
    while toks and toks[-1].is_op(".", ","):  # a claim quoted from prose may end with punctuation
        toks.pop()
    sides: list[list[Tok]] = [[]]
    rels: list[Relation] = []
    depth = 0
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.is_op("(", "[", "{") or t.is_cmd("langle", "{", "evalopen"):
            depth += 1
        elif t.is_op(")", "]", "}") or t.is_cmd("rangle", "}", "evalclose"):
            depth -= 1
        rel = None
        if depth == 0:
            if t.is_op("=", "<", ">"):
                rel = t.text
                if t.text in "<>" and i + 1 < len(toks) and toks[i + 1].is_op("="):
                    rel += "="
                    i += 1
            elif t.is_op(":") and i + 1 < len(toks) and toks[i + 1].is_op("="):
                raise BadInput("':=' defines a name; a claim relates two expressions", t.pos)
            elif t.kind == "cmd" and "\\" + t.text in RELATIONS:
                rel = RELATIONS["\\" + t.text]
            elif t.is_cmd("ne", "neq"):
                rel = "!="  # only an assumption may say x \ne 0
            elif t.is_cmd("approx", "sim", "propto", "coloneqq", "equiv", "to", "rightarrow",
                          "iff", "implies", "Leftrightarrow", "Rightarrow", "ll", "gg"):
                raise BadInput(f"the relation \\{t.text} cannot be checked (use =, <, >, \\le, \\ge)", t.pos)
        if rel is not None:
            rels.append(Relation(rel, t.pos))
            sides.append([])
        elif not t.is_op("&"):
            sides[-1].append(t)
        i += 1
    out = []
    for k, s in enumerate(sides):
        if not s:
            where = rels[k - 1].pos if k else (rels[0].pos if rels else 0)
            raise BadInput("an empty side" if rels else "empty input", where)
        end = s[-1].pos + len(s[-1].text) + (1 if s[-1].kind == "cmd" else 0)
        out.append(Side(tuple(s), s[0].pos, text[s[0].pos : end]))
    return out, rels


# --------------------------------------------------------------------------- special objects


class Norm(sp.Function):
    """The Euclidean norm of a vector (evaluated for explicit matrices; nonnegative)."""

    nargs = 1
    is_commutative = True  # a scalar, although its argument is a matrix

    @classmethod
    def eval(cls, v: Any) -> Any:
        if isinstance(v, sp.MatrixBase):
            return sp.sqrt(sum(e**2 for e in v))
        return None

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return r"\left\|" + printer._print(self.args[0]) + r"\right\|"


class BigO(sp.Function):
    """A remainder ``O(var**k)`` as var -> 0, kept as a marker until :func:`remove_remainders`."""

    nargs = 2

    def _latex(self, printer: Any) -> str:
        return r"O\left(" + printer._print(self.args[0] ** self.args[1]) + r"\right)"


def is_mat(x: Any) -> bool:
    return isinstance(x, (MatrixExpr, sp.MatrixBase))


def _scalar(x: Any, what: str, pos: int) -> Any:
    """A scalar for a scalar-only context: 1x1 matrices become their trace."""
    if is_mat(x):
        if x.shape == (1, 1):
            return sp.Trace(x)
        raise BadInput(f"{what} needs a scalar, got a {_shape(x)} matrix", pos)
    return x


def _shape(x: Any) -> str:
    if not is_mat(x):
        return "scalar"
    return f"{x.shape[0]}x{x.shape[1]}"


def add(a: Any, b: Any, pos: int) -> Any:
    if is_mat(a) and is_mat(b):
        if a.shape != b.shape:
            raise BadInput(f"cannot add a {_shape(a)} and a {_shape(b)} expression", pos)
        return a + b
    if is_mat(a) or is_mat(b):
        m, s = (a, b) if is_mat(a) else (b, a)
        if m.shape != (1, 1):
            if s == 0:
                return m
            raise BadInput(f"cannot add a scalar and a {_shape(m)} expression", pos)
        return m + s * sp.Identity(1) if m is a else s * sp.Identity(1) + m
    return a + b


def mul(a: Any, b: Any, pos: int) -> Any:
    if is_mat(a) and is_mat(b):
        if a.shape[1] == b.shape[0]:
            return a * b
        if a.shape == (1, 1):
            return sp.Trace(a) * b
        if b.shape == (1, 1):
            return a * sp.Trace(b)
        raise BadInput(f"cannot multiply a {_shape(a)} by a {_shape(b)} expression", pos)
    return a * b


def power(base: Any, exp: Any, pos: int) -> Any:
    if is_mat(exp):
        exp = _scalar(exp, "an exponent", pos)
    if isinstance(base, Norm) and exp.is_Integer and exp > 0 and exp % 2 == 0:
        v = base.args[0]
        inner = v.T * v
        return inner if exp == 2 else sp.MatPow(inner, exp // 2)
    if is_mat(base):
        if base.shape[0] != base.shape[1]:
            raise BadInput(f"cannot raise a {_shape(base)} expression to a power (write \\|x\\|^2 for a norm)", pos)
        if exp.is_Integer:
            if exp == -1:
                return sp.Inverse(base)
            return sp.MatPow(base, exp)
        return _scalar(base, "a non-integer power", pos) ** exp
    if base.is_Number and exp.is_Number:
        if exp.is_Integer and base.is_Rational:
            bits = max(abs(base.p), abs(base.q)).bit_length() * abs(int(exp)) if abs(exp) < 10**7 else math.inf
            if bits > _MAX_POW_BITS:
                return sp.Pow(base, exp, evaluate=False)
    elif exp.is_Number and (exp.is_Integer and abs(exp) > 10**6):
        return sp.Pow(base, exp, evaluate=False)
    return base**exp


def transpose(a: Any) -> Any:
    return a.T if is_mat(a) else a


# --------------------------------------------------------------------------- the parser


@dataclass
class Notation:
    """What names mean: declared vectors, matrices, symmetric matrices, functions, assumptions.

    ``flags`` maps a symbol name to SymPy assumptions (``{"positive": True}``), which come from
    the claim's assumptions (``\\eta > 0``).  Every scalar symbol is real.
    """

    vectors: set[str] = field(default_factory=set)
    matrices: set[str] = field(default_factory=set)
    symmetric: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    flags: dict[str, dict[str, bool]] = field(default_factory=dict)
    inferred_vectors: set[str] = field(default_factory=set)
    made: dict[str, Any] = field(default_factory=dict)  # name -> the object it became

    @classmethod
    def make(cls, vectors: Iterable[str] = (), matrices: Iterable[str] = (), symmetric: Iterable[str] = (),
             functions: Iterable[str] = ()) -> Notation:
        def names(items: Iterable[str]) -> set[str]:
            out = set()
            for item in items:
                for part in str(item).split(","):
                    part = part.strip().lstrip("\\")
                    if part:
                        if not re.fullmatch(r"[A-Za-z]+(\{[A-Za-z]+\})?", part):
                            raise BadInput(f"not a name: {part!r}")
                        out.add(part)
            return out

        sym = names(symmetric)
        return cls(names(vectors), names(matrices) | sym, sym, names(functions))

    # ------------------------------------------------------------------ objects

    def base(self, name: str) -> str:
        """The declarable base of a symbol name: ``x`` for ``x_{t+1}``, ``theta`` for ``\\theta_0``."""
        b = re.split(r"[_^']", name, maxsplit=1)[0]
        for acc in ACCENTS.values():  # \hat{m} declares as m
            m = re.fullmatch(rf"\\{acc}\{{(.*)\}}", b)
            if m:
                b = m.group(1)
        return b.lstrip("\\")

    def kind(self, name: str) -> str:
        b = self.base(name)
        if b in self.matrices:
            return "matrix"
        if b in self.vectors or b in self.inferred_vectors:
            return "vector"
        return "scalar"

    def symbol(self, name: str) -> Any:
        kind = self.kind(name)
        if kind == "matrix":
            obj: Any = sp.MatrixSymbol(name, DIM, DIM)
        elif kind == "vector":
            obj = sp.MatrixSymbol(name, DIM, 1)
        else:
            flags = {"real": True, **self.flags.get(name, {})}
            obj = sp.Symbol(name, **flags)
        self.made[name] = obj
        return obj

    def power_t(self) -> bool:
        """Is ``^T`` a power?  Only when an assumption names T as a scalar (``T \\in \\mathbb{N}``, ``T > 0``):
        the documents write ^T for transposes, and a rate (1 - 1/\\kappa)^T needs T declared."""
        return "T" in self.flags

    def is_function(self, name: str) -> bool:
        b = self.base(name)
        return b in DEFAULT_FUNCTIONS or b in self.functions or b.startswith("mathcal{")

    def symmetric_symbols(self) -> set:
        out = set()
        for name, obj in self.made.items():
            if isinstance(obj, sp.MatrixSymbol) and obj.shape[0] == obj.shape[1] != 1:
                if self.base(name) in self.symmetric or name.startswith("\\nabla^{2}"):
                    out.add(obj)
        return out

    # ------------------------------------------------------------------ entry points

    def expression(self, side: Side) -> Any:
        """The SymPy object of one side of a relation."""
        if not side.toks:
            raise BadInput("empty expression", side.pos)
        self._infer(side.toks)
        try:
            p = _Parser(list(side.toks), self)
            out = p.parse()
        except RecursionError:
            raise BadInput("the expression is nested too deeply", side.pos) from None
        check_whitelist(out, side.pos)
        return out

    def _infer(self, toks: Iterable[Tok]) -> None:
        """Plain names inside \\|.\\| and \\langle .,. \\rangle, or transposed, are vectors (unless declared)."""
        toks = list(toks)
        inside = 0
        for i, t in enumerate(toks):
            if t.is_cmd("|", "langle"):
                inside = 1 - inside if t.text == "|" else 1
            elif t.is_cmd("rangle"):
                inside = 0
            elif t.kind == "letter" and (i == 0 or not toks[i - 1].is_cmd(*ACCENTS, *FONT, "mathcal", "nabla")):
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                transposed = nxt is not None and nxt.is_op("^") and i + 2 < len(toks) and (
                    toks[i + 2].is_cmd("top", "intercal")
                    or (toks[i + 2].kind == "letter" and toks[i + 2].text == "T" and not self.power_t()))
                alone = inside and (nxt is None or nxt.is_cmd("|", "rangle") or nxt.is_op(",", "-", "+", "_"))
                if (transposed or alone) and t.text not in self.matrices and not self.is_function(t.text):
                    if t.text not in ("e", "O") and (i == 0 or toks[i - 1].kind != "letter"):
                        self.inferred_vectors.add(t.text)


def check_whitelist(expr: Any, pos: int = 0) -> None:
    """Refuse any node that the notation layer does not build itself (defence in depth)."""
    allowed = (sp.Add, sp.Mul, sp.Pow, sp.Symbol, sp.Rational, sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.sinh,
               sp.cosh, sp.tanh, sp.Abs, sp.Derivative, sp.Subs, sp.MatrixSymbol, sp.MatAdd, sp.MatMul, sp.MatPow,
               sp.Transpose, sp.Inverse, sp.Identity, sp.Trace, sp.ZeroMatrix, Norm, BigO, Expectation, sp.Tuple,
               sp.Sum, sp.Product, sp.Integral)
    constants = (sp.pi, sp.E, sp.oo, -sp.oo)
    stack = [expr]
    seen = 0
    while stack:
        e = stack.pop()
        seen += 1
        if seen > 200_000:
            raise BadInput("the expression is too large", pos)
        if e in constants or isinstance(e, (sp.core.numbers.Integer, sp.core.numbers.Rational, sp.core.symbol.Str)):
            continue
        if isinstance(e, AppliedUndef):
            if not re.fullmatch(r"(\\?[A-Za-z]+(\{[A-Za-z]+\})?)([_^'].*)?", type(e).__name__):
                raise BadInput(f"function {type(e).__name__!r} is not allowed", pos)
        elif not isinstance(e, allowed):
            raise BadInput(f"{type(e).__name__} is not allowed in a claim", pos)
        stack.extend(a for a in e.args if isinstance(a, sp.Basic))


class _Parser:
    """Recursive descent over the tokens of one side; builds SymPy objects directly."""

    def __init__(self, toks: list[Tok], notation: Notation):
        self.toks = toks
        self.i = 0
        self.nt = notation
        self.closers: list[str] = []  # what closes the groups we are inside (for |, \|)
        self.depth = 0

    # --------------------------------------------------------------- helpers
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
            found = "the end" if t is None else _show(t)
            raise BadInput(f"expected '{text}' but found {found}", self.pos())
        return self.next()

    def parse(self) -> Any:
        out = self.expr()
        if self.peek() is not None:
            t = self.peek()
            raise BadInput(f"unexpected {_show(t)}", t.pos)
        return out

    # --------------------------------------------------------------- grammar
    def expr(self) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise BadInput("the expression is nested too deeply", self.pos())
        out = self.term()
        while (t := self.peek()) is not None and t.is_op("+", "-"):
            self.next()
            rhs = self.term()
            out = add(out, -rhs if t.text == "-" else rhs, t.pos)
        self.depth -= 1
        return out

    def term(self) -> Any:
        out = self.unary()
        while (t := self.peek()) is not None:
            if t.is_op("*") or t.is_cmd("cdot", "times", "ast"):
                self.next()
                out = mul(out, self.unary(), t.pos)
            elif t.is_op("/"):
                self.next()
                out = self.divide(out, self.unary(), t.pos)
                if (q := self.peek()) is not None and self.starts_operand(q):  # 1/2L: 1/(2L) or L/2?
                    raise BadInput("ambiguous a/b c: write \\frac{a}{b c} or (a/b) c", t.pos)
            elif self.starts_operand(t):
                out = mul(out, self.postfix(), t.pos)
            else:
                break
        return out

    def divide(self, a: Any, b: Any, pos: int) -> Any:
        if is_mat(b):
            b = _scalar(b, "a denominator", pos)
        if b == 0:
            raise BadInput("division by zero", pos)
        return a * power(b, sp.Integer(-1), pos) if not is_mat(a) else a * (1 / b)

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
                "prod", "evalopen", "int",
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
                    if letter_t and not is_mat(val):  # x^T of a scalar: a transpose would silently drop a power
                        raise BadInput("^T of a scalar is ambiguous: declare T (T \\in \\mathbb{N}) for a power, "
                                       "or the base as a vector (--vector) for a transpose", t.pos)
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
                raise BadInput("factorials are not supported", t.pos)
            elif t.is_op("_"):
                raise BadInput("a subscript here is not understood", t.pos)
            else:
                break
        return val

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
        power_t = self.nt.power_t() and not is_mat(operand)
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
        self.expect_op(open_)
        self.closers.append(close)
        val = self.expr()
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

    # --------------------------------------------------------------- primaries
    def primary(self, single: bool = False) -> Any:
        t = self.peek()
        if t is None:
            raise BadInput("an operand is missing", self.pos())
        if t.kind == "num":
            self.next()
            return sp.Rational(t.text) if "." in t.text else sp.Integer(t.text)
        if t.is_op("("):
            return self.group("(", ")")
        if t.is_op("{"):
            return self.group("{", "}")
        if t.is_op("["):
            return self.group("[", "]")
        if t.is_op("|"):
            self.next()
            self.closers.append("|")
            v = self.expr()
            self.closers.pop()
            self.expect_op("|")
            return sp.Abs(v) if not is_mat(v) else Norm(v)
        if t.kind == "letter" or (t.kind == "cmd" and (t.text in GREEK or t.text in ACCENTS or t.text in FONT
                                                         or t.text in ("mathcal", "ell"))):
            return self.name_or_application(single)
        if t.kind != "cmd":
            raise BadInput(f"unexpected {t.text!r}", t.pos)
        name = t.text
        if name in ("frac", "dfrac", "tfrac"):
            return self.frac()
        if name == "sqrt":
            self.next()
            index = sp.Integer(2)
            if (p := self.peek()) is not None and p.is_op("["):
                index = self.group("[", "]")
            arg = _scalar(self.group("{", "}"), "a square root", t.pos)
            return power(arg, 1 / _scalar(index, "a root index", t.pos), t.pos)
        if name in FUNCS:
            self.next()
            p = self.peek()
            if p is not None and p.is_op("^"):  # \log^2 x
                raise BadInput(f"write (\\{name} x)^k rather than \\{name}^k x", p.pos)
            if p is not None and p.is_op("("):
                arg = self.group("(", ")")
            else:  # ISO 80000-2: \sin 2x is sin(2x), \sin 2\pi t is sin(2 pi t); \sin x \cos x stops at \cos
                arg = self.postfix()
                while (q := self.peek()) is not None and self._simple_factor(q):
                    arg = mul(arg, self.postfix(), q.pos)
            return FUNCS[name](_scalar(arg, f"\\{name}", t.pos))
        if name == "pi":
            nxt = self.peek(1)
            if nxt is not None and nxt.is_op("_"):  # \pi_1 is a variable (a probability), \pi the constant
                return self.name_or_application(single)
            self.next()
            return sp.pi
        if name == "|":
            self.next()
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
            return Norm(v) if is_mat(v) else sp.Abs(v)
        if name == "langle":
            self.next()
            self.closers.append("rangle")
            a = self.expr()
            self.expect_op(",")
            b = self.expr()
            self.closers.pop()
            c = self.peek()
            if c is None or not c.is_cmd("rangle"):
                raise BadInput("\\langle is not closed by \\rangle", t.pos)
            self.next()
            if is_mat(a) and is_mat(b):
                if a.shape != b.shape:
                    raise BadInput(f"inner product of a {_shape(a)} and a {_shape(b)} expression", t.pos)
                return a.T * b
            return mul(a, b, t.pos)
        if name == "evalopen":
            return self.evaluation()
        if name == "nabla":
            return self.nabla()
        if name in ("sum", "prod"):
            return self.big_operator()
        if name == "int":
            return self.integral()
        if name == "mathbb":
            self.next()
            inner = self.braced_tokens()
            letter = "".join(x.text for x in inner)
            if letter != "E":
                raise BadInput(f"\\mathbb{{{letter}}} is not an expression", t.pos)
            if (s := self.peek()) is not None and s.is_op("_"):  # \mathbb{E}_{\xi}: the measure is not modelled
                self.next()
                if self.peek() and self.peek().is_op("{"):
                    self.braced_tokens()
                else:
                    self.next()
            p = self.peek()
            if p is None or not p.is_op("[", "("):
                raise BadInput("\\mathbb{E} needs a bracketed argument: \\mathbb{E}[X]", t.pos)
            arg = self.group("[", "]") if p.is_op("[") else self.group("(", ")")
            if is_mat(arg):
                raise BadInput("\\mathbb{E} of a vector or matrix is not supported", t.pos)
            return Expectation(arg)
        if name == "partial":
            raise BadInput("\\partial outside \\frac{\\partial ...}{\\partial x}", t.pos)
        raise BadInput(f"unknown command \\{name}", t.pos)

    def frac(self) -> Any:
        t = self.next()
        p = self.peek()
        if p is None or not p.is_op("{"):
            # \frac12: each argument is one digit
            digits = []
            for _ in range(2):
                a = self.next()
                if a.kind != "num" or not a.text[0].isdigit():
                    raise BadInput("\\frac needs two groups: \\frac{a}{b}", t.pos)
                if len(a.text) > 1:
                    self.toks.insert(self.i, Tok("num", a.text[1:], a.pos + 1))
                digits.append(int(a.text[0]))
            return self.divide(sp.Integer(digits[0]), sp.Integer(digits[1]), t.pos)
        save = self.i
        num = self.braced_tokens()
        den = self.braced_tokens()
        d = self._derivative_form(num, den)
        if d is not None:
            var, order, what = d
            if what is None:  # \frac{d}{dt} applies to the rest of the product: d/dt (a b c)
                if self.peek() is None or not self.starts_operand(self.peek()):
                    raise BadInput("\\frac{d}{dt} needs something to differentiate", t.pos)
                what_val = self.product_rest(self.postfix())
            else:
                sub = _Parser(what, self.nt)
                sub.depth = self.depth
                what_val = sub.expr()
                if sub.peek() is not None:
                    raise BadInput("cannot read the differentiated expression", sub.pos())
                if isinstance(what_val, sp.Symbol) and what_val != var:  # d theta / dt: theta depends on t
                    what_val = sp.Function(what_val.name)(var)
            return sp.Derivative(what_val, (var, order))
        self.i = save
        top = self.group("{", "}")
        bottom = self.group("{", "}")
        return self.divide(top, bottom, t.pos)

    def evaluation(self) -> Any:
        """``\\left. X \\right|_{t=0}`` (also ``_{\\substack{t=0}}``): X at t = 0."""
        t = self.next()
        self.closers.append("evalclose")
        val = self.expr()
        self.closers.pop()
        c = self.peek()
        if c is None or not c.is_cmd("evalclose"):
            raise BadInput("\\left. is not closed by \\right", t.pos)
        self.next()
        if (p := self.peek()) is not None and p.is_cmd("evalnone"):
            self.next()
            return val
        sub = self.peek()
        if sub is None or not sub.is_op("_") or self.peek(1) is None or not self.peek(1).is_op("{"):
            raise BadInput("an evaluation bar needs its point: \\right|_{t=0}", c.pos)
        self.next()
        inner = self.braced_tokens()
        if inner and inner[0].is_cmd("substack") and len(inner) >= 3 and inner[1].is_op("{") and inner[-1].is_op("}"):
            inner = inner[2:-1]
        eq = next((k for k, x in enumerate(inner) if x.is_op("=")), None)
        if eq is None or any(x.is_op(",") for x in inner):
            raise BadInput("an evaluation bar needs one point: \\right|_{t=0}", c.pos)
        var_p, value_p = _Parser(inner[:eq], self.nt), _Parser(inner[eq + 1 :], self.nt)
        var = var_p.primary(single=True)
        value = value_p.expr() if inner[eq + 1 :] else None
        if var_p.peek() is not None or not isinstance(var, sp.Symbol) or value is None or value_p.peek() is not None:
            raise BadInput("cannot read the point of an evaluation bar", c.pos)
        if is_mat(val) or is_mat(value):
            raise BadInput("evaluation bars of vectors or matrices are not supported", c.pos)
        return sp.Subs(val, var, value)

    def _bound(self) -> Any:
        """An integration bound: a script, or \\infty / -\\infty."""
        p = self.peek()
        toks = self.braced_tokens() if p is not None and p.is_op("{") else [self.next()] if p is not None else []
        text = "".join(x.text for x in toks)
        if text in ("infty", "+infty"):
            return sp.oo
        if text == "-infty":
            return -sp.oo
        if not toks:
            raise BadInput("an integration bound is missing", self.pos())
        sub = _Parser(toks, self.nt)
        sub.depth = self.depth
        val = sub.expr()
        if sub.peek() is not None:
            raise BadInput("cannot read an integration bound", toks[0].pos)
        return val

    def integral(self) -> Any:
        """``\\int_{a}^{b} u \\, dx``: a definite integral; the integrand runs to its differential."""
        t = self.next()
        if not (self.peek() and self.peek().is_op("_")):
            raise BadInput("only definite integrals \\int_{a}^{b} ... dx are understood", t.pos)
        self.next()
        lower = self._bound()
        if not (self.peek() and self.peek().is_op("^")):
            raise BadInput("only definite integrals \\int_{a}^{b} ... dx are understood", t.pos)
        self.next()
        upper = self._bound()
        depth, pending, end = 0, 1, None  # find our differential: inner \int's take theirs first
        for j in range(self.i, len(self.toks) - 1):
            x = self.toks[j]
            if x.is_op("(", "[", "{") or x.is_cmd("langle", "evalopen", "|"):
                depth += 1 if not x.is_cmd("|") else 0
            elif x.is_op(")", "]", "}") or x.is_cmd("rangle", "evalclose"):
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and x.is_cmd("int"):
                pending += 1
            elif depth == 0 and x.kind == "letter" and x.text == "d" and (
                    self.toks[j + 1].kind == "letter" or self.toks[j + 1].text in GREEK):
                pending -= 1
                if pending == 0:
                    end = j
                    break
        if end is None or end == self.i:
            raise BadInput("an integral needs its integrand and differential: \\int_a^b u \\, dx", t.pos)
        body_p = _Parser(self.toks[self.i : end], self.nt)
        body_p.depth = self.depth
        body = body_p.expr()
        if body_p.peek() is not None:
            raise BadInput("cannot read the integrand", body_p.pos())
        self.i = end + 1
        var = self.primary(single=True)
        if not isinstance(var, sp.Symbol):
            raise BadInput("an integral is over one scalar variable", t.pos)
        if any(is_mat(v) for v in (lower, upper, body)):
            raise BadInput("integrals of vectors or matrices are not supported", t.pos)
        return sp.Integral(body, (var, lower, upper))

    def _simple_factor(self, q: Tok) -> bool:
        """Does ``q`` start a factor that joins an unparenthesized function argument (a number or a
        name, not a function application, bracket, fraction, operator or another function)?"""
        if q.kind == "num":
            return True
        nxt = self.peek(1)
        if q.kind == "letter":
            return not (self.nt.is_function(q.text) and nxt is not None and nxt.is_op("("))
        return q.kind == "cmd" and (q.text in GREEK or q.text in ACCENTS or q.text == "pi")

    def product_rest(self, first: Any) -> Any:
        """``first`` times the factors that follow it in the same product (the scope of d/dt, \\sum)."""
        val = first
        while (p := self.peek()) is not None and (self.starts_operand(p) or p.is_op("*") or p.is_cmd("cdot", "times")):
            if not self.starts_operand(p):
                self.next()
            val = mul(val, self.postfix(), p.pos)
        return val

    def big_operator(self) -> Any:
        """``\\sum_{j=a}^{b} u_j`` (and ``\\prod``): the summand is the rest of the product."""
        t = self.next()
        sub = self.peek()
        if sub is None or not sub.is_op("_"):
            raise BadInput(f"\\{t.text} needs its range: \\{t.text}_{{j=1}}^{{t}}", t.pos)
        self.next()
        inner = self.braced_tokens() if self.peek() is not None and self.peek().is_op("{") else []
        eq = next((k for k, x in enumerate(inner) if x.is_op("=")), None)
        sup = self.peek()
        if eq is None or sup is None or not sup.is_op("^"):
            raise BadInput(f"\\{t.text} needs a range like \\{t.text}_{{j=1}}^{{t}}", t.pos)
        self.next()
        index_p = _Parser(inner[:eq], self.nt)
        index = index_p.primary(single=True)
        lower_p = _Parser(inner[eq + 1 :], self.nt)
        lower = lower_p.expr() if inner[eq + 1 :] else None
        if index_p.peek() is not None or not isinstance(index, sp.Symbol) or lower is None or lower_p.peek() is not None:
            raise BadInput(f"cannot read the range of \\{t.text}", t.pos)
        upper = self.script()
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs a summand", t.pos)
        body = self.product_rest(self.postfix())
        if any(is_mat(v) for v in (lower, upper, body)):
            raise BadInput(f"\\{t.text} of vectors or matrices is not supported", t.pos)
        j = sp.Symbol(index.name, integer=True)
        body = body.xreplace({index: j})
        return (sp.Sum if t.text == "sum" else sp.Product)(body, (j, lower, upper))

    def _derivative_form(self, num: list[Tok], den: list[Tok]) -> tuple[sp.Symbol, int, list[Tok] | None] | None:
        """``\\frac{d}{dt}``, ``\\frac{d^2 u}{dt^2}``, ``\\frac{\\partial^{2}}{\\partial x_{s}^{2}}``: (variable,
        order, what is differentiated or None for the operator form); None when it is not a derivative."""

        def is_d(tok: Tok) -> bool:
            return (tok.kind == "letter" and tok.text == "d") or tok.is_cmd("partial")

        def strip_power(toks: list[Tok], at_end: bool) -> tuple[list[Tok], int | None]:
            """Remove ``^k`` / ``^{k}`` at the end (or the start) of ``toks``: (rest, k)."""
            for width in (1, 3):
                part = toks[-(width + 1):] if at_end else toks[: width + 1]
                if len(part) != width + 1 or not part[0].is_op("^"):
                    continue
                inner = part[1:] if width == 1 else part[2:-1] if part[1].is_op("{") and part[-1].is_op("}") else None
                if inner and len(inner) == 1 and inner[0].kind == "num" and inner[0].text.isdigit():
                    rest = toks[: -(width + 1)] if at_end else toks[width + 1 :]
                    return rest, int(inner[0].text)
            return toks, None

        if not num or not den or not is_d(num[0]) or not is_d(den[0]) or len(den) < 2:
            return None
        if den[1].kind == "op" and not den[1].is_op("("):
            return None
        rest_den, order_den = strip_power(den[1:], at_end=True)
        rest_num, order_num = strip_power(num[1:], at_end=False)
        order = order_den or 1
        if (order_num or 1) != order:
            raise BadInput("the orders of a derivative do not match (d^k / dx^k)", num[0].pos)
        sub = _Parser(list(rest_den), self.nt)
        var = sub.primary()
        if sub.peek() is not None or not isinstance(var, sp.Symbol):
            raise BadInput("a derivative must be with respect to one scalar name", den[0].pos)
        if order > 10:
            raise BadInput("derivatives of order above 10 are not supported", num[0].pos)
        return var, order, (rest_num or None)

    def nabla(self) -> Any:
        t = self.next()
        order = 1
        p = self.peek()
        if p is not None and p.is_op("^"):
            self.next()
            e = self.script()
            if e != 2:
                raise BadInput("only \\nabla and \\nabla^2 are understood", p.pos)
            order = 2
        if (s := self.peek()) is not None and s.is_op("_"):  # \nabla_\theta: the variable is the argument
            self.next()
            if self.peek() and self.peek().is_op("{"):
                self.braced_tokens()
            else:
                self.next()
        name = self.name()
        p = self.peek()
        if p is None or not p.is_op("("):
            raise BadInput("\\nabla needs a function at a point, like \\nabla f(x)", t.pos)
        args = self.args()
        if len(args) != 1:
            raise BadInput("\\nabla f(x) takes one argument", t.pos)
        return self.derivative_of(name, args[0], order, t.pos)

    def derivative_of(self, fname: str, arg: Any, order: int, pos: int) -> Any:
        if is_mat(arg):
            if not isinstance(arg, sp.MatrixSymbol) or arg.shape[1] != 1:
                raise BadInput("the gradient is understood at a named point (\\nabla f(x_t)), not at an expression",
                               pos)
            label = f"\\nabla {fname}({arg.name})" if order == 1 else f"\\nabla^{{2}} {fname}({arg.name})"
            obj = sp.MatrixSymbol(label, DIM, 1 if order == 1 else DIM)
            self.nt.made[label] = obj
            return obj
        f = sp.Function(fname)
        if isinstance(arg, sp.Symbol):
            return sp.Derivative(f(arg), (arg, order))
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(f(u), (u, order)), u, arg)

    def name(self) -> str:
        """Read one name: base, accents, subscripts, primes, ^* / ^+ (LaTeX form, LaTeX-safe)."""
        t = self.next()
        if t.kind == "letter":
            base = t.text
        elif t.kind == "cmd" and t.text in GREEK:
            base = "\\" + t.text
        elif t.is_cmd("ell", "pi"):
            base = "\\" + t.text
        elif t.kind == "cmd" and t.text in ACCENTS:
            inner = self._inner_name(t)
            base = f"\\{ACCENTS[t.text]}{{{inner}}}"
        elif t.kind == "cmd" and (t.text in FONT or t.text == "mathcal"):
            inner = self._inner_name(t)
            if t.text == "mathcal":
                base = f"\\mathcal{{{inner}}}"
            else:
                if inner in FUNCS or inner in ("tr", "det", "diag", "eval", "exec"):
                    raise BadInput(f"\\{t.text}{{{inner}}} is not supported", t.pos)
                base = inner
        else:
            raise BadInput(f"expected a name, found {t.text!r}", t.pos)
        name = base
        while (p := self.peek()) is not None:
            if p.is_op("_"):
                self.next()
                name += "_{" + self._subscript_text() + "}"
            elif p.is_op("'"):
                self.next()
                name += "'"
            elif p.is_op("^") and (q := self.peek(1)) is not None:
                star = self._name_superscript(q, euler=name == "e")
                if star is None:
                    break
                name += "'" if star == "'" else "^{" + star + "}"  # x^{\prime} is x'
            else:
                break
        return name

    def _name_superscript(self, q: Tok, euler: bool = False) -> str | None:
        """``^*``, ``^{+}``, ``^{(k)}``: part of a name, not a power (consumes the tokens).  An iterate
        label ``(k)``, ``(t+1)`` is a simple index; ``e^{(8)}`` and ``x^{(\\cos u)}`` are powers."""
        if q.kind in ("op", "cmd") and (q.text in NAME_SUPERSCRIPTS or "\\" + q.text in NAME_SUPERSCRIPTS):
            self.i += 2
            return NAME_SUPERSCRIPTS.get(q.text) or NAME_SUPERSCRIPTS["\\" + q.text]
        if q.is_op("{"):
            j = self.i + 2
            inner = []
            while j < len(self.toks) and not self.toks[j].is_op("}"):
                inner.append(self.toks[j])
                j += 1
            if len(inner) == 1 and (inner[0].text in NAME_SUPERSCRIPTS or "\\" + inner[0].text in NAME_SUPERSCRIPTS):
                self.i = j + 1
                return NAME_SUPERSCRIPTS.get(inner[0].text) or NAME_SUPERSCRIPTS["\\" + inner[0].text]
            simple = all(x.kind in ("letter", "num") or x.is_op("+", "-") or (x.kind == "cmd" and x.text in GREEK)
                         for x in inner[1:-1])
            if len(inner) >= 3 and inner[0].is_op("(") and inner[-1].is_op(")") and simple and not euler:
                self.i = j + 1
                return _canonical(inner)
        return None

    def _inner_name(self, cmd: Tok) -> str:
        p = self.peek()
        if p is None:
            raise BadInput(f"\\{cmd.text} needs an argument", cmd.pos)
        toks = self.braced_tokens() if p.is_op("{") else [self.next()]
        if not toks or not all(x.kind == "letter" or (x.kind == "cmd" and x.text in GREEK) for x in toks):
            raise BadInput(f"\\{cmd.text}{{...}} must contain a name", cmd.pos)
        return "".join(x.text if x.kind == "letter" else "\\" + x.text for x in toks)

    def _subscript_text(self) -> str:
        p = self.peek()
        if p is None:
            raise BadInput("a subscript is missing", self.pos())
        if p.is_op("{"):
            toks = self.braced_tokens()
            if not toks:
                raise BadInput("an empty subscript", p.pos)
            return _canonical(toks)
        t = self.next()
        if t.kind == "num" and len(t.text) > 1:  # x_12 is x_1 times 2
            self.toks.insert(self.i, Tok("num", t.text[1:], t.pos + 1))
            return t.text[0]
        if t.kind == "cmd" and t.text in FONT | {"mathcal"}:
            return "\\" + t.text + "{" + self._inner_name(t) + "}"
        if t.kind in ("letter", "num") or (t.kind == "cmd" and t.text.isalpha()):
            return t.text if t.kind != "cmd" else "\\" + t.text
        raise BadInput(f"unexpected {t.text!r} in a subscript", t.pos)

    def name_or_application(self, single: bool) -> Any:
        start = self.peek()
        assert start is not None
        name = self.name()
        p = self.peek()
        primes = len(name) - len(name.rstrip("'"))
        fname = name.rstrip("'")
        if name == "O" and p is not None and p.is_op("("):
            return self.big_o(start.pos)
        if name == "e":
            return sp.E
        braced = p is not None and p.is_op("{") and self._braced_application()
        if not single and p is not None and (braced or (p.is_op("(") and (self.nt.is_function(fname)
                                                                          or self._comma_group()))):
            if braced:  # f{\left(x \right)}, as SymPy prints an application
                self.expect_op("{")
                args = self.args()
                self.expect_op("}")
            else:
                args = self.args()
            if primes:
                if len(args) != 1:
                    raise BadInput(f"{name}(...) with several arguments", start.pos)
                return self.derivative_of(fname, args[0], primes, start.pos)
            if any(is_mat(a) for a in args):
                if len(args) == 1 and isinstance(args[0], sp.MatrixSymbol):
                    label = f"{fname}({args[0].name})"  # f at a named point: an opaque scalar
                    obj = sp.Symbol(label, real=True)
                    self.nt.made[label] = obj
                    return obj
                return sp.Function(fname, commutative=True)(*[_scalar(a, f"{fname}(...)", start.pos) if is_mat(a) and a.shape == (1, 1)
                                            else a for a in args])
            return sp.Function(fname)(*args)
        if self.nt.is_function(fname) and p is not None and p.is_op("(") and single:
            raise BadInput(f"{name}(...) in a superscript needs braces", start.pos)
        return self.nt.symbol(name)

    def _braced_application(self) -> bool:
        """Is the group ahead exactly ``{( ... )}``?"""
        if self.i + 1 >= len(self.toks) or not self.toks[self.i + 1].is_op("("):
            return False
        depth = 0
        for j in range(self.i + 1, len(self.toks)):
            t = self.toks[j]
            if t.is_op("(", "[", "{"):
                depth += 1
            elif t.is_op(")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return j + 1 < len(self.toks) and self.toks[j + 1].is_op("}")
        return False

    def _comma_group(self) -> bool:
        """Does the parenthesized group ahead hold a top-level comma?  Then ``L(a, b)`` is an application
        (a product cannot have commas), whatever the name."""
        depth = 0
        for t in self.toks[self.i :]:
            if t.is_op("(", "[", "{") or t.is_cmd("langle"):
                depth += 1
            elif t.is_op(")", "]", "}") or t.is_cmd("rangle"):
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and t.is_op(","):
                return True
        return False

    def big_o(self, pos: int) -> Any:
        args = self.args()
        if len(args) != 1:
            raise BadInput("O(...) takes one argument", pos)
        a = args[0]
        if isinstance(a, sp.Symbol):
            return BigO(a, sp.Integer(1))
        if isinstance(a, sp.Pow) and isinstance(a.base, sp.Symbol) and a.exp.is_Integer and a.exp > 0:
            return BigO(a.base, a.exp)
        raise BadInput("O(...) must be a power of one variable, like O(\\eta^3)", pos)


def _show(t: Tok) -> str:
    return repr(("\\" if t.kind == "cmd" else "") + t.text)


def _canonical(toks: list[Tok]) -> str:
    """The LaTeX text of a subscript, spaced canonically (x_{t + 1} and x_{t+1} are one name)."""
    out = []
    for k, t in enumerate(toks):
        if t.kind == "cmd":
            text = "\\" + t.text
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if t.text.isalpha() and nxt is not None and nxt.kind == "letter":
                text += " "
            out.append(text)
        else:
            out.append(t.text)
    return "".join(out)


# --------------------------------------------------------------------------- remainders


def remove_remainders(lhs: Any, rhs: Any, pos: int = 0) -> tuple[Any, Any, tuple[sp.Symbol, int] | None]:
    """Replace each ``O(v^k)`` by ``v^k R_i`` and check it is a harmless additive remainder.

    A remainder must enter linearly with a coefficient ``v^k p(v)``, ``p`` a polynomial in v
    (e.g. ``(a + O(\\eta^3)) \\theta_0``); then ``lhs - rhs = O(v^m)`` with m the smallest order
    is exactly what the claim says, and the remainders are dropped.  Anything else (a remainder
    divided by v, inside exp, squared) is refused rather than guessed.
    """
    marks = [m for side in (lhs, rhs) if isinstance(side, sp.Basic) for m in side.atoms(BigO)]
    if not marks:
        return lhs, rhs, None
    var = {m.args[0] for m in marks}
    if len(var) != 1:
        raise BadInput("remainders O(...) in different variables", pos)
    v = var.pop()
    out = []
    orders: list[int] = []
    for side in (lhs, rhs):
        if is_mat(side):
            if side.atoms(BigO):
                raise BadInput("O(...) remainders are understood in scalar claims only", pos)
            out.append(side)
            continue
        for i, m in enumerate(sorted(side.atoms(BigO), key=sp.default_sort_key)):
            r = sp.Dummy(f"R{i}", real=True)
            k = int(m.args[1])
            side = side.xreplace({m: v**k * r})
            coeff = sp.expand(side).coeff(r)
            q = sp.cancel(coeff / v**k)
            if sp.diff(side, r, 2) != 0 or coeff.has(r) or not q.is_polynomial(v):
                raise BadInput("an O(...) remainder must be an additive term (times factors without 1/"
                               f"{v}), like a + O({v}^k)", pos)
            if q != 0:  # eta^2 (c + O(eta)) is O(eta^3): the remainder's order is k + the lowest power of v in q
                orders.append(k + min(mono[0] for mono in sp.Poly(q, v).monoms()))
            side = side.xreplace({r: 0})
        out.append(side)
    return out[0], out[1], (v, min(orders)) if orders else None
