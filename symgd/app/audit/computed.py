r"""A result written as ``name = value`` for a name the text has already determined is a computed claim, not a
definition.  classify.py reads ``name = value`` by its form; this module looks at what is in force (hooks in run.py):

* **a member of a recursion from a free start** (links): ``x_1 = x_0 - \frac{a x_0 - b}{a}`` after the rule of its
  section ``x_{k+1} = x_k - f'(x_k)/f''(x_k)``: the value is a formula in the start, so the rule's instance decides
  it for every start (members.py pins members only above a start the text gives);
* **a name whose definition is in force, at the values the section pins** (links): ``\alpha^\star = 4/(3+1)^2``
  after ``\alpha^\star = 4/(\sqrt L + \sqrt\mu)^2`` and "so $\mu = 1$, $L = 9$"; ``w_1 = 1`` after "the step $w_1 = w_0
  - \eta\ell'(w_0)$ from $w_0 = 0$ with $\eta = 1$".  Only when the evaluation leaves numbers (evaluation.py);
  otherwise nothing changes (``C = 2`` after ``C = L D^2`` with D given no value);
* **a value at pinned points** (values, before members.py): ``f(x^\star) = 11/2`` after "the point is $x^\star =
  3$", and an example's iterates ``x_2 = 0.64`` from its rule, start and step, evaluated exactly (evaluation.py);
* **a rule of an earlier section specialized** ("plugging the derivatives into the step we get $x_{k+1} = ...$"):
  checked against the rule in force, then registered as the section's rule;
* **a name the prose defines by a property** (stationary, after registration): a stationary point, an optimum or a
  fixed point (characterized.py).

A name the sentence sets ("let", "take", "set", "with", "start at", "define"; every value of a "Take ..." list) stays
a definition, and so does a first value (a name whose definition is written as a number).
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult, check_chain, mentions, norm
from symgd.app.audit.classify import Chain, lhs_of, name_key, relations
from symgd.app.audit.context import DocContext
from symgd.app.audit.evaluation import evaluated, is_number, parsed, written_number

__all__ = ["links", "sets", "stationary", "values"]

_SETS_HARD = (r"\b(let|define[sd]?|denote[sd]?|write|set|take|choose|fix|start(?:s|ed|ing)?\s+(?:at|from|with|in)|"
              r"initiali[sz]\w*|consider|pick|suppose|assume|instead|redefine[sd]?|try)\b")
_OPENS = re.compile(r"\s*(?:[-*]\s+)?(let|take|set|choose|fix|consider|suppose|assume|pick)\b", re.I)
_CONSEQUENCE = re.compile(r"\b(so|then|hence|thus|therefore|gives?|giving|yields?|we (?:get|obtain|find|have)|"
                          r"which|whence|and the)\b", re.I)
_SETS = re.compile(_SETS_HARD + r"|\b(use|using|with|now|if|when|for)\s*[:,]?\s*$", re.I)
_STASH = "_computed_derived"  # on the document's context: a derived rule's (line, name, verdict) until registered
_DERIVED = re.compile(r"\b(plugging|plug|substitut\w*|inserting|insert|simplif\w*|putting)\b", re.I)
_OBTAINED = re.compile(r"\b(we (?:get|obtain|find|have)|gives?|yields?|becomes|reads|turns into)\s*:?\s*$", re.I)
_KINDS = ("a value (for an example)", "the prose introduces it (redefinition)", "a new name on the left")


def _tail(before: str) -> str:
    """What the sentence says right before the formula: the words after its last formula or relation."""
    sentence = re.split(r"(?<=[.!?])[})*]*\s+", before.strip())[-1] if before.strip() else ""
    return re.split(r"\$|\\\)|\\\]|=|<|>|\\le|\\ge", sentence)[-1]


def sets(before: str, hard: bool = False) -> bool:
    """Whether the sentence before a formula sets the name it gives a value ("let", "take", "with", "start at");
    ``hard``: only a verb that sets ("with" then gives a value of a function, which nothing sets)."""
    if (re.compile(_SETS_HARD, re.I) if hard else _SETS).search(_tail(before)):
        return True
    sentence = re.split(r"(?<=[.!?])[})*]*\s+", before.strip())[-1] if before.strip() else ""
    opener = _OPENS.match(sentence)  # "Take $L = 4$, $\mu = 1$ and $\kappa = 2$": every value of the list is set
    return bool(opener) and not _CONSEQUENCE.search(sentence[opener.end():])


def links(c: Chain, d, ctx: DocContext, later, base: dict, timeout: float) -> list[LinkResult] | None:
    """The chain ``c`` (read as a definition) decided as a claim when the text already determines its name: a
    member of a recursion written in the free start, or a name whose definition in force the section's values
    pin to a number; None keeps the reading (nothing is changed in the context)."""
    rels = relations(c.latex)
    if not rels or rels[0].group(0) != "=" or sets(d.before):
        return None
    if (c.why in ("", "the prose introduces it (redefinition)") and c.kind != "assumption"
            and (why := _derived_rule(c.latex, d, ctx))):
        got = check_chain(Chain(c.latex, "claim", why), ctx, later, base, timeout)  # before the new rule replaces it
        object.__setattr__(ctx, _STASH, (d.line, name_key(lhs_of(c.latex).replace("&", "").strip()),
                                         [replace(r, method=f"{why}: {r.method}") for r in got]))
        return None  # registered as the section's rule (run.py), then given this verdict (stationary)
    if c.kind == "definition" and c.why in (*_KINDS, _REDEFINED):  # proved against what is in force (stationary)
        _agreement(c, d, ctx, later, base, timeout)
    if c.kind != "definition" or c.why not in _KINDS:
        return None
    found = _free_start(c.latex, ctx, d.line)
    if found is None:
        pinned = _pinned(c.latex, d, ctx)
        return evaluated(c.latex, *pinned, ctx, base, timeout) if pinned else None
    why, extra = found
    added: list[str] = []
    for x in [x for x in dict.fromkeys(extra) if x not in ctx.assume]:
        if ctx.add_assumption(x):  # does not read with the rest: the reading stays
            for y in added:
                ctx.assume.remove(y)
            return None
        added.append(x)
    try:
        out = check_chain(Chain(c.latex, "claim", why), ctx, later, base, timeout)
        gives = _value(c.latex, ctx) if any(r.verdict == "refuted" for r in out) else ""
        lhs = lhs_of(c.latex).replace("&", "").strip()
        return [replace(r, method=f"{why.removesuffix(': a claim')}: {r.method}", note=(
            r.note + "; " if r.note else "") + gives if r.verdict == "refuted" and gives and r.link.startswith(lhs)
            else r.note) for r in out]
    finally:
        for x in added:
            if x in ctx.assume:
                ctx.assume.remove(x)


_REDEFINED = "a function of names on the left (redefinition)"
_AGREES = "_computed_agrees"  # (line, link, the verdict) of a definition checked against the one in force
_DERIVES = re.compile(r"\b(so|hence|thus|therefore|then|gives?|giving|yields?|we (?:get|obtain|find|have)|becomes|"
                      r"reads|simplif\w*|whence|i\.\s?e\.|that is)\b", re.I)


def _agreement(c: Chain, d, ctx: DocContext, later, base: dict, timeout: float) -> None:
    r"""``D_\varphi(x, y) = (x - y)^2`` after ``D_\varphi(x, y) = \varphi(x) - \varphi(y) - \dots`` and "for
    $\varphi(x) = x^2$"; ``C = 2`` after ``C = L D^2``: a name whose definition is in force (not one the prose set
    for a while) written with another value is checked against that definition before the new one replaces it.  A
    proof is always the link's verdict (the value agrees with what the text determines); a refutation only where the
    text derives the value ("hence", "so", "we get", a chain) from a definition of its own section that nothing has
    made stale, and the counterexample sets no name but those the left side names (its own arguments and
    parameters: a number the text gives in words elsewhere is never taken as free).  The verdict is stashed for
    stationary(), after run.py has registered the definition as written."""
    rels = relations(c.latex)
    lhs = lhs_of(c.latex).replace("&", "").strip()
    key = name_key(lhs)
    link = ctx.defined.get(key, "")
    if not link or key in ctx.local or (link in ctx.assume and "(" not in lhs):
        return  # no definition in force, or a value the prose gives for a while ("Set eta = 1/L")
    rhs = c.latex[rels[0].end(): rels[1].start() if len(rels) > 1 else len(c.latex)].replace("&", "").strip()
    if link.split("=", 1)[-1].strip() == rhs or written_number(link.split("=", 1)[-1]):
        return  # the definition written again (run.py's business), or a first value and a new one (an example's)
    first = f"{lhs} = {rhs}"
    try:
        got = check_chain(Chain(first, "claim", "a definition in force"), ctx, later, base, timeout)
    except Exception:  # a method's failure leaves the definition as it was read
        return
    if len(got) != 1 or got[0].verdict not in ("proved", "refuted"):
        return
    r, line = got[0], ctx.defined_at.get(key, 0)
    fdef = next((f for f in ctx.fdefs.values() if f.latex == link), None)
    if r.verdict == "refuted":
        sentence = re.split(r"(?<=[.!?])\s+", d.before.strip())[-1] if d.before.strip() else ""
        here = line >= ctx.heading_before(d.line) and (fdef is None or fdef.name not in ctx.stale)
        derived = bool(_DERIVES.search(_tail(d.before)) or len(rels) > 1) and not sets(sentence)
        own = all(norm(k) in _parameters(lhs, fdef) for k in r.counterexample)
        body = fdef is not None or "(" not in lhs  # a function's body substituted, not read as arbitrary
        arbitrary = any("->" in str(v) for v in r.counterexample.values())
        if not (here and derived and own and body) or arbitrary:
            return
    what = f"the definition of line {line} in force" + (" (its body from an earlier section)" if fdef is not None
                                                         and fdef.name in ctx.stale else "")
    object.__setattr__(ctx, _AGREES, (d.line, first, replace(r, link=first, method=f"{what}: {r.method}")))


def _parameters(lhs: str, fdef) -> set[str]:
    """The names a redefinition ``F_t(v) = ...`` leaves free: the arguments that are the parameters of the function's
    definition in force (v of M_t(v) after M_t(v) = ...; not x_1 of f(x_1), a point the text may give in words) and
    the names in the function's subscript (t)."""
    m = re.fullmatch(r"(.+?)\s*(?:\\left)?\((.*)\)", lhs, re.S)
    if m is None or fdef is None:
        return set()
    params = {norm(str(a)) for a in fdef.args}
    args = {norm(a) for a in m.group(2).split(",")} & params
    sub = re.search(r"_\s*(\{[^{}]*\}|\\?[A-Za-z])", m.group(1))
    names = set(re.findall(r"\\[A-Za-z]+|[A-Za-z]", sub.group(1))) - {"\\mathrm", "\\text"} if sub else set()
    return args | names


