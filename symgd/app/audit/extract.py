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

from symgd.app.audit.macros import expand_macros, read_macros, standard_spellings
from symgd.app.audit.plain import plain_formulas, prose_formulas, rename
from symgd.app.audit.shapes import real_spaces, spectral_in_words

MATH_SPANS = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)", re.S)  # the math of a sentence the prose rules mask or read

__all__ = ["DISPLAY_ENVS", "MATH_SPANS", "Display", "annotated_relations", "continued_lines", "extract", "front_matter", "headings", "implied_ranges", "lines_of", "parameter_semicolons",
           "shared_bounds", "squeeze"]

DISPLAY_ENVS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
                "displaymath", "eqnarray", "eqnarray*")


@dataclass(frozen=True)
class Display:
    """One piece of math: its LaTeX, where it starts (1-based line, character offset), whether it is a
    display (or inline math in prose), and the prose of its paragraph before and after it.  ``offset``: how many
    lines below ``line`` the LaTeX's first line stands (``$$`` or ``\\begin{align}`` alone on its line); the
    LaTeX keeps the source's line breaks, so its line k is source line ``line + offset + k``."""

    latex: str
    line: int
    start: int
    end: int
    display: bool
    before: str
    after: str
    offset: int = 0


_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_DOUBLED = re.compile(r"(?<!\\)\\\\(?P<o>\[)(?!\s*-?[\d.]+\s*(?:pt|em|ex|mm|cm|in|mu)\s*\])(?P<body>(?:(?!\$\$).)+?)\\\\(?P<c>\])"
                      r"|(?<!\\)\\\\(?P<o2>\()(?P<b2>[^\n]+?)\\\\(?P<c2>\))", re.S)
_MATH_FENCE = re.compile(r"^(?P<open>(?P<f>```|~~~)[ \t]*math[ \t]*)$(?P<body>.*?)^(?P<close>(?P=f)[ \t]*)$", re.S | re.M)
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_ENV = "|".join(re.escape(e) for e in DISPLAY_ENVS)
_DISPLAY = re.compile(r"\$\$(?P<a>.+?)\$\$|(?<!\\)\\\[(?P<b>.+?)\\\]|\\begin\{(?P<env>" + _ENV + r")\}(?P<c>.*?)\\end\{(?P=env)\}",
                      re.S)
_NESTED_ENV = re.compile(r"\s*\\begin\{(?P<env>" + _ENV + r")\}(?P<body>.*?)\\end\{(?P=env)\}\s*", re.S)
_END_MARK = re.compile(r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s)*\\(?:qed|QED|blacksquare|square|Box|qedhere)(?![A-Za-z])"
                       r"[\s.,;]*$|[ \t]*[∎□■◻◼☐][\s.,;]*$")  # an end-of-proof mark that ends a display
_INLINE = re.compile(r"\\\((?P<a>.+?)\\\)|(?<![\\$])\$(?P<b>(?:[^$\n]|\n(?![ \t]*\n))+?)\$(?!\$)")  # one line break
# may fall inside $..$ (as in MathJax and TeX), a blank line may not
_FRONT = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*\n", re.S)


def front_matter(text: str) -> tuple[str, str]:
    """(symgd's part of the front matter between leading ``---`` lines, or ""; the text with the front matter
    blanked out, lines kept).  A blog's front matter also holds its site's keys (title, date, tags, layout): those
    are not symgd's and are left out; a key one letter or two away from a declaration key (``vector:``) is kept,
    so the declarations reader refuses it with the list of keys instead of it being ignored."""
    m = _FRONT.match(text)
    if m is None:
        return "", text
    return _symgd_keys(m.group("body")), _blank(m) + text[m.end():]  # same length: offsets stay those of the file


_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")


