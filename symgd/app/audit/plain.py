"""Formulas written as plain text, as a PDF or a web page pastes them (``xs+1 = xs - ηs ∇f(xs )``), and the
``rename`` declaration that says what a spelling with a lost subscript stands for.

A line outside every ``$..$``/``\\(..\\)``/display is a formula when, after an optional short label ending in a
colon ("Newton's method model: ..."), it holds a relation (or the line before it ends with a colon: "its gradient
is:"), at least one Unicode math character (``η``, ``∇``,
``‖``, ``⟨``, ``²`` ...) and no word of prose (a run of three or more letters that is not an operator name such
as ``argmin``, ``log``, ``max``, nor a declared spelling).  Unicode becomes LaTeX through
:func:`symgd.latex.unicode.latex_text` (the parser's own table, not a copy).  Formulas inside sentences of
prose are not read: a sentence does not say where its formula ends.
"""

from __future__ import annotations

import re

__all__ = ["plain_formulas", "rename"]

_OPERATORS = {"argmin", "argmax", "min", "max", "sup", "inf", "log", "exp", "sin", "cos", "tan", "det", "diag",
              "lim", "sqrt", "grad", "sgn", "sign", "tanh", "softmax", "var", "cov"}
_RELATION = re.compile(r"(?<![<>=!:])=(?!=)|[≤≥<>≠≈⟺⇔⟹⇒∈≼≽⪯⪰]|:=")
_LABEL = re.compile(r"^\s*(?:[-*•]\s+)?(?:\d+\.\s+)?(?P<label>[A-Za-z][\w'’ ()-]{0,60}?):\s+(?=\S)")
_BULLET = re.compile(r"^\s*(?:[-*•]\s+|\d+\.\s+)")


def _math_chars() -> set[str]:
    from symgd.latex.unicode import SUBSCRIPTS, SUPERSCRIPTS, SYMBOLS

    return {c for c in (*SYMBOLS, *SUPERSCRIPTS, *SUBSCRIPTS) if not SYMBOLS.get(c, "x").isspace()}


def rename(text: str, renames: dict[str, str] | None) -> str:
    """``text`` with each declared spelling replaced where it stands alone (no letter or backslash before it,
    no letter or digit after it: ``2xs`` is renamed, ``xsq`` and ``\\xs`` are not), longest spelling first."""
    if not renames:
        return text
    keys = sorted(renames, key=len, reverse=True)
    pattern = re.compile("|".join(r"(?<![^\W\d_])(?<!\\)" + re.escape(k) + (r"(?![^\W_])" if k[-1].isalnum() else "")
                                  for k in keys))
    return pattern.sub(lambda m: renames[m.group(0)], text)


_SUBSCRIPT_WORD = re.compile(r"_\{[^{}]*\}|_[A-Za-z]+")
_STAR = re.compile(r"(?P<base>(?<![\w\\])[A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9]+)?)\*(?P<t>ᵀ)?(?=\s*(?:$|[=<>≤≥),;:+\-−ᵀ]))")


def _stars(body: str) -> str:
    """``w*`` (no operand after the star) as ``w^*``; ``w*ᵀ`` as ``(w^*)ᵀ``, one superscript each; a subscript
    word ``η_opt`` as ``η_{opt}`` (plain text has no braces: the word is the subscript)."""
    body = re.sub(r"_([A-Za-z]{2,})(?![\w{])", r"_{\1}", body)
    return _STAR.sub(lambda m: f"({m.group('base')}^*)ᵀ" if m.group("t") else f"{m.group('base')}^*", body)


def _prose_word(piece: str, declared: set[str]) -> bool:
    piece = _SUBSCRIPT_WORD.sub("_", piece)  # η_opt, h_{max}: subscripts, not words
    for w in re.findall(r"(?<![\\A-Za-z])[A-Za-z]{3,}", piece):
        if w.lower() in _OPERATORS or w in declared or any(w.startswith(op) for op in ("argmin", "argmax")):
            continue
        return True
    return False


def plain_formulas(text: str, taken: list[bool], renames: dict[str, str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, LaTeX) of each plain-text formula line of ``text`` (characters where ``taken`` is true
    belong to math already found, or to code)."""
    from symgd.core.errors import BadInput
    from symgd.latex.unicode import latex_text

    math = _math_chars()
    declared = {w for k in (renames or {}) for w in re.findall(r"[A-Za-z]{3,}", k)}
    out = []
    pos, previous = 0, ""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        apart = (re.match(r"(?: {2,}|\t)\S", line) is not None and (n == 0 or not lines[n - 1].strip())
                 and (n + 1 == len(lines) or not lines[n + 1].strip()))  # set apart like a web page's display
        announced, previous = previous.rstrip().endswith(":"), line if line.strip() else previous
        if not line.strip() or any(taken[start:start + len(line)]) or line.lstrip().startswith(("|", "#", ">")):
            continue
        m = _LABEL.match(line)
        body_at = m.end() if m else (_BULLET.match(line).end() if _BULLET.match(line) else 0)
        body = line[body_at:].rstrip()
        if not body or not (_RELATION.search(body) or announced) or not (apart or any(c in math for c in body)):
            continue
        if _prose_word(body, declared) or re.search(r"[.!?]\s+[A-Z]", body):
            continue
        try:
            latex = latex_text(_stars(rename(body, renames)))
        except BadInput:  # a character the parser refuses: the formula is reported by the parser when read
            latex = _stars(rename(body, renames))
        out.append((start + body_at, start + len(line.rstrip()), latex))
    return out
