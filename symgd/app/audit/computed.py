r"""A result written as ``name = value`` for a name the text has already determined is a computed claim, not a
definition.  classify.py reads ``name = value`` by its form; this module looks at what is in force:

* **a member of a recursion from a free start**: ``x_1 = x_0 - \frac{a x_0 - b}{a}`` after the rule ``x_{k+1} = x_k
  - f'(x_k)/f''(x_k)`` (members.py pins members only above a start the text gives; here the value is a formula in
  the start itself, so the rule's instance decides it for every start);
* **a name whose definition is in force, at the values the section pins**: ``\alpha^\star = \frac{4}{(3+1)^2}``
  after ``\alpha^\star = \frac{4}{(\sqrt L + \sqrt\mu)^2}`` and "so $\mu = 1$, $L = 9$"; ``w_1 = 1`` after "the
  step $w_1 = w_0 - \eta\ell'(w_0)$ from $w_0 = 0$ with $\eta = 1$".  Only when every name of the definition is
  pinned: the definition evaluated at the pinned values, with the document's functions, must leave a number
  (exact), so a refutation is that number against the one written.  Otherwise nothing changes (``C = 2`` after
  ``C = L D^2`` with D never given a value stays what it was);
* **a name the prose defines by a property**: "the only stationary point is the minimizer, $x^\star = \ln 2$"
  after ``f(x) = e^x - 2x``: the first-order condition of the one function of that variable in force (and, for
  a minimizer, its convexity: argmin.py).  Only a decorated name (``x^\star``, ``w^*``, ``x_{\mathrm{opt}}``) of
  the variable of exactly one defined smooth function; a proof or a refutation replaces the "definition" verdict,
  anything else leaves it (the value is still carried as the definition it was).

A name the sentence sets ("let", "take", "set", "with", "start at", "define") stays a definition, and so does a
first value (a number for a name whose definition is a number).
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult, check_chain, mentions, norm
from symgd.app.audit.classify import Chain, lhs_of, name_key, relations
from symgd.app.audit.context import DocContext

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
_CONSTRAINED = re.compile(r"\b(on|over|subject to|constrain\w*|s\.t\.|interval|within|feasible|among|restricted)\b|"
                          r"\\in(?![A-Za-z])", re.I)
_FIXED = re.compile(r"\b(fixed point|equilibrium|steady state)\b", re.I)
_FIXED_NAME = re.compile(r"\s*(?:\\bar\s*\{?\s*(\\?[A-Za-z]+)\s*\}?|\\overline\s*\{\s*(\\?[A-Za-z]+)\s*\}|"
                         r"(\\?[A-Za-z]+)\s*(?:\^\s*\{?\s*(?:\\star|\*|\\ast)\s*\}?|_\s*\{?\s*(?:\\star|\*|\\ast|\\infty)\s*\}?))\s*")
_KINDS = ("a value (for an example)", "the prose introduces it (redefinition)", "a new name on the left")
_PROPERTY = re.compile(r"\b(stationary point|critical point|minimi[sz]er|minimum|maximi[sz]er|maximum)\b", re.I)
_DECORATED = re.compile(r"\s*(\\?[A-Za-z]+)\s*(?:\^\s*\{?\s*(?:\\star|\*|\\\*|\\ast)\s*\}?|_\s*\{?\s*(?:\\star|\*|\\ast)"
                        r"\s*\}?|_\s*\{\s*\\(?:mathrm|text|operatorname)\s*\{\s*opt\s*\}\s*\})\s*")


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
    if c.kind != "definition" or c.why not in _KINDS:
        return None
    found = _free_start(c.latex, ctx, d.line)
    if found is None:
        pinned = _pinned(c.latex, d, ctx)
        return _evaluated(c.latex, *pinned, ctx, base, timeout) if pinned else None
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
    p = _parsed(f"{lhs} = 0", ctx, [])
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
    """``\\alpha^\\star = 4/(3+1)^2`` after ``\\alpha^\\star = 4/(\\sqrt L + \\sqrt\\mu)^2`` and the section's ``L = 9``,
    ``\\mu = 1``: (why, the definition in force, the values the section gives the names it uses), or None."""
    key = name_key(lhs_of(chain).replace("&", "").strip())
    if "(" in key:
        return None
    link = ctx.defined.get(key, "")
    if not link or link.split("=", 1)[-1].strip() == chain[relations(chain)[0].end():].strip():
        return None
    if _written_number(link.split("=", 1)[-1]):
        return None  # a first value and a new one: an example's new value, not a claim
    start = max((h for h in ctx.sections if h <= d.line), default=0)
    used = _closure(link, ctx)
    values = [v for k, v in ctx.defined.items() if k != key and v not in ctx.assume and mentions(used, {}, norm(k))
              and (ctx.defined_at.get(k, 0) >= start or k in ctx.local) and _number(v, ctx)]
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
    start = max((h for h in ctx.sections if h <= d.line), default=0)
    pins = [v for k, v in ctx.defined.items() if v not in ctx.assume and mentions(chain, {}, norm(k))
            and "(" not in k and ctx.defined_at.get(k, 0) >= start and _number(v, ctx)]
    if not pins:
        return None
    return _evaluated(chain, f"a value of {m.group(1)} at the values this section gives", "", pins, ctx, base, timeout)


def _unrolled(chain: str, d, ctx: DocContext, base: dict, timeout: float) -> list[LinkResult] | None:
    """``x_2 = 0.64`` after ``x_{k+1} = x_k - \\eta f'(x_k)``, ``x_0 = 1``, ``\\eta = 0.1``: the rule's instances down to
    the start (members.py) substituted, the functions' bodies and derivatives taken, and only then the numbers the
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
    start = max((h for h in ctx.sections if h <= d.line), default=0)
    numbers = [x for x in instances if _written_number(x.split("=", 1)[-1])]
    pins = numbers + [v for k, v in ctx.defined.items() if v not in ctx.assume and v not in numbers and "(" not in k
                      and ctx.defined_at.get(k, 0) >= start and _written_number(v.split("=", 1)[-1])
                      and any(mentions(x, {}, norm(k)) for x in instances)]
    rules = [x for x in instances if x not in numbers]
    return _evaluated(chain, why.removesuffix(": a claim"), rules, pins, ctx, base, timeout)


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