def _symgd_keys(body: str) -> str:
    """The lines of the front matter under a declaration key (or a near miss of one); comments kept."""
    import difflib

    from symgd.app.audit.declare import KEYS

    keep, out = True, []
    for line in body.split("\n"):
        m = _TOP_KEY.match(line)
        if m:
            key = m.group("key")
            keep = key in KEYS or bool(difflib.get_close_matches(key, KEYS, n=1, cutoff=0.75))
        if keep or not line.strip() or line.lstrip().startswith("#"):
            out.append(line)
    return "\n".join(out).strip("\n") if any(_TOP_KEY.match(x) for x in out) else ""


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))  # same length, same lines


def is_latex_source(text: str, name: str = "") -> bool:
    return name.endswith((".tex", ".ltx")) or bool(re.search(r"\\documentclass|\\begin\{document\}", text))


def extract(text: str, name: str = "", renames: dict[str, str] | None = None) -> list[Display]:
    """Every display and inline formula of ``text`` in document order (code blocks and comments skipped);
    ``renames``: the declared spellings (``{"xs": "x_s"}``)."""
    latex = is_latex_source(text, name)
    _, text = front_matter(text)
    text = _MATH_FENCE.sub(lambda m: "$$" + " " * (len(m.group("open")) - 2) + m.group("body") + "$$"
                           + " " * (len(m.group("close")) - 2), text)  # GitHub's ```math block: a display
    text = _FENCE.sub(_blank, text)
    if not latex:  # a blog's Markdown writes \\[ .. \\] and \\( .. \\) so that MathJax gets \[ .. \]: the same
        text = _DOUBLED.sub(lambda m: " \\" + (m.group("o") or m.group("o2")) + (m.group("body") or m.group("b2") or "")
                            + " \\" + (m.group("c") or m.group("c2")), text)  # the same length: offsets kept
    if latex:
        text = _COMMENT.sub(_blank, text)
        macros = read_macros(text)
        text = re.sub(r"\\(re)?newcommand\*?.*$", _blank, text, flags=re.M) if macros else text
    else:
        macros = {}
    found: list[tuple[int, int, str, bool, int]] = []
    taken = [False] * (len(text) + 1)
    for m in _DISPLAY.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
        body, at = m.group(group), m.start(group)
        body, annotated = _text_math(body, at)
        found += [(a, b, rename(inner, renames), False, 0) for a, b, inner in annotated]
        env = m.group("env") or ""
        if not env and (nested := _NESTED_ENV.fullmatch(body)):  # $$\begin{align} .. \end{align}$$, as MathJax
            env, at, body = nested.group("env"), at + nested.start("body"), nested.group("body")  # takes it: its rows
        body = _END_MARK.sub("", body)  # "= 4u. \qquad \blacksquare": the proof's end, no part of the formula
        lead = len(body) - len(body.lstrip())  # the LaTeX starts on the line of its first character
        offset = text.count("\n", m.start(), at + lead)
        body = _rows(_row_spacing(body.strip()), env)
        found.append((m.start(), m.end(), rename(body, renames), True, offset))
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in _INLINE.finditer(text):
        if taken[m.start()]:
            continue
        body = m.group("a") if m.group("a") is not None else m.group("b")
        found.append((m.start(), m.end(), rename(body, renames), False, 0))
        for i in range(m.start(), m.end()):
            taken[i] = True
    if not latex:  # code blocks are blank by now
        delimited = bool(found)
        lines = plain_formulas(text, taken, renames, ascii_lines=not delimited)
        found += [(a, b, continued_lines(body), True, 0) for a, b, body in lines]  # a line that goes on
        if not delimited:  # a plain-text document: formulas inside its sentences too
            for a, b, _ in lines:
                taken[a:b] = [True] * (b - a)
            found += [(a, b, body, False, 0) for a, b, body in prose_formulas(text, taken, renames)]
    found.sort()
    out = []
    for start, end, body, display, offset in found:
        if macros:
            body = expand_macros(body, macros)
        before, after = _paragraph(text, start, -1), _paragraph(text, end, 1)
        body = implied_ranges(parameter_semicolons(annotated_relations(body)))
        out.append(Display(spectral_in_words(shared_bounds(standard_spellings(real_spaces(body.strip()))), before, after),
                           text.count("\n", 0, start) + 1, start, end, display, before, after, offset))
    return out


