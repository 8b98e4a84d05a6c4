"""What a document has set up so far: assumptions, kinds of names, definitions (as LaTeX substitutions or
function bodies), and facts that symgd records but cannot use (convexity, Lipschitz gradients).

Every assumption is tried alone before it joins (an assumption the parser cannot read would otherwise
stop every later claim); what is refused is kept with the reason for the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.fdef import FunctionDef
from symgd.app.audit.shapes import defined_shape
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput

__all__ = ["DocContext", "FunctionDef", "apply_functions", "case_condition", "case_open", "conditional_body", "derived_range", "passing_value", "prepare", "run_in_sections",
           "substituted"]

_PD = re.compile(r"(symmetric\s+)?positive[- ]definite", re.I)
_FACTS = re.compile(r"\b(strongly convex|convex|[A-Za-z]-Lipschitz|Lipschitz|[A-Za-z]-smooth|smooth)\b", re.I)



@dataclass
class DocContext:
    assume: list[str] = field(default_factory=list)
    vectors: list[str] = field(default_factory=list)
    matrices: list[str] = field(default_factory=list)
    symmetric: list[str] = field(default_factory=list)
    positive_definite: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    defined: dict[str, str] = field(default_factory=dict)  # name -> its defining link (LaTeX)
    fdefs: dict[str, FunctionDef] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)
    opaque: dict[str, int] = field(default_factory=dict)  # defined names symgd cannot substitute -> line
    implicit: set[str] = field(default_factory=set)  # functions defined by an equation they satisfy (an ODE)
    sections: list[int] = field(default_factory=list)  # lines of the document's headings
    stale: set[str] = field(default_factory=set)  # functions whose body comes from an earlier section
    refused: list[str] = field(default_factory=list)
    conditions: list[tuple[str, int]] = field(default_factory=list)  # equations the text sets up to solve, line
    refuted_conditions: set[str] = field(default_factory=set)  # those the audit refuted (the text derived them)
    arity: dict[str, int] = field(default_factory=dict)  # defined function -> its number of arguments
    defined_at: dict[str, int] = field(default_factory=dict)  # name -> line of its (latest) definition
    explicit: set[str] = field(default_factory=set)  # names defined with := (a later '=' about them is a claim)
    odes: list = field(default_factory=list)
    stated: list = field(default_factory=list)  # symgd.app.audit.facts.Fact: properties stated in words
    prose: list[str] = field(default_factory=list)  # the paragraphs read so far (affine.py: all said of f)
    last_function: str = ""  # the function the prose named last (for "its gradient")
    objective: tuple[str, str, str] | None = None  # expression, its variable, "of"/"argmin": for "its gradient is"
    objective_line: int = 0
    history: list[str] = field(default_factory=list)  # the formulas read so far
    section_start: int = 0  # index into history of the current section's first formula
    local: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # specialized name -> scope, old link
    premises: list[tuple[int, str, str]] = field(default_factory=list)  # the section's inequalities: line, link, verdict
    prose_matrices: dict[str, int] = field(default_factory=dict)  # names the text calls a matrix -> line
    displayed_at: dict[str, int] = field(default_factory=dict)  # name -> line of its latest displayed definition
    subgradients: bool = False  # the text speaks of subgradients (a gradient may name one)
    shiftable: dict = field(default_factory=dict)  # rule's key -> (link, index, family, line, shifted instances)
    conditions_next: list = field(default_factory=list)  # prose conditions assumed in the next display only
    shifting: bool = False  # a claim is being decided again with shifted instances (no second retry)
    example_pins: dict[str, int] = field(default_factory=dict)  # names pinned by an example's value, to the heading
    piecewise: dict[str, int] = field(default_factory=dict)  # functions given a piece under a condition in words
    section_values: dict[str, int] = field(default_factory=dict)  # names given a number, not under 'for'/'if'
    worded: dict[str, tuple[int, str]] = field(default_factory=dict)  # names constrained in words -> (line, words)
    definite: dict[str, tuple[int, str]] = field(default_factory=dict)  # matrices called definite -> (line, which)
    small: str = ""  # the small quantity the section's prose named ("for small $\\eta$")  # symgd.app.audit.odes.ODE: functions defined by a differential equation
    identities: list = field(default_factory=list)  # proved F(w) = G(w) of opaque functions (identities.py)
    local_opaque: dict[str, int | None] = field(default_factory=dict)  # specialized name -> its opaque line before
    soft_sections: list[int] = field(default_factory=list)  # run-in titles of a text without headings

    def heading_before(self, line: int) -> int:
        """The line of the heading that opens the section of ``line`` (0 before the first heading)."""
        return max((h for h in self.sections if h <= line), default=0)

    def example_scope(self, line: int) -> tuple[int, int]:
        """The lines a worked example's values reach around ``line``: from the heading or run-in title before it
        to the next one ("**Example.** Take $L = 4$ ..." ends at "**In general.**")."""
        bounds = [*self.sections, *self.soft_sections]
        return max((h for h in bounds if h <= line), default=0), min((h for h in bounds if h > line), default=10**9)

    def end_example(self, title: int) -> None:
        """At a run-in title ("**In general.**") the numbers the part before it gave names ("Take $L = 4$") are no
        longer hypotheses of later links; the names stay pinned (a counterexample may not treat them as free), so a
        general claim is neither proved with the example's values nor refuted without them."""
        from symgd.app.audit.classify import norm

        since = max((b for b in [*self.sections, *self.soft_sections] if b < title), default=0)
        for key, link in list(self.defined.items()):
            at = self.defined_at.get(key, -1)
            if since <= at < title and _NUMBER_VALUE.fullmatch(link) and key not in self.local:
                del self.defined[key]
                if link in self.assume:
                    self.assume.remove(link)
                self.opaque.setdefault(norm(key), at)

    def declarations(self, extra: tuple[str, ...] = ()) -> Declarations:
        return Declarations(tuple(self.assume) + tuple(extra), tuple(self.vectors), tuple(self.matrices),
                            tuple(self.symmetric), tuple(self.positive_definite), tuple(self.functions))

    def _ok(self, decl: Declarations) -> str:
        """'' if the declarations read, else the one-line reason."""
        from symgd.latex.problem import parse_assumptions

        try:
            parse_assumptions(decl)
        except BadInput as exc:
            return str(exc)
        except Exception as exc:  # a parser failure on a document must not stop the audit
            return f"{type(exc).__name__}: {exc}"
        return ""

    def add_assumption(self, latex: str) -> str:
        """Add an assumption if it reads with the others; '' or the reason it was refused."""
        if latex in self.assume:
            return ""
        why = self._ok(self.declarations((latex,)))
        if why:
            self.refused.append(f"{latex}: {why}")
            return why
        self.assume.append(latex)
        return ""

    def add_names(self, key: str, names: list[str]) -> str:
        new = [n for n in names if n not in getattr(self, key)]
        if not new:
            return ""
        trial = {k: list(getattr(self, k)) for k in ("vectors", "matrices", "symmetric", "positive_definite",
                                                      "functions")}
        trial[key] += new
        decl = Declarations(tuple(self.assume), *(tuple(trial[k]) for k in trial))
        why = self._ok(decl)
        if why:
            self.refused.append(f"{key} {', '.join(new)}: {why}")
            return why
        getattr(self, key).extend(new)
        return ""

    def define(self, name: str, lhs: str, rhs: str) -> str:
        """``name = rhs`` as a substitution (a redefinition replaces the old one)."""
        old = self.defined.pop(name, None)
        if old and old in self.assume:
            self.assume.remove(old)
        latex = f"{lhs} = {rhs}"
        self.defined[name] = latex
        if re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", rhs):
            return "a value for an example, not carried to later formulas"
        why = self.add_assumption(latex)
        kind = defined_shape(lhs, rhs, self) if why and "scalar" in why else ""
        if kind and not self.add_names(kind, [lhs.strip()]):
            if not self.add_assumption(latex):  # H = X^T X + \lambda I: a matrix (symgd.app.audit.shapes)
                return ""
            getattr(self, kind).remove(lhs.strip())
        if why and "scalar" in why and name not in self.vectors and not self.add_names("vectors", [lhs.strip()]):
            # a name given a vector value (z_t = x_t - g/L): a vector
            again = self.add_assumption(latex)
            if not again:
                return ""
            self.vectors.remove(lhs.strip())
        if why and re.search(r"scalar|shape", why):  # theta_t - eta g_t: g_t is a vector, as the sum demands
            for other in self._undeclared(rhs):
                if self.add_names("vectors", [other]):
                    continue
                if not self.add_assumption(latex):  # it reads now: the first refusal is void
                    self.refused = [r for r in self.refused if not r.startswith(latex + ":")]
                    return ""
                self.vectors.remove(other)
        return why

    def _undeclared(self, rhs: str) -> list[str]:
        """Names of ``rhs`` that nothing declares or assumes (no sign, no shape, not a function): those whose shape
        the formula alone may fix."""
        names = re.findall(r"(?<![\\A-Za-z])((?:\\(?:alpha|beta|gamma|delta|epsilon|zeta|theta|kappa|lambda|mu|nu|xi|"
                           r"rho|sigma|tau|phi|chi|psi|omega)|[A-Za-z])(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?)(?![A-Za-z({])",
                           rhs)
        out = []
        for n in dict.fromkeys(names):
            if n in self.vectors or n in self.matrices or n in self.functions or re.search(
                    r"\(\s*$", rhs[: rhs.find(n) + len(n) + 1]):
                continue
            if any(re.search(re.escape(n) + r"(?![A-Za-z_])", a) for a in self.assume):
                continue
            out.append(n)
        return out

    def read_prose(self, prose: str, names: list[str]) -> None:
        """Facts in words next to inline names: positive definite matrices; convexity and smoothness noted."""
        if _PD.search(prose) and names and not re.search(r"positive[- ]definite\s+(?:if|iff|when)\b", prose, re.I) \
                and not re.search(r"\b(not|never|no longer)\s+(symmetric\s+)?positive[- ]definite",
                                                        prose, re.I):
            for n in names:
                if re.fullmatch(r"[A-Z](_\{?\w+\}?)?", n):
                    self.add_names("positive_definite", [n])
        for m in _FACTS.finditer(prose):
            fact = m.group(0).lower()
            if fact not in self.facts:
                self.facts.append(fact)


