"""What a formula is in its sentence, beyond its own form (classify.py): names the prose defines as the roots of
an equation, conditions that lead a sentence into a display, and conditions the text stated locally earlier.

* "the roots $r_1, r_2$ of the characteristic polynomial $p(r) = r^2 - b r + c$", "let $r_1, r_2$ be the roots
  of (3)", "$\\lambda_1 \\le \\lambda_2$ are the eigenvalues of $A$": the names are defined, never free.  A claim
  about the roots of a quadratic the text writes out is decided exactly over the complex numbers (a polynomial
  of the roots reduced by Vieta's formulas and the quadratic itself: proved when the remainder vanishes, refuted
  at a point of the parameters where it vanishes at neither root); otherwise no counterexample may treat the
  names as arbitrary (undecided, with the reason).
* "When the discriminant is nonpositive, i.e. $D \\le 0$, the roots are complex and $$...$$", "For $a > 0$,
  $b > 0$ and $\\eta > 0$ the analysis gives $$...$$": each condition of a sentence that opens with
  when/if/for/whenever/provided/assuming/given/suppose and runs into a display holds in that display only.
* A claim refuted only because it needs a condition the text stated earlier as a local one ("If the step is
  small, $\\alpha \\le 1/(L M_G)$, ...", later "Since $0 < \\alpha\\mu \\le 1$") is undecided: the text stated
  the condition, locally there.  Assumptions the text never states leave the refutation as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult, norm
from symgd.app.audit.classify import Chain, relations
from symgd.app.audit.context import DocContext

__all__ = ["leads_to_display", "links", "read", "settle"]

_STATE = "_roles_state"
_NAME = r"\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?"
_NAMES = rf"({_NAME}(?:\s*(?:,|\\le|\\leq|\\ge|\\geq|<|>|\\ldots|\\dots|\\cdots)\s*{_NAME})+)"
_WHAT = r"(roots?|eigenvalues|solutions|zeros|zeroes)"
_ROOTS = [  # the names in group 'n', what they are in group 'w', what they solve right after 'of' (group 'of')
    re.compile(rf"\b{_WHAT}\s+\$\s*(?P<n>{_NAMES[1:-1]})\s*\$\s+(?P<of>of\b.{{0,200}})", re.I | re.S),
    re.compile(rf"\blet\s+\$\s*(?P<n>{_NAMES[1:-1]})\s*\$\s+(?:be|denote)\s+the\s+(?:\w+\s+){{0,2}}{_WHAT}"
               r"(?P<of>\s+of\b.{0,200})?", re.I | re.S),
    re.compile(rf"\$\s*(?P<n>{_NAMES[1:-1]})\s*\$\s+(?:are|denote)\s+the\s+(?:\w+\s+){{0,2}}{_WHAT}"
               r"(?P<of>\s+of\b.{0,200})?", re.I | re.S),
]


def _state(ctx: DocContext) -> dict:
    """This module's state on the document's context: roots (name keys -> (polynomial LaTeX or '', variable,
    line)) and the local conditions seen so far ((LaTeX, line))."""
    if not hasattr(ctx, _STATE):
        object.__setattr__(ctx, _STATE, {"roots": {}, "local": [], "equations": set()})
    return getattr(ctx, _STATE)


def read(before: str, latex: str, after: str, line: int, ctx: DocContext) -> None:
    """Record the names the prose around a formula defines as roots (eigenvalues, solutions) of something, and
    the upper limit of a sum from 0 or 1 as a count (``\\sum_{t=1}^T``: T >= 0, for every later claim)."""
    for m in re.finditer(r"\\sum_\{\s*([a-z])\s*=\s*[01]\s*\}\s*\^\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![A-Za-z]))", latex):
        count = m.group(2) or m.group(3)
        if count != m.group(1) and count not in ctx.defined and f"{count} \\ge 0" not in ctx.assume and not any(
                re.search(r"(?<![A-Za-z\\])" + count + r"(?![A-Za-z])", a) for a in ctx.assume):
            ctx.add_assumption(f"{count} \\ge 0")  # refused (a vector, a function): nothing assumed
    text = f"{before} ${latex}$ {after}"
    here = (len(before) + 1, len(before) + 3 + len(latex))  # the names must be this formula (its line is theirs)
    state = _state(ctx)
    for rx in _ROOTS:
        for m in rx.finditer(text):
            if not here[0] <= m.start("n") <= here[1]:
                continue
            names = [n for n in re.split(r"\s*(?:,|\\le|\\leq|\\ge|\\geq|<|>|\\ldots|\\dots|\\cdots)\s*", m.group("n"))
                     if n]
            keys = tuple(norm(n) for n in names)
            if keys in state["roots"] or any(k in ctx.defined or k in ctx.opaque for k in keys):
                continue
            poly = _polynomial(m.group("of") or "") if m.group(1 if rx is _ROOTS[0] else 2).lower().startswith(
                ("root", "solution", "zero")) else ""
            state["roots"][keys] = (poly, names, line)
            if poly:  # the equation written after "of" defines them: not a claim
                state["equations"].add(re.sub(r"\s+", "", _written(m.group("of") or "")))
            for k in keys:  # defined by the text: no counterexample may treat them as arbitrary
                ctx.opaque.setdefault(k, line)


def _written(of: str) -> str:
    m = re.match(r"of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}\$([^$]+)\$", of.strip())
    return m.group(1).strip() if m else ""


def _polynomial(of: str) -> str:
    """The quadratic written right after "of" ("of the characteristic polynomial $p(r) = ...$", "of
    $r^2 - b r + c = 0$"): its LaTeX as 'expression = 0', or '' when it is not written there."""
    m = re.match(r"of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}\$([^$]+)\$", of.strip())
    if m is None:
        return ""
    body = m.group(1).strip()
    rels = relations(body)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return ""
    lhs, rhs = body[: rels[0].start()].strip(), body[rels[0].end():].strip()
    if re.fullmatch(r"[A-Za-z]\s*\(\s*[A-Za-z]\s*\)", lhs):  # p(r) = ...: the polynomial is the right side
        return f"{rhs} = 0"
    return body if re.fullmatch(r"0", rhs) else f"{lhs} - ({rhs}) = 0"


def links(chain: str, d, ctx: DocContext, later, base: dict, timeout: float) -> list[LinkResult] | None:
    """A displayed or inline claim about names defined as the roots of a quadratic the text writes out, decided
    by Vieta's formulas (exact, over the complex numbers), or a value given to a name the text has already
    determined (:func:`determined`), checked with the instances that determine it; None otherwise."""
    found = determined(chain, d, ctx) or _mentioned(chain, d, ctx)
    if found is not None:
        from symgd.app.audit.chain import check_chain

        why, instances = found
        added = [x for x in instances if x not in ctx.assume and not ctx.add_assumption(x)]
        try:
            return check_chain(Chain(chain, "claim", why), ctx, later, base, timeout)
        finally:
            for x in added:
                if x in ctx.assume:
                    ctx.assume.remove(x)
    state = _state(ctx)
    if not state["roots"] or not relations(chain):
        return None
    if re.sub(r"\s+", "", chain) in state["equations"]:
        return [LinkResult(**base, link=chain, kind="definition", verdict="definition",
                           method="the equation the prose says the roots solve ('the roots ... of'): what defines them")]
    for poly, names, line in state["roots"].values():
        if not poly or len(names) != 2 or not any(_mentions(chain, n) for n in names):
            continue
        out = [_vieta(link, poly, names, line, ctx, base, timeout) for link in _links(chain)]
        return None if any(r is None for r in out) else out
    return None


def _mentions(text: str, name: str) -> bool:
    return bool(re.search(r"(?<![A-Za-z\\])" + r"\s*".join(re.escape(ch) for ch in norm(name).replace("{", "")
                          .replace("}", "")) + r"(?![A-Za-z0-9])", re.sub(r"[{}\s]", "", text)))


def _links(chain: str) -> list[str]:
    rels = relations(chain)
    sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    return [f"{sides[k]} {r.group(0)} {sides[k + 1]}" for k, r in enumerate(rels)]


def _vieta(link: str, poly: str, names: list[str], line: int, ctx: DocContext, base: dict,
           timeout: float) -> LinkResult | None:
    import sympy as sp

    from symgd.core.claims import Rel
    from symgd.latex.problem import parse_problem

    try:
        decl = ctx.declarations()
        claim = parse_problem(link, declarations=decl, allow_unused=True).links[0][1]
        p = parse_problem(poly, declarations=decl, allow_unused=True).links[0][1]
        roots = [parse_problem(f"{n} = 0", declarations=decl, allow_unused=True).links[0][1].lhs for n in names]
    except Exception:  # not read: the names stay opaque, the ordinary check says why
        return None
    if claim.rel != Rel.EQ or not all(isinstance(r, sp.Symbol) for r in roots):
        return _undecided(link, names, line, base, "only an equation between polynomials of the roots is decided")
    r1, r2 = roots
    base_name = re.match(r"\\?[A-Za-z]+", names[0]).group(0).lstrip("\\")
    var = next((s for s in (p.lhs - p.rhs).free_symbols if str(s) == base_name or str(s) == "\\" + base_name), None)
    quad = sp.expand(p.lhs - p.rhs)
    if var is None or not quad.is_polynomial(var) or sp.degree(quad, var) != 2:
        return _undecided(link, names, line, base, "the equation that defines them is not a quadratic in "
                          f"{base_name} symgd reads")
    a, b, c = (sp.expand(quad).coeff(var, k) for k in (2, 1, 0))
    if not (a.is_number and a != 0):
        return _undecided(link, names, line, base, "the leading coefficient may vanish")
    e1, e2 = -b / a, c / a
    expr = claim.lhs - claim.rhs
    if not expr.is_polynomial(r1, r2) or var in expr.free_symbols:
        return _undecided(link, names, line, base, "not a polynomial of the roots")
    rest = sp.rem(sp.expand(expr.subs(r2, e1 - r1)), r1**2 - e1 * r1 + e2, r1)
    rest = sp.expand(rest)
    how = f"Vieta: {names[0]} + {names[1]} = {sp.latex(e1)}, {names[0]} {names[1]} = {sp.latex(e2)} (the roots of line {line})"
    if rest == 0:
        return LinkResult(**base, link=link, kind="claim", verdict="proved",
                          method=f"{how}: the difference reduces to 0 modulo the quadratic (exact, complex roots too)")
    point = _point(expr.free_symbols - {r1, r2}, (a, b, c), ctx)
    if point is None:
        return _undecided(link, names, line, base, f"{how}: the difference does not reduce to 0, and no point "
                          "of the parameters satisfying the stated assumptions was found")
    sols = sp.solve(quad.subs(point), var)  # exact, complex roots too
    if len(sols) not in (1, 2):
        return _undecided(link, names, line, base, f"{how}: the roots at the point sampled were not found")
    x1, x2 = (sols * 2)[:2]
    bad = all(sp.simplify(expr.subs(point).subs({r1: u, r2: v}, simultaneous=True)) != 0 for u, v in ((x1, x2), (x2, x1)))
    if not bad:
        return _undecided(link, names, line, base, f"{how}: the difference does not reduce to 0, but holds at the "
                          "point sampled")
    cex = {str(k): str(v) for k, v in point.items()} | {names[0]: str(x1), names[1]: str(x2)}
    return LinkResult(**base, link=link, kind="claim", verdict="refuted", counterexample=cex,
                      method=f"{how}: false for either labelling of the roots at a point of the stated assumptions "
                             "(exact)")


def _undecided(link: str, names: list[str], line: int, base: dict, why: str) -> LinkResult:
    return LinkResult(**base, link=link, kind="claim", verdict="undecided",
                      method=f"{', '.join(names)} are the roots of the equation of line {line}, not free numbers: {why}")


def _point(params, coeffs, ctx: DocContext):
    """Small rational values of ``params`` that satisfy every assumption in force that mentions them, or None
    (an assumption symgd cannot read there rules the point out)."""
    import itertools

    import sympy as sp

    from symgd.latex.problem import parse_problem

    params = sorted(params, key=str)
    if len(params) > 4:
        return None
    conditions = []
    for a in ctx.assume:
        try:
            conditions += [cl for _, cl in parse_problem(a, declarations=ctx.declarations(), allow_unused=True).links]
        except Exception:
            return None
    values = [sp.Rational(v) for v in ("1/3", "2", "1/2", "3", "1/5", "5/2", "-1")]
    for combo in itertools.islice(itertools.product(values, repeat=len(params)), 400):
        point = dict(zip(params, combo, strict=True))
        ok = True
        for cl in conditions:
            if not (cl.lhs - cl.rhs).free_symbols & set(params):
                continue
            try:
                rel = sp.Rel(cl.lhs.subs(point), cl.rhs.subs(point), "==" if cl.rel.value == "=" else cl.rel.value)
            except Exception:  # an assumption not decided at the point rules it out
                return None
            if rel is not sp.true:
                ok = False
                break
        if ok:
            return point
    return None


_OPENER = re.compile(r"^\W*(?:(?:and|but|now|so|then)\b,?\s*)?(when|if|whenever|provided(?: that)?|assuming(?: that)?|"
                     r"given|suppose(?: that)?|for)\b", re.I)
_END = re.compile(r"(?<!\bi\.e)(?<!\be\.g)(?<!\bcf)(?<!\bvs)[.!?](?=\s|$)")
_DISPLAY = re.compile(r"\$\$|\\\[|\\begin\{(?:equation|align|gather|multline|eqnarray)")


def leads_to_display(c: Chain, d, ctx: DocContext, base: dict) -> LinkResult | None:
    """An inline condition in a sentence that opens with when/if/for/... and runs into a display: assumed in
    that display, then dropped (run.py's conditions_next).  None when the formula is not such a condition."""
    if d.display or c.kind not in ("claim", "assumption") or c.why == "membership":
        return None
    rels = relations(c.latex)
    if not rels or any(r.group(0) in ("=", r"\approx", r"\in", r"\to", r"\rightarrow", r"\sim") for r in rels):
        return None
    sentence = re.split(r"(?<!\bi\.e\.)(?<!\be\.g\.)(?<=[.!?])\s+|\$\$|\\\]|\\end\{[^{}]*\}", d.before)[-1]
    opener = _OPENER.match(sentence)
    if opener is None:
        return None
    nxt = _DISPLAY.search(d.after)
    if nxt is None:
        return None
    between = re.sub(r"\\\(.*?\\\)|\$[^$]*\$", " ", d.after[: nxt.start()])
    if _END.search(between) or c.latex in ctx.assume:
        return None
    why = ctx.add_assumption(c.latex)
    if why:
        return None
    ctx.conditions_next.append(c.latex)
    _state(ctx)["local"].append((c.latex, base["line"]))
    return LinkResult(**base, link=c.latex, kind="assumption", verdict="assumption",
                      method=f"a condition of the sentence ('{opener.group(1)}') that leads to the next display: assumed "
                             "there, then dropped")


_LOCAL = ("a condition", "a quantified variable")


def settle(results: list[LinkResult], ctx: DocContext, timeout: float) -> list[LinkResult]:
    """A refuted claim that holds under a condition the text stated earlier as a local one is undecided (the
    text stated it, locally there); then the local conditions of these results are remembered."""
    state = _state(ctx)
    out = []
    for r in results:
        if r.kind == "claim" and r.verdict == "refuted" and not r.missing and state["local"]:
            r = _under_local(r, ctx, state["local"], timeout) or r
        out.append(r)
    for r in results:
        if r.kind == "assumption" and r.method.startswith(_LOCAL) and (r.link, r.line) not in state["local"]:
            state["local"].append((r.link, r.line))
    return out


def _under_local(r: LinkResult, ctx: DocContext, local: list[tuple[str, int]], timeout: float) -> LinkResult | None:
    from symgd.app.audit.context import substituted
    from symgd.decide import decide
    from symgd.latex.problem import parse_problem

    usable = [(a, n) for a, n in dict.fromkeys(local) if a not in ctx.assume and n < r.line]
    try:  # the refutation must be the plain one of the link as written (not a special method's, an optimum's)
        p = parse_problem(r.link, declarations=ctx.declarations(), allow_unused=True)
        if not any(decide(substituted(cl, p.context, ctx), p.context, timeout=timeout).refuted for _, cl in p.links):
            return None
    except Exception:
        return None
    for chosen in [[u] for u in usable] + ([usable] if len(usable) > 1 else []):
        extra = tuple(a for a, _ in chosen)
        if ctx._ok(ctx.declarations(extra)):
            continue
        try:
            p = parse_problem(r.link, declarations=ctx.declarations(extra), allow_unused=True)
            if all(decide(substituted(cl, p.context, ctx), p.context, timeout=timeout).proved for _, cl in p.links):
                where = ", ".join(f"{a} stated at line {n}" for a, n in chosen)
                return replace(r, verdict="undecided", counterexample={},
                               method=f"holds under the condition {where} (locally there); refuted without it: "
                                      f"{r.method}")
        except Exception:  # a retry that cannot run says nothing
            continue
    return None


_SETS = re.compile(r"\b(let|define[sd]?|denote[sd]?|we write|set|take|choose|fix|start\w*|initiali[sz]\w*|consider)\b"
                   r"[^.;:$]{0,40}$", re.I)
_MEMBER = re.compile(r"(.+?)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))")


def determined(chain: str, d, ctx: DocContext) -> tuple[str, list[str]] | None:
    """``x_2 = 2\\eta b`` after the rule ``x_{k+1} = x_k - ...`` and ``x_0 = 0``; ``\\hat m_2 = ...`` after ``\\hat m_t =
    m_t / (1 - \\beta_1^t)``; ``f(x^*) = ...`` after ``f(x) = ...``: the name on the left is one the text already
    determines, so the value is a claim about it: (why, the instances of the rules that determine it, down to
    the defined start).  None when the text does not determine it, or the prose sets it ("let", "take")."""
    rels = relations(chain)
    if not rels or rels[0].group(0) != "=" or _SETS.search(d.before[-60:]):
        return None
    lhs = chain[: rels[0].start()].replace("&", "").strip()
    fm = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)\s*(?:\\left)?\(\s*([^()]*?)\s*(?:\\right)?\)", lhs)
    if fm and fm.group(1) in ctx.fdefs:
        fdef = ctx.fdefs[fm.group(1)]
        params = [str(a) for a in fdef.args]
        arg = fm.group(2)
        plain = re.fullmatch(r"\\?[A-Za-z]+", arg.strip())
        if not plain and len(params) == 1 and "," not in arg:  # f(x^*), f(1), f(w_k): a value of f
            return (f"a member of the family of values of {fm.group(1)} (its definition, line {fdef.line}): a claim", [])
        return None
    shifted = _shifted_member(lhs, ctx)
    if shifted is not None and not any(shifted[2] < h < d.line for h in ctx.sections):  # a new section's rule
        return shifted[:2]
    if shifted is not None:  # may define a new method's member: not claimed
        return None
    m = _MEMBER.fullmatch(lhs)
    if m is None:
        return None
    instances = _instances(m.group(1), int(m.group(2) or m.group(3)), ctx, set())
    if instances is None:
        return None
    return (f"a member of the family the rule of line {instances[1]} defines, determined by the text: a claim",
            instances[0])


