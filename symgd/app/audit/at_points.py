r"""``f(x_1) = \tfrac12(\dots)`` after ``f(x) = \tfrac12 x^\top A x``: a value of the body in force at a point the text
defined, not a new body of f.  Read as a redefinition it dropped the body (the function became arbitrary, and a
counterexample that set ``\nabla f(x)`` freely refuted a correct ``\|\nabla f(x)\|^2 = x^\top A^2 x`` later on)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["at_defined_point"]


def at_defined_point(fname: str, link: str, ctx: DocContext) -> bool:
    """Whether ``link`` (``f(a, ...) = ...``) applies ``fname``, whose body is in force (substituted, or held as an
    assumption), to arguments that are each a name the text defined (``x_{1} = x_0 - g_0/16``)."""
    from symgd.app.audit.classify import lhs_of, name_key

    m = re.fullmatch(r"\s*.+?\s*(?:\\left)?\((?P<args>.*)(?:\\right)?\)\s*", lhs_of(link), re.S)
    if m is None:
        return False
    if fname not in ctx.fdefs and not any(a.lstrip().startswith(fname + "(") for a in ctx.assume):
        return False
    args = [a.strip() for a in re.sub(r"\\right\s*$", "", m.group("args")).split(",")]
    return bool(args) and all(a and name_key(a) in ctx.defined for a in args)


_SEEN = "formulas_seen"  # the context attribute: (line, LaTeX) of every formula read so far (shapes.declare_shapes)


def remember_formula(line: int, latex: str, ctx: DocContext) -> None:
    """Record a formula with its line (for :func:`example_of_generic_name`)."""
    ctx.__dict__.setdefault(_SEEN, []).append((line, latex))


def example_of_generic_name(keys: list[str], line: int, ctx: DocContext) -> str:
    """The first of ``keys`` whose definition lies in an earlier section than ``line`` while formulas before that
    section already used the name generically (``f(x) = \\frac12 x^\\top A x`` in the setup, ``A =
    \\operatorname{diag}(1, 10)`` in the worked example): that value is the example's, and a later general claim is
    neither proved nor refuted with it ("" if none)."""
    here = ctx.heading_before(line)
    for key in keys:
        at = ctx.defined_at.get(key) or ctx.opaque.get(key) or 0
        start = ctx.heading_before(at)
        if not at or start == here or not start:
            continue
        after = r"(?![A-Za-z])" if len(key.lstrip("\\")) > 1 else ""  # a letter also in a product: Ax
        word = re.compile(r"(?<![A-Za-z\\])" + re.escape(key) + after)
        if any(ln < start and word.search(latex) for ln, latex in ctx.__dict__.get(_SEEN, [])):
            return key
    return ""