_APPLIED = re.compile(r"(?P<head>(?<![\\A-Za-z])(?:\\(?P<cmd>[A-Za-z]+)|[A-Za-z])(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?\s*\()"
                      r"(?P<args>[^();]*);")


def _braced(latex: str, i: int) -> int:
    """The index after the brace group that opens at ``i`` (after skipped spaces), or -1."""
    while i < len(latex) and latex[i] in " \t\n":
        i += 1
    if i >= len(latex) or latex[i] != "{":
        return -1
    depth = 0
    for j in range(i, len(latex)):
        depth += (latex[j] == "{" and latex[j - 1] != "\\") - (latex[j] == "}" and latex[j - 1] != "\\")
        if depth == 0:
            return j + 1
    return -1


_ANNOTATED = re.compile(r"\\(?:overset|stackrel|underset)(?![A-Za-z])")
_ANNOTATED_REL = re.compile(r"\s*(?:=|<|>|\\(?:leq?|geq?|leqslant|geqslant|lt|gt|approx|preceq|succeq)(?![A-Za-z]))\s*")
_DEFINING_MARK = re.compile(r"\s*(?:\\(?:text|mathrm|rm|textrm|mathsf|scriptscriptstyle|scriptstyle)\s*\{?\s*)*"
                            r"(?:def(?:n|ined|inition)?|\\triangle|\\Delta|\\vartriangle|:|!|\?|\\mathrm\{def\})\s*\}*\s*",
                            re.I)
_BRACE_NOTE = re.compile(r"\\(?P<kind>underbrace|overbrace)(?![A-Za-z])")


def annotated_relations(latex: str) -> str:
    r"""Relations annotated with their reason, as proofs write them: ``\overset{(i)}{=}``, ``\stackrel{\text{AM-GM}}
    {\ge}``, ``\overset{\eqref{eq:x}}{\le}``, as the bare relation (a reason is no definition: read as
    ``\overset{..}{=}`` each such link was a definition, never checked); ``\overset{\text{def}}{=}`` and
    ``\stackrel{\triangle}{=}`` as ``:=``; ``\overset{!}{=}`` and ``\overset{?}{=}`` are kept.  ``\underbrace{X}_{note}`` and
    ``\overbrace{X}^{note}`` are X (the note is a comment on it).  Line breaks are kept."""
    out, pos = [], 0
    for m in _ANNOTATED.finditer(latex):
        if m.start() < pos:
            continue
        a = _braced(latex, m.end())
        b = _braced(latex, a) if a > 0 else -1
        if b < 0:
            continue
        note = latex[m.end():a].strip()[1:-1]
        rel = latex[a:b].strip()[1:-1]
        if not _ANNOTATED_REL.fullmatch(rel) or (_DEFINING_MARK.fullmatch(note) and (
                rel.strip() != "=" or re.fullmatch(r"\s*[!?]\s*", note))):
            continue  # \overset{!}{=} (required), \overset{?}{=} (asked), a defining mark on another relation: kept
        rel = ":=" if _DEFINING_MARK.fullmatch(note) else rel.strip()  # \overset{\text{def}}{=}: a definition
        out.append(latex[pos:m.start()] + " " + rel + " " + "\n" * latex[m.start():b].count("\n"))
        pos = b
    latex = "".join(out) + latex[pos:]
    out, pos = [], 0
    for m in _BRACE_NOTE.finditer(latex):
        if m.start() < pos:
            continue
        a = _braced(latex, m.end())
        script = "_" if m.group("kind") == "underbrace" else "^"
        k = a
        while 0 < k < len(latex) and latex[k] in " \t":
            k += 1
        b = _braced(latex, k + 1) if 0 < k < len(latex) and latex[k] == script else -1
        if a < 0:
            continue
        inner = latex[m.end():a].strip()[1:-1]
        end = b if b > 0 else a
        out.append(latex[pos:m.start()] + "{" + inner + "}" + "\n" * latex[a:end].count("\n"))
        pos = end
    return "".join(out) + latex[pos:]