_NUMBER_VALUE = re.compile(r"[^=<>]+=\s*-?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\{\d+\}\{\d+\}|\d+\s*/\s*\d+)\s*")
_MASK = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)", re.S)
_CASE_HEAD = re.compile(  # "*Case $v > \lambda$.*", "\paragraph{Case 2: $0 \le w$ ...}", "**Case (ii):** if $x > 0$"
    r"(?:^|[\n.;:!?])\s*(?:>\s*)?(?:[-+]\s+|\\item(?:\[[^\]]*\])?\s*)?(?:[*_]{1,2}|\\(?:sub)*paragraph\*?\{|\\textbf\{|"
    r"\\textit\{|\\emph\{)?\s*(?:sub-?)?case\b\s*(?:\d+|[ivx]+|[a-z]|\(\w+\))?\s*[:.)]?\s*[*_}]{0,2}\s*[:.]?\s*"
    r"(?:(?:where|when|if|that)\s+)?\(?\s*(?:M\s*(?:,|and|or)\s*)*$"
    r"|\bin (?:the )?case (?:that |where |when |of )?(?:M\s*(?:,|and)\s*)*$"
    r"|(?:^|[\n.;:!?])\s*[*_]{0,2}\s*suppose (?:first|now|next|instead|finally|conversely|on the other hand)\b,?\s*"
    r"(?:that\s+)?(?:M\s*(?:,|and)\s*)*$", re.I)


