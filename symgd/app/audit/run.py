"""Audit a document: every formula found, classified, and each link of each claim decided in the context
the document has built up to that point.  One link's failure (a parser error, a timeout, a crash of a
method) is reported on that link and the audit goes on."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from symgd.app.audit.approx import approx_order, small_quantity, symbol_named
from symgd.app.audit.argmin import check_argmin, split_argmin
from symgd.app.audit.classify import (
    Chain,
    chains_of,
    classify,
    clean,
    is_name,
    lhs_of,
    name_key,
    pieces_with_connectives,
    relations,
)
from symgd.app.audit.context import DocContext, FunctionDef, prepare, substituted
from symgd.app.audit.declare import parse_declarations
from symgd.app.audit.extract import Display, extract, front_matter, headings
from symgd.app.audit.facts import read_facts
from symgd.app.audit.hypotheses import by_witness, from_facts, with_odes
from symgd.app.audit.logic import check_implied, check_solution
from symgd.app.audit.odes import ODE, initial_value, ode_of
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput

__all__ = ["DEFAULT_LINK_TIMEOUT", "Audit", "LinkResult", "audit"]

DEFAULT_LINK_TIMEOUT = 4.0  # seconds for one link
CHECKED = ("proved", "refuted", "undecided", "not checked")


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

    def to_dict(self) -> dict:
        d = {"line": self.line, "display": self.display, "link": self.link, "kind": self.kind,
             "verdict": self.verdict, "method": self.method, "inline": self.inline}
        if self.counterexample:
            d["counterexample"] = self.counterexample
        if self.detail:
            d["detail"] = self.detail
        if self.note:
            d["note"] = self.note
        d["seconds"] = round(self.seconds, 3)
        return d


@dataclass
class Audit:
    """Everything found in a document, in order, and the context it ended with."""

    name: str
    text: str
    displays: list[Display]
    results: list[LinkResult]
    facts: list[str]  # properties named in prose that no check uses
    refused: list[str]
    seconds: float = 0.0
    properties: list[str] = field(default_factory=list)  # properties of functions used as hypotheses

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in (*CHECKED, "definition", "assumption")}
        for r in self.results:
            out[r.verdict] = out.get(r.verdict, 0) + 1
        return out

    def exit_code(self) -> int:
        """0 every claim link proved, 1 something refuted, 3 undecided or not checked links remain."""
        c = self.counts()
        if c["refuted"]:
            return 1
        if c["undecided"] or c["not checked"]:
            return 3
        return 0

    def to_dict(self) -> dict:
        return {"file": self.name, "counts": self.counts(), "exit": self.exit_code(), "facts": self.facts,
                "properties": self.properties, "refused_assumptions": self.refused, "seconds": round(self.seconds, 3),
                "links": [r.to_dict() for r in self.results]}


def _apply(decl: dict[str, list[str]], ctx: DocContext) -> None:
    for a in decl.get("assume", []):
        why = ctx.add_assumption(a)
        if why:
            raise BadInput(f"declared assumption {a!r}: {why}")
    for key in ("vectors", "matrices", "symmetric", "positive_definite", "functions"):
        names = [n.strip() for item in decl.get(key, []) for n in item.split(",") if n.strip()]
        why = ctx.add_names(key, names)
        if why:
            raise BadInput(f"declared {key} {', '.join(names)}: {why}")
    for item in decl.get("defined_in_prose", []):
        for n in (n.strip() for n in item.split(",") if n.strip()):
            ctx.opaque[_norm(n) + ("(" if n in ctx.functions else "")] = 0  # line 0: declared


def audit(text: str, name: str = "", *, declare: dict[str, list[str]] | None = None,
          timeout: float = DEFAULT_LINK_TIMEOUT, progress: Callable[[int, int], None] | None = None) -> Audit:
    """Audit ``text`` (the file ``name``; its extension tells a LaTeX source).  ``declare`` is what
    a ``--declare`` file says; ``progress(done, total)`` is called after each formula."""
    start = time.monotonic()
    ctx = DocContext()
    fm, _ = front_matter(text)
    renames: dict[str, str] = {}
    for decl in (parse_declarations(fm, "front matter") if fm else None, declare):
        if decl:
            _apply(decl, ctx)
            renames.update(decl.get("rename", {}))
    displays = extract(text, name, renames)
    later, defined_at = _stated_assumptions(displays)
    sections = headings(text)
    ctx.sections = sections
    results: list[LinkResult] = []
    last_line = 0
    lines = text.splitlines()
    for i, d in enumerate(displays, 1):
        for h in [h for h in ctx.sections if last_line < h < d.line]:
            _new_section(ctx, _generalizes(lines, h))
        last_line = d.line
        found, ctx.last_function = read_facts(d.before, d.line, ctx.last_function)
        ctx.stated += [f for f in found if (f.function, f.kind, f.constant) not in
                       {(g.function, g.kind, g.constant) for g in ctx.stated}]
        try:
            results.extend(_on_their_lines(_audit_display(i, d, ctx, (later, defined_at), timeout), d, text))
        except Exception as exc:  # one formula's failure never stops the audit
            results.append(LinkResult(d.line, i, d.latex[:200], "claim", "not checked",
                                      f"internal error: {type(exc).__name__}: {exc}"[:300], inline=not d.display))
        if progress is not None:
            progress(i, len(displays))
    used = {f.kind for f in ctx.stated} | ({"smooth", "lipschitz"} if any(f.kind == "smooth" for f in ctx.stated)
                                           else set())
    unused = [w for w in ctx.facts if not any(k in w.replace("-", " ") for k in used)]
    properties = [f"{f.function} {f.kind}" + (f" ({f.constant})" if f.constant else "") + f", line {f.line}"
                  for f in ctx.stated]
    return Audit(name, text, displays, results, unused, ctx.refused, time.monotonic() - start, properties)


_GENERAL = re.compile(r"\b(general|generali[sz]\w*|arbitrary|any (?:smooth |convex |differentiable )?"
                      r"(?:function|loss|objective))\b", re.I)


def _generalizes(lines: list[str], heading: int) -> bool:
    """A section whose heading or first lines announce the general case ("The general case", "for an
    arbitrary loss")."""
    return bool(_GENERAL.search(" ".join(lines[heading - 1 : heading + 3])))


def _on_their_lines(results: list[LinkResult], d: Display, text: str) -> list[LinkResult]:
    """Each link on the line of the display where it starts (an align block spans several lines)."""
    lines = text[d.start:d.end].split("\n")
    if len(lines) == 1:
        return results
    squeezed = [re.sub(r"\s+|&", "", line) for line in lines]
    out = []
    for r in results:
        rels = relations(r.link)
        rhs = r.link[rels[0].end():] if rels else r.link  # a link's right side is on its own line
        probe = re.sub(r"\s+|&", "", rhs).lstrip("=")[:12]
        hit = next((k for k, line in enumerate(squeezed) if probe and probe in line), None)
        out.append(replace(r, line=d.line + hit) if hit is not None else r)
    return out


def _new_section(ctx: DocContext, general: bool = False) -> None:
    """At a heading a function's body becomes stale: still substituted (a proof that uses it says so), but a
    counterexample that treats the function as arbitrary is no longer a refutation.  Where the section
    announces the general case the body is dropped.  Names, assumptions and kinds stay; a small quantity
    ("for small eta") does not."""
    ctx.small = ""
    if not general:
        for d in ctx.fdefs.values():
            for key in _defined_names(d.latex):
                ctx.opaque.setdefault(key, d.line)
            ctx.stale.add(d.name)
        return
    for d in ctx.fdefs.values():
        ctx.defined = {k: v for k, v in ctx.defined.items() if v != d.latex}
        for key in _defined_names(d.latex):  # a counterexample that ignores the old body proves nothing
            ctx.opaque.setdefault(key, d.line)
    ctx.fdefs.clear()
    ctx.stale.clear()


def _stated_assumptions(displays: list[Display]) -> tuple[list[str], dict[str, int]]:
    """Every assumption the document states anywhere (a refuted claim is retried with those not yet in
    force), and the line where each name is first defined (a claim about a name defined further down
    is not refuted by a counterexample that ignores that definition)."""
    out: list[str] = []
    defined: dict[str, int] = {}
    for d in displays:
        try:
            for chain in chains_of(clean(d.latex)):
                c = classify(chain, d.before, defined)
                if c.kind == "assumption" and c.latex not in out:
                    out.append(c.latex)
                elif c.kind == "definition" and c.why != "a value (for an example)":
                    for key in _defined_names(c.latex):
                        if key.endswith("("):  # a function used before its definition
                            defined.setdefault(key, d.line)
        except Exception:  # unreadable formulas are reported where they stand
            continue
    return out, defined


def _norm(name: str) -> str:
    return re.sub(r"[\s{}]", "", name)


def _defined_names(chain: str) -> list[str]:
    """The names a definition defines: its left side's name, or the functions in a non-name left side
    (``\frac{d\theta(t)}{dt} = ...`` defines the function theta)."""
    lhs = lhs_of(chain).replace("&", "").strip()
    if is_name(lhs):
        return [_norm(name_key(lhs)) + ("(" if re.search(r"\)\s*$", lhs) else "")]
    names = re.findall(r"(\\?[A-Za-z]+(?:_\{[^{}]*\}|_\\?\w+)?)\s*(?:\\left)?\(", lhs)
    names += re.findall(r"\\frac\{\s*d\^?\d?\s*(\\?[A-Za-z]+)", lhs)
    return [_norm(n) + "(" for n in names if n not in (r"\left", r"\nabla", r"\frac")]


def _other_arity(link: str, key: str, ctx: DocContext) -> bool:
    """Whether every application of the function ``key`` in ``link`` has another number of arguments than its
    definition (``f(x_t)`` after ``f(x, y) = ...``): the definition is then about another function."""
    n = ctx.arity.get(key)
    if n is None:
        return False
    uses = re.findall(re.escape(key.rstrip("(")) + r"\s*(?:\\left)?\(([^()]*)\)", _norm(link))
    return bool(uses) and all(u.count(",") + 1 != n for u in uses)


def _mentions(link: str, cex: dict, key: str) -> bool:
    """Whether a link (or its counterexample) uses a name; ``key`` ending in ``(`` is a function, used only
    when applied or differentiated (``\theta(t)``, ``d\theta``), not as ``\theta_0``."""
    text = _norm(link)
    name = key.rstrip("(")
    if key.endswith("("):
        pattern = re.escape(name) + r"(?:\\left)?\(|(?:d|\\partial|\\nabla)" + re.escape(name) + r"(?![A-Za-z_])"
    else:
        pattern = re.escape(name) + r"(?![A-Za-z])"
    if re.search(pattern, text):
        return True
    return any(_norm(k) == name and (not key.endswith("(") or "->" in str(v)) for k, v in cex.items())


def _audit_display(index: int, d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]],
                   timeout: float) -> list[LinkResult]:
    latex = clean(d.latex)
    base = {"line": d.line, "display": index, "inline": not d.display}
    try:
        from symgd.latex.blocks import split_claims

        pieces = [pc for ch in split_claims(latex) for pc in pieces_with_connectives(ch)]
    except BadInput as exc:
        return [LinkResult(**base, link=latex, kind="claim", verdict="not checked", method=str(exc))]
    if not d.display and is_name(latex):
        ctx.read_prose(d.before + " " + d.after, [latex])
    out: list[LinkResult] = []
    for k, (chain, _) in enumerate(pieces):
        special = _special(k, pieces, d, ctx, later, base, timeout)
        if special is not None:
            out.extend(special)
            continue
        c = classify(chain, d.before, ctx.defined)
        if c.kind == "definition" and "(" in lhs_of(c.latex) and any(k in ctx.implicit
                                                                  for k in _defined_names(c.latex)):
            c = Chain(c.latex, "claim")  # "the solution is theta(t) = ...": a claim about an implicit definition
        if c.kind == "expression":
            if d.display:
                out.append(LinkResult(**base, link=chain, kind="expression", verdict="not checked",
                                      method="no relation to check"))
            continue
        if not d.display and c.kind == "claim" and not _inline_claim(c.latex):
            continue
        if (not d.display and c.kind == "claim" and relations(c.latex)[0].group(0) == "=" and len(relations(c.latex)) == 1
                and is_name(lhs_of(c.latex)) and "(" not in lhs_of(c.latex)):
            c = Chain(c.latex, "definition", "a name given a value in prose")  # "with a noisy gradient g = ..."
        if (c.kind == "definition" and not c.why.startswith("'") and name_key(lhs_of(c.latex).replace("&", "").strip())
                in ctx.explicit and not re.search(r"\b(let|define|denote|redefine|set)\b", d.before[-80:], re.I)):
            c = Chain(c.latex, "claim", "a name defined with := earlier: a claim about it")  # "we can write X as ..."
        if c.kind == "claim" and not c.why and _new_rule(c.latex, ctx, d.line):
            c = Chain(c.latex, "definition", "an update rule in a new section (the section's method)")
        if (not d.display and c.kind == "definition" and _INSTANCE.search(d.before[-40:])
                and len(relations(c.latex)) == 1):
            out.append(LinkResult(**base, link=c.latex, kind="definition", verdict="definition",
                                  method="an instance ('" + _INSTANCE.search(d.before[-40:]).group(1) + "'): local, "
                                         "not carried"))
            continue
        defining = _DEFINING.search(re.split(r"(?<=[.!?])\s+", d.before)[-1]) if not d.display else None
        if defining and c.kind == "claim":
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method=f"a defining condition ('{defining.group(1)}' in its sentence): not checked"))
            continue
        if (not d.display and c.kind in ("claim", "assumption") and c.why != "membership"
                and _CONDITION.search(d.before[-40:])):
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method="a condition or equation in prose ('" + _CONDITION.search(
                                      d.before[-40:]).group(1) + "'), local: not carried"))
            continue
        if c.kind == "assumption" and not d.display and _FOR_ANY.search(d.before[-30:]):
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method="a quantified variable ('" + _FOR_ANY.search(d.before[-30:]).group(1)
                                         + "'): local, not carried"))
            continue
        if c.kind == "assumption":
            why = ctx.add_assumption(c.latex)
            out.append(LinkResult(**base, link=c.latex, kind="assumption",
                                  verdict="assumption" if not why else "not checked",
                                  method=c.why if not why else f"assumption not understood: {why}"))
            continue
        if d.display and c.kind == "claim" and _IF.search(d.before[-40:]):
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method=f"a condition ('{_IF.search(d.before[-40:]).group(1)}' before it): "
                                         "defines a property, not checked"))
            continue
        out.extend(_check_chain(c, ctx, later, base, timeout))
        if c.kind == "definition":
            carry = d.display or c.why.startswith("'") or "prose" in c.why or bool(
                re.fullmatch(r".+?\(.*\)", lhs_of(c.latex).strip(), re.S)) or bool(  # inline f(x) = ...: a function
                re.search(r"\b(let|define|denote|we write)\b[^.;:]{0,60}$", d.before[-80:], re.I))  # "Define $p = ..$"
            out.append(_register(c, ctx, base, carry=carry))
    return out


