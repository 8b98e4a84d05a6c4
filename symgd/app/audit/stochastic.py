"""Chains of expectations of random vectors, as notes on stochastic gradients write them.

``\\mathbb{E}_{\\xi_k}[F(\\mathbf{w}_{k+1})] - F(\\mathbf{w}_k) \\le -\\alpha\\|\\nabla F(\\mathbf{w}_k)\\|^2 +
\\frac{L\\alpha^2}{2}\\mathbb{E}_{\\xi_k}\\|\\mathbf{g}_k\\|^2``: the parser refuses expectations of vectors, so such a
link is read here (:mod:`symgd.app.audit.moments`): every side a polynomial in scalars, inner products of vectors and
expectations kept as unknown values; the expectation taken by linearity (deterministic factors out, the mean of a
random vector where the text states it, ``\\mathbb{E}[\\mathbf{g}_k] = \\nabla F(\\mathbf{w}_k)``), never splitting a
product of random quantities.

What is random: the names in the subscript of ``\\mathbb{E}``, names declared ``random:``, names the prose calls
random ("only $\\mathbf{g}_k$ is random", "$\\xi_k$ is drawn"), and every name the document defines from one of them
(``\\mathbf{g}_k = \\nabla f(\\mathbf{w}_k;\\xi_k)``, ``\\mathbf{w}_{k+1} = \\mathbf{w}_k - \\alpha\\mathbf{g}_k``).

A link is proved from what the text states (a stated bound on a moment, the mean above), from an earlier inequality
that holds for every outcome with the expectation taken of both sides (the descent lemma before "take the
expectation"), from an earlier chain of expectations, with the facts that hold for every distribution (an
expectation of a nonnegative quantity is nonnegative; Jensen: E|g|^2 >= |E g|^2) -- exact reasoning on the unknown
values (:mod:`symgd.decide`), never sampling.  Nothing is refuted on this path: a counterexample in the unknown values
need not come from a distribution (undecided, with the reason)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

import sympy as sp

from symgd.app.audit.chain import LinkResult, check_chain
from symgd.app.audit.classify import Chain, classify, relations
from symgd.app.audit.context import DocContext
from symgd.app.audit.extract import Display, lines_of
from symgd.app.audit.moments import HAS_E, PLAIN_E_VALUE, Reader, Unread, canon, expectations, random_closure
from symgd.app.audit.realize import quadratic_refutation
from symgd.core.claims import Claim, Context, Rel

__all__ = ["declare_random", "links"]

MAX_PREMISES = 4  # earlier inequalities tried as premises of one link
_STATED = re.compile(r"\b(assum\w*|suppose|unbiased|(?:grows?|is|are) at most|bounded(?: by| above)?|we require|"
                     r"satisf(?:y|ies)|variance (?:is )?(?:at most|bounded))\b[^.;]{0,120}$", re.I)
_DERIVED = re.compile(r"\b(gives?|hence|thus|therefore|so that|we (?:get|obtain|have)|take the expectation|taking|"
                      r"combining|plug\w*|subtract\w*|follows?)\b[^.;]{0,120}$", re.I)
_PROSE_RANDOM = [
    re.compile(r"\bonly\s+\$([^$]{1,40})\$\s+(?:is|are)\s+random", re.I),
    re.compile(r"\$([^$]{1,40})\$\s+(?:is|are)\s+(?:a\s+)?(?:random|drawn|sampled|i\.i\.d\.?)", re.I),
    re.compile(r"\b(?:draw|sample)\s+\$([^$]{1,40})\$", re.I),
    re.compile(r"\bstochastic\s+(?:sub)?gradients?\s+(?:estimates?\s+)?\$([^$=]{1,40})\$", re.I),
    re.compile(r"\$([^$]{1,40})\$\s+(?:is|denotes)\s+(?:a|the)\s+(?:random|stochastic)\b", re.I),
]


@dataclass
class _State:
    random: set[str] = field(default_factory=set)  # canonical names (symgd.app.audit.moments.canon)
    declared: set[str] = field(default_factory=set)  # those declared (random:): the random names of E[.] alone
    facts: list[tuple[int, str]] = field(default_factory=list)  # stated relations of expectations: line, LaTeX
    chains: list[tuple[int, str, str]] = field(default_factory=list)  # earlier chains of expectations: line, link, verdict
    prose: dict[int, str] = field(default_factory=dict)  # the prose read so far, by line (properties, the minimizer)
    aliases: dict[str, str] = field(default_factory=dict)  # E_k explained in words: k -> '|w_{k}' or '\\xi_{k}'


def _state(ctx: DocContext) -> _State:
    """This module's part of the document's context (kept on it, so that it lives as long as the audit)."""
    st = getattr(ctx, "_stochastic", None) or (_LAST[1] if _LAST and _LAST[0] is ctx else None)
    if st is None:
        st = _State()
        try:
            ctx._stochastic = st  # type: ignore[attr-defined]
        except AttributeError:  # a context with __slots__: the last audit's state kept here instead
            _LAST[:] = [ctx, st]
    return st


_LAST: list = []


def declare_random(ctx: DocContext, names: list[str]) -> None:
    """``random: [xi_k, g_k]`` in the declarations: these names (and what is defined from them) are random."""
    names = {canon(n.strip()) for item in names for n in item.split(",") if n.strip()}
    _state(ctx).random |= names
    _state(ctx).declared |= names


_ALIAS = re.compile(r"\$\s*\\mathbb\s*\{\s*E\s*\}\s*_\s*\{?\s*([^${}\[]{1,12}?)\s*\}?\s*(?:\[\s*\\cdot\s*\]\s*)?\$\s*"
                    r"(?:denotes|is|stands for|means)\s+(?:the\s+)?(?:conditional\s+)?expectations?\s+(?:(?P<given>"
                    r"conditioned\s+on|conditional\s+on|given)|with\s+respect\s+to|over)\s+\$([^$]{1,40})\$", re.I)


def _read_aliases(prose: str, st: _State) -> None:
    """"$\\mathbb{E}_k$ denotes the expectation conditioned on $\\mathbf{w}_k$" (with respect to $\\xi_k$)."""
    for m in _ALIAS.finditer(prose):
        st.aliases[canon(m.group(1))] = ("|" if m.group("given") else "") + m.group(3).strip()


def _read_prose(prose: str, st: _State) -> None:
    for pattern in _PROSE_RANDOM:
        for m in pattern.finditer(prose):
            st.random |= {canon(n.strip()) for n in m.group(1).split(",") if n.strip()}


def _links_of(chain: str) -> list[tuple[str, str, str]]:
    """(left side, relation, right side) of each link."""
    rels = relations(chain)
    sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    return [(sides[k], r.group(0), sides[k + 1]) for k, r in enumerate(rels)]


_REL_LATEX = {"=": "=", "<": "<", ">": ">", r"\le": r"\le", r"\leq": r"\le", r"\ge": r"\ge", r"\geq": r"\ge",
              r"\lt": "<", r"\gt": ">", "<=": r"\le", ">=": r"\ge"}


def links(k: int, pieces: list[tuple[str, str]], d: Display, ctx: DocContext, later: tuple[list[str], dict[str, int]],
          base: dict, timeout: float) -> list[LinkResult] | None:
    """The links of a chain with an expectation the parser does not read (None: the ordinary path): a relation the
    text states (an assumption, kept as a fact), or a claim decided link by link."""
    chain = pieces[k][0]
    st = _state(ctx)
    st.prose.setdefault(d.line, d.before)
    _read_aliases(f"{d.before} ${d.latex}$ {d.after}" if not d.display else d.before, st)
    if not HAS_E.search(chain):
        return None
    _read_prose(d.before, st)
    if classify(chain, d.before, ctx.defined).kind != "claim" or not relations(chain):
        return None
    if _reads(chain, ctx):
        return None  # scalar expectations: the parser reads them (symgd.latex.expectation)
    parts = _links_of(chain)
    if any(not a or not b for a, _, b in parts) or any(r not in _REL_LATEX for _, r, _ in parts):
        return None
    try:
        found = expectations(chain, st.aliases)
    except Unread:
        return None
    if not found or any(re.search(r"\\sim|\\mid|\||\(", tag) and not tag.startswith("|") for _, _, tag, _ in found):
        return None  # an expectation under a measure with parameters: the parser's (symgd.latex.expectation)
    if PLAIN_E_VALUE.search(chain) or "E" in ctx.functions or any(re.search(r"(?<![A-Za-z\\{])E(?![A-Za-z])", a)
                                                                  for a in ctx.assume):
        return None  # E is also a value or a function here: E[..] is not read as an expectation
    sentence = re.split(r"(?<=[.!?])\s+", d.before)[-1]
    if _STATED.search(sentence) and not _DERIVED.search(sentence):
        out = []
        for a, r, b in parts:
            link = f"{a} {_REL_LATEX[r]} {b}"
            st.facts.append((base["line"], link))
            out.append(LinkResult(**base, link=link, kind="assumption", verdict="assumption",
                                  method="a property of the random quantities the text states ('"
                                         + _STATED.search(sentence).group(1) + "'): a fact of later links"))
        return out
    out = []
    for a, r, b in parts:
        link = f"{a} {_REL_LATEX[r]} {b}"
        if HAS_E.search(link) and not _reads(link, ctx):
            out.append(_decide(link, ctx, later, base, timeout))
        else:
            out.extend(_realized(check_chain(Chain(link, "claim"), ctx, later, base, timeout), link, ctx, later,
                                 base, timeout))
    if len(out) == len(parts):
        _remember(parts, out, lines_of(d, [x.link for x in out]), st)
    return out


def _realized(results: list[LinkResult], link: str, ctx: DocContext, later: tuple[list[str], dict[str, int]],
              base: dict, timeout: float) -> list[LinkResult]:
    """A link of a chain of expectations left undecided because a counterexample gives a function's values freely:
    refuted where a quadratic realizes those values (realize.py), with the text's facts under point masses."""
    if len(results) != 1 or results[0].verdict != "undecided":
        return results
    st = _state(ctx)
    reader = Reader(ctx, random_closure(st.random, ctx.defined), random_closure(st.declared, ctx.defined),
                    aliases=st.aliases)
    facts = reader.load_facts(st.facts)
    pinned = {canon(re.sub(r"\($", "", k)) for k in [*ctx.defined, *ctx.opaque]} | {
        canon(k.rstrip("(")) for k, n in later[1].items() if n > base["line"]}
    got = quadratic_refutation(link, reader, " ".join(st.prose.values()), pinned, reader.point_masses(facts), timeout)
    if got is None:
        return results
    return [replace(results[0], verdict="refuted", method=got[0], counterexample=got[1], note="")]


