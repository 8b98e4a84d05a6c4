"""LaTeX that reads like a paper: the printer behind ``symgd.latex.render.tex`` and the line breaking of long steps.

* Several subscripts are separated by commas: ``theta_0_1`` (coordinate 1 of theta_0) prints as ``\\theta_{0,1}``,
  not SymPy's ``\\theta_{0 1}``, which reads as theta_{01}.
* A 1 x 1 matrix prints as its entry (``u^T w`` computed in coordinates is a number, not ``[u_1 w_1 + ...]``), and a
  scalar times the 1 x 1 identity (a scalar made to add to ``u^T w``) as the scalar.
* :func:`sum_lines` cuts a long sum after whole terms, so a step breaks over lines at its top-level ``+`` and ``-``
  instead of being shrunk.

Strings of a derivation (titles, summaries, results, justifications, errata, numeric-check descriptions) are
LaTeX prose with ``$...$`` math; :func:`escape_text` keeps the math and escapes the prose.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["LINE_WIDTH", "PaperPrinter", "escape_text", "long_lines", "paper_tex", "sum_lines", "visible_width"]


# OT1-safe: <, > and | in text mode print as other glyphs in the default font encoding.
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"$<$", ">": r"$>$", "|": r"$|$"}
_UNICODE = {"≤": r"$\le$", "≥": r"$\ge$", "→": r"$\to$", "⇒": r"$\Rightarrow$", "≈": r"$\approx$", "−": "-",
            "‖": r"$\|$", "∇": r"$\nabla$", "η": r"$\eta$", "λ": r"$\lambda$", "θ": r"$\theta$", "β": r"$\beta$",
            "μ": r"$\mu$", "σ": r"$\sigma$", "κ": r"$\kappa$", "γ": r"$\gamma$", "α": r"$\alpha$", "∑": r"$\sum$",
            "⟨": r"$\langle$", "⟩": r"$\rangle$", "²": r"$^2$", "³": r"$^3$", "√": r"$\surd$", "∈": r"$\in$",
            "×": r"$\times$", "’": "'", "“": "``", "”": "''", "…": r"\dots{}", "—": "---", "–": "--"}


def escape_text(text: str) -> str:
    """Escape prose for LaTeX; ``$...$`` segments are kept as math, common Unicode is mapped."""
    if text.count("$") % 2:  # an unmatched $: no math at all, every $ is a literal dollar
        return "".join(_UNICODE.get(ch, _SPECIAL.get(ch, r"\$" if ch == "$" else ch)) for ch in text)
    parts = text.split("$")
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # inside $...$
            out.append(f"${part}$")
            continue
        esc = "".join(_SPECIAL.get(ch, ch) for ch in part)
        out.append("".join(_UNICODE.get(ch, ch) for ch in esc))
    return "".join(out)


class PaperPrinter(LatexPrinter):
    """SymPy's LaTeX printer with comma-separated subscripts and 1 x 1 matrices as scalars."""

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        out = super()._deal_with_super_sub(string, style)
        _, _, subs = self._split_super_sub(string)
        if len(subs) > 1:  # SymPy glued them with spaces; the same subscripts, separated by commas
            out = out.replace("_{" + " ".join(subs) + "}", "_{" + ",".join(subs) + "}")
        return out

    def _print_MatMul(self, expr: Any) -> str:
        # a scalar written as a 1 x 1 block (c * Identity(1), so that it adds to u^T v) prints as the scalar
        kept = [a for a in expr.args if not (isinstance(a, sp.Identity) and a.shape == (1, 1))]
        if len(kept) == len(expr.args):
            return super()._print_MatMul(expr)
        if not kept:
            return "1"
        return self._print(kept[0]) if len(kept) == 1 else super()._print_MatMul(sp.MatMul(*kept, evaluate=False))

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        # a term whose minus sign SymPy does not see (-c times the 1 x 1 identity prints as "- c") reads "- c", not "+ - c"
        return super()._print_Add(expr, order).replace("+ - ", "- ")

    def _print_MatrixBase(self, expr: Any) -> str:
        if expr.shape == (1, 1):  # a sum keeps the brackets the matrix gave it: -[[a + b]] is -(a + b)
            entry = expr[0, 0]
            return self._print(entry) if not isinstance(entry, sp.Add) else r"\left(" + self._print(entry) + r"\right)"
        return super()._print_MatrixBase(expr)


_SETTINGS = {"mat_delim": "", "mat_str": "bmatrix"}


def paper_tex(expr: Any) -> str:
    """LaTeX of a SymPy object (matrices as bmatrix, 1 x 1 matrices as scalars, subscripts with commas)."""
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):  # standing alone, a 1 x 1 matrix needs no brackets
        expr = expr[0, 0]
    return _doprint(expr)