_SET_ZERO = re.compile(r"\b(?:set(?:ting)?\b[^.;]{0,60}\b(?:to|equal to|equals?)\s+(?:zero|0)|(?:first[- ]order|"
                       r"stationarity|optimality) condition|stationary points?)\b[^.;]{0,40}$", re.I)
_SOLVE = re.compile(r"\bsolv(?:e|ing)\b[^.;]{0,40}$", re.I)
_SOLVE_NEXT = re.compile(r"^\W*(?:solving|solve|we solve|which we solve)\b", re.I)


def _mentions_name(latex: str, name: str) -> bool:
    before = r"(?<!\\)" if name.startswith("\\") else r"(?<![A-Za-z\\])"  # L\eta mentions \eta
    return bool(re.search(before + re.escape(name) + r"(?![A-Za-z_{])", latex))


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


def _special(k: int, pieces: list[tuple[str, str]], d: Display, ctx: DocContext,
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
            out = _check_chain(classify(head, d.before, ctx.defined), ctx, later, base, timeout)
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
                return _check_chain(Chain(chain, "claim"), ctx, later, base, timeout)
            finally:
                ctx.assume.remove(premise)
    if _solved_form(chain) and _SOLVE.search(d.before[-60:]):
        name = _solved_form(chain)
        cond, at = next(((e, n) for e, n in reversed(ctx.conditions) if _mentions_name(e, name)), ("", 0))
        if cond:
            status, method, cex = check_solution(cond, chain, decl, prep, timeout, unique=False)
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
            out = _check_chain(classify(head, d.before, ctx.defined), ctx, later, base, timeout)
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
        out = _check_chain(Chain(rf"\nabla_{{{var}}}\left({obj}\right) = {g}", "claim"), ctx, later, base, timeout)
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
    key = _norm(name) + "("
    ctx.implicit.add(key)
    ctx.opaque.setdefault(key, d.line)  # a counterexample that ignores the equation proves nothing
    out = [LinkResult(**base, link=chain[: relations(chain)[1].start()].strip() if len(relations(chain)) > 1 else chain,
                      kind="definition", verdict="definition",
                      method=f"a differential equation for {name}" + (f" with {name}(0) = {initial}" if initial else ""))]
    if len(relations(chain)) > 1:
        ctx.functions.remove(name)
        try:
            out += _check_chain(Chain(chain[relations(chain)[0].end():].strip(), "claim"), ctx, later, base, timeout)
        finally:
            ctx.functions.append(name)
    return out


def _approx(chain: str, d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]], base: dict,
            timeout: float) -> list[LinkResult]:
    """Each link of a chain with ``\\approx``: those links as Taylor agreement in the small quantity the text
    names (see symgd.app.audit.approx), the others as usual."""
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    u_name = small_quantity(d.before, d.after, chain) or ctx.small
    ctx.small = u_name  # "for small eta" holds for the rest of the section
    if not u_name:
        return [LinkResult(**base, link=chain, kind="claim", verdict="not checked",
                           method="\\approx: the text does not say which quantity is small (for small $\\eta$, "
                                  "as $h \\to 0$), so the order of agreement is unknown")]
    rels = relations(chain)
    approx = [r.group(0) == r"\approx" for r in rels]
    text = "".join(chain[(rels[i - 1].end() if i else 0): r.start()] + ("=" if approx[i] else r.group(0))
                   for i, r in enumerate(rels)) + chain[rels[-1].end():]
    try:
        p = parse_problem(text, declarations=ctx.declarations(), allow_unused=True)
    except BadInput as exc:
        return [LinkResult(**base, link=chain, kind="claim", verdict="not checked", method=f"not read: {exc}")]
    out = []
    for i, (link, claim) in enumerate(p.links):
        t0 = time.monotonic()
        if i < len(approx) and approx[i]:
            u = symbol_named(claim, u_name)
            ac = approx_order(claim, u) if u is not None else None
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
            out.append(LinkResult(**base, link=shown, kind="claim", verdict=v.status.value,
                                  method=f"\\approx read as agreement up to O({u_name}^{ac.order[1]}): {v.method}",
                                  counterexample=dict(v.counterexample or {}), detail=v.detail or "",
                                  seconds=time.monotonic() - t0))
        else:
            out.append(_decide_link(link, claim, p.context, i, chain, ctx, later, base, timeout))
    return out


