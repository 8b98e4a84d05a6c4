r"""Names the document defines, as constraints on a counterexample.

A counterexample may be reported only when it respects what the document pins down.  A name whose definition
symgd does not substitute (recorded from prose, or kept out of later formulas for another reason) therefore blocks
a refutation that gives it a value of its own; instead of giving up, the link is decided again with the
definitions it uses as equality hypotheses (``\kappa = L/\mu``): a counterexample found then satisfies them, and
it is re-checked exactly like every refutation.  A proof found that way is not used (a definition recorded from
prose may hold only where the prose says), so this only ever turns an undecided link into a refuted one.

A definition through an arbitrary function, ``F(w) = \mathbb{E}_\xi[f(w; \xi)]`` or
``F(w) = \frac1n \sum_i f_i(w)`` with f named nowhere else, constrains nothing: every F arises
(``f(w; \xi) = F(w)``), so it blocks no counterexample (:func:`unconstraining`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symgd.app.audit.classify import lhs_of, name_key, relations
from symgd.app.audit.context import DocContext, substituted

__all__ = ["Respected", "bound_names", "definition_of", "respecting", "unconstraining"]

_OUTER = re.compile(r"^\s*(?:\\(?:mathbb|mathbf|operatorname|mathrm)\s*\{\s*E\s*\}|E)\s*"
                    r"(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*(?:\\left|\\big|\\Big)?\s*[\[(]\s*(?P<e>.*?)\s*"
                    r"(?:\\right|\\big|\\Big)?\s*[\])]\s*$", re.S)
_SUM = re.compile(r"^\s*(?:\\frac\s*\{\s*1\s*\}\s*\{\s*[A-Za-z]\s*\}|\\tfrac\s*\{\s*1\s*\}\s*\{\s*[A-Za-z]\s*\}|"
                  r"\\frac1[A-Za-z]|1\s*/\s*[A-Za-z])?\s*\\sum\s*(?:_\s*(?:\{[^{}]*\}|[A-Za-z])\s*(?:\^\s*(?:\{[^{}]*\}|"
                  r"\\?[A-Za-z0-9]+))?)?\s*(?P<e>.*?)\s*$", re.S)
_APPLIED = re.compile(r"^(?P<f>\\?[A-Za-z]+)\s*(?:_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*(?:\\left|\\big|\\Big)?\s*\("
                      r"(?P<args>[^()]*)(?:\\right|\\big|\\Big)?\s*\)$", re.S)
_KNOWN = {r"\log", r"\ln", r"\exp", r"\sin", r"\cos", r"\tan", r"\max", r"\min", r"\sqrt", r"\nabla", "E"}


def unconstraining(lhs: str, rhs: str, ctx: DocContext) -> str:
    r"""The arbitrary function ``f`` when ``lhs = rhs`` defines a function through it and so constrains nothing:
    ``F(w) = \mathbb{E}_\xi[f(w; \xi)]``, ``F(w) = \frac1n\sum_{i=1}^n f_i(w)`` (each of F's arguments an
    argument of f, f neither defined, nor given a property, nor used in an assumption); '' otherwise."""
    m = re.fullmatch(r"\s*(.+?)\s*(?:\\left)?\((?P<args>[^()]*)(?:\\right)?\)\s*", lhs, re.S)
    if m is None:
        return ""
    own = [a.strip() for a in m.group("args").split(",") if a.strip()]
    body = _OUTER.match(rhs) or _SUM.match(rhs)
    inner = _APPLIED.match(body.group("e").strip()) if body else None
    if inner is None or not own:
        return ""
    f = inner.group("f")
    args = [a.strip() for a in re.split(r"[,;]", inner.group("args"))]
    if f in _KNOWN or any(a not in args for a in own) or f == m.group(1).strip():
        return ""
    if f in ctx.fdefs or any(s.function == f for s in ctx.stated):
        return ""
    used = re.compile((r"(?<!\\)" if f.startswith("\\") else r"(?<![A-Za-z\\])") + re.escape(f) + r"(?![A-Za-z])")
    if any(used.search(a) for a in ctx.assume):
        return ""
    return f


def definition_of(key: str, ctx: DocContext) -> tuple[str, int] | None:
    """The definition in force of an opaque name (its key as in ``ctx.opaque``): (its link, its line), or None
    (a function's body from an earlier section, a name pinned by prose symgd has not recorded)."""
    if key.endswith("("):
        return None  # a function's body stale from an earlier section may not be the function of this one
    line = ctx.opaque.get(key)
    for k, link in ctx.defined.items():
        if re.sub(r"[\s{}]", "", k) != key or ctx.defined_at.get(k) != line or line is None:
            continue
        rels = relations(link)
        if len(rels) != 1 or rels[0].group(0) != "=" or name_key(lhs_of(link)) != k:
            return None
        return link, line
    return None


@dataclass(frozen=True)
class Respected:
    """A refutation found with the definitions of the names it uses as hypotheses."""

    verdict: object  # symgd.core.verdict.Verdict, refuted
    keys: tuple[str, ...]  # the opaque names whose definitions it respects
    note: str
    bodies: str  # the right sides of those definitions (the names they bring into the claim)


def respecting(text: str, chain: str, i: int, keys: list[str], ctx: DocContext, timeout: float) -> Respected | None:
    """Link ``i`` of ``chain`` decided again with the definitions of ``keys`` (and of the opaque names their
    right sides use) as hypotheses: the refutation, or None when a definition is not known or does not read, or
    no counterexample is found."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    todo, links, seen = list(keys), [], set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        found = definition_of(key, ctx)
        if found is None:
            return None
        links.append(found)
        rhs = found[0][relations(found[0])[0].end():]
        flat = re.sub(r"[\s{}]", "", rhs)
        todo += [k for k in ctx.opaque if not k.endswith("(") and k not in seen and re.search(
            re.escape(k) + r"(?![A-Za-z])", flat)]
    extra = tuple(link for link, _ in links if link not in ctx.assume)
    try:
        p = parse_problem(chain, declarations=ctx.declarations(extra), allow_unused=True)
        if i >= len(p.links) or re.sub(r"\s", "", p.links[i][0]) != re.sub(r"\s", "", text):
            return None
        v = decide(substituted(p.links[i][1], p.context, ctx), p.context, timeout=timeout)
    except Exception:  # a definition that does not read with this formula: nothing respects it
        return None
    if not v.refuted:
        return None
    note = "the counterexample respects the definition" + ("s" if len(links) > 1 else "") + " " + "; ".join(
        f"{link} (line {line})" for link, line in links)
    bodies = " \\quad ".join(link[relations(link)[0].end():].strip() for link, _ in links)
    return Respected(v, tuple(seen), note, bodies)


_BOUND = re.compile(r"(?:\\forall|\\text\s*\{\s*for\s+(?:all|every|each|any)\s*\}|^\W*for\s+(?:all|every|each|any)\b)\s*"
                    r"\$?\s*(?P<names>(?:\\[A-Za-z]+|[A-Za-z])(?:_\{?[\w\\]+\}?)?(?:\s*,\s*(?:\\[A-Za-z]+|[A-Za-z])"
                    r"(?:_\{?[\w\\]+\}?)?)*)")


def bound_names(d, nxt=None) -> set[str]:
    r"""The names a formula (a :class:`symgd.app.audit.extract.Display`) quantifies: ``\text{for all } x``,
    ``\forall x``, "for all $x$" right after it, or the inline formula that follows a trailing "for all":
    bound variables, which the formula does not introduce or define (braces and spaces off)."""
    texts = [d.latex, d.after[:60]]
    if nxt is not None and not nxt.display and re.search(r"for\s+(?:all|every|each|any)\s*\}?\s*$", nxt.before):
        texts.append("for all " + nxt.latex)
    out = set()
    for text in texts:
        for m in _BOUND.finditer(text):
            out |= {re.sub(r"[\s{}]", "", n) for n in m.group("names").split(",")}
    return out
