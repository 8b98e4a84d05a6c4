"""Shapes from context, third round (symgd/app/audit/shapes.py, at_points.py): twins with a true and a false
look-alike for each inference, and a document where the cue is missing and the refusal stays.

* "with $A$ symmetric positive definite" (also in plain text, "with A symmetric") makes A a matrix, and then
  ``x^\\top A x`` makes x a vector;
* ``u_0 = v_0 = \\begin{pmatrix} 1 \\\\ 1 \\end{pmatrix}``: names set equal to a column are vectors; a new name at a
  chain's end (``... = v_1``) is defined by it, never refuted;
* ``f(x_1) = ...`` with x_1 defined is a value of f's body, not a new body;
* a name an example gives a value after the text used it generically, and "smallest eigenvalue $\\mu$": a later
  general claim is neither proved nor refuted with the example's value or a free eigenvalue.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symgd.app.audit.run import audit

DOCS = Path(__file__).parent / "audit" / "shapes3"


def _verdicts(name: str) -> list[tuple[int, str, str, str]]:
    a = audit((DOCS / name).read_text(), name, timeout=4)
    return [(r.line, r.verdict, r.link, r.method) for r in a.results]


def _at(rows, line: int, verdict: str | None = None) -> list[tuple[int, str, str, str]]:
    return [r for r in rows if r[0] == line and (verdict is None or r[1] == verdict)]


@pytest.mark.parametrize("name, true_line, false_line", [("symmetric_in_words.md", 9, 13),
                                                         ("symmetric_in_words.txt", 5, 9)])
def test_symmetric_in_words_makes_the_quadratic_form_read(name, true_line, false_line):
    rows = _verdicts(name)
    assert _at(rows, true_line, "proved"), rows  # x^T A^2 x = ||Ax||^2 with x a vector, A symmetric
    assert _at(rows, false_line) and not _at(rows, false_line, "proved"), rows  # the slip: never proved
    assert not [r for r in rows if r[1] == "not checked" and "transpose" in r[3]], rows


def test_no_anchor_keeps_the_refusal():
    rows = _verdicts("no_anchor.md")  # x^T y alone: vectors, or a scalar's transpose? nothing says
    assert rows and all(r[1] == "not checked" and "transpose of a scalar" in r[3] for r in rows), rows


def test_names_equal_to_a_column_are_vectors():
    rows = _verdicts("column_chain.md")
    assert _at(rows, 9, "proved"), rows  # u_0 v_0^T - M
    assert _at(rows, 13, "proved"), rows  # u_0 - eta R_0 v_0
    assert not [r for r in rows if r[1] == "refuted" and r[0] != 17], rows  # "= v_1" defines v_1: not refuted
    assert _at(rows, 17, "refuted"), rows  # the slip in an entry


def test_names_equal_to_a_value_of_unknown_shape_declare_nothing():
    rows = _verdicts("column_chain_unknown.md")
    assert _at(rows, 9, "not checked") and "transpose of a scalar" in _at(rows, 9)[0][3], rows


def test_an_example_value_and_a_worded_eigenvalue_decide_nothing_later():
    rows = _verdicts("example_value.md")
    assert _at(rows, 17) and not _at(rows, 17, "refuted"), rows  # true with mu the smallest eigenvalue
    assert _at(rows, 21) and not _at(rows, 21, "proved"), rows  # true only for the example's A


def test_a_value_at_a_defined_point_keeps_the_body():
    rows = _verdicts("value_at_point.md")  # f(x_1) = 585/512 with x_1 defined: f keeps its body
    assert _at(rows, 15, "proved"), rows
    assert _at(rows, 19) and not _at(rows, 19, "proved"), rows


def test_capitals_in_a_trace_are_matrices():
    rows = _verdicts("trace_capitals.md")
    assert _at(rows, 5, "proved") and _at(rows, 9, "proved"), rows  # cyclic shift; ||A||_F^2 = tr(A^T A)
    assert _at(rows, 13) and not _at(rows, 13, "proved"), rows  # tr(ABC) = tr(BAC): B, C no numbers
    assert _at(rows, 17, "not checked"), rows  # lowercase letters in a trace: still refused


def test_traces_of_rectangular_factors_whose_sizes_match():
    rows = _verdicts("rectangular_traces.md")
    assert _at(rows, 5, "proved") and _at(rows, 7, "proved"), rows
    assert _at(rows, 11) and not _at(rows, 11, "proved"), rows  # the slip with the sizes right
    for line in (15, 19, 25):  # V^T U needs n = m; an identity of unstated size; a rank-one claim after r = 1
        assert _at(rows, line, "not checked") and "rectangular" in _at(rows, line)[0][3], rows


def test_points_of_a_function_on_vectors_are_vectors():
    rows = _verdicts("domain.md")  # f: R^d -> R, then f(y), \nabla f(x): vectors; a 1-D example's f(x) = mu/2 x^2 not
    assert _at(rows, 9, "proved"), rows  # strong monotonicity from strong convexity
    assert _at(rows, 13) and not _at(rows, 13, "proved"), rows  # the doubled constant
    assert _at(rows, 19, "proved"), rows  # x a number in the one-dimensional section


def test_a_matrix_pinned_in_words_is_not_refuted_through_a_trace():
    rows = _verdicts("pinned_in_words.md")  # A given by its rows in words: a value claim about it stays refused
    assert _at(rows, 5, "not checked") and _at(rows, 9, "not checked"), rows


def test_a_function_introduced_again_by_a_property_drops_the_example_body():
    rows = _verdicts("generic_again.md")  # "Now let phi be ... strictly convex" after phi's quadratic example
    assert _at(rows, 9, "proved"), rows  # the body written with phi (D_phi's definition) still holds
    assert _at(rows, 13) and not _at(rows, 13, "proved") and not _at(rows, 13, "refuted"), rows
