"""Rendering derivations: LaTeX (``align*`` blocks and a whole document), Markdown and text.

Every renderer takes a derivation (the description) and optionally its report (the outcome of
:func:`symgd.decide.verify.verify`): with a report each step shows its verdict, without one the
derivation renders unverified.  Importing this module registers the renderers behind
``Derivation.latex()``, ``.markdown()`` and ``.text()`` (see :mod:`symgd.core.routines`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sympy as sp

from symgd.core.citation import Citation, citations
from symgd.core.claims import Claim, Rel
from symgd.core.derivation import Definition, Derivation, Erratum, Source, Step
from symgd.core.report import Report
from symgd.core.routines import provide
from symgd.core.verdict import Verdict
from symgd.latex.paper import LINE_WIDTH, escape_text, long_lines, paper_tex, visible_width
from symgd.latex.verdicts import verdict_tex

__all__ = [
    "bibliography",
    "citation_text",
    "claim_latex",
    "derivation_align",
    "derivation_markdown",
    "derivation_text",
    "document",
    "escape_text",
    "tex",
    "view",
]

_REL_TEX = {Rel.EQ: "=", Rel.LE: r"\le", Rel.LT: "<", Rel.GE: r"\ge", Rel.GT: ">", Rel.APPROX: "=", Rel.SOLVES: "="}


def tex(expr: Any) -> str:
    """LaTeX of a SymPy object (matrices as bmatrix; 1 x 1 matrices as scalars, subscripts with commas:
    symgd.latex.paper)."""
    return paper_tex(expr)


def _rhs_tex(claim: Claim) -> str:
    rhs = tex(claim.rhs)
    if claim.rel is Rel.APPROX and not (isinstance(claim.rhs, sp.Expr) and claim.rhs.has(sp.Order)):
        var, k = claim.order  # type: ignore[misc]
        rhs += r" + O\left(" + tex(var**k) + r"\right)"
    return rhs


def claim_latex(claim: Claim) -> str:
    """One claim as inline LaTeX, e.g. ``\\theta_{GD} = \\theta_{0} \\left(1 - \\eta \\lambda\\right)``."""
    return f"{tex(claim.lhs)} {_REL_TEX[claim.rel]} {_rhs_tex(claim)}"


def _mark(v: Verdict | None) -> str:
    if v is None:
        return ""
    return {"proved": r"\quad\checkmark", "refuted": r"\quad\text{\textbf{refuted}}",
            "undecided": r"\quad\text{\textbf{undecided}}", "vacuous": r"\quad\text{\textbf{vacuous}}"}[v.status.value]


def _items(d: Derivation, report: Report | None) -> Iterator[tuple[Step | Definition, Verdict | None]]:
    """The derivation's items in document order, each step with its verdict from ``report`` (None without one)."""
    if report is not None and len(report.steps) != len(d.steps):
        raise ValueError(f"the report of {report.name!r} has {len(report.steps)} steps, {d.name!r} has {len(d.steps)}")
    verdicts = iter([s.verdict for s in report.steps] if report is not None else [])
    for item in d.items:
        yield item, (next(verdicts, None) if isinstance(item, Step) else None)


def _numbered(d: Derivation, report: Report | None) -> Iterator[tuple[int, Step | Definition, Verdict | None]]:
    """The items with their step numbers (as ``symgd verify`` numbers them); a definition has number 0."""
    n = 0
    for item, v in _items(d, report):
        if isinstance(item, Step):
            n += 1
        yield (n if isinstance(item, Step) else 0), item, v


def _parts(item: Step | Definition, v: Verdict | None) -> tuple[str, str, str, str]:
    """(left side or "" when chained, relation, right side, justification with the verdict's mark), in LaTeX."""
    if isinstance(item, Definition):
        return tex(item.lhs), ":=", tex(item.rhs), escape_text(item.why)
    left = "" if item.chained else tex(item.claim.lhs)
    return left, _REL_TEX[item.claim.rel], _rhs_tex(item.claim), escape_text(item.why) + _mark(v)


def _row(item: Step | Definition, v: Verdict | None) -> str:
    left, rel, right, why = _parts(item, v)
    return f"{left + ' ' if left else ''}&{rel} {right} && \\text{{{why}}}"