def _reads(link: str, ctx: DocContext) -> bool:
    """Whether the parser reads the link (scalar expectations: symgd.latex.expectation)."""
    from symgd.latex.problem import parse_problem

    try:
        parse_problem(link, declarations=ctx.declarations(), allow_unused=True)
    except Exception:  # BadInput or the parser's own failure: not read there
        return False
    return True


def _remember(parts: list[tuple[str, str, str]], results: list[LinkResult], lines: list[int], st: _State) -> None:
    """The chain's first side against each later side, while every link so far holds or is undecided (a chain
    LHS <= A <= B = C gives LHS <= C): premises of later links."""
    first, ups, downs, proved = parts[0][0], True, True, True
    for (_, r, b), res, line in zip(parts, results, lines, strict=True):
        if res.verdict not in ("proved", "undecided") or res.kind != "claim":
            break
        proved &= res.verdict == "proved"
        rel = _REL_LATEX[r]
        ups &= rel in ("=", r"\le", "<")
        downs &= rel in ("=", r"\ge", ">")
        if not (ups or downs):
            break
        if rel != "=":
            st.chains.append((line, first + (r" \le " if ups else r" \ge ") + b, "proved" if proved else "undecided"))


def _subscript_names(link: str, aliases: dict[str, str]) -> set[str]:
    """The random variables an expectation's subscript names (``\\mathbb{E}_{\\xi_k}``; not a measure ``x \\sim p``)."""
    try:
        found = expectations(link, aliases)
    except Unread:
        return set()
    return {canon(n) for _, _, tag, _ in found if tag and not re.search(r"\\sim|\\mid|\||\(", tag)
            for n in tag.split(",") if n.strip()}