def _parsed(latex: str, ctx: DocContext, extra: list[str], drop: set[str] | frozenset = frozenset()):
    """``latex`` read with the document's declarations and ``extra`` assumptions, without those in ``drop`` (rules
    the caller puts in itself); None when it does not read."""
    from symgd.core.declarations import Declarations
    from symgd.latex.problem import parse_problem

    assume = tuple(a for a in ctx.assume if a not in drop) + tuple(x for x in extra if x not in ctx.assume)
    decl = Declarations(assume, tuple(ctx.vectors), tuple(ctx.matrices), tuple(ctx.symmetric),
                        tuple(ctx.positive_definite), tuple(ctx.functions))
    try:
        return parse_problem(latex, declarations=decl, allow_unused=True)
    except Exception:  # a formula the parser refuses: not a number
        return None


def _number(link: str, ctx: DocContext) -> bool:
    """Whether ``link`` (``name = value``) gives its name a number or a vector of numbers (no name, no function)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    if not re.search(r"[^=<>]=[^=<>]", link) or len(relations(link)) != 1:
        return False
    p = _parsed(link, ctx, [])
    if p is None or len(p.links) != 1:
        return False
    e = p.links[0][1].rhs
    if isinstance(e, sp.MatrixBase):
        return all(not x.free_symbols and not x.atoms(AppliedUndef) for x in e)
    return not getattr(e, "free_symbols", {1}) and not getattr(e, "is_Matrix", False) and not e.atoms(AppliedUndef)


def _written_number(latex: str) -> bool:
    """A number as written: digits, fractions, roots, logarithms, pi and e, no name (``\\frac{1}{4}``, ``\\ln 2``)."""
    rest = re.sub(r"\\(?:pi|[dt]?frac|sqrt|left|right|cdot|log|ln|exp)(?![A-Za-z])|(?<![A-Za-z\\])e(?![A-Za-z])|"
                  r"[\d\s.{}()+\-*/^,\[\]]", "", latex)
    return not rest and bool(re.search(r"\d|\\pi", latex))


def _explicit(side):
    """``side`` as a number or an explicit matrix of numbers (a 1x1 matrix as its entry), or None."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    if isinstance(side, sp.MatrixBase) or getattr(side, "is_Matrix", False):
        try:
            side = sp.Matrix(side.as_explicit() if not isinstance(side, sp.MatrixBase) else side)
        except Exception:  # a symbolic size: not explicit
            return None
        if any(x.free_symbols or x.atoms(AppliedUndef) for x in side):
            return None
        return side[0, 0] if side.shape == (1, 1) else side
    return None if getattr(side, "free_symbols", {1}) or side.atoms(AppliedUndef) else side


