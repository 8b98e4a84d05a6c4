"""Links with sums, minima and maxima over a symbolic number of iterates (:mod:`symgd.decide.iterates`): decided
from a per-step inequality that an earlier display of the section states for every index (summed over the
claim's range with a positive multiplier, so that every sum cancels or keeps a sign), or alone (linearity, index
shifts, telescoping, a minimum at most the average or a member); ``\\min_{\\eta > 0}`` of an explicit expression
by calculus.  A claim with such a sum is never refuted: a counterexample would give the members of a family
values the document's rules tie together."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Any

import sympy as sp

from symgd.app.audit.context import DocContext
from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.core.errors import BadInput
from symgd.decide.iterates import (
    FamilyExtremum,
    FamilySum,
    MinOver,
    Scalars,
    Unreadable,
    extremum_reductions,
    gap_terms,
    has_iterates,
    members_as_names,
    minima_replaced,
    scalar,
    settle_gap,
    signs,
    summed_premise,
    unscalar,
)

__all__ = ["NOT_SUMMED", "by_iterates", "remember_steps", "unrefuted"]

NOT_SUMMED = ("a sum, minimum or maximum over iterates that does not follow from the section's per-step inequalities "
              "(summed over its range), from its other sums (linearity, index shifts, telescoping) or a minimum at "
              "most the average; never refuted: the members' values are tied by the document's rules")

MAX_STEPS = 6  # per-step displays tried for one link
_REL = re.compile(r"<=|>=|\\leq?(?![a-z])|\\geq?(?![a-z])|\\lt(?![a-z])|\\gt(?![a-z])|(?<![<>:])=|<|>")
_RULE = re.compile(r"^\s*\\?[A-Za-z]+(?:\^\{?[^{}]*\}?)?_\{?\s*[a-z]\s*(?:[+-]\s*\d+)?\s*\}?\s*=")


def remember_steps(ctx: DocContext, results: list) -> None:
    """The inequalities of one display that may serve as a per-step premise later: each inequality link, and the
    chain's first side against its last when every link is proved or undecided and the chain runs one way
    (``a \\le b = c`` gives ``a \\le c``).  Kept with the line of the section's heading."""
    steps = ctx.__dict__.setdefault("iterate_steps", [])
    links = [r for r in results if r.kind == "claim"]
    if not links or any(r.verdict not in ("proved", "undecided") or r.missing for r in links):
        return
    sides, rels = [], []
    for r in links:
        rs = list(_REL.finditer(r.link))
        if len(rs) != 1:
            return
        lhs, rhs = r.link[: rs[0].start()].replace("&", "").strip(), r.link[rs[0].end():].replace("&", "").strip()
        if sides and re.sub(r"\s", "", sides[-1]) != re.sub(r"\s", "", lhs):
            return
        if not sides:
            sides.append(lhs)
        sides.append(rhs)
        rels.append(rs[0].group(0))
    up = all(x in ("=", "<", r"\le", r"\leq", "<=", r"\lt") for x in rels)
    down = all(x in ("=", ">", r"\ge", r"\geq", ">=", r"\gt") for x in rels)
    if not (up or down) or all(x == "=" for x in rels):
        return
    verdict = "proved" if all(r.verdict == "proved" for r in links) else "undecided"
    rel = r" \le " if up else r" \ge "
    steps.append((ctx.heading_before(links[0].line), links[0].line, sides[0] + rel + sides[-1], verdict))


_STAR = r"(?:\^\s*\{?\s*(?:\*|\\star|\\ast)\s*\}?|_\s*\{?\s*(?:\*|\\star|\\ast)\s*\}?)"
_OPTIMAL_WORDS = r"(?:optimal value|minimum value|minimal value|optimal objective|optimum value|bounded below by|" \
                 r"lower bound|the minimum|the infimum|min value)"


