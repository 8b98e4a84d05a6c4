"""Audit a document: every formula found, classified, and each link of each claim decided in the context
the document has built up to that point.  One link's failure (a parser error, a timeout, a crash of a
method) is reported on that link and the audit goes on."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from symgd.app.audit import (
    computed,
    coords,
    derived_defs,
    imaginary,
    in_force,
    meanings,
    named_functions,
    roles,
    trust,
    worked,
)
from symgd.app.audit.applied import applied_letters
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
from symgd.app.audit.context import (
    DocContext,
    FunctionDef,
    case_condition,
    case_open,
    conditional_body,
    derived_range,
    passing_value,
    run_in_sections,
)
from symgd.app.audit.declare import parse_declarations
from symgd.app.audit.definitions import (
    add_solved,
    bound_names,
    defer,
    drop_old_body,
    example_value,
    pin_equation,
    retry_deferred,
    stated_value,
    unconstraining,
)
from symgd.app.audit.enumerated import indexing_slips
from symgd.app.audit.extract import Display, extract, front_matter, headings, lines_of
from symgd.app.audit.facts import Fact, read_facts, stating
from symgd.app.audit.fields import at_the_variable
from symgd.app.audit.iterates import remember_steps
from symgd.app.audit.optimum import check_optimum
from symgd.app.audit.recalled import recall, remember, throughout
from symgd.app.audit.regularity import missing_assumption
from symgd.app.audit.shapes import declare_shapes, one_dimensional, rectangular_refusal, unaligned
from symgd.app.audit.shifts import family_rule
from symgd.app.audit.shifts import register as register_shifts
from symgd.app.audit.sides import prose_matrices, shape_errata, undefined_products
from symgd.app.audit.special import special
from symgd.app.audit.stochastic import declare_random
from symgd.app.audit.stochastic import links as stochastic_links
from symgd.app.audit.values import applied, value_after
from symgd.core.errors import BadInput
from symgd.decide import remembered

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
    notation: list[meanings.Clash] = field(default_factory=list)  # a name in two roles: no verdict changes

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in (*CHECKED, "definition", "assumption")}
        for r in self.results:
            out[r.verdict] = out.get(r.verdict, 0) + 1
        return out

    def exit_code(self) -> int:
        """0 every claim link proved, 1 something refuted or a notation clash (something to fix), 3 undecided or
        not checked links remain."""
        c = self.counts()
        if c["refuted"] or self.notation:
            return 1
        if c["undecided"] or c["not checked"]:
            return 3
        return 0

    def to_dict(self) -> dict:
        return {"file": self.name, "counts": self.counts(), "exit": self.exit_code(), "facts": self.facts,
                "properties": self.properties, "refused_assumptions": self.refused, "seconds": round(self.seconds, 3),
                "links": [r.to_dict() for r in self.results], "notation": [c.to_dict() for c in self.notation]}


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
    declare_random(ctx, decl.get("random", []))
    for item in decl.get("defined_in_prose", []):
        for n in (n.strip() for n in item.split(",") if n.strip()):
            ctx.opaque[norm(n) + ("(" if n in ctx.functions else "")] = 0  # line 0: declared


_APPLIED_OPERATOR = re.compile(r"\\operatorname\*?\{([A-Za-z]{2,})\}\s*(?:\\left)?\(")


def _declare_operators(displays: list[Display], ctx: DocContext) -> None:
    """``\\operatorname{menv}(x)`` (as typed, or a macro ``\\menv = e_\\lambda f`` applied): a function of the text's
    own, read as an undefined function, never a product; a word SymPy knows (``\\operatorname{tr}``) keeps its
    meaning."""
    from symgd.latex.vocabulary import FUNCS

    words = {m.group(1) for d in displays for m in _APPLIED_OPERATOR.finditer(d.latex)}
    for w in sorted(words - set(FUNCS) - {"tr", "det", "diag", "eval", "exec", "argmin", "argmax", "sign", "sgn"}):
        ctx.add_names("functions", [w])


@remembered  # a claim proved or refuted once in the document is not decided again (symgd.decide.remembered)
def audit(text: str, name: str = "", *, declare: dict[str, list[str]] | None = None,
          timeout: float = DEFAULT_LINK_TIMEOUT, progress: Callable[[int, int], None] | None = None) -> Audit:
    """Audit ``text`` (the file ``name``; its extension tells a LaTeX source).  ``declare`` is what
    a ``--declare`` file says; ``progress(done, total)`` is called after each formula."""
    from symgd.latex.check import ReadingTimeout, cpu_limit

    start = time.monotonic()
    ctx = DocContext()
    fm, _ = front_matter(text)
    renames: dict[str, str] = {}
    for decl in (parse_declarations(fm, "front matter") if fm else None, declare):
        if decl:
            _apply(decl, ctx)
            renames.update(decl.get("rename", {}))
    displays = extract(text, name, renames)
    _declare_operators(displays, ctx)
    later, defined_at = _stated_assumptions(displays)
    try:  # functions defined in the coordinates x_1, x_2 of their argument (coords.py); it reads each definition
        with cpu_limit(max(5.0, timeout)):
            coords.read(displays, ctx)
    except ReadingTimeout:  # none is read then: the usual route decides every link
        ctx.coords = None
    for letter in sorted(applied_letters(d.latex for d in displays)):  # h(x) and h(y), never h alone: a function
        ctx.add_names("functions", [("\\" if len(letter) > 1 else "") + letter])
    sections = headings(text)
    ctx.sections = sections
    ctx.soft_sections = run_in_sections(text)  # no heading: '**Example.**' ends a worked example's values
    ctx.subgradients = bool(re.search(r"\bsub-?gradients?\b|\bsub-?differential\b|\\in\s*\\partial(?![A-Za-z])",
                                      text, re.I))
    results: list[LinkResult] = []
    last_line = 0
    lines = text.splitlines()
    for i, d in _where_first(displays):
        for h in [h for h in ctx.sections if last_line < h <= d.line]:  # \paragraph{..} $f(x) = ..$: after it
            _new_section(ctx, _generalizes(lines, h), lines, displays)
        for h in [h for h in ctx.soft_sections if last_line < h <= d.line]:  # '**In general.**' after an example
            ctx.end_example(h)
        last_line = d.line
        found, ctx.last_function = read_facts(stating(d), d.line, ctx.last_function)  # with the sentence's end
        ctx.prose.append(f"{d.before} ${d.latex}$ {d.after}")  # with its math: '$\\nabla f$ is L-Lipschitz'
        ctx.stated += [f for f in found if (f.function, f.kind, f.constant) not in
                       {(g.function, g.kind, g.constant) for g in ctx.stated}]
        for f in found:  # "L-smooth": L is a number (2L(f(x) - f^*) a product), >= 0; a strong-convexity mu is > 0
            if f.constant and "," not in f.constant and f.kind in ("smooth", "strongly convex", "lipschitz"):
                known = re.escape(f.constant) + r"\s*(?:>|\\ge|\\geq|\\in)"
                if not any(re.match(known, a) for a in ctx.assume) and f.constant not in ctx.functions:
                    ctx.add_assumption(f"{f.constant} > 0" if f.kind == "strongly convex" else f"{f.constant} \\ge 0")
        for fn in dict.fromkeys(f.function for f in found):  # "let $h$ be convex": h is a function
            if fn not in ctx.functions and not re.fullmatch(r"[A-Z]|\\mathcal\{[A-Z]\}", fn):
                ctx.add_names("functions", [fn])
        for m in prose_matrices(d.before):
            ctx.prose_matrices.setdefault(m, d.line)
        named_functions.read(d.before, d.line, ctx, _define_function)  # "$\sigma$ is the logistic function"
        d = replace(d, latex=one_dimensional(d.latex, ctx, "\n".join(lines[max(ctx.heading_before(d.line) - 1, 0): d.line]),
                                             text))  # s^T y of two numbers "in one dimension" (shapes.py)
        d = replace(d, latex=at_the_variable(d.latex, [*(f.latex for f in ctx.fdefs.values()), *ctx.defined.values(),
                                                      *ctx.assume]))  # \|\nabla f\|^2 after f(x) = ..: at x (fields.py)
        try:  # trial readings of the formula have a CPU budget too (a tower 2^{2^{2^{2^{10}}}} never ends)
            with cpu_limit(2.0):
                declare_shapes(d.before, d.latex, ctx, d.line, d.after)  # "the matrix $R$", X ∈ ℝ^{n×d}: shapes.py
        except ReadingTimeout:  # no shape is inferred from it; reading it below reports the timeout
            pass
        roles.read(d.before, d.latex, d.after, d.line, ctx)  # "the roots $r_1, r_2$ of ...": defined names (roles.py)
        retry_deferred(ctx, d.line, _define_function)  # f(x) = x^T A x read before "with A a matrix" was
        pending = [k for k, (sc, _) in ctx.local.items() if sc == "display"] if d.display else []
        held = list(ctx.conditions_next) if d.display else []  # "If $\alpha \le 1/L$, ..." for this display
        before = len(results)
        try:  # the checks have their budget in forked workers; reading the formula has one in CPU time here
            with cpu_limit(max(5.0, timeout)):  # (SymPy evaluating 2^{2^{2^{2^{10}}}} while it reads never ends)
                with applied(ctx, value_after(i - 1, displays)), recall(ctx, d.before, d.line):  # "On the quadratic"
                    results.extend(_on_their_lines(_audit_display(i, d, ctx, (later, defined_at), timeout), d, text))
        except ReadingTimeout:
            results.append(LinkResult(d.line, i, d.latex[:200], "claim", "not checked",
                                      f"timeout after {max(5.0, timeout):g} s of CPU while reading the formula",
                                      inline=not d.display))
        except Exception as exc:  # one formula's failure never stops the audit
            results.append(LinkResult(d.line, i, d.latex[:200], "claim", "not checked",
                                      f"internal error: {type(exc).__name__}: {exc}"[:300], inline=not d.display))
        results[before:] = roles.settle(results[before:], ctx, timeout)  # under a local condition stated earlier
        results[before:] = trust.settle(results[before:], d, ctx, results[:before])  # the document's counterexample?
        results[before:] = derived_defs.settle(results[before:], ctx, displays, ctx.heading_before(d.line))
        results[before:] = worked.decide_again(results[before:], i, displays, text, ctx, results[:before], timeout)
        results[before:] = imaginary.settle(results[before:], d, ctx)  # i the imaginary unit: not read as a real name
        in_force.record(ctx, results[before:])  # the equations a later link may rest on (in_force.py)
        for r in results[before:]:  # a name a formula introduces is pinned down by the text from there on
            m = re.match(r"a counterexample exists only if (.+?) is arbitrary, but it first appears in this formula",
                         r.method) if r.verdict == "undecided" else None
            for pinned in m.group(1).split(", ") if m else ():  # (not `name`: the file's name is reported below)
                if norm(pinned) not in bound_names(d, displays[i] if i < len(displays) else None):  # "for all x"
                    ctx.opaque.setdefault(norm(pinned), r.line)
                    pin_equation(ctx, norm(pinned), r.line, r.link)  # t_min = \min\{..\}: what defines it
        local = held or any(r.kind == "assumption" and r.method.startswith("a condition of this display")
                            for r in results[before:])  # proved under a condition that ends here: no premise later
        ctx.premises += [(r.line, r.link, r.verdict) for r in results[before:] if r.kind == "claim" and r.verdict in (
            "proved", "undecided") and not r.missing and re.search(r"<|>|\\le|\\ge", r.link) and not local]
        if not local:  # per-step inequalities for sums over iterates (symgd.app.audit.iterates)
            remember_steps(ctx, results[before:])
        for key in pending:  # a participle's value held for this display only
            if ctx.local.get(key, ("",))[0] == "display":
                _drop_locals(ctx, only=key)
        for a in held:
            ctx.conditions_next.remove(a)
            if a in ctx.assume:
                ctx.assume.remove(a)
        ctx.history.append(d.latex)
        if progress is not None:
            progress(i, len(displays))
    used = {f.kind for f in ctx.stated} | ({"smooth", "lipschitz"} if any(f.kind == "smooth" for f in ctx.stated)
                                           else set())
    unused = [w for w in ctx.facts if not any(k in w.replace("-", " ") for k in used)]
    properties = [f"{f.function} {f.kind}" + (f" ({f.constant})" if f.constant else "") + f", line {f.line}"
                  for f in ctx.stated]
    try:  # one name in two roles (meanings.py): a finding of its own, never a verdict
        notation = meanings.clashes(text, displays, sections)
    except Exception:  # a reading failure leaves the report of the links as it is
        notation = []
    return Audit(name, text, displays, results, unused, ctx.refused, time.monotonic() - start, properties, notation)


def _where_first(displays: list[Display]) -> list[tuple[int, Display]]:
    """(index from 1, display) in reading order, except that a definition in a "where" clause right after a display
    ("$$x_{t+1} = x_t - \\eta g_t,$$ where $g_t = \\nabla f(x_t)$") is read before that display, which uses it."""
    order = list(enumerate(displays, 1))
    k = 0
    while k + 1 < len(order):
        (_, d), (_, nxt) = order[k], order[k + 1]
        if (d.display and not nxt.display and re.match(r"^\W*(?:and\s+)?where\b", d.after, re.I)
                and nxt.start - d.end < 40 and re.search(r"\bwhere\s*$", nxt.before, re.I)
                and len(relations(clean(nxt.latex))) == 1):
            order[k], order[k + 1] = order[k + 1], order[k]
            k += 2
            continue
        k += 1
    return order


_GENERAL = re.compile(r"\b(general|generali[sz]\w*|arbitrary|any (?:smooth |convex |differentiable )?"
                      r"(?:function|loss|objective))\b", re.I)


def _generalizes(lines: list[str], heading: int) -> bool:
    """A section whose heading or first lines announce the general case ("The general case", "for an
    arbitrary loss")."""
    return bool(_GENERAL.search(" ".join(lines[heading - 1 : heading + 3])))


def _on_their_lines(results: list[LinkResult], d: Display, text: str) -> list[LinkResult]:
    """Each link on the line of the display where it stands (an align block spans several lines), found in the
    display's LaTeX (macros expanded, source lines kept: extract.lines_of)."""
    return [replace(r, line=n) for r, n in zip(results, lines_of(d, [r.link for r in results]), strict=True)]


def _new_section(ctx: DocContext, general: bool = False, lines: tuple[str, ...] | list[str] = (),
                 displays: tuple[Display, ...] | list[Display] = ()) -> None:
    """At a heading a function's body becomes stale: still substituted (a proof that uses it says so), but a
    counterexample that treats the function as arbitrary is no longer a refutation.  Where the section
    announces the general case the body is dropped, and so is the body of an example for a function the text
    treated as generic before (_example_of_generic).  Names, assumptions and kinds stay; a small quantity
    ("for small eta") does not."""
    ctx.small = ""
    ctx.premises.clear()
    ctx.section_start = len(ctx.history)
    _drop_locals(ctx)
    for k, line in ctx.example_pins.items():  # an example's values hold to its section's end
        if ctx.opaque.get(k) == line:
            del ctx.opaque[k]
    ctx.example_pins.clear()
    if not general:
        for name, d in list(ctx.fdefs.items()):
            if _example_of_generic(d, ctx, lines, displays) and not throughout(  # "Throughout the lecture we take"
                    d, displays):  # f(x) = x^2 + 3\sin^2 x for the theorem's f
                remember(ctx, d, lines)  # recalled where a sentence names its section (recalled.py)
                ctx.defined = {k: v for k, v in ctx.defined.items() if v != d.latex}
                del ctx.fdefs[name]
                ctx.stale.discard(name)
                for key in defined_names(d.latex):  # neither the example's body nor arbitrary: undecided
                    ctx.opaque.setdefault(key, d.line)
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


_EXAMPLE = re.compile(r"\b(examples?|for instance|e\.\s?g\.|illustrat\w*|toy)\b", re.I)


def _example_of_generic(d: FunctionDef, ctx: DocContext, lines: tuple[str, ...] | list[str],
                        displays: tuple[Display, ...] | list[Display]) -> bool:
    """Whether the body ``d`` instantiates a function the text treated as generic before it: a property stated
    in words before the definition ("let $f$ be $L$-smooth"), or the function applied in an earlier section's
    formula while the definition's section calls itself an example.  Its general claims elsewhere are not
    about that body (a slip proved with the example's f substituted, a correct bound refuted with it)."""
    keys = set(defined_names(d.latex))
    if any(f.line < d.line and norm(f.function) + "(" in keys for f in ctx.stated):
        return True
    start = ctx.heading_before(d.line)
    if not start or not _EXAMPLE.search(" ".join(lines[start - 1 : d.line])):
        return False
    return any(x.line < start and any(mentions(x.latex, {}, k) for k in keys) for x in displays)


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
        from symgd.app.audit.families import unread_function

        note = unread_function(latex, ctx, d.line)  # M(v) = \begin{dcases}...: M(2) later is no product
        return [LinkResult(**base, link=latex, kind="claim", verdict="not checked", method=str(exc), note=note)]
    if not d.display and is_name(latex):
        ctx.read_prose(d.before + " " + d.after, [latex])
    slips = indexing_slips(latex) if d.display and r"\vdots" in latex else []
    if slips:  # a column written entry by entry whose index does not progress (enumerated.py)
        return [LinkResult(**base, link=latex, kind="claim", verdict="refuted",
                           method="an indexing slip in a vector written entry by entry: " + "; ".join(slips))]
    out: list[LinkResult] = []
    added: list[str] = []  # "\quad\text{when } c = \rho = 1/2": assumed for the display's other links
    for cond in [re.sub(r"^(?:\\[ ,;!]\s*)+", "", pc) for pc, kind in pieces if kind == "condition"]:
        for link in _links_of(cond) if relations(cond) else []:
            held = link in ctx.assume
            why = "" if held else ctx.add_assumption(link)
            if not why and not held:
                added.append(link)
            out.append(LinkResult(**base, link=link, kind="assumption", verdict="assumption",
                                  method="a condition of this display ('when', 'if'): assumed for its other links"
                                  if not why else f"a condition of this display, not read: {why}"))
    pieces = [(pc, kind) for pc, kind in pieces if kind != "condition"]
    try:
        return out + _audit_pieces(pieces, d, ctx, later, base, timeout)
    finally:
        for link in added:
            if link in ctx.assume:
                ctx.assume.remove(link)


def _audit_pieces(pieces: list[tuple[str, str]], d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]],
                  base: dict, timeout: float) -> list[LinkResult]:
    out: list[LinkResult] = []
    for k, (chain, _) in enumerate(pieces):
        if (own := coords.links(chain, d, ctx, base, timeout, lambda link: _check_licensed(
                Chain(link, "claim"), d, ctx, later, base, timeout))) is not None:  # a worked example in coordinates
            out.extend(own)
            continue
        if (padded := rectangular_refusal(chain, ctx)) and classify(chain, d.before, ctx.defined).kind == "claim":
            out.append(LinkResult(**base, link=chain, kind="claim", verdict="not checked", method=padded))
            continue  # a rectangular matrix where its zero padding changes the value: symgd.app.audit.shapes
        shaped = _shape_errata(chain, d, ctx, later, base, timeout)
        if shaped is not None:
            out.extend(shaped)
            continue
        own = special(k, pieces, d, ctx, later, base, timeout)
        if own is None:  # expectations of random vectors (stochastic.py)
            own = stochastic_links(k, pieces, d, ctx, later, base, timeout)
        if own is None:  # f(x^*) = 11/2 with x^* = 3 given in this section: evaluated (computed.py)
            own = computed.values(chain, d, ctx, base, timeout)
        if own is None:  # roots of a written quadratic, values of names the text determines (roles.py)
            own = roles.links(chain, d, ctx, later, base, timeout)
        if own is not None:
            out.extend(own)
            continue
        c = classify(chain, d.before, ctx.defined)
        if d.display and c.why == "sign or range of one name" and derived_range(d.before):  # "so $$\eta \le 1/L$$"
            c = Chain(c.latex, "claim", "a sign or range the prose derives ('so', 'we have'): a claim, never assumed")
        if c.why == "a value (for an example)" and _follows_from_values(c.latex, ctx) and not computed.sets(d.before):
            c = Chain(c.latex, "claim", "a defined name at the values the prose set: a claim")
        if (own := computed.links(c, d, ctx, later, base, timeout)) is not None:  # a value the text determines
            out.extend(own)
            continue
        if c.kind == "definition" and "(" in lhs_of(c.latex) and any(k in ctx.implicit
                                                                  for k in defined_names(c.latex)):
            c = Chain(c.latex, "claim")  # "the solution is theta(t) = ...": a claim about an implicit definition
        if (c.kind == "definition" and c.why == "a new name on the left" and not _REDEFINES.search(
                re.split(r"(?<=[.!?])\s+", d.before)[-1][-100:])
                and (rule := family_rule(lhs_of(c.latex).replace("&", "").strip(), ctx))
                and not any(rule < h < d.line for h in ctx.sections)):
            c = Chain(c.latex, "claim", f"a member of the family the rule of line {rule} defines at every index")
        if c.kind == "expression":
            if d.display:
                out.append(LinkResult(**base, link=chain, kind="expression", verdict="not checked",
                                      method="no relation to check"))
            continue
        if not d.display and c.kind == "claim" and not _inline_claim(c.latex):
            continue
        if (not d.display and c.kind == "claim"
                and not c.why.startswith(("a member of the family", "a defined name at the values"))  # "Then C = 12"
                and relations(c.latex)[0].group(0) == "=" and len(relations(c.latex)) == 1
                and is_name(lhs_of(c.latex)) and "(" not in lhs_of(c.latex)):
            c = Chain(c.latex, "definition", "a name given a value in prose")  # "with a noisy gradient g = ..."
        if (c.kind == "definition" and not c.why.startswith("'") and name_key(lhs_of(c.latex).replace("&", "").strip())
                in ctx.explicit and not re.search(r"\b(let|define|denote|redefine|set)\b", d.before[-80:], re.I)):
            c = Chain(c.latex, "claim", "a name defined with := earlier: a claim about it")  # "we can write X as ..."
        if c.kind == "claim" and not c.why and _new_rule(c.latex, ctx, d.line):
            c = Chain(c.latex, "definition", "an update rule in a new section (the section's method)")
        elif (c.kind == "definition" and c.why == "the prose introduces it (redefinition)" and _update_rule(c.latex)
              and _RESTATES_RULE.search(re.split(r"(?<=[.!?])\s+", d.before)[-1][-120:])):
            c = Chain(c.latex, "claim", "the same rule restated: checked against its definition")
        elif (d.display and c.kind == "claim" and not c.why and _update_rule(c.latex)
              and not _displayed_here(c.latex, ctx, d.line)
              and not _RESTATES.search(re.split(r"(?<=[.!?])\s+", d.before)[-1][-120:])):
            c = Chain(c.latex, "definition", "an update rule (a new iterate named on the left)")
        if (not d.display and c.kind == "definition" and _INSTANCE.search(d.before[-40:])
                and len(relations(c.latex)) == 1 and _in_use(c.latex, ctx) and not re.search(r"[.!?;](\s|$)", d.after)):
            out.append(_specialize(c, ctx, base, "display"))  # "plugging in $\eta = 1/L$": the next display
            continue
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
        if (not d.display and c.kind in ("claim", "definition") and len(relations(c.latex)) == 1
                and relations(c.latex)[0].group(0) == "=" and _SOLVES.search(d.before[-40:])):
            why = add_solved(c.latex, ctx)  # "whose minimizer $x_*$ solves $A x_* = b$": a fact about x_*
            solver = ctx.history[-1].strip() if ctx.history else ""  # the inline name just before "solves"
            if why and is_name(solver):  # not a hypothesis symgd reads: no counterexample may ignore the name
                ctx.opaque.setdefault(norm(name_key(solver)), d.line)
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method=("an equation the text says a name solves ('"
                                  + _SOLVES.search(d.before[-40:]).group(3) + "'): a hypothesis of later links")
                                  if not why else f"an equation the text says {solver} solves; not read as a hypothesis "
                                  f"({why}), so no counterexample may treat {solver} as arbitrary"))
            continue
        if (not d.display and c.kind == "definition" and "(" in lhs_of(c.latex) and case_open(d.before)
                and name_key(lhs_of(c.latex).replace("&", "").strip()) in ctx.defined):  # "Then $P(z) = z$"
            c = Chain(c.latex, "claim", "a value of a function the text defines, in a case: a claim")
        if not d.display and c.kind in ("claim", "assumption") and c.why != "membership" and case_condition(d.before):
            read = c.latex not in ctx.assume and not ctx.add_assumption(c.latex)  # "*Case $v > \lambda$.* Then"
            if read:  # the case's condition: up to the display the case leads to, never for the rest of the text
                ctx.conditions_next.append(c.latex)
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method="the condition of a case ('Case ...'): assumed up to the display the case "
                                         "leads to, then dropped" if read or c.latex in ctx.assume else
                                         "the condition of a case ('Case ...'), not read: not carried"))
            continue
        if (lead := roles.leads_to_display(c, d, ctx, base)) is not None:  # "When ..., i.e. $D \le 0$, ... $$"
            out.append(lead)
            continue
        if (not d.display and c.kind in ("claim", "assumption") and c.why != "membership"
                and _IF_NEXT.search(d.before[-80:]) and not re.search(r"[.!?;](\s|$)", d.after.split("$")[0])
                and all(r.group(0) not in ("=", r"\approx") for r in relations(c.latex))
                and c.latex not in ctx.assume and not ctx.add_assumption(c.latex)):
            ctx.conditions_next.append(c.latex)  # "If the step is small, $\alpha \le 1/L$, the bracket is: $$...$$"
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method=f"a condition in prose ('{_IF_NEXT.search(d.before[-80:]).group(1)}'), "
                                         "assumed in the display its sentence leads to, then dropped"))
            continue
        if (not d.display and c.kind in ("claim", "assumption") and c.why != "membership"
                and _CONDITION.search(d.before[-40:])):
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method="a condition or equation in prose ('" + _CONDITION.search(
                                      d.before[-40:]).group(1) + "'), local: not carried"))
            continue
        if (c.kind == "assumption" and not d.display and c.why != "membership" and _FOR_ANY.search(d.before[-30:])
                and not re.search(r"[.!?;](\s|$)", d.after.split("$")[0]) and c.latex not in ctx.assume
                and not ctx.add_assumption(c.latex)):  # "which, for $k \ge 1$, gives $$...$$"
            ctx.conditions_next.append(c.latex)
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method="a range in its sentence ('" + _FOR_ANY.search(d.before[-30:]).group(1)
                                         + "'), assumed in the display the sentence leads to, then dropped"))
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
        if (d.display and c.kind in ("claim", "definition") and _SATISFY.search(d.before[-40:])
                and all(r.group(0) == "=" for r in relations(c.latex))):
            for link in _links_of(c.latex):  # "the characteristic roots $r_1, r_2$ satisfy $$...$$": what defines them
                why = ctx.add_assumption(link)
                out.append(LinkResult(**base, link=link, kind="assumption", verdict="assumption",
                                      method=f"a defining condition ('{_SATISFY.search(d.before[-40:]).group(1)}' "
                                             "before it): assumed, not checked" + (f" (not read: {why})" if why else "")))
                if why:  # not a hypothesis symgd reads: the names it constrains are not arbitrary
                    for key in defined_names(link):
                        ctx.opaque.setdefault(key, d.line)
            continue
        if d.display and c.kind == "claim" and _IF.search(d.before[-40:]) and not _THEN.search(d.before[-40:]):
            out.append(LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                                  method=f"a condition ('{_IF.search(d.before[-40:]).group(1)}' before it): "
                                         "defines a property, not checked"))
            continue
        out.extend(_check_licensed(c, d, ctx, later, base, timeout) if c.kind == "claim" else
                   check_chain(c, ctx, later, base, timeout))
        if c.kind == "definition":
            carry = d.display or c.why.startswith("'") or "prose" in c.why or bool(
                re.fullmatch(r".+?\(.*\)", lhs_of(c.latex).strip(), re.S)) or bool(  # inline f(x) = ...: a function
                re.search(r"\b(let|define|denote|we write)\b[^.;:]{0,60}$|\bwrite\s*$|(?:^|[.!?:][})]*\s+)(set|choose|take)\s*$|"
                          r"\b(where|with)(?:\s+(?:the|a|an|its|our)\b)?(?:\s+[A-Za-z-]+){0,2}\s*$", d.before[-80:], re.I))  # "Define $p = ..$", "Set $\eta = 1/L$."
            listed = not d.display and _imperative_list(d.before)  # "Take $L = 4$, $\mu = 1$ and $\alpha = 1/4$."
            carry = carry or listed
            imperative = listed or re.search(r"(?:^|[.!?:][})]*\s+)(set|choose|take)\s*$", d.before[-80:], re.I)
            if not d.display and len(relations(c.latex)) == 1 and is_name(lhs_of(c.latex)) and "(" not in lhs_of(c.latex) and case_open(d.before):
                key = name_key(lhs_of(c.latex).replace("&", "").strip())  # "*Case $u > 0$.* Then $\tilde g = g$":
                if key not in ctx.defined and norm(key) not in ctx.opaque:  # the case's value, not the name's
                    ctx.local_opaque.setdefault(key, d.line)  # after the case: set case by case, never arbitrary
                out.append(_specialize(c, ctx, base, "display"))
                continue
            if (not d.display and len(relations(c.latex)) == 1 and "(" in lhs_of(c.latex)
                    and (word := conditional_body(d.before, d.after))):
                out.append(LinkResult(**base, link=c.latex, kind="definition", verdict="definition", method=(
                    f"a function's value under a condition of its sentence ('{word}'): not carried to later formulas")))
                continue  # "if $\varphi$ is the quadratic form ..., then $D_\varphi(x,y) = ...$": that case's body only
            if (not d.display and len(relations(c.latex)) == 1 and is_name(lhs_of(c.latex).replace("&", "").strip())
                    and "(" not in lhs_of(c.latex) and (word := passing_value(d.before)) and (  # "When $\eta = 2/a$"
                        name_key(lhs_of(c.latex).replace("&", "").strip()) not in ctx.defined  # "If instead $x_{k+1} = ..$":
                        or _constant(c.latex[relations(c.latex)[0].end():]))):  # a rule replaced, as before
                out.append(_specialize(c, ctx, base, "display") if word.isalpha() and word not in (
                    "near", "around", "say") and re.match(r"[^$.;!?]*?(?:\$\$|\\\[|\\begin\{)", d.after) else LinkResult(
                    **base, link=c.latex, kind="definition", verdict="definition", method="a value under a condition "
                    f"of its sentence or said in passing ('{word}'): not carried to later formulas"))
                continue
            if (carry and not d.display and len(relations(c.latex)) == 1 and (_in_use(c.latex, ctx) or (
                    imperative and c.why == "a value (for an example)"))  # "Take $L = 4$": for what follows
                    and not re.search(r"\b(where|let|define|denote|we write)\b[^.;:]{0,60}$", d.before[-80:], re.I)):
                if listed or re.search(r"(?:^|[.!?:][})]*\s+)(set|choose|take)\s*$", d.before[-80:], re.I):
                    out.append(_specialize(c, ctx, base, "section"))  # "Set $\eta = 1/L$.": to the section's end
                    continue
                if not re.search(r"[.!?;](\s|$)", d.after):  # "with $\eta = 1/L$ we get": into the next display
                    out.append(_specialize(c, ctx, base, "display"))
                    continue
                if _constant(c.latex[relations(c.latex)[0].end():]):  # "negative near $x = \pi/2$."
                    out.append(LinkResult(**base, link=c.latex, kind="definition", verdict="definition",
                                          method="a value for an illustration (a name in use given a number in "
                                                 "prose): not carried to later formulas"))
                    continue
            out.append(computed.stationary(check_optimum(_register(c, ctx, base, carry=carry, before=d.before), d.before,
                                                         ctx.history, ctx, timeout), d, ctx, timeout))
    return out