def _decide(link: str, ctx: DocContext, later: tuple[list[str], dict[str, int]], base: dict,
            timeout: float) -> LinkResult:
    t0 = time.monotonic()

    def result(verdict: str, method: str) -> LinkResult:
        return LinkResult(**base, link=link, kind="claim", verdict=verdict, method=method,
                          seconds=time.monotonic() - t0)

    st = _state(ctx)
    st.random |= _subscript_names(link, st.aliases)
    random = random_closure(st.random, ctx.defined)
    candidates = [(f"the display of line {ln}", x, v) for ln, x, v in reversed(ctx.premises[-MAX_PREMISES:])]
    candidates += [(f"the chain up to line {ln}", x, v) for ln, x, v in reversed(st.chains[-MAX_PREMISES:])]
    candidates = [c for c in candidates if c[1] != link]
    earlier = [a for a in later[0] if a not in ctx.assume and any(a in h for h in ctx.history) and not HAS_E.search(a)]
    end = t0 + 2 * timeout
    for extra in [(), *((a,) for a in earlier[-2:])]:
        reader = Reader(ctx, random, random_closure(st.declared, ctx.defined), extra, st.aliases)
        try:
            facts = reader.load_facts(st.facts)
            claim = reader.claim(link)
        except Unread as exc:
            if not extra:
                return result("not checked", f"not read: {exc}")
            continue
        premises, means = [], {}
        claim_means = set(reader.mean_lines)
        for line, text, verdict in candidates:
            reader.mean_lines = set()
            try:
                got = [h for h in reader.premise(text, reader.tags or {""}) if isinstance(h, sp.core.relational.Relational)]
            except Unread:
                continue
            if got:  # (a premise that reads as True says nothing; one that reads as False is not used)
                premises.append((line, verdict, got))
            means[line] = reader.mean_lines
        attempt = _Attempt(reader, claim, reader.hypotheses(), facts, end, timeout)
        v, use = attempt(premises), premises  # everything at once, then the fewest premises that do it
        if v:
            for fewer in [[], *([p] for p in premises)] if premises else []:
                w = attempt(fewer)
                if w:
                    v, use = w, fewer
                    break
        if v:
            where = ", ".join(f"{what} ({'proved there' if verdict == 'proved' else verdict + ' there'})"
                              for what, verdict, _ in use)
            lines = sorted(claim_means.union(*(means[w] for w, _, _ in use)) | (
                {ln for ln, _ in facts} if attempt.all_facts else set()))
            said = "; with what the text states of the random quantities (line " + ", ".join(map(str, lines)) + ")" \
                if lines else ""
            facts = f"; facts: {', '.join(attempt.used)}" if attempt.used else ""
            cond = f"; under the condition {extra[0]}, which the text states earlier" if extra else ""
            return result("proved", (f"from {where}, its expectation taken: " if use else "")
                          + f"{v}, each expectation an unknown value{said}{facts}{cond}")
    return result("undecided", "not proved from what the text states about the expectations (each an unknown value); "
                  "an expectation of random vectors is never refuted here: a counterexample in unknown values need "
                  "not come from a distribution")