def _derived_rule(chain: str, d, ctx: DocContext) -> str:
    """``x_{k+1} = x_k - 1 + 2e^{-x_k}`` in an example's section after the rule ``x_{k+1} = x_k - f'(x_k)/f''(x_k)``
    of an earlier one, where the sentence says it was derived ("plugging the derivatives into the step and
    simplifying we get"): the rule in force, specialized, is a claim (not the section's new method); '' otherwise."""
    from symgd.app.audit.shifts import canonical

    if len(relations(chain)) != 1:
        return ""
    key = name_key(lhs_of(chain).replace("&", "").strip())
    rule = next((v for k, v in ctx.shiftable.items() if canonical(k) == canonical(key) and ctx.defined.get(k) == v[0]),
                None)
    if rule is None or not any(rule[3] < h < d.line for h in ctx.sections):
        return ""  # a rule of this section written again: run.py's restatement
    sentence = re.split(r"(?<=[.!?])\s+", d.before.strip())[-1] if d.before.strip() else ""
    if not (_DERIVED.search(sentence) and _OBTAINED.search(sentence)):
        return ""
    return f"the rule of line {rule[3]} with what the text substitutes into it"


def _value(chain: str, ctx: DocContext) -> str:
    r"""``x_1 = x_0 - ...`` or ``\alpha^\star = 1/4``: what the definitions in force give the name on the left (with
    the assumptions just added), as the reason of a refutation; '' when it does not read."""
    from symgd.app.audit.context import substituted

    lhs = lhs_of(chain).replace("&", "").strip()
    p = parsed(f"{lhs} = 0", ctx, [])
    if p is None or len(p.links) != 1:
        return ""
    try:
        value = substituted(p.links[0][1], p.context, ctx).lhs
    except Exception:
        return ""
    return f"the definitions in force give {lhs} = {value}" if str(value) != lhs else ""