def _check_licensed(c: Chain, d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]], base: dict,
                    timeout: float) -> list[LinkResult]:
    """A claim's links, and those that take a derivative the stated properties do not license (regularity.py)
    refuted as holding only under that unstated assumption, with the verdict they get when it is assumed."""
    if ctx.subgradients:
        return check_chain(c, ctx, later, base, timeout)
    defined = {norm(name_key(lhs_of(f.latex))) for f in ctx.fdefs.values()} | {
        norm(k) for k, v in ctx.defined.items() if "(" in lhs_of(v)}  # f(w) = \frac12\|Xw - y\|^2 of a vector w too
    miss = missing_assumption(c.latex, ctx.stated, "", d.after, {n for n in defined})
    if miss is None:
        return check_chain(c, ctx, later, base, timeout)
    extra = Fact(miss.function, "twice differentiable" if miss.order == 2 else "differentiable", "", d.line)
    ctx.stated.append(extra)
    try:
        results = check_chain(c, ctx, later, base, timeout)
    finally:
        ctx.stated.remove(extra)
    out = []
    for r in results:
        m = missing_assumption(r.link, ctx.stated, "", d.after, defined)
        if m is None:
            out.append(r)
        elif r.verdict == "refuted":
            out.append(replace(r, note=(r.note + "; " if r.note else "") + f"it also needs {m.assumption}, which the "
                               "text does not state", missing=m.assumption, with_missing="refuted"))
        else:
            with_it = f"{r.verdict}" + (f" ({r.method})" if r.method else "")
            out.append(replace(r, verdict="refuted", counterexample=m.counterexample,
                               method=f"holds only if {m.assumption}, which the text does not state (of "
                                      f"{m.function} it states: {m.stated}): {m.witness}", detail="",
                               note=f"with {m.assumption} assumed: {with_it}", missing=m.assumption,
                               with_missing=r.verdict))
    return out


