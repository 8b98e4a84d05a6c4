"""Names the prose defines as the roots of an equation: "the roots $r_1, r_2$ of the characteristic polynomial
$p(r) = r^2 - b r + c$", "let $r_1, r_2$ be the roots of (3)", "$\\lambda_1 \\le \\lambda_2$ are the eigenvalues of
$A$".  They are defined, never free: no counterexample may treat them as arbitrary (the context's opaque names).
A claim about the two roots of a quadratic the text writes out is decided exactly, over the complex numbers: a
polynomial equation in the roots is reduced by Vieta's formulas (r_2 = e_1 - r_1) and the quadratic itself
(proved when the remainder vanishes), and refuted at a point of the parameters, satisfying the assumptions in
force, where it fails for either labelling of the exact roots.  Anything else about them is undecided, with that
reason.  The equation written after "of" is what defines them, not a claim.
"""

from __future__ import annotations

import re

from symgd.app.audit.chain import LinkResult, norm
from symgd.app.audit.classify import relations
from symgd.app.audit.context import DocContext

__all__ = ["links", "record"]

_STATE = "_roots_state"
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
    """This module's state on the document's context: roots (name keys -> (polynomial LaTeX or '', names, line))
    and the equations written after "of" (spaces off)."""
    if not hasattr(ctx, _STATE):
        object.__setattr__(ctx, _STATE, {"roots": {}, "equations": set()})
    return getattr(ctx, _STATE)


def record(before: str, latex: str, after: str, line: int, ctx: DocContext) -> None:
    """Record the names the prose around a formula defines as roots (eigenvalues, solutions) of something."""
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


_OF = re.compile(r"of\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}(?:\$\$(?P<dd>[^$]+)\$\$|\$(?P<d>[^$]+)\$|\\\[(?P<b>.+?)\\\]|"
                 r"\\begin\{(?P<env>equation|align|gather|multline)\*?\}(?P<e>.+?)\\end\{(?P=env)\*?\})", re.S)


def _written(of: str) -> str:
    """The formula written right after "of" (inline, or the display that follows: ``$$..$$``, ``\\[..\\]``,
    ``\\begin{equation}``), labels and the closing punctuation off."""
    m = _OF.match(of.strip())
    if m is None:
        return ""
    body = next(g for g in (m.group("dd"), m.group("d"), m.group("b"), m.group("e")) if g is not None)
    body = re.sub(r"\\(?:label|tag)\s*\{[^{}]*\}|\\nonumber", "", body)
    return re.sub(r"(?:\\[,;!]|\s)*[.,;]?\s*$", "", body).strip()


def _polynomial(of: str) -> str:
    """The quadratic written right after "of" ("of the characteristic polynomial $p(r) = ...$", "of
    $r^2 - b r + c = 0$"): its LaTeX as 'expression = 0', or '' when it is not written there."""
    body = _written(of)
    if not body:
        return ""
    rels = relations(body)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return ""
    lhs, rhs = body[: rels[0].start()].strip(), body[rels[0].end():].strip()
    if re.fullmatch(r"[A-Za-z]\s*\(\s*[A-Za-z]\s*\)", lhs):  # p(r) = ...: the polynomial is the right side
        return f"{rhs} = 0"
    return body if re.fullmatch(r"0", rhs) else f"{lhs} - ({rhs}) = 0"


def links(chain: str, ctx: DocContext, base: dict, timeout: float) -> list[LinkResult] | None:
    """A claim about names defined as the roots of a quadratic the text writes out, decided by Vieta's formulas
    (exact, over the complex numbers); the equation that defines them, as a definition; None otherwise."""
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
    z = sp.Dummy("z")  # no sign assumptions: a name declared real would drop complex roots
    sols = sp.solve(quad.subs(point).subs(var, z), z)  # exact, complex roots too
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


_VALUE_OF = re.compile(r"\b(eigenvalues?|roots?|zeros?|zeroes)\b", re.I)
_EXTREME = re.compile(r"\\(?:min|max)(?![A-Za-z])|\b(?:min|max)\b")


