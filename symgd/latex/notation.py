"""The documents' LaTeX notation, read into SymPy objects (no string ever reaches eval/sympify).

Pipeline: the tokenizer (:mod:`symgd.latex.tokens`, tables in :mod:`symgd.latex.vocabulary`) -> the
recursive-descent parser (:mod:`symgd.latex.parser` and its mixins) -> SymPy objects built directly with
shape-aware rules (:mod:`symgd.latex.shapes`: scalars, vectors ``n x 1``, matrices ``n x n``).  This module
holds :class:`Notation` -- what names mean, built from the declarations -- and re-exports the names the
rest of symgd uses.

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
  of the symbolic size ``n``; names alone inside ``\\|.\\|`` or ``\\langle .,. \\rangle`` are vectors unless
  declared otherwise (a transpose declares nothing: ``x^\\top y`` of undeclared names is refused).  A scalar
  product of vectors is a 1x1 matrix expression.
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
- A run of letters that spells a Greek letter is that letter (``eta``, ``lambda_min``); one that spells a
  function is refused with a suggestion (``log x``: did you mean ``\\log``?).
- An undeclared bold capital (``\\mathbf{A}``) is a matrix, a bold lower-case letter (``\\mathbf{x}``,
  ``\\boldsymbol{\\theta}``) a vector (:mod:`symgd.latex.bold`); ``\\operatorname{sign}`` is SymPy's sign; a
  transpose of a scalar, juxtaposed numbers (``2 3``) and ``x^\\top A y`` with A undeclared are refused
  (:mod:`symgd.latex.ambiguity`).
- ``I``, ``I_n``, ``\\mathbf{I}``, ``\\mathbb{I}`` are the identity matrix (refused in a claim without vectors
  or matrices); a name subscripted by a sum's index (``g_i``) is a member of the family g_1, g_2, ...

- Unicode math (``‖x‖²``, ``√(ab)``, ``β₂``, ``∑ᵢ₌₁ⁿ``) is read as its LaTeX spelling (:mod:`symgd.latex.unicode`);
  ``\\|x\\|_1`` and ``\\|x\\|_\\infty`` are :class:`Norm1` / :class:`NormInf`; ``x_i`` of a vector under a sum over
  every coordinate is its coordinate (:mod:`symgd.latex.coordinates`); ``z_{1,2} = a \\pm b`` in an assumption
  defines z_1 and z_2 (:mod:`symgd.latex.plusminus`); ``x \\in \\mathbb{R}^d`` makes d the size; letters used for
  functions before parentheses (``\\sigma(x)``) are refused unless the claim makes them values
  (:func:`symgd.latex.ambiguity.refuse_undeclared_application`).

The full table of what parses and what is refused on purpose is ``docs/notation.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.exceptions import NonSquareMatrixError, ShapeError

from symgd.core.errors import BadInput
from symgd.core.symbols import Expectation
from symgd.latex.ambiguity import curve_names, plain_uses
from symgd.latex.bold import mark_bold
from symgd.latex.coordinate_names import coordinate_of
from symgd.latex.coordinates import coordinate
from symgd.latex.indices import finish_side, mark_indices
from symgd.latex.linear_maps import GradientAt
from symgd.latex.matrix_notation import Diag, Ones
from symgd.latex.opnorm import SpectralFunction
from symgd.latex.parser import Parser
from symgd.latex.parser_series import Lim
from symgd.latex.remainders import remove_remainders
from symgd.latex.shapes import BigO, Norm, Norm1, NormInf
from symgd.latex.symbolic_families import mark_families, member
from symgd.latex.tokens import MAX_LENGTH, Relation, Side, Tok, split_relations, tokenize
from symgd.latex.vocabulary import ACCENTS, DEFAULT_FUNCTIONS, DIM, FONT, FUNCS, GREEK

__all__ = [
    "DIM",
    "FUNCS",
    "GREEK",
    "MAX_LENGTH",
    "BigO",
    "Norm",
    "Norm1",
    "NormInf",
    "Notation",
    "Relation",
    "Side",
    "check_whitelist",
    "remove_remainders",
    "split_relations",
    "tokenize",
]

_IDENTITY = re.compile(r"I(_\{[a-z]\})?")  # I, I_n, I_d: the identity matrix (\mathbf{I} reads as I)


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
    bare: set[str] = field(default_factory=set)  # declared names written without subscript (--vector e, not e_k)
    made: dict[str, Any] = field(default_factory=dict)  # name -> the object it became
    faces: dict[str, set[str]] = field(default_factory=dict)  # name -> {"bold", "plain"}: symgd.latex.bold
    dim: Any = DIM  # the size of vectors and matrices: symbolic, or that of a concrete matrix in the claim
    dim_name: str | None = None  # the letter of x \in \mathbb{R}^d: that name in the claim is the size
    coordinate_scope: tuple[str, ...] = ()  # the indices of the sums we are in: x_i of a vector x is a coordinate
    coordinates: dict[Any, Any] = field(default_factory=dict)  # placeholder -> its Entry (symgd.latex.coordinates)
    index_letters: set[str] = field(default_factory=set)  # free indices of the claim (symgd.latex.indices)
    side_indices: list[Any] = field(default_factory=list)  # the free indices of each side parsed
    random: set[str] = field(default_factory=set)  # names declared random (symgd.latex.expectation)
    function_families: set[str] = field(default_factory=set)  # g of g_i summed to t (symgd.latex.symbolic_families)
    plain: set[str] = field(default_factory=set)  # letters written as values somewhere (ambiguity.plain_uses)
    stated: list[Any] = field(default_factory=list)  # the assumptions' relations (\mu \le L): an interval's ends in order

    @classmethod
    def make(cls, vectors: Iterable[str] = (), matrices: Iterable[str] = (), symmetric: Iterable[str] = (),
             functions: Iterable[str] = ()) -> Notation:
        """Declared names, as the claim writes them (``x``, ``x_s``, ``\\theta_0``, ``theta_0``, ``x^*``): each
        declares its family (``x_s`` declares ``x``, ``x_t``, ``x^*``)."""
        def names(items: Iterable[str], arrays: bool) -> set[str]:
            out = set()
            for item in items:
                for part in _top_level_split(str(item)):
                    if not part:
                        continue
                    if re.fullmatch(r"\\?[A-Za-z]+(\{[A-Za-z]+\})?", part):
                        name = part.lstrip("\\")
                    else:
                        name = _declared_name(part)
                    b = cls().base(name)
                    if b == name:
                        bare.add(b)
                    if arrays and _IDENTITY.fullmatch(b):
                        raise BadInput(f"{part} is the identity matrix; give a general vector or matrix another name")
                    out.add(b)
            return out

        bare: set[str] = set()
        sym = names(symmetric, True)
        out = cls(names(vectors, True), names(matrices, True) | sym, sym, names(functions, False))
        out.bare = bare
        return out

    # ------------------------------------------------------------------ objects

    def base(self, name: str) -> str:
        """The declarable base of a symbol name: ``x`` for ``x_{t+1}``, ``theta`` for ``\\theta_0``."""
        b = re.split(r"[_^']", name, maxsplit=1)[0]
        for acc in ACCENTS.values():  # \hat{m} declares as m
            m = re.fullmatch(rf"\\{acc}\{{(.*)\}}", b)
            if m:
                b = m.group(1)
        return b.lstrip("\\")

    def euler(self, name: str) -> bool:
        """Is the name Euler's number?  ``e`` is, unless e itself is a vector or matrix here (``--vector e``, a
        bold e in use); ``--vector e_k`` declares the family e_k, e_{k+1} and leaves e^{-t} and e to Euler."""
        if name != "e" or self.kind("e") == "scalar":
            return name == "e"
        return not ("e" in self.bare or "e" in self.inferred_vectors)

    def kind(self, name: str) -> str:
        b = self.base(name)
        if b in self.matrices:
            return "matrix"
        if b in self.vectors or b in self.inferred_vectors:
            return "scalar" if coordinate_of(name) else "vector"  # g_{t,i}: a coordinate (symgd.latex.coordinate_names)
        return "scalar"

    def is_identity(self, name: str) -> bool:
        """``I``, ``I_n``: the identity matrix, unless an assumption makes I a scalar or it is a function."""
        return _IDENTITY.fullmatch(name) is not None and "I" not in self.flags and not self.is_function("I")

    def identity(self, pos: int = 0) -> Any:
        if not (self.vectors or self.matrices or self.inferred_vectors or self.dim != DIM):
            raise BadInput("I is the identity matrix, but the claim has no vector or matrix: declare them "
                           "(--vector x); for a function I(x), --function I; for a scalar I, an assumption on it "
                           "(I > 0)", pos)
        return sp.Identity(self.dim)

    def symbol(self, name: str, pos: int = 0) -> Any:
        if self.is_identity(name):
            return self.identity(pos)
        if name == self.dim_name:
            return self.dim
        if name == str(DIM) and self.dim == DIM and self.dim_name is None and (self.vectors or self.matrices
                                                                                or self.inferred_vectors):
            raise BadInput(f"{name} is the size of the vectors and matrices here, not a free scalar: declare it "
                           f"(x \\in \\mathbb{{R}}^{name}) to use the size, or give the scalar another name", pos)
        if (self.coordinate_scope or self.index_letters) and (c := coordinate(self, name)) is not None:
            return c
        if self.function_families and (f := member(self, name)) is not None:  # g_{t-1} is g(t - 1)
            return f
        kind = self.kind(name)
        if kind == "matrix":
            obj: Any = sp.MatrixSymbol(name, self.dim, self.dim)
        elif kind == "vector":
            obj = sp.MatrixSymbol(name, self.dim, 1)
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
        self.infer(side.toks)
        try:
            p = Parser(list(side.toks), self)
            out = finish_side(p.parse(), self, side.pos)  # x_j, j free: the vector claim (symgd.latex.indices)
        except RecursionError:
            raise BadInput("the expression is nested too deeply", side.pos) from None
        except BadInput:
            raise
        except (TypeError, ValueError, AttributeError, ShapeError, NonSquareMatrixError) as exc:
            # SymPy refusing a combination the shape rules let through: one line, never a traceback
            raise BadInput(f"cannot build this expression ({type(exc).__name__}: {str(exc)[:80]})", side.pos) from None
        check_whitelist(out, side.pos)
        return out

    def name_of(self, toks: Iterable[Tok]) -> str | None:
        """The name ``toks`` consist of (``\\beta_2``, ``x^*``), or None when they are not just one name."""
        p = Parser(list(toks), self)
        try:
            name = p.name()
        except BadInput:
            return None
        return name if p.peek() is None else None

    def names_of(self, toks: Iterable[Tok]) -> list[str]:
        """The comma-separated names of ``x, y \\in \\mathbb{R}^d`` (BadInput on anything else)."""
        p = Parser(list(toks), self)
        names = [p.name()]
        while p.peek() is not None:
            p.expect_op(",")
            names.append(p.name())
        return names

    def variable(self, toks: Iterable[Tok]) -> Any:
        """The one scalar symbol ``toks`` spell (an ``--order`` variable), or None."""
        p = Parser(list(toks), self)
        var = p.primary()
        return var if p.peek() is None and isinstance(var, sp.Symbol) else None

    def infer(self, toks: Iterable[Tok]) -> None:
        """Plain names alone inside \\|.\\| and \\langle .,. \\rangle are vectors (unless declared).  A transpose
        declares nothing: ``x^\\top y`` of undeclared names is refused (a scalar's transpose, or a forgotten
        ``--vector x,y``?), except for bold letters, which are vectors by convention (:mod:`symgd.latex.bold`)."""
        toks = list(toks)
        self.plain |= plain_uses(toks)  # g^2 in the claim: g(x - y) is a product (symgd.latex.ambiguity)
        self.functions |= {n for n in curve_names(toks) if n not in self.vectors and n not in self.matrices
                           and n not in self.flags and n not in self.plain}  # f(x(t)) beside \dot x(t)
        mark_bold(self, toks)  # \mathbf{A} is a matrix, \mathbf{x} a vector (symgd.latex.bold)
        mark_indices(self, toks)  # H_{ji}, \partial \theta_j: j an index of the claim (symgd.latex.indices)
        mark_families(self, toks)  # \sum_{i=1}^{t} g_i: g a function of the index (symgd.latex.symbolic_families)
        inside = 0
        scripts = _in_scripts(toks)
        for i, t in enumerate(toks):
            if t.is_cmd("|", "langle"):
                inside = 1 - inside if t.text == "|" else 1
            elif t.is_cmd("rangle"):
                inside = 0
            elif t.kind == "letter" and (i == 0 or not toks[i - 1].is_cmd(*ACCENTS, *FONT, "mathcal", "nabla")):
                bold = (i >= 2 and toks[i - 1].is_op("{") and toks[i - 2].is_cmd("mathbf", "boldsymbol", "bm")
                        and i + 1 < len(toks) and toks[i + 1].is_op("}") and t.text.islower())  # \mathbf{x}^\top
                k = i + 2 if bold else i + 1
                nxt = toks[k] if k < len(toks) else None
                transposed = nxt is not None and nxt.is_op("^") and k + 1 < len(toks) and (
                    toks[k + 1].is_cmd("top", "intercal")
                    or (toks[k + 1].kind == "letter" and toks[k + 1].text == "T" and not self.power_t()))
                alone = inside and (nxt is None or nxt.is_cmd("|", "rangle") or nxt.is_op(",", "-", "+", "_"))
                if (alone or (transposed and bold)) and t.text not in self.matrices and not self.is_function(
                        t.text) and t.text not in self.flags:  # c > 0 makes c a scalar: \langle x, c \rangle is then refused
                    if t.text not in ("e", "O", "I") and (i == 0 or toks[i - 1].kind != "letter") and \
                            i not in scripts:  # \|x_i\|, \|x_{i+1}\|: the index i is no vector
                        self.inferred_vectors.add(t.text)


def _in_scripts(toks: list[Tok]) -> set[int]:
    """The positions of the tokens of subscripts and superscripts (``i`` in ``x_i``, ``x_{i+1}``, ``x^{(i)}``)."""
    out: set[int] = set()
    for k, t in enumerate(toks[:-1]):
        if t.is_op("_", "^"):
            out.add(k + 1)
            if toks[k + 1].is_op("{"):
                depth, j = 0, k + 1
                while j < len(toks):
                    depth += toks[j].is_op("{") - toks[j].is_op("}")
                    out.add(j)
                    if depth == 0:
                        break
                    j += 1
    return out


def _top_level_split(text: str) -> list[str]:
    """``x_{s,t}, y``: the comma-separated parts outside braces, stripped."""
    parts, depth, cur = [], 0, ""
    for c in text:
        depth += (c == "{") - (c == "}")
        if c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    return [*parts, cur.strip()]


def _declared_name(text: str) -> str:
    """A declared name in the claim's own form (``x_s``, ``theta_0``, ``x^*``), read by the parser."""
    try:
        p = Parser(tokenize(text), Notation())
        name = p.name()
    except BadInput:
        name = None
    if name is None or p.peek() is not None:
        raise BadInput(f"not a name: {text!r}")
    return name


