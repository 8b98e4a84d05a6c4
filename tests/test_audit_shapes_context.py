"""Shapes read from the context of a document (symgd/app/audit/shapes.py, symgd/latex/shapes.py, tuples.py): what
the text tells about the names makes a link readable; what stays ambiguous is still refused.  Each behaviour has a
true document (proved) and a false twin (refuted, or at least never proved); every value was computed by hand in
the comments."""

from __future__ import annotations

from symgd.app.audit import audit


def _claims(text: str, name: str = "note.md") -> dict[str, str]:
    return {r.link: r.verdict for r in audit(text, name, timeout=2.0).results if r.kind == "claim"}


# A title block with a LaTeX line break \\[2pt] is no display: the \[ .. \] after it is the display that defines f.
# f(x) = (x_1 - 1)^2 + 3 x_2^2: grad f = (2(x_1 - 1), 6 x_2); at (0, 1): (-2, 6).
TEX = r"""\documentclass{article}
\begin{document}
\begin{center}
{\large Exercise sheet}\\[2pt]
Gradients in coordinates
\end{center}
Let
\[
  f(x) = (x_1 - 1)^2 + 3 x_2^2 .
\]
Then
\begin{equation}
  \nabla f(x) = \bigl(2(x_1 - 1),\; 6 x_2\bigr)
\end{equation}
and at $x^{(0)} = (0, 1)$ we get $\nabla f(x^{(0)}) = (-2, %s)$.
\end{document}
"""


def test_a_line_break_with_spacing_opens_no_display() -> None:
    good = _claims(TEX % "6", "sheet.tex")
    assert good and set(good.values()) == {"proved"}, good
    bad = _claims(TEX % "3", "sheet.tex")
    assert bad["\\nabla f(x^{(0)}) = (-2, 3)"] == "refuted", bad
    assert "proved" not in {v for k, v in bad.items() if "(-2, 3)" in k}


# A = [[2, 1], [1, 2]] = Q diag(3, 1) Q^T with Q = [[1, 1], [1, -1]]/sqrt(2); x_0 = (1, 0) = (q_1 + q_2)/sqrt(2), so
# A^k x_0 = (3^k q_1 + q_2)/sqrt(2) = ((3^k + 1)/2, (3^k - 1)/2); A x_0 = (2, 1), A^2 x_0 = (5, 4).
POWER = r"""# Powers of a matrix

Take

$$A = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}, \qquad x_0 = \begin{pmatrix} 1 \\ 0 \end{pmatrix}.$$

The iteration $x_{k+1} = A x_k$ gives $A x_0 = (2, 1)^T$ and

$$A^2 x_0 = \begin{pmatrix} 5 \\ %s \end{pmatrix}, \qquad A^k x_0 = \frac{1}{2}\begin{pmatrix} 3^k + 1 \\ 3^k %s 1 \end{pmatrix}.$$
"""


def test_a_matrix_to_the_power_of_an_iteration_index_is_a_matrix_power() -> None:
    good = _claims(POWER % ("4", "-"))
    assert good["A^k x_0 = \\frac{1}{2}\\begin{pmatrix} 3^k + 1 \\\\ 3^k - 1 \\end{pmatrix}"] == "proved", good
    assert good["A^2 x_0 = \\begin{pmatrix} 5 \\\\ 4 \\end{pmatrix}"] == "proved", good
    bad = _claims(POWER % ("3", "+"))
    assert bad["A^k x_0 = \\frac{1}{2}\\begin{pmatrix} 3^k + 1 \\\\ 3^k + 1 \\end{pmatrix}"] == "refuted", bad
    assert bad["A^2 x_0 = \\begin{pmatrix} 5 \\\\ 3 \\end{pmatrix}"] == "refuted", bad


def test_a_power_whose_exponent_is_no_index_stays_refused() -> None:
    # s is never a subscript: A^s may be a fractional power (a square root of A for s = 1/2); not read, not guessed
    doc = (POWER % ("4", "-")).replace("A^k x_0", "A^s x_0").replace("3^k", "3^s")
    got = _claims(doc)
    key = next(k for k in got if k.startswith("A^s"))
    assert got[key] == "not checked", got


# Rayleigh quotients by hand: (2, 1).(5, 4) = 14, (5, 4).(14, 13) = 70 + 52 = 122.
ROWS = r"""# Inner products of tuples

The quotients are $q_1 = \frac{(2,1)\,(5,4)^\top}{5} = \frac{%s}{5}$ and $q_2 = \frac{(5,4)\,(14,13)^\top}{41} = \frac{122}{41}$.
"""


def test_a_bare_tuple_before_a_transposed_one_is_a_row() -> None:
    good = _claims(ROWS % "14")
    assert good["\\frac{(2,1) (5,4)^\\top}{5} = \\frac{14}{5}"] == "proved", good
    assert good["\\frac{(5,4) (14,13)^\\top}{41} = \\frac{122}{41}"] == "proved", good
    bad = _claims(ROWS % "13")
    assert bad["\\frac{(2,1) (5,4)^\\top}{5} = \\frac{13}{5}"] == "refuted", bad


def test_two_bare_tuples_or_an_outer_product_are_not_read_as_an_inner_product() -> None:
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    for text in (r"(2,1)(5,4) = 14", r"(2,1)^T(5,4)^T = 14", r"(2,1,0)(5,4)^T = 14",
                 r"(1,2)(3,4)^T = \begin{pmatrix} 3 & 4 \\ 6 & 8 \end{pmatrix}"):
        try:
            parse_problem(text, allow_unused=True)
        except BadInput:
            continue
        raise AssertionError(f"read: {text}")


def test_a_short_line_that_goes_on_with_a_sentence_is_no_heading() -> None:
    from symgd.app.audit.extract import headings

    text = "Intro\n\nThe iterates are\n\n$$x_k = 2^k$$\n\nand in closed form\n\n$$y_k = 3^k$$\n\nA new part\n\nText."
    assert headings(text) == [1, 11]  # not line 7
