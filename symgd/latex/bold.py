"""Bold names: the standard convention (Goodfellow et al. 2016, "Notation"; ISO 80000-2) that an undeclared bold
capital (``\\mathbf{A}``, ``\\boldsymbol{\\Sigma}``) is a matrix and a bold lower-case letter (``\\mathbf{x}``,
``\\boldsymbol{\\theta}``, ``\\bm{g}``) or an arrow (``\\vec{v}``) a vector.  Read as scalars they made
``\\mathbf{A}\\mathbf{B} = \\mathbf{B}\\mathbf{A}`` *proved*.

A bold name and the same plain name in one claim (``\\mathbf{x}`` and ``x``: a vector and a scalar in that
notation) are refused unless a declaration says what the name is; ``\\mathbf{e}`` (a basis or error vector) is a
vector like the others, never Euler's number (plain ``e`` stays Euler's number).  Declarations (``--vector``,
``--matrix``, ``--function``) always win."""

from __future__ import annotations

from typing import Any

from symgd.core.errors import BadInput
from symgd.latex.tokens import Tok, after_group
from symgd.latex.vocabulary import DEFAULT_FUNCTIONS, FONT, GREEK

__all__ = ["BOLD", "mark_bold"]

BOLD = ("mathbf", "boldsymbol", "bm", "vec")
_GROUPED = FONT | {"mathbb", "mathcal", "begin", "end"}  # commands whose braces hold a word, not a name in the claim


def _bold_name(toks: list[Tok], i: int) -> tuple[str, int] | None:
    """``\\mathbf{A}`` / ``\\mathbf A`` / ``\\boldsymbol{\\theta}`` at ``i``: (the name as the parser spells it, the
    index after it); None when the group is not one letter or Greek letter."""
    j = i + 1
    braced = j < len(toks) and toks[j].is_op("{")
    k = j + 1 if braced else j
    if k >= len(toks) or (braced and not (k + 1 < len(toks) and toks[k + 1].is_op("}"))):
        return None
    t = toks[k]
    if t.kind == "letter":
        name = t.text
    elif t.kind == "cmd" and t.text in GREEK:
        name = t.text  # the declarable base (Notation.base strips the backslash)
    else:
        return None
    return name, k + (2 if braced else 1)


def mark_bold(nt: Any, toks: list[Tok]) -> None:
    """Record the bold and plain names of ``toks`` in ``nt.faces``; make each undeclared bold name a vector or
    a matrix (``nt.inferred_vectors`` / ``nt.matrices``); refuse a name written both ways, undeclared."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "cmd" and t.text in BOLD and (got := _bold_name(toks, i)) is not None:
            name, i = got
            if name in DEFAULT_FUNCTIONS and not _declared(nt, name):  # \boldsymbol{\phi}: a feature map?
                raise BadInput(f"\\{t.text}{{{name}}}: declare what it is (--vector {name}, --matrix {name} or "
                               f"--function {name})", t.pos)
            _face(nt, name, "bold", t)
            if not _declared(nt, name) and name != "I":  # \mathbf{I} is the identity matrix
                nt.faces[name].add("inferred")
                if name[0].isupper() and t.text != "vec":
                    nt.matrices.add(name)
                else:
                    nt.inferred_vectors.add(name)
            continue
        if t.kind == "cmd" and t.text in _GROUPED and i + 1 < len(toks) and toks[i + 1].is_op("{"):
            i = after_group(toks, i + 1)  # \mathrm{d}, \operatorname{tr}, \mathbb{E}: letters of a word, not names
            continue
        transpose_t = t.text == "T" and i > 0 and toks[i - 1].is_op("^")
        if (t.kind == "letter" and not transpose_t) or (t.kind == "cmd" and t.text in GREEK):
            _face(nt, t.text, "plain", t)
        i += 1


def _face(nt: Any, name: str, face: str, t: Tok) -> None:
    faces = nt.faces.setdefault(name, set())
    faces.add(face)
    if {"bold", "plain"} <= faces and not _declared(nt, name) and name != "I":
        raise BadInput(f"both a bold {name} and a plain {name}: a vector or matrix and a scalar in this notation; "
                       f"rename one, or declare {name} (--vector {name} or --matrix {name})", t.pos)


def _declared(nt: Any, name: str) -> bool:
    """Declared by the user (or defined by an assumption), not made a matrix by this module."""
    if "inferred" in nt.faces.get(name, ()):
        return False
    return name in nt.vectors or name in nt.matrices or name in nt.functions
