r"""Definitions in force that symgd did not substitute, used for a proof.

A link refuted only by giving a defined name a value of its own is undecided ("defined in a form symgd cannot
substitute"), and so is one no check decides in time.  Many such definitions are exact and in force, just not of
the form that is substituted.  Here the link is decided again with them:

* a function defined through a power of it ("the decrement, defined by $\lambda(x)^2 = f'(x)^2/f''(x)$"): the body
  substituted at every point where the link applies the function (an even power: its nonnegative root, as a
  definition of a square means); a value at a point (``f(x_0) = 11/2``) only at that point;
* names pinned by the equations of one line ("the conditions hold: $x^\star - a + \lambda^\star = 0$,
  $z^\star - b - \lambda^\star = 0$ and $x^\star = z^\star$"; ``\lambda^\star = a - x^\star``): hypotheses, used
  only when they pin names and never the parameters (:func:`_consistent`: a slip there proves nothing);
* a name's formula from an earlier section, while it is the name's latest definition ($L = (a + \sqrt b)/4$ of the
  setting, in the example that states $a$ and $b$);
* a vector stacked from scalars (``z_k = (x_k, y_k)``): its Euclidean norms written in the entries
  (:mod:`symgd.app.audit.stacked`).

Only a proof is reported (the equations recorded may not be all the text says of those names, so a counterexample
to them is no counterexample to the text).  An equation is used only where it is in force: recorded at the line
the name was pinned at, in the same section or example as the link (a name's latest formula excepted), the name not
defined again since, never a name given a bare number (which may be an illustration) and never a link symgd
refuted or could not read.
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.classify import is_name, lhs_of, name_key, norm, relations
from symgd.app.audit.context import DocContext, substituted
from symgd.app.audit.stacked import prove_stacked

__all__ = ["prove_in_force", "record", "undecided_in_force"]

_RECORD = "_in_force_links"  # [(line, link, kind, verdict)] of every link read so far
_STARTS = "_in_force_starts"  # line -> how many formulas were read before its first one
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
    for r in results:  # the formulas read before this line (ctx.history grows after each formula)
        ctx.__dict__.setdefault(_STARTS, {}).setdefault(r.line, len(ctx.history))
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


def _mentions(flat: str, key: str) -> bool:
    """Whether a :func:`_flat` text uses the name ``key`` (a function applied or differentiated, ``\\nabla f``)."""
    name = _flat(key.rstrip("("))
    return bool(_word(key).search(flat) or (key.endswith("(") and re.search(
        r"(?:\bd|\\partial|\\nabla)\s*" + re.escape(name) + r"(?![A-Za-z_])", flat)))


def _equations(key: str, line: int, at: int, ctx: DocContext) -> list[tuple[str, int]]:
    r"""The equations recorded at ``line`` (where ``key`` was pinned) that use the name: definitions, and claims
    symgd neither proved nor refuted that introduce it ("... hold: $x^\star - a + \lambda^\star = 0$"); none when
    the name is defined again between ``line`` and ``at`` or a heading stands between them."""
    if not 0 < line <= at:
        return []
    from symgd.app.audit.definitions import _carried

    crossed = any(line < h <= at for h in (*ctx.sections, *ctx.soft_sections))  # then only the name's latest
    # definition, a formula (a heading or a run-in title "**Example.**" ends an example's equations)
    candidates = []
    for ln, link, kind, verdict in ctx.__dict__.get(_RECORD, []):
        if line < ln < at and kind == "definition" and _defines(link, key):
            return []  # defined again since: the older equations are not in force
        if ln != line or kind not in ("definition", "claim") or verdict in ("refuted", "not checked"):
            continue
        if crossed and not (kind == "definition" and _defines(link, key) and _carried(key, link, ctx)):
            continue  # "L = (a + \sqrt b)/4" of the setting holds in the example; an equation of its section not
        rels = relations(link)
        if len(rels) != 1 or rels[0].group(0) != "=":
            continue
        if _NUMBER.fullmatch(link[rels[0].end():]) and is_name(link[: rels[0].start()].replace("&", "").strip()):
            continue  # a name given a bare number may be an illustration ("near $x = \pi/2$")
        candidates.append((link, ln))
    # the name's equations, and the equations of the same line that share a name with them (the line's system:
    # "$x^\star - a + \lambda^\star = 0$, $z^\star - b - \lambda^\star = 0$ and $x^\star = z^\star$")
    out = [c for c in candidates if _word(key).search(_flat(c[0]))]
    names = set().union(set(), *(_names(c[0]) for c in out))
    grew = True
    while grew and out and not key.endswith("("):
        grew = False
        for c in candidates:
            if c not in out and _names(c[0]) & names:
                out.append(c)
                names |= _names(c[0])
                grew = True
    return out


def _names(link: str) -> set[str]:
    """The names a formula writes (commands other than Greek letters left out), as :func:`_flat` spells them."""
    found = re.findall(r"\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?(?:\s*\^\s*(?:\{\s*\\(?:star|ast)\s*\}|"
                       r"\\(?:star|ast)|\*|\{\s*\*\s*\}))?", link)
    return {_flat(n) for n in found if not n.startswith("\\") or n.split("_")[0].split("^")[0].strip() in _GREEK}


_GREEK = {"\\" + g for g in ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta kappa lambda mu nu xi pi "
                               "rho sigma tau phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi "
                               "Omega").split()}


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
    order = {(link, ln): n for n, (ln, link, _, _) in enumerate(ctx.__dict__.get(_RECORD, []))}
    return sorted(out, key=lambda e: order.get(e, 0))  # in the text's order, whatever the names' order


def _function_rule(eq: sp.Eq, functions: set[str]):
    """(the application f(x, ...) at plain names, its power, the body) when ``eq`` defines a function the text
    does not define in closed form (``\\lambda(x)^2 = f'(x)^2 / f''(x)``), else None."""
    lhs, power = (eq.lhs.base, eq.lhs.exp) if isinstance(eq.lhs, sp.Pow) else (eq.lhs, sp.Integer(1))
    if not isinstance(lhs, AppliedUndef) or lhs.func.__name__ not in functions or not (
            power.is_Integer and power > 0) or not all(isinstance(x, sp.Symbol) for x in lhs.args) or len(
            set(lhs.args)) != len(lhs.args) or lhs in eq.rhs.atoms(AppliedUndef):
        return None
    return lhs, int(power), eq.rhs


def _apply_rule(expr, rule, functions_seen: set):
    """``expr`` with the function of ``rule`` replaced at each of its applications: its body where the rule is the
    function itself, the nonnegative root of the body where it defines an even power (``\\lambda(x)^2 = ...``: as
    a definition of a square means, like a norm's), ``body`` for each ``f(t)^p`` of an odd ``p``; an application
    at another point only when the rule's arguments are plain letters that its body uses (``f(x_0) = 11/2`` is a
    value at a point, not the function).  None when an application stays."""
    head, power, body = rule
    general = all(_VARIABLE.fullmatch(x.name) for x in head.args) and all(x in body.free_symbols for x in head.args)
    for app in sorted(expr.atoms(AppliedUndef), key=sp.default_sort_key):
        if app.func != head.func or len(app.args) != len(head.args):
            continue
        if app != head and not general:
            return None
        value = body.xreplace(dict(zip(head.args, app.args, strict=True)))
        if power % 2 == 0:  # a function defined through its square is its nonnegative root (a decrement, a norm)
            expr = expr.xreplace({app: sp.root(value, power)})
        else:
            expr = expr.subs(app ** power, value) if power > 1 else expr.xreplace({app: value})
        functions_seen.add(app)
    if any(a.func == head.func for a in expr.atoms(AppliedUndef)):
        return None  # \lambda(x) after \lambda(x)^3 = ...: not a root taken here
    return expr


_VARIABLE = re.compile(r"\\?[A-Za-z]+")  # a plain letter (x, t, \theta): no index, star or accent of a point


def _known(name: str, line: int, ctx: DocContext) -> bool:
    """Whether the name occurs in a formula read before ``line`` (a parameter of the equations there); a formula
    that is the name alone ("with a multiplier $\\nu^\\star$") introduces it, it does not use it."""
    history = ctx.history[: ctx.__dict__.get(_STARTS, {}).get(line, len(ctx.history))]
    word = _word(_flat(name))
    return any(word.search(_flat(h)) for h in history if not (is_name(h.strip()) and "(" not in h))


def _consistent(system: list, pinned: set, line: int, ctx: DocContext) -> bool:
    """Whether the text's equations only pin names, never the parameters: linear in their unknowns -- the names
    pinned, the left side of each ``name = expression``, and in the other equations the names no formula before
    ``line`` writes ("$x^\\star - a + \\lambda^\\star = 0$, ..., $x^\\star = z^\\star$") -- and solvable for them
    whatever the parameters are.  A slip on the line of a definition
    ($y = 2x$ and $y = 3x$) would make the equations constrain $x$: nothing is proved from them then."""
    defined = {e.lhs for e in system if isinstance(e.lhs, sp.Symbol) and e.lhs not in e.rhs.free_symbols}
    other = set().union(set(), *(e.free_symbols for e in system if e.lhs not in defined))  # KKT-like conditions
    unknowns = sorted(pinned | defined | {x for x in other if not _known(x.name, line, ctx)}, key=sp.default_sort_key)
    if not unknowns:
        return False
    try:
        matrix, rhs = sp.linear_eq_to_matrix([e.lhs - e.rhs for e in system], unknowns)
        return matrix.rank(simplify=True) == matrix.row_join(rhs).rank(simplify=True)
    except Exception:  # not linear in the unknowns: not decided here
        return False


def prove_in_force(text: str, chain: str, i: int, keys: list[str], ctx: DocContext, timeout: float,
                   at: int) -> str | None:
    """Link ``i`` of ``chain`` (its text ``text``, on line ``at``) proved with the equations in force of the
    pinned names ``keys``: a function's definition substituted at the claim's points, the other equations as
    hypotheses when they only pin names (:func:`_consistent`).  The method naming them, or None (never a
    refutation)."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    eqs = _gather(keys, ctx, at)
    if not eqs:
        return None
    functions = {k.rstrip("(") for k in ctx.opaque if k.endswith("(")}
    declared = [f for f in functions if f not in ctx.functions]
    decl = ctx.declarations()
    decl = replace(decl, functions=tuple(decl.functions) + tuple(declared))
    try:
        p = parse_problem(chain, declarations=decl, allow_unused=True)
        same = [j for j, (t, _) in enumerate(p.links) if re.sub(r"\s", "", t) == re.sub(r"\s", "", text)]
        if i not in same:  # the chain read with more functions may number its links otherwise
            if len(same) != 1:
                return None
            i = same[0]
        claim = substituted(p.links[i][1], p.context, ctx)
    except Exception:  # the link does not read with those functions: no proof here
        return None
    rules, system, read = [], [], []
    for link, ln in eqs:
        try:
            c = substituted(parse_problem(link, declarations=decl, allow_unused=True).links[0][1], p.context, ctx)
        except Exception:  # an equation that does not read: left out (fewer hypotheses prove less, never more)
            continue
        eq = sp.Eq(c.lhs, c.rhs, evaluate=False)
        rule = _function_rule(eq, functions)
        if rule is not None:
            rules.append(rule)
        elif not eq.atoms(AppliedUndef):
            system.append(eq)
        else:
            continue
        read.append((link, ln))
    eqs = read
    if len({r[0].func for r in rules}) != len(rules):
        return None  # two definitions of one function: which one holds is not clear
    lhs, rhs, seen = claim.lhs, claim.rhs, set()
    for rule in rules:
        lhs, rhs = _apply_rule(lhs, rule, seen), _apply_rule(rhs, rule, seen) if lhs is not None else None
        if lhs is None or rhs is None:
            return None
    context = p.context
    if system:
        pinned = {x for x in set().union(*(e.free_symbols for e in system))
                  if any(_flat(x.name) == _flat(k) for k in keys)}
        if not _consistent(system, pinned, min(ln for _, ln in eqs), ctx):
            return None
        context = replace(context, hypotheses=(*context.hypotheses, *system))
    elif not seen:
        return None
    if not eqs:
        return None
    try:
        v = decide(replace(claim, lhs=lhs, rhs=rhs), context, timeout=timeout)
    except Exception:  # a form decide() does not take: no proof
        return None
    if not v.proved:
        return None
    used = "; ".join(f"{link} (line {ln})" for link, ln in eqs)
    s = "s" if len(eqs) > 1 else ""
    return f"with the equation{s} {used} in force ({'as hypotheses' if system else 'substituted'}): " \
           f"{v.method}"


def undecided_in_force(text: str, chain: str, i: int, ctx: DocContext, timeout: float, at: int) -> str | None:
    """A link left undecided (no counterexample found in time, none that blocks) that uses names pinned above:
    :func:`prove_in_force`, then :func:`prove_stacked`, with those names; None otherwise."""
    flat = _flat(text)
    keys = [k for k, line in ctx.opaque.items() if 0 < line <= at and _mentions(flat, k)]
    used = _names(text)
    for k, line in ctx.opaque.items():  # z^\star, pinned only by a condition beside x^\star = z^\star
        if k not in keys and 0 < line <= at and not k.endswith("(") and used & {
                n for link, _ in _equations(k, line, at, ctx) for n in _names(link) if not _known(n, line, ctx)}:
            keys.append(k)
    if not keys:
        return None
    return prove_in_force(text, chain, i, keys, ctx, timeout, at) or prove_stacked(text, keys, ctx, timeout)