def _optimal_values(ctx: DocContext) -> list[tuple[str, str]]:
    """(function letter, 'value' or 'point') for each optimal value the text names: ``f^*`` called the optimal or
    minimum value (``bounded below by f^*``, ``f^* = \\inf f``, ``f^* = \\min``, ``f^* = f(x^*)``), or ``x^*``
    called a minimizer (then ``f(x^*)`` is the least value of every function the text applies to it)."""
    text = " ".join(ctx.prose) + " " + " ".join(ctx.history)
    out = []
    for m in re.finditer(r"(?<![A-Za-z\\])([A-Za-z])" + _STAR, text):
        before, after = text[max(0, m.start() - 80): m.start()], text[m.end(): m.end() + 40]
        if re.search(_OPTIMAL_WORDS, before, re.I) or re.match(
                r"\s*\$?\s*(?:=|:=|\\coloneqq)\s*(?:\\inf|\\min|[A-Za-z]\s*\(\s*[A-Za-z]" + _STAR + r"\s*\))", after):
            if (m.group(1), "value") not in out:
                out.append((m.group(1), "value"))
    for m in re.finditer(r"(?<![A-Za-z\\])([A-Za-z])" + _STAR, text):
        around = text[max(0, m.start() - 60): m.end() + 60]
        if not re.search(r"minimi[sz]er|minimi[sz]ing point|optimal point|optimal solution|\\arg\s*\\?min", around,
                         re.I):
            continue
        applied = set(re.findall(r"(?<![A-Za-z\\])([A-Za-z])\s*(?:\\left|\\bigl|\\big)?\(\s*" + m.group(1) + _STAR, text))
        if len(applied) == 1 and (f"{next(iter(applied))}:{m.group(1)}", "point") not in out:  # one function only
            out.append((f"{next(iter(applied))}:{m.group(1)}", "point"))
    return out


def _lower_bounds(ctx: DocContext):
    """The facts ``f(y) >= f^*`` (and ``f(y) >= f(x^*)`` for a minimizer x^*) about the values of f an expression
    holds, for the optimal values the text names; None when it names none."""
    named = _optimal_values(ctx)
    if not named:
        return None
    star = re.compile(r"(\\?[A-Za-z]+)" + _STAR + "$")

    def facts(e: Any) -> list:
        syms = [s for s in e.free_symbols if isinstance(s, sp.Symbol)]
        out = []
        for f, kind in named:
            if kind == "value":
                bounds = [s for s in syms if (m := star.match(s.name)) and m.group(1) == f]
            else:
                f, point = f.split(":")
                bounds = [s for s in syms if re.fullmatch(re.escape(f) + r"\(\s*" + point + _STAR + r"\s*\)",
                                                          s.name.replace("{", "").replace("}", ""))]
            for b in bounds:
                for s in syms:
                    if s != b and s.name.startswith(f + "(") and s.name.endswith(")"):
                        out.append(sp.Ge(s, b))
        return out
    return facts


def unrefuted(claim: Claim) -> bool:
    """Whether a refutation of the claim must not stand (it holds a sum or an extremum over iterates)."""
    return has_iterates(claim.lhs, claim.rhs)


def _as_family_sums(e: Any) -> Any:
    """SymPy sums over a family read as a function of its index (``\\eta(k)``) as :class:`FamilySum` atoms, so
    that they combine with the others."""
    reps = {}
    for s in e.atoms(sp.Sum):
        if len(s.limits) == 1:
            j, lo, hi = s.limits[0]
            reps[s] = FamilySum(s.function, j, lo, hi)
    return e.xreplace(reps) if reps else e


def _letters(claim: Claim) -> list[str]:
    """Index letters of a per-step inequality: letters in its members' subscripts with an integer shift
    (``x_{k+1}``), then those alone (``\\eta_k``)."""
    shifted, plain = [], []
    for a in (claim.lhs - claim.rhs if not (is_matrix(claim.lhs) ^ is_matrix(claim.rhs)) else claim.lhs).atoms(
            sp.Symbol, sp.MatrixSymbol, sp.core.function.AppliedUndef):
        name = a.name if hasattr(a, "name") else ""
        for m in re.finditer(r"_\{([^{}]*)\}", name):
            c = m.group(1).replace(" ", "")
            if re.fullmatch(r"[a-z][+-]\d+", c) and c[0] not in shifted:
                shifted.append(c[0])
            elif re.fullmatch(r"[a-z]", c) and c not in plain:
                plain.append(c)
        if isinstance(a, sp.core.function.AppliedUndef) and len(a.args) == 1:
            for s in a.args[0].free_symbols:
                if re.fullmatch(r"[a-z]", s.name) and s.name not in plain:
                    plain.append(s.name)
    return [*shifted, *(x for x in plain if x not in shifted)]


