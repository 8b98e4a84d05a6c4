"""One chain of a formula decided link by link in the document's context: parsed with the declarations in force
(or with fewer assumptions, or as scalars, when they do not read), each link substituted and decided, and a
counterexample that ignores something the document pins down reported undecided, never refuted."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from symgd.app.audit.at_points import example_of_generic_name
from symgd.app.audit.classify import _FONT, Chain, is_name, lhs_of, name_key, norm, relations
from symgd.app.audit.context import DocContext, substituted
from symgd.app.audit.definitions import earlier_with_definitions, respecting
from symgd.app.audit.facts import KINDS
from symgd.app.audit.hypotheses import by_witness, from_earlier, from_facts, with_odes
from symgd.app.audit.shifts import closed_form_members, consistent, instances_for, members_past_start, tied_members
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput

__all__ = ["LinkResult", "check_chain", "decide_link", "defined_names", "mentions", "norm"]


@dataclass(frozen=True)
class LinkResult:
    """One link of one chain (or a definition / assumption / formula not checked), where it is and its verdict."""

    line: int
    display: int  # index of the formula in the document, from 1
    link: str
    kind: str  # claim, definition, assumption, expression
    verdict: str  # proved, refuted, undecided, not checked, definition, assumption
    method: str = ""
    counterexample: dict = field(default_factory=dict)
    detail: str = ""
    note: str = ""  # e.g. the assumption under which a refuted link holds
    seconds: float = 0.0
    inline: bool = False
    missing: str = ""  # an assumption the text does not state and the link needs ("f differentiable")
    with_missing: str = ""  # the link's verdict with that assumption added

    def to_dict(self) -> dict:
        d = {"line": self.line, "display": self.display, "link": self.link, "kind": self.kind,
             "verdict": self.verdict, "method": self.method, "inline": self.inline}
        if self.counterexample:
            d["counterexample"] = self.counterexample
        if self.detail:
            d["detail"] = self.detail
        if self.note:
            d["note"] = self.note
        if self.missing:
            d["missing_assumption"] = self.missing
            d["with_assumption"] = self.with_missing
        d["seconds"] = round(self.seconds, 3)
        return d


def defined_names(chain: str) -> list[str]:
    """The names a definition defines: its left side's name, or the functions in a non-name left side
    (``\frac{d\theta(t)}{dt} = ...`` defines the function theta)."""
    lhs = lhs_of(chain).replace("&", "").strip()
    if is_name(lhs):
        return [norm(name_key(lhs)) + ("(" if re.search(r"\)\s*$", lhs) else "")]
    names = re.findall(r"(\\?[A-Za-z]+(?:_\{[^{}]*\}|_\\?\w+)?)\s*(?:\\left)?\(", lhs)
    names += re.findall(r"\\frac\{\s*d\^?\d?\s*(\\?[A-Za-z]+)", lhs)
    return [norm(n) + "(" for n in names if n not in (r"\left", r"\nabla", r"\frac")]


def _other_arity(link: str, key: str, ctx: DocContext) -> bool:
    """Whether every application of the function ``key`` in ``link`` has another number of arguments than its
    definition (``f(x_t)`` after ``f(x, y) = ...``): the definition is then about another function."""
    n = ctx.arity.get(key)
    if n is None:
        return False
    uses = re.findall(re.escape(key.rstrip("(")) + r"\s*(?:\\left)?\(([^()]*)\)", norm(link))
    return bool(uses) and all(u.count(",") + 1 != n for u in uses)


def mentions(link: str, cex: dict, key: str) -> bool:
    """Whether a link (or its counterexample) uses a name; ``key`` ending in ``(`` is a function, used only
    when applied or differentiated (``\theta(t)``, ``d\theta``), not as ``\theta_0``."""
    link = _FONT.sub(r"\1", link)
    text = norm(link)
    name = key.rstrip("(")
    if key.endswith("("):
        pattern = re.escape(name) + r"(?:\\left)?\(|(?:d|\\partial|\\nabla)" + re.escape(name) + r"(?![A-Za-z_])"
    else:
        # x, not x_k, x^*, x' or the index of g_k (x_1 may be a coordinate of x); t, not the t of \sqrt or \det
        keep = {*re.findall(r"\\[A-Za-z]+", name), r"\star", r"\ast", r"\prime"}
        text = norm(re.sub(r"\\[A-Za-z]+", lambda m: m.group(0) if m.group(0) in keep else "#", link))
        pattern = r"(?<!_)" + re.escape(name) + r"(?![A-Za-z']|_(?!\d)|\^(?:\*|\\star|\\ast|\(|\\prime))"
    if re.search(pattern, text):
        return True
    return any(norm(k) == name and (not key.endswith("(") or "->" in str(v)) for k, v in cex.items())


def check_chain(c: Chain, ctx: DocContext, later: list[str], base: dict, timeout: float) -> list[LinkResult]:
    r"""The chain's links decided; those not proved decided again with the shifted instances of the rules whose
    families they use (``v_t = \mu v_{t-1} - ...`` beside ``v_{t+1} = \mu v_t - ...``, shifts.py): that verdict
    stands (a counterexample that gives two members of one family values of their own is undecided), except
    where the second reading fails."""
    out = [_closed_form_guard(r, ctx) for r in _check_chain(c, ctx, later, base, timeout)]
    if not ctx.shiftable or ctx.shifting or all(r.verdict in ("proved", "not checked") for r in out):
        return out
    extra = [x for x in instances_for(c.latex, ctx) if x not in ctx.assume]
    rules = [v[0] for k, v in ctx.shiftable.items() if ctx.defined.get(k) == v[0]]  # in force: they tie members too
    if not extra or all(r.verdict in ("proved", "not checked") or (
            r.verdict == "refuted" and consistent(r.counterexample, extra + rules, ctx)) for r in out):
        return out  # every refutation stands with the instances too: nothing to decide again
    before = list(ctx.assume)
    ctx.shifting = True
    try:
        ctx.assume.extend(extra)
        if ctx._ok(ctx.declarations()):  # an instance that does not read (or a cycle): not used at all
            return out
        again = _check_chain(c, ctx, later, base, timeout)
    except Exception:  # a substitution the claim cannot take (a shifted name differentiated): the first reading
        return out
    finally:
        ctx.assume[:] = before
        ctx.shifting = False
    if len(again) != len(out):
        return out
    merged = []
    for r, s in zip(out, again, strict=True):
        kept = r.verdict == "refuted" and consistent(r.counterexample, extra + rules, ctx)  # a refutation that still stands
        if r.verdict == "proved" or s.link != r.link or (kept and s.verdict != "proved"):
            merged.append(r)
            continue
        if s.verdict == "not checked":
            s = replace(s, verdict="undecided", method=f"{r.method}; but that counterexample ignores the rules at "
                        f"shifted indices, which do not read here: {s.method}") if r.verdict == "refuted" else r
        tied = tied_members(s.counterexample, ctx) if s.verdict == "refuted" else []
        if tied:
            s = replace(s, verdict="undecided", method=f"a counterexample gives {', '.join(tied)} values of their "
                        f"own, but the update rule ties them: {s.method}")
        merged.append(replace(s, note=(s.note + "; " if s.note else "") + "with the rules' instances at shifted "
                              "indices: " + "; ".join(extra)))
    return [_closed_form_guard(r, ctx) for r in merged]


def _closed_form_guard(r: LinkResult, ctx: DocContext) -> LinkResult:
    """A refutation that gives members of a recursively defined family values of their own, in a claim about its
    closed form (shifts.closed_form_members): undecided, with the reason."""
    if r.verdict != "refuted" or not ctx.shiftable:
        return r
    tied = closed_form_members(r.link, r.counterexample, ctx)
    if not tied:
        return r
    return replace(r, verdict="undecided", method=f"a counterexample gives {', '.join(tied)} a value of its own, but "
                   f"the recursion ties it to its start and the claim uses the index as a value (a closed form, "
                   f"proved by induction): {r.method}")


def _check_chain(c: Chain, ctx: DocContext, later: list[str], base: dict, timeout: float) -> list[LinkResult]:
    from symgd.latex.problem import parse_problem

    skip_first = c.kind == "definition"
    if skip_first and len(relations(c.latex)) < 2:
        return []
    c = replace(c, latex=_at_own_arguments(c.latex, ctx))
    from symgd.app.audit.derivatives import point_free

    try:
        c = replace(c, latex=point_free(c.latex, ctx))  # \sigma' = \sigma(1 - \sigma): at the definition's argument
    except BadInput as exc:
        return _not_read(c, skip_first, base, exc)
    from symgd.app.audit.euler import closed_claim, euler_clash

    if clash := euler_clash(c.latex, ctx, base["line"]):  # e = x - x^* above, e^{-t} here: which e?
        return _not_read(c, skip_first, base, BadInput(clash))
    weakened = ""
    try:
        try:
            p = parse_problem(c.latex, declarations=ctx.declarations(), allow_unused=True)
        except BadInput:
            if not skip_first:
                raise
            # a definition's own link may not read (an ODE's d\theta/dt beside \theta): its claims without it
            rest = c.latex[relations(c.latex)[0].end():].strip()
            p = parse_problem(rest, declarations=ctx.declarations(), allow_unused=True)
            c, skip_first = Chain(rest, "claim"), False
    except BadInput as exc:
        p, weakened = _without_some_assumptions(c.latex, ctx)
        if p is None and re.search(r"\bn ?x ?[1n]\b|nx1|nxn|a scalar", str(exc)):
            p, weakened = _as_scalars(c.latex, ctx)
        if p is None:
            return _link_by_link(c, skip_first, ctx, later, base, timeout, exc)
    out = []
    for i, (text, claim) in enumerate(p.links):
        if skip_first and i == 0:
            continue
        r = decide_link(text, claim, p.context, i, c.latex, ctx, later, base, timeout)
        if weakened and r.verdict == "refuted" and not closed_claim(claim):  # a counterexample without them: nothing
            r = replace(r, verdict="undecided", method=f"refuted only without the assumption(s) {weakened}, "
                        f"which do not read with this formula: {r.method}")
        elif weakened:
            r = replace(r, note=(r.note + "; " if r.note else "") + f"checked without {weakened}")
        out.append(r)
    return out


def _link_by_link(c: Chain, skip_first: bool, ctx: DocContext, later: list[str], base: dict, timeout: float,
                  exc: Exception) -> list[LinkResult]:
    """A chain that does not read as a whole, read one link at a time (``a = b``, ``b = c`` ...): the links
    that read are decided, the others are not checked with the parser's reason."""
    rels = relations(c.latex)
    if len(rels) < 2:
        return _not_read(c, skip_first, base, exc)
    sides = [c.latex[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(c.latex))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    if not all(sides):  # a relation with nothing on one side (an arrow as punctuation): not a chain of links
        return _not_read(c, skip_first, base, exc)
    out = []
    for k, rel in enumerate(rels):
        if skip_first and k == 0:
            continue
        link = f"{sides[k]} {rel.group(0)} {sides[k + 1]}"
        done = check_chain(Chain(link, "claim"), ctx, later, base, timeout) if len(relations(link)) == 1 else []
        if not done or (len(done) == 1 and done[0].verdict == "not checked"):
            out.append(LinkResult(**base, link=link, kind="claim", verdict="not checked", method=f"not read: {exc}"))
        else:
            out.extend(done)
    return out


def _at_own_arguments(latex: str, ctx: DocContext) -> str:
    r"""``\frac{\partial f}{\partial x}`` for a function defined as ``f(x, y) = ...``: the derivative of ``f(x, y)``
    (a defined function written without its arguments in a derivative means it at its own arguments)."""
    for fd in ctx.fdefs.values():
        m = re.fullmatch(r"(.+?)\s*(?:\\left)?\((.*)\)", lhs_of(fd.latex).strip(), re.S)
        if m is None:
            continue
        name, args = m.group(1).strip(), m.group(2).strip()
        latex = re.sub(r"(\\frac\s*\{\s*(?:\\partial|d)\s*(?:\^\s*\{?\d\}?)?\s*)" + re.escape(name) + r"(\s*\})",
                       lambda g, name=name, args=args: f"{g.group(1)}{name}({args}){g.group(2)}", latex)
    return latex


def _without_some_assumptions(chain: str, ctx: DocContext):
    """The chain parsed with one or all of the document's assumptions left out (they may use a letter in
    another role, t a step size there and an index here), or (None, '')."""
    from symgd.latex.problem import parse_problem

    for drop in [[a] for a in reversed(ctx.assume)] + [list(ctx.assume)]:
        if not drop:
            continue
        keep = tuple(a for a in ctx.assume if a not in drop)
        decl = replace(ctx.declarations(), assume=keep)
        try:
            return parse_problem(chain, declarations=decl, allow_unused=True), ", ".join(drop)
        except BadInput:
            continue
        except Exception:  # an unexpected parser failure: as unreadable
            continue
    return None, ""


def _as_scalars(chain: str, ctx: DocContext):
    """A formula that does not read with the document's vectors and matrices (``5x^2 + 13y^2`` after
    ``x \\in \\mathbb{R}^n``) read with every name a scalar, as the formula itself demands: its proofs say so,
    and a refutation in that reading is left undecided."""
    from symgd.latex.problem import parse_problem

    keep = tuple(a for a in ctx.assume if not re.search(r"\\in\s*\\mathbb\{R\}\s*\^|\\succ", a))
    try:
        return (parse_problem(chain, declarations=Declarations(assume=keep, functions=tuple(ctx.functions)),
                              allow_unused=True), "the declared vectors and matrices (read as scalars)")
    except Exception:  # still unreadable
        return None, ""


def _not_read(c: Chain, skip_first: bool, base: dict, exc: Exception) -> list[LinkResult]:
    """Each link of a chain the parser refuses: not checked, with the parser's one-line reason."""
    links = _link_texts(c.latex)[1 if skip_first else 0:] or [c.latex]
    return [LinkResult(**base, link=t, kind="claim", verdict="not checked", method=f"not read: {exc}") for t in links]


def _link_texts(chain: str) -> list[str]:
    rels = relations(chain)
    cuts = [0, *[m.start() for m in rels[1:]], len(chain)]
    out = []
    for k in range(len(rels)):
        lo = rels[k - 1].end() if k else 0
        hi = rels[k + 1].start() if k + 1 < len(rels) else len(chain)
        out.append(chain[lo:hi].replace("&", "").strip())
    return out or [chain[cuts[0]:]]


_INVOKED = re.compile(r"\b(smoothness|(?:strong )?convexity|lipschitz(?: continuity)?|the descent lemma)\b"
                      r"[^.;$]{0,30}?\b(?:gives|yields|implies|shows)\b|\b(?:by|from|using) (?:the )?(?:\$?\\?[A-Za-z]+\$?-)?"
                      r"(smoothness|(?:strong )?convexity|the descent lemma)\b", re.I)


LINK_ATTEMPTS = 5  # a link's attempts (the claim, stated properties, classes, earlier displays, witnesses) share 5


def decide_link(text, claim, context, i, chain, ctx, later, base, timeout) -> LinkResult:
    """Link ``i`` decided: each attempt gets ``timeout`` seconds, and all of them end within LINK_ATTEMPTS times it,
    whatever routes the link takes."""
    from symgd.core.budget import within

    with within(LINK_ATTEMPTS * timeout):
        return _decide_link(text, claim, context, i, chain, ctx, later, base, timeout)


def _decide_link(text, claim, context, i, chain, ctx, later, base, timeout) -> LinkResult:
    from symgd.decide import decide

    t0 = time.monotonic()
    claim_before = claim
    try:
        claim = substituted(claim, context, ctx)
        by_ode = with_odes(text, claim, context, ctx, timeout) if ctx.odes else None
        if by_ode is not None:
            return LinkResult(**base, link=text, kind="claim", verdict=by_ode[0], method=by_ode[1],
                              seconds=time.monotonic() - t0)
        from symgd.app.audit.euler import closed_claim
        from symgd.app.audit.identities import at_points, record
        from symgd.app.audit.iterates import NOT_SUMMED, by_iterates, unrefuted

        if unrefuted(claim):  # sums and extrema over iterates: symgd.app.audit.iterates (never refuted)
            got = by_iterates(text, claim, context, ctx, timeout, base["line"])
            return LinkResult(**base, link=text, kind="claim", verdict="proved" if got else "undecided",
                              method=got or NOT_SUMMED, seconds=time.monotonic() - t0)
        v = decide(claim, context, timeout=timeout)
        if v.proved:
            record(claim_before, base["line"], ctx)
        pointed = at_points(claim_before, ctx, base["line"]) if ctx.identities and not v.proved else None
        if pointed is not None:  # after \ell''(w) = ... was proved for every w: that identity at the point
            at = substituted(pointed[0], context, ctx)
            w = decide(at, context, timeout=timeout)
            if w.proved or (w.refuted and closed_claim(at)):
                return LinkResult(**base, link=text, kind="claim", verdict=w.status.value,
                                  method=f"{pointed[1]}: {w.method}", counterexample=dict(w.counterexample or {}),
                                  detail=w.detail or "", seconds=time.monotonic() - t0)
        by_fact = from_facts(text, claim, ctx, timeout) if not v.proved and ctx.stated else None
        if by_fact is None and not v.proved and ctx.stated:  # several instances and a square (interpolation)
            from symgd.app.audit.classes import from_classes

            by_fact = from_classes(text, claim, context, ctx, timeout)
        if by_fact is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="proved", method=by_fact,
                              seconds=time.monotonic() - t0)
        if v.refuted and ctx.stated:  # a quadratic of the stated classes, the text's definitions kept (classes.py)
            from symgd.app.audit.classes import refute_by_class

            if (got := refute_by_class(text, claim, context, ctx, timeout, set(later[1]))) is not None:
                return LinkResult(**base, link=text, kind="claim", verdict="refuted", method=got[0],
                                  counterexample=got[1], seconds=time.monotonic() - t0)
        by_earlier = from_earlier(text, claim, ctx, timeout) if not v.proved and ctx.premises else None
        if by_earlier is None and not v.proved and ctx.premises and ctx.opaque:  # a name of the premise defined
            by_earlier = earlier_with_definitions(text, claim, ctx, timeout, base["line"])
        if by_earlier is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="proved", method=by_earlier,
                              seconds=time.monotonic() - t0)
    except Exception as exc:  # reported on the link, the audit goes on
        return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                          method=f"error: {type(exc).__name__}: {exc}"[:300], seconds=time.monotonic() - t0)
    note = ""
    if v.proved and ctx.stale:
        from sympy.core.function import AppliedUndef

        used = sorted({f.func.__name__ for f in claim_before.lhs.atoms(AppliedUndef) | claim_before.rhs.atoms(AppliedUndef)}
                      & ctx.stale)
        if used:
            note = "using the definition of " + ", ".join(f"{u} (line {ctx.fdefs[u].line}, an earlier section)"
                                                          for u in used)
    if v.refuted:
        cex = dict(v.counterexample or {})
        from symgd.app.audit.families import unapplied_member

        if member := unapplied_member(claim, ctx):  # S_1(3) after S_\tau(v) = ...: never an arbitrary function
            return LinkResult(**base, link=text, kind="claim", verdict="undecided", method=member, counterexample=cex,
                              seconds=time.monotonic() - t0)
        from symgd.app.audit.euler import closed_claim

        if closed_claim(claim):  # = e - 2\ln 2: numbers only, whatever the document defines
            return LinkResult(**base, link=text, kind="claim", verdict="refuted", method=v.method, counterexample=cex,
                              detail=v.detail or "", seconds=time.monotonic() - t0)
        assumptions, defined_at = later
        blocking, imposed = _blocking(text, cex, base["line"], ctx, defined_at), ()
        above = [k for k, line in blocking if 0 < line <= base["line"]]  # defined above: respect them
        if above:  # (with names defined further down too, only a proof: it holds whatever they are)
            again = respecting(text, chain, i, above, ctx, timeout, base["line"])
            if again is not None and (generic := example_of_generic_name(above, base["line"], ctx)):
                return LinkResult(**base, link=text, kind="claim", verdict="undecided", counterexample=cex,
                                  method=f"decided only with the value {generic} has in an earlier section's example "
                                         f"(line {ctx.defined_at.get(generic, 0)}), while the text uses {generic} "
                                         "generically before it", seconds=time.monotonic() - t0)
            if again is not None and again.verdict.proved:  # every definition it rests on is firm (definitions.py)
                return LinkResult(**base, link=text, kind="claim", verdict="proved",
                                  method=f"{again.note}: {again.verdict.method}", seconds=time.monotonic() - t0)
            if again is not None and len(above) == len(blocking):
                v, cex, note, imposed = again.verdict, dict(again.verdict.counterexample or {}), again.note, again.keys
                used = f"{text} \\quad {again.bodies}"  # the names the definitions bring in are pinned as well
                blocking = _blocking(used, cex, base["line"], ctx, defined_at, skip=again.keys)
                tied = [*closed_form_members(used, cex, ctx), *tied_members(cex, ctx)] if ctx.shiftable else []
                if tied and not blocking:
                    return LinkResult(**base, link=text, kind="claim", verdict="undecided", counterexample=cex,
                                      method=f"{note}, but gives {', '.join(dict.fromkeys(tied))} a value of its own, "
                                             "which the recursion ties to its start", seconds=time.monotonic() - t0)
        from symgd.app.audit.in_force import undecided_in_force

        if ctx.opaque and (by := undecided_in_force(text, chain, i, ctx, timeout, base["line"])) is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="proved", method=by,  # values its equations
                              seconds=time.monotonic() - t0)  # in force rule out (in_force.py)
        if blocking:
            key, line = blocking[0]
            where = ("defined further down" if line > base["line"] else
                     "declared as defined in the prose" if line == 0 else
                     "defined in a form symgd cannot substitute, or in an earlier section")
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"a counterexample exists only if {key.rstrip('(')} is arbitrary, but it is {where}"
                                     + (f" (line {line})" if line else " (--declare defined_in_prose)"),
                              counterexample=cex, detail=v.detail or "",
                              seconds=time.monotonic() - t0)
        past = members_past_start(cex, ctx)
        if past:  # "for $k \ge 1$": x_k is F(x_{k-1}), a value of the rule's range, not a free start
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"a counterexample gives {', '.join(past)} a value of its own, but past the "
                                     f"start (the index is at least 1 here) the update rule ties it: {v.method}",
                              counterexample=cex, detail=v.detail or "", seconds=time.monotonic() - t0)
        used = {str(x) for x in claim.lhs.free_symbols | claim.rhs.free_symbols}  # names the claim depends on
        foreign = _from_earlier_sections(text, chain, {k: x for k, x in cex.items() if str(k) in used}, ctx)
        if foreign:  # x_1 = b/a from a quadratic example two sections up, in a claim about another function's x_2
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"a counterexample sets {', '.join(foreign)}, which this section never writes: "
                                     f"they enter only through definitions from an earlier section, which may not "
                                     f"hold here: {v.method}", counterexample=cex, detail=v.detail or "",
                              seconds=time.monotonic() - t0)
        from symgd.app.audit.equated import equated_earlier

        tied = equated_earlier({k: x for k, x in cex.items() if str(k) in used}, ctx)
        if tied:  # p_0 = r_0 = b - Ax_0 in the prose: r_0 is no free value (symgd.app.audit.equated)
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"a counterexample gives {', '.join(tied)} a value of its own, but an earlier "
                                     f"formula writes it equal to an expression: {v.method}", counterexample=cex,
                              detail=v.detail or "", seconds=time.monotonic() - t0)
        fresh = _introduced_here(chain, cex, ctx)
        if fresh:  # "$$\log y_{t+1} = ...$$", "(X^T X + \lambda I) w^* = X^T y": the formula may define them
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"a counterexample exists only if {', '.join(fresh)} is arbitrary, but it first "
                                     f"appears in this formula, which may define it: {v.method}", counterexample=cex,
                              detail=v.detail or "", seconds=time.monotonic() - t0)
        functions = sorted(k for k, val in cex.items() if "->" in str(val) or "(" in k or "nabla" in k)
        witnessed = by_witness(text, ctx, timeout) if functions and ctx.stated and not imposed else None
        if witnessed is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="refuted", method=witnessed[0],
                              counterexample=witnessed[1], seconds=time.monotonic() - t0)
        constrained = [f for f in ctx.stated if f.kind in KINDS and any(re.search(
            r"(?<![A-Za-z])" + re.escape(f.function) + r"(?![A-Za-z])", k) for k in functions)]
        stated = list(dict.fromkeys([*ctx.facts, *(f.kind for f in constrained)]))
        from symgd.app.audit.affine import affine_refutation

        realized = affine_refutation(claim, context, ctx, timeout) if functions and stated and not imposed else None
        if realized is not None:  # one function with every stated property has the counterexample's values
            return LinkResult(**base, link=text, kind="claim", verdict="refuted", method=realized[0],
                              counterexample=realized[1], seconds=time.monotonic() - t0)
        if functions and not stated and ctx.prose and (by := _INVOKED.search(ctx.prose[-1])):
            stated = [(by.group(1) or by.group(2)).lower()]  # "Smoothness gives $$F(w_{k+1}) \le ...$$"
        if functions and stated:  # values of a convex (smooth ...) function's gradient are not arbitrary
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"refuted only by arbitrary values of {', '.join(functions)}, "
                                     f"while the document assumes {', '.join(stated)} properties symgd cannot "
                                     "impose on samples", counterexample=cex, detail=v.detail or "",
                              seconds=time.monotonic() - t0)
        for fd in ctx.fdefs.values():
            name = norm(re.split(r"\s*(?:\\left)?\(", lhs_of(fd.latex), maxsplit=1)[0])
            if re.search(re.escape(name) + r"(?:'+|\^\\prime+)?(?![A-Za-z_('^]|\\left\()", norm(text)):
                return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                                  method=f"{name} is used without its arguments here; its definition (line {fd.line}) "
                                         "applies only where it is applied", counterexample=cex, detail=v.detail or "",
                                  seconds=time.monotonic() - t0)
        defined = [key for key in (norm(str(k)).rstrip("(") for k in functions) if key in ctx.defined and not any(
            m.group(1) not in ctx.vectors + ctx.matrices for m in re.finditer(
                r"(?<![\\A-Za-z])([A-Za-z])\s*(?:_\{?\w+\}?)?\s*(?:\\left)?\(", ctx.defined[key].split("=", 1)[-1]))]
        # (through an arbitrary function, F(w) = E[f(w; xi)], its values are free: no guard)
        if defined:  # \varphi(x) = \frac12 x^\top A x - ... defined, not applied to \varphi(x + \alpha p): not arbitrary
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"a counterexample treats {defined[0]} as an arbitrary function, but the text "
                                     "defines it; symgd did not apply that definition here", counterexample=cex,
                              detail=v.detail or "", seconds=time.monotonic() - t0)
        if not note:
            note = _holds_with(cex, i, chain, ctx, assumptions, timeout)
    if not v.proved and not v.refuted and ctx.opaque:  # undecided: the equations in force may prove it (in_force.py)
        from symgd.app.audit.in_force import undecided_in_force

        if (by := undecided_in_force(text, chain, i, ctx, timeout, base["line"])) is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="proved", method=by,
                              seconds=time.monotonic() - t0)
    return LinkResult(**base, link=text, kind="claim", verdict=v.status.value, method=v.method,
                      counterexample=dict(v.counterexample or {}), detail=v.detail or "", note=note,
                      seconds=time.monotonic() - t0)