_RANGED_SUM = re.compile(r"\\sum\s*_\s*\{\s*(?P<i>[a-z])\s*=\s*(?P<lo>[^{}=]+?)\s*\}\s*\^\s*(?P<hi>\{[^{}]*\}|\\?[A-Za-z0-9]+)")
_BARE_SUM = re.compile(r"\\sum\s*_\s*(?:\{\s*(?P<i>[a-z])\s*\}|(?P<j>[a-z])(?![A-Za-z]))(?!\s*\^)")


def implied_ranges(latex: str) -> str:
    r"""``\sum_k \eta_k^2 = c^2 \sum_{k=1}^{K} 1/k``: a sum that names its index but not its range, in a formula whose
    other sums over that index all run over one written range, runs over that range (the formula relates sums over
    the same terms).  With no written range, or two different ones, it is left as written."""
    ranges: dict[str, set[tuple[str, str]]] = {}
    for m in _RANGED_SUM.finditer(latex):
        ranges.setdefault(m.group("i"), set()).add((m.group("lo").strip(), m.group("hi").strip("{} ")))

    def one(m: re.Match) -> str:
        index = m.group("i") or m.group("j")
        if len(ranges.get(index, ())) != 1:
            return m.group(0)
        lo, hi = next(iter(ranges[index]))
        return rf"\sum_{{{index}={lo}}}^{{{hi}}}"

    return _BARE_SUM.sub(one, latex) if ranges else latex


def parameter_semicolons(latex: str) -> str:
    r"""``s(x; \theta)``, ``\ell(w;x_i)``: a function's arguments and its parameters after a semicolon, as one list of
    arguments (``s(x, \theta)``), so that every reading (definitions, applications, the parser) sees one function of
    both.  Only parentheses right after a name (a letter, a Greek letter or ``\ell``, with a subscript)."""
    from symgd.latex.vocabulary import GREEK

    if re.search(r"\\mathbb\s*\{?\s*E\b|(?<![A-Za-z\\])E\s*\[", latex):  # E_xi[f(w; xi)]: chains of expectations
        return latex  # read the parameters after the semicolon as random (symgd.app.audit.stochastic): kept

    def one(m: re.Match) -> str:
        if m.group("cmd") and m.group("cmd") not in GREEK and m.group("cmd") != "ell":
            return m.group(0)  # \left(a; b\right), \big(: not a function's arguments
        name = re.escape(m.group("head").rstrip("( \t").rstrip())
        if re.search(r"\\(?:nabla|partial)(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?\s*(?:\^\s*\{?\d\}?\s*)?" + name, latex):
            return m.group(0)  # \nabla f(w; xi): the gradient in w, not in (w, xi): kept as written
        return m.group("head") + m.group("args") + ","

    for _ in range(4):  # f(x; a; b): one semicolon at a time
        new = _APPLIED.sub(one, latex)
        if new == latex:
            break
        latex = new
    return latex


_NAME = r"\\?[A-Za-z]+(?:_\{[^{}]*\}|_[A-Za-z0-9])?"
_NUMBER = re.compile(r"[-+]?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\{\d+\}\{\d+\}|\\[dt]?frac\d\d)")
_LESS, _MORE = r"<|\\leq?(?![A-Za-z])", r">|\\geq?(?![A-Za-z])"
_SHARED = re.compile(rf"\s*(?:(?P<lo>[^<>=,$]+?)\s*(?P<r1>{_LESS}|{_MORE})\s*)?(?P<names>{_NAME}(?:\s*,\s*{_NAME})+)\s*"
                     rf"(?P<r2>{_LESS}|{_MORE})\s*(?P<hi>[^<>=,$]+?)\s*[.,;]?\s*")


