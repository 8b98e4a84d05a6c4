r"""A relation whose two sides have different shapes: an erratum, reported with the shapes.

A side's shape is that of its parsed expression (scalar, an n-vector, an n x n matrix) in the declarations in
force, or, where the side does not read, a name the text calls a matrix ("the Fisher information matrix $F$",
declared ``matrices``) or the value of a real-valued function (a function the text states properties of, a
divergence ``D_{KL}(p \| q)``: a number).  A link is an erratum when

* a matrix is related to a vector, or
* a matrix or a vector is related to a scalar that depends on something (a function value, a norm, an inner
  product of vectors): ``D_{KL}(p \| q) \approx F``.

A matrix beside a constant scalar is left alone: ``\nabla^2 f \preceq L`` and ``A = 2`` are the usual shorthand for
``L I`` and ``2 I``, and so is a vector equal to ``0``.  Only ``=``, ``\approx``, ``<``, ``>``, ``\le``, ``\ge`` are
looked at (``\preceq``, ``\in``, ``\to``, ``\sim`` relate other things).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.classify import relations
from symgd.app.audit.context import DocContext
from symgd.core.claims import is_matrix

__all__ = ["Shape", "prose_matrices", "shape_errata", "undefined_products", "vectors_in_use"]

_COMPARED = {"=", r"\approx", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\lt", r"\gt"}
_NAME = r"(\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)"
_MATRIX_PROSE = re.compile(r"\bmatri(?:x|ces)\s+\$\s*" + _NAME + r"\s*\$|\$\s*" + _NAME.replace("(", "(?P<n2>", 1)
                           + r"\s*\$\s+(?:is|be|denotes)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}matrix\b")
_DIVERGENCE = re.compile(r"^\s*(?:D_\{?\s*(?:\\mathrm\{|\\text\{|\\operatorname\{)?\s*KL\s*\}?\}?|\\mathrm\{KL\}|KL|"
                         r"\\operatorname\{KL\})\s*(?:\\left)?\(")


@dataclass(frozen=True)
class Shape:
    kind: str  # scalar, vector, matrix
    constant: bool  # a scalar that depends on nothing (a number, parameters): c stands for c I beside a matrix
    why: str

    def __str__(self) -> str:
        return f"a {self.kind} ({self.why})"


_BARE_MATRIX = re.compile(r"(?<![\w$\\])([A-Z])\s+(?:is|denotes)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?matrix\b")


def prose_matrices(prose: str) -> list[str]:
    """Names the prose calls a matrix ("the Fisher information matrix $F$", "$A$ is a symmetric matrix", "(A is the
    matrix you pick)": a capital letter outside math too)."""
    return [m.group(1) or m.group("n2") for m in _MATRIX_PROSE.finditer(prose)] + [
        m.group(1) for m in _BARE_MATRIX.finditer(prose)]


def _bare(side: str) -> str:
    return re.sub(r"\^\s*\{?\s*(?:-1|T|\\top)\s*\}?\s*$", "", side.replace("&", "").strip()).strip()


def _whole_application(side: str) -> str:
    """The function name when ``side`` is one application ``name(...)`` with balanced parentheses, else ''."""
    m = re.match(r"\s*(\\mathcal\{[A-Za-z]\}|\\?[A-Za-z]+(?:_\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|_\\?\w+)?)\s*(?:\\left)?\(",
                 side)
    if m is None:
        return ""
    depth, i = 1, m.end()
    while i < len(side) and depth:
        depth += (side[i] == "(") - (side[i] == ")")
        i += 1
    rest = side[i:].strip()
    return m.group(1) if depth == 0 and rest in ("", r"\right") else ""


