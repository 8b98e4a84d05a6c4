r"""An example's function recalled by name.  At a heading the audit drops the body of a function that instantiates one
the text treated as generic ("Let $f$ be differentiable" ... "## 2. The scalar quadratic: take $f(x) = \frac a2
x^2$"): later general claims are not about it.  A later sentence that names that example's section ("On the scalar
quadratic, $$x_{k+1} = x_k - \eta a x_k$$") speaks of it again: for the displays its sentence leads to, the body is
substituted again, as a stale body is (a proof says "using the definition of f (line 26, an earlier section)").

The body is then used as in the example's own section (a claim false for it is refuted with the other names'
values); the function stays pinned, so a counterexample that needs it arbitrary is still undecided.  A
sentence of the display's paragraph must write the heading's words, or its last word, after "the", "this" or "our"
(numbering and a leading article dropped: "on the quadratic" names "2. The scalar quadratic"); a heading of short or
generic words ("Example", "Setup") names nothing, and a paragraph that speaks of the general case ("unlike the
quadratic", "in general", "any f") recalls nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from symgd.app.audit.context import DocContext, FunctionDef

__all__ = ["recall", "remember", "throughout"]

_KEPT = "_dropped_examples"
_GENERAL = re.compile(r"\b(?:unlike|beyond|other than|except|instead of|not|general(?:ly)?|arbitrary|any)\b")
_GENERIC = {"example", "examples", "setup", "setting", "notation", "problem", "problems", "results", "result",
            "proof", "proofs", "summary", "conclusion", "conclusions", "preliminaries", "background", "method",
            "methods", "analysis", "introduction", "overview", "numbers", "remarks", "exercises", "discussion", "case",
            "cases", "part", "step", "steps", "rate", "rates", "bound", "bounds", "idea", "main", "first", "second"}


def _title(heading: str) -> str:
    """``## 2. The scalar quadratic`` -> ``scalar quadratic`` (lowercase; '' when it names nothing specific)."""
    t = re.sub(r"\\(?:sub)*section\*?\s*\{(.*)\}", r"\1", heading.strip())
    t = re.sub(r"^[#*\s]*(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)?\s*", "", t).strip(" *#.:")
    t = re.sub(r"^(?:the|a|an)\s+", "", t, flags=re.I).lower()
    words = re.findall(r"[a-z][a-z-]*", t)
    if not words or "$" in t or "\\" in t or len(" ".join(words)) < 6 or all(w in _GENERIC for w in words):
        return ""
    return " ".join(words)


_THROUGHOUT = re.compile(r"\b(?:throughout(?:\s+(?:the|this|these|our)\s+\w+)?|from\s+(?:now|here)\s+on|for\s+the\s+"
                         r"(?:rest|remainder)\s+of|in\s+(?:all\s+)?what\s+follows|in\s+the\s+rest\s+of)\b", re.I)


def throughout(d: FunctionDef, displays) -> bool:
    """Whether the sentence that gives the body says it holds from there on ("Throughout the lecture we take
    $f(x) = e^x - 2x$", "from now on", "in what follows"): then it is the document's function, not a passing example,
    and later sections keep it (as a stale body)."""
    at = [x for x in displays if x.line <= d.line]
    if not at:
        return False
    x = max(at, key=lambda x: (x.line, x.start))  # the formula that gives the body (its first line at or above)
    sentence = re.split(r"(?<=[.!?])\s+", x.before.strip())[-1] if x.before.strip() else ""
    return bool(_THROUGHOUT.search(sentence))


def remember(ctx: DocContext, d: FunctionDef, lines: tuple[str, ...] | list[str]) -> None:
    """Keep a body dropped at a heading with the title of the section that defined it."""
    start = ctx.heading_before(d.line)
    title = _title(lines[start - 1]) if 0 < start <= len(lines) else ""
    if title:
        ctx.__dict__.setdefault(_KEPT, []).append((title, d))


@contextmanager
def recall(ctx: DocContext, before: str, line: int) -> Iterator[None]:
    """The dropped bodies whose section the last sentence of ``before`` names, in force for the ``with`` block only
    (as stale bodies: substituted for proofs), unless the function has a body of its own again."""
    kept = ctx.__dict__.get(_KEPT)
    sentences = re.split(r"(?<=[.!?])\s+", before.strip().lower()) if kept and before.strip() else []
    if any(_GENERAL.search(s) for s in sentences):
        sentences = []
    found: dict[str, FunctionDef] = {}
    for title, d in kept or []:
        if d.name in ctx.fdefs or ctx.heading_before(line) <= ctx.heading_before(d.line):
            continue
        words = title.split()
        head = words[-1] if len(words[-1]) >= 4 and words[-1] not in _GENERIC else ""
        named = r"\b(?:the|this|our)\s+(?:" + r"\s+".join(map(re.escape, words)) + (
            "|" + re.escape(head) if head else "") + r")\b"
        if any(re.search(named, s) for s in sentences):
            found[d.name] = d  # the latest such example of that function
    if not found:
        yield
        return
    added = []
    for name, d in found.items():
        key = next(iter(re.findall(r"^\s*(.+?)\s*(?:\\left)?\(", d.latex)), name)
        added.append((name, d, key, ctx.defined.get(key), name in ctx.stale))
        ctx.fdefs[name] = d
        ctx.defined[key] = d.latex
        ctx.stale.add(name)
    try:
        yield
    finally:  # what the displays defined meanwhile stays
        for name, d, key, old, was_stale in added:
            if ctx.fdefs.get(name) is d:
                del ctx.fdefs[name]
                if not was_stale:
                    ctx.stale.discard(name)
            if ctx.defined.get(key) == d.latex:
                if old is None:
                    del ctx.defined[key]
                else:
                    ctx.defined[key] = old