_INSTANCE = re.compile(r"\b(putting|setting|set|taking|plugging in|substituting|choosing)\s*$", re.I)
_FOR_ANY = re.compile(r"\b(for (?:any|all|every|each)|for|any|every|each|all|there (?:is|exists))\s*$", re.I)
_IF = re.compile(r"\b(if|iff|if and only if|whenever|provided)\b[^.;:]{0,25}$", re.I)
_DEFINING = re.compile(r"\b(if and only if|iff|is said to be|is called|we say that)\b", re.I)
_CONDITION = re.compile(r"\b(when|whenever|if|provided|unless|condition|equation|solving|solve|"
                        r"(?:we|you|one) (?:want|need|require|must have))\b(?:[^.;:]{0,25}|\s*:\s*)$", re.I)


def _new_rule(chain: str, ctx: DocContext, line: int) -> bool:
    """``v_t = \\beta v_{t-1} + ...``: a recurrence for a name that an earlier section defined (by another
    rule): a section that introduces a method restates its update rules, which define, not claim."""
    rels = relations(chain)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return False
    lhs = lhs_of(chain).replace("&", "").strip()
    if not is_name(lhs) or "(" in lhs or "_" not in lhs:
        return False
    at = ctx.defined_at.get(name_key(lhs))
    if at is None or not any(at < h < line for h in ctx.sections):
        return False
    m = re.match(r"(\\?[A-Za-z]+)\s*_\s*\{?\s*([a-z])\b", lhs)  # v_t, x_{t+1}: an index letter
    if m is None:
        return False
    base, index = m.groups()
    return bool(re.search(re.escape(base) + r"\s*_\s*\{?\s*" + index + r"\b", chain[rels[0].end():]))


