"""The annotated HTML report: the document itself, a mark beside each formula and link; a click on a mark
shows the verdict, the method and the counterexample.  Self-contained and offline: no script or style is
fetched; the math is shown as its LaTeX source in a monospace box (no renderer is shipped)."""

from __future__ import annotations

import html
import json

from symgd.app.audit.report import how
from symgd.app.audit.run import Audit

__all__ = ["to_html"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;line-height:1.5;color:#222}
pre.doc{white-space:pre-wrap;font-family:inherit}
.math{font-family:ui-monospace,monospace;background:#f4f4f8;border-radius:4px;padding:0 3px}
.display{display:block;margin:.4em 0;padding:.3em .6em;border-left:4px solid #bbb}
.display.refuted{border-color:#c62828}.display.proved{border-color:#2e7d32}.display.undecided{border-color:#f9a825}
.marks{display:inline-block;margin-left:.5em}
button.mark{border:1px solid #ccc;background:#fff;border-radius:10px;cursor:pointer;font-size:.9em;margin:0 1px}
button.mark.refuted{background:#ffebee}button.mark.proved{background:#e8f5e9}button.mark.undecided{background:#fffde7}
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


def to_html(a: Audit) -> str:
    by_display: dict[int, list] = {}
    for r in a.results:
        by_display.setdefault(r.display, []).append(r)
    text = a.text
    out: list[str] = []
    pos = 0
    for i, d in enumerate(a.displays, 1):
        out.append(html.escape(text[pos:d.start]))
        rows = by_display.get(i, [])
        worst = next((v for v in _RANK if any(r.verdict == v for r in rows)), "")
        marks, details = [], []
        for k, r in enumerate(rows):
            ident = f"d{i}l{k}"
            marks.append(f'<button class="mark {r.verdict.replace(" ", "-")}" data-target="{ident}" '
                         f'title="{html.escape(r.verdict)}: {html.escape(r.link)}">{MARK[r.verdict]}</button>')
            details.append(f'<div class="detail" id="{ident}"><b>line {r.line}, {html.escape(r.kind)}: '
                           f'{html.escape(r.verdict)}</b>\n{html.escape(r.link)}\n{html.escape(how(r))}</div>')
        source = html.escape(text[d.start:d.end])
        if d.display:
            out.append(f'<span class="display {worst}"><span class="math">{source}</span>'
                       f'<span class="marks">{"".join(marks)}</span>{"".join(details)}</span>')
        else:
            out.append(f'<span class="math">{source}</span>' + (f'<span class="marks">{"".join(marks)}</span>'
                                                               f'{"".join(details)}' if rows else ""))
        pos = d.end
    out.append(html.escape(text[pos:]))
    c = a.counts()
    summary = ", ".join(f"{n} {k}" for k, n in c.items() if n)
    data = html.escape(json.dumps(a.to_dict(), ensure_ascii=False))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>symgd audit: " + html.escape(a.name) +
            f"</title><style>{_CSS}</style></head><body><h1>symgd audit: {html.escape(a.name)}</h1>"
            f"<p class='summary'>{html.escape(summary)}. Click a mark beside a formula for its verdict, the method "
            f"and the counterexample.</p><pre class='doc'>{''.join(out)}</pre>"
            f"<script type='application/json' id='audit-data'>{data}</script><script>{_JS}</script></body></html>")