_LONG = 90  # characters of LaTeX in inline math beyond which the document gives it a display of its own
_INLINE = 45  # printed characters (paper.visible_width) of inline math beyond which it is displayed
_SHORT = (24, 30)  # printed characters (paper.visible_width) of the two sides of a step that shares an align*

# \symgdfit{W}{math}: the math at its natural size (never shrunk: long steps break over lines instead).
FIT_MACRO = "\\newcommand{\\symgdfit}[2]{\\mbox{$\\displaystyle #2$}}\n"


def _fitted_blocks(d: Derivation, report: Report | None) -> list[str]:
    """The document's layout: short steps in shared ``align*`` blocks, each side shrunk only when wider than
    its share of the line, justifications wrapped; a long step alone, its sides on rows of their own."""
    blocks: list[str] = []
    short: list[str] = []
    note = "\\parbox[t]{{{w}\\linewidth}}{{\\raggedright\\small {why}}}"
    for item, v in _items(d, report):
        left, rel, right, why = _parts(item, v)
        if visible_width(left) <= _SHORT[0] and visible_width(right) <= _SHORT[1]:
            short.append(f"\\symgdfit{{0.26\\linewidth}}{{{left}}} &\\symgdfit{{0.38\\linewidth}}{{{{}}{rel} {right}}} "
                         f"&& {note.format(w=0.2, why=why)}")
            continue
        if short:
            blocks.append(_align(short))
            short = []
        lhs = item.lhs if isinstance(item, Definition) else item.claim.lhs
        rows = [f"&\\symgdfit{{0.9\\linewidth}}{{{line}}}" for line in long_lines(lhs, left)] if left else []
        first, *more = long_lines(item.rhs if isinstance(item, Definition) else item.claim.rhs, right)
        rows += [f"&\\quad\\symgdfit{{0.86\\linewidth}}{{{{}}{rel} {first}}}"]
        rows += [f"&\\qquad\\symgdfit{{0.8\\linewidth}}{{{line}}}" for line in more]
        rows += [f"&\\quad{note.format(w=0.86, why=why)}"]
        blocks.append(_align(rows))
    if short:
        blocks.append(_align(short))
    return blocks


def _align(rows: Sequence[str]) -> str:
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def derivation_align(d: Derivation, report: Report | None = None) -> str:
    """The steps as one ``align*`` block, each justification as ``\\text{...}`` (with its verdict's mark when
    ``report`` is given)."""
    return _align([_row(item, v) for item, v in _items(d, report)])


def _assumption_tex(s: sp.Basic, d: Derivation) -> str:
    name = tex(s)
    if isinstance(s, sp.MatrixSymbol):
        shape = r"\times ".join(tex(k) for k in s.shape)
        props = " positive definite" if s in d.positive_definite else " symmetric" if s in d.symmetric else ""
        return f"${name} \\in \\mathbb{{R}}^{{{shape}}}${props}"
    if getattr(s, "is_integer", False):
        dom = r"\mathbb{Z}_{>0}" if s.is_positive else r"\mathbb{Z}_{\ge 0}" if s.is_nonnegative else r"\mathbb{Z}"
        return f"${name} \\in {dom}$"
    if s.is_positive:
        return f"${name} > 0$"
    if s.is_nonnegative:
        return f"${name} \\ge 0$"
    if s.is_negative:
        return f"${name} < 0$"
    if s.is_real:
        return f"${name} \\in \\mathbb{{R}}$"
    if isinstance(s, sp.FunctionClass):
        return f"${name}$ smooth"
    return f"${name}$"


def _relation_tex(rel: sp.Basic) -> str:
    try:
        return claim_latex(Claim.of(rel))
    except TypeError:
        return tex(rel)


def _cite(c: Citation, keys: dict[Citation, str] | None) -> str:
    """``~\\cite{key}`` when the document has a bibliography (``keys``), else nothing."""
    return f"~\\cite{{{keys[c.work()]}}}" if keys else ""


