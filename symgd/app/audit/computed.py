r"""A result written as ``name = value`` for a name the text has already determined is a computed claim, not a
definition.  classify.py reads ``name = value`` by its form; this module looks at what is in force:

* **a member of a recursion from a free start**: ``x_1 = x_0 - \frac{a x_0 - b}{a}`` after the rule ``x_{k+1} = x_k
  - f'(x_k)/f''(x_k)`` (members.py pins members only above a start the text gives; here the value is a formula in
  the start itself, so the rule's instance decides it for every start);
* **a name whose definition is in force, at the values the section pins**: ``\alpha^\star = \frac{4}{(3+1)^2}``
  after ``\alpha^\star = \frac{4}{(\sqrt L + \sqrt\mu)^2}`` and "so $\mu = 1$, $L = 9$"; ``w_1 = 1`` after "the
  step $w_1 = w_0 - \eta\ell'(w_0)$ from $w_0 = 0$ with $\eta = 1$".  Only when every name of the definition is
  pinned: the definition evaluated at the pinned values, with the document's functions, must leave a number
  (exact), so a refutation is that number against the one written.  Otherwise nothing changes (``C = 2`` after
  ``C = L D^2`` with D never given a value stays what it was);
* **a name the prose defines by a property**: "the only stationary point is the minimizer, $x^\star = \ln 2$"
  after ``f(x) = e^x - 2x``: the first-order condition of the one function of that variable in force (and, for
  a minimizer, its convexity: argmin.py).  Only a decorated name (``x^\star``, ``w^*``, ``x_{\mathrm{opt}}``) of
  the variable of exactly one defined smooth function; a proof or a refutation replaces the "definition" verdict,
  anything else leaves it (the value is still carried as the definition it was).

A name the sentence sets ("let", "take", "set", "with", "start at", "define") stays a definition, and so does a
first value (a number for a name whose definition is a number).
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult, check_chain
from symgd.app.audit.classify import Chain, lhs_of, name_key, relations
from symgd.app.audit.context import DocContext

__all__ = ["links", "sets", "stationary"]

_SETS = re.compile(r"\b(let|define[sd]?|denote[sd]?|write|set|take|choose|fix|start\w*|initiali[sz]\w*|consider|"
                   r"pick|suppose|assume|instead|redefine[sd]?|try)\b|"
                   r"\b(use|using|with|now|if|when|for)\s*[:,]?\s*$", re.I)
_KINDS = ("a value (for an example)", "the prose introduces it (redefinition)", "a new name on the left")
_PROPERTY = re.compile(r"\b(stationary point|critical point|minimi[sz]er|minimum|maximi[sz]er|maximum)\b", re.I)
_DECORATED = re.compile(r"\s*(\\?[A-Za-z]+)\s*(?:\^\s*\{?\s*(?:\\star|\*|\\\*|\\ast)\s*\}?|_\s*\{?\s*(?:\\star|\*|\\ast)"
                        r"\s*\}?|_\s*\{\s*\\(?:mathrm|text|operatorname)\s*\{\s*opt\s*\}\s*\})\s*")


def _tail(before: str) -> str:
    """What the sentence says right before the formula: the words after its last formula or relation."""
    sentence = re.split(r"(?<=[.!?])[})*]*\s+", before.strip())[-1] if before.strip() else ""
    return re.split(r"\$|\\\)|\\\]|=|<|>|\\le|\\ge", sentence)[-1]


def sets(before: str) -> bool:
    """Whether the sentence before a formula sets the name it gives a value ("let", "take", "with", "start at")."""
    return bool(_SETS.search(_tail(before)))


def links(c: Chain, d, ctx: DocContext, later, base: dict, timeout: float) -> list[LinkResult] | None:
    """The chain ``c`` (read as a definition) decided as a claim when the text already determines its name: a
    member of a recursion written in the free start, or a name whose definition in force the section's values
    pin to a number; None keeps the reading (nothing is changed in the context)."""
    if c.kind != "definition" or c.why not in _KINDS or sets(d.before):
        return None
    rels = relations(c.latex)
    if not rels or rels[0].group(0) != "=":
        return None
    found = _free_start(c.latex, ctx) or _pinned(c.latex, d, ctx)
    if found is None:
        return None
    why, extra = found
    added: list[str] = []
    for x in [x for x in dict.fromkeys(extra) if x not in ctx.assume]:
        if ctx.add_assumption(x):  # does not read with the rest: the reading stays
            for y in added:
                ctx.assume.remove(y)
            return None
        added.append(x)
    try:
        out = check_chain(Chain(c.latex, "claim", why), ctx, later, base, timeout)
        gives = _value(c.latex, ctx) if any(r.verdict == "refuted" for r in out) else ""
        lhs = lhs_of(c.latex).replace("&", "").strip()
        return [replace(r, method=f"{why.removesuffix(': a claim')}: {r.method}", note=(
            r.note + "; " if r.note else "") + gives if r.verdict == "refuted" and gives and r.link.startswith(lhs)
            else r.note) for r in out]
    finally:
        for x in added:
            if x in ctx.assume:
                ctx.assume.remove(x)


def _value(chain: str, ctx: DocContext) -> str:
    r"""``x_1 = x_0 - ...`` or ``\alpha^\star = 1/4``: what the definitions in force give the name on the left (with
    the assumptions just added), as the reason of a refutation; '' when it does not read."""
    from symgd.app.audit.context import substituted

    lhs = lhs_of(chain).replace("&", "").strip()
    p = _parsed(f"{lhs} = 0", ctx, [])
    if p is None or len(p.links) != 1:
        return ""
    try:
        value = substituted(p.links[0][1], p.context, ctx).lhs
    except Exception:
        return ""
    return f"the definitions in force give {lhs} = {value}" if str(value) != lhs else ""


def _members_at_numbers(text: str) -> list[tuple[str, int, str]]:
    """(base, number, as written) of each ``x_0``, ``x_{12}``, ``\\hat m_2`` in ``text``."""
    return [(m.group(1), int(m.group(2) or m.group(3)), m.group(0)) for m in re.finditer(
        r"((?:\\(?:hat|tilde|bar)\s*\{?\s*)?\\?[A-Za-z]+\s*\}?)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))(?![\d,])", text)]


def _free_start(chain: str, ctx: DocContext) -> tuple[str, list[str]] | None:
    """``x_1 = x_0 - ...`` after ``x_{k+1} = x_k - ...`` with x_0 given no value: (why, [the rule's instance at 1])
    when every member of a family at a number that the instance's right side uses is written in the claim too (so
    the claim is about every start: a counterexample's start is one the claim covers)."""
    from symgd.app.audit import members

    lhs = lhs_of(chain).replace("&", "").strip()
    m = members._MEMBER.fullmatch(lhs)
    if m is None:
        return None
    n, rest = int(m.group(2) or m.group(3)), chain[relations(chain)[0].end():]
    for link, index, base, line in members._families(ctx):
        if members._flat(base) != members._flat(m.group(1)):
            continue
        rule_rhs = link.split("=", 1)[1]
        if not re.search(r"(?<![A-Za-z\\])" + re.escape(base.strip()) + r"\s*_", rule_rhs):
            return None  # not a recursion: members.py's route
        off = re.search(r"_\s*\{?\s*" + index + r"\s*(?:([+-])\s*(\d+))?", link.split("=", 1)[0])
        if off is None:
            return None
        o = (int(off.group(2)) if off.group(2) else 0) * (-1 if off.group(1) == "-" else 1)
        inst = members._at(link, index, n - o)
        if inst is None:
            return None
        used = _members_at_numbers(inst.split("=", 1)[1])
        written = {(members._flat(b), k) for b, k, _ in _members_at_numbers(rest)}
        if not used or any((members._flat(b), k) not in written or k >= n for b, k, _ in used):
            return None
        if any(name_key(w) in ctx.defined for _, _, w in used):
            return None  # a pinned start: members.py decides it
        return f"a member of the family the rule of line {line} defines, written in its start: a claim", [inst]
    return None


def _pinned(chain: str, d, ctx: DocContext) -> tuple[str, list[str]] | None:
    """``\\alpha^\\star = 4/(3+1)^2`` after ``\\alpha^\\star = 4/(\\sqrt L + \\sqrt\\mu)^2`` and the section's ``L = 9``,
    ``\\mu = 1``: (why, [the definition, the pinned values]) when the claim's sides are then numbers; else None."""
    key = name_key(lhs_of(chain).replace("&", "").strip())
    if "(" in key:
        return None
    link = ctx.defined.get(key, "")
    if not link or link.split("=", 1)[-1].strip() == chain[relations(chain)[0].end():].strip():
        return None
    if _number(link, ctx):
        return None  # a first value and a new one: an example's new value, not a claim
    start = max((h for h in ctx.sections if h <= d.line), default=0)
    values = [v for k, v in ctx.defined.items() if k != key and v not in ctx.assume
              and (ctx.defined_at.get(k, 0) >= start or k in ctx.local) and _number(v, ctx)]
    extra = [link, *values]
    if not _closed(chain, ctx, extra):
        return None
    line = ctx.defined_at.get(key, 0)
    return (f"the definition of line {line} at the values this section gives its names: a claim", extra)


def _parsed(latex: str, ctx: DocContext, extra: list[str]):
    from symgd.latex.problem import parse_problem

    try:
        return parse_problem(latex, declarations=ctx.declarations(tuple(x for x in extra if x not in ctx.assume)),
                             allow_unused=True)
    except Exception:  # a formula the parser refuses: not a number
        return None


def _number(link: str, ctx: DocContext) -> bool:
    """Whether ``link`` (``name = value``) gives its name a number (no name, no function on the right)."""
    from sympy.core.function import AppliedUndef

    rhs = link.split("=", 1)[-1].strip()
    if not rhs or re.search(r"[=<>]", rhs):
        return False
    p = _parsed(rhs + " = 0", ctx, [])
    if p is None or len(p.links) != 1:
        return False
    e = p.links[0][1].lhs
    return not getattr(e, "free_symbols", {1}) and not getattr(e, "is_Matrix", False) and not e.atoms(AppliedUndef)


def _closed(chain: str, ctx: DocContext, extra: list[str]) -> bool:
    """Whether every link of ``chain`` is a relation between numbers once ``extra`` (definitions and values) and the
    document's functions are substituted."""
    from sympy.core.function import AppliedUndef

    from symgd.app.audit.context import substituted

    if ctx._ok(ctx.declarations(tuple(x for x in extra if x not in ctx.assume))):
        return False
    p = _parsed(chain, ctx, extra)
    if p is None or not p.links:
        return False
    for _, claim in p.links:
        try:
            claim = substituted(claim, p.context, ctx)
        except Exception:
            return False
        for side in (claim.lhs, claim.rhs):
            if getattr(side, "free_symbols", {1}) or getattr(side, "is_Matrix", False) or side.atoms(AppliedUndef):
                return False
    return True


def stationary(result: LinkResult, d, ctx: DocContext, timeout: float) -> LinkResult:
    """A definition ``x^\\star = v`` that the sentence calls a stationary point or an optimum, checked as one: the
    first-order condition of the one defined function of ``x`` in force (a minimizer: also convexity, argmin.py);
    a proof or a refutation is the link's verdict (the definition stays registered), anything else leaves it."""
    if result.kind != "definition" or result.verdict != "definition":
        return result
    sentence = re.split(r"(?<=[.!?])\s+", d.before.strip())[-1] if d.before.strip() else ""
    props = [m.group(1).lower() for m in _PROPERTY.finditer(sentence)]
    prop = next((w for w in props if w.startswith(("minim", "maxim"))), props[0] if props else None)
    rels = relations(result.link)
    if prop is None or len(rels) != 1 or rels[0].group(0) != "=" or sets(d.before):
        return result
    name = lhs_of(result.link).strip()
    m = _DECORATED.fullmatch(name)
    if m is None:
        return result
    var = m.group(1)
    fns = [f for f in ctx.fdefs.values() if f.name not in ctx.stale and len(f.args) == 1 and f.args[0].name == var]
    if len(fns) != 1 or re.search(r"\||\\max|\\min|\\vert|\\lvert|cases", fns[0].latex):
        return result  # no function or several of that variable, or one with a kink: the property is not stated
    f = fns[0]
    point = result.link[rels[0].end():].strip()
    fname = lhs_of(f.latex).split("(")[0].strip()
    from symgd.app.audit.argmin import check_argmin
    from symgd.app.audit.context import prepare
    from symgd.app.audit.logic import check_solution

    word = prop
    opt = word.startswith(("minim", "maxim"))
    body = f.latex.split("=", 1)[1].strip()  # the body itself: argmin.py's convexity test reads no definitions
    obj = body if not word.startswith("maxim") else rf"-\left({body}\right)"
    decl = ctx.declarations()
    try:
        if opt:
            verdict, method, cex = check_argmin(point, var, "", obj, decl, prepare(ctx), timeout)
        else:
            verdict, method, cex = check_solution(rf"\nabla_{{{var}}}\left({obj}\right) = 0", f"{var} = {point}", decl,
                                                  prepare(ctx), timeout, unique=False)
    except Exception:  # a method's failure leaves the definition as it was read
        return result
    if verdict not in ("proved", "refuted"):
        return result
    what = f"{word} of {fname} (its definition, line {f.line}), as the sentence says"
    return replace(result, kind="claim", verdict=verdict, method=f"{what}: {method}", counterexample=cex or {},
                   note=result.note)
