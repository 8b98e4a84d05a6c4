"""What a link may use beyond its own formula: functions the document defines by a differential equation
(:mod:`symgd.app.audit.odes`) and properties it states in words (:mod:`symgd.app.audit.facts`), both as
hypotheses of a proof and as constraints on a counterexample."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from symgd.app.audit.classify import relations
from symgd.app.audit.context import DocContext, prepare, substituted
from symgd.app.audit.facts import KINDS, combined, instances, licensed_order, pair_sums, witness
from symgd.app.audit.logic import check_implied
from symgd.app.audit.odes import solution_claim, with_ode

__all__ = ["MAX_INSTANCES", "MAX_PREMISES", "by_witness", "from_earlier", "from_facts", "with_odes"]


def with_odes(text: str, claim, context, ctx: DocContext, timeout: float):
    """A link about a function defined by a differential equation: a solution claim, or the claim with the
    equation substituted; (verdict, method) when proved with one of the document's equations, else None."""
    from symgd.decide import decide

    decl, prep = ctx.declarations(), prepare(ctx)
    for o in reversed(ctx.odes):
        if not o.initial:  # the function's initial value, stated with another of its equations
            o = replace(o, initial=next((x.initial for x in reversed(ctx.odes) if x.name == o.name and x.initial), ""))
        sols = solution_claim(claim, o, decl, prep)
        if sols is not None and not o.initial:  # which solution it is, the initial value would say
            continue
        if sols is not None:
            vs = [decide(c, context, timeout=timeout / len(sols)) for c in sols]
            if all(v.proved for v in vs):
                rels = relations(text)
                for x in ctx.odes:  # the equation's solution, for later claims (o may be a copy)
                    if x.line == o.line and x.name == o.name:
                        x.solution = text[rels[0].end():].strip() if rels else ""
                what = "and its initial value " if len(sols) > 1 else ""
                return "proved", (f"solves the differential equation of line {o.line} {what}({'; '.join(v.method for v in vs)}); "
                                  "its only solution (a smooth right side)")
            continue
        sub = with_ode(claim, o, decl, prep)
        if sub is None:
            continue
        v = decide(sub, context, timeout=timeout)
        if v.proved:
            return "proved", f"{v.method}, with the differential equation of line {o.line}" + (
                f" and {o.name}(0) = {o.initial}" if o.initial else "") + (
                f" and its solution {o.solution}" if o.solution else "")
    return None


def by_witness(text: str, ctx: DocContext, timeout: float) -> tuple[str, dict] | None:
    """A refutation by a function with every property the text states of it (facts.witness: a/2 |z|^2, then
    the zero function where no strong convexity is stated): (method, counterexample) or None."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    for name, scalar, flat in ((n, s, z) for n in dict.fromkeys(f.function for f in ctx.stated) for z in (False, True)
                               for s in (False, True)):
        facts = [f for f in ctx.stated if f.function == name]
        if re.search(r"_\s*\{?\s*" + re.escape(name) + r"(?![A-Za-z])", " ".join([text, *ctx.assume])):
            continue  # D_\phi(x, y): the witness written into the subscript would name another function
        from symgd.app.audit.classes import stationary_points  # the text's minimizers: 0 in the witness

        zero = stationary_points(text, name, ctx)
        w = witness(facts, text, scalar, flat, zero)
        if w is None:
            continue
        latex, what, needs = w
        assume = []
        for a in ctx.assume:
            wa = witness(facts, a, scalar, flat, zero)
            if wa is None:
                break
            if re.fullmatch(r"0\s*\\in\s*\\mathbb\s*\{R\}(?:\^.*)?", wa[0].strip()):
                continue  # x^* \in R^n with x^* the witness's minimizer 0: true of 0, and no name to declare
            assume.append(wa[0])
        else:
            if latex == text and assume == list(ctx.assume):  # the function occurs nowhere: nothing to witness
                continue
            try:
                p = parse_problem(latex, declarations=replace(ctx.declarations(), assume=tuple(assume + needs)),
                                  allow_unused=True)
                v = decide(substituted(p.links[0][1], p.context, ctx), p.context, timeout=timeout)
            except Exception:  # the witness claim does not read: no refutation from it
                continue
            cex = dict(v.counterexample or {})
            if v.refuted and len(p.links) == 1 and not any("->" in str(x) or "(" in k or "nabla" in k
                                                          for k, x in cex.items()):  # no other function left free
                if _defined_above(cex, ctx):  # x^+ = x - \eta \tilde g written earlier: not free in the document
                    return None
                return f"counterexample with {what}: {v.method}", cex
    return None


def _defined_above(cex: dict, ctx: DocContext) -> list[str]:
    """The points (vector values) a witness's counterexample sets that an earlier formula writes as ``name = ...``
    (or that the context records as defined): their definition was not used, so the counterexample may not be the
    document's.  A number (a step, a constant an earlier example set) is not looked at."""
    from symgd.app.audit.classify import norm

    lefts = {norm(m.group(1)) for h in ctx.history for m in [_LEFT.match(h)] if m} | {
        norm(k) for k in [*ctx.defined, *ctx.opaque]}
    return [k for k, v in cex.items() if norm(str(k)) in lefts and str(v).startswith("[[")]


