"""A refutation in the values of one function at one point, realized by a quadratic: sound where the text says no
more of the function than convexity, strong convexity and a Lipschitz gradient.

A link such as ``-\\alpha\\|\\nabla F(w_k)\\|^2 + \\frac{L\\alpha^2}{2}(M + M_G\\|\\nabla F(w_k)\\|^2) = -(1 +
\\frac{L M_G\\alpha}{2})\\alpha\\|\\nabla F(w_k)\\|^2 + \\frac{LM\\alpha^2}{2}`` is algebra in the unknown values
G = |grad F(p)|^2, F(p) and F_* = F(w_*) (w_* the minimizer the text names).  For any values with

    G >= 0,   D = F(p) - F_* >= 0,   2 mu D <= G <= 2 L D   (mu: strong convexity, 0 if not stated; L: smoothness)

the quadratic F(w) = F_* + c/2 |w - w_*|^2, c = G / (2D) in [mu, L], at a point p with |p - w_*|^2 = 2D/c has them
(D = 0: G = 0, p = w_*; without F_* in the link only G >= 0 and F(p) are needed, realized the same way).  It is
convex, c-strongly convex and c-smooth, so a counterexample in those values, found and re-checked exactly with the
assumptions in force, is one of the document's -- provided the text says nothing else of F (no Lipschitz F, no bound
on its gradient, no formula for it other than an expectation ``\\mathbb{E}_{\\xi}[f(w;\\xi)]`` of a function it says
nothing of: f(w; xi) = F(w) realizes it), and that what it states of the random quantities holds under point masses
(g = its stated mean, E[X] = X)."""

from __future__ import annotations

import re

import sympy as sp

from symgd.app.audit.moments import Reader, Unread, canon, expectations
from symgd.core.claims import Context

__all__ = ["quadratic_refutation"]

_GRAD = re.compile(r"\\nabla ?([A-Za-z]|\\mathcal\{[A-Za-z]\})\((.+)\)$")
_OTHER_PROPERTY = re.compile(r"\bbounded\s+(?:sub)?gradients?|(?:sub)?gradients?\s+(?:are|is|stays?|remains?)\s+bounded|"
                             r"\bLipschitz\b(?![- ]?(?:continuous\s+)?gradients?)(?!\s+continuous\s+gradients?)|"
                             r"\bconcave\b|\bnon-?convex\b|\bbounded\s+(?:below|above)\s+by\b|\bnon-?negative\b|"
                             r"\bpositive\s+(?:function|loss|objective)", re.I)
_MINIMIZER = re.compile(r"minimi[sz]er\s+(?:is\s+)?\$([^$]{1,40})\$|\$([^$]{1,40})\$\s+(?:is|denotes)\s+(?:the|a|its)"
                        r"\s+(?:unique\s+)?minimi[sz]er", re.I)


def _constant(text: str, pattern: str) -> str:
    m = re.search(r"\$\s*([^$]{1,20}?)\s*\$\s*-\s*" + pattern, text, re.I)
    return m.group(1) if m else ""