def shared_bounds(latex: str) -> str:
    """A bound shared by a list of names, as written for short (``0 < \\beta_1, \\beta_2 < 1``, ``c, d > 0``), as
    one relation per name (``0 < \\beta_1 < 1 \\quad 0 < \\beta_2 < 1``): cut at its comma it would say 0 < β₁ and
    β₂ < 1 only."""
    m = _SHARED.fullmatch(latex)
    if m is None or (m.group("r1") and (not _NUMBER.fullmatch(m.group("lo").strip()) or (
            m.group("r1") == "<" or "le" in m.group("r1")) != (m.group("r2") == "<" or "le" in m.group("r2")))):
        return latex  # no such list; a first bound that is not a number (a < b, c < d: two facts) or points back
    names = [n.strip() for n in m.group("names").split(",") if n.strip() not in (r"\dots", r"\ldots", r"\cdots")]
    lo = f"{m.group('lo').strip()} {m.group('r1')} " if m.group("r1") else ""
    return r" \quad ".join(f"{lo}{n} {m.group('r2')} {m.group('hi').strip()}" for n in names)


def _rows(body: str, env: str) -> str:
    """A display environment's body as one block whose rows the claim splitter reads: align and eqnarray rows
    (``\\\\``) are the lines of an ``aligned`` block, gather rows those of a ``gathered`` one (each its own chain
    unless it starts with a relation), multline rows one formula broken for width."""
    if "align" in env or "eqnarray" in env:
        return rf"\begin{{aligned}}{_intertext(body)}\end{{aligned}}"
    if env.startswith("gather"):
        return rf"\begin{{gathered}}{body}\end{{gathered}}"
    if env.startswith("multline"):
        return re.sub(r"\\\\(\[[^\]]*\])?", " ", body)
    return continued_lines(body)


_SPACING = r"(?:\s|&|~|\\q?quad(?![A-Za-z])|\\[,;:! ])*"
_RELATION_START = re.compile(r"^" + _SPACING + r"(?:=|<|>|≤|≥|\\(?:leq?|geq?|leqslant|geqslant|lt|gt|approx|equiv|"
                             r"preceq|succeq)(?![A-Za-z]))")
_OPERATOR_START = re.compile(r"^" + _SPACING + r"(?:\+|-|−|\\cdot(?![A-Za-z])|\\times(?![A-Za-z]))")
_OPEN_END = re.compile(r"(?:[-+=<>(\[{,]|−|≤|≥|\\(?:cdot|times|leq?|geq?|approx|left[(\[.]|Big[gl]?[(\[]|big[gl]?[(\[])|"
                       r"\\left\\\{)" + _SPACING + r"$")
_KEPT = re.compile(r"\\begin\{([bpBvV]?matrix|d?cases)\}.*?\\end\{\1\}", re.S)  # their \\ are not row breaks


_ROW_SPACING = re.compile(r"((?:^|\\\\)\s*&)(?:\s|~|\\q?quad(?![A-Za-z])|\\[,;:! ]|\\hspace\*?\{[^{}]*\})+(?=[=<>]|\\(?:leq?|geq?|"
                          r"approx|lt|gt|leqslant|geqslant)(?![A-Za-z]))", re.M)


def _row_spacing(body: str) -> str:
    r"""The spacing between a row's ``&`` and the relation that starts it (``&\qquad = ..``, an indented continued
    row) off: that row continues the chain of the row before it, and a ``\qquad`` there separates nothing."""
    return _ROW_SPACING.sub(r"\1 ", body)


