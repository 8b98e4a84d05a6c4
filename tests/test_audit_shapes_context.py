"""Shapes read from the context of a document (symgd/app/audit/shapes.py, symgd/latex/shapes.py, tuples.py): what
the text tells about the names makes a link readable; what stays ambiguous is still refused.  Each behaviour has a
true document (proved) and a false twin (refuted, or at least never proved); every value was computed by hand in
the comments."""

from __future__ import annotations

from symgd.app.audit import audit


def _claims(text: str, name: str = "note.md", timeout: float = 2.0) -> dict[str, str]:
    return {r.link: r.verdict for r in audit(text, name, timeout=timeout).results if r.kind == "claim"}


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
def test_a_bare_tuple_before_a_transposed_one_is_a_row() -> None:
    import sympy as sp

    from symgd.latex.problem import parse_problem

    for text, value in ((r"\frac{(2,1)\,(5,4)^\top}{5} = 0", sp.Rational(14, 5)),
                        (r"(5,4)\cdot(14,13)^T = 0", sp.Integer(122)), (r"(1, 2, 3)(1, 0, 1)^T = 0", sp.Integer(4))):
        lhs = parse_problem(text, allow_unused=True).links[0][1].lhs
        assert lhs.shape == (1, 1) and sp.simplify(lhs[0, 0] - value) == 0, (text, lhs)


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


# Section 1: w a vector (a norm). Section 2: f(w) = a/2 (w - c)^2 with c a number: w a scalar there, f'(w) = a(w - c).
# Section 3: w a vector again: ||w - w||^2 = 0 needs nothing, 2 w^T w = 2||w||^2 reads only with w a vector.
ONE_D = r"""# Regularized loss

The objective is $F(w) = f(w) + \frac{\lambda}{2}\|w\|^2$, so

$$\nabla F(w) = \nabla f(w) + \lambda w .$$

# A one-dimensional example

Let $f(w) = \frac{a}{2}(w - c)^2$ with $a > 0$ and $c \in \mathbb{R}$, so that

$$\nabla f(w) = a(w %s c) .$$

# Back to vectors

For every $w$ we have

$$w^\top w = \|w\|^2 .$$
"""


def test_a_definition_whose_body_needs_a_scalar_makes_the_argument_a_scalar_in_its_section() -> None:
    good = _claims(ONE_D % "-", timeout=1.0)
    assert good["\\nabla f(w) = a(w - c)"] == "proved", good
    assert good["w^\\top w = \\|w\\|^2"] == "proved", good  # a vector again in the next section
    bad = _claims(ONE_D % "+", timeout=1.0)
    assert bad["\\nabla f(w) = a(w + c)"] == "refuted", bad


def test_a_declared_vector_is_never_made_a_scalar() -> None:
    from symgd.app.audit import audit

    got = {r.link: r.verdict for r in audit(ONE_D % "-", "note.md", declare={"vectors": ["w"]}, timeout=1.0).results
           if r.kind == "claim"}
    assert got["\\nabla f(w) = a(w - c)"] == "not checked", got


# z_L = b/(a + l) solves a z - b + l z = 0; z_W = b/(a + l/2) is a slip (the equation a z - b + 2 l z = 0 gives
# b/(a + 2l)); z_L - z_W = b l (2 - 1)... with the true z_W = b/(a + 2l): z_L - z_W = b l/((a + l)(a + 2l)).
DERIVED = r"""# Two stationary points

Let $a > 0$, $b > 0$ and $\lambda > 0$. The first iteration stops where its step vanishes, which gives

$$z_L = \frac{b}{a + \lambda} .$$

The second stops where its own step vanishes, which gives

$$z_W = \frac{b}{a + \lambda/2} .$$

Comparing the two,

$$z_L - z_W = \frac{b \lambda}{(a + \lambda)(a + 2\lambda)} .$$
"""


def test_a_refutation_through_a_value_the_text_derives_is_undecided() -> None:
    got = _claims(DERIVED, timeout=0.5)  # refuted by sampling at once: the proof attempts need no long budget
    assert got["z_L - z_W = \\frac{b \\lambda}{(a + \\lambda)(a + 2\\lambda)}"] == "undecided", got
    posited = DERIVED.replace("which gives", "and we define")
    got = _claims(posited, timeout=0.5)
    assert got["z_L - z_W = \\frac{b \\lambda}{(a + \\lambda)(a + 2\\lambda)}"] == "refuted", got


def test_a_function_not_evaluated_in_coordinates_is_never_refuted() -> None:
    from symgd.app.audit import audit

    # f defined in the coordinates of x, and x declared a vector: f's body does not read, and the value f(x_0) = 3
    # (|1| + 2|1|) must not be refuted with f left unevaluated (coords.py)
    doc = "Take $f(x) = |x_1| + 2|x_2|$ and $x_0 = (1, 1)$:\n\n$$f(x_0) = 3 .$$\n"
    got = {r.link: r.verdict for r in audit(doc, "note.md", declare={"vectors": ["x"]}, timeout=2.0).results}
    assert got["f(x_0) = 3"] == "undecided", got


# In one dimension y = a s, so s^T s / s^T y = s^2/(a s^2) = 1/a (and not a).
ONE_DIM = r"""# An example

%s, take $f(x) = \frac{a}{2} x^2$ with $a > 0$. A step $s$ changes the gradient by $y = a s%s, and the step is

$$\frac{s^\top s}{s^\top y} = %s .$$
"""


def test_a_transpose_in_one_dimension_is_the_identity() -> None:
    good = _claims(ONE_DIM % ("In one dimension", "$", "\\frac{1}{a}"))
    assert good == {"\\frac{s s}{s y} = \\frac{1}{a}": "proved"}, good
    bad = _claims(ONE_DIM % ("In one dimension", "$", "a"))
    assert bad == {"\\frac{s s}{s y} = a": "refuted"}, bad


def test_a_transpose_stays_refused_without_one_dimension_or_with_t_a_count() -> None:
    for words, tail in (("In this example", "$"), ("In one dimension", "$ for $T$ steps"),
                        ("For $n = 1$ the bound is tight; in general", "$")):  # a remark sets nothing up
        got = _claims(ONE_DIM % (words, tail, "\\frac{1}{a}"))
        assert set(got.values()) == {"not checked"}, got