def quadratic_refutation(link: str, reader: Reader, doc: str, pinned: set[str], point_mass_facts: list,
                         timeout: float) -> tuple[str, dict] | None:
    """(method, counterexample) when the link is refuted by values a quadratic realizes, else None.  ``pinned``:
    the canonical names the document defines or pins down (none of them may be left free)."""
    from symgd.decide import decide

    if _OTHER_PROPERTY.search(doc):  # anywhere in the prose read so far (a word about a constant costs a refutation)
        return None
    try:
        claim = reader.claim(link)
    except Unread:
        return None
    atoms = (claim.lhs - claim.rhs).free_symbols
    grads = {s for s in atoms if s in reader.pairs}
    if len(grads) != 1:
        return None
    (g,) = grads
    u, v = reader.pairs[g]
    m = _GRAD.match(u)
    if u != v or m is None:
        return None
    fname, point = m.group(1), m.group(2)
    if not _generic(fname, reader.defined) or any(  # "F \ge 0", "F(x) \le B": more than the family has
            re.search(r"(?<![A-Za-z\\])" + re.escape(fname) + r"(?![A-Za-z])", a) for a in reader.decl.assume
            if a not in reader.defined.values()):
        return None
    minimizer = {canon(x) for mm in _MINIMIZER.finditer(doc) for x in mm.groups() if x}
    if point in minimizer:
        return None  # the gradient at the minimizer is zero: not a free value
    star = {s for s in atoms if _is_value_at(s.name, fname, minimizer, reader.defined)}
    here = {s for s in atoms if s.name == f"{fname}({point})"}
    if len(star) > 1:
        return None
    others = atoms - grads - star - here
    if any(re.search(r"(?<![A-Za-z\\])" + re.escape(fname) + r"(?![A-Za-z])|\\mathbb\{E\}", s.name)
           or canon(s.name) in pinned for s in others):
        return None  # F elsewhere, at another point, an expectation, or a name the text pins down
    mu = _constant(doc, r"strongly[- ]convex")
    lip = _constant(doc, r"(?:smooth|Lipschitz(?:[- ]continuous)?\s+gradient)")
    try:
        mu_s, lip_s = (reader.side(c) if c else None for c in (mu, lip))
    except Unread:
        return None
    hyps = [sp.Ge(g, 0)]
    if star and not (here and mu_s is not None and lip_s is not None):
        return None  # F_* is tied to the gradient through both constants only (D = 0 forces G = 0)
    if star:
        d = next(iter(here)) - next(iter(star))
        hyps += [sp.Ge(d, 0), sp.Ge(g, 2 * mu_s * d), sp.Le(g, 2 * lip_s * d)]
    if mu_s is not None and lip_s is not None:
        hyps.append(sp.Le(mu_s, lip_s))
    hyps += [h for h in reader.hypotheses() + point_mass_facts if isinstance(h, sp.core.relational.Relational)]
    try:
        v = decide(claim, Context(tuple(h for h in hyps if isinstance(h, sp.core.relational.Relational))),
                   timeout=timeout)
    except Exception:  # a method that fails refutes nothing
        return None
    if not v.refuted or not v.counterexample:
        return None
    where = point + (" and at its minimizer" if star else "")
    return (f"counterexample in the values of {fname} at {where}, realized by a quadratic {fname}(w) = {fname}_* + "
            f"c/2 |w - w_*|^2 (c between {mu or 0} and {lip or 'infinity'}), which has every property the text states "
            f"of {fname}: {v.method}", dict(v.counterexample))


def _generic(fname: str, defined: dict[str, str]) -> bool:
    """F not defined, or defined as an expectation of a function the text says nothing else of."""
    for key, link in defined.items():
        if re.sub(r"\s*(?:\\left)?\(.*", "", canon(key)) != fname:
            continue
        rhs = link.partition("=")[2].strip()
        try:
            found = expectations(rhs)
        except Unread:
            return False
        inner = re.fullmatch(r"\s*([a-z])\s*\([^()]*\)\s*", found[0][3]) if len(found) == 1 else None
        if inner is None or found[0][:2] != (0, len(rhs)) or any(  # f itself defined: F is not arbitrary
                re.sub(r"\s*(?:\\left)?\(.*", "", canon(k)) == inner.group(1) for k in defined):
            return False
    return True


def _is_value_at(name: str, fname: str, minimizer: set[str], defined: dict[str, str]) -> bool:
    """``F(w_*)`` at the stated minimizer, or ``F_*`` defined as it."""
    if any(name == f"{fname}({m})" for m in minimizer):
        return True
    link = next((x for k, x in defined.items() if canon(k) == name), "")
    return bool(link) and any(canon(link.partition("=")[2]) == f"{fname}({m})" for m in minimizer)
