"""What a formula is in its sentence, beyond its own form (classify.py); the hooks run.py calls.

* Names defined as the roots of an equation (roots.py) and values of names the text already determines
  (members.py): claims about defined things, never free numbers.
* "When the discriminant is nonpositive, i.e. $D \\le 0$, the roots are complex and $$...$$", "For $a > 0$,
  $b > 0$ and $\\eta > 0$ the analysis gives $$...$$": each condition of a sentence that opens with
  when/if/for/whenever/provided/assuming/given/suppose and runs into a display holds in that display only.
* A claim refuted only because it needs a condition the text stated earlier as a local one ("If the step is
  small, $\\alpha \\le 1/(L M_G)$, ...", later "Since $0 < \\alpha\\mu \\le 1$") is undecided: the text stated
  the condition, locally there.  Assumptions the text never states leave the refutation as it is.
* The upper limit of a sum from 0 or 1 (``\\sum_{t=1}^T``) is a count: T >= 0 for every later claim.
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit import members, roots
from symgd.app.audit.chain import LinkResult
from symgd.app.audit.classify import Chain, relations
from symgd.app.audit.context import DocContext

__all__ = ["leads_to_display", "links", "read", "settle"]

_STATE = "_roles_state"


def _state(ctx: DocContext) -> dict:
    """This module's state on the document's context: the local conditions seen so far ((LaTeX, line))."""
    if not hasattr(ctx, _STATE):
        object.__setattr__(ctx, _STATE, {"local": []})
    return getattr(ctx, _STATE)


def read(before: str, latex: str, after: str, line: int, ctx: DocContext) -> None:
    """Record the names the prose around a formula defines as roots (eigenvalues, solutions) of something, and
    the upper limit of a sum from 0 or 1 as a count (``\\sum_{t=1}^T``: T >= 0, for every later claim)."""
    for m in re.finditer(r"\\sum_\{\s*([a-z])\s*=\s*[01]\s*\}\s*\^\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![A-Za-z]))", latex):
        count = m.group(2) or m.group(3)
        if count != m.group(1) and count not in ctx.defined and f"{count} \\ge 0" not in ctx.assume and not any(
                re.search(r"(?<![A-Za-z\\])" + count + r"(?![A-Za-z])", a) for a in ctx.assume):
            ctx.add_assumption(f"{count} \\ge 0")  # refused (a vector, a function): nothing assumed
    roots.record(before, latex, after, line, ctx)


def links(chain: str, d, ctx: DocContext, later, base: dict, timeout: float) -> list[LinkResult] | None:
    """A displayed or inline claim about names defined as the roots of a quadratic the text writes out, decided
    by Vieta's formulas (exact, over the complex numbers), or a value given to a name the text has already
    determined (members.py), checked with the instances that determine it; None otherwise."""
    found = members.determined(chain, d, ctx) or members.mentioned(chain, d, ctx)
    if found is not None:
        from symgd.app.audit.chain import check_chain

        why, instances = found
        added = [x for x in instances if x not in ctx.assume and not ctx.add_assumption(x)]
        try:
            return check_chain(Chain(chain, "claim", why), ctx, later, base, timeout)
        finally:
            for x in added:
                if x in ctx.assume:
                    ctx.assume.remove(x)
    return roots.links(chain, ctx, base, timeout)


_OPENER = re.compile(r"^\W*(?:(?:and|but|now|so|then)\b,?\s*)?(when|if|whenever|provided(?: that)?|assuming(?: that)?|"
                     r"given|suppose(?: that)?|for)\b", re.I)
_END = re.compile(r"(?<!\bi\.e)(?<!\be\.g)(?<!\bcf)(?<!\bvs)[.!?](?=\s|$)")
_DISPLAY = re.compile(r"\$\$|\\\[|\\begin\{(?:equation|align|gather|multline|eqnarray)")


def leads_to_display(c: Chain, d, ctx: DocContext, base: dict) -> LinkResult | None:
    """An inline condition in a sentence that opens with when/if/for/... and runs into a display: assumed in
    that display, then dropped (run.py's conditions_next).  None when the formula is not such a condition."""
    if d.display or c.kind not in ("claim", "assumption") or c.why == "membership":
        return None
    rels = relations(c.latex)
    if not rels or any(r.group(0) in ("=", r"\approx", r"\in", r"\to", r"\rightarrow", r"\sim") for r in rels):
        return None
    sentence = re.split(r"(?<!\bi\.e\.)(?<!\be\.g\.)(?<=[.!?])\s+|\$\$|\\\]|\\end\{[^{}]*\}", d.before)[-1]
    opener = _OPENER.match(sentence)
    if opener is None:
        return None
    nxt = _DISPLAY.search(d.after)
    if nxt is None:
        return None
    between = re.sub(r"\\\(.*?\\\)|\$[^$]*\$", " ", d.after[: nxt.start()])
    if _END.search(between) or c.latex in ctx.assume:
        return None
    why = ctx.add_assumption(c.latex)
    if why:
        return None
    ctx.conditions_next.append(c.latex)
    _state(ctx)["local"].append((c.latex, base["line"]))
    return LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                      method=f"a condition of the sentence ('{opener.group(1)}') that leads to the next display: assumed "
                             "there, then dropped")


