r"""A name the prose defines by a property, with the value written: "the only stationary point is the minimizer,
$x^\star = \ln 2$" after ``f(x) = e^x - 2x`` (the first-order condition, and convexity for a minimizer); "the unique
minimizer $w^\star = (X^TX + \lambda I)^{-1}X^Ty$" of a quadratic in a vector (the normal equations: an affine
gradient, a Gram-plus-ridge Hessian); "the fixed point $\bar x = b/a$" of the section's rule (the rule's right side at
the point).  Only a decorated name of the variable of exactly one function in force, or of one rule's family; never an
optimum of something the sentence names otherwise ("of the model") or a constrained one ("on the interval")."""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult
from symgd.app.audit.classify import clean, lhs_of, relations
from symgd.app.audit.context import DocContext

__all__ = ["check", "solves"]

_CONSTRAINED = re.compile(r"\b(on|over|subject to|constrain\w*|s\.t\.|interval|within|feasible|among|restricted)\b|"
                          r"\\in(?![A-Za-z])", re.I)
_FIXED = re.compile(r"\b(fixed point|equilibrium|steady state)\b", re.I)
_FIXED_NAME = re.compile(r"\s*(?:\\bar\s*\{?\s*(\\?[A-Za-z]+)\s*\}?|\\overline\s*\{\s*(\\?[A-Za-z]+)\s*\}|"
                         r"(\\?[A-Za-z]+)\s*(?:\^\s*\{?\s*(?:\\star|\*|\\ast)\s*\}?|"
                         r"_\s*\{?\s*(?:\\star|\*|\\ast|\\infty)\s*\}?))\s*")
_PROPERTY = re.compile(r"\b(stationary point|critical point|minimi[sz]er|minimum|maximi[sz]er|maximum)\b", re.I)
_DECORATED = re.compile(r"\s*(\\?[A-Za-z]+)\s*(?:\^\s*\{?\s*(?:\\star|\*|\\\*|\\ast)\s*\}?|"
                        r"_\s*\{?\s*(?:\\star|\*|\\ast)"
                        r"\s*\}?|_\s*\{\s*\\(?:mathrm|text|operatorname)\s*\{\s*opt\s*\}\s*\})\s*")


def check(result: LinkResult, d, ctx: DocContext, timeout: float) -> LinkResult:
    """A definition ``x^\\star = v`` that the sentence calls a stationary point, an optimum or a fixed point, checked as
    one: the first-order condition of the one defined function of ``x`` in force (a minimizer: also convexity,
    argmin.py, or the normal equations of a quadratic in a vector), or the rule of the section at the point; a proof
    or a refutation is the link's verdict (the definition stays registered), anything else leaves it.  The caller
    has made sure the sentence does not set the name ("take", "let")."""
    sentence = re.split(r"(?<=[.!?])\s+", d.before.strip())[-1] if d.before.strip() else ""
    if _FIXED.search(sentence):
        return _fixed_point(result, ctx, timeout) or result
    props = [m.group(1).lower() for m in _PROPERTY.finditer(sentence)]
    prop = next((w for w in props if w.startswith(("minim", "maxim"))), props[0] if props else None)
    rels = relations(result.link)
    if prop is None or len(rels) != 1 or rels[0].group(0) != "=":
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
    named = re.search(r"\b(?:stationary point|critical point|minimi[sz]er|minimum|maximi[sz]er|maximum)\s+of\s+"
                      r"(.{0,40})", sentence, re.I)
    if named and not re.match(r"(?:the\s+(?:function|objective|loss)\s+)?\$?\s*" + re.escape(fname) + r"(?![A-Za-z])",
                              named.group(1)):
        return result  # the optimum of something else ("of the model", "of $g$")
    if _CONSTRAINED.search(re.sub(r"\\in\s*\\mathbb\s*\{?R\}?(?:\s*\^\s*(?:\{[^{}]*\}|\w))?", " ", sentence)):  # not b in R^n
        return result  # "on the interval", "over the simplex": the first-order condition is not a zero gradient
    obj = body if not word.startswith("maxim") else rf"-\left({body}\right)"  # the body: argmin.py reads no definitions
    decl = ctx.declarations()
    try:
        if word.startswith(("minim", "maxim")):
            verdict, method, cex = check_argmin(point, var, "", obj, decl, prepare(ctx), timeout, _definite(ctx))
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


_DEFINITE = re.compile(r"\$\s*([A-Z])\s*(?:\\in[^$]*)?\$\s*(?:is|be)\s+(?:a\s+)?(?:symmetric\s+)?positive[- ]definite(?!\s+(?:if|iff|when))"
                       r"|\b(?:symmetric\s+)?positive[- ]definite\s+(?:matrix\s+)?\$\s*([A-Z])\s*\$", re.I)


