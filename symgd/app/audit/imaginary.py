r"""The imaginary unit.  A text that speaks of complex numbers ("in complex notation $w_k = x_k + i y_k$",
"$i^2 = -1$", $\mathbb{C}$), or writes a number as $x + i y$, writes $i$ for $\sqrt{-1}$; symgd reads every name as a real number, so
$|1 + i\eta|^2 = 1 + \eta^2$ would be refuted (with i real, it is $(1 + i\eta)^2$).  Such a link is not read, with the
reason, rather than decided in the wrong number field.  An $i$ that is an index (``x_i``, ``\sum_{i=1}^n``, ``a_{ij}``)
or part of a word is not the unit, and a text that never speaks of complex numbers keeps $i$ a real name.
"""

from __future__ import annotations

import re

__all__ = ["complex_text", "refusal", "settle"]

_COMPLEX = re.compile(r"\bcomplex\b|\bimaginary\b|\\mathbb\s*\{?\s*C\s*\}?(?![A-Za-z])|\\C\b|"
                      r"(?<![A-Za-z\\])i\s*\^\s*\{?\s*2\s*\}?\s*=\s*-\s*1|\\sqrt\s*\{\s*-\s*1\s*\}", re.I)
_SCRIPTS = re.compile(r"[_^]\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9])")  # x_i, a_{ij}, \sum_{i=1}^{n}: indices, not the unit
_BARE_I = re.compile(r"(?<![\\A-Za-z])i(?![A-Za-z])|\\mathrm\s*\{\s*i\s*\}|\\imath(?![A-Za-z])")


_CARTESIAN = re.compile(r"[+-]\s*i\s*(?:\\(?!in\b|le\b|ge\b)[A-Za-z]+|[A-Za-z](?![A-Za-z]))")  # x + i y, 1 + i\eta


def complex_text(ctx, before: str = "", chain: str = "") -> bool:
    """Whether the text read so far (its paragraphs, the prose right before the formula) speaks of complex numbers,
    or a formula writes a number as ``x + i y`` (an index i is never added to a product that way)."""
    return any(_COMPLEX.search(p) for p in (*ctx.prose, before)) or any(
        _CARTESIAN.search(_SCRIPTS.sub(" ", f)) for f in (*ctx.history, chain))


_BOUND = re.compile(r"\\(?:sum|prod|bigcup|bigcap|max|min)\s*_\s*\{?\s*i\s*(?:=|\\in|\\le|<|\})")  # \sum_{i=1}: an index


def _writes_unit(latex: str) -> bool:
    return not _BOUND.search(latex) and bool(_BARE_I.search(_SCRIPTS.sub(" ", latex)))


def refusal(chain: str, ctx, before: str = "") -> str:
    """The one-line reason ``chain`` is not read when it writes the imaginary unit as ``i``, or uses a name whose
    definition does (``|w_{k+1}| = ...`` after ``w_k = x_k + i y_k``); "" otherwise."""
    from symgd.app.audit.chain import mentions, norm

    if not complex_text(ctx, before, chain):
        return ""
    via = [k for k, link in ctx.defined.items() if _writes_unit(link.split("=", 1)[-1]) and (
        mentions(chain, {}, norm(k)) or ("_" in norm(k) and re.search(  # w_{k+1} of the family w_k
            r"(?<![A-Za-z\\])" + re.escape(norm(k).split("_")[0]) + "_", norm(chain))))]
    if not _writes_unit(chain) and not via:
        return ""
    return ("not read: i is the imaginary unit here (the text writes complex numbers" +
            (f"; {via[0]} is defined with it" if via and not _writes_unit(chain) else "") +
            "), and symgd reads names as real numbers: write the claim in real and imaginary parts")


def settle(results: list, d, ctx) -> list:
    """The display's claim links, each not read (with the reason) when it writes the imaginary unit, whatever route
    decided it."""
    from dataclasses import replace

    out = []
    for r in results:
        why = refusal(r.link, ctx, d.before) if r.kind == "claim" and r.verdict != "not checked" else ""
        out.append(replace(r, verdict="not checked", method=why, counterexample={}, detail="") if why else r)
    return out