def _members_at_numbers(text: str) -> list[tuple[str, int, str]]:
    """(base, number, as written) of each ``x_0``, ``x_{12}``, ``\\hat m_2`` in ``text``."""
    return [(m.group(1), int(m.group(2) or m.group(3)), m.group(0)) for m in re.finditer(
        r"((?:\\(?:hat|tilde|bar)\s*\{?\s*)?\\?[A-Za-z]+\s*\}?)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))(?![\d,])", text)]


def _free_start(chain: str, ctx: DocContext, at: int) -> tuple[str, list[str]] | None:
    """``x_1 = x_0 - ...`` after ``x_{k+1} = x_k - ...`` with x_0 given no value: (why, [the rule's instance at 1])
    when every member of a family at a number that the instance's right side uses is written in the claim too (so
    the claim is about every start: a counterexample's start is one the claim covers)."""
    from symgd.app.audit import members

    lhs = lhs_of(chain).replace("&", "").strip()
    m = members._MEMBER.fullmatch(lhs)
    if m is None:
        return None
    n, rest = int(m.group(2) or m.group(3)), chain[relations(chain)[0].end():]
    for link, index, base, line in members._families(ctx):
        if members._flat(base) != members._flat(m.group(1)):
            continue
        if any(line < h < at for h in ctx.sections):
            return None  # a rule of an earlier section: this one may be about another method
        rule_rhs = link.split("=", 1)[1]
        if not re.search(r"(?<![A-Za-z\\])" + re.escape(base.strip()) + r"\s*_", rule_rhs):
            return None  # not a recursion: members.py's route
        off = re.search(r"_\s*\{?\s*" + index + r"\s*(?:([+-])\s*(\d+))?", link.split("=", 1)[0])
        if off is None:
            return None
        o = (int(off.group(2)) if off.group(2) else 0) * (-1 if off.group(1) == "-" else 1)
        inst = members._at(link, index, n - o)
        if inst is None:
            return None
        used = _members_at_numbers(inst.split("=", 1)[1])
        written = {(members._flat(b), k) for b, k, _ in _members_at_numbers(rest)}
        if not used or any((members._flat(b), k) not in written or k >= n for b, k, _ in used):
            return None
        if any(name_key(w) in ctx.defined for _, _, w in used):
            return None  # a pinned start: members.py decides it
        return f"a member of the family the rule of line {line} defines, written in its start: a claim", [inst]
    return None