def _definite(ctx: DocContext) -> frozenset[str]:
    r"""The matrices the prose so far calls positive definite ("where $A \in \mathbb{R}^{n\times n}$ is symmetric
    positive definite", "a positive definite matrix $Q$"), not negated ("is not positive definite")."""
    return frozenset(m.group(1) or m.group(2) for text in ctx.prose for m in _DEFINITE.finditer(text)
                     if not re.search(r"\b(?:not|never|no longer)\s*$", text[: m.start()] + text[m.start(): m.end()]
                                      .split("positive")[0]))


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
    """``w^* = (X^T X + \\lambda I)^{-1} X^T y`` for ``\\frac12\\|Xw - y\\|^2 + \\frac\\lambda2\\|w\\|^2``: the gradient
    is affine, ``M w + g_0`` with M free of w (its Jacobian), and the point is ``M^{-1}(-g_0)`` (exactly, after
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
    return "proved", (f"the gradient is affine in {var} with the coefficient {jac}, and the point is that "
                      "coefficient's inverse (presupposed: the point uses it) applied to minus the gradient at 0; a "
                      "convex objective (the coefficient a sum of Gram matrices A^T A and c I, c >= 0)")


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


_SOLVED_BY = re.compile(r"\b(that is|i\.\s?e\.|so|hence|thus|therefore|gives?|giving|we (?:get|obtain|find)|solv\w*|solution|"
                        r"since|where|stops? moving|stationary|fixed|cross\w*|balanc\w*|equal\w*)\b", re.I)
_BASE = re.compile(r"\s*(\\?[A-Za-z]+)\s*(?:\^\s*\{?\s*(?:\\star|\*|\\ast)\s*\}?|_\s*\{?\s*(?:\\star|\*|\\ast)\s*\}?|"
                   r"_\s*\{\s*(?:\\(?:mathrm|text|operatorname)\s*\{\s*)?[A-Za-z0-9]{1,6}\s*\}?\s*\}|_\s*[A-Za-z0-9])\s*")


def solves(result: LinkResult, d, ctx: DocContext, timeout: float) -> LinkResult:
    r"""A definition ``w^\star = (X^TX)^{-1}X^Ty`` right after the equation it solves (``X^TX w^\star = X^Ty``,
    "and since $X^TX$ is invertible"), or ``\eta^\star = 2/(\mu + L)`` after "the branches cross, $1 - \eta\mu = -(1 -
    \eta L)$, that is at" (the equation in the undecorated name): proved when the value solves it, with the document's
    definitions substituted.  The equation is the formula just before, in the same sentence or the one before it,
    and the sentence says the value comes from it.  Only a proof changes the verdict: a value that does not solve it
    may be right where the equation has a slip, so it stays a definition; nor is a step from a refuted equation
    proved."""
    from symgd.app.audit.context import prepare
    from symgd.app.audit.logic import check_solution

    rels = relations(result.link)
    if result.kind != "definition" or result.verdict != "definition" or len(rels) != 1 or rels[0].group(0) != "=":
        return result
    name = lhs_of(result.link).strip()
    if "(" in name or not ctx.history:
        return result
    raw = next((h for h in reversed(ctx.history[-3:]) if relations(h)), "")  # the equation, not "$X^TX$" after it
    prev = clean(raw).strip().rstrip(".,;:")  # its \\tag{NE} off
    prels = relations(prev)
    if len(prels) != 1 or prels[0].group(0) != "=" or prev in ctx.refuted_conditions:
        return result
    flat = re.sub(r"\s", "", d.before)
    tail = re.split(r"(?<=[.!?])\s+", d.before.strip())
    near = " ".join(tail[-2:])
    continues = re.match(r"\s*[a-z]", d.before) and not re.search(r"[.!?](?:\s|$)", re.sub(r"\$[^$]*\$", "", d.before))
    if (re.sub(r"\s", "", raw.strip()) not in re.sub(r"\s", "", near) and re.sub(r"\s", "", raw.strip()) not in
            flat[-400:] and not continues):  # nor a paragraph that goes on with the display's sentence ("and since")
        return result
    if not _SOLVED_BY.search(tail[-1]):
        return result
    base = _BASE.fullmatch(name)
    candidates = [name] + ([base.group(1)] if base else [])
    word = r"(?<![A-Za-z\\])" if not name.startswith("\\") else r"(?<!\\)"
    var = next((v for v in candidates if re.search(word + re.escape(v) + r"(?![A-Za-z])", prev)), None)
    lhs_prev = lhs_of(prev).strip()
    if var is None or re.sub(r"\s", "", lhs_prev) == re.sub(r"\s", "", name):
        return result  # not in the equation, or the equation is a definition of the name itself
    point = result.link[rels[0].end():].strip()
    try:
        status, method, _ = check_solution(prev, f"{var} = {point}", ctx.declarations(), prepare(ctx), timeout,
                                             unique=False)
    except Exception:  # a method's failure leaves the definition as it was read
        return result
    if status != "proved":
        return result
    return replace(result, kind="claim", verdict="proved",
                   method=f"solves the equation before it ({prev}), as the sentence says: {method}")