def _source_tex(c: Citation, keys: dict[Citation, str] | None) -> str:
    """Where a result comes from, in LaTeX: a seed document by number and section; any other work by its
    authors, title, year and the place in it."""
    if isinstance(c, Source):
        src = f"document {escape_text(c.seed)}, {escape_text(c.section)}"
    else:
        who = escape_text(", ".join(c.authors)) + ", " if c.authors else ""
        year = f" ({c.year})" if c.year else ""
        src = f"{who}\\emph{{{escape_text(c.title)}}}{year}" + (f", {escape_text(c.section)}" if c.section else "")
    if c.quote:
        src += f" --- ``{escape_text(c.quote)}''"
    return src + _cite(c, keys)


def _section(d: Derivation, report: Report | None, keys: dict[Citation, str] | None = None) -> str:
    out = [f"\\section{{{escape_text(d.title)}}}", f"\\label{{sec:{d.name}}}"]
    src = f"\\textbf{{Source:}} {_source_tex(d.source, keys)}"
    out.append(src + f". \\textbf{{Module:}} \\texttt{{{escape_text(d.name)}}}.\n")
    if d.summary:
        out.append(escape_text(d.summary) + "\n")
    if d.symbols:
        out.append("\\textbf{Assumptions:} " + "; ".join(_assumption_tex(s, d) for s in d.symbols) + ".\n")
    if d.hypotheses:
        hyps = "; ".join(f"${_relation_tex(h)}$" + (f" ({escape_text(t)})" if t else "") for h, t in d.hypotheses)
        out.append(f"\\textbf{{Hypotheses:}} {hyps}.\n")
    if d.premises:
        out.append("\\textbf{Premises cited:}\n\\begin{itemize}")
        for p in d.premises:
            req = (" whenever " + ", ".join(f"${_relation_tex(r)}$" for r in p.requires)) if p.requires else ""
            src = f" ({escape_text(p.source)})" if p.source else ""
            out.append(f"\\item \\emph{{{escape_text(p.name)}}}{src}: {_claim_in_text(p.statement)}{req}.")
        out.append("\\end{itemize}")
    if d.items:
        out.extend(_fitted_blocks(d, report))
    if d.results:
        out.append("\\textbf{Result.}")
        for claim, text in d.results:
            out.append((f"\\noindent {escape_text(text)}:\n" if text else "") + _display_claim(claim))
    if report is not None and report.numeric:
        out.append("\n\\noindent\\textbf{Numeric checks.}\n\\begin{itemize}")
        for nc, outcome, secs in report.numeric:
            status = "passed" if outcome.passed else "\\textbf{FAILED}"
            out.append(f"\\item {escape_text(nc.description)}: {status} --- {escape_text(outcome.detail)} ({secs:.2f}\\,s)")
        out.append("\\end{itemize}")
    if d.reference:
        out.append(f"\\textbf{{Reference:}} {escape_text(d.reference)}\n")
    if d.cited:
        out.append("\\textbf{Reference:} " + "; ".join(_source_tex(c, keys) for c in d.cited) + ".\n")
    return "\n".join(out)


def _display_claim(claim: Claim) -> str:
    """A displayed claim: on one line when it fits (paper.LINE_WIDTH), else broken at its relation, each side on
    lines of its own and a long sum cut after whole terms (symgd.latex.paper.long_lines), never shrunk."""
    left, right = long_lines(claim.lhs, tex(claim.lhs)), long_lines(claim.rhs, _rhs_tex(claim))
    if len(left) == 1 and len(right) == 1 and visible_width(claim_latex(claim)) <= LINE_WIDTH:
        return f"\\[ {claim_latex(claim)} \\]"
    rows = [f"&{line}" for line in left] + [f"&\\quad {_REL_TEX[claim.rel]} {right[0]}"]
    return _align(rows + [f"&\\qquad {line}" for line in right[1:]])


def _claim_in_text(claim: Claim) -> str:
    """A claim in running text (a premise, an erratum's checked claim): inline when short, else a display that
    breaks over lines (inline math cannot break, and a box would have to shrink)."""
    math = claim_latex(claim)
    return f"${math}$" if len(math) <= _LONG and visible_width(math) <= _INLINE else "\n" + _display_claim(claim) + "\n"