def continued_lines(body: str) -> str:
    r"""A display without rows (``$$..$$``, ``\[..\]``, ``equation``) written over several source lines, where a line
    continues the one before it, as rows of an ``aligned`` block: TeX sets the whole body as one formula, but the
    claim splitter reads each source line as a formula of its own.  A line continues the one before when it starts
    with a relation (``= \frac56``: alone it has no left side), when it starts with ``+``, ``-``, ``\cdot`` and holds
    no relation of its own (``+ 2\,\mathbb{E}\|b\|^2``), or when the line before ends with an operator, a relation, a
    comma or an opening bracket.  Other line breaks separate formulas, as before (``x_1 = 2`` and ``x_2 = 3`` on two
    lines are two formulas, not ``2 x_2``).  The source lines are kept, so each link keeps its line; a body with
    nothing to continue is returned as it is."""
    from symgd.app.audit.classify import relations

    bare = _KEPT.sub(lambda m: re.sub(r"[^\n]", "x", m.group(0)), body)
    if "\n" not in body.strip() or "\\\\" in bare or "\\begin" in bare:
        return body  # one line, or rows of its own
    lines = body.strip("\n").split("\n")
    rows: list[list[str]] = []
    for line in lines:
        last = next((x for x in reversed(rows[-1]) if x.strip()), "") if rows else ""
        joined = rows and (not line.strip() or _RELATION_START.match(line) or _OPEN_END.search(last)
                           or (_OPERATOR_START.match(line) and not relations(line)))  # a blank line: kept, no row
        if joined:
            rows[-1].append(line)
        else:
            rows.append([line])
    if all(len([x for x in r if x.strip()]) == 1 for r in rows):
        return body
    return "\\begin{aligned}" + " \\\\\n".join("\n".join(r) for r in rows) + "\\end{aligned}"


def _intertext(body: str) -> str:
    """``\\intertext{..}`` between an align's rows is prose: a row break in its place (lines kept)."""
    out, pos = [], 0
    for m in re.finditer(r"\\(?:short)?intertext\s*\{", body):
        if m.start() < pos:
            continue
        depth, j = 1, m.end()
        while j < len(body) and depth:
            depth += (body[j] == "{" and body[j - 1] != "\\") - (body[j] == "}" and body[j - 1] != "\\")
            j += 1
        out.append(body[pos:m.start()] + "\\\\" + re.sub(r"[^\n]", "", body[m.start():j]))
        pos = j
    return "".join(out) + body[pos:]


_TEXT_GROUP = re.compile(r"\\(?:text|textrm|textnormal|mbox|intertext)\s*\{")
_QUANTIFIER = re.compile(r"\\(?:text|textrm|mbox)\s*\{\s*for\s+(?:all|every|each|any)\s*\}")