def _shape_errata(chain: str, d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]], base: dict,
                  timeout: float) -> list[LinkResult] | None:
    """A displayed claim with a link whose sides have different shapes (sides.py): that link refuted with the
    shapes, the chain's other links checked one by one; None when every link's shapes agree."""
    claim = classify(chain, d.before, ctx.defined).kind == "claim"
    errs = dict(undefined_products(chain, ctx, d.after))  # x A x, x a vector: any formula, a definition too
    if d.display and claim:
        errs.update(shape_errata(chain, ctx))
    if not errs:
        return None
    out = []
    for link in _links_of(chain):
        if link in errs:
            out.append(LinkResult(**base, link=link, kind="claim", verdict="refuted", method=f"a shape error: {errs[link]}"))
        elif claim:
            out.extend(check_chain(Chain(link, "claim"), ctx, later, base, timeout))
        else:
            out.append(LinkResult(**base, link=link, kind="claim", verdict="not checked",
                                  method="the formula has a shape error elsewhere"))
    return out


def _links_of(chain: str) -> list[str]:
    rels = relations(chain)
    sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    return [f"{sides[k]} {r.group(0)} {sides[k + 1]}" for k, r in enumerate(rels)]


def _constant(latex: str) -> bool:
    """A number written without names: digits, \\pi, e, fractions, roots, signs."""
    rest = re.sub(r"\\(?:pi|frac|dfrac|tfrac|sqrt|left|right|cdot)(?![A-Za-z])|\be\b|[\d\s.{}()+\-*/^]", "", latex)
    return not rest and bool(re.search(r"\d|\\pi", latex))