def _erratum_tex(e: Erratum, verdict: Verdict | None, keys: dict[Citation, str] | None = None) -> str:
    work = f"Document {escape_text(e.seed)}" if e.cited is None else escape_text(e.cited.label)
    lines = [f"\\item \\textbf{{{work}}}{_cite(e.citation, keys)} (\\texttt{{{escape_text(e.derivation)}}}): "
             f"``{escape_text(e.quote)}''", f"\\emph{{Says:}} {escape_text(e.says)}", f"\\emph{{True:}} {escape_text(e.truth)}"]
    if e.claim is not None:
        lines.append(f"\\emph{{Claim checked:}} {_claim_in_text(e.claim)}")
        if verdict is not None:  # counterexample names and values as math (symgd.latex.verdicts)
            lines.append(f"\\emph{{Verdict:}} {verdict_tex(verdict)}")
    if e.evidence:
        lines.append(f"\\emph{{Evidence:}} {escape_text(e.evidence)}")
    # a line break between the parts, but none right after a display (there is no line there to end)
    out = lines[0]
    for line in lines[1:]:
        out += ("" if out.endswith("\n") else "\\\\\n") + line
    return out


def document(derivations: Sequence[Derivation], reports: Sequence[Report] | None = None,
             figures: Iterable[tuple[str, str]] = (), title: str = "symgd: verified derivations") -> str:
    """A whole LaTeX document: one section per derivation, then the errata.

    ``figures`` are ``(path, caption)`` pairs, included with graphicx.
    """
    reports = list(reports) if reports is not None else [None] * len(derivations)
    keys = citations(c for d in derivations for c in d.citations())
    body = [_section(d, r, keys) for d, r in zip(derivations, reports, strict=True)]
    errata = [(e, r.errata[i].verdict if r is not None else None)
              for d, r in zip(derivations, reports, strict=True) for i, e in enumerate(d.errata)]
    figs = list(figures)
    if figs:
        body.append("\\section{Figures}\n\\label{sec:figures}")
        for path, caption in figs:
            body.append("\\begin{figure}[h]\\centering\n"
                        f"\\includegraphics[width=0.9\\linewidth]{{{path}}}\n\\caption{{{escape_text(caption)}}}\n\\end{{figure}}")
    if errata:
        body.append("\\section{Errata}\n\\label{sec:errata}\nPlaces where the documents are wrong or imprecise, with the correction "
                    "and the evidence. A claim marked refuted was checked and fails at the values shown.\n"
                    "\\begin{enumerate}")
        body.extend(_erratum_tex(e, v, keys) for e, v in errata)
        body.append("\\end{enumerate}")
    if keys:
        body.append(bibliography(keys))
    return (
        "\\documentclass[10pt]{article}\n"
        "\\usepackage[margin=1.8cm]{geometry}\n"
        "\\usepackage{amsmath,amssymb}\n"
        "\\usepackage{graphicx}\n"
        "\\usepackage{url}\n"
        # a looser line rather than one past the margin (a source line ending in a long inline formula and a
        # module name that cannot break)
        "\\allowdisplaybreaks\n\\setlength{\\emergencystretch}{3em}\n\\tolerance=1000\n" + FIT_MACRO +
        f"\\title{{{escape_text(title)}}}\n\\date{{}}\n"
        "\\begin{document}\n\\maketitle\n\\tableofcontents\n\n" + "\n\n".join(body) + "\n\\end{document}\n"
    )


def _url_tex(url: str) -> str:
    """A URL for ``\\url{}``: characters that would unbalance or end the argument percent-encoded."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}.get(ch, ch) for ch in url)


def bibliography(keys: dict[Citation, str]) -> str:
    """``thebibliography`` with one entry per work (``keys`` from :func:`symgd.core.citation.citations`): labelled
    by the work's short label (``[001]``, ``[Nesterov 2004]``), so no BibTeX run is needed."""
    items = []
    for c, key in sorted(keys.items(), key=lambda item: (item[0].label.lower(), item[1])):  # by label, like a paper
        who = escape_text(", ".join(c.authors[:-1]) + (", and " if len(c.authors) > 2 else " and ") + c.authors[-1]
                          if len(c.authors) > 1 else "".join(c.authors))
        parts = [who, f"\\emph{{{escape_text(c.title)}}}",
                 ", ".join(p for p in (escape_text(c.venue), str(c.year or "")) if p)]
        text = ". ".join(p for p in parts if p) + "."
        if c.link:
            text += f" \\url{{{_url_tex(c.link)}}}"
        items.append(f"\\bibitem[{escape_text(c.label)}]{{{key}}} {text}")
    widest = max((escape_text(c.label) for c in keys), key=len)
    return f"\\begin{{thebibliography}}{{{widest}}}\n" + "\n".join(items) + "\n\\end{thebibliography}"