def _parsed_shape(side: str, ctx: DocContext) -> Shape | None:
    from symgd.latex.problem import parse_problem

    decl = ctx.declarations()
    extra = tuple(m for m in ctx.prose_matrices if m not in decl.matrices)
    try:
        p = parse_problem(f"{side} = {side}", declarations=replace(decl, matrices=decl.matrices + extra),
                          allow_unused=True)
    except Exception:  # does not read (or reads only with something else): the text decides, or nothing
        return None
    e = p.links[0][1].lhs
    if is_matrix(e):
        rows, cols = e.shape
        if (rows, cols) != (1, 1):
            return Shape("vector" if cols == 1 or rows == 1 else "matrix", False, f"{rows}x{cols}")
        return Shape("scalar", False, "a 1x1 form of vectors")
    if not isinstance(e, sp.Basic):
        return None
    varies = bool(e.atoms(AppliedUndef) or e.atoms(sp.Derivative) or e.atoms(sp.MatrixSymbol))
    if varies and re.search(r"\\nabla|∇", side) and not is_matrix(e):  # the gradient in a variable whose shape no
        return None  # declaration gives: read as a scalar only by default (x with coordinates x_1, x_2 is a vector)
    if varies and any(f.func.__name__ not in ctx.fdefs for f in e.atoms(AppliedUndef)):  # P_C(3, 1/2): a function
        return None  # the text never defines may return a vector; the words may still say it is real-valued
    return Shape("scalar", not varies, "a number or parameters" if not varies else "it depends on a function value")


def side_shape(side: str, ctx: DocContext) -> Shape | None:
    """The shape of one side, or None when it is not known."""
    bare = _bare(side)
    declared = set(ctx.matrices) | set(ctx.symmetric) | set(ctx.positive_definite)
    if bare in declared:
        return Shape("matrix", False, f"{bare} is declared a matrix")
    if bare in ctx.prose_matrices:
        return Shape("matrix", False, f"the text calls {bare} a matrix, line {ctx.prose_matrices[bare]}")
    shape = _parsed_shape(side, ctx)
    if shape is not None:
        return shape
    fn = _whole_application(side)
    stated = {f.function for f in ctx.stated}
    if _DIVERGENCE.match(side):
        return Shape("scalar", False, "a divergence, a number")
    if fn and fn in stated:
        return Shape("scalar", False, f"a value of the real-valued function {fn}")
    return None


def _conflict(a: Shape, b: Shape) -> bool:
    if a.kind == b.kind:
        return False
    if {a.kind, b.kind} == {"vector", "matrix"}:
        return True
    scalar = a if a.kind == "scalar" else b
    return not scalar.constant


def shape_errata(chain: str, ctx: DocContext) -> list[tuple[str, str]]:
    """(link, why) for each link of ``chain`` whose sides have shapes that cannot be related."""
    rels = relations(chain)
    if not rels:
        return []
    sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    out = []
    for k, rel in enumerate(rels):
        if rel.group(0) not in _COMPARED or not sides[k] or not sides[k + 1]:
            continue
        a, b = side_shape(sides[k], ctx), side_shape(sides[k + 1], ctx)
        if a is None or b is None or not _conflict(a, b):
            continue
        out.append((f"{sides[k]} {rel.group(0)} {sides[k + 1]}",
                    f"the two sides have different shapes: the left side is {a}, the right side {b}"))
    return out


_TRANSPOSE = r"\^\s*\{?\s*(?:\\top|T|\\intercal)\s*\}?"


def vectors_in_use(names: list[str], formulas: list[str]) -> dict[str, str]:
    r"""{name: the formula that shows it is a vector} for names that recent formulas transpose (``x^\top``,
    ``(x - x_t)^\top``) or multiply a transpose by as a whole difference (``g^\top (x - x_t)``): a scalar is
    never written so."""
    out: dict[str, str] = {}
    for name in names:
        n = re.escape(name)
        own = r"(?<![\\A-Za-z])" + n + r"(?![A-Za-z_])"
        pattern = re.compile(own + r"\s*" + _TRANSPOSE  # x^\top
                             + r"|(?:\\left)?\(\s*" + n + r"\s*-[^()]*(?:\\right)?\)\s*" + _TRANSPOSE  # (x - y)^\top
                             + "|" + _TRANSPOSE + r"\s*(?:\\left)?\(\s*" + n + r"\s*-")  # g^\top (x - y)
        for f in reversed(formulas):
            if pattern.search(f):
                out[name] = f
                break
    return out