def _inline_claim(latex: str) -> bool:
    """Inline math is a claim only with one of = < > \\le \\ge (not an arrow, \\sim or \\approx alone)."""
    return any(r.group(0) in ("=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq") for r in relations(latex))


def _register(c: Chain, ctx: DocContext, base: dict, carry: bool = True) -> LinkResult:
    r"""Put a definition into the context: a name as a substitution, a function by its body.  An inline
    ``t = k\eta`` in prose is only recorded (``carry`` False): a later claim about t is not refuted by a
    counterexample that ignores it, but it is not substituted either."""
    rels = relations(c.latex)
    lhs = c.latex[: rels[0].start()].replace("&", "").strip()
    rhs_end = rels[1].start() if len(rels) > 1 else len(c.latex)
    rhs = c.latex[rels[0].end(): rhs_end].replace("&", "").strip()
    key = name_key(lhs)
    link = f"{lhs} = {rhs}"
    ctx.defined_at[key] = base["line"]
    if c.why.startswith("'"):  # :=, \coloneqq, \triangleq: later '=' about it are claims
        ctx.explicit.add(key)
    if c.why == "a value (for an example)":
        ctx.defined[key] = link
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="not carried to later formulas")
    if any(_mentions(rhs, {}, k) for k in ctx.implicit) and is_name(lhs) and "(" not in lhs and not ctx.define(
            key, lhs, rhs):  # theta_flow := theta(eta), theta defined by a differential equation: substituted
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="uses a function defined by a differential equation")
    if any(_mentions(rhs, {}, k) for k in ctx.implicit):  # theta_flow := theta(eta), theta defined by an ODE
        ctx.defined[key] = link
        ctx.opaque.setdefault(_norm(key), base["line"])
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="uses a function defined implicitly: not substituted in later formulas")
    if not carry:
        ctx.defined[key] = link
        assumed = any(re.search(re.escape(lhs) + r"(?![A-Za-z_])", a) for a in ctx.assume)
        for k in _defined_names(c.latex) if not assumed else ():  # a value of an assumed parameter: local
            ctx.opaque.setdefault(k, base["line"])
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="inline: recorded, not substituted in later formulas")
    fm = re.fullmatch(r"(.+?)\s*(?:\\left)?\((.*)\)", lhs, re.S)
    if fm:
        why = _define_function(fm.group(1).strip(), link, ctx, base["line"])
        ctx.defined[key] = link
    elif not is_name(lhs):
        for k in _defined_names(c.latex):
            ctx.opaque.setdefault(k, base["line"])
            ctx.implicit.add(k)
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="not a name on the left: not substituted in later formulas")
    else:
        why = ctx.define(key, lhs, rhs)
    if why:
        for k in _defined_names(c.latex):
            ctx.opaque.setdefault(k, base["line"])
    note = "" if not why else f"not substituted in later formulas: {why}"
    return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why, note=note)