def _pinned(chain: str, d, ctx: DocContext) -> tuple[str, str, list[str]] | None:
    """``\\alpha^\\star = 4/(3+1)^2`` after ``\\alpha^\\star = 4/(\\sqrt L + \\sqrt\\mu)^2`` and the section's
    ``L = 9``, ``\\mu = 1``: (why, the definition in force, the values the section gives the names it uses), or None."""
    key = name_key(lhs_of(chain).replace("&", "").strip())
    if "(" in key:
        return None
    link = ctx.defined.get(key, "")
    if not link or link.split("=", 1)[-1].strip() == chain[relations(chain)[0].end():].strip():
        return None
    if written_number(link.split("=", 1)[-1]):
        return None  # a first value and a new one: an example's new value, not a claim
    start = ctx.heading_before(d.line)
    used = _closure(link, ctx)
    values = [v for k, v in ctx.defined.items() if k != key and v not in ctx.assume and mentions(used, {}, norm(k))
              and (ctx.defined_at.get(k, 0) >= start or k in ctx.local) and is_number(v, ctx)]
    line = ctx.defined_at.get(key, 0)
    return f"the definition of line {line} at the values this section gives its names", link, values


def values(chain: str, d, ctx: DocContext, base: dict, timeout: float) -> list[LinkResult] | None:
    """``f(x^\\star) = \\frac{11}{2}`` after ``f(x) = \\frac12 x^2 + 1`` and "the point is $x^\\star = 3$" (a value of a
    defined function at a point this section pins): decided exactly with the values, so that a counterexample
    never gives the pinned point a value of its own; None when the chain is not one, or leaves a name free."""
    rels = relations(chain)
    if not rels or rels[0].group(0) != "=" or sets(d.before, hard=True):
        return None
    member = _unrolled(chain, d, ctx, base, timeout)
    if member is not None:
        return member
    m = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)\s*(?:\\left)?\(\s*([^()]*?)\s*(?:\\right)?\)",
                     lhs_of(chain).replace("&", "").strip())
    if m is None or not any(m.group(1) == name and m.group(2) != params for name, params in _functions(ctx)):
        return None  # not a defined function, or its definition written again (f(x) = ...)
    start = ctx.heading_before(d.line)
    pins = [v for k, v in ctx.defined.items() if v not in ctx.assume and mentions(chain, {}, norm(k))
            and "(" not in k and ctx.defined_at.get(k, 0) >= start and is_number(v, ctx)]
    if not pins:
        return _at_a_point(chain, m.group(1), m.group(2), ctx, base, timeout)
    return evaluated(chain, f"a value of {m.group(1)} at the values this section gives", "", pins, ctx, base, timeout)


