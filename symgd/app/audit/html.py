"""The annotated HTML report: the document itself, a mark beside each formula and link; a click on a mark
shows the verdict, the method and the counterexample.  Self-contained and offline: no script or style is
fetched; the math is rendered as MathML at report time (:mod:`symgd.latex.mathml`, which the browser draws
natively), and a formula the converter cannot read is shown as its LaTeX source in a box that says so."""

from __future__ import annotations

import html
import json
import re

from symgd.app.audit.report import how
from symgd.app.audit.run import Audit
from symgd.latex.mathml import math_html

__all__ = ["to_html"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;line-height:1.5;color:#222}
pre.doc{white-space:pre-wrap;font-family:inherit}
.math-source,.plain{font-family:ui-monospace,monospace;background:#f4f4f8;border-radius:4px;padding:0 3px}
math[display=block]{margin:.2em 0;font-size:1.1em}
.display{display:flex;flex-wrap:wrap;align-items:center;margin:.4em 0;padding:.3em .6em;border-left:4px solid #bbb}
.display>.math{flex:0 1 auto;overflow-x:auto}.display>.detail{flex-basis:100%}
.display.refuted{border-color:#c62828}.display.proved{border-color:#2e7d32}.display.undecided{border-color:#f9a825}
.marks{display:inline-block;margin-left:.5em}
button.mark{border:1px solid #ccc;background:#fff;border-radius:10px;cursor:pointer;font-size:.9em;margin:0 1px}
button.mark.refuted{background:#ffebee}button.mark.proved{background:#e8f5e9}button.mark.undecided{background:#fffde7}
button.mark.notation{background:#fff3e0;font-weight:bold}
.detail{display:none;font-family:ui-monospace,monospace;font-size:.85em;background:#fff;border:1px solid #ddd;
 padding:.5em;margin:.3em 0;white-space:pre-wrap}
.detail.open{display:block}
.summary{background:#f6f6f6;padding:.6em 1em;border-radius:6px}
"""

_JS = """
document.querySelectorAll('button.mark').forEach(function(b){
  b.addEventListener('click',function(){
    var d=document.getElementById(b.dataset.target); d.classList.toggle('open');
  });
});
"""

# plain glyphs, present in every font (a headless browser may have no emoji font)
MARK = {"proved": "✓", "refuted": "✗", "undecided": "?", "not checked": "–", "definition": "def", "assumption": "asm"}
_RANK = ("refuted", "undecided", "not checked", "proved", "definition", "assumption")


_DELIMITED = re.compile(r"\s*(\$|\\\[|\\\(|\\begin\{)")


def _math(source: str, latex: str, display: bool) -> str:
    """A formula as MathML from the LaTeX the audit read (delimiters off, macros expanded), or its source as
    written: a plain-text formula line is shown as it stands, a formula the converter refuses in a box."""
    if not _DELIMITED.match(source):
        return f'<span class="plain">{html.escape(source)}</span>'
    return math_html(latex, display, source=source)


def to_html(a: Audit) -> str:
    by_display: dict[int, list] = {}
    for r in a.results:
        by_display.setdefault(r.display, []).append(r)
    text = a.text
    out: list[str] = []
    pos = 0
    for i, d in enumerate(a.displays, 1):
        nested = d.start < pos  # math inside the previous display's \text{..} annotation, shown with it already
        out.append("" if nested else html.escape(text[pos:d.start]))
        rows = by_display.get(i, [])
        worst = next((v for v in _RANK if any(r.verdict == v for r in rows)), "")
        marks, details = [], []
        for k, r in enumerate(rows):
            ident = f"d{i}l{k}"
            marks.append(f'<button class="mark {r.verdict.replace(" ", "-")}" data-target="{ident}" '
                         f'title="{html.escape(r.verdict)}: {html.escape(r.link)}">{MARK[r.verdict]}</button>')
            details.append(f'<div class="detail" id="{ident}"><b>line {r.line}, {html.escape(r.kind)}: '
                           f'{html.escape(r.verdict)}</b>\n{html.escape(r.link)}\n{html.escape(how(r))}</div>')
        for k, n in enumerate(c for c in a.notation if c.display == i):  # a name in two roles (meanings.py)
            marks.append(f'<button class="mark notation" data-target="d{i}n{k}" title="notation: {html.escape(n.name)}'
                         f' in two roles">!</button>')
            details.append(f'<div class="detail" id="d{i}n{k}"><b>line {n.line}, notation</b>\n{html.escape(n.message())}'
                           '</div>')
        if nested:  # its marks follow the display
            out.append(f'<span class="marks">{"".join(marks)}</span>{"".join(details)}' if marks else "")
            continue
        source = _math(text[d.start:d.end], d.latex, d.display)
        if d.display:
            out.append(f'<span class="display {worst}"><span class="math">{source}</span>'
                       f'<span class="marks">{"".join(marks)}</span>{"".join(details)}</span>')
        else:
            out.append(f'<span class="math">{source}</span>' + (f'<span class="marks">{"".join(marks)}</span>'
                                                               f'{"".join(details)}' if marks else ""))
        # a display is a block of its own: the line break after it would add an empty line in the <pre>
        pos = d.end + 1 if d.display and text.startswith("\n", d.end) else d.end
    out.append(html.escape(text[pos:]))
    c = a.counts()
    summary = ", ".join([f"{n} {k}" for k, n in c.items() if n] + ([f"{len(a.notation)} notation (a name in two roles)"]
                                                                  if a.notation else []))
    data = html.escape(json.dumps(a.to_dict(), ensure_ascii=False))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>symgd audit: " + html.escape(a.name) +
            f"</title><style>{_CSS}</style></head><body><h1>symgd audit: {html.escape(a.name)}</h1>"
            f"<p class='summary'>{html.escape(summary)}. Click a mark beside a formula for its verdict, the method "
            f"and the counterexample.</p><pre class='doc'>{''.join(out)}</pre>"
            f"<script type='application/json' id='audit-data'>{data}</script><script>{_JS}</script></body></html>")
