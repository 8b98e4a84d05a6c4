"""Relations the audit used to leave unread, read now, each with a true and a false twin (tests/audit/reading/):
a display or a plain-text formula continued on lines that start with a relation, an aligned row that holds the left
side alone, ``\\sqrt\\kappa`` without braces, a function's parameters after a semicolon (``h(x; w)``), relations
annotated with their reason (``\\overset{(i)}{=}``), a sum whose range its formula writes once, ``\\leqslant``,
``x^{\\mathsf T}``, ``{a \\over b}``, GitHub's math blocks, a blog's ``\\\\[ .. \\\\]``, ASCII formula lines of a plain text,
an extremum over an interval, and readings that refuted true relations: ``lr = 0.1`` read as a product l r,
``\\mathbb{E}_\\theta`` with a stated range of theta (the expectation under p_theta, not over theta), plain text's
``E‖u‖²`` (the expectation, not E times a norm).  The twin documents run the audit (forked checks, sampling): marked
slow; the readings themselves are tested directly and fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from symgd.app.audit import audit
from symgd.app.audit.extract import continued_lines, parameter_semicolons
from symgd.core.errors import BadInput
from symgd.latex.problem import parse_problem

TWINS = Path(__file__).parent / "audit" / "reading"


def _verdicts(name: str) -> dict[int, list[str]]:
    a = audit((TWINS / name).read_text(encoding="utf-8"), name, timeout=2)
    out: dict[int, list[str]] = {}
    for r in a.results:
        if r.kind == "claim":
            out.setdefault(r.line, []).append(r.verdict)
    return out


@pytest.mark.parametrize(("body", "rows"), [
    ("a + b\n= c\n\\le d", 1),  # a relation starts the line: the chain goes on
    ("a = b +\nc", 1),  # the line before ends with an operator
    ("a = b\n+ 2c", 1),  # an operator starts a line with no relation of its own
    ("c_1 = 2\nc_2 = 3", 0),  # two formulas: unchanged
    ("x_1 = 2\n-x_2 = 3", 0),  # a line with its own relation after a minus: two formulas, as before
    ("A = \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}\n= B", 1),  # a matrix's rows are no rows of the display
])
def test_continued_lines(body, rows):
    out = continued_lines(body)
    if rows == 0:
        assert out == body
    else:
        assert out.startswith("\\begin{aligned}") and out.count("\n") == body.count("\n")  # lines kept
        assert "\\\\\n" not in out.replace("\\end{pmatrix}", "")  # one row: nothing cut


@pytest.mark.slow
def test_continued_display_and_aligned_rows():
    v = _verdicts("continued.md")
    assert v[6] == ["proved"] and v[8] == ["proved"]  # the chain over three lines, each link on its line
    assert v[14] == ["proved"] and v[16] == ["refuted"]  # its false twin: the slip on the last line
    assert v[24] == ["proved"] and v[26] == ["refuted"]  # "&\qquad = ..." under a row holding the left side alone
    assert 33 not in v and 34 not in v  # c_1 = 2 and c_2 = 3 on two lines: two definitions, not one chain


@pytest.mark.slow
def test_continued_plain_text():
    v = _verdicts("continued.txt")
    assert v[5] == v[6] == v[7] == ["proved"]
    assert v[11] == ["proved"] and v[12] == ["refuted"]
    assert v[16] == ["proved"] and v[19] == ["refuted"]  # a line that ends with "+": the next line goes on


@pytest.mark.parametrize(("latex", "reads"), [
    (r"\sqrt\kappa + 1 = 1 + \sqrt{\kappa}", True),
    (r"\sqrt 2\, x = x \sqrt{2}", True),
    (r"\sqrt x_1 = 1", False),  # TeX: the radical of x with an index on it; meant sqrt(x_1)?
    (r"\sqrt\kappa^2 = \kappa", False),  # (sqrt kappa)^2 as TeX sets it, or sqrt(kappa^2)?
    (r"\sqrt10 = 1", False),  # TeX takes the digit 1 alone
])
def test_one_token_roots(latex, reads):
    if reads:
        p = parse_problem(latex, allow_unused=True)
        assert p.links[0][1].lhs == p.links[0][1].rhs
    else:
        with pytest.raises(BadInput, match="sqrt"):
            parse_problem(latex, allow_unused=True)


@pytest.mark.parametrize(("latex", "spelled"), [
    (r"\ell(w;x_i) + h(x; a; b)", r"\ell(w,x_i) + h(x, a, b)"),
    (r"\left(a; b\right) + (c; d)", r"\left(a; b\right) + (c; d)"),  # no function's arguments
    (r"g = \nabla f(w;\xi)", r"g = \nabla f(w;\xi)"),  # the gradient in w: kept (not in (w, xi))
    (r"F(w) = \mathbb{E}_\xi[f(w;\xi)]", r"F(w) = \mathbb{E}_\xi[f(w;\xi)]"),  # xi random: kept for the expectations
])
def test_semicolon_spelling(latex, spelled):
    assert parameter_semicolons(latex) == spelled


@pytest.mark.slow
def test_roots_and_parameters_twins():
    v = _verdicts("functions.md")
    assert v[6] == ["proved"] and v[10] == ["refuted"]
    assert v[22] == ["proved"] and v[28] == ["refuted"]  # h(x; w) defined, then evaluated at 2 and 0


@pytest.mark.slow
def test_expectation_under_a_parameter_is_never_over_it():
    v = _verdicts("expectation.md")
    assert v[6] != ["refuted"]  # true when x has mean theta: no point mass of theta refutes it
    assert v[10] == ["proved"] and v[14] != ["proved"]  # linearity, and its false twin


@pytest.mark.slow
def test_plain_text_expectation_of_a_norm():
    v = _verdicts("expectation.txt")
    assert v[5] == ["proved"]  # E‖u‖² >= 0 (read as E times a norm it was refuted with E < 0)
    assert v[9] == ["proved"] and v[11] != ["proved"]


@pytest.mark.slow
def test_relations_annotated_with_their_reasons():
    a = audit((TWINS / "annotated.md").read_text(encoding="utf-8"), "annotated.md", timeout=2)
    v = {(r.line, r.verdict) for r in a.results if r.kind == "claim"}
    assert (6, "proved") in v and (6, "refuted") not in v  # \overset{(i)}{=}: a reason, not a definition
    assert (10, "refuted") in v and (10, "proved") in v  # its false twin is refuted (a definition, it was hidden)
    assert (14, "proved") in v and (14, "refuted") in v  # \underbrace{X}_{note} is X
    assert [r.kind for r in a.results if r.line == 18] == ["definition"]  # \overset{\text{def}}{=} defines


@pytest.mark.parametrize(("latex", "kept"), [
    (r"f \overset{!}{=} 0", True), (r"f \overset{?}{=} 0", True), (r"\overset{\circ}{A} = B", True),
    (r"x \overset{(a)}{\le} y", False), (r"x \stackrel{\eqref{e1}}{<} y", False),
])
def test_annotation_marks(latex, kept):
    from symgd.app.audit.extract import annotated_relations

    assert (annotated_relations(latex) == latex) is kept


@pytest.mark.slow
def test_a_sum_takes_the_one_range_its_formula_writes():
    v = _verdicts("sums.md")
    assert v[6] == ["proved"] and v[12] == ["refuted"]
    assert v[18] == ["not checked"]  # two written ranges: which one is not said


@pytest.mark.slow
def test_amsmath_and_plain_tex_spellings():
    v = _verdicts("spellings.tex")
    assert v[5] == ["proved"] and v[8] == ["refuted"]  # x^{\mathsf T} y, x^\intercal y: the transpose
    assert v[11] == ["proved"] and v[14] == ["refuted"]  # {1 \over 2}: TeX's fraction


@pytest.mark.parametrize(("latex", "spelled"), [
    (r"x^{\mathsf T} y", r"x^{\top} y"), (r"A^{\rm T}A", r"A^{\top}A"), (r"x^T y", r"x^T y"),  # italic T: a power?
    (r"\mathop{\mathrm{argmin}}_x f", r"\operatorname*{argmin}_x f"), (r"{a+b \over c}", r"{\frac{a+b}{c}}"),
])
def test_spellings(latex, spelled):
    from symgd.app.audit.macros import standard_spellings

    assert standard_spellings(latex) == spelled


@pytest.mark.slow
@pytest.mark.parametrize(("name", "expected"), [
    ("github.md", {4: ["proved"], 12: ["refuted"]}),  # ```math blocks are displays; a ```python block is code
    ("doubled.md", {4: ["proved"], 7: ["proved"], 9: ["refuted"], 11: ["proved"]}),  # \\[ .. \\], \\( .. \\)
])
def test_markdown_math_delimiters(name, expected):
    assert _verdicts(name) == expected


@pytest.mark.slow
def test_ascii_formula_lines_of_a_plain_text():
    v = _verdicts("ascii.txt")
    assert v[4] == ["proved"] and set(v[6]) == {"proved"} and v[8] == ["proved"] and v[10] == ["refuted"]
    assert 13 not in v and 15 not in v  # lr = 0.1, bs = 32: settings named as in code, never a product l r refuted


@pytest.mark.slow
def test_order_spellings_and_the_line_of_a_continued_row():
    v = _verdicts("orders.tex")
    assert v[6] == ["proved"] and v[7] == ["proved"]  # '&\geqslant 2a + 1' on its own line (a link's >= was placed
    assert v[11] == ["proved"] and v[12] == ["refuted"]  # on the row above); \leqslant, \leqq are \le


@pytest.mark.parametrize(("latex", "value"), [
    (r"\max_{t \in [0, 2]} |1 - t| = 1", True), (r"\max_{t \in [0, 2]} |1 - t| = 2", False),
    (r"\min_{t \in [0, 1]} (2t + 1) = 1", True), (r"\max_{t \in [0, 1]} (2t + 1) = 1", False),
    (r"\max_{t \in [0, 1]} t^2 = 1", True),  # an even power of an affine expression is convex (reading3)
    (r"\max_{t \in [0, 1]} t^3 = 1", None),  # not convex in t as written here: refused, never guessed
    (r"\max_{x \in [a, b]} x = b", None),  # a <= b is what the text means but not known here: refused
])
def test_extremum_over_an_interval(latex, value):
    if value is None:
        with pytest.raises(BadInput, match="over"):
            parse_problem(latex, allow_unused=True)
        return
    link = parse_problem(latex, allow_unused=True).links[0][1]
    assert (link.lhs == link.rhs) is value


@pytest.mark.slow
def test_brackets_written_as_code_are_no_relations():
    v = _verdicts("brackets.txt")
    assert 3 not in v  # 2<x, y> was read as "< x" and "y >" and refuted a correct identity; x^(k+1): label or power?
    assert v[7] == ["proved"] and v[11] == ["refuted"]  # the Unicode spelling, and its slip


@pytest.mark.parametrize(("latex", "spelled"), [
    (r"(a - b)_+ \le 1", r"\max(a - b, 0) \le 1"), (r"\left(x\right)_{+}", r"\max(x, 0)"),
    (r"[1 - t]_+", r"\max(1 - t, 0)"), (r"x_+ = 2", r"x_+ = 2"),  # a name with a label: kept
])
def test_positive_parts(latex, spelled):
    from symgd.app.audit.macros import positive_parts

    assert positive_parts(latex) == spelled


@pytest.mark.slow
def test_positive_part_twins():
    assert _verdicts("positive.md") == {6: ["proved"], 12: ["refuted"]}