def named_value(result: LinkResult, d, ctx: DocContext, timeout: float) -> LinkResult:
    r"""A definition ``\lambda_\pm = 4 \pm \sqrt{10}`` that its sentence calls the roots of the polynomial written just
    before it ("whose roots are"), or ``\lambda_1 = 3``, ``\lambda_{\min}(A) = ...`` the eigenvalues of a matrix the
    section writes out entry by entry: checked as one (the polynomial at the value vanishes exactly; the value is
    an eigenvalue, the smallest or largest for a name with min/max).  Proved when it is; refuted when it is not and
    nothing but numbers is involved (a polynomial with parameters may have the root only under a condition the text
    states, a double root at a zero discriminant); else the definition as it was read."""
    from dataclasses import replace

    from symgd.app.audit.classify import lhs_of

    rels = relations(result.link)
    if result.kind != "definition" or result.verdict != "definition" or len(rels) != 1 or rels[0].group(0) != "=":
        return result
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z$\\])", d.before.strip())[-1] if d.before.strip() else ""
    what = list(_VALUE_OF.finditer(sentence))
    if not what or re.search(r"\b(let|take|set|choose|suppose|assume)\b[^$]{0,30}$", sentence, re.I):
        return result
    lhs, rhs = lhs_of(result.link).strip(), result.link[rels[0].end():].strip()
    values = [rhs.replace(r"\pm", "+"), rhs.replace(r"\pm", "-")] if r"\pm" in rhs else [rhs]
    try:
        if what[-1].group(1).lower().startswith("eigen"):
            got = _eigenvalue(lhs, values, sentence, ctx)
        else:
            got = _root(lhs, values, sentence, ctx)
    except Exception:  # a formula SymPy cannot take: the definition as it was read
        return result
    if got is None:
        return result
    verdict, method = got
    return replace(result, kind="claim", verdict=verdict, method=method)


def _number(latex: str, ctx: DocContext):
    import sympy as sp

    from symgd.app.audit.evaluation import parsed

    p = parsed(r"\zeta = " + latex, ctx, [])
    if p is None or len(p.links) != 1:
        return None
    v = p.links[0][1].rhs
    return v if isinstance(v, sp.Expr) and not v.free_symbols else None


_EIGEN_NAME = re.compile(r"\s*(?:\\(?:lambda|mu|nu|sigma|theta|ell)(?![A-Za-z])|λ|μ|σ)")  # an eigenvalue's name
_DECORATED = re.compile(r"\\(?:tilde|hat|bar|widetilde|widehat|overline|check|breve)\s*\{?\s*\\?[A-Za-z]+\s*\}?")