def case_condition(before: str) -> bool:
    r"""Whether an inline formula, with the text ``before`` it, is the condition that opens a case of a proof by cases
    ("*Case $v > \lambda$.* Then", "\paragraph{Case 2: $w < 0$ and $z > 1$.}", "Suppose now that $x < 0$"): it
    holds in that case only, never for the rest of the document (the next case states the opposite)."""
    return bool(_CASE_HEAD.search(_MASK.sub(" M ", before)[-160:]))


_CONDITIONED = re.compile(  # "When $\eta = 2/a$ we have $q = -1$", "if $x_0 = 1$, then", "near $x = 2$", "e.g. $t = 1/2$"
    r"(?:\b(?P<cond>if|when(?:ever)?|provided(?: that)?|unless|in case|as soon as|only if|iff)\b(?![^.;!?]*\b(?:let|define|"
    r"denote|we (?:write|set|call|take|choose))\b)[^.;!?]*$)|(?:\b(?P<passing>near|around|close to|e\.\s?g\.,?|say,?|"
    r"in the vicinity of|in a neighbou?rhood of)\s*(?:the (?:point|value|start)\s*)?$)", re.I)


def passing_value(before: str) -> str:
    r"""The word that makes an inline value or definition hold for its sentence only, or '': a condition of the
    sentence before it ("When $\eta = 2/a$ we have $q = -1$": both hold when the step is 2/a, not for the rest of
    the text) or a value said in passing right before it ("near $w_1 = (1, 1)$", "around $x = 2$", "e.g. $t = 1/2$",
    "say $k = 3$").  A definition the sentence sets up ("If we define $g = ...$", "Let ...") is none."""
    sentence = re.split(r"(?<=[.!?:])\s+(?=[A-Z*_\\])|\n\s*\n", _MASK.sub(" M ", before))[-1]
    m = _CONDITIONED.search(sentence)
    if not m:
        return ""
    if m.group("cond") and re.search(r"\b(?:then|so|hence|thus|therefore)\b[^.;!?]*\b(?:let|set|take|choose|define)\b",
                                     sentence[m.end("cond"):], re.I):
        return ""  # "If ..., then set $\eta = 1/L$": an instruction after the condition
    return (m.group("cond") or m.group("passing")).strip(" ,").lower()


