"""Reading plain text copied from a web page: display lines set apart without Unicode math, subscript words,
the star of an optimum."""

from __future__ import annotations

from symgd.app.audit.extract import extract

PAGE = """Ridge regression

The minimizer satisfies

    w* = (XᵀX + λI)⁻¹ Xᵀy

and at the optimum

    L(w*) = (1/2) yᵀy − (1/2) yᵀX w*

The best constant step is

    η_opt = 2 / (h_1 + h_d)

In one dimension

    w* = 11/(5 + 1) = 11/6

Here a*b = b*a is a sentence with a formula in it.
"""


def _formulas():
    return [(d.line, d.latex) for d in extract(PAGE, "page.txt") if d.display]


def test_the_star_of_an_optimum_is_a_superscript() -> None:
    found = dict(_formulas())
    assert found[5].startswith("w^{*} = (X^{T}X")
    assert found[9].startswith("L(w^{*}) = ") and found[9].endswith("y^{T}X w^{*}")


def test_subscript_words_are_not_prose() -> None:
    assert dict(_formulas())[13].replace(" ", "").startswith(r"\eta_{opt}=2/")


def test_ascii_display_lines_set_apart_are_formulas_and_prose_is_not() -> None:
    found = dict(_formulas())
    assert found[17] == "w^{*} = 11/(5 + 1) = 11/6"
    assert 19 not in found  # a sentence, not a line set apart


SENTENCES = """Setup

We are given X ∈ ℝ^{n×d}, targets y ∈ ℝ^n and a weight λ > 0. Because ∇L(w) = H(w − w*), the error contracts.
Take n = 2, d = 1 with x = (1, 2)ᵀ and λ = 1. Then xᵀx = 5 and xᵀy = 11, so the step is a scalar.
The rate is ρ = max_i |1 − η h_i| where h_1 ≤ … ≤ h_d, since w*ᵀ H w* = w*ᵀ Xᵀ y: done.
"""


def test_formulas_inside_sentences_of_a_plain_text() -> None:
    found = [(d.line, d.latex.replace(" ", ""), d.display) for d in extract(SENTENCES, "page.txt")]
    assert all(not display for _, _, display in found)
    latex = [f[1] for f in found]
    assert r"X\in\mathbb{R}^{n\timesd}" in latex and r"\lambda>0" in latex
    assert r"\nablaL(w)=H(w-w^{*})" in latex  # the clause ends at its comma
    assert ["n=2", "d=1", "x=(1,2)^{T}", r"\lambda=1"] == [x for ln, x, _ in found if ln == 4][:4]  # cut at commas
    assert "x^{T}x=5" in latex and "x^{T}y=11" in latex
    assert r"\rho=\max_i|1-\etah_i|" in latex and r"(w^{*})^{T}Hw^{*}=(w^{*})^{T}X^{T}y" in latex
    assert not any(x in ("Setup", "done") for x in latex)


def test_sentences_are_not_read_where_the_math_is_delimited() -> None:
    doc = "Because $a = b$, and so c = d here.\n"
    assert [d.latex for d in extract(doc, "n.md")] == ["a = b"]