def _define_function(fname: str, link: str, ctx: DocContext, line: int) -> str:
    from sympy.core.function import AppliedUndef

    from symgd.latex.problem import parse_problem

    ctx.add_names("functions", [fname])
    args = re.fullmatch(r".+?\s*(?:\\left)?\((.*)\)", lhs_of(link).strip(), re.S)
    if args:  # F(x) = ... R(x) ...: a name applied to the definition's own arguments is a function too
        pattern = r"(?<![\\A-Za-z])((?:\\mathcal\{[A-Za-z]\}|[A-Za-z])(?:_\{?\w+\}?)?)\s*(?:\\left)?\(\s*" + re.escape(
            args.group(1).strip()) + r"\s*(?:\\right)?\)"
        for name in dict.fromkeys(re.findall(pattern, link[relations(link)[0].end():])):
            if name not in ctx.functions and name != fname:
                ctx.add_names("functions", [name])
    try:
        p = parse_problem(link, declarations=ctx.declarations(), allow_unused=True)
    except BadInput as exc:
        return str(exc)
    claim = p.links[0][1]
    if not isinstance(claim.lhs, AppliedUndef) or not all(a.is_Symbol for a in claim.lhs.args):
        return "the left side is not a function of names"
    if claim.lhs.func.__name__ in {f.func.__name__ for f in claim.rhs.atoms(AppliedUndef)}:
        return "recursive definition"
    ctx.stale.discard(claim.lhs.func.__name__)
    ctx.fdefs[claim.lhs.func.__name__] = FunctionDef(claim.lhs.func.__name__, tuple(claim.lhs.args), claim.rhs, link, line)
    for key in _defined_names(link):
        ctx.arity[key] = len(claim.lhs.args)
    for key in _defined_names(link):
        ctx.opaque.pop(key, None)
    return ""


