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