def check_whitelist(expr: Any, pos: int = 0) -> None:
    """Refuse any node that the notation layer does not build itself (defence in depth)."""
    from sympy.functions.elementary.piecewise import ExprCondPair

    from symgd.decide.iterates import FamilyExtremum, FamilySum, MinOver  # sums and extrema over iterates

    allowed = (sp.Add, sp.Mul, sp.Pow, sp.Symbol, sp.Rational, sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.sinh,
               FamilySum, FamilyExtremum, MinOver,
               sp.cosh, sp.tanh, sp.Abs, sp.Derivative, sp.Subs, sp.MatrixSymbol, sp.MatAdd, sp.MatMul, sp.MatPow,
               sp.Transpose, sp.Inverse, sp.Identity, sp.Trace, sp.ZeroMatrix, Norm, Norm1, NormInf, BigO, Expectation, sp.Tuple,
               sp.Sum, sp.Product, sp.Integral, sp.ImmutableMatrix, sp.Determinant, sp.factorial,
               Lim, sp.sign, GradientAt, SpectralFunction, Diag, Ones,
               sp.Piecewise, ExprCondPair, sp.And, sp.Or, sp.core.relational.Relational)  # cases: symgd.latex.cases
    constants = (sp.pi, sp.E, sp.oo, -sp.oo, sp.true)
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
