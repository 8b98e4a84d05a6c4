r"""Names the document defines, as constraints on a counterexample.

A counterexample may be reported only when it respects what the document pins down.  A name whose definition
symgd does not substitute (recorded from prose, or kept out of later formulas for another reason) therefore blocks
a refutation that gives it a value of its own; instead of giving up, the link is decided again with the
definitions it uses as equality hypotheses (``\kappa = L/\mu``): a counterexample found then satisfies them, and
it is re-checked exactly like every refutation.  A proof found that way is used only when every definition it
rests on is firm (:func:`firm`): an example's value in its own section ("so $\mu = 1$, $L = 9$"), or a name given
a formula ("and $C = L D^2$"); a number given in passing ("negative near $x = \pi/2$") may be an illustration,
and a proof through it proves nothing about the general claim.

A definition through an arbitrary function, ``F(w) = \mathbb{E}_\xi[f(w; \xi)]`` or
``F(w) = \frac1n \sum_i f_i(w)`` with f named nowhere else, constrains nothing: every F arises
(``f(w; \xi) = F(w)``), so it blocks no counterexample (:func:`unconstraining`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from symgd.app.audit.classify import is_name, lhs_of, name_key, relations
from symgd.app.audit.context import DocContext, substituted

__all__ = ["Respected", "add_solved", "bound_names", "defer", "definition_of", "drop_old_body", "earlier_with_definitions",
           "example_value", "firm", "pin_equation", "respecting", "retry_deferred", "stated_value", "unconstraining"]

_PINNED = "_pinned_equations"
_STATED = "_stated_values"


def pin_equation(ctx: DocContext, key: str, line: int, link: str) -> None:
    r"""A link ``name = expression`` in which the name first appears (``t_k \ge t_{\min} = \min\{t_0, ...\}``): the
    equation that defines it, kept for :func:`definition_of` while the name is pinned at that line."""
    rels = relations(link)
    if len(rels) == 1 and rels[0].group(0) != "=":
        _pin_bound(ctx, key, line, link, rels[0])
    if len(rels) != 1 or rels[0].group(0) != "=":
        return
    lhs, rhs = link[: rels[0].start()].strip(), link[rels[0].end():].strip()
    if not is_name(lhs) or "(" in lhs or re.sub(r"[\s{}]", "", name_key(lhs)) != key or _occurs(key, [rhs]):
        return
    ctx.__dict__.setdefault(_PINNED, {}).setdefault(key, (link, line))


_BOUNDS = "_pinned_bounds"
_SCRIPT = r"\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*(?:\^\s*(?:\{[^{}]*\}|[0-9]))?\s*"
_NORM = re.compile(r"\s*(?:\\left)?(?:\\\||\\lVert|\\Vert)(?:(?!\\\||\\[lr]?Vert).)*(?:\\right)?(?:\\\||\\rVert|\\Vert)"
                   + _SCRIPT + "|" + r"\s*(?:\\left)?(?:\||\\lvert)[^|]*(?:\\right)?(?:\||\\rvert)" + _SCRIPT,
                   re.S)  # one norm or absolute value, nothing outside it but its subscript and power


def _pin_bound(ctx: DocContext, key: str, line: int, link: str, rel: re.Match) -> None:
    r"""A name introduced as the bound of a norm or an absolute value (``\|g_t\|_\infty \le G``, ``G \ge |h|``): the
    text says nothing else of it, but the bound is nonnegative.  ``G \ge 0`` is kept for :func:`respecting`, for a
    proof only (a counterexample must meet the bound itself, which this does not say)."""
    op, end = rel.group(0), rel.end() + (link[rel.end(): rel.end() + 1] == "=")  # '<=' reads as '<'
    small, big = (link[: rel.start()], link[end:]) if op in ("<", r"\le", r"\leq", "<=") else \
        (link[end:], link[: rel.start()]) if op in (">", r"\ge", r"\geq", ">=") else ("", "")
    if not big.strip() or not is_name(big.strip()) or "(" in big or re.sub(r"[\s{}]", "", name_key(big.strip())) != key:
        return
    if not _NORM.fullmatch(small) or _occurs(key, [small]):
        return
    ctx.__dict__.setdefault(_BOUNDS, {}).setdefault(key, (f"{big.strip()} \\ge 0", line))


def _bound_of(key: str, ctx: DocContext) -> tuple[str, int] | None:
    """``G \\ge 0`` for a name pinned (at the line it is pinned at) as the bound of a norm, else None."""
    found = ctx.__dict__.get(_BOUNDS, {}).get(key)
    return found if found is not None and ctx.opaque.get(key) == found[1] else None

def drop_old_body(ctx: DocContext, fname: str, link: str) -> None:
    r"""A function defined again in a later section (``q(s) = s^\top s`` after ``q(s) = c + d^\top s + \tfrac12
    s^\top H s`` two headings up): the earlier definition (a body, or an assumption for a function of a vector,
    symgd.latex.vector_functions) no longer holds, whether or not the new one reads; a claim that used it would be
    proved by the old function.  Within the section of the earlier definition the new one is kept out as before:
    there it is a restatement ("Multiplying out the square, $f(w) = \dots$"), which may be the slip."""
    flat = re.sub(r"[\s{}]", "", fname)
    defines = re.compile(r"(?<![A-Za-z\\])" + re.escape(flat) + r"(?:\\left)?\([^()=]*\)(?:\\right)?(?::?=|\\coloneqq)")
    if any(defines.search(re.sub(r"[\s{}]", "", h)) for h in ctx.history[ctx.section_start:]):
        return  # defined earlier in this section: a restatement, not a new function
    head = re.compile(r"\s*" + r"\s*".join(re.escape(ch) for ch in flat) + r"\s*(?:\\left)?\(")
    old = [a for a in ctx.assume if a != link and head.match(re.sub(r"[{}]", "", a)) and len(relations(a)) == 1
           and relations(a)[0].group(0) == "="]
    if old:
        ctx.assume[:] = [a for a in ctx.assume if a not in old]
    for name in [k for k, d in ctx.fdefs.items() if re.sub(r"[\s{}]", "", k) == flat and d.latex != link]:
        del ctx.fdefs[name]  # a body of a function of numbers likewise (f(x) = x^2, then f(x) = ... not read)


_DEFERRED = "_deferred_definitions"
_SHAPE_WHY = re.compile(r"scalar|transpose|shape|\d+x\d+|nx1|nxn|matri|vector", re.I)


def defer(ctx: DocContext, fname: str, link: str, line: int, why: str) -> None:
    r"""Keep a function definition that did not read for a shape the sentence states after it ("Let
    $f(x) = \frac12 x^\top A x$ with $A \in \mathbb{R}^{d\times d}$"): :func:`retry_deferred` reads it again."""
    if _SHAPE_WHY.search(why):
        ctx.__dict__.setdefault(_DEFERRED, []).append((fname, link, line))


def _plain_arguments(link: str, ctx: DocContext) -> list[str]:
    """The arguments of a function definition's left side that are plain names nothing declares a shape of."""
    m = re.fullmatch(r"\s*.+?\s*(?:\\left)?\((?P<args>[^()]*)(?:\\right)?\)\s*", lhs_of(link), re.S)
    if m is None:
        return []
    args = [a.strip() for a in m.group("args").split(",") if a.strip()]
    if not args or not all(re.fullmatch(r"\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?", a) for a in args):
        return []
    return [] if any(a in ctx.vectors or a in ctx.matrices or a in ctx.functions for a in args) else args


def retry_deferred(ctx: DocContext, line: int, define) -> None:
    """Read the deferred function definitions again before the formula of ``line``, in their own section only and
    while nothing has defined the function since; ``define(fname, link, ctx, line)`` (run._define_function) returns
    '' when it is read.  The function stays opaque: a proof may use its body, a refutation may not."""
    pending = ctx.__dict__.get(_DEFERRED)
    declared = (tuple(ctx.assume), tuple(ctx.vectors), tuple(ctx.matrices), tuple(ctx.symmetric))
    if not pending or ctx.__dict__.get(_DEFERRED + "_at") == declared:
        return  # nothing new declared since the last attempt
    ctx.__dict__[_DEFERRED + "_at"] = declared
    from symgd.app.audit.shapes import declare_shapes

    keep = []
    for fname, link, at in pending:
        if any(at < h <= line for h in ctx.sections) or ctx.defined.get(name_key(lhs_of(link))) != link:
            continue  # a new section, or defined again since: dropped
        declare_shapes("", link, ctx, line)  # its variable a vector, now that the matrix beside it is declared
        read = not define(fname, link, ctx, at)
        args = [] if read else _plain_arguments(link, ctx)  # x^T A x: a scalar x does not read, so x is a vector
        if args and not ctx.add_names("vectors", args):
            read = not define(fname, link, ctx, at)
            if not read:
                for a in args:
                    ctx.vectors.remove(a)
        if not read:
            keep.append((fname, link, at))
        # read now: its body is substituted, so a claim can be proved with it; it stays opaque to refutations
        # (a property the sentence states about the names beside it, "symmetric", may not have been read)
    ctx.__dict__[_DEFERRED] = keep

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
    pinned = ctx.__dict__.get(_PINNED, {}).get(key)
    return pinned if pinned is not None and pinned[1] == line else None


_CONSTANT = re.compile(r"(?:\\(?:pi|frac|dfrac|tfrac|sqrt|left|right|cdot|log|ln|exp)(?![A-Za-z])|\\[,;! ]|\be\b|"
                       r"[\d\s.{}()\[\]+\-*/^,]|\^\s*\{?\s*(?:T|\\top)\s*\}?)*")


_SETUP = re.compile(r"^\W*(?:take|let|set|consider|suppose|choose|fix|assume|for (?:example|instance))\b|\bexample\b",
                    re.I)
_STATES = re.compile(r"\b(?:is|are|equals?)\s*$", re.I)  # the sentence states the value of what the example set up
_PASSING = re.compile(r"\b(only|right|true|holds?|correct|valid|unless|except|near|around|close to|tends?|as)\s*$",
                      re.I)


def example_value(link: str, before: str) -> bool:
    r"""Whether an inline ``name = number`` is an example's value: a sentence that sets up an example ("Take $n = 2$
    with $x = (1, 2)^T$, $y = (3, 4)^T$", "For instance, ..."), the number not said of a place in passing ("near
    $x = \pi/2$").  It then holds, like the values an example gives names in use, to the next heading."""
    sentence = re.split(r"(?<=[.!?])[})]*\s+", before)[-1]
    rhs = link[relations(link)[0].end():] if relations(link) else ""
    return bool(rhs.strip()) and bool(_CONSTANT.fullmatch(rhs)) and bool(_SETUP.search(sentence)) and not \
        _PASSING.search(before)


def stated_value(ctx: DocContext, key: str, link: str, before: str, line: int) -> None:
    r"""Record an inline ``name = number`` that a sentence states as the value of what the example of its paragraph
    set up ("Take the system with rows ... . Its solution is $x^* = (1, 2)$."): firm in its section (:func:`firm`),
    and unlike an example's own values still pinned after it (a later section may speak of the same point)."""
    sentences = re.split(r"(?<=[.!?])[})]*\s+", before)
    rhs = link[relations(link)[0].end():] if relations(link) else ""
    if (rhs.strip() and _CONSTANT.fullmatch(rhs) and _STATES.search(sentences[-1]) and not _PASSING.search(before)
            and any(_SETUP.search(s) for s in sentences[:-1])):
        ctx.__dict__.setdefault(_STATED, {})[key] = line
    elif rhs.strip() and _CONSTANT.fullmatch(rhs) and _MEMBER.fullmatch(lhs_of(link)) and _GIVES.search(
            sentences[-1]) and not _PASSING.search(before) and not _IF.search(sentences[-1]):
        ctx.__dict__.setdefault(_STATED, {})[key] = line  # "the first step gives $x_1 = (1, 0)$": a computed value


# one member of a family (x_1, x^{(2)}) or a named optimum (x^*, w^\star): a specific point, never a variable that a
# number illustrates ("near $x = \pi/2$"); its value the sentence computes ("gives", "is") holds in the section
_MEMBER = re.compile(r"\s*\\?[A-Za-z]+\s*(?:_\s*(?:\{\s*\d+\s*\}|\d)|\^\s*\{\s*\(\d+\)\s*\}|"
                     r"\^\s*(?:\{\s*)?(?:\*|\\star|\\ast)(?:\s*\})?)\s*")
_GIVES = re.compile(r"\b(?:is|are|equals?|gives?|yields?|becomes?|get|obtain|lands?\s+(?:at|on)|moves?\s+to|"
                    r"reaches|arrives?\s+at)\s*$", re.I)
_IF = re.compile(r"\b(?:if|when|whenever|unless|suppose|assume|say|e\.g\.|for\s+(?:example|instance))\b", re.I)


def firm(key: str, link: str, line: int, ctx: DocContext, at: int = 0) -> bool:
    r"""Whether the definition ``link`` (line ``line``) of the opaque name ``key`` holds where it is used (line
    ``at``), so that a proof may rest on it: an example's value in the section it pins (dropped at the next
    heading), or a formula that is not a bare number (a number given in prose may be an illustration: "near
    $x = \pi/2$") in its own section (a recorded formula is not substituted, and a later section may reuse the
    letter)."""
    if ctx.example_pins.get(key) == line:
        return True
    if ctx.__dict__.get(_BOUNDS, {}).get(key) == (link, line):  # G \ge 0 of \|g_t\| \le G: in its own section
        return not any(line < h <= at for h in ctx.sections)
    if ctx.__dict__.get(_STATED, {}).get(key) == line:  # a value stated in an example: firm in its own section only
        return bool(at) and not any(line < h <= at for h in ctx.sections)
    rhs = link[relations(link)[0].end():]
    if at == line and is_name(rhs.strip()) and "(" not in rhs:  # "take x = x_k, so that x - y = ...": its sentence
        return True
    if at and any(line < h <= at for h in ctx.sections) and not _carried(key, link, ctx):
        return False
    return not _CONSTANT.fullmatch(rhs) and not is_name(rhs.strip())  # x = x_k: an instance, a renaming


def _carried(key: str, link: str, ctx: DocContext) -> bool:
    r"""Whether a formula given to a name in an earlier section (``\eta_k = \frac{f(x_k) - f^*}{\|g_k\|^2}``)
    still holds: it is the name's latest definition and a formula (not a number, which may be an example's, nor a
    renaming).  A definition that reads is substituted in every later section; one that does not read is then as
    firm for a proof."""
    rhs = link[relations(link)[0].end():]
    if _CONSTANT.fullmatch(rhs) or is_name(rhs.strip()) or ctx.__dict__.get(_STATED, {}).get(key):
        return False
    return any(re.sub(r"[\s{}]", "", k) == key and v == link for k, v in ctx.defined.items())


def add_solved(latex: str, ctx: DocContext) -> str:
    r"""An equation the text says a name solves (``A x_\star = b``), added as a hypothesis: as written, or else
    solved for a bare name on one side that nothing defines (``b = A x_\star``, which reads where a matrix
    equation does not).  Either form says the same; every point that satisfies the solved form satisfies the
    equation.  '' when added, else the reason the equation was not read."""
    why = ctx.add_assumption(latex)
    if not why:
        return ""
    rels = relations(latex)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return why
    lhs, rhs = latex[: rels[0].start()].strip(), latex[rels[0].end():].strip()
    known = {re.sub(r"[\s{}]", "", k) for k in [*ctx.defined, *ctx.opaque, *ctx.functions]}
    for name, other in ((rhs, lhs), (lhs, rhs)):
        key = re.sub(r"[\s{}]", "", name)
        if not is_name(name) or "(" in name or key in known or re.search(
                re.escape(key) + r"(?![A-Za-z0-9])", re.sub(r"[\s{}]", "", other)):
            continue
        flipped = f"{name} = {other}"
        if not ctx.add_assumption(flipped):
            ctx.refused = [r for r in ctx.refused if not r.startswith(latex + ":")]
            return ""
    return why


def _instances(link: str, texts: list[str], ctx: DocContext) -> list[str]:
    r"""A definition of a family member at the other indices the texts use (``e_{k+1} = x_{k+1} - x_\star`` for
    ``e_k = x_k - x_\star`` when a claim writes ``e_{k+1}``): it holds at every index when the index is a free
    integer (shifts.shift refuses any other occurrence of it); none for a member the document defines itself."""
    from symgd.app.audit.shifts import canonical, index_of, shift

    index = index_of(lhs_of(link))
    if not index or index in ctx.defined or index in ctx.local:
        return []
    own = {canonical(k) for k in ctx.defined}
    flat = [re.sub(r"[\s{}]", "", t) for t in texts]
    shifted = [shift(link, index, by) for by in (-2, -1, 1, 2)]
    if any(x is None for x in shifted):
        return []
    rhs = [re.sub(r"[\s{}]", "", x[relations(x)[0].end():]) for x in [link, *shifted]]
    out = []
    for x in shifted:
        member = lhs_of(x).strip()
        key = re.sub(r"[\s{}]", "", member)
        used = re.compile(re.escape(key) + r"(?![A-Za-z0-9])")
        if canonical(name_key(member)) in own or not any(used.search(t) for t in flat) or any(
                used.search(r) for r in rhs):  # a recurrence (x_k = x_{k-1} - ...): the parser does not chain them
            continue
        out.append(x)
    return out


@dataclass(frozen=True)
class Respected:
    """A verdict found with the definitions of the names the link uses as hypotheses: a refutation, or a proof
    when every one of them is firm."""

    verdict: object  # symgd.core.verdict.Verdict, refuted or proved
    keys: tuple[str, ...]  # the opaque names whose definitions it respects
    note: str
    bodies: str  # the right sides of those definitions (the names they bring into the claim)


def _newer(key: str, ctx: DocContext, at: int) -> tuple[str, int] | None:
    """A definition of the opaque name ``key`` made after the line it was pinned at, in the section of line ``at``
    ("so $C = 2$" in an example, after "$C = L D^2$"): (its link, its line), or None."""
    line = ctx.opaque.get(key)
    for k, link in ctx.defined.items():
        since = ctx.defined_at.get(k)
        if re.sub(r"[\s{}]", "", k) != key or line is None or since is None or not line < since <= at or any(
                since < h <= at for h in ctx.sections):
            continue
        rels = relations(link)
        if len(rels) == 1 and rels[0].group(0) == "=" and name_key(lhs_of(link)) == k:
            return link, since
    return None


def respecting(text: str, chain: str, i: int, keys: list[str], ctx: DocContext, timeout: float,
               at: int = 0) -> Respected | None:
    """Link ``i`` of ``chain`` (on line ``at``) decided again with the definitions of ``keys`` (and of the opaque
    names their right sides use) as hypotheses: the refutation, the proof when every definition is firm, or None
    when a definition is not known or does not read, or neither is found.  A name given a value since its
    definition ("so $C = 2$" after "$C = L D^2$") is taken at that value; the older definition then constrains
    only names the claim does not use (their own values in the text satisfy it), else nothing is decided."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    todo, links, seen, texts, older, bounds = list(keys), [], set(), [text], [], []
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        found, newer = definition_of(key, ctx), _newer(key, ctx, at) if at else None
        if newer is not None and found is not None:
            older.append((key, found[0]))
            found = newer
        if found is None and (found := _bound_of(key, ctx)) is not None:  # G \ge 0 of \|g\| \le G: a proof only
            bounds.append(found[0])
        if found is None:
            return None
        links.append(found)
        for link in [found[0], *_instances(found[0], texts, ctx)]:  # e_{k+1} = x_{k+1} - x_* beside e_k = ...
            if link != found[0]:
                links.append((link, found[1]))
            rhs = link[relations(link)[0].end():]
            texts.append(rhs)
            flat = re.sub(r"[\s{}]", "", rhs)
            todo += [k for k in ctx.opaque if not k.endswith("(") and k not in seen and re.search(
                re.escape(k) + r"(?![A-Za-z])", flat)]
    for key, link in older:  # C = L D^2 with L or D in the claim: the two definitions together are not decided here
        rhs = link[relations(link)[0].end():]
        names = re.findall(r"\\?[A-Za-z]+(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?", rhs)
        if any(_occurs(re.sub(r"[\s{}]", "", n), texts) for n in names if re.sub(r"[\s{}]", "", n) != key
               and n not in (r"\frac", r"\sqrt", r"\left", r"\right", r"\cdot", r"\log", r"\ln", r"\exp")):
            return None
    extra = tuple(dict.fromkeys(link for link, _ in links if link not in ctx.assume))
    dropped = ""  # an assumption of the document left out so that the formula reads: then a proof only
    try:
        try:
            p = parse_problem(chain, declarations=ctx.declarations(extra), allow_unused=True)
        except Exception:  # "Take y = x_{k+1}" in force beside a formula that writes f(x_{k+1}): without it
            p, dropped = _without_one(chain, extra, ctx)
            if p is None:
                return None
        same = [j for j, (t, _) in enumerate(p.links) if re.sub(r"\s", "", t) == re.sub(r"\s", "", text)]
        if i not in same:  # the chain read with the definitions may number its links otherwise: the link by its text
            if len(same) != 1:
                return None
            i = same[0]
        v = decide(substituted(p.links[i][1], p.context, ctx), p.context, timeout=timeout)
    except Exception:  # a definition that does not read with this formula: nothing respects it
        return None
    listed = "; ".join(f"{link} (line {line})" for link, line in links)
    s = "s" if len(links) > 1 else ""
    used = [text, *(link[relations(link)[0].end():] for link, _ in links)]
    firmly = all(firm(key, link, line, ctx, at) for link, line in links  # those the claim uses (x for x_k is not x)
                 if _occurs(key := re.sub(r"[\s{}]", "", name_key(lhs_of(link))), used))
    if firmly and not v.proved and ctx.stated:  # the descent lemma at x_{k+1} = x_k - g/L (a stated property)
        by_fact = _from_facts(text, p.links[i][1], extra, ctx, timeout, dropped)
        v = v if by_fact is None else by_fact
    if firmly and not v.proved and ctx.premises:  # "plugging it back in": an earlier inequality, the name replaced
        by_earlier = _from_facts(text, p.links[i][1], extra, ctx, timeout, dropped, earlier=True)
        v = v if by_earlier is None else by_earlier
    if v.proved and firmly:
        note = f"with the definition{s} {listed} as hypotheses" + (f" (read without {dropped})" if dropped else "")
    elif not v.refuted or dropped or bounds:  # a bound's sign is not the bound: no counterexample respects it
        return None
    else:
        signs = _constants_positive(ctx)
        if signs:  # "an L-Lipschitz gradient": a counterexample with L <= 0 is no counterexample to the text
            try:
                p = parse_problem(chain, declarations=ctx.declarations((*extra, *signs)), allow_unused=True)
                v = decide(substituted(p.links[i][1], p.context, ctx), p.context, timeout=timeout)
            except Exception:  # a sign that does not read with this formula: no refutation
                return None
            if not v.refuted:
                return None
        note = f"the counterexample respects the definition{s} {listed}"
    bodies = " \\quad ".join(link[relations(link)[0].end():].strip() for link, _ in links)
    return Respected(v, tuple(seen), note, bodies)


def _constants_positive(ctx: DocContext) -> tuple[str, ...]:
    """``L > 0`` for each constant of a property the text states ("$L$-smooth", "$\\mu$-strongly convex", "PL with
    constant $\\mu$"): what the property implies of its constant (a counterexample must meet it too)."""
    out = []
    for f in ctx.stated:
        for c in (c.strip() for c in f.constant.split(",")):
            if c and is_name(c) and "(" not in c and f"{c} > 0" not in ctx.assume:
                out.append(f"{c} > 0")
    return tuple(dict.fromkeys(out))


def _occurs(key: str, texts: list[str]) -> bool:
    """Whether the name ``key`` (braces and spaces off) occurs whole in one of ``texts`` (LaTeX; braces and spaces
    may stand between its characters): not ``x`` in ``x_k``, but ``C`` in ``\\frac{2C}{k}``."""
    word = re.compile((r"(?<!\\)" if key.startswith("\\") else r"(?<![A-Za-z\\])")
                      + r"[\s{}]*".join(re.escape(ch) for ch in key) + r"(?![A-Za-z0-9_'])")
    return any(word.search(t) for t in texts)


def _without_one(chain: str, extra: tuple[str, ...], ctx: DocContext):
    """The chain parsed with the definitions ``extra`` and all but one of the document's assumptions (the last ones
    first), and the one left out; (None, '') when none reads."""
    from symgd.latex.problem import parse_problem

    for a in reversed(ctx.assume):
        try:
            decl = ctx.declarations(extra)
            decl = replace(decl, assume=tuple(x for x in decl.assume if x != a))
            return parse_problem(chain, declarations=decl, allow_unused=True), a
        except Exception:  # another one, then
            continue
    return None, ""


def _from_facts(text: str, claim, extra: tuple[str, ...], ctx: DocContext, timeout: float, dropped: str = "",
                earlier: bool = False):
    """A proof of ``claim`` from an instance of a stated property (hypotheses.from_facts; ``earlier``: from an
    earlier inequality of the section, hypotheses.from_earlier) with the definitions ``extra`` in force as
    hypotheses (and the assumption ``dropped`` left out), as a proved verdict; None otherwise."""
    from symgd.app.audit.hypotheses import from_earlier, from_facts
    from symgd.core.verdict import Status, Verdict

    before = list(ctx.assume)
    ctx.assume[:] = [a for a in before if a != dropped] + list(extra)
    try:
        method = (from_earlier if earlier else from_facts)(text, claim, ctx, timeout)
    except Exception:  # an instance that does not read: no proof
        method = None
    finally:
        ctx.assume[:] = before
    return Verdict(Status.PROVED, method) if method else None


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


def earlier_with_definitions(text: str, claim, ctx: DocContext, timeout: float, at: int) -> str | None:
    r"""A step that follows from an earlier inequality of the section once a name that inequality uses is replaced by
    its firm definition ("Plugging it back in" after ``e_{k+1} \le e_k - 2a_k u_k + a_k^2 v_k`` and a step
    ``a_k = u_k / v_k`` the text defined but symgd did not substitute): hypotheses.from_earlier with those
    definitions as hypotheses; the method names them.  None otherwise (a proof only: nothing is refuted here)."""
    from symgd.app.audit.hypotheses import from_earlier

    links = []
    for key in ctx.opaque:
        if key.endswith("(") or not any(_occurs(key, [premise]) for _, premise, _ in ctx.premises):
            continue
        found = definition_of(key, ctx)
        if found is not None and firm(key, found[0], found[1], ctx, at) and found[0] not in ctx.assume:
            links.append(found)
    if not links:
        return None
    before = list(ctx.assume)
    ctx.assume.extend(link for link, _ in links)
    try:
        method = None if ctx._ok(ctx.declarations()) else from_earlier(text, claim, ctx, timeout)
    except Exception:  # a definition that does not read with the premise: no proof
        method = None
    finally:
        ctx.assume[:] = before
    if method is None:
        return None
    return f"{method}; with the definition{'s' if len(links) > 1 else ''} " + "; ".join(
        f"{link} (line {line})" for link, line in links) + " as hypotheses"