def _evaluated(chain: str, why: str, link: str | list[str], values: list[str], ctx: DocContext, base: dict,
               timeout: float) -> list[LinkResult] | None:
    """Each link of ``chain`` with the definitions ``link`` put in by name, each read alone with the document's functions
    replaced by their bodies (derivatives taken), and then the pinned ``values``: decided exactly when both sides are
    numbers (or vectors of numbers), else None (a name stays free: not determined).  The order matters: a derivative at
    a point (``\\ell'(w_0)`` at ``w_0 = 0``, ``f'(x_1)`` with ``x_1 = x_0 - \\eta f'(x_0)``) is taken before the point
    is put in (the parser would differentiate in a number)."""
    import sympy as sp

    from symgd.app.audit.context import substituted
    from symgd.core.claims import Claim
    from symgd.decide import decide

    given = ([link] if isinstance(link, str) and link else list(link or [])) + values
    if any(len(m.group(1)) > 14 for x in [chain, *given] for m in re.finditer(r"\d\.(\d+)", x)):
        return None  # more digits than a decimal the parser keeps exactly
    keys = {name_key(lhs_of(x).strip()) for x in given}
    drop = {v[0] for v in ctx.shiftable.values()} | {a for a in ctx.assume if len(relations(a)) == 1
                                                       and name_key(lhs_of(a).strip()) in keys}
    p = _parsed(chain, ctx, [], drop)
    if p is None or not p.links:
        return None
    defs: dict[str, object] = {}
    for x in given:
        q = _parsed(x, ctx, [], drop)
        if q is None or len(q.links) != 1 or not isinstance(q.links[0][1].lhs, (sp.Symbol, sp.MatrixSymbol)):
            return None  # a definition that does not read alone: not determined here
        try:
            defs[q.links[0][1].lhs.name] = substituted(q.links[0][1], q.context, ctx).rhs
        except Exception:  # a body SymPy cannot take
            return None
    out = []
    for text, claim in p.links:
        try:
            claim = substituted(claim, p.context, ctx)
            sides = []
            for side in (claim.lhs, claim.rhs):
                for _ in range(32):  # x_2 -> x_1 -> x_0 -> 1: one level per round
                    names = {x: defs[x.name] for x in side.free_symbols if getattr(x, "name", "") in defs}
                    if not names:
                        break
                    side = side.xreplace(names).doit()
                sides.append(_explicit(_exact(side.doit())))
        except Exception:  # a substitution SymPy cannot take: not determined here
            return None
        if any(x is None for x in sides) or isinstance(sides[0], sp.MatrixBase) != isinstance(sides[1], sp.MatrixBase):
            return None
        if isinstance(sides[0], sp.MatrixBase):  # vectors of numbers: entry by entry, exactly
            if sides[0].shape != sides[1].shape or claim.rel.value != "=":
                return None
            gaps = [sp.simplify(a - b) for a, b in zip(sides[0], sides[1], strict=True)]
            verdict = ("refuted" if any(g.is_zero is False for g in gaps) else
                       "proved" if all(g == 0 for g in gaps) else "undecided")
            method, cex = "entry by entry, exactly", {}
        else:
            v = decide(Claim(sides[0], claim.rel, sides[1]), p.context, timeout=timeout)
            verdict = "proved" if v.proved else "refuted" if v.refuted else "undecided"
            method, cex = v.method, dict(v.counterexample or {})
        unit = _unit(text)
        if verdict == "refuted" and unit and claim.rel.value == "=" and not isinstance(sides[0], sp.MatrixBase):
            gap = sp.simplify(abs(sides[0] - sides[1]))
            if (gap < unit) if gap.is_Rational else (sp.N(gap, 50) < sp.N(unit, 50)):  # 0.333 or 0.334 for 1/3: rounded (or cut) to the digits written, not a slip
                verdict, method = "undecided", f"agrees to the {_digits(text)} decimal places written, not exactly ({method})"
        written = "the decimals as written (0.1 = 1/10); " if unit else ""
        note = (f"the definitions in force give {lhs_of(chain).replace('&', '').strip()} = {sides[0]}"
                if verdict == "refuted" and text == p.links[0][0] else "")
        out.append(LinkResult(**base, link=text, kind="claim", verdict=verdict, method=f"{why}: {written}{method}",
                              counterexample=cex, note=note))
    return out