class _Attempt:
    """The claim tried with the assumptions, the stated facts and some premises (and the facts of the atoms)."""

    def __init__(self, reader: Reader, claim: Claim, plain: list, facts: list[tuple[int, sp.Basic]], end: float,
                 timeout: float):
        self.reader, self.claim = reader, claim
        self.plain = [h for h in [*plain, *(h for _, h in facts)] if isinstance(h, sp.core.relational.Relational)]
        self.facts = [(f"the fact of line {ln}", h) for ln, h in facts if isinstance(h, sp.core.relational.Relational)]
        self.end, self.timeout = end, timeout
        self.used: list[str] = []
        self.all_facts = False  # whether the proof had every stated fact (not one premise or fact)

    def __call__(self, use: list) -> str:
        premises = [h for _, _, hs in use for h in hs]
        hyps = self.plain + premises
        self.all_facts = False
        atoms, self.used = self.reader.atom_facts([self.claim.lhs, self.claim.rhs, *hyps])
        c = self.claim.normalized()
        if c.rel in (Rel.LE, Rel.LT):  # first as a consequence of one premise: left minus right at most k times its
            q = c.lhs - c.rhs
            for what, h in [*(("the premise", h) for h in premises), *self.facts]:
                p = h.lhs - h.rhs
                for k in _multipliers(q, p):
                    gap = sp.expand(q - k * p)
                    if any(_expectation(a) for a in gap.free_symbols):  # an unknown expectation left: not this way
                        continue
                    left = self.end - time.monotonic()
                    if left <= 0.2:
                        return ""
                    if k != 1 and not (isinstance(h, sp.Eq) or _prove(Claim(k, Rel.GT, 0), self.plain, left / 4)):
                        continue
                    got = "equal" if gap == 0 else _prove(Claim(gap, c.rel, 0), self.plain + atoms,
                                                                min(left, self.timeout))
                    if got:
                        self.used = self.used if gap != 0 else []  # facts of the atoms only where a residual was left
                        times = "" if k == 1 else f"{sp.latex(k)} times "
                        return f"left minus right at most {times}that of {what} ({got})"
        left = self.end - time.monotonic()
        if left <= 0.2:
            return ""
        self.all_facts = True
        return _prove(self.claim, hyps + atoms, min(left, self.timeout))


def _expectation(a: sp.Basic) -> bool:
    return getattr(a, "name", "").startswith("\\mathbb{E}")


def _multipliers(q: sp.Basic, p: sp.Basic) -> list[sp.Basic]:
    """1, then the ratio of the coefficients of a shared atom (an expectation first) that cancels it."""
    out: list[sp.Basic] = [sp.Integer(1)]
    shared = sorted(q.free_symbols & p.free_symbols, key=lambda a: (not _expectation(a), a.name))
    for a in shared[:4]:
        cq, cp = sp.expand(q).coeff(a), sp.expand(p).coeff(a)
        if cp == 0 or cq == 0:
            continue
        k = sp.cancel(cq / cp)
        if a not in k.free_symbols and not any(_expectation(b) for b in k.free_symbols) and k not in out:
            out.append(k)
    return out[:3]


def _prove(claim: Claim, hyps: list, timeout: float) -> str:
    from symgd.decide import decide

    try:
        v = decide(claim, Context(tuple(h for h in hyps if h is not sp.true)), timeout=timeout)
    except Exception:  # a method that fails proves nothing
        return ""
    return v.method if v.proved else ""
