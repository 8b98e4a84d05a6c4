"""LaTeX to MathML (symgd/latex/mathml.py): symgd's notation comes out as the MathML elements a reader expects,
text is escaped, and what the converter cannot read raises a clear error (the HTML then shows the source)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from symgd.latex.mathml import MathMLError, math_html, to_mathml

ROOT = Path(__file__).resolve().parents[1]


def elements(latex: str, display: bool = False) -> list[tuple[str, str]]:
    """(tag, text) of every element of the MathML, in document order (the output parses as XML)."""
    root = ET.fromstring(to_mathml(latex, display))
    assert root.tag == "math" and root.get("display") == ("block" if display else "inline")
    return [(el.tag, (el.text or "").strip()) for el in root.iter()]


# LaTeX -> elements that must be among the MathML's (tag, text), in this order
TABLE = [
    (r"x \in \mathbb{R}^n", [("mi", "x"), ("mo", "∈"), ("msup", ""), ("mi", "ℝ"), ("mi", "n")]),
    (r"\operatorname{tr}(A B)", [("mi", "tr"), ("mo", "("), ("mi", "A"), ("mi", "B"), ("mo", ")")]),
    (r"\left\| \nabla f(x) \right\|^2", [("msup", ""), ("mo", "‖"), ("mo", "∇"), ("mi", "f"), ("mo", "‖"),
                                         ("mn", "2")]),
    (r"\|x\|_2^2", [("mo", "‖"), ("mi", "x"), ("msubsup", ""), ("mo", "‖"), ("mn", "2"), ("mn", "2")]),
    (r"\langle x, y \rangle", [("mo", "⟨"), ("mi", "x"), ("mo", ","), ("mi", "y"), ("mo", "⟩")]),
    (r"\left\langle g, d \right\rangle", [("mo", "⟨"), ("mi", "g"), ("mo", "⟩")]),
    (r"\theta_{t+1} = \theta_t - \eta \nabla L(\theta_t)", [("msub", ""), ("mi", "θ"), ("mo", "="), ("mo", "−"),
                                                            ("mi", "η"), ("mo", "∇"), ("mi", "L")]),
    (r"\frac{1}{2} x^\top A x", [("mfrac", ""), ("mn", "1"), ("mn", "2"), ("msup", ""), ("mi", "x"), ("mo", "⊤")]),
    (r"R(\theta) \coloneqq \tfrac{1}{4}\|g\|^2", [("mi", "R"), ("mo", "≔"), ("mfrac", "")]),
    (r"x \log x", [("mi", "x"), ("mspace", ""), ("mi", "log"), ("mspace", ""), ("mi", "x")]),
    (r"\exp(-\mu t)", [("mi", "exp"), ("mo", "("), ("mo", "−"), ("mi", "μ")]),
    (r"\sum_{i=1}^n g_i^2", [("msubsup", ""), ("mo", "∑"), ("mi", "i"), ("mo", "="), ("mn", "1"), ("mi", "n")]),
    (r"\mathcal{L}(\theta) \le \sqrt{v} + \epsilon", [("mi", "ℒ"), ("mo", "≤"), ("msqrt", ""), ("mi", "ϵ")]),
    (r"P \implies Q \iff R", [("mi", "P"), ("mo", "⟹"), ("mi", "Q"), ("mo", "⟺"), ("mi", "R")]),
    (r"\mathbb{E}[g] \succeq 0", [("mi", "𝔼"), ("mo", "["), ("mo", "⪰")]),
    (r"a = b \label{eq:x} \quad \eqref{eq:y}", [("mi", "a"), ("mo", "="), ("mi", "b"), ("mtext", "(eq:y)")]),
    (r"\text{for all } t \ge 0", [("mtext", "for\xa0all"), ("mi", "t"), ("mo", "≥"), ("mn", "0")]),
]


@pytest.mark.parametrize(("latex", "expected"), TABLE, ids=[t[0] for t in TABLE])
def test_latex_to_mathml_elements(latex, expected) -> None:
    got = elements(latex)
    it = iter(got)
    for e in expected:  # a subsequence of the elements, in order
        assert any(g == e for g in it), (e, got)
    assert not any(text.startswith("\\") for _, text in got)  # no command printed as a variable


def test_display_limits_below_and_argmin() -> None:
    got = elements(r"z = \arg\min_{y \in C} \tfrac{L}{2}\|y - x\|^2", display=True)
    assert ("munder", "") in got and ("mo", "arg\u2009min") in got
    assert elements(r"\operatorname*{arg\,min}_y g(y)", display=True)[2:4] == [("munder", ""), ("mo", "arg\u2009min")]
    assert ("munder", "") in elements(r"\max_{\|d\| \le 1} \langle g, d \rangle", display=True)
    assert elements(r"\sum_{i=1}^n g_i", display=True)[2:4] == [("munderover", ""), ("mo", "∑")]


def test_aligned_chains_become_tables() -> None:
    for env in ("aligned", "align*", "align", "split"):
        latex = rf"\begin{{{env}}} f(y) &\le f(x) + \langle g, y - x\rangle \\ &= f(x) \end{{{env}}}"
        got = elements(latex, display=True)
        assert got.count(("mtr", "")) == 2 and ("mo", "≤") in got and ("mo", "=") in got, env
        assert not any(text == "&" for _, text in got) and ("mtext", "(1)") not in got
    html = to_mathml(r"\begin{aligned} a &= b \\ &= c \end{aligned}", True)
    assert 'style="text-align:right' in html and 'style="text-align:left' in html  # MathML Core: CSS alignment
    got = elements(r"\begin{gathered} a = b \\ c = d \end{gathered}", display=True)
    assert got.count(("mtr", "")) == 2


def test_text_is_escaped_and_no_namespace_url() -> None:
    html = to_mathml(r"\text{<script>alert(1)</script>} x")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http" not in html


@pytest.mark.parametrize(("latex", "reason"), [(r"\foo{x} = 1", r"unknown command \\foo"),
                                                (r"\frac{1}{", "latex2mathml"),
                                                (r"x \nonexistentmacro y", r"unknown command \\nonexistentmacro")])
def test_what_cannot_be_converted_is_an_error_and_the_source_box(latex, reason) -> None:
    with pytest.raises(MathMLError, match=reason):
        to_mathml(latex)
    box = math_html(latex, source=f"$${latex}<b>$$")
    assert box.startswith('<code class="math-source" title="not rendered: ') and "<math" not in box
    assert re.search(reason, box)
    assert "&lt;b&gt;" in box and "<b>" not in box


def test_every_formula_of_the_audit_notes_converts() -> None:
    from symgd.app.audit.extract import extract

    n = 0
    for path in sorted((ROOT / "tests" / "audit" / "notes").glob("*.md")):
        for d in extract(path.read_text(encoding="utf-8"), path.name):
            n += 1
            ET.fromstring(to_mathml(d.latex, d.display))  # raises on a refusal or malformed output
    assert n > 200


def test_notebook_html_shows_steps_as_mathml() -> None:
    import sympy as sp

    from symgd import Citation, Derivation

    d = Derivation("nb", "A step", Citation("Own notes"))
    x = d.assume(sp.Symbol("x", positive=True))
    d.claim((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")
    shown = d._repr_html_()
    assert shown.count('<math display="inline">') == 1 and "\\(" not in shown and "math-source" not in shown
    assert ("msup", "") in [(el.tag, "") for el in ET.fromstring(re.search(r"<math.*?</math>", shown).group(0)).iter()]


def test_audit_report_renders_math_and_falls_back_to_the_source() -> None:
    from symgd.app.audit import audit
    from symgd.app.audit.html import to_html

    page = to_html(audit("Let $a > 0$.\n\n$$(a+1)^2 = a^2 + 2a + 1$$\n\n$$\\weird{a} = a$$\n", "n.md"))
    assert page.count('<math display="inline">') == 1 and page.count('<math display="block">') == 1
    box = re.search(r'<code class="math-source" title="([^"]*)">([^<]*)</code>', page)
    assert box and "unknown command \\weird" in box.group(1) and box.group(2) == "$$\\weird{a} = a$$"
