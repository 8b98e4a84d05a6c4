"""Inputs with two readings, refused with a suggestion (never guessed):

- juxtaposed numbers (``2 3``: 6, 23, or a mixed number as in ``2 3/4``?; ``2\\frac{1}{2}``: 1 or 5/2?);
- a number written right after a name or a closing bracket (``x2``, ``‖x‖2``: text copied from a PDF loses the height
  of x^2 and x_2);
- a transpose of a scalar (``(a + b)^\\top``: a forgotten declaration, or nothing at all?);
- an undeclared capital after a row vector (``x^\\top A y``: a matrix or a scalar?);
- a trace or determinant of a scalar expression (``\\det(A + B)`` with A, B undeclared);
- a word in roman type applied to an argument (``\\mathrm{ReLU}(x)``: not the product ReLU times x);
- a letter conventionally used for functions before parentheses (``\\sigma(x)``, ``g(x) + g(-x)``: an application or a
  product?) when nothing in the claim says it is a value (see :func:`refuse_undeclared_application`)."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok, after_group

__all__ = [
    "FUNCTION_LETTERS",
    "curve_names",
    "plain_uses",
    "refuse_juxtaposed_numbers",
    "refuse_number_after_name",
    "refuse_scalar_after_row",
    "refuse_scalar_matrix_function",
    "refuse_scalar_transpose",
    "refuse_undeclared_application",
    "refuse_vector_application",
    "refuse_word_application",
]

_DIGIT_TAKERS = ("frac", "dfrac", "tfrac", "sqrt")  # \frac12 reads its digits itself


def refuse_juxtaposed_numbers(toks: list[Tok], i: int) -> None:
    """BadInput when the number at ``i`` follows a number that is a whole factor (``2 3``, ``2\\,3``, ``x 2 3``);
    ``x^2 3`` (an exponent's digit) and ``\\frac12 3`` are left to their readings."""
    if i < 1 or toks[i - 1].kind != "num" or not (toks[i].kind == "num" or _numeric_fraction(toks, i)):
        return
    j = i - 1
    while j >= 1 and toks[j - 1].kind == "num" and toks[j - 1].pos + len(toks[j - 1].text) > toks[j].pos:
        j -= 1  # a digit pushed back by a one-token argument (x^23, \frac12): back to the token it came from
    before = toks[j - 1] if j >= 1 else None
    if before is not None and (before.is_op("^", "_") or before.is_cmd(*_DIGIT_TAKERS)):
        return
    a, b = toks[i - 1].text, toks[i].text
    if toks[i].kind != "num":  # 2\frac{1}{2}: 1, or the mixed number 5/2?
        raise BadInput(f"a number before a numeric fraction ({a}\\frac...) is ambiguous (a product or a mixed "
                       f"number?): write {a} \\cdot \\frac... for a product, or one fraction", toks[i].pos)
    raise BadInput(f"juxtaposed numbers '{a} {b}' are ambiguous: write {a} \\cdot {b} for a product, or {a}{b}",
                   toks[i].pos)


def refuse_number_after_name(toks: list[Tok], i: int) -> None:
    """BadInput when the number at ``i`` touches the name or bracket before it (``x2``, ``\\eta2``, ``(a+b)2``,
    ``‖x‖2``): a power or an index whose height was lost (PDF text), never a product people write (``2x`` is)."""
    if i < 1 or toks[i].kind != "num":
        return
    prev, t = toks[i - 1], toks[i]
    width = len(prev.text) + (prev.kind == "cmd")
    if not (prev.kind == "letter" or prev.is_op(")", "]", "|") or (prev.kind == "cmd" and (prev.text.isalpha()
                                                                                          or prev.text == "|"))):
        return
    if prev.pos + width != t.pos and not (prev.pos + 1 == t.pos and prev.kind == "cmd"):  # η2 from Unicode
        return
    shown = ("\\" if prev.kind == "cmd" else "") + prev.text
    raise BadInput(f"'{shown}{t.text}' is ambiguous (a power or an index that lost its height?): write "
                   f"^{{{t.text}}} for a power, _{{{t.text}}} for an index, or \\cdot {t.text} for a product", t.pos)


def _numeric_fraction(toks: list[Tok], i: int) -> bool:
    """``\\frac{1}{2}`` or ``\\frac12`` (digits only) at ``i``."""
    if not toks[i].is_cmd("frac", "dfrac", "tfrac"):
        return False
    rest = toks[i + 1 : i + 7]
    if rest and rest[0].kind == "num" and rest[0].text.isdigit() and len(rest[0].text) >= 2:
        return True
    return (len(rest) == 6 and rest[0].is_op("{") and rest[1].kind == "num" and rest[2].is_op("}")
            and rest[3].is_op("{") and rest[4].kind == "num" and rest[5].is_op("}"))


def refuse_scalar_transpose(pos: int) -> None:
    """A transpose (``^\\top``, ``^\\intercal``, ``^T``) of a scalar: refused, as ``^T`` always was."""
    raise BadInput("a transpose of a scalar is ambiguous: declare the base as a vector (--vector x) or a matrix "
                   "(--matrix A); for a power ^T, declare T (T \\in \\mathbb{N})", pos)


def refuse_scalar_after_row(row: Any, factor: Any, nt: Any, pos: int) -> None:
    """``x^\\top A y`` with A undeclared: a bilinear form in A (a matrix) or A x^\\top y (a scalar)?  A capital
    right after a row vector is refused unless an assumption makes it a scalar (``L > 0``) or it is declared."""
    if not (is_matrix(row) and row.shape[0] == 1 and row.shape[1] != 1 and isinstance(factor, sp.Symbol)):
        return
    name = factor.name
    if re.fullmatch(r"\\?[A-Z][A-Za-z]*", name) and name not in nt.flags:
        raise BadInput(f"{name} after a transposed vector (x^T {name} y): declare it a matrix (--matrix {name}), or "
                       f"write a scalar first ({name} x^T y)", pos)


def refuse_scalar_matrix_function(name: str, arg: Any, pos: int) -> None:
    """``\\operatorname{tr}(AB)``, ``\\det(A + B)`` of undeclared (scalar) names: a forgotten ``--matrix``; read as
    the scalar itself they proved tr(AB) = tr(A) tr(B).  A number (``\\det(3)``) keeps its value."""
    if isinstance(arg, sp.Basic) and arg.free_symbols:
        what = "trace" if name == "tr" else "determinant"
        values = [str(x) for x in arg.free_symbols if re.fullmatch(r".+\(.+\)", str(x))]  # f(x) at a vector x
        if len(values) == len(arg.free_symbols):
            raise BadInput(f"the {what} of a scalar ({values[0]} is the value of a function): a {what} needs a square "
                           "matrix (\\nabla^2 f(x), or a declared --matrix)", pos)
        raise BadInput(f"the {what} of a scalar expression: declare its matrices (--matrix A)", pos)


def refuse_word_application(cmd: str, word: str, nxt: Tok | None, nt: Any, pos: int) -> None:
    """``\\mathrm{ReLU}(x)``, ``\\text{softmax}(z)``: an operator written in roman type, not a scalar named ReLU
    times x (which refuted true claims at ReLU = -7); refused unless declared (``--function ReLU``)."""
    if cmd in ("mathrm", "text", "textrm", "mathsf") and len(word) > 1 and nxt is not None and nxt.is_op("(") \
            and not nt.is_function(word):
        raise BadInput(f"\\{cmd}{{{word}}}(...) is not a known operator: declare it as a function (--function {word}) "
                       "to read it as an application", pos)


# Letters that textbooks use for functions (g, h, p(x) a density, L(\theta) a loss, V a Lyapunov function, \sigma the
# sigmoid, \Phi a CDF, \Gamma the gamma function); before parentheses they may be applied or multiplied.
FUNCTION_LETTERS = frozenset({"g", "h", "p", "q", "r", "u", "v", "D", "E", "G", "H", "J", "L", "P", "Q", "R", "S", "T",
                              "U", "V", "sigma", "rho", "Phi", "Psi", "Gamma", "Pi"})  # S_\tau(v) soft thresholding,
# T(x) a map, \Pi_C(x) a projection
_WRAPPERS = ("hat", "widehat", "bar", "overline", "tilde", "widetilde", "vec", "dot", "ddot", "check", "breve",
             "mathbf", "boldsymbol", "bm", "mathrm", "mathit")


def plain_uses(toks: list[Tok]) -> set[str]:
    """The letters and Greek names of ``toks`` written as values somewhere: not directly applied to parentheses
    (``g^2``, ``\\eta g``, ``g_t`` count; ``g(x)``, ``g'(x)``, ``g_t(x)`` do not)."""
    out = set()
    for i, t in enumerate(toks):
        if not (t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha())) or (i and toks[i - 1].is_op("_")):
            continue
        j = i + 1
        if i >= 2 and toks[i - 1].is_op("{") and toks[i - 2].is_cmd(*_WRAPPERS) and j < len(toks) and toks[j].is_op("}"):
            j += 1  # \hat{g}
        if j < len(toks) and toks[j].is_op("_"):  # g_t, g_{t+1}
            j = after_group(toks, j + 1)
        while j < len(toks) and toks[j].is_op("'"):
            j += 1
        if j >= len(toks) or not toks[j].is_op("("):
            out.add(t.text)
    return out