def _eigenvalue(lhs: str, values: list[str], sentence: str, ctx: DocContext) -> tuple[str, str] | None:
    """('proved' | 'refuted', why) for values said to be eigenvalues of the one matrix written out entry by entry that
    the sentence or the name (``\\lambda_{\\min}(A)``) mentions; None when there is no such matrix."""
    import sympy as sp

    from symgd.app.audit.evaluation import parsed

    if not _EIGEN_NAME.match(lhs):
        return None  # \kappa(\tilde A) = 5 after "with eigenvalues ... hence": a value computed from them, not one
    math = " ".join(re.findall(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)", sentence, re.S)) + " " + lhs  # not "A" of prose
    math = _DECORATED.sub(" ", math)  # \tilde A is another matrix than A
    names = [k for k, v in ctx.defined.items() if "(" not in k and "matrix" in v and (
        re.search(r"(?<![A-Za-z\\])" + re.escape(k) + r"(?![A-Za-z])", math))]
    of = re.search(r"eigenvalues?\s+of\s+(?:the\s+\w+\s+)?\$\s*([^$]+?)\s*\$", sentence, re.I)
    if len(names) != 1 or (of and of.group(1).strip() != names[0]):
        return None  # no matrix written out, several, or the sentence names another one
    p = parsed(ctx.defined[names[0]], ctx, [])
    m = p.links[0][1].rhs if p is not None and len(p.links) == 1 else None
    if not isinstance(m, sp.MatrixBase) or not m.is_square or m.shape[0] < 2 or m.free_symbols:
        return None
    eig = list(m.eigenvals())
    nums = [_number(v, ctx) for v in values]
    if any(x is None for x in nums):
        return None
    extreme = _EXTREME.search(lhs)
    if extreme:
        if not all(e.is_real for e in eig):
            return None
        target = [min(eig, key=lambda e: float(e))] if "min" in extreme.group(0) else [max(eig, key=lambda e: float(e))]
    else:
        target = eig
    hits = [any(sp.simplify(x - e) == 0 for e in target) for x in nums]
    spectrum = ", ".join(str(e) for e in eig)
    if all(hits):
        return "proved", f"an eigenvalue of {names[0]} (written out in this section), as the sentence says" + (
            f", the {'smallest' if 'min' in extreme.group(0) else 'largest'}" if extreme else "") + \
            f": its eigenvalues are {spectrum} (exact)"
    if all(all((x - e).equals(0) is False for e in target) for x, hit in zip(nums, hits, strict=True) if not hit):
        which = ("the smallest" if "min" in extreme.group(0) else "the largest") if extreme else "an"
        return "refuted", f"not {which} eigenvalue of {names[0]} (written out in this section), which the text says " \
                          f"it is: its eigenvalues are {spectrum} (exact)"
    return None


def _root(lhs: str, values: list[str], sentence: str, ctx: DocContext) -> tuple[str, str] | None:
    """('proved' | 'refuted', why) for values said to be roots of the polynomial of the formula just before them in
    their sentence (``\\lambda^2 - 8\\lambda + 6``, ``p(r) = ...``, ``... = 0``), in the variable the name decorates
    (lambda of \\lambda_\\pm); refuted only when no other name is involved; None otherwise."""
    import sympy as sp

    from symgd.app.audit.classify import is_name
    from symgd.app.audit.classify import lhs_of as left
    from symgd.app.audit.evaluation import parsed

    prev = ctx.history[-1].strip().rstrip(".,;") if ctx.history else ""
    if not prev or re.sub(r"\s", "", prev) not in re.sub(r"\s", "", sentence):
        return None  # the polynomial is not written in this sentence
    base = re.match(r"\s*(\\[A-Za-z]+|[A-Za-z])", lhs)
    rels = relations(prev)
    if len(rels) > 1 or (rels and rels[0].group(0) != "="):
        return None
    if not rels:
        poly = prev
    else:
        a, b = left(prev).strip(), prev[rels[0].end():].strip()
        poly = a if re.fullmatch(r"0", b) else b if is_name(a) else f"{a} - ({b})"
    p = parsed(r"\zeta = " + poly, ctx, [])
    if base is None or p is None or len(p.links) != 1:
        return None
    expr = p.links[0][1].rhs
    var = next((s for s in getattr(expr, "free_symbols", ()) if s.name == base.group(1)), None)
    if var is None or not isinstance(expr, sp.Expr) or not expr.is_polynomial(var):
        return None
    nums = []
    for v in values:
        q = parsed(r"\zeta = " + v, ctx, [])
        if q is None or len(q.links) != 1:
            return None
        nums.append(q.links[0][1].rhs)
    gaps = [sp.simplify(expr.subs(var, x)) for x in nums]
    if all(g == 0 for g in gaps):
        return "proved", f"a root of {poly} in {base.group(1)} (the formula before it), as the sentence says: " \
                         "it vanishes there (exact)"
    closed = not (expr.free_symbols - {var}) and not any(getattr(x, "free_symbols", {1}) for x in nums)
    if closed and any(g.equals(0) is False for g in gaps):
        return "refuted", f"not a root of {poly} in {base.group(1)} (the formula before it), which the sentence " \
                          f"says it is: the polynomial there is {', '.join(str(g) for g in gaps)} (exact)"
    return None
