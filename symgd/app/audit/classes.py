"""A link proved by an interpolation certificate (:mod:`symgd.decide.interpolation`) from the class the prose
gives a function (L-smooth, convex, mu-strongly convex: :mod:`symgd.app.audit.facts`): the steps that need a
combination of first-order inequalities and a square (the PL inequality from strong convexity, the gradient bound
from smoothness and convexity, co-coercivity, the contraction of a gradient step).

A point of the link is a minimizer (gradient zero; least value) only where the prose says so in one sentence
with the point alone in its math (``its minimizer is $x^*$``, ``$x^\\star = \\arg\\min f$``, ``$\\nabla f(x^*) =
0$``); "local" or a negation in that sentence says nothing.  Convexity is used only where a gradient is licensed
(:func:`symgd.app.audit.facts.licensed_order`), as for one instance.
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.context import DocContext
from symgd.app.audit.facts import licensed_order, says_more
from symgd.decide.interpolation import FunctionClass, certify, flat

__all__ = ["classes_of", "from_classes", "refute_by_class", "stationary_points"]

_MIN = re.compile(r"minimi[sz](?:er|es|ing)|\bminimum\b|\boptimal\b|\boptimum\b|arg\s*\\?min", re.I)
# a constrained or composite problem: its minimizer need not have a zero gradient of f
_CONSTRAINED = re.compile(r"project|constrain|feasib|subject\s+to|\bprox|indicator|\\Pi\b|\bproj|simplex|"
                          r"over\s+(?:the\s+|a\s+)?(?:set|domain|region|ball|box)\b|\bs\.t\.|composite", re.I)
_APPLIED = re.compile(r"(?<![A-Za-z\\])(\\mathcal\{[A-Za-z]\}|[A-Za-z])\s*(?:_\{?\w+\}?)?\s*(?:\\left|\\big[lr]?|\\Big[lr]?)?\(")


def _about(sentence: str, function: str) -> bool:
    """The sentence names ``function`` in its math and applies no other function (x^* minimizes f + g: not f)."""
    maths = [m.group(1) or m.group(2) for m in _MATH.finditer(sentence)]
    ff = flat(function)
    named = any(re.search(r"(?<![A-Za-z])" + re.escape(ff) + r"(?![A-Za-z])", flat(x)) for x in maths)
    others = {flat(n) for x in maths for n in _APPLIED.findall(x)} - {ff}
    return named and not others


def _unconstrained(ctx: DocContext) -> bool:
    return not any(_CONSTRAINED.search(p) for p in ctx.prose)
_STATIONARY = re.compile(r"stationary|critical", re.I)
_NOT = re.compile(r"\blocal(?:ly)?\b|\bnot\b(?!\s+necessarily)|\bnever\b|\bunless\b|\bif\b|\bmaximi[sz]", re.I)
_MATH = re.compile(r"\$([^$]+)\$|\\\((.+?)\\\)")


def _said(point: str, function: str, ctx: DocContext) -> tuple[bool, bool]:
    """(stationary, minimizer): what the prose says of ``point``."""
    fp, ff = flat(point), flat(function)
    stationary = minimizer = False
    for para in ctx.prose:
        for sentence in re.split(r"(?<=[.;!?])\s+", para):
            if _NOT.search(sentence):
                continue
            for m in _MATH.finditer(sentence):
                math = flat(m.group(1) or m.group(2))
                math = re.sub(r"in(?:mathbbR|R)(?:\^.*)?$", "", math)  # "a minimizer $x^* \in \mathbb{R}^n$"
                if math.startswith("nabla" + ff + "(" + fp + ")=0"):
                    stationary = True
                if re.match(re.escape(fp) + r"(?:=|in)argmin", math) and _unconstrained(ctx) and _about(sentence, function):
                    stationary = minimizer = True
                if math != fp or not _about(sentence, function) or not _unconstrained(ctx):
                    continue
                for rx in (_MIN, _STATIONARY):  # the word next to the point: no other math between them
                    if any(not re.search(r"\$|\\\(|\band\b|[,;]", sentence[min(k.end(), m.end()): max(k.start(), m.start())])
                           and max(k.start(), m.start()) - min(k.end(), m.end()) < 40 for k in rx.finditer(sentence)):
                        stationary, minimizer = True, minimizer or rx is _MIN
    return stationary, minimizer


def stationary_points(latex: str, function: str, ctx: DocContext) -> tuple[str, ...]:
    """The points at which ``latex`` applies ``function`` (or its gradient) that the prose calls its minimizers or
    stationary points, as written (for the witness of facts.witness, whose minimizer is 0)."""
    args = re.findall(r"(?<![A-Za-z\\])" + re.escape(function) + r"\s*'?\s*(?:\\left)?\(\s*([^()]+?)\s*(?:\\right)?\)", latex)
    return tuple(p for p in dict.fromkeys(args) if re.fullmatch(r"[A-Za-z](?:_\{?\w+\}?)?", p) and _said(p, function, ctx)[0])


def _symbol(name: str, claim, context) -> sp.Expr:
    """The claim's (or the assumptions') symbol spelled ``name``, else a real symbol of that name."""
    syms = set(claim.lhs.free_symbols) | set(claim.rhs.free_symbols)
    for h in context.hypotheses:
        syms |= set(h.free_symbols)
    return next((s for s in sorted(syms, key=str) if isinstance(s, sp.Symbol) and flat(s.name) == flat(name)),
                sp.Symbol(name, real=True))


def classes_of(claim, context, ctx: DocContext, subgradients: frozenset = frozenset()) -> list[FunctionClass]:
    """The stated class of each function the prose gives a property, with the minimizers it names.
    ``subgradients``: the functions whose subgradients the claim uses (g_k in \\partial f(x_k)): a convex one needs
    no gradient then."""
    names = {str(s) for s in set(claim.lhs.free_symbols) | set(claim.rhs.free_symbols)}
    out = []
    for fn in dict.fromkeys(f.function for f in ctx.stated):
        facts = [f for f in ctx.stated if f.function == fn]
        smooth = next((f.constant for f in facts if f.kind == "smooth" and f.constant), "")
        strong = next((f.constant for f in facts if f.kind == "strongly convex" and f.constant), "")
        bound = next((f.constant for f in facts if f.kind == "lipschitz" and f.constant), "")
        pl = next((f.constant for f in facts if f.kind == "pl" and f.constant), "")
        convex = any(f.kind == "convex" for f in facts)
        # convexity alone licenses no gradient; a subgradient the text names (g_k in \partial f(x_k)) needs none
        gradient = licensed_order(ctx.stated, fn) != 0 or bool(smooth) or bool(pl) or fn in subgradients
        L = _symbol(smooth, claim, context) if smooth else None
        mu = (_symbol(strong, claim, context) if strong else sp.Integer(0) if convex else None) if gradient else None
        if L is None and mu is None and not pl:
            continue
        points = {m.group(1) for n in names for m in [re.fullmatch(r"(?:\\nabla\s*)?.+?\((.+)\)", n)] if m} | names
        said = {p: _said(p, fn, ctx) for p in points}
        out.append(FunctionClass(fn, L, mu, frozenset(p for p, (s, _) in said.items() if s),
                                 frozenset(p for p, (_, m) in said.items() if m),
                                 _symbol(bound, claim, context) if bound and gradient else None,
                                 _symbol(pl, claim, context) if pl else None))
    return out


_MEMBER = re.compile(r"(?P<g>[A-Za-z](?:_\{[^{}]*\}|_\\?\w+)?)\s*\\in\s*\\partial\s*(?P<f>\\mathcal\{[A-Za-z]\}|[A-Za-z])"
                     r"\s*(?:\\left)?\(\s*(?P<x>[A-Za-z](?:_\{[^{}]*\}|_\\?\w+)?(?:\^\{?[^{}()]*?\}?)?)\s*(?:\\right)?\)")


_NAME = r"[A-Za-z](?:_\{[^{}]*\}|_\\?\w+)?"
# "$g_k$ is a subgradient of $f$ at $x_k$", "$g_k$ denotes any subgradient of $f$ at the point $x_k$"
_WORDS = re.compile(r"\$\s*(?P<g>" + _NAME + r")\s*\$\s+(?:is|be|denotes|for)\s+(?:a|any|some|an\s+arbitrary)\s+"
                    r"sub-?gradient\s+of\s+\$\s*(?P<f>\\mathcal\{[A-Za-z]\}|[A-Za-z])\s*\$\s+at\s+(?:the\s+point\s+)?"
                    r"\$\s*(?P<x>" + _NAME + r")\s*\$", re.I)


def _split_name(name: str) -> tuple[str, str]:
    """(base, subscript) of ``g_{k+1}``, ``g_k``, ``g`` ('' when none)."""
    m = re.fullmatch(r"([A-Za-z])(?:_\{([^{}]*)\}|_(\\?\w+))?", name.strip())
    return (m.group(1), (m.group(2) or m.group(3) or "").strip()) if m else ("", "")


def _subgradients(claim, ctx: DocContext, classes: list[FunctionClass]) -> dict:
    """The claim's vectors the text says are subgradients (``g_k \\in \\partial f(x_k)``, at every index k, so
    g_{k+1} at x_{k+1} too), as gradient symbols ``\\nabla f(x_k)`` of the class's certificate: each satisfies
    the class's inequalities (for a convex f, or a differentiable one, whose only subgradient is its gradient).
    Never at a point the text calls a minimizer or stationary: there the certificate takes the gradient 0, and a
    subgradient need not be 0."""
    said = {}
    for para in ctx.prose:
        for m in [*_MEMBER.finditer(para), *_WORDS.finditer(para)]:
            said.setdefault((m.group("g"), m.group("f"), m.group("x")), None)
    if not said:
        return {}
    by_name = {fc.name: fc for fc in classes}
    out = {}
    for v in claim.lhs.atoms(sp.MatrixSymbol) | claim.rhs.atoms(sp.MatrixSymbol):
        if v.shape[1] != 1:
            continue
        vb, vs = _split_name(v.name)
        for g, f, x in said:
            fc = by_name.get(f)
            gb, gs = _split_name(g)
            xb, xs = _split_name(x.split("^")[0]) if "^" not in x else (x, "")
            if fc is None or not gb or gb != vb:
                continue
            if flat(g) == flat(v.name):
                point = f"{xb}_{{{xs}}}" if xs else x  # as the claim spells its points: z_{t}
            elif gs and re.fullmatch(r"[a-z]", gs) and xs == gs and vs:  # g_k at x_k: every member of the family
                point = f"{xb}_{{{vs}}}"
            else:
                continue
            if point in fc.stationary or point in fc.minimizers or any(flat(point) == flat(p) for p in
                                                                        fc.stationary | fc.minimizers):
                continue
            out[v] = sp.MatrixSymbol(f"\\nabla {fc.name}({point})", *v.shape)
    present = {w.name for w in claim.lhs.atoms(sp.MatrixSymbol) | claim.rhs.atoms(sp.MatrixSymbol)}
    if len(set(out.values())) < len(out) or any(w.name in present for w in out.values()):
        return {}  # two subgradients at one point, or one beside the gradient written there: not one vector
    return out


def _definitions(claim, ctx: DocContext, used: list | None = None, context=None) -> dict:
    """The vector of each point the claim applies a function at that the text defines (x_{k+1} = x_k - t g_k),
    and of each vector of the claim the text defines in a form not substituted (``write d_k = x_k - x^*``), read
    without its own definition (which would substitute it away).  ``used``: the definitions, for the method."""
    from symgd.latex.problem import parse_problem

    names = {m.group(1) for s in set(claim.lhs.free_symbols) | set(claim.rhs.free_symbols)
             for m in [re.fullmatch(r"(?:\\nabla\s*)?.+?\((.+)\)", str(s))] if m}
    names |= {a.args[0].name for a in claim.lhs.atoms(AppliedUndef) | claim.rhs.atoms(AppliedUndef)
              if len(a.args) == 1 and isinstance(a.args[0], sp.Symbol)}  # f(x_{k+1}) of a claim in values only
    out = {}
    mats = claim.lhs.atoms(sp.MatrixSymbol) | claim.rhs.atoms(sp.MatrixSymbol)
    applied_at = {flat(n) for n in names}  # the points the claim applies a function at
    names |= {m.name for m in mats if m.shape[1] == 1 and not m.name.startswith("\\nabla")}
    here = {}  # "Let $u^+ = u - s d$" in this section, no longer among the definitions in force: the section's own
    for latex in ctx.history[ctx.section_start:]:
        m = re.fullmatch(r"\s*([^=<>]+?)\s*(?<![<>!\\:])=(?!=)([^=<>]+)", latex)
        if m and _POINT.fullmatch(m.group(1).strip()) and m.group(1).strip() in ctx.defined_at and flat(
                m.group(1)) in applied_at:  # a point only (a case's "Then $\tilde g = g$" is no such definition)
            here[m.group(1).strip()] = latex
    for key, link in [*ctx.defined.items(), *((k, v) for k, v in here.items() if k not in ctx.defined)]:
        name = next((n for n in names if flat(n) == flat(key)), None)
        if name is None:
            continue
        # a claim in function values only (f(x_{k+1}) - f^* <= ...) names no vector: its points are read as vectors
        # (a certificate in vectors holds in every dimension, one included), else as the claim reads them
        tries = [{key, *(m.name for m in mats if not m.name.startswith("\\nabla"))}] if mats else [
            {key, *(n for n in names if _POINT.fullmatch(n.strip()))}, set()]
        # the other assumptions, then only those about the definition's own names (a renaming 'x = x_k' of a
        # lemma's variables may not read beside it)
        assumes = [tuple(a for a in ctx.assume if a != link), tuple(
            a for a in ctx.assume if a != link and (not (m := re.match(r"\s*([^=<>]+?)\s*=(?!=)", a)) or re.search(
                r"(?<![A-Za-z\\])" + re.escape(m.group(1).strip()) + r"(?![A-Za-z_{^])", link)))]
        for vectors, assume in ((v, a) for v in tries for a in assumes):
            try:
                decl = ctx.declarations()
                decl = replace(decl, assume=assume, vectors=tuple(dict.fromkeys([*decl.vectors, *sorted(vectors)])))
                c = parse_problem(link, declarations=decl, allow_unused=True).links[0][1]
            except Exception:  # a definition that does not read defines no point
                continue
            if isinstance(c.lhs, sp.MatrixSymbol) and flat(c.lhs.name) == flat(key) and str(c.rel) == "=" and (
                    c.lhs.shape[1] == 1 and not c.rhs.has(c.lhs) and _readable(c.rhs)):
                out[name] = c.rhs
                if used is not None:  # as read now (a value in force, "with eta = 1/L", substituted)
                    used.append(f"{name} = {sp.sstr(c.rhs)} (line {ctx.defined_at.get(key, '?')})")
                break
    for h in getattr(context, "hypotheses", ()):  # "Let $u^+ = u - s d$": an equation of the link's hypotheses
        h = sp.sympify(h)
        if isinstance(h, sp.Eq) and isinstance(h.lhs, sp.MatrixSymbol) and h.lhs.shape[1] == 1 and (
                h.lhs.name in names and h.lhs.name not in out and not h.rhs.has(h.lhs) and _readable(h.rhs)):
            out[h.lhs.name] = h.rhs
            if used is not None:
                used.append(f"{h.lhs.name} = {sp.sstr(h.rhs)} (stated)")
    for _ in range(2):  # a definition in terms of another (d_k = x_k - x^*, x_{k+1} = x_k - t g_k)
        out = {n: v.xreplace({m: out[m.name] for m in v.atoms(sp.MatrixSymbol) if m.name in out and m.name != n})
               for n, v in out.items()}
    return out


def _readable(e) -> bool:
    """Whether the certificate can take the vector ``e`` (symbols, sums, products; no explicit entries)."""
    from symgd.decide.interpolation import _scalar

    try:
        _scalar(e, {})
    except Exception:  # an explicit vector (an example's value), a matrix: not a point of the certificate
        return False
    return True


_POINT = re.compile(r"\\?[A-Za-z]+(?:_\{[^{}()]+\}|_\\?\w+)?(?:\^\{[^{}()]+\}|\^\\?[\w*+]+)?")


def _values(claim, ctx: DocContext, functions: list[str]) -> tuple[dict, dict]:
    """Scalars of the claim that name a value of a stated function: ``F_* = F(w_*)`` defined in the text (the
    symbol F(w_*) for F_*), or "the minimum value $f^*$" / ``f^* = \\min f`` of the one function (a minimizer
    z_{\\star} that the claim's points are compared with).  (substitution, minimizer points by function)."""
    from symgd.latex.problem import parse_problem

    scalars = {s for s in set(claim.lhs.free_symbols) | set(claim.rhs.free_symbols)
               if isinstance(s, sp.Symbol) and not re.search(r"\(", s.name)}
    subs, mins = {}, {}
    for key, link in ctx.defined.items():
        sym = next((x for x in scalars if flat(x.name) == flat(key)), None)
        if sym is None:
            continue
        try:
            decl = ctx.declarations()
            c = parse_problem(link, declarations=replace(decl, assume=tuple(a for a in ctx.assume if a != link)),
                              allow_unused=True).links[0][1]
        except Exception:  # a definition that does not read names no value
            continue
        value = c.rhs if isinstance(c.rhs, sp.Symbol) else sp.Symbol(str(c.rhs), real=True) if (
            isinstance(c.rhs, AppliedUndef) and len(c.rhs.args) == 1 and isinstance(c.rhs.args[0], sp.Symbol)) else None
        m = re.fullmatch(r"(.+?)\((.+)\)", value.name) if value is not None else None
        if c.lhs == sym and str(c.rel) == "=" and m and any(flat(m.group(1)) == flat(f) for f in functions):
            subs[sym] = value
    for sym in scalars - set(subs):  # "the minimum value $f^*$", "$f^* = \\min_x f(x)$": of the function named there
        fs = flat(sym.name)
        for para in ctx.prose:
            for sentence in re.split(r"(?<=[.;!?])\s+", para):
                if _NOT.search(sentence):
                    continue
                maths = list(_MATH.finditer(sentence))
                named = [f for f in functions if any(re.search(r"(?<![A-Za-z\\])" + re.escape(f) + r"(?![A-Za-z])",
                                                               m.group(1) or m.group(2)) for m in maths)]
                fn = named[0] if len(named) == 1 else functions[0] if len(functions) == 1 else None
                if fn and not (_about(sentence, fn) and _unconstrained(ctx)):
                    continue
                for m in maths if fn else []:
                    math = flat(m.group(1) or m.group(2))
                    before = sentence[: m.start()][-24:]
                    if (math == fs and re.search(r"\bminimum(?:\s+value)?\s*(?:is\s*)?$", before, re.I)) or \
                            re.match(re.escape(fs) + r"=min(?![A-Za-z])", math):
                        subs[sym] = sp.Symbol(f"{fn}(z_{{\\star}})", real=True)
                        mins.setdefault(fn, set()).add("z_{\\star}")
    return subs, mins


def _setup(claim, context, ctx: DocContext) -> tuple:
    """(claim, classes, values, subgradients): the claim with the values the text names (f^* = f(x^*)) and the
    subgradients it names as gradients, and the stated classes of its functions."""
    subs, mins = _values(claim, ctx, list(dict.fromkeys(f.function for f in ctx.stated)))
    if subs:
        claim = replace(claim, lhs=claim.lhs.xreplace(subs), rhs=claim.rhs.xreplace(subs))
    members = {m.group("f") for para in ctx.prose for rx in (_MEMBER, _WORDS) for m in rx.finditer(para)}
    classes = [replace(c, stationary=c.stationary | mins.get(c.name, set()), minimizers=c.minimizers | mins.get(
        c.name, set())) for c in classes_of(claim, context, ctx)]
    sub = _subgradients(claim, ctx, classes_of(claim, context, ctx, frozenset(members))) if members else {}
    if sub:  # the subgradients as the gradients of their points; a convex function needs no gradient then
        claim = replace(claim, lhs=claim.lhs.xreplace(sub), rhs=claim.rhs.xreplace(sub))
        classes = [replace(c, stationary=c.stationary | mins.get(c.name, set()), minimizers=c.minimizers | mins.get(
            c.name, set())) for c in classes_of(claim, context, ctx, frozenset(
                re.match(r"\\nabla (.+?)\(", w.name).group(1) for w in sub.values()))]
    return claim, classes, subs, sub


def _said_of(classes: list[FunctionClass]) -> str:
    return "; ".join(f"{c.name}: " + ", ".join(
        [*([f"{c.L}-smooth"] if c.L is not None else []), *(
            ["convex"] if c.mu == 0 else [f"{c.mu}-strongly convex"] if c.mu is not None else []),
         *([f"(sub)gradients bounded by {c.G}"] if c.G is not None else []),
         *([f"PL with constant {c.pl}"] if c.pl is not None else []),
         *([f"minimizer {', '.join(sorted(c.minimizers))}"] if c.minimizers else [])]) for c in classes)


def from_classes(text: str, claim, context, ctx: DocContext, timeout: float) -> str | None:
    """The method when the link follows from the stated classes by an interpolation certificate, else None."""
    if not claim.rel.is_inequality:
        return None
    claim, classes, subs, sub = _setup(claim, context, ctx)
    if not classes:
        return None
    used: list = []
    method = certify(claim, classes, context, timeout, _definitions(claim, ctx, used, context))
    if method is None:
        return None
    values = "".join(f"; {k} = {v}" for k, v in subs.items()) + "".join(
        f"; {k} a subgradient at {re.search(r'[(](.+)[)]$', v.name).group(1)}" for k, v in sub.items())
    values += "".join(f"; {u}" for u in used)
    return f"from the stated class ({_said_of(classes)}{values}): {method}"


def _step_values(steps: set, constants: set, ctx: DocContext) -> dict:
    """The steps the text gives a value in force in the class constants (``\\eta = 1/L`` among the definitions):
    step -> value."""
    from symgd.latex.problem import parse_problem

    out = {}
    for x in steps:
        key = next((k for k in ctx.defined if flat(k) == flat(x.name)), None)
        if key is None or key in ctx.opaque:
            continue
        try:
            c = parse_problem(ctx.defined[key], declarations=replace(ctx.declarations(), assume=()),
                              allow_unused=True).links[0][1]
        except Exception:  # a value that does not read gives none
            continue
        names = {flat(y.name) for y in constants}
        if str(c.rel) == "=" and isinstance(c.lhs, sp.Symbol) and flat(c.lhs.name) == flat(x.name) and all(
                flat(y.name) in names for y in c.rhs.free_symbols):
            out[x] = c.rhs.xreplace({y: next(z for z in constants if flat(z.name) == flat(y.name))
                                     for y in c.rhs.free_symbols})
    return out


_NAMES = re.compile(r"\\?[A-Za-z]+(?:_\{[^{}]*\}|_\\?\w+)?(?:\^\{[^{}]*\}|\^[\w*+]+|\^\\\w+)?")


def _tied(context, ctx: DocContext) -> set[str]:
    """The names (flat) that a relation of the text ties: the left side of an equation (u^+ = u - s d: u^+ is no
    free point) and every name of any other relation (|x_0 - x^*| <= R); memberships tie nothing."""
    out = set()
    for a in ctx.assume:
        if re.search(r"\\in\s*\\mathbb", a):
            continue
        m = re.fullmatch(r"\s*([^=<>]+?)\s*(?<![<>!\\:])=(?!=)([^=<>]*)", a)
        out |= {flat(m.group(1))} if m else {flat(n) for n in _NAMES.findall(a)}
    for h in context.hypotheses:
        h = sp.sympify(h)
        if isinstance(h, sp.Eq) and isinstance(h.lhs, (sp.Symbol, sp.MatrixSymbol)):
            out.add(flat(h.lhs.name))
        elif not isinstance(h, sp.Eq) or h.atoms(sp.MatrixSymbol):
            out |= {flat(getattr(x, "name", str(x))) for x in h.atoms(sp.MatrixSymbol)}
            out |= {flat(x.name) for x in h.free_symbols if isinstance(x, sp.Symbol)} if h.atoms(sp.MatrixSymbol) else set()
    return out


def refute_by_class(text: str, claim, context, ctx: DocContext, timeout: float,
                    defined_anywhere: set | None = None) -> tuple[str, dict] | None:
    """(method, counterexample) when the link fails for a quadratic ``a/2 |z|^2`` that has every stated class
    (interpolation.witness_gap), at points on a line, with the text's definitions of its points substituted; else
    None (``defined_anywhere``: the names the document defines, here or further down: never a free point).  Only for a function the text does not define by a formula, with no other name the text defines left
    free, and a step parameter (a scalar multiplying a gradient in a defined point) refuted even at a step of at
    most 1/(4L): a step-size condition in words that symgd did not read cannot be what makes the claim fail."""
    from symgd.core.claims import Claim, Context, Rel
    from symgd.decide import decide
    from symgd.decide.interpolation import witness_gap

    if not claim.rel.is_inequality or claim.rel in (Rel.LT, Rel.GT):
        return None
    claim, classes, _, _ = _setup(claim, context, ctx)
    defined_fns = {flat(n) for n in ctx.fdefs} | {flat(re.split(r"\s*(?:\\left)?\(", k, maxsplit=1)[0])
                                                   for k in ctx.defined if "(" in k}
    defined_fns |= {flat(k.rstrip("(")) for k in ctx.opaque if k.endswith("(")} | {flat(n) for n in ctx.stale}
    # (an example's f of an earlier section, out of scope here: the claim may be about it, so never a witness)
    classes = [c for c in classes if flat(c.name) not in defined_fns]
    if not classes or any(c.G is not None for c in classes) or says_more(ctx):  # bounded, nonnegative, ...
        return None
    used: list = []
    got = witness_gap(claim, classes, _definitions(claim, ctx, used, context))
    if got is None:
        return None
    gap, conditions, what, constants, steps, points = got
    pinned = {flat(k) for k in [*ctx.defined, *ctx.opaque, *ctx.defined_at, *ctx.example_pins, *ctx.local,
                                *(defined_anywhere or ())]}  # a point defined further down is not free either
    free = gap.free_symbols & points
    if any(flat(x.name.removeprefix("vec:")) in pinned | _tied(context, ctx) for x in free):  # a point the text ties
        return None
    bases = [re.split(r"[_^]", flat(x.name.removeprefix("vec:")))[0] for x in free]
    if len(bases) != len(set(bases)):  # x_K beside x_0: iterates the rule ties over several steps, not free points
        return None
    valued = _step_values(steps, constants, ctx)  # "largest at $\eta = 1/L$": the value in force, substituted
    gap, steps = sp.expand(gap.xreplace(valued)), steps - set(valued)
    others = gap.free_symbols - free - constants - steps
    if others or any(flat(x.name) in {flat(k) for k in [*ctx.defined, *ctx.opaque]} for x in steps):  # conditions?
        return None
    L = next((c.L for c in classes if c.L is not None), None)
    if steps and L is None:
        return None
    conditions = [*conditions, *(c for s in steps for c in (sp.Gt(s, 0), sp.Le(s, 1 / (4 * L))))]
    hyp = Context(tuple(context.hypotheses) + tuple(h for c in classes for h in c.implied()) + tuple(conditions),
                  context.symmetric, context.positive_definite)
    rename = {x: sp.Symbol(x.name.removeprefix("vec:"), real=True) for x in free}
    v = decide(Claim(gap.xreplace(rename), Rel.LE, 0), hyp, timeout=timeout)
    if not v.refuted:
        return None
    cex = {str(k): str(x) for k, x in dict(v.counterexample or {}).items()}
    defs = "".join(f"; {u}" for u in used) + "".join(f"; {k} = {sp.sstr(x)} (the value in force)" for k, x in valued.items())
    return (f"counterexample with {what} (every stated class: {_said_of(classes)}{defs}), at points on a line: "
            f"{v.method}", cex)