def _blocking(text: str, cex: dict, at: int, ctx: DocContext, defined_at: dict[str, int],
              skip: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """The names a counterexample may not treat as arbitrary: (key, line of its definition) of each name the link
    uses that the document defines in a form not substituted here, or further down in the same section (a
    definition on a heading's line belongs to the section the heading opens)."""
    same_section = [(k, n) for k, n in defined_at.items() if n > at and k not in ctx.opaque
                    and not any(at < h <= n for h in ctx.sections)]
    return [(key, line) for key, line in [*ctx.opaque.items(), *same_section]
            if key not in skip and mentions(text, cex, key) and not _other_arity(text, key, ctx)]


def _from_earlier_sections(text: str, chain: str, cex: dict, ctx: DocContext) -> list[str]:
    """The names a counterexample sets that neither this link nor any formula of the current section writes (only
    where the document has sections and this is not the first): they come in through definitions made under an
    earlier heading, and those may describe another example."""
    if not ctx.section_start:
        return []
    here = [re.sub(r"[{}]", " ", x) for x in (text, chain, *ctx.history[ctx.section_start:])]
    out = []
    for k in cex:
        key = norm(str(k))
        if "(" in key or "nabla" in key or not key:
            continue
        word = _word(re.split(r"[_^]", re.sub(r"[{}]", "", key))[0])  # g_{t-2}: the family g, written as g_t here
        if not any(word.search(re.sub(r"\s+", " ", x)) or word.search(re.sub(r"\s+", "", x)) for x in here):
            out.append(str(k))
    return out


def _word(key: str) -> re.Pattern:
    """``key`` as a whole name in LaTeX, spaces allowed between its characters (``\\log y`` is not ``\\logy``)."""
    return re.compile((r"(?<!\\)" if key.startswith("\\") else r"(?<![A-Za-z\\])")
                      + r"\s*".join(re.escape(ch) for ch in key) + r"(?![A-Za-z])")


def _introduced_here(chain: str, cex: dict, ctx: DocContext) -> list[str]:
    """The names a counterexample sets that this formula uses and no earlier formula, assumption or declaration
    mentions, beside names the document knows: the formula introduces them (an equation that defines them, a
    quantity the prose describes).  A formula of new names only (``(a + b)^2 = a^2 + b^2``) is a statement about
    all values of them: its counterexample stands."""
    if not ctx.history:
        return []
    def flat(x: str) -> str:  # braces off, spaces kept (\log y stays two words); x^\star as the key x^* spells it
        return re.sub(r"\\(?:star|ast)(?![A-Za-z])", "*", re.sub(r"[{}]", "", _FONT.sub(r"\1", x)))

    here = ctx.__dict__.get("shaped_here", set())  # shaped by this formula's own reading (audit/shapes.py)
    seen = [flat(x) for x in (*ctx.history, *ctx.assume, *(n for n in (*ctx.vectors, *ctx.matrices) if n not in here),
                              *ctx.functions, *ctx.defined)]
    out, known = [], False
    for k in cex:
        key = norm(str(k))
        word = _word(key)
        if "(" in key or "nabla" in key or not word.search(flat(chain)):
            continue
        if not any(word.search(x) for x in seen):
            out.append(str(k))
        else:
            known = True
    ends = [k for k in out if re.search(r"=\s*" + _word(norm(k)).pattern + r"[\s.,;]*$", flat(chain))]
    return out if known else ends  # "u_1 = ... = v_1": a new name at a chain's end is defined by it (audit/shapes.py)


def _holds_with(cex: dict, i: int, chain: str, ctx: DocContext, later: list[str], timeout: float) -> str:
    """A refuted link retried with assumptions the document states elsewhere (not yet in force) and with the
    positivity of the counterexample's scalars: 'holds if ...' when it is then proved."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    candidates = [a for a in later if a not in ctx.assume]
    positive = [f"{k} > 0" for k, val in cex.items()
                if re.fullmatch(r"-?\d+(/\d+)?", str(val)) and re.fullmatch(r"\\?[A-Za-z]+(_\{?[\w\\]+\}?)?", k)]
    for extra_set in (candidates, positive, candidates + positive):
        usable = [a for a in extra_set if not ctx._ok(ctx.declarations((a,)))]
        if not usable:
            continue
        try:
            p = parse_problem(chain, declarations=ctx.declarations(tuple(usable)), allow_unused=True)
            claim = p.links[i][1]
            claim = substituted(claim, p.context, ctx)
            if decide(claim, p.context, timeout=timeout).proved:
                return "holds only if " + ", ".join(usable) + " (not assumed at this point of the document)"
        except Exception:  # a retry that cannot run says nothing
            continue
    return ""