def _at_a_point(chain: str, fname: str, args: str, ctx: DocContext, base: dict, timeout: float) -> list[LinkResult] | None:
    """``f(x_1) = \frac54`` after ``f(x) = x^2 + 1`` where no formula gives x_1 (the text may say in words where the
    step lands): checked, but a counterexample that sets the point is no refutation (undecided, with the reason); None
    when a formula in force gives every name of the point (the ordinary route decides it)."""
    points = [norm(a) for a in args.split(",")  # x_1, x^\star, w_k: a point (a plain y may be any value)
              if re.fullmatch(r"\s*\\?[A-Za-z]+(?:_\{?[\w\\]+\}?|\^\{?(?:\\star|\*|\\ast)\}?)+\s*", a)]
    free = [p for p in points if not any(norm(k) == p for k in ctx.defined)]
    if not free:
        return None
    got = check_chain(Chain(chain, "claim", f"a value of {fname}"), ctx, ([], {}), base, timeout)
    out = []
    for r in got:
        set_ = sorted(k for k in r.counterexample if norm(k) in free)
        if r.verdict == "refuted" and set_:
            r = replace(r, verdict="undecided", method=f"a value of {fname} at {', '.join(set_)}, a point no formula "
                        f"of the text gives (it may say in words where it lies): refuted only at another point "
                        f"({r.method})")
        out.append(r)
    return out


def _unrolled(chain: str, d, ctx: DocContext, base: dict, timeout: float) -> list[LinkResult] | None:
    """``x_2 = 0.64`` after ``x_{k+1} = x_k - \\eta f'(x_k)``, ``x_0 = 1``, ``\\eta = 0.1``: the rule's instances down
    to the start (members.py) substituted, the functions' bodies and derivatives taken, and only then the numbers the
    section gives (the start, the step): a derivative at a pinned point is taken before the point is put in.  None
    when members.py does not determine the name, or a name stays free (members.py's route decides it then)."""
    from symgd.app.audit import members

    lhs = lhs_of(chain).replace("&", "").strip()
    if members._MEMBER.fullmatch(lhs) is None:
        return None
    found = members.determined(chain, d, ctx)
    if found is None or not found[1]:
        return None
    why, instances = found
    start = ctx.heading_before(d.line)
    numbers = [x for x in instances if written_number(x.split("=", 1)[-1])]
    pins = numbers + [v for k, v in ctx.defined.items() if (v not in ctx.assume or k in ctx.local) and v not in numbers
                      and "(" not in k and ctx.defined_at.get(k, 0) >= start and written_number(v.split("=", 1)[-1])
                      and any(mentions(x, {}, norm(k)) for x in instances)]
    rules = [x for x in instances if x not in numbers]
    return evaluated(chain, why.removesuffix(": a claim"), rules, pins, ctx, base, timeout)


def _functions(ctx: DocContext) -> list[tuple[str, str]]:
    """(name as written, its parameters as written) of each function whose body is in force."""
    out = []
    for a in [f.latex for f in ctx.fdefs.values() if f.name not in ctx.stale] + ctx.assume:
        m = re.fullmatch(r"\s*(\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)\s*(?:\\left)?\(\s*([^()]*?)\s*(?:\\right)?\)\s*=.*",
                         a, re.S)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def _closure(link: str, ctx: DocContext) -> str:
    """The right side of ``link`` and of every definition in force it uses, at any depth (one text)."""
    texts, seen = [link.split("=", 1)[-1]], set()
    for _ in range(8):
        more = [v.split("=", 1)[-1] for k, v in ctx.defined.items() if k not in seen and v != link
                and any(mentions(t, {}, norm(k)) for t in texts)]
        seen |= {k for k, v in ctx.defined.items() if v.split("=", 1)[-1] in more}
        if not more:
            break
        texts += more
    return " ".join(texts)


def stationary(result: LinkResult, d, ctx: DocContext, timeout: float) -> LinkResult:
    """A definition just registered: a rule of an earlier section specialized in this one (links, _derived_rule) gets
    the verdict found before it replaced that rule; a name the prose defines by a property is checked as one
    (characterized.py)."""
    if result.kind != "definition" or result.verdict != "definition":
        return result
    line, key, got = getattr(ctx, _STASH, (0, "", []))
    object.__setattr__(ctx, _STASH, (0, "", []))
    if line == d.line and key == name_key(lhs_of(result.link).strip()) and len(got) == 1:
        return replace(got[0], link=result.link, note="registered as this section's rule")
    at, link, verdict = getattr(ctx, _AGREES, (0, "", None))
    object.__setattr__(ctx, _AGREES, (0, "", None))
    if at == d.line and link == result.link and verdict is not None:
        return replace(verdict, note=(verdict.note + "; " if verdict.note else "") + "registered as written")
    from symgd.app.audit.roots import named_value

    named = named_value(result, d, ctx, timeout)  # "whose roots are", "with eigenvalues": the value it says it is
    if named is not result:
        return named
    if sets(d.before):
        return result
    from symgd.app.audit.characterized import check, solves

    checked = check(result, d, ctx, timeout)
    return checked if checked is not result else solves(result, d, ctx, timeout)
