r"""A value the prose says optimizes the formula before it: "minimizing the right-hand side over $\eta$:
$$\eta_\star = \sqrt{2\log n/(TG^2)}$$".

The definition of the new name is also a claim: the value is a minimizer (maximizer) of the side the prose
names, in the variable it names.  It is checked by :func:`symgd.app.audit.argmin.check_argmin`: the derivative
vanishes at the value and the objective is convex (concave) in the variable, under the document's assumptions.

What is read, and nothing else (a guess about the objective would prove or refute the wrong claim):
* the sentence before the formula ends with "minimizing / maximizing / optimizing ... over $v$" (also "in $v$",
  "with respect to $v$", "w.r.t. $v$"), naming the variable ``v``;
* the formula is ``name = value`` whose name is ``v`` or ``v`` decorated as an optimum (``v_\star``, ``v^*``,
  ``v_{\mathrm{opt}}``, ``v^{\text{best}}``);
* the objective is the right-hand side (the last side) of the last formula before it that holds a relation, or its left-hand side when the
  sentence says so; it must mention ``v``.
A first-order condition that fails refutes the claim only when the sentence names the side ("the right-hand
side", "the bound"); otherwise the objective was inferred and a failure leaves the link undecided.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from symgd.app.audit.argmin import check_argmin
from symgd.app.audit.chain import LinkResult
from symgd.app.audit.classify import is_name, lhs_of, relations
from symgd.app.audit.context import DocContext, prepare

__all__ = ["check_optimum", "optimum_claim"]

_VERB = re.compile(r"\b(minimi[sz]|maximi[sz]|optimi[sz])(?:e|es|ed|ing)\b(?P<what>[^.;:$]{0,60})(?:\$[^$]*\$[^.;:$]{0,30})?"
                   r"\b(?:over|in|with respect to|w\.r\.t\.?)\s*\$(?P<var>[^$]{1,30})\$[^.;$]{0,40}$", re.I)
_NAMED_SIDE = re.compile(r"\b(right[- ]hand side|left[- ]hand side|rhs|lhs|the bound|this bound|the upper bound)\b",
                         re.I)
_DECORATION = r"(?:_|\^)\s*(?:\{\s*)?(?:\\star|\*|\\ast|(?:\\(?:mathrm|text|operatorname)\s*\{\s*)?(?:opt|best|\\star)\s*\}?)\s*\}?"


def _strip(side: str) -> str:
    side = side.replace("&", "").strip()
    side = re.sub(r"(\\[,;!]|\\quad|\\qquad|\s)+$", "", side)
    return side.rstrip(".,;").strip()


def _variable_of(name: str, var: str) -> bool:
    """``name`` is ``var`` itself or ``var`` marked as its optimum."""
    flat = re.sub(r"\s+", "", name)
    v = re.sub(r"\s+", "", var)
    return flat == v or bool(re.fullmatch(re.escape(v) + _DECORATION, flat))


def _mentions(latex: str, var: str) -> bool:
    v = var.strip()
    before = r"(?<!\\)" if v.startswith("\\") else r"(?<![A-Za-z\\])"
    return bool(re.search(before + re.escape(v) + r"(?![A-Za-z])", latex))


def optimum_claim(chain: str, before: str, history: list[str]) -> tuple[str, str, str, bool, str] | None:
    """(point, variable, objective, whether a failure refutes, 'min'/'max') when the prose before ``chain`` says
    its value optimizes the formula before it; else None."""
    sentence = re.split(r"(?<=[.!?])\s+", before.strip())[-1] if before.strip() else ""
    m = _VERB.search(sentence[-160:])
    if m is None or not history:
        return None
    rels = relations(chain)
    if len(rels) != 1 or rels[0].group(0) != "=":
        return None
    name, point = lhs_of(chain).replace("&", "").strip(), _strip(chain[rels[0].end():])
    var = m.group("var").strip()
    if not is_name(name) or "(" in name or not is_name(var) or not _variable_of(name, var) or not point:
        return None
    previous = next((h for h in reversed(history) if relations(h)  # inline names ("over $\\eta$") skipped,
                     and not _variable_of(lhs_of(h).replace("&", "").strip(), var)), "")  # and earlier optima
    prels = relations(previous)
    if not prels:
        return None
    left = re.search(r"left[- ]hand side|\blhs\b", m.group("what"), re.I)
    objective = _strip(previous[: prels[0].start()] if left else previous[prels[-1].end():])
    if not objective or not _mentions(objective, var):
        return None
    sense = "max" if m.group(1).lower().startswith("maxim") else "min"
    return point, var, objective, bool(_NAMED_SIDE.search(m.group("what"))), sense


def check_optimum(result: LinkResult, before: str, history: list[str], ctx: DocContext,
                  timeout: float) -> LinkResult:
    """The definition ``result`` checked as an optimum when the prose says it is one (else returned as it is):
    proved, refuted (only where the sentence names the side it optimizes) or undecided, with the reason."""
    found = optimum_claim(result.link, before, history)
    if found is None:
        return result
    point, var, objective, named, sense = found
    t0 = time.monotonic()
    obj = objective if sense == "min" else rf"-\left({objective}\right)"
    try:
        verdict, method, cex = check_argmin(point, var, "", obj, ctx.declarations(), prepare(ctx), timeout)
    except Exception as exc:  # a method's failure is reported on the link, the audit goes on
        verdict, method, cex = "undecided", f"error: {type(exc).__name__}: {exc}"[:200], {}
    where = f"{sense}imizes {objective} over {var} (the formula before it)"
    if verdict == "refuted" and not named:
        verdict, method = "undecided", f"the objective was inferred, so no refutation: {method}"
    if verdict == "not checked":
        verdict = "undecided"
    return replace(result, kind="claim", verdict=verdict, method=f"{where}: {method}", counterexample=cex or {},
                   seconds=result.seconds + time.monotonic() - t0)