def undefined_products(chain: str, ctx: DocContext, after: str = "", window: int = 12) -> list[tuple[str, str]]:
    r"""(link, why) for each link of ``chain`` with a side that is no matrix expression: a product of a vector
    and a matrix (``x A x``, x a vector the recent formulas transpose, A a matrix the text names, also in the
    prose right after the formula) whose shapes do not conform.  A side that reads with its names as scalars but
    not with their shapes: the shapes are the witness, and the transposed reading that parses is suggested."""
    from symgd.latex.problem import parse_problem

    rels = [r for r in relations(chain) if r.group(0) in _COMPARED]
    if not rels:
        return []
    decl = ctx.declarations()  # shapes only: memberships kept, other assumptions have no say on a product's shape
    decl = replace(decl, assume=tuple(a for a in decl.assume if re.search(r"\\in\s*\\mathbb\{R\}", a)))
    matrices = {m: f"the text calls {m} a matrix" for m in [*ctx.prose_matrices, *prose_matrices(after[:160])]}
    matrices.update({m: f"{m} is declared a matrix" for m in (*decl.matrices, *decl.symmetric,
                                                               *decl.positive_definite)})
    letters = _letters(chain)
    used = [m for m in matrices if re.sub(r"[{}\s]", "", m) in letters]
    if not used:
        return []
    names = sorted(letters - set(decl.vectors) - set(used))
    vectors = {v: f"{v} is declared a vector" for v in decl.vectors}
    vectors.update({v: f"a formula just before transposes it: ${f.strip()[:80]}$"
                    for v, f in vectors_in_use(names, ctx.history[-window:]).items()})
    if not vectors:
        return []
    shaped = replace(decl, vectors=tuple(dict.fromkeys([*decl.vectors, *vectors])),
                     matrices=tuple(dict.fromkeys([*decl.matrices, *[m for m in used if m not in decl.symmetric
                                                                     and m not in decl.positive_definite]])))
    sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    out = []
    for k, rel in enumerate(rels):
        for side in (sides[k], sides[k + 1]):
            why = _nonconforming(side, shaped, decl, parse_problem)
            if why:
                here = _letters(side)
                who = [vectors[v] for v in vectors if v in here] + [matrices[m] for m in used if m in here]
                out.append((f"{sides[k]} {rel.group(0)} {sides[k + 1]}",
                            f"${side}$ is undefined: {why} ({'; '.join(who)})"))
                break
    return out


def _letters(latex: str) -> set[str]:
    """The names of a formula, one letter each with its subscript (``xAx`` is x, A, x; commands and text off)."""
    bare = re.sub(r"\\(?:text|mathrm|operatorname|mbox)\s*\{[^{}]*\}|\\[A-Za-z]+", " ", latex)
    return {m.group(0).replace("{", "").replace("}", "") for m in
            re.finditer(r"[A-Za-z](?:_\{?\w+\}?)?", bare)}


def _nonconforming(side: str, shaped, plain, parse_problem) -> str:
    """The parser's reason when ``side`` reads with every name a scalar but not with the shapes, else ''."""
    try:
        parse_problem(f"{side} = {side}", declarations=replace(plain, vectors=(), matrices=(), symmetric=(),
                                                               positive_definite=()), allow_unused=True)
    except Exception:  # unreadable for another reason: not a shape error
        return ""
    try:
        parse_problem(f"{side} = {side}", declarations=shaped, allow_unused=True)
    except Exception as exc:  # the parser's one-line reason is the witness
        msg = re.sub(r"\s*\(at position \d+\)$", "", str(exc))
        if "cannot multiply" not in msg:
            return ""
        return msg.replace("a nx1", "an n x 1 (a vector)").replace("a nxn", "an n x n (a matrix)").replace(
            "a 1xn", "a 1 x n (a row)")
    return ""