def _gap(claim: Claim) -> tuple[Any, Rel] | None:
    c = claim.normalized()
    if c.rel in (Rel.LE, Rel.LT):
        return c.rhs - c.lhs, c.rel
    if c.rel is Rel.EQ:
        return c.lhs - c.rhs, c.rel
    return None


def by_iterates(text: str, claim: Claim, context: Context, ctx: DocContext, timeout: float, line: int = 0) -> str | None:
    """The method that proves a link with sums or extrema over iterates, or None."""
    if not has_iterates(claim.lhs, claim.rhs):
        return None
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    try:  # read as the steps are read (update rules kept out)
        p = parse_problem(text, declarations=_without_rules(ctx), allow_unused=True)
        if len(p.links) == 1 and has_iterates(p.links[0][1].lhs, p.links[0][1].rhs):
            claim, context = p.links[0][1], p.context
    except Exception:  # as the audit read it
        pass

    end = time.monotonic() + 3 * timeout  # several steps, each summed two ways

    def decider(c: Claim, cx: Context, t: float) -> Any:
        return decide(c, cx, timeout=max(0.3, min(t, end - time.monotonic())))

    got = _gap(claim)
    if got is None:
        return None
    gap, rel = got
    sc = Scalars(_lower_bounds(ctx))
    try:
        gap = scalar(_as_family_sums(members_as_names(gap)), sc)
    except Unreadable:
        return None
    replaced = minima_replaced(gap, context, decider, timeout)
    if replaced is None:
        return None
    gap, notes = replaced
    if rel is Rel.EQ:
        return _equality(gap, sc, context, decider, timeout, notes)
    plain = _plain_facts(text, ctx, line)  # R >= \|x_0 - x^*\|: bounds the text states without an index
    steps = None
    for strong, how, extra in extremum_reductions(gap, sc, signs(context, decider, timeout)):
        if time.monotonic() > end:
            return None
        cx = Context((*context.hypotheses, *extra, *plain), context.symmetric, context.positive_definite)
        prefix = "; ".join([*notes, *([how] if how else [])])
        m = _settled(strong, sc, cx, decider, timeout)
        if m:
            return f"{prefix + '; ' if prefix else ''}{m}"
        if steps is None:  # the simplest steps first (fewest terms): each failed attempt costs solver time
            steps = sorted(_steps(text, ctx, line), key=lambda x: len(sp.Add.make_args(sp.expand(x[2]))) if not
                           is_matrix(x[2]) else len(sp.expand(x[2]).args))
        for (at, letter, step, verdict), weighted in [(s, w) for w in (False, True) for s in steps]:
            if time.monotonic() > end:
                return None
            if weighted and letter.startswith("="):
                continue
            try:
                m = summed_premise(strong, scalar(_as_family_sums(members_as_names(step)), sc), letter, sc, cx,
                                   decider, timeout, summed=not letter.startswith("="), weights=(weighted,))
            except Unreadable:
                m = None
            if m:
                own = "proved there" if verdict == "proved" else f"{verdict} there: this link is proved from it"
                what = "the bound" if letter.startswith("=") else "the per-step inequality"
                return f"{prefix + '; ' if prefix else ''}from {what} of line {at} ({own}): {m}"
    return None


def _settled(gap: Any, sc: Scalars, cx: Context, decider: Any, timeout: float) -> str | None:
    """``gap >= 0`` with its sums combined (linearity, shifts, telescoping) and nothing else used."""
    if not gap.has(FamilySum):
        if gap.has(FamilyExtremum, MinOver):
            return None
        rest = unscalar(sp.expand(gap), sc)
        zero = sp.ZeroMatrix(1, 1) if is_matrix(rest) else sp.Integer(0)
        v = decider(Claim(zero, Rel.LE, rest), cx, timeout)
        return v.method if v.proved else None
    try:
        g = gap_terms(gap, sc)
    except Unreadable:
        return None
    from symgd.decide.iterates import counts

    hyps = Context((*cx.hypotheses, *counts(gap)), cx.symmetric, cx.positive_definite)
    m = settle_gap(g, sc, hyps, decider, timeout)
    return f"the sums combined (linearity, index shifts, telescoping): {m}" if m else None


