"""Reading LaTeX sources: rows of every display environment on their own source lines, macros used as TeX uses
them, math inside a display's text annotations, amsmath's delimiter synonyms."""

from __future__ import annotations

import re

import pytest

from symgd.app.audit.extract import extract, lines_of
from symgd.app.audit.macros import expand_macros, read_macros, standard_spellings
from symgd.app.audit.run import audit

DOC = r"""\documentclass{article}
\newcommand{\vx}{\mathbf{x}}
\newcommand{\xs}{\vx_\star}
\newcommand{\grad}{\nabla}
\newcommand{\sq}{\sqrt{\kappa}}
\newcommand{\err}{x - y}
\begin{document}
\begin{align}
  (a+1)^2 &= a^2 + 2a + 1 \\
          &= a^2 + 1 . \label{eq:wrong}
\end{align}
\begin{gather}
  (b+1)^2 = b^2 + 2b + 1, \\
  (b-1)^2 = b^2 - 2b + 1 . \tag{G}
\end{gather}
\begin{multline}
  (c+1)^3 = c^3 + 3c^2 \\
  + 3c + 1
\end{multline}
\begin{equation}
  \sq^2 = \kappa \qquad \text{(since $\kappa = \sq \cdot \sq$)}
\end{equation}
\end{document}
"""


def _displays():
    return [d for d in extract(DOC, "a.tex") if d.display]


def test_rows_keep_their_source_lines() -> None:
    align, gather, multline, equation = _displays()
    assert lines_of(multline, ["(c+1)^3 = c^3 + 3c^2 + 3c + 1"]) == [17]
    assert (align.line, align.offset) == (8, 1)  # \begin{align} alone on line 8: its first row is line 9
    assert lines_of(align, ["(a+1)^2 = a^2 + 2a + 1", "a^2 + 2a + 1 = a^2 + 1"]) == [9, 10]  # a chain's rows
    assert lines_of(gather, ["(b+1)^2 = b^2 + 2b + 1", "(b-1)^2 = b^2 - 2b + 1"]) == [13, 14]
    assert lines_of(equation, [r"\sqrt{\kappa}^2 = \kappa"]) == [21]


def test_gather_rows_are_chains_and_multline_is_one_formula() -> None:
    _, gather, multline, _ = _displays()
    assert gather.latex.startswith(r"\begin{gathered}") and gather.latex.endswith(r"\end{gathered}")
    assert "\\\\" not in multline.latex and "+ 3c + 1" in multline.latex


def test_links_of_an_audited_source_sit_on_their_rows() -> None:
    rows = {(r.line, r.verdict) for r in audit(DOC, "a.tex", timeout=2.0).results if r.kind == "claim"}
    assert {(9, "proved"), (13, "proved"), (14, "proved")} <= rows
    assert {v for ln, v in rows if ln == 10} in ({"refuted"}, {"undecided"})  # undecided only if time ran out


def test_one_symbol_macros_are_used_bare_and_longer_ones_grouped() -> None:
    macros = read_macros(DOC)
    assert expand_macros(r"\vx_k + \grad f(\xs)", macros) == r"\mathbf{x}_k + \nabla f(\mathbf{x}_\star)"
    assert expand_macros(r"\sq^2", macros) == r"\sqrt{\kappa}^2"
    assert expand_macros(r"\err^2", macros) == r"{x - y}^2"  # the author's group, kept
    assert expand_macros(r"\grad\vx", macros) == r"\nabla\mathbf{x}"
    assert expand_macros(r"\grad x", {"grad": (0, r"\nabla")}) == r"\nabla x"


def test_math_inside_a_text_annotation_is_an_inline_formula() -> None:
    found = [(d.line, d.latex, d.display) for d in extract(DOC, "a.tex")]
    assert (21, r"\kappa = \sqrt{\kappa} \cdot \sqrt{\kappa}", False) in found
    (equation,) = [d for d in _displays() if r"\kappa" in d.latex]
    assert "$" not in equation.latex and r"\text{(since )}" in equation.latex


@pytest.mark.parametrize(("written", "read"), [
    (r"\left\lVert x \right\rVert^2", r"\left\| x \right\|^2"),
    (r"\lvert a \rvert + \Vert b \Vert", r"| a | + \| b \|"),
    (r"F_* + F^*", r"F_{*} + F^{*}"),
    (r"1 - \frac1\kappa + \tfrac12 + \frac{a}{b}", r"1 - \frac{1}{\kappa} + \tfrac{1}{2} + \frac{a}{b}"),
    (r"\verb + \Vertex + \fraction", r"\verb + \Vertex + \fraction"),  # other commands are left alone
])
def test_standard_spellings(written: str, read: str) -> None:
    assert standard_spellings(written) == read