def _shifted_member(lhs: str, ctx: DocContext) -> tuple[str, list[str], int] | None:
    """``r_{k+1}`` after ``r_k = b - A x_k`` (a definition at every index that does not recur on itself): the member
    at another index is determined, (why, [the definition, its instance there], its line); None otherwise."""
    from symgd.app.audit.classify import lhs_of
    from symgd.app.audit.shifts import canonical, index_of, shift

    index = index_of(lhs)
    if not index:
        return None
    for key, link in ctx.defined.items():
        dl = lhs_of(link).strip()
        if index_of(dl) != index or canonical(key) == canonical(re.sub(r"\s+", "", lhs)):
            continue
        base = re.match(r"\s*(.+?)\s*_", dl)
        mine = re.match(r"\s*(.+?)\s*_", lhs)
        if not base or not mine or canonical(base.group(1)) != canonical(mine.group(1)):
            continue
        rhs = link.split("=", 1)[1]
        if re.search(r"(?<![A-Za-z\\])" + re.escape(base.group(1)) + r"\s*_", rhs):
            return None  # a recursion: its members are tied to a start (shifts.py)
        by = _offset(lhs, index) - _offset(dl, index)
        inst = shift(link, index, by) if by else None
        if inst is None:
            return None
        line = ctx.defined_at.get(key, 0)
        return (f"a member of the family the definition of line {line} gives at every index: a claim", [link, inst],
                line)
    return None


