"""A refutation that needs arbitrary values of a function the text calls convex, L-smooth or mu-strongly convex,
realized by one function that has those properties: the claim is decided again with

    f(y) = a + b y                (convex; its gradient is constant, so L-smooth for every L >= 0)
    f(y) = a + b y + mu/2 y^2     (mu-strongly convex; mu-smooth, so L-smooth whenever mu <= L)

with a and b free.  A counterexample of that claim, found and re-checked by :func:`symgd.decide.decide`, gives a
and b numbers: one concrete function with every property stated of f, so the refutation is one of the document's.
A link that uses the value and gradient of f at one point only is always refuted this way when its counterexample
is (an affine function has any value and gradient at one point); values at two points may still be.

Kept undecided (None): more than one free function, a property this family lacks (Lipschitz f itself, bounded,
nonnegative, ...: facts.OTHER, said of any function in any paragraph read so far, or a property word the
fact reader did not bind to f), f applied to a vector,
an assumption that says something of f other than defining a name the link does not use (``g(u) = f(Ru)`` defines g
only), or a point of the link that the text defines as a minimizer (where the gradient is zero)."""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.app.audit.facts import KINDS, says_more

__all__ = ["affine_refutation"]

_REGULAR = ("differentiable", "twice differentiable")  # an affine or quadratic f is both

def _flat(name: str) -> str:
    return re.sub(r"[{}\s\\]|mathcal|operatorname|mathrm", "", name)


def _covered(word: str, kinds: set[str]) -> bool:
    """A property word of the prose (``l-lipschitz``, ``convex``) that the realization has: convex and smooth
    always (an affine function is both, L-smooth for every L); strongly convex and Lipschitz only as a stated
    property of f (Lipschitz of its gradient: "Lipschitz" alone may be f's own, which no affine f has for every
    constant)."""
    w = word.replace("-", " ")
    if "strongly" in w:
        return any("strongly convex" in k for k in kinds)
    if "lipschitz" in w:
        return any("smooth" in k for k in kinds)
    return "convex" in w or "smooth" in w


def affine_refutation(claim, context, ctx, timeout: float) -> tuple[str, dict] | None:
    """(method, counterexample) when ``claim`` is refuted with its one free function replaced by an affine (or
    mu-quadratic) function with free coefficients, else None."""
    from symgd.decide import decide

    exprs = [claim.lhs, claim.rhs, *context.hypotheses]
    if not all(isinstance(e, sp.Basic) for e in exprs):
        return None
    funcs = {a.func for e in exprs for a in e.atoms(AppliedUndef)}
    if len(funcs) != 1:
        return None
    (F,) = funcs
    name = F.__name__
    facts = [f for f in ctx.stated if _flat(f.function) == _flat(name)]
    kinds = {f.kind for f in facts}
    if not facts or not kinds <= {*KINDS, *_REGULAR} or says_more(ctx):  # bounded, nonnegative, ... of some function
        return None
    if not all(_covered(w, kinds) for w in ctx.facts):  # a word such as "Lipschitz" that may be about f itself
        return None
    apps = {a for e in exprs for a in e.atoms(AppliedUndef)}
    if any(len(a.args) != 1 or not a.args[0].is_commutative or a.args[0].atoms(sp.MatrixSymbol) for a in apps):
        return None
    used = _flat(" ".join(str(s) for e in exprs for s in e.free_symbols))
    f_word = re.compile(r"(?<![A-Za-z\\])" + re.escape(name) + r"(?![A-Za-z])")
    for a in ctx.assume:  # what the text says of f: only definitions of names this link does not use
        if not f_word.search(a):
            continue
        key = next((k for k, link in ctx.defined.items() if link == a), None)
        if key is None or _flat(re.split(r"\(", key)[0]) in used or _flat(name) == _flat(re.split(r"\(", key)[0]):
            return None
    points = {_flat(str(s)) for x in apps for s in x.args[0].free_symbols}
    for key, link in ctx.defined.items():  # the gradient vanishes at a minimizer: not a free value there
        if _flat(key) in points and re.search(r"arg\s*\\?min|minimi[sz]", link):
            return None
    said = {_flat(m) for p in ctx.prose for x in re.split(r"(?<=[.;!?])\s+", p)
            if re.search(r"minimi[sz]|optimal|optimum|stationary|critical", x, re.I) for m in re.findall(r"\$([^$]*)\$", x)}
    if points & said:  # "where $z$ minimizes $f$": the gradient is zero there
        return None
    if re.search(r"\*|star|opt", used):  # x^*, f_*: a minimizer or the minimum the prose may name (no affine f has one)
        return None
    a, b, y = sp.Symbol("a_{" + name + "}", real=True), sp.Symbol("b_{" + name + "}", real=True), sp.Dummy("y")
    hyps: list = []
    body, what = a + b * y, f"the affine {name}(y) = a + b y"
    by_name = {_flat(str(s)): s for e in exprs for s in e.free_symbols}
    smooth = [c for f in facts if "smooth" in f.kind and f.constant for c in f.constant.split(",")[-1:]]
    strong = [f.constant.split(",")[0] for f in facts if "strongly" in f.kind]
    for c in smooth:  # an L-smooth function has L >= 0 (a claim may need it: f(y) <= f(x) + ... + L/2 |y - x|^2)
        if _flat(c) in by_name:
            hyps.append(sp.Ge(by_name[_flat(c)], 0))
    if strong:
        mu = by_name.get(_flat(strong[0])) or sp.Symbol(strong[0], positive=True)
        body, what = body + mu / 2 * y**2, f"the quadratic {name}(y) = a + b y + {strong[0]}/2 y^2"
        hyps += [sp.Gt(mu, 0), *(sp.Le(mu, by_name[_flat(c)]) for c in smooth if _flat(c) in by_name)]
    lam = sp.Lambda(y, body)
    try:
        new = [e.replace(F, lam).doit() for e in exprs]
        trial = replace(claim, lhs=new[0], rhs=new[1])
        v = decide(trial, replace(context, hypotheses=tuple(h for h in (*new[2:], *hyps) if h is not sp.true)), timeout=timeout)
    except Exception:  # a realization that does not read refutes nothing
        return None
    if not v.refuted or not v.counterexample:
        return None
    cex = dict(v.counterexample)
    values = {c: sp.Rational(cex[str(c)]) for c in (a, b) if re.fullmatch(r"-?\d+(?:/\d+)?", str(cex.get(str(c))))}
    shown = sp.sstr(body.subs(values).subs({a: 0}))  # a: any value where the link does not use f's
    return (f"counterexample realized by {what.split(' = ')[0]} = {shown.replace(str(y), 'y')} "
            f"({', '.join(sorted(kinds))}, as stated: an affine part has any value and gradient at a point): "
            f"{v.method}", cex)