def _imperative_list(before: str) -> bool:
    """Whether the formula continues a sentence that opens with "Set"/"Take"/"Choose"/"Fix" and has given only
    values so far ("Take $L = 4$, $\\mu = 1$ and the largest allowed step $\\alpha = \\frac14$"): one more value."""
    sentence = re.split(r"(?<=[.!?])[})]*\s+", before)[-1]  # "\paragraph{Tuned.} Take": a new sentence
    m = re.match(r"\s*(?:[-*]\s+)?(set|take|choose|fix)\b", sentence, re.I)
    formulas = re.findall(r"\$([^$]+)\$", sentence)
    return bool(m) and bool(formulas) and all(re.fullmatch(r"[^=<>]+=[^=<>]+", f.strip()) for f in formulas) and \
        len(re.sub(r"\$[^$]+\$", " ", sentence[m.end():]).split()) <= 8


def _in_use(chain: str, ctx: DocContext) -> bool:
    """Whether the name a prose assignment gives a value to is already in use (an earlier formula or assumption
    mentions it): then the assignment specializes it, rather than defining a new name."""
    lhs = lhs_of(chain).replace("&", "").strip()
    if not is_name(lhs) or "(" in lhs:
        return False
    pattern = (r"(?<!\\)" if lhs.startswith("\\") else r"(?<![A-Za-z\\])") + re.escape(lhs) + r"(?![A-Za-z_{])"
    return any(re.search(pattern, x) for x in [*ctx.history, *ctx.assume] if x not in ctx.defined.values())