def _offset(lhs: str, index: str) -> int:
    m = re.search(r"_\s*\{?\s*" + index + r"\s*(?:([+-])\s*(\d+))?", lhs)
    return (int(m.group(2)) if m and m.group(2) else 0) * (-1 if m and m.group(1) == "-" else 1)


def _mentioned(chain: str, d, ctx: DocContext) -> tuple[str, list[str]] | None:
    """A claim that mentions members of a family at numbers (``|m_1| / \\sqrt{v_1}``) the text determines (a rule
    and its start): (why, the instances that determine them), checked with them; None when there are none."""
    from symgd.app.audit.classify import classify
    from symgd.app.audit.shifts import canonical

    if not ctx.shiftable or classify(chain, d.before, ctx.defined).kind != "claim":
        return None
    families = {canonical(v[2]) for v in ctx.shiftable.values()}
    out, seen = [], set()
    for mm in re.finditer(r"((?:\\(?:hat|tilde|bar|widehat|widetilde|overline|mathbf|boldsymbol)\s*\{\s*)?\\?[A-Za-z]+\s*\}?)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))", chain):
        if canonical(mm.group(1)) not in families or ctx.defined.get(canonical(mm.group(0))):
            continue
        got = _instances(mm.group(1), int(mm.group(2) or mm.group(3)), ctx, seen)
        if got is None:
            return None  # one member the text does not pin down: the ordinary check (and its guards)
        out += got[0]
    return ("the members at numbers given by the rule and its start", list(dict.fromkeys(out))) if out else None