def _exact(expr):
    """``expr`` with each decimal the text wrote as the rational it denotes (0.1 as 1/10, exactly)."""
    import sympy as sp

    if not hasattr(expr, "atoms"):
        return expr
    return expr.xreplace({f: sp.Rational(str(f)) for f in expr.atoms(sp.Float)})


def _digits(text: str) -> int:
    return max((len(m.group(1)) for m in re.finditer(r"\d\.(\d+)", text)), default=0)


def _unit(text: str):
    """One unit of the last decimal place written in ``text`` (0.001 for 0.333), or 0 when it writes no decimal."""
    import sympy as sp

    n = _digits(text)
    return sp.Rational(1, 10**n) if n else 0


def stationary(result: LinkResult, d, ctx: DocContext, timeout: float) -> LinkResult:
    """A rule of an earlier section specialized in this one (links, _derived_rule) gets its verdict once registered.
    A definition ``x^\\star = v`` that the sentence calls a stationary point or an optimum, checked as one: the
    first-order condition of the one defined function of ``x`` in force (a minimizer: also convexity, argmin.py);
    a proof or a refutation is the link's verdict (the definition stays registered), anything else leaves it."""
    if result.kind != "definition" or result.verdict != "definition":
        return result
    line, key, got = getattr(ctx, _STASH, (0, "", []))
    object.__setattr__(ctx, _STASH, (0, "", []))
    if line == d.line and key == name_key(lhs_of(result.link).strip()) and len(got) == 1:
        return replace(got[0], link=result.link, note="registered as this section's rule")
    sentence = re.split(r"(?<=[.!?])\s+", d.before.strip())[-1] if d.before.strip() else ""
    if _FIXED.search(sentence) and not sets(d.before):
        return _fixed_point(result, ctx, timeout) or result
    props = [m.group(1).lower() for m in _PROPERTY.finditer(sentence)]
    prop = next((w for w in props if w.startswith(("minim", "maxim"))), props[0] if props else None)
    rels = relations(result.link)
    if prop is None or len(rels) != 1 or rels[0].group(0) != "=" or sets(d.before):
        return result
    name = lhs_of(result.link).strip()
    m = _DECORATED.fullmatch(name)
    if m is None:
        return result
    var = m.group(1)
    fns = _functions_of(var, ctx)
    if len(fns) != 1 or re.search(r"(?<!\\)\||\\[lr]?vert(?![A-Za-z])|\\max|\\min|cases", fns[0][1]):
        return result  # no function or several of that variable, or one with a kink: the property is not stated
    fname, body, line = fns[0]
    point = result.link[rels[0].end():].strip()
    from symgd.app.audit.argmin import check_argmin
    from symgd.app.audit.context import prepare
    from symgd.app.audit.logic import check_solution

    word = prop
    named = re.search(r"\b(?:stationary point|critical point|minimi[sz]er|minimum|maximi[sz]er|maximum)\s+of\s+(.{0,40})",
                      sentence, re.I)
    if named and not re.match(r"(?:the\s+(?:function|objective|loss)\s+)?\$?\s*" + re.escape(fname) + r"(?![A-Za-z])",
                              named.group(1)):
        return result  # the optimum of something else ("of the model", "of $g$")
    if _CONSTRAINED.search(sentence):
        return result  # "on the interval", "over the simplex": the first-order condition is not a zero gradient
    obj = body if not word.startswith("maxim") else rf"-\left({body}\right)"  # the body: argmin.py reads no definitions
    decl = ctx.declarations()
    try:
        if word.startswith(("minim", "maxim")):
            verdict, method, cex = check_argmin(point, var, "", obj, decl, prepare(ctx), timeout)
            if verdict == "undecided" and var in ctx.vectors:
                verdict, method = _normal_equations(point, var, obj, decl, timeout) or (verdict, method)
        else:
            verdict, method, cex = check_solution(rf"\nabla_{{{var}}}\left({obj}\right) = 0", f"{var} = {point}", decl,
                                                  prepare(ctx), timeout, unique=False)
    except Exception:  # a method's failure leaves the definition as it was read
        return result
    if verdict not in ("proved", "refuted"):
        return result
    what = f"{word} of {fname} (its definition, line {line}), as the sentence says"
    return replace(result, kind="claim", verdict=verdict, method=f"{what}: {method}", counterexample=cex or {},
                   note=result.note)


