"""Links checked from another formula or in their own way: an equation the text sets up ("set ... to zero",
``E = 0 \\iff x = v``) and its solution, ``P \\implies Q``, "the gradient of $A$ is $G$", ``\\arg\\min``,
``\\approx``, and a differential equation that defines a function."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from symgd.app.audit.approx import approx_order, small_quantity, symbol_named, taylor_model
from symgd.app.audit.argmin import check_argmin, split_argmin
from symgd.app.audit.chain import LinkResult, check_chain, decide_link, norm
from symgd.app.audit.classify import Chain, classify, is_name, lhs_of, name_key, relations
from symgd.app.audit.context import DocContext, prepare, substituted
from symgd.app.audit.extract import Display
from symgd.app.audit.logic import check_implied, check_solution, parse_lenient
from symgd.app.audit.measures import family_links
from symgd.app.audit.odes import ODE, initial_value, ode_of
from symgd.app.audit.partial import first_argument_links
from symgd.app.audit.smallness import infer_small, rounding
from symgd.core.errors import BadInput

__all__ = ["special"]


_SET_ZERO = re.compile(r"\b(?:set(?:ting)?\b[^.;]{0,60}\b(?:to|equal to|equals?)\s+(?:zero|0)|(?:first[- ]order|"
                       r"stationarity|optimality) condition|stationary points?|is\s+the\s+(?:unique\s+)?point\s+where)"
                       r"\b[^.;]{0,40}$", re.I)
_SOLVE = re.compile(r"\bsolv(?:e|ing)\b[^.;]{0,40}$", re.I)
_THAT_IS = re.compile(r"(?:^|[\s,.;])(?:that\s+is|i\.\s?e\.)\s*,?\s*$", re.I)  # right after the equation
_SOLVE_NEXT = re.compile(r"^\W*(?:solving|solve|we solve|which we solve)\b", re.I)


def _mentions_name(latex: str, name: str) -> bool:
    before = r"(?<!\\)" if name.startswith("\\") else r"(?<![A-Za-z\\])"  # L\eta mentions \eta
    return bool(re.search(before + re.escape(name) + r"(?![A-Za-z_{])", latex))


def _solved_function(chain: str) -> tuple[str, list[str]] | None:
    """``x(\\lambda) = v`` (one '=', a name applied to names on the left): (x, [\\lambda]), the solution of an
    equation in x for each value of the parameters; None otherwise."""
    rels = relations(chain)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return None
    m = re.fullmatch(r"(.+?)\s*(?:\\left)?\(([^()]*)\)", lhs_of(chain).replace("&", "").strip())
    args = [a.strip() for a in m.group(2).split(",")] if m else []
    if not m or not is_name(m.group(1)) or not args or not all(is_name(a) for a in args):
        return None
    return m.group(1).strip(), args


def _solved_form(chain: str) -> str:
    """The name of ``name = value`` (one '=', a bare name on the left), or ''."""
    rels = relations(chain)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return ""
    lhs = lhs_of(chain).replace("&", "").strip()
    return lhs if is_name(lhs) and "(" not in lhs else ""


def _last_equation(chain: str) -> str:
    """The last link of a chain whose last relation is '=' (``A = B = 0`` gives ``B = 0``), or ''."""
    rels = relations(chain)
    if not rels or rels[-1].group(0) != "=":
        return ""
    start = rels[-2].end() if len(rels) > 1 else 0
    return chain[start:].replace("&", "").strip()


def special(k: int, pieces: list[tuple[str, str]], d: Display, ctx: DocContext,
             later: tuple[list[str], dict[str, int]], base: dict, timeout: float) -> list[LinkResult] | None:
    """The links checked from another formula or in their own way (None: the ordinary path): an equation
    solved by the next piece (``E = 0 \\iff x = v``) or set up by the prose ("set ... to zero") and solved
    later ("solve for x: x = v"); a consequence ``P \\implies Q``; ``\\arg\\min``; ``\\approx``."""
    chain, conn = pieces[k]
    decl, prep = ctx.declarations(), prepare(ctx)
    t0 = time.monotonic()

    def result(verdict: str, method: str, cex: dict | None = None, kind: str = "claim", link: str = chain):
        return LinkResult(**base, link=link, kind=kind, verdict=verdict, method=method, counterexample=cex or {},
                          seconds=time.monotonic() - t0)

    gradient = _gradient_claim(chain, d, ctx)
    if gradient is not None:
        return gradient(base, later, timeout)
    family = family_links(chain, ctx, later, base, timeout, d.before + " " + d.after) if classify(
        chain, d.before, ctx.defined).kind == "claim" else None  # E_{p(x|theta)}, nabla_theta outside (measures.py)
    if family is not None:
        return family
    ode = ode_of(chain, relations(chain))
    if ode is not None and not ctx.add_names("functions", [ode[0]]):
        return _ode_definition(ode, chain, pieces, d, ctx, later, base, timeout)
    for o in reversed(ctx.odes):
        if o.line == d.line and initial_value(chain, o.name, relations(chain)):
            return [result("assumption", f"the initial value of {o.name} (its differential equation: line {o.line})",
                           kind="assumption")]
    nxt = pieces[k + 1] if k + 1 < len(pieces) else None
    if nxt and nxt[1] and _solved_form(nxt[0]) and _mentions_name(_last_equation(chain), _solved_form(nxt[0])):
        out = []
        if len(relations(chain)) > 1:  # A = B = 0: the links before the equation are claims
            head = chain[: relations(chain)[-1].start()].strip()
            out = check_chain(classify(head, d.before, ctx.defined), ctx, later, base, timeout)
        return [*out, result("assumption", "an equation the next formula solves", kind="assumption",
                             link=_last_equation(chain))]
    if conn and k and _solved_form(chain) and _mentions_name(_last_equation(pieces[k - 1][0]), _solved_form(chain)):
        status, method, cex = check_solution(_last_equation(pieces[k - 1][0]), chain, decl, prep, timeout,
                                             unique=True)
        return [result(status, method, cex)]
    if nxt and nxt[1] == "implies" and relations(chain) and relations(nxt[0]) and classify(
            chain, d.before, ctx.defined).kind == "assumption":
        return [result("assumption", "the premise of the next formula ('\\implies'): local, not carried",
                       kind="assumption")]
    if conn == "implies" and k and relations(pieces[k - 1][0]) and relations(chain):
        status, method, cex = check_implied(pieces[k - 1][0], chain, decl, prep, timeout)
        if status:
            return [result(status, method, cex)]
        premise = pieces[k - 1][0]
        if classify(premise, d.before, ctx.defined).kind == "assumption" and premise not in ctx.assume:
            if ctx.add_assumption(premise):  # the premise does not read: Q cannot be decided under it
                return [result("undecided", "does not follow from the premise by a nonnegative multiple, and the "
                               "premise does not read as an assumption")]
            try:  # decided under its premise: a counterexample satisfies it
                return check_chain(Chain(chain, "claim"), ctx, later, base, timeout)
            finally:
                ctx.assume.remove(premise)
    solved = _solved_form(chain) or _solved_function(chain)  # x(\lambda) = v: x, solved for each \lambda
    just = _THAT_IS.search(d.before[-60:]) and ctx.conditions and ctx.history and re.sub(
        r"\s", "", ctx.conditions[-1][0]) in re.sub(r"\s", "", ctx.history[-1])  # "E = 0, that is, x = v"
    if solved and (_SOLVE.search(d.before[-60:]) or just):
        name, args = (solved, []) if isinstance(solved, str) else solved
        cond, at = next(((e, n) for e, n in reversed(ctx.conditions[-1:] if just else ctx.conditions) if
                         _mentions_name(e, name) and all(_mentions_name(e, a) for a in args)), ("", 0))
        if cond:
            as_name = chain if not args else f"{name} = {chain[relations(chain)[0].end():].strip()}"
            status, method, cex = check_solution(cond, as_name, decl, prep, timeout, unique=False)
            if status == "proved" and cond in ctx.refuted_conditions:  # a step from a refuted step
                return [result("undecided", f"{method}; but the equation it solves (line {at}) is refuted there")]
            return [result(status, method, cex)]
    rels = relations(chain)
    if (rels and rels[-1].group(0) == "=" and re.fullmatch(r"\s*0\s*", chain[rels[-1].end():])
            and (_SET_ZERO.search(d.before[-100:]) or _SOLVE_NEXT.search(d.after))):
        eq = _last_equation(chain)
        ctx.conditions.append((eq, d.line))
        out = []
        if len(rels) > 1:
            head = chain[: rels[-1].start()].strip()
            out = check_chain(classify(head, d.before, ctx.defined), ctx, later, base, timeout)
        return [*out, result("assumption", "an equation the text sets up to solve (a condition, not a claim)",
                             kind="assumption", link=eq)]
    split = split_argmin(chain)
    if split:
        point, var, domain, obj = split
        ctx.objective, ctx.objective_line = (obj, var, "argmin"), d.line  # "its gradient is ..." next
        if is_name(point) and ctx.defined.get(name_key(point)) not in ctx.assume:  # a new name, or not substituted
            return [result("definition", "defined as a minimizer (argmin): not substituted", kind="definition")]
        status, method, cex = check_argmin(point, var, domain, obj, decl, prep, timeout)
        return [result(status, method, cex)]
    if any(r.group(0) == r"\approx" for r in rels):
        return _approx(chain, d, ctx, later, base, timeout)
    return None


_GRADIENT_OF = re.compile(r"\bgradient\s+(?:with respect to\s+\$?(?P<v>\\?[A-Za-z]+(?:_\{?\w+\}?)?)\$?\s*)?of\s*$",
                          re.I)
_ITS_GRADIENT = re.compile(r"\b(?:its|the)\s+gradient\s+(?:with respect to\s+\$?(?P<v>\\?[A-Za-z]+(?:_\{?\w+\}?)?)\$?"
                           r"\s*)?(?:is|equals|reads)\s*:?\s*$", re.I)
_THIS_IS = re.compile(r"\b(?:this|which|that|it)\s+(?:is|gives|equals)\s*:?\s*$|\b(?:gives|we get|yields)\s*:?\s*$", re.I)


def _gradient_claim(chain: str, d: Display, ctx: DocContext):
    """"the gradient of $A$ ... this is $G$" and "its gradient (with respect to x) is: G" (after an objective):
    the claim ``\\nabla_x A = G`` as a checker, or None.  Without "with respect to", the variable is the one
    name of A that no function of A is applied to (none or several: not checked)."""
    before = d.before[-60:]
    m = _GRADIENT_OF.search(before)
    if m and not relations(chain):
        ctx.objective, ctx.objective_line = (chain, m.group("v") or "", "of"), d.line
        return lambda base, later, timeout: [LinkResult(**base, link=chain, kind="expression", verdict="definition",
                                                        method="an expression whose gradient the text takes next")]
    if not ctx.objective:
        return None
    m = _ITS_GRADIENT.search(before) or (_THIS_IS.search(before) if ctx.objective[2] == "of" else None)
    if not m or d.line - ctx.objective_line > 3:
        return None
    (obj, var, _), ctx.objective = ctx.objective, None
    rels = relations(chain)
    if rels and (rels[-1].group(0) != "=" or chain[rels[-1].end():].strip() != "0"):
        return None
    g = chain[: rels[-1].start()].strip() if rels else chain
    var = (m.groupdict().get("v") or var) or _the_variable(obj)
    if not var:
        return None

    def check(base: dict, later, timeout: float) -> list[LinkResult]:
        out = check_chain(Chain(rf"\nabla_{{{var}}}\left({obj}\right) = {g}", "claim"), ctx, later, base, timeout)
        out = [replace(r, link=f"gradient in {var} of {obj} = {g}", method=f"the gradient the text takes: {r.method}")
               for r in out]
        if rels:
            ctx.conditions.append((f"{g} = 0", d.line))
            if any(r.verdict == "refuted" for r in out):
                ctx.refuted_conditions.add(f"{g} = 0")
            out.append(LinkResult(**base, link=chain, kind="assumption", verdict="assumption",
                                  method="an equation the text sets up to solve (a condition, not a claim)"))
        return out

    return check


def _the_variable(obj: str) -> str:
    """The one name of ``obj`` that is not the argument of a function in it, or ''."""
    inside = {a.strip() for a in re.findall(r"[A-Za-z]\s*\(([^()]*)\)", obj)}
    names = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?:_\{?[\w+-]+\}?)?(?![A-Za-z(])", obj))
    free = sorted(n for n in names if n not in inside and not re.fullmatch(r"[fgh]", n))
    return free[0] if len(free) == 1 else ""


def _ode_definition(ode: tuple[str, str, str], chain: str, pieces: list[tuple[str, str]], d: Display, ctx: DocContext,
                    later: tuple[list[str], dict[str, int]], base: dict, timeout: float) -> list[LinkResult]:
    """``dX/dt = F = ...``: X is defined by the equation (its initial value from this display or an earlier
    one); the links after the first are claims, read with X a variable as the equation writes it."""
    name, var, rhs = ode
    initial = next((v for p, _ in pieces if (v := initial_value(p, name, relations(p)))), "")
    if not initial:
        initial = next((o.initial for o in reversed(ctx.odes) if o.name == name and o.initial), "")
    ctx.odes.append(ODE(name, var, rhs, d.line, initial))
    key = norm(name) + "("
    ctx.implicit.add(key)
    ctx.opaque.setdefault(key, d.line)  # a counterexample that ignores the equation proves nothing
    out = [LinkResult(**base, link=chain[: relations(chain)[1].start()].strip() if len(relations(chain)) > 1 else chain,
                      kind="definition", verdict="definition",
                      method=f"a differential equation for {name}" + (f" with {name}(0) = {initial}" if initial else ""))]
    if len(relations(chain)) > 1:
        ctx.functions.remove(name)
        try:
            out += check_chain(Chain(chain[relations(chain)[0].end():].strip(), "claim"), ctx, later, base, timeout)
        finally:
            ctx.functions.append(name)
    return out


def _approx(chain: str, d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]], base: dict,
            timeout: float) -> list[LinkResult]:
    """Each link of a chain with ``\\approx``: those links as Taylor agreement in the small quantity the text
    names (see symgd.app.audit.approx), the others as usual."""
    from symgd.decide import decide

    u_name = small_quantity(d.before, d.after, chain) or ctx.small
    ctx.small = u_name  # "for small eta" holds for the rest of the section
    rels = relations(chain)
    approx = [r.group(0) == r"\approx" for r in rels]
    text = "".join(chain[(rels[i - 1].end() if i else 0): r.start()] + ("=" if approx[i] else r.group(0))
                   for i, r in enumerate(rels)) + chain[rels[-1].end():]
    try:  # an assumption that does not read with this formula (t an index here, a step size there) is left out
        p, dropped = parse_lenient(text, ctx.declarations())
    except BadInput as exc:
        partial = first_argument_links(chain, d.before + " " + d.after, ctx, base, timeout)  # D(theta, theta_t)
        if partial is not None:
            return partial
        return [LinkResult(**base, link=chain, kind="claim", verdict="not checked", method=f"not read: {exc}")]
    out = []
    for i, (link, claim) in enumerate(p.links):
        t0 = time.monotonic()
        if i < len(approx) and approx[i]:
            u = symbol_named(claim, u_name) if u_name else None
            ac = approx_order(claim, u) if u is not None else None
            model = taylor_model(claim) if ac is None else None  # f(x) \approx its Taylor polynomial at x_t
            if model is not None and any(k == model[2] or k.startswith(model[2] + "(") for k in (
                    *ctx.defined, *ctx.fdefs, *ctx.implicit)):  # a defined f is not an arbitrary smooth one
                model = None
            if model is not None:
                ac = model[0]
            rounded = rounding(claim, link[relations(link)[0].end():]) if ac is None and relations(link) else None
            if rounded is not None:  # \sqrt{10} \approx 3.16: rounding to the digits written
                half, unit, what = rounded
                try:
                    v = decide(half, p.context, timeout=timeout / 2)
                    w = None if v.proved else decide(unit, p.context, timeout=timeout / 2)
                except Exception as exc:  # reported on the link
                    out.append(LinkResult(**base, link=link, kind="claim", verdict="undecided", method=f"error: {exc}"[:300]))
                    continue
                shown = link.replace("=", r"\approx", 1)
                if v.proved or (w is not None and w.refuted):
                    u = v if v.proved else w
                    out.append(LinkResult(**base, link=shown, kind="claim", verdict=u.status.value,
                                          method=f"\\approx read as {what}: " + ("rounded to them" if v.proved else
                                                 "neither rounded nor cut off to them") + f" ({u.method})",
                                          counterexample=dict(u.counterexample or {}), seconds=time.monotonic() - t0))
                else:
                    out.append(LinkResult(**base, link=shown, kind="claim", verdict="undecided",
                                          method=f"\\approx read as {what}: " + ("within one unit of the last place, "
                                                 "but not rounded to it (cut off, or a slip)" if w is not None and w.proved else
                                                 f"not decided ({(w or v).method})"), seconds=time.monotonic() - t0))
                continue
            guess = None
            if ac is None and not u_name:  # the small quantity read from the display (smallness.py)
                guess, why = infer_small(claim)
                if guess is None:
                    out.append(LinkResult(**base, link=link.replace("=", r"\approx", 1), kind="claim",
                                          verdict="not checked", method="\\approx: the text does not say which quantity "
                                          f"is small (for small $\\eta$, as $h \\to 0$), and the display does not: {why}"))
                    continue
                ac = guess.claim
            if ac is None:
                why = (f"{u_name} does not occur in it" if u is None else "not a scalar relation")
                out.append(LinkResult(**base, link=link.replace("=", r"\approx", 1), kind="claim",
                                      verdict="not checked", method=f"\\approx for small {u_name}: {why}"))
                continue
            try:
                v = decide(substituted(ac, p.context, ctx), p.context, timeout=timeout)
            except Exception as exc:  # reported on the link
                out.append(LinkResult(**base, link=link, kind="claim", verdict="undecided", method=f"error: {exc}"[:300]))
                continue
            shown = link[: relations(link)[0].start()] + r"\approx" + link[relations(link)[0].end():] if relations(
                link) else link
            if guess is not None and v.refuted and not guess.may_refute:  # a guessed reading refutes nothing
                out.append(LinkResult(**base, link=shown, kind="claim", verdict="undecided",
                                      method=f"\\approx: the text names no small quantity; read for small {guess.quantity} "
                                             f"it fails ({v.method}), but that reading is a guess",
                                      counterexample=dict(v.counterexample or {}), seconds=time.monotonic() - t0))
                continue
            if dropped and v.refuted:  # a counterexample without some assumptions refutes nothing
                out.append(LinkResult(**base, link=shown, kind="claim", verdict="undecided",
                                      method=f"refuted only without some of the document's assumptions (they do not "
                                             f"read here): {v.method}", seconds=time.monotonic() - t0))
                continue
            small = guess.quantity if guess is not None else u_name
            out.append(LinkResult(**base, link=shown, kind="claim", verdict=v.status.value,
                                  method=(f"\\approx read as {model[1]}" if model else
                                          f"\\approx read as agreement up to O({ac.order[0]}^{ac.order[1]}), the small quantity read "
                                          f"from the display: {small}" if guess is not None else
                                          f"\\approx read as agreement up to O({u_name}^{ac.order[1]})") + f": {v.method}",
                                  counterexample=dict(v.counterexample or {}), detail=v.detail or "",
                                  seconds=time.monotonic() - t0))
        else:
            r = decide_link(link, claim, p.context, i, chain, ctx, later, base, timeout)
            if dropped and r.verdict == "refuted":
                r = replace(r, verdict="undecided", method="refuted only without some of the document's assumptions "
                            f"(they do not read here): {r.method}")
            out.append(r)
    return out
