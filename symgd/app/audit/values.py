r"""A value written right after the claim it is for: "the ball halves, $\frac{\alpha L M}{2\mu} = \frac12$ at
$\alpha = \frac18$".  The claim is checked with that value (in place of any value the name had), and only that
claim: the value pins the name for nothing else."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from symgd.app.audit.classify import clean, is_name, lhs_of, name_key, relations
from symgd.app.audit.context import DocContext
from symgd.app.audit.extract import Display

__all__ = ["applied", "value_after"]

_AT = re.compile(r"^[\s,]*(?:at|for|when|with|taking|setting)\s*$", re.I)
_CONSTANT = re.compile(r"-?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\}|\\[dt]?frac\d\d|\d+\s*/\s*\d+)")


def value_after(k: int, displays: list[Display]) -> str:
    """``name = number`` of the inline formula that follows display ``k`` (index into ``displays``) after only
    "at" / "for" / "with" / "when", when the name occurs in display ``k``; '' otherwise."""
    if k + 1 >= len(displays):
        return ""
    d, nxt = displays[k], displays[k + 1]
    if nxt.display or nxt.start < d.end or not _AT.match(_between(d, nxt)):
        return ""
    if re.search(r"\.\s*(?:\\end\{[a-z*]+\}\s*)?$", d.latex.strip()):  # "...$$ For $\kappa = 100$ this is": a new sentence
        return ""
    latex = clean(nxt.latex).strip().rstrip(".,;")
    rels = relations(latex)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return ""
    lhs, rhs = lhs_of(latex).strip(), latex[rels[0].end():].strip()
    if not is_name(lhs) or "(" in lhs or not _CONSTANT.fullmatch(rhs):
        return ""
    key = re.sub(r"[{}\s]", "", name_key(lhs))
    pattern = (r"(?<!\\)" if key.startswith("\\") else r"(?<![A-Za-z\\])") + re.escape(key) + r"(?![A-Za-z])"
    return f"{lhs} = {rhs}" if re.search(pattern, re.sub(r"[{}]", " ", clean(d.latex))) else ""


def _between(d: Display, nxt: Display) -> str:
    """The prose between two formulas of one paragraph (what follows ``d`` up to ``nxt``)."""
    gap = nxt.start - d.end
    after = d.after
    cut = after.find("$") if "$" in after else after.find("\\(")
    return after[:cut] if cut >= 0 and gap < 80 else "x"


@contextmanager
def applied(ctx: DocContext, link: str) -> Iterator[None]:
    """``link`` (``name = value``) in force instead of any value the name has, for the ``with`` block only."""
    if not link:
        yield
        return
    key = name_key(lhs_of(link))
    assume, opaque = list(ctx.assume), dict(ctx.opaque)
    flat = re.sub(r"[\s{}]", "", key)
    ctx.assume[:] = [a for a in ctx.assume if not (len(relations(a)) == 1 and relations(a)[0].group(0) == "="
                                                   and re.sub(r"[\s{}]", "", lhs_of(a)) == flat)]
    ctx.opaque.pop(flat, None)
    if ctx.add_assumption(link):  # does not read with the rest: as before
        ctx.assume[:] = assume
    try:
        yield
    finally:
        ctx.assume[:] = assume
        ctx.opaque.clear()
        ctx.opaque.update(opaque)
