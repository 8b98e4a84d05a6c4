r"""The links of a chain with expectations under a parametric family (``\mathbb{E}_{p(x|\theta)}[...]``, with
``\nabla_\theta`` outside or inside): read by :mod:`symgd.latex.moving_measure`, decided by :mod:`symgd.decide.score`
(proved by integrands, refuted by the Bernoulli family).  A family the document defines is not arbitrary: a
refutation by another family is then undecided.  Links without such an expectation go the ordinary way."""

from __future__ import annotations

import re
import time

from symgd.app.audit.chain import LinkResult, check_chain
from symgd.app.audit.classify import Chain, lhs_of, relations
from symgd.app.audit.context import DocContext
from symgd.core.errors import BadInput

__all__ = ["family_links"]


def _links(chain: str) -> list[str]:
    rels = relations(chain)
    sides = [chain[(rels[k - 1].end() if k else 0): (rels[k].start() if k < len(rels) else len(chain))]
             .replace("&", "").strip() for k in range(len(rels) + 1)]
    return [f"{sides[k]} {r.group(0)} {sides[k + 1]}" for k, r in enumerate(rels)]


_ARG = r"\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?"


def _key(name: str) -> str:
    return re.sub(r"[\s{}]", "", name)


def expand_divergences(link: str, ctx: DocContext) -> tuple[str, str]:
    r"""``D(a, b)`` for a ``D`` the document defines as ``D_{KL}(p_\theta(x) \| p_{\theta_t}(x))``, written out as
    ``\mathbb{E}_{p(x|a)}[\log p(x|a)/p(x|b)]`` (the definition of the KL divergence); the link and what was done."""
    from symgd.latex.moving_measure import kl_members

    for definition in ctx.defined.values():
        rels = relations(definition)
        m = re.fullmatch(r"\s*([A-Za-z])\s*(?:\\left)?\(\s*(" + _ARG + r")\s*,\s*(" + _ARG + r")\s*(?:\\right)?\)\s*",
                         lhs_of(definition))
        kl = kl_members(definition[rels[0].end():].strip()) if m and rels else None
        if kl is None or {_key(kl[2]), _key(kl[3])} != {_key(m.group(2)), _key(m.group(3))}:
            continue
        name, p, x = m.group(1), kl[0], kl[1]
        formals = (_key(m.group(2)), _key(m.group(3)))

        def written(u: re.Match, formals=formals, kl=kl, p=p, x=x) -> str:
            actual = dict(zip(formals, (u.group(1), u.group(2)), strict=True))
            a, b = actual[_key(kl[2])], actual[_key(kl[3])]
            return f"\\mathbb{{E}}_{{{p}({x}|{a})}}\\left[\\log \\frac{{{p}({x}|{a})}}{{{p}({x}|{b})}}\\right]"

        pattern = r"(?<![\\A-Za-z])" + re.escape(name) + r"\s*(?:\\left)?\(\s*(" + _ARG + r")\s*,\s*(" + _ARG + \
            r")\s*(?:\\right)?\)"
        new = re.sub(pattern, written, link)
        if new != link:
            return new, f"{name} written out by its definition ${definition.strip()}$ (KL(P || Q) = E_P[log P/Q]); "
    return link, ""


_NAMED = re.compile(r"\b(gaussian|normal|bernoulli|poisson|exponential|binomial|categorical|multinomial|laplace|"
                    r"uniform|dirichlet|softmax|logistic)\b", re.I)


def family_links(chain: str, ctx: DocContext, later: tuple, base: dict, timeout: float,
                 prose: str = "") -> list[LinkResult] | None:
    """Each link of ``chain`` decided, or None when no link takes an expectation under a family.  ``prose``: the
    text around the formula; a family it names ("a Gaussian family") is the only admissible witness."""
    from symgd.decide.score import decide_family
    from symgd.latex.moving_measure import has_family_measure, read_family_link

    if not has_family_measure(chain) or not relations(chain):
        return None
    out = []
    for link in _links(chain):
        t0 = time.monotonic()
        text, expanded = expand_divergences(link, ctx)
        try:
            fl = read_family_link(text, relations(text)[0])
        except BadInput as exc:
            out.append(LinkResult(**base, link=link, kind="claim", verdict="not checked", method=f"not read: {exc}"))
            continue
        except Exception as exc:  # one link's failure never stops the audit
            out.append(LinkResult(**base, link=link, kind="claim", verdict="not checked",
                                  method=f"not read: {type(exc).__name__}: {exc}"[:300]))
            continue
        if fl is None:
            out.extend(check_chain(Chain(link, "claim"), ctx, later, base, timeout))
            continue
        try:
            verdict, method, cex = decide_family(fl.lhs, fl.rhs, fl.p, fl.x, fl.theta)
        except Exception as exc:  # reported on the link
            verdict, method, cex = "undecided", f"error: {type(exc).__name__}: {exc}"[:300], {}
        name = str(fl.p)
        named = _NAMED.search(prose)
        if verdict == "refuted" and named and named.group(1).lower().replace("normal", "gaussian") not in \
                cex.get("family", "").lower():
            verdict, method = "undecided", f"the text names a family ('{named.group(1)}'); the witness is another: {method}"
        if verdict == "refuted" and (name in ctx.fdefs or any(k.startswith(name + "(") or k == name
                                                               for k in ctx.defined)):
            verdict, method = "undecided", f"the document defines {name}; a witness family proves nothing: {method}"
        out.append(LinkResult(**base, link=link, kind="claim", verdict=verdict,
                              method=f"{expanded}expectations under the family {fl.measure}, the parameter one "
                                     f"coordinate at a time: {method}", counterexample=cex, seconds=time.monotonic() - t0))
    return out