def _text_math(body: str, at: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A display with the math written inside its text annotations (``\\qquad\\text{(since $a = b$)}``) and after
    a quantifier (``\\qquad\\text{for all } x \\in X``, to the end of its row) taken out: (the display without it,
    lines kept; [(start, end, inner LaTeX)] as inline formulas, file offsets)."""
    found: list[tuple[int, int, str]] = []
    cut = []
    for g in _TEXT_GROUP.finditer(body):
        depth, j = 1, g.end()
        while j < len(body) and depth:
            depth += (body[j] == "{" and body[j - 1] != "\\") - (body[j] == "}" and body[j - 1] != "\\")
            j += 1
        for m in re.finditer(r"(?<!\\)\$(?P<inner>[^$]+?)(?<!\\)\$", body[g.end():j - 1]):
            a, b = g.end() + m.start(), g.end() + m.end()
            found.append((at + a, at + b, m.group("inner")))
            cut.append((a, b))
    for q in _QUANTIFIER.finditer(body):  # "\qquad \text{for all } x": x is the annotation's, not a formula's
        end = re.search(r"\\\\|$", body[q.end():]).start() + q.end()
        piece = body[q.end():end].rstrip(" \t\n.,;")
        if piece.strip():
            found.append((at + q.end(), at + q.end() + len(piece), piece.strip()))
            cut.append((q.end(), q.end() + len(piece)))
    for a, b in sorted(cut, reverse=True):
        body = body[:a] + re.sub(r"[^\n]", "", body[a:b]) + body[b:]
    return body, found


def squeeze(latex: str) -> str:
    """LaTeX without spacing, alignment, sizing and grouping marks, relations in one spelling: a link's text found
    again in its display."""
    latex = re.sub(r"\\(left|right|big|Big|bigg|Bigg)(?![A-Za-z])|\\[,;:! ]|\\q?quad(?![A-Za-z])", "", latex)
    latex = re.sub(r"\\leq?(?![A-Za-z])", "<=", re.sub(r"\\geq?(?![A-Za-z])", ">=", latex))
    return re.sub(r"[\s&{}]", "", latex)


def lines_of(d: Display, links: list[str]) -> list[int]:
    """The source line of each link of ``d`` (in order): the line of the display's LaTeX that holds the whole link,
    or else the one that holds the longest start of its right side (a chain's ``&= ...`` row; two rows may begin
    alike), searched from the previous link's line on; the LaTeX's first line when neither is found."""
    from symgd.app.audit.classify import relations

    raw = d.latex.split("\n")
    lines = [squeeze(line) for line in raw]
    out, last = [], 0
    for link in links:
        rels = relations(link)
        whole, rhs = squeeze(link), squeeze(link[rels[0].end():] if rels else link).lstrip("=")
        probe = whole if any(whole in line for line in lines) else _longest_start(rhs, lines)
        order = [*range(last, len(lines)), *range(last)]
        rel = squeeze(rels[0].group(0)) if rels and probe != whole else ""
        rel += "=" if rel in ("<", ">") and link[rels[0].end():rels[0].end() + 1] == "=" else ""  # a link's <=, >=
        hit = next((k for k in order if rel and probe and rel + probe in lines[k]), None)  # the row "&= rhs" first:
        hit = hit if hit is not None else next((k for k in order if probe and probe in lines[k]), None)  # an earlier
        # row may hold the same start inside (e_{k+1} \le 1 + \frac{e_k^2}{2} then &= \frac{e_k^2}{2})
        lhs = squeeze(link[:rels[0].start()]) if rels and probe != whole else ""
        alone = next((k for k in [*order[1:], *order[:1]]  # the row after the last link's first: two chains
                      if lhs and re.sub(r"\\(?:begin|end)aligned|\\\\", "", lines[k]) == lhs), None)  # may start alike
        aligned_row = hit is not None and raw[hit].lstrip().startswith("&")  # "LHS \n &\le A": the row of "&\le"
        hit = alone if alone is not None and not aligned_row else hit  # a line that holds the left side alone
        # (a display continued on the next line, "LHS \n = A"): the link starts there
        last = hit if hit is not None else last
        out.append(d.line + d.offset + (hit if hit is not None else 0))
    return out


def _longest_start(text: str, lines: list[str]) -> str:
    """The longest start of ``text`` that some line holds ("" below four characters, too common to place)."""
    lo, hi = 0, len(text)  # a start found in a line: all shorter starts are found too
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if any(text[:mid] in line for line in lines) else (lo, mid - 1)
    return text[:lo] if lo >= min(4, len(text)) else ""


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
_GOING_ON = {"and", "or", "so", "then", "thus", "hence", "which", "where", "while", "since", "because", "but", "with"}


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
        if words and (words[-1].lower() in _OPEN_ENDS or words[0] in _GOING_ON):  # "and in closed form": a sentence
            continue
        if (0 < len(words) <= 8 and not re.search(r"[.,:;!?=$\\]\s*$", line) and not re.search(r"[$\\=]", line)
                and (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())):
            out.append(i + 1)
    return out
