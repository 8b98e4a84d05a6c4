"""Audit a document: every formula found, classified, and each link of each claim decided in the context
the document has built up to that point.  One link's failure (a parser error, a timeout, a crash of a
method) is reported on that link and the audit goes on."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from symgd.app.audit.chain import LinkResult, check_chain, defined_names, mentions, norm
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
from symgd.app.audit.context import DocContext, FunctionDef
from symgd.app.audit.declare import parse_declarations
from symgd.app.audit.extract import Display, extract, front_matter, headings
from symgd.app.audit.facts import read_facts
from symgd.app.audit.special import special
from symgd.core.errors import BadInput

__all__ = ["DEFAULT_LINK_TIMEOUT", "Audit", "LinkResult", "audit"]

DEFAULT_LINK_TIMEOUT = 4.0  # seconds for one link
CHECKED = ("proved", "refuted", "undecided", "not checked")


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
            ctx.opaque[norm(n) + ("(" if n in ctx.functions else "")] = 0  # line 0: declared


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
            for key in defined_names(d.latex):
                ctx.opaque.setdefault(key, d.line)
            ctx.stale.add(d.name)
        return
    for d in ctx.fdefs.values():
        ctx.defined = {k: v for k, v in ctx.defined.items() if v != d.latex}
        for key in defined_names(d.latex):  # a counterexample that ignores the old body proves nothing
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
                    for key in defined_names(c.latex):
                        if key.endswith("("):  # a function used before its definition
                            defined.setdefault(key, d.line)
        except Exception:  # unreadable formulas are reported where they stand
            continue
    return out, defined


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
        own = special(k, pieces, d, ctx, later, base, timeout)
        if own is not None:
            out.extend(own)
            continue
        c = classify(chain, d.before, ctx.defined)
        if c.kind == "definition" and "(" in lhs_of(c.latex) and any(k in ctx.implicit
                                                                  for k in defined_names(c.latex)):
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
            for key in defined_names(c.latex):  # not substituted, but a counterexample may not ignore it
                ctx.opaque.setdefault(key, d.line)
            out.append(LinkResult(**base, link=c.latex, kind="definition", verdict="definition",
                                  method="an instance ('" + _INSTANCE.search(d.before[-40:]).group(1) + "'): not "
                                         "substituted later, and no counterexample may ignore it"))
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
        out.extend(check_chain(c, ctx, later, base, timeout))
        if c.kind == "definition":
            carry = d.display or c.why.startswith("'") or "prose" in c.why or bool(
                re.fullmatch(r".+?\(.*\)", lhs_of(c.latex).strip(), re.S)) or bool(  # inline f(x) = ...: a function
                re.search(r"\b(let|define|denote|we write)\b[^.;:]{0,60}$|(?:^|[.!?:]\s+)(set|choose|take)\s*$",
                          d.before[-80:], re.I))  # "Define $p = ..$", "Set $\eta = 1/L$."
            out.append(_register(c, ctx, base, carry=carry))
    return out


_INSTANCE = re.compile(r"\b(putting|setting|taking|plugging in|substituting|inserting|choosing)\s*$", re.I)
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
    if any(mentions(rhs, {}, k) for k in ctx.implicit) and is_name(lhs) and "(" not in lhs and not ctx.define(
            key, lhs, rhs):  # theta_flow := theta(eta), theta defined by a differential equation: substituted
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="uses a function defined by a differential equation")
    if any(mentions(rhs, {}, k) for k in ctx.implicit):  # theta_flow := theta(eta), theta defined by an ODE
        ctx.defined[key] = link
        ctx.opaque.setdefault(norm(key), base["line"])
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="uses a function defined implicitly: not substituted in later formulas")
    if not carry:
        ctx.defined[key] = link
        assumed = any(re.search(re.escape(lhs) + r"(?![A-Za-z_])", a) for a in ctx.assume)
        for k in defined_names(c.latex) if not assumed else ():  # a value of an assumed parameter: local
            ctx.opaque.setdefault(k, base["line"])
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="inline: recorded, not substituted in later formulas")
    fm = re.fullmatch(r"(.+?)\s*(?:\\left)?\((.*)\)", lhs, re.S)
    if fm:
        why = _define_function(fm.group(1).strip(), link, ctx, base["line"])
        ctx.defined[key] = link
    elif not is_name(lhs):
        for k in defined_names(c.latex):
            ctx.opaque.setdefault(k, base["line"])
            ctx.implicit.add(k)
        return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why,
                          note="not a name on the left: not substituted in later formulas")
    else:
        why = ctx.define(key, lhs, rhs)
    if why:
        for k in defined_names(c.latex):
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
    for key in defined_names(link):
        ctx.arity[key] = len(claim.lhs.args)
    for key in defined_names(link):
        ctx.opaque.pop(key, None)
    return ""