def _check_chain(c: Chain, ctx: DocContext, later: list[str], base: dict, timeout: float) -> list[LinkResult]:
    from symgd.latex.problem import parse_problem

    skip_first = c.kind == "definition"
    if skip_first and len(relations(c.latex)) < 2:
        return []
    c = replace(c, latex=_at_own_arguments(c.latex, ctx))
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
            return _not_read(c, skip_first, base, exc)
    out = []
    for i, (text, claim) in enumerate(p.links):
        if skip_first and i == 0:
            continue
        r = _decide_link(text, claim, p.context, i, c.latex, ctx, later, base, timeout)
        if weakened and r.verdict == "refuted":  # a counterexample without those assumptions proves nothing
            r = replace(r, verdict="undecided", method=f"refuted only without the assumption(s) {weakened}, "
                        f"which do not read with this formula: {r.method}")
        elif weakened:
            r = replace(r, note=(r.note + "; " if r.note else "") + f"checked without {weakened}")
        out.append(r)
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
        v = decide(claim, context, timeout=timeout)
        by_fact = from_facts(text, claim, ctx, timeout) if not v.proved and ctx.stated else None
        if by_fact is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="proved", method=by_fact,
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
        assumptions, defined_at = later
        same_section = [(k, n) for k, n in defined_at.items() if n > base["line"] and k not in ctx.opaque
                        and not any(base["line"] < h < n for h in ctx.sections)]
        for key, line in [*ctx.opaque.items(), *same_section]:
            if _mentions(text, cex, key) and not _other_arity(text, key, ctx):
                where = ("defined further down" if line > base["line"] else
                         "declared as defined in the prose" if line == 0 else
                         "defined in a form symgd cannot substitute, or in an earlier section")
                return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                                  method=f"a counterexample exists only if {key.rstrip('(')} is arbitrary, but it is {where}"
                                         + (f" (line {line})" if line else " (--declare defined_in_prose)"),
                                  counterexample=cex, detail=v.detail or "",
                                  seconds=time.monotonic() - t0)
        functions = sorted(k for k, val in cex.items() if "->" in str(val) or "(" in k or "nabla" in k)
        witnessed = by_witness(text, ctx, timeout) if functions and ctx.stated else None
        if witnessed is not None:
            return LinkResult(**base, link=text, kind="claim", verdict="refuted", method=witnessed[0],
                              counterexample=witnessed[1], seconds=time.monotonic() - t0)
        if functions and ctx.facts:
            return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                              method=f"refuted only by arbitrary values of {', '.join(functions)}, "
                                     f"while the document assumes {', '.join(ctx.facts)} properties symgd cannot "
                                     "impose on samples", counterexample=cex, detail=v.detail or "",
                              seconds=time.monotonic() - t0)
        for fd in ctx.fdefs.values():
            name = _norm(re.split(r"\s*(?:\\left)?\(", lhs_of(fd.latex), maxsplit=1)[0])
            if re.search(re.escape(name) + r"(?![A-Za-z_(]|\\left\()", _norm(text)):
                return LinkResult(**base, link=text, kind="claim", verdict="undecided",
                                  method=f"{name} is used without its arguments here; its definition (line {fd.line}) "
                                         "applies only where it is applied", counterexample=cex, detail=v.detail or "",
                                  seconds=time.monotonic() - t0)
        note = _holds_with(cex, i, chain, ctx, assumptions, timeout)
    return LinkResult(**base, link=text, kind="claim", verdict=v.status.value, method=v.method,
                      counterexample=dict(v.counterexample or {}), detail=v.detail or "", note=note,
                      seconds=time.monotonic() - t0)


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