# ---------------------------------------------------------------------------- Markdown and text


def citation_text(c: Citation) -> str:
    """Where a result comes from, as plain text: ``document 001, A quadratic warmup``, or the work's bibliography
    entry and the place in it (``Yurii Nesterov. Introductory Lectures. Springer, 2004. doi:..., Theorem 2.1.15``)."""
    if isinstance(c, Source):
        return f"document {c.seed}, {c.section}"
    return c.entry() + (f" ({c.section})" if c.section else "")


_ICON = {"proved": "✔", "refuted": "✘", "undecided": "?", "vacuous": "∅"}


def _md_claim(claim: Claim) -> str:
    return f"${claim_latex(claim)}$"


def derivation_markdown(d: Derivation, report: Report | None = None) -> str:
    """Markdown with ``$...$`` math (renders in notebooks; readable in a terminal); verdicts from ``report``."""
    out = [f"### {d.title}", f"*Source:* {citation_text(d.source)}" +
           (f' — "{d.source.quote}"' if d.source.quote else ""), ""]
    if d.summary:
        out += [d.summary, ""]
    if d.symbols:
        out.append("**Assumptions:** " + "; ".join(_assumption_tex(s, d) for s in d.symbols))
    if d.hypotheses:
        out.append("**Hypotheses:** " + "; ".join(f"${_relation_tex(h)}$" for h, _ in d.hypotheses))
    out.append("")
    for n, item, v in _numbered(d, report):
        if isinstance(item, Definition):
            out.append(f"- let ${tex(item.lhs)} := {tex(item.rhs)}$ — {item.why}")
            continue
        status = f" — {_ICON[v.status.value]} {v}" if v is not None else ""
        lhs = "" if item.chained else tex(item.claim.lhs) + " "
        lead = "⋯ " if item.chained else ""
        out.append(f"{n}. {lead}${lhs}{_REL_TEX[item.claim.rel]} {_rhs_tex(item.claim)}$ — {item.why}{status}")
    if d.results:
        out += ["", "**Result:** " + "; ".join(_md_claim(c) for c, _ in d.results)]
    return "\n".join(out) + "\n"


