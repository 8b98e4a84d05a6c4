"""mkdocs hook: the guide's math rendered to MathML at build time (symgd.latex.mathml, the converter of the
audit's HTML report), so the pages need no MathJax and no CDN; browsers draw MathML natively.

pymdownx.arithmatex (generic mode) wraps each formula as ``<span class="arithmatex">\\(..\\)</span>`` or
``<div class="arithmatex">\\[..\\]</div>`` with its text HTML-escaped; each wrapper becomes its MathML, or, where
the converter refuses a formula, the source box that says why (and a build warning, which fails --strict).
"""

from __future__ import annotations

import html
import logging
import re

from symgd.latex.mathml import MathMLError, math_html, to_mathml

__all__ = ["on_page_content"]

log = logging.getLogger("mkdocs.plugins.symgd_mathml")

_WRAPPED = re.compile(r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])'
                      r"\s*</(?P=tag)>", re.S)


def on_page_content(content: str, page, config, files) -> str:  # mkdocs's hook signature
    def one(m: re.Match) -> str:
        display = m.group("block") is not None
        latex = html.unescape(m.group("block") if display else m.group("inline"))
        try:
            math = to_mathml(latex, display)
        except MathMLError as e:
            log.warning("%s: a formula is not rendered (%s): %s", page.file.src_uri, e, latex[:80])
            math = math_html(latex, display)
        return f'<div class="arithmatex">{math}</div>' if display else f'<span class="arithmatex">{math}</span>'

    return _WRAPPED.sub(one, content)