def _functions_of(var: str, ctx: DocContext) -> list[tuple[str, str, int]]:
    """(name, body, line) of each function of the one variable ``var`` in force: the bodies substituted (ctx.fdefs,
    not from an earlier section) and those of a vector variable, assumed for every value of it."""
    out = [(lhs_of(f.latex).split("(")[0].strip(), f.latex.split("=", 1)[1].strip(), f.line) for f in ctx.fdefs.values()
           if f.name not in ctx.stale and len(f.args) == 1 and f.args[0].name == var]
    for a in ctx.assume:
        m = re.fullmatch(r"\s*(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s*\(\s*" + re.escape(var) + r"\s*\)\s*=\s*(.+)", a, re.S)
        if m and m.group(1) not in {n for n, _, _ in out} and not relations(m.group(2)):
            out.append((m.group(1), m.group(2).strip(), ctx.defined_at.get(m.group(1), 0)))
    return out


def _normal_equations(point: str, var: str, obj: str, decl, timeout: float) -> tuple[str, str] | None:
    """``w^* = (X^T X + \\lambda I)^{-1} X^T y`` for ``\\frac12\\|Xw - y\\|^2 + \\frac\\lambda2\\|w\\|^2``: the gradient is
    affine, ``M w + g_0`` with M free of w (its Jacobian), and the point is ``M^{-1}(-g_0)`` (exactly, after
    simplification; M invertible as the point's inverse presupposes); a minimizer when M is a sum of Gram matrices
    ``A^T A`` and ``c I`` with c >= 0 proved (positive semidefinite).  ('proved', method) or None."""
    import sympy as sp

    from symgd.app.audit.logic import parse_lenient
    from symgd.core.claims import Claim, Rel, is_matrix
    from symgd.decide import decide

    p, _ = parse_lenient(rf"\nabla_{{{var}}}\left({obj}\right) = 0" + f"\n{var} = {point}", decl)
    if len(p.links) != 2:
        return None
    g, x, value = p.links[0][1].lhs, p.links[1][1].lhs, p.links[1][1].rhs
    if not isinstance(x, sp.MatrixSymbol) or not is_matrix(g):
        return None
    jac = sp.simplify(g.diff(x))
    if not is_matrix(jac) or x in jac.free_symbols:
        return None
    g0 = g.xreplace({x: sp.ZeroMatrix(*x.shape)})
    gap = sp.simplify(value - sp.Inverse(jac) * (-g0))
    if not (isinstance(gap, sp.ZeroMatrix) or gap == 0):
        return None
    for term in jac.args if isinstance(jac, sp.MatAdd) else (jac,):
        factors = term.args if isinstance(term, sp.MatMul) else (term,)
        mats = [a for a in factors if is_matrix(a)]
        gram = len(mats) == 2 and mats[0] == mats[1].T
        if not (gram or (len(mats) == 1 and isinstance(mats[0], sp.Identity))):
            return None
        c = sp.Mul(*[a for a in factors if not is_matrix(a)])
        if c != 1 and not decide(Claim(c, Rel.GE, 0), p.context, timeout=timeout / 4).proved:
            return None
    return "proved", (f"the gradient is affine in {var} with the coefficient {jac}, and the point is that coefficient's "
                      "inverse (presupposed: the point uses it) applied to minus the gradient at 0; a convex objective "
                      "(the coefficient a sum of Gram matrices A^T A and c I, c >= 0)")


