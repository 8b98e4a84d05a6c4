r"""Worked-example values used to decide, not only to block.

A claim in a worked example ("With $a = 4$, $\lambda = 1$ and $\eta = 1/10$ ... the factor is $1 - \eta(a +
\lambda) = 1/2$") is about the values the example states.  The generic route refutes it with other values, and the
trust guard (trust.py) then leaves it undecided.  This module decides such a link again with the values the text
states put in as hypotheses:

- **proved** "with a = 4, \lambda = 1, \eta = 1/10 (the values stated at line 67)";
- **refuted** with those values only when the claim was refuted, or left open only because a counterexample set a
  name the text gives a value (or pins, or defines by a step that did not read with it), or by no method at all; and
  each value holds for what follows (set up: "take", "start at", "with" a list; derived: "so $C = 2$"; or its own
  sentence's: "For $K = 100$ the step is ..."), each name has one value in the section before the claim and none
  other after it, and any name left free is one the text leaves free (trust.py);
- otherwise left as it was, with the reason: two values of one name in the section, a value only after the claim,
  a value under a condition ("if $a = 2$", "for $K = 100$" in another sentence), said of a place in passing ("near
  $x = \pi/2$") or a remark on its own sentence ("with $t = 1$ this is the plain step").  Another guard's reason
  (a condition beside the claim, a member of a defined family) is never overruled by a refutation.

A verdict the generic route reached with a value in force ("Take $a = 2$") after the section stated another value
of the name ("Now take $a = 3$") is another example's: a refutation is left undecided, a proof stands only if the
latest value proves it too.

Values: ``name = number`` and ``G = R = 1`` in a formula before the claim in its section; a name a worked step of the
section defines by a formula in names that have values (``x_1 = x_0 - \eta f'(x_0)``), put in in order.  A claim's
own formula is never its own hypothesis, and a claim its sentence calls general ("in general") is not specialized (nor
a name it quantifies: "for every $k$").  Exact evaluation: evaluation.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from symgd.app.audit.chain import LinkResult, norm
from symgd.app.audit.classify import chains_of, clean, is_name, lhs_of, name_key, relations
from symgd.app.audit.evaluation import written_number
from symgd.app.audit.extract import MATH_SPANS as _MATH

__all__ = ["Value", "decide_again", "stated_values"]


@dataclass(frozen=True)
class Value:
    """A value the text states for a name: ``link`` (``a = 4``, or ``x_1 = x_0 - \\eta f'(x_0)``) at ``line``."""

    key: str  # the name, normalized as counterexample keys are (x_0, \eta)
    link: str
    line: int
    firm: bool  # set up for what follows (or proved, or stated in the claim's own sentence)
    why: str  # why it is not firm: 'a condition', 'said in passing'
    own: bool = False  # in the claim's own sentence
    formula: bool = False  # a worked step: the name defined by a formula in names with values
    after: bool = False  # stated after the claim


_PARTICIPLE = re.compile(r"\b(putting|setting|taking|plugging(?: in)?|substituting|inserting|choosing|using)\b(?:[^.;:]*M)?"
                         r"[\s,M]*(?:and\s+M\s*)?$", re.I)  # "Plugging in $\beta = 0$ gives": the next formula only
_STRONG = re.compile(r"\b(take|let|set|fix|choose|pick|start(?:s|ing)?|initiali[sz]\w*|"
                     r"consider|suppose|assume|run)\b", re.I)
_WEAK = re.compile(r"\b(with|given|using|use|from)\b", re.I)
_CONDITION = re.compile(r"\b(if|when|whenever|unless|provided|in case|assuming|e\.\s?g\.|for example|for instance|"
                        r"such as|say)\b|\bfor\b(?:\s+(?:the|a|an|[a-z]+)){0,3}\s*$", re.I)
_CONSEQUENCE = re.compile(r"\b(so|then|hence|thus|therefore|gives?|giving|yields?|we (?:get|have|obtain|find)|which|"
                          r"lands?|is|are|equals?|becomes?|reads?)\b", re.I)
_PASSING = re.compile(r"\b(only|right|true|holds?|correct|valid|unless|except|near|around|close to|tends? to|as|"
                      r"approaches|about|roughly)\s*$", re.I)
_GENERAL = re.compile(r"\b(in general|general|generally|whatever|always|arbitrary|any value)\b", re.I)
_FOR_ALL = re.compile(r"\b(?:for|over) (?:all|any|every|each)(?:\s+[a-z-]+){0,2}\s*(\$[^$]*\$|\\\(.*?\\\))", re.I)
_ARBITRARY = re.compile(r"a counterexample exists only if (.+?) (?:is|are) arbitrary, but it is defined in a form")
_WITHOUT = re.compile(r"refuted only without the assumption\(s\) (.+?), which do not read")
_PINNED = re.compile(r"which (?:the section|its sentence) gives a value")
_END = re.compile(r"[.!?:;](?=\s|$)|\n\s*\n")


def _sentence_before(before: str) -> str:
    """The words of the sentence before a formula, math masked (``M``), since the last sentence end."""
    masked = _MATH.sub(" M ", before)
    cut = [m.end() for m in _END.finditer(masked)]
    return masked[cut[-1]:] if cut else masked


def _raw_sentence(before: str, after: str) -> str:
    """The sentence around a formula as written (its math kept), the formula itself left out."""
    def masked(text: str) -> str:
        return _MATH.sub(lambda m: "x" * len(m.group(0)), text)

    cut = [m.end() for m in _END.finditer(masked(before))]
    stop = _END.search(masked(after))
    return before[cut[-1] if cut else 0:] + " " + after[: stop.start() if stop else len(after)]


def _firmness(e, text_values: int) -> tuple[bool, str]:
    """Whether a value written in formula ``e`` holds for what follows: (firm, why not).  Not under a condition ("if
    $a = 2$", "for $K = 100$", "e.g."), not said of a place in passing ("near $x = \\pi/2$"), not a remark on its own
    sentence ("with $t = 1$ this is the undamped step"); a value set up ("take", "start at") or derived ("so $C =
    2$", "which lands at $x_1 = 7/5$") holds in its section."""
    head = _sentence_before(e.before)
    if _CONDITION.search(head):
        return False, "stated under a condition"
    if _PASSING.search(head):
        return False, "said in passing"
    if _PARTICIPLE.search(head):
        return False, "a value for the next formula only"
    strong = list(_STRONG.finditer(head))
    weak = list(_WEAK.finditer(head))
    hit = max([*strong, *weak], key=lambda m: m.end(), default=None)
    if hit is not None and hit in weak and not _CONSEQUENCE.search(head[hit.end():]):
        tail = _MATH.sub(" M ", e.after)  # "with $t = 1$ this is the undamped step": a remark, unless a list or it leads
        stop = _END.search(tail)
        tail = tail[: stop.start()] if stop else tail
        leads = not re.sub(r"[\s,.:;]|\b(?:M|and)\b", "", tail)
        listed = text_values + head.count(" M ") + tail.count(" M ")
        if not (listed >= 2 or leads or re.search(r"\bexample\b", head, re.I)):
            return False, "a remark on its own sentence"
    return True, ""


@functools.lru_cache(maxsize=4096)
def _value_chains(latex: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(names, number) of each ``name = name = number`` chain of a formula, ((name,), ``~number``) of a chain
    ``name = expression = number`` (a computation), and ((name,), ``=expression``) of each ``name = expression``."""
    out: list[tuple[tuple[str, ...], str]] = []
    try:
        chains = chains_of(clean(latex))
    except Exception:  # a formula that does not cut: no value from it
        return ()
    for chain in chains:
        rels = relations(chain)
        if not rels or any(r.group(0) != "=" for r in rels):
            continue
        sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
                 .replace("&", "").strip() for k in range(len(rels) + 1)]
        names = sides[:-1]
        if not is_name(sides[0]) or "(" in sides[0]:
            continue
        if written_number(sides[-1]) and not re.search(r",", sides[-1]):
            if all(is_name(s) and "(" not in s for s in names):
                out.append((tuple(names), sides[-1]))
            else:  # "the step $\\eta = 1/L = 1/4$": the number reached by a computation the audit checks
                out.append(((sides[0],), "~" + sides[-1]))
        elif len(sides) == 2:
            out.append((tuple(names), "=" + sides[-1]))
    return tuple(out)


def _same_sentence(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether nothing ends a sentence between ``start`` and ``end`` of ``text`` (formulas in ``spans`` masked)."""
    piece = list(text[start:end])
    for a, b in spans:
        for k in range(max(a, start), min(b, end)):
            piece[k - start] = "x"
    return not _END.search("".join(piece))


_NOT_CARRIED = "a value under a condition of its sentence or said in passing"


def stated_values(k: int, displays: list, text: str, ctx, earlier: list[LinkResult]) -> list[Value]:
    """The values the text states in the section of display ``k`` (index from 1), before it and after it."""
    d = displays[k - 1]
    since, until = ctx.example_scope(d.line)  # a heading or a run-in title ('**Example.**') ends the values
    spans = [(e.start, e.end) for e in displays]
    verdicts: dict[int, list[LinkResult]] = {}
    for r in earlier:
        verdicts.setdefault(r.display, []).append(r)
    out: list[Value] = []
    for j, e in enumerate(displays, 1):
        if j == k or e.line < since or e.line >= until or any(
                r.method.startswith(_NOT_CARRIED) for r in verdicts.get(j, [])):  # "When $\eta = 2/a$ we have ...",
            continue  # "near $x_0 = 0$": its sentence's value only (run.py)
        after = e.start > d.start
        chains = _value_chains(e.latex)
        numbers = sum(1 for _, v in chains if not v.startswith("="))
        own = not after and _same_sentence(text, spans, e.end, d.start) if text else False
        firm, why = _firmness(e, numbers)
        setup = bool(_STRONG.search(_sentence_before(e.before)))  # "take $G = R = 1$", whatever the audit made of it
        for names, value in chains:
            if value.startswith("~"):  # reached by a computation: a value only if every link of it was proved
                claims = [r for r in verdicts.get(j, []) if r.kind == "claim"]
                if not claims or any(r.verdict != "proved" for r in claims):
                    continue
                value = value[1:]
            formula = value.startswith("=")
            if formula:  # a worked step: a definition of the section, not a claim the audit left open
                got = [r for r in verdicts.get(j, []) if norm(lhs_of(r.link)) == norm(names[0])]
                if not got or not all(r.kind == "definition" or r.verdict == "proved" for r in got):
                    continue
            got = [r for r in verdicts.get(j, []) if any(norm(lhs_of(r.link)) == norm(n) for n in names)]
            claims = [r for r in got if r.kind == "claim" and not r.method.startswith("stated, not claimed")]
            if any(r.verdict == "refuted" for r in claims) or (any(r.verdict != "proved" for r in claims)
                                                               and not (firm and setup)):
                continue  # a claim refuted, or left open and not set up ("hence $h_2 = 1/9$"), is no value
            ok = own or firm or formula or (bool(got) and all(r.verdict == "proved" for r in got))
            for n in names:
                link = f"{n} = {value[1:] if formula else value}"
                out.append(Value(norm(name_key(n)), link, e.line, ok, "" if ok else why, own, formula, after))
    return out


def _numbers_differ(a: Value, b: Value) -> bool:
    return norm(a.link.split("=", 1)[1]) != norm(b.link.split("=", 1)[1])


def _choose(needed: set[str], values: list[Value], general: bool | set[str], ctx=None,
            since: int = 0) -> tuple[list[Value], list[str], list[str]]:
    """The values to put in for ``needed`` names (definitions followed to the names they use), the reasons a name
    gets none, and the reasons a refutation under the chosen values would not be the document's ([]: it would)."""
    chosen: dict[str, Value] = {}
    reasons: list[str] = []
    limits: list[str] = []
    todo = list(needed)
    while todo:
        n = todo.pop()
        if n in chosen:
            continue
        mine = [v for v in values if v.key == n]
        before = [v for v in mine if not v.after]
        if not mine:
            if (d := _definition(n, ctx)) is not None:  # eta_star = R/(G sqrt K) in force: followed to R, G, K
                line = ctx.defined_at.get(d[0], 0)
                chosen[n] = Value(n, d[1], line, True, "", formula=True)
                todo += list(_names(d[1].split("=", 1)[1]))
                if line < since or not _worked_step(chosen[n], values):
                    limits.append(f"{d[1]} (line {line}) is a general definition, not a step of the example")
            continue
        own = [v for v in before if v.own]
        quantified = general is True or (isinstance(general, set) and n in general)  # "for every $k$": k is general
        pool = own or ([] if quantified else before)
        if any(not v.formula for v in pool):  # C = L D^2, then "so $C = 2$": the example's number
            pool = [v for v in pool if not v.formula]
        if not pool:
            if not before and not quantified:
                reasons.append(f"{n} is given a value only after the claim (line {mine[0].line})")
            continue
        if any(_numbers_differ(v, pool[0]) for v in pool):
            lines = sorted({v.line for v in pool})
            reasons.append(f"{n} is given two values in the section (lines {', '.join(map(str, lines))})")
            continue
        v = pool[-1]
        if not v.firm:
            reasons.append(f"the value {v.link} (line {v.line}) is {v.why}")
            continue
        if not v.own and (later := [w for w in mine if w.after and _numbers_differ(w, v)]):
            limits.append(f"{n} is given another value later in the section (line {later[0].line})")
        chosen[n] = v
        if v.formula:
            todo += list(_names(v.link.split("=", 1)[1]))
            if not _worked_step(v, values):
                limits.append(f"{v.link} (line {v.line}) is a general definition, not a step of the example")
    order = {id(v): k for k, v in enumerate(values)}  # as the text states them
    return sorted(chosen.values(), key=lambda v: (v.line, order.get(id(v), -1))), reasons, limits


def _definition(n: str, ctx) -> tuple[str, str] | None:
    """(key, link) of the definition of the name ``n`` the context holds (``name = formula``), or None."""
    if ctx is None:
        return None
    for key, link in ctx.defined.items():
        if (norm(key) == n and "(" not in key + lhs_of(link) and len(relations(link)) == 1
                and not written_number(link.split("=", 1)[1])):
            return key, link
    return None


def _worked_step(v: Value, values: list[Value]) -> bool:
    """A formula stated after a value of a name it uses (a step of the example), not a general definition."""
    return any(w.key in _names(v.link.split("=", 1)[1]) and w.line <= v.line and not w.formula for w in values)


def _names(latex: str) -> set[str]:
    from symgd.app.audit.trust import names

    return names(latex)


def _retry(r: LinkResult) -> bool:
    """Whether ``r`` is a claim the stated values may decide (refuted or left open; not an inline relation its
    sentence only sets up, which is no claim)."""
    return r.kind == "claim" and r.verdict in ("undecided", "refuted") and not r.method.startswith(
        ("stated, not claimed", "a condition of its sentence", "a constraint of the problem"))


def _may_refute(r: LinkResult, used: list[Value]) -> bool:
    """Whether a refutation under the values ``used`` may replace ``r``: a refutation, a claim left open only because
    a counterexample set a name the text gives a value (trust.py), one no method reduced, or one refuted only with
    names the text pins (``C`` after "so $C = 2$") or without definitions that did not read with it, each of which
    is among ``used`` (``x_1 = x_0 - \\eta f'(x_0)``, put in by evaluation).  Another guard's reason (a condition beside the claim, a member of a defined family) keeps it open:
    only a proof replaces it."""
    if r.verdict == "refuted" or _PINNED.search(r.method) or r.method.startswith("no exact method"):
        return True
    if m := _ARBITRARY.match(r.method):  # C pinned by the text (C = 2): put in, so no longer arbitrary
        return all(norm(x) in {v.key for v in used} for x in m.group(1).split(", "))
    m = _WITHOUT.match(r.method)
    if m is None:
        return False
    pieces = [norm(x) for x in re.split(r",\s*(?=[^,]*=)", m.group(1))]
    return all(x in {norm(v.link) for v in used} for x in pieces)


def decide_again(new: list[LinkResult], k: int, displays: list, text: str, ctx, earlier: list[LinkResult],
                 timeout: float) -> list[LinkResult]:
    """The results of display ``k`` (index from 1) with each open or refuted claim link decided again under the
    values the text states for its names (see the module's docstring)."""
    if not any(r.kind == "claim" and r.verdict in ("proved", "refuted", "undecided") for r in new):
        return new
    values = stated_values(k, displays, text, ctx, earlier)
    if not values:
        return new
    out = []
    for r in new:
        again = _again(r, displays[k - 1], values, ctx, timeout, [*earlier, *out]) if _retry(r) else r
        out.append(_unmixed(r, values, ctx, timeout) if again is r else again)
    return out


def _in_force(ctx) -> dict[str, str]:
    """Names a value in force substitutes (``a = 2`` of "Take $a = 2$", to the section's end) -> that value."""
    out = {}
    for a in ctx.assume:
        rels = relations(a)
        if len(rels) == 1 and rels[0].group(0) == "=" and written_number(a[rels[0].end():]):
            out[norm(name_key(lhs_of(a).strip()))] = norm(a[rels[0].end():])
    return out


def _unmixed(r: LinkResult, values: list[Value], ctx, timeout: float) -> LinkResult:
    """A link the generic route decided with a value in force ("Take $a = 2$") although the section has stated
    another value of that name since ("Now take $a = 3$"): another example's value.  A refutation is then left
    undecided with the reason; a proof stands only if it holds with the latest value too."""
    if r.kind != "claim" or r.verdict not in ("proved", "refuted") or not values:
        return r
    forced = _in_force(ctx)
    mixed = []
    for n in sorted(_names(r.link) & set(forced)):
        stated = [v for v in values if v.key == n and not v.after and not v.formula and (v.firm or v.own)]
        if stated and norm(stated[-1].link.split("=", 1)[1]) != forced[n]:  # a newer value replaced the one in force
            mixed.append((n, stated))
    if not mixed:
        return r
    lines = ", ".join(f"{n} (lines {', '.join(str(v.line) for v in st)})" for n, st in mixed)
    why = f"the section states two values of {lines}: it may be decided with another example's value"
    if r.verdict == "proved":
        from symgd.app.audit.evaluation import evaluated

        latest = [st[-1].link for _, st in mixed]
        base = {"line": r.line, "display": r.display, "inline": r.inline}
        try:
            got = evaluated(r.link, "the latest values", [], latest, ctx, base, timeout)
        except Exception:  # does not read with the latest value: not confirmed
            got = None
        if got and len(got) == 1 and got[0].verdict == "proved":
            return r
    return replace(r, verdict="undecided", method=f"{why}; as decided: {r.verdict} ({r.method})", counterexample={},
                   detail="")


def _again(r: LinkResult, d, values: list[Value], ctx, timeout: float, earlier: list[LinkResult]) -> LinkResult:
    from symgd.app.audit.evaluation import evaluated

    head = _sentence_before(d.before)
    tail = _MATH.sub(" M ", d.after)
    stop = _END.search(tail)
    sentence = head + " " + (tail[: stop.start()] if stop else tail)
    raw = _raw_sentence(d.before, d.after)
    general: bool | set[str] = bool(_GENERAL.search(sentence)) or {n for m in _FOR_ALL.finditer(raw)
                                                                    for n in _names(m.group(1).strip("$"))}
    keys = {norm(str(x)) for x in (r.counterexample or {})}
    if r.verdict == "refuted" and not keys & {v.key for v in values}:
        return r  # a refutation in names the text leaves free stands
    needed = _names(r.link)  # a name the counterexample sets but the link does not write is not about it
    rels = relations(r.link)
    if rels and rels[0].group(0) == "=" and is_name(lhs := lhs_of(r.link).replace("&", "").strip()) and "(" not in lhs:
        # ``x_1 = 1/2 + 2/3 \cdot 1/4`` computes x_1 (a new start's first step): a value stated for x_1 before, in
        # another run of the example ("from $x_0 = 3$, $x_1 = -3$"), is no hypothesis of the link that recomputes it
        needed = needed - {norm(name_key(lhs))}
    own_link = norm(r.link)
    pool = [v for v in values if norm(v.link) != own_link]  # a claim is never its own hypothesis
    chosen, reasons, limits = _choose(needed, pool, general, ctx, ctx.heading_before(r.line))
    shown = reasons if _PINNED.search(r.method) else []  # why the values did not decide it: where they kept it open
    if not chosen:
        return _with_reasons(r, shown)
    numbers = [v for v in chosen if not v.formula]
    steps = sorted((v for v in chosen if v.formula), key=lambda v: v.line)
    said = _listed(numbers, "value") + (" and " if numbers and steps else "") + _listed(steps, "definition")
    base = {"line": r.line, "display": r.display, "inline": r.inline}
    try:
        got = evaluated(r.link, f"with {said}", [v.link for v in steps], [v.link for v in numbers], ctx, base,
                        timeout)
    except Exception:  # a value that does not read with the claim: as it was
        got = None
    if got is None:  # an assumption that does not read with the claim: numbers need none (both sides explicit)
        saved = list(ctx.assume)
        try:
            ctx.assume[:] = []
            got = evaluated(r.link, f"with {said}", [v.link for v in steps], [v.link for v in numbers], ctx, base,
                            timeout)
        except Exception:  # as it was
            got = None
        finally:
            ctx.assume[:] = saved
    if got is None and numbers and not steps:  # a name stays free (an index k): the numbers as hypotheses, the rest
        got = _hypotheses(r, f"with {said}", [v.link for v in numbers], ctx, base, timeout)  # for every value
    if not got or len(got) != 1:
        return _with_reasons(r, shown)
    g = got[0]
    if g.verdict == "refuted" and g.counterexample and _may_refute(r, chosen):
        from symgd.app.audit.trust import untrusted

        if not untrusted(g, d, ctx, earlier):  # the names left free are the document's free names
            cex = {v.link.split("=", 1)[0].strip(): v.link.split("=", 1)[1].strip() for v in numbers}
            if not reasons and not limits:
                return replace(r, verdict="refuted", method=f"refuted {g.method}", counterexample={
                    **cex, **g.counterexample}, detail=g.detail, note=g.note)
    if g.verdict == "proved":
        return replace(r, verdict="proved", method=f"proved {g.method}", counterexample={}, detail="", note="")
    if g.verdict == "refuted" and not reasons and not limits and not g.counterexample and _may_refute(r, chosen):
        cex = {v.link.split("=", 1)[0].strip(): v.link.split("=", 1)[1].strip() for v in numbers}
        return replace(r, verdict="refuted", method=f"refuted {g.method}", counterexample=cex, detail="",
                       note=g.note)
    if g.verdict == "refuted" and r.verdict == "undecided" and _may_refute(r, chosen):
        why = "; ".join(reasons + limits) or "a name stays free"
        return replace(r, method=f"{r.method}; false {g.method.split(': ', 1)[0]}, but {why}")
    return _with_reasons(r, shown)


def _listed(values: list[Value], what: str) -> str:
    """``a = 4, \\eta = 1/10 (the values stated at line 67)``; '' for none."""
    if not values:
        return ""
    lines = sorted({v.line for v in values})
    plural = "s" if len(values) > 1 else ""
    verb = "stated at" if what == "value" else "of"
    return (", ".join(f"{v.link.split('=', 1)[0].strip()} = {v.link.split('=', 1)[1].strip()}" for v in values)
            + f" (the {what}{plural} {verb} line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})")


def _hypotheses(r: LinkResult, why: str, links: list[str], ctx, base: dict, timeout: float) -> list[LinkResult] | None:
    """``r``'s link decided with ``links`` (the values, then the worked steps) as equality hypotheses in place of any
    value in force for those names; None when they do not read with it."""
    from symgd.app.audit.classify import relations as rels
    from symgd.app.audit.context import substituted
    from symgd.app.audit.evaluation import parsed
    from symgd.decide import decide

    keys = {norm(name_key(lhs_of(x).strip())) for x in links}
    drop = {a for a in ctx.assume if len(rels(a)) == 1 and norm(name_key(lhs_of(a).strip())) in keys}
    p = parsed(r.link, ctx, links, drop)
    if p is None or len(p.links) != 1:
        return None
    try:
        v = decide(substituted(p.links[0][1], p.context, ctx), p.context, timeout=timeout)
    except Exception:  # a body SymPy cannot take: not decided here
        return None
    verdict = "proved" if v.proved else "refuted" if v.refuted else "undecided"
    return [LinkResult(**base, link=r.link, kind="claim", verdict=verdict, method=f"{why}: {v.method}",
                       counterexample=dict(v.counterexample or {}), detail=getattr(v, "detail", "") or "")]


def _with_reasons(r: LinkResult, reasons: list[str]) -> LinkResult:
    """``r`` as it was; an undecided one says why the stated values did not decide it."""
    if not reasons or r.verdict != "undecided":
        return r
    return replace(r, method=f"{r.method}; not decided with the stated values: {'; '.join(reasons)}")