def _instances(base: str, n: int, ctx: DocContext, seen: set) -> tuple[list[str], int] | None:
    """The rule instances (and the start) that determine ``base_n``, with the rule's line; None when the text does
    not determine it (no rule for the family, a recursion without a defined start below n)."""
    from symgd.app.audit.shifts import canonical

    if len(seen) > 24 or (base, n) in seen:
        return None
    seen.add((base, n))
    for key, (link, index, rule_base, line, _) in ctx.shiftable.items():
        if ctx.defined.get(key) != link or canonical(rule_base) != canonical(base):
            continue
        lhs = link.split("=", 1)[0]
        off = re.search(r"_\s*\{?\s*" + index + r"\s*(?:([+-])\s*(\d+))?", lhs)
        if off is None:
            return None
        o = (int(off.group(2)) if off.group(2) else 0) * (-1 if off.group(1) == "-" else 1)
        inst = _at(link, index, n - o)
        if inst is None:
            return None
        out = [inst]
        rhs = inst.split("=", 1)[1]
        families = {canonical(v[2]) for v in ctx.shiftable.values()}
        starts = [int(k.split("_", 1)[1].strip("{}")) for k in ctx.defined if re.fullmatch(
            r"\s*(.+?)_\{?\d+\}?", k) and canonical(k.split("_", 1)[0]) == canonical(base)]
        if re.search(r"(?<![A-Za-z\\])" + re.escape(base.strip()) + r"\s*_", rhs) and not any(s < n for s in starts):
            return None  # a recursion determines a member only above a start the text gives
        for mm in re.finditer(r"((?:\\(?:hat|tilde|bar|widehat|widetilde|overline|mathbf|boldsymbol)\s*\{\s*)?\\?[A-Za-z]+\s*\}?)\s*_\s*(\{[^{}]*\}|\w)", rhs):
            b = mm.group(1)
            if canonical(b) not in families:
                continue  # g_1: not a family the text defines, a free name
            sub = mm.group(2).strip("{} ")
            if not sub.isdigit():
                return None  # v_{-1}, v_{t}: a member not pinned to a number
            k = int(sub)
            if (b, k) in seen:  # already determined (x_1 twice in the rule's instance)
                continue
            start = ctx.defined.get(canonical(f"{b}_{k}")) or ctx.defined.get(f"{b}_{{{k}}}")
            if start:
                out.append(start)
                continue
            deeper = _instances(b, k, ctx, seen)
            if deeper is None:
                return None
            out += deeper[0]
        return out, line
    return None


def _at(link: str, index: str, n: int) -> str | None:
    """``link`` at the integer ``n`` of its index: every subscript or exponent of the index evaluated, or None
    when the index occurs elsewhere (then it is not a free integer)."""
    from symgd.app.audit.shifts import shift

    if shift(link, index, 0) is None:
        return None

    def value(m: re.Match) -> str:
        k = n + (int(m.group(3)) if m.group(3) else 0) * (-1 if m.group(2) == "-" else 1)
        return f"{m.group(1)[0]}{{{k}}}" if m.group(1) else f"{m.group(5)[0]}{{{n}}}"

    form = re.compile(r"(_\s*\{\s*|\^\s*\{\s*)" + re.escape(index) + r"\s*(?:([+-])\s*(\d+))?\s*\}"
                      r"|()(_\s*|\^\s*)" + re.escape(index) + r"(?![A-Za-z])")
    return form.sub(value, link)