@functools.lru_cache(maxsize=8192)
def _cached(expr: sp.Basic) -> str:
    return PaperPrinter(_SETTINGS).doprint(expr)


def _doprint(expr: Any) -> str:
    """The paper printer's LaTeX, remembered per expression: a document prints each side, then its terms to cut
    long lines, many times over (the whole catalogue rendered in a third of the time)."""
    if isinstance(expr, sp.Basic):
        try:
            return _cached(expr)
        except TypeError:  # an unhashable part
            pass
    return PaperPrinter(_SETTINGS).doprint(expr)


_COMMAND = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)\b|\\(?:frac|dfrac|tfrac|mathrm|operatorname|text)\b")


def visible_width(latex: str) -> int:
    """A rough count of printed characters: a command is one, braces and sizing commands none, and a fraction
    the wider of its parts is not known, so it counts both (long estimates only break a line earlier)."""
    s = _COMMAND.sub("", latex)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    return len(re.sub(r"[{}\s^_]", "", s))


def _term_lines(term: Any, width: int) -> list[str]:
    """One term on as many lines as it needs: a sum cut after whole terms, a product with a long sum as a factor
    as ``c \\Bigl( ... \\Bigr)`` around the sum's lines, anything else on one line."""
    whole = _doprint(term)
    if visible_width(whole) <= width:
        return [whole]
    if isinstance(term, (sp.Add, sp.MatAdd)):
        return sum_lines(term, width) or [whole]
    if isinstance(term, sp.Mul):
        sums = [f for f in term.args if isinstance(f, sp.Add)]
        if len(sums) == 1:
            rest = sp.Mul(*[f for f in term.args if f is not sums[0]], evaluate=False)
            prefix = "" if rest == 1 else ("-" if rest == -1 else _doprint(rest))
            inner = sum_lines(sums[0], width - 4) or [_doprint(sums[0])]
            if len(inner) > 1:
                return [rf"{prefix} \Bigl({inner[0]}", *inner[1:-1], inner[-1] + r" \Bigr)"]
    return [whole]


def sum_lines(expr: Any, width: int) -> list[str] | None:
    """The terms of a top-level sum, packed into lines of at most ``width`` visible characters, each line after
    the first starting with its sign (``+ ...`` or ``- ...``), a term too long for one line on several; a column
    vector with long entries as a ``bmatrix`` whose entries are such lines; None when ``expr`` fits on one line
    or cannot be cut."""
    printer = PaperPrinter(_SETTINGS)
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):  # printed as its entry (paper_tex): cut like it
        expr = expr[0, 0]
    if visible_width(_doprint(expr)) <= width:
        return None
    if isinstance(expr, sp.MatrixBase) and expr.shape[1] == 1 and expr.shape[0] > 1:
        entries = []
        for e in expr:
            lines = _term_lines(e, width - 6)
            entries.append(lines[0] if len(lines) == 1 else
                           r"\begin{aligned}&" + r" \\ &\quad ".join(lines) + r"\end{aligned}")
        return [r"\begin{bmatrix}" + r" \\ ".join(entries) + r"\end{bmatrix}"]
    if not isinstance(expr, (sp.Add, sp.MatAdd)):
        lines = _term_lines(expr, width)
        return lines if len(lines) > 1 else None
    terms = printer._as_ordered_terms(expr) if isinstance(expr, sp.Add) else list(expr.args)
    lines: list[str] = []
    current = ""
    for i, term in enumerate(terms):
        neg = term.could_extract_minus_sign()
        t = -term if neg else term
        sign = "- " if neg else ("" if i == 0 else "+ ")
        parts = _term_lines(t, width - 2)
        if isinstance(t, (sp.Add, sp.MatAdd)) and len(parts) == 1:
            parts = [rf"\left({parts[0]}\right)"]
        piece = sign + parts[0]
        if piece.startswith("+ - "):  # the sign SymPy does not see (see PaperPrinter._print_Add)
            piece = piece[2:]
        if current and visible_width(current + piece) > width:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}".strip()
        for more in parts[1:]:
            lines.append(current)
            current = more
    lines.append(current)
    return lines


LINE_WIDTH = 70  # visible characters of math on one displayed line of the document


def long_lines(expr: Any, rendered: str, width: int = LINE_WIDTH) -> list[str]:
    """``rendered`` (the LaTeX of ``expr``, possibly followed by a suffix such as ``+ O(eta^3)``) as display lines:
    cut after whole terms when ``expr`` is a long sum, else one line."""
    lines = sum_lines(expr, width)
    if lines is None or (len(lines) == 1 and not lines[0].startswith("\\begin{bmatrix}")):
        return [rendered]
    whole = paper_tex(expr)
    suffix = rendered[len(whole):] if rendered.startswith(whole) else ""
    return [*lines[:-1], lines[-1] + suffix]
