r"""A vector the text stacks from scalars it names (``z_k = (x_k, y_k)``, ``u = (a, b)^\top``), used for a proof.

Such a definition is not substituted (a tuple of scalar families is no vector the parser takes), so a claim about
``\|z_{k+1}\|^2`` was left undecided.  Each Euclidean norm of the vector is written in its entries (``\|z_{k+1}\|^2``
as ``x_{k+1}^2 + y_{k+1}^2``), and the link is decided as any other: the entries' update rules then apply.  Only
where the vector is stacked at its own bare index, the definition is the name's latest and no member is defined
otherwise (``w_{t+1} = 2 w_t``); only a proof is reported (in_force.undecided_in_force calls it).
"""

from __future__ import annotations

import re

from symgd.app.audit.classify import norm, relations
from symgd.app.audit.context import DocContext, substituted

__all__ = ["prove_stacked"]

def _flat(text: str) -> str:
    """norm() with ``\\star`` and ``\\ast`` as the ``*`` of the keys (as in_force spells names)."""
    return re.sub(r"\\(?:star|ast)(?![A-Za-z])", "*", norm(text))


# ``z_k = (x_k, y_k)``, ``u = (a, b)^\top``: a vector stacked from scalars the text names
_TUPLE = re.compile(r"\s*(?:\\left)?\(\s*(?P<entries>[^()]*?)\s*(?:\\right)?\)\s*(?:\^\s*\{?\s*(?:T|\\top)\s*\}?)?\s*")
_ENTRY = re.compile(r"\s*\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?\s*")
_SUB = r"\s*_\s*(?:\{(?P<i>[^{}]*)\}|(?P<j>\\?[A-Za-z0-9]))"
_NORM_OPEN = r"(?:\\left\s*)?(?:\\\||\\lVert|\\Vert)"
_NORM_CLOSE = r"(?:\\right\s*)?(?:\\\||\\rVert|\\Vert)"


def _stacked(key: str, ctx: DocContext) -> tuple[str, str, list[str], int] | None:
    """(the name, its index letter or '', the entries, the line) of a vector the text stacks from scalar names
    (``z_k = (x_k, y_k)``: every entry a plain name or a member indexed like the vector), in force as the name's
    latest definition; None otherwise."""
    from symgd.app.audit.shifts import index_of

    for k, link in ctx.defined.items():
        if _flat(k) != _flat(key) or ctx.defined_at.get(k) != ctx.opaque.get(key):
            continue
        rels = relations(link)
        if len(rels) != 1 or rels[0].group(0) != "=":
            return None
        m = _TUPLE.fullmatch(link[rels[0].end():])
        lhs = link[: rels[0].start()].strip()
        entries = [e.strip() for e in m.group("entries").split(",")] if m else []
        if len(entries) < 2 or not all(_ENTRY.fullmatch(e) for e in entries):
            return None
        index = index_of(lhs)
        name = re.sub(r"\s*_.*$", "", lhs) if index else lhs
        bare = r"_\s*(?:\{\s*" + re.escape(index) + r"\s*\}|" + re.escape(index) + r"(?![A-Za-z]))"
        if index and (not re.fullmatch(re.escape(name) + r"\s*" + bare + r"\s*", lhs) or any(
                re.search(r"_\s*\{[^{}]*(?<![A-Za-z\\])" + re.escape(index) + r"(?![A-Za-z])[^{}]*\}", e)
                and not re.search(bare, e) for e in entries)):
            return None  # z_{k+1} = (x_{k+1}, ...), or an entry at a shifted index: members would not line up
        family = re.compile(re.escape(_flat(name)) + (r"(?:_|$)" if index else "$"))
        if any(family.match(_flat(other)) for other in ctx.defined if other != k):
            return None  # a member defined otherwise too (w_{t+1} = 2 w_t): not only the stacked vector
        return name, index, entries, ctx.defined_at[k]
    return None


def _in_coordinates(text: str, name: str, index: str, entries: list[str]) -> str | None:
    r"""``text`` with each norm of the stacked vector written in its entries (``\|z_{k+1}\|^2`` as
    ``(x_{k+1}^2 + y_{k+1}^2)``, ``\|z_0\|`` as ``\sqrt{x_0^2 + y_0^2}``); None when the vector occurs otherwise."""
    member = re.escape(name) + (_SUB if index else r"(?![A-Za-z_])")
    pattern = re.compile(_NORM_OPEN + r"\s*" + member + r"\s*" + _NORM_CLOSE + r"(?:\s*_\s*(?:\{\s*2\s*\}|2))?"
                         r"(?!\s*_)(?P<sq>\s*\^\s*(?:\{\s*2\s*\}|2))?")  # the Euclidean norm only (not _1, _A)

    def at(e: str, m: re.Match) -> str:
        if not index:
            return e
        i = (m.group("i") or m.group("j")).strip()
        return re.sub(r"_\s*(?:\{\s*" + re.escape(index) + r"\s*\}|" + re.escape(index) + r"(?![A-Za-z]))",
                      "_{" + i + "}", e)

    def rewrite(m: re.Match) -> str:
        squares = " + ".join(f"({at(e, m)})^2" for e in entries)
        return f"({squares})" if m.group("sq") else f"\\sqrt{{{squares}}}"

    out = pattern.sub(rewrite, text)
    if out == text or re.search(r"(?<![\\A-Za-z])" + re.escape(name) + (r"\s*_" if index else r"(?![A-Za-z_])"),
                                out):
        return None
    return out


def prove_stacked(text: str, keys: list[str], ctx: DocContext, timeout: float) -> str | None:
    r"""The link ``text`` proved once the norms of a vector the text stacks from scalars (``z_k = (x_k, y_k)``,
    in force) are written in its entries (the update rules of the entries then apply as for any link): the method
    naming the definition, or None (never a refutation)."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    out, used = text, []
    for key in keys:
        found = _stacked(key, ctx)
        if found is None:  # another name pinned too (w_{t+1} = 2 w_t): the coordinates are not all it takes
            return None
        name, index, entries, line = found
        if any(name in ctx.matrices or e in ctx.vectors or e in ctx.matrices for e in entries):
            return None
        new = _in_coordinates(out, name, index, entries)
        if new is None:
            return None
        out = new
        used.append(f"{key} = ({', '.join(entries)}) (line {line})")
    if not used:
        return None
    try:
        p = parse_problem(out, declarations=ctx.declarations(), allow_unused=True)
        if len(p.links) != 1:
            return None
        v = decide(substituted(p.links[0][1], p.context, ctx), p.context, timeout=timeout)
    except Exception:  # the link in coordinates does not read: no proof
        return None
    return f"in the coordinates of {'; '.join(used)}: {v.method}" if v.proved else None