_LOCAL = ("a condition", "a quantified variable")


def settle(results: list[LinkResult], ctx: DocContext, timeout: float) -> list[LinkResult]:
    """A refuted claim that holds under a condition the text stated earlier as a local one is undecided (the
    text stated it, locally there); then the local conditions of these results are remembered."""
    state = _state(ctx)
    out = []
    for r in results:
        if r.kind == "claim" and r.verdict == "refuted" and not r.missing and state["local"]:
            r = _under_local(r, ctx, state["local"], timeout) or r
        out.append(r)
    for r in results:
        if r.kind == "assumption" and r.method.startswith(_LOCAL) and (r.link, r.line) not in state["local"]:
            state["local"].append((r.link, r.line))
    return out


def _under_local(r: LinkResult, ctx: DocContext, local: list[tuple[str, int]], timeout: float) -> LinkResult | None:
    from symgd.app.audit.context import substituted
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    usable = [(a, n) for a, n in dict.fromkeys(local) if a not in ctx.assume and n < r.line]
    try:  # the refutation must be the plain one of the link as written (not a special method's, an optimum's)
        p = parse_problem(r.link, declarations=ctx.declarations(), allow_unused=True)
        if not any(decide(substituted(cl, p.context, ctx), p.context, timeout=timeout).refuted for _, cl in p.links):
            return None
    except Exception:
        return None
    for chosen in [[u] for u in usable] + ([usable] if len(usable) > 1 else []):
        extra = tuple(a for a, _ in chosen)
        if ctx._ok(ctx.declarations(extra)):
            continue
        try:
            p = parse_problem(r.link, declarations=ctx.declarations(extra), allow_unused=True)
            under = [decide(substituted(cl, p.context, ctx), p.context, timeout=timeout) for _, cl in p.links]
            if any(v.refuted for v in under) and len(chosen) == len(usable):
                return None  # false under every condition stated: the refutation stands
            if all(v.proved for v in under):
                where = ", ".join(f"{a} stated at line {n}" for a, n in chosen)
                return replace(r, verdict="undecided", counterexample={},
                               method=f"holds under the condition {where} (locally there); refuted without it: "
                                      f"{r.method}")
        except Exception:  # a retry that cannot run says nothing
            continue
    broken = [(a, n) for a, n in usable if _breaks(a, r.counterexample, ctx)]
    if broken:  # not proved under it in the budget (a loaded machine), but the counterexample is outside it
        a, n = broken[0]
        return replace(r, verdict="undecided", counterexample={},
                       method=f"refuted only by values that break the condition {a} stated at line {n} (locally "
                              f"there): {r.method}")
    return None


def _breaks(condition: str, cex: dict, ctx: DocContext) -> bool:
    """Whether the counterexample ``cex`` makes ``condition`` (a relation of its names) false, exactly; False when it
    does not read, leaves a name free or a value is not a rational number (values are read as numerals, never
    sympified)."""
    import sympy as sp

    from symgd.app.audit.chain import norm
    from symgd.latex.problem import parse_problem

    values = {}
    for k, v in cex.items():
        m = re.fullmatch(r"\s*(-?\d+)(?:\s*/\s*(\d+))?\s*", str(v))
        if m:
            values[norm(str(k))] = sp.Rational(int(m.group(1)), int(m.group(2) or 1))
    try:
        p = parse_problem(condition, declarations=ctx.declarations(), allow_unused=True)
        for _, claim in p.links:
            names = claim.lhs.free_symbols | claim.rhs.free_symbols
            if not names or any(norm(str(x)) not in values for x in names):
                return False
            at = {x: values[norm(str(x))] for x in names}
            gap = claim.lhs.xreplace(at) - claim.rhs.xreplace(at)
            if not gap.is_Rational:
                return False
            held = {"<": gap < 0, "<=": gap <= 0, ">": gap > 0, ">=": gap >= 0, "=": gap == 0}.get(claim.rel.value)
            if held is not None and not bool(held):
                return True
    except Exception:  # a condition that does not read here breaks nothing
        return False
    return False