def conditional_body(before: str, after: str) -> str:
    r"""The condition word when an inline function value holds for its sentence only, or '': its sentence puts a
    condition on the function ("if $\varphi$ is the quadratic form ..., then $D_\varphi(x, y) = ...$": that case's body)
    and ends in its paragraph, not leading into a display ("When $f$ is a quadratic, say $f(x) = ...$, one step gives:"
    carries it there).  A condition on values ("If $x > \mu$ ... $h_\mu(x) = x - \mu/2$") makes a piece of a function
    defined piecewise: ''."""
    from symgd.app.audit.classify import relations

    word = passing_value(before)
    if not word.isalpha() or word in ("near", "around", "say") or not re.search(r"[.;!?](?:\s|$)", _MASK.sub(" M ", after)):
        return ""
    at = [m.end() for m in re.finditer(r"\b" + re.escape(word) + r"\b", before, re.I)]
    first = _MASK.search(before[at[-1]:]) if at else None
    return word if first and not relations(first.group(0).strip("$")) else ""


def case_open(before: str) -> bool:
    r"""Whether the sentence before an inline formula belongs to a case opened in its paragraph ("*Case $v >
    \lambda$.* Then $u = v - \lambda$"): a value it gives a name holds in that case only."""
    paragraph = re.split(r"\n\s*\n", before)[-1]
    masked = _MASK.sub(" M ", paragraph)
    return any(case_condition(masked[: m.end()]) for m in re.finditer(r" M ", masked))


_RUN_IN = re.compile(r"^\s*(?:>\s*)?(?:\*\*|__)(?!\s)([^*_\n]{1,80}?)(?:\*\*|__)|^\s*(?:>\s*)?\\textbf\{([^{}\n]{1,80})\}"
                     r"|^\s*(?:>\s*)?[*_](example|remark|aside|note|exercise|solution|answer)\b[^*_\n]{0,60}[*_]"
                     r"|^\s*\\(?:begin|end)\{(?:example|remark|exercise)\*?\}", re.I)


_MARKED = re.compile(r"^\s*(?:#{1,6}\s+\S|\\(?:sub)*section\*?\{|\\chapter\*?\{)")


def run_in_sections(text: str) -> list[int]:
    """Lines where a paragraph opens with a run-in title ("**A concrete check.** Take ...", "\\textbf{Example.}",
    "*Example.*", ``\\begin{example}``, ``\\end{example}``): the Markdown counterpart of LaTeX's ``\\paragraph``,
    which ends what a worked example set up (its values, its local definitions) like a heading does.  A title of more
    than eight words, or one that is a whole sentence of its own paragraph, is emphasis, not a title."""
    lines = text.splitlines()
    if any(_MARKED.match(line) for line in lines):  # the text's own headings structure it
        return []
    out = []
    for i, line in enumerate(lines):
        if i and lines[i - 1].strip() not in ("", ">") and not re.match(r"\s*\\(?:begin|end)\{", line):
            continue
        m = _RUN_IN.match(line)
        if not m:
            continue
        title = m.group(1) or m.group(2) or m.group(0)
        if len(_MASK.sub(" M ", title).split()) <= 8:
            out.append(i + 1)
    return out


_DERIVES = re.compile(r"\b(?:so|hence|thus|therefore|consequently|we (?:get|have|obtain|find|see|conclude|know)|"
                      r"it follows(?: that)?|this (?:gives|means|shows)|gives?|yields?|implies|shows?|i\.\s?e\.|"
                      r"that is|then|remember (?:this|it) as|misquotes? (?:it|this) as|becomes?|reads?)\b[^.;:]{0,40}[:,]?\s*$", re.I)
_SETS_UP = re.compile(r"\b(?:let|assum\w*|suppose[sd]?|if|when(?:ever)?|provided|unless|require[sd]?|need|must|"
                      r"choose|chosen|pick|take|set|fix|with|where|given|such that|for (?:all|any|every|each))\b", re.I)


_QUANTIFIER = re.compile(r"\b(?:for|over) (?:all|any|every|each)\b(?:\s+\w+){0,3}?\s*(?:M\s*(?:,|and|in|\\in)?\s*)+,?", re.I)


