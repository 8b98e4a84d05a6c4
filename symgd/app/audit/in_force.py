r"""Definitions in force that symgd did not substitute, used for a proof.

A link refuted only by giving a defined name a value of its own is undecided ("defined in a form symgd cannot
substitute").  Many such definitions are exact and in force, just not of the form ``name = expression`` that is
substituted: a function defined through a power of it (``\lambda(x)^2 = f'(x)^2 / f''(x)``), names pinned by a
system of equations ("the KKT conditions hold: $x^\star - a + \lambda^\star = 0$, ..., and $x^\star = z^\star$"), a
chain that defines ``x^\star = z^\star = \frac{a + b}{2}``.  Here the link is decided again with each such equation
as a hypothesis: a function's definition taken at every point where the link applies the function, every
application of a function the text does not define in closed form replaced by a value of its own (sound for a
proof: it is proved whatever values those applications take, as long as the equations hold).

Only a proof is reported (the equations recorded may not be all the text says of those names, so a counterexample
to them is no counterexample to the text).  An equation is used only where it is in force: recorded at the line
the name was pinned at, in the same section as the link (no heading in between), the name not defined again
since, never a bare number (which may be an illustration) and never a link symgd refuted.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.classify import is_name, lhs_of, name_key, norm, relations
from symgd.app.audit.context import DocContext, substituted

__all__ = ["prove_in_force", "prove_stacked", "record"]

_RECORD = "_in_force_links"  # [(line, link, kind, verdict)] of every link read so far
_NUMBER = re.compile(r"[\s\d.+\-*/(){}^,]*|\s*-?\s*\\[dt]?frac\s*\{?\s*\d+\s*\}?\s*\{?\s*\d+\s*\}?\s*")


_POWER_DEF = re.compile(r"\s*(?P<f>\\[A-Za-z]+|[A-Za-z])\s*(?:\\left)?\(\s*(?P<args>(?:\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*,\s*)*"
                        r"\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*(?:\\right)?\)\s*\^\s*\{?\s*\d+\s*\}?\s*")
_NOT_FUNCTIONS = {r"\log", r"\ln", r"\exp", r"\sin", r"\cos", r"\tan", r"\sqrt", r"\det", r"\max", r"\min",
                  r"\left", r"\nabla", r"\operatorname", r"\mathrm", r"\text"}


def record(ctx: DocContext, results) -> None:
    """Keep every link of one formula (line, text, kind, verdict): the equations a later link may rest on.  A
    definition of a power of a function at plain names (``\\lambda(x)^2 = f'(x)^2 / f''(x)``, "defined by")
    makes that letter a function from here on: the text applies it, never multiplies by it."""
    ctx.__dict__.setdefault(_RECORD, []).extend((r.line, r.link, r.kind, r.verdict) for r in results)
    for r in results:
        rels = relations(r.link) if r.kind == "definition" else []
        m = _POWER_DEF.fullmatch(r.link[: rels[0].start()].replace("&", "")) if len(rels) == 1 else None
        if m is None or rels[0].group(0) != "=" or m.group("f") in _NOT_FUNCTIONS:
            continue
        f = m.group("f")
        if f not in ctx.functions and f not in ctx.vectors and f not in ctx.matrices:
            ctx.add_names("functions", [f])


def _flat(text: str) -> str:
    """norm() with ``\\star`` and ``\\ast`` as the ``*`` of the keys (``x^\\star`` is the key ``x^*``)."""
    return re.sub(r"\\(?:star|ast)(?![A-Za-z])", "*", norm(text))


def _word(key: str) -> re.Pattern:
    """The name ``key`` (a norm()'d key; ``f(`` a function applied) in a :func:`_flat` text."""
    name = _flat(key.rstrip("("))
    tail = r"\s*(?:\^\s*\{?\s*\d\s*\}?\s*)?(?:\\left)?\(" if key.endswith("(") else \
        r"(?![A-Za-z0-9']|_(?!\d)|\^(?:\*|\\star|\\ast|\(|\\prime))"
    return re.compile((r"(?<![\\A-Za-z_])" if not name.startswith("\\") else r"(?<!\\)") + re.escape(name) + tail)


def _equations(key: str, line: int, at: int, ctx: DocContext) -> list[tuple[str, int]]:
    r"""The equations recorded at ``line`` (where ``key`` was pinned) that use the name: definitions, and claims
    symgd neither proved nor refuted that introduce it ("... hold: $x^\star - a + \lambda^\star = 0$"); none when
    the name is defined again between ``line`` and ``at`` or a heading stands between them."""
    if any(line < h <= at for h in ctx.sections) or not 0 < line <= at:
        return []
    word = _word(key)
    out = []
    for ln, link, kind, verdict in ctx.__dict__.get(_RECORD, []):
        if line < ln < at and kind == "definition" and _defines(link, key):
            return []  # defined again since: the older equations are not in force
        if ln != line or kind not in ("definition", "claim") or verdict in ("refuted", "not checked"):
            continue
        rels = relations(link)
        if len(rels) != 1 or rels[0].group(0) != "=" or not word.search(_flat(link)):
            continue
        if _NUMBER.fullmatch(link[rels[0].end():]) and is_name(link[: rels[0].start()].replace("&", "").strip()):
            continue  # a name given a bare number may be an illustration ("near $x = \pi/2$")
        out.append((link, ln))
    return out


def _defines(link: str, key: str) -> bool:
    lhs = lhs_of(link).replace("&", "").strip()
    return _flat(name_key(lhs)) == _flat(key.rstrip("(")) if lhs else False


def _gather(keys: list[str], ctx: DocContext, at: int) -> list[tuple[str, int]]:
    """The equations of ``keys`` and, transitively, of the pinned names they use (bounded)."""
    todo, seen, out = list(keys), set(), []
    while todo and len(seen) < 12:
        key = todo.pop()
        if key in seen or key not in ctx.opaque:
            continue
        seen.add(key)
        for link, ln in _equations(key, ctx.opaque[key], at, ctx):
            if link in (x for x, _ in out):
                continue
            out.append((link, ln))
            flat = _flat(link)
            todo += [k for k in ctx.opaque if k not in seen and _word(k).search(flat)]
    return out


def _instances(eq: sp.Eq, claim_atoms: set, functions: set[str]) -> list[sp.Basic]:
    """``eq`` at every point where the claim applies a function it defines at plain names (``\\lambda(x)^2 =
    ...`` at ``\\lambda(x_0)``); ``eq`` itself when it defines no function at names."""
    defined = [a for a in eq.lhs.atoms(AppliedUndef) if a.func.__name__ in functions
               and all(isinstance(x, sp.Symbol) for x in a.args) and len(set(a.args)) == len(a.args)]
    if not defined:
        return [eq]
    head = defined[0]
    general = all(_VARIABLE.fullmatch(x.name) for x in head.args) and all(
        x in eq.rhs.free_symbols for x in head.args)  # f(x_0) = 11/2 is a value at a point, not the function
    out = []
    for app in claim_atoms:
        if app.func == head.func and len(app.args) == len(head.args) and (general or app == head):
            out.append(eq.xreplace(dict(zip(head.args, app.args, strict=True))))
    return out


_VARIABLE = re.compile(r"\\?[A-Za-z]+")  # a plain letter (x, t, \theta): no index, star or accent of a point


def prove_in_force(text: str, chain: str, i: int, keys: list[str], ctx: DocContext, timeout: float,
                   at: int) -> str | None:
    """Link ``i`` of ``chain`` (its text ``text``, on line ``at``) proved with the equations in force of the
    pinned names ``keys`` as hypotheses: the method naming them, or None (never a refutation)."""
    from symgd.core.claims import Context
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    eqs = _gather(keys, ctx, at)
    if not eqs:
        return None
    functions = {k.rstrip("(") for k in ctx.opaque if k.endswith("(")}
    declared = [f for f in functions if f not in ctx.functions]
    decl = ctx.declarations()
    from dataclasses import replace

    decl = replace(decl, functions=tuple(decl.functions) + tuple(declared))
    try:
        p = parse_problem(chain, declarations=decl, allow_unused=True)
        same = [j for j, (t, _) in enumerate(p.links) if re.sub(r"\s", "", t) == re.sub(r"\s", "", text)]
        if i not in same:  # the chain read with more functions may number its links otherwise
            if len(same) != 1:
                return None
            i = same[0]
        claim = substituted(p.links[i][1], p.context, ctx)
        atoms = claim.lhs.atoms(AppliedUndef) | claim.rhs.atoms(AppliedUndef)
        hyps = []
        for link, _ in eqs:
            c = parse_problem(link, declarations=decl, allow_unused=True).links[0][1]
            c = substituted(c, p.context, ctx)
            hyps += _instances(sp.Eq(c.lhs, c.rhs), atoms, functions)
    except Exception:  # an equation that does not read beside this link: no proof through it
        return None
    hyps = [h for h in hyps if isinstance(h, sp.Eq)]  # (an instance that evaluates to True adds nothing)
    if not hyps:
        return None
    opaque = set()  # applications, derivatives: values of their own (sound for a proof)
    for e in [claim.lhs, claim.rhs, *hyps]:
        opaque |= {a for a in sp.preorder_traversal(e) if isinstance(a, (AppliedUndef, sp.Derivative, sp.Subs))}
    if any(not getattr(a, "is_commutative", True) for a in opaque):
        return None
    values = {a: sp.Symbol(f"v_{{{n}}}", real=True) for n, a in enumerate(sorted(opaque, key=sp.default_sort_key))}
    try:
        plain = replace(claim, lhs=claim.lhs.xreplace(values), rhs=claim.rhs.xreplace(values))
        context = Context.make([*p.context.hypotheses, *(h.xreplace(values) for h in hyps)], p.context.symmetric,
                               p.context.positive_definite)
        v = decide(plain, context, timeout=timeout)
    except Exception:  # a form decide() does not take: no proof
        return None
    if not v.proved:
        return None
    used = "; ".join(f"{link} (line {ln})" for link, ln in eqs)
    s = "s" if len(eqs) > 1 else ""
    return f"with the equation{s} {used} in force as hypotheses: {v.method}"


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
        if index and not re.fullmatch(re.escape(name) + _SUB + r"\s*", lhs):
            return None
        family = re.compile(re.escape(_flat(name)) + (r"(?:_|$)" if index else "$"))
        if any(family.match(_flat(other)) for other in ctx.defined if other != k):
            return None  # a member defined otherwise too (w_{t+1} = 2 w_t): not only the stacked vector
        return name, index, entries, ctx.defined_at[k]
    return None


def _in_coordinates(text: str, name: str, index: str, entries: list[str]) -> str | None:
    r"""``text`` with each norm of the stacked vector written in its entries (``\|z_{k+1}\|^2`` as
    ``(x_{k+1}^2 + y_{k+1}^2)``, ``\|z_0\|`` as ``\sqrt{x_0^2 + y_0^2}``); None when the vector occurs otherwise."""
    member = re.escape(name) + (_SUB if index else r"(?![A-Za-z_])")
    pattern = re.compile(_NORM_OPEN + r"\s*" + member + r"\s*" + _NORM_CLOSE + r"(?:\s*_\s*\{?\s*2\s*\}?)?"
                         r"(?P<sq>\s*\^\s*\{?\s*2\s*\}?)?")

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
