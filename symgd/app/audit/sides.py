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

__all__ = ["Shape", "prose_matrices", "shape_errata"]

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


def prose_matrices(prose: str) -> list[str]:
    """Names the prose calls a matrix ("the Fisher information matrix $F$", "$A$ is a symmetric matrix")."""
    return [m.group(1) or m.group("n2") for m in _MATRIX_PROSE.finditer(prose)]


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