def derived_range(before: str) -> bool:
    """Whether the sentence leading into a display derives it ("so", "we have", "it follows that", "this gives")
    without setting anything up ("let", "assume", "if", "choose", "with"): a sign or range of one name displayed
    there is a claim the text derives, never an assumption that would hold for the rest of the document."""
    sentence = re.split(r"(?<=[.!?])\s+|\n\s*\n", _MASK.sub(" M ", before))[-1]
    if not (m := _DERIVES.search(sentence)):
        return False
    if not _SETS_UP.search(sentence):
        return True
    # "In general, for every $v$, we have", "If $0 < t < 1$, then ..., and so for every $k \ge 0$": what follows the
    # deriving word is derived (a quantifier binds a variable of the claim, it sets nothing up)
    rest = _QUANTIFIER.sub(" ", sentence[m.start():])
    head = {w.group(0).lower() for w in _SETS_UP.finditer(_QUANTIFIER.sub(" ", sentence[: m.start()]))}
    return (head <= {"if", "when", "whenever", "provided", "given"} and not _SETS_UP.search(rest)
            and not re.search(r"\bso that\b", rest, re.I))


def apply_functions(expr: sp.Basic, fdefs: dict[str, FunctionDef], symbols: set | None = None) -> sp.Basic:
    """``expr`` with each defined function replaced by its body (derivatives then computed); the body's
    names become the claim's symbols of the same name (``symbols``: those of the whole claim and context,
    which carry its sign assumptions)."""
    if not fdefs or not isinstance(expr, sp.Basic):
        return expr
    found = [f for f in expr.atoms(AppliedUndef) if f.func.__name__ in fdefs]
    if not found:
        return expr
    by_name = {s.name: s for s in (symbols or expr.free_symbols) if isinstance(s, sp.Symbol)}

    def body(app: AppliedUndef) -> sp.Basic:
        d = fdefs[app.func.__name__]
        if len(d.args) != len(app.args):
            return app
        same = {s: by_name[s.name] for s in d.body.free_symbols if isinstance(s, sp.Symbol) and s.name in by_name
                and s not in d.args}
        inner = d.body.xreplace(same)
        if inner.has(sp.Derivative):  # \psi'(y) at y = 1: a value of the derivative (Subs), not d/d1
            return inner.subs(list(zip(d.args, app.args, strict=True)), simultaneous=True)
        return inner.xreplace(dict(zip(d.args, app.args, strict=True)))

    out = expr
    for _ in range(10):  # a body may use another defined function (R uses L): bounded rounds
        out = out.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in fdefs, body)
        if not any(f.func.__name__ in fdefs for f in out.atoms(AppliedUndef)):
            break
    return out.doit()


def substituted(claim, context, ctx: DocContext):
    """The claim with the document's defined functions replaced by their bodies (each definition read again
    with the declarations in force now, so that its symbols carry the same assumptions as the claim's)."""
    if not ctx.fdefs and not ctx.opaque:  # (an opaque family S_\tau may still give a member: families.py)
        return claim
    from symgd.latex.problem import parse_problem

    fdefs, unread = {}, {}
    for name, d in ctx.fdefs.items():
        try:
            c = parse_problem(d.latex, declarations=ctx.declarations(), allow_unused=True).links[0][1]
        except BadInput:
            unread[name] = d  # "For $c > 0$ define K_c(v) = ...": a member K_1 may still use it (families.py)
            continue
        if [getattr(a, "name", None) for a in getattr(c.lhs, "args", ())] != [a.name for a in d.args]:
            fdefs[name] = d  # a value in force for an argument (x = \pi/2) made f(x) a constant: as first read
            continue
        fdefs[name] = FunctionDef(name, tuple(c.lhs.args), c.rhs, d.latex, d.line)
    names = set(claim.lhs.free_symbols) | set(claim.rhs.free_symbols)
    for h in context.hypotheses:
        names |= set(h.free_symbols)
    from symgd.app.audit.families import member_defs, members_from_text

    fdefs.update(member_defs([claim.lhs, claim.rhs], fdefs, names, unread))  # S_1(3) after S_\tau(v) = ...
    fdefs.update(members_from_text([claim.lhs, claim.rhs], fdefs, ctx))  # ... whose rows overlap for some tau
    return replace(claim, lhs=apply_functions(claim.lhs, fdefs, names), rhs=apply_functions(claim.rhs, fdefs, names))


def prepare(ctx: DocContext) -> Callable:
    return lambda claim, context: substituted(claim, context, ctx)