def derivation_text(d: Derivation, report: Report | None = None) -> str:
    """Plain text (SymPy's string printer), for logs and terminals without Markdown; verdicts from ``report``."""
    out = [d.title, f"  source: {citation_text(d.source)}"]
    for n, item, v in _numbered(d, report):
        if isinstance(item, Definition):
            out.append(f"  let {item.lhs} := {item.rhs}    [{item.why}]")
            continue
        out.append(f"  {n:2d}. {item.claim}    [{item.why}]" + (f"  -> {v}" if v is not None else ""))
    for c, _ in d.results:
        out.append(f"  result: {c}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- notebook displays

_HTML_MARK = {"proved": ("✔", "#1a7f37"), "refuted": ("✘", "#cf222e"), "undecided": ("?", "#9a6700"),
              "vacuous": ("∅", "#9a6700")}


def _view_items(d: Derivation | None, r: Report | None) -> list[tuple[int, Step | Definition, Verdict | None]]:
    if d is not None:
        return list(_numbered(d, r))
    assert r is not None
    return [(i, s.step, s.verdict) for i, s in enumerate(r.steps, 1)]


def _counterexample(v: Verdict) -> str:
    return ", ".join(f"{k} = {val}" for k, val in (v.counterexample or {}).items())


def _tally(r: Report) -> str:
    proved = sum(s.verdict.proved for s in r.steps)
    counts = [f"{proved}/{len(r.steps)} steps proved"]
    for status in ("refuted", "undecided", "vacuous"):
        n = sum(s.verdict.status.value == status for s in r.steps)
        if n:
            counts.append(f"{n} {status}")
    if r.numeric:
        counts.append(f"{sum(run.outcome.passed for run in r.numeric)}/{len(r.numeric)} numeric checks passed")
    if any(e.claim is not None for e in r.errata):
        counts.append(f"{sum(bool(e.confirmed) for e in r.errata)}/{sum(e.claim is not None for e in r.errata)} "
                      "errata confirmed")
    return ", ".join(counts) + (f" ({r.seconds:.2f} s): " + ("all checks passed" if r.ok else "FAILED"))


def _head(d: Derivation | None, r: Report | None) -> tuple[str, Citation | None, str]:
    title = d.title if d is not None else (r.title or r.name) if r is not None else ""
    source = d.source if d is not None else r.source if r is not None else None
    return title, source, d.summary if d is not None else ""


def _view_html(d: Derivation | None, r: Report | None) -> str:
    from html import escape

    from symgd.latex.mathml import math_html  # MathML: drawn by the browser, no MathJax needed in the frontend

    title, source, summary = _head(d, r)
    out = [f'<div class="symgd-derivation"><h3>{escape(title)}</h3>']
    if source is not None:
        quote = f" — “{escape(source.quote)}”" if source.quote else ""
        out.append(f"<p><b>Source:</b> {escape(citation_text(source))}{quote}</p>")
    if summary:
        out.append(f"<p>{escape(summary)}</p>")
    if r is None:
        out.append("<p><i>Not verified: <code>report = d.verify()</code> shows each step's verdict.</i></p>")
    out.append('<table><tr><th>#</th><th style="text-align:left">step</th><th style="text-align:left">why</th>'
               + ('<th style="text-align:left">verdict</th>' if r is not None else "") + "</tr>")
    for n, item, v in _view_items(d, r):
        if isinstance(item, Definition):
            math, num = f"{tex(item.lhs)} := {tex(item.rhs)}", ""
        else:
            math, num = claim_latex(item.claim), str(n)
        row = f"<tr><td>{num}</td><td>{math_html(math)}</td><td>{escape(item.why)}</td>"
        if v is not None:
            mark, color = _HTML_MARK[v.status.value]
            cell = f'<b style="color:{color}">{mark} {v.status.value}</b> ({escape(v.method)})'
            if v.counterexample:
                cell += f"<br>counterexample: {escape(_counterexample(v))}"
            if v.detail:
                cell += f"<br>{'there' if v.counterexample else 'detail'}: {escape(v.detail)}"
            row += f"<td>{cell}</td>"
        elif r is not None:
            row += "<td></td>"
        out.append(row + "</tr>")
    out.append("</table>")
    if r is not None and r.numeric:
        out.append("<p><b>Numeric checks</b></p><ul>")
        for nc, outcome, secs in r.numeric:
            mark, color = _HTML_MARK["proved" if outcome.passed else "refuted"]
            verdict = "passed" if outcome.passed else "FAILED"
            out.append(f'<li><b style="color:{color}">{mark} {verdict}</b> {escape(nc.description)}: '
                       f"{escape(outcome.detail)} ({secs:.2f} s)</li>")
        out.append("</ul>")
    if r is not None and r.errata:
        out.append("<p><b>Errata</b></p><ul>")
        for e in r.errata:
            status = ("" if e.claim is None else " — erratum confirmed" if e.confirmed else " — erratum NOT confirmed")
            out.append(f"<li>“{escape(e.quote)}”: {escape(e.says)}; true: {escape(e.truth)}{escape(status)}"
                       + (f" ({escape(str(e.verdict))})" if e.verdict is not None else "") + "</li>")
        out.append("</ul>")
    if r is not None:
        out.append(f"<p><b>{escape(_tally(r))}</b></p>")
    return "\n".join(out) + "</div>"


def _view_markdown(d: Derivation | None, r: Report | None) -> str:
    """Markdown; user text has ``<``, ``>`` and ``&`` escaped (a notebook renders HTML inside Markdown)."""
    from html import escape as _html

    def escape(text: str) -> str:
        return _html(text, quote=False)

    title, source, summary = _head(d, r)
    out = [f"### {escape(title)}"]
    if source is not None:
        out.append(f"*Source:* {escape(citation_text(source))}" + (f' — "{escape(source.quote)}"' if source.quote else ""))
    if summary:
        out += ["", escape(summary)]
    if r is None:
        out += ["", "*Not verified: `report = d.verify()` shows each step's verdict.*"]
    out.append("")
    for n, item, v in _view_items(d, r):
        if isinstance(item, Definition):
            out.append(f"- let ${tex(item.lhs)} := {tex(item.rhs)}$ — {escape(item.why)}")
            continue
        line = f"{n}. ${claim_latex(item.claim)}$ — {escape(item.why)}"
        if v is not None:
            line += f" — **{_ICON[v.status.value]} {v.status.value}** ({escape(v.method)})"
            if v.counterexample:
                line += f"; counterexample: {escape(_counterexample(v))}"
            if v.detail:
                line += f"; {'there' if v.counterexample else 'detail'}: {escape(v.detail)}"
        out.append(line)
    if r is not None and r.numeric:
        out += ["", "**Numeric checks:**", ""]
        out += [f"- {'✔ passed' if o.passed else '✘ FAILED'}: {escape(nc.description)} — {escape(o.detail)}" for nc, o, _ in r.numeric]
    if r is not None and any(e.claim is not None for e in r.errata):
        out += ["", "**Errata:**", ""]
        out += [f"- {escape(e.says)} — {'✔ confirmed' if e.confirmed else '✘ NOT confirmed'} ({escape(str(e.verdict))})"
                for e in r.errata if e.claim is not None]
    if r is not None:
        out += ["", f"**{_tally(r)}**"]
    return "\n".join(out) + "\n"


def _math_text(text: str) -> str:
    """Prose for MathJax's ``\\text{}``, which reads braces and backslashes but no other macro."""
    return "".join({"{": "(", "}": ")", "\\": "/", "$": ""}.get(ch, ch) for ch in text)


def _view_latex(d: Derivation | None, r: Report | None) -> str:
    title, source, _ = _head(d, r)
    head = [f"\\textbf{{{_math_text(title)}}}"]
    if source is not None:
        head.append(f"\\text{{Source: {_math_text(citation_text(source))}}}")
    if r is None:
        head.append("\\text{Not verified: report = d.verify() shows each step's verdict.}")
    else:
        head.append(f"\\text{{{_math_text(_tally(r))}}}")
    rows = []
    for _, item, v in _view_items(d, r):
        if isinstance(item, Definition):
            rows.append(f"{tex(item.lhs)} &:= {tex(item.rhs)} && \\text{{{_math_text(item.why)}}}")
            continue
        left = "" if item.chained else tex(item.claim.lhs)
        mark = ""
        if v is not None:
            mark = {"proved": r"\quad\checkmark"}.get(v.status.value, f"\\quad\\textbf{{{v.status.value}}}")
            if v.counterexample:
                mark += f"\\text{{ at {_math_text(_counterexample(v))}}}"
        rows.append(f"{left} &{_REL_TEX[item.claim.rel]} {_rhs_tex(item.claim)} && \\text{{{_math_text(item.why)}}}{mark}")
    return ("$$\\begin{array}{l}" + " \\\\ ".join(head) + "\\end{array}$$\n"
            + "$$\\begin{aligned}" + " \\\\\n".join(rows) + "\\end{aligned}$$")


def view(fmt: str, d: Derivation | None, r: Report | None) -> str:
    """A notebook display (``fmt`` html, markdown or latex) of a derivation, of its report, or of both: the title,
    the source, each step with its verdict mark (✔ proved, ✘ refuted with the counterexample, ? undecided,
    ∅ vacuous), the numeric checks and errata.  Without a report the steps are marked as not verified."""
    if d is None and r is None:
        raise ValueError("view() needs a derivation or a report")
    return {"html": _view_html, "markdown": _view_markdown, "latex": _view_latex}[fmt](d, r)


_LATEX_ERROR = re.compile(r"^! .*$", re.M)


def first_latex_error(log: str) -> str | None:
    """The first ``! ...`` error line of a pdflatex log, if any."""
    m = _LATEX_ERROR.search(log)
    return m.group(0) if m else None


provide("latex", derivation_align)
provide("markdown", derivation_markdown)
provide("text", derivation_text)
provide("view", view)
