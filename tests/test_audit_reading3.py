"""Reading (reading3): forms that left correct relations of documents unread or unfound, each read in its one
meaning, with a table of input -> reading and a twin pair of documents (a true relation that must now be checked,
a false look-alike that must be refuted, never proved) in tests/audit/reading3/.

- an end-of-proof mark (``∎``, ``□``, ``\\qed``, ``\\blacksquare``) that ends a formula is no part of it; anywhere
  else it is refused (``\\square`` may be an operator);
- ``\\max_{\\lambda \\in \\{\\mu, L\\}} g(\\lambda)``: an extremum over values written out is the extremum of the
  values of g there (a range ``\\{1, \\dots, n\\}`` and an interval keep their own readings);
- ``$$\\begin{align} .. \\end{align}$$`` (MathJax accepts it): the rows of the align, on their own lines;
- ``x_+ = ...``: a name with a sign subscript on the left of ``=`` is a name being defined (the display was unread),
  while ``x_+`` in a claim stays refused (the next point, or the positive part of x?).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from symgd.app.audit import audit
from symgd.app.audit.classify import is_name
from symgd.app.audit.extract import extract
from symgd.core.errors import BadInput
from symgd.latex.problem import parse_problem
from symgd.latex.tokens import tokenize

TWINS = Path(__file__).parent / "audit" / "reading3"


def _sides(latex: str) -> tuple[sp.Expr, sp.Expr]:
    link = parse_problem(latex, allow_unused=True).links[0][1]
    return link.lhs, link.rhs


def _verdicts(name: str) -> dict[int, list[tuple[str, str]]]:
    a = audit((TWINS / name).read_text(encoding="utf-8"), name, timeout=2)
    out: dict[int, list[tuple[str, str]]] = {}
    for r in a.results:
        out.setdefault(r.line, []).append((r.kind, r.verdict))
    return out


@pytest.mark.parametrize(("latex", "tokens"), [
    ("a = b. ∎", ["a", "=", "b", "."]),
    ("a = b \\qquad \\blacksquare", ["a", "=", "b", "qquad"]),
    ("x = y.\\qed", ["x", "=", "y", "."]),
    ("a = b □", ["a", "=", "b"]),
    ("a = \\square f", ["a", "=", "square", "f"]),  # not at the end: left to the parser (an operator?)
])
def test_end_of_proof_marks(latex, tokens):
    assert [t.text for t in tokenize(latex)] == tokens


def test_an_end_mark_inside_a_formula_is_refused():
    with pytest.raises(BadInput, match="end-of-proof mark inside"):
        tokenize("a = b ∎ + c")


@pytest.mark.parametrize(("latex", "value"), [  # the left side at a = 3, b = -1, \mu = 2, L = 5
    (r"\max_{t \in \{0, 2\}} |1 - t| = c", 1),
    (r"\min_{t \in \{1, 2, 3\}} t^2 = c", 1),
    (r"\max_{t \in \{a, b\}} t = c", 3),
    (r"\min_{t \in \{a, b\}} t = c", -1),
    (r"\max_{\lambda \in \{\mu, L\}} |1 - \lambda / 4| = c", sp.Rational(1, 2)),
    (r"\min_{\lambda \in \{\mu, L\}} \lambda = c", 2),
])
def test_extremum_over_values_written_out(latex, value):
    lhs = _sides(latex)[0]
    at = {"a": 3, "b": -1, "\\mu": 2, "L": 5}
    assert lhs.subs({s: at[s.name] for s in lhs.free_symbols}) == value


@pytest.mark.parametrize("latex", [
    r"\max_{t \in \{t, 1\}} t = 1",  # the variable among the values: no reading
    r"\max_{x \in \{a, b\}} x + x = 1",  # x after the extremum: whose x?
    r"\max_{i \in \{1, 2\}} a_i \ge a_1",  # a_i of a family: xreplace of i would leave it (read a_i >= a_1)
    r"\max_{i \in \{1, 2\}} f_i(x) = 1",
])
def test_extremum_over_values_refused(latex):
    with pytest.raises(BadInput):
        parse_problem(latex, allow_unused=True)


def test_extremum_over_an_interval_keeps_its_reading():
    with pytest.raises(BadInput, match="in order"):
        parse_problem(r"\max_{x \in [a, b]} x = b", allow_unused=True)


def test_align_inside_display_dollars():
    text = "Text.\n\n$$\n\\begin{align}\na &= b \\\\\n&\\le c\n\\end{align}\n$$\n"
    (d,) = [d for d in extract(text, "x.md") if d.display]
    assert "\\begin{align}" not in d.latex and "aligned" in d.latex
    assert d.line + d.offset == 5  # the first row's line


def test_end_mark_of_a_display_is_dropped():
    (d,) = extract("$$\n(u+1)^2 = u^2 + 2u + 1. \\qquad \\blacksquare\n$$\n", "x.md")
    assert "blacksquare" not in d.latex and "qquad" not in d.latex


@pytest.mark.parametrize(("text", "name"), [
    ("x_+", True), ("x_-", True), ("x_{+}", True), ("x_+1", False), ("x_-y", False),
    ("x^+", False),  # read by the parser as a name: defined, its point is substituted into claims whose class
    # witness then ignores the step's sign (fresh6 clipping_answer 68 was refuted): left a claim as before
])
def test_sign_labels_are_names(text, name):
    assert is_name(text) is name


def test_sign_label_in_a_claim_stays_refused():
    with pytest.raises(BadInput, match="subscript"):
        parse_problem("x_+ = x", allow_unused=True)


@pytest.mark.parametrize(("name", "true_line", "false_line"), [
    ("end_marks.txt", 5, 9), ("end_marks.md", 4, 10), ("finite_max.md", 5, 11), ("nested_align.md", 6, 15),
    ("next_point.md", 6, 15),
])
def test_twins(name, true_line, false_line):
    v = _verdicts(name)
    assert ("claim", "proved") in v[true_line]
    falses = [verdict for kind, verdict in v[false_line] if kind == "claim"]
    assert falses and "proved" not in falses and "refuted" in falses
    assert all(verdict != "refuted" for line, rows in v.items() if line not in (false_line,) for _, verdict in rows)


@pytest.mark.parametrize(("latex", "read"), [
    (r"\|\nabla f\|^2 = x^\top A^2 x", r"\|\nabla f(x)\|^2 = x^\top A^2 x"),
    (r"\nabla^2 f\,\nabla f = A^2 x", r"\nabla^2 f(x)\,\nabla f(x) = A^2 x"),
    (r"\|\nabla f\|^2 \le 2L(f(x) - f^*)", r"\|\nabla f(x)\|^2 \le 2L(f(x) - f^*)"),  # f at its own variable only
    (r"\nabla f = Ax", r"\nabla f(x) = Ax"),
    (r"\nabla f(y) - \nabla f = A(y - x)", None),  # f at another point too: which is the field's?
    (r"\nabla f = x_k", None),  # the variable not written (x_k is another name)
    (r"\nabla(\|\nabla f\|^2) = 2\nabla^2 f\,\nabla f", None),  # no variable written
    (r"\nabla f_k^\top p_k = x", None),  # f_k: another name
    (r"\nabla g = 2\theta", r"\nabla g(\theta) = 2\theta"),
    (r"\nabla h = 2x", None),  # h defined twice with two variables
])
def test_gradient_field_at_the_variable(latex, read):
    from symgd.app.audit.fields import at_the_variable

    defs = [r"f(x) = \frac12 x^\top A x", r"g(\theta) = \theta^2", "h(x) = x^2", "h(y) = y^2"]
    assert at_the_variable(latex, defs) == (latex if read is None else read)


def test_gradient_field_twins():
    v = _verdicts("field.md")
    assert v[5] == [("claim", "proved")] and v[11] == [("claim", "refuted")]


def test_interval_ends_in_order_when_an_assumption_states_it():
    latex = r"\max_{t \in [a, b]} (1 - t)^2 = c"
    with pytest.raises(BadInput, match="in order"):
        parse_problem(latex, allow_unused=True)
    for stated in (r"a \le b", r"b \ge a", r"0 < a < b"):
        lhs = parse_problem(latex, assume=[stated], allow_unused=True).links[0][1].lhs
        at = {"a": 3, "b": -2}  # the reading itself: the larger of the values at the two ends
        assert lhs.subs({s: at[s.name] for s in lhs.free_symbols}) == 9
    with pytest.raises(BadInput, match="in order"):
        parse_problem(latex, assume=[r"a \le b + 1"], allow_unused=True)


def test_interval_twins():
    v = _verdicts("interval_max.md")
    assert v[5] == [("claim", "proved")] and v[11] == [("claim", "refuted")]
    assert v[19] == [("claim", "not checked")]  # no order stated: refused, never refuted at a > b


def test_extreme_eigenvalue_names_written_before_their_words():
    # names first, then "the extreme eigenvalues": no counterexample may give them values of its own (a negative
    # lambda_min refuted the true line 4 once the extremum over {lambda_min, lambda_max} was read)
    v = _verdicts("extreme_names.md")
    assert [x for k, x in v[4] if k == "claim"] and all(x != "refuted" for k, x in v[4])
    assert [x for k, x in v[8] if k == "claim"] and all(x != "proved" for k, x in v[8])


@pytest.mark.parametrize(("text", "found"), [
    ("the accepted step satisfies\nt ≥ (1 − c)/L whenever L ≥ 2.\n", ["t \\ge  (1 - c)/L", "L \\ge  2"]),
    ("the accepted step satisfies.\nt ≥ (1 − c)/L whenever L ≥ 2.\n", []),  # the sentence before has ended
    ("the accepted step satisfies\n\nt ≥ (1 − c)/L whenever L ≥ 2.\n", []),  # a blank line between
    ("the accepted step satisfies:\nt ≥ (1 − c)/L whenever L ≥ 2.\n", []),  # announced: a formula line's business
    ("so we have\nt ≥ (1 − c)/L\n", []),  # no word of prose on the line: a formula line or nothing
])
def test_a_sentence_that_goes_on_in_the_next_line(text, found):
    from symgd.app.audit.plain import prose_formulas

    assert [latex for _, _, latex in prose_formulas(text, [False] * (len(text) + 1))] == found


def test_sentence_lines_twins():
    v = _verdicts("sentence_lines.txt")
    assert ("claim", "proved") in v[5] and ("claim", "refuted") in v[8]
    assert all(x != "refuted" for line in (3, 4, 5) for _, x in v.get(line, []))


@pytest.mark.parametrize(("body", "left"), [
    ("a² + b² ≥ 2ab    (AM–GM)", "a² + b² ≥ 2ab"),
    ("f(y) ≤ f(x) + ⟨g, y − x⟩   (by convexity).", "f(y) ≤ f(x) + ⟨g, y − x⟩"),
    ("(a + b)² ≥ 4ab,    since (a − b)² ≥ 0.", "(a + b)² ≥ 4ab"),
    ("‖x‖ ≤ 1 because ‖x‖² ≤ 1", "‖x‖ ≤ 1"),
    ("x² ≥ 2x − 1    (ab)", "x² ≥ 2x − 1    (ab)"),  # two letters: a product, not a word
    ("f(x) ≥ 0 for all x", "f(x) ≥ 0 for all x"),  # a condition is kept (the line stays prose)
    ("g = ∇f(x), where x = 1", "g = ∇f(x), where x = 1"),  # a definition clause is kept
])
def test_reasons_after_a_formula_line(body, left):
    from symgd.app.audit.plain import _reasons_off

    assert _reasons_off(body, set()) == left


def test_reasons_twins():
    v = _verdicts("reasons.txt")
    assert all(v[k] == [("claim", "proved")] for k in (5, 9, 13, 15))
    assert v[19] == [("claim", "refuted")] and v[23] == [("claim", "refuted")] and ("claim", "refuted") in v[29]
