r"""``D(\theta, \theta_t) \approx D(\theta_t, \theta_t) + (\nabla_\theta D(\theta, \theta_t)|_{\theta=\theta_t})^\top
(\theta - \theta_t) + \frac12 (\theta - \theta_t)^\top H_t (\theta - \theta_t)``: a function of two arguments whose
second argument is the same everywhere, expanded in the first, is the Taylor model of the one-argument function
``g = D(\cdot, \theta_t)`` (symgd.latex.taylor_model), once

* every ``D(a, \theta_t)`` is read ``g(a)`` and ``\nabla_a D(a, \theta_t)`` (the gradient in the first argument) is
  ``\nabla g(a)``;
* a matrix the prose calls "the Hessian of D(...) at q" (``where $H_t$ is the Hessian of $D(\theta, \theta_t)$ at
  $\theta_t$``) is ``\nabla^2 g(q)``: the Hessian in the expanded argument at the point named (a Hessian "of
  D(\theta_t, \theta_t) at \theta_t" can only mean that one: the Hessian of a constant is not taken at a point);
* the names the formula transposes are vectors.

Verdicts: proved for every twice differentiable g (Taylor's theorem), so for the function the document defines too
as long as it is smooth (said so); refuted for an arbitrary g by the quadratic with the counterexample's value,
gradient and Hessian.  When the document defines D, only a witness of that definition refutes: a KL divergence
``D_{KL}(p_\theta \| p_{\theta_t})`` of an arbitrary family is refuted by the Gaussian location family
``N(\theta, I)``, whose divergence is ``\|\theta - \theta_t\|^2 / 2`` (value 0, gradient 0, Hessian I at
``\theta_t``); another definition leaves a refutation undecided.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

import sympy as sp

from symgd.app.audit.chain import LinkResult
from symgd.app.audit.classify import lhs_of, relations
from symgd.app.audit.context import DocContext
from symgd.core.errors import BadInput

__all__ = ["first_argument", "first_argument_links"]

_ARG = r"\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?"
_FN = r"(?<![\\A-Za-z])([A-Za-z]|\\mathcal\{[A-Z]\})"
_APP = re.compile(_FN + r"\s*(?:\\left)?\(\s*(" + _ARG + r")\s*,\s*(" + _ARG + r")\s*(?:\\right)?\)")
_HESSIAN = re.compile(r"\$\s*(" + _ARG + r")\s*\$\s+(?:is|denotes|be)\s+the\s+Hessian\s+(?:matrix\s+)?of\s+\$([^$]+)\$"
                      r"\s+(?:at|evaluated at)\s+\$\s*(" + _ARG + r")\s*\$")
_DIVERGENCE = re.compile(r"^\s*(?:D_\{?\s*(?:\\mathrm\{|\\text\{|\\operatorname\{)?\s*KL\s*\}?\}?|\\mathrm\{KL\}|KL|"
                         r"\\operatorname\{KL\})\s*(?:\\left)?\(")


def _key(name: str) -> str:
    return re.sub(r"[\s{}]", "", name)


def first_argument(chain: str, prose: str) -> tuple[str, str, str, list[str]] | None:
    """(the chain in one-argument form, the function's name, what was read, the names to read as vectors), or None
    when the chain has no two-argument function with one fixed second argument."""
    apps = list(_APP.finditer(chain))
    by_name: dict[str, set[str]] = {}
    for m in apps:
        by_name.setdefault(m.group(1), set()).add(_key(m.group(3)))
    names = [n for n, seconds in by_name.items() if len(seconds) == 1]
    if len(names) != 1 or len(by_name) != 1:
        return None
    name, fixed = names[0], next(iter(by_name[names[0]]))
    out = _APP.sub(lambda m: f"{m.group(1)}({m.group(2)})", chain)
    grad = re.compile(r"\\nabla\s*_\s*(\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])\s*" + re.escape(name) + r"\s*\(\s*(" + _ARG
                      + r")\s*\)")
    for m in list(grad.finditer(out)):
        if _key(m.group(1)) != _key(m.group(2)):  # a gradient in the fixed argument: not this model
            return None
    out = grad.sub(lambda m: f"\\nabla {name}({m.group(2)})", out)
    read = [f"{name}(·, {fixed}) as a function of its first argument"]
    for h in _HESSIAN.finditer(prose):
        inner = _APP.fullmatch(h.group(2).strip())
        if inner is None or inner.group(1) != name or _key(inner.group(3)) != fixed:
            continue
        pattern = r"(?<![\\A-Za-z])" + re.escape(h.group(1)).replace(r"_", r"\s*_\s*\{?\s*").replace(
            r"\ ", "") + r"\}?(?![A-Za-z0-9])"
        if re.search(pattern, out):
            out = re.sub(pattern, lambda _m, h=h: f"\\nabla^2 {name}({h.group(3)})", out)
            read.append(f"{h.group(1)} as the Hessian of {name}(·, {fixed}) at {h.group(3)} (the text: 'the Hessian of "
                        f"${h.group(2).strip()}$ at ${h.group(3)}$')")
    if re.search(r"\\nabla\s*_", out):  # a gradient in another variable is left
        return None
    from symgd.app.audit.sides import vectors_in_use

    args = sorted({m.group(2) for m in apps} | {fixed}, key=len)
    vectors = list(vectors_in_use(args, [chain]))
    if vectors:  # a difference of a vector and another name: both vectors
        vectors = list(dict.fromkeys([*vectors, *args]))
    return out, name, "; ".join(read), vectors


def _definition(name: str, ctx: DocContext) -> str:
    """The right side of the document's definition of ``name(...)`` in force, or ''."""
    for link in ctx.defined.values():
        lhs = lhs_of(link).strip()
        if re.match(re.escape(name) + r"\s*(?:\\left)?\(", lhs):
            return link[relations(link)[0].end():].strip()
    return ""


def _gaussian(claim, name: str):
    """The claim with D(., theta_t) the KL divergence of N(theta, I) to N(theta_t, I): value 0, gradient 0,
    Hessian I at theta_t."""
    subs = {}
    for a in claim.lhs.atoms(sp.Symbol, sp.MatrixSymbol) | claim.rhs.atoms(sp.Symbol, sp.MatrixSymbol):
        label = str(a)
        if re.fullmatch(re.escape(name) + r"\(.+\)", label):
            subs[a] = sp.Integer(0)
        elif label.startswith(f"\\nabla {name}(") and isinstance(a, sp.MatrixSymbol):
            subs[a] = sp.ZeroMatrix(*a.shape)
        elif label.startswith(f"\\nabla^{{2}} {name}(") and isinstance(a, sp.MatrixSymbol):
            subs[a] = sp.Identity(a.shape[0])
        elif label.startswith(f"d^T \\nabla^{{2}} {name}("):
            return None  # the quadratic form's value only: no Hessian to set
    return type(claim)(claim.lhs.xreplace(subs), claim.rel, claim.rhs.xreplace(subs), order=claim.order)


def first_argument_links(chain: str, prose: str, ctx: DocContext, base: dict, timeout: float) -> list[LinkResult] | None:
    """The ``\\approx`` links of ``chain`` decided as the Taylor model of a function in its first argument, or None
    when the chain is not of that form (or does not read so)."""
    from symgd.app.audit.logic import parse_lenient
    from symgd.decide import decide
    from symgd.latex.taylor_model import taylor_model

    rels = relations(chain)
    if len(rels) != 1 or rels[0].group(0) != r"\approx":
        return None
    found = first_argument(chain, prose)
    if found is None:
        return None
    text, name, read, vectors = found
    t0 = time.monotonic()
    decl = ctx.declarations()
    decl = replace(decl, vectors=tuple(dict.fromkeys([*decl.vectors, *vectors])),
                   functions=tuple(dict.fromkeys([*decl.functions, name])))
    eq = text[: relations(text)[0].start()] + "=" + text[relations(text)[0].end():]
    try:
        p, dropped = parse_lenient(eq, decl)
    except BadInput:
        return None
    model = taylor_model(p.links[0][1])
    if model is None:
        return None
    claim, what, _ = model
    parsed = p.links[0][1]
    unknown = sorted(str(a) for a in parsed.rhs.atoms(sp.Symbol, sp.MatrixSymbol) if not (
        str(a).startswith((f"{name}(", f"\\nabla {name}(", f"\\nabla^{{2}} {name}(")) or str(a) in vectors
        or _key(str(a)) in {_key(v) for v in vectors} or (isinstance(a, sp.Symbol) and any(
            a in m.shape[0].free_symbols for m in parsed.rhs.atoms(sp.MatrixSymbol)))))
    defined = _definition(name, ctx)
    how = f"\\approx read as {what}, with {read}"
    try:
        v = decide(claim, p.context, timeout=timeout)
    except Exception as exc:  # reported on the link
        return [LinkResult(**base, link=chain, kind="claim", verdict="undecided", method=f"{how}: error: {exc}"[:300])]
    verdict, method, cex = v.status.value, f"{how}: {v.method}", dict(v.counterexample or {})
    if v.proved and defined:
        method += f" (for every twice differentiable {name}(·, ·); the document's {name} is assumed smooth)"
    elif v.refuted and defined and _DIVERGENCE.match(defined):
        witness = _gaussian(claim, name)
        w = decide(witness, p.context, timeout=timeout) if witness is not None else None
        if w is not None and w.refuted:
            free = {a for e in (witness.lhs, witness.rhs) for a in e.atoms(sp.Symbol, sp.MatrixSymbol)}
            dims = {x for a in free if isinstance(a, sp.MatrixSymbol) for k in a.shape for x in sp.sympify(k).free_symbols}
            if all(a == claim.order[0] or a in dims or "direction" in str(a) for a in free):
                dropped = False  # only the line parameter and the direction are left: no assumption has a say
            verdict, cex = "refuted", dict(w.counterexample or {})
            cex["family"] = "p(x|θ) = N(θ, I): the KL divergence is ||θ - θ_t||^2 / 2 (value 0, gradient 0, Hessian I)"
            method = (f"{how}: false for the Gaussian location family N(θ, I), whose KL divergence "
                      f"{name} = ||θ - θ_t||^2/2 has value 0, gradient 0 and Hessian I at θ_t ({w.method})")
        else:
            verdict, method = "undecided", (f"{how}: refuted for an arbitrary smooth {name}, but the document "
                                            f"defines it as a KL divergence and no witness family refutes it")
    elif v.refuted and defined:
        verdict, method = "undecided", (f"{how}: refuted for an arbitrary smooth {name}, but the document defines "
                                        f"it (${defined[:60]}$)")
    if unknown and verdict == "refuted":  # H_t the text does not define: the claim is not about every value of it
        verdict, method = "undecided", (f"{method}; but {', '.join(unknown)} is not defined by the text (where "
                                        f"'$H$ is the Hessian of ... at ...' would say what it is)")
    if dropped and verdict == "refuted":
        verdict, method = "undecided", f"refuted only without some of the document's assumptions: {method}"
    return [LinkResult(**base, link=chain, kind="claim", verdict=verdict, method=method, counterexample=cex,
                       seconds=time.monotonic() - t0)]