def refuse_undeclared_application(name: str, base: str, argument: list[Tok], nt: Any, pos: int) -> None:
    """``\\sigma(x)``, ``g(x) + g(-x)``, ``H(x - y)`` with the name undeclared: the sigmoid at x or sigma times x?
    Read as a product, g(x) + g(-x) = 0 was *proved*.  A letter of :data:`FUNCTION_LETTERS` before parentheses is
    refused unless the claim makes it a value: an assumption on it (``L > 0``, ``g \\in \\mathbb{R}``), a declaration (``--vector``,
    ``--matrix``), a use as a value elsewhere in the claim or its assumptions (``g^2``, ``\\frac{L}{2}``), or its own
    name inside the parentheses (``p(1 - p)``: a function is not applied to an expression of itself).  Other names
    (``\\eta(x - y)``, ``a(b + c)``, ``t(1 - t)``) stay products."""
    if base not in FUNCTION_LETTERS or name in nt.flags or nt.kind(name) != "scalar" or base in nt.plain:
        return
    if any(t.text == base and t.kind in ("letter", "cmd") for t in argument):
        return
    raise BadInput(f"{name}(...) may be a function applied or a product: declare it (--function {base} for a "
                   f"function, {name} \\in \\mathbb{{R}} for a scalar), or write {name} \\cdot (...) for a product", pos)


