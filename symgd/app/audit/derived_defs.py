r"""A refutation that goes through a value the text derives: the slip may be in that value, not in the claim.

"The iteration stops where $\frac{a}{s}(w - c) + \lambda w = 0$, which gives $$w_W = \frac{ac}{a + \lambda/s}$$" names
a value the text has worked out; the audit substitutes it in later formulas like a definition.  When a later claim
is refuted only with such a value substituted (``w_{L2} - w_W = \dots``), the two formulas contradict each other, but
which one is wrong is not decided: the derived value is a result of the text that symgd has not checked.  Such a
refutation is reported undecided, naming the value and its line.  A value the text posits ("let", "define",
"denote", "take", ":=") is the document's own choice and a refutation through it stands.
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult, norm
from symgd.app.audit.extract import MATH_SPANS as _MATH

__all__ = ["settle"]

_DERIVED = re.compile(r"\b(?:which gives|gives|giving|we (?:get|obtain|find)|one (?:gets|obtains|finds)|yields?|"
                      r"hence|thus|therefore|stops(?: moving)? (?:where|at|when)|solving|solves?|leads to|results in)\b"
                      r"[^.;!?]{0,60}$", re.I)
_POSITED = re.compile(r"\b(?:let|define[sd]?|denote[sd]?|set|take|choose|call|write|fix|consider)\b[^.;!?]{0,60}$", re.I)


def settle(new: list[LinkResult], ctx, displays: list, section: int) -> list[LinkResult]:
    """The display's results with each refutation that uses a value the section derives (and symgd did not check)
    made undecided, with the reason first."""
    from symgd.app.audit.trust import names

    out = []
    for r in new:
        if r.verdict != "refuted" or r.kind != "claim" or r.missing:
            out.append(r)
            continue
        used = names(r.link)
        through = []
        for key, link in ctx.defined.items():
            line = ctx.defined_at.get(key, 0)
            if norm(key) not in used or line < section or line >= r.line or "(" in key or _update_rule(key, link):
                continue
            lead = _lead_in(link, line, displays)
            if lead and (m := _DERIVED.search(lead)) and not _POSITED.search(lead) and ":=" not in link:
                through.append(f"{key} (line {line}: '{' '.join(m.group(0).split()[:2])}')")
        why = (f"refuted only through {', '.join(through)}, which the text derives and symgd did not check: the "
               "formulas contradict each other, the slip may be there") if through else ""
        out.append(replace(r, verdict="undecided", method=f"{why}; {r.method}") if why else r)
    return out


def _update_rule(key: str, link: str) -> bool:
    """``u_{k+1} = u_k - \\eta a u_k`` ('one gradient step gives'): the method's update rule, which defines the
    iterates (the document's own choice), never a value it derives."""
    m = re.fullmatch(r"\s*(\\?[A-Za-z]+)\s*_\s*\{\s*([a-z])\s*\+\s*1\s*\}\s*", key)
    rhs = link.split("=", 1)[1] if "=" in link else ""
    return bool(m) and re.search(re.escape(m.group(1)) + r"\s*_\s*(?:\{\s*" + m.group(2) + r"\s*\}|" + m.group(2)
                                 + r"(?![A-Za-z]))", rhs) is not None


def _lead_in(link: str, line: int, displays: list) -> str:
    """The prose right before the display of ``line`` that writes the definition ``link`` (its math blanked)."""
    lhs = link.split("=")[0].strip()
    for d in displays:
        if d.line <= line <= d.line + d.latex.count("\n") + 1 and d.display and lhs.replace(" ", "") in d.latex.replace(
                " ", ""):
            return _MATH.sub(" x ", d.before[-200:]).rstrip()
    return ""