def test_a_right_side_written_on_an_earlier_row_too() -> None:
    doc = "\\begin{gather}\n  r^2 - (1+b)(1-c)\\, r = 0, \\\\\n  r_1 + r_2 = (1+b)(1-c)\n\\end{gather}\n"
    (d,) = extract(doc, "v.tex")
    assert lines_of(d, ["r^2 - (1+b)(1-c) r = 0", "r_1 + r_2 = (1+b)(1-c)"]) == [2, 3]


def test_html_report_shows_an_annotated_display_once() -> None:
    from symgd.app.audit.html import to_html

    doc = "\\begin{equation}\n  (a+1)^2 = a^2 + 2a + 1 \\qquad \\text{(since $a + a = 2a$)}\n\\end{equation}\nafter\n"
    page = to_html(audit(doc, "a.tex", timeout=2.0))
    shown = re.sub(r"<math.*?</math>", "", page[page.index("<pre class='doc'>"):page.index("</pre>")], flags=re.S)
    assert "end{equation}" not in shown and shown.count("after") == 1  # no piece of the display shown twice
    assert shown.count('class="mark proved"') == 2  # the display's link and the annotation's


def test_split_eqnarray_and_intertext_rows() -> None:
    doc = ("\\begin{equation}\n\\begin{split}\n(a+1)^2 &= a^2 + 2a + 1 \\\\\n  &= a^2 + 2a + 2\n\\end{split}\n"
           "\\end{equation}\n\\begin{align}\n(b+1)^2 &= b^2 + 2b + 1 \\nonumber \\\\[2pt]\n\\intertext{and also $b > 0$}\n"
           "(c+1)^2 &= c^2 + 2c + 1 \\notag\n\\end{align}\n\\begin{eqnarray}\n(d+1)^2 &=& d^2 + 2d + 1 \\\\\n"
           "  &=& d^2 + 1\n\\end{eqnarray}\n")
    split, align, inline, eqnarray = extract(doc, "s.tex")
    assert lines_of(split, ["(a+1)^2 = a^2 + 2a + 1", "a^2 + 2a + 1 = a^2 + 2a + 2"]) == [3, 4]
    assert "intertext" not in align.latex and (inline.line, inline.latex, inline.display) == (9, "b > 0", False)
    assert lines_of(align, ["(b+1)^2 = b^2 + 2b + 1", "(c+1)^2 = c^2 + 2c + 1"]) == [8, 10]
    assert lines_of(eqnarray, ["(d+1)^2 = d^2 + 2d + 1", "d^2 + 2d + 1 = d^2 + 1"]) == [13, 14]
    rows = {(r.line, r.verdict) for r in audit(doc, "s.tex", timeout=2.0).results if r.kind == "claim"}
    assert (10, "proved") in rows  # the row after \intertext is read on its own (it was "needs a relation")


@pytest.mark.parametrize(("written", "read"), [
    (r"\menv(x) + \menv", r"\operatorname{menv}(x) + {e_{\lambda} f}"),  # an operator before f, applied: one function
    (r"\nabla \menv\left(x\right)", r"\nabla \operatorname{menv}\left(x\right)"),
    (r"\err(1 + t)", r"{x - y}(1 + t)"),  # a sum times (1 + t)
    (r"\c(x + 1)", r"{2\alpha}(x + 1)"),  # a product of a number and a name
])
def test_a_macro_of_an_operator_and_a_function_applied_is_one_function(written: str, read: str) -> None:
    macros = {"menv": (0, r"e_{\lambda} f"), "err": (0, "x - y"), "c": (0, r"2\alpha")}
    assert expand_macros(written, macros) == read


def test_the_envelope_of_an_example_is_not_refuted_as_a_product() -> None:
    doc = r"""\newcommand{\menv}{e_{\lambda} f}
Let $f$ be convex and $\lambda > 0$. The envelope is
\begin{equation}
  \menv(x) = \min_{y} \Big\{ f(y) + \frac{1}{2\lambda}(y - x)^2 \Big\}.
\end{equation}
For $f(y) = \tfrac{a}{2} y^2$ with $a > 0$,
\begin{equation}
  \menv(x) = \frac{a x^2}{2(1 + \lambda a)}.
\end{equation}
"""
    got = {r.line: r for r in audit(doc, "n.tex", timeout=2.0).results}
    assert got[8].verdict != "refuted" and "e_{\\lambda} f(y)" not in got[8].link  # was e_lambda * f(y) * x: refuted


def test_an_operator_of_the_texts_own_applied_is_an_undefined_function() -> None:
    doc = r"""\newcommand{\menv}{e_{\lambda} f}
Let $f$ be convex and $\lambda > 0$. Choosing $y = x$ in the minimum shows $\menv(x) \le f(x)$.
Wrongly, $\operatorname{softmax}(2z) = 2\operatorname{softmax}(z)$.
"""
    got = {r.line: r for r in audit(doc, "n.tex", timeout=2.0).results if r.kind == "claim"}
    assert r"\operatorname{menv}(x)" in got[2].link and got[2].verdict == "undecided"  # not 'not a known operator'
    assert got[3].verdict == "undecided"  # an undefined function: no counterexample picks its values