def refuse_vector_application(name: str, argument: list[Tok], nt: Any, pos: int) -> None:
    """``x(\\lambda)`` with x and \\lambda both vectors (or \\lambda a matrix): no product of the two exists, so it is
    the value of a function x of \\lambda (a minimizer as a function of a parameter), which symgd reads only when
    declared.  Refused with that reason -- never as "cannot multiply", which the audit reports as a shape slip."""
    if nt.kind(name) != "vector" or nt.is_function(name):
        return
    if len(argument) == 1 and argument[0].kind in ("letter", "cmd"):
        arg = ("\\" if argument[0].kind == "cmd" else "") + argument[0].text
        if nt.kind(arg) in ("vector", "matrix"):
            raise BadInput(f"{name}({arg}) with {name} and {arg} not scalars is a function of {arg}, not a product: "
                           f"declare it (--function {nt.base(name)}) or write the product with \\cdot", pos)


def _applied_to(toks: list[Tok], j: int) -> str | None:
    """The one-token argument of ``( t )`` at ``j``, or None."""
    if j + 2 < len(toks) and toks[j].is_op("(") and toks[j + 2].is_op(")") and toks[j + 1].kind in ("letter", "cmd"):
        return toks[j + 1].text
    return None


def curve_names(toks: list[Tok]) -> set[str]:
    """Letters that the claim itself shows to be functions of one variable: written with a time derivative and
    applied, ``\\dot x(t)``, ``x'(t)``, and applied to the same variable elsewhere, ``f(x(t))``.  Read as a product,
    ``\\frac{d}{dt} f(x(t))`` was ``f(x t)`` and the chain rule unprovable."""
    derived: dict[str, set[str]] = {}
    plain: dict[str, set[str]] = {}
    for i, t in enumerate(toks):
        if t.is_cmd("dot", "ddot"):
            j = i + 1
            if j + 2 < len(toks) and toks[j].is_op("{") and toks[j + 1].kind == "letter" and toks[j + 2].is_op("}"):
                name, j = toks[j + 1].text, j + 3
            elif j < len(toks) and toks[j].kind == "letter":
                name, j = toks[j].text, j + 1
            else:
                continue
            if (arg := _applied_to(toks, j)) is not None:
                derived.setdefault(name, set()).add(arg)
        elif t.kind == "letter" and not (i and (toks[i - 1].is_op("_", "^", "{") or toks[i - 1].is_cmd(*_WRAPPERS))):
            j = i + 1
            while j < len(toks) and toks[j].is_op("'"):
                j += 1
            if (arg := _applied_to(toks, j)) is not None:
                (derived if j > i + 1 else plain).setdefault(t.text, set()).add(arg)
    return {n for n, args in derived.items() if args & plain.get(n, set())}