def _equality(gap: Any, sc: Scalars, context: Context, decider: Any, timeout: float, notes: list) -> str | None:
    if gap.has(FamilyExtremum):
        return None
    try:
        g = gap_terms(gap, sc) if gap.has(FamilySum) else None
    except Unreadable:
        return None
    if g is not None and g.sums:
        return None
    rest = unscalar(sp.expand(g.outside if g is not None else gap), sc)
    zero = sp.ZeroMatrix(1, 1) if is_matrix(rest) else sp.Integer(0)
    v = decider(Claim(rest, Rel.EQ, zero), context, timeout)
    if not v.proved:
        return None
    combined = ["the sums combined (linearity, index shifts, telescoping)"] if g is not None else []
    return "; ".join([*notes, *combined, v.method])


def _without_rules(ctx: DocContext) -> Any:
    """The declarations without the update rules (``x_{k+1} = x_k - \\eta g_k``: a member defined by the one
    before): x_{k+1} stays a member, so that a step and the claim's sums meet at the same names."""
    decl = ctx.declarations()
    keep = []
    for a in decl.assume:
        m = _RULE.match(a)
        base = re.match(r"\s*(\\?[A-Za-z]+)", a).group(1) if m else ""
        if m and re.search(re.escape(base) + r"\s*_", a[m.end():]):
            continue
        keep.append(a)
    return replace(decl, assume=tuple(keep))


def _new_rule_since(ctx: DocContext, start: int, line: int) -> bool:
    """Whether a display between ``start`` and ``line`` defines a member by the one before (a new method)."""
    for name, link in ctx.defined.items():
        at = ctx.defined_at.get(name, 0)
        m = _RULE.match(link)
        if m and start < at <= (line or at) and re.search(re.escape(re.match(r"\s*(\\?[A-Za-z]+)", link).group(1))
                                                          + r"\s*_", link[m.end():]):
            return True
    return False


def _plain_facts(text: str, ctx: DocContext, line: int) -> list:
    """Scalar inequalities of the section's displays (and earlier ones, while no rule is given since) with no
    member at a symbolic index (``R \\ge \\|x_0 - x^*\\|``): hypotheses of a summed claim's remainder."""
    from symgd.latex.problem import parse_problem

    out = []
    for _, at, latex, _ in reversed(ctx.__dict__.get("iterate_steps", [])):
        if latex == text or (line and at > line) or len(out) >= MAX_STEPS or _new_rule_since(ctx, at, line):
            continue
        try:
            p = parse_problem(latex, declarations=_without_rules(ctx), allow_unused=True)
        except Exception:  # not read now: not used
            continue
        if len(p.links) != 1:
            continue
        c = p.links[0][1].normalized()
        if c.rel in (Rel.LE, Rel.LT) and not is_matrix(c.lhs) and not is_matrix(c.rhs) and not _letters(c) \
                and not has_iterates(c.lhs, c.rhs) and not c.lhs.has(sp.Sum) and not c.rhs.has(sp.Sum):
            out.append(sp.Le(c.lhs, c.rhs))
    return out


def _steps(text: str, ctx: DocContext, line: int):
    """(line, index letter, b - a, verdict) of the section's per-step inequalities above ``line``, latest first."""
    from symgd.latex.problem import parse_problem

    steps = ctx.__dict__.get("iterate_steps", [])
    heading = ctx.heading_before(line) if line else ctx.heading_before(max((s[1] for s in steps), default=0))
    out = 0
    for sec, at, latex, verdict in reversed(steps):
        if out >= MAX_STEPS:
            return
        if latex == text or (line and at > line) or (sec != heading and _new_rule_since(ctx, at, line)):
            continue  # a step of an earlier section holds while no update rule is given since
        decl = _without_rules(ctx)
        try:
            p = parse_problem(latex, declarations=decl, allow_unused=True)
        except (BadInput, Exception):  # a step that does not read now: not used
            continue
        if len(p.links) != 1:
            continue
        c = p.links[0][1].normalized()
        if c.rel not in (Rel.LE, Rel.LT):
            continue
        if has_iterates(c.lhs, c.rhs) or c.lhs.has(sp.Sum) or c.rhs.has(sp.Sum):  # a bound on a sum: used as it is
            out += 1
            yield at, "=", c.rhs - c.lhs, verdict
            continue
        for letter in _letters(c)[:2]:
            out += 1
            yield at, letter, c.rhs - c.lhs, verdict