def _specialize(c: Chain, ctx: DocContext, base: dict, scope: str) -> LinkResult:
    r"""A value given in prose to a name in use ("Set $\eta = 1/L$. Then", "with $\eta = 1/L$ we get", "plugging
    in $y = z_t$"): substituted in the next display ('display': a participle) or in the displays up to the next
    heading ('section': an imperative, "with"); then the name is general again."""
    key = name_key(lhs_of(c.latex).replace("&", "").strip())
    old = ctx.local[key][1] if key in ctx.local else ctx.defined.get(key)  # the value before any specialization
    ctx.local_opaque.setdefault(key, ctx.opaque.get(norm(key)))  # undefined in a form symgd reads: restored after
    r = _register(replace(c, why="a value given in prose") if c.why.startswith("a value") else c, ctx, base,
                  carry=True)
    link = ctx.defined.get(key, "")
    if link and link not in ctx.assume:  # a number too (beta = 0): substituted while the specialization holds
        ctx.add_assumption(link)
    ctx.local[key] = (scope, old)
    where = "the next display" if scope == "display" else "the displays up to the next heading"
    return replace(r, method=f"a value given in prose to a name in use: substituted in {where}, then dropped",
                   note="")


def _drop_locals(ctx: DocContext, scope: str | None = None, only: str = "") -> None:
    """End the specializations of ``scope`` (all when None): the name is general again (or its earlier value)."""
    for key, (s, old) in list(ctx.local.items()):
        if (scope is not None and s != scope) or (only and key != only):
            continue
        del ctx.local[key]
        latex = ctx.defined.pop(key, None)
        if latex in ctx.assume:
            ctx.assume.remove(latex)
        ctx.opaque.pop(norm(key), None)
        if (was := ctx.local_opaque.pop(key, None)) is not None:  # \tilde g = \min(1, c/\|g\|) g, not read: not free
            ctx.opaque[norm(key)] = was
        if old:
            ctx.defined[key] = old
            ctx.add_assumption(old)