_LEFT = re.compile(r"\s*((?:\\[A-Za-z]+|[A-Za-z])\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*(?:\^\s*(?:\{[^{}]*\}|[*+]|\\star))?)"
                   r"\s*(?:=|:=|\\coloneqq)(?!=)")


MAX_INSTANCES = 16  # instances of stated properties tried on one link (within its time budget)
MAX_SUMS = 6  # sums of two instances tried on one link
_WHAT = {"smooth": "smoothness", "convex": "convexity", "strongly convex": "strong convexity",
         "convex smooth": "convexity and smoothness", "smooth strongly convex": "strong convexity and smoothness"}


def from_facts(text: str, claim, ctx: DocContext, timeout: float) -> str | None:
    """An inequality proved from one instance of a property the text states (convexity, smoothness, strong
    convexity, and what two of them give together), or from the sum of its instances at (x, y) and (y, x)
    (monotone gradients, co-coercivity): the method, or None."""
    if not claim.rel.is_inequality:
        return None
    tried, end = 0, time.monotonic() + 2 * timeout
    rels = relations(text)
    upper = bool(rels) and rels[0].group(0) in ("<", r"\le", r"\leq", r"\lt", "<=")
    facts = [*ctx.stated, *(c for fn in dict.fromkeys(f.function for f in ctx.stated) for c in combined(ctx.stated, fn))]
    order = sorted((f for f in facts if f.kind in KINDS and (f.kind == "smooth" or licensed_order(
        ctx.stated, f.function) != 0)),  # convexity alone gives no gradient inequality
        key=lambda f: ((f.kind == "smooth") != upper, len(f.kind.split())))  # an upper bound: smoothness first
    gradient_norm = bool(re.search(r"\\\|\s*\\nabla|\\left\\\|\s*\\nabla", text))
    for singles in (True, False):
        for fact in order:
            if singles and not _applied(text, fact.function):  # only gradients: one instance leaves f values
                continue
            if not singles and (_applied(text, fact.function) or (not gradient_norm and fact.kind in (
                    "convex smooth", "smooth strongly convex"))):
                continue  # sums have no values of f, and these bound |grad f(x) - grad f(y)|^2 only
            sums = [x for x in pair_sums(fact, text) if gradient_norm or not x.startswith("\\|")]
            for inst in instances(fact, text) if singles else sums[: 2 * MAX_SUMS]:
                left = end - time.monotonic()
                if tried >= MAX_INSTANCES + (0 if singles else MAX_SUMS) or left <= 0.2:
                    break
                tried += 1
                status, method, _ = check_implied(inst, text, ctx.declarations(), prepare(ctx), min(left, timeout))
                if status == "proved":
                    const = f" ({fact.constant.replace(',', ', ')})" if fact.constant else ""
                    what = ("the instance " if singles else "the Lipschitz bound of its gradient " if
                            inst.startswith("\\|") else "the sum of its instances at both points ")
                    return (f"from the stated {_WHAT[fact.kind]}{const} of {fact.function} (line {fact.line}): {what}"
                            f"{inst} gives it ({method.split(': ', 1)[-1]})")
        tried = min(tried, MAX_INSTANCES)
    return None


def _applied(latex: str, f: str) -> bool:
    """Whether ``latex`` applies ``f`` itself somewhere (not only its gradient)."""
    return any(not re.search(r"\\nabla\s*$", latex[: m.start()])
               for m in re.finditer(r"(?<![A-Za-z\\])" + re.escape(f) + r"\s*(?:\\left)?\(", latex))


MAX_PREMISES = 3  # earlier inequalities of the section tried as the premise of a step


def from_earlier(text: str, claim, ctx: DocContext, timeout: float) -> str | None:
    """An inequality that follows from an earlier display of the same section (the latest first, those not
    refuted), read again in the context in force now (a value the prose has given since, "Set $\\eta = 1/L$.
    Then", is substituted in it): the step is proved; the method names that display and its own verdict."""
    if not claim.rel.is_inequality:
        return None
    end = time.monotonic() + timeout
    for line, premise, verdict in list(reversed(ctx.premises))[:MAX_PREMISES]:
        left = end - time.monotonic()
        if left <= 0.2:
            return None
        if premise == text:
            continue
        status, method, _ = check_implied(premise, text, ctx.declarations(), prepare(ctx), left)
        if status == "proved":
            own = "proved there" if verdict == "proved" else f"itself {verdict} there: this step is proved from it"
            return f"follows from the display of line {line} ({own}): {method}"
    return None