def _fixed_point(result: LinkResult, ctx: DocContext, timeout: float) -> LinkResult | None:
    """``\\bar x = b/a`` that the sentence calls the fixed point of the rule ``x_{k+1} = x_k - \\eta(a x_k - b)`` in
    force: the rule's right side at the point equals the point (exactly, with the document's definitions); a
    proof or a refutation, else None.  Only a rule whose right side uses its own family at the current index alone."""
    from symgd.app.audit.context import substituted
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    rels = relations(result.link)
    m = _FIXED_NAME.fullmatch(lhs_of(result.link).strip()) if len(rels) == 1 and rels[0].group(0) == "=" else None
    if m is None:
        return None
    base = next(g for g in m.groups() if g)
    rules = [(link, index, fam, line) for k, (link, index, fam, line, _) in ctx.shiftable.items()
             if ctx.defined.get(k) == link and re.sub(r"[{}\s]", "", fam) == base.lstrip("\\")]
    if len(rules) != 1:
        return None
    link, index, fam, line = rules[0]
    if any(line < h < result.line for h in ctx.sections):
        return None  # a rule of an earlier section: the sentence may be about another iteration
    rhs = link.split("=", 1)[1]
    here = re.compile(r"(?<![A-Za-z\\])" + re.escape(fam.strip()) + r"\s*_\s*(?:\{\s*" + index + r"\s*\}|" + index
                      + r"(?![A-Za-z]))")
    if not here.search(rhs) or re.search(r"_\s*\{\s*" + index + r"\s*[+-]", rhs) or re.search(
            r"(?<![A-Za-z\\])" + re.escape(fam.strip()) + r"\s*_", here.sub("", rhs)):
        return None  # another member (x_{k-1}), or another indexed family (g_k): not a map of x_k alone
    point = result.link[rels[0].end():].strip()
    claim_text = f"{point} = {here.sub(lambda _: '(' + point + ')', rhs).strip()}"
    try:
        p = parse_problem(claim_text, declarations=ctx.declarations(), allow_unused=True)
        if len(p.links) != 1:
            return None
        v = decide(substituted(p.links[0][1], p.context, ctx), p.context, timeout=timeout)
    except Exception:  # not read: the definition as it was read
        return None
    if not (v.proved or v.refuted):
        return None
    return replace(result, kind="claim", verdict="proved" if v.proved else "refuted",
                   method=f"a fixed point of the rule of line {line}, as the sentence says: {claim_text} ({v.method})",
                   counterexample=dict(v.counterexample or {}))