_SOLVES = re.compile(r"(\$([^$]{1,40})\$)\s+(solves|satisf(?:ies|y)|is (?:the|a) (?:solution|root) of)\s*$", re.I)
_IF_NEXT = re.compile(r"(?:^|[.!?:$]\s+|\n\s*)(if|when|whenever|provided|assuming)\b[^.!?;$]{0,50}$", re.I)
_SATISFY = re.compile(r"\$[^$]{1,60}\$\s+(satisf(?:y|ies)|solves?|obeys?)\s*:?\s*$", re.I)  # "roots $r_1, r_2$ satisfy"
_REDEFINES = re.compile(r"\b(let|define[sd]?|denote[sd]?|we write|redefine[sd]?|consider|instead|now)\b", re.I)
_INSTANCE = re.compile(r"\b(putting|setting|taking|plugging in|substituting|inserting|choosing)\s*$", re.I)
_EXAMPLE_SETUP = re.compile(r"\b(let|take|set|consider|suppose|choose|so|example|instance)\b", re.I)
_REMARK = re.compile(r"\b(only|right|true|holds?|correct|valid|unless|except|near|around)\b", re.I)
_FOR_ANY = re.compile(r"\b(for (?:any|all|every|each)|for|any|every|each|all|there (?:is|exists))\s*$", re.I)
_IF = re.compile(r"\b(if|iff|if and only if|whenever|provided)\b[^.;:]{0,25}$", re.I)
_THEN = re.compile(r"\b(?:then|we\s+(?:have|get|obtain)|one\s+has)\s*[,:]?\s*$", re.I)  # "If $A$, then $$B$$": B claimed
_DEFINING = re.compile(r"\b(if and only if|iff|is said to be|is called|we say that)\b", re.I)
_CONDITION = re.compile(r"\b(when|whenever|if|provided|unless|as soon as|condition|equation|solving|solve|"
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


_RESTATES = re.compile(r"\b(equivalently|equivalent|rewrit\w*|(?:can|may) (?:also )?be (?:re)?written|written as|"
                       r"same (?:rule|update|iteration|recursion|method)|in terms of|that is|i\.e\.|hence|thus|so|"
                       r"therefore|gives?|giving|becomes?|we (?:get|obtain|have|find)|unroll\w*|expand\w*|"
                       r"substitut\w*|reads?|amounts to|is just|simplif\w*|then|check|verify|show|claim|holds?)\b",
                       re.I)


_RESTATES_RULE = re.compile(r"\b(equivalently|rewrit\w*|(?:can|may) (?:also )?be (?:re)?written|written as|same (?:rule|"
                            r"update|iteration|recursion|method)|in terms of|reads|amounts to)\b", re.I)


def _follows_from_values(chain: str, ctx: DocContext) -> bool:
    """``u_{k+1} = 0`` after "Set $\\eta = 1/a$": a defined name whose definition uses a name the prose has just
    given a value, equated to a number, is what that value gives (a claim), not a value for an example."""
    link = ctx.defined.get(name_key(lhs_of(chain).replace("&", "").strip()), "")
    return bool(link) and any(re.search(re.escape(k) + r"(?![A-Za-z])", link.split("=", 1)[-1]) for k in ctx.local)


def _displayed_here(chain: str, ctx: DocContext, line: int) -> bool:
    """Whether the name on the left was defined by a display of this section (a new display of it restates it)."""
    at = ctx.displayed_at.get(name_key(lhs_of(chain).replace("&", "").strip()))
    return at is not None and not any(at < h < line for h in ctx.sections)


def _update_rule(chain: str) -> bool:
    r"""``x_{t+1} = x_t - \alpha g_t + ...`` or ``m_t = \beta m_{t-1} + ...``: one '=', a name with an index on the
    left, the same name one index earlier on the right (a recurrence that names a new iterate)."""
    rels = relations(chain)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return False
    lhs = lhs_of(chain).replace("&", "").strip()
    m = re.fullmatch(r"(\\?[A-Za-z]+|\\hat\{[A-Za-z]\}|\\tilde\{[A-Za-z]\})\s*_\s*\{?\s*([a-z])\s*(\+\s*1)?\s*\}?", lhs)
    if m is None:
        return False
    base, index, plus = m.groups()
    earlier = index if plus else index + r"\s*-\s*1"
    rhs = chain[rels[0].end():]
    return bool(re.search(re.escape(base) + r"\s*_\s*(?:\{\s*" + earlier + r"\s*\}" + ("|" + index + r"(?![A-Za-z])"
                                                                                 if plus else "") + ")", rhs))


def _inline_claim(latex: str) -> bool:
    """Inline math is a claim only with one of = < > \\le \\ge (not an arrow, \\sim or \\approx alone)."""
    return any(r.group(0) in ("=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq") for r in relations(latex))


def _register(c: Chain, ctx: DocContext, base: dict, carry: bool = True, before: str = "") -> LinkResult:
    r"""Put a definition into the context: a name as a substitution, a function by its body.  An inline
    ``t = k\eta`` in prose is only recorded (``carry`` False): a later claim about t is not refuted by a
    counterexample that ignores it, but it is not substituted either."""
    rels = relations(c.latex)
    lhs = c.latex[: rels[0].start()].replace("&", "").strip()
    rhs_end = rels[1].start() if len(rels) > 1 else len(c.latex)
    rhs = unaligned(c.latex[rels[0].end(): rhs_end]).strip()  # a matrix keeps its & (shapes.unaligned)
    key = name_key(lhs)
    link = f"{lhs} = {rhs}"
    ctx.defined_at[key] = base["line"]
    if not base.get("inline"):
        ctx.displayed_at[key] = base["line"]
    if c.why.startswith("'"):  # :=, \coloneqq, \triangleq: later '=' about it are claims
        ctx.explicit.add(key)
    if c.why == "a value (for an example)":
        ctx.defined[key] = link
        sentence = re.split(r"(?<=[.!?])[})]*\s+", before)[-1]
        if _in_use(link, ctx) and _EXAMPLE_SETUP.search(sentence) and not _REMARK.search(sentence):
            for k in defined_names(c.latex):  # "Let A = diag(1, 9), so $\mu = 1$": pinned to the section's end
                if k not in ctx.opaque:
                    ctx.opaque[k] = ctx.example_pins[k] = base["line"]
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
        assumed = any(re.search(re.escape(lhs) + r"(?![A-Za-z_])", a) for a in ctx.assume
                      if a not in ctx.defined.values() and not re.search(r"\\in\s*\\mathbb\{R\}\^", a)  # nor a shape
                      and not ((eq := re.fullmatch(r"([^=<>]+?)(?<![\\!:])=([^=<>]+)", a)) and lhs not in eq.group(1)))
        for k in defined_names(c.latex) if not assumed else ():  # a value of an assumed parameter: local
            ctx.opaque.setdefault(k, base["line"])
            pin_equation(ctx, k, base["line"], link)  # kept if a later value replaces it in ctx.defined
            if ctx.opaque[k] == base["line"] and example_value(link, before):  # "Take ..., $y = (3, 4)^T$"
                ctx.example_pins[k] = base["line"]  # the example's value: firm, to the next heading
            elif ctx.opaque[k] == base["line"]:  # "... . Its solution is $x^* = (1, 2)$": firm in its section
                stated_value(ctx, k, link, before, base["line"])
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
        if not why:  # v_{t+1} = ... holds at every index: its shifted instances, for claims that need them
            register_shifts(ctx, key, lhs, link, base["line"])
    free = unconstraining(lhs, rhs, ctx) if why and fm else ""
    if why and not free:
        for k in defined_names(c.latex):
            ctx.opaque.setdefault(k, base["line"])
        if fm:  # read again once the shapes its sentence states are declared (definitions.retry_deferred)
            defer(ctx, fm.group(1).strip(), link, base["line"], why)
    note = "" if not why else f"not substituted in later formulas: {why}" + (
        f"; through the arbitrary function {free} it constrains nothing" if free else "")
    return LinkResult(**base, link=link, kind="definition", verdict="definition", method=c.why, note=note)


def _define_function(fname: str, link: str, ctx: DocContext, line: int) -> str:
    from sympy.core.function import AppliedUndef

    from symgd.app.audit.at_points import at_defined_point
    from symgd.latex.problem import parse_problem

    if at_defined_point(fname, link, ctx):  # f(x_1) = ... with x_1 defined: a value of the body, not a new one
        return ""
    ctx.add_names("functions", [fname])
    drop_old_body(ctx, fname, link)  # defined again: an earlier body held as an assumption no longer holds
    args = re.fullmatch(r".+?\s*(?:\\left)?\((.*)\)", lhs_of(link).strip(), re.S)
    if args:  # F(x) = ... R(x) ...: a name applied to the definition's own arguments is a function too
        pattern = r"(?<![\\A-Za-z])((?:\\mathcal\{[A-Za-z]\}|[A-Za-z])(?:_\{?\w+\}?)?)\s*(?:\\left)?\(\s*" + re.escape(
            args.group(1).strip()) + r"\s*(?:\\right)?\)"
        for name in dict.fromkeys(re.findall(pattern, link[relations(link)[0].end():])):
            if name not in ctx.functions and name != fname:
                ctx.add_names("functions", [name])
    try:
        p = parse_problem(link, declarations=ctx.declarations(), allow_unused=True)
    except BadInput as exc:  # r(\lambda) = c - A^T \lambda: a vector-valued function (symgd.latex.vector_functions)
        if "side related to a scalar" in str(exc) and not any(a.lstrip().startswith(fname + "(") for a in ctx.assume) \
                and not ctx.add_assumption(link):
            return ""
        return str(exc)
    claim = p.links[0][1]
    if any(norm(getattr(s, "name", "")).startswith(norm(fname) + "(") for s in getattr(claim.lhs, "free_symbols", ())) and not isinstance(
            claim.lhs, AppliedUndef):  # g(u) = f(Ru), u a vector (L(w) = \|Xw - y\|^2 reads as L(w) I: a 1x1 form)
        ctx.assume = [a for a in ctx.assume if not a.lstrip().startswith(fname + "(")]  # a redefinition replaces
        if not ctx.add_assumption(link):
            return ""  # g defined for every u by the assumption (symgd.latex.vector_functions)
    if len(apps := [a for a in getattr(claim.lhs, "atoms", lambda *_: ())(AppliedUndef) if norm(a.func.__name__) == norm(fname)]) == 1 \
            and len(apps[0].args) > 1 and any(getattr(a, "shape", (1, 1)) != (1, 1) for a in apps[0].args):
        ctx.assume = [a for a in ctx.assume if not a.lstrip().startswith(fname + "(")]  # L(x, y) of a vector x:
        if not ctx.add_assumption(link) and not isinstance(claim.lhs, AppliedUndef):  # symgd.latex.vector_functions
            return ""
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
