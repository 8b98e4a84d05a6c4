"""The displays of a document: every piece of math with its line number and the prose around it.

Markdown / MathJax (``$$..$$``, ``\\[..\\]``, inline ``\\(..\\)`` and ``$..$``), LaTeX sources (the display
environments, ``\\newcommand`` macros expanded by :mod:`symgd.app.audit.macros`), plain text with display
math, and formula lines in Unicode plain text (:mod:`symgd.app.audit.plain`).  Declared renamings
(``rename``) are applied to every formula first.  Nothing here evaluates text: it is cut with regular
expressions and left as LaTeX strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symgd.app.audit.macros import expand_macros, read_macros
from symgd.app.audit.plain import plain_formulas, rename

__all__ = ["DISPLAY_ENVS", "Display", "extract", "front_matter", "headings"]

DISPLAY_ENVS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
                "displaymath", "eqnarray", "eqnarray*")


@dataclass(frozen=True)
class Display:
    """One piece of math: its LaTeX, where it starts (1-based line, character offset), whether it is a
    display (or inline math in prose), and the prose of its paragraph before and after it."""

    latex: str
    line: int
    start: int
    end: int
    display: bool
    before: str
    after: str


_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_ENV = "|".join(re.escape(e) for e in DISPLAY_ENVS)
_DISPLAY = re.compile(r"\$\$(?P<a>.+?)\$\$|\\\[(?P<b>.+?)\\\]|\\begin\{(?P<env>" + _ENV + r")\}(?P<c>.*?)\\end\{(?P=env)\}",
                      re.S)
_INLINE = re.compile(r"\\\((?P<a>.+?)\\\)|(?<![\\$])\$(?P<b>[^$\n]+?)\$(?!\$)")
_FRONT = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*\n", re.S)


def front_matter(text: str) -> tuple[str, str]:
    """(front matter between leading ``---`` lines, or ""; the text with it blanked out, lines kept)."""
    m = _FRONT.match(text)
    if m is None:
        return "", text
    return m.group("body"), _blank(m) + text[m.end():]  # same length: offsets stay those of the file


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))  # same length, same lines


def is_latex_source(text: str, name: str = "") -> bool:
    return name.endswith((".tex", ".ltx")) or bool(re.search(r"\\documentclass|\\begin\{document\}", text))


def extract(text: str, name: str = "", renames: dict[str, str] | None = None) -> list[Display]:
    """Every display and inline formula of ``text`` in document order (code blocks and comments skipped);
    ``renames``: the declared spellings (``{"xs": "x_s"}``)."""
    latex = is_latex_source(text, name)
    _, text = front_matter(text)
    text = _FENCE.sub(_blank, text)
    if latex:
        text = _COMMENT.sub(_blank, text)
        macros = read_macros(text)
        text = re.sub(r"\\(re)?newcommand\*?.*$", _blank, text, flags=re.M) if macros else text
    else:
        macros = {}
    found: list[tuple[int, int, str, bool]] = []
    taken = [False] * (len(text) + 1)
    for m in _DISPLAY.finditer(text):
        body = next(g for g in (m.group("a"), m.group("b"), m.group("c")) if g is not None)
        if m.group("env"):
            body = rf"\begin{{aligned}}{body}\end{{aligned}}" if "align" in m.group("env") or "eqnarray" in m.group(
                "env") else body
        found.append((m.start(), m.end(), rename(body, renames), True))
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in _INLINE.finditer(text):
        if taken[m.start()]:
            continue
        body = m.group("a") if m.group("a") is not None else m.group("b")
        found.append((m.start(), m.end(), rename(body, renames), False))
        for i in range(m.start(), m.end()):
            taken[i] = True
    if not latex:  # code blocks are blank by now
        found += [(a, b, body, True) for a, b, body in plain_formulas(text, taken, renames)]
    found.sort()
    out = []
    for start, end, body, display in found:
        if macros:
            body = expand_macros(body, macros)
        out.append(Display(body.strip(), text.count("\n", 0, start) + 1, start, end, display,
                           _paragraph(text, start, -1), _paragraph(text, end, 1)))
    return out


def _paragraph(text: str, at: int, direction: int) -> str:
    """The prose of the paragraph before (``direction`` -1) or after (+1) an offset, at most 300 characters."""
    if direction < 0:
        cut = text.rfind("\n\n", 0, at)
        piece = text[cut + 2 if cut >= 0 else 0 : at][-300:]
        if not piece.strip():  # the display stands alone: the paragraph before it
            cut2 = text.rfind("\n\n", 0, max(cut, 0))
            piece = text[cut2 + 2 if cut2 >= 0 else 0 : max(cut, 0)][-300:]
    else:
        cut = text.find("\n\n", at)
        piece = text[at : cut if cut >= 0 else len(text)][:300]
        if not piece.strip():
            cut2 = text.find("\n\n", cut + 2)
            piece = text[cut + 2 : cut2 if cut2 >= 0 else len(text)][:300]
    return " ".join(piece.split())


_HEADING = re.compile(r"^\s*(#{1,6}\s+\S.*|\\(?:sub)*section\*?\{.*|\\(?:chapter|paragraph)\*?\{.*)$")


_OPEN_ENDS = {"is", "are", "was", "be", "as", "by", "of", "the", "a", "an", "to", "and", "or", "where", "gives",
              "that", "with", "for", "in", "on", "thus", "so", "hence", "then", "becomes", "yields"}


def headings(text: str) -> list[int]:
    """Line numbers of section headings: Markdown ``#``, LaTeX ``\\section``, or in plain text a short line
    (at most eight words, no final punctuation, no math) between blank lines."""
    lines = text.splitlines()
    marked = [i + 1 for i, line in enumerate(lines) if _HEADING.match(line)]
    if marked:  # Markdown or LaTeX: its own headings only
        return marked
    out = []
    for i, line in enumerate(lines):
        words = line.split()
        if words and words[-1].lower() in _OPEN_ENDS:
            continue
        if (0 < len(words) <= 8 and not re.search(r"[.,:;!?=$\\]\s*$", line) and not re.search(r"[$\\=]", line)
                and (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())):
            out.append(i + 1)
    return out
